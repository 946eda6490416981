#!/usr/bin/python3
"""tests/docx/make-docx.py: write the .docx twin of a text program, as Word lays it out.

Hand-written Office Open XML zipped with Python's standard zipfile (no third-party package):
the header block becomes a borderless two-column table (issuer and symbol left; national title,
motto and place-date right), headings and items get Word's own list numbering (numbering.xml:
upper roman, decimal, multi-level %2.%3., lower letters, bullets), tab-separated lines become a
Word table (group rows as one cell spanning the title columns), blank lines are dropped (Word
spaces paragraphs, it does not type empty ones). A number that does not follow from the list
(a planted defect) stays typed text, so the twin reads as the text does.

usage: make-docx.py IN.txt OUT.docx [--tracked] [--merged] [--bad-format] [--bad-header]
                      [--page-footer] [--landscape] [--soft-breaks]
       make-docx.py --bomb OUT.docx
  --tracked      wrap some text in w:ins, add deleted text (w:del) and a moved-away paragraph
  --merged       merge equal lead cells of consecutive tasks vertically (w:vMerge) and split
                 partner cells into one paragraph per agency
  --bad-format   US Letter paper, 1-inch margins, Arial 12 pt
  --bad-header   the header's title 13 pt and not bold, the issuer not bold, the date upright
  --page-footer  page numbers in the footer, and on the first page
  --landscape    the appendix in a landscape A4 section
  --word-features  the symbol in a text box (a DrawingML choice and its VML fallback), the
                 date a field result, comments, bookmarks, proofing marks, hyperlinks, simple
                 fields and hidden text in body paragraphs (none of it changes the text)

By default the twin follows the standards: A4, Times New Roman 14 pt, margins 20/20/30/15 mm
(state: Nghị định 30/2020/NĐ-CP) or 25/25/35/15 mm (Party: a provincial handbook), the Party
title bold 15 pt, the issuer bold capitals, the place and date in italics, page numbers centred
in the header and not on the first page.
  --soft-breaks  the header's left cell as one paragraph with soft line breaks (w:br)
  --legacy-tcvn3, --legacy-vni  every run typed in an old font (.VnTime, VNI-Times): the text
                 kept as that encoding's bytes read as Windows-1252, as Word keeps it
"""
import re
import sys
import zipfile
from xml.sax.saxutils import escape

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
NATIONAL = re.compile(r'^(ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG H[OÒ]A XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc)$')
PLACE_DATE = re.compile(r'ngày\s*[\d.…_ ]*\s+tháng\s*[\d.…_ ]*\s+năm\s+\d{4}$', re.I)
KIND = re.compile(r'^(CHƯƠNG TRÌNH|KẾ HOẠCH|NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ|KẾT LUẬN|ĐỀ ÁN|HƯỚNG DẪN|THÔNG BÁO|BÁO CÁO)( HÀNH ĐỘNG)?$')
ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV']


def run(text, bold=False, italic=False, font=None, size=None):
    rpr = ''
    if font:
        rpr += '<w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s"/>' % (font, font, font)
    if bold:
        rpr += '<w:b/>'
    if italic:
        rpr += '<w:i/>'
    if size:
        rpr += '<w:sz w:val="%d"/>' % (size * 2)
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % ('<w:rPr>%s</w:rPr>' % rpr if rpr else '', escape(text))


def para(inner, num=None, jc=None, style=None):
    ppr = ''
    if style:
        ppr += '<w:pStyle w:val="%s"/>' % style
    if num:
        ppr += '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % (num[1], num[0])
    if jc:
        ppr += '<w:jc w:val="%s"/>' % jc
    return '<w:p>%s%s</w:p>' % ('<w:pPr>%s</w:pPr>' % ppr if ppr else '', inner)


def text_runs(s, opts, size=None):
    """'**bold**' markers of the text become bold runs."""
    bold = s.startswith('**') or s.endswith('**')
    s = s.strip('*').strip() if bold else s
    return run(s, bold=bold, size=size)


class Doc:
    def __init__(self, opts):
        self.opts = opts
        self.body = []
        self.cnt = [0, 0, 0, 0]
        self.tracked = 0
        self.comments = []

    def numbered(self, line):
        """Word list numbering for a numbered line when its number follows from the list."""
        c = self.cnt
        m = re.match(r'^([IVX]+)\.\s+(\S.*)$', line)
        if m and m.group(1) in ROMAN and ROMAN.index(m.group(1)) == c[0]:
            c[0] += 1
            c[1] = c[2] = c[3] = 0
            return (1, 0), m.group(2)
        m = re.match(r'^(\d{1,2})\.\s+(\S.*)$', line)
        if m and int(m.group(1)) == c[1] + 1:
            c[1] += 1
            c[2] = c[3] = 0
            return (1, 1), m.group(2)
        m = re.match(r'^(\d{1,2})\.(\d{1,2})\.\s+(\S.*)$', line)
        if m and int(m.group(1)) == c[1] and int(m.group(2)) == c[2] + 1:
            c[2] += 1
            c[3] = 0
            return (1, 2), m.group(3)
        m = re.match(r'^([a-z])\)\s+(\S.*)$', line)
        if m and ord(m.group(1)) - ord('a') == c[3]:
            c[3] += 1
            return (1, 3), m.group(2)
        m = re.match(r'^- (\S.*)$', line)
        if m:
            return (2, 0), m.group(1)
        return None, line

    def paragraph(self, line):
        num, rest = self.numbered(line)
        inner = text_runs(rest, self.opts)
        if self.opts.get('tracked') and num and num[0] == 1 and self.tracked < 3:
            # an inserted word and a deleted one, as a reviewer leaves them
            self.tracked += 1
            inner = ('<w:del w:id="%d" w:author="R" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>CŨ </w:delText></w:r></w:del>' % (100 + self.tracked)
                     + '<w:ins w:id="%d" w:author="R" w:date="2024-01-01T00:00:00Z">%s</w:ins>' % (200 + self.tracked, inner))
        if self.opts.get('word-features') and len(self.body) % 4 == 0:
            k = len(self.body)
            inner = ('<w:bookmarkStart w:id="%d" w:name="b%d"/><w:commentRangeStart w:id="%d"/>'
                     '<w:proofErr w:type="spellStart"/>%s<w:proofErr w:type="spellEnd"/>'
                     '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> VĂN BẢN ẨN</w:t></w:r>'
                     '<w:commentRangeEnd w:id="%d"/><w:r><w:commentReference w:id="%d"/></w:r><w:bookmarkEnd w:id="%d"/>'
                     % (k, k, k, inner, k, k, k))
            inner = ('<w:hyperlink w:anchor="b%d">%s</w:hyperlink>' if k % 8 == 0 else '<w:fldSimple w:instr=" QUOTE x ">%s</w:fldSimple>') % ((k, inner) if k % 8 == 0 else (inner,))
            self.comments.append(k)
        self.body.append(para(inner, num=num))

    def header(self, lines):
        left, right, rows = [], [], []
        sym = pd = None
        for ln in lines:
            cells = [c.strip() for c in re.split(r'\t| \| ', ln)] if ('\t' in ln or ' | ' in ln) else None
            if cells and len(cells) >= 2:
                rows.append(cells)
                continue
            if re.match(r'^Số\s*:?\s*[\d…./_]', ln) and not PLACE_DATE.search(ln):
                sym = ln
            elif PLACE_DATE.search(ln) and not re.match(r'^Số\b', ln):
                pd = ln
            elif NATIONAL.match(ln) or (set(ln) <= set('-_ ') and right and len(ln) > 8):
                right.append(ln)
            else:
                left.append(ln)
        if rows:
            # the text already has the cells side by side: one row each
            for cells in rows:
                tr = ''.join('<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>%s</w:tc>' % self.cell_paras([c.strip('*')], bold=True, national=True) for c in cells[:2])
                self.body.append('<w:tbl>%s%s<w:tr>%s</w:tr></w:tbl>' % (TBLPR, GRID2, tr))
            for ln in left + right + ([sym] if sym else []) + ([pd] if pd else []):
                self.body.append(para(run(ln, italic=bool(PLACE_DATE.search(ln)))))
            return
        bad = self.opts.get('bad-header')
        r1 = (self.cell_paras(left, bold=not bad, soft=self.opts.get('soft-breaks')),
              self.cell_paras(right, bold=not bad, national=not bad))
        r2 = (self.cell_paras([sym] if sym else []), self.cell_paras([pd] if pd else [], italic=not bad))
        if self.opts.get('word-features'):
            r2 = (textbox(sym) if sym else '<w:p/>', date_field(pd, italic=not bad) if pd else '<w:p/>')
        trs = ''.join('<w:tr>%s</w:tr>' % ''.join('<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>%s</w:tc>' % c for c in r) for r in (r1, r2))
        self.body.append('<w:tbl>%s%s%s</w:tbl>' % (TBLPR, GRID2, trs))

    def cell_paras(self, lines, bold=False, italic=False, soft=False, national=False):
        if not lines:
            return '<w:p/>'
        if soft and len(lines) > 1:
            runs = '<w:r><w:br/></w:r>'.join(run(l, bold=bold) for l in lines)
            return para(runs, jc='center')
        out = ''
        for l in lines:
            size = 15 if national and l.startswith('ĐẢNG CỘNG SẢN') else (13 if l.startswith('ĐẢNG CỘNG SẢN') else None)
            out += para(run(l.strip('*'), bold=bold, italic=italic, size=size), jc='center')
        return out

    def table(self, rows):
        ncol = max(len(r) for r in rows)
        rows = [r + [''] * (ncol - len(r)) for r in rows]
        grid = '<w:tblGrid>%s</w:tblGrid>' % ''.join('<w:gridCol w:w="%d"/>' % (9000 // ncol) for _ in range(ncol))
        out = '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>%s' % grid
        lead_col = 2 if ncol >= 5 else None
        for i, r in enumerate(rows):
            tcs = ''
            first = r[0].strip()
            group = first in ROMAN and not any(c.strip() for c in r[2:])
            if group:
                tcs = self.tc(r[0]) + self.tc(r[1], span=ncol - 1)
            else:
                for k, c in enumerate(r):
                    merge = None
                    if self.opts.get('merged') and k == lead_col and first.isdigit() and c.strip():
                        prev = rows[i - 1] if i else None
                        nxt = rows[i + 1] if i + 1 < len(rows) else None
                        if prev and prev[0].strip().isdigit() and prev[k] == c:
                            merge = 'continue'
                        elif nxt and nxt[0].strip().isdigit() and nxt[k] == c:
                            merge = 'restart'
                    split = self.opts.get('merged') and k == 3 and '; ' in c
                    tcs += self.tc('' if merge == 'continue' else c, merge=merge, split=split)
            out += '<w:tr>%s</w:tr>' % tcs
        self.body.append(out + '</w:tbl>')

    def tc(self, text, span=1, merge=None, split=False):
        pr = '<w:tcW w:w="0" w:type="auto"/>'
        if span > 1:
            pr += '<w:gridSpan w:val="%d"/>' % span
        if merge:
            pr += '<w:vMerge w:val="restart"/>' if merge == 'restart' else '<w:vMerge/>'
        parts = text.split('; ') if split else [text]
        ps = ''.join(para(run(p.strip())) if p.strip() else '<w:p/>' for p in parts)
        return '<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>' % (pr, ps or '<w:p/>')


def textbox(text):
    """An empty paragraph anchoring a text box that holds text: Word writes a DrawingML
    choice and a VML fallback with the same content."""
    box = '<w:txbxContent>%s</w:txbxContent>' % para(run(text), jc='center')
    return ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
            '<wps:wsp><wps:txbx>%s</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><v:shape><v:textbox>%s</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>' % (box, box))


def date_field(line, italic=True):
    """The place, then the date as the result of a DATE field (its instruction is not text)."""
    m = re.search(r'ngày.*$', line)
    place, date = line[:m.start()], m.group(0)
    rpr = '<w:rPr><w:i/></w:rPr>' if italic else ''
    return ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr>%s<w:r>%s<w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r>%s<w:instrText xml:space="preserve"> DATE \\@ "ngày d tháng M năm yyyy" </w:instrText></w:r>'
            '<w:r>%s<w:fldChar w:fldCharType="separate"/></w:r>%s<w:r>%s<w:fldChar w:fldCharType="end"/></w:r></w:p>'
            % (run(place, italic=italic), rpr, rpr, rpr, run(date, italic=italic), rpr))


TBLPR = '<w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders></w:tblPr>'
GRID2 = '<w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="4500"/></w:tblGrid>'

NUMBERING = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="%s">
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%2.%%3."/></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%%4)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>''' % W


def styles(font, size):
    return '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="%s"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s"/><w:sz w:val="%d"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>''' % (W, font, font, font, size * 2)


def sect_pr(paper, margins, footer=False, orient=None):
    top, right, bottom, left = margins
    ref = '<w:footerReference w:type="default" r:id="rIdH"/>' if footer else '<w:headerReference w:type="default" r:id="rIdH"/>'
    return ('<w:sectPr>%s<w:pgSz w:w="%d" w:h="%d"%s/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="720" w:footer="720" w:gutter="0"/>%s</w:sectPr>'
            % (ref, paper[0], paper[1], ' w:orient="%s"' % orient if orient else '', top, right, bottom, left, '' if footer else '<w:titlePg/>'))


def write(path, body_xml, font='Times New Roman', size=14, paper=(11906, 16838), margins=(1134, 851, 1134, 1701), footer=False, comments=()):
    sect = sect_pr(paper, margins, footer)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="%s" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps">'
           '<w:body>%s%s</w:body></w:document>' % (W, body_xml, sect))
    tag = 'ftr' if footer else 'hdr'
    hdr = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:%s xmlns:w="%s"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:%s>' % (tag, W, tag))
    hname = 'footer1.xml' if footer else 'header1.xml'
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
          '<Override PartName="/word/%s" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.%s+xml"/></Types>' % (hname, 'footer' if footer else 'header'))
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    drels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
             '<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
             '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" Target="%s"/></Relationships>' % ('footer' if footer else 'header', hname))
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', ct)
        z.writestr('_rels/.rels', rels)
        z.writestr('word/_rels/document.xml.rels', drels)
        z.writestr('word/document.xml', doc)
        z.writestr('word/styles.xml', styles(font, size))
        z.writestr('word/numbering.xml', NUMBERING)
        z.writestr('word/' + hname, hdr)
        if comments:
            z.writestr('word/comments.xml', '<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="%s">%s</w:comments>'
                       % (W, ''.join('<w:comment w:id="%d" w:author="R"><w:p><w:r><w:t>BÌNH LUẬN KHÔNG PHẢI VĂN BẢN</w:t></w:r></w:p></w:comment>' % k for k in comments)))


def convert(src, dst, opts):
    with open(src, encoding='utf-8-sig') as f:
        lines = [l.rstrip('\r\n') for l in f]
    d = Doc(opts)
    i = 0
    # the header block: everything before the document type line
    head = []
    while i < len(lines) and not KIND.match(lines[i].strip().strip('*')):
        if lines[i].strip():
            head.append(lines[i].strip())
        i += 1
    if i == len(lines):
        head, i = [], 0
    # a copy from a legal-database site has the site's text above the header: it stays ordinary
    # paragraphs, as when such a page is pasted into Word; the table starts at the issuer lines
    # above the national title
    nat = next((k for k, h in enumerate(head) if NATIONAL.match(h)), None)
    if nat is not None:
        start = nat
        while start > 0 and nat - start < 3 and head[start - 1].upper() == head[start - 1] and \
                re.search(r'[A-ZĐ]', head[start - 1]) and ':' not in head[start - 1]:
            start -= 1
        for ln in head[:start]:
            d.body.append(para(run(ln)))
        head = head[start:]
    if head:
        d.header(head)
    party = any('ĐẢNG CỘNG SẢN' in h for h in head) or (not head and re.search(r'\b[Ss]ố\s+\d+-[A-Za-zĐ]+/', '\n'.join(lines)))
    margins = (1417, 851, 1417, 1984) if party else (1134, 851, 1134, 1701)
    rows = []
    for ln in lines[i:]:
        if opts.get('landscape') and re.match(r'^(PHỤ LỤC|Phụ lục)', ln.strip()) and d.body and not d.body[-1].startswith('<w:tbl'):
            # the body ends a portrait section; the appendix is landscape
            last = d.body.pop()
            d.body.append(last.replace('<w:p>', '<w:p><w:pPr>%s</w:pPr>' % sect_pr((11906, 16838), margins), 1)
                          if last.startswith('<w:p>') else last)
            opts['landscape-done'] = True
        if '\t' in ln:
            rows.append(ln.split('\t'))
            continue
        if rows:
            d.table(rows)
            rows = []
        if not ln.strip():
            continue
        d.paragraph(ln.strip())
    if rows:
        d.table(rows)
    if opts.get('tracked'):
        # a paragraph moved away (its old place is not text) and a deleted row mark
        d.body.insert(len(d.body) // 2, '<w:p><w:moveFrom w:id="300" w:author="R" w:date="2024-01-01T00:00:00Z"><w:r><w:t>Đoạn đã chuyển đi.</w:t></w:r></w:moveFrom></w:p>')
    kw = dict(margins=margins, footer=bool(opts.get('page-footer')), comments=d.comments)
    if opts.get('bad-format'):
        kw.update(font='Arial', size=12, paper=(12240, 15840), margins=(1440, 1440, 1440, 1440))
    if opts.get('landscape-done'):
        kw.update(paper=(16838, 11906))
    body = ''.join(d.body)
    legacy = [k for k in ('tcvn3', 'vni') if opts.get('legacy-' + k)]
    if legacy:
        body, kw['font'] = legacy_font(body, legacy[0])
    write(dst, body, **kw)


def legacy_font(body, enc):
    """The text of every run typed in a legacy font, as Word keeps it: the encoding's bytes, each
    read as a Windows-1252 character (Latin-1 where 1252 has none), the font .VnTime (TCVN3) or
    VNI-Times (VNI) everywhere."""
    import importlib.util, os
    from xml.sax.saxutils import unescape
    spec = importlib.util.spec_from_file_location('legacy', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'legacy-encode.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    encode = mod.enc_tcvn3 if enc == 'tcvn3' else mod.enc_vni
    font = '.VnTime' if enc == 'tcvn3' else 'VNI-Times'

    def as_1252(data):
        out = []
        for b in data:
            try:
                out.append(bytes([b]).decode('cp1252'))
            except UnicodeDecodeError:
                out.append(chr(b))
        return ''.join(out)
    body = re.sub(r'(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)',
                  lambda m: m.group(1) + escape(as_1252(encode(unescape(m.group(2))))) + m.group(3), body)
    body = re.sub(r'<w:rFonts [^>]*/>', '<w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s"/>' % (font, font, font), body)
    return body, font


def bomb(dst):
    """A zip bomb: a document.xml of 60 MB of spaces that deflates to a few tens of kB."""
    head = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>' % W
    with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr('word/document.xml', head + ' ' * (60 << 20) + '</w:t></w:r></w:p></w:body></w:document>')


def main(argv):
    if len(argv) == 3 and argv[1] == '--bomb':
        bomb(argv[2])
        return 0
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    opts = {a[2:]: True for a in argv[3:]}
    convert(argv[1], argv[2], opts)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
