//===--- TxnState.cpp - The transactions open at one program point -------===//

#include "TransactionState.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace txnlint {

const OpenTxn *TxnState::innermost() const {
  for (bool WantMust : {true, false})
    for (const OpenTxn &T : llvm::reverse(Open))
      if (T.Must == WantMust)
        return &T;
  return nullptr;
}

const OpenTxn *TxnState::openOn(const SessionRef &S) const {
  for (bool WantMust : {true, false})
    for (const OpenTxn &T : llvm::reverse(Open))
      if (T.Must == WantMust && mayBeSameSession(T.Session, S))
        return &T;
  return nullptr;
}

void TxnState::push(OpenTxn T) {
  // A guard on the ambient session: that session's class, from the rules.
  T.declareAmbientSession();
  removeKey(T.Key);
  Open.push_back(std::move(T));
}

void TxnState::removeKey(const void *Key) {
  llvm::erase_if(Open, [&](const OpenTxn &T) { return T.Key == Key; });
}

void TxnState::rekey(const void *From, const void *To, const VarDecl *Guard) {
  for (OpenTxn &T : Open)
    if (T.Key == From) {
      T.Key = To;
      T.Guard = Guard;
    }
}

void TxnState::closeExplicitOn(const SessionRef &S) {
  llvm::erase_if(Open, [&](const OpenTxn &T) {
    return ((T.Api && T.Api->Kind == ScopeKind::Explicit) || T.Ambient ||
            T.Transferred) &&
           mayBeSameSession(T.Session, S);
  });
}

void TxnState::setFlag(const VarDecl *V, std::optional<bool> Value) {
  for (OpenTxn &T : Open) {
    if (T.BegunFlag == V)
      T.BegunFlag = nullptr;
    llvm::erase_if(T.Flags, [&](const auto &F) { return F.first == V; });
    if (Value)
      T.Flags.push_back({V, *Value});
  }
}

void TxnState::setFlagOn(const void *Key, const VarDecl *V) {
  for (OpenTxn &T : Open)
    if (T.Key == Key) {
      llvm::erase_if(T.Flags, [&](const auto &F) { return F.first == V; });
      T.Flags.push_back({V, true});
      T.BegunFlag = V;
    }
}

bool TxnState::assume(const VarDecl *V, bool Value) {
  auto OnlyWhereOther = [&](const OpenTxn &T) {
    return llvm::is_contained(T.Flags, std::make_pair(V, !Value));
  };
  if (llvm::any_of(Open, [&](const OpenTxn &T) {
        return T.Must && OnlyWhereOther(T) && !(T.BegunFlag == V && !Value);
      }))
    return false;
  llvm::erase_if(Open, OnlyWhereOther);
  return true;
}

/// The flags both sides know, with the same value.
static bool sameFlags(const OpenTxn &A, const OpenTxn &B) {
  return A.Flags.size() == B.Flags.size() &&
         llvm::all_of(A.Flags, [&](const auto &F) {
           return llvm::is_contained(B.Flags, F);
         });
}

void TxnState::join(const TxnState &O) {
  HandedEnded = HandedEnded && O.HandedEnded;
  for (OpenTxn &T : Open) {
    const auto *It = llvm::find_if(
        O.Open, [&](const OpenTxn &U) { return U.Key == T.Key; });
    if (It == O.Open.end()) {
      T.Must = false;
    } else {
      T.Must = T.Must && It->Must;
      llvm::erase_if(T.Flags, [&](const auto &F) {
        return !llvm::is_contained(It->Flags, F);
      });
    }
  }
  for (const OpenTxn &U : O.Open)
    if (llvm::none_of(Open, [&](const OpenTxn &T) { return T.Key == U.Key; })) {
      OpenTxn Copy = U;
      Copy.Must = false;
      Open.push_back(Copy);
    }
}

bool TxnState::operator==(const TxnState &O) const {
  if (Open.size() != O.Open.size() || HandedEnded != O.HandedEnded)
    return false;
  for (size_t I = 0; I < Open.size(); ++I)
    if (Open[I].Key != O.Open[I].Key || Open[I].Must != O.Open[I].Must ||
        !sameFlags(Open[I], O.Open[I]))
      return false;
  return true;
}

} // namespace txnlint
