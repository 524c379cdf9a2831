// RUN: %check_txn -rules=%S/../Inputs/mock-rules-project.yaml %s txn-side-effect-in-transaction %t -- %mock_args
#include "txn-mock.h"

// A begin that returns bool: where it returned false nothing was begun, so
// the retry loop's sleep and the failure branch's alert are outside any
// transaction (mock-rules-project.yaml: store::Flaky).

void retriesUntilBegun(store::Flaky &s) {
  while (!s.begin())
    sleep(1);
  s.exec("insert into log values (4)");
  s.commit();
}

void alertsWhenBeginFails(store::Flaky &s, net::HttpClient &http) {
  if (!s.begin()) {
    http.post("/alerts", "begin failed");
    return;
  }
  http.post("/capture", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  s.commit();
}

void worksWhenBegun(store::Flaky &s, net::HttpClient &http) {
  if (s.begin()) {
    http.post("/capture", "{}");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
    s.commit();
  } else {
    http.post("/alerts", "begin failed");
  }
}

// A begin whose result is not looked at is open on every path.
void ignoresTheResult(store::Flaky &s) {
  s.begin();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  s.commit();
}

// A callable type named by an alias (mock-rules-project.yaml: receivers
// ::hooks::Notifier): calls of a Notifier are side effects, calls of another
// std::function of the same signature are not.
void notifiesInside(db::Connection &c, hooks::Notifier &notify,
                    const hooks::Formatter &format) {
  db::Transaction t(c);
  c.exec("update orders set state = 'paid'");
  format(7);
  notify(7);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'std::function<void (int)>::operator()' (notify) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
  notify(8);
}

// Transactions written as SQL text (mock-rules-project.yaml: kind sql). The
// literal says what the call does: BEGIN, START TRANSACTION, COMMIT, END,
// ROLLBACK; SAVEPOINT opens a savepoint; other statements are work.
static const char kCommit[] = "COMMIT";

void sqliteTextTransaction(sqlite3 *db, net::HttpClient &http) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE accounts SET balance = 0", nullptr, nullptr, nullptr);
  http.post("/ledger", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  sqlite3_exec(db, kCommit, nullptr, nullptr, nullptr);
  http.post("/receipt", "{}");
}

void rollbackText(sqlite3 *db, net::HttpClient &http) {
  sqlite3_exec(db, "  begin transaction;", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  http.post("/after-rollback", "{}");
}

void methodTextTransaction(store::Sql &conn, net::HttpClient &http) {
  if (!conn.exec(SQL_LITERAL("START TRANSACTION")))
    return;
  conn.exec("SAVEPOINT step");
  conn.exec("RELEASE SAVEPOINT step");
  http.post("/inside", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  conn.exec("END");
  http.post("/outside", "{}");
}

// Text that is not a transaction statement begins nothing.
void notATransaction(store::Sql &conn, net::HttpClient &http) {
  conn.exec("SELECT begin_date FROM events");
  http.post("/events", "{}");
}

// File I/O on a path into Qt's resource system (":/...", "qrc:") reads data
// compiled into the program: not a side effect. A real path beside it is.
namespace qtlike {
typedef long long qint64;
class Device {
public:
  qint64 write(const char *data, qint64 len);
  qint64 write(const char *data);
  bool seek(qint64 pos);
  bool seek(int whence, qint64 pos);
};
class File : public Device {
public:
  File(const char *path);
  bool open(int mode);
};
const char *readAll(const char *path);
} // namespace qtlike

void schemaFromResources(db::Connection &c, const char *userPath) {
  db::Transaction t(c);
  qtlike::File schema(":/create_tags.sql");
  schema.open(1);
  qtlike::readAll("qrc:/select_tag.sql");
  qtlike::File user(userPath);
  user.open(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'qtlike::File::open' (file_io) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

// An overload named by its parameter types: the rules list
// Device::write(const char *, qint64) (File inherits it) and
// seek(long long); the other overloads are not listed.
void overloadByTypes(db::Connection &c, qtlike::File &f) {
  db::Transaction t(c);
  f.write("row", 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'qtlike::Device::write' (file_io) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  f.write("row");
  f.seek(0LL);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'qtlike::Device::seek' (file_io) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  f.seek(0, 0LL);
  t.commit();
}

// Calls on one named global object (mock-rules-project.yaml: objects), and
// a job server that takes a task's name instead of a callable (spawners:
// task_by_name).
namespace app {
class Mailer {
public:
  void send(const char *to);
};
extern Mailer g_mailer;
class JobServer {
public:
  void submit(const char *task, int id);
};
extern JobServer g_jobs;
} // namespace app

void namedObjects(db::Connection &c, app::Mailer &other, app::JobServer &mine) {
  db::Transaction t(c);
  app::g_mailer.send("ops@example.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: call to 'app::Mailer::send' (mail) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  other.send("not the global mailer");
  app::g_jobs.submit("reindex", 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: background task spawned inside an open transaction; it may run before commit: spawn it after commit [txn-side-effect-in-transaction]
  mine.submit("not the global job server", 7);
  t.commit();
  app::g_mailer.send("after commit");
  app::g_jobs.submit("after commit", 7);
}

// The result of a begin kept in a variable: where it is false, nothing was
// begun; where the variable says the transaction is open, it is.
void beganFlag(store::Flaky &s, net::HttpClient &http) {
  bool began = s.begin();
  if (!began) {
    http.post("/alerts", "begin failed");
    return;
  }
  http.post("/capture", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  s.commit();
}

void commitIfBegun(store::Flaky &s, net::HttpClient &http, bool wanted) {
  bool inTransaction = false;
  if (wanted && (inTransaction = s.begin()))
    s.exec("update accounts set balance = 0");
  if (inTransaction && true)
    s.commit();
  http.post("/done", "{}");
}

// A flag that changes while the transaction stays open on every path: its
// branches do not make the transaction "open on some paths" (the branch the
// flag rules out for the first turn is taken on later turns).
void flagInsideTransaction(store::Flaky &s, net::HttpClient &http, int n) {
  if (!s.begin())
    return;
  bool haveHeader = false;
  for (int i = 0; i < n; ++i) {
    http.post("/row", "{}");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
    if (i == 0) {
      if (haveHeader)
        continue;
      haveHeader = true;
    }
    s.exec("insert into rows values (1)");
  }
  s.commit();
}

// Where the kept result of a begin is false, the begin failed: that branch
// runs (here inside another transaction still open), it is not ruled out.
void failedBeginBranchRuns(store::Flaky &s, store::Flaky &audit,
                           net::HttpClient &http) {
  audit.begin();
  bool ok = s.begin();
  if (!ok) {
    http.post("/alerts", "{}");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
    audit.commit();
    return;
  }
  s.commit();
  audit.commit();
}
