//===--- Cache.cpp - Facts of unchanged translation units, reused ---------===//
//
// Entry file: `DIR/<key[0:2]>/<key>.json`: the digest of the body on the
// first line, then the body: a JSON object on one line
// `{"txnlint_cache": 2, "key": ..., "inputs": [[path, digest]...],
//   "absent": [path...], "functions": N, "facts": <facts file without its
//   functions>}`, then the N functions' facts, one JSON object per line.
// Read that way, a stale entry is rejected after its first line, and the
// functions (most of a unit's facts: every inline function of its headers)
// are parsed one by one instead of as one array that llvm::json copies
// whole each time it grows.
//
//===----------------------------------------------------------------------===//

#include "Cache.h"
#include "clang/Basic/Version.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <cstdlib>

namespace json = llvm::json;

namespace txnlint::driver {

namespace {
constexpr int CacheFormat = 2;
} // namespace

std::string digestOf(llvm::ArrayRef<llvm::StringRef> Parts) {
  llvm::BLAKE3 Hash;
  for (llvm::StringRef P : Parts) {
    // Length-prefixed: ("ab", "c") and ("a", "bc") differ.
    std::string Len = std::to_string(P.size()) + ":";
    Hash.update(Len);
    Hash.update(P);
  }
  return llvm::toHex(Hash.final<16>(), /*LowerCase=*/true);
}

std::string cacheSalt(llvm::StringRef Executable, const RuleSet &Rules,
                      llvm::ArrayRef<std::string> Checks,
                      llvm::ArrayRef<std::string> ExtraArgsBefore,
                      llvm::ArrayRef<std::string> ExtraArgs) {
  std::vector<std::string> Parts{
      "txnlint " TXNLINT_VERSION, clang::getClangFullVersion(), Rules.Digest,
      Rules.Settings.SystemHeaders ? "system-headers" : "",
      // Where the analysis finds clang's own headers (the tool's default).
      std::getenv("TXNLINT_RESOURCE_DIR") ? std::getenv("TXNLINT_RESOURCE_DIR")
                                          : ""};
  // A rebuilt txnlint of the same version maps differently: its bytes.
  if (auto Exe = llvm::MemoryBuffer::getFile(Executable, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false))
    Parts.push_back(digestOf({(*Exe)->getBuffer()}));
  else
    Parts.push_back("unreadable " + Executable.str());
  for (auto List : {Checks, ExtraArgsBefore, ExtraArgs}) {
    Parts.push_back(std::to_string(List.size()));
    llvm::append_range(Parts, List);
  }
  std::vector<llvm::StringRef> Refs(Parts.begin(), Parts.end());
  return digestOf(Refs);
}

namespace {
std::string functionsDigest(llvm::ArrayRef<const FunctionFacts *> Functions) {
  std::vector<std::string> Texts;
  for (const FunctionFacts *F : Functions)
    Texts.push_back(llvm::formatv("{0}", json::Value(*F)));
  std::vector<llvm::StringRef> Refs(Texts.begin(), Texts.end());
  return digestOf(Refs);
}
} // namespace

std::string libraryDigest(const std::vector<FunctionFacts> &Library) {
  std::vector<const FunctionFacts *> All;
  for (const FunctionFacts &F : Library)
    All.push_back(&F);
  return functionsDigest(All);
}

std::string libraryDigestFor(const TuFacts &Unit,
                             const std::vector<FunctionFacts> &Library) {
  llvm::StringSet<> Called;
  for (const FunctionFacts &F : Unit.Functions)
    for (const std::string &C : F.Callees)
      Called.insert(C);
  std::vector<const FunctionFacts *> Used;
  for (const FunctionFacts &F : Library)
    if (Called.contains(F.Usr))
      Used.push_back(&F);
  return functionsDigest(Used);
}

llvm::Expected<std::unique_ptr<FactsCache>>
FactsCache::open(llvm::StringRef Dir, std::string Salt) {
  llvm::SmallString<256> Abs(Dir);
  llvm::sys::fs::make_absolute(Abs);
  if (std::error_code EC = llvm::sys::fs::create_directories(Abs))
    return llvm::createStringError(EC, "%s: cannot create the cache: %s",
                                   Dir.str().c_str(), EC.message().c_str());
  return std::unique_ptr<FactsCache>(
      new FactsCache(std::string(Abs), std::move(Salt)));
}

std::string FactsCache::keyFor(
    llvm::StringRef File,
    const std::vector<clang::tooling::CompileCommand> &Commands,
    llvm::StringRef Library) const {
  std::vector<std::string> Parts{Salt, File.str(), Library.str()};
  for (const clang::tooling::CompileCommand &C : Commands) {
    Parts.push_back(C.Directory);
    Parts.push_back(C.Filename);
    Parts.push_back(std::to_string(C.CommandLine.size()));
    llvm::append_range(Parts, C.CommandLine);
  }
  std::vector<llvm::StringRef> Refs(Parts.begin(), Parts.end());
  return digestOf(Refs);
}

std::string FactsCache::pathOf(llvm::StringRef Key) const {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Key.take_front(2), Key + ".json");
  return std::string(P);
}

std::string FactsCache::contentDigest(const std::string &Path) {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Contents.find(Path);
    if (It != Contents.end())
      return It->second;
  }
  std::string D;
  if (auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false))
    D = digestOf({(*Buf)->getBuffer()});
  std::lock_guard<std::mutex> Lock(Mutex);
  Contents[Path] = D;
  return D;
}

std::optional<TuFacts> FactsCache::lookup(llvm::StringRef Key) {
  auto Miss = [&](bool Damaged) -> std::optional<TuFacts> {
    ++(Damaged ? Corrupt : Misses);
    return std::nullopt;
  };
  auto Buf = llvm::MemoryBuffer::getFile(pathOf(Key));
  if (!Buf)
    return Miss(false);
  auto [Check, Body] = (*Buf)->getBuffer().split('\n');
  if (Check != digestOf({Body}))
    return Miss(true);
  auto [Head, Functions] = Body.split('\n');
  auto V = json::parse(Head);
  if (!V) {
    llvm::consumeError(V.takeError());
    return Miss(true);
  }
  const json::Object *O = V->getAsObject();
  const json::Array *Inputs = O ? O->getArray("inputs") : nullptr;
  const json::Array *Absent = O ? O->getArray("absent") : nullptr;
  const json::Value *Facts = O ? O->get("facts") : nullptr;
  std::optional<int64_t> Count = O ? O->getInteger("functions") : std::nullopt;
  if (!O || O->getInteger("txnlint_cache") != CacheFormat ||
      O->getString("key") != Key || !Inputs || !Absent || !Facts || !Count ||
      *Count < 0)
    return Miss(true);
  for (const json::Value &A : *Absent) {
    auto Path = A.getAsString();
    if (!Path)
      return Miss(true);
    if (llvm::sys::fs::exists(*Path))
      return Miss(false); // A header that was missing is there now.
  }
  for (const json::Value &In : *Inputs) {
    const json::Array *Pair = In.getAsArray();
    if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() ||
        !(*Pair)[1].getAsString())
      return Miss(true);
    std::string Path = (*Pair)[0].getAsString()->str();
    std::string Now = contentDigest(Path);
    if (Now.empty() || Now != *(*Pair)[1].getAsString())
      return Miss(false); // Changed since (or gone).
  }
  auto T = tuFactsFromJson(*Facts);
  if (!T) {
    llvm::consumeError(T.takeError());
    return Miss(true);
  }
  T->Functions.reserve(*Count);
  while (!Functions.empty()) {
    auto [Line, Rest] = Functions.split('\n');
    Functions = Rest;
    auto F = json::parse(Line);
    if (!F) {
      llvm::consumeError(F.takeError());
      return Miss(true);
    }
    json::Path::Root Root("function");
    if (!fromJSON(*F, T->Functions.emplace_back(), Root)) {
      llvm::consumeError(Root.getError());
      return Miss(true);
    }
  }
  if (T->Functions.size() != static_cast<size_t>(*Count))
    return Miss(true);
  ++Hits;
  return std::move(*T);
}

void FactsCache::store(llvm::StringRef Key, const TuFacts &Facts,
                       const UnitInputs &Inputs,
                       llvm::sys::TimePoint<> Started) {
  json::Array In;
  for (const std::string &P : Inputs.Read) {
    llvm::sys::fs::file_status St;
    if (llvm::sys::fs::status(P, St) ||
        St.getLastModificationTime() > Started)
      return; // Edited while it was parsed (or gone): not kept.
    std::string D = contentDigest(P);
    if (D.empty()) // Gone already: nothing to compare with next time.
      return;
    In.push_back(json::Array{P, D});
  }
  // The functions go one per line after the head (see the file comment).
  // One function at a time: a document of them all is mostly json::Object's
  // hash tables.
  std::string Body;
  llvm::raw_string_ostream OS(Body);
  OS << json::Value(json::Object{{"txnlint_cache", CacheFormat},
                                 {"key", Key},
                                 {"inputs", std::move(In)},
                                 {"absent", json::Array(Inputs.Absent)},
                                 {"functions", Facts.Functions.size()},
                                 {"facts", toJson(Facts, /*Functions=*/false)}});
  for (const FunctionFacts &F : Facts.Functions)
    OS << "\n" << toJSON(F);
  OS.flush();
  std::string Path = pathOf(Key);
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path));
  if (llvm::Error E = llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
        OS << digestOf({Body}) << "\n" << Body;
        return llvm::Error::success();
      })) {
    llvm::consumeError(std::move(E));
    ++StoreErrors;
  }
}

} // namespace txnlint::driver
