//===--- Gate.cpp - What a run does with its merged result ---------------===//
//
// The gate's end of a run (txnlint and txnlint merge alike): the findings
// filtered as clang-tidy filters them, suppressions without a reason
// refused, the baseline applied, every output written atomically, the
// summary line, and the exit code. docs/driver.md, docs/ci.md.
//
//===----------------------------------------------------------------------===//

#include "Gate.h"
#include "Baseline.h"
#include "Database.h"
#include "Driver.h"
#include "TidyConfig.h"
#include "checks/CheckRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/WithColor.h"
#include <algorithm>

namespace txnlint::driver {

/// Writes \p W's output to \p Path atomically (temporary file, then rename).
static bool writeAtomically(llvm::StringRef Path, const OutputWriter &W,
                            const RunResult &R) {
  if (llvm::Error E = llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
        W.write(OS, R);
        return llvm::Error::success();
      })) {
    llvm::WithColor::error(llvm::errs(), "txnlint")
        << "cannot write " << W.what() << " '" << Path
        << "': " << llvm::toString(std::move(E)) << "\n";
    return false;
  }
  return true;
}

int finish(const GateOptions &G, RunResult &Result, bool CouldNotRun,
           const std::string &Root,
           const std::optional<std::set<std::string>> &Changed) {
  if (Changed)
    llvm::erase_if(Result.Findings, [&](const FindingRecord &R) {
      return !Changed->count(absolute(R.Where.File));
    });
  if (!G.LineFilter.empty()) {
    auto Filter = parseLineFilter(G.LineFilter);
    if (!Filter) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << llvm::toString(Filter.takeError()) << "\n";
      return ExitCouldNotRun;
    }
    llvm::erase_if(Result.Findings, [&](const FindingRecord &R) {
      return !Filter->passes(R.Where.File, R.Where.Line);
    });
  }
  // As clang-tidy's header filters, when one is given.
  if (G.HeaderFilterGiven || !G.ExcludeHeaderFilter.empty()) {
    llvm::Regex Include(G.HeaderFilter), Exclude(G.ExcludeHeaderFilter);
    for (auto [Name, Pattern, R] :
         {std::tuple{"--header-filter", G.HeaderFilter, &Include},
          std::tuple{"--exclude-header-filter",
                     G.ExcludeHeaderFilter, &Exclude}}) {
      std::string Why;
      if (!Pattern.empty() && !R->isValid(Why)) {
        llvm::WithColor::error(llvm::errs(), "txnlint")
            << Name << ": invalid regular expression: " << Why << "\n";
        return ExitCouldNotRun;
      }
    }
    llvm::erase_if(Result.Findings, [&](const FindingRecord &R) {
      if (std::binary_search(Result.MainFiles.begin(), Result.MainFiles.end(),
                             R.Where.File))
        return false;
      bool In = G.HeaderFilterGiven && !G.HeaderFilter.empty()
                    ? Include.match(R.Where.File)
                    : !G.HeaderFilterGiven;
      return !In || (!G.ExcludeHeaderFilter.empty() &&
                     Exclude.match(R.Where.File));
    });
  }
  // As clang-tidy's: these checks' warnings are errors.
  if (!G.WarningsAsErrors.empty())
    for (FindingRecord &R : Result.Findings)
      if (checkListMatches(G.WarningsAsErrors, R.Check))
        R.Level = Severity::Error;
  if (G.RequireReason)
    for (FindingRecord &R : Result.Findings)
      if (R.Suppressed && R.Suppressed->Reason.empty()) {
        R.Notes.push_back(
            {NoteKind::Suppression, R.Where,
             "suppression without a reason is not accepted "
             "(--require-suppression-reason); write '// txnlint: allow " +
                 R.Check + " -- REASON'",
             /*InChain=*/false});
        R.Suppressed.reset();
      }

  assignFingerprints(Result, Root);
  // With --changed-files, the baseline's entries of other files are
  // neither matched nor stale, and --write-baseline keeps them.
  auto InScope = [&](llvm::StringRef File) {
    return !Changed || Changed->count(absolute(File, Root));
  };
  llvm::Error BaselineError = llvm::Error::success();
  if (!G.Baseline.empty())
    BaselineError = applyBaseline(Result, G.Baseline, InScope);
  else if (Changed && !G.WriteBaseline.empty() &&
           llvm::sys::fs::exists(G.WriteBaseline))
    BaselineError = applyBaseline(Result, G.WriteBaseline, InScope,
                                  /*MatchFindings=*/false);
  if (BaselineError) {
    llvm::errs() << llvm::toString(std::move(BaselineError)) << "\n";
    return ExitCouldNotRun;
  }

  const OutputOptions &Out = G.Out;
  createTextWriter(Out)->write(llvm::outs(), Result);
  std::pair<const std::string &,
            std::unique_ptr<OutputWriter> (*)(const OutputOptions &)>
      Writers[] = {{G.Report, createReportWriter},
                 {G.Json, createJsonWriter},
                 {G.Sarif, createSarifWriter},
                 {G.ExportFixes, createFixesWriter},
                 {G.WriteBaseline, createBaselineWriter}};
  for (const auto &[Path, Create] : Writers)
    if (!Path.empty())
      CouldNotRun |= !writeAtomically(Path, *Create(Out), Result);
  if (!G.Html.empty())
    if (llvm::Error E = writeHtmlReport(G.Html, Result, Out)) {
      llvm::WithColor::error(llvm::errs(), "txnlint")
          << "cannot write the HTML report to '" << G.Html
          << "': " << llvm::toString(std::move(E)) << "\n";
      CouldNotRun = true;
    }

  FindingCounts Counts;
  for (const FindingRecord &R : Result.Findings)
    Counts.add(R);
  auto [Errors, Warnings, Suppressed, Baselined] = Counts;
  // Findings first, then the summary, also in a log that merges both
  // streams (`2>&1`).
  llvm::outs().flush();
  if (!G.Quiet) {
    unsigned N = Errors + Warnings;
    llvm::errs() << "txnlint: " << N << " finding" << (N == 1 ? "" : "s")
                 << " (" << Errors << " error" << (Errors == 1 ? "" : "s")
                 << ", " << Warnings << " warning"
                 << (Warnings == 1 ? "" : "s") << ") in "
                 << Result.TranslationUnits << " translation unit"
                 << (Result.TranslationUnits == 1 ? "" : "s");
    if (Suppressed)
      llvm::errs() << "; " << Suppressed << " suppressed";
    if (!G.Baseline.empty())
      llvm::errs() << "; " << Baselined << " in the baseline, "
                   << Result.StaleBaselineEntries
                   << " baseline entr"
                   << (Result.StaleBaselineEntries == 1 ? "y" : "ies")
                   << " no longer match";
    llvm::errs() << "\n";
  }
  if (CouldNotRun)
    return ExitCouldNotRun;
  bool Fail = (G.FailOn == "error" && Errors > 0) ||
              (G.FailOn == "warning" && Errors + Warnings > 0);
  return Fail ? ExitFindings : ExitClean;
}

} // namespace txnlint::driver
