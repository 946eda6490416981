#!/bin/sh
# Real published copies (tests/real, from ../shared/corpus/real): every hand-read fact of every
# NAME.facts holds on what apc builds; no false error; carets inside their lines. Then the same
# facts on each copy as drafters also have it: its Word twins (.docx, .doc) and the three legacy
# encodings.
/usr/bin/python3 tests/real/check.py "$APC" tests/real
for v in docx doc tcvn3 vni cp1258; do
	/usr/bin/python3 tests/real/check.py "$APC" tests/real $v
done
# the metadata-mismatch message names the fact in the message's own language
c=tests/real/cases/02-metadata-mismatch.txt
en=$("$APC" check --lang en "$c" 2>&1 | grep '\[metadata-mismatch\]' | head -1)
vi=$("$APC" check --lang vi "$c" 2>&1 | grep '\[metadata-mismatch\]' | head -1)
case "$en" in *"gives the symbol as"*) case "$vi" in *"Số, ký hiệu trong"*) echo "ok metadata-mismatch: one language a message" ;;
	*) echo "not ok metadata-mismatch: one language a message: vi: $vi" ;; esac ;;
	*) echo "not ok metadata-mismatch: one language a message: en: $en" ;; esac
# a plan in parts numbers each part's sections from I again: every id of its HTML and XSL-FO
# once (FOP refuses a document with an id twice)
c=tests/real/cases/31-parts-restart-sections.txt
for f in html fo; do
	d=$("$APC" render "$c" -f $f -o - 2>/dev/null | grep -o ' id="[^"]*"' | sort | uniq -d | head -3 | tr '\n' ' ')
	n=$("$APC" render "$c" -f $f -o - 2>/dev/null | grep -c 'section-I')
	if [ -z "$d" ] && [ "$n" -gt 0 ]; then echo "ok parts: $f ids once"; else echo "not ok parts: $f ids once: twice: $d"; fi
done
