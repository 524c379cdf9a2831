// RUN: %check_txn %s txn-background-session-reuse %t -- %mock_args
#include "txn-mock.h"

void processBatch(db::Connection &c, int id);
void processById(int id);
void processByPath(const char *path, int id);

// ---- Violating forms -------------------------------------------------------

void capturesByReference(db::Connection &c) {
  std::thread task([&c] { c.exec("update tasks set status = 'processing'"); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: background task captures session 'c' of the caller by reference; open a new session inside the task [txn-background-session-reuse]
  // CHECK-NOTES: :[[@LINE-2]]:22: note: 'c' captured here
  task.detach();
}

void capturesPointerByCopy(db::Connection *c) {
  std::thread task([c] { c->exec("update tasks"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: background task captures session 'c' of the caller by copy; open a new session inside the task [txn-background-session-reuse]
  task.detach();
}

void defaultCaptureByReference(db::Connection &c) {
  std::thread task([&] { c.exec("update tasks"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: background task captures session 'c' of the caller by reference; open a new session inside the task [txn-background-session-reuse]
  task.detach();
}

void passedWithStdRef(db::Connection &c) {
  std::thread task(processBatch, std::ref(c), 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: session 'c' passed to a background task; open a new session inside the task [txn-background-session-reuse]
  task.detach();
}

void passedAsPointer(db::Connection &c) {
  std::thread task([](db::Connection *p) { p->exec("x"); }, &c);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: session 'c' passed to a background task; open a new session inside the task [txn-background-session-reuse]
  task.detach();
}

class Router {
public:
  void handle() {
    std::thread task([this] { db.exec("update tasks"); });
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: background task uses session member 'db' of the caller through 'this'; open a new session inside the task [txn-background-session-reuse]
    task.detach();
  }

private:
  db::Connection &db;
};

void namedLambdaCapturesSession(db::Connection &c) {
  auto work = [&c] { c.exec("update tasks"); };
  std::thread task(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: background task captures session 'c' of the caller by reference; open a new session inside the task [txn-background-session-reuse]
  task.detach();
}

void capturesTransaction(db::Connection &c) {
  db::Transaction t(c);
  std::thread task([&t] { t.commit(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: background task captures session 't' of the caller by reference; open a new session inside the task [txn-background-session-reuse]
  task.join();
}

void initCaptureOfAddress(db::Connection &c) {
  std::thread task([conn = &c] { conn->exec("update tasks"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: background task captures session 'conn' of the caller by copy; open a new session inside the task [txn-background-session-reuse]
  task.detach();
}

namespace jobs {
// Background by the name rule, yet borrows the caller's session.
void runReindex(db::Connection &c, int id) {
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: background task 'jobs::runReindex' takes session parameter 'c'; open its own session inside the task [txn-background-session-reuse]
  c.exec("reindex");
}
} // namespace jobs

// ---- Compliant forms: nothing fires ------------------------------------------

void opensOwnSession(int id) {
  std::thread task([id] {
    db::Connection own("tasks.db"); // Its own session.
    db::Transaction t(own);
    own.exec("update tasks set status = 'done'");
    t.commit();
  });
  task.detach();
}

void capturesOnlyPath(const char *path, int id) {
  std::thread task([path, id] {
    db::Connection own(path);
    own.exec("update tasks");
  });
  task.detach();
}

void functionWithPlainArguments(int id) {
  std::thread task(processById, id);
  task.detach();
}

void functionWithPathArgument(const char *path) {
  std::thread task(processByPath, path, 3);
  task.detach();
}

class Worker {
public:
  void start() {
    std::thread task([this] { count = count + 1; }); // Not a session member.
    task.detach();
  }

private:
  int count = 0;
};

namespace jobs {
void runCleanup(const char *path) { // Background with no session parameter.
  db::Connection own(path);
  own.exec("delete from tmp");
}
} // namespace jobs

void callerKeepsItsSession(db::Connection &c, int id) {
  std::thread task(processById, id);
  c.exec("update requests"); // The caller uses its session itself.
  task.detach();
}

void defaultConstructedThread() {
  std::thread idle; // Nothing spawned.
}

void lambdaNotSpawned(db::Connection &c) {
  auto now = [&c] { c.exec("update now"); };
  now(); // Runs here, in the caller.
}

void capturesQueueOnly(tasks::Queue &q) {
  std::thread task([&q] { q.enqueue("later"); });
  task.detach();
}

// A method run on this object by the spawner (std::thread(&C::f, this), as
// QtConcurrent::run(this, &C::f)): the session members its body uses.
class Importer {
public:
  void start() {
    std::thread worker(&Importer::importAll, this);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: background task 'Importer::importAll' uses session member 'conn_' of the caller through 'this'; open a new session inside the task [txn-background-session-reuse]
    // CHECK-NOTES: :[[@LINE+8]]:5: note: 'conn_' used here
    worker.detach();
    std::thread own(&Importer::importWithOwnSession, this);
    own.detach();
  }

private:
  void importAll() {
    conn_.exec("insert into imports values (1)");
  }
  void importWithOwnSession() {
    db::Connection mine("imports.db");
    mine.exec("insert into imports values (2)");
  }
  db::Connection conn_{"app.db"};
};

// ---- A task started from several places ---------------------------------------
// jobs::runArchive is background by the name rule and takes its session as a
// parameter. It is spawned here, so it is judged where it is spawned: the
// spawn that hands over the caller's session is wrong, the ones that hand
// over a session made for the task are not, and its definition is silent.
namespace jobs {
void runArchive(db::Connection &c, int id) { c.exec("archive"); }
} // namespace jobs

void archiveWithCallersSession(db::Connection &c) {
  std::thread task(jobs::runArchive, std::ref(c), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: session 'c' passed to a background task; open a new session inside the task [txn-background-session-reuse]
  task.detach();
}

void archiveWithNewSession() {
  std::thread task(jobs::runArchive, db::Connection("archive.db"), 2);
  task.detach();
}

void archiveWithSessionOnHeap() {
  std::thread task(jobs::runArchive, new db::Connection("archive.db"), 3);
  task.detach();
}

void archiveWithMovedSession() {
  db::Connection own("archive.db");
  std::thread task(jobs::runArchive, std::move(own), 4);
  task.detach();
}

void movedCallersSession(db::Connection &c) {
  std::thread task(jobs::runArchive, std::move(c), 5);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: session 'c' passed to a background task; open a new session inside the task [txn-background-session-reuse]
  task.detach();
}

void initCaptureOfNewSession() {
  std::thread task([conn = db::Connection("tasks.db")]() mutable {
    conn.exec("update tasks");
  });
  task.detach();
}
