#!/usr/bin/env python3
"""Lints FILES with clang-tidy-19 and the txnlint plugin twice: all in one
process, and one process per file, and checks that both report the same
diagnostics. Nothing of one translation unit may leak into the next (the
analysis and every cache keyed by a declaration belong to one TU).

  tidy_one_process.py --clang-tidy EXE --plugin SO --rules YAML
                      [--build DIR | FILES... -- FLAGS]
With --build, the files are those of DIR/compile_commands.json.
"""
import argparse
import json
import os
import re
import subprocess
import sys

DIAG = re.compile(r"^(/.*?|[^ ]*?):\d+:\d+: (?:warning|error|note): .*$")


def run(args, files, build, flags):
    cmd = [args.clang_tidy, "-load", args.plugin, "-checks=-*,txn-*",
           "-config={CheckOptions: {RulesFile: '%s'}}" % args.rules]
    if build:
        cmd += ["-p", build]
    cmd += files
    if not build:
        cmd += ["--"] + flags
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    return {l for l in r.stdout.splitlines() if DIAG.match(l)}


def main():
    argv = sys.argv[1:]
    flags = []
    if "--" in argv:
        i = argv.index("--")
        argv, flags = argv[:i], argv[i + 1:]
    p = argparse.ArgumentParser()
    p.add_argument("--clang-tidy", required=True)
    p.add_argument("--plugin", required=True)
    p.add_argument("--rules", required=True)
    p.add_argument("--build")
    p.add_argument("files", nargs="*")
    a = p.parse_args(argv)
    files = a.files
    if a.build:
        with open(os.path.join(a.build, "compile_commands.json")) as f:
            files = sorted({e["file"] for e in json.load(f)})
    together = run(a, files, a.build, flags)
    apart = set()
    for f in files:
        apart |= run(a, [f], a.build, flags)
    warnings = sum(1 for l in together if ": note: " not in l)
    if together == apart and warnings:
        print("one process: %d findings in %d files; one process per file: "
              "the same" % (warnings, len(files)))
        return 0
    print("one process: %d findings in %d files; one process per file: "
          "DIFFERENT" % (warnings, len(files)))
    for l in sorted(together - apart):
        print("  only in one process: " + l)
    for l in sorted(apart - together):
        print("  only per file: " + l)
    return 1


if __name__ == "__main__":
    sys.exit(main())
