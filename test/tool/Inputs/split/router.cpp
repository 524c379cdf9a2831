#include "service.h"

namespace routers {
// The owner of the transaction; the service it calls is in service.cpp.
void capture(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  services::chargeCard(c, http);
  t.commit();
}
} // namespace routers
