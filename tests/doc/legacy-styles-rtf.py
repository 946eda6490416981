#!/usr/bin/python3
"""tests/doc/legacy-styles-rtf.py OUT.rtf: a short plan typed in TCVN3 fonts the way old documents
are, the fonts given by the paragraph styles and not by the runs: Normal in .VnTime, a heading
style in .VnTimeH (a capital font: its text typed with the small letters' codes).
tests/doc/make-doc.sh turns it into legacy-styles.doc."""
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('legacy', os.path.join(here, '..', 'docx', 'legacy-encode.py'))
legacy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(legacy)


def t3(s):
    return ''.join("\\'%02x" % b if b >= 0x80 else chr(b) for b in legacy.enc_tcvn3(s))


def para(style, text):
    return '\\pard\\plain\\s%d\\f%d %s\\par' % (style, style, t3(text))   # RTF repeats the style's font; LibreOffice writes it to the style only


body = [
    (1, 'ủy ban nhân dân'), (1, 'tỉnh quảng trị'), (0, 'Số: 166/KH-UBND'),
    (0, 'Quảng Trị, ngày 27 tháng 7 năm 2024'), (1, 'kế hoạch'),
    (0, 'Thực hiện Nghị quyết số 189/NQ-CP ngày 16/11/2023 của Chính phủ'),
    (0, 'Thực hiện Nghị quyết số 189/NQ-CP ngày 16/11/2023 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:'),
    (1, 'i. mục đích, yêu cầu'), (0, '1. Cụ thể hóa nhiệm vụ của Chính phủ phù hợp với điều kiện của tỉnh.'),
]
rtf = ['{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fcharset0 .VnTime;}{\\f1\\fcharset0 .VnTimeH;}}',
       '{\\stylesheet{\\s0\\f0\\fs28 Normal;}{\\s1\\sbasedon0\\f1\\fs28\\b Tieu de;}}']
rtf += [para(s, t) for s, t in body]
rtf.append('}')
with open(sys.argv[1], 'w') as f:
    f.write('\n'.join(rtf))
