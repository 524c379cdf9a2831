// Runs the compliant flows once against a scratch database.
#include "common/infra.h"
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace app::routers {
std::int64_t createStoryWithChapters(SQLite::Database &, const std::string &,
                                  std::int64_t, const std::vector<std::string> &);
void blockUser(SQLite::Database &, std::int64_t, std::int64_t);
std::int64_t signUp(SQLite::Database &, TaskQueue &, const std::string &);
void addCredits(SQLite::Database &, std::int64_t, std::int64_t);
void deductCredits(SQLite::Database &, std::int64_t, std::int64_t);
void startProcessing(SQLite::Database &, BackgroundTasks &, const std::string &);
} // namespace app::routers

static const char *const Schema =
    "CREATE TABLE stories(id INTEGER PRIMARY KEY, title TEXT, author_id INTEGER);"
    "CREATE TABLE chapters(story_id INTEGER, title TEXT, content TEXT);"
    "CREATE TABLE follows(follower_id INTEGER, following_id INTEGER);"
    "CREATE TABLE blocks(blocker_id INTEGER, blocked_id INTEGER);"
    "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, credits INTEGER);"
    "CREATE TABLE credit_log(user_id INTEGER, delta INTEGER);"
    "CREATE TABLE tasks(id INTEGER PRIMARY KEY, status TEXT);";

int main(int argc, char **argv) {
  std::string path = argc > 1 ? argv[1] : "example.db";
  std::remove(path.c_str());
  SQLite::Database db = app::openDatabase(path);
  db.exec(Schema);
  app::TaskQueue queue;
  app::BackgroundTasks background;
  app::routers::createStoryWithChapters(db, "Dune", 1, {"One", "Two"});
  app::routers::blockUser(db, 1, 2);
  std::int64_t user = app::routers::signUp(db, queue, "paul");
  app::routers::addCredits(db, user, 100);
  app::routers::deductCredits(db, user, 40);
  app::routers::startProcessing(db, background, path);
  background.runAll();
  std::cout << "credits: "
            << db.execAndGet("SELECT credits FROM users WHERE id = " +
                             std::to_string(user)).getInt64()
            << "\n";
  return 0;
}
