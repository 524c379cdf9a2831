// Payments: complete a payment (seed 001).
#include "common/infra.h"
#include "services/credit_service.h"

namespace app::routers {

static void markCompleted(SQLite::Database &db, std::int64_t paymentId) {
  SQLite::Statement upd(db, "UPDATE payments SET status = 'completed' WHERE id = ?");
  upd.bind(1, paymentId);
  upd.exec();
}

// Compliant: capture at the provider first, then one short transaction for
// status, credits and log.
void completePayment(SQLite::Database &db, net::HttpClient &provider,
                     std::int64_t paymentId, std::int64_t userId, std::int64_t credits) {
  provider.post("https://payments.example.com/capture",
                std::to_string(paymentId));
  SQLite::Transaction tx(db);
  markCompleted(db, paymentId);
  services::changeCredits(db, userId, credits);
  tx.commit();
}

// Violating: the provider call runs while the transaction holds its locks.
void completePaymentCaptureInside(SQLite::Database &db,
                                  net::HttpClient &provider,
                                  std::int64_t paymentId, std::int64_t userId,
                                  std::int64_t credits) {
  SQLite::Transaction tx(db);
  markCompleted(db, paymentId);
  provider.post("https://payments.example.com/capture", // expect: txn-side-effect-in-transaction
                std::to_string(paymentId));
  services::changeCredits(db, userId, credits);
  tx.commit();
}

} // namespace app::routers
