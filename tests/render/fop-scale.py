#!/usr/bin/env python3
"""tests/render/fop-scale.py [N...]: measure `apc render -f pdf` (apc and Apache FOP together) on
programs whose appendix has N task rows (tests/render/long-appendix.py; default 2,500, 10,000 and
20,000; 20,000 is past the table's line limit, so apc exits 1 with the PDF made). A measurement,
not a test: the larger sizes take minutes of CPU. For each N: CPU seconds (user + system of apc
and FOP, from wait4), the largest peak RSS of the two (apc's or the JVM's), the heap apc gave FOP
(-Xmx, recorded by a wrapper on APC_FOP that runs the real fop), the PDF's pages and whether it
is tagged (a /StructTreeRoot). Run from the repository root: python3 tests/render/fop-scale.py.
Environment: APC (default build/apc), FOP (default fop on PATH), and what apc reads
(APC_FOP_HEAP, JAVA_ARGS, FOP_OPTS, APC_FOP_TIMEOUT: set to 3600 here unless given)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module  # noqa: E402

program = import_module('long-appendix').program


def main(sizes):
    apc = os.environ.get('APC', 'build/apc')
    fop = os.environ.get('FOP') or shutil.which('fop')
    if not fop:
        sys.exit('fop-scale: no fop on PATH (set FOP)')
    tmp = tempfile.mkdtemp(prefix='apc-fop-scale.')
    try:
        wrapper = os.path.join(tmp, 'fop')
        with open(wrapper, 'w') as f:
            f.write('#!/bin/sh\necho "$JAVA_ARGS" >"%s/heap"\nexec "%s" "$@"\n' % (tmp, fop))
        os.chmod(wrapper, 0o755)
        env = dict(os.environ, APC_FOP=wrapper)
        env.setdefault('APC_FOP_TIMEOUT', '3600')
        print('%7s %9s %9s %7s %6s %7s %s' % ('rows', 'CPU s', 'RSS MB', 'heap', 'pages', 'tagged', 'exit'))
        for n in sizes:
            src = os.path.join(tmp, 'long-%d.txt' % n)
            pdf = os.path.join(tmp, 'long-%d.pdf' % n)
            with open(src, 'w', encoding='utf-8') as f:
                f.write(program(n))
            p = subprocess.Popen([apc, 'render', '--lang', 'vi', src, '-f', 'pdf', '-o', pdf],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            err = p.stderr.read().decode(errors='replace')
            _, status, ru = os.wait4(p.pid, 0)
            rc = os.waitstatus_to_exitcode(status)
            heap = open(os.path.join(tmp, 'heap')).read().strip() if os.path.exists(os.path.join(tmp, 'heap')) else ''
            m = re.search(r'-Xmx(\S+)$', heap)
            pages, tagged = '-', '-'
            if os.path.exists(pdf):
                data = open(pdf, 'rb').read()
                tagged = 'yes' if b'/StructTreeRoot' in data else 'no'
                info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout if shutil.which('pdfinfo') else ''
                pm = re.search(r'^Pages:\s+(\d+)', info, re.M)
                pages = pm.group(1) if pm else '?'
                os.unlink(pdf)
            print('%7d %9.1f %9d %7s %6s %7s %d' % (n, ru.ru_utime + ru.ru_stime, ru.ru_maxrss // 1024,
                                                  m.group(1) if m else '-', pages, tagged, rc), flush=True)
            for line in err.splitlines():
                if 'apc: ' in line:
                    print('        ' + line[:300], flush=True)
            os.unlink(src)
    finally:
        shutil.rmtree(tmp)


if __name__ == '__main__':
    main([int(a) for a in sys.argv[1:]] or [2500, 10000, 20000])
