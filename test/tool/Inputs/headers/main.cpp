#include "mailer.h"
#include "vendor.h"

void inMain(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  http.get("/main");
  t.commit();
}
