#include "txn-mock.h"

static void capture(net::HttpClient &http) { http.post("/capture", "{}"); }

void payment(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  capture(http);
  t.commit();
}
