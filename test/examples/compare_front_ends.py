#!/usr/bin/env python3
"""Runs txnlint and clang-tidy-19 (with the plugin, given txnlint's summary
file of the whole program) over the example service and checks that each reports exactly the violations marked in the sources
with `// expect: txn-...`: each once, and nothing else."""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

DIAG = re.compile(r"^(.*?):(\d+):\d+: (?:error|warning): .* \[(txn-[a-z-]+)\]$")


def expected(src):
    out = collections.Counter()
    for root, _, files in os.walk(src):
        for name in files:
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                for no, line in enumerate(f, 1):
                    for check in re.findall(r"// expect: (txn-[a-z-]+)", line):
                        out[(os.path.relpath(path, src), no, check)] += 1
    return out


def parse(text, src):
    out = collections.Counter()
    for line in text.splitlines():
        m = DIAG.match(line)
        if m:
            rel = os.path.relpath(os.path.realpath(m.group(1)), src)
            out[(rel, int(m.group(2)), m.group(3))] += 1
    return out


def report(name, got, want):
    ok = got == want
    print("%s: %d findings, %d expected: %s" %
          (name, sum(got.values()), sum(want.values()),
           "match" if ok else "MISMATCH"))
    for k in sorted(set(got) | set(want)):
        if got[k] != want[k]:
            print("  %s:%d %s: reported %d, expected %d" %
                  (k[0], k[1], k[2], got[k], want[k]))
    return ok


def main():
    p = argparse.ArgumentParser()
    for a in ("txnlint", "clang-tidy", "plugin", "build", "rules", "src"):
        p.add_argument("--" + a, required=True)
    a = p.parse_args()
    src = os.path.realpath(a.src)
    want = expected(src)
    if not want:
        print("no `// expect:` markers found under " + src)
        return 1

    # The whole program's summaries, for the plugin (SummaryFile).
    summary = os.path.join(tempfile.mkdtemp(), "summary.json")
    run = subprocess.run([a.txnlint, "-p", a.build, "--rules", a.rules,
                          "--no-snippets", "--quiet",
                          "--write-summary", summary],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    ok = run.returncode == 1
    if not ok:
        print("txnlint exited %d, expected 1 (findings)\n%s" %
              (run.returncode, run.stderr))
    ok &= report("txnlint", parse(run.stdout, src), want)

    with open(os.path.join(a.build, "compile_commands.json")) as f:
        files = sorted({e["file"] for e in json.load(f)})
    config = "{CheckOptions: {RulesFile: '%s', SummaryFile: '%s'}}" % (
        os.path.realpath(a.rules), summary)
    tidy_out = ""
    for f in files:
        r = subprocess.run([a.clang_tidy, "-load", a.plugin,
                            "-checks=-*,txn-*", "-config=" + config,
                            "-p", a.build, f],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        if "clang-diagnostic-error" in r.stdout:
            print("clang-tidy could not compile " + f)
            ok = False
        tidy_out += r.stdout
    ok &= report("clang-tidy", parse(tidy_out, src), want)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
