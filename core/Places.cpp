//===--- Places.cpp - Source locations to places and back -----------------===//

#include "Places.h"

using namespace clang;

namespace txnlint {

SourcePlace placeOf(const SourceManager &SM, SourceLocation Loc) {
  SourcePlace P;
  Loc = SM.getFileLoc(Loc);
  PresumedLoc PL = SM.getPresumedLoc(Loc, /*UseLineDirectives=*/false);
  if (PL.isInvalid())
    return P;
  P.File = PL.getFilename();
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
