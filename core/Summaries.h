//===--- Summaries.h - What a call does, bottom-up --------------*- C++ -*-===//
//
// Function summaries built from facts (Facts.h), so that the same code
// answers inside one translation unit and across a whole program: does the
// function begin a transaction (on which of its parameters or members),
// which side effects may it perform (with the chain of calls), does it do
// database work, does it never return. Computed as a least fixpoint over
// every function of the index, so recursion (also across files) converges.
// A virtual call stands for the method and every override the index holds.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_SUMMARIES_H
#define TXNLINT_CORE_SUMMARIES_H

#include "Facts.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <map>

namespace txnlint {

struct EffectSummary {
  SideEffectCategory Category = SideEffectCategory::Network;
  bool Spawn = false;
  std::string Api; ///< The side-effect function at the end of the chain.
  std::vector<FindingNote> Chain;
  /// Performed only under this value of a bool parameter (a caller that
  /// passes the other value as a constant does not reach it).
  BoolCondition When;
  /// Performed only where no transaction is open on a session of this
  /// class (otherwise deferred to its commit); empty: always.
  std::string UnlessOpen;
  bool conditional() const { return When.Param >= 0 || !UnlessOpen.empty(); }
};

struct BeginSummary {
  SessionKey Session; ///< In the terms of the summarised function.
  std::vector<FindingNote> Chain;
  /// Reached after the function ended its caller's transaction: it begins
  /// a transaction, but not inside the caller's.
  bool AfterEnd = false;
  /// Begins only when this bool parameter is true (-1: always).
  int WhenParam = -1;
  /// Whether a call whose arguments \p FalseArgs are the constant false
  /// begins it.
  bool beginsAt(const std::vector<int> &FalseArgs) const {
    return WhenParam < 0 || !llvm::is_contained(FalseArgs, WhenParam);
  }
};

struct FunctionSummary {
  std::optional<BeginSummary> Begin; ///< First non-savepoint begin.
  /// First of each kind and condition, in order; none of a kind under a
  /// condition after one of that kind that is always performed.
  std::vector<EffectSummary> Effects;
  /// The first effect a call with these constant bool arguments may reach,
  /// made where a transaction is open on every path on sessions of the
  /// classes \p OpenTypes.
  const EffectSummary *effectAt(const std::vector<int> &FalseArgs,
                                const std::vector<int> &TrueArgs,
                                const std::vector<std::string> &OpenTypes) const;
  bool UsesDatabase = false; ///< Itself or through its callees.
  /// Never returns normally: every path throws, or ends in a call of a
  /// function that never returns.
  bool NoReturn = false;

  bool operator==(const FunctionSummary &O) const;
};

/// A callee's session in the caller's terms, through the call's arguments
/// and, for the callee's own object, the call's receiver.
SessionKey mapToCaller(const SessionKey &CalleeSession,
                       const std::vector<SessionKey> &Args,
                       const SessionKey &Receiver);

class SummaryIndex {
public:
  /// \p Functions must outlive the index. Facts of one USR seen in several
  /// translation units with the same file (a header's inline function):
  /// the first is used. Definitions in different files (several programs
  /// in one database, each with its own `main` or helper of one name) are
  /// all kept; a call from \p FromFile resolves to the one whose path
  /// shares the longest directory prefix with it.
  explicit SummaryIndex(std::vector<const FunctionFacts *> Functions);

  /// Null when no analysed function has this USR.
  const FunctionSummary *get(llvm::StringRef Usr,
                             llvm::StringRef FromFile = "") const;
  /// What a call runs: the function, and for a virtual call every override
  /// with a body, joined. Null when none of them has a body.
  std::optional<FunctionSummary> ofCall(llvm::StringRef Usr, bool Virtual,
                                        llvm::StringRef FromFile = "") const;
  const FunctionFacts *facts(llvm::StringRef Usr,
                             llvm::StringRef FromFile = "") const;
  /// Whether any analysed function other than \p Usr itself calls it.
  bool hasCaller(llvm::StringRef Usr) const;
  /// Whether a call of \p Usr (virtual or not) reaches an analysed body.
  bool resolves(llvm::StringRef Usr, bool Virtual) const;

private:
  FunctionSummary compute(const FunctionFacts &F,
                          const FunctionSummary &Old) const;
  void overridesOf(llvm::StringRef Usr, std::vector<std::string> &Out) const;

  std::vector<const FunctionFacts *> Order; ///< By USR.
  llvm::StringMap<std::vector<const FunctionFacts *>> ByUsr;
  llvm::DenseMap<const FunctionFacts *, FunctionSummary> Done;
  llvm::StringMap<std::vector<std::string>> OverriddenBy;
  llvm::StringMap<unsigned> CallerCount;
};

} // namespace txnlint

#endif // TXNLINT_CORE_SUMMARIES_H
