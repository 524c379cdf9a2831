#!/usr/bin/python3
"""Validates SARIF files against the official SARIF 2.1.0 JSON schema with
Debian's python3-jsonschema (Draft202012Validator). Prints one line per file."""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    ok = True
    for path in sys.argv[2:]:
        doc = json.load(open(path, encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors:
            print("%s: invalid at /%s: %s" %
                  (path, "/".join(map(str, e.path)), e.message))
        ok &= not errors
        print("%s: %s (%d results)" % (path, "valid" if not errors else "INVALID",
                                       len(doc["runs"][0]["results"])))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
