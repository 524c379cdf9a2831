// Announcement service: transaction aware. Called by routers/publishing.cpp
// inside its transaction; defined in announcement_service.cpp, so only an
// analysis that follows the call into the other file sees what it does.
#pragma once

#include "common/infra.h"
#include <SQLiteCpp/SQLiteCpp.h>

namespace app::services {

/// Marks the story published. Database work only.
void publish(SQLite::Database &db, std::int64_t storyId);
/// Marks the story published and mails the followers, inside whatever
/// transaction the caller has open.
void publishAndAnnounce(SQLite::Database &db, mail::Mailer &mailer,
                        std::int64_t storyId);

} // namespace app::services
