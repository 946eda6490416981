#!/usr/bin/env python3
"""tests/render/fidelity.py: does a published page say what the source says?

    fidelity.py SOURCE.txt PAGE.html|PAGE.txt [--html]

Every word and number of the source (a run of letters and digits, compared in NFC and case-folded,
since the page may set a heading in capitals) must appear on the page, in the source's order,
allowing only whitespace, hyphenation and a few words the page adds between two words of the
source (a page number, a mark, the number the page writes before a numbered point).

The source is read line by line; a line is cut into cells at tabs and '|' (the header's two
columns, the appendix table). A line's cells are looked for from where the previous line started
when both are cells of one table (a row continued on the next line of the source is joined on the
page), else from where the previous line ended. A line repeated word for word (the table header
repeated at every page break of the source) is checked once. "**" (bold marks) and the source's
own page numbers (a line that is only a number) are not text.

The header (--header N: the source lines before line N, where the document's kind stands) is laid
out by the standard in two columns, whatever the order of its lines in the source: its words are
looked for anywhere in the page's header (the page words before the first word of line N).

With --html the page is an HTML file and its text is what a reader sees: the body without the
style sheet, the charts (pictures, drawn from the same words), the navigation and the review notes.
Otherwise it is plain text (pdftotext, or a browser's innerText).
Prints "ok N words" or what is missing; exit 0 or 1.
"""
import html.parser
import re
import sys
import unicodedata

GAP = 4          # page words allowed between two consecutive source words
WORD = re.compile(r"\w+")


def words(text):
    return WORD.findall(unicodedata.normalize("NFC", text).casefold())


class Text(html.parser.HTMLParser):
    SKIP = {"style", "script", "title", "svg", "nav", "aside", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        if tag in ("br", "p", "td", "th", "li", "div", "h1", "h2", "h3", "h4"):
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1
        self.out.append(" ")

    def handle_data(self, data):
        if not self.depth:
            self.out.append(data)


def find(page, toks, start):
    """First (begin, end) of toks in page at or after start, each word within GAP of the last."""
    i = start
    n = len(page)
    while True:
        try:
            i = page.index(toks[0], i)
        except ValueError:
            return None
        at, ok = i, True
        for t in toks[1:]:
            limit = min(n, at + 2 + GAP)
            try:
                at = page.index(t, at + 1, limit)
            except ValueError:
                ok = False
                break
        if ok:
            return i, at
        i += 1


def main():
    argv = sys.argv[1:]
    header = 0
    if "--header" in argv:
        k = argv.index("--header")
        header = int(argv[k + 1])
        del argv[k:k + 2]
    args = [a for a in argv if not a.startswith("--")]
    as_html = "--html" in argv
    src = open(args[0], encoding="utf-8-sig").read()
    raw = open(args[1], encoding="utf-8", errors="replace").read()
    if as_html:
        p = Text()
        p.feed(raw)
        raw = "".join(p.out)
    page = words(raw)
    seen, bad, checked = set(), [], 0
    lines = src.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    top = 0
    if header > 1:
        kind = [w for ln in lines[header - 1:header] for w in words(ln.replace("**", ""))]
        hit = find(page, kind, 0) if kind else None
        top = hit[0] if hit else len(page)
        head = set(page[:top])
        for no, line in enumerate(lines[:header - 1], 1):
            lost = [w for w in words(line.replace("**", "")) if w not in head]
            checked += len(words(line))
            if lost:
                bad.append("line %d: header: missing %s" % (no, " ".join(lost)[:80]))
        lines = lines[header - 1:]
    cursor, line_start, prev_cells = top, top, 0
    for no, line in enumerate(lines, max(header, 1)):
        line = line.replace("**", "")
        if line.strip().isdigit():
            continue
        cells = [words(c) for c in re.split(r"[\t|]", line)]
        cells = [c for c in cells if c]
        if not cells:
            continue
        key = tuple(tuple(c) for c in cells)
        if key in seen:
            continue
        seen.add(key)
        multi = len(cells) > 1 or (prev_cells > 1 and "\t" in line)
        base = line_start if multi and prev_cells > 1 else cursor
        first, last = None, cursor - 1
        for c in cells:
            checked += len(c)
            hit = find(page, c, base)
            if hit is None:
                anywhere = find(page, c, 0)
                what = "out of order" if anywhere else "missing"
                bad.append("line %d: %s: %s" % (no, what, " ".join(c)[:80]))
                continue
            first = hit[0] if first is None else min(first, hit[0])
            last = max(last, hit[1])
        if first is not None:
            line_start = first
            cursor = last + 1
        prev_cells = len(cells) if multi else 1
    if bad:
        print("%d source cells not on the page as written: %s" % (len(bad), "; ".join(bad[:6])))
        return 1
    print("ok %d words" % checked)
    return 0


if __name__ == "__main__":
    sys.exit(main())
