// RUN: %check_real_txn %s txn-side-effect-in-transaction,txn-nested-begin %t -- -I/usr/include/postgresql
// The sqlite3 and libpq presets against the real headers (libsqlite3-dev,
// libpq-dev): transactions written as SQL text on the connection argument.
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

void sqliteText(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO jobs VALUES (1)", nullptr, nullptr, nullptr);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sleep(1);
}

void sqliteNested(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN TRANSACTION", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begins on 'db' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  sqlite3_exec(db, "SAVEPOINT inner", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "RELEASE inner", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

void libpqText(PGconn *conn) {
  PQclear(PQexec(conn, "START TRANSACTION"));
  PQclear(PQexec(conn, "UPDATE accounts SET balance = 0"));
  usleep(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'usleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  PQclear(PQexec(conn, "ROLLBACK"));
  usleep(1000);
}
