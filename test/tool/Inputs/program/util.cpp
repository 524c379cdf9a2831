#include "app.h"

namespace util {
int countdown(int n, net::HttpClient &http) {
  if (n == 0)
    return http.post("/done", "{}");
  return countup(n - 1, http);
}

void fail(const char *why) { throw why; }

void note(const char *what) { log(what); }

void save(db::Connection &c) { c.exec("insert into t values (1)"); }
} // namespace util
