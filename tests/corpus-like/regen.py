#!/usr/bin/env python3
"""Regenerate the corpus-like fixtures from examples/ and the real corpus.

Each fixture is a copy of a clean document with ONE planted defect (or, for the messy-*
files, no defect at all). The expected diagnostics are written to <name>.expect as
"RULE-ID LINE" lines; the line is found by searching the generated text, never typed by
hand. Run from anywhere: python3 tests/corpus-like/regen.py
"""
import os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
CORPUS = os.environ.get('APC_CORPUS', '/work/shared/corpus/lao-cai-219-ctr-tu-2023.txt')


def load(rel):
    with open(os.path.join(ROOT, rel), encoding='utf-8') as f:
        return f.read()


def sub1(text, old, new):
    """Replace exactly one occurrence of old (which must occur exactly once)."""
    n = text.count(old)
    if n != 1:
        sys.exit('regen: %r occurs %d times' % (old, n))
    return text.replace(old, new)


def cut(text, start, end):
    """Delete from the line starting with `start` up to (not including) the line starting with `end`."""
    lines = text.split('\n')
    i = next(k for k, l in enumerate(lines) if l.startswith(start))
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith(end))
    return '\n'.join(lines[:i] + lines[j:])


def line_of(text, needle, nth=1):
    """1-based line of the nth line containing needle."""
    hits = [k + 1 for k, l in enumerate(text.split('\n')) if needle in l]
    if len(hits) < nth:
        sys.exit('regen: %r not found' % needle)
    return hits[nth - 1]


def write(name, text, expect, raw=None):
    data = raw if raw is not None else text.encode('utf-8')
    with open(os.path.join(HERE, name + '.txt'), 'wb') as f:
        f.write(data)
    with open(os.path.join(HERE, name + '.expect'), 'w', encoding='utf-8') as f:
        for rule, line in expect:
            f.write('%s %d\n' % (rule, line))


TU = load('examples/tinh-uy-program.txt')      # Party program, tab table, numbered across
KH = load('examples/ubnd-ke-hoach.txt')        # State plan, pipe table, numbered per group
PB = load('examples/page-breaks.txt')          # page breaks, legal-database header
BO = load('examples/bo-ke-hoach-57.txt')       # ministry plan, 57-NQ/TW, 7 missions

TITLE = 'thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị về phát triển'
PLUC = 'PHỤ LỤC'

# ---- parents ---------------------------------------------------------------------------
t = sub1(TU, TITLE, TITLE.replace('30/01/2023', '31/01/2023'))
write('parent-date-mismatch', t, [('parent-date-mismatch', line_of(t, '31/01/2023'))])

t = sub1(TU, TITLE, TITLE.replace('Bộ Chính trị', 'Ban Bí thư'))
write('parent-issuer-mismatch', t, [('parent-issuer-mismatch', line_of(t, 'của Ban Bí thư về'))])

t = cut(TU, '5. Đẩy mạnh hợp tác quốc tế', '(Các nhiệm vụ cụ thể')
t = t[:t.index('V\tĐẩy mạnh hợp tác quốc tế')]
write('parent-mission-uncovered', t, [('parent-mission-uncovered', line_of(t, TITLE))])

old = 'Quảng Trị, ngày 27 tháng 7 năm 2024'
t = sub1(KH, old, 'Quảng Trị, ngày 27 tháng 7 năm 2023')
t = sub1(t, 'số 166/KH-UBND ngày 27/7/2024', 'số 166/KH-UBND ngày 27/7/2023')
write('program-date-before-parent', t,
      [('program-date-before-parent', line_of(t, 'Quảng Trị, ngày 27 tháng 7 năm 2023'))])

# ---- timelines and objectives -------------------------------------------------------------
row = '10\tNhân rộng mô hình'
t = sub1(TU, 'Đảng đoàn Ủy ban MTTQ Việt Nam tỉnh\t2023-2030', 'Đảng đoàn Ủy ban MTTQ Việt Nam tỉnh\t2023-2050')
write('timeline-beyond-horizon', t, [('timeline-beyond-horizon', line_of(t, row))])

row = '4\tRà soát, đánh giá'
t = sub1(TU, 'Đảng đoàn HĐND tỉnh\tNăm 2024', 'Đảng đoàn HĐND tỉnh\tQuý I/2020')
write('timeline-before-issue', t, [('timeline-before-issue', line_of(t, row))])

row = '14\tKý kết'
t = sub1(TU, 'Ban Tuyên giáo Tỉnh ủy\tQuý IV/2024', 'Ban Tuyên giáo Tỉnh ủy\tsớm nhất có thể')
write('timeline-unparsed', t, [('timeline-unparsed', line_of(t, row))])

t = sub1(TU, '2.2. Tầm nhìn đến năm 2045', '2.2. Tầm nhìn đến năm 2050')
write('objective-beyond-horizon', t, [('objective-beyond-horizon', line_of(t, 'Tầm nhìn đến năm 2050'))])

# ---- numbering (planted in the last row / group, so every numbering strategy gives one) ----
t = sub1(TU, '15\tXúc tiến đầu tư', '14\tXúc tiến đầu tư')
write('task-numbering-duplicate', t, [('task-numbering', line_of(t, '14\tXúc tiến đầu tư'))])

t = sub1(TU, '15\tXúc tiến đầu tư', '16\tXúc tiến đầu tư')
write('task-numbering-gap', t, [('task-numbering', line_of(t, '16\tXúc tiến đầu tư'))])

t = sub1(TU, 'V\tĐẩy mạnh hợp tác quốc tế', 'VI\tĐẩy mạnh hợp tác quốc tế')
write('group-numbering', t, [('group-numbering', line_of(t, 'VI\tĐẩy mạnh'))])

extra = ('VI\tKiểm tra, giám sát, sơ kết, tổng kết việc thực hiện Chương trình\t\t\t\n'
         '16\tSơ kết 5 năm thực hiện Chương trình.\tBan Tuyên giáo Tỉnh ủy\tCác huyện ủy, thành ủy\tNăm 2027\n')
t = TU + extra
write('group-mission-count', t, [('group-mission-count', line_of(t, PLUC))])

# ---- lead and partner agencies ------------------------------------------------------------
row = '6\tLồng ghép nội dung'
t = sub1(TU, 'kinh tế - xã hội của tỉnh và các địa phương.\tBan cán sự đảng UBND tỉnh\t',
         'kinh tế - xã hội của tỉnh và các địa phương.\t\t')
write('task-lead-missing', t, [('task-lead-missing', line_of(t, row))])

t = sub1(KH, 'tuyến tỉnh | Sở Y tế | Sở Khoa học và Công nghệ |',
         'tuyến tỉnh | Sở Y tế; Sở Tài chính | Sở Khoa học và Công nghệ |')
write('task-lead-multiple', t, [('task-lead-multiple', line_of(t, 'Sở Y tế; Sở Tài chính'))])

t = sub1(KH, '| Sở Khoa học và Công nghệ | Sở Thông tin và Truyền thông; UBND',
         '| Sở Khoa học và Công nghệ | Sở Thông tin và Truyền thông; Sở Khoa học và Công nghệ; UBND')
write('task-lead-also-partner', t,
      [('task-lead-also-partner', line_of(t, 'Truyền thông; Sở Khoa học và Công nghệ; UBND'))])

t = sub1(KH, 'công nghệ sinh học | Sở Khoa học và Công nghệ | Sở Công Thương |',
         'công nghệ sinh học | Sở Khoa hoc Cong nghe | Sở Công Thương |')
write('agency-unknown', t, [('agency-unknown', line_of(t, 'Sở Khoa hoc Cong nghe'))])

# A different spelling, not a case or tone-mark variant (those are one spelling: the corpus
# program's "Đảng Đoàn"/"Đảng đoàn" must not warn).
t = sub1(TU, 'trên địa bàn tỉnh.\tĐảng đoàn HĐND tỉnh\t', 'trên địa bàn tỉnh.\tĐảng đoàn Hội đồng nhân dân tỉnh\t')
write('agency-variant', t, [('agency-variant', line_of(t, 'Đảng đoàn Hội đồng nhân dân tỉnh'))])

# The parent cited again in the body or the table, with another date or issuer than its own.
t = sub1(TU, '1\tTổ chức học tập, quán triệt Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị',
         '1\tTổ chức học tập, quán triệt Nghị quyết số 36-NQ/TW ngày 30/01/2022 của Bộ Chính trị')
write('parent-date-mismatch-body', t, [('parent-date-mismatch', line_of(t, 'Nghị quyết số 36-NQ/TW ngày 30/01/2022'))])
t = sub1(TU, 'Thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị',
         'Thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Ban Bí thư')
write('parent-issuer-mismatch-body', t, [('parent-issuer-mismatch', line_of(t, 'ngày 30/01/2023 của Ban Bí thư'))])

# ---- citations, sections, blocks ------------------------------------------------------------
t = sub1(TU, '1\tTổ chức học tập, quán triệt Nghị quyết số 36-NQ/TW',
         '1\tTổ chức học tập, quán triệt Nghị quyết số 36/TW')
write('symbol-malformed', t, [('symbol-malformed', line_of(t, 'Nghị quyết số 36/TW'))])

t = cut(TU, 'III. TỔ CHỨC THỰC HIỆN', 'Nơi nhận:')
write('section-missing', t, [('section-missing', 0)])

t = cut(TU, 'Nơi nhận:', '**T/M BAN THƯỜNG VỤ')
write('recipients-missing', t, [('recipients-missing', 0)])

t = cut(TU, '**T/M BAN THƯỜNG VỤ', PLUC)
write('signature-missing', t, [('signature-missing', 0)])

t = sub1(TU, 'Tỉnh ủy Ninh Bình ban hành Chương trình', 'Tỉnh ủy Ninh Bình ban hành ban hành Chương trình')
write('word-duplicated', t, [('word-duplicated', line_of(t, 'ban hành ban hành'))])

t = sub1(KH, 'b) Đa dạng hóa hình thức', 'b) Đa dạng hoá hình thức')
write('tone-mark-mixed', t, [('tone-mark-mixed', line_of(t, 'Đa dạng hoá'))])

t = '\n\n' + TU[TU.index('CHƯƠNG TRÌNH\n'):]
write('metadata-from-appendix', t, [('metadata-from-appendix', line_of(t, '(Kèm theo Chương trình số 45-CTr/TU'))])

# ---- messy but correct: no diagnostic expected ---------------------------------------------
write('messy-crlf', TU, [], raw=TU.replace('\n', '\r\n').encode('utf-8'))
write('messy-bom', KH, [], raw=b'\xef\xbb\xbf' + KH.encode('utf-8'))

t = sub1(KH, 'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n'
         'Độc lập - Tự do - Hạnh phúc\n---------------\n\nSố: 166/KH-UBND\n\nQuảng Trị, ngày 27 tháng 7 năm 2024\n',
         'ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n'
         'TỈNH QUẢNG TRỊ | Độc lập - Tự do - Hạnh phúc\n'
         '------- | ---------------\n'
         'Số: 166/KH-UBND | Quảng Trị, ngày 27 tháng 7 năm 2024\n')
write('messy-header-pipes', t, [])

t = sub1(TU, 'Ninh Bình, ngày 12 tháng 6 năm 2023', 'Ninh Bình, ngày\n12 tháng 6 năm 2023')
write('messy-date-split', t, [])

t = sub1(TU, 'CHƯƠNG TRÌNH\n\n' + TITLE + ' và ứng dụng công nghệ sinh học phục vụ phát triển bền vững đất nước trong tình hình mới\n',
         'CHƯƠNG TRÌNH\n\nTHỰC HIỆN NGHỊ QUYẾT SỐ 36-NQ/TW NGÀY 30/01/2023 CỦA BỘ CHÍNH TRỊ VỀ PHÁT TRIỂN VÀ\n'
         'ỨNG DỤNG CÔNG NGHỆ SINH HỌC PHỤC VỤ PHÁT TRIỂN BỀN VỮNG ĐẤT NƯỚC TRONG TÌNH HÌNH MỚI\n')
t = sub1(t, '(Kèm theo Chương trình số 45-CTr/TU ngày 12/6/2023 của Tỉnh ủy Ninh Bình)',
         '(KÈM THEO CHƯƠNG TRÌNH SỐ 45-CTR/TU NGÀY 12/6/2023 CỦA TỈNH ỦY NINH BÌNH)')
write('messy-uppercase-title', t, [])

meta = ('Số hiệu: 245/KH-BKHCN\nLoại văn bản: Kế hoạch\nNơi ban hành: Bộ Khoa học và Công nghệ\n'
        'Người ký: Vũ Thành Nam\nNgày ban hành: 14/02/2025\nNgày hiệu lực: Đã biết\n'
        'Tình trạng: Đã biết\nLĩnh vực: Khoa học - Công nghệ\n\n')
write('messy-website-metadata', meta + BO, [])

t = TU[:TU.index('Quý IV/2024') + len('Quý IV/2024')]      # cut after row 14, no final newline
write('messy-truncated-table', t, [])

t = sub1(TU, 'Thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị về phát triển và ứng dụng công nghệ sinh học phục vụ phát triển bền vững đất nước trong tình hình mới (sau',
         'Thực hiện Nghị quyết số 36-NQ/TW, ngày 30-01-2023 của Bộ Chính trị về phát triển và ứng dụng công nghệ sinh học phục vụ phát triển bền vững đất nước trong tình hình mới (sau')
write('messy-party-citation', t, [])

# ---- robustness: cut in the middle of a row --------------------------------------------------
t = TU[:TU.index('15\tXúc tiến đầu tư, kêu gọi') + len('15\tXúc tiến đầu tư, kêu gọi')]
row = line_of(t, '15\tXúc tiến')
write('truncated-mid-row', t, [('task-lead-missing', row), ('task-timeline-missing', row)])

# ---- the real corpus program, its slips repaired (only the header is still absent) ---------
if os.path.exists(CORPUS):
    c = open(CORPUS, encoding='utf-8').read()
    for a, b in [('Bộ chính trị', 'Bộ Chính trị'), ('ban hành ban hành', 'ban hành'),
                 ('mới, tiến tiến', 'mới, tiên tiến'),
                 ('uỷ', 'ủy'), ('Uỷ', 'Ủy'), ('hoá', 'hóa'), ('khoá', 'khóa'), ('thuỷ', 'thủy'),
                 ('Ban Cán sự Đảng UBND tỉnh', 'Ban cán sự đảng UBND tỉnh'),
                 ('Đảng Đoàn HĐND tỉnh', 'Đảng đoàn HĐND tỉnh'),
                 ('; đảng đoàn Ủy ban MTTQ', '; Đảng đoàn Ủy ban MTTQ'),
                 ('; Các huyện ủy', '; các huyện ủy'),
                 ('V\tĐẩy mạnh hợp tác quốc tế về công nghệ sinh học',
                  'V\tĐẩy mạnh hợp tác trong nước và quốc tế về công nghệ sinh học'),
                 ('đời sống phục vụ phát triển kinh tế xã hội của tỉnh.\t', 'đời sống phục vụ phát triển kinh tế xã hội của tỉnh\t')]:
        c = c.replace(a, b)
    kem = '(Kèm theo Chương trình số 219-CTr/TU'
    write('corpus-clean', c, [('metadata-from-appendix', line_of(c, kem))])
    t = sub1(c, 'nhân dân.\tBan cán sự đảng UBND tỉnh\tCác đảng đoàn, ban cán sự, đảng ủy trực thuộc Tỉnh ủy.\t2023 - 2030',
             'nhân dân.\tBan cán sự đảng UBND tỉnh\tCác đảng đoàn, ban cán sự, đảng ủy trực thuộc Tỉnh ủy.\t2023 - 2050')
    write('corpus-timeline-beyond-horizon', t,
          [('metadata-from-appendix', line_of(t, kem)), ('timeline-beyond-horizon', line_of(t, '2023 - 2050'))])
    t = sub1(c, '\tĐảng đoàn HĐND tỉnh\tBan cán sự đảng UBND tỉnh; Đảng đoàn Ủy ban',
             '\tĐảng đoàn HĐND tỉnh\tĐảng đoàn HĐND tỉnh; Ban cán sự đảng UBND tỉnh; Đảng đoàn Ủy ban')
    write('corpus-task-lead-also-partner', t,
          [('metadata-from-appendix', line_of(t, kem)),
           ('task-lead-also-partner', line_of(t, '\tĐảng đoàn HĐND tỉnh\tĐảng đoàn HĐND tỉnh;'))])
