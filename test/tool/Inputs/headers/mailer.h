#include "txn-mock.h"

inline void signupInHeader(db::Connection &c) {
  db::Transaction t(c);
  mail::sendEmail("a@example.com", "welcome");
  t.commit();
}
