#include "txn-mock.h"

// Code inserted above the recorded findings:
static int retries = 3;
static int backoff() { return retries * 2; }

void payment(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  http.post("/capture", "{}");
  http.get("/receipt"); // A new finding.
  t.commit();
}

void signup(db::Connection &c, tasks::Queue &q) {
  db::Transaction t(c);
  t.commit();
  q.enqueue("welcome"); // Fixed: no longer matches the baseline.
}
