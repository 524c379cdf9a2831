// Infrastructure of the example service: database, HTTP client, mailer,
// task queue and background tasks (like FastAPI's BackgroundTasks).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <functional>
#include <string>
#include <vector>

namespace app {

/// Opens a connection: every request and every background task gets its own.
SQLite::Database openDatabase(const std::string &path);

namespace net {
class HttpClient {
public:
  std::string get(const std::string &url);
  std::string post(const std::string &url, const std::string &body);
};
} // namespace net

namespace mail {
class Mailer {
public:
  void send(const std::string &to, const std::string &body);
};
} // namespace mail

/// A task queue whose worker may pick a task up at once.
class TaskQueue {
public:
  void enqueue(const std::string &task, std::int64_t id);
  /// Holds the task until the current transaction commits (Django's
  /// transaction.on_commit pattern).
  void enqueueOnCommit(const std::string &task, std::int64_t id);
};

/// Callables run after the response is sent, on a worker thread.
class BackgroundTasks {
public:
  void add(std::function<void()> task);
  void runAll();

private:
  std::vector<std::function<void()>> Tasks;
};

} // namespace app
