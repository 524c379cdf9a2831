//===--- Cache.h - Facts of unchanged translation units, reused -*- C++ -*-===//
//
// `--cache-dir DIR`: the map step's facts of a translation unit are kept
// under a key made of everything the run shares (this txnlint's executable
// and clang version, the rules' digest, the checks and options that change
// facts), the unit's file, its compile commands, the extra arguments and
// (in the refinement round) the facts of the other units' functions it
// calls. An entry also lists every file the unit read with the digest of
// its content; it is reused only while each of them still has that content,
// so a changed header re-runs exactly the units that include it. Where an
// include was not found, the places it was looked for are kept too: the
// entry holds while none of them exists.
//
// An entry is one JSON file, written atomically, carrying its key and a
// digest of its own text: a truncated, edited or foreign entry is ignored
// and replaced, never trusted. A unit whose analysis crashed is not kept.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_CACHE_H
#define TXNLINT_TOOL_CACHE_H

#include "Facts.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Chrono.h"
#include <atomic>
#include <mutex>
#include <optional>

namespace txnlint::driver {

/// A digest of \p Parts (BLAKE3, hex), each delimited.
std::string digestOf(llvm::ArrayRef<llvm::StringRef> Parts);

/// What every unit's facts depend on besides its own command and inputs:
/// this txnlint (its version, the clang it is built on, the digest of the
/// executable \p Executable), the rules, the checks that run and the options
/// that change what is mapped.
std::string cacheSalt(llvm::StringRef Executable, const RuleSet &Rules,
                      llvm::ArrayRef<std::string> Checks,
                      llvm::ArrayRef<std::string> ExtraArgsBefore,
                      llvm::ArrayRef<std::string> ExtraArgs);

/// A digest of the functions of \p Library (a summary read from a file).
std::string libraryDigest(const std::vector<FunctionFacts> &Library);
/// A digest of the functions of \p Library that \p Unit calls (the
/// refinement round: only they change what it maps to).
std::string libraryDigestFor(const TuFacts &Unit,
                             const std::vector<FunctionFacts> &Library);

/// What one unit's facts depend on in the file system.
struct UnitInputs {
  std::vector<std::string> Read;   ///< Every file it read (absolute).
  /// Where an `#include` that was not found would have been found: none
  /// may exist for the facts to hold (a generated header that appears).
  std::vector<std::string> Absent;
};

class FactsCache {
public:
  /// A cache in \p Dir (created when missing); \p Salt is what every entry
  /// depends on (see digestOf).
  static llvm::Expected<std::unique_ptr<FactsCache>>
  open(llvm::StringRef Dir, std::string Salt);

  /// The key of one unit's map step.
  std::string
  keyFor(llvm::StringRef File,
         const std::vector<clang::tooling::CompileCommand> &Commands,
         llvm::StringRef Library) const;

  /// The facts under \p Key when every input still has its recorded
  /// content; a damaged entry counts as Corrupt and is not used.
  std::optional<TuFacts> lookup(llvm::StringRef Key);
  /// Keeps \p Facts with the digests of \p Inputs (absolute paths), unless
  /// one of them was modified after \p Started, when the unit began (what
  /// was parsed may not be what is hashed now).
  void store(llvm::StringRef Key, const TuFacts &Facts,
             const UnitInputs &Inputs, llvm::sys::TimePoint<> Started);

  std::atomic<unsigned> Hits{0}, Misses{0}, Corrupt{0}, StoreErrors{0};

private:
  FactsCache(std::string Dir, std::string Salt)
      : Dir(std::move(Dir)), Salt(std::move(Salt)) {}
  std::string pathOf(llvm::StringRef Key) const;
  /// The content digest of \p Path, read once per run (empty: unreadable).
  std::string contentDigest(const std::string &Path);

  std::string Dir, Salt;
  std::mutex Mutex;
  llvm::StringMap<std::string> Contents;
};

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_CACHE_H
