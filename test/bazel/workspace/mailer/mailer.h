#pragma once
#include "mock/txn-mock.h"

namespace mailer {
// Sends the welcome mail: a side effect (mail::sendEmail).
void sendWelcome(const char *to);
} // namespace mailer
