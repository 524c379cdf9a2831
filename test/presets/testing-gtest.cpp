// RUN: %check_real_txn %s txn-swallowed-exception %t
// The testing preset against the real GoogleTest headers (libgtest-dev
// 1.12): a handler that fails the test with FAIL() does not swallow the
// exception; one that only records a non-fatal failure and goes on to
// commit does.
#include <gtest/gtest.h>
#include <soci/soci.h>

void failsTheTest(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &e) {
    FAIL() << e.what();
  }
  sql.commit();
}

void failsTheTestAt(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &) {
    GTEST_FAIL_AT("fixture.cpp", 12);
  }
  sql.commit();
}

void recordsAndGoesOn(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    ADD_FAILURE() << e.what();
  }
  sql.commit();
}
