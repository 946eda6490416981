#!/bin/sh
# tests/suites/30-report.sh: what `apc check` reports and how it exits. The text format
# (diagnostic lines, source and caret lines, summary, Vietnamese), JSON (the shape in
# docs/ci.md), SARIF 2.1.0 (tests/sarif/), -j determinism, exit statuses, --werror,
# --disable, --severity and apc.conf. Run by tests/run from the repository root with $APC.
# Prints "ok NAME", "ok NAME # skip why" or "not ok NAME: why" for each test.
: "${APC:=build/apc}"
CORPUS=../shared/corpus/lao-cai-219-ctr-tu-2023.txt
CHECK="python3 tests/sarif/check.py"
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-30-report.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }
skip() { echo "ok $1 # skip $2"; }

# apc ARGS...: run the binary under test with a time bound; status in $?.
apc() { timeout 120 ${APC_WRAP:-} "$APC" "$@"; }

# expect NAME WANT GOT [STDERR-FILE]: compare exit statuses.
expect() {
	if [ "$3" = "$2" ]; then ok "$1"
	elif [ "$3" = 124 ]; then nok "$1" "timed out"
	else nok "$1" "exit $3, want $2${4:+ ($(head -c 300 "$4" | tr '\n' ' '))}"
	fi
}

# checked NAME KIND FILE: run tests/sarif/check.py on an output.
checked() {
	if msg=$($CHECK "$2" "$3" 2>&1); then ok "$1"
	elif [ $? = 3 ]; then skip "$1" "$msg"
	else nok "$1" "$(echo "$msg" | head -5 | tr '\n' ';')"
	fi
}

if [ ! -x "$APC" ]; then
	nok report-binary "no $APC (make first)"
	exit 0
fi
DIAG='^.+:[0-9]+:[0-9]+: (error|warning|note): .* \[[a-z0-9-]+\]$'
DIAG_VI='^.+:[0-9]+:[0-9]+: (lỗi|cảnh báo|ghi chú): .* \[[a-z0-9-]+\]$'
SUM_EN='^[0-9]+ files?: [0-9]+ errors?, [0-9]+ warnings?, [0-9]+ notes?$'
SUM_VI='^[0-9]+ tệp: [0-9]+ lỗi, [0-9]+ cảnh báo, [0-9]+ ghi chú$'

# ---- fixtures of our own: an empty file (an error), odd names, apc.conf trees ----
: >"$T/empty.txt"
: >"$T/tên \"lạ\" %.txt"
mkdir -p "$T/conf/sub" "$T/conf/rooted"
: >"$T/conf/empty.txt"
: >"$T/conf/sub/empty.txt"
: >"$T/conf/rooted/empty.txt"
printf '# file-empty is only a note here\nfile-empty = note\n' >"$T/conf/apc.conf"
printf 'disable = file-empty\n' >"$T/conf/sub/apc.conf"
printf 'root = true   # nothing from above\n' >"$T/conf/rooted/apc.conf"

# ---- the corpus program ----
if [ ! -f "$CORPUS" ]; then
	for t in corpus-text corpus-exit corpus-summary corpus-carets corpus-vi corpus-json \
	    corpus-json-facts corpus-sarif corpus-sarif-uri werror; do
		skip "$t" "no $CORPUS"
	done
else
	apc check --lang en "$CORPUS" >"$T/c.txt" 2>"$T/c.err"
	expect corpus-exit 0 $? "$T/c.err"
	checked corpus-text text "$T/c.txt"
	if tail -n 1 "$T/c.txt" | grep -Eq "^1 file: 0 errors, [0-9]+ warnings?, [0-9]+ notes?$"; then
		ok corpus-summary
	else
		nok corpus-summary "last line: $(tail -n 1 "$T/c.txt")"
	fi
	if ! grep -Eq "$DIAG" "$T/c.txt"; then
		skip corpus-carets "no diagnostics on the corpus yet"
	elif grep -Eq '^[[:space:]]*\^~*$' "$T/c.txt"; then
		ok corpus-carets
	else
		nok corpus-carets "no caret line under any diagnostic"
	fi

	apc check --lang vi "$CORPUS" >"$T/v.txt" 2>"$T/v.err"
	rc=$?
	if [ $rc != 0 ]; then expect corpus-vi 0 $rc "$T/v.err"
	elif ! tail -n 1 "$T/v.txt" | grep -Eq "$SUM_VI"; then
		nok corpus-vi "last line: $(tail -n 1 "$T/v.txt")"
	elif [ "$(grep -Ec "$DIAG_VI" "$T/v.txt")" != "$(grep -Ec "$DIAG" "$T/c.txt")" ]; then
		nok corpus-vi "not the same diagnostics as in English"
	elif grep -Eq "$DIAG" "$T/c.txt" && cmp -s "$T/v.txt" "$T/c.txt"; then
		nok corpus-vi "the messages are not in Vietnamese"
	else
		ok corpus-vi
	fi

	apc check --format json "$CORPUS" >"$T/c.json" 2>"$T/cj.err"
	rc=$?
	if [ $rc != 0 ]; then expect corpus-json 0 $rc "$T/cj.err"
	elif ! python3 -m json.tool "$T/c.json" >/dev/null 2>"$T/jt.err"; then
		nok corpus-json "not JSON: $(head -c 200 "$T/jt.err")"
	else
		checked corpus-json json "$T/c.json"
	fi
	if python3 - "$T/c.json" <<'EOF' >"$T/facts.err" 2>&1
import json, sys
f = json.load(open(sys.argv[1]))["files"][0]
assert f["symbol"] == "219-CTr/TU", f["symbol"]
assert f["date"] == "2023-05-22", f["date"]
assert "36-NQ/TW" in [p["ref"] for p in f["parents"]], f["parents"]
EOF
	then ok corpus-json-facts
	else nok corpus-json-facts "$(tail -n 1 "$T/facts.err")"
	fi

	apc check --format sarif "$CORPUS" >"$T/c.sarif" 2>"$T/cs.err"
	rc=$?
	if [ $rc != 0 ]; then expect corpus-sarif 0 $rc "$T/cs.err"
	else checked corpus-sarif sarif "$T/c.sarif"
	fi
	# Paths relative to the working directory, against %SRCROOT%.
	if ! grep -q '"results":\[{\|"ruleId"' "$T/c.sarif"; then
		skip corpus-sarif-uri "no results on the corpus yet"
	elif grep -q '"uri":"\.\./shared/corpus/lao-cai-219-ctr-tu-2023\.txt","uriBaseId":"%SRCROOT%"' "$T/c.sarif"; then
		ok corpus-sarif-uri
	else
		nok corpus-sarif-uri "$(grep -o '"artifactLocation":{[^}]*}' "$T/c.sarif" | head -1)"
	fi

	# --werror: the corpus gives warnings and no error.
	if grep -Eq ': warning: ' "$T/c.txt"; then
		apc check --werror "$CORPUS" >/dev/null 2>"$T/w.err"
		expect werror 1 $? "$T/w.err"
	else
		skip werror "no warnings on the corpus yet"
	fi
fi

# ---- examples/: clean, every format ----
apc check --lang en examples/ >"$T/e.txt" 2>"$T/e.err"
expect examples-exit 0 $? "$T/e.err"
checked examples-text text "$T/e.txt"
n=$(find examples -name '*.txt' | wc -l | tr -d ' ')
if tail -n 1 "$T/e.txt" | grep -Eq "^$n files?: 0 errors, "; then ok examples-summary
else nok examples-summary "want $n files, got: $(tail -n 1 "$T/e.txt")"
fi
if grep -q "$(printf '\033')" "$T/e.txt"; then nok no-color-in-pipes "escape sequences in piped output"
else ok no-color-in-pipes
fi
apc check --format json examples/ >"$T/e.json" 2>/dev/null
checked examples-json json "$T/e.json"
apc check --format sarif examples/ >"$T/e.sarif" 2>/dev/null
checked examples-sarif sarif "$T/e.sarif"
# An absolute path under the working directory is made relative to it; one outside stays
# an absolute file URI.
abs_apc=$(cd "$(dirname "$APC")" && pwd)/$(basename "$APC")
(cd "$T" && timeout 120 ${APC_WRAP:-} "$abs_apc" check --format sarif "$T/empty.txt") >"$T/abs.sarif" 2>/dev/null
if grep -q '"uri":"empty.txt","uriBaseId":"%SRCROOT%"' "$T/abs.sarif"; then checked sarif-path-under-cwd sarif "$T/abs.sarif"
else nok sarif-path-under-cwd "$(grep -o '"artifactLocation":{[^}]*}' "$T/abs.sarif" | head -1)"
fi
apc check --format sarif "$T/empty.txt" >"$T/abs.sarif" 2>/dev/null
if grep -q '"uri":"file:///[^"]*/empty.txt"}' "$T/abs.sarif"; then checked sarif-path-outside-cwd sarif "$T/abs.sarif"
else nok sarif-path-outside-cwd "$(grep -o '"artifactLocation":{[^}]*}' "$T/abs.sarif" | head -1)"
fi

# ---- -j does not change the output ----
set -- examples/
[ -f "$CORPUS" ] && set -- "$@" "$CORPUS"
for fmt in text json sarif; do
	apc check --format $fmt -j 1 "$@" "$T/empty.txt" >"$T/j1.$fmt" 2>/dev/null
	apc check --format $fmt -j 2 "$@" "$T/empty.txt" >"$T/j2.$fmt" 2>/dev/null
	apc check --format $fmt -j 8 "$@" "$T/empty.txt" >"$T/j8.$fmt" 2>/dev/null
	if [ ! -s "$T/j1.$fmt" ]; then nok "jobs-$fmt" "no output"
	elif cmp -s "$T/j1.$fmt" "$T/j2.$fmt" && cmp -s "$T/j1.$fmt" "$T/j8.$fmt"; then ok "jobs-$fmt"
	else nok "jobs-$fmt" "-j 1, -j 2 and -j 8 differ: $(diff "$T/j1.$fmt" "$T/j2.$fmt" | head -3 | tr '\n' ' ')"
	fi
done

# ---- exit statuses ----
apc check "$T/no-such-file.txt" >/dev/null 2>"$T/m.err"
expect exit-missing-file 2 $?
apc check examples/ "$T/no-such-file.txt" >/dev/null 2>"$T/m.err"
expect exit-missing-among-good 2 $?
apc check --lang en "$T/empty.txt" >"$T/x.txt" 2>"$T/x.err"
rc=$?
expect exit-errors 1 $rc "$T/x.err"
if grep -Eq '^.*empty\.txt:1:1: error: .* \[file-empty\]$' "$T/x.txt"; then ok file-level-at-1-1
else nok file-level-at-1-1 "$(head -1 "$T/x.txt")"
fi
checked exit-errors-text text "$T/x.txt"
for fmt in json sarif; do
	apc check --format $fmt examples/ "$T/empty.txt" >"$T/x.$fmt" 2>/dev/null
	rc=$?
	if [ $rc != 1 ]; then expect "one-faulty-among-many-$fmt" 1 $rc
	elif ! grep -q 'file-empty' "$T/x.$fmt"; then nok "one-faulty-among-many-$fmt" "file-empty not reported"
	else checked "one-faulty-among-many-$fmt" $fmt "$T/x.$fmt"
	fi
done
apc check --severity file-empty=warning "$T/empty.txt" >"$T/s.txt" 2>"$T/s.err"
rc=$?
if [ $rc != 0 ]; then expect severity-lowers 0 $rc "$T/s.err"
elif grep -q ': warning: .*\[file-empty\]' "$T/s.txt"; then ok severity-lowers
else nok severity-lowers "file-empty not shown as a warning"
fi
apc check --werror --severity file-empty=warning "$T/empty.txt" >/dev/null 2>&1
expect werror-counts-warnings 1 $?
apc check --disable file-empty "$T/empty.txt" >"$T/d.txt" 2>"$T/d.err"
rc=$?
if grep -q 'file-empty' "$T/d.txt"; then nok disable "file-empty still reported"
else expect disable 0 $rc "$T/d.err"
fi
apc check --severity file-empty=loud "$T/empty.txt" >/dev/null 2>&1
expect severity-bad-level 2 $?
apc check --disable no-such-rule "$T/empty.txt" >/dev/null 2>&1
expect disable-unknown-rule 2 $?

# ---- apc.conf ----
apc check "$T/conf/empty.txt" >"$T/k.txt" 2>"$T/k.err"
rc=$?
if grep -q ': note: .*\[file-empty\]' "$T/k.txt"; then expect conf-severity 0 $rc "$T/k.err"
else nok conf-severity "apc.conf not applied: $(head -1 "$T/k.txt")"
fi
apc check "$T/conf/sub/empty.txt" >"$T/k.txt" 2>"$T/k.err"
rc=$?
if grep -q 'file-empty' "$T/k.txt"; then nok conf-nearest-disables "file-empty still reported"
else expect conf-nearest-disables 0 $rc "$T/k.err"
fi
apc check "$T/conf/rooted/empty.txt" >/dev/null 2>"$T/k.err"
expect conf-root-stops-walk 1 $? "$T/k.err"
apc check --severity file-empty=error "$T/conf/empty.txt" >/dev/null 2>"$T/k.err"
expect conf-command-line-wins 1 $? "$T/k.err"
printf 'colour = blue\n' >>"$T/conf/apc.conf"
apc check "$T/conf/empty.txt" "$T/conf/empty.txt" >/dev/null 2>"$T/k.err"
rc=$?
if [ "$(grep -c 'apc.conf:3: unknown key' "$T/k.err")" != 1 ]; then
	nok conf-unknown-key "want one error on stderr, got: $(head -3 "$T/k.err" | tr '\n' ' ')"
else expect conf-unknown-key 2 $rc     # an apc.conf error stops the run (issue 14 item 11)
fi

# ---- odd file names: JSON escaping, SARIF percent-encoding ----
apc check --format json "$T/tên \"lạ\" %.txt" >"$T/n.json" 2>/dev/null
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["files"][0]["path"].endswith("tên \"lạ\" %.txt")' \
    "$T/n.json" 2>/dev/null; then ok json-escaping
else nok json-escaping "$(head -c 200 "$T/n.json")"
fi
apc check --format sarif "$T/tên \"lạ\" %.txt" >"$T/n.sarif" 2>/dev/null
if grep -q 't%C3%AAn%20%22l%E1%BA%A1%22%20%25.txt' "$T/n.sarif"; then checked sarif-percent-encoding sarif "$T/n.sarif"
else nok sarif-percent-encoding "$(grep -o '"uri":"[^"]*"' "$T/n.sarif" | head -1)"
fi
# ---- ranges (issue 14 item 3): a diagnostic whose object has an extent underlines it, and
# JSON and SARIF carry its endColumn; the issuer and date of a parent are what is marked ----
for pair in corpus-like/agency-unknown:agency-unknown corpus-like/timeline-unparsed:timeline-unparsed \
    corpus-like/parent-issuer-mismatch:parent-issuer-mismatch corpus-like/parent-date-mismatch:parent-date-mismatch \
    corpus-like/program-date-before-parent:program-date-before-parent \
    corpus-like/objective-beyond-horizon:objective-beyond-horizon \
    corpus-like/corpus-task-lead-also-partner:task-lead-also-partner corpus-like/symbol-malformed:symbol-malformed \
    corpus-like/timeline-before-issue:timeline-before-issue rules/group-title-mismatch:group-title-mismatch \
    rules/appendix-reference-mismatch:appendix-reference-mismatch rules/parent-unknown:parent-unknown \
    corpus-like/parent-mission-uncovered:parent-mission-uncovered corpus-like/agency-variant:agency-variant \
    golden/draft-unnumbered:symbol-unnumbered golden/draft-unnumbered:date-incomplete \
    corpus-like/corpus-clean:metadata-from-appendix; do
	f=tests/${pair%%:*}.txt id=${pair#*:}
	apc check --format json "$f" >"$T/r.json" 2>/dev/null
	apc check --format sarif "$f" >"$T/r.sarif" 2>/dev/null
	got=$(python3 - "$T/r.json" "$T/r.sarif" "$id" <<'PY'
import json, sys
j = [x for x in json.load(open(sys.argv[1]))['diagnostics'] if x['rule'] == sys.argv[3]]
s = [x for x in json.load(open(sys.argv[2]))['runs'][0]['results'] if x['ruleId'] == sys.argv[3]]
if not j:
    print('no %s' % sys.argv[3])
for x in j:
    if x['endColumn'] is None or x['endColumn'] <= x['column']:
        print('JSON %d:%d has no endColumn' % (x['line'], x['column']))
for x in s:
    r = x['locations'][0]['physicalLocation']['region']
    if r.get('endColumn', 0) <= r['startColumn']:
        print('SARIF %d:%d has no endColumn' % (r['startLine'], r['startColumn']))
PY
)
	[ -z "$got" ] && ok "range-$id" || nok "range-$id" "$got"
done
# the caret under the issuer as cited, not under the symbol; the text underlines all of it
f=tests/corpus-like/parent-issuer-mismatch.txt
apc check --format json "$f" >"$T/r.json" 2>/dev/null
got=$(python3 - "$T/r.json" "$f" <<'PY'
import json, sys
x = [x for x in json.load(open(sys.argv[1]))['diagnostics'] if x['rule'] == 'parent-issuer-mismatch'][0]
line = open(sys.argv[2], encoding='utf-8').read().split('\n')[x['line'] - 1]
print(line[x['column'] - 1:x['endColumn'] - 1])
PY
)
[ "$got" = "Ban Bí thư" ] && ok range-issuer-caret || nok range-issuer-caret "marks \"$got\""
apc check --lang en "$f" >"$T/r.txt" 2>/dev/null
grep -A2 'parent-issuer-mismatch\]$' "$T/r.txt" | tail -1 | grep -Eq '^ +\^~{9}$' && ok range-issuer-underline ||
	nok range-issuer-underline "$(grep -A2 'parent-issuer-mismatch' "$T/r.txt" | tail -1)"
exit 0
