//===--- OutputWriter.cpp - One writer per output format ------------------===//

#include "OutputWriter.h"

namespace txnlint::driver {

OutputWriter::~OutputWriter() = default;

std::string relativePath(llvm::StringRef Path, llvm::StringRef Root) {
  if (!Root.empty() && Path.starts_with(Root) &&
      Path.drop_front(Root.size()).starts_with("/"))
    return Path.drop_front(Root.size() + 1).str();
  return Path.str();
}

} // namespace txnlint::driver
