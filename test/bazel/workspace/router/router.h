#pragma once
#include "mock/txn-mock.h"

namespace routers {
void order(db::Connection &c, const char *customer);
void orderThenMail(db::Connection &c, const char *customer);
void batchOrder(db::Session &s, const char *customer);
} // namespace routers
