#!/bin/sh
# tests/suites/30-sarif-multitool.sh: apc's SARIF validated by Microsoft's SARIF multitool
# (issue 14 item 13), beside 30-report's schema checks. The multitool comes from npm and is
# installed by scripts/deps (make deps); without it the suite fails: CI must not pass without it.
# One run of the tool (~1-2 s) validates every SARIF output below, then one more proves that it
# reports what is broken. Run by tests/run from the repository root with $APC.
: "${APC:=build/apc}"
CORPUS=../shared/corpus/lao-cai-219-ctr-tu-2023.txt
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-30-multitool.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
T=$(cd "$T" && pwd -P)   # multitool.py names files by their real path

ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }
apc() { timeout 120 ${APC_WRAP:-} "$APC" "$@"; }

if [ ! -x "$APC" ]; then
	nok multitool-binary "no $APC (make first)"
	exit 0
fi
if ! MT=$(sh scripts/deps --tool sarif-multitool 2>"$T/mt.err"); then
	nok multitool-installed "$(cat "$T/mt.err")"
	exit 0
fi
ok multitool-installed

# ---- apc's SARIF in the shapes it takes: NAME: what the case shows
# coverage: --coverage's data in the run's properties (the corpus program when it is there)
corpus=""
[ -f "$CORPUS" ] && corpus=$CORPUS
cov="$corpus examples/"
# shellcheck disable=SC2086
apc check --coverage --format sarif $cov >"$T/coverage.sarif" 2>/dev/null
# baseline: baselineState new and unchanged, partialFingerprints
apc check --write-baseline "$T/base.json" tests/corpus-like/ >/dev/null 2>&1
apc check --baseline "$T/base.json" --format sarif tests/corpus-like/ tests/rules/word-duplicated.txt \
    >"$T/baseline.sarif" 2>/dev/null
# fixes: one replacement, and many (tone marks), an insertion (word-glued: an empty region
# deleted); whole-file diagnostics (recipients-missing)
apc check --format sarif tests/rules/word-duplicated.txt tests/rules/word-glued.txt tests/corpus-like/parent-date-mismatch.txt \
    tests/corpus-like/recipients-missing.txt >"$T/fixes.sarif" 2>/dev/null
# vi: the rule help in Vietnamese (text and markdown), the Vietnamese manual's helpUri
apc check --lang vi --format sarif tests/corpus-like/ >"$T/vi.sarif" 2>/dev/null
# docx: a .docx's positions (the run's property that says what a line is there)
if python3 tests/docx/make-docx.py tests/corpus-like/parent-date-mismatch.txt "$T/p.docx" 2>/dev/null; then
	apc check --format sarif "$T/p.docx" >"$T/docx.sarif" 2>/dev/null
fi
# capped: a rule past its 20 a file, one diagnostics-not-shown result for the rest, with their
# fixes and the properties apcRule, apcCount
{ cat tests/rules/word-duplicated.txt; i=0; while [ $i -lt 30 ]; do echo "ban hành ban hành điều $i."; i=$((i + 1)); done; } >"$T/capped.txt"
apc check --format sarif "$T/capped.txt" >"$T/capped.sarif" 2>/dev/null
# failed: a path that does not exist beside one that does (exitCode 2, not successful)
apc check --format sarif examples/ "$T/no-such-file.txt" >"$T/failed.sarif" 2>/dev/null

# each output must be what its case says, or the tool would validate less than it seems
has() { grep -q "$2" "$T/$1.sarif" || nok "multitool-$1-shape" "no $2 in $1.sarif"; }
has coverage '"coverage":\['
has baseline '"baselineState":"new"'
has baseline '"baselineState":"unchanged"'
has fixes '"fixes":\[{'
has fixes '"region":{"startLine":1,"endLine":[0-9]*}'
has vi '"markdown":"'
has failed '"exitCode":2'
has capped '"properties":{"apcRule":"word-duplicated","apcCount":[0-9]*}'
set -- coverage baseline fixes vi failed capped
[ -s "$T/docx.sarif" ] && set -- "$@" docx
for n in "$@"; do
	set -- "$@" "$T/$n.sarif"
	shift
done

# ---- the test can fail: broken SARIF must be reported. A schema error (line 0), and what apc
# wrote before this suite existed: a whole-file diagnostic without a region (SARIF2017).
cp tests/sarif/broken.sarif "$T/broken-line0.sarif"
sed 's/,"region":{"startLine":1,"endLine":[0-9]*}//' "$T/fixes.sarif" >"$T/broken-noregion.sarif"

# ---- one run of the tool over them all (it costs ~2 s of CPU a run): apc's files clean, the
# broken ones reported, and every file read (multitool.py's canary)
python3 tests/sarif/multitool.py "$MT" "$@" "$T/broken-line0.sarif" "$T/broken-noregion.sarif" \
    >"$T/mt.out" 2>"$T/mt.err"
rc=$?
for f in "$@"; do
	n=$(basename "$f" .sarif)
	if grep -qx "clean $f" "$T/mt.out"; then ok "multitool-$n"
	else nok "multitool-$n" "$(grep -F "$f" "$T/mt.err" | head -3 | tr '\n' ';')"
	fi
done
for n in broken-line0 broken-noregion; do
	if [ $rc = 1 ] && grep -qx "bad $T/$n.sarif" "$T/mt.out"; then ok "multitool-catches-$n"
	else nok "multitool-catches-$n" "not reported (exit $rc): $(head -3 "$T/mt.out" | tr '\n' ';')"
	fi
done
grep -q "broken-noregion.sarif: .*SARIF2017" "$T/mt.err" && ok multitool-catches-rule ||
	nok multitool-catches-rule "no SARIF2017 for a whole-file result without a region"
if grep -v "^$T/" "$T/mt.err" | grep -q .; then
	nok multitool-run "exit $rc: $(grep -v "^$T/" "$T/mt.err" | head -3 | tr '\n' ';')"
else ok multitool-run
fi
