// RUN: %check_txn %s txn-nested-begin %t -- %mock_args
// RUN: %check_txn -rules=%S/../Inputs/mock-rules-project.yaml \
// RUN:   -check-suffixes=,NESTING %s txn-nested-begin %t -- %mock_args
#include "txn-mock.h"

// ---- Violating forms -------------------------------------------------------

void twoGuardsOnOneConnection(db::Connection &c) {
  db::Transaction outer(c);
  db::Transaction inner(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: transaction begins on 'c' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  inner.commit();
  outer.commit();
}

void explicitBeginTwice(db::Session &s) {
  s.begin();
  s.exec("delete from follows");
  s.begin();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: transaction begins on 's' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  s.commit();
}

static void removeFollows(db::Connection &c) {
  db::Transaction t(c);
  c.exec("delete from follows");
  t.commit();
}

void helperBeginsOnSameConnection(db::Connection &c) {
  db::Transaction t(c);
  c.exec("insert into blocks values (1)");
  removeFollows(c);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'removeFollows' begins a transaction on 'c' while another transaction on it is already open [txn-nested-begin]
  // CHECK-NOTES: :[[@LINE-4]]:19: note: outer transaction begins here
  // CHECK-NOTES: :[[@LINE-11]]:19: note: transaction begins here
  t.commit();
}

void callbackInsideOpenTransaction(db::Connection &c) {
  db::Transaction t(c);
  db::withTransaction(c, [&] { c.exec("update users"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begins on 'c' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  t.commit();
}

void beginInsideCallbackBody(db::Connection &c) {
  db::withTransaction(c, [&] {
    db::Transaction t(c);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: transaction begins on 'c' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
    t.commit();
  });
}

void nestedInLoop(db::Connection &c, int n) {
  db::Transaction t(c);
  for (int i = 0; i < n; ++i) {
    db::Transaction item(c);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: transaction begins on 'c' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
    item.commit();
  }
  t.commit();
}

void openOnSomePaths(db::Session &s, bool early) {
  if (early)
    s.begin();
  s.begin();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: transaction begins on 's' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  s.commit();
}

static void innerStep(db::Connection &c) { removeFollows(c); }

void twoLevelsDown(db::Connection &c) {
  db::Transaction t(c);
  innerStep(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'innerStep' begins a transaction on 'c' while another transaction on it is already open [txn-nested-begin]
  t.commit();
}

class Repository {
public:
  void saveAll() {
    db::Transaction t(conn);
    saveOne();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'Repository::saveOne' begins a transaction on 'conn' while another transaction on it is already open [txn-nested-begin]
    t.commit();
  }
  void saveOne() {
    db::Transaction t(conn);
    t.commit();
  }

private:
  db::Connection &conn;
};

void callbackAsNamedLambda(db::Connection &c) {
  db::Transaction t(c);
  auto body = [&] { c.exec("update"); };
  db::withTransaction(c, body);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begins on 'c' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  t.commit();
}

bool keepGoing();

// A loop that may run twice begins again while the first is open.
void beginInOpaqueLoop(db::Session &s) {
  do {
    s.begin();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: transaction begins on 's' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  } while (keepGoing());
  s.commit();
}

// ---- Compliant forms: nothing fires ------------------------------------------

// `do { ... } while (alwaysFalse())`, as test macros write it, runs once.
inline bool alwaysFalse() { return false; }
void beginInRunOnceLoop(db::Session &s) {
  do {
    s.begin();
  } while (alwaysFalse());
  s.commit();
}

void savepointInside(db::Connection &c) {
  db::Transaction t(c);
  db::Savepoint sp(c, "chapters"); // A savepoint nests by design.
  sp.release();
  t.commit();
}

void freshConnectionForSecondTransaction(db::Connection &c) {
  db::Transaction t(c);
  db::Connection audit("audit.db");
  db::Transaction other(audit); // A different, freshly opened session.
  other.commit();
  t.commit();
}

static void writeAuditLog() {
  db::Connection own("audit.db");
  db::Transaction t(own);
  t.commit();
}

void helperOpensItsOwnSession(db::Connection &c) {
  db::Transaction t(c);
  writeAuditLog(); // Begins on its own connection.
  t.commit();
}

void sequentialTransactions(db::Connection &c) {
  db::Transaction first(c);
  first.commit();
  db::Transaction second(c);
  second.commit();
}

void separateScopes(db::Connection &c) {
  {
    db::Transaction first(c); // Rolled back at the brace.
  }
  db::Transaction second(c);
  second.commit();
}

void consumeTransaction(db::Transaction t);

void handedOffThenNew(db::Connection &c) {
  db::Transaction t(c);
  consumeTransaction(std::move(t)); // Ends inside the callee.
  db::Transaction next(c);
  next.commit();
}

void explicitCommitThenBegin(db::Session &s) {
  s.begin();
  s.commit();
  s.begin();
  s.rollback();
}

void helperOnAnotherConnection(db::Connection &c) {
  db::Connection other("other.db");
  db::Transaction t(c);
  removeFollows(other); // Different session.
  t.commit();
}

void earlyReturnThenNew(db::Connection &c, bool bad) {
  db::Transaction t(c);
  if (bad)
    return;
  t.commit();
  db::Transaction next(c);
  next.commit();
}

void temporaryGuardEndsAtFullExpression(db::Connection &c) {
  // A discarded temporary guard in a try begins and rolls back within its
  // full-expression, as in gtest's EXPECT_THROW(SQLite::Transaction(db, bad),
  // ...): a false positive found on the SQLiteCpp corpus.
  try {
    if (true) {
      db::Transaction{c};
    }
  } catch (...) {
  }
  db::Transaction next(c);
  next.commit();
}

void lambdaStoredRunAfterCommit(db::Connection &c) {
  db::Transaction t(c);
  auto later = [&] { removeFollows(c); };
  t.commit();
  later();
}

// A begin only when none is open (rules' `active`: `isActive`) joins the
// open transaction, directly or in a helper (POCO's Transaction::execute).
void joinOrBegin(db::Session &s) {
  if (!s.isActive())
    s.begin();
  s.exec("insert into log values (1)");
}

void joinsDirectly(db::Session &s) {
  s.begin();
  if (!s.isActive())
    s.begin();
  s.commit();
}

void joinsThroughHelper(db::Session &s) {
  s.begin();
  joinOrBegin(s);
  s.commit();
}

// The same begin with no such check nests (the violating form beside it).
void beginAlways(db::Session &s) { s.begin(); }

void nestsThroughHelper(db::Session &s) {
  s.begin();
  beginAlways(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'beginAlways' begins a transaction on 's' while another transaction on it is already open [txn-nested-begin]
  s.commit();
}

// ---- APIs whose nested begin does not nest (rules' on_nested) --------------
// With mock-rules-project.yaml (second RUN, -NESTING lines) store::Counted's
// begin joins an open transaction and store::Layered's opens a savepoint,
// directly and through a call; the default on_nested (error) beside them.

void countedInsert(store::Counted &s) {
  s.begin();
  s.exec("insert into log values (2)");
  s.commit();
}
void layeredStep(store::Layered &s) {
  s.begin();
  s.commit();
}

void countedJoins(store::Counted &s) {
  s.begin();
  s.begin();
  countedInsert(s);
  s.commit();
  s.commit();
}

void layeredNestsAsSavepoint(store::Layered &s) {
  s.begin();
  s.begin();
  layeredStep(s);
  s.commit();
  s.commit();
}

// ---- A bool parameter that selects whether the function begins -------------

void saveRecord(db::Session &s, bool doTransaction) {
  if (doTransaction)
    s.begin();
  s.exec("insert into records values (1)");
  if (doTransaction)
    s.commit();
}

void saveRecordDefault(db::Session &s, bool doTransaction = false) {
  if (doTransaction && s.isActive() == false)
    s.begin();
  s.exec("insert into records values (2)");
  if (doTransaction)
    s.commit();
}

// A wrapper that passes its own flag on: the caller chooses through it.
void saveRecordQuietly(db::Session &s, bool quiet, bool doTransaction = true) {
  saveRecord(s, doTransaction);
}

void saveThroughWrapper(db::Session &s) {
  s.begin();
  saveRecordQuietly(s, true, false); // Told not to begin, through the wrapper.
  saveRecordQuietly(s, false);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'saveRecordQuietly' begins a transaction on 's' while another transaction on it is already open [txn-nested-begin]
  s.commit();
}

void saveInsideCaller(db::Session &s) {
  s.begin();
  saveRecord(s, false);        // Told not to begin.
  saveRecordDefault(s);        // Not by default either.
  saveRecord(s, true);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'saveRecord' begins a transaction on 's' while another transaction on it is already open [txn-nested-begin]
  s.commit();
}

// ---- Flags that say whether a transaction was begun ---------------------------
// (mock-rules-project.yaml, -NESTING lines: store::Flaky's begin returns
// whether it began.) A begin-once flag cleared after the begin: a later
// `doTransaction && begin()` cannot run while that transaction is open, in
// the same pass or the next turn of the loop.

void beginOnce(store::Flaky &s, int n) {
  bool doTransaction = true;
  bool inTransaction = false;
  for (int i = 0; i < n; ++i) {
    if (i % 2) {
      if (doTransaction && (inTransaction = s.begin()))
        doTransaction = false;
      s.exec("update a");
    }
    if (i % 3) {
      if (doTransaction && (inTransaction = s.begin())) {
        doTransaction = false;
      }
      s.exec("update b");
    }
  }
  if (inTransaction)
    s.commit();
}

// The flag set again: the next begin nests.
void flagSetAgain(store::Flaky &s, int n) {
  bool doTransaction = true;
  for (int i = 0; i < n; ++i) {
    if (doTransaction && s.begin())
      // CHECK-MESSAGES-NESTING: :[[@LINE-1]]:28: warning: transaction begins on 's' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
      doTransaction = false;
    doTransaction = i > 3;
  }
  s.commit();
}

// A flag a lambda may change is not followed.
void flagInLambda(store::Flaky &s, int n) {
  bool doTransaction = true;
  auto reset = [&] { doTransaction = true; };
  for (int i = 0; i < n; ++i) {
    if (doTransaction && s.begin())
      // CHECK-MESSAGES-NESTING: :[[@LINE-1]]:28: warning: transaction begins on 's' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
      doTransaction = false;
    reset();
  }
  s.commit();
}

// A flag a call writes through a reference (Qt's `method.invoke(this,
// Q_RETURN_ARG(bool, ok))`) is still followed elsewhere; after that call its
// value is unknown.
void readResult(bool &ok);
void flagWrittenOnOtherBranch(store::Flaky &s, int n) {
  for (int i = 0; i < n; ++i) {
    bool ok = false;
    bool began = false;
    if (i % 2) {
      readResult(ok);
    } else {
      ok = s.begin();
      if (ok) {
        began = true;
        s.exec("update version");
      }
    }
    if (!ok || began)
      s.commit();
  }
}

void flagWrittenAfterBegin(store::Flaky &s, int n) {
  for (int i = 0; i < n; ++i) {
    bool began = s.begin();
    // CHECK-MESSAGES-NESTING: :[[@LINE-1]]:20: warning: transaction begins on 's' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
    readResult(began);
    if (began)
      s.commit();
  }
}

// ---- A storage class that is its own session ---------------------------------
// Its methods begin and end the transaction on 'this' (pdns's DNSBackend):
// a caller names that object as the call's receiver.
namespace storage {
class Store : public db::Session {
public:
  void startBatch() { begin(); }
  void finishBatch() { commit(); }
  void replaceAll();
};

// Ends the caller's transaction on this object before it begins its own, and
// puts one back for the caller to end.
void Store::replaceAll() {
  rollback();
  begin();
  exec("delete from zone");
  commit();
  begin();
}
} // namespace storage

void storeBeginsTwice(storage::Store &s) {
  s.begin();
  s.startBatch();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'storage::Store::startBatch' begins a transaction on 's' while another transaction on it is already open [txn-nested-begin]
  s.commit();
}

// Another store's batch does not nest in this one's transaction.
void otherStoreDoesNotNest(storage::Store &a, storage::Store &b) {
  a.begin();
  b.startBatch();
  b.finishBatch();
  a.commit();
}

// replaceAll ends s's transaction before it begins: not nested.
void storeReplacesAll(storage::Store &s) {
  s.begin();
  s.replaceAll();
  s.commit();
}
