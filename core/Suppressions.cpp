//===--- Suppressions.cpp - NOLINT and reasoned suppressions --------------===//

#include "Suppressions.h"
#include "checks/CheckRegistry.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace txnlint {

llvm::StringRef suppressionKindName(SuppressionKind K) {
  switch (K) {
  case SuppressionKind::Nolint:
    return "NOLINT";
  case SuppressionKind::NolintNextLine:
    return "NOLINTNEXTLINE";
  case SuppressionKind::NolintBlock:
    return "NOLINTBEGIN";
  case SuppressionKind::Allow:
    return "allow";
  }
  llvm_unreachable("unknown suppression kind");
}

/// Finds `Marker` or `Marker(list)` in \p Line and whether it covers
/// \p Check. `NOLINT` must not match inside `NOLINTNEXTLINE`.
static bool hasMarker(llvm::StringRef Line, llvm::StringRef Marker,
                      llvm::StringRef Check) {
  size_t Pos = 0;
  while ((Pos = Line.find(Marker, Pos)) != llvm::StringRef::npos) {
    llvm::StringRef Rest = Line.drop_front(Pos + Marker.size());
    Pos += Marker.size();
    if (!Rest.empty() && (llvm::isAlnum(Rest.front()) || Rest.front() == '_'))
      continue; // A longer word (NOLINTNEXTLINE for NOLINT).
    if (!Rest.consume_front("("))
      return true; // Every check.
    size_t Close = Rest.find(')');
    if (Close == llvm::StringRef::npos)
      return false;
    if (checkListMatches(Rest.take_front(Close), Check))
      return true;
  }
  return false;
}

/// The reasoned form: `txnlint: allow CHECKS [-- REASON]`.
static std::optional<std::string> allowReason(llvm::StringRef Line,
                                              llvm::StringRef Check) {
  size_t Pos = Line.find("txnlint: allow ");
  if (Pos == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef Rest = Line.drop_front(Pos + strlen("txnlint: allow "));
  auto [List, Reason] = Rest.split(" -- ");
  if (!checkListMatches(List.trim(), Check))
    return std::nullopt;
  return Reason == Rest ? std::string() : Reason.trim().str();
}

const SuppressionIndex::FileLines &SuppressionIndex::linesOf(FileID FID) {
  auto It = Files.find(FID);
  if (It != Files.end())
    return It->second;
  FileLines &L = Files[FID];
  bool Invalid = false;
  llvm::StringRef Text = SM.getBufferData(FID, &Invalid);
  L.None = Invalid || (!Text.contains("NOLINT") && !Text.contains("txnlint:"));
  if (!L.None)
    Text.split(L.Lines, '\n', -1, /*KeepEmpty=*/true);
  return L;
}

std::optional<Suppression> SuppressionIndex::find(SourceLocation Loc,
                                                  llvm::StringRef Check) {
  Loc = SM.getFileLoc(Loc);
  if (Loc.isInvalid())
    return std::nullopt;
  auto [FID, Offset] = SM.getDecomposedLoc(Loc);
  const FileLines &F = linesOf(FID);
  if (F.None)
    return std::nullopt;
  unsigned Line = SM.getLineNumber(FID, Offset); // 1-based.
  if (Line == 0 || Line > F.Lines.size())
    return std::nullopt;
  llvm::StringRef Here = F.Lines[Line - 1];
  llvm::StringRef Prev = Line >= 2 ? F.Lines[Line - 2] : llvm::StringRef();
  if (auto R = allowReason(Here, Check))
    return Suppression{SuppressionKind::Allow, *R, Line};
  if (auto R = allowReason(Prev, Check))
    return Suppression{SuppressionKind::Allow, *R, Line - 1};
  if (hasMarker(Here, "NOLINT", Check))
    return Suppression{SuppressionKind::Nolint, "", Line};
  if (hasMarker(Prev, "NOLINTNEXTLINE", Check))
    return Suppression{SuppressionKind::NolintNextLine, "", Line - 1};
  // Innermost open NOLINTBEGIN that covers the check.
  std::vector<unsigned> Open;
  for (unsigned I = 0; I + 1 < Line; ++I) {
    if (hasMarker(F.Lines[I], "NOLINTBEGIN", Check))
      Open.push_back(I + 1);
    else if (hasMarker(F.Lines[I], "NOLINTEND", Check) && !Open.empty())
      Open.pop_back();
  }
  if (!Open.empty())
    return Suppression{SuppressionKind::NolintBlock, "", Open.back()};
  return std::nullopt;
}

std::string normalizedLine(const SourceManager &SM, SourceLocation Loc) {
  Loc = SM.getFileLoc(Loc);
  bool Invalid = false;
  const char *Data = SM.getCharacterData(Loc, &Invalid);
  if (Invalid || !Data)
    return "";
  unsigned Col = SM.getSpellingColumnNumber(Loc);
  const char *P = Data - (Col - 1);
  std::string Out;
  for (; *P && *P != '\n'; ++P)
    if (!llvm::isSpace(*P))
      Out += *P;
  return Out;
}

} // namespace txnlint
