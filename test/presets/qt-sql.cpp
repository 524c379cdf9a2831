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

// SQL text through Qt: QSqlQuery::exec with QStringLiteral, a QString made
// from a literal, and QSqlDatabase::exec.
void sqlText(QSqlDatabase &db) {
  QSqlQuery q(db);
  q.exec(QStringLiteral("BEGIN IMMEDIATE"));
  q.exec("UPDATE payments SET status = 'completed'");
  std::system("notify-send text");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'system' (process) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  q.exec(QString("COMMIT"));
  std::system("notify-send after");
  db.exec("BEGIN");
  std::system("notify-send inside");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'system' (process) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  db.exec(QLatin1String("ROLLBACK"));
  std::system("notify-send rolled back");
}
