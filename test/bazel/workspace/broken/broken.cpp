#include "mock/txn-mock.h"

void broken(db::Connection &c) {
  db::Transaction t(c);
  undeclared(c);
  t.commit();
}
