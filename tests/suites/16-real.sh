#!/bin/sh
# Real published copies (tests/real, from ../shared/corpus/real): every hand-read fact of every
# NAME.facts holds on what apc builds; no false error; carets inside their lines. Then the same
# facts on each copy as drafters also have it: its Word twin and the three legacy encodings.
/usr/bin/python3 tests/real/check.py "$APC" tests/real
for v in docx tcvn3 vni cp1258; do
	/usr/bin/python3 tests/real/check.py "$APC" tests/real $v
done
