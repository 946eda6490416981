#!/bin/sh
# tests/suites/36-input.sh: what a run reads and how it is told (issue 14 items 6, 7, 11, 12,
# 14): standard input, apc.conf errors and --config, render without -f, the progress line on
# one terminal, --since. Each case failed on main before its change (the commit says).
# Run by tests/run from the repository root with $APC.
: "${APC:=build/apc}"
CORPUS=../shared/corpus/lao-cai-219-ctr-tu-2023.txt
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-36-input.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }
skip() { echo "ok $1 # skip $2"; }
apc() { timeout 120 ${APC_WRAP:-} "$APC" "$@"; }
# json EXPR FILE: evaluate a Python expression over the JSON document d
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[2])); print($1)" "$1" "$2" 2>/dev/null; }
# said NAME WANT-REGEX ARGS...: exit 2 and stderr matching WANT (standard input from /dev/null)
said() {
	n=$1 want=$2; shift 2
	apc "$@" </dev/null >/dev/null 2>"$T/u.err"; rc=$?
	[ "$rc" = 2 ] && grep -Eq -- "$want" "$T/u.err" && ok "$n" || nok "$n" "exit $rc: $(head -c 300 "$T/u.err" | tr '\n' ' ')"
}

if [ ! -x "$APC" ]; then
	nok input-binary "no $APC (make first)"
	exit 0
fi
WD=tests/rules/word-duplicated.txt

# ---- item 7: apc check - reads standard input; --stdin-filename names it
apc check "$WD" >"$T/f.out" 2>&1; rcf=$?
apc check --stdin-filename "$WD" - <"$WD" >"$T/s.out" 2>&1; rcs=$?
[ "$rcf" = "$rcs" ] && [ -s "$T/f.out" ] && cmp -s "$T/f.out" "$T/s.out" && ok stdin-same-as-file ||
	nok stdin-same-as-file "exit $rcf/$rcs: $(diff "$T/f.out" "$T/s.out" | head -3 | tr '\n' ';')"
apc check - <"$WD" >"$T/s.out" 2>&1
grep -q '^<stdin>:[0-9]*:[0-9]*: warning: .*\[word-duplicated\]$' "$T/s.out" && ok stdin-default-name ||
	nok stdin-default-name "$(head -1 "$T/s.out")"
mkdir -p "$T/conf/sub"
printf 'word-duplicated = off\n' >"$T/conf/apc.conf"
apc check --stdin-filename "$T/conf/sub/draft.txt" - <"$WD" >"$T/s.out" 2>&1
! grep -q 'word-duplicated' "$T/s.out" && grep -q '^1 file: ' "$T/s.out" && ok stdin-apc-conf ||
	nok stdin-apc-conf "the apc.conf above --stdin-filename ignored: $(grep word-dup "$T/s.out" | head -1)"
apc check --format json --stdin-filename drafts/k.txt - <"$WD" >"$T/s.json" 2>/dev/null
got=$(json "d['diagnostics'][0]['file'], d['files'][0]['path'], d['summary']['files']" "$T/s.json")
[ "$got" = "drafts/k.txt drafts/k.txt 1" ] && ok stdin-json || nok stdin-json "got $got"
apc check --format sarif --stdin-filename drafts/k.txt - <"$WD" >"$T/s.sarif" 2>/dev/null
got=$(json "d['runs'][0]['results'][0]['locations'][0]['physicalLocation']['artifactLocation']['uri']" "$T/s.sarif")
[ "$got" = "drafts/k.txt" ] && ok stdin-sarif || nok stdin-sarif "uri $got"
apc check - </dev/null >"$T/s.out" 2>&1; rc=$?
[ "$rc" = 1 ] && grep -q '^<stdin>:1:1: error: .*\[file-empty\]$' "$T/s.out" && ok stdin-empty ||
	nok stdin-empty "exit $rc: $(head -1 "$T/s.out")"
# binary: the same bytes read from a file and from standard input give the same report
head -c 3000 "$APC" >"$T/bin.txt"
apc check "$T/bin.txt" >"$T/b1.out" 2>&1; rc1=$?
apc check --stdin-filename "$T/bin.txt" - <"$T/bin.txt" >"$T/b2.out" 2>&1; rc2=$?
[ "$rc1" = "$rc2" ] && [ "$rc1" != 2 ] && cmp -s "$T/b1.out" "$T/b2.out" && ok stdin-binary ||
	nok stdin-binary "exit $rc1/$rc2: $(diff "$T/b1.out" "$T/b2.out" | head -3 | tr '\n' ';')"
said stdin-twice 'standard input \(-\) is named 2 times' check - -
said stdin-name-alone '--stdin-filename names standard input' check --stdin-filename a.txt "$WD"
said stdin-fix 'standard input \(-\) cannot be fixed' fix -
# a file and standard input in one run: both reported, in the order given
apc check --stdin-filename zz.txt - "$WD" <"$WD" >"$T/s.out" 2>&1
got=$(grep -E '^[^ ]+:[0-9]+:[0-9]+: ' "$T/s.out" | cut -d: -f1 | uniq | tr '\n' ' ')
[ "$got" = "zz.txt $WD " ] && ok stdin-with-files || nok stdin-with-files "files: $got"
apc build - <"$WD" >"$T/s.xml" 2>/dev/null
grep -q '<program' "$T/s.xml" && ok stdin-build || nok stdin-build "no XML on stdout"

exit 0
