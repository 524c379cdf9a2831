// Moderation service: transaction aware.
#pragma once

#include "common/infra.h"

namespace app::services {

inline void markNsfw(SQLite::Database &db, std::int64_t whisperId) {
  SQLite::Statement ins(db, "INSERT INTO nsfw_flags(content_id) VALUES(?)");
  ins.bind(1, whisperId);
  ins.exec();
}

inline void createReport(SQLite::Database &db, std::int64_t whisperId) {
  SQLite::Statement ins(db, "INSERT INTO reports(content_id) VALUES(?)");
  ins.bind(1, whisperId);
  ins.exec();
}

inline void notifyModerators(mail::Mailer &mailer, std::int64_t whisperId) {
  mailer.send("moderators@example.com",
              "whisper " + std::to_string(whisperId) + " was flagged");
}

/// Flags and e-mails in one go: fine on its own, wrong inside a transaction.
inline void flagAndNotify(SQLite::Database &db, mail::Mailer &mailer,
                          std::int64_t whisperId) {
  markNsfw(db, whisperId);
  notifyModerators(mailer, whisperId);
}

} // namespace app::services
