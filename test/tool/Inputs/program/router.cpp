#include "app.h"

namespace routers {
// Three files deep: router -> service -> mailer, which posts.
void order(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  services::placeOrder(c, http);
  t.commit();
}

// Compliant: the service does database work only; the post is after commit.
void orderThenPost(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  services::saveOnly(c);
  t.commit();
  services::placeOrder(c, http);
}

// A service in another file begins its own transaction on the same session.
void nested(db::Connection &c) {
  db::Transaction t(c);
  services::beginOwn(c);
  t.commit();
}

// Compliant: the service begins on a session of its own.
void notNested(db::Connection &c, db::Session &other) {
  db::Transaction t(c);
  services::beginOnOther(other);
  t.commit();
}

// Recursion across two files that ends in a post.
void recursive(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  util::countdown(3, http);
  t.commit();
}

// A virtual call: the override in mailer.cpp posts.
void dispatch(db::Connection &c, mailer::Notifier &n) {
  db::Transaction t(c);
  n.notify();
  t.commit();
}

// The handler calls a function in util.cpp that always throws: it rethrows.
void rethrows(db::Connection &c) {
  db::Transaction t(c);
  try {
    util::save(c);
  } catch (...) {
    util::fail("save failed");
  }
  t.commit();
}

// The handler only logs, through util.cpp: the partial work commits.
void swallows(db::Connection &c) {
  db::Transaction t(c);
  try {
    util::save(c);
  } catch (...) {
    util::note("save failed");
  }
  t.commit();
}
} // namespace routers
