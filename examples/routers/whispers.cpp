// Whispers: create a whisper with its NSFW flag and report (seed 000).
#include "services/moderation_service.h"

namespace app::routers {

static std::int64_t insertWhisper(SQLite::Database &db, const std::string &text) {
  SQLite::Statement ins(db, "INSERT INTO whispers(text) VALUES(?)");
  ins.bind(1, text);
  ins.exec();
  return db.getLastInsertRowid();
}

// Compliant: whisper, flag and report commit together; the moderators are
// told after the commit.
std::int64_t createWhisper(SQLite::Database &db, mail::Mailer &mailer,
                        const std::string &text, bool nsfw) {
  SQLite::Transaction tx(db);
  std::int64_t id = insertWhisper(db, text);
  if (nsfw) {
    services::markNsfw(db, id);
    services::createReport(db, id);
  }
  tx.commit();
  if (nsfw)
    services::notifyModerators(mailer, id);
  return id;
}

// Violating: the moderation service e-mails while the transaction is open.
std::int64_t createWhisperNotifyInside(SQLite::Database &db, mail::Mailer &mailer,
                                    const std::string &text) {
  SQLite::Transaction tx(db);
  std::int64_t id = insertWhisper(db, text);
  services::flagAndNotify(db, mailer, id); // expect: txn-side-effect-in-transaction
  services::createReport(db, id);
  tx.commit();
  return id;
}

} // namespace app::routers
