#!/usr/bin/env python3
"""Writes docs/accuracy.md from the corpus runs of bench/corpus.sh and the
triage in bench/corpus/triage.yaml.

  accuracy.py CORPUS_DIR TRIAGE_YAML OUTPUT_MD

CORPUS_DIR holds one directory per package (stats.json, findings.json,
errors.txt). Every finding is matched with its triage entry by place and
check; a finding with none is listed as untriaged, a triage entry whose
finding is no longer reported as stale. Both are printed on stderr and make
the exit status 1, so a changed result cannot go unnoticed.
"""
import json
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402  (bench/score.py: labelled sites)

ORDER = ["sqlitecpp", "cppdb", "libpqxx", "soci", "poco",
         "qtox", "mixxx", "krita", "akonadi", "pdns", "zeroc-ice"]
VERDICTS = ("tp", "fp", "debatable")


def load_package(corpus, name):
    d = os.path.join(corpus, name)
    with open(os.path.join(d, "stats.json")) as f:
        stats = json.load(f)
    with open(os.path.join(d, "findings.json")) as f:
        findings = json.load(f)
    # Paths under the package's source tree, however it was reached (a
    # symbolic link to the work directory), relative to it.
    srcs = {os.path.realpath(os.path.join(d, "src")) + "/",
            os.path.abspath(os.path.join(d, "src")) + "/"}
    for f in findings.get("findings", []) + findings.get("functions", []):
        for src in srcs:
            if f.get("file", "").startswith(src):
                f["file"] = f["file"][len(src):]
    seeds = None
    path = os.path.join(d, "seeds.json")
    if os.path.exists(path):
        with open(path) as f:
            seeds = json.load(f)
    errors = []
    path = os.path.join(d, "errors.txt")
    if os.path.exists(path):
        with open(path, errors="replace") as f:
            errors = f.read().splitlines()
    return stats, findings, errors, seeds


def place(f):
    return "%s:%d:%d" % (f["file"], f["line"], f["column"])


def parse_reason(tu, errors):
    """The first compiler error reported in the failed TU itself."""
    for line in errors:
        if line.startswith(tu + ":") and ": error: " in line:
            return line[len(tu) + 1:]
    return "errors in included files (see errors.txt)"


def seconds(x):
    return "%.1f s" % x


def labelled_section(labelled):
    """Precision and recall on the sites read by hand, per package and per
    check, with every missed violation and flagged compliant site."""
    out = ["## Labelled sites (applications)\n",
           "Sites read by hand in each application (`bench/corpus/labels/"
           "PKG.yaml`: violations of each check and compliant forms a naive "
           "tool would flag) and scored by `bench/score.py`: a finding of a "
           "check in a violation site's function finds it, a finding on a "
           "compliant site's line is a false positive there. Openers are the "
           "functions the labels say begin a transaction, found when txnlint "
           "lists them as beginning one.\n",
           score.HEADER % "package" + " openers found |",
           score.RULE + "---|"]
    every, misses = [], []
    for name, r in labelled.items():
        found = sum(1 for o in r["openers"] if o["verdict"] == "found")
        out.append(score.row(name, score.counts(r["sites"]),
                             " %d of %d |" % (found, len(r["openers"]))))
        every += [dict(s, package=name) for s in r["sites"]]
        for s in r["sites"]:
            if s["verdict"] in ("fn", "fp"):
                misses.append("| %s | `%s:%s` | `%s` | %s | %s | %s |" % (
                    name, s["file"], s["line"], s["function"], s["check"],
                    "missed" if s["verdict"] == "fn" else "flagged",
                    " ".join(str(s.get("reason", "")).split()).replace(
                        "|", "\\|")))
    out.append(score.row("**all**", score.counts(every), " |"))
    out.append("")
    out.append(score.HEADER % "check")
    out.append(score.RULE)
    for chk in score.CHECKS:
        out.append(score.row(chk, score.counts(every, chk)))
    out.append("")
    if misses:
        out += ["Sites not right yet:", "",
                "| package | site | function | check | result | label's "
                "reason |", "|---|---|---|---|---|---|"] + misses + [""]
    return out


def main():
    corpus, triage_path, out_path = sys.argv[1:4]
    with open(triage_path) as f:
        triage = yaml.safe_load(f) or {}
    packages = triage.get("packages") or {}
    names = [n for n in ORDER if os.path.exists(
        os.path.join(corpus, n, "stats.json"))]
    names += sorted(n for n in os.listdir(corpus) if n not in ORDER and
                    os.path.exists(os.path.join(corpus, n, "stats.json")))
    problems = []
    rows, details, robustness, recall = [], [], [], []
    labels_dir = os.path.join(os.path.dirname(triage_path), "labels")
    labelled = {}  # package -> score.score() result
    total = {"findings": 0, "tp": 0, "fp": 0, "debatable": 0,
             "untriaged": 0, "fixed": 0, "tus": 0, "begins": 0,
             "planted": 0, "found": 0,
             "tx_wall": 0.0, "tx_cpu": 0.0, "sy_wall": 0.0, "sy_cpu": 0.0}

    for name in names:
        stats, result, errors, seeds = load_package(corpus, name)
        info = packages.get(name) or {}
        entries = {(e["at"], e["check"]): e for e in info.get("findings") or []}
        for e in entries.values():
            if e.get("verdict") not in VERDICTS:
                problems.append("%s: %s %s: verdict must be one of %s" %
                                (name, e["at"], e["check"], ", ".join(VERDICTS)))
        counts = {"tp": 0, "fp": 0, "debatable": 0, "untriaged": 0}
        listed = []
        seen = set()
        # Findings on hand-labelled sites take the site's verdict.
        at_site = {}
        lpath = os.path.join(labels_dir, name + ".yaml")
        if os.path.exists(lpath):
            with open(lpath) as f:
                scored = score.score(yaml.safe_load(f), result)
            labelled[name] = scored
            for f in scored["findings"]:
                if f["verdict"] != "other":
                    at_site[(place(f), f["check"])] = (
                        "tp" if f["verdict"] == "site-tp" else "fp")
        for f in sorted(result["findings"],
                        key=lambda f: (f["file"], f["line"], f["column"],
                                       f["check"])):
            key = (place(f), f["check"])
            seen.add(key)
            e = entries.get(key)
            if not e and key in at_site:
                e = {"verdict": at_site[key],
                     "why": "labelled site (bench/corpus/labels/%s.yaml)" % name}
            verdict = e["verdict"] if e else "untriaged"
            counts[verdict if verdict in counts else "untriaged"] += 1
            if not e:
                problems.append("%s: untriaged finding %s [%s]" %
                                (name, key[0], key[1]))
            listed.append("| `%s` | %s | %s | %s | %s |" % (
                key[0], f["check"], f["severity"], verdict.upper()
                if verdict in VERDICTS else "**untriaged**",
                (e or {}).get("why", "").strip().replace("\n", " ")))
        for key in sorted(set(entries) - seen):
            problems.append("%s: stale triage entry %s [%s] (no longer "
                            "reported)" % (name, key[0], key[1]))
        fixed = info.get("fixed") or []
        fixed_count = sum(int(x.get("findings", 1)) for x in fixed)
        begins = sum(1 for fn in result.get("functions", [])
                     if fn.get("begins_transaction"))
        n = len(result["findings"])
        ratio = stats["txnlint_cpu"] / stats["syntax_cpu"] \
            if stats["syntax_cpu"] else 0
        rows.append(
            "| %s %s (%s) | `%s` | %d | %d | %d | %d | %d | %d | %d | %d | "
            "%s / %s | %s / %s | %.2f× |" % (
                name, stats.get("version") or "", info.get("scope", "all"),
                stats["rules"], stats["tus"], begins, n, counts["tp"],
                counts["fp"], counts["debatable"], counts["untriaged"],
                fixed_count, seconds(stats["txnlint_wall"]),
                seconds(stats["txnlint_cpu"]), seconds(stats["syntax_wall"]),
                seconds(stats["syntax_cpu"]), ratio))
        total["findings"] += n
        for k in counts:
            total[k] += counts[k]
        total["fixed"] += fixed_count
        total["tus"] += stats["tus"]
        total["begins"] += begins
        total["tx_wall"] += stats["txnlint_wall"]
        total["tx_cpu"] += stats["txnlint_cpu"]
        total["sy_wall"] += stats["syntax_wall"]
        total["sy_cpu"] += stats["syntax_cpu"]

        # Per-package details.
        lines = ["### %s" % name, ""]
        lines.append("%d translation units (filter `%s` on %d in the "
                     "compilation database), %d functions that open a "
                     "transaction, rules `%s`." % (
                         stats["tus"], stats["filter"],
                         stats["tus_in_database"], begins, stats["rules"]))
        lines.append("")
        if listed:
            lines += ["| place | check | severity | verdict | why |",
                      "|---|---|---|---|---|"] + listed + [""]
        else:
            lines += ["No findings.", ""]
        if fixed:
            lines += ["False positives found on this package and fixed "
                      "(the findings are gone; each cause has a regression "
                      "test):", ""]
            for x in fixed:
                lines.append("- **%s** (%d finding%s, `%s`): %s Regression "
                             "test: %s." % (
                                 x["title"], int(x.get("findings", 1)),
                                 "" if int(x.get("findings", 1)) == 1 else "s",
                                 x["at"], x["cause"].strip(), x["test"]))
            lines.append("")
        if info.get("read"):
            lines += ["Read and found correct (no finding):", ""]
            lines += ["- " + r.strip() for r in info["read"]] + [""]
        details += lines

        for s in seeds or []:
            total["planted"] += 1
            total["found"] += bool(s["found"])
            if not s["found"]:
                problems.append("%s: planted %s at %s:%d not reported" %
                                (name, s["check"], s["file"], s["line"]))
            recall.append("| %s | `%s:%d` | `%s` | %s | %s |" % (
                name, s["file"], s["line"], s["code"].replace("|", "\\|"),
                s["check"], ("found" if s["found"] else "**missed**" if
                              s.get("compiles", True) else
                              "**invalid**: does not compile") +
                ("" if not s["also"] else " (also " + ", ".join(s["also"]) +
                 ")")))

        failed = result["summary"]["failed_translation_units"]
        exit_code = stats["txnlint_exit"]
        state = ("finished" if exit_code in (0, 1, 2) else
                 "**hang** (timeout)" if exit_code == 124 else
                 "**crash** (exit %d)" % exit_code)
        robustness.append("| %s | %s (exit %d) | %d | %s | %s |" % (
            name, state, exit_code, len(failed),
            "<br>".join("`%s`: %s" % (tu, parse_reason(tu, errors).replace(
                "|", "\\|")) for tu in failed) or "–",
            "<br>".join("`%s`" % t for t in stats["syntax_rejected"]) or "–"))

    rate = 100.0 * total["fp"] / total["findings"] if total["findings"] else 0
    before = total["findings"] + total["fixed"]
    rate_before = 100.0 * (total["fp"] + total["fixed"]) / before \
        if before else 0
    out = []
    out.append("""# Accuracy on real code

<!-- Generated by bench/accuracy.py from bench/corpus.sh runs and
     bench/corpus/triage.yaml; do not edit by hand. -->

`bench/corpus.sh PKG` fetches a Debian 12 source package (`apt-get source`,
falling back to the upstream tarball when the mirror lacks the Debian diff),
installs its build dependencies, exports `compile_commands.json` (CMake with
the package's tests and examples on, or `bear`), and runs txnlint with
`bench/corpus/PKG.yaml` over the selected C++ translation units, then
`clang-19 -fsyntax-only` over the same ones (`-j 2` both, wall and CPU
seconds from `/usr/bin/time`). Every finding is triaged by reading the code
(`bench/corpus/triage.yaml`): TP (true positive), FP (false positive, with
its cause), or debatable. False positives are fixed in the engine or the
presets, never by special-casing a package, each with a regression test.
""")
    out.append("## Results\n")
    out.append("| package (scope) | rules | TUs | functions opening a "
               "transaction | findings | TP | FP | debatable | untriaged | "
               "FPs fixed | txnlint wall / CPU | clang-19 -fsyntax-only "
               "wall / CPU | CPU ratio |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    out += rows
    ratio = total["tx_cpu"] / total["sy_cpu"] if total["sy_cpu"] else 0
    out.append("| **all** | | %d | %d | %d | %d | %d | %d | %d | %d | "
               "%s / %s | %s / %s | %.2f× |" % (
                   total["tus"], total["begins"], total["findings"],
                   total["tp"], total["fp"], total["debatable"],
                   total["untriaged"], total["fixed"],
                   seconds(total["tx_wall"]), seconds(total["tx_cpu"]),
                   seconds(total["sy_wall"]), seconds(total["sy_cpu"]), ratio))
    out.append("")
    out.append("False-positive rate over all findings: %d of %d (%.1f %%). "
               "Before the fixes below: %d of %d (%.1f %%)." % (
                   total["fp"], total["findings"], rate,
                   total["fp"] + total["fixed"], before, rate_before))
    out.append("")
    if triage.get("notes"):
        out.append(triage["notes"].strip())
        out.append("")
    if labelled:
        out += labelled_section(labelled)
    out.append("## Recall probe: planted violations\n")
    out.append("Silence on well-written code says little about what txnlint "
               "would catch, so `bench/seed.py` plants one violation at a "
               "time (`bench/corpus/seeds.yaml`) in real code of each package, "
               "right after a line where a transaction is open, lints that "
               "translation unit with the package's rules and restores the "
               "file. Found: %d of %d.\n" % (total["found"], total["planted"]))
    if recall:
        out.append("| package | planted at | code | expected check | result |")
        out.append("|---|---|---|---|---|")
        out += recall
        out.append("")
    out.append("## Robustness\n")
    out.append("| package | txnlint run | TUs with compiler errors | reason "
               "| TUs clang-19 -fsyntax-only rejects |")
    out.append("|---|---|---|---|---|")
    out += robustness
    out.append("")
    out.append("## Findings and fixes per package\n")
    out += details
    text = "\n".join(out).rstrip() + "\n"
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, out_path)
    for p in problems:
        sys.stderr.write("accuracy: %s\n" % p)
    print("accuracy: %s: %d packages, %d findings, %d FP (%.1f %%), %d "
          "untriaged" % (out_path, len(names), total["findings"],
                         total["fp"], rate, total["untriaged"]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
