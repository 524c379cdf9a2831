// RUN: %check_real_txn %s txn-side-effect-in-transaction,txn-nested-begin %t -- -fPIC -DQT_SQL_LIB -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtSql -I/usr/include/x86_64-linux-gnu/qt5/QtCore
// The qt-sql preset against the real Qt 5.15 headers:
// QSqlDatabase::transaction/commit/rollback.
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <cstdlib>

void explicitScope(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery(db).exec("UPDATE payments SET status = 'completed'");
  std::system("notify-send paid");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'system' (process) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  db.commit();
  std::system("notify-send done"); // After commit.
}

void nested(QSqlDatabase &db) {
  db.transaction();
  db.transaction();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: transaction begins on 'db' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  db.rollback();
}
