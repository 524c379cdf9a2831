// RUN: %check_real_txn %s txn-side-effect-in-transaction,txn-nested-begin %t -- -I/usr/include/libmongoc-1.0 -I/usr/include/libbson-1.0
// The mongoc preset against the real mongo-c-driver 1.23 headers: the C API
// begins/commits on the session argument; with_transaction is a retrying
// callback whose body (a C function) runs inside.
#include <mongoc/mongoc.h>
#include <unistd.h>

void explicitScope(mongoc_client_session_t *session, bson_error_t *error) {
  mongoc_client_session_start_transaction(session, nullptr, error);
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sleep' (sleep) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  mongoc_client_session_commit_transaction(session, nullptr, error);
  ::sleep(1); // After commit.
}

void abortEnds(mongoc_client_session_t *session, bson_error_t *error) {
  mongoc_client_session_start_transaction(session, nullptr, error);
  mongoc_client_session_abort_transaction(session, error);
  ::usleep(10); // Aborted.
}

void nested(mongoc_client_session_t *session, bson_error_t *error) {
  mongoc_client_session_start_transaction(session, nullptr, error);
  mongoc_client_session_start_transaction(session, nullptr, error);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begins on 'session' while another transaction on it is already open; use a savepoint or the open transaction [txn-nested-begin]
  mongoc_client_session_abort_transaction(session, error);
}

static bool transferCredits(mongoc_client_session_t *session, void *ctx,
                            bson_t **reply, bson_error_t *error) {
  ::usleep(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'usleep' (sleep) inside an open transaction; move it after commit; the transaction body may be retried and run it again [txn-side-effect-in-transaction]
  return true;
}

void callback(mongoc_client_session_t *session, bson_error_t *error) {
  mongoc_client_session_with_transaction(session, transferCredits, nullptr,
                                         nullptr, nullptr, error);
}
