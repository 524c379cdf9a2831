// RUN: %check_real_txn -rules=%S/../Inputs/qt-deferred-rules.yaml %s txn-side-effect-in-transaction %t -- -fPIC -isystem /usr/include/x86_64-linux-gnu/qt5 -isystem /usr/include/x86_64-linux-gnu/qt5/QtSql -isystem /usr/include/x86_64-linux-gnu/qt5/QtCore -isystem /usr/include/x86_64-linux-gnu/qt5/QtConcurrent
// RUN: %check_real_txn -rules=%S/../Inputs/qt-deferred-rules.yaml -check-suffixes=BG %s txn-background-session-reuse %t -- -fPIC -isystem /usr/include/x86_64-linux-gnu/qt5 -isystem /usr/include/x86_64-linux-gnu/qt5/QtSql -isystem /usr/include/x86_64-linux-gnu/qt5/QtCore -isystem /usr/include/x86_64-linux-gnu/qt5/QtConcurrent
// Qt's deferred calls against the real Qt 5.15 headers. QTimer::singleShot
// and QMetaObject::invokeMethod run their callable on the thread of their
// context object (later, on the calling thread, without one). A call posted
// to `this` object's own thread keeps its members there (Akonadi's
// Connection::init); a library method posted to another object
// (`invokeMethod(timer, &QTimer::start)`, a debounce) runs no code of the
// project, so it is judged like a direct call of that method.
#include <QtConcurrent/QtConcurrentRun>
#include <QtCore/QObject>
#include <QtCore/QTimer>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class Worker : public QObject {
public:
  void process() {}
};

class Store : public QObject {
public:
  QSqlDatabase m_db;
  QTimer *m_updateTimer = nullptr;
  Worker *m_worker = nullptr;

  void handleIncoming() { QSqlQuery q(m_db); q.exec("select 1"); }
  void import() { QSqlQuery q(m_db); q.exec("insert into t values (1)"); }

  // ---- txn-background-session-reuse ----------------------------------------
  void deferOnOwnThread() {
    QTimer::singleShot(0, this, &Store::handleIncoming); // Where m_db lives.
    QMetaObject::invokeMethod(this, &Store::handleIncoming, Qt::QueuedConnection);
    QTimer::singleShot(0, this, [this] { handleIncoming(); });
    QTimer::singleShot(0, [this] { handleIncoming(); }); // The calling thread.
  }
  void runOnPool() {
    QtConcurrent::run(this, &Store::import);
    // CHECK-MESSAGES-BG: :[[@LINE-1]]:5: warning: background task 'Store::import' uses session member 'm_db' of the caller through 'this'; open a new session inside the task [txn-background-session-reuse]
  }
  void postToWorkerThread() {
    QTimer::singleShot(0, m_worker, [this] { QSqlQuery q(m_db); q.exec("select 1"); });
    // CHECK-MESSAGES-BG: :[[@LINE-1]]:5: warning: background task uses session member 'm_db' of the caller through 'this'; open a new session inside the task [txn-background-session-reuse]
  }

  // ---- txn-side-effect-in-transaction --------------------------------------
  void rearmDebounceInside() {
    m_db.transaction();
    QSqlQuery(m_db).exec("insert into items values (1)");
    QMetaObject::invokeMethod(m_updateTimer, qOverload<>(&QTimer::start), Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_updateTimer, &QObject::deleteLater, Qt::QueuedConnection);
    m_db.commit();
  }
  void postWorkInside() {
    m_db.transaction();
    QSqlQuery(m_db).exec("insert into items values (1)");
    QMetaObject::invokeMethod(m_worker, &Worker::process, Qt::QueuedConnection);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: background task spawned inside an open transaction; it may run before commit: spawn it after commit [txn-side-effect-in-transaction]
    QMetaObject::invokeMethod(m_worker, qOverload<>(&Worker::process), Qt::QueuedConnection);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: background task spawned inside an open transaction; it may run before commit: spawn it after commit [txn-side-effect-in-transaction]
    QMetaObject::invokeMethod(m_worker, [] {}, Qt::DirectConnection); // In place.
    m_db.commit();
  }
  void scheduleUpdate() {
    QMetaObject::invokeMethod(m_updateTimer, qOverload<>(&QTimer::start), Qt::QueuedConnection);
  }
  void scheduleWork() {
    QMetaObject::invokeMethod(m_worker, &Worker::process, Qt::QueuedConnection);
  }
  void throughHelpersInside() {
    m_db.transaction();
    scheduleUpdate();
    scheduleWork();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'Store::scheduleWork' spawns a background task inside an open transaction; move it after commit [txn-side-effect-in-transaction]
    m_db.commit();
  }
};
