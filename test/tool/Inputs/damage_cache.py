"""Damages three first-round entries of a txnlint cache in three ways:
router.cpp's is truncated, service.cpp's has one byte of its body changed,
mailer.cpp's is replaced by text that is not an entry at all."""
import json
import pathlib
import sys

entries = {}
for path in sorted(pathlib.Path(sys.argv[1]).glob("*/*.json")):
    head = path.read_text().split("\n", 2)[1]  # the digest, then the head
    name = pathlib.Path(json.loads(head)["facts"]["file"]).name
    entries[name] = path

data = entries["router.cpp"].read_bytes()
entries["router.cpp"].write_bytes(data[: len(data) // 2])
data = bytearray(entries["service.cpp"].read_bytes())
at = data.index(b'"line":') + len(b'"line":')
data[at] = ord("9") if data[at] != ord("9") else ord("8")
entries["service.cpp"].write_bytes(bytes(data))
entries["mailer.cpp"].write_text("not an entry\n")
