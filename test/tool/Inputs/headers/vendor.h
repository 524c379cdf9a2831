#include "txn-mock.h"

inline void vendorInHeader(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  http.post("/vendor", "{}");
  t.commit();
}
