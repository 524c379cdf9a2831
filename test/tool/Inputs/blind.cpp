// Calls made inside a transaction that the analysis cannot follow are
// counted per function (limits.test).
#include "txn-mock.h"

namespace app {
void notifyElsewhere(int id); // Defined in another translation unit.
struct Notifier {
  virtual void notify(int id) = 0;
};
int audited(int id) { return id; } // Defined here: followed.

void blindSpots(db::Connection &c, Notifier &n, void (*hook)(int),
                const std::function<void(int)> &callback) {
  db::Transaction t(c);
  c.exec("insert into audit values (1)");
  notifyElsewhere(1); // No definition.
  n.notify(2);        // Virtual, no body.
  hook(3);            // Function pointer.
  callback(4);        // std::function.
  audited(5);         // Followed.
  t.commit();
  notifyElsewhere(6); // After the commit: nothing is open.
}

void noTransaction(Notifier &n) { n.notify(1); }
} // namespace app
