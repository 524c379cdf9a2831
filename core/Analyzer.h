//===--- Analyzer.h - The enabled checks over one translation unit -*- C++ -*-===//
//
// The map step: runs the transaction-state dataflow over every function of a
// translation unit that is not in a system header, computes roles, hands the
// dataflow's events to every enabled check (core/checks/), and keeps, free
// of the AST, what the merge needs (Facts.h): function facts, the call sites
// whose findings depend on callee summaries, and the findings so far.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_ANALYZER_H
#define TXNLINT_CORE_ANALYZER_H

#include "Facts.h"
#include "Merge.h"
#include "RuleSet.h"
#include "Roles.h"
#include "clang/AST/ASTContext.h"
#include <functional>
#include <tuple>

namespace txnlint {

/// The map step alone: the facts of the translation unit of \p Ctx. With
/// \p Library (function facts of other units), what a call of a function
/// defined elsewhere leaves open or ends (TransferFacts) is applied too.
TuFacts mapTranslationUnit(clang::ASTContext &Ctx, const RuleSet &Rules,
                           const CheckFilter &Enabled = nullptr,
                           const std::vector<FunctionFacts> &Library = {});

/// The map step and a merge of this translation unit on its own (with the
/// rest of the program's function facts, when a summary file gives them):
/// what the clang-tidy plugin reports.
class TuAnalysis {
public:
  using CheckFilter = txnlint::CheckFilter;

  /// \p Library: function facts of the rest of the program (a summary
  /// file), so that calls into other translation units are followed.
  TuAnalysis(clang::ASTContext &Ctx, const RuleSet &Rules,
             const CheckFilter &Enabled = nullptr,
             const std::vector<FunctionFacts> &Library = {});
  ~TuAnalysis();

  /// What the merge needs of this translation unit (Facts.h).
  const TuFacts &facts() const { return Facts; }
  /// The findings of this translation unit merged on its own (with the
  /// library): sorted (Finding::operator<), without duplicates.
  const std::vector<Finding> &findings() const { return Findings; }
  /// The same, with the suppression comment that applies to each.
  const std::vector<MergedFinding> &merged() const { return Merged.Findings; }
  /// Its functions, as the merge completed them.
  const std::vector<FunctionFacts> &functions() const {
    return Merged.Functions;
  }

  class Impl; ///< The map step (Analyzer.cpp).

private:
  TuFacts Facts;
  MergeResult Merged;
  std::vector<Finding> Findings;
};

} // namespace txnlint

#endif // TXNLINT_CORE_ANALYZER_H
