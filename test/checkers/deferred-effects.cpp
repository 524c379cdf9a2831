// RUN: %check_txn -rules=%S/../Inputs/mock-rules-deferred.yaml %s txn-side-effect-in-transaction,txn-nested-begin %t -- %mock_args
//
// Deferral to commit: `if (s.isActive()) queue(); else send();`. What runs
// only where an `active` method said no transaction is open on a session of
// its class does not run while one is open on every path: a caller inside
// such a transaction only queues. The same for an ambient journal whose
// guard names its session's class (`session_type`).
#include "txn-mock.h"

namespace files {
// A per-thread log of file operations, replayed by commit().
class Journal {
public:
  static Journal *self();
  bool begin();
  bool commit();
  bool rollback();
  bool inJournal() const;
  void log(const char *path);
  // Removes the file now, or logs it while a journal is open.
  bool removeFile(const char *path, net::HttpClient &store) {
    if (inJournal()) {
      log(path);
      return true;
    }
    return store.post("/delete", path) == 0;
  }
};
// Begins the journal of this thread; rolls it back unless committed.
class JournalGuard {
public:
  JournalGuard();
  ~JournalGuard();
  bool commit();
};
} // namespace files

// Sends now outside a transaction, queues inside one (both branch forms).
struct Notifier {
  db::Session &s;
  net::HttpClient &http;
  void queue(const char *what);
  void notify(const char *what) {
    if (s.isActive())
      queue(what);
    else
      http.post("/notify", what);
  }
  void notifyEarlyReturn(const char *what) {
    if (s.isActive()) {
      queue(what);
      return;
    }
    mail::sendEmail("ops@example.com", what);
  }
  // Sends while a transaction is open: the branch is the wrong way round.
  void notifyInverted(const char *what) {
    if (!s.isActive())
      queue(what);
    else
      http.post("/notify", what);
  }
};

void purge(net::HttpClient &store) {
  files::Journal::self()->removeFile("/var/spool/a", store);
}

// ---- Compliant: the effect is deferred to the commit ----------------------

void notifyInside(db::Session &s, Notifier &n) {
  s.begin();
  s.exec("update items set state = 1");
  n.notify("changed");
  n.notifyEarlyReturn("changed");
  s.commit();
}

void deferredInPlace(db::Session &s, net::HttpClient &http) {
  s.begin();
  s.exec("update items set state = 2");
  if (!s.isActive())
    http.post("/notify", "now");
  s.commit();
}

// The journal is open: removeFile only logs, also through a call. The
// journal's guard on its own session does not nest in the database's
// transaction.
void deleteWithJournal(db::Connection &c, net::HttpClient &store) {
  db::Transaction t(c);
  files::JournalGuard j;
  c.exec("delete from parts");
  purge(store);
  t.commit();
  j.commit();
}

// ---- Violating: the effect runs while the transaction is open -------------

void notifyInvertedInside(db::Session &s, Notifier &n) {
  s.begin();
  n.notifyInverted("changed");
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'Notifier::notifyInverted' performs a side effect (network: 'net::HttpClient::post') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  s.commit();
}

// Deferred only while a db::Session transaction is open: inside a
// db::Transaction on a connection it sends at once.
void notifyInsideOtherSession(db::Connection &c, Notifier &n) {
  db::Transaction t(c);
  c.exec("update items set state = 3");
  n.notify("changed");
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'Notifier::notify' performs a side effect (network: 'net::HttpClient::post') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

// No journal open: the file goes at once, inside the database transaction.
void deleteWithoutJournal(db::Connection &c, net::HttpClient &store) {
  db::Transaction t(c);
  c.exec("delete from parts");
  purge(store);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'purge' performs a side effect (network: 'net::HttpClient::post') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

// ---- A helper called only inside its callers' journal ---------------------

// Every call of it is made with the journal open: removeFile only logs,
// though the helper opens no journal itself. Its own database transaction
// does not nest in the journal (another session's class).
static void recoverInside(db::Connection &c, net::HttpClient &store) {
  db::Transaction t(c);
  c.exec("delete from items");
  purge(store);
  t.commit();
}

void callsRecoverInJournal(db::Connection &c, net::HttpClient &store) {
  files::JournalGuard j;
  recoverInside(c, store);
  j.commit();
}

// Called once with the journal open and once without: the file may go at
// once, inside the helper's transaction.
static void recoverSometimes(db::Connection &c, net::HttpClient &store) {
  db::Transaction t(c);
  c.exec("delete from items");
  purge(store);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'purge' performs a side effect (network: 'net::HttpClient::post') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

void callsSometimesInJournal(db::Connection &c, net::HttpClient &store) {
  files::JournalGuard j;
  recoverSometimes(c, store);
  j.commit();
}

void callsSometimesWithout(db::Connection &c, net::HttpClient &store) {
  recoverSometimes(c, store);
}
