#!/bin/sh
# tests/suites/77-render-scale.sh: rendering a long appendix costs time and memory linear in its
# rows (issue 17, item 12: a 20,000-row appendix took 108 s and 2.8 GB; the stylesheets grouped
# agencies, group marks and task numbers with key() at every node, and libxslt copies the
# node-set key() returns, so each lookup cost the size of its group).
# tests/render/long-appendix.py writes a program of n rows in five groups (numbers restart in
# each group, the same agencies recur). HTML and XSL-FO (the PDF's transform; FOP's own layout is
# not measured here) are rendered at n = 2,500 and 4n = 10,000. The larger run's CPU time must stay
# under 6 times the smaller's (linear work gives about 4, quadratic 16) and its peak RSS under 5
# times, with absolute bounds whatever the machine. CPU of the child (wait4), not wall time: the
# machine may be shared. Every row must be on the page.
# The XSL-FO gives the table in page sequences of about 1,000 rows, each with the header (FOP
# holds a page sequence whole until it ends: one table of 20,000 rows took all of it at once).
# Past 1,000 tasks the XSL-FO leaves out the charts of a task each (the timeline and the agency
# chart: a sentence stands in their place; FOP held their SVG whole, about 1 GB at 20,000 rows).
# Skipped under APC_WRAP (valgrind) and APC_QUICK=1 (about 12 s of CPU).
#
# First, always (a second or two): FOP's memory (fop.c). A stand-in for FOP on APC_FOP records
# the environment and configuration apc gives it: FOP gets a bounded Java heap (-Xmx) in both
# JAVA_ARGS (Debian's wrapper) and FOP_OPTS (upstream's script), sized from the document;
# APC_FOP_HEAP overrides it, a user's own -Xmx is kept; a document whose table rows need more
# heap for a tagged PDF than FOP has is rendered untagged (accessibility off in the
# configuration FOP reads) with a note in the run's language, one below that stays tagged with
# no note; FOP's OutOfMemoryError is an error that says what to do, exit 2, nothing left behind.
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
if ! command -v python3 >/dev/null 2>&1; then
	echo "ok render-scale # skip: no python3"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-render-scale.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 APC T
W=${APC_WRAP:-}

# ---- FOP's heap, tagging, out of memory (a stand-in FOP) ----
mkdir -p "$T/fop/tmp"
cat >"$T/fop/fop" <<'EOF'
#!/bin/sh
# apc runs: fop -q -c CONF -fo FO -pdf PDF
{ echo "JAVA_ARGS=$JAVA_ARGS"; echo "FOP_OPTS=$FOP_OPTS"
  grep -o '<accessibility>[a-z]*</accessibility>' "$3"; } >"$FAKE_FOP_LOG"
printf '%%PDF-1.4 stand-in\n' >"$7"
EOF
cat >"$T/fop/fop-oom" <<'EOF'
#!/bin/sh
printf '%%PDF-1.4 half\n' >"$7"
echo 'SEVERE: Exception java.lang.OutOfMemoryError: Java heap space' >&2
echo '	at org.apache.fop.fo.FObj.addChildNode(FObj.java:1)' >&2
exit 1
EOF
chmod +x "$T/fop/fop" "$T/fop/fop-oom"
python3 -c "import sys; sys.path.insert(0, 'tests/render'); from importlib import import_module; \
sys.stdout.write(import_module('long-appendix').program(1000))" >"$T/fop/rows1000.txt"
small=examples/tinh-uy-program.txt
export FAKE_FOP_LOG="$T/fop/log"
# fop NAME SRC [apc options]: render SRC to $T/fop/NAME.pdf with the stand-in; rc, $T/fop/NAME.err
fop() {
	name=$1 src=$2
	shift 2
	rm -f "$FAKE_FOP_LOG"
	TMPDIR=$T/fop/tmp APC_FOP=${STAND_IN:-$T/fop/fop} $W "$APC" render "$src" -f pdf -o "$T/fop/$name.pdf" "$@" \
	    >/dev/null 2>"$T/fop/$name.err"
	rc=$?
}
# the -Xmx value (MB) at the end of line VAR= of the log, or nothing
xmx() { sed -n "s/^$1=.*-Xmx\([0-9]*\)m\$/\1/p" "$FAKE_FOP_LOG" 2>/dev/null; }
tagged() { grep -q '<accessibility>true</accessibility>' "$FAKE_FOP_LOG" 2>/dev/null; }
said() { grep -q "$1" "$T/fop/$2.err"; }
result() { if [ -z "$why" ]; then echo "ok render-scale/$1"; else echo "not ok render-scale/$1: $why"; fi; }

why=
fop heap "$small" --lang en
a=$(xmx JAVA_ARGS) b=$(xmx FOP_OPTS)
[ "$rc" = 0 ] || why="exit $rc: $(head -c 200 "$T/fop/heap.err")"
[ -n "$a" ] && [ "$a" = "$b" ] || why="${why:+$why; }no -Xmx in both JAVA_ARGS and FOP_OPTS: $(tr '\n' ' ' <"$FAKE_FOP_LOG")"
[ -n "$a" ] && [ "$a" -ge 256 ] && [ "$a" -le 2048 ] || why="${why:+$why; }heap ${a:-none} MB, want 256 to 2048"
tagged || why="${why:+$why; }the example's PDF is not tagged"
! said untagged heap || why="${why:+$why; }a note about tagging for a short document"
fop heap1000 "$T/fop/rows1000.txt" --lang en
big=$(xmx JAVA_ARGS)
[ -n "$big" ] && [ -n "$a" ] && [ "$big" -gt "$a" ] || why="${why:+$why; }1,000 rows get ${big:-no} MB, the example ${a:-no} MB: not sized from the document"
tagged || why="${why:+$why; }1,000 rows are not tagged"
result fop-heap-bounded

why=
JAVA_ARGS='-Dapc.test=1 -Xmx700m' FOP_OPTS='-Dapc.opts=2' fop user "$small"
grep -qx 'JAVA_ARGS=-Dapc.test=1 -Xmx700m' "$FAKE_FOP_LOG" || why="the user's JAVA_ARGS changed: $(grep JAVA_ARGS "$FAKE_FOP_LOG")"
grep -qx 'FOP_OPTS=-Dapc.opts=2 -Xmx700m' "$FAKE_FOP_LOG" || why="${why:+$why; }FOP_OPTS not the user's with their heap: $(grep FOP_OPTS "$FAKE_FOP_LOG")"
APC_FOP_HEAP=3g fop env "$small"
[ "$rc" = 0 ] && [ "$(xmx JAVA_ARGS)" = 3072 ] && [ "$(xmx FOP_OPTS)" = 3072 ] || why="${why:+$why; }APC_FOP_HEAP=3g: exit $rc, $(tr '\n' ' ' <"$FAKE_FOP_LOG")"
for bad in 2x 10 0x40 -1 99999999999999999999g; do
	APC_FOP_HEAP=$bad fop badheap "$small"
	{ [ "$rc" = 2 ] && said APC_FOP_HEAP badheap && [ ! -e "$T/fop/badheap.pdf" ] && [ ! -e "$FAKE_FOP_LOG" ]; } ||
	    why="${why:+$why; }APC_FOP_HEAP=$bad: exit $rc, $(head -c 200 "$T/fop/badheap.err")"
done
result fop-heap-override

# 1,000 rows need 128 + 1000 x 40 KB = 167 MB for a tagged PDF (fop.c FOP_TAGGED_*)
why=
APC_FOP_HEAP=150 fop untagged-en "$T/fop/rows1000.txt" --lang en
[ "$rc" = 0 ] && [ -s "$T/fop/untagged-en.pdf" ] || why="exit $rc: $(head -c 200 "$T/fop/untagged-en.err")"
! tagged || why="${why:+$why; }tagged at 150 MB"
said 'note: .*untagged.*APC_FOP_HEAP' untagged-en || why="${why:+$why; }no English note: $(head -c 300 "$T/fop/untagged-en.err")"
APC_FOP_HEAP=150 fop untagged-vi "$T/fop/rows1000.txt" --lang vi
said 'ghi chú: .*không gắn thẻ.*APC_FOP_HEAP' untagged-vi || why="${why:+$why; }no Vietnamese note: $(head -c 300 "$T/fop/untagged-vi.err")"
APC_FOP_HEAP=200 fop tagged200 "$T/fop/rows1000.txt" --lang en
tagged && ! said untagged tagged200 || why="${why:+$why; }not tagged, or a note, at 200 MB"
[ -z "$(ls "$T/fop/tmp")" ] || why="${why:+$why; }left in TMPDIR: $(ls "$T/fop/tmp")"
result pdf-untagged-above-threshold

why=
for lang in en vi; do
	STAND_IN=$T/fop/fop-oom fop oom-$lang "$small" --lang $lang
	[ "$rc" = 2 ] || why="${why:+$why; }$lang: exit $rc"
	case $lang in
	en) said 'FOP ran out of memory.*APC_FOP_HEAP=[0-9]*m' oom-en || why="${why:+$why; }no English message: $(head -c 300 "$T/fop/oom-en.err")" ;;
	vi) said 'FOP hết bộ nhớ.*APC_FOP_HEAP=[0-9]*m' oom-vi || why="${why:+$why; }no Vietnamese message: $(head -c 300 "$T/fop/oom-vi.err")" ;;
	esac
	! said 'at org.apache' oom-$lang || why="${why:+$why; }a Java stack in the message"
	[ ! -e "$T/fop/oom-$lang.pdf" ] || why="${why:+$why; }a PDF was left"
done
[ -z "$(ls "$T/fop/tmp")" ] || why="${why:+$why; }left in TMPDIR: $(ls "$T/fop/tmp")"
left=$(ls -A "$T/fop" | grep -v '^fop\|^rows1000\.txt$\|\.err$\|\.pdf$\|^tmp$\|^log$')
[ -z "$left" ] || why="${why:+$why; }left beside the output: $left"
result fop-out-of-memory

# At most APC_FOP_JOBS FOPs at once (fop.c's semaphore), whatever -j: each FOP has its own heap,
# and a tree render with -j 4 ran four at once. A stand-in counts the others running beside it.
# A bad APC_FOP_JOBS is refused before FOP runs.
cat >"$T/fop/fop-count" <<'EOF'
#!/bin/sh
: >"$FAKE_FOP_DIR/run.$$"
ls "$FAKE_FOP_DIR" | grep -c '^run\.' >>"$FAKE_FOP_DIR/seen"
sleep 1
rm -f "$FAKE_FOP_DIR/run.$$"
printf '%%PDF-1.4 stand-in\n' >"$7"
EOF
chmod +x "$T/fop/fop-count"
mkdir -p "$T/fop/tree"
for i in 1 2 3 4; do cp "$small" "$T/fop/tree/p$i.txt"; done
# at JOBS -j N: the most FOPs seen at once in $most, rc
fops_at_once() {
	rm -rf "$T/fop/count" "$T/fop/site"
	mkdir -p "$T/fop/count"
	FAKE_FOP_DIR=$T/fop/count APC_FOP_JOBS=$1 TMPDIR=$T/fop/tmp APC_FOP=$T/fop/fop-count $W "$APC" render \
	    "$T/fop/tree" -f pdf -j "$2" -o "$T/fop/site" >/dev/null 2>"$T/fop/count.err"
	rc=$?
	most=$(sort -n "$T/fop/count/seen" 2>/dev/null | tail -1)
}
why=
fops_at_once 1 4
[ "$rc" = 0 ] && [ "$(ls "$T/fop/site"/*.pdf 2>/dev/null | wc -l)" = 4 ] || why="APC_FOP_JOBS=1 -j 4: exit $rc, $(ls "$T/fop/site" 2>&1 | tr '\n' ' ') $(head -c 200 "$T/fop/count.err")"
[ "$most" = 1 ] || why="${why:+$why; }APC_FOP_JOBS=1 -j 4: ${most:-no} FOPs at once, want 1"
fops_at_once 2 4
[ "$rc" = 0 ] && [ -n "$most" ] && [ "$most" -le 2 ] || why="${why:+$why; }APC_FOP_JOBS=2 -j 4: exit $rc, ${most:-no} FOPs at once, want at most 2"
for bad in 0 x 257 -1; do
	fops_at_once "$bad" 2
	{ [ "$rc" = 2 ] && grep -q 'APC_FOP_JOBS' "$T/fop/count.err" && [ ! -e "$T/fop/count/seen" ]; } ||
	    why="${why:+$why; }APC_FOP_JOBS=$bad: exit $rc, $(head -c 200 "$T/fop/count.err")"
done
[ -z "$(ls "$T/fop/tmp")" ] || why="${why:+$why; }left in TMPDIR: $(ls "$T/fop/tmp")"
result fop-jobs-bounded

# While FOP runs (minutes, on a long document), apc has given back what the transform took: a
# stand-in reads apc's resident and peak memory (VmRSS, VmHWM). Not under valgrind or a
# sanitizer (their allocators keep what is freed).
if [ -n "$W" ] || grep -aqE '__asan_init|__tsan_init' "$APC"; then
	echo "ok render-scale/fop-runs-after-apc-frees # skip: valgrind or a sanitizer"
else
	cat >"$T/fop/fop-rss" <<'EOF'
#!/bin/sh
grep -E '^Vm(RSS|HWM):' "/proc/$PPID/status" >"$FAKE_FOP_LOG"
printf '%%PDF-1.4 stand-in\n' >"$7"
EOF
	chmod +x "$T/fop/fop-rss"
	why=
	STAND_IN=$T/fop/fop-rss fop rss "$T/fop/rows1000.txt"
	rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "$FAKE_FOP_LOG" 2>/dev/null)
	hwm=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "$FAKE_FOP_LOG" 2>/dev/null)
	if [ "$rc" != 0 ] || [ -z "$rss" ] || [ -z "$hwm" ]; then why="exit $rc, no figures: $(head -c 200 "$T/fop/rss.err")"
	elif [ $((rss * 2)) -gt "$hwm" ]; then why="apc holds $rss KB of its $hwm KB peak while FOP runs"
	fi
	result fop-runs-after-apc-frees
fi

if [ -n "$W" ] || [ "${APC_QUICK:-}" = 1 ]; then
	echo "ok render-scale # skip: slow (APC_WRAP or APC_QUICK)"
	exit 0
fi
python3 - <<'PY'
import os, re, subprocess, sys
sys.path.insert(0, 'tests/render')
from importlib import import_module
program = import_module('long-appendix').program

APC, T = os.environ['APC'], os.environ['T']
N = 2500
CPU_LIMIT = 60.0            # seconds of CPU for 10,000 rows, whatever the machine
RSS_LIMIT = 1536 * 1024     # KiB for 10,000 rows (about 0.5 GB today)

def run(argv):
    """CPU seconds and peak RSS (KiB) of one child."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss, p.returncode, err

srcs = {}
for n in (N, 4 * N):
    srcs[n] = os.path.join(T, 'long-%d.txt' % n)
    open(srcs[n], 'w', encoding='utf-8').write(program(n))

def rows(fmt, text):
    if fmt == 'html':
        return text.count('class="task-row"')
    return len(re.findall(r'<fo:table-row[^>]* id="task-', text))

for fmt in ('html', 'fo'):
    got = {}
    bad = None
    for n in (N, 4 * N):
        out = os.path.join(T, 'long-%d.%s' % (n, fmt))
        cpu, rss, rc, err = run([APC, 'render', '--lang', 'vi', srcs[n], '-f', fmt, '-o', out])
        if rc not in (0, 1) or not os.path.exists(out):
            bad = 'exit %d at %d rows: %s' % (rc, n, err.decode(errors='replace')[:200])
            break
        page = open(out, encoding='utf-8').read()
        have = rows(fmt, page)
        if have != n:
            bad = '%d task rows on the page, want %d' % (have, n)
            break
        if fmt == 'fo':
            # FOP keeps a page sequence whole until its end: the table comes in parts of about
            # 1,000 rows, each a page sequence with the header, every row in one of them
            seqs = page.split('<fo:page-sequence ')[1:]
            parts = [q for q in seqs if 'id="task-' in q]
            big = max(len(re.findall(r'<fo:table-row[^>]* id="(?:task|group)-', q)) for q in parts)
            if len(parts) < n // 1000 or big > 2000 or any('<fo:table-header' not in q for q in parts):
                bad = '%d rows in %d page sequences (at most %d rows in one), want parts of about 1,000 with the header' % (n, len(parts), big)
                break
            # past 1,000 tasks the charts of a task each are a sentence, not an SVG FOP holds whole
            if 'class="gantt"' in page or 'class="matrix"' in page or page.count(' %d ' % n) < 2:
                bad = 'the PDF draws the timeline or the agency chart of %d tasks' % n
                break
        got[n] = (cpu, rss)
    if bad:
        print('not ok render-scale/%s: %s' % (fmt, bad))
        continue
    (ts, ms), (tl, ml) = got[N], got[4 * N]
    tr = tl / ts if ts > 0.05 else 0.0
    mr = ml / ms
    figures = '%.2f s -> %.2f s CPU (%.1fx), %d -> %d MB (%.1fx)' % (ts, tl, tr, ms // 1024, ml // 1024, mr)
    if tl > CPU_LIMIT:
        print('not ok render-scale/%s: %.1f s of CPU for %d rows' % (fmt, tl, 4 * N))
    elif ml > RSS_LIMIT:
        print('not ok render-scale/%s: %d MB for %d rows' % (fmt, ml // 1024, 4 * N))
    elif tr > 6:
        print('not ok render-scale/%s: 4x the rows cost %s: not linear' % (fmt, figures))
    elif mr > 5:
        print('not ok render-scale/%s: 4x the rows cost %s: memory not linear' % (fmt, figures))
    else:
        print('ok render-scale/%s (%s)' % (fmt, figures))
PY
