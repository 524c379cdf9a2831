// RUN: %check_txn -rules=%S/../Inputs/mock-rules-project.yaml %s txn-side-effect-in-transaction %t -- %mock_args
#include "txn-mock.h"

// A begin that returns bool: where it returned false nothing was begun, so
// the retry loop's sleep and the failure branch's alert are outside any
// transaction (mock-rules-project.yaml: store::Flaky).

void retriesUntilBegun(store::Flaky &s) {
  while (!s.begin())
    sleep(1);
  s.exec("insert into log values (4)");
  s.commit();
}

void alertsWhenBeginFails(store::Flaky &s, net::HttpClient &http) {
  if (!s.begin()) {
    http.post("/alerts", "begin failed");
    return;
  }
  http.post("/capture", "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  s.commit();
}

void worksWhenBegun(store::Flaky &s, net::HttpClient &http) {
  if (s.begin()) {
    http.post("/capture", "{}");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'net::HttpClient::post' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
    s.commit();
  } else {
    http.post("/alerts", "begin failed");
  }
}

// A begin whose result is not looked at is open on every path.
void ignoresTheResult(store::Flaky &s) {
  s.begin();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  s.commit();
}

// A callable type named by an alias (mock-rules-project.yaml: receivers
// ::hooks::Notifier): calls of a Notifier are side effects, calls of another
// std::function of the same signature are not.
void notifiesInside(db::Connection &c, hooks::Notifier &notify,
                    const hooks::Formatter &format) {
  db::Transaction t(c);
  c.exec("update orders set state = 'paid'");
  format(7);
  notify(7);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'std::function<void (int)>::operator()' (notify) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
  notify(8);
}
