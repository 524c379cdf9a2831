#pragma once
#include "txn-mock.h"

// A router in router.cpp, services in service.cpp, a mailer in mailer.cpp,
// helpers in util.cpp: every call below crosses a file.
namespace services {
void placeOrder(db::Connection &c, net::HttpClient &http);
void saveOnly(db::Connection &c);
void beginOwn(db::Connection &c);
void beginOnOther(db::Session &other);
} // namespace services

namespace mailer {
void notify(net::HttpClient &http);
struct Notifier {
  virtual ~Notifier();
  virtual void notify() = 0;
};
} // namespace mailer

namespace util {
int countdown(int n, net::HttpClient &http);
int countup(int n, net::HttpClient &http);
void fail(const char *why);
void note(const char *what);
void save(db::Connection &c);
} // namespace util
