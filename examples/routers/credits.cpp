// Credits: add and deduct with a re-read inside the transaction (seed 001).
#include "services/credit_service.h"
#include <iostream>

namespace app::routers {

// Compliant: balance update and log entry commit together.
void addCredits(SQLite::Database &db, std::int64_t userId, std::int64_t amount) {
  SQLite::Transaction tx(db);
  services::changeCredits(db, userId, amount);
  tx.commit();
}

// Compliant: the balance is re-read inside the transaction; an error
// propagates and the transaction rolls back.
void deductCredits(SQLite::Database &db, std::int64_t userId, std::int64_t amount) {
  SQLite::Transaction tx(db);
  services::deduct(db, userId, amount);
  tx.commit();
}

// Violating: the error is swallowed and whatever ran before it commits.
void deductCreditsLenient(SQLite::Database &db, std::int64_t userId,
                          std::int64_t amount) {
  SQLite::Transaction tx(db);
  try {
    services::deduct(db, userId, amount);
  } catch (const std::exception &e) { // expect: txn-swallowed-exception
    std::cerr << "deduct failed: " << e.what() << "\n";
  }
  tx.commit();
}

} // namespace app::routers
