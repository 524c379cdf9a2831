// RUN: %check_txn %s txn-side-effect-in-transaction %t -- %mock_args
// RUN: %check_txn -check-suffixes=NESTED %s txn-nested-begin %t -- %mock_args
//
// Transactions that outlive a statement block: begun in one method and
// ended in another of the same object, held in a member, on the heap, in a
// std::unique_ptr or std::optional, returned by a factory, or committed by
// a helper it is handed to. The open state follows the object through the
// calls made on it (what a callee leaves open or ends, from its body).
#include "std-mock-memory.h"
#include "txn-mock.h"

// ---- Batch methods on one object (an explicit API on a member) -------------

class Indexer {
public:
  explicit Indexer(db::Session &session) : s(session) {}
  void batchStart() { s.begin(); }
  void batchStop() { s.commit(); }
  void fetchThumbs(net::HttpClient &http) { http.get("/thumbs"); }

  void indexOne(net::HttpClient &http) {
    batchStart();
    s.exec("insert into files values (1)");
    http.get("/metadata");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::get' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
    batchStop();
    http.post("/indexed", "{}"); // Compliant: after batchStop().
  }

private:
  db::Session &s;
};

// Begin and end called from outside, around a method that reaches the
// network.
void scan(Indexer &ix, net::HttpClient &http) {
  ix.batchStart();
  ix.fetchThumbs(http);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: call to 'Indexer::fetchThumbs' performs a side effect (network: 'net::HttpClient::get') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  ix.batchStop();
  ix.fetchThumbs(http); // Compliant: the batch is committed.
}

void batchTwice(Indexer &ix) {
  ix.batchStart();
  ix.batchStart();
  // CHECK-MESSAGES-NESTED: :[[@LINE-1]]:6: warning: call to 'Indexer::batchStart' begins a transaction on 's' while another transaction on it is already open [txn-nested-begin]
  ix.batchStop();
}

// ---- A guard on the heap, held in a member ---------------------------------

class Importer {
public:
  explicit Importer(db::Connection &conn) : c(conn) {}
  void begin() { tx.reset(new db::Transaction(c)); }
  void beginMade() { tx = std::make_unique<db::Transaction>(c); }
  void finish() {
    tx->commit();
    tx.reset();
  }
  void abort() { tx.reset(); }

private:
  db::Connection &c;
  std::unique_ptr<db::Transaction> tx;
};

void import(Importer &im, net::HttpClient &http) {
  im.begin();
  http.post("/progress", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  im.finish();
  http.post("/done", "{}"); // Compliant: committed.
}

void importMade(Importer &im, net::HttpClient &http) {
  im.beginMade();
  http.post("/progress", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  im.abort();
  http.post("/aborted", "{}"); // Compliant: rolled back.
}

// ---- A guard in a std::optional member -------------------------------------

class Job {
public:
  explicit Job(db::Connection &conn) : c(conn) {}
  void start() { tx.emplace(c); }
  void done() { tx->commit(); }

private:
  db::Connection &c;
  std::optional<db::Transaction> tx;
};

void runJob(Job &j) {
  j.start();
  mail::sendEmail("ops@example.com", "running");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'mail::sendEmail' (mail) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  j.done();
  mail::sendEmail("ops@example.com", "done"); // Compliant.
}

// ---- A guard from a factory ------------------------------------------------

db::Transaction beginWrite(db::Connection &c) { return db::Transaction(c); }

void useFactory(db::Connection &c, net::HttpClient &http) {
  auto tx = beginWrite(c);
  http.post("/write", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  tx.commit();
  http.post("/written", "{}"); // Compliant.
}

void factoryNested(db::Connection &c) {
  db::Transaction outer(c);
  auto inner = beginWrite(c);
  // CHECK-MESSAGES-NESTED: :[[@LINE-1]]:16: warning: call to 'beginWrite' begins a transaction on 'c' while another transaction on it is already open [txn-nested-begin]
  inner.commit();
  outer.commit();
}

// ---- A constructor that begins, a method that commits ----------------------

class Batch {
public:
  explicit Batch(db::Session &session) : s(session) { s.begin(); }
  void finish() { s.commit(); }

private:
  db::Session &s;
};

void batched(db::Session &session, net::HttpClient &http) {
  Batch b(session);
  http.post("/batch", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  b.finish();
  http.post("/batched", "{}"); // Compliant.
}

// ---- A helper that commits the transaction it is handed --------------------

void commitIt(db::Transaction &t) { t.commit(); }
void commitMoved(db::Transaction &&t) { t.commit(); }

void handOver(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  c.exec("insert into t values (1)");
  commitIt(t);
  http.post("/committed", "{}"); // Compliant: the helper committed.
}

void handOverMoved(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  commitMoved(std::move(t));
  http.post("/committed", "{}"); // Compliant.
}

void handOverLater(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  http.post("/before", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  commitIt(t);
}

// ---- What a helper does after it ends the transaction it is handed ----------

// Commits the caller's transaction, then notifies: the post is outside the
// unit of work, so calling it inside the transaction is compliant.
void commitThenNotify(db::Transaction &t, net::HttpClient &http) {
  t.commit();
  http.post("/committed", "{}");
}
// Notifies first: inside the caller's unit of work.
void notifyThenCommit(db::Transaction &t, net::HttpClient &http) {
  http.post("/committing", "{}");
  t.commit();
}

void handOverNotify(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  commitThenNotify(t, http);
}

void handOverNotifyFirst(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  notifyThenCommit(t, http);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'notifyThenCommit' performs a side effect (network: 'net::HttpClient::post') inside an open transaction; move it after commit [txn-side-effect-in-transaction]
}

// Committed through a reference to the guard's base class.
void commitThroughBase(db::TransactionBase &t, net::HttpClient &http) {
  t.commit();
  http.post("/committed", "{}");
}

void handOverAsBase(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  commitThroughBase(t, http); // Compliant: the post is after the commit.
  http.post("/after", "{}");   // Compliant: committed.
}

// Ends the caller's transaction and begins the next one (a batch's
// checkpoint): its begin does not nest in the caller's transaction.
void checkpoint(db::Session &s) {
  s.commit();
  s.begin();
}

void batchWithCheckpoint(db::Session &s) {
  s.begin();
  checkpoint(s); // Compliant for txn-nested-begin.
  s.commit();
}
