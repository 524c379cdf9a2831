// RUN: %check_txn %s txn-swallowed-exception %t -- %mock_args
#include "txn-mock.h"

struct AppError {};
[[noreturn]] void fatal(const char *why);
int parseAmount(const char *text);
namespace harness {
void fail(const char *why); // Throws; named in mock-rules.yaml `noreturn:`.
void warn(const char *why); // Returns.
} // namespace harness
void markOk(bool &flag) noexcept;

// Helpers of this translation unit: one always throws (directly or through
// another), one throws on some paths only.
void rethrowAs(const char *why) {
  log(why);
  throw 42;
}
void failLoudly(const char *why) { rethrowAs(why); }
void throwIf(bool failed) {
  if (failed)
    throw 42;
}

// A repository holding the session: its methods do database work although
// no session is passed at the call.
struct CreditRepository {
  db::Connection &c;
  void deduct() { c.exec("update users set credits = credits - 10"); }
};

// ---- Violating forms -------------------------------------------------------

void catchAllThenCommit(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("update users set credits = credits - 10");
    c.exec("insert into credit_log values (1)");
  } catch (...) {
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    // CHECK-NOTES: :[[@LINE-6]]:19: note: transaction begins here
    log("deduct failed");
  }
  t.commit();
}

void catchExceptionThenCommit(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("update payments set status = 'completed'");
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    log(e.what());
  }
  t.commit();
}

void explicitBeginInsideTry(db::Session &s) {
  try {
    s.begin();
    s.exec("delete from follows");
    s.commit();
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    log("block failed");
  }
}

void databaseWorkThroughRepository(db::Connection &c) {
  CreditRepository repo{c};
  db::Transaction t(c);
  try {
    repo.deduct();
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    log("deduct failed");
  }
  t.commit();
}

void callbackBodySwallows(db::Connection &c) {
  db::withTransaction(c, [&] {
    try {
      c.exec("update users set credits = credits + 10");
    } catch (...) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
      log("ignored");
    }
  });
}

void conditionalRethrow(db::Connection &c, bool strict) {
  db::Transaction t(c);
  try {
    c.exec("insert into chapters values (1)");
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    if (strict)
      throw;
  }
  t.commit();
}

void secondHandlerSwallows(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into whispers values (1)");
  } catch (const AppError &) {
    throw;
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    log("swallowed");
  }
  t.commit();
}

void explicitOpenBeforeTry(db::Session &s) {
  s.begin();
  try {
    s.exec("insert into contracts values (1)");
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    log("items failed");
  }
  s.commit();
}

void swallowInLoop(db::Connection &c, int n) {
  db::Transaction t(c);
  for (int i = 0; i < n; ++i) {
    try {
      c.exec("insert into items values (1)");
    } catch (...) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
      continue;
    }
  }
  t.commit();
}

// A session of this function, committed after the handler.
void localSessionCommitsAfter() {
  db::Session s;
  s.begin();
  try {
    s.exec("delete from follows");
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    log("failed");
  }
  s.commit();
}

// A harness function that returns does not end the handler.
void handlerWarnsOnly(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into people values (1)");
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    harness::warn("insert failed");
  }
  t.commit();
}

// A helper that throws on some paths only may return: the handler can end.
void handlerCallsHelperThatMayReturn(db::Connection &c, bool strict) {
  db::Transaction t(c);
  try {
    c.exec("insert into people values (1)");
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    throwIf(strict);
  }
  t.commit();
}

// ---- Compliant forms: nothing fires ------------------------------------------

// The handler ends in a function the rules say never returns (POCO's
// CppUnit fail(), defined in another translation unit).
void handlerFailsTheTest(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into people values (1)");
  } catch (...) {
    harness::fail("insert failed");
  }
  t.commit();
}

// A session of this function with nothing committing after the handler: its
// transaction ends, uncommitted, when the session is destroyed.
void localSessionEndsItsTransaction() {
  db::Session s;
  s.begin();
  try {
    s.exec("delete from follows");
  } catch (...) {
    log("failed");
  }
}

// The exception can only come from the begin itself: nothing has begun
// (soci's C wrapper records the error this way).
void beginFailureRecorded(db::Session &s, bool &ok) {
  try {
    s.begin();
    ok = true;
    markOk(ok); // noexcept: cannot throw with the transaction open.
  } catch (...) {
    ok = false;
  }
}

// The begin is the only database call in the try: whatever throws after it
// (a test framework recording "did not throw") leaves no work half done.
void recordResult();
void expectedBeginFailure(db::Session &s) {
  try {
    s.begin();
    recordResult();
  } catch (...) {
    recordResult();
  }
  s.commit();
}

// No database work in the try body: the exception leaves the unit of work
// as written (a test framework's CHECK around a comparison, a parse).
void noDatabaseWorkInTry(db::Connection &c, const char *text) {
  db::Transaction t(c);
  c.exec("insert into payments values (1)");
  int amount = 0;
  try {
    amount = parseAmount(text);
  } catch (...) {
    log("bad amount; using 0");
  }
  c.exec(amount ? "update payments" : "noop");
  t.commit();
}

void rethrows(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into stories values (1)");
  } catch (...) {
    log("story failed");
    throw; // Propagates: the destructor rolls back.
  }
  t.commit();
}

void throwsAnother(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into stories values (2)");
  } catch (const std::exception &) {
    throw AppError{};
  }
  t.commit();
}

void rollsBackGuard(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into stories values (3)");
  } catch (...) {
    t.rollback();
    return;
  }
  t.commit();
}

void rollsBackExplicit(db::Session &s) {
  s.begin();
  try {
    s.exec("insert into blocks values (1)");
  } catch (...) {
    s.rollback();
    log("rolled back");
    return;
  }
  s.commit();
}

void returnsFromHandler(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into users values (1)");
  } catch (...) {
    log("failed");
    return; // The guard rolls back on the way out.
  }
  t.commit();
}

void tryOutsideTransaction(db::Connection &c, net::HttpClient &http) {
  int header = 0;
  try {
    header = http.get("/contracts/1");
  } catch (...) {
    log("fetch failed");
  }
  db::Transaction t(c);
  c.exec(header ? "insert" : "noop");
  t.commit();
}

void guardsNestedSavepoint(db::Connection &c) {
  db::Transaction t(c);
  c.exec("insert into whispers values (2)");
  try {
    db::Savepoint sp(c, "nsfw_flag"); // Rolled back when the exception leaves.
    c.exec("insert into nsfw_flags values (1)");
    sp.release();
  } catch (...) {
    log("flag failed; whisper kept");
  }
  t.commit();
}

void rollsBackSavepoint(db::Connection &c, db::Savepoint &sp) {
  db::Transaction t(c);
  try {
    c.exec("insert into reports values (1)");
  } catch (...) {
    sp.rollback();
  }
  t.commit();
}

void tryAfterCommit(db::Connection &c) {
  db::Transaction t(c);
  c.exec("insert into payments values (1)");
  t.commit();
  try {
    mail::sendEmail("a@example.com", "paid");
  } catch (...) {
    log("mail failed; payment already committed");
  }
}

// The handler ends in a function that never returns by its summary.
void handlerCallsAlwaysThrowingHelper(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into credits values (1)");
  } catch (...) {
    failLoudly("insert failed");
  }
  t.commit();
}

void handlerIsNoReturn(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into credits values (1)");
  } catch (...) {
    fatal("cannot continue");
  }
  t.commit();
}

void savepointRolledBackAfterHandler(db::Connection &c) {
  db::Transaction t(c);
  db::Savepoint sp(c, "probe");
  try {
    c.exec("SELECT * FROM nonexistent_table"); // Expected to fail.
  } catch (...) {
    log("failed as expected"); // Swallowed while the savepoint is innermost,
  }
  sp.rollback(); // but the savepoint is rolled back before any commit
  t.commit();    // (libpqxx test88.cxx, found on the libpqxx corpus).
}

void noCommitAfterHandler(db::Connection &c) {
  db::Transaction t(c);
  try {
    c.exec("insert into drafts values (1)");
  } catch (...) {
    log("draft failed");
  }
  // No commit: the guard rolls back at the end of the scope.
}

// The handler rolls back inside a nested try (the rollback may itself throw):
// the nested handler guards the rollback, not database work.
void rollbackInNestedTry(db::Session &s) {
  s.begin();
  try {
    s.exec("insert into orders values (1)");
  } catch (...) {
    try {
      s.rollback();
    } catch (...) {
      log("rollback failed");
    }
    return;
  }
  s.commit();
}

// The handler rolls back through a helper that ends the transaction it is
// handed (an error helper).
void abortAndLog(db::Session &s, const char *why) {
  s.rollback();
  log(why);
}
void rollbackThroughHelper(db::Session &s) {
  s.begin();
  try {
    s.exec("insert into orders values (2)");
  } catch (...) {
    abortAndLog(s, "insert failed");
  }
  s.commit();
}

// A helper that only logs is no rollback (the violating form beside it).
void rollbackForgottenInHelper(db::Session &s) {
  s.begin();
  try {
    s.exec("insert into orders values (3)");
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    harness::warn("insert failed");
  }
  s.commit();
}
