//===--- HeldTransactions.cpp - Transactions a class holds across calls ---===//

#include "HeldTransactions.h"
#include "llvm/ADT/StringSet.h"
#include <map>
#include <set>
#include <tuple>

namespace txnlint {

namespace {

/// The class of a method, from its USR (`c:@S@Scanner@F@scan#` is a method
/// of `c:@S@Scanner`); empty for a free function or a lambda.
llvm::StringRef classUsrOf(const FunctionFacts &F) {
  if (F.Lambda)
    return {};
  llvm::StringRef Usr(F.Usr);
  // The last `@F@`, one character at a time: the rfind of a string compares
  // the whole needle at every place of a long USR.
  size_t At = Usr.size();
  while (At >= 3 && !(Usr[At - 1] == '@' && Usr[At - 2] == 'F' && Usr[At - 3] == '@'))
    --At;
  if (At < 3)
    return {};
  At -= 3;
  llvm::StringRef Class = Usr.take_front(At);
  size_t Name = Class.rfind('@');
  size_t Tag = Name == llvm::StringRef::npos ? Name : Class.rfind('@', Name - 1);
  if (Tag == llvm::StringRef::npos)
    return {};
  // `S` (class, struct), `ST>n#...` (class template), `SP>...` (partial
  // specialisation); a namespace is `N`.
  llvm::StringRef Kind = Class.slice(Tag + 1, Name);
  return Kind == "S" || Kind.starts_with("ST>") || Kind.starts_with("SP>")
             ? Class
             : llvm::StringRef();
}

/// A constructor or destructor: it runs before or after any held unit.
bool isLifetime(const FunctionFacts &F) {
  llvm::StringRef Name(F.Name);
  auto [Scope, Last] = Name.rsplit("::");
  if (Last.starts_with("~"))
    return true;
  llvm::StringRef Class = Scope.rsplit("::").second;
  if (Class.empty())
    Class = Scope;
  return !Scope.empty() && Class.split('<').first == Last;
}

/// The ids a transaction left open is known by: its session and the
/// object that holds it (a guard member); an end names either.
using Keys = std::set<std::string>;

bool leavesOpenOn(const FunctionFacts &F, const Keys &K) {
  return llvm::any_of(F.Transfer.LeavesOpen, [&](const TransferFacts::Opened &O) {
    return K.count(O.Session.Id) || K.count(O.Holder.Id);
  });
}

bool endsOn(const FunctionFacts &F, const Keys &K) {
  return llvm::any_of(F.Transfer.Ends, [&](const TransferFacts::Ended &E) {
    return K.count(E.Session.Id);
  });
}

bool isMember(llvm::StringRef Id) { return Id.starts_with("F:"); }

/// One transaction a class holds across calls.
struct Held {
  const FunctionFacts *Opener = nullptr;
  std::vector<const FunctionFacts *> Closers;
  SessionKey Session;
  Keys Ids;
  /// The member the class opens it through (`dao` in `dao.prepare()`), or
  /// the session or guard member itself when the class begins it.
  std::string Object;
  FindingNote Begin; ///< Where the opener opens it.
  /// What the opener and the closers call: whether it is open there is
  /// known from their flow.
  llvm::StringSet<> Ordered;
};

using Place = std::tuple<std::string, std::string, unsigned, unsigned>;

/// The transactions the methods of one class leave open on its members
/// (or through them, calling a method that leaves one open on its own
/// member), each with a method of the class that ends it.
std::vector<Held> heldBy(const std::vector<const FunctionFacts *> &Methods,
                         const SummaryIndex &Index) {
  // Whether \p F ends the transaction known by \p K held through
  // \p Object itself: calling that member's method that ends it, or ending
  // it with no call of anything that does (not through another method of
  // its class, as a dispatcher that calls every slot does).
  auto Ends = [&](const FunctionFacts &F, const Keys &K,
                  llvm::StringRef Object) {
    bool Through = false;
    for (const SummaryStep &St : F.Steps)
      if (St.Kind == SummaryStep::Call)
        if (const FunctionFacts *C = Index.facts(St.CalleeUsr, F.File);
            C && endsOn(*C, K)) {
          if (St.Receiver.Id == Object && !leavesOpenOn(*C, K))
            return true;
          Through = true; // Or restarts it (commit and begin the next).
        }
    return !Through && endsOn(F, K) && !leavesOpenOn(F, K);
  };
  std::vector<Held> Out;
  auto Add = [&](const FunctionFacts *O, const TransferFacts::Opened &L,
                 std::string Object, const FindingNote &Where) {
    Keys K;
    for (const SessionKey *Id : {&L.Session, &L.Holder})
      if (!Id->Id.empty())
        K.insert(Id->Id);
    if (Ends(*O, K, Object))
      return; // It ends it too: the unit of work is within the method.
    std::vector<const FunctionFacts *> Closers;
    for (const FunctionFacts *E : Methods)
      if (E != O && Ends(*E, K, Object))
        Closers.push_back(E);
    if (Closers.empty() || Where.Where.File.empty())
      return;
    Held H{O, std::move(Closers), L.Session, std::move(K), std::move(Object),
           Where, {}};
    for (const FunctionFacts *F : H.Closers)
      for (const SummaryStep &St : F->Steps)
        if (St.Kind == SummaryStep::Call)
          H.Ordered.insert(St.CalleeUsr);
    for (const SummaryStep &St : O->Steps)
      if (St.Kind == SummaryStep::Call)
        H.Ordered.insert(St.CalleeUsr);
    H.Begin.Kind = NoteKind::TransactionBegins;
    H.Begin.InChain = false;
    H.Begin.Message = "'" + O->Name + "' leaves a transaction open here; '" +
                      H.Closers.front()->Name + "' ends it";
    Out.push_back(std::move(H));
  };
  for (const FunctionFacts *O : Methods) {
    // It begins one itself on a member and leaves it open.
    for (const TransferFacts::Opened &L : O->Transfer.LeavesOpen)
      if (L.Must && O->BeginSession && O->BeginSession->Id == L.Session.Id &&
          isMember(L.Holder.Id.empty() ? L.Session.Id : L.Holder.Id))
        Add(O, L, L.Holder.Id.empty() ? L.Session.Id : L.Holder.Id,
            O->BeginNote);
    // It calls a member's method that leaves one open (open on the paths
    // that reach that call: the others return early).
    for (const SummaryStep &St : O->Steps) {
      if (St.Kind != SummaryStep::Call || !isMember(St.Receiver.Id))
        continue;
      if (const FunctionFacts *C = Index.facts(St.CalleeUsr, O->File))
        for (const TransferFacts::Opened &L : C->Transfer.LeavesOpen)
          if (L.Must)
            Add(O, L, St.Receiver.Id, St.Note);
    }
  }
  return Out;
}

} // namespace

std::vector<CallSite>
heldTransactionCalls(const std::vector<const FunctionFacts *> &All,
                     const SummaryIndex &Index,
                     const std::vector<TuFacts> &Recorded) {
  // Methods by class, one per USR.
  std::map<std::string, std::vector<const FunctionFacts *>> Classes;
  llvm::StringSet<> Seen;
  for (const FunctionFacts *F : All)
    if (llvm::StringRef Class = classUsrOf(*F);
        !Class.empty() && Seen.insert(F->Usr).second)
      Classes[Class.str()].push_back(F);

  std::set<Place> Known;
  bool KnownFilled = false;
  std::vector<CallSite> Out;
  for (const auto &[Class, Methods] : Classes)
    for (const Held &H : heldBy(Methods, Index))
      for (const FunctionFacts *M : Methods) {
        // A method that neither opens nor ends it, and is not called where
        // whether it is open is known: by its opener or its closer (a
        // dispatcher, a caller elsewhere, call it at any time).
        if (M == H.Opener || llvm::is_contained(H.Closers, M) ||
            isLifetime(*M) || leavesOpenOn(*M, H.Ids) || endsOn(*M, H.Ids) ||
            H.Ordered.contains(M->Usr))
          continue;
        std::vector<const SummaryStep *> OnObject;
        bool Touches = false;
        if (!KnownFilled) {
          for (const TuFacts &U : Recorded)
            for (const CallSite &S : U.Calls)
              Known.insert(
                  {S.FunctionUsr, S.Where.File, S.Where.Line, S.Where.Column});
          KnownFilled = true;
        }
        for (const SummaryStep &St : M->Steps) {
          if (St.Kind != SummaryStep::Call || St.Receiver.Id != H.Object)
            continue;
          const FunctionFacts *Callee = Index.facts(St.CalleeUsr, M->File);
          Touches |= Callee && (leavesOpenOn(*Callee, H.Ids) ||
                                endsOn(*Callee, H.Ids));
          if (!St.AfterEnd &&
              !Known.count({M->Usr, St.Note.Where.File, St.Note.Where.Line,
                            St.Note.Where.Column}))
            OnObject.push_back(&St);
        }
        if (Touches)
          continue;
        for (const SummaryStep *St : OnObject) {
          CallSite C;
          C.Function = C.CallerDisplay = M->Name;
          C.FunctionUsr = M->Usr;
          C.Where = St->Note.Where;
          C.Callee = St->Callee;
          C.CalleeUsr = St->CalleeUsr;
          C.Virtual = St->Virtual;
          C.Args = St->Args;
          C.Receiver = St->Receiver;
          C.FalseArgs = St->FalseArgs;
          C.TrueArgs = St->TrueArgs;
          OpenFact T;
          T.Session = H.Session;
          T.Must = false; // Whether it is open here depends on event order.
          T.SessionType = H.Session.Type;
          T.Level = Severity::Warning;
          T.WhereText = " while the transaction that '" + H.Opener->Name +
                        "' leaves open until '" + H.Closers.front()->Name +
                        "' may be open";
          T.Begin = H.Begin;
          C.Open.push_back(std::move(T));
          Out.push_back(std::move(C));
        }
      }
  return Out;
}

} // namespace txnlint
