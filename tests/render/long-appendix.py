#!/usr/bin/env python3
"""tests/render/long-appendix.py N: write to stdout a program whose appendix has N
task rows (issue 17 item 12: a long appendix renders in time and memory linear in its rows).

The program is examples/tinh-uy-program.txt with its appendix rows replaced: the five groups stay
(one per mission, with their own titles), each holding about N/5 tasks numbered from 1 as real
appendices number them, so task numbers repeat across groups; every task is one of the example's
rows (five columns: number, task, lead, partners, time) with its text made distinct, so the same
agencies recur thousands of times, as in a real program."""
import re
import sys


def program(n):
    src = open('examples/tinh-uy-program.txt', encoding='utf-8').read().split('\n')
    rows = [i for i, l in enumerate(src) if re.match(r'^(\d+|[IVX]+)\t', l)]
    first, last = rows[0], rows[-1]
    groups = [src[i] for i in rows if not re.match(r'^\d+\t', src[i])]
    tasks = [src[i].split('\t') for i in rows if re.match(r'^\d+\t', src[i])]
    per = (n + len(groups) - 1) // len(groups)
    out = []
    for i in range(n):
        if i % per == 0:
            out.append(groups[i // per])
        c = list(tasks[i % len(tasks)])
        c[0] = str(i % per + 1)
        c[1] = '%s (lượt %d)' % (c[1], i + 1)
        out.append('\t'.join(c))
    return '\n'.join(src[:first] + out + src[last + 1:])


if __name__ == '__main__':
    sys.stdout.write(program(int(sys.argv[1])))
