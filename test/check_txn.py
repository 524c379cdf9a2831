#!/usr/bin/env python3
"""Runs one txn- check under the real clang-tidy-19 with the txnlint plugin
and FileChecks its output, like clang-tidy's check_clang_tidy.py:

  check_txn.py [-check-suffixes=,A,B] [-rules FILE] FILE CHECK TEMP [-- ARGS]

CHECK-MESSAGES[-SUFFIX] and CHECK-NOTES[-SUFFIX] lines are blanked (line
numbers stay) before the file is linted; every warning must be expected
(-implicit-check-not), and notes named by CHECK-NOTES must be present.
"""
import argparse
import os
import re
import subprocess
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-check-suffixes", default="")
    p.add_argument("-rules", default=None)
    p.add_argument("-clang-tidy", required=True)
    p.add_argument("-plugin", required=True)
    p.add_argument("-filecheck", default="FileCheck")
    p.add_argument("-std-headers", action="store_true",
                   help="compile with the real C++ library (preset tests)")
    p.add_argument("input")
    p.add_argument("check")
    p.add_argument("temp")
    args, extra = p.parse_known_args()
    if extra and extra[0] == "--":
        extra = extra[1:]

    text = open(args.input, encoding="utf-8").read()
    cleaned = re.sub(r"// *CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", text)
    os.makedirs(os.path.dirname(os.path.abspath(args.temp)), exist_ok=True)
    src = args.temp + ".cpp"
    with open(src, "w", encoding="utf-8") as f:
        f.write(cleaned)

    config = "{CheckOptions: {"
    if args.rules:
        config += "RulesFile: '%s'" % args.rules
    config += "}}"
    cmd = [args.clang_tidy, "-load", args.plugin,
           "-checks=-*," + args.check, "-config=" + config, src, "--",
           "-std=c++17"] + ([] if args.std_headers else ["-nostdinc++"]) + extra
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    output = run.stdout
    if run.returncode not in (0, 1):
        sys.stderr.write("clang-tidy failed (%d):\n%s\n%s" %
                         (run.returncode, output, run.stderr))
        return 1
    if "clang-diagnostic-error" in output:
        sys.stderr.write("the test file does not compile:\n" + output)
        return 1

    # "-check-suffixes=,B" checks the plain prefixes and the -B ones together.
    suffixes = args.check_suffixes.split(",") if args.check_suffixes else [""]
    lines = [l for l in output.splitlines()
             if re.search(r": (warning|error|note): ", l)]
    filtered = "\n".join(lines) + "\n"
    # Every warning must be expected (CHECK-MESSAGES or CHECK-NOTES); notes
    # named by CHECK-NOTES must follow their warning in order.
    prefixes = ",".join("CHECK-MESSAGES%s,CHECK-NOTES%s" % (t, t) for t in
                        ("-" + s if s else "" for s in suffixes))
    fc = subprocess.run(
        [args.filecheck, args.input, "--check-prefixes=" + prefixes,
         "--allow-unused-prefixes",
         "-implicit-check-not={{warning|error}}:"],
        input=filtered, text=True)
    if fc.returncode != 0:
        sys.stderr.write("FileCheck failed; clang-tidy output was:\n" + output)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
