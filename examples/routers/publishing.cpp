// Publishing: a router and a service in separate files (seed 000: a service
// must not reach outside the unit of work it is given).
#include "services/announcement_service.h"
#include <string>

namespace app::routers {

// Violating (in the service, in another file): the service mails inside
// this transaction.
void publishStoryAnnounceInside(SQLite::Database &db, mail::Mailer &mailer,
                                std::int64_t storyId) {
  SQLite::Transaction tx(db);
  services::publishAndAnnounce(db, mailer, storyId);
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
