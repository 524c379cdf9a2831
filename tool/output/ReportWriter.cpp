//===--- ReportWriter.cpp - The Markdown compliance report ----------------===//
//
// The structure of the audit seed: per-role file tables (File | Transaction
// Pattern | Status | Issues), background task implementations as
// file:function, remediation recommendations by priority, the verification
// checklist per role ticked from what was found, suppressions with their
// reasons, and a summary line. Every rule is in docs/report.md; the output
// depends only on the findings and functions (sorted), so it is stable.
//
//===----------------------------------------------------------------------===//

#include "OutputWriter.h"
#include "ReportModel.h"
#include "checks/CheckRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace txnlint::driver {

namespace {

/// A task enqueued or spawned inside the transaction (the seed's "task
/// reads before commit"), as opposed to another side effect.
bool isSpawnOrEnqueue(const FindingRecord &F) {
  return F.Check == SideEffect &&
         (F.Subject == "enqueue" || F.Subject == "spawn");
}

struct CheckItem {
  std::string Text;
  bool Ticked;
  std::string Evidence;
};

/// Text for a table cell: a `|` would end the cell (also inside a code span
/// or a link, in GitHub's tables), a line break the row.
std::string cell(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text)
    Out += C == '|' ? std::string("\\|") : C == '\n' ? std::string(" ")
                                                       : std::string(1, C);
  return Out;
}

/// Where links in the report start from: the report's own directory.
struct Linker {
  std::string Root;      ///< Paths are shown relative to this.
  std::string ReportDir; ///< Absolute; empty: links relative to Root.

  /// `[`shown:line`](../rel/path#Lline)`.
  std::string place(llvm::StringRef File, unsigned Line = 0) const {
    std::string Shown = relativePath(File, Root);
    std::string Text = Line ? Shown + ":" + std::to_string(Line) : Shown;
    std::string Target = target(File);
    if (Line)
      Target += "#L" + std::to_string(Line);
    return "[`" + Text + "`](" + Target + ")";
  }

  /// `[line N](../rel/path#LN)`, for a place whose file is already named.
  std::string line(llvm::StringRef File, unsigned Line) const {
    return "[line " + std::to_string(Line) + "](" + target(File) + "#L" +
           std::to_string(Line) + ")";
  }

private:
  std::string target(llvm::StringRef Path) const {
    // A relative path (facts written with --file-prefix-map ROOT/=) is
    // relative to the root.
    llvm::SmallString<256> File(Path);
    if (!Root.empty() && llvm::sys::path::is_relative(File))
      llvm::sys::fs::make_absolute(Root, File);
    if (ReportDir.empty() || !llvm::sys::path::is_absolute(File))
      return encode(relativePath(File, Root));
    // Up from the report's directory to the common ancestor, then down.
    llvm::SmallVector<llvm::StringRef, 16> From, To;
    for (auto It = llvm::sys::path::begin(ReportDir),
              E = llvm::sys::path::end(ReportDir);
         It != E; ++It)
      From.push_back(*It);
    for (auto It = llvm::sys::path::begin(File), E = llvm::sys::path::end(File);
         It != E; ++It)
      To.push_back(*It);
    size_t Common = 0;
    while (Common < From.size() && Common + 1 < To.size() &&
           From[Common] == To[Common])
      ++Common;
    std::string Out;
    for (size_t I = Common; I < From.size(); ++I)
      Out += "../";
    for (size_t I = Common; I < To.size(); ++I)
      Out += (I > Common ? "/" : "") + To[I].str();
    return encode(Out);
  }
  /// Markdown link targets: spaces and parentheses percent-encoded.
  static std::string encode(llvm::StringRef Path) {
    std::string Out;
    for (char C : Path)
      Out += C == ' ' ? "%20" : C == '(' ? "%28" : C == ')' ? "%29"
                                                             : std::string(1, C);
    return Out;
  }
};

std::string evidence(const std::vector<const FindingRecord *> &Fs,
                     const Linker &L) {
  std::vector<std::string> Places;
  for (const FindingRecord *F : Fs)
    Places.push_back(L.place(F->Where.File, F->Where.Line));
  if (Places.size() > 4) {
    size_t More = Places.size() - 4;
    Places.resize(4);
    Places.push_back("and " + std::to_string(More) + " more");
  }
  return llvm::join(Places, ", ");
}

} // namespace

namespace {

class ReportWriter : public OutputWriter {
public:
  explicit ReportWriter(const OutputOptions &O)
      : Links{O.Root, O.ReportDir} {}
  llvm::StringRef what() const override { return "report"; }
  void write(llvm::raw_ostream &OS, const RunResult &R) const override {
    OS << render(R, Links);
  }

private:
  static std::string render(const RunResult &R, const Linker &Links);
  Linker Links;
};

} // namespace

std::string ReportWriter::render(const RunResult &R, const Linker &Links) {
  llvm::StringRef Root = Links.Root;
  ReportModel Model = classify(R);
  const std::map<std::string, FileInfo> &Files = Model.Files;
  const auto &Tasks = Model.Tasks;
  const std::map<std::string, RoleKind> &FunctionRole = Model.FunctionRole;
  const std::vector<const FindingRecord *> &Counted = Model.Counted;

  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "# Transaction Compliance Report\n\n"
     << "Roles: `owner` files own transaction boundaries, `aware` files use "
     << "the session they are given, background tasks open their own "
     << "session. The rules behind every column are in `docs/report.md`.\n\n";
  // Provenance: what produced this report, from what.
  OS << "- Tool: txnlint " << TXNLINT_VERSION << "\n";
  for (const auto &[File, Presets] : R.Rules) {
    OS << "- Rules: `" << relativePath(File, Root) << "`";
    if (!Presets.empty())
      OS << " (presets: " << llvm::join(Presets, ", ") << ")";
    OS << "\n";
  }
  OS << "- Translation units: "
     << R.TranslationUnits - R.FailedFiles.size() << " analysed";
  if (!R.FailedFiles.empty())
    OS << ", " << R.FailedFiles.size()
       << " with compiler errors (analysed what parsed; findings may be "
          "missing)";
  OS << "\n";
  if (std::string Rev = gitRevision(Root); !Rev.empty())
    OS << "- Source revision: `" << Rev << "`\n";
  OS << "\n";

  unsigned Compliant = 0, Partial = 0, Non = 0;
  auto Table = [&](llvm::StringRef Title, RoleKind Want) {
    std::string Rows;
    for (const auto &[Path, I] : Files) {
      if (I.mainRole() != Want)
        continue;
      std::string Pat = I.pattern();
      if (Want == RoleKind::None && Pat == "None" && I.St.Checks.empty())
        continue; // Neither a role nor a finding: nothing to audit.
      std::string St = I.St.text();
      (St == "Compliant" ? Compliant : St == "Non-Compliant" ? Non : Partial)++;
      Rows += "| " + cell(Links.place(Path)) +
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
      OS << "| " << cell(Links.place(Key.first)) << " `" << cell(Key.second)
         << "` | Self-Contained | " << S.text() << " | " << S.issues()
         << " |\n";
    OS << "\n";
  }

  OS << "## Findings by Check\n\n"
     << "| Check | High priority | Medium priority | Suppressed |\n"
     << "|-------|---------------|-----------------|------------|\n";
  for (const ReportModel::CheckCounts &N : Model.ByCheck)
    OS << "| " << N.Check << " | " << N.High << " | " << N.Medium << " | "
       << N.Suppressed << " |\n";
  OS << "\n";

  // Remediation: errors are high priority, warnings medium; per file, in
  // path order, each finding with its function, the change and the reason.
  OS << "## Remediation Recommendations\n\n";
  for (Severity Level : {Severity::Error, Severity::Warning}) {
    std::map<std::string, std::vector<const FindingRecord *>> ByFile;
    for (const FindingRecord *F : Counted)
      if (F->Level == Level)
        ByFile[F->Where.File].push_back(F);
    OS << "### " << (Level == Severity::Error ? "High" : "Medium")
       << " Priority\n\n";
    if (ByFile.empty()) {
      OS << "None.\n\n";
      continue;
    }
    unsigned N = 0;
    for (const auto &[File, Fs] : ByFile) {
      OS << ++N << ". **Fix " << Links.place(File) << "**\n";
      for (const FindingRecord *F : Fs) {
        llvm::StringRef Change, Why;
        if (const CheckInfo *Info = findCheck(F->Check)) {
          const Remedy &R = Info->remedyFor(*F);
          Change = R.Change;
          Why = R.Why;
        }
        OS << "   - `" << (F->Function.empty() ? "?" : F->Function) << "` ("
           << Links.line(F->Where.File, F->Where.Line) << ", " << F->Check
           << "): " << Change << ". Why: " << Why << "."
           << (F->Baselined ? " (in the baseline)" : "") << "\n";
        // The call chain, in order, under the item.
        unsigned Step = 0;
        for (const FindingNote &Note : F->Notes)
          if (Note.InChain)
            OS << "     " << ++Step << ". "
               << Links.place(Note.Where.File, Note.Where.Line) << ": "
               << Note.Message << "\n";
      }
      OS << "\n";
    }
  }

  // The checklist of the seed, ticked from the findings in each group.
  auto InGroup = [&](const FindingRecord &F, RoleKind Role) {
    if (Role == RoleKind::Background) {
      auto It = FunctionRole.find(F.Function);
      return F.Check == BackgroundReuse ||
             (It != FunctionRole.end() && It->second == RoleKind::Background);
    }
    auto It = Files.find(F.Where.File);
    return It != Files.end() && It->second.mainRole() == Role;
  };
  auto Failing = [&](RoleKind Role, auto Pred) {
    std::vector<const FindingRecord *> Out;
    for (const FindingRecord *F : Counted)
      if (InGroup(*F, Role) && Pred(*F))
        Out.push_back(F);
    return Out;
  };
  auto Is = [](llvm::StringRef K) {
    return [K](const FindingRecord &F) { return F.Check == K; };
  };
  auto Item = [&](std::string Text,
                  const std::vector<const FindingRecord *> &Bad) {
    return CheckItem{std::move(Text), Bad.empty(), evidence(Bad, Links)};
  };
  // Places where a function-level item is not met.
  std::vector<std::string> OwnersWithoutBegin, AwareOpeningSessions;
  unsigned Owners = 0, Aware = 0;
  for (const auto &[Path, I] : Files) {
    Owners += I.mainRole() == RoleKind::Owner;
    Aware += I.mainRole() == RoleKind::Aware;
    if (I.mainRole() == RoleKind::Owner && !I.OwnerBegins)
      OwnersWithoutBegin.push_back(Links.place(Path));
  }
  for (const FunctionRecord &F : R.Functions)
    if (!F.Lambda && F.Role == RoleKind::Aware && F.OpensOwnSession)
      AwareOpeningSessions.push_back(Links.place(F.File, F.Line));
  auto Listed = [](std::string Text, const std::vector<std::string> &Bad) {
    return CheckItem{std::move(Text), Bad.empty(), llvm::join(Bad, ", ")};
  };
  struct Group {
    std::string Title;
    std::vector<CheckItem> Items;
  };
  std::vector<Group> Groups{
      {"Router Files (" + count(Owners, "file") + ")",
       {Listed("Creates explicit transaction boundaries", OwnersWithoutBegin),
        Item("Calls services within the transaction, with no nested begin",
             Failing(RoleKind::Owner, Is(NestedBegin))),
        Item("Makes no external call while the transaction is open",
             Failing(RoleKind::Owner,
                     [&](const FindingRecord &F) {
                       return F.Check == SideEffect &&
                              !isSpawnOrEnqueue(F);
                     })),
        Item("Adds background tasks after transaction completion",
             Failing(RoleKind::Owner, isSpawnOrEnqueue)),
        Item("Lets errors propagate to roll the transaction back",
             Failing(RoleKind::Owner, Is(Swallowed)))}},
      {"Service Files (" + count(Aware, "file") + ")",
       {Listed("Uses the session it is given and opens none of its own",
               AwareOpeningSessions),
        Item("Does not create transactions",
             Failing(RoleKind::Aware, Is(ServiceBegin))),
        Item("Uses the session for database operations only",
             Failing(RoleKind::Aware, Is(SideEffect))),
        Item("Properly handles errors",
             Failing(RoleKind::Aware, Is(Swallowed)))}},
      {"Background Tasks (" + count(Tasks.size(), "implementation") + ")",
       {Item("Creates its own session",
             Failing(RoleKind::Background,
                     Is(BackgroundReuse))),
        Item("Manages its own transaction boundaries",
             Failing(RoleKind::Background, Is(NestedBegin))),
        Item("Handles errors without committing partial work",
             Failing(RoleKind::Background,
                     Is(Swallowed)))}}};
  OS << "## Verification Checklist\n\n";
  unsigned GroupNo = 0;
  for (const Group &G : Groups) {
    OS << ++GroupNo << ". **" << G.Title << "**\n";
    for (const CheckItem &I : G.Items) {
      OS << "   - [" << (I.Ticked ? "x" : " ") << "] " << I.Text;
      if (!I.Evidence.empty())
        OS << " — not met at " << I.Evidence;
      OS << "\n";
    }
    OS << "\n";
  }

  // Where the analysis stopped: a compliant verdict never silently rests on
  // calls it could not follow.
  std::string Blind;
  unsigned BlindCalls = 0, BlindFunctions = 0;
  for (const FunctionRecord &F : R.Functions) {
    if (!F.Blind.total())
      continue;
    BlindCalls += F.Blind.total();
    ++BlindFunctions;
    Blind += "| " + cell(Links.place(F.File, F.Line)) + " | `" + cell(F.Name) +
             "` | " +
             std::to_string(F.Blind.NoDefinition) + " | " +
             std::to_string(F.Blind.Indirect) + " | " +
             std::to_string(F.Blind.Virtual) + " |\n";
  }
  OS << "## Limits of this run\n\n";
  if (Blind.empty())
    OS << "Every call made while a transaction is open was followed.\n\n";
  else
    OS << count(BlindCalls, "call") << " made while a transaction is open "
       << "could not be followed, in "
       << count(BlindFunctions, "function")
       << "; what they do was not checked.\n\n"
       << "| Place | Function | No definition analysed | Function pointer "
          "or `std::function` | Virtual |\n"
       << "|-------|----------|------------------------|------------------"
          "------------------|---------|\n"
       << Blind << "\n";

  std::string Suppressions;
  for (const FindingRecord &F : R.Findings)
    if (F.Suppressed)
      Suppressions += "| " + cell(Links.place(F.Where.File, F.Where.Line)) +
                      " | " + F.Check + " | " +
                      suppressionKindName(F.Suppressed->Kind).str() + " | " +
                      (F.Suppressed->Reason.empty()
                           ? std::string("(no reason given)")
                           : cell(F.Suppressed->Reason)) +
                      " |\n";
  if (!Suppressions.empty())
    OS << "## Suppressions\n\n"
       << "| Place | Check | Form | Reason |\n"
       << "|-------|-------|------|--------|\n"
       << Suppressions << "\n";

  unsigned High = 0, Medium = 0;
  for (const FindingRecord *F : Counted)
    (F->Level == Severity::Error ? High : Medium)++;
  OS << "## Summary\n\n"
     << count(Compliant + Partial + Non, "file") << " classified: "
     << Compliant << " compliant, " << Partial << " partially compliant, "
     << Non << " non-compliant; " << count(Counted.size(), "finding") << " ("
     << High << " high priority, " << Medium << " medium priority)";
  if (!R.FailedFiles.empty())
    OS << "; " << count(R.FailedFiles.size(), "translation unit")
       << (R.FailedFiles.size() == 1 ? " has" : " have") << " compiler errors";
  OS << ".\n";
  return Out;
}

std::unique_ptr<OutputWriter> createReportWriter(const OutputOptions &O) {
  return std::make_unique<ReportWriter>(O);
}

} // namespace txnlint::driver
