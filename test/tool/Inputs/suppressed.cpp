#include "txn-mock.h"

void suppressions(db::Connection &c, net::HttpClient &http, tasks::Queue &q) {
  db::Transaction t(c);
  http.post("/a", "{}"); // NOLINT(txn-side-effect-in-transaction)
  // NOLINTNEXTLINE(txn-*)
  http.post("/b", "{}");
  // NOLINTBEGIN(txn-side-effect-in-transaction)
  http.get("/c");
  http.get("/d");
  // NOLINTEND(txn-side-effect-in-transaction)
  // txnlint: allow txn-side-effect-in-transaction -- audit log must be in the same unit
  q.enqueue("audit");
  http.post("/e", "{}"); // NOLINT(txn-nested-begin): a different check, not silenced
  mail::sendEmail("x", "y"); // txnlint: allow txn-side-effect-in-transaction
  t.commit();
}
