//===--- Driver.h - The standalone txnlint driver ---------------*- C++ -*-===//

#ifndef TXNLINT_TOOL_DRIVER_H
#define TXNLINT_TOOL_DRIVER_H

namespace txnlint::driver {

/// Exit codes (docs/driver.md).
enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitCouldNotRun = 2 };

int txnlintMain(int Argc, const char **Argv);

} // namespace txnlint::driver

#endif // TXNLINT_TOOL_DRIVER_H
