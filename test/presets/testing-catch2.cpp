// RUN: %check_real_txn %s txn-swallowed-exception %t
// The testing preset against the real Catch2 header (catch2 2.13): FAIL()
// throws, FAIL_CHECK() records the failure and goes on.
#include <catch2/catch.hpp>
#include <soci/soci.h>

void failsTheTest(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &e) {
    FAIL("delete failed: " << e.what());
  }
  sql.commit();
}

void failsAndGoesOn(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    FAIL_CHECK("delete failed: " << e.what());
  }
  sql.commit();
}
