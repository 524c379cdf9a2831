#!/usr/bin/env python3
"""Stand-in compiler for the compilation database of a non-CMake corpus
package (bench/corpus.sh): `make CXX="record_compile.py g++"` records each
compile command under the real compiler's name in $RECORD_COMPILE_LOG (one
JSON object per line) and writes empty outputs (the object, the dependency
file) instead of compiling, so the build's own generation steps (scripts,
copied headers) run for real while nothing is compiled. bench/corpus.sh
turns the log into compile_commands.json."""
import json, os, sys

real, args = sys.argv[1], sys.argv[2:]
sources = [a for a in args if a.endswith((".c", ".cc", ".cpp", ".cxx", ".C"))
           and not a.startswith("-")]
out = None
for i, a in enumerate(args):
    if a == "-o" and i + 1 < len(args):
        out = args[i + 1]
    elif a == "-MF" and i + 1 < len(args):
        open(args[i + 1], "w").close()
if "-c" in args and len(sources) == 1:
    with open(os.environ["RECORD_COMPILE_LOG"], "a") as log:
        log.write(json.dumps({"directory": os.getcwd(),
                              "arguments": [real] + args,
                              "file": sources[0]}) + "\n")
    if out is None:
        out = os.path.splitext(os.path.basename(sources[0]))[0] + ".o"
if out:
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    open(out, "w").close()
