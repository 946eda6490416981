#!/bin/sh
# tests/suites/35-output.sh: output a drafter and a CI job can trust (issue 14; issue 11's
# defects 2, 3 and 15). Each case names what it guards; each failed on the main of 27 Nov 2026
# before its fix. Run by tests/run from the repository root with $APC.
: "${APC:=build/apc}"
CHECK="python3 tests/sarif/check.py"
CORPUS=../shared/corpus/lao-cai-219-ctr-tu-2023.txt
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-35-output.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }
skip() { echo "ok $1 # skip $2"; }
apc() { timeout 120 ${APC_WRAP:-} "$APC" "$@"; }
# checked NAME KIND FILE: tests/sarif/check.py on an output (exit 3: no jsonschema, skip)
checked() {
	if msg=$($CHECK "$2" "$3" 2>&1); then ok "$1"
	elif [ $? = 3 ]; then skip "$1" "$msg"
	else nok "$1" "$(echo "$msg" | head -5 | tr '\n' ';')"
	fi
}
# json EXPR FILE: evaluate a Python expression over the JSON document d
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[2])); print($1)" "$1" "$2" 2>/dev/null; }

if [ ! -x "$APC" ]; then
	nok output-binary "no $APC (make first)"
	exit 0
fi
WD=tests/rules/word-duplicated.txt

# ---- issue 11 defect 3: --annotate shows what check reports (--disable, --severity, apc.conf)
annot() { apc render "$@" -f html -o "$T/a.html" 2>/dev/null; grep -Ec 'class="diag sev-(error|warning|note)"' "$T/a.html"; }
n=$(annot "$WD" --annotate)
[ "$n" -gt 0 ] && ok annotate-shows || nok annotate-shows "no diagnostic in the page ($n)"
n=$(annot "$WD" --annotate --disable word-duplicated)
[ "$n" = 0 ] && ok annotate-disable || nok annotate-disable "--disable word-duplicated still shows $n"
apc render "$WD" --annotate --severity word-duplicated=error -f html -o "$T/a.html" 2>/dev/null
grep -q 'class="diag sev-error"' "$T/a.html" && ! grep -q 'class="diag sev-warning"' "$T/a.html" &&
	ok annotate-severity || nok annotate-severity "--severity word-duplicated=error not shown as an error"
mkdir -p "$T/conf"
cp "$WD" "$T/conf/w.txt"
printf 'word-duplicated = off\n' >"$T/conf/apc.conf"
n=$(annot "$T/conf/w.txt" --annotate)
[ "$n" = 0 ] && ok annotate-apc-conf || nok annotate-apc-conf "apc.conf's word-duplicated = off ignored ($n shown)"
mkdir -p "$T/tree"
apc render "$T/conf" --annotate -f html -o "$T/tree" 2>/dev/null
n=$(grep -Ec 'class="diag sev-(error|warning|note)"' "$T/tree/w.html" 2>/dev/null)
[ "$n" = 0 ] && ok annotate-tree-apc-conf || nok annotate-tree-apc-conf "render of a tree shows $n disabled diagnostics"

# ---- issue 11 defect 2, issue 14 item 8: --coverage is data in JSON and SARIF
if [ -f "$CORPUS" ]; then
	apc check --coverage --format json "$CORPUS" >"$T/c.json" 2>/dev/null
	checked coverage-json-valid json "$T/c.json"
	got=$(json "d['files'][0]['coverage'][0]['parent'], d['files'][0]['coverage'][0]['covered'], len(d['files'][0]['coverage'][0]['pairing'])" "$T/c.json")
	[ "$got" = "36-NQ/TW 5 5" ] && ok coverage-json-data || nok coverage-json-data "coverage entry: $got"
	apc check --coverage --format sarif "$CORPUS" >"$T/c.sarif" 2>/dev/null
	checked coverage-sarif-valid sarif "$T/c.sarif"
	got=$(json "d['runs'][0]['properties']['coverage'][0]['parents'][0]['covered']" "$T/c.sarif")
	[ "$got" = 5 ] && ok coverage-sarif-data || nok coverage-sarif-data "run properties coverage: $got"
	apc check --coverage --lang en "$CORPUS" >"$T/c.txt" 2>/dev/null
	grep -q '^.*: 219-CTr/TU implements 36-NQ/TW (Bộ Chính trị, 30/01/2023): 5 of its 5 missions covered$' "$T/c.txt" &&
		ok coverage-text || nok coverage-text "the text coverage changed"
else
	for t in coverage-json-valid coverage-json-data coverage-sarif-valid coverage-sarif-data coverage-text; do
		skip "$t" "no $CORPUS"
	done
fi

# ---- issue 11 defect 15, issue 14 item 13: helpUri names a page that exists, at the rule
apc check --format sarif "$WD" >"$T/h.sarif" 2>/dev/null
bad=$(python3 - "$T/h.sarif" <<'EOF'
import json, sys, urllib.parse
d = json.load(open(sys.argv[1]))
for r in d['runs'][0]['tool']['driver']['rules']:
    u = r['helpUri']
    page, _, frag = u.partition('#')
    if not page.startswith('file://'):
        print('not a file URI: %s' % u); continue
    path = urllib.parse.unquote(page[len('file://'):])
    try:
        html = open(path, encoding='utf-8').read()
    except OSError as e:
        print('%s: %s' % (u, e)); continue
    if 'id="%s"' % frag not in html:
        print('%s: no anchor %s' % (path, frag))
    if '](' + u + ')' not in r['help'].get('markdown', ''):
        print('%s: help.markdown does not link to it' % r['id'])
EOF
)
[ -z "$bad" ] && ok helpuri-resolves || nok helpuri-resolves "$(echo "$bad" | head -3 | tr '\n' ';')"
apc check --format sarif --doc-url https://example.org/apc.1.html "$WD" >"$T/u.sarif" 2>/dev/null
got=$(json "d['runs'][0]['tool']['driver']['rules'][0]['helpUri']" "$T/u.sarif")
[ "$got" = "https://example.org/apc.1.html#word-duplicated" ] && ok helpuri-doc-url || nok helpuri-doc-url "got $got"

# ---- issue 14 item 9: one exit status, in the process and in the report
apc check --format json "$WD" "$T/no-such-file.txt" >"$T/m.json" 2>/dev/null; rc=$?
got=$(json "d['summary']['exitStatus']" "$T/m.json")
[ "$rc" = 2 ] && [ "$got" = 2 ] && ok exit-json-missing || nok exit-json-missing "process $rc, summary.exitStatus $got"
apc check --format sarif "$WD" "$T/no-such-file.txt" >"$T/m.sarif" 2>/dev/null; rc=$?
got=$(json "d['runs'][0]['invocations'][0]['exitCode'], d['runs'][0]['invocations'][0]['executionSuccessful']" "$T/m.sarif")
[ "$rc" = 2 ] && [ "$got" = "2 False" ] && ok exit-sarif-missing || nok exit-sarif-missing "process $rc, invocation $got"
apc check --format sarif "$WD" >"$T/o.sarif" 2>/dev/null; rc=$?
got=$(json "d['runs'][0]['invocations'][0]['exitCode']" "$T/o.sarif")
[ "$rc" = "$got" ] && ok exit-sarif-same || nok exit-sarif-same "process $rc, exitCode $got"

# ---- issue 14 item 10: checking zero files is an error
mkdir -p "$T/nothing/sub"
: >"$T/nothing/sub/notes.md"
apc check "$T/nothing" >"$T/z.out" 2>"$T/z.err"; rc=$?
[ "$rc" = 2 ] && grep -q "no document found under $T/nothing" "$T/z.err" && ok zero-files ||
	nok zero-files "exit $rc, stderr: $(head -c 200 "$T/z.err")"
apc check --format json "$T/nothing" >"$T/z.json" 2>/dev/null; rc=$?
got=$(json "d['summary']['exitStatus']" "$T/z.json")
[ "$rc" = 2 ] && [ "$got" = 2 ] && ok zero-files-json || nok zero-files-json "process $rc, summary $got"
exit 0
