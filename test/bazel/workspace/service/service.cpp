#include "service/service.h"
#include "mailer/mailer.h"

namespace services {
void placeOrder(db::Connection &c, const char *customer) {
  c.exec("insert into orders values (1)");
  mailer::sendWelcome(customer);
}

void saveOnly(db::Connection &c) { c.exec("insert into orders values (2)"); }
} // namespace services

namespace batch {
void start(db::Session &s) { s.begin(); }

void finish(db::Session &s) { s.commit(); }
} // namespace batch
