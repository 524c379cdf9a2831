#include "txn-mock.h"

void twice(db::Session &s) {
  s.begin();
  s.begin();
  s.commit();
}

void sometimes(db::Session &s, net::HttpClient &http, bool b) {
  if (b)
    s.begin();
  http.post("/x", "{}");
  if (b)
    s.commit();
}

#ifdef WITH_MAIL
void mailInside(db::Session &s) {
  s.begin();
  mail::sendEmail("a@example.com", "hi");
  s.commit();
}
#endif
