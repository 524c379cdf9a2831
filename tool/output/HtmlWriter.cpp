//===--- HtmlWriter.cpp - The compliance report as a static site ----------===//
//
// `--html DIR`: DIR/index.html, the overview in the structure of the Markdown
// report (the same classification, ReportModel.h) with filters by role,
// status and check, and DIR/files/*.html, one page per listed file: its
// source with each transaction shaded from its begin to its end and the
// findings inline, their call chains as numbered steps linking across files.
// No external assets: the style and the filter script are inline. All text
// from the analysed code is escaped. Every page is written atomically and
// depends only on the run's sorted results. Rules: docs/report.md.
//
//===----------------------------------------------------------------------===//

#include "OutputWriter.h"
#include "ReportModel.h"
#include "checks/CheckRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <map>
#include <set>

namespace txnlint::driver {

namespace {

/// Text as HTML: in element content and in quoted attribute values.
std::string esc(llvm::StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  for (char C : Text)
    switch (C) {
    case '&': Out += "&amp;"; break;
    case '<': Out += "&lt;"; break;
    case '>': Out += "&gt;"; break;
    case '"': Out += "&quot;"; break;
    case '\'': Out += "&#39;"; break;
    default: Out += C;
    }
  return Out;
}

constexpr llvm::StringLiteral Style = R"css(
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#1b1f23}
h1{font-size:1.6em}h1 code{font-size:inherit}h2{font-size:1.25em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #d0d7de;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.Non-Compliant{color:#b00020;font-weight:600}.Partially-Compliant{color:#9a6700}
.Compliant{color:#1a7f37}
.filters{background:#f6f8fa;border:1px solid #d0d7de;padding:.5em;display:inline-block}
.filters label{margin-right:1em}
code,pre,.src td.code{font-family:ui-monospace,monospace;font-size:13px}
.src{border:none}.src td{border:none;padding:0 .6em;white-space:pre}
.src td.ln{color:#6e7781;text-align:right;user-select:none}
.src td.ln a{color:inherit;text-decoration:none}
.src tr.txn td.code{background:#fff5d6}.src tr.txn2 td.code{background:#ffe7a3}
.src tr.txn td.ln{border-left:3px solid #d4a72c}
.src tr:target td{outline:2px solid #0969da}
.finding{white-space:normal;border-left:4px solid #b00020;background:#ffebe9;
 padding:.3em .6em;margin:.2em 0;font-family:system-ui,sans-serif}
.finding.warning{border-color:#9a6700;background:#fff8c5}
.finding ol{margin:.2em 0 .2em 1.2em;padding:0}
.legend span{padding:0 .5em;margin-right:1em}
)css";

/// Shows the rows of every filtered table that match the three filters, and
/// how many are shown.
constexpr llvm::StringLiteral Script = R"js(
function applyFilters() {
  var role = document.getElementById('filter-role').value;
  var status = document.getElementById('filter-status').value;
  var check = document.getElementById('filter-check').value;
  var shown = 0;
  document.querySelectorAll('tr[data-role]').forEach(function (row) {
    var ok = (!role || row.dataset.role === role) &&
             (!status || row.dataset.status === status) &&
             (!check || (' ' + row.dataset.checks + ' ').indexOf(' ' + check + ' ') >= 0);
    row.hidden = !ok;
    if (ok) shown++;
  });
  document.getElementById('shown').textContent = shown;
}
document.querySelectorAll('.filters select').forEach(function (s) {
  s.addEventListener('change', applyFilters);
});
applyFilters();
)js";

void pageStart(llvm::raw_ostream &OS, llvm::StringRef Title) {
  OS << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<title>" << esc(Title) << "</title><style>" << Style
     << "</style></head><body>\n";
}

class HtmlSite {
public:
  HtmlSite(const RunResult &R, const OutputOptions &O)
      : R(R), O(O), Model(classify(R)) {
    for (const auto &[Path, I] : Model.Files)
      if (I.listed())
        paged(Path);
    for (const auto &[Key, S] : Model.Tasks)
      paged(Key.first);
    for (const FindingRecord *F : Model.Counted) {
      paged(F->Where.File);
      for (const FindingNote &N : F->Notes)
        paged(N.Where.File);
    }
    for (const FunctionRecord &F : R.Functions)
      if (Pages.count(F.File))
        ByFile[F.File].push_back(&F);
  }

  llvm::Error write(llvm::StringRef Dir) const {
    llvm::SmallString<256> Files(Dir);
    llvm::sys::path::append(Files, "files");
    if (std::error_code EC = llvm::sys::fs::create_directories(Files))
      return llvm::createStringError(EC, "cannot create '%s': %s",
                                     Files.c_str(), EC.message().c_str());
    llvm::SmallString<256> Index(Dir);
    llvm::sys::path::append(Index, "index.html");
    if (llvm::Error E = llvm::writeToOutput(Index, [&](llvm::raw_ostream &OS) {
          overview(OS);
          return llvm::Error::success();
        }))
      return E;
    for (const auto &[Path, Name] : Pages) {
      llvm::SmallString<256> P(Files);
      llvm::sys::path::append(P, Name);
      if (llvm::Error E = llvm::writeToOutput(P, [&](llvm::raw_ostream &OS) {
            filePage(OS, Path);
            return llvm::Error::success();
          }))
        return E;
    }
    return llvm::Error::success();
  }

private:
  /// Gives \p Path a page: its base name and a hash of the path, so names
  /// are stable, readable and distinct.
  void paged(const std::string &Path) {
    if (Path.empty() || Pages.count(Path))
      return;
    char Hash[17];
    snprintf(Hash, sizeof Hash, "%016llx",
             static_cast<unsigned long long>(llvm::xxh3_64bits(Path)));
    std::string Base = llvm::sys::path::filename(Path).str();
    for (char &C : Base)
      if (!llvm::isAlnum(C) && C != '.' && C != '-' && C != '_')
        C = '_';
    Pages[Path] = Base + "-" + std::string(Hash, 8) + ".html";
  }

  std::string shown(llvm::StringRef Path) const {
    return relativePath(Path, O.Root);
  }

  /// A link to \p Path (at \p Line) from a page in \p From ("" or "files/").
  std::string link(llvm::StringRef Path, unsigned Line,
                   llvm::StringRef From) const {
    std::string Text = esc(shown(Path)) +
                       (Line ? ":" + std::to_string(Line) : std::string());
    auto It = Pages.find(Path.str());
    if (It == Pages.end())
      return "<code>" + Text + "</code>";
    std::string Href = (From.empty() ? "files/" : "") + It->second +
                       (Line ? "#L" + std::to_string(Line) : std::string());
    return "<a href=\"" + esc(Href) + "\"><code>" + Text + "</code></a>";
  }

  /// The role a file's rows filter by: its main role.
  static std::string roleOf(const FileInfo *I) {
    return I ? roleName(I->mainRole()).str() : "none";
  }
  const FileInfo *info(const std::string &Path) const {
    auto It = Model.Files.find(Path);
    return It == Model.Files.end() ? nullptr : &It->second;
  }

  static std::string row(llvm::StringRef Role, llvm::StringRef Status,
                         const std::set<std::string> &Checks) {
    return "<tr data-role=\"" + esc(Role) + "\" data-status=\"" + esc(Status) +
           "\" data-checks=\"" + esc(llvm::join(Checks, " ")) + "\">";
  }
  static std::string statusCell(llvm::StringRef Status) {
    std::string Class = Status.str();
    std::replace(Class.begin(), Class.end(), ' ', '-');
    return "<td class=\"" + Class + "\">" + esc(Status) + "</td>";
  }

  void overview(llvm::raw_ostream &OS) const;
  void filePage(llvm::raw_ostream &OS, const std::string &Path) const;
  void findingBox(llvm::raw_ostream &OS, const FindingRecord &F) const;

  const RunResult &R;
  const OutputOptions &O;
  ReportModel Model;
  std::map<std::string, std::string> Pages; ///< Source path to page name.
  std::map<std::string, std::vector<const FunctionRecord *>> ByFile;
};

void HtmlSite::overview(llvm::raw_ostream &OS) const {
  pageStart(OS, "Transaction Compliance Report");
  OS << "<h1>Transaction Compliance Report</h1>\n<ul class=\"provenance\">"
     << "<li>Tool: txnlint " << TXNLINT_VERSION << "</li>\n";
  for (const auto &[File, Presets] : R.Rules) {
    OS << "<li>Rules: <code>" << esc(shown(File)) << "</code>";
    if (!Presets.empty())
      OS << " (presets: " << esc(llvm::join(Presets, ", ")) << ")";
    OS << "</li>\n";
  }
  OS << "<li>Translation units: " << R.TranslationUnits - R.FailedFiles.size()
     << " analysed";
  if (!R.FailedFiles.empty())
    OS << ", " << R.FailedFiles.size()
       << " with compiler errors (analysed what parsed; findings may be "
          "missing)";
  OS << "</li>\n";
  if (std::string Rev = gitRevision(O.Root); !Rev.empty())
    OS << "<li>Source revision: <code>" << esc(Rev) << "</code></li>\n";
  OS << "</ul>\n";

  OS << "<div class=\"filters\"><label>Role <select id=\"filter-role\">"
     << "<option value=\"\">all</option>";
  for (llvm::StringRef Role : {"owner", "aware", "background", "none"})
    OS << "<option>" << Role << "</option>";
  OS << "</select></label><label>Status <select id=\"filter-status\">"
     << "<option value=\"\">all</option>";
  for (llvm::StringRef S : {"Compliant", "Partially Compliant", "Non-Compliant"})
    OS << "<option>" << S << "</option>";
  OS << "</select></label><label>Check <select id=\"filter-check\">"
     << "<option value=\"\">all</option>";
  for (const CheckInfo &C : checkRegistry())
    OS << "<option>" << C.Name << "</option>";
  OS << "</select></label> <span id=\"shown\"></span> rows shown</div>\n";

  OS << "<h2>File-by-File Transaction Pattern Analysis</h2>\n"
     << "<table id=\"files\"><thead><tr><th>File</th><th>Role</th>"
     << "<th>Transaction Pattern</th><th>Status</th><th>Issues</th></tr>"
     << "</thead><tbody>\n";
  unsigned Compliant = 0, Partial = 0, Non = 0;
  for (const auto &[Path, I] : Model.Files) {
    if (!I.listed())
      continue;
    std::string St = I.St.text();
    (St == "Compliant" ? Compliant : St == "Non-Compliant" ? Non : Partial)++;
    OS << row(roleOf(&I), St, I.St.Checks) << "<td>" << link(Path, 0, "")
       << "</td><td>" << roleName(I.mainRole())
       << (I.Inferred ? " (inferred)" : "") << "</td><td>" << esc(I.pattern())
       << "</td>" << statusCell(St) << "<td>" << esc(I.St.issues())
       << "</td></tr>\n";
  }
  OS << "</tbody></table>\n";

  if (!Model.Tasks.empty()) {
    OS << "<h2>Background Task Implementations</h2>\n<table id=\"tasks\">"
       << "<thead><tr><th>File</th><th>Task</th><th>Transaction Pattern</th>"
       << "<th>Status</th><th>Issues</th></tr></thead><tbody>\n";
    for (const auto &[Key, S] : Model.Tasks)
      OS << row("background", S.text(), S.Checks) << "<td>"
         << link(Key.first, 0, "") << "</td><td><code>" << esc(Key.second)
         << "</code></td><td>Self-Contained</td>" << statusCell(S.text())
         << "<td>" << esc(S.issues()) << "</td></tr>\n";
    OS << "</tbody></table>\n";
  }

  OS << "<h2>Findings by Check</h2>\n<table id=\"by-check\"><thead><tr>"
     << "<th>Check</th><th>High priority</th><th>Medium priority</th>"
     << "<th>Suppressed</th></tr></thead><tbody>\n";
  for (const ReportModel::CheckCounts &N : Model.ByCheck)
    OS << "<tr><td>" << N.Check << "</td><td>" << N.High << "</td><td>"
       << N.Medium << "</td><td>" << N.Suppressed << "</td></tr>\n";
  OS << "</tbody></table>\n";

  // Remediation: one row per finding, errors (high priority) first.
  OS << "<h2>Remediation Recommendations</h2>\n<table id=\"findings\"><thead>"
     << "<tr><th>Priority</th><th>Place</th><th>Function</th><th>Check</th>"
     << "<th>Change</th></tr></thead><tbody>\n";
  for (Severity Level : {Severity::Error, Severity::Warning})
    for (const FindingRecord *F : Model.Counted) {
      if (F->Level != Level)
        continue;
      const FileInfo *I = info(F->Where.File);
      llvm::StringRef Change;
      if (const CheckInfo *C = findCheck(F->Check))
        Change = C->remedyFor(*F).Change;
      OS << row(roleOf(I), I ? I->St.text() : "Compliant", {F->Check})
         << "<td>" << (Level == Severity::Error ? "High" : "Medium")
         << (F->Baselined ? " (in the baseline)" : "") << "</td><td>"
         << link(F->Where.File, F->Where.Line, "") << "</td><td><code>"
         << esc(F->Function.empty() ? "?" : F->Function) << "</code></td><td>"
         << esc(F->Check) << "</td><td>" << esc(Change) << "</td></tr>\n";
    }
  OS << "</tbody></table>\n";

  std::string Suppressions;
  for (const FindingRecord &F : R.Findings)
    if (F.Suppressed)
      Suppressions +=
          "<tr><td>" + link(F.Where.File, F.Where.Line, "") + "</td><td>" +
          esc(F.Check) + "</td><td>" +
          esc(suppressionKindName(F.Suppressed->Kind)) + "</td><td>" +
          esc(F.Suppressed->Reason.empty() ? "(no reason given)"
                                           : F.Suppressed->Reason) +
          "</td></tr>\n";
  if (!Suppressions.empty())
    OS << "<h2>Suppressions</h2>\n<table id=\"suppressions\"><thead><tr>"
       << "<th>Place</th><th>Check</th><th>Form</th><th>Reason</th></tr>"
       << "</thead><tbody>\n"
       << Suppressions << "</tbody></table>\n";

  unsigned High = 0, Medium = 0;
  for (const FindingRecord *F : Model.Counted)
    (F->Level == Severity::Error ? High : Medium)++;
  OS << "<h2>Summary</h2>\n<p id=\"summary\">"
     << count(Compliant + Partial + Non, "file") << " classified: " << Compliant
     << " compliant, " << Partial << " partially compliant, " << Non
     << " non-compliant; " << count(Model.Counted.size(), "finding") << " ("
     << High << " high priority, " << Medium << " medium priority)";
  if (!R.FailedFiles.empty())
    OS << "; " << count(R.FailedFiles.size(), "translation unit")
       << (R.FailedFiles.size() == 1 ? " has" : " have") << " compiler errors";
  OS << ". The verification checklist is in the Markdown report "
        "(<code>--report</code>).</p>\n<script>"
     << Script << "</script>\n</body></html>\n";
}

void HtmlSite::findingBox(llvm::raw_ostream &OS, const FindingRecord &F) const {
  OS << "<div class=\"finding "
     << (F.Level == Severity::Error ? "error" : "warning") << "\" id=\"finding-"
     << F.Where.Line << "-" << F.Where.Column << "\"><strong>"
     << (F.Level == Severity::Error ? "error" : "warning") << "</strong>: "
     << esc(F.Message) << " <code>[" << esc(F.Check) << "]</code>"
     << (F.Suppressed ? " (suppressed)" : F.Baselined ? " (in the baseline)" : "");
  bool Open = false;
  for (const FindingNote &N : F.Notes) {
    if (!N.InChain)
      continue;
    if (!Open)
      OS << "<ol class=\"chain\">";
    Open = true;
    OS << "<li>" << link(N.Where.File, N.Where.Line, "files/") << ": "
       << esc(N.Message) << "</li>";
  }
  if (Open)
    OS << "</ol>";
  for (const FindingNote &N : F.Notes)
    if (!N.InChain)
      OS << "<div class=\"note\">note: " << esc(N.Message) << " ("
         << link(N.Where.File, N.Where.Line, "files/") << ")</div>";
  OS << "</div>";
}

void HtmlSite::filePage(llvm::raw_ostream &OS, const std::string &Path) const {
  std::string Shown = shown(Path);
  pageStart(OS, Shown);
  const FileInfo *I = info(Path);
  OS << "<p><a href=\"../index.html\">Overview</a></p>\n<h1><code>"
     << esc(Shown) << "</code></h1>\n<p>Role: "
     << roleName(I ? I->mainRole() : RoleKind::None)
     << (I ? "; pattern: " + esc(I->pattern()) + "; status: " +
                 esc(I->St.text())
           : std::string())
     << ".</p>\n<p class=\"legend\"><span "
        "style=\"background:#fff5d6\">inside a transaction</span><span "
        "style=\"background:#ffe7a3\">inside two</span></p>\n";

  // How many of this file's transactions each line is inside.
  std::map<unsigned, unsigned> Depth;
  auto Fns = ByFile.find(Path);
  if (Fns != ByFile.end())
    for (const FunctionRecord *F : Fns->second)
      for (const TxnScope &S : F->Scopes)
        for (unsigned L = S.Begin; L <= S.End; ++L)
          ++Depth[L];
  std::map<unsigned, std::vector<const FindingRecord *>> At;
  for (const FindingRecord &F : R.Findings)
    if (F.Where.File == Path)
      At[F.Where.Line].push_back(&F);

  std::string Abs = Path;
  if (!llvm::sys::path::is_absolute(Abs)) {
    llvm::SmallString<256> P(O.Root);
    llvm::sys::path::append(P, Path);
    Abs = P.str().str();
  }
  auto Buf = llvm::MemoryBuffer::getFile(Abs);
  if (!Buf) {
    OS << "<p>The source could not be read (" << esc(Buf.getError().message())
       << ").</p>\n";
    for (const auto &[Line, Fs] : At)
      for (const FindingRecord *F : Fs) {
        OS << "<p>Line " << Line << ":</p>";
        findingBox(OS, *F);
      }
    OS << "</body></html>\n";
    return;
  }
  OS << "<table class=\"src\"><tbody>\n";
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  if (!Lines.empty() && Lines.back().empty())
    Lines.pop_back();
  for (unsigned N = 1; N <= Lines.size(); ++N) {
    unsigned D = Depth.count(N) ? Depth.at(N) : 0;
    OS << "<tr id=\"L" << N << "\""
       << (D ? D > 1 ? " class=\"txn txn2\"" : " class=\"txn\"" : "")
       << "><td class=\"ln\"><a href=\"#L" << N << "\">" << N
       << "</a></td><td class=\"code\">" << esc(Lines[N - 1].rtrim('\r'))
       << "</td></tr>\n";
    if (auto It = At.find(N); It != At.end())
      for (const FindingRecord *F : It->second) {
        OS << "<tr class=\"finding-row\"><td></td><td>";
        findingBox(OS, *F);
        OS << "</td></tr>\n";
      }
  }
  OS << "</tbody></table>\n</body></html>\n";
}

} // namespace

llvm::Error writeHtmlReport(llvm::StringRef Dir, const RunResult &R,
                            const OutputOptions &O) {
  return HtmlSite(R, O).write(Dir);
}

} // namespace txnlint::driver
