//===--- Database.cpp - The compilation database a run reads --------------===//

#include "Database.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"

namespace json = llvm::json;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace txnlint::driver {

/// The first directory from \p Dir upwards that holds \p Name: that
/// entry's path, or empty.
std::string absolute(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> Abs(Path);
  if (Base.empty())
    llvm::sys::fs::make_absolute(Abs);
  else
    llvm::sys::fs::make_absolute(Base, Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

std::string findAbove(llvm::StringRef Dir, llvm::StringRef Name) {
  llvm::SmallString<256> D(Dir);
  fs::make_absolute(D);
  for (int Depth = 0; !D.empty() && Depth < 64; ++Depth) {
    llvm::SmallString<256> Candidate(D);
    path::append(Candidate, Name);
    if (fs::exists(Candidate))
      return std::string(Candidate);
    llvm::StringRef Parent = path::parent_path(D);
    if (Parent == D)
      break;
    D = Parent;
  }
  return "";
}

std::string databaseFileFor(llvm::StringRef BuildDir, llvm::StringRef File) {
  if (!BuildDir.empty()) { // -p names the directory: not a parent's database.
    llvm::SmallString<256> Candidate(BuildDir);
    path::append(Candidate, "compile_commands.json");
    return fs::exists(Candidate) ? std::string(Candidate) : "";
  }
  llvm::SmallString<256> Dir(File);
  fs::make_absolute(Dir);
  path::remove_filename(Dir);
  return findAbove(Dir, "compile_commands.json");
}

/// Line and column of byte \p Offset of \p Text (1-based).
static std::pair<unsigned, unsigned> lineColumn(llvm::StringRef Text,
                                                size_t Offset) {
  llvm::StringRef Before = Text.take_front(Offset);
  unsigned Line = 1 + Before.count('\n');
  size_t LastNl = Before.rfind('\n');
  unsigned Col = 1 + (LastNl == llvm::StringRef::npos ? Offset
                                                      : Offset - LastNl - 1);
  return {Line, Col};
}

/// The start of the \p Index-th element of the top-level array, for a
/// message that names the entry's line.
static size_t entryOffset(llvm::StringRef Text, size_t Index) {
  int Depth = 0;
  bool InString = false;
  size_t Seen = 0;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"')
      InString = true;
    if (C == '{' && Depth == 1 && Seen++ == Index)
      return I;
    if (C == '[' || C == '{')
      ++Depth;
    else if (C == ']' || C == '}')
      --Depth;
  }
  return 0;
}

std::optional<std::string> checkDatabaseFile(llvm::StringRef Path) {
  if (Path.empty())
    return std::nullopt; // No database file: the tooling library says so.
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::formatv("{0}: error: cannot read the compilation database: {1}",
                         Path, Buf.getError().message())
        .str();
  llvm::StringRef Text = (*Buf)->getBuffer();
  auto Doc = json::parse(Text);
  if (!Doc) {
    // "[LINE:COL, byte=N]: message"
    std::string Why = llvm::toString(Doc.takeError());
    llvm::SmallVector<llvm::StringRef, 4> M;
    unsigned Col = 0;
    if (llvm::Regex("^\\[([0-9]+):([0-9]+), byte=[0-9]+\\]: (.*)$").match(Why, &M) &&
        !M[2].getAsInteger(10, Col)) // 0-based.
      return llvm::formatv("{0}:{1}:{2}: error: invalid compilation database: {3}",
                           Path, M[1], Col + 1, M[3])
          .str();
    return llvm::formatv("{0}: error: invalid compilation database: {1}", Path,
                         Why)
        .str();
  }
  const json::Array *Entries = Doc->getAsArray();
  if (!Entries)
    return llvm::formatv("{0}:1:1: error: invalid compilation database: "
                         "expected an array of compile commands",
                         Path)
        .str();
  if (Entries->empty())
    return llvm::formatv("{0}:1:1: error: invalid compilation database: no "
                         "compile commands (an empty list: was the build "
                         "configured?)",
                         Path)
        .str();
  for (size_t I = 0; I < Entries->size(); ++I) {
    const json::Object *E = (*Entries)[I].getAsObject();
    std::optional<llvm::StringRef> Dir = E ? E->getString("directory")
                                           : std::nullopt;
    const char *Missing =
        !E                                              ? "is not an object"
        : !Dir                                          ? "has no 'directory'"
        : !path::is_absolute(*Dir)
            ? "has a relative 'directory' (the format needs an absolute "
              "path; relative 'file' paths are resolved against it)"
        : !E->getString("file")                         ? "has no 'file'"
        : !E->getString("command") && !E->getArray("arguments")
            ? "has no 'command' or 'arguments'"
            : nullptr;
    if (Missing) {
      auto [Line, Col] = lineColumn(Text, entryOffset(Text, I));
      return llvm::formatv("{0}:{1}:{2}: error: invalid compilation database: "
                           "entry {3} {4}",
                           Path, Line, Col, I + 1, Missing)
          .str();
    }
  }
  return std::nullopt;
}

std::string gitWorkTree(llvm::StringRef Dir) {
  std::string Git = findAbove(Dir, ".git");
  return Git.empty() ? "" : path::parent_path(Git).str();
}

} // namespace txnlint::driver
