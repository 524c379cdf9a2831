#include "txn-mock.h"

// A service by its path (rules.yaml: paths "*/app/src/svc/*") that begins its own
// transaction.
void creditLedger(db::Connection &c) {
  db::Transaction t(c);
  c.exec("update ledger");
  t.commit();
}
