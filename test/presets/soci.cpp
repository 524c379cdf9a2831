// RUN: %check_real_txn %s txn-side-effect-in-transaction,txn-nested-begin,txn-swallowed-exception %t
// The soci preset against the real SOCI 4.0 headers: soci::transaction
// (RAII) and session::begin/commit/rollback (explicit).
#include <soci/session.h>
#include <soci/soci-backend.h>
#include <soci/transaction.h>
#include <chrono>
#include <thread>

void guardSideEffect(soci::session &sql) {
  soci::transaction tr(sql);
  sql.once << "UPDATE users SET credits = credits - 1";
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'std::this_thread::sleep_for' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  tr.commit();
  std::this_thread::sleep_for(std::chrono::milliseconds(1)); // After commit.
}

void explicitNested(soci::session &sql) {
  sql.begin();
  soci::transaction tr(sql);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: transaction begins on 'sql' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  tr.commit();
  sql.commit();
}

void explicitSwallowed(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
  }
  sql.commit();
}

void explicitRolledBack(soci::session &sql) {
  sql.begin();
  try {
    sql.once << "DELETE FROM follows";
  } catch (const soci::soci_error &) {
    sql.rollback();
    throw;
  }
  sql.commit();
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
