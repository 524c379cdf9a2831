//===--- Database.h - The compilation database a run reads ------*- C++ -*-===//
//
// What the tooling library does not say about a compilation database: a
// compile_commands.json it half-parsed, and files it gave guessed flags.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_DATABASE_H
#define TXNLINT_TOOL_DATABASE_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace txnlint::driver {

/// \p Path made absolute against \p Base (default: the current directory),
/// without `.` and `..`.
std::string absolute(llvm::StringRef Path, llvm::StringRef Base = "");

/// The file \p Name in \p Dir or the nearest directory above it that has
/// one; empty when none does.
std::string findAbove(llvm::StringRef Dir, llvm::StringRef Name);

/// The compile_commands.json a run reads: the one in \p BuildDir, or
/// without one, the first above \p File's directory. Empty when none.
std::string databaseFileFor(llvm::StringRef BuildDir, llvm::StringRef File);

/// A one-line error naming the place when \p Path is not a well-formed
/// database: JSON (the tooling library recovers from a syntax error and
/// runs on what it could read), an array of objects that each have
/// 'directory', 'file', and 'command' or 'arguments'. None for an empty
/// \p Path (no database file found).
std::optional<std::string> checkDatabaseFile(llvm::StringRef Path);

/// The top of the git work tree holding \p Dir, or empty.
std::string gitWorkTree(llvm::StringRef Dir);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_DATABASE_H
