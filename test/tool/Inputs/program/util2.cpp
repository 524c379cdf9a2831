#include "app.h"

namespace util {
int countup(int n, net::HttpClient &http) { return countdown(n, http); }
} // namespace util
