#pragma once
#include "mock/txn-mock.h"

namespace services {
// Saves the order and mails the customer (through the mailer).
void placeOrder(db::Connection &c, const char *customer);
// Database work only.
void saveOnly(db::Connection &c);
} // namespace services

namespace batch {
// Begins a transaction on the session and leaves it open.
void start(db::Session &s);
// Commits the transaction start() left open.
void finish(db::Session &s);
} // namespace batch
