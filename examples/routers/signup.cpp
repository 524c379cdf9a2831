// Sign-up: enqueue the welcome e-mail task (seed 002, "DoesNotExist").
#include "common/infra.h"

namespace app::routers {

static std::int64_t insertUser(SQLite::Database &db, const std::string &name) {
  SQLite::Statement ins(db, "INSERT INTO users(name, credits) VALUES(?, 0)");
  ins.bind(1, name);
  ins.exec();
  return db.getLastInsertRowid();
}

// Compliant: the task is enqueued after the commit, so the worker finds the
// user.
std::int64_t signUp(SQLite::Database &db, TaskQueue &queue, const std::string &name) {
  SQLite::Transaction tx(db);
  std::int64_t id = insertUser(db, name);
  tx.commit();
  queue.enqueue("send_welcome_email", id);
  return id;
}

// Compliant: the on-commit API holds the task until the commit.
std::int64_t signUpOnCommit(SQLite::Database &db, TaskQueue &queue,
                         const std::string &name) {
  SQLite::Transaction tx(db);
  std::int64_t id = insertUser(db, name);
  queue.enqueueOnCommit("send_welcome_email", id);
  tx.commit();
  return id;
}

// Violating: the worker may run before the commit and not find the user.
std::int64_t signUpEnqueueInside(SQLite::Database &db, TaskQueue &queue,
                              const std::string &name) {
  SQLite::Transaction tx(db);
  std::int64_t id = insertUser(db, name);
  queue.enqueue("send_welcome_email", id); // expect: txn-side-effect-in-transaction
  tx.commit();
  return id;
}

} // namespace app::routers
