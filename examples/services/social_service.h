// Social service: transaction aware.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

namespace app::services {

inline void removeFollows(SQLite::Database &db, std::int64_t a, std::int64_t b) {
  SQLite::Statement del(db, "DELETE FROM follows WHERE (follower_id = ? AND "
                            "following_id = ?) OR (follower_id = ? AND "
                            "following_id = ?)");
  del.bind(1, a);
  del.bind(2, b);
  del.bind(3, b);
  del.bind(4, a);
  del.exec();
}

inline void createBlock(SQLite::Database &db, std::int64_t blocker,
                        std::int64_t blocked) {
  SQLite::Statement ins(db, "INSERT INTO blocks(blocker_id, blocked_id) VALUES(?, ?)");
  ins.bind(1, blocker);
  ins.bind(2, blocked);
  ins.exec();
}

} // namespace app::services
