//===--- ReportWriter.cpp - The per-file compliance table -----------------===//
//
// A first, simple per-file table in the structure of the audit seed: files
// grouped by role, with pattern, status and issues, then the background
// task implementations as file:function, then a summary line. The exact
// rules are in docs/report.md.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"
#include "Outputs.h"
#include "llvm/ADT/StringExtras.h"
#include <map>
#include <set>

namespace txnlint::driver {

namespace {

struct Status {
  unsigned Errors = 0, Warnings = 0;
  std::set<std::string> Checks;
  std::string text() const {
    if (Errors)
      return "Non-Compliant";
    return Warnings ? "Partially Compliant" : "Compliant";
  }
  std::string issues() const {
    return Checks.empty() ? "None found" : llvm::join(Checks, ", ");
  }
};

struct FileInfo {
  std::map<RoleKind, unsigned> Roles;
  bool Inferred = false;
  bool OwnerBegins = false, AwareBegins = false, TakesSession = false;
  bool Background = false;
  Status St;
};

std::string pattern(const FileInfo &F, RoleKind Role) {
  if (F.AwareBegins || (F.Roles.count(RoleKind::Owner) &&
                        F.Roles.count(RoleKind::Aware)))
    return "Mixed";
  switch (Role) {
  case RoleKind::Owner:
    return "Transaction Owner";
  case RoleKind::Aware:
    return "Transaction Aware";
  case RoleKind::Background:
    return "Self-Contained";
  case RoleKind::None:
    return F.OwnerBegins ? "Transaction Owner"
                         : F.TakesSession ? "Transaction Aware" : "None";
  }
  return "None";
}

} // namespace

std::string renderReport(const RunResult &R, llvm::StringRef Root) {
  std::map<std::string, FileInfo> Files;
  std::map<std::pair<std::string, std::string>, Status> Tasks;
  for (const FunctionRecord &F : R.Functions) {
    FileInfo &I = Files[F.File];
    if (F.Role == RoleKind::Background) {
      I.Background = true;
      Tasks[{F.File, F.Name == "lambda" ? "lambda:" + std::to_string(F.Line)
                                        : F.Name}];
    }
    if (F.Lambda)
      continue;
    ++I.Roles[F.Role];
    I.Inferred |= F.Source == RoleSource::Inferred;
    I.OwnerBegins |= F.Begins && F.Role != RoleKind::Aware;
    I.AwareBegins |= F.Begins && F.Role == RoleKind::Aware;
    I.TakesSession |= F.TakesSession;
  }
  for (const FindingRecord &F : R.Findings) {
    if (F.Suppressed)
      continue; // Listed under Suppressions.
    Status &S = Files[F.Where.File].St;
    (F.Level == Severity::Error ? S.Errors : S.Warnings)++;
    S.Checks.insert(checkName(F.Check).str());
    for (auto &[Key, TS] : Tasks)
      if (Key.first == F.Where.File && Key.second == F.Function) {
        (F.Level == Severity::Error ? TS.Errors : TS.Warnings)++;
        TS.Checks.insert(checkName(F.Check).str());
      }
  }

  auto MainRole = [](const FileInfo &I) {
    RoleKind Best = RoleKind::None;
    unsigned Count = 0;
    for (const auto &[Role, N] : I.Roles)
      if (Role != RoleKind::None && N > Count) {
        Best = Role;
        Count = N;
      }
    return Best;
  };

  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "# Transaction Compliance Report\n\n";
  unsigned Compliant = 0, Partial = 0, Non = 0;
  auto Table = [&](llvm::StringRef Title, RoleKind Want) {
    std::string Rows;
    for (const auto &[Path, I] : Files) {
      RoleKind Role = MainRole(I);
      if (Role != Want || (Want == RoleKind::None && I.Roles.empty()))
        continue;
      std::string Pat = pattern(I, Role);
      if (Want == RoleKind::None && Pat == "None" && I.St.Checks.empty())
        continue;
      std::string St = I.St.text();
      (St == "Compliant" ? Compliant : St == "Non-Compliant" ? Non : Partial)++;
      Rows += "| `" + relativePath(Path, Root) + "`" +
              (I.Inferred ? " (role inferred)" : "") + " | " + Pat + " | " +
              St + " | " + I.St.issues() + " |\n";
    }
    if (Rows.empty())
      return;
    OS << "### " << Title << "\n\n"
       << "| File | Transaction Pattern | Status | Issues |\n"
       << "|------|---------------------|--------|--------|\n"
       << Rows << "\n";
  };
  OS << "## File-by-File Transaction Pattern Analysis\n\n";
  Table("Router Files", RoleKind::Owner);
  Table("Service Files", RoleKind::Aware);
  Table("Background Task Files", RoleKind::Background);
  Table("Other Files", RoleKind::None);
  if (!Tasks.empty()) {
    OS << "### Background Task Implementations\n\n"
       << "| File | Transaction Pattern | Status | Issues |\n"
       << "|------|---------------------|--------|--------|\n";
    for (const auto &[Key, S] : Tasks)
      OS << "| `" << relativePath(Key.first, Root) << ":" << Key.second
         << "` | Self-Contained | " << S.text() << " | " << S.issues()
         << " |\n";
    OS << "\n";
  }
  std::string Suppressions;
  for (const FindingRecord &F : R.Findings)
    if (F.Suppressed)
      Suppressions += "| `" + relativePath(F.Where.File, Root) + ":" +
                      std::to_string(F.Where.Line) + "` | " +
                      checkName(F.Check).str() + " | " +
                      suppressionKindName(F.Suppressed->Kind).str() + " | " +
                      (F.Suppressed->Reason.empty() ? "(no reason given)"
                                                    : F.Suppressed->Reason) +
                      " |\n";
  if (!Suppressions.empty())
    OS << "## Suppressions\n\n"
       << "| Place | Check | Form | Reason |\n"
       << "|-------|-------|------|--------|\n"
       << Suppressions << "\n";
  OS << "## Summary\n\n"
     << Compliant + Partial + Non << " files classified in "
     << R.TranslationUnits
     << " translation units: " << Compliant << " compliant, " << Partial
     << " partially compliant, " << Non << " non-compliant; "
     << R.Findings.size() << " findings.\n";
  return Out;
}

} // namespace txnlint::driver
