// RUN: %check_real_txn %s txn-side-effect-in-transaction %t -- -std=c++20 -I%inputs
// The std preset against libstdc++ 12: file streams (construction and
// writes on the stream), std::async (but not launch::deferred), jthread.
#include "txn-real.h"
#include <fstream>
#include <future>
#include <thread>

void fileWrites(db::Connection &c, std::ofstream &log) {
  db::Transaction t(c);
  std::ofstream out("export.csv");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: call to 'std::basic_ofstream<char>::basic_ofstream' (file_io) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  log << "exported\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: call to 'std::operator<<' (file_io) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  log.flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: call to 'std::basic_ostream<char>::flush' (file_io) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
  log << "after commit\n"; // Fine.
}

int work();

void asyncSpawns(db::Connection &c) {
  db::Transaction t(c);
  auto later = std::async(std::launch::async, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: background task spawned inside an open transaction; it may run before commit: spawn it after commit [txn-side-effect-in-transaction]
  auto inPlace = std::async(std::launch::deferred, work); // Runs on get().
  t.commit();
  later.get();
  inPlace.get();
}

void jthreadSpawns(db::Connection &c) {
  db::Transaction t(c);
  std::jthread worker([] { work(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: background task spawned inside an open transaction; it may run before commit: spawn it after commit [txn-side-effect-in-transaction]
  t.commit();
}
