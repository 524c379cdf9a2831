// A small stand-in for a transaction library, an HTTP client, a mailer, a
// task queue and std::thread, for fast, focused check tests. Wired up by
// mock-rules.yaml.
#pragma once

namespace std {
template <class T> struct remove_reference { using type = T; };
template <class T> struct remove_reference<T &> { using type = T; };
template <class T> struct remove_reference<T &&> { using type = T; };
template <class T> typename remove_reference<T>::type &&move(T &&t) noexcept {
  return static_cast<typename remove_reference<T>::type &&>(t);
}
template <class T> class reference_wrapper {
public:
  reference_wrapper(T &r) : p(&r) {}
  T &get() const { return *p; }
private:
  T *p;
};
template <class T> reference_wrapper<T> ref(T &t) { return reference_wrapper<T>(t); }
template <class Signature> class function;
template <class R, class... A> class function<R(A...)> {
public:
  template <class F> function(F f) { (void)f; }
  R operator()(A... a) const;
};
class thread {
public:
  thread() = default;
  template <class F, class... A> explicit thread(F &&f, A &&...a) { (void)f; }
  ~thread();
  void join();
  void detach();
};
class exception {
public:
  virtual ~exception();
  virtual const char *what() const noexcept;
};
} // namespace std

namespace db {
class Connection {
public:
  explicit Connection(const char *path);
  void exec(const char *sql);
  int queryInt(const char *sql);
};
// The base class code hands transactions around by (as pqxx::work's
// pqxx::transaction_base).
class TransactionBase {
public:
  void commit();
  void rollback();
};
class Transaction : public TransactionBase {
public:
  explicit Transaction(Connection &c);
  Transaction(Transaction &&other);
  ~Transaction();
  void commit();
  void rollback();
};
class Savepoint {
public:
  Savepoint(Connection &c, const char *name);
  ~Savepoint();
  void release();
  void rollback();
};
// Explicit begin/commit/rollback on the session object.
class Session {
public:
  bool isActive();
  void begin();
  void commit();
  void rollback();
  void exec(const char *sql);
};
template <class F> void withTransaction(Connection &c, F &&body) { body(); }
template <class F> void withRetryingTransaction(Connection &c, F &&body) { body(); }
} // namespace db

namespace net {
class HttpClient {
public:
  int post(const char *url, const char *body);
  int get(const char *url);
};
} // namespace net

namespace mail {
void sendEmail(const char *to, const char *body);
} // namespace mail

namespace tasks {
class Queue {
public:
  void enqueue(const char *task);
  void enqueueOnCommit(const char *task);
};
} // namespace tasks

void log(const char *msg);

// Session classes for mock-rules-project.yaml: Counted's nested begin joins
// an open transaction (a reference-counted begin), Layered's opens a
// savepoint; Flaky's begin returns whether it began.
namespace store {
class Counted {
public:
  void begin();
  void commit();
  void rollback();
  void exec(const char *sql);
};
class Layered {
public:
  void begin();
  void commit();
  void rollback();
};
// A begin that reports failure: false when no transaction was begun.
class Flaky {
public:
  bool begin();
  void commit();
  void rollback();
  void exec(const char *sql);
};
// A connection that runs SQL text: transactions written as "BEGIN" and
// "COMMIT" (a `kind: sql` entry with sql_arg 0, the object as session).
class Sql {
public:
  bool exec(const char *sql);
};
// For mock-rules-units.yaml: a guard that can begin again (an unstarted
// guard's begin, a restart after commit) and commit-and-continue; a session
// with commit-and-continue and methods that only read; an error helper
// that rolls back whatever transaction is open.
class Unit {
public:
  explicit Unit(Counted &c, bool start = true);
  ~Unit();
  void begin();
  void commit();
  void rollback();
  void commitAndContinue();
  int count(const char *sql);
  void exec(const char *sql);
};
class Batch {
public:
  void begin();
  void commit();
  void rollback();
  void commitAndBegin();
  bool isOpen();
  int count(const char *sql);
  void exec(const char *sql);
};
void failRequest(const char *why);
} // namespace store
void sleep(unsigned seconds);
// SQLite's C API: sqlite3_exec(db, sql, callback, arg, errmsg).
struct sqlite3;
int sqlite3_exec(sqlite3 *db, const char *sql, void *callback, void *arg,
                 char **errmsg);
// Like QStringLiteral: a lambda whose static data holds the literal.
#define SQL_LITERAL(text)                                                  \
  ([]() -> const char * {                                                  \
    static const char data[] = text;                                       \
    return data;                                                           \
  }())

namespace hooks {
// Calls of a Notifier reach other systems; a Formatter is the same
// std::function type under another name and stays in-process.
using Notifier = std::function<void(int)>;
using Formatter = std::function<void(int)>;
} // namespace hooks
