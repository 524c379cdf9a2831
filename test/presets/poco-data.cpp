// RUN: %check_real_txn %s txn-side-effect-in-transaction,txn-nested-begin %t
// The poco-data preset against the real POCO 1.11 headers: Session::begin/
// commit/rollback (explicit) and Poco::Data::Transaction (RAII).
#include <Poco/Data/Session.h>
#include <Poco/Data/Transaction.h>
#include <unistd.h>

void explicitScope(Poco::Data::Session &s) {
  s.begin();
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  s.commit();
  ::sleep(1); // After commit.
}

void guardNestedInExplicit(Poco::Data::Session &s) {
  s.begin();
  Poco::Data::Transaction t(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: transaction begins on 's' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  t.commit();
  s.commit();
}

void guardRolledBack(Poco::Data::Session &s) {
  Poco::Data::Transaction t(s);
  t.rollback();
  ::usleep(10); // Rolled back.
}

// Constructed with start = false: nothing begins until transact().
void notStarted(Poco::Data::Session &s) {
  Poco::Data::Transaction t(s, false);
  ::sleep(1); // No transaction open yet.
  s.begin();
  s.commit();
}

// Started explicitly with start = true.
void startedExplicitly(Poco::Data::Session &s) {
  s.begin();
  Poco::Data::Transaction t(s, true);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: transaction begins on 's' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  t.commit();
  s.commit();
}

// A transactor: the constructor begins, runs it and commits.
struct InsertPeople {
  void operator()(Poco::Data::Session &s) const;
};
void transactorCommitsInPlace(Poco::Data::Session &s) {
  InsertPeople insert;
  Poco::Data::Transaction t1(s, insert);
  Poco::Data::Transaction t2(s); // t1 is committed: not nested.
  t2.commit();
  ::sleep(1); // After commit.
}

// A transactor inside an open transaction is still a nested begin.
void transactorNested(Poco::Data::Session &s) {
  s.begin();
  InsertPeople insert;
  Poco::Data::Transaction t(s, insert);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: transaction begins on 's' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  s.commit();
}
