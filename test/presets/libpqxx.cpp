// RUN: %check_real_txn %s txn-side-effect-in-transaction,txn-nested-begin %t -- -I/usr/include/postgresql
// The libpqxx preset against the real libpqxx 6.4 headers: pqxx::work is an
// alias of pqxx::transaction<>, matched through its base pqxx::dbtransaction
// on the canonical type; subtransaction is a savepoint; nontransaction is not
// a transaction; commit() is declared in pqxx::transaction_base.
#include <pqxx/pqxx>
#include <thread>
#include <chrono>

void workAlias(pqxx::connection &c) {
  pqxx::work w(c);
  w.exec("UPDATE payments SET status = 'completed'");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'std::this_thread::sleep_for' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  w.commit();
  std::this_thread::sleep_for(std::chrono::seconds(1)); // After commit: fine.
}

void readTransactionAlias(pqxx::connection &c) {
  pqxx::read_transaction r(c);
  std::thread t([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: background task spawned inside an open transaction; it may run before commit: spawn it after commit [txn-side-effect-in-transaction]
  t.join();
}

void nestedWork(pqxx::connection &c) {
  pqxx::work outer(c);
  pqxx::work inner(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: transaction begins on 'c' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  inner.commit();
  outer.commit();
}

void robust(pqxx::connection &c) {
  pqxx::robusttransaction<> r(c);
  pqxx::work w(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: transaction begins on 'c' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  w.commit();
  r.commit();
}

void subtransactionIsASavepoint(pqxx::connection &c) {
  pqxx::work w(c);
  pqxx::subtransaction s(w, "flag"); // A savepoint: no nested begin.
  s.commit();
  w.commit();
}

void nontransactionIsNotATransaction(pqxx::connection &c) {
  pqxx::nontransaction n(c); // Autocommit: nothing is open.
  n.exec("SELECT 1");
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void abortEndsIt(pqxx::connection &c) {
  pqxx::work w(c);
  w.abort();
  std::this_thread::sleep_for(std::chrono::milliseconds(10)); // Rolled back.
}
