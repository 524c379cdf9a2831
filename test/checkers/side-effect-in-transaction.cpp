// RUN: %check_txn %s txn-side-effect-in-transaction %t -- %mock_args
// RUN: %check_txn -rules=%S/../Inputs/mock-rules-storage.yaml \
// RUN:   -check-suffixes=,STORAGE %s txn-side-effect-in-transaction %t -- %mock_args
#include "txn-mock.h"

// ---- Violating forms -------------------------------------------------------

void httpCallInside(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  c.exec("update payments set status = 'completed'");
  http.post("/provider/capture", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

void mailInside(db::Connection &c) {
  db::Transaction t(c);
  c.exec("insert into users values (1)");
  mail::sendEmail("a@example.com", "welcome");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'mail::sendEmail' (mail) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

void enqueueInside(db::Connection &c, tasks::Queue &q) {
  db::Transaction t(c);
  c.exec("insert into users values (2)");
  q.enqueue("send_welcome_email");
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'tasks::Queue::enqueue' (enqueue) inside an open transaction; the task may run before commit: enqueue it after commit or use a deferred API [txn-side-effect-in-transaction]
  t.commit();
}

static void notifyModerators() { mail::sendEmail("mods@example.com", "nsfw"); }
static void flagContent() { notifyModerators(); }

void sideEffectThroughChain(db::Connection &c) {
  db::Transaction t(c);
  c.exec("insert into whispers values (1)");
  flagContent();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'flagContent' performs a side effect (mail: 'mail::sendEmail') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

void spawnInside(db::Connection &c) {
  db::Transaction t(c);
  c.exec("insert into jobs values (1)");
  std::thread worker([] { log("work"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: background task spawned inside an open transaction; it may run before commit: spawn it after commit [txn-side-effect-in-transaction]
  worker.detach();
  t.commit();
}

void explicitScope(db::Session &s, net::HttpClient &http) {
  s.begin();
  s.exec("insert into contracts values (1)");
  http.get("/contracts/1/items");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::get' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  s.commit();
}

void callbackBody(db::Connection &c) {
  db::withTransaction(c, [&] {
    c.exec("update users set credits = credits + 10");
    mail::sendEmail("a@example.com", "credits added");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'mail::sendEmail' (mail) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  });
}

void retryingCallbackBody(db::Connection &c, net::HttpClient &http) {
  db::withRetryingTransaction(c, [&] {
    c.exec("update users set credits = credits - 10");
    http.post("/ledger", "{}");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit; the transaction body may be retried and run it again [txn-side-effect-in-transaction]
  });
}

void commitOnOnePathOnly(db::Connection &c, net::HttpClient &http, bool ok) {
  db::Transaction t(c);
  c.exec("update orders set state = 'paid'");
  if (ok)
    t.commit();
  http.post("/receipts", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside a transaction that is open on some paths; move it after commit [txn-side-effect-in-transaction]
}

void sideEffectInLoop(db::Connection &c, net::HttpClient &http, int n) {
  db::Transaction t(c);
  for (int i = 0; i < n; ++i) {
    c.exec("insert into items values (1)");
    http.get("/items");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::get' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  }
  t.commit();
}

void storedLambdaCalledInside(db::Connection &c) {
  auto notify = [] { mail::sendEmail("a@example.com", "done"); };
  db::Transaction t(c);
  c.exec("insert into stories values (1)");
  notify();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'lambda' performs a side effect (mail: 'mail::sendEmail') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

// ---- Compliant forms: nothing fires ------------------------------------------

void sideEffectAfterCommit(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  c.exec("update payments set status = 'completed'");
  t.commit();
  http.post("/receipts", "{}"); // The transaction is over.
}

void sideEffectAfterScope(db::Connection &c) {
  {
    db::Transaction t(c);
    c.exec("insert into users values (3)");
    t.commit();
  }
  mail::sendEmail("a@example.com", "welcome");
}

void sideEffectAfterDestructorRollback(db::Connection &c) {
  {
    db::Transaction t(c); // Rolled back by its destructor.
    c.exec("insert into users values (4)");
  }
  mail::sendEmail("ops@example.com", "nothing was saved");
}

void deferredEnqueue(db::Connection &c, tasks::Queue &q) {
  db::Transaction t(c);
  c.exec("insert into users values (5)");
  q.enqueueOnCommit("send_welcome_email"); // Deferred: runs after commit.
  t.commit();
}

void savepointInsideNoSideEffect(db::Connection &c) {
  db::Transaction t(c);
  {
    db::Savepoint sp(c, "chapter");
    c.exec("insert into chapters values (1)");
    sp.release();
  }
  t.commit();
}

void consume(db::Transaction t);

void movedTransactionCommitted(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  c.exec("insert into blocks values (1)");
  db::Transaction owner(std::move(t));
  owner.commit();
  http.post("/audit", "{}"); // The moved-to transaction is committed.
}

void movedTransactionHandedOff(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  c.exec("insert into blocks values (2)");
  consume(std::move(t)); // The transaction left this function.
  http.post("/audit", "{}");
}

void storedLambdaRunAfterCommit(db::Connection &c) {
  db::Transaction t(c);
  auto notify = [] { mail::sendEmail("a@example.com", "done"); };
  c.exec("insert into stories values (2)");
  t.commit();
  notify(); // Only stored inside; runs after commit.
}

void earlyReturnBeforeSideEffect(db::Connection &c, net::HttpClient &http,
                                 bool bad) {
  db::Transaction t(c);
  if (bad)
    return; // Rolled back.
  c.exec("insert into orders values (1)");
  t.commit();
  http.post("/orders", "{}");
}

void commitOnEveryBranch(db::Connection &c, net::HttpClient &http, bool a) {
  db::Transaction t(c);
  if (a) {
    c.exec("update a");
    t.commit();
  } else {
    c.exec("update b");
    t.commit();
  }
  http.post("/done", "{}");
}

void explicitRolledBack(db::Session &s, net::HttpClient &http) {
  s.begin();
  s.exec("delete from follows");
  s.rollback();
  http.post("/alerts", "{}"); // Already rolled back.
}

void callbackThenSideEffect(db::Connection &c) {
  db::withTransaction(c, [&] { c.exec("update users set credits = 1"); });
  mail::sendEmail("a@example.com", "credits"); // After the callback commits.
}

void sideEffectBeforeBegin(db::Connection &c, net::HttpClient &http) {
  int header = http.get("/contracts/1"); // Fetch first,
  int items = http.get("/contracts/1/items");
  db::Transaction t(c); // then one short transaction.
  c.exec(header && items ? "insert" : "noop");
  t.commit();
}

void spawnAfterCommit(db::Connection &c) {
  db::Transaction t(c);
  c.exec("insert into jobs values (2)");
  t.commit();
  std::thread worker([] { log("work"); });
  worker.detach();
}

// A spawner listed under `types:` spawns by construction only: joining a
// worker started before the transaction, or default-constructing one, is not
// a spawn.
void joinWorkerInside(db::Connection &c) {
  std::thread worker([] { log("work"); });
  std::thread idle;
  db::Transaction t(c);
  c.exec("insert into jobs values (3)");
  worker.join();
  idle.detach();
  t.commit();
}

// ---- Failure paths: from the effect on, the transaction can only roll back --

int replyError(net::HttpClient &http, const char *why) {
  return http.post("/client/error", why);
}

// The handler idiom: an error reply, then the guard rolls back on return.
int errorReplyBeforeRollback(db::Connection &c, net::HttpClient &http, bool ok) {
  db::Transaction t(c);
  c.exec("update collections set name = 'x'");
  if (!ok)
    return http.post("/client/error", "cannot rename");
  c.exec("update collections set parent = 1");
  if (!ok) {
    replyError(http, "cannot move");
    return 1;
  }
  t.commit();
  http.post("/client/ok", "");
  return 0;
}

// An explicit transaction rolled back after the reply.
void errorReplyThenRollback(db::Session &s, net::HttpClient &http, bool ok) {
  s.begin();
  s.exec("delete from tags");
  if (!ok) {
    http.post("/client/error", "delete failed");
    s.rollback();
    return;
  }
  s.commit();
}

// Still inside: the commit is reachable after the effect.
void effectThenCommit(db::Connection &c, net::HttpClient &http, bool ok) {
  db::Transaction t(c);
  c.exec("update collections set name = 'x'");
  if (!ok)
    http.post("/client/warning", "renamed anyway");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

// Still inside: the caller's transaction stays open on return and the
// caller may commit it.
void leavesItOpen(db::Session &s, net::HttpClient &http, bool ok) {
  s.begin();
  s.exec("delete from tags");
  if (!ok) {
    http.post("/client/error", "delete failed");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
    return;
  }
  s.commit();
}

// Still inside: a guard committed on no path at all is not a failure path
// beside a success path.
void neverCommitted(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  c.exec("update collections set name = 'x'");
  http.post("/client/ok", "");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
}

// Still inside: the loop commits a later iteration's guard on the path
// that continues.
void retryLoop(db::Connection &c, net::HttpClient &http, int n) {
  for (int i = 0; i < n; ++i) {
    db::Transaction t(c);
    c.exec("update collections set name = 'x'");
    if (i < n - 1) {
      http.post("/client/retry", "");
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
      continue;
    }
    t.commit();
  }
}

// ---- A storage class named in the rules ------------------------------------
// With mock-rules-storage.yaml (second RUN, -STORAGE lines) its
// begin/commit/rollback come from the rules; its other methods hold business
// logic and are analysed like any other code. Without it, begin() is just a
// method and nothing is open.

namespace store {
class Storage {
public:
  void begin();
  // A catalogued operation: what it does comes from the rules, not from its
  // body, so calling it inside the transaction it ends reports nothing.
  void commit() { audit.post("/audit", "commit"); }
  void rollback();
  void exec(const char *sql);

  void importFeed(net::HttpClient &http) {
    begin();
    exec("delete from feed");
    http.get("/feed");
    // CHECK-MESSAGES-STORAGE: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::get' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
    commit();
  }

  void importFeedFetchedFirst(net::HttpClient &http) {
    int status = http.get("/feed"); // Before the transaction.
    begin();
    exec(status ? "insert" : "noop");
    commit();
  }

private:
  net::HttpClient audit;
};
} // namespace store

// A singleton accessor: what it does the first time (lazy initialization
// under `if (!instance)` on a static) is not what each call does.
namespace lazy {
class Registry {
public:
  static Registry *self();
  static Registry *selfAlwaysRegisters();
};
Registry *Registry::self() {
  static Registry *instance = nullptr;
  if (!instance) {
    net::HttpClient http;
    http.post("/register", "{}");
    instance = new Registry;
  }
  return instance;
}
Registry *Registry::selfAlwaysRegisters() {
  static Registry *instance = nullptr;
  net::HttpClient http;
  http.post("/register", "{}");
  if (!instance)
    instance = new Registry;
  return instance;
}
} // namespace lazy

void usesSingletonInside(db::Connection &c) {
  db::Transaction t(c);
  lazy::Registry::self();
  lazy::Registry::selfAlwaysRegisters();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'lazy::Registry::selfAlwaysRegisters' performs a side effect (network: 'net::HttpClient::HttpClient') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  c.exec("insert into audit values (1)");
  t.commit();
}

// ---- A storage class that is its own session ---------------------------------
// Begun by one method and ended by another on 'this': the caller's object is
// inside a transaction between the two calls.
namespace storage {
class Store : public db::Session {
public:
  void startBatch() { begin(); }
  void finishBatch() { commit(); }
};
} // namespace storage

void mailBetweenBatchCalls(storage::Store &s) {
  s.startBatch();
  mail::sendEmail("ops@example.com", "batch started");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'mail::sendEmail' (mail) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  s.finishBatch();
  mail::sendEmail("ops@example.com", "batch done");
}

// ---- Side effects a bool parameter selects ------------------------------------
// A helper that notifies only under one value of a flag: a caller passing the
// other value as a constant (written, or a default argument) reaches no side
// effect; the flag passed on through a wrapper keeps the condition.
namespace flags {
void allocate(bool tryOnly) {
  if (!tryOnly)
    mail::sendEmail("ops@example.com", "queued");
}
void allocateVia(bool tryOnly) { allocate(tryOnly); }
void tryAllocate() { allocateVia(true); }
int info(net::HttpClient &http, bool resolve = false) {
  if (resolve)
    return http.get("/node/info");
  return 0;
}
void report(net::HttpClient &http, bool quiet) {
  if (quiet) {
  } else {
    http.post("/report", "{}");
  }
}
void reassigned(bool tryOnly) {
  tryOnly = false;
  if (!tryOnly)
    mail::sendEmail("ops@example.com", "always");
}
} // namespace flags

void flagSelectsEffect(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  flags::tryAllocate();
  flags::allocateVia(true);
  flags::info(http);
  flags::report(http, true);
  flags::allocateVia(false);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'flags::allocateVia' performs a side effect (mail: 'mail::sendEmail') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  flags::info(http, true);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'flags::info' performs a side effect (network: 'net::HttpClient::get') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  flags::report(http, false);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'flags::report' performs a side effect (network: 'net::HttpClient::post') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  flags::reassigned(true);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'flags::reassigned' performs a side effect (mail: 'mail::sendEmail') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}
