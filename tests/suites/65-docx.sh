#!/bin/sh
# tests/suites/65-docx.sh: Word (.docx) input. The .docx files are written at test time by
# tests/docx/make-docx.py (hand-written OOXML zipped with Python's standard zipfile: Word's
# list numbering, a two-column header table, the appendix as a Word table) from the text
# examples and the corpus program, so that each twin follows its text. A twin must give the
# same XML tree as its text apart from source positions and the file attribute, and the same
# diagnostics (rule ids and severities); broken and hostile archives get one error.
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
W=${APC_WRAP:-}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-docx.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 NO_COLOR=1
MK=tests/docx/make-docx.py
CORPUS=../shared/corpus/lao-cai-219-ctr-tu-2023.txt
[ -f "$CORPUS" ] || CORPUS=/work/shared/corpus/lao-cai-219-ctr-tu-2023.txt

ok() { echo "ok docx $1"; }
nok() { echo "not ok docx $1: $2"; }

# the tree without positions and the file name
tree() { $W "$APC" build "$1" 2>/dev/null | sed -E 's/ src:(line|column)="[0-9]+"//g; s/ file="[^"]*"//'; }
# the diagnostics as "severity id", sorted (positions differ: paragraphs, not lines)
diags() { $W "$APC" check --lang en "$@" 2>&1 | sed -n 's/^[^ ]*:[0-9]*:[0-9]*: \([a-z]*\): .* \[\([a-z0-9-]*\)\]$/\1 \2/p' | grep -v 'docx-tracked-changes' | sort; }

# twin NAME TXT [OPTIONS]: the .docx made from TXT reads as TXT does
twin() {
	name=$1 txt=$2
	shift 2
	if ! $PY $MK "$txt" "$T/$name.docx" "$@" 2>"$T/$name.mk"; then
		nok "twin $name" "make-docx.py failed: $(head -3 "$T/$name.mk")"
		return
	fi
	tree "$txt" >"$T/$name.txt.xml"
	tree "$T/$name.docx" >"$T/$name.docx.xml"
	if [ ! -s "$T/$name.docx.xml" ]; then
		nok "twin $name" "no tree from the .docx"
	elif ! cmp -s "$T/$name.txt.xml" "$T/$name.docx.xml"; then
		nok "twin $name" "the trees differ: $(diff "$T/$name.txt.xml" "$T/$name.docx.xml" | head -6 | tr '\n' ' ')"
	elif [ "$(diags "$txt")" != "$(diags "$T/$name.docx")" ]; then
		nok "twin $name" "the diagnostics differ: $(diags "$txt" | tr '\n' ,) vs $(diags "$T/$name.docx" | tr '\n' ,)"
	else
		ok "twin $name"
	fi
}

for f in examples/*.txt; do
	twin "$(basename "$f" .txt)" "$f"
done
if [ -f "$CORPUS" ]; then
	twin corpus "$CORPUS"
	twin corpus-merged "$CORPUS" --merged
	twin corpus-soft "$CORPUS" --soft-breaks
fi
twin tinh-uy-features examples/tinh-uy-program.txt --word-features
twin ubnd-features examples/ubnd-ke-hoach.txt --word-features
[ -f "$CORPUS" ] && twin corpus-features "$CORPUS" --word-features
if [ -f "$T/ubnd-features.docx" ]; then
	$PY - "$T/ubnd-features.docx" <<'PYEOF' && ok "features fixture has text boxes, fields, comments, hidden text" || nok "features fixture" "a feature is missing"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
d = z.read('word/document.xml').decode()
for f in ('<w:txbxContent>', '<mc:Fallback>', 'w:fldCharType="separate"', '<w:instrText', '<w:commentReference', '<w:vanish/>', '<w:fldSimple', '<w:hyperlink'):
    assert f in d, f
assert 'BÌNH LUẬN' in z.read('word/comments.xml').decode()
PYEOF
	out=$($W "$APC" build "$T/ubnd-features.docx" 2>/dev/null)
	echo "$out" | grep -q 'BÌNH LUẬN\|VĂN BẢN ẨN\|DATE' && nok "comments, hidden text, field codes are not text" "found in the tree" ||
		ok "comments, hidden text, field codes are not text"
fi
twin tinh-uy-merged examples/tinh-uy-program.txt --merged
twin tinh-uy-soft examples/tinh-uy-program.txt --soft-breaks
twin ubnd-soft examples/ubnd-ke-hoach.txt --soft-breaks
for f in tests/corpus-like/*.txt; do
	case $f in *messy-*|*metadata*) continue ;; esac     # text-only shapes (pipes, site lines)
	twin "cl-$(basename "$f" .txt)" "$f"
done

# .docx written by another tool: pandoc (its own numbering.xml, styles, theme fonts, table
# layout) from the text as Markdown. Same tree; same diagnostics but the format-* ones (pandoc's
# reference document uses its own fonts and paper).
if command -v pandoc >/dev/null 2>&1; then
	for f in examples/*.txt "$CORPUS"; do
		[ -f "$f" ] || continue
		name=pandoc-$(basename "$f" .txt)
		$PY tests/docx/text-to-markdown.py "$f" "$T/$name.md" &&
			pandoc -f markdown-smart -t docx "$T/$name.md" -o "$T/$name.docx" 2>/dev/null || { nok "$name" "pandoc failed"; continue; }
		n=$($PY -c 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode().count("<w:numPr>"))' "$T/$name.docx")
		tree "$f" >"$T/$name.t.xml"
		tree "$T/$name.docx" >"$T/$name.d.xml"
		if [ "$n" -lt 10 ]; then
			nok "$name" "only $n Word-numbered paragraphs: not the case under test"
		elif ! cmp -s "$T/$name.t.xml" "$T/$name.d.xml"; then
			nok "$name" "the trees differ: $(diff "$T/$name.t.xml" "$T/$name.d.xml" | head -4 | cut -c1-160 | tr '\n' ' ')"
		elif [ "$(diags "$f" | grep -v ' format-')" != "$(diags "$T/$name.docx" | grep -v ' format-')" ]; then
			nok "$name" "the diagnostics differ"
		else
			ok "$name (pandoc, $n numbered items)"
		fi
	done
else
	nok "pandoc twins" "pandoc is not installed (scripts/deps check installs it)"
fi

# the Word numbering is really used: the twin's numbers come from numbering.xml
if [ -f "$T/corpus.docx" ]; then
	n=$($PY -c 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode().count("<w:numPr>"))' "$T/corpus.docx")
	[ "$n" -ge 20 ] && ok "corpus twin has Word numbering ($n items)" || nok "corpus twin numbering" "only $n numbered paragraphs"
fi

# positions: paragraph:column, and the caret line is the paragraph
if [ -f "$T/corpus.docx" ]; then
	out=$($W "$APC" check --lang en "$T/corpus.docx" 2>&1)
	# paragraph 3 is the preamble (1 CHƯƠNG TRÌNH, 2 the title), whatever the text's line
	echo "$out" | grep -q "corpus.docx:3:228: warning: repeated words" && ok "position is paragraph:column" ||
		nok "position is paragraph:column" "$(echo "$out" | grep word-duplicated)"
	echo "$out" | grep -A1 'word-duplicated' | sed -n 2p | grep -q 'ban hành ban hành' && ok "caret line is the paragraph" ||
		nok "caret line is the paragraph" "$(echo "$out" | grep -A1 word-duplicated)"
	# a cell of the appendix: the group title is a paragraph of its own, column 1
	echo "$out" | grep -q 'corpus.docx:[0-9]*:1: warning: .*\[group-title-mismatch\]' && ok "table cell position" ||
		nok "table cell position" "$(echo "$out" | grep group-title)"
fi

# tracked changes: read as accepted, one note
$PY $MK examples/tinh-uy-program.txt "$T/tracked.docx" --tracked
tree examples/tinh-uy-program.txt >"$T/tr.txt.xml"
tree "$T/tracked.docx" >"$T/tr.docx.xml"
cmp -s "$T/tr.txt.xml" "$T/tr.docx.xml" && ok "tracked changes read as accepted" ||
	nok "tracked changes read as accepted" "$(diff "$T/tr.txt.xml" "$T/tr.docx.xml" | head -4 | tr '\n' ' ')"
n=$($W "$APC" check --lang en "$T/tracked.docx" 2>&1 | grep -c '\[docx-tracked-changes\]')
[ "$n" = 1 ] && ok "tracked changes: one note" || nok "tracked changes: one note" "$n notes"
n=$($W "$APC" check --lang en examples/tinh-uy-program.txt "$T/tinh-uy-program.docx" 2>&1 | grep -c '\[docx-tracked-changes\]')
[ "$n" = 0 ] && ok "no tracked changes: no note" || nok "no tracked changes: no note" "$n notes"

# a directory holding only .docx files is checked
mkdir -p "$T/only"
cp "$T/tinh-uy-program.docx" "$T/ubnd-ke-hoach.docx" "$T/only/"
out=$($W "$APC" check "$T/only" 2>&1)
echo "$out" | grep -q '^2 files' && ok "directory of .docx files" || nok "directory of .docx files" "$(echo "$out" | tail -1)"

# one error, exit 1, and nothing else: $1 name, $2 file, $3 rule id
one_error() {
	out=$($W "$APC" check --lang en "$2" 2>&1)
	rc=$?
	n=$(echo "$out" | grep -c ': error: \|: warning: \|: note: ')
	if [ "$rc" = 1 ] && [ "$n" = 1 ] && echo "$out" | grep -q "\[$3\]"; then ok "$1"; else nok "$1" "exit $rc, $n diagnostics: $(echo "$out" | head -3 | tr '\n' ' ')"; fi
}

# a zip bomb: refused quickly
$PY $MK --bomb "$T/bomb.docx"
start=$(date +%s)
one_error "zip bomb refused" "$T/bomb.docx" docx-unreadable
[ $(( $(date +%s) - start )) -le 20 ] && ok "zip bomb in bounded time" || nok "zip bomb in bounded time" "took $(( $(date +%s) - start )) s"

# hostile archives: an entry that climbs out, a DOCTYPE with entities, a zip with no document
$PY - "$T" <<'EOF'
import sys, zipfile
t = sys.argv[1]
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
doc = '<?xml version="1.0"?><w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>' % W
with zipfile.ZipFile(t + '/climb.docx', 'w') as z:
    z.writestr('word/document.xml', doc)
    z.writestr('../../etc/evil', 'x')
with zipfile.ZipFile(t + '/entities.docx', 'w') as z:
    z.writestr('word/document.xml', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
               '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>' % W)
with zipfile.ZipFile(t + '/nodoc.docx', 'w') as z:
    z.writestr('hello.txt', 'not a Word document')
with zipfile.ZipFile(t + '/broken.docx', 'w') as z:
    z.writestr('word/document.xml', '<w:document xmlns:w="%s"><w:body><w:p>' % W)
with zipfile.ZipFile(t + '/doc.odt', 'w') as z:
    z.writestr('mimetype', 'application/vnd.oasis.opendocument.text')
    z.writestr('content.xml', '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
open(t + '/truncated.docx', 'wb').write(open(t + '/climb.docx', 'rb').read()[:60])
EOF
one_error "entry name climbing out refused" "$T/climb.docx" docx-unreadable
one_error "DOCTYPE refused" "$T/entities.docx" docx-unreadable
one_error "zip without a document" "$T/nodoc.docx" docx-unreadable
one_error "malformed document.xml" "$T/broken.docx" docx-unreadable
one_error "truncated archive" "$T/truncated.docx" docx-unreadable
one_error "OpenDocument says how to convert" "$T/doc.odt" docx-unreadable
$W "$APC" check --lang en "$T/doc.odt" 2>&1 | grep -q 'save it as .docx' && ok ".odt message" || nok ".odt message" "no advice"

# runs typed in a legacy font (.VnTime: TCVN3, VNI-Times: VNI): read through the font's encoding,
# with one note. TCVN3 has no capitals with tone marks, so its twin is the TCVN3 text's tree.
notree() { tree "$1" | sed -E 's/ src:(line|column)="[0-9]+"//g'; }
for enc in tcvn3 vni; do
	$PY $MK examples/ubnd-ke-hoach.txt "$T/legacy-$enc.docx" --legacy-$enc
	$PY tests/docx/legacy-encode.py $enc examples/ubnd-ke-hoach.txt "$T/legacy-$enc.txt"
	if [ "$(notree "$T/legacy-$enc.docx")" = "$(notree "$T/legacy-$enc.txt")" ] && [ -n "$(notree "$T/legacy-$enc.txt")" ]; then
		ok "a $enc font reads as the $enc text"
	else
		notree "$T/legacy-$enc.txt" >"$T/legacy-$enc.txt.xml"
		notree "$T/legacy-$enc.docx" >"$T/legacy-$enc.docx.xml"
		nok "a $enc font reads as the $enc text" "$(diff "$T/legacy-$enc.txt.xml" "$T/legacy-$enc.docx.xml" | head -4 | tr '\n' ' ')"
	fi
	n=$($W "$APC" check --lang en "$T/legacy-$enc.docx" 2>&1 | grep -c 'runs of text are in a legacy-encoding font.*\[docx-legacy-font\]')
	[ "$n" = 1 ] && ok "a $enc font: one note" || nok "a $enc font: one note" "$n notes"
done
$PY $MK examples/ubnd-ke-hoach.txt "$T/plain.docx"
[ "$(tree "$T/plain.docx")" = "$(tree "$T/legacy-vni.docx")" ] && ok "a VNI font reads as Unicode" || nok "a VNI font reads as Unicode" "the trees differ"
$W "$APC" check --lang en "$T/plain.docx" 2>&1 | grep -q 'docx-legacy-font' && nok "no note on Unicode text" "noted" || ok "no note on Unicode text"

# a table wider than the 64 columns the reader holds: the columns past it are dropped, and said
# once, naming the table (its place among the tables; its first paragraph, 9) and how many were
# dropped; a table of 64 columns, the widest read whole, says nothing (before: dropped without a
# word)
$PY - "$T" <<'EOF'
import sys, zipfile
t = sys.argv[1]
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
def p(s):
    return '<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % s
def tc(s, span=1):
    pr = '<w:tcPr><w:gridSpan w:val="%d"/></w:tcPr>' % span if span > 1 else ''
    return '<w:tc>%s%s</w:tc>' % (pr, p(s))
def tbl(rows):
    return '<w:tbl>' + ''.join('<w:tr>' + ''.join(r) + '</w:tr>' for r in rows) + '</w:tbl>'
small = tbl([[tc('TT'), tc('Nội dung'), tc('Thời gian')], [tc('1'), tc('Việc một'), tc('2024')]])
for name, width in (('wide', 70), ('wide64', 64)):
    # a header row of width cells, then a row that reaches as far with a span of 3
    wide = tbl([[tc('Cột %d' % i) for i in range(width)],
                [tc('x', 3)] + [tc('ô %d' % i) for i in range(width - 3)]])
    body = p('Mở đầu') + small + p('Giữa') + wide + p('Hết')
    with zipfile.ZipFile('%s/%s.docx' % (t, name), 'w') as z:
        z.writestr('word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, body))
EOF
out=$($W "$APC" check --lang en "$T/wide.docx" 2>&1)
n=$(echo "$out" | grep -c '\[docx-table-columns-dropped\]')
line=$(echo "$out" | sed -n 's/^[^:]*:\([0-9]*\):[0-9]*: error: .*\[docx-table-columns-dropped\]$/\1/p')
if [ "$n" = 1 ] && echo "$out" | grep -q 'table 2 has 70 columns.* 6 columns past the 64th were dropped' && [ "$line" = 9 ]; then
	ok "columns past 64 said (en)"
else
	nok "columns past 64 said (en)" "$n diagnostics, line '$line': $(echo "$out" | grep -i 'column' | head -2 | tr '\n' ' ')"
fi
$W "$APC" check --lang vi "$T/wide.docx" 2>&1 | grep -q 'bảng thứ 2 có 70 cột.* 6 cột sau cột thứ 64 bị bỏ qua.*\[docx-table-columns-dropped\]' &&
	ok "columns past 64 said (vi)" || nok "columns past 64 said (vi)" "$($W "$APC" check --lang vi "$T/wide.docx" 2>&1 | grep -i 'cột' | head -2)"
$W "$APC" check --lang en "$T/wide64.docx" 2>&1 | grep -q 'docx-table-columns-dropped' &&
	nok "64 columns read whole" "said" || ok "64 columns read whole"

# a broken .doc (read by doc.c, see 65-doc), .pdf, .rtf: one clear error that says what to do
printf '\320\317\021\340\241\261\032\341rest of an OLE2 file' >"$T/old.doc"
printf '%%PDF-1.7\n%%binary\n' >"$T/scan.pdf"
printf '{\\rtf1\\ansi hello}' >"$T/note.rtf"
one_error "a .doc too short to be one" "$T/old.doc" doc-unreadable
one_error ".pdf refused with advice" "$T/scan.pdf" file-format-unsupported
one_error ".rtf refused with advice" "$T/note.rtf" file-format-unsupported
$W "$APC" check --lang en "$T/old.doc" 2>&1 | grep -q 'cannot read the Word 97-2003 (.doc) file: a truncated file' && ok ".doc message" || nok ".doc message" "not said"
$W "$APC" check --lang vi "$T/scan.pdf" 2>&1 | grep -q 'lưu thành .docx' && ok ".pdf message in Vietnamese" || nok ".pdf message in Vietnamese" "no advice"

# SARIF says once, in the run's properties, that a .docx's lines are paragraphs
if [ -f "$T/tinh-uy-program.docx" ]; then
	$W "$APC" check --format sarif "$T/tinh-uy-program.docx" >"$T/docx.sarif" 2>/dev/null
	$W "$APC" check --format sarif examples/tinh-uy-program.txt >"$T/txt.sarif" 2>/dev/null
	$PY - "$T/docx.sarif" "$T/txt.sarif" <<'PYEOF' && ok "SARIF run property for .docx positions" || nok "SARIF run property for .docx positions" "missing or on text"
import json, sys
d = json.load(open(sys.argv[1]))['runs'][0].get('properties', {})
t = json.load(open(sys.argv[2]))['runs'][0].get('properties', {})
assert 'paragraph' in d.get('apcDocxPositions', '') and 'apcDocxPositions' not in t
PYEOF
fi
