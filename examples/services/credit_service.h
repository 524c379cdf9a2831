// Credit service: transaction aware.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <stdexcept>

namespace app::services {

inline std::int64_t balance(SQLite::Database &db, std::int64_t userId) {
  SQLite::Statement q(db, "SELECT credits FROM users WHERE id = ?");
  q.bind(1, userId);
  if (!q.executeStep())
    throw std::runtime_error("no such user");
  return q.getColumn(0).getInt64();
}

inline void changeCredits(SQLite::Database &db, std::int64_t userId,
                          std::int64_t delta) {
  SQLite::Statement upd(db, "UPDATE users SET credits = credits + ? WHERE id = ?");
  upd.bind(1, delta);
  upd.bind(2, userId);
  upd.exec();
  SQLite::Statement log(db, "INSERT INTO credit_log(user_id, delta) VALUES(?, ?)");
  log.bind(1, userId);
  log.bind(2, delta);
  log.exec();
}

/// Re-reads the balance inside the caller's transaction (no stale read).
inline void deduct(SQLite::Database &db, std::int64_t userId, std::int64_t amount) {
  if (balance(db, userId) < amount)
    throw std::runtime_error("insufficient credits");
  changeCredits(db, userId, -amount);
}

} // namespace app::services
