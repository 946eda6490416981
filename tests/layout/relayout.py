#!/usr/bin/python3
"""tests/layout/relayout.py: write a program's appendix table (its tab-separated rows) in
another layout a drafter meets in copies, to test that apc reads the same table from it.

usage: relayout.py LAYOUT IN.txt OUT.txt

pipes      | a | b | c |   (a Markdown or site table, pipes on both sides)
bare-pipes a | b | c       (cells joined by " | ")
stacked    one cell per line, empty cells as empty lines (a PDF viewer's copy)
stacked-noblank  one cell per line, empty cells dropped (pdftotext without -layout, a site's
           text copy)
ruled      columns drawn by a rule of dashes, one space apart, cells wrapped in their column,
           rows apart by a blank line (pandoc's plain text and Markdown multiline tables)
grid       cells wrapped in +----+ borders and | sides (pandoc's grid tables, reStructuredText)
merged     tabs still, but a lead cell that repeats the task row above is left out, as a copy of
           a table with merged cells (one lead over several rows) gives it: the row is short of
           that cell
ambiguous  write nothing; exit 1 when stacked-noblank loses where a cell was: a numbered row or
           a row continued after a page break has an empty cell before a full one (which
           column the text after it belongs to is then a guess)
Lines outside the table are kept as they are. The table runs from its header row (a row whose
first cell is TT or STT) to the first line without a cell mark; its cells are split on tabs, or
on " | " in a table written with pipes.
"""
import re
import sys
import textwrap


def wrapped(cells, widths):
    """The lines of one row: each cell wrapped at spaces in its column's width."""
    cols = [textwrap.wrap(c.strip(), w, break_long_words=False, break_on_hyphens=False) or ['']
            for c, w in zip(cells, widths)]
    return [[col[i] if i < len(col) else '' for col in cols] for i in range(max(map(len, cols)))]


def boxed(rows, layout):
    """A whole table (rows of cells) in the ruled or grid layout."""
    n = max(len(r) for r in rows)
    rows = [r + [''] * (n - len(r)) for r in rows]
    widths = [max([4 if i == 0 else 16] + [len(w) for r in rows for w in r[i].split()]) for i in range(n)]
    out = []
    if layout == 'ruled':
        rule = ' '.join('-' * w for w in widths)
        out.append(rule)
        for k, r in enumerate(rows):
            if k:
                out.append('')
            out.extend(' '.join(x.ljust(w) for x, w in zip(ln, widths)).rstrip() for ln in wrapped(r, widths))
        out.append(rule)
    else:
        rule = '+' + '+'.join('-' * (w + 2) for w in widths) + '+'
        out.append(rule)
        for r in rows:
            out.extend('| ' + ' | '.join(x.ljust(w) for x, w in zip(ln, widths)) + ' |' for ln in wrapped(r, widths))
            out.append(rule)
    return out


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    layout, src, dst = argv[1:]
    lines = open(src, encoding='utf-8-sig').read().split('\n')
    out, in_table, mark, rows = [], False, '\t', []
    for ln in lines + [None]:
        body = ln.rstrip('\r') if ln is not None else ''
        m = re.match(r'^(S?TT|STT|Số TT)(\t| \| )', body)
        if m:
            in_table, mark = True, m.group(2)
        if in_table and (mark.strip() not in body and body.strip() or ln is None):
            in_table = False
        if rows and not (in_table and mark.strip() in body):
            out.extend(boxed(rows, layout))
            rows = []
        if ln is None:
            break
        if not in_table or mark.strip() not in body:
            out.append(ln)
            continue
        cells = [c.strip() for c in body.split(mark.strip())] if mark != '\t' else body.split('\t')
        if m:
            heads = [h.lower() for h in cells]
            spans = [i for i, h in enumerate(heads) if 'chủ trì' in h]
            above = None
        task = re.match(r'^\d+(\.\d+)*\.?$', cells[0].strip()) is not None
        if layout == 'ambiguous':
            full = [bool(c.strip()) for c in cells]
            group = re.match(r'^[IVXLC]+\.?$', cells[0].strip()) and not any(full[2:])
            if not group and any(not full[i] and any(full[i + 1:]) for i in range(1, len(full))):
                return 1
            continue
        if layout == 'pipes':
            out.append('| ' + ' | '.join(cells) + ' |')
        elif layout == 'bare-pipes':
            out.append(' | '.join(cells))
        elif layout == 'stacked':
            out.extend(c.strip() for c in cells)
        elif layout == 'stacked-noblank':
            out.extend(c.strip() for c in cells if c.strip())
        elif layout in ('ruled', 'grid'):
            rows.append(cells)
        elif layout == 'merged':
            kept = cells
            if task and above is not None and len(above) == len(cells):
                kept = [c for i, c in enumerate(cells) if not (i in spans and c.strip() and c == above[i])]
            above = cells if task else None
            out.append('\t'.join(kept))
        else:
            sys.stderr.write('unknown layout %s\n' % layout)
            return 2
    if layout != 'ambiguous':
        open(dst, 'w', encoding='utf-8').write('\n'.join(out))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
