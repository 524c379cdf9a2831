//===--- Summaries.h - What a call does, bottom-up --------------*- C++ -*-===//
//
// Function summaries within a translation unit: does the function begin a
// transaction (on which of its parameters), which side effects may it
// perform (with the chain of calls), does it spawn. Computed lazily,
// memoised, with recursion cut at cycles.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_SUMMARIES_H
#define TXNLINT_CORE_SUMMARIES_H

#include "Finding.h"
#include "TransactionState.h"
#include "llvm/ADT/DenseSet.h"
#include <functional>
#include <memory>

namespace txnlint {

/// One hop of a call chain, shown as a note.
struct ChainStep {
  NoteKind Kind = NoteKind::CallStep;
  clang::SourceLocation Loc;
  std::string Text;
};

struct EffectSummary {
  SideEffectCategory Category = SideEffectCategory::Network;
  bool Spawn = false;
  std::string Api; ///< The side-effect function at the end of the chain.
  std::vector<ChainStep> Chain;
};

struct BeginSummary {
  /// The session as seen by the callee: a parameter index, a fresh local,
  /// a member, or unknown.
  SessionRef Session;
  bool Savepoint = false;
  clang::SourceLocation Loc;
  std::vector<ChainStep> Chain;
};

struct FunctionSummary {
  std::optional<BeginSummary> Begin; ///< First non-savepoint begin.
  std::vector<EffectSummary> Effects; ///< First of each category, in order.
  /// Does database work, itself or through the functions it calls.
  bool UsesDatabase = false;
  /// Never returns normally: every path throws, or ends in a call of a
  /// function that never returns ([[noreturn]], `noreturn:` in the rules, or
  /// by its own summary).
  bool NoReturn = false;
};

/// The caller-side session of a callee's begin, mapped through arguments.
SessionRef mapSessionToCaller(const BeginSummary &B, const clang::Stmt *Call,
                              const clang::FunctionDecl *Caller);

class SummaryTable {
public:
  using FlowProvider = std::function<const FunctionFlow *(const clang::FunctionDecl *)>;
  SummaryTable(const ApiCatalog &Api, FlowProvider FlowOf);

  /// Null when the function has no analysed body in this TU.
  const FunctionSummary *get(const clang::FunctionDecl *F);

private:
  const ApiCatalog &Api;
  FlowProvider FlowOf;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionSummary>>
      Done;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
};

/// `'callee'` for messages.
std::string displayName(const clang::FunctionDecl *F);

} // namespace txnlint

#endif // TXNLINT_CORE_SUMMARIES_H
