// RUN: %check_real_txn %s txn-swallowed-exception %t
// The testing preset against the real Boost.Test headers
// (libboost-test-dev 1.74): BOOST_FAIL and BOOST_TEST_FAIL throw;
// BOOST_ERROR records the failure and goes on.
#include <boost/test/unit_test.hpp>
#include <soci/soci.h>

void failsTheTest(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &e) {
    BOOST_FAIL("delete failed: " << e.what());
  }
  sql.commit();
}

void testFail(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &) {
    BOOST_TEST_FAIL("delete failed");
  }
  sql.commit();
}

void errorAndGoOn(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    BOOST_ERROR("delete failed: " << e.what());
  }
  sql.commit();
}
