// RUN: %check_txn %s txn-side-effect-in-transaction %t -- %mock_args
// RUN: %check_txn -check-suffixes=NESTED %s txn-nested-begin %t -- %mock_args
//
// A transaction a class holds across its own invocations: one method opens
// it through a member and leaves it open, another ends it, and the methods
// that run in between are called by events (a scanner's slots, a dispatcher
// such as Qt's qt_static_metacall), in an order no call shows. A method
// that works on the member holding the transaction, and that neither the
// opener nor the closer calls, may run while it is open: its calls on that
// member are reported as warnings (it may be open), with where it opens.
#include "txn-mock.h"

class Store {
public:
  explicit Store(db::Session &session) : s(session) {}
  void batchStart() { s.begin(); }
  void batchStop() { s.commit(); }
  void addFile(net::HttpClient &http) {
    http.get("/metadata");
    s.exec("insert into files values (1)");
  }
  void addRow() { s.exec("insert into files values (2)"); }
  void save() {
    s.begin();
    s.exec("update files set seen = 1");
    s.commit();
  }

private:
  db::Session &s;
};

class Scanner {
public:
  Scanner(db::Session &s, net::HttpClient &h) : store(s), http(h) {}
  void onStart(bool nothingToDo) {
    if (nothingToDo)
      return; // Open only on the paths that go on: still held.
    store.batchStart();
  }
  void onFile() {
    store.addFile(http);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'Store::addFile' performs a side effect (network: 'net::HttpClient::get') while the transaction that 'Scanner::onStart' leaves open until 'Scanner::onFinish' may be open; move it after commit [txn-side-effect-in-transaction]
    store.addRow(); // Compliant: database work only.
  }
  void onSave() {
    store.save();
    // CHECK-MESSAGES-NESTED: :[[@LINE-1]]:11: warning: call to 'Store::save' begins a transaction on 's' while another transaction on it is already open [txn-nested-begin]
  }
  // Its own transaction on another connection: reported once, as inside it.
  void onImport(db::Connection &other) {
    db::Transaction t(other);
    store.addFile(http);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'Store::addFile' performs a side effect (network: 'net::HttpClient::get') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
    t.commit();
  }
  void onFinish() {
    store.batchStop();
    report(); // Called by the closer, after the end.
  }
  void report() { store.addFile(http); } // Compliant: after the end.
  void ping() { http.get("/ping"); } // Compliant: not on the held member.
  // A dispatcher that calls every slot (as moc's qt_static_metacall).
  void dispatch(int id) {
    switch (id) {
    case 0: onStart(false); break;
    case 1: onFile(); break;
    case 2: onSave(); break;
    case 3: onFinish(); break;
    }
  }

private:
  Store store;
  net::HttpClient &http;
};

// Compliant: the unit of work begins and ends within one method, so the
// class holds nothing across calls.
class Importer {
public:
  Importer(db::Session &s, net::HttpClient &h) : store(s), http(h) {}
  void importAll() {
    store.batchStart();
    store.addRow();
    store.batchStop();
  }
  void refresh() { store.addFile(http); }

private:
  Store store;
  net::HttpClient &http;
};

// Compliant: begun in one method and never ended by another: no held window
// (a leak, not a batch across events).
class Leaky {
public:
  Leaky(db::Session &s, net::HttpClient &h) : store(s), http(h) {}
  void open() { store.batchStart(); }
  void work() { store.addFile(http); }

private:
  Store store;
  net::HttpClient &http;
};
