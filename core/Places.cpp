//===--- Places.cpp - Source locations to places and back -----------------===//

#include "Places.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace txnlint {

SourcePlace placeOf(const SourceManager &SM, SourceLocation Loc) {
  return PlaceFinder(SM).placeOf(Loc);
}

SourcePlace PlaceFinder::placeOf(SourceLocation Loc) {
  SourcePlace P;
  Loc = SM.getFileLoc(Loc);
  PresumedLoc PL = SM.getPresumedLoc(Loc, /*UseLineDirectives=*/false);
  if (PL.isInvalid())
    return P;
  // A relative name (a database with relative file names, as bear writes
  // them) is made absolute against the compile command's directory, so that
  // places from different entries compare, and --root can shorten them.
  auto [It, New] = Absolute.try_emplace(PL.getFilename());
  if (New) {
    llvm::StringRef Name = PL.getFilename();
    if (llvm::sys::path::is_relative(Name)) {
      llvm::SmallString<256> Abs(Name);
      SM.getFileManager().makeAbsolutePath(Abs);
      llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
      It->second = std::string(Abs);
    } else {
      It->second = Name.str();
    }
  }
  P.File = It->second;
  P.Line = PL.getLine();
  P.Column = PL.getColumn();
  bool Invalid = false;
  const char *Data = SM.getCharacterData(Loc, &Invalid);
  if (!Invalid && Data) {
    const char *Start = Data - (P.Column - 1);
    const char *End = Data;
    while (*End && *End != '\n' && *End != '\r')
      ++End;
    P.SourceLine.assign(Start, End);
  }
  return P;
}

SourceLocation locationOf(const SourceManager &SM, const SourcePlace &P) {
  if (P.File.empty() || P.Line == 0)
    return {};
  auto File = SM.getFileManager().getOptionalFileRef(P.File);
  if (!File)
    return {};
  return SM.translateFileLineCol(&File->getFileEntry(), P.Line,
                                 std::max(P.Column, 1u));
}

SourceLocation locationLoading(SourceManager &SM, const SourcePlace &P) {
  SourceLocation L = locationOf(SM, P);
  if (L.isValid() || P.File.empty() || P.Line == 0)
    return L;
  auto File = SM.getFileManager().getOptionalFileRef(P.File);
  if (!File)
    return {};
  FileID FID = SM.getOrCreateFileID(*File, SrcMgr::C_User);
  return SM.translateLineCol(FID, P.Line, std::max(P.Column, 1u));
}

} // namespace txnlint
