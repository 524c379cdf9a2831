// Publishing: a router and a service in separate files (seed 000: a service
// must not reach outside the unit of work it is given).
#include "services/announcement_service.h"
#include <string>

namespace app::routers {

// Violating: the service, in another file, mails inside this transaction;
// whole-program analysis reports it here, at the call, with the chain.
void publishStoryAnnounceInside(SQLite::Database &db, mail::Mailer &mailer,
                                std::int64_t storyId) {
  SQLite::Transaction tx(db);
  services::publishAndAnnounce(db, mailer, storyId); // expect: txn-side-effect-in-transaction
  tx.commit();
}

// Compliant: the service does database work; the router mails after commit.
void publishStoryAnnounceAfterCommit(SQLite::Database &db,
                                     mail::Mailer &mailer,
                                     std::int64_t storyId) {
  SQLite::Transaction tx(db);
  services::publish(db, storyId);
  tx.commit();
  mailer.send("followers@example.com", "story " + std::to_string(storyId));
}

} // namespace app::routers
