//===--- SqlText.h - Transactions written as SQL text -----------*- C++ -*-===//
//
// `sqlite3_exec(db, "BEGIN", ...)`, `query.exec("COMMIT")`: the statement a
// literal SQL argument starts with, and the literal itself, found through the
// wrappers string types put around it (QString, QStringLiteral's lambda,
// QLatin1String, std::string, a named constant).
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_SQLTEXT_H
#define TXNLINT_CORE_SQLTEXT_H

#include "clang/AST/Expr.h"
#include <optional>
#include <string>

namespace txnlint {

enum class SqlVerb {
  Other,
  Begin,     ///< BEGIN [...], START TRANSACTION
  Commit,    ///< COMMIT, END
  Rollback,  ///< ROLLBACK (not ROLLBACK TO)
  Savepoint, ///< SAVEPOINT name
  Release,   ///< RELEASE [SAVEPOINT] name, ROLLBACK TO [SAVEPOINT] name
  Read,      ///< SELECT, SHOW, EXPLAIN (not EXPLAIN ANALYZE): only reads
};

/// What the SQL text starts with (case-insensitive, after blanks).
SqlVerb classifySql(llvm::StringRef Text);

/// The literal text of an SQL argument, if it is written as one.
std::optional<std::string> sqlLiteralOf(const clang::Expr *E);

} // namespace txnlint

#endif
