#include "txn-mock.h"

void completePayment(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  c.exec("update payments");
  http.post("/capture", "{}");
  t.commit();
}
