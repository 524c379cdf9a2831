#pragma once
#include "txn-mock.h"

// A storage class whose batch transaction begins in one method and ends in
// another, defined in storage.cpp; the scanner in scanner.cpp drives it.
class Storage {
public:
  explicit Storage(db::Session &session) : s(session) {}
  void batchStart();
  void batchStop();
  void save(int id);
  /// Business logic in the storage class: saves, then tells a web hook.
  void saveAndPublish(int id, net::HttpClient &http);

private:
  db::Session &s;
};

void commitHanded(db::Transaction &t);
