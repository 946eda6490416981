#!/bin/sh
# Real published copies (tests/real, from ../shared/corpus/real): every hand-read fact of every
# NAME.facts holds on what apc builds; no false error; carets inside their lines.
/usr/bin/python3 tests/real/check.py "$APC" tests/real
