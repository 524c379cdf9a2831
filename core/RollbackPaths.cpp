//===--- RollbackPaths.cpp - Where a transaction can only roll back -------===//

#include "RollbackPaths.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace txnlint {

void findRollbackOnly(const CFG &G, const FlowPositions &P,
                      const std::vector<std::optional<TxnState>> &Exit,
                      FunctionFlow &Flow) {
  if (P.Commits.empty())
    return;
  using KeySet = llvm::SmallPtrSet<const void *, 4>;
  unsigned N = G.getNumBlockIDs();
  // Keys that may still commit (or stay open for the caller) from the
  // start of a block, and from its end.
  std::vector<KeySet> In(N), Out(N), CommitsIn(N);
  KeySet Committed;
  for (const auto &[Key, Pos] : P.Commits) {
    CommitsIn[Pos.Block].insert(Key);
    Committed.insert(Key);
  }
  for (unsigned B : P.NormalExits)
    if (Exit[B])
      for (const OpenTxn &T : Exit[B]->open())
        Out[B].insert(T.Key);
  // Backward union to a fixed point; sets only grow.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *B : llvm::reverse(G)) {
      unsigned Id = B->getBlockID();
      for (const CFGBlock::AdjacentBlock &S : B->succs())
        if (const CFGBlock *SB = S.getReachableBlock())
          for (const void *K : In[SB->getBlockID()])
            Changed |= Out[Id].insert(K).second;
      for (const void *K : Out[Id])
        Changed |= In[Id].insert(K).second;
      for (const void *K : CommitsIn[Id])
        Changed |= In[Id].insert(K).second;
    }
  }
  for (const auto &[Call, Pos] : P.Calls) {
    for (const OpenTxn &T : Flow.before(Call).open()) {
      // Open on some paths only: the call also runs where the transaction
      // committed (or never began), so it is not failure handling.
      if (!T.Must || T.Ambient || !Committed.contains(T.Key) ||
          Out[Pos.Block].contains(T.Key))
        continue;
      bool LaterInBlock = llvm::any_of(P.Commits, [&](const auto &C) {
        return C.first == T.Key && C.second.Block == Pos.Block &&
               C.second.Index >= Pos.Index;
      });
      if (!LaterInBlock)
        Flow.RollbackOnly[Call].push_back(T.Key);
    }
  }
}

} // namespace txnlint
