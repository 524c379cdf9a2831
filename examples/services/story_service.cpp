#include "services/story_service.h"

namespace app::services {

// Compliant: uses the caller's transaction.
std::int64_t createStory(SQLite::Database &db, const std::string &title,
                      std::int64_t authorId) {
  SQLite::Statement insert(db, "INSERT INTO stories(title, author_id) VALUES(?, ?)");
  insert.bind(1, title);
  insert.bind(2, authorId);
  insert.exec();
  return db.getLastInsertRowid();
}

void addChapter(SQLite::Database &db, std::int64_t storyId,
                const std::string &title, const std::string &content) {
  SQLite::Statement insert(
      db, "INSERT INTO chapters(story_id, title, content) VALUES(?, ?, ?)");
  insert.bind(1, storyId);
  insert.bind(2, title);
  insert.bind(3, content);
  insert.exec();
}

// Violating: a service that opens its own transaction inside whatever the
// caller had in mind.
std::int64_t createStoryWithOwnTransaction(SQLite::Database &db,
                                        const std::string &title,
                                        std::int64_t authorId) {
  SQLite::Transaction tx(db); // expect: txn-service-begin
  std::int64_t id = createStory(db, title, authorId);
  addChapter(db, id, "Chapter 1", "");
  tx.commit();
  return id;
}

} // namespace app::services
