//===--- HeldTransactions.h - Transactions a class holds across calls -*- C++ -*-===//
//
// A class that begins a transaction in one method, leaves it open, and ends
// it in another (`slotStartScan()` calls `dao.addTracksPrepare()`, a later
// `slotFinishScan()` calls `dao.addTracksFinish()`) holds a unit of work
// across its own invocations: the methods that run in between (the slots
// the scan's events call) are not ordered by any call the analysis sees.
// Such a method, one that no analysed code calls (an entry point: a slot, a
// callback, a public method), that works on the object holding the
// transaction may run while it is open. Its calls on that object are given
// to the checks as call sites with the held transaction open on some paths
// (findings are warnings), from facts alone, at the merge.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_HELDTRANSACTIONS_H
#define TXNLINT_CORE_HELDTRANSACTIONS_H

#include "Facts.h"
#include "Summaries.h"

namespace txnlint {

/// The calls made, in methods of a class that may run while a transaction
/// the class holds open across calls is open, on the object that holds it.
/// \p All: every analysed function (duplicates of one USR allowed, the
/// first is used); \p Recorded: the call sites the map step recorded (a
/// call already recorded at a place is not given again).
std::vector<CallSite>
heldTransactionCalls(const std::vector<const FunctionFacts *> &All,
                     const SummaryIndex &Index,
                     const std::vector<TuFacts> &Recorded);

} // namespace txnlint

#endif // TXNLINT_CORE_HELDTRANSACTIONS_H
