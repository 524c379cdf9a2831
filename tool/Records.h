//===--- Records.h - Findings resolved to files and lines -------*- C++ -*-===//
//
// What the driver keeps of a translation unit once its AST is gone: findings
// and function facts with file names, lines, columns and source text.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_RECORDS_H
#define TXNLINT_TOOL_RECORDS_H

#include "Finding.h"
#include "Roles.h"
#include "Suppressions.h"
#include <optional>
#include <string>
#include <vector>

namespace txnlint::driver {

struct Place {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  std::string SourceLine; ///< The text of that line, for snippets.
  bool operator<(const Place &O) const {
    return std::tie(File, Line, Column) < std::tie(O.File, O.Line, O.Column);
  }
  bool operator==(const Place &O) const {
    return File == O.File && Line == O.Line && Column == O.Column;
  }
};

struct NoteRecord {
  Place Where;
  std::string Message;
};

struct FindingRecord {
  CheckKind Check = CheckKind::SideEffectInTransaction;
  Severity Level = Severity::Error;
  Place Where;
  std::string Message;
  std::vector<NoteRecord> Notes;
  std::string Function; ///< Enclosing function, for reports.
  /// Content-based: check, file, function, whitespace-free line, message.
  std::string Fingerprint;
  std::optional<Suppression> Suppressed;
  bool Baselined = false; ///< Recorded in the --baseline file.

  /// Counts toward the exit code and is printed.
  bool active() const { return !Suppressed && !Baselined; }

  bool operator<(const FindingRecord &O) const {
    return std::tie(Where, Check, Message) <
           std::tie(O.Where, O.Check, O.Message);
  }
};

struct FunctionRecord {
  std::string File;
  unsigned Line = 0;
  std::string Name;
  RoleKind Role = RoleKind::None;
  RoleSource Source = RoleSource::None;
  bool Lambda = false;
  bool Spawned = false;
  bool Begins = false; ///< Directly or through calls.
  bool TakesSession = false;
  bool OpensOwnSession = false;

  bool operator<(const FunctionRecord &O) const {
    return std::tie(File, Line, Name) < std::tie(O.File, O.Line, O.Name);
  }
};

/// Everything one run found, merged over translation units.
struct RunResult {
  std::vector<FindingRecord> Findings;
  std::vector<FunctionRecord> Functions;
  std::vector<std::string> FailedFiles; ///< TUs with compiler errors.
  /// Compiler diagnostics and per-file errors, in file order.
  std::string Diagnostics;
  unsigned TranslationUnits = 0;
  bool CouldNotRun = false;
  unsigned StaleBaselineEntries = 0; ///< Baseline entries nothing matched.
};

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_RECORDS_H
