#!/usr/bin/python3
"""tests/docx/text-to-markdown.py: a text program as Markdown for pandoc, so that a .docx made
by another tool than make-docx.py can be checked against its text.

usage: text-to-markdown.py IN.txt OUT.md      (then: pandoc -f markdown-smart -t docx OUT.md)

Every line is a paragraph of its own; numbered lines ("I.", "1.", "a)") and bullets stay list
markers, so pandoc writes them as Word lists (numbering.xml, each list with its start number);
tab-separated lines become a pipe table (the appendix as a Word table). Lines that Markdown
would read as rules or headings ("-----", "*") are escaped.
"""
import re
import sys


def cell(c):
    return c.replace('|', '\\|').strip() or ' '


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding='utf-8-sig') as f:
        lines = f.read().split('\n')
    out, rows = [], []

    def flush():
        if not rows:
            return
        n = max(len(r) for r in rows)
        table = [r + [''] * (n - len(r)) for r in rows]
        out.append('')
        out.append('| ' + ' | '.join(cell(c) for c in table[0]) + ' |')
        out.append('|' + '---|' * n)
        for r in table[1:]:
            out.append('| ' + ' | '.join(cell(c) for c in r) + ' |')
        out.append('')
        rows.clear()

    for ln in lines:
        if '\t' in ln:
            rows.append(ln.split('\t'))
            continue
        flush()
        s = ln.strip()
        if not s:
            continue
        if re.match(r'^[-_=*+~#>|]+$', s) or re.match(r'^[*#>|]', s):
            s = '\\' + s
        s = s.replace('|', '\\|') if not s.startswith('\\|') else s
        out.append(s)
        out.append('')
    flush()
    with open(argv[2], 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
