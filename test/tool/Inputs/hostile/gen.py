#!/usr/bin/env python3
"""Writes one generated hostile input (test/tool/hostile-*.test):
gen.py KIND OUT, KIND one of big-yaml, deep-yaml, alias-bomb, many-errors,
macro-heavy, big-tu, deep-parens, binary."""
import sys

kind, out = sys.argv[1], sys.argv[2]
w = open(out, "w" if kind != "binary" else "wb")
if kind == "big-yaml":  # About 10 MB: 170,000 side-effect entries.
    w.write("version: 1\nside_effects:\n")
    for i in range(170000):
        w.write('  - category: network\n    functions: ["::net::f%d"]\n' % i)
elif kind == "deep-yaml":  # 10,000 nested flow sequences.
    w.write("version: 1\nsessions: " + "[" * 10000 + "]" * 10000 + "\n")
elif kind == "alias-bomb":  # Nine levels of ten aliases: 10^9 strings if expanded.
    w.write('version: 1\nside_effects:\n  - category: network\n'
            '    functions: &a0 ["::f", "::f", "::f", "::f", "::f", "::f", "::f", "::f", "::f", "::f"]\n')
    for i in range(1, 10):
        w.write("  - category: network\n    functions: &a%d [%s]\n"
                % (i, ", ".join(["*a%d" % (i - 1)] * 10)))
elif kind == "many-errors":  # 5,000 errors; clang stops after 20.
    w.write('#include "txn-mock.h"\n')
    for i in range(5000):
        w.write("int e%d = undefined_%d;\n" % (i, i))
elif kind == "macro-heavy":  # Every transaction and call made by macros.
    w.write('#include "txn-mock.h"\n#define CAT2(a, b) a##b\n#define CAT(a, b) CAT2(a, b)\n'
            '#define TXN(c) db::Transaction CAT(t, __LINE__)(c)\n'
            '#define POST(h) (h).post("/x", "y")\n#define BOTH(c, h) TXN(c); POST(h)\n')
    for i in range(2000):
        w.write("void m%d(db::Connection &c, net::HttpClient &h) { BOTH(c, h); }\n" % i)
elif kind == "big-tu":  # 60,000 lines: 10,000 functions, each one finding.
    w.write('#include "txn-mock.h"\n')
    for i in range(10000):
        w.write("void g%d(db::Connection &c, net::HttpClient &h, int x) {\n"
                "  db::Transaction t(c);\n  c.exec(\"update t\");\n"
                "  if (x > %d) h.get(\"/\");\n  t.commit();\n}\n" % (i, i))
elif kind == "deep-parens":  # Past clang's bracket depth limit (256).
    w.write('#include "txn-mock.h"\nint deep = ' + "(" * 1000 + "1" + ")" * 1000 + ";\n"
            "void ok(db::Connection &c, net::HttpClient &h) {\n"
            "  db::Transaction t(c);\n  h.post(\"/x\", \"y\");\n  t.commit();\n}\n")
elif kind == "binary":
    import random
    random.seed(7)
    w.write(bytes(random.randrange(256) for _ in range(4096)))
else:
    sys.exit("unknown kind " + kind)
