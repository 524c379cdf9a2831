#!/usr/bin/env python3
"""Lists the txnlint actions Bazel executed, from its
--execution_log_json_file (a stream of JSON objects, one per spawn that ran:
an action whose result Bazel had in its action cache is not there).

Prints one line per txnlint action, sorted: `MNEMONIC: progress message`,
then `N txnlint actions, M other`."""
import json
import sys


def spawns(path):
    text = open(path, encoding="utf-8").read()
    decoder = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        spawn, i = decoder.raw_decode(text, i)
        yield spawn


def main():
    ours, others = [], 0
    for spawn in spawns(sys.argv[1]):
        mnemonic = spawn.get("mnemonic", "")
        if mnemonic.startswith("Txnlint"):
            ours.append("%s: %s" % (mnemonic, spawn.get("progressMessage", "")))
        else:
            others += 1
    for line in sorted(ours):
        print(line)
    print("%d txnlint actions, %d other" % (len(ours), others))


if __name__ == "__main__":
    main()
