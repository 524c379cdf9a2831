// RUN: %check_real_txn %s txn-side-effect-in-transaction,txn-nested-begin,txn-swallowed-exception %t
// The sqlitecpp preset against the real SQLiteCpp 3.2 headers.
#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>
#include <chrono>
#include <cstdlib>
#include <thread>

void sleepInside(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  db.exec("UPDATE users SET credits = credits + 1");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'std::this_thread::sleep_for' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  tx.commit();
  std::this_thread::sleep_for(std::chrono::milliseconds(5)); // After commit.
}

void processInside(SQLite::Database &db) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  std::system("convert in.png out.png");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'system' (process) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  tx.commit();
}

void nestedTransaction(SQLite::Database &db) {
  SQLite::Transaction outer(db);
  SQLite::Transaction inner(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: transaction begins on 'db' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  inner.commit();
  outer.commit();
}

void swallowed(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  try {
    db.exec("INSERT INTO chapters VALUES (1)");
  } catch (const SQLite::Exception &) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
  }
  tx.commit();
}

void savepointNests(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  SQLite::Savepoint sp(db, "flag"); // A savepoint, not a nested begin.
  db.exec("INSERT INTO nsfw_flags VALUES (1)");
  sp.release();
  tx.commit();
}

void savepointGuardsTheTry(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  try {
    SQLite::Savepoint sp(db, "report"); // Rolled back by its destructor.
    db.exec("INSERT INTO reports VALUES (1)");
    sp.release();
  } catch (const SQLite::Exception &) {
  }
  tx.commit();
}

void destructorRollsBack(SQLite::Database &db) {
  {
    SQLite::Transaction tx(db);
    db.exec("INSERT INTO drafts VALUES (1)");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
}
