//===--- Places.h - Source locations to places and back ---------*- C++ -*-===//
//
// A finding leaves its translation unit as file/line/column (SourcePlace);
// the clang-tidy adapter and suppression lookups map a place back to a
// location in the source manager that produced it. Places are the file
// locations themselves (#line directives are not applied), so the mapping
// is exact both ways.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_CORE_PLACES_H
#define TXNLINT_CORE_PLACES_H

#include "Finding.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include <string>

namespace txnlint {

/// The place of \p Loc (macro locations: where the macro is expanded), with
/// the text of its line. Empty for an invalid location.
SourcePlace placeOf(const clang::SourceManager &SM, clang::SourceLocation Loc);

/// placeOf for the many locations of one translation unit: a relative file
/// name is made absolute once per file.
class PlaceFinder {
public:
  explicit PlaceFinder(const clang::SourceManager &SM) : SM(SM) {}
  SourcePlace placeOf(clang::SourceLocation Loc);

private:
  const clang::SourceManager &SM;
  /// By the presumed location's file name (one buffer per file).
  llvm::DenseMap<const char *, std::string> Absolute;
};

/// The location of \p P in \p SM; invalid when the file is not part of it.
clang::SourceLocation locationOf(const clang::SourceManager &SM,
                                 const SourcePlace &P);
/// The same, loading a file of another translation unit (a note of a
/// cross-file chain) into \p SM when needed; invalid when it cannot be read.
clang::SourceLocation locationLoading(clang::SourceManager &SM,
                                      const SourcePlace &P);

} // namespace txnlint

#endif // TXNLINT_CORE_PLACES_H
