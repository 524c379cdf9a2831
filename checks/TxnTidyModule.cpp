//===--- TxnTidyModule.cpp - The clang-tidy module 'txn' ------------------===//
//
// One registration per row of the check registry (core/checks/), each the
// generic adapter under the check's name.
//
//===----------------------------------------------------------------------===//

#include "TxnCheckAdapter.h"
#include "checks/CheckRegistry.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy::txn {

class TxnModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    for (const txnlint::CheckInfo &C : txnlint::checkRegistry())
      Factories.registerCheckFactory(
          C.Name, [](StringRef Name, ClangTidyContext *Context) {
            return std::make_unique<TxnCheckAdapter>(Name, Context);
          });
  }
};

static ClangTidyModuleRegistry::Add<TxnModule>
    X("txn-module", "Checks transaction boundaries (txnlint).");

} // namespace clang::tidy::txn
