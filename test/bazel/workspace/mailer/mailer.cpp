#include "mailer/mailer.h"

namespace mailer {
void sendWelcome(const char *to) { mail::sendEmail(to, "welcome"); }
} // namespace mailer
