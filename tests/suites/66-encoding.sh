#!/bin/sh
# tests/suites/66-encoding.sh: text in the legacy Vietnamese encodings. The corpus program and
# an example are written in TCVN3, VNI and Windows-1258 at test time (tests/docx/legacy-encode.py)
# and must read as their UTF-8 originals: one note naming the encoding, the same diagnostics
# at the same lines, the same tree (TCVN3 cannot write capital vowels with tone marks, so its
# tree is compared ignoring case and dashes). A text in no encoding gets one error and nothing more.
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
W=${APC_WRAP:-}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-enc.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 NO_COLOR=1
CORPUS=../shared/corpus/lao-cai-219-ctr-tu-2023.txt
[ -f "$CORPUS" ] || CORPUS=/work/shared/corpus/lao-cai-219-ctr-tu-2023.txt

ok() { echo "ok encoding $1"; }
nok() { echo "not ok encoding $1: $2"; }

tree() { $W "$APC" build "$@" 2>/dev/null | sed -E 's/ file="[^"]*"//'; }
diags() { $W "$APC" check --lang en "$@" 2>&1 | sed -n 's/^[^ ]*:\([0-9]*\):[0-9]*: \([a-z]*\): .* \[\([a-z0-9-]*\)\]$/\1 \2 \3/p' | grep -v encoding-legacy | sort; }
# TCVN3 has no capital vowel with a tone mark and no dash: compare without case and dashes
lower() { $PY -c 'import sys; sys.stdout.write(sys.stdin.read().lower().replace("\u2013", "-").replace("\u2014", "-"))'; }

# legacy NAME ENC TXT ENCODING-NAME
legacy() {
	name=$1 enc=$2 txt=$3 label=$4
	$PY tests/docx/legacy-encode.py "$enc" "$txt" "$T/$name.txt" || { nok "$name" "legacy-encode.py failed"; return; }
	if iconv -f UTF-8 -t UTF-8 "$T/$name.txt" >/dev/null 2>&1; then
		nok "$name" "the copy is still UTF-8: the test would prove nothing"
		return
	fi
	out=$($W "$APC" check --lang en "$T/$name.txt" 2>&1)
	n=$(echo "$out" | grep -c "the $label encoding .*\[encoding-legacy\]")
	[ "$n" = 1 ] && ok "$name: one note naming $label" || nok "$name: one note naming $label" "$(echo "$out" | grep -E 'legacy|encoding' | head -2)"
	[ "$(diags "$txt")" = "$(diags "$T/$name.txt")" ] && ok "$name: same diagnostics" ||
		nok "$name: same diagnostics" "$(diags "$txt" | tr '\n' ,) vs $(diags "$T/$name.txt" | tr '\n' ,)"
	tree "$txt" >"$T/$name.want.xml"
	tree "$T/$name.txt" >"$T/$name.got.xml"
	if [ "$enc" = tcvn3 ]; then
		lower <"$T/$name.want.xml" >"$T/$name.w"
		lower <"$T/$name.got.xml" >"$T/$name.g"
	else
		cp "$T/$name.want.xml" "$T/$name.w"
		cp "$T/$name.got.xml" "$T/$name.g"
	fi
	[ -s "$T/$name.g" ] && cmp -s "$T/$name.w" "$T/$name.g" && ok "$name: same tree" ||
		nok "$name: same tree" "$(diff "$T/$name.w" "$T/$name.g" | head -4 | cut -c1-200 | tr '\n' ' ')"
}

for e in tcvn3:TCVN3 vni:VNI cp1258:Windows-1258; do
	enc=${e%%:*} label=${e#*:}
	[ -f "$CORPUS" ] && legacy "corpus-$enc" "$enc" "$CORPUS" "$label"
	legacy "ubnd-$enc" "$enc" examples/ubnd-ke-hoach.txt "$label"
	legacy "tinh-uy-$enc" "$enc" examples/tinh-uy-program.txt "$label"
done

# --encoding names the encoding: a line too short to guess from
printf 'Ch\255\254ng tr\327nh h\265nh \256\351ng\n' >"$T/short.txt"
out=$($W "$APC" build --encoding tcvn3 "$T/short.txt" 2>&1)
echo "$out" | grep -q 'Chương trình hành động' && ok "--encoding tcvn3" || nok "--encoding tcvn3" "$(echo "$out" | head -3)"
out=$($W "$APC" check --lang en --encoding ABC "$T/short.txt" 2>&1)
echo "$out" | grep -q 'TCVN3 encoding' && ok "--encoding alias abc" || nok "--encoding alias abc" "$(echo "$out" | head -2)"
out=$($W "$APC" check --lang en --encoding utf-8 "$T/short.txt" 2>&1)
echo "$out" | grep -q '\[encoding-invalid\]' && ok "--encoding utf-8 reads as UTF-8" || nok "--encoding utf-8 reads as UTF-8" "$(echo "$out" | head -2)"
$W "$APC" check --encoding koi8-r "$T/short.txt" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 2 ] && grep -q 'encoding' "$T/err" && ok "--encoding unknown: usage error" || nok "--encoding unknown: usage error" "exit $rc"

# nothing fits: one error at the first bad byte, nothing downstream
# Latin-1 French: high bytes, but no Vietnamese syllables in any reading
printf 'A plain first line\nLe d\351veloppement \340 la r\351gion o\371 na\356t la for\352t, \351t\351 \340 Montr\351al.\nI. MUC TIEU\n' >"$T/french.txt"
out=$($W "$APC" check --lang en "$T/french.txt" 2>&1)
rc=$?
n=$(echo "$out" | grep -c ': error: \|: warning: \|: note: ')
if [ "$rc" = 1 ] && [ "$n" = 1 ] && echo "$out" | grep -q 'french.txt:2:5: error: .*0xE9.*\[encoding-unknown\]'; then
	ok "nothing fits: one error at the first bad byte"
else
	nok "nothing fits: one error at the first bad byte" "exit $rc, $n diagnostics: $(echo "$out" | head -2 | tr '\n' ' ')"
fi
out=$($W "$APC" check --lang vi "$T/french.txt" 2>&1)
echo "$out" | grep -q 'không khớp bảng mã' && ok "nothing fits: Vietnamese message" || nok "nothing fits: Vietnamese message" "$(echo "$out" | head -1)"
# damaged UTF-8 is still UTF-8: each bad byte reported, the rest read
out=$($W "$APC" check --lang en tests/bad/invalid-utf8.txt 2>&1)
echo "$out" | grep -q '\[encoding-invalid\]' && ! echo "$out" | grep -q 'encoding-unknown\|encoding-legacy' &&
	ok "damaged UTF-8 stays UTF-8" || nok "damaged UTF-8 stays UTF-8" "$(echo "$out" | grep encoding | head -2)"
# UTF-8 text gets no note
n=$($W "$APC" check examples/ 2>&1 | grep -c 'encoding-legacy')
[ "$n" = 0 ] && ok "UTF-8: no note" || nok "UTF-8: no note" "$n notes"
