#include "txn-mock.h"

// A reference-counted begin (mock-rules-project.yaml: store::Counted, on_nested:
// join) begins a transaction when none is open: the function counts as one
// that begins a transaction, though its begin never nests.
void joinsOrBegins(store::Counted &s) {
  s.begin();
  s.exec("insert into log values (5)");
  s.commit();
}
