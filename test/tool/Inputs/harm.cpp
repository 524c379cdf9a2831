#include "txn-mock.h"

void pipes(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  // txnlint: allow txn-side-effect-in-transaction -- the audit | must stay in the unit
  http.post("/audit", "{}");
  t.commit();
}

