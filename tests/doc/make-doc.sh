#!/bin/sh
# tests/doc/make-doc.sh: write the Word 97-2003 (.doc) twins in tests/doc from their texts, once
# (LibreOffice is needed here, not in the tests): each text goes through tests/docx/make-docx.py
# (Word's list numbering, the header as a two-column table, the appendix as a Word table), then
# LibreOffice's Word 97 filter. The suite (tests/suites/65-doc.sh) compares each .doc with the
# .docx it reads the same text from. Usage: sh tests/doc/make-doc.sh
cd "$(dirname "$0")/../.." || exit 2
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
# twin TXT OUT [make-docx.py options]
twin() {
	txt=$1 out=$2 name=$(basename "$2" .doc)
	shift 2
	/usr/bin/python3 tests/docx/make-docx.py "$txt" "$T/$name.docx" "$@" || exit 1
	soffice --headless --convert-to doc --outdir "$T" "$T/$name.docx" >/dev/null 2>&1 || exit 1
	mkdir -p "$(dirname "$out")"
	cp "$T/$name.doc" "$out"
}
for txt in examples/*.txt; do
	twin "$txt" "tests/doc/$(basename "$txt" .txt).doc"
done
twin examples/ubnd-ke-hoach.txt tests/doc/ubnd-ke-hoach-merged.doc --merged
twin examples/tinh-uy-program.txt tests/doc/tinh-uy-program-soft-breaks.doc --soft-breaks
twin examples/ubnd-ke-hoach.txt tests/doc/ubnd-ke-hoach-tcvn3-font.doc --legacy-tcvn3
twin examples/ubnd-ke-hoach.txt tests/doc/ubnd-ke-hoach-vni-font.doc --legacy-vni
for txt in tests/real/*.txt; do
	twin "$txt" "tests/doc/real/$(basename "$txt" .txt).doc"
done
# a field, a soft line break and a tab as LibreOffice writes them into a .doc
/usr/bin/python3 tests/doc/features-rtf.py "$T/features.rtf" || exit 1
soffice --headless --convert-to doc --outdir tests/doc "$T/features.rtf" >/dev/null 2>&1 || exit 1
# a plan in TCVN3 fonts given by its paragraph styles (.VnTime, and .VnTimeH for headings)
/usr/bin/python3 tests/doc/legacy-styles-rtf.py "$T/legacy-styles.rtf" || exit 1
soffice --headless --convert-to doc --outdir tests/doc "$T/legacy-styles.rtf" >/dev/null 2>&1 || exit 1
