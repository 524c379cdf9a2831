#include "txn-mock.h"

// Shaded from the begin (5) to the commit (8); 9 is after it.
void pay(db::Connection &c, net::HttpClient &http, int a, int b) {
  db::Transaction t(c);
  if (a < b && b > 0)
    http.post("/capture?x=1&y=<2>", "{}");
  t.commit();
  http.post("/receipt", "{}");
}

// A guard that is never committed: shaded to the end of its scope (16).
void audit(db::Connection &c) {
  {
    db::Transaction t(c);
    c.exec("insert into audit");
  }
  c.exec("select 1");
}
