#pragma once
#include "txn-mock.h"

namespace services {
void chargeCard(db::Connection &c, net::HttpClient &http);
void refund(db::Connection &c, net::HttpClient &http);
} // namespace services
