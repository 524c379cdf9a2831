// RUN: %check_real_txn %s txn-swallowed-exception %t
// The testing preset against the real CppUnit headers (libcppunit-dev
// 1.15): CPPUNIT_FAIL throws (Asserter::fail, in parentheses);
// a handler that only prints goes on to commit.
#include <cppunit/TestAssert.h>
#include <iostream>
#include <soci/soci.h>

void failsTheTest(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &e) {
    CPPUNIT_FAIL(e.what());
  }
  sql.commit();
}

void printsAndGoesOn(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
    std::cerr << e.what() << "\n";
  }
  sql.commit();
}
