// RUN: %check_txn -rules=%S/../Inputs/mock-rules-units.yaml %s txn-side-effect-in-transaction,txn-nested-begin,txn-swallowed-exception %t -- %mock_args
#include "txn-mock.h"

// A guard made unstarted (start_arg: false) begins with its own begin(),
// and begins again after its commit.
void guardBeginsLater(store::Counted &c) {
  store::Unit u(c, false);
  sleep(1); // Unstarted: nothing open.
  u.begin();
  u.exec("insert into jobs values (1)");
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  u.commit();
  sleep(1); // Committed.
  u.begin();
  u.exec("insert into jobs values (2)");
  u.commit();
}

// Commit-and-continue: the next unit is open at once.
void guardContinues(store::Counted &c) {
  store::Unit u(c);
  u.exec("insert into jobs values (1)");
  u.commitAndContinue();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  u.commit();
}

// The session's commit-and-continue is not a nested begin, and what
// follows is inside the next unit.
void batchContinues(store::Batch &b) {
  b.begin();
  for (int i = 0; i < 10; ++i) {
    b.exec("insert into jobs values (1)");
    b.commitAndBegin();
  }
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  b.commit();
}

// A second begin is still nested.
void batchNested(store::Batch &b) {
  b.begin();
  b.begin();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: transaction begins on 'b' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  b.commit();
}

// Read-only methods leave nothing half done: a handler that swallows their
// failure is fine; one that swallows a write's failure is not.
int readOnlyTry(store::Batch &b) {
  int n = 0;
  b.begin();
  try {
    n = b.count("select count(*) from jobs");
  } catch (...) {
    n = -1;
  }
  b.exec("insert into jobs values (1)");
  b.commit();
  return n;
}

void writeTry(store::Batch &b) {
  b.begin();
  try {
    b.exec("insert into jobs values (1)");
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    log("insert failed");
  }
  b.commit();
}

// SQL text that only reads (SELECT) is not work either.
bool selectTry(store::Sql &s) {
  bool found = false;
  s.exec("BEGIN");
  try {
    found = s.exec("SELECT 1 FROM jobs WHERE id = 1");
  } catch (...) {
    found = false;
  }
  s.exec("COMMIT");
  return found;
}

void updateTry(store::Sql &s) {
  s.exec("BEGIN");
  try {
    s.exec("UPDATE jobs SET done = 1");
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
  }
  s.exec("COMMIT");
}

// An error helper rolls back whatever is open: after it, nothing is.
void errorHelper(store::Batch &b, bool ok) {
  b.begin();
  b.exec("insert into jobs values (1)");
  if (!ok) {
    store::failRequest("insert refused");
    sleep(1);
    return;
  }
  b.commit();
}

void errorHelperInHandler(store::Batch &b) {
  b.begin();
  try {
    b.exec("insert into jobs values (1)");
  } catch (...) {
    store::failRequest("insert failed");
  }
  b.commit();
}
