//===--- TxnTidyModule.cpp - The clang-tidy module 'txn' ------------------===//

#include "BackgroundSessionReuseCheck.h"
#include "NestedBeginCheck.h"
#include "ServiceBeginCheck.h"
#include "SideEffectInTransactionCheck.h"
#include "SwallowedExceptionCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy::txn {

class TxnModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<BackgroundSessionReuseCheck>(
        "txn-background-session-reuse");
    Factories.registerCheck<NestedBeginCheck>("txn-nested-begin");
    Factories.registerCheck<ServiceBeginCheck>("txn-service-begin");
    Factories.registerCheck<SideEffectInTransactionCheck>(
        "txn-side-effect-in-transaction");
    Factories.registerCheck<SwallowedExceptionCheck>("txn-swallowed-exception");
  }
};

static ClangTidyModuleRegistry::Add<TxnModule>
    X("txn-module", "Checks transaction boundaries (txnlint).");

} // namespace clang::tidy::txn
