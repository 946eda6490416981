#!/usr/bin/python3
"""tests/doc/features-rtf.py OUT.rtf: a short plan in RTF with what Word writes into a .doc that plain
text has not: a field (its code QUOTE, its result the day), a soft line break in the title, a tab
after a bullet, the header as a table. tests/doc/make-doc.sh turns it into features.doc."""
import sys
def esc(s):
    out=[]
    for ch in s:
        o=ord(ch)
        if ch in '\\{}': out.append('\\'+ch)
        elif o<128: out.append(ch)
        else:
            v=o if o<32768 else o-65536
            out.append('\\u%d?' % v)
    return ''.join(out)
P=lambda s: esc(s)+'\\par\n'
rows=[]
def cell(s): return '\\pard\\intbl '+esc(s)+'\\cell '
def row(cells, widths):
    x=0; defs=''
    for w in widths:
        x+=w; defs+='\\cellx%d' % x
    return '\\trowd '+defs+' '+''.join(cell(c) for c in cells)+'\\row\n'
doc=['{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n']
doc.append(row(['ỦY BAN NHÂN DÂN','CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],[4000,6000]))
doc.append(row(['TỈNH QUẢNG TRỊ','Độc lập - Tự do - Hạnh phúc'],[4000,6000]))
doc.append(row(['Số: 166/KH-UBND','Quảng Trị, ngày {FIELD} tháng 7 năm 2024'],[4000,6000]))
doc.append('\\pard '+P('KẾ HOẠCH'))
doc.append('\\pard '+esc('Thực hiện Nghị quyết số 189/NQ-CP ngày 16/11/2023 của Chính phủ')+'\\line '+esc('về phát triển công nghệ sinh học')+'\\par\n')
doc.append('\\pard '+P('I. MỤC ĐÍCH, YÊU CẦU'))
doc.append('\\pard '+P('1. Mục đích'))
doc.append('\\pard '+esc('-')+'\\tab '+P('Cụ thể hóa nhiệm vụ của Chính phủ phù hợp với điều kiện của tỉnh.'))
doc.append('\\pard '+P('II. NHIỆM VỤ, GIẢI PHÁP'))
doc.append('\\pard '+P('1. Tuyên truyền, nâng cao nhận thức về công nghệ sinh học.'))
doc.append('\\pard '+P('III. TỔ CHỨC THỰC HIỆN'))
doc.append('\\pard '+P('Các sở, ban, ngành triển khai thực hiện Kế hoạch này./.'))
doc.append('}')
s=''.join(doc)
s=s.replace(esc('{FIELD}'), '{\\field{\\*\\fldinst { QUOTE \\"27\\" }}{\\fldrslt {27}}}')
open(sys.argv[1],'w').write(s)
