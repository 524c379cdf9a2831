// Social: block a user and remove follow relationships (seed 000, pattern 3).
#include "services/social_service.h"

namespace app::routers {

// Compliant: one transaction around both steps.
void blockUser(SQLite::Database &db, std::int64_t blocker, std::int64_t blocked) {
  SQLite::Transaction tx(db);
  services::removeFollows(db, blocker, blocked);
  services::createBlock(db, blocker, blocked);
  tx.commit();
}

// A router helper that owns a transaction of its own.
static void unfollowBoth(SQLite::Database &db, std::int64_t a, std::int64_t b) {
  SQLite::Transaction tx(db);
  services::removeFollows(db, a, b);
  tx.commit();
}

// Violating: begins a second transaction on the same connection while the
// first is open ("A transaction is already begun on this Session").
void blockUserNested(SQLite::Database &db, std::int64_t blocker, std::int64_t blocked) {
  SQLite::Transaction tx(db);
  unfollowBoth(db, blocker, blocked); // expect: txn-nested-begin
  services::createBlock(db, blocker, blocked);
  tx.commit();
}

} // namespace app::routers
