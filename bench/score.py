#!/usr/bin/env python3
"""Scores txnlint's findings against sites labelled by hand.

  score.py LABELS_YAML FINDINGS_JSON          one package, a table on stdout
  score.py --corpus CORPUS_DIR LABELS_DIR     every package with both

A labels file (bench/corpus/labels/PKG.yaml, see bench/corpus/labels/
README.md) lists sites: file, function, line, check, label (violation or
compliant), reason, confidence; and the functions that open a transaction
(openers). The findings are a txnlint --json output run with --root at the
top of the package's source tree, so that both name files the same way.

Matching, per check:
  - a finding on the line of a compliant site is a false positive there;
  - any other finding in the function of a violation site finds it;
  - every other finding is left for triage (bench/corpus/triage.yaml).
A site counts once however many findings it has. Precision is
TP / (TP + FP) over sites, recall TP / violation sites. An opener is found
when txnlint lists its function as beginning a transaction.
"""
import collections
import json
import os
import re
import sys

import yaml

CHECKS = ["txn-side-effect-in-transaction", "txn-nested-begin",
          "txn-service-begin", "txn-background-session-reuse",
          "txn-swallowed-exception"]


def norm_function(name):
    """A function as labels and txnlint both name it: no leading '::', no
    anonymous namespace, no template arguments, no lambda suffix."""
    name = name or ""
    name = name.replace("(anonymous namespace)::", "")
    name = re.sub(r"::\(lambda.*$|::<lambda.*$|::\(unnamed.*$", "", name)
    prev = None
    while prev != name:  # Nested template arguments, innermost first.
        prev = name
        name = re.sub(r"<[^<>]*>", "", name)
    return name.lstrip(":")


def norm_file(path):
    return os.path.normpath(path).lstrip("./") if path else ""


def same_function(label, found):
    """The labelled function names the finding's, allowing the finding to be
    more qualified (a namespace the label left out) or inside a lambda."""
    a, b = norm_function(label), norm_function(found)
    return a == b or b.endswith("::" + a)


def score(labels, findings):
    """Returns {sites: [...], findings: [...], openers: [...]} with a
    verdict on each: tp, fn, fp, tn for sites; site-tp, site-fp or other for
    findings; found or missed for openers."""
    sites = []
    for s in labels.get("sites") or []:
        sites.append(dict(s, file=norm_file(s["file"]), hits=[]))
    result_findings = []
    for f in findings.get("findings") or []:
        ff = norm_file(f["file"])
        verdict, site = "other", None
        for s in sites:
            if (s["label"] == "compliant" and s["check"] == f["check"]
                    and s["file"] == ff and int(s["line"]) == f["line"]):
                verdict, site = "site-fp", s
                break
        if site is None:
            # Of the violation sites in the finding's function, the one on
            # its line, else one not found yet, else the nearest.
            candidates = [s for s in sites
                          if s["label"] == "violation"
                          and s["check"] == f["check"] and s["file"] == ff
                          and same_function(s["function"], f.get("function"))]
            if candidates:
                site = min(candidates, key=lambda s: (
                    int(s["line"]) != f["line"], bool(s["hits"]),
                    abs(int(s["line"]) - f["line"])))
                verdict = "site-tp"
        if site is not None:
            site["hits"].append(f)
        result_findings.append(dict(f, verdict=verdict))
    for s in sites:
        if s["label"] == "violation":
            s["verdict"] = "tp" if s["hits"] else "fn"
        else:
            s["verdict"] = "fp" if s["hits"] else "tn"
    begins = collections.defaultdict(list)
    for fn in findings.get("functions") or []:
        if fn.get("begins_transaction"):
            begins[norm_file(fn["file"])].append(fn["name"])
    openers = []
    for o in labels.get("openers") or []:
        file = norm_file(o["file"])
        found = any(same_function(o["function"], n) for n in begins[file])
        openers.append(dict(o, file=file,
                            verdict="found" if found else "missed"))
    return {"sites": sites, "findings": result_findings, "openers": openers}


def counts(sites, check=None):
    c = collections.Counter(s["verdict"] for s in sites
                            if check is None or s["check"] == check)
    tp, fp, fn, tn = c["tp"], c["fp"], c["fn"], c["tn"]
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "violations": tp + fn, "compliant": fp + tn,
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None}


def ratio(x):
    return "–" if x is None else "%.2f" % x


def row(name, c, extra=""):
    return "| %s | %d | %d | %d | %d | %d | %s | %s |%s" % (
        name, c["violations"], c["compliant"], c["tp"], c["fn"], c["fp"],
        ratio(c["precision"]), ratio(c["recall"]), extra)


HEADER = ("| %s | violation sites | compliant sites | found (TP) | missed (FN) "
          "| flagged compliant (FP) | precision | recall |")
RULE = "|---|---|---|---|---|---|---|---|"


def load(labels_path, findings_path):
    with open(labels_path) as f:
        labels = yaml.safe_load(f)
    with open(findings_path) as f:
        findings = json.load(f)
    return labels, score(labels, findings)


def main(argv):
    if len(argv) == 3 and argv[0] != "--corpus":
        labels, r = load(argv[1], argv[2])
        print(HEADER % "check")
        print(RULE)
        for chk in CHECKS:
            print(row(chk, counts(r["sites"], chk)))
        print(row("**all**", counts(r["sites"])))
        for s in r["sites"]:
            if s["verdict"] in ("fn", "fp"):
                print("%s %s:%s %s %s" % (s["verdict"].upper(), s["file"],
                                          s["line"], s["function"],
                                          s["check"]))
        missed = [o for o in r["openers"] if o["verdict"] == "missed"]
        print("openers found: %d of %d" % (len(r["openers"]) - len(missed),
                                          len(r["openers"])))
        for o in missed:
            print("MISSED OPENER %s:%s %s" % (o["file"], o["line"],
                                              o["function"]))
        return 0
    if len(argv) == 4 and argv[1] == "--corpus":
        corpus, labels_dir = argv[2], argv[3]
        print(HEADER % "package")
        print(RULE)
        every = []
        for name in sorted(os.listdir(labels_dir)):
            if not name.endswith(".yaml"):
                continue
            pkg = name[:-5]
            fpath = os.path.join(corpus, pkg, "findings.json")
            if not os.path.exists(fpath):
                continue
            _, r = load(os.path.join(labels_dir, name), fpath)
            every += r["sites"]
            print(row(pkg, counts(r["sites"])))
        print(row("**all**", counts(every)))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
