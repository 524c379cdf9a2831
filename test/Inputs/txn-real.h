// A minimal SQLiteCpp-shaped guard for preset tests that use real system
// headers for everything else; the default rules.yaml knows SQLite::*.
#pragma once
namespace SQLite {
class Database {
public:
  void exec(const char *);
};
class Transaction {
public:
  explicit Transaction(Database &);
  ~Transaction();
  void commit();
};
} // namespace SQLite
namespace db {
using Connection = SQLite::Database;
using Transaction = SQLite::Transaction;
} // namespace db
