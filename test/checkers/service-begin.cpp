// RUN: %check_txn %s txn-service-begin %t -- %mock_args
// RUN: %check_txn -rules=%S/../Inputs/mock-rules-infer-session.yaml \
// RUN:   -check-suffixes=,SESSION %s txn-service-begin %t -- %mock_args
// RUN: %check_txn -rules=%S/../Inputs/mock-rules-project.yaml \
// RUN:   -check-suffixes=,NESTING %s txn-service-begin %t -- %mock_args
#include "txn-mock.h"
// mock-rules.yaml: namespace services -> aware, routers -> owner,
// names ^jobs::run.* -> background. Roles are inferred from a transaction
// parameter; with `infer_aware_from: session` (second RUN, -SESSION lines)
// from any session parameter.

// Helpers with no rule: a connection parameter alone says nothing about who
// owns the transaction, unless inference is from any session.
namespace detail {
inline void beginHelper(db::Connection &c) {
  db::Transaction t(c);
  // CHECK-MESSAGES-SESSION: :[[@LINE-1]]:19: warning: 'detail::beginHelper' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  t.commit();
}
inline void outerHelper(db::Connection &c) { beginHelper(c); }
// CHECK-MESSAGES-SESSION: :[[@LINE-1]]:46: warning: 'detail::outerHelper' has role 'aware' and begins a transaction through 'detail::beginHelper'; use the session it is given and let the caller own the transaction [txn-service-begin]
} // namespace detail

// ---- Violating forms -------------------------------------------------------

namespace services {

void createStoryWithChapters(db::Connection &c) {
  db::Transaction t(c);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'services::createStoryWithChapters' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  // CHECK-NOTES: :[[@LINE-3]]:6: note: role 'aware' from rule at {{.*}}mock-rules.yaml:40:5 (namespace 'services')
  c.exec("insert into stories values (1)");
  t.commit();
}

void explicitBegin(db::Session &s) {
  s.begin();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'services::explicitBegin' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  s.exec("delete from follows");
  s.commit();
}

void callbackTransaction(db::Connection &c) {
  db::withTransaction(c, [&] { c.exec("update users"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'services::callbackTransaction' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
}

void throughHelper(db::Connection &c) {
  detail::beginHelper(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'services::throughHelper' has role 'aware' and begins a transaction through 'detail::beginHelper'; use the session it is given and let the caller own the transaction [txn-service-begin]
}

void throughTwoHelpers(db::Connection &c) {
  detail::outerHelper(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'services::throughTwoHelpers' has role 'aware' and begins a transaction through 'detail::outerHelper'; use the session it is given and let the caller own the transaction [txn-service-begin]
}

class CreditService {
public:
  void addCredits(db::Connection &c) {
    db::Transaction t(c);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'services::CreditService::addCredits' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
    t.commit();
  }
};

} // namespace services

[[clang::annotate("txn::role=aware")]] void annotatedAware(db::Connection &c) {
  db::Transaction t(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'annotatedAware' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  t.commit();
}

class [[clang::annotate("txn::role=aware")]] PaymentRepository {
public:
  void markCompleted(db::Connection &c) {
    db::Transaction t(c);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PaymentRepository::markCompleted' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
    t.commit();
  }
};

// No rule: the caller's open transaction as a parameter makes the role
// 'aware' by inference (a warning in the standalone tool, never an error).
void inferredAware(db::Connection &c, const db::Transaction &outer) {
  db::Transaction t(c);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'inferredAware' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  // CHECK-NOTES: :[[@LINE-3]]:6: note: role 'aware' inferred: takes transaction parameter 'outer'
  t.commit();
}

// Through a pointer to a savepoint (a transaction, too).
void inferredFromSavepoint(db::Savepoint *sp, db::Session &s) {
  s.begin();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'inferredFromSavepoint' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  s.commit();
}

// A connection alone: the function owns its unit of work (silent), unless
// inference is from any session parameter.
void ownsItsWork(db::Connection &c) {
  db::Transaction t(c);
  // CHECK-NOTES-SESSION: :[[@LINE-1]]:19: warning: 'ownsItsWork' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  // CHECK-NOTES-SESSION: :[[@LINE-3]]:6: note: role 'aware' inferred: takes session parameter 'c'
  t.commit();
}

// ---- Compliant forms: nothing fires ------------------------------------------

namespace services {

void usesGivenSession(db::Connection &c) {
  c.exec("insert into chapters values (1)"); // No transaction management.
}

void savepointIsAllowed(db::Connection &c) {
  db::Savepoint sp(c, "nsfw"); // settings.aware_may_open_savepoints
  c.exec("insert into nsfw_flags values (1)");
  sp.release();
}

void usesGivenTransaction(db::Transaction &t, db::Connection &c) {
  c.exec("update users set credits = credits + 1");
}

[[clang::annotate("txn::role=owner")]] void annotatedOwner(db::Connection &c) {
  db::Transaction t(c); // The annotation overrides the namespace rule.
  t.commit();
}

void spawnsSelfContainedTask() {
  std::thread task([] {
    db::Connection own("tasks.db"); // A background task: its own session.
    db::Transaction t(own);
    t.commit();
  });
  task.detach();
}

} // namespace services

namespace jobs {
void runNightlyImport() { // Background by name rule.
  db::Connection own("jobs.db");
  db::Transaction t(own);
  t.commit();
}
} // namespace jobs

namespace routers {
void createStory(db::Connection &c) { // Owner: owns the boundary.
  db::Transaction t(c);
  c.exec("insert into stories values (2)");
  t.commit();
}
} // namespace routers

namespace services {
// A callee's own role does not stop its summary: a service that calls a job
// or a router runs their commit inside its caller's unit of work.
void callsBackgroundJob() {
  jobs::runNightlyImport();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'services::callsBackgroundJob' has role 'aware' and begins a transaction through 'jobs::runNightlyImport'; use the session it is given and let the caller own the transaction [txn-service-begin]
}
void callsRouter(db::Connection &c) {
  routers::createStory(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'services::callsRouter' has role 'aware' and begins a transaction through 'routers::createStory'; use the session it is given and let the caller own the transaction [txn-service-begin]
}
} // namespace services

void setupSchema() { // No role: no session parameter, no rule.
  db::Connection c("app.db");
  db::Transaction t(c);
  t.commit();
}

// With mock-rules-project.yaml (third RUN, -NESTING lines): a service's begin
// on an API whose nested begin joins (on_nested: join) or opens a savepoint
// (on_nested: savepoint) uses the caller's transaction, directly and through
// a helper; a begin that nests is reported beside them.
namespace services {
void countedJoin(store::Counted &s) {
  s.begin();
  s.exec("insert into log values (3)");
  s.commit();
}
void countedThroughHelper(store::Counted &s) { countedJoin(s); }
void layeredSavepoint(store::Layered &s) {
  s.begin();
  s.commit();
}
void sessionBegins(db::Session &s) {
  s.begin();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'services::sessionBegins' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  s.commit();
}
} // namespace services

// A service whose caller chooses whether it begins: the caller that holds
// a transaction passes false (txn-nested-begin checks those calls).
namespace services {
void saveProfile(db::Session &s, bool doTransaction) {
  if (doTransaction)
    s.begin();
  s.exec("update profiles set name = 'x'");
  if (doTransaction)
    s.commit();
}
// Still its own begin when the parameter is changed to true inside.
void saveAvatar(db::Session &s, bool doTransaction) {
  doTransaction = true;
  if (doTransaction)
    s.begin();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'services::saveAvatar' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  s.exec("update profiles set avatar = 'x'");
  if (doTransaction)
    s.commit();
}
} // namespace services

// Ends the caller's transaction, runs its own unit, then begins one in
// place of the caller's, left open on every path: the caller gets a
// transaction as it gave one. Its own unit's begin is reported, the one it
// hands back is not; one handed back on some paths only is.
namespace services {
void purgeAndRestore(db::Session &s) {
  s.rollback();
  s.begin();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'services::purgeAndRestore' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
  s.exec("delete from meta");
  s.commit();
  s.begin();
}
void restoreSometimes(db::Session &s, int mode) {
  s.rollback();
  if (mode > 1)
    s.begin();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'services::restoreSometimes' has role 'aware' and begins a transaction; use the session it is given and let the caller own the transaction [txn-service-begin]
}
} // namespace services
