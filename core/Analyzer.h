//===--- Analyzer.h - The enabled checks over one translation unit -*- C++ -*-===//
//
// Runs the transaction-state dataflow over every function of a translation
// unit that is not in a system header, computes summaries and roles, hands
// the dataflow's events to every enabled check (core/checks/) and returns
// their findings, sorted and free of duplicates, with what the report needs
// to know about each function. Everything it returns is free of the AST.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_ANALYZER_H
#define TXNLINT_CORE_ANALYZER_H

#include "Finding.h"
#include "RuleSet.h"
#include "Roles.h"
#include "clang/AST/ASTContext.h"
#include <functional>
#include <tuple>

namespace txnlint {

/// Calls made while a transaction is open that the analysis cannot follow,
/// so what they do is not checked.
struct BlindCalls {
  unsigned NoDefinition = 0; ///< A project function with no analysed body.
  unsigned Indirect = 0;     ///< Through a function pointer or std::function.
  unsigned Virtual = 0;      ///< Virtual dispatch to a method with no body.
  unsigned total() const { return NoDefinition + Indirect + Virtual; }
};

/// What the report needs to know about one analysed function.
struct FunctionFacts {
  std::string File;
  unsigned Line = 0;
  std::string Name; ///< Qualified name (`lambda` for a lambda).
  std::string Usr;
  RoleKind Role = RoleKind::None;
  RoleSource Source = RoleSource::None;
  bool Lambda = false;
  bool Spawned = false; ///< Runs as a background task.
  bool Begins = false;  ///< Begins a (non-savepoint) transaction, directly
                        ///< or through calls.
  bool TakesSession = false;
  bool OpensOwnSession = false; ///< Creates a session object locally.
  BlindCalls Blind;

  bool operator<(const FunctionFacts &O) const {
    return std::tie(File, Line, Name) < std::tie(O.File, O.Line, O.Name);
  }
};

class TuAnalysis {
public:
  /// Which checks run, by name; null runs every registered check.
  using CheckFilter = std::function<bool(llvm::StringRef)>;

  TuAnalysis(clang::ASTContext &Ctx, const RuleSet &Rules,
             const CheckFilter &Enabled = nullptr);
  ~TuAnalysis();

  /// Every finding of every enabled check, sorted (Finding::operator<).
  const std::vector<Finding> &findings() const { return Findings; }
  const std::vector<FunctionFacts> &functions() const { return Functions; }

private:
  class Impl;
  std::vector<Finding> Findings;
  std::vector<FunctionFacts> Functions;
};

} // namespace txnlint

#endif // TXNLINT_CORE_ANALYZER_H
