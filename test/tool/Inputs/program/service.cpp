#include "app.h"

namespace services {
void placeOrder(db::Connection &c, net::HttpClient &http) {
  c.exec("insert into orders values (1)");
  mailer::notify(http);
}

void saveOnly(db::Connection &c) { c.exec("insert into orders values (2)"); }

// Role 'aware' (namespace services): its own begin is txn-service-begin.
void beginOwn(db::Connection &c) {
  db::Transaction t(c);
  c.exec("insert into audit values (1)");
  t.commit();
}

void beginOnOther(db::Session &other) {
  other.begin();
  other.exec("insert into audit values (2)");
  other.commit();
}
} // namespace services
