#!/bin/sh
# tests/suites/17-layouts.sh: the appendix table in the layouts copies have. Every text input
# whose appendix is a tab- or pipe-separated table (the examples, the corpus-like documents with their
# planted defects, the corpus program) is written again with the table in pipes (| a | b |)
# and one cell per line (a PDF viewer's copy: empty cells as empty lines; pdftotext's: empty
# cells dropped; a merged lead left out of the rows under it) by tests/layout/relayout.py. Each
# copy must give the same tree apart from
# source positions, the same diagnostics (severity and rule), and carets inside their lines.
# Dropped empty cells lose where a cell stood when one is empty before a full one (a missing
# lead reads as a lead, the partner's text in it): such tables are only read without a caret
# out of its line (relayout.py ambiguous says which).
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
W=${APC_WRAP:-}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-layout.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 NO_COLOR=1
RL=tests/layout/relayout.py
CORPUS=../shared/corpus/lao-cai-219-ctr-tu-2023.txt

ok() { echo "ok layout $1"; }
nok() { echo "not ok layout $1: $2"; }
tree() { $W "$APC" build "$1" 2>/dev/null | sed -E 's/ src:(line|column)="[0-9]+"//g; s/ file="[^"]*"//'; }
diags() { $W "$APC" check --lang en "$1" 2>&1 | sed -n 's/^[^ ]*:[0-9]*:[0-9]*: \([a-z]*\): .* \[\([a-z0-9-]*\)\]$/\1 \2/p' | sort; }

# "LINE:COL" of every diagnostic whose caret is past its line's end
carets_out() {
	$W "$APC" check --lang en "$1" 2>&1 | sed -n 's/^[^ ]*:\([0-9]*\):\([0-9]*\): .*/\1 \2/p' |
	while read -r l c; do
		[ "$l" -gt 0 ] || continue
		n=$(sed -n "${l}p" "$1" | tr -d '\r' | wc -m)
		[ "$c" -le $((n + 1)) ] || echo "$l:$c"
	done
}

for f in examples/*.txt tests/corpus-like/*.txt "$CORPUS"; do
	[ -f "$f" ] && grep -q '^S\{0,1\}TT\(	\| | \)' "$f" || continue
	b=$(basename "$f" .txt)
	tree "$f" >"$T/$b.xml"
	diags "$f" >"$T/$b.diags"
	amb=0
	$PY $RL ambiguous "$f" /dev/null || amb=1
	for L in pipes stacked stacked-noblank ruled grid merged; do
		name="$b $L"
		if ! $PY $RL $L "$f" "$T/$b.$L.txt"; then nok "$name" "relayout.py failed"; continue; fi
		why=
		tree "$T/$b.$L.txt" >"$T/$b.$L.xml"
		if [ $L != stacked-noblank ] || [ $amb = 0 ]; then
			cmp -s "$T/$b.xml" "$T/$b.$L.xml" ||
				why="the trees differ: $(diff "$T/$b.xml" "$T/$b.$L.xml" | head -4 | tr '\n' ' ' | cut -c1-300)"
		fi
		diags "$T/$b.$L.txt" >"$T/$b.$L.diags"
		if [ $L = merged ]; then
			# the short rows are said once a table, and only where the copy has one
			said=$(grep -c '^note table-cells-merged$' "$T/$b.$L.diags")
			short=$(awk -F'\t' '/^S?TT\t/ { n = NF; next } n && $1 ~ /^[0-9]/ && NF < n { s = 1 } END { print s + 0 }' "$T/$b.$L.txt")
			if [ "$short" = 1 ] && [ "$said" -ge 1 ]; then :
			elif [ "$short" = 0 ] && [ "$said" = 0 ]; then :
			else why="table-cells-merged said $said times, a row short: $short"
			fi
			grep -v '^note table-cells-merged$' "$T/$b.$L.diags" >"$T/$b.$L.d2"
			mv "$T/$b.$L.d2" "$T/$b.$L.diags"
		fi
		[ $L = stacked-noblank ] && [ $amb = 1 ] || cmp -s "$T/$b.diags" "$T/$b.$L.diags" ||
			why="${why:+$why; }the diagnostics differ: $(diff "$T/$b.diags" "$T/$b.$L.diags" | grep '^[<>]' | tr '\n' ' ')"
		bad=$(carets_out "$T/$b.$L.txt" | tr '\n' ' ')
		[ -z "$bad" ] || why="${why:+$why; }carets past their lines: $bad"
		if [ -n "$why" ]; then nok "$name" "$why"; else ok "$name"; fi
	done
done

# a table copied one cell per line whose numbers slip: read as rows, the slip reported once
name=stacked-numbering-slip
$PY - "$T" <<'PY'
import sys
t = sys.argv[1]
src = open('examples/tinh-uy-program.txt', encoding='utf-8').read()
open(t + '/slip.txt', 'w', encoding='utf-8').write(src.replace('\n3\t', '\n5\t', 1))
PY
$PY $RL stacked "$T/slip.txt" "$T/slip.stacked.txt"
a=$(diags "$T/slip.txt" | grep -c task-numbering)
c=$(diags "$T/slip.stacked.txt" | grep -c task-numbering)
if [ "$a" -ge 1 ] && [ "$a" = "$c" ]; then ok "$name"; else nok "$name" "task-numbering: $a in tabs, $c stacked"; fi

# hostile shapes, linear: heads without rows (each head block starts a scan), and 3000 rows of
# five lines (the parser's limit of 20000 table rows counts a stacked row's lines)
name=stacked-linear
$PY - "$T" <<'PY'
import sys
t = sys.argv[1]
h = 'TT\nNhiệm vụ\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian\n'
open(t + '/heads.txt', 'w', encoding='utf-8').write('CHƯƠNG TRÌNH\nx\n' + h * 20000)
rows = ''.join('%d\nViệc số %d\nSở Y tế\nSở Tài chính\n2024\n' % (i, i) for i in range(1, 3001))
open(t + '/rows.txt', 'w', encoding='utf-8').write('CHƯƠNG TRÌNH\nx\nPHỤ LỤC\n' + h + rows)
PY
why=
for f in heads rows; do
	s=$(date +%s)
	$W "$APC" check "$T/$f.txt" >/dev/null 2>&1
	rc=$?
	e=$(( $(date +%s) - s ))
	[ $rc -le 1 ] || why="${why:+$why; }$f: exit $rc"
	[ $e -le 20 ] || why="${why:+$why; }$f: $e s"
done
tasks=$($W "$APC" build "$T/rows.txt" 2>/dev/null | grep -c '<task ')
[ "$tasks" = 3000 ] || why="${why:+$why; }rows: $tasks tasks, want 3000"
if [ -n "$why" ]; then nok "$name" "$why"; else ok "$name"; fi
