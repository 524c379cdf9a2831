// RUN: %check_real_txn %s txn-side-effect-in-transaction,txn-nested-begin %t
// The cppdb preset against the real CppDB 0.3 headers: cppdb::transaction
// (RAII) and session::begin/commit/rollback (explicit).
#include <cppdb/frontend.h>
#include <unistd.h>

void guardSideEffect(cppdb::session &sql) {
  cppdb::transaction guard(sql);
  sql << "UPDATE users SET credits = 0" << cppdb::exec;
  ::usleep(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'usleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  guard.commit();
}

void explicitThenGuard(cppdb::session &sql) {
  sql.begin();
  cppdb::transaction guard(sql);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: transaction begins on 'sql' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  guard.commit();
  sql.commit();
  ::usleep(100); // After commit.
}
