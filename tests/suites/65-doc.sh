#!/bin/sh
# tests/suites/65-doc.sh: Word 97-2003 (.doc) input (compiler/doc.c). The .doc files in tests/doc
# were written once by LibreOffice from the .docx twins tests/docx/make-docx.py makes of the text
# examples (tests/doc/make-doc.sh). Each must read as the .docx made from the same text now:
# the same tree (apart from the file attribute) and the same diagnostics (but the doc-read note).
# Then Word's own features (a field, a soft break, a tab), and broken and hostile files: each
# one doc-unreadable error, in bounded time, never a crash.
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
W=${APC_WRAP:-}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-doc.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 NO_COLOR=1
MK=tests/docx/make-docx.py

ok() { echo "ok doc $1"; }
nok() { echo "not ok doc $1: $2"; }

tree() { $W "$APC" build "$1" 2>/dev/null | sed -E 's/ file="[^"]*"//'; }
diags() { $W "$APC" check --lang en "$@" 2>&1 | sed -n 's/^[^ ]*:[0-9]*:[0-9]*: \([a-z]*\): .* \[\([a-z0-9-]*\)\]$/\1 \2/p' | grep -v 'doc-read' | sort; }

# twin NAME TXT [make-docx.py options]: tests/doc/NAME.doc reads as the .docx of TXT
twin() {
	name=$1 txt=$2
	shift 2
	if ! $PY $MK "$txt" "$T/$name.docx" "$@" 2>"$T/$name.mk"; then
		nok "twin $name" "make-docx.py failed: $(head -3 "$T/$name.mk")"
		return
	fi
	tree "$T/$name.docx" >"$T/$name.docx.xml"
	tree "tests/doc/$name.doc" >"$T/$name.doc.xml"
	if [ ! -s "$T/$name.doc.xml" ]; then
		nok "twin $name" "no tree from the .doc"
	elif ! cmp -s "$T/$name.docx.xml" "$T/$name.doc.xml"; then
		nok "twin $name" "the trees differ: $(diff "$T/$name.docx.xml" "$T/$name.doc.xml" | head -6 | tr '\n' ' ')"
	elif [ "$(diags "$T/$name.docx")" != "$(diags "tests/doc/$name.doc")" ]; then
		nok "twin $name" "the diagnostics differ: $(diags "$T/$name.docx" | tr '\n' ,) vs $(diags "tests/doc/$name.doc" | tr '\n' ,)"
	else
		ok "twin $name"
	fi
}

for f in examples/*.txt; do
	twin "$(basename "$f" .txt)" "$f"
done
twin ubnd-ke-hoach-merged examples/ubnd-ke-hoach.txt --merged
twin tinh-uy-program-soft-breaks examples/tinh-uy-program.txt --soft-breaks

# text typed in a legacy font (.VnTime: TCVN3, VNI-Times: VNI; the font table, each run's CHPX):
# read through the font's encoding; TCVN3 has no capitals with tone marks, so its twin is the TCVN3
# text's tree
notree() { tree "$1" | sed -E 's/ src:(line|column)="[0-9]+"//g'; }
$PY tests/docx/legacy-encode.py tcvn3 examples/ubnd-ke-hoach.txt "$T/tcvn3.txt"
notree "$T/tcvn3.txt" >"$T/tcvn3.xml"
notree tests/doc/ubnd-ke-hoach-tcvn3-font.doc >"$T/tcvn3-doc.xml"
[ -s "$T/tcvn3.xml" ] && cmp -s "$T/tcvn3.xml" "$T/tcvn3-doc.xml" && ok "a TCVN3 font reads as the TCVN3 text" ||
	nok "a TCVN3 font reads as the TCVN3 text" "$(diff "$T/tcvn3.xml" "$T/tcvn3-doc.xml" | head -4 | tr '\n' ' ')"
$PY $MK examples/ubnd-ke-hoach.txt "$T/plain.docx"
tree "$T/plain.docx" >"$T/plain.xml"
tree tests/doc/ubnd-ke-hoach-vni-font.doc >"$T/vni-doc.xml"
cmp -s "$T/plain.xml" "$T/vni-doc.xml" && ok "a VNI font reads as Unicode" ||
	nok "a VNI font reads as Unicode" "$(diff "$T/plain.xml" "$T/vni-doc.xml" | head -4 | tr '\n' ' ')"
n=$($W "$APC" check --lang en tests/doc/ubnd-ke-hoach-tcvn3-font.doc 2>&1 | grep -c 'legacy-encoding font (TCVN3, font .VnTime).*\[docx-legacy-font\]')
[ "$n" = 1 ] && ok "a TCVN3 font: one note" || nok "a TCVN3 font: one note" "$n notes"

# the fonts given by paragraph styles (Normal in .VnTime, a heading style in .VnTimeH), not by the
# runs, as Word writes a run whose font is its style's: the heading reads in capitals
x=$(tree tests/doc/legacy-styles.doc)
echo "$x" | grep -q '<issuer [^>]*>ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ</issuer>' && echo "$x" | grep -q '<kind [^>]*>KẾ HOẠCH</kind>' &&
	echo "$x" | grep -q '<implements [^>]*ref="189/NQ-CP"' && ok "fonts from paragraph styles" ||
	nok "fonts from paragraph styles" "$(echo "$x" | grep '<issuer\|<kind\|<p ' | head -3 | tr '\n' ' ')"

# a note that says what was read; positions are paragraphs, as for a .docx
out=$($W "$APC" check --lang en tests/doc/ubnd-ke-hoach.doc 2>&1)
echo "$out" | grep -q '^tests/doc/ubnd-ke-hoach.doc:1:1: note: a Word 97-2003 (.doc) file: .* \[doc-read\]$' &&
	ok "the doc-read note" || nok "the doc-read note" "$(echo "$out" | head -3 | tr '\n' ' ')"
out=$($W "$APC" check --lang vi tests/doc/ubnd-ke-hoach.doc 2>&1)
echo "$out" | grep -q 'tệp Word 97-2003 (.doc): đã đọc văn bản' && ok "the doc-read note in Vietnamese" ||
	nok "the doc-read note in Vietnamese" "$(echo "$out" | grep doc-read)"

# Word's features: a field keeps its result (the day), not its code; a soft line break goes on
# with the title; a tab after a bullet
x=$(tree tests/doc/features.doc)
echo "$x" | grep -q '<date [^>]*iso="2024-07-27"' && ok "a field's result is text" || nok "a field's result is text" "$(echo "$x" | grep '<date')"
echo "$x" | grep -q 'QUOTE' && nok "a field's code is not text" "QUOTE in the tree" || ok "a field's code is not text"
echo "$x" | grep -q '<title [^>]*>Thực hiện Nghị quyết số 189/NQ-CP ngày 16/11/2023 của Chính phủ về phát triển công nghệ sinh học</title>' &&
	ok "a soft line break goes on with its paragraph" || nok "a soft line break goes on with its paragraph" "$(echo "$x" | grep '<title')"
echo "$x" | grep -q '<item [^>]*mark="-">Cụ thể hóa' && ok "a tab after a bullet" || nok "a tab after a bullet" "$(echo "$x" | grep '<item' | head -2)"

# broken and hostile files
one_error() {
	out=$($W timeout 20 "$APC" check --lang en "$2" 2>&1)
	rc=$?
	n=$(echo "$out" | grep -c ': error: \|: warning: \|: note: ')
	if [ "$rc" = 1 ] && [ "$n" = 1 ] && echo "$out" | grep -q "\[doc-unreadable\]" && echo "$out" | grep -q "$3"; then
		ok "$1"
	else
		nok "$1" "exit $rc, $n diagnostics: $(echo "$out" | head -3 | tr '\n' ' ')"
	fi
}
$PY - tests/doc/ubnd-ke-hoach.doc "$T" <<'PYEOF'
import struct, sys
src, t = sys.argv[1], sys.argv[2]
b = bytearray(open(src, 'rb').read())
open(t + '/truncated.doc', 'wb').write(b[:1536])
ssz = 1 << struct.unpack_from('<H', b, 0x1E)[0]
def sect(s): return ssz * (s + 1)
fat = [struct.unpack_from('<I', b, 0x4C + 4 * i)[0] for i in range(109)]
nfat = struct.unpack_from('<I', b, 0x2C)[0]
def fat_at(s):
    per = ssz // 4
    return sect(fat[s // per]) + 4 * (s % per)
# the directory: rename WordDocument (another Office file in the same container)
d = bytearray(b)
dirs = struct.unpack_from('<I', d, 0x30)[0]
name = 'WordDocument'.encode('utf-16-le')
at = d.find(name)
d[at:at + len(name)] = 'WordDocumenX'.encode('utf-16-le')
open(t + '/noword.doc', 'wb').write(d)
# encrypted: fEncrypted in the FIB (WordDocument's first sector)
e = bytearray(b)
for i in range(0, len(e) - 12, ssz):
    if e[i:i + 2] == b'\xec\xa5':
        e[i + 0x0A] |= 0x01
        e[i + 0x0B] |= 0x01
        break
open(t + '/encrypted.doc', 'wb').write(e)
# every FAT entry pointing at itself: chains loop
l = bytearray(b)
per = ssz // 4
for k in range(min(nfat, 109)):
    base = sect(fat[k])
    for j in range(per):
        struct.pack_into('<I', l, base + 4 * j, k * per + j)
open(t + '/loop.doc', 'wb').write(l)
# a FAT sector number past the end of the file
o = bytearray(b)
struct.pack_into('<I', o, 0x4C, 0x7FFFFFF0)
open(t + '/outside.doc', 'wb').write(o)
PYEOF
one_error "a truncated file" "$T/truncated.doc" "cannot read the Word 97-2003"
one_error "a compound file with no Word document" "$T/noword.doc" "no WordDocument stream"
one_error "an encrypted document" "$T/encrypted.doc" "encrypted"
one_error "sector chains that loop" "$T/loop.doc" "cannot read the Word 97-2003"
one_error "a FAT sector outside the file" "$T/outside.doc" "outside the file"

# mutations: bytes changed anywhere, never a crash or a hang (exit 0, 1; at most 10 s each)
$PY - tests/doc/tinh-uy-program.doc "$T" <<'PYEOF'
import random, sys
src, t = sys.argv[1], sys.argv[2]
b = open(src, 'rb').read()
r = random.Random(17)
for i in range(60):
    m = bytearray(b)
    for _ in range(r.choice((1, 4, 16, 64))):
        at = r.randrange(len(m)) if r.random() < 0.5 else r.randrange(min(len(m), 4096))
        m[at] = r.randrange(256)
    if i % 10 == 9:
        m = m[:r.randrange(512, len(m))]
    open('%s/m%02d.doc' % (t, i), 'wb').write(m)
PYEOF
bad=""
for f in "$T"/m*.doc; do
	$W timeout 10 "$APC" check "$f" >/dev/null 2>"$T/err"
	rc=$?
	[ "$rc" -le 1 ] || bad="$bad $(basename "$f"):$rc"
	grep -q 'Sanitizer\|runtime error' "$T/err" && bad="$bad $(basename "$f"):sanitizer"
done
[ -z "$bad" ] && ok "60 mutated files: no crash, no hang" || nok "60 mutated files: no crash, no hang" "$bad"
