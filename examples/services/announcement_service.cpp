#include "services/announcement_service.h"
#include <string>

namespace app::services {

// Compliant: uses the caller's transaction for database work only.
void publish(SQLite::Database &db, std::int64_t storyId) {
  SQLite::Statement update(db, "UPDATE stories SET published = 1 WHERE id = ?");
  update.bind(1, storyId);
  update.exec();
}

// Violating when called inside a transaction: the mail goes out while the
// caller's transaction is open; if the caller rolls back, the followers were
// told about a story that is not published. Reported at the router's call
// (routers/publishing.cpp); with no analysed caller, it would be reported
// here.
void publishAndAnnounce(SQLite::Database &db, mail::Mailer &mailer,
                        std::int64_t storyId) {
  publish(db, storyId);
  mailer.send("followers@example.com", "story " + std::to_string(storyId));
}

} // namespace app::services
