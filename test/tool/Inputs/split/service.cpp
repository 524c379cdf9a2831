#include "service.h"

namespace services {
// No caller in this file: it runs inside its caller's transaction.
void chargeCard(db::Connection &c, net::HttpClient &http) {
  c.exec("update payments set status = 'charged'");
  http.post("/provider/charge", "{}");
}

// Called by refund() below: reported once, at that call, with the chain.
void audit(net::HttpClient &http) { http.post("/audit", "{}"); }

void refund(db::Connection &c, net::HttpClient &http) {
  c.exec("update payments set status = 'refunded'");
  audit(http);
}

// Swallows the error: the caller's partial unit of work commits.
void recordQuietly(db::Connection &c) {
  try {
    c.exec("insert into events values (1)");
  } catch (...) {
    log("ignored");
  }
}
} // namespace services

namespace helpers {
// Handed the open transaction (role inferred): the caller's unit until the
// commit, nothing after it.
void finishThenNotify(db::Transaction &t, net::HttpClient &http) {
  t.commit();
  http.post("/done", "{}");
}
void notifyThenFinish(db::Transaction &t, net::HttpClient &http) {
  http.post("/done", "{}");
  t.commit();
}
} // namespace helpers
