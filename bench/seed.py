#!/usr/bin/env python3
"""Recall probe on real code: plants one known violation at a time in a
corpus package (bench/corpus/seeds.yaml), lints the translation unit with
the package's rules, expects the named check at the planted line, and
restores the file.

  seed.py PKG CORPUS_PKG_DIR SEEDS_YAML RULES TXNLINT OUT_JSON

A seed: {file, anchor (a substring of the line to plant after; its first
occurrence), code (one line), check, tu (when file is a header)}. The
planted line takes the anchor line's indentation; `#include <cstdlib>` and
`#include <thread>` are put at the top of the file first.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

PRELUDE = ["#include <cstdlib>\n", "#include <thread>\n"]


def plant(path, anchor, code):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.readlines()
    for i, line in enumerate(lines):
        if anchor in line:
            indent = re.match(r"\s*", line).group(0)
            planted = PRELUDE + lines[:i + 1] + [indent + code + "\n"] + \
                lines[i + 1:]
            # 1-based line of the planted code.
            return lines, planted, len(PRELUDE) + i + 2
    raise SystemExit("seed: anchor %r not found in %s" % (anchor, path))


def main():
    pkg, work, seeds_path, rules, txnlint, out_path = sys.argv[1:7]
    with open(seeds_path) as f:
        seeds = (yaml.safe_load(f) or {}).get(pkg) or []
    src = os.path.join(work, "src")
    results = []
    for s in seeds:
        path = os.path.join(src, s["file"])
        tu = os.path.join(src, s.get("tu", s["file"]))
        original, planted, line = plant(path, s["anchor"], s["code"])
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "f.json")
            try:
                with open(path, "w", encoding="utf-8",
                          errors="surrogateescape") as f:
                    f.writelines(planted)
                run = subprocess.run(
                    [txnlint, "-p", os.path.join(work, "build"), "--rules",
                     rules, "--quiet", "--no-snippets", "--fail-on", "never",
                     "--root", src, "--json", out, tu],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            finally:
                with open(path, "w", encoding="utf-8",
                          errors="surrogateescape") as f:
                    f.writelines(original)
            findings, failed = [], ["(no output)"]
            if os.path.exists(out):
                with open(out) as f:
                    result = json.load(f)
                findings = result["findings"]
                failed = result["summary"]["failed_translation_units"]
        at = [x["check"] for x in findings
              if x["file"] == s["file"] and x["line"] == line]
        # A planted line that does not compile proves nothing.
        found = s["check"] in at and not failed
        results.append({"file": s["file"], "line": line, "code": s["code"],
                        "check": s["check"], "found": found,
                        "compiles": not failed,
                        "exit": run.returncode,
                        "also": sorted(set(at) - {s["check"]})})
        print("seed %s: %s:%d %s: %s" % (
            pkg, s["file"], line, s["check"], "found" if found else
            "MISSED" if not failed else "INVALID (does not compile)"))
    with open(out_path, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
