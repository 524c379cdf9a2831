#include "tasks/process_task.h"
#include "common/infra.h"
#include <iostream>

namespace app::tasks {

static void setStatus(SQLite::Database &db, std::int64_t taskId,
                      const std::string &status) {
  SQLite::Statement upd(db, "UPDATE tasks SET status = ? WHERE id = ?");
  upd.bind(1, status);
  upd.bind(2, taskId);
  upd.exec();
}

// Compliant: a dedicated session for the work, and a separate session to
// record an error.
void processTask(const std::string &dbPath, std::int64_t taskId) {
  try {
    SQLite::Database db = openDatabase(dbPath);
    SQLite::Transaction tx(db);
    setStatus(db, taskId, "processing");
    setStatus(db, taskId, "completed");
    tx.commit();
  } catch (const std::exception &e) {
    std::cerr << "task " << taskId << " failed: " << e.what() << "\n";
    try {
      SQLite::Database errorDb = openDatabase(dbPath);
      SQLite::Transaction tx(errorDb);
      setStatus(errorDb, taskId, "error");
      tx.commit();
    } catch (const std::exception &inner) {
      std::cerr << "cannot record the error: " << inner.what() << "\n";
    }
  }
}

} // namespace app::tasks
