#include "txn-mock.h"

void completePayment2(net::HttpClient &http) {
  http.post("/capture", "{}");
  db::Connection c("payments.db");
  db::Transaction t(c);
  c.exec("update payments");
  t.commit();
}
