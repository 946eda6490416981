#!/bin/sh
# tests/suites/75-scale.sh: costs that must grow linearly with the input (issue 17, items 10
# and 11). Each shape is run at size n and 4n; the CPU time of the larger run must stay under
# 8 times the smaller's (linear work gives about 4, quadratic work 16), and under a generous
# absolute bound. CPU time of the child (getrusage), not wall time: the machine may be shared.
#   - agencies: a table whose leads and partners are thousands of distinct unknown names
#     (agency-unknown is shown 20 times, the rest counted; no suggestion is sought for them);
#   - library: a registry of tens of thousands of agencies (loading, overrides and the index).
# Skipped under APC_WRAP (valgrind): its slowdown is not linear in anything we control.
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
if [ -n "${APC_WRAP:-}" ]; then
	echo "ok scale # skip: under $APC_WRAP"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "ok scale # skip: no python3"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-scale.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 APC T
python3 - <<'PY'
import os, re, resource, subprocess, sys

APC, T = os.environ['APC'], os.environ['T']
LIMIT = 60.0        # seconds of CPU for the larger run, whatever the machine

def cpu(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), p

def table(rows, names):
    """examples/tinh-uy-program.txt with its task rows replaced by `rows` rows, each with one
    unknown lead and names-1 unknown partners."""
    src = open('examples/tinh-uy-program.txt', encoding='utf-8').read().split('\n')
    idx = [i for i, l in enumerate(src) if re.match(r'^\d+\t', l)]
    proto = src[idx[0]].split('\t')
    out = []
    for r in range(rows):
        c = list(proto)
        c[0] = str(r + 1)
        c[2] = 'Trung tâm Thí nghiệm Vùng %d' % r
        c[3] = '; '.join('Trạm Quan trắc Môi trường Khu vực %d-%d' % (r, k) for k in range(names - 1))
        out.append('\t'.join(c))
    keep = [l for i, l in enumerate(src) if not (idx[0] <= i <= idx[-1] and re.match(r'^\d+\t', l))]
    k = keep.index(src[idx[0] - 1]) + 1 if src[idx[0] - 1] in keep else idx[0]
    return '\n'.join(keep[:k] + out + keep[k:])

def registry(n):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<registry xmlns="urn:apc:library:1">']
    for i in range(n):
        w = ''.join(chr(ord('a') + int(d)) for d in str(i))
        lines.append('  <agency id="scale-%d" level="district"><name>Phòng Thử nghiệm %s</name></agency>' % (i, w))
    lines.append('</registry>')
    return '\n'.join(lines) + '\n'

def judge(name, small, large, want_in=None):
    (ts, ps), (tl, pl) = small, large
    bad = [p for p in (ps, pl) if p.returncode not in (0, 1)]
    ratio = tl / ts if ts > 0.02 else 0.0
    if bad:
        print('not ok scale/%s: exit %d: %s' % (name, bad[0].returncode, bad[0].stderr.decode()[:200]))
    elif want_in is not None and want_in not in pl.stdout.decode():
        print('not ok scale/%s: output lacks %r' % (name, want_in))
    elif tl > LIMIT:
        print('not ok scale/%s: %.1f s of CPU for the larger input' % (name, tl))
    elif ratio > 8:
        print('not ok scale/%s: 4x the input cost %.1fx the CPU (%.2f s -> %.2f s): not linear' % (name, ratio, ts, tl))
    else:
        print('ok scale/%s (%.2f s -> %.2f s CPU)' % (name, ts, tl))

# agencies: 40 rows x 50 names = 2,000 distinct names, then 8,000
runs = []
for names in (50, 200):
    p = os.path.join(T, 'table-%d.txt' % names)
    open(p, 'w', encoding='utf-8').write(table(40, names))
    runs.append(cpu([APC, 'check', '--lang', 'en', p]))
judge('agency-names', runs[0], runs[1], '[diagnostics-not-shown]')

# library: 10,000 agencies, then 40,000
runs = []
for n in (10000, 40000):
    d = os.path.join(T, 'lib-%d' % n)
    os.makedirs(d)
    open(os.path.join(d, 'registry.xml'), 'w', encoding='utf-8').write(registry(n))
    runs.append(cpu([APC, 'check', '--library', d, 'examples/tinh-uy-program.txt']))
judge('library-agencies', runs[0], runs[1])
PY
