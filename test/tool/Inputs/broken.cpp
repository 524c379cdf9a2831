#include "txn-mock.h"

void broken(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  http.post("/capture", "{}");
  this_does_not_compile;
  t.commit();
}
