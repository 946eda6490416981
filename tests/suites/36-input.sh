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

# ---- item 11: apc.conf errors stop the run (exit 2, FILE:LINE, did you mean); --config FILE
mkdir -p "$T/bad/sub"
cp "$WD" "$T/bad/sub/w.txt"
conf_case() { # NAME CONF-LINE WANT-REGEX (the line is line 2 of the apc.conf)
	printf 'root = true\n%s\n' "$2" >"$T/bad/apc.conf"
	apc check "$T/bad/sub/w.txt" >"$T/c.out" 2>"$T/c.err"; rc=$?
	if [ "$rc" = 2 ] && grep -Eq -- "^apc: $T/bad/apc.conf:2: $3" "$T/c.err" && ! grep -q 'word-duplicated\]$' "$T/c.out"; then ok "$1"
	else nok "$1" "exit $rc: $(head -c 300 "$T/c.err" | tr '\n' ' ')"
	fi
}
conf_case conf-unknown-key 'werorr = true' 'unknown key "werorr" \(did you mean werror\?\)'
conf_case conf-unknown-rule 'word-duplicate = off' 'unknown key "word-duplicate" \(did you mean word-duplicated\?\)'
conf_case conf-bad-level 'word-duplicated = eror' 'word-duplicated: "eror" is not error, warning, note or off \(did you mean error\?\)'
conf_case conf-disable-unknown 'disable = symbol-case, tone-mark-mix' 'disable: no rule "tone-mark-mix" \(did you mean tone-mark-mixed\?\)'
conf_case conf-bad-bool 'werror = ture' 'werror: "ture" is not true or false \(did you mean true\?\)'
conf_case conf-bad-lang 'lang = vn' 'lang: "vn" is not vi or en'
conf_case conf-no-equals 'word-duplicated off' 'expected KEY = VALUE'
# in the run's language
printf 'root = true\nwerorr = true\n' >"$T/bad/apc.conf"
said conf-error-vi "apc.conf:2: không có khóa \"werorr\" \(có phải werror\?\)" --lang vi check "$T/bad/sub/w.txt"
# said once, however many files the directory holds; JSON closed with exit status 2
cp "$WD" "$T/bad/sub/w2.txt"
printf 'root = true\nwerorr = true\n' >"$T/bad/apc.conf"
apc check --format json "$T/bad/sub" >"$T/c.json" 2>"$T/c.err"; rc=$?
got=$(json "d['summary']['exitStatus'], len(d['diagnostics'])" "$T/c.json")
[ "$rc" = 2 ] && [ "$got" = "2 0" ] && [ "$(grep -c 'unknown key' "$T/c.err")" = 1 ] && ok conf-error-once-json ||
	nok conf-error-once-json "exit $rc, json $got, $(grep -c 'unknown key' "$T/c.err") messages"
# the render and build commands stop too
apc render "$T/bad/sub/w.txt" -o "$T/c.html" >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] && [ ! -e "$T/c.html" ] && ok conf-error-render || nok conf-error-render "exit $rc"
# a good apc.conf still applies (a family, default, none)
printf 'root = true\nword = none\nsymbol-case = default\n' >"$T/bad/apc.conf"
apc check "$T/bad/sub/w.txt" >"$T/c.out" 2>"$T/c.err"; rc=$?
[ "$rc" = 0 ] && [ ! -s "$T/c.err" ] && ! grep -q 'word-duplicated\]$' "$T/c.out" && ok conf-good-still-applies ||
	nok conf-good-still-applies "exit $rc: $(head -c 200 "$T/c.err")"
# --config FILE: that file only; the apc.conf files above the path are not read
printf 'root = true\nwerorr = true\n' >"$T/bad/apc.conf"
printf 'word-duplicated = error\n' >"$T/explicit.conf"
apc check --config "$T/explicit.conf" "$T/bad/sub/w.txt" >"$T/c.out" 2>"$T/c.err"; rc=$?
[ "$rc" = 1 ] && grep -q ': error: .*\[word-duplicated\]$' "$T/c.out" && [ ! -s "$T/c.err" ] && ok config-explicit ||
	nok config-explicit "exit $rc: $(head -c 200 "$T/c.err")"
said config-missing "$T/nothing.conf: No such file" check --config "$T/nothing.conf" "$WD"
printf 'word-duplicated = loud\n' >"$T/explicit.conf"
said config-explicit-bad "$T/explicit.conf:1: word-duplicated: \"loud\"" check --config "$T/explicit.conf" "$WD"

# ---- item 6: apc render FILE without -f follows the synopsis (-o's extension, else html)
apc render "$WD" -o "$T/r.fo" >/dev/null 2>&1; rc=$?
[ "$rc" != 2 ] && grep -q '<fo:root' "$T/r.fo" 2>/dev/null && ok render-format-from-out ||
	nok render-format-from-out "exit $rc: -o r.fo holds $(head -c 40 "$T/r.fo" 2>/dev/null | tr '\n' ' ')"
said render-format-conflict '-f html, but -o .*r.pdf names a pdf file' render "$WD" -f html -o "$T/r.pdf"
cp "$WD" "$T/plain.txt"
apc render "$T/plain.txt" >/dev/null 2>&1; rc=$?
[ "$rc" != 2 ] && grep -qi '<!DOCTYPE html' "$T/plain.html" 2>/dev/null && ok render-default-html ||
	nok render-default-html "exit $rc, no $T/plain.html"
# the synopsis says so in --help and in apc.1
help=$(apc --help 2>&1)
syn=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' apc.1)
echo "$help" | grep -q 'apc render \[options\] FILE \[-f html|fo|pdf\] \[-o OUT\]' &&
	echo "$syn" | grep -A3 '^\.Ar file$' | grep -q '^\.Op Fl f Cm html | fo | pdf$' &&
	! echo "$syn" | grep -q '^\.Fl f ' && ok render-synopsis || nok render-synopsis "--help and apc.1 disagree on -f"

# ---- item 14: the progress line never mixes with diagnostics on one terminal (a pty)
mkdir -p "$T/many"
for i in 1 2 3 4 5 6; do cp "$WD" "$T/many/f$i.txt"; done
cp tests/rules/task-numbering-ok.txt "$T/many/a-clean.txt" 2>/dev/null
# onterm.py ARGS...: run apc on a pseudo-terminal (stdout and stderr both), replay what it wrote
# as a terminal would (CR, ESC [K, LF) and say what the screen shows mixed
cat >"$T/onterm.py" <<'EOF'
import fcntl, os, pty, re, struct, sys, termios
W = 80    # the terminal's width: a longer line wraps, and CR only returns to its last row
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 24, W, 0, 0))
    os.environ['APC_PROGRESS_DELAY'] = '0'
    os.environ['NO_COLOR'] = '1'
    os.execvp(sys.argv[1], sys.argv[1:])
raw = b''
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    raw += data
os.waitpid(pid, 0)
text = raw.decode('utf-8', 'replace')
lines, cur, col, i = [], [], 0, 0
while i < len(text):
    c = text[i]
    if text.startswith('\x1b[K', i):
        del cur[col:]; i += 3; continue
    if c == '\r':
        col = 0
    elif c == '\n':
        lines.append(''.join(cur)); cur, col = [], 0
    else:
        if col == W:
            lines.append(''.join(cur)); cur, col = [], 0
        if col < len(cur): cur[col] = c
        else: cur.append(c)
        col += 1
    i += 1
lines.append(''.join(cur))
prog = re.compile(r'\[\d+/\d+\] ')
diag = re.compile(r':\d+:\d+: (error|warning|note): ')
drawn = len(re.findall(r'\[\d+/\d+\] ', text))
mixed = [l for l in lines if prog.search(l) and (diag.search(l) or prog.sub('', l, 1).strip() and not l.startswith('['))]
mixed += [l for l in lines if prog.search(l) and prog.search(l).start() > 0]
left = [l for l in lines if prog.search(l)]
print('drawn=%d diags=%d mixed=%d left=%d %s' % (drawn, sum(1 for l in lines if diag.search(l)), len(mixed), len(left), (mixed + left)[:1]))
EOF
got=$(python3 "$T/onterm.py" ${APC_WRAP:-} "$APC" check -j 2 "$T/many" 2>&1)
case $got in
"drawn=0 "*) nok progress-one-terminal "no progress line drawn on the terminal: $got" ;;
*" diags=6 mixed=0 left=0 "*) ok progress-one-terminal ;;
*) nok progress-one-terminal "$got" ;;
esac
# a path longer than the terminal is cut, so that the line can be cleared
long=$T/many/$(printf 'x%.0s' $(seq 1 150)).txt
cp "$WD" "$long"
got=$(python3 "$T/onterm.py" ${APC_WRAP:-} "$APC" check -j 1 "$T/many" 2>&1)
case $got in
"drawn=0 "*) nok progress-long-path "no progress line drawn on the terminal: $got" ;;
*" diags=7 mixed=0 left=0 "*) ok progress-long-path ;;
*) nok progress-long-path "$got" ;;
esac

# ---- item 12: --since REV checks the files changed since REV (and untracked ones) and the
# files that name a changed document as a parent
if command -v git >/dev/null 2>&1; then
	G=$T/repo
	A=$(cd "$(dirname "$APC")" && pwd)/$(basename "$APC")
	mkdir -p "$G/docs/sub"
	cp examples/tinh-uy-program.txt "$G/docs/parent.txt"                        # 45-CTr/TU
	sed '15s#189/NQ-CP#45-CTr/TU#' examples/ubnd-ke-hoach.txt >"$G/docs/sub/child.txt"   # implements it
	cp examples/bo-ke-hoach-57.txt "$G/docs/other.txt"                            # unrelated
	git -C "$G" init -q && git -C "$G" add docs &&
		git -C "$G" -c user.name=t -c user.email=t@t commit -qm base
	sincefiles() { # ARGS...: the paths the JSON report holds, from inside the repository
		(cd "$G" && timeout 120 ${APC_WRAP:-} "$A" check --format json "$@" >"$T/since.json" 2>"$T/since.err")
		echo "$? $(json "' '.join(f['path'] for f in d['files'])" "$T/since.json")"
	}
	got=$(sincefiles --since HEAD docs)
	[ "$got" = "0 " ] && grep -q 'no document changed since HEAD' "$T/since.err" && ok since-nothing-changed ||
		nok since-nothing-changed "$got: $(head -c 200 "$T/since.err")"
	printf '\n' >>"$G/docs/parent.txt"
	got=$(sincefiles --since HEAD docs)
	[ "$got" = "0 docs/parent.txt docs/sub/child.txt" ] && ok since-changed-and-children ||
		nok since-changed-and-children "got $got: $(head -c 200 "$T/since.err")"
	git -C "$G" checkout -q docs/parent.txt
	printf '\n' >>"$G/docs/other.txt"
	cp examples/page-breaks.txt "$G/docs/new.txt"                               # untracked
	got=$(sincefiles --since HEAD docs)
	[ "$got" = "0 docs/new.txt docs/other.txt" ] && ok since-untracked-no-children ||
		nok since-untracked-no-children "got $got: $(head -c 200 "$T/since.err")"
	# committed changes count too: since the first commit, after a second one
	git -C "$G" add docs && git -C "$G" -c user.name=t -c user.email=t@t commit -qm two
	got=$(sincefiles --since HEAD~1 docs/sub docs/other.txt)
	[ "$got" = "0 docs/other.txt" ] && ok since-committed-within-paths ||
		nok since-committed-within-paths "got $got"
	got=$(sincefiles --since no-such-rev docs)
	case $got in "2 "*) grep -q '^apc: --since no-such-rev: ' "$T/since.err" && ok since-bad-rev ||
		nok since-bad-rev "$(head -c 200 "$T/since.err")" ;; *) nok since-bad-rev "got $got" ;; esac
	got=$(sincefiles --since --output=x docs)
	case $got in "2 "*) [ ! -e "$G/x" ] && grep -q 'takes a revision' "$T/since.err" && ok since-option-as-rev ||
		nok since-option-as-rev "git wrote x, or $(head -c 200 "$T/since.err")" ;;
		*) nok since-option-as-rev "got $got" ;; esac
	# git's failures in apc's words, in the run's language, git's own text kept as a detail
	# (before: git's English "fatal: ..." on its own line, then apc's English)
	sinceerr() { # DIR ARGS...: stderr of apc check --since in DIR
		d=$1; shift
		(cd "$d" && GIT_CEILING_DIRECTORIES=$T timeout 120 ${APC_WRAP:-} "$A" check "$@" >/dev/null 2>"$T/since.err")
		echo $?
	}
	mkdir -p "$T/nogit"
	cp examples/tinh-uy-program.txt "$T/nogit/a.txt"
	got=$(sinceerr "$T/nogit" --lang vi --since HEAD a.txt)
	if [ "$got" = 2 ] && [ "$(wc -l <"$T/since.err")" = 1 ] &&
	    grep -q '^apc: --since HEAD: thư mục hiện tại không nằm trong một cây làm việc git (git: fatal: .*)$' "$T/since.err"
	then ok since-not-work-tree-vi; else nok since-not-work-tree-vi "exit $got: $(head -c 300 "$T/since.err")"; fi
	got=$(sinceerr "$T/nogit" --lang en --since HEAD a.txt)
	if [ "$got" = 2 ] && [ "$(wc -l <"$T/since.err")" = 1 ] &&
	    grep -q '^apc: --since HEAD: the working directory is not inside a git work tree (git: fatal: .*)$' "$T/since.err"
	then ok since-not-work-tree-en; else nok since-not-work-tree-en "exit $got: $(head -c 300 "$T/since.err")"; fi
	got=$(sinceerr "$G" --lang vi --since no-such-rev docs)
	[ "$got" = 2 ] && grep -qx 'apc: --since no-such-rev: no-such-rev không phải một commit của kho git này' "$T/since.err" &&
		ok since-bad-rev-vi || nok since-bad-rev-vi "exit $got: $(head -c 300 "$T/since.err")"
	got=$(sinceerr "$G" --lang vi --since -x docs)
	[ "$got" = 2 ] && grep -qx 'apc: --since -x: --since cần một phiên bản git (commit, nhánh, thẻ), không phải "-x"' "$T/since.err" &&
		ok since-option-as-rev-vi || nok since-option-as-rev-vi "exit $got: $(head -c 300 "$T/since.err")"
	(cd "$G" && timeout 120 ${APC_WRAP:-} env PATH=/nonexistent "$A" check --lang vi --since HEAD docs \
	    >/dev/null 2>"$T/since.err")
	got=$?
	[ "$got" = 2 ] && grep -q '^apc: --since HEAD: không chạy được git: ' "$T/since.err" &&
		ok since-no-git-vi || nok since-no-git-vi "exit $got: $(head -c 300 "$T/since.err")"
	# a repository is not trusted (issue 17): its .git/config and .gitattributes name commands
	# git would run on its own while apc asks it what changed (an fsmonitor, a clean filter for
	# a file whose stat changed, a textconv, an external diff, a pager, hooks); none may run,
	# and the changed file is still found (before: the fsmonitor and the filter ran)
	H=$T/hostile-repo M=$T/markers
	mkdir -p "$H/hooks" "$M"
	cp examples/tinh-uy-program.txt "$H/a.txt"
	cp examples/bo-ke-hoach-57.txt "$H/b.txt"
	git -C "$H" init -q && git -C "$H" add a.txt b.txt &&
		git -C "$H" -c user.name=t -c user.email=t@t commit -qm base
	printf '#!/bin/sh\ntouch "%s/hook-$(basename "$0")"\n' "$M" >"$H/hooks/post-index-change"
	chmod +x "$H/hooks/post-index-change"
	cp "$H/hooks/post-index-change" "$H/.git/hooks/post-index-change"
	printf '* filter=evil diff=evil\n' >"$H/.gitattributes"
	git -C "$H" config core.fsmonitor "touch $M/fsmonitor; false"
	git -C "$H" config filter.evil.clean "touch $M/filter-clean; cat"
	git -C "$H" config filter.evil.smudge "touch $M/filter-smudge; cat"
	git -C "$H" config filter.evil.required true
	git -C "$H" config filter.Evil2.process "touch $M/filter-process"
	git -C "$H" config diff.evil.textconv "touch $M/textconv; cat"
	git -C "$H" config diff.evil.command "touch $M/diff-command"
	git -C "$H" config diff.external "touch $M/diff-external"
	git -C "$H" config core.pager "touch $M/pager; cat"
	git -C "$H" config core.hooksPath hooks
	sleep 1
	printf '\n' >>"$H/a.txt"                    # its stat and its content change
	touch "$H/b.txt"                            # its stat only: git hashes it again
	(cd "$H" && timeout 120 ${APC_WRAP:-} "$A" check --format json --since HEAD . >"$T/since.json" 2>"$T/since.err")
	got="$? $(json "' '.join(f['path'] for f in d['files'])" "$T/since.json")"
	ran=$(ls "$M")
	[ -z "$ran" ] && [ "$got" = "0 ./a.txt" ] && ok since-repository-runs-nothing ||
		nok since-repository-runs-nothing "ran: $(echo $ran); got $got: $(head -c 200 "$T/since.err")"
else
	for t in since-nothing-changed since-changed-and-children since-untracked-no-children \
	    since-committed-within-paths since-bad-rev since-option-as-rev since-not-work-tree-vi \
	    since-not-work-tree-en since-bad-rev-vi since-option-as-rev-vi since-no-git-vi \
	    since-repository-runs-nothing; do skip "$t" "no git"; done
fi

exit 0
