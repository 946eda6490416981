#!/bin/sh
# tests/suites/67-format.sh: the format (thể thức) checks of a .docx (compiler/format.c). The
# fixtures are written at test time by tests/docx/make-docx.py from the examples: by default to
# the standards (no format-* diagnostic), or with one kind of defect planted (each expected
# rule fires exactly once, and no other format rule). --disable format silences the family.
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
W=${APC_WRAP:-}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-format.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 NO_COLOR=1
MK=tests/docx/make-docx.py
STATE=examples/ubnd-ke-hoach.txt
PARTY=examples/tinh-uy-program.txt

ok() { echo "ok format $1"; }
nok() { echo "not ok format $1: $2"; }

# case NAME TXT "OPTIONS" "EXPECTED format-* IDS" [APC OPTIONS]
case_() {
	name=$1 txt=$2 mkopts=$3 want=$4
	shift 4
	# shellcheck disable=SC2086
	$PY $MK "$txt" "$T/$name.docx" $mkopts || { nok "$name" "make-docx.py failed"; return; }
	got=$($W "$APC" check --lang en "$@" "$T/$name.docx" 2>&1 | sed -n 's/.*\[\(format-[a-z-]*\)\]$/\1/p' | sort | tr '\n' ' ')
	exp=$(echo "$want" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
	[ "$got" = "$exp" ] && ok "$name" || nok "$name" "got '$got', want '$exp'"
}

case_ state-clean "$STATE" "" ""
case_ party-clean "$PARTY" "" ""
case_ state-landscape-appendix "$STATE" "--landscape" ""
case_ party-landscape-appendix "$PARTY" "--landscape" ""
case_ state-bad-format "$STATE" "--bad-format" "format-paper format-margin format-font format-size"
# the Party body size and margins are not verified: no format-size, margins only a note
case_ party-bad-format "$PARTY" "--bad-format" "format-paper format-margin-party format-font format-issuer"
case_ state-bad-header "$STATE" "--bad-header" "format-place-date"
case_ party-bad-header "$PARTY" "--bad-header" "format-national format-issuer format-place-date"
case_ state-page-footer "$STATE" "--page-footer" "format-page-number"
case_ party-page-footer "$PARTY" "--page-footer" ""
case_ disable-family "$STATE" "--bad-format --bad-header --page-footer" "" --disable format
case_ disable-one "$STATE" "--bad-format" "format-paper format-margin format-size" --disable format-font

# the landscape fixture really has a landscape A4 section, and the clean one a header page number
$PY - "$T/state-landscape-appendix.docx" "$T/state-clean.docx" <<'EOF' && ok "fixtures carry what they test" || nok "fixtures carry what they test" "missing section or page field"
import sys, zipfile
doc = zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode()
assert doc.count('<w:sectPr>') == 2 and 'w:w="16838" w:h="11906"' in doc
clean = zipfile.ZipFile(sys.argv[2])
assert 'PAGE' in clean.read('word/header1.xml').decode() and '<w:titlePg/>' in clean.read('word/document.xml').decode()
EOF

# the messages: the paragraph, Vietnamese and English, a count not a flood
out=$($W "$APC" check --lang en "$T/state-bad-format.docx" 2>&1)
n=$(echo "$out" | grep -c '\[format-font\]')
[ "$n" = 1 ] && ok "one format-font for the whole document" || nok "one format-font for the whole document" "$n"
echo "$out" | grep -q 'paragraphs use the font Arial, not Times New Roman' && ok "format-font names the font" || nok "format-font names the font" "$(echo "$out" | grep format-font)"
echo "$out" | grep -q 'the left margin is 25 mm, outside the 30–35 mm' && ok "format-margin in mm" || nok "format-margin in mm" "$(echo "$out" | grep format-margin)"
out=$($W "$APC" check --lang vi "$T/party-bad-header.docx" 2>&1)
echo "$out" | grep -q 'phải in nghiêng' && ok "format-place-date in Vietnamese" || nok "format-place-date in Vietnamese" "$(echo "$out" | grep place-date)"
echo "$out" | grep -q 'docx:3:1: .*ĐẢNG CỘNG SẢN VIỆT NAM.*\[format-national\]' && ok "format-national at its paragraph" ||
	nok "format-national at its paragraph" "$(echo "$out" | grep format-national)"

# apc.conf can disable the family too
mkdir -p "$T/conf"
cp "$T/state-bad-format.docx" "$T/conf/"
printf 'disable = format\nroot = true\n' >"$T/conf/apc.conf"
n=$($W "$APC" check "$T/conf/state-bad-format.docx" 2>&1 | grep -c '\[format-')
[ "$n" = 0 ] && ok "apc.conf disable = format" || nok "apc.conf disable = format" "$n format diagnostics"

# text has no format to check
n=$($W "$APC" check "$STATE" "$PARTY" 2>&1 | grep -c '\[format-')
[ "$n" = 0 ] && ok "text: no format checks" || nok "text: no format checks" "$n"
