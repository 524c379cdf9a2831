// Stories: create a story with its chapters (seed 000, pattern 1).
#include "services/story_service.h"
#include <string>
#include <vector>

namespace app::routers {

// Compliant: the router owns the transaction; the service uses it.
std::int64_t createStoryWithChapters(SQLite::Database &db, const std::string &title,
                                  std::int64_t authorId,
                                  const std::vector<std::string> &chapters) {
  SQLite::Transaction tx(db);
  std::int64_t id = services::createStory(db, title, authorId);
  for (const std::string &c : chapters)
    services::addChapter(db, id, c, "");
  tx.commit();
  return id;
}

// Violating (in the service): relies on a service that begins its own
// transaction.
std::int64_t createStoryLegacy(SQLite::Database &db, const std::string &title,
                            std::int64_t authorId) {
  return services::createStoryWithOwnTransaction(db, title, authorId);
}

} // namespace app::routers
