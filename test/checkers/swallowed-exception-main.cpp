// RUN: %check_txn %s txn-swallowed-exception %t -- %mock_args
#include "txn-mock.h"

// A handler that leaves main ends the program: the database rolls back what
// was never committed, so nothing half done can commit. A handler in main
// that goes on (the next item of a loop) still swallows.

db::Session &session();

int main(int argc, char **argv)
try {
  db::Session &s = session();
  for (int i = 1; i < argc; ++i) {
    s.begin();
    try {
      s.exec(argv[i]);
    } catch (...) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: exception caught inside an open transaction is neither rethrown nor rolled back; the partial unit of work can commit [txn-swallowed-exception]
      continue;
    }
    s.commit();
  }
  s.begin();
  try {
    s.exec("insert into runs values (1)");
  } catch (...) {
    return 2; // Leaves main.
  }
  s.exec("insert into runs values (2)");
  s.commit();
  return 0;
} catch (...) {
  // The function-try-block: main returns when this handler ends.
}
