//===--- ReportModel.cpp - What both compliance reports classify ----------===//

#include "ReportModel.h"
#include "Database.h"
#include "checks/CheckRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace txnlint::driver {

std::string Status::text() const {
  if (Errors)
    return "Non-Compliant";
  return Warnings ? "Partially Compliant" : "Compliant";
}

std::string Status::issues() const {
  return Checks.empty() ? "None found" : llvm::join(Checks, ", ");
}

void Status::add(const FindingRecord &F) {
  (F.Level == Severity::Error ? Errors : Warnings)++;
  Checks.insert(F.Check);
}

RoleKind FileInfo::mainRole() const {
  RoleKind Best = RoleKind::None;
  unsigned Count = 0;
  for (const auto &[Role, N] : Roles)
    if (Role != RoleKind::None && N > Count) {
      Best = Role;
      Count = N;
    }
  return Best;
}

std::string FileInfo::pattern() const {
  if (AwareBegins ||
      (Roles.count(RoleKind::Owner) && Roles.count(RoleKind::Aware)))
    return "Mixed";
  switch (mainRole()) {
  case RoleKind::Owner:
    return "Transaction Owner";
  case RoleKind::Aware:
    return "Transaction Aware";
  case RoleKind::Background:
    return "Self-Contained";
  case RoleKind::None:
    break;
  }
  return OwnerBegins ? "Transaction Owner"
                     : TakesSession ? "Transaction Aware" : "None";
}

bool FileInfo::listed() const {
  return mainRole() != RoleKind::None || pattern() != "None" ||
         !St.Checks.empty();
}

ReportModel classify(const RunResult &R) {
  ReportModel M;
  std::map<std::string, ReportModel::TaskKey> TaskByUsr;
  for (const FunctionRecord &F : R.Functions) {
    FileInfo &I = M.Files[F.File];
    if (F.Role == RoleKind::Background) {
      ReportModel::TaskKey K{
          F.File, F.Lambda ? "lambda:" + std::to_string(F.Line) : F.Name};
      M.Tasks[K];
      TaskByUsr[F.Usr] = K;
    }
    if (F.Lambda)
      continue;
    M.FunctionRole[F.Name] = F.Role;
    ++I.Roles[F.Role];
    I.Inferred |= F.Source == RoleSource::Inferred && F.Role != RoleKind::None;
    I.OwnerBegins |= F.Begins && F.Role != RoleKind::Aware;
    I.AwareBegins |= F.Begins && F.Role == RoleKind::Aware;
    I.TakesSession |= F.TakesSession;
  }
  for (const FindingRecord &F : R.Findings) {
    if (F.Suppressed)
      continue; // Listed under Suppressions.
    M.Counted.push_back(&F);
    M.Files[F.Where.File].St.add(F);
    // A session handed to a task is the task's problem as much as the
    // spawner's: its row says so (the checklist lists the spawn).
    if (F.Check == BackgroundReuse) {
      auto Named = TaskByUsr.find(F.Subject);
      ReportModel::TaskKey K =
          Named != TaskByUsr.end()
              ? Named->second
              : ReportModel::TaskKey{F.Where.File,
                                     "task spawned by " + F.Function};
      M.Tasks[K].add(F);
      continue;
    }
    auto Task = M.Tasks.find({F.Where.File, F.Function});
    if (Task != M.Tasks.end())
      Task->second.add(F);
  }
  for (const CheckInfo &C : checkRegistry()) {
    ReportModel::CheckCounts N{C.Name};
    for (const FindingRecord &F : R.Findings)
      if (F.Check == C.Name)
        (F.Suppressed ? N.Suppressed
                      : F.Level == Severity::Error ? N.High : N.Medium)++;
    M.ByCheck.push_back(N);
  }
  return M;
}

/// `HEAD` names a ref (loose or packed) or is a commit itself.
std::string gitRevision(llvm::StringRef Root) {
  std::string Git = findAbove(Root, ".git");
  if (Git.empty() || !llvm::sys::fs::is_directory(Git))
    return ""; // Not a work tree, or a worktree's .git file: not followed.
  auto Read = [&](llvm::StringRef Rel) -> std::string {
    llvm::SmallString<256> P(Git);
    llvm::sys::path::append(P, Rel);
    auto B = llvm::MemoryBuffer::getFile(P);
    return B ? (*B)->getBuffer().trim().str() : "";
  };
  std::string Head = Read("HEAD");
  llvm::StringRef Ref(Head);
  if (!Ref.consume_front("ref: "))
    return Head;
  if (std::string Loose = Read(Ref); !Loose.empty())
    return Loose;
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  std::string Packed = Read("packed-refs");
  llvm::StringRef(Packed).split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    auto [Hash, Name] = Line.split(' ');
    if (Name.trim() == Ref)
      return Hash.str();
  }
  return "";
}

std::string count(size_t N, llvm::StringRef One, llvm::StringRef Many) {
  return std::to_string(N) + " " +
         (N == 1 ? One.str() : Many.empty() ? One.str() + "s" : Many.str());
}

} // namespace txnlint::driver
