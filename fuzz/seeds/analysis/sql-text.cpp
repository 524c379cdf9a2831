#include "txn-mock.h"
// SQL text, a guard, a callback and a spawn in one unit.
void f(db::Session &s, net::HttpClient &c) {
  db::Transaction t(s);
  c.post("x");
  try {
    t.commit();
  } catch (...) {
  }
}
