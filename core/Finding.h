//===--- Finding.h - Typed findings, free of the AST ------------*- C++ -*-===//
//
// What the analysis reports, as plain data: the check, a severity, places as
// file/line/column, the enclosing function by qualified name and USR, and
// typed notes. A finding outlives its translation unit: it can be written to
// disk and read back unchanged (toJson/findingFromJson), and every consumer
// (the clang-tidy adapter, the text, JSON, SARIF and Markdown writers)
// classifies it by these fields, never by its message text.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_FINDING_H
#define TXNLINT_CORE_FINDING_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace txnlint {

enum class Severity { Warning, Error };
llvm::StringRef severityName(Severity S);
std::optional<Severity> severityByName(llvm::StringRef Name);

/// A place in a source file: 1-based line and byte column, and the text of
/// that line (for snippets and content-based fingerprints).
struct SourcePlace {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  std::string SourceLine;

  bool operator<(const SourcePlace &O) const {
    return std::tie(File, Line, Column) < std::tie(O.File, O.Line, O.Column);
  }
  bool operator==(const SourcePlace &O) const {
    return File == O.File && Line == O.Line && Column == O.Column &&
           SourceLine == O.SourceLine;
  }
};

/// What a note points at.
enum class NoteKind {
  TransactionBegins,      ///< The transaction the finding is about begins.
  OuterTransactionBegins, ///< The open transaction a begin nests in.
  CallStep,               ///< One hop of a call chain ('f' calls 'g' here).
  RoleSource,             ///< Where the function's role comes from.
  Capture,                ///< A session captured by or passed to a task.
  TransactionEnds,        ///< A commit or rollback.
  Suppression,            ///< About a suppression comment.
};
llvm::StringRef noteKindName(NoteKind K);
std::optional<NoteKind> noteKindByName(llvm::StringRef Name);

struct FindingNote {
  NoteKind Kind = NoteKind::TransactionBegins;
  SourcePlace Where;
  std::string Message;
  /// A step of the call chain from the finding (a call made there) into a
  /// callee, ending at what the callee does (a begin, a side effect).
  bool InChain = false;

  bool operator==(const FindingNote &O) const {
    return Kind == O.Kind && Where == O.Where && Message == O.Message &&
           InChain == O.InChain;
  }
};

struct Finding {
  std::string Check; ///< `txn-nested-begin`: a name in the check registry.
  Severity Level = Severity::Error;
  SourcePlace Where;
  std::string Message;
  std::string Function;    ///< Qualified name of the enclosing function.
  std::string FunctionUsr; ///< Its USR, stable across translation units.
  /// What the finding is about, for classification: a side effect's
  /// category (`network`, `enqueue`, ...) or `spawn`; for a session handed
  /// to a background task, the task function's USR; empty otherwise.
  std::string Subject;
  std::vector<FindingNote> Notes;

  /// Report order: by place, then check, then message.
  bool operator<(const Finding &O) const {
    return std::tie(Where, Check, Message) <
           std::tie(O.Where, O.Check, O.Message);
  }
  bool operator==(const Finding &O) const {
    return Check == O.Check && Level == O.Level && Where == O.Where &&
           Message == O.Message && Function == O.Function &&
           FunctionUsr == O.FunctionUsr && Subject == O.Subject &&
           Notes == O.Notes;
  }
  /// Reached through a call: some notes follow a call chain.
  bool hasChain() const {
    for (const FindingNote &N : Notes)
      if (N.InChain)
        return true;
    return false;
  }
};

/// Path prefixes replaced in the paths the serialised forms are written with
/// (`--file-prefix-map OLD=NEW`, as clang's `-ffile-prefix-map`: facts that
/// do not depend on where the build ran); the last matching pair applies.
using PathPrefixMap = std::vector<std::pair<std::string, std::string>>;
/// While one lives, the serialised forms written on this thread carry
/// mapped paths.
class WithPathPrefixMap {
public:
  explicit WithPathPrefixMap(const PathPrefixMap &Map);
  ~WithPathPrefixMap();
  WithPathPrefixMap(const WithPathPrefixMap &) = delete;
  WithPathPrefixMap &operator=(const WithPathPrefixMap &) = delete;

private:
  const PathPrefixMap *Saved;
};
/// \p Path as the serialised forms write it.
std::string writtenPath(llvm::StringRef Path);
/// \p Text (compiler messages) with every path prefix in it mapped.
std::string writtenText(llvm::StringRef Text);

/// The serialised form (facts files): every field, nothing derived.
llvm::json::Value toJson(const Finding &F);
/// Reads what toJson wrote; an error names the offending field.
llvm::Expected<Finding> findingFromJson(const llvm::json::Value &V);

} // namespace txnlint

#endif // TXNLINT_CORE_FINDING_H
