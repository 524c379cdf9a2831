"""txnlint for Bazel: an aspect that maps every C++ source, a rule that merges.

The aspect (`txnlint_aspect`) walks `deps` and runs txnlint's map step once per
source of every cc_library, cc_binary and cc_test, with the flags Bazel
compiles that source with (toolchain flags, --copt/--cxxopt, the target's
copts, includes and defines). Each writes one facts file (a tree artifact).

The rule (`txnlint_report`) takes the whole program (its `deps`, with the
aspect) and does what `txnlint -p` does in one process:
  1. merges the facts of every source into a summary (TxnlintSummary) and
     works out which sources call, in another source, a function that leaves
     a transaction open or ends one, and which of those functions they call;
  2. maps those sources again with those functions (TxnlintRefine; the other
     sources' facts are copied);
  3. merges (TxnlintMerge) into report.md, findings.json, findings.sarif,
     findings.txt (what txnlint prints) and exit_code (txnlint's exit code:
     0 no findings, 1 findings, 2 could not run). The build succeeds whatever
     the findings: CI reads exit_code (or `bazel test` a `txnlint_test`).

Every action has txnlint and the rules files as inputs: changing either maps
everything again. A source's map re-runs only when the source, a header it
may include or its flags change; its refinement only when, in addition, what
the functions it calls in other sources leave open or end changes.

See README.md next to this file.
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load(
    "@bazel_tools//tools/build_defs/cc:action_names.bzl",
    "CPP_COMPILE_ACTION_NAME",
    "C_COMPILE_ACTION_NAME",
)

TxnlintInfo = provider(
    doc = "The sources the txnlint aspect mapped, in a target and its deps.",
    fields = {
        "units": "depset of struct(key, src, flags, headers, facts): one per " +
                 "source; flags is a tuple of compiler flags, headers a depset " +
                 "of the headers it may include, facts the tree artifact of " +
                 "its first-round facts",
        "tool": "FilesToRunProvider of txnlint",
        "rules": "depset of the rules files (inputs of every action)",
        "rules_file": "the File given to --rules",
        "prelude": "shell lines every action's command starts with (the " +
                   "environment of txnlint: TXNLINT_DEFAULT_RULES)",
        "map_args": "tuple: extra arguments of every map step",
        "facts": "depset of the first-round facts directories of every unit",
    },
)

_CXX_EXTENSIONS = ["cc", "cpp", "cxx", "c++", "C"]
_C_EXTENSIONS = ["c"]
_HEADER_EXTENSIONS = ["h", "hh", "hpp", "hxx", "h++", "H", "inc", "inl", "ipp", "tcc", "tpp"]

# --file-prefix-map also rewrites the compiler's messages kept in the facts of
# a unit that did not compile ("diagnostics"): the facts do not depend on
# where the action ran. A unit with facts is mapped (exit 0 or 2).
_EXIT_MAPPED = """\
exit_mapped() {
  exit 0
}
"""

# The map step of one source: `txnlint ... --shard 1/1 --facts-dir OUT SRC --
# FLAGS` from the execroot (the sandbox's), with the execroot mapped away so
# the facts hold the paths Bazel shows (router/router.cpp, external/...,
# bazel-out/...). Exit 2 with a facts file means the unit could not be
# compiled: the facts say so ("failed": true), the merge reports it and the
# compiler's messages are this action's stderr.
_MAP_SH = _EXIT_MAPPED + """\
set -u
tool=$1; out=$2; shift 2
mkdir -p "$out"
"$tool" --file-prefix-map="$PWD/=" "$@"
rc=$?
if [ -n "$(ls -A "$out")" ]; then exit_mapped; fi
echo "txnlint: no facts written (exit $rc): $tool --file-prefix-map=$PWD/= $*" >&2
exit 2
"""

# The second round of one source: mapped again with the functions of the
# other sources it calls that leave a transaction open or end one (REFINE, a
# summary file written by TxnlintSummary); when there are none (REFINE is
# empty), its first-round facts are the final ones.
_REFINE_SH = _EXIT_MAPPED + """\
set -u
tool=$1; out=$2; refine=$3; first=$4; shift 4
mkdir -p "$out"
if [ ! -s "$refine" ]; then
  cp "$first"/*.facts.json "$out"/
  exit $?
fi
"$tool" --file-prefix-map="$PWD/=" --read-summary "$refine" "$@"
rc=$?
if [ -n "$(ls -A "$out")" ]; then exit_mapped; fi
echo "txnlint: no facts written (exit $rc): $tool --file-prefix-map=$PWD/= --read-summary $refine $*" >&2
exit 2
"""

# The whole program's summary of the first round, and for each source the
# part of it its second round needs.
_SUMMARY_SH = """\
set -u
tool=$1; plan_py=$2; summary=$3; dirs=$4; plan=$5
# Exit 2 when a unit did not compile, with the summary written all the same
# (as `txnlint -p`, the others are refined); the final merge reports it.
errors=$("$tool" merge @"$dirs" --quiet --fail-on never --write-summary "$summary" 2>&1 > /dev/null)
rc=$?
if [ ! -s "$summary" ]; then
  printf '%s\n' "$errors" >&2
  echo "txnlint: no summary of the first round (exit $rc): no second round" >&2
  : > "$summary"
fi
exec python3 "$plan_py" "$summary" "$plan"
"""

# Which functions each source's second round needs: those of the summary
# that leave a transaction open or end one (a non-empty leaves_open or ends),
# that the source's functions call (callees) and that it does not define:
# what `txnlint -p` maps a unit again with (unitsToRefine in
# tool/Runner.cpp). Only they change the second round's facts, so a source's
# second round re-runs only when they change.
_PLAN_PY = """\
import json, os, sys

# Facts and summary files are JSON lines: a head with the counts, then one
# function, call and finding per line (docs/whole-program.md).
def read_facts(path):
    with open(path) as f:
        lines = f.read().split("\\n")
    head = json.loads(lines[0])
    n = head["functions"]
    return head, [json.loads(l) for l in lines[1:1 + n]]

summary_path, plan_path = sys.argv[1:3]
base, transfers = None, {}
try:
    base, functions = read_facts(summary_path)
    for fn in functions:
        if fn.get("leaves_open") or fn.get("ends"):
            transfers.setdefault(fn["usr"], fn)
except (ValueError, KeyError, IndexError):
    base = None  # Empty: the first round could not be merged.
with open(plan_path) as plan:
    for line in plan:
        facts_dir, out = line.rstrip("\\n").split("\\t")
        used = []
        if transfers:
            defined, called = set(), set()
            for name in sorted(os.listdir(facts_dir)):
                if not name.endswith(".facts.json"):
                    continue
                for fn in read_facts(os.path.join(facts_dir, name))[1]:
                    defined.add(fn["usr"])
                    called.update(fn.get("callees", []))
            used = [fn for usr, fn in transfers.items()
                    if usr in called and usr not in defined]
        with open(out, "w") as f:
            if used:
                head = dict(base, functions=len(used), calls=0, findings=0)
                f.write(json.dumps(head, sort_keys=True) + "\\n")
                for fn in used:
                    f.write(json.dumps(fn, sort_keys=True) + "\\n")
"""

_MERGE_SH = """\
set -u
tool=$1; dirs=$2; code=$3; txt=$4; report=$5; json=$6; sarif=$7; shift 7
"$tool" merge @"$dirs" --report "$report" --json "$json" --sarif "$sarif" "$@" > "$txt"
rc=$?
echo $rc > "$code"
# SARIF's %SRCROOT% is the merge's current directory, here a sandbox: left
# out (the paths are relative to the workspace root; a SARIF consumer such
# as code scanning resolves %SRCROOT% to its checkout).
if [ -f "$sarif" ]; then
  grep -v -F "file://$PWD/" "$sarif" > "$sarif.tmp"
  mv "$sarif.tmp" "$sarif"
fi
# Exit 2 may leave outputs unwritten; Bazel needs every declared output.
for f in "$report" "$json" "$sarif"; do [ -f "$f" ] || : > "$f"; done
exit 0
"""

def _unit_key(src):
    # Execroot-relative and unique: router/router.cpp, external/r/x.cc,
    # bazel-out/k8-fastbuild/bin/gen.cc.
    return src.path

def _compile_flags(ctx, target, is_c, copts):
    """The flags Bazel compiles `target`'s sources with, without -c/-o/source."""
    cc_toolchain = find_cpp_toolchain(ctx)
    feature_configuration = cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = cc_toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )
    compilation = target[CcInfo].compilation_context
    user_flags = list(ctx.fragments.cpp.copts)
    user_flags += ctx.fragments.cpp.conlyopts if is_c else ctx.fragments.cpp.cxxopts
    user_flags += copts
    local_defines = getattr(ctx.rule.attr, "local_defines", [])
    variables = cc_common.create_compile_variables(
        feature_configuration = feature_configuration,
        cc_toolchain = cc_toolchain,
        user_compile_flags = user_flags,
        include_directories = compilation.includes,
        quote_include_directories = compilation.quote_includes,
        system_include_directories = compilation.system_includes,
        framework_include_directories = compilation.framework_includes,
        preprocessor_defines = depset(local_defines, transitive = [compilation.defines]),
    )
    return cc_common.get_memory_inefficient_command_line(
        feature_configuration = feature_configuration,
        action_name = C_COMPILE_ACTION_NAME if is_c else CPP_COMPILE_ACTION_NAME,
        variables = variables,
    )

def _tool_setup(ctx):
    rules = [ctx.file._rules]
    prelude = ""
    if ctx.file._default_rules:
        rules.append(ctx.file._default_rules)

        # In the command: with use_default_shell_env (PATH, --action_env),
        # Bazel ignores an action's env.
        prelude = "export TXNLINT_DEFAULT_RULES='%s'\n" % ctx.file._default_rules.path.replace("'", "'\\''")
    return struct(
        tool = ctx.attr._txnlint[DefaultInfo].files_to_run,
        rules = depset(rules),
        rules_file = ctx.file._rules,
        prelude = prelude,
        map_args = tuple(ctx.attr._map_args),
    )

def _map_arguments(setup, out, src, flags):
    args = []
    args += ["--quiet", "--rules", setup.rules_file.path, "--shard", "1/1"]
    args += ["--facts-dir", out.path]
    args += list(setup.map_args)
    args += [src.path, "--"]
    args += list(flags)
    return args

def _txnlint_aspect_impl(target, ctx):
    setup = _tool_setup(ctx)
    deps = [d[TxnlintInfo] for d in getattr(ctx.rule.attr, "deps", []) if TxnlintInfo in d]
    units = []
    if (CcInfo in target and ctx.rule.kind in ctx.attr._kinds and
        "no-txnlint" not in ctx.rule.attr.tags):
        srcs = getattr(ctx.rule.files, "srcs", [])
        private_headers = [f for f in srcs if f.extension in _HEADER_EXTENSIONS]
        private_headers += getattr(ctx.rule.files, "textual_hdrs", [])
        headers = depset(private_headers, transitive = [target[CcInfo].compilation_context.headers])
        copts = []
        for copt in getattr(ctx.rule.attr, "copts", []):
            copts += ctx.tokenize(copt)
        flags = {}
        for src in srcs:
            is_c = src.extension in _C_EXTENSIONS
            if not is_c and src.extension not in _CXX_EXTENSIONS:
                continue
            if is_c not in flags:
                flags[is_c] = tuple(_compile_flags(ctx, target, is_c, copts))
            out = ctx.actions.declare_directory(
                "_txnlint/%s/%s.facts" % (target.label.name, src.short_path.replace("../", "external/")),
            )
            args = ctx.actions.args()
            args.add(setup.tool.executable)
            args.add(out.path)
            args.add_all(_map_arguments(setup, out, src, flags[is_c]))
            ctx.actions.run_shell(
                command = setup.prelude + _MAP_SH,
                arguments = [args],
                inputs = depset([src], transitive = [headers, setup.rules]),
                outputs = [out],
                tools = [setup.tool],
                use_default_shell_env = True,
                mnemonic = "TxnlintMap",
                progress_message = "txnlint map %s" % src.short_path,
            )
            units.append(struct(
                key = _unit_key(src),
                src = src,
                flags = flags[is_c],
                headers = headers,
                facts = out,
            ))
    facts = depset([u.facts for u in units], transitive = [d.facts for d in deps])
    return [
        TxnlintInfo(
            units = depset(units, transitive = [d.units for d in deps]),
            tool = setup.tool,
            rules = setup.rules,
            rules_file = setup.rules_file,
            prelude = setup.prelude,
            map_args = setup.map_args,
            facts = facts,
        ),
        # From the command line (--aspects=...%txnlint_aspect
        # --output_groups=txnlint_facts): the first-round facts of the target
        # and its deps, for `txnlint merge`.
        OutputGroupInfo(txnlint_facts = facts),
    ]

def txnlint_aspect_rule(
        txnlint = "@txnlint//:txnlint",
        rules = "@txnlint//:rules",
        default_rules = "@txnlint//:default_rules",
        map_args = [],
        kinds = ["cc_library", "cc_binary", "cc_test"]):
    """An aspect that maps with this txnlint, these rules and these arguments.

    Assign the result to a global of a .bzl file (as any aspect), and give it
    to txnlint_report_rule():

        txnlint_strict = txnlint_aspect_rule(rules = "@//:txnlint.yaml",
                                             default_rules = None)
        txnlint_strict_report = txnlint_report_rule(txnlint_strict)

    Args:
      txnlint: label of the txnlint executable.
      rules: label of the rules file (--rules).
      default_rules: label of the rules file `extends: default` reads
        (TXNLINT_DEFAULT_RULES; the installed rules.yaml), or None.
      map_args: more arguments of every map step (e.g. "--checks=-txn-foo",
        "--system-headers", "--extra-arg=-Wno-unknown-warning-option").
      kinds: the rule kinds whose srcs are mapped.

    Returns:
      The aspect.
    """
    return aspect(
        implementation = _txnlint_aspect_impl,
        attr_aspects = ["deps"],
        fragments = ["cpp"],
        attrs = {
            "_txnlint": attr.label(
                default = txnlint,
                executable = True,
                cfg = "exec",
                allow_files = True,
            ),
            "_rules": attr.label(default = rules, allow_single_file = True),
            "_default_rules": attr.label(default = default_rules, allow_single_file = True),
            "_map_args": attr.string_list(default = map_args),
            "_kinds": attr.string_list(default = kinds),
            "_cc_toolchain": attr.label(default = "@bazel_tools//tools/cpp:current_cc_toolchain"),
        },
        toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    )

def _txnlint_report_impl(ctx):
    infos = [d[TxnlintInfo] for d in ctx.attr.deps if TxnlintInfo in d]
    if not infos:
        fail("txnlint_report %s: no C++ target in deps" % ctx.label)
    first = infos[0]
    tool = first.tool

    # One unit per source: a source in two targets is mapped in each; the
    # merge takes it once, as `txnlint -p` takes a file listed twice once.
    by_key = {}
    for unit in depset(transitive = [i.units for i in infos]).to_list():
        if unit.key not in by_key:
            by_key[unit.key] = unit
    units = [by_key[k] for k in sorted(by_key.keys())]
    if not units:
        fail("txnlint_report %s: no C++ source in deps or their deps" % ctx.label)
    name = ctx.label.name

    # Round one: the summary, and each source's part of it.
    summary = ctx.actions.declare_file(name + "/summary.json")
    plan_py = ctx.actions.declare_file(name + "/plan.py")
    ctx.actions.write(plan_py, _PLAN_PY)
    round1_dirs = ctx.actions.declare_file(name + "/round1.dirs")
    ctx.actions.write(round1_dirs, "".join([u.facts.path + "\n" for u in units]))
    plan = ctx.actions.declare_file(name + "/refine.plan")
    refines = [ctx.actions.declare_file("%s/refine/%s.json" % (name, u.key)) for u in units]
    ctx.actions.write(plan, "".join([
        "%s\t%s\n" % (u.facts.path, r.path)
        for u, r in zip(units, refines)
    ]))
    ctx.actions.run_shell(
        command = first.prelude + _SUMMARY_SH,
        arguments = [tool.executable.path, plan_py.path, summary.path, round1_dirs.path, plan.path],
        inputs = [plan_py, round1_dirs, plan] + [u.facts for u in units],
        outputs = [summary] + refines,
        tools = [tool],
        use_default_shell_env = True,
        mnemonic = "TxnlintSummary",
        progress_message = "txnlint summary of %d sources for %s" % (len(units), ctx.label),
    )

    # Round two.
    setup = struct(rules_file = first.rules_file, map_args = first.map_args)
    finals = []
    for unit, refine in zip(units, refines):
        out = ctx.actions.declare_directory("%s/facts/%s" % (name, unit.key))
        args = ctx.actions.args()
        args.add(tool.executable)
        args.add(out.path)
        args.add(refine)
        args.add(unit.facts.path)
        args.add_all(_map_arguments(setup, out, unit.src, unit.flags))
        ctx.actions.run_shell(
            command = first.prelude + _REFINE_SH,
            arguments = [args],
            inputs = depset([unit.src, refine, unit.facts], transitive = [unit.headers, first.rules]),
            outputs = [out],
            tools = [tool],
            use_default_shell_env = True,
            mnemonic = "TxnlintRefine",
            progress_message = "txnlint refine %s" % unit.src.short_path,
        )
        finals.append(out)

    # The merge.
    final_dirs = ctx.actions.declare_file(name + "/facts.dirs")
    ctx.actions.write(final_dirs, "".join([d.path + "\n" for d in finals]))
    report = ctx.actions.declare_file(name + "/report.md")
    json = ctx.actions.declare_file(name + "/findings.json")
    sarif = ctx.actions.declare_file(name + "/findings.sarif")
    txt = ctx.actions.declare_file(name + "/findings.txt")
    code = ctx.actions.declare_file(name + "/exit_code")
    merge_args = list(ctx.attr.merge_args)
    inputs = [final_dirs] + finals
    if ctx.file.baseline:
        merge_args.append("--baseline=" + ctx.file.baseline.path)
        inputs.append(ctx.file.baseline)
    ctx.actions.run_shell(
        command = first.prelude + _MERGE_SH,
        arguments = [
            tool.executable.path,
            final_dirs.path,
            code.path,
            txt.path,
            report.path,
            json.path,
            sarif.path,
        ] + merge_args,
        inputs = inputs,
        outputs = [code, txt, report, json, sarif],
        tools = [tool],
        use_default_shell_env = True,
        mnemonic = "TxnlintMerge",
        progress_message = "txnlint merge of %d sources for %s" % (len(units), ctx.label),
    )
    outputs = [report, json, sarif, txt, code]
    return [
        DefaultInfo(files = depset(outputs)),
        OutputGroupInfo(
            txnlint_facts = depset(finals),
            txnlint_summary = depset([summary]),
        ),
    ]

def txnlint_report_rule(aspect):
    """A txnlint_report rule whose deps are mapped by `aspect` (see txnlint_aspect_rule)."""
    return rule(
        implementation = _txnlint_report_impl,
        attrs = {
            "deps": attr.label_list(
                aspects = [aspect],
                doc = "The program: C++ targets; their deps are followed.",
            ),
            "merge_args": attr.string_list(
                doc = "More arguments of `txnlint merge` (e.g. --no-snippets, --fail-on=warning).",
            ),
            "baseline": attr.label(
                allow_single_file = True,
                doc = "A baseline file (--baseline): findings recorded there do not fail the run.",
            ),
        },
        doc = "Runs txnlint over the whole program of `deps`: report.md, " +
              "findings.json, findings.sarif, findings.txt, exit_code.",
    )

def _txnlint_test_impl(ctx):
    files = ctx.attr.report[DefaultInfo].files.to_list()
    code = [f for f in files if f.basename == "exit_code"]
    txt = [f for f in files if f.basename == "findings.txt"]
    if len(code) != 1 or len(txt) != 1:
        fail("txnlint_test %s: %s is not a txnlint_report" % (ctx.label, ctx.attr.report.label))
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(script, """#!/bin/sh
cat '{txt}'
exit "$(cat '{code}')"
""".format(txt = txt[0].short_path, code = code[0].short_path), is_executable = True)
    return [DefaultInfo(
        executable = script,
        runfiles = ctx.runfiles(files = [code[0], txt[0]]),
    )]

txnlint_test = rule(
    implementation = _txnlint_test_impl,
    test = True,
    attrs = {
        "report": attr.label(
            mandatory = True,
            doc = "A txnlint_report target.",
        ),
    },
    doc = "Fails (with the findings as its log) when the report's txnlint " +
          "exit code is not 0: `bazel test` as the CI gate.",
)

# With @txnlint//:txnlint, @txnlint//:rules and @txnlint//:default_rules.
txnlint_aspect = txnlint_aspect_rule()
txnlint_report = txnlint_report_rule(txnlint_aspect)
