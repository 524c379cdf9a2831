//===--- RollbackPaths.h - Where a transaction can only roll back -*- C++ -*-===//
//
// A backward pass over the CFG after the transaction dataflow: before which
// calls an open transaction can no longer commit. A function that commits a
// transaction on its success path and returns early on a failure path
// (`if (!ok) return failureResponse(...);` with the guard rolling back on
// the way out) does its failure handling there: an error reply on that path
// does not run inside a unit of work that will commit.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_ROLLBACKPATHS_H
#define TXNLINT_CORE_ROLLBACKPATHS_H

#include "TransactionState.h"
#include "clang/Analysis/CFG.h"

namespace txnlint {

/// Where events of the final dataflow pass sit: block and element index.
struct FlowPositions {
  struct Pos {
    unsigned Block = 0, Index = 0;
  };
  llvm::DenseMap<const clang::Stmt *, Pos> Calls;
  std::vector<std::pair<const void *, Pos>> Commits;
  /// Blocks whose end leaves the function normally.
  std::vector<unsigned> NormalExits;
};

/// Fills Flow.RollbackOnly: for each call, the transactions open before it
/// on every path that the function commits somewhere, but on no path from
/// this call (nor leaves open at a normal return, for its caller to
/// commit). \p Exit is
/// the dataflow's state at the end of each block.
void findRollbackOnly(const clang::CFG &G, const FlowPositions &P,
                      const std::vector<std::optional<TxnState>> &Exit,
                      FunctionFlow &Flow);

} // namespace txnlint

#endif // TXNLINT_CORE_ROLLBACKPATHS_H
