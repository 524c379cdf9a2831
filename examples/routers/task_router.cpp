// Tasks: start a background job after the request's transaction (seed 004).
#include "common/infra.h"
#include "tasks/process_task.h"

namespace app::routers {

static std::int64_t createTask(SQLite::Database &db) {
  db.exec("INSERT INTO tasks(status) VALUES('queued')");
  return db.getLastInsertRowid();
}

// Compliant: the task gets the database path, opens its own session, and is
// added after the commit.
void startProcessing(SQLite::Database &db, BackgroundTasks &background,
                     const std::string &dbPath) {
  SQLite::Transaction tx(db);
  std::int64_t id = createTask(db);
  tx.commit();
  background.add([dbPath, id] { tasks::processTask(dbPath, id); });
}

// Violating: the task borrows the request's connection, which is closed (or
// in another transaction) by the time the task runs.
void startProcessingShared(SQLite::Database &db, BackgroundTasks &background) {
  SQLite::Transaction tx(db);
  std::int64_t id = createTask(db);
  tx.commit();
  background.add([&db, id] { // expect: txn-background-session-reuse
    db.exec("UPDATE tasks SET status = 'processing' WHERE id = " +
            std::to_string(id));
  });
}

} // namespace app::routers
