// RUN: %check_real_txn %s txn-side-effect-in-transaction,txn-nested-begin %t -- -std=c++11 -I/usr/include/mariadb
// The mysqlpp preset against the real MySQL++ 3.2 headers (which clang parses
// in C++11/14/17 mode but not C++20).
#include <mysql++/mysql++.h>
#include <unistd.h>

void guardSideEffect(mysqlpp::Connection &conn) {
  mysqlpp::Transaction trans(conn);
  conn.query("UPDATE users SET credits = 0").execute();
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  trans.commit();
  ::sleep(1); // After commit.
}

void nested(mysqlpp::Connection &conn) {
  mysqlpp::Transaction outer(conn);
  mysqlpp::Transaction inner(conn);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: transaction begins on 'conn' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  inner.commit();
  outer.rollback();
}
