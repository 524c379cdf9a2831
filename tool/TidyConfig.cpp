//===--- TidyConfig.cpp - clang-tidy's configuration, for txnlint ---------===//

#include "TidyConfig.h"
#include "Database.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/FileSystem.h"
#include <yaml-cpp/yaml.h>

namespace txnlint::driver {

namespace {

llvm::Error failAt(llvm::StringRef Source, const YAML::Mark &M,
                   const llvm::Twine &Msg) {
  std::string Where = Source.str();
  if (!M.is_null())
    Where += ":" + std::to_string(M.line + 1) + ":" +
             std::to_string(M.column + 1);
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Where + ": error: " + Msg.str());
}

/// A scalar value, or an error naming where it is not one.
llvm::Expected<std::string> scalar(const YAML::Node &N, llvm::StringRef Key,
                                   llvm::StringRef Source) {
  if (!N.IsScalar())
    return failAt(Source, N.Mark(), "'" + Key + "' must be a string");
  return N.Scalar();
}

} // namespace

llvm::Expected<TidyConfig> parseTidyConfig(llvm::StringRef Text,
                                           llvm::StringRef Source,
                                           llvm::StringRef Dir) {
  TidyConfig C;
  C.Source = Source.str();
  YAML::Node Root;
  try {
    Root = YAML::Load(Text.str());
  } catch (const YAML::Exception &E) {
    return failAt(Source, E.mark, E.msg);
  }
  if (Root.IsNull())
    return C; // An empty file configures nothing.
  if (!Root.IsMap())
    return failAt(Source, Root.Mark(),
                  "expected a mapping of clang-tidy options (Checks, "
                  "CheckOptions, ...)");
  for (auto KV : Root) {
    std::string Key = KV.first.Scalar();
    const YAML::Node &V = KV.second;
    if (Key == "Checks" || Key == "WarningsAsErrors") {
      auto S = scalar(V, Key, Source);
      if (!S)
        return S.takeError();
      // clang-tidy also accepts a list written over several lines.
      std::string Globs;
      for (char Ch : *S)
        if (Ch != '\n' && Ch != ' ')
          Globs += Ch;
      (Key == "Checks" ? C.Checks : C.WarningsAsErrors) = Globs;
    } else if (Key == "HeaderFilterRegex" || Key == "ExcludeHeaderFilterRegex") {
      auto S = scalar(V, Key, Source);
      if (!S)
        return S.takeError();
      (Key == "HeaderFilterRegex" ? C.HeaderFilterRegex
                                  : C.ExcludeHeaderFilterRegex) = *S;
    } else if (Key == "SystemHeaders") {
      auto S = scalar(V, Key, Source);
      if (!S)
        return S.takeError();
      std::optional<bool> B = llvm::StringRef(*S).equals_insensitive("true")
                                  ? std::optional<bool>(true)
                              : llvm::StringRef(*S).equals_insensitive("false")
                                  ? std::optional<bool>(false)
                                  : std::nullopt;
      if (!B)
        return failAt(Source, V.Mark(),
                      "'SystemHeaders' must be true or false");
      C.SystemHeaders = B;
    } else if (Key == "CheckOptions") {
      // A map (clang-tidy 15+) or a list of {key, value}.
      std::vector<std::pair<YAML::Node, YAML::Node>> Options;
      if (V.IsMap()) {
        for (auto O : V)
          Options.push_back({O.first, O.second});
      } else if (V.IsSequence()) {
        for (const YAML::Node &O : V) {
          if (!O.IsMap() || !O["key"] || !O["value"])
            return failAt(Source, O.Mark(),
                          "a CheckOptions entry needs 'key' and 'value'");
          Options.push_back({O["key"], O["value"]});
        }
      } else if (!V.IsNull()) {
        return failAt(Source, V.Mark(),
                      "'CheckOptions' must be a mapping or a list");
      }
      std::optional<std::string> Global, Local;
      const YAML::Node *LocalNode = nullptr;
      for (const auto &[K, Val] : Options) {
        llvm::StringRef Name(K.Scalar());
        bool IsGlobal = Name == "RulesFile";
        bool IsLocal = Name.starts_with("txn-") && Name.ends_with(".RulesFile");
        if (!IsGlobal && !IsLocal)
          continue;
        auto S = scalar(Val, Name, Source);
        if (!S)
          return S.takeError();
        if (IsGlobal) {
          Global = *S;
        } else if (Local && *Local != *S) {
          // The standalone tool runs every check with one rules file.
          return failAt(Source, Val.Mark(),
                        "'" + Name + "' names another rules file than '" +
                            LocalNode->Scalar() +
                            "'; txnlint runs every txn-* check with one "
                            "rules file (set the global 'RulesFile')");
        } else {
          Local = *S;
          LocalNode = &K;
        }
      }
      std::optional<std::string> Rules = Global ? Global : Local;
      if (Rules && !Rules->empty()) {
        llvm::SmallString<256> P(*Rules);
        if (!llvm::sys::path::is_absolute(P)) {
          P = Dir;
          llvm::sys::path::append(P, *Rules);
        }
        llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
        C.RulesFile = P.str().str();
      }
    }
    // Other keys (FormatStyle, SystemHeaders, ...) belong to clang-tidy and
    // are left to it.
  }
  return C;
}

llvm::Expected<TidyConfig> readTidyConfig(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(Buf.getError(),
                                   "%s: error: cannot read configuration: %s",
                                   Path.str().c_str(),
                                   Buf.getError().message().c_str());
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  return parseTidyConfig((*Buf)->getBuffer(), Path,
                         llvm::sys::path::parent_path(Abs));
}

bool LineFilter::passes(llvm::StringRef Path, unsigned Line) const {
  for (const File &F : Files) {
    if (!Path.ends_with(F.Name))
      continue;
    if (F.Lines.empty())
      return true;
    for (const auto &[First, Last] : F.Lines)
      if (Line >= First && Line <= Last)
        return true;
  }
  return false;
}

llvm::Expected<LineFilter> parseLineFilter(llvm::StringRef Json) {
  auto Fail = [](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--line-filter: " + Why.str());
  };
  auto Doc = llvm::json::parse(Json);
  if (!Doc)
    return Fail("invalid JSON: " + llvm::toString(Doc.takeError()));
  const llvm::json::Array *List = Doc->getAsArray();
  if (!List)
    return Fail("expected an array of {\"name\": ..., \"lines\": [[first, "
                "last], ...]}");
  LineFilter Out;
  for (size_t I = 0; I < List->size(); ++I) {
    const llvm::json::Object *O = (*List)[I].getAsObject();
    std::optional<llvm::StringRef> Name = O ? O->getString("name") : std::nullopt;
    if (!Name || Name->empty())
      return Fail("entry " + llvm::Twine(I) + " has no \"name\"");
    LineFilter::File F{Name->str(), {}};
    if (const llvm::json::Value *L = O->get("lines")) {
      const llvm::json::Array *Ranges = L->getAsArray();
      if (!Ranges)
        return Fail("\"lines\" of '" + *Name + "' must be an array");
      for (const llvm::json::Value &R : *Ranges) {
        const llvm::json::Array *P = R.getAsArray();
        std::optional<int64_t> A = P && P->size() == 2 ? (*P)[0].getAsInteger()
                                                        : std::nullopt;
        std::optional<int64_t> B = P && P->size() == 2 ? (*P)[1].getAsInteger()
                                                        : std::nullopt;
        if (!A || !B || *A < 1 || *B < *A)
          return Fail("a range of '" + *Name +
                      "' must be [first, last] with 1 <= first <= last");
        F.Lines.push_back({unsigned(*A), unsigned(*B)});
      }
    }
    Out.Files.push_back(std::move(F));
  }
  return Out;
}

std::string findTidyConfig(llvm::StringRef Dir) {
  return findAbove(Dir, ".clang-tidy");
}

} // namespace txnlint::driver
