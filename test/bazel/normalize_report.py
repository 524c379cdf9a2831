#!/usr/bin/env python3
"""Prints a Markdown report of txnlint with what may differ between a
`txnlint -p` run and the Bazel rule normalised, nothing else:

- link targets: both write them relative to the report's directory
  (--links-from: for Bazel, where the merge wrote it in the execroot,
  bazel-out/CONFIG/bin/PACKAGE/NAME); both are rewritten relative to --root;
- the `- Source revision:` line: read from the .git above the directory the
  merge runs in (a Bazel sandbox may or may not be under one); dropped.

usage: normalize_report.py REPORT --links-from DIR --root DIR"""
import argparse
import os
import re

LINK = re.compile(r"\]\(([^)#]*)(#[^)]*)?\)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--links-from", required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args()

    def relink(m):
        target, anchor = m.group(1), m.group(2) or ""
        if target and not re.match(r"^[a-z]+:", target) and not os.path.isabs(target):
            full = os.path.normpath(os.path.join(args.links_from, target))
            target = os.path.relpath(full, args.root)
        return "](%s%s)" % (target, anchor)

    with open(args.report, encoding="utf-8") as f:
        for line in f:
            if line.startswith("- Source revision:"):
                continue
            print(LINK.sub(relink, line), end="")


if __name__ == "__main__":
    main()
