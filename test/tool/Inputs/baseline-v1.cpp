#include "txn-mock.h"

void payment(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  http.post("/capture", "{}");
  t.commit();
}

void signup(db::Connection &c, tasks::Queue &q) {
  db::Transaction t(c);
  q.enqueue("welcome");
  t.commit();
}
