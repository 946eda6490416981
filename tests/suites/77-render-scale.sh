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
# Skipped under APC_WRAP (valgrind) and APC_QUICK=1 (about 12 s of CPU).
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
if [ -n "${APC_WRAP:-}" ] || [ "${APC_QUICK:-}" = 1 ]; then
	echo "ok render-scale # skip: slow (APC_WRAP or APC_QUICK)"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "ok render-scale # skip: no python3"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-render-scale.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 APC T
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
