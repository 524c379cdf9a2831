#include "app.h"

namespace mailer {
void notify(net::HttpClient &http) { http.post("/orders", "{}"); }

Notifier::~Notifier() {}

struct HttpNotifier : Notifier {
  explicit HttpNotifier(net::HttpClient &h) : http(h) {}
  void notify() override { http.post("/notify", "{}"); }
  net::HttpClient &http;
};

Notifier *makeNotifier(net::HttpClient &h) { return new HttpNotifier(h); }
} // namespace mailer
