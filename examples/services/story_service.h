// Story service: transaction aware. It uses the database it is given.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <string>

namespace app::services {

std::int64_t createStory(SQLite::Database &db, const std::string &title,
                      std::int64_t authorId);
void addChapter(SQLite::Database &db, std::int64_t storyId,
                const std::string &title, const std::string &content);
/// Legacy: manages its own transaction (a service must not).
std::int64_t createStoryWithOwnTransaction(SQLite::Database &db,
                                        const std::string &title,
                                        std::int64_t authorId);

} // namespace app::services
