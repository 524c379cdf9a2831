#include "common/infra.h"
#include <iostream>
#include <thread>

namespace app {

SQLite::Database openDatabase(const std::string &path) {
  return SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
}

std::string net::HttpClient::get(const std::string &url) {
  std::cerr << "GET " << url << "\n";
  return "{}";
}

std::string net::HttpClient::post(const std::string &url,
                                  const std::string &body) {
  std::cerr << "POST " << url << " " << body << "\n";
  return "{}";
}

void mail::Mailer::send(const std::string &to, const std::string &body) {
  std::cerr << "mail to " << to << ": " << body << "\n";
}

void TaskQueue::enqueue(const std::string &task, std::int64_t id) {
  std::cerr << "enqueue " << task << " " << id << "\n";
}

void TaskQueue::enqueueOnCommit(const std::string &task, std::int64_t id) {
  std::cerr << "enqueue on commit " << task << " " << id << "\n";
}

void BackgroundTasks::add(std::function<void()> task) {
  Tasks.push_back(std::move(task));
}

void BackgroundTasks::runAll() {
  std::thread worker([tasks = std::move(Tasks)] {
    for (const auto &t : tasks)
      t();
  });
  worker.join();
  Tasks.clear();
}

} // namespace app
