//===--- Main.cpp - txnlint entry point -----------------------------------===//

#include "Driver.h"

int main(int Argc, const char **Argv) {
  return txnlint::driver::txnlintMain(Argc, Argv);
}
