# lit configuration for txnlint's tests.
import os
import lit.formats

config.name = "txnlint"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test", ".yaml"]
config.excludes = ["Inputs", "CMakeLists.txt", "unit", "check_txn.py",
                   "validate_sarif.py",
                   "lit.cfg.py", "lit.site.cfg.py", "expected"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.txnlint_obj_root, "test")

# FileCheck, not, count live here (FileCheck is only FileCheck-19 on PATH).
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
inputs = os.path.join(config.test_source_root, "Inputs")
# `extends: default` and rule-less runs use this tree's rules.yaml, not an
# installed copy.
config.environment["TXNLINT_DEFAULT_RULES"] = os.path.join(
    config.txnlint_src_root, "rules.yaml")

# A sanitized build (-DTXNLINT_SANITIZE=ON): the plugin is loaded into
# clang-tidy-19, which is not instrumented, so the sanitizer runtimes are
# preloaded into every process the tests start. Leak checking is off: LLVM
# keeps some allocations until exit on purpose.
if config.sanitize:
    import subprocess
    runtimes = [subprocess.check_output(
        [config.cxx_compiler, "-print-file-name=" + lib], text=True).strip()
        for lib in ("libasan.so", "libubsan.so")]
    config.environment["LD_PRELOAD"] = " ".join(runtimes)
    config.environment["ASAN_OPTIONS"] = (
        "detect_leaks=0:abort_on_error=1:halt_on_error=1")
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    config.available_features.add("sanitize")

config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%txnlint", config.txnlint))
config.substitutions.append(("%clang_tidy", config.clang_tidy))
config.substitutions.append(("%tidy_plugin", config.tidy_plugin))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%examples_build", config.examples_build))
config.substitutions.append(("%src_root", config.txnlint_src_root))
config.substitutions.append(
    ("%check_txn",
     "%s %s -clang-tidy=%s -plugin=%s -rules=%s/mock-rules.yaml" % (
         config.python, os.path.join(config.test_source_root, "check_txn.py"),
         config.clang_tidy, config.tidy_plugin, inputs)))
# Presets: the default rules.yaml against the real Debian library headers.
config.substitutions.append(
    ("%check_real_txn",
     "%s %s -std-headers -clang-tidy=%s -plugin=%s -rules=%s/rules.yaml" % (
         config.python, os.path.join(config.test_source_root, "check_txn.py"),
         config.clang_tidy, config.tidy_plugin, config.txnlint_src_root)))
config.substitutions.append(("%mock_args", "-I%s" % inputs))

# The official SARIF 2.1.0 schema (scripts/fetch-sarif-schema.sh) and
# Debian's python3-jsonschema.
sarif_schema = os.path.join(config.txnlint_obj_root, "sarif-schema",
                            "sarif-2.1.0.json")
if os.path.exists(sarif_schema):
    config.available_features.add("sarif-schema")
config.substitutions.append(
    ("%validate_sarif", "/usr/bin/python3 %s %s" % (
        os.path.join(config.test_source_root, "validate_sarif.py"),
        sarif_schema)))

# The HTML report in a real browser: Debian's chromium driven by
# playwright-core (scripts/fetch-playwright.sh into the build directory).
playwright = os.path.join(config.txnlint_obj_root, "playwright", "node_modules",
                          "playwright-core")
if os.path.exists(playwright) and os.path.exists("/usr/bin/chromium"):
    config.available_features.add("browser")
config.substitutions.append(
    # Node and Chromium are not ours: no sanitizer runtime preloaded there.
    ("%browser_check", "env -u LD_PRELOAD -u ASAN_OPTIONS -u UBSAN_OPTIONS PLAYWRIGHT_CORE=%s node %s" % (
        playwright, os.path.join(config.test_source_root, "html",
                                 "browser-check.js"))))

# A test build of txnlint honours TXNLINT_FAULT (failure isolation tests).
if config.fault_injection.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("fault-injection")
