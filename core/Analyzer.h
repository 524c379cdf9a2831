//===--- Analyzer.h - The five checks over one translation unit -*- C++ -*-===//
//
// Runs the transaction-state dataflow over every function of a translation
// unit that is not in a system header, computes summaries, assigns roles and
// produces the findings of all checks, sorted and free of duplicates.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_ANALYZER_H
#define TXNLINT_CORE_ANALYZER_H

#include "ApiCatalog.h"
#include "Finding.h"
#include "Roles.h"
#include "clang/AST/ASTContext.h"
#include <memory>

namespace txnlint {

/// What the report needs to know about one analysed function.
struct FunctionFacts {
  const clang::FunctionDecl *Function = nullptr;
  std::string File;
  std::string Name;
  unsigned Line = 0;
  RoleInfo Role;
  bool Lambda = false;
  bool Spawned = false;        ///< Runs as a background task.
  bool BeginsDirectly = false; ///< Begins a (non-savepoint) transaction.
  bool BeginsThroughCall = false;
  bool TakesSession = false;
  bool OpensOwnSession = false; ///< Creates a session object locally.
};

class TuAnalysis {
public:
  TuAnalysis(clang::ASTContext &Ctx, const ApiCatalog &Api);
  ~TuAnalysis();

  /// Every finding of every check, sorted by place, then check.
  const std::vector<Finding> &findings() const { return Findings; }
  const std::vector<FunctionFacts> &functions() const { return Functions; }

private:
  class Impl;
  std::vector<Finding> Findings;
  std::vector<FunctionFacts> Functions;
};

} // namespace txnlint

#endif // TXNLINT_CORE_ANALYZER_H
