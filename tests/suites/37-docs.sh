#!/bin/sh
# tests/suites/37-docs.sh: what the documentation tells a user to run, runs (issue 14 items 15,
# 16). Every fenced block of docs/*.md is run or checked by its label:
#   sh     run with `sh -e` in a sandbox (docs/ holds copies of examples/, a git repository,
#          `apc` on PATH): it must exit 0
#   conf   written as the sandbox's apc.conf: apc must accept it
#   json   parsed; a problem matcher's regexp must read apc's own text output
#   yaml   parsed; a GitHub workflow must use upload-sarif@v4 with the permissions docs/ci.md
#          names, a GitLab job must name its reports; the steps that run apc are run in the
#          sandbox (.apc/build/apc is apc), and what they write is checked (SARIF against the
#          schema, the code-quality JSON, the JUnit XML)
#   text   output shown as an example: not run
# A block with no label, or a command in an indented block, fails: it could not be run.
# Then the README's sample command runs in a fresh clone (make demo, then the command; its
# output must be what the README shows). Skipped under APC_QUICK and APC_WRAP (a second build).
: "${APC:=build/apc}"
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-37-docs.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }
skip() { echo "ok $1 # skip $2"; }
if [ ! -x "$APC" ]; then
	nok docs-binary "no $APC (make first)"
	exit 0
fi
top=$(pwd)
A=$(cd "$(dirname "$APC")" && pwd)/$(basename "$APC")
mkdir -p "$T/bin"
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${APC_WRAP:-}" "$A" >"$T/bin/apc"
chmod +x "$T/bin/apc"

# sandbox NAME: a fresh directory with docs/ (the examples, committed in git) and .apc/build/apc
sandbox() {
	S=$T/sb-$1
	rm -rf "$S"
	mkdir -p "$S/docs" "$S/.apc/build"
	cp examples/*.txt "$S/docs/"
	ln -s "$T/bin/apc" "$S/.apc/build/apc"
	if command -v git >/dev/null 2>&1; then
		git -C "$S" init -q && printf '.apc/\n' >"$S/.gitignore" && git -C "$S" add . &&
			git -C "$S" -c user.name=t -c user.email=t@t commit -qm docs
	fi
}

# ---- the blocks of docs/*.md
python3 - "$T/blocks" docs/*.md <<'EOF' >"$T/index" || nok docs-extract "the extractor failed"
import os, re, sys
out = sys.argv[1]
os.makedirs(out)
n = 0
for md in sys.argv[2:]:
    fence, start, buf, info = None, 0, [], ''
    prev = ''
    for ln, line in enumerate(open(md, encoding='utf-8'), 1):
        if fence is None:
            m = re.match(r'^(```+|~~~+)\s*(\S*)', line)
            if m:
                fence, info, start, buf = m.group(1), m.group(2), ln, []
            elif re.match(r'^    (\$ |apc |build/apc )', line) and prev.strip() == '':
                print('indented %s:%d' % (md, ln))
            prev = line
            continue
        if line.startswith(fence):
            n += 1
            name = '%03d.%s' % (n, info or 'none')
            open(os.path.join(out, name), 'w', encoding='utf-8').write(''.join(buf))
            print('%s %s:%d' % (name, md, start))
            fence = None
            prev = ''
            continue
        buf.append(line)
EOF
grep '^indented ' "$T/index" | while read -r _ where; do
	nok "docs-indented-command $where" "a command in an indented block: fence it as sh (run) or text"
done
WD=tests/rules/word-duplicated.txt
while read -r name where; do
	[ "$name" = indented ] && continue
	b=$T/blocks/$name
	case $name in
	*.sh)
		sandbox "$name"
		if (cd "$S" && PATH="$T/bin:$PATH" timeout 120 sh -e "$b" >"$T/out" 2>&1); then ok "docs-sh $where"
		else nok "docs-sh $where" "exit $?: $(tail -c 300 "$T/out" | tr '\n' ' ')"
		fi ;;
	*.conf)
		sandbox "$name"
		cp "$b" "$S/apc.conf"
		(cd "$S" && "$T/bin/apc" check docs/ >/dev/null 2>"$T/err"); rc=$?
		[ "$rc" != 2 ] && [ ! -s "$T/err" ] && ok "docs-conf $where" ||
			nok "docs-conf $where" "exit $rc: $(head -c 300 "$T/err" | tr '\n' ' ')"
		;;
	*.json)
		"$T/bin/apc" check --lang en "$WD" >"$T/text.out" 2>/dev/null
		if msg=$(python3 - "$b" "$T/text.out" "$WD" <<'EOF' 2>&1
import json, re, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
if 'problemMatcher' in d:
    p = d['problemMatcher'][0]['pattern'][0]
    rx = re.compile(p['regexp'])
    hits = [rx.match(l) for l in open(sys.argv[2], encoding='utf-8').read().splitlines()]
    hits = [m for m in hits if m]
    assert hits, 'the regexp reads no line of apc check --lang en'
    m = hits[0]
    assert m.group(p['file']) == sys.argv[3], m.group(p['file'])
    assert m.group(p['severity']) == 'warning' and m.group(p['code']) == 'word-duplicated', m.groups()
    assert int(m.group(p['line'])) > 0 and int(m.group(p['column'])) > 0
EOF
		); then ok "docs-json $where"; else nok "docs-json $where" "$(echo "$msg" | tail -2 | tr '\n' ' ')"; fi ;;
	*.yaml | *.yml)
		sandbox "$name"
		if msg=$(cd "$S" && PATH="$T/bin:$PATH" python3 - "$b" "$top" <<'EOF' 2>&1
import json, os, subprocess, sys, xml.etree.ElementTree as ET
import yaml
top = sys.argv[2]
d = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
def run(script, env=None):
    e = dict(os.environ, **(env or {}))
    r = subprocess.run(['sh', '-e', '-c', script], env=e, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, 'step failed (%d): %s %s' % (r.returncode, script, r.stderr[-300:])
def runs_apc(script):
    return 'build/apc' in script and '${{' not in script and 'scripts/deps' not in script and 'make -C' not in script
if 'jobs' in d:                                   # GitHub Actions
    perms = d.get('permissions') or {}
    for k, v in (('security-events', 'write'), ('contents', 'read'), ('actions', 'read')):
        assert perms.get(k) == v, 'permissions: %s is not %s' % (k, v)
    steps = [s for j in d['jobs'].values() for s in j['steps']]
    uses = [s['uses'] for s in steps if 'uses' in s]
    assert 'github/codeql-action/upload-sarif@v4' in uses, uses
    ran = 0
    for s in steps:
        if runs_apc(s.get('run', '')):
            open('gh_output', 'w').close()
            run(s['run'], {'GITHUB_OUTPUT': os.path.abspath('gh_output')})
            ran += 1
            if 'status=' in s['run']:
                assert open('gh_output').read().strip() == 'status=0', open('gh_output').read()
    assert ran, 'no step runs apc'
    for s in steps:
        f = (s.get('with') or {}).get('sarif_file')
        if f:
            r = subprocess.run(['python3', os.path.join(top, 'tests/sarif/check.py'), 'sarif', f], capture_output=True, text=True)
            assert r.returncode in (0, 3), 'the SARIF log: ' + r.stdout[-300:] + r.stderr[-300:]
else:                                             # GitLab CI: each job with a script
    jobs = [j for j in d.values() if isinstance(j, dict) and 'script' in j]
    assert jobs, 'no job'
    for j in jobs:
        for line in j['script']:
            if runs_apc(line):
                run(line)
        reports = j['artifacts']['reports']
        cq = json.load(open(reports['codequality'], encoding='utf-8'))
        assert isinstance(cq, list)
        for i in cq:
            assert i['description'] and i['check_name'] and i['fingerprint'] and i['location']['path']
            assert i['severity'] in ('info', 'minor', 'major', 'critical', 'blocker')
            assert i['location']['lines']['begin'] >= 1
        assert len(set(i['fingerprint'] for i in cq)) == len(cq), 'fingerprints repeat'
        root = ET.parse(reports['junit']).getroot()
        assert root.tag == 'testsuites', root.tag
        cases = root.findall('./testsuite/testcase')
        assert len(cases) == len([f for f in os.listdir('docs') if f.endswith('.txt')]), len(cases)
EOF
		); then ok "docs-yaml $where"; else nok "docs-yaml $where" "$(echo "$msg" | tail -3 | tr '\n' ' ')"; fi ;;
	*.text) ;;
	*) nok "docs-unlabeled $where" "label the block sh (run), conf, json, yaml or text" ;;
	esac
done <"$T/index"

# ---- --format gitlab and junit on findings (the examples have none)
mkdir -p "$T/gl"
cp "$WD" "$T/gl/w.txt"
cp "$WD" "$T/gl/w2.txt"
cp tests/corpus-like/parent-date-mismatch.txt "$T/gl/e.txt"
"$T/bin/apc" check --format gitlab "$T/gl" >"$T/gl.json" 2>/dev/null; rc=$?
got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len(d), sorted(set(i["severity"] for i in d)), len(set(i["fingerprint"] for i in d)), d[0]["location"]["lines"]["begin"])
' "$T/gl.json" 2>&1 | tail -1)
[ "$rc" = 1 ] && [ "$got" = "3 ['major', 'minor'] 3 12" ] && ok format-gitlab || nok format-gitlab "exit $rc: $got"
"$T/bin/apc" check --format junit "$T/gl" "$T/nothing" >"$T/j.xml" 2>/dev/null; rc=$?
got=$(python3 -c '
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
s = r.find("testsuite")
c = s.findall("testcase")
print(r.get("tests"), r.get("failures"), r.get("errors"), [x.get("name").rsplit("/", 1)[-1] for x in c if x.find("failure") is not None],
      [x.get("name") for x in c if x.find("error") is not None], len([x for x in c if x.find("system-out") is not None]))
' "$T/j.xml" 2>&1 | tail -1)
[ "$rc" = 2 ] && [ "$got" = "4 1 1 ['e.txt'] ['run'] 2" ] && ok format-junit || nok format-junit "exit $rc: $got"
"$T/bin/apc" check --werror --format junit "$T/gl/w.txt" >"$T/j.xml" 2>/dev/null
grep -q '<failure' "$T/j.xml" && ok format-junit-werror || nok format-junit-werror "a warning under --werror is no failure"

# ---- the README's sample runs from a fresh clone (issue 14 item 16)
if [ -n "${APC_QUICK:-}" ] || [ -n "${APC_WRAP:-}" ]; then
	skip readme-fresh-clone "APC_QUICK or APC_WRAP (builds another binary)"
elif ! command -v git >/dev/null 2>&1; then
	skip readme-fresh-clone "no git"
else
	head=$(git rev-parse HEAD)
	git clone -q "$top" "$T/clone" && git -C "$T/clone" checkout -q "$head"
	# the README's command: the sh block after "fresh clone", its text block the output shown
	python3 - README.md "$T/cmd" "$T/want" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
i = s.index('From a fresh clone')
m = re.compile(r'```sh\n(.*?)```\s*```text\n(.*?)```', re.S).search(s, i)
open(sys.argv[2], 'w').write(m.group(1))
open(sys.argv[3], 'w').write(m.group(2))
EOF
	if ! (cd "$T/clone" && make -j2 demo >"$T/demo.out" 2>&1); then
		nok readme-fresh-clone "make demo failed: $(tail -c 300 "$T/demo.out" | tr '\n' ' ')"
	else
		(cd "$T/clone" && sh "$T/cmd" >"$T/got" 2>&1)
		diff "$T/want" "$T/got" >"$T/diff" && ok readme-fresh-clone ||
			nok readme-fresh-clone "the README shows other output: $(head -5 "$T/diff" | tr '\n' ' ')"
	fi
fi
exit 0
