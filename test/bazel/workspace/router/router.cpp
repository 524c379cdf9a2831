#include "router/router.h"
#include "mailer/mailer.h"
#include "service/service.h"

namespace routers {
// Three targets deep: router -> service -> mailer, which sends mail.
void order(db::Connection &c, const char *customer) {
  db::Transaction t(c);
  services::placeOrder(c, customer);
  t.commit();
}

// Compliant: the service does database work only; the mail is after commit.
void orderThenMail(db::Connection &c, const char *customer) {
  db::Transaction t(c);
  services::saveOnly(c);
  t.commit();
  mailer::sendWelcome(customer);
}

// batch::start (another target) leaves a transaction open and batch::finish
// commits it: the mail between them is inside it (found by the second round).
void batchOrder(db::Session &s, const char *customer) {
  batch::start(s);
  s.exec("insert into orders values (3)");
  mailer::sendWelcome(customer);
  batch::finish(s);
}
} // namespace routers
