#!/usr/bin/env python3
"""tests/rules/gen.py: write the rule fixtures of tests/rules/ by planting one defect in a copy
of a clean document (examples/, or the real corpus program for tests/rules/planted/).

    python3 tests/rules/gen.py            # write every NAME.txt
    APC=build/apc python3 tests/rules/gen.py --diag   # also (re)write NAME.diag from apc's output

A fixture NAME.txt triggers rule NAME (its NAME.diag lists the diagnostics expected, one
"LINE:COL: severity: [id]" per line); NAME-ok.txt is a near miss that must not give NAME.
Review every .diag by hand after --diag: it is what the suite holds apc to.
"""
import os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.environ.get("CORPUS", os.path.join(ROOT, "..", "shared", "corpus", "lao-cai-219-ctr-tu-2023.txt"))

def load(name):
    with open(os.path.join(ROOT, "examples", name), encoding="utf-8") as f:
        return f.read()

def sub(text, old, new, count=1):
    if old not in text:
        raise SystemExit("gen.py: %r not found" % old)
    return text.replace(old, new, count)

def drop_lines(text, first, last):
    """Remove the lines whose text starts with first .. up to the line starting with last (excluded)."""
    lines = text.split("\n")
    i = next(k for k, l in enumerate(lines) if l.startswith(first))
    j = next(k for k, l in enumerate(lines) if k > i and l.startswith(last))
    return "\n".join(lines[:i] + lines[j:])

def row(text, n):
    """The appendix row numbered n (tab table)."""
    m = re.search(r"^%s\t.*$" % re.escape(str(n)), text, re.M)
    if not m:
        raise SystemExit("gen.py: no row %s" % n)
    return m.group(0)

def set_cell(text, n, col, value):
    r = row(text, n)
    cells = r.split("\t")
    cells[col] = value
    return text.replace(r, "\t".join(cells), 1)

T = load("tinh-uy-program.txt")      # Party program, 36-NQ/TW, tasks 1..15 across groups I..V
U = load("ubnd-ke-hoach.txt")        # State plan, 189/NQ-CP and 36-NQ/TW, numbered per group
TITLE = "thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị về"

F = {}
F["parent-unknown"] = sub(T, TITLE, "thực hiện Nghị quyết số 99-NQ/TW ngày 30/01/2023 của Bộ Chính trị về")
F["parent-unknown-ok"] = T
# the parent named without its symbol, in the title and the opening paragraph
F["parent-missing"] = sub(T.replace("Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị", "Nghị quyết của Bộ Chính trị"),
    " (sau đây gọi tắt là Nghị quyết 36-NQ/TW)", "")
F["parent-missing-ok"] = T
F["parent-date-mismatch"] = sub(T, TITLE, TITLE.replace("30/01/2023", "31/01/2023"))
F["parent-date-mismatch-ok"] = sub(T, TITLE, TITLE.replace("ngày 30/01/2023", "ngày 30-01-2023"))
F["parent-issuer-mismatch"] = sub(T, TITLE, TITLE.replace("Bộ Chính trị", "Ban Bí thư"))
F["parent-issuer-mismatch-ok"] = sub(T, TITLE, TITLE.replace("Bộ Chính trị", "Bộ chính trị khóa XIII"))
# mission 5 and group V removed
m5 = drop_lines(T, "5. Đẩy mạnh hợp tác quốc tế", "III. TỔ CHỨC THỰC HIỆN")
F["parent-mission-uncovered"] = drop_lines(m5, "V\tĐẩy mạnh hợp tác", "@@end") if False else \
    "\n".join(l for l in m5.split("\n") if not re.match(r"^(V|14|15)\t", l))
# mission 5 renamed but still about international cooperation (matched by its terms)
F["parent-mission-uncovered-ok"] = sub(sub(T, "5. Đẩy mạnh hợp tác quốc tế và hợp tác trong nước về công nghệ sinh học",
    "5. Mở rộng quan hệ hợp tác quốc tế"), "V\tĐẩy mạnh hợp tác quốc tế và hợp tác trong nước về công nghệ sinh học",
    "V\tMở rộng quan hệ hợp tác quốc tế")
F["program-date-before-parent"] = sub(sub(T, "Ninh Bình, ngày 12 tháng 6 năm 2023", "Ninh Bình, ngày 12 tháng 01 năm 2023"),
    "ngày 12/6/2023 của Tỉnh ủy", "ngày 12/01/2023 của Tỉnh ủy")
F["program-date-before-parent-ok"] = sub(sub(T, "Ninh Bình, ngày 12 tháng 6 năm 2023", "Ninh Bình, ngày 30 tháng 01 năm 2023"),
    "ngày 12/6/2023 của Tỉnh ủy", "ngày 30/01/2023 của Tỉnh ủy")
F["timeline-beyond-horizon"] = set_cell(T, 7, 4, "2024-2050")
F["timeline-beyond-horizon-ok"] = set_cell(T, 7, 4, "2024-2045")
F["timeline-before-issue"] = set_cell(T, 8, 4, "Quý I/2020")
F["timeline-before-issue-ok"] = set_cell(T, 8, 4, "Quý III/2023")
F["timeline-unparsed"] = set_cell(T, 6, 4, "sớm nhất có thể")
F["timeline-unparsed-ok"] = set_cell(T, 6, 4, "Trước 30/6/2024")
F["task-timeline-missing"] = set_cell(T, 12, 4, "")
F["task-timeline-missing-ok"] = set_cell(T, 12, 4, "Thường xuyên")
F["task-numbering"] = sub(T, row(T, 15), row(T, 15).replace("15\t", "14\t", 1))
F["task-numbering-ok"] = U        # numbered from 1 in each group
F["group-numbering"] = sub(T, "V\tĐẩy mạnh hợp tác", "VI\tĐẩy mạnh hợp tác")
F["group-numbering-ok"] = T
F["group-mission-count"] = T.rstrip("\n") + "\nVI\tSơ kết, tổng kết việc thực hiện Chương trình\t\t\t\n" + \
    "16\tSơ kết 5 năm thực hiện Chương trình.\tBan Tuyên giáo Tỉnh ủy\tBan cán sự đảng UBND tỉnh\tNăm 2028\n"
F["group-mission-count-ok"] = T
F["group-title-mismatch"] = sub(T, "V\tĐẩy mạnh hợp tác quốc tế và hợp tác trong nước về công nghệ sinh học",
    "V\tĐẩy mạnh hợp tác quốc tế về công nghệ sinh học")
# only punctuation, case and a trailing "của tỉnh" differ
F["group-title-mismatch-ok"] = sub(T, "IV\tPhát triển nguồn nhân lực, tăng cường đầu tư cơ sở vật chất cho công nghệ sinh học",
    "IV\tPhát triển nguồn nhân lực; tăng cường đầu tư cơ sở vật chất cho Công nghệ sinh học của tỉnh.")
F["task-lead-missing"] = set_cell(T, 9, 2, "")
F["task-lead-missing-ok"] = T
F["task-lead-multiple"] = set_cell(T, 11, 2, "Ban cán sự đảng UBND tỉnh; Ban Tuyên giáo Tỉnh ủy")
F["task-lead-multiple-ok"] = set_cell(T, 11, 3, "Đảng đoàn HĐND tỉnh; Ban Tuyên giáo Tỉnh ủy")
F["task-lead-also-partner"] = set_cell(T, 10, 3, "Các huyện ủy, thành ủy; Ban cán sự đảng UBND tỉnh")
F["task-lead-also-partner-ok"] = set_cell(T, 10, 3, "Các huyện ủy, thành ủy; Ban Tuyên giáo Tỉnh ủy")
F["agency-unknown"] = set_cell(T, 13, 3, "Sở Khoa hoc Cong nghe")
F["agency-unknown-ok"] = set_cell(T, 13, 3, "Sở Khoa học và Công nghệ")
F["agency-variant"] = set_cell(T, 13, 2, "BCS đảng UBND tỉnh")
# case and tone placement only: the same spelling
F["agency-variant-ok"] = set_cell(set_cell(T, 13, 2, "Ban Cán sự Đảng UBND tỉnh"), 14, 3, "Ban Tuyên giáo Tỉnh uỷ")
# unregistered bodies as lead and partner of the first `rows` tasks: two unknown names a row;
# agency-unknown is shown 20 times a file, the rest counted in one note
def unknown_bodies(text, rows):
    for n in range(1, rows + 1):
        text = set_cell(set_cell(text, n, 2, "Trung tâm Thí nghiệm số %d" % n), n, 3, "Trạm Quan trắc số %d" % n)
    return text
F["diagnostics-not-shown"] = unknown_bodies(T, 15)
F["diagnostics-not-shown-ok"] = unknown_bodies(T, 10)
F["symbol-malformed"] = set_cell(T, 1, 1, "Tổ chức học tập, quán triệt Nghị quyết số 36/TW ngày 30/01/2023 của Bộ Chính trị.")
F["symbol-malformed-ok"] = set_cell(T, 1, 1, "Tổ chức học tập, quán triệt Nghị quyết số 36-NQ/TW, ngày 30-01-2023 của Bộ Chính trị.")
F["symbol-case"] = sub(T, "(Kèm theo Chương trình số 45-CTr/TU", "(Kèm theo Chương trình số 45-Ctr/TU")
F["symbol-case-ok"] = sub(T, "(Kèm theo Chương trình số 45-CTr/TU ngày 12/6/2023 của Tỉnh ủy Ninh Bình)",
    "(KÈM THEO CHƯƠNG TRÌNH SỐ 45-CTR/TU NGÀY 12/6/2023 CỦA TỈNH ỦY NINH BÌNH)")
F["symbol-spacing"] = sub(T, "(Kèm theo Chương trình số 45-CTr/TU", "(Kèm theo Chương trình số 45 – CTr/TU")
F["symbol-spacing-ok"] = sub(T, "(Kèm theo Chương trình số 45-CTr/TU", "(Kèm theo Chương trình số 45-CTr/TU ")
F["section-missing"] = drop_lines(T, "III. TỔ CHỨC THỰC HIỆN", "Nơi nhận:")
F["section-missing-ok"] = T
F["recipients-missing"] = drop_lines(T, "Nơi nhận:", "**T/M BAN THƯỜNG VỤ")
F["recipients-missing-ok"] = T
F["signature-missing"] = drop_lines(T, "**T/M BAN THƯỜNG VỤ", "PHỤ LỤC")
F["signature-missing-ok"] = T
F["word-duplicated"] = sub(T, "Ninh Bình ban hành Chương trình", "Ninh Bình ban hành ban hành Chương trình")
# reduplication and a misspelt syllable are not repetitions; numbers neither
F["word-duplicated-ok"] = sub(T, "Ninh Bình ban hành Chương trình", "Ninh Bình ngày ngày ban hành tiến tiến Chương trình 5 5")
F["tone-mark-mixed"] = sub(T, "Cụ thể hóa, hoàn thiện cơ chế, chính sách và triển khai pháp luật về công nghệ sinh học\n",
    "Cụ thể hoá, hoàn thiện cơ chế, chính sách và triển khai pháp luật về công nghệ sinh học\n")
# new placement only; "quý", "quỹ": qu is a consonant there, not a placement
F["tone-mark-mixed-ok"] = set_cell(T, 11, 1, "Hỗ trợ doanh nghiệp (quỹ phát triển khoa học, thủy sản, hóa chất, khỏe) ứng dụng công nghệ sinh học; quý I, II.")
F["objective-beyond-horizon"] = sub(T, "Tầm nhìn đến năm 2045", "Tầm nhìn đến năm 2050")
F["objective-beyond-horizon-ok"] = T
F["metadata-from-appendix"] = drop_lines(T, "ĐẢNG CỘNG SẢN VIỆT NAM", "CHƯƠNG TRÌNH")
F["metadata-from-appendix-ok"] = T

F["appendix-reference-mismatch"] = sub(T, "(Kèm theo Chương trình số 45-CTr/TU ngày 12/6/2023", "(Kèm theo Chương trình số 46-CTr/TU ngày 12/6/2023")
F["appendix-reference-mismatch-ok"] = sub(T, "(Kèm theo Chương trình số 45-CTr/TU ngày 12/6/2023", "(Kèm theo Chương trình số 45-CTr/TU ngày 12-6-2023")

# planted defects in copies of the real corpus program
P = {}
if os.path.exists(CORPUS):
    C = open(CORPUS, encoding="utf-8").read()
    CT = "thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ chính trị về"
    P["parent-date"] = sub(C, CT, CT.replace("30/01/2023", "30/01/2022"))
    P["parent-issuer"] = sub(C, CT, CT.replace("Bộ chính trị", "Ban Bí thư"))
    P["task-2050"] = sub(C, "2023-2030\n", "2023-2050\n")
    P["mission5-removed"] = "\n".join(l for l in drop_lines(C, "5. Đẩy mạnh hợp tác trong nước", "(Chi tiết các nhiệm vụ").split("\n")
        if not re.match(r"^(V|20|21|22)\t", l))
    P["lead-also-partner"] = sub(C, "Đảng Đoàn HĐND tỉnh\tBan cán sự đảng UBND tỉnh;", "Đảng Đoàn HĐND tỉnh\tĐảng đoàn HĐND tỉnh; Ban cán sự đảng UBND tỉnh;")
    P["no-lead"] = sub(C, "hiếm.\tBan Cán sự Đảng UBND tỉnh", "hiếm.\t") if "hiếm.\tBan Cán sự" in C else \
        sub(C, "Tôn vinh, khen thưởng các tổ chức, cá nhân hoạt động hiệu quả.\tBan Cán sự Đảng UBND tỉnh",
            "Tôn vinh, khen thưởng các tổ chức, cá nhân hoạt động hiệu quả.\t")
    P["task-duplicate"] = sub(C, "\n13\tỨng dụng công nghệ sinh học", "\n12\tỨng dụng công nghệ sinh học")
    P["group-VI"] = sub(C, "\nV\tĐẩy mạnh hợp tác", "\nVI\tĐẩy mạnh hợp tác")
    P["before-issue"] = sub(C, "Xong trong Quý III/2023", "Xong trong Quý I/2023")
    P["objective-2050"] = sub(C, "2.2. Tầm nhìn đến năm 2045", "2.2. Tầm nhìn đến năm 2050")

def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

def diag(path):
    apc = os.environ.get("APC", os.path.join(ROOT, "build", "apc"))
    out = subprocess.run([apc, "check", "--lang", "en", path], capture_output=True, text=True).stdout
    rx = re.compile(r"^.*?:(\d+):(\d+): (error|warning|note): .*(\[[a-z0-9-]+\])$")
    return "".join("%s:%s: %s: %s\n" % m.groups() for m in map(rx.match, out.split("\n")) if m)

for name, text in F.items():
    write(os.path.join(HERE, name + ".txt"), text)
for name, text in P.items():
    write(os.path.join(HERE, "planted", name + ".txt"), text)
if "--diag" in sys.argv:
    for name in F:
        if not name.endswith("-ok"):
            p = os.path.join(HERE, name + ".txt")
            write(p[:-4] + ".diag", diag(p))
    for name in P:
        p = os.path.join(HERE, "planted", name + ".txt")
        write(p[:-4] + ".diag", diag(p))
