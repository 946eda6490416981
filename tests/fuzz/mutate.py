#!/usr/bin/env python3
"""tests/fuzz/mutate.py: deterministic mutants of action-program texts, for tests/suites/70-hostile.sh.

    python3 tests/fuzz/mutate.py OUTDIR N SEED-FILE...

writes OUTDIR/0000.txt .. OUTDIR/{N-1}.txt and OUTDIR/index (one line per mutant: its name, its
seed file and the mutations applied). The same arguments give the same files on every machine:
the generator is random.Random(seeded by the mutant's number), never the clock.

Mutations are the damage real drafts and hostile files show: lines deleted, duplicated, swapped,
joined; random bytes, invalid UTF-8, NUL, BOM and CR inserted; the file cut anywhere; digits
replaced by huge numbers; the table header repeated; tabs stripped or turned to '|'; headings,
appendix and signature markers planted where they do not belong; decomposed (NFD) text; very
long lines and blocks repeated many times.
"""
import random
import sys
import unicodedata

HUGE = ["99999999999999999999", "18446744073709551616", "4294967296", "2147483648",
        "000000000000000000000001", "-1", "1e309", "0", "00", "9" * 200]
MARKERS = ["I. ", "XXXIX. ", "IV- ", "1. ", "2.1. ", "99.99.99.99. ", "1.1.1.1.1.1.1.1. ", "a) ", "đ) ",
           "- ", "+ ", "**", "PHỤ LỤC", "Phụ lục số 99", "(Kèm theo Chương trình số 99-CTr/TU ngày 31/02/2023)",
           "Nơi nhận:", "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "BÍ THƯ", "CHƯƠNG TRÌNH", "KẾ HOẠCH HÀNH ĐỘNG",
           "Số 99999999-CTr/TU", "Số: 1/2/3/4/5/6/7", "Hà Nội, ngày", "ngày 99 tháng 99 năm 99999",
           "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành",
           "| STT | Nhiệm vụ | Chủ trì | Phối hợp | Thời gian |", "Quý 99999999999999999999",
           "Số hiệu: 1", "ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Trang 2",
           "Thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị"]


def lines_of(b):
    return b.split(b"\n")


def join(ls):
    return b"\n".join(ls)


def m_delete(r, b):
    ls = lines_of(b)
    i = r.randrange(len(ls))
    del ls[i:i + r.choice([1, 1, 2, 5, 20])]
    return join(ls)


def m_duplicate(r, b):
    ls = lines_of(b)
    i = r.randrange(len(ls))
    k = r.choice([1, 2, 5])
    ls[i:i] = ls[i:i + k] * r.choice([1, 2, 10])
    return join(ls)


def m_swap(r, b):
    ls = lines_of(b)
    i, j = r.randrange(len(ls)), r.randrange(len(ls))
    ls[i], ls[j] = ls[j], ls[i]
    return join(ls)


def m_join(r, b):
    ls = lines_of(b)
    if len(ls) < 2:
        return b
    i = r.randrange(len(ls) - 1)
    ls[i:i + 2] = [ls[i] + r.choice([b" ", b"", b"\t", b"|"]) + ls[i + 1]]
    return join(ls)


def m_bytes(r, b):
    i = r.randrange(len(b) + 1)
    junk = bytes(r.randrange(256) for _ in range(r.choice([1, 2, 3, 8, 64])))
    return b[:i] + junk + b[i:]


def m_special(r, b):
    i = r.randrange(len(b) + 1)
    s = r.choice([b"\0", b"\r", b"\r\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80",
                  b"\xf4\x90\x80\x80", b"\xe1\xba", b"\xcc\x81\xcc\x81\xcc\x81", b"\xc2\xa0", b"\t\t\t",
                  b"||||", b"\x0c", b"\x1b[31m", b"\xe2\x80\xa8", b"\xe2\x80\xae", b"\xef\xbf\xbf"])
    return b[:i] + s + b[i:]


def m_truncate(r, b):
    return b[:r.randrange(len(b) + 1)]


def m_digits(r, b):
    s = bytearray()
    digits = [i for i, c in enumerate(b) if 48 <= c <= 57]
    if not digits:
        return b
    picks = set(r.sample(digits, min(len(digits), r.choice([1, 3, 10]))))
    for i, c in enumerate(b):
        s += r.choice(HUGE).encode() if i in picks else bytes([c])
    return bytes(s)


def m_header(r, b):
    ls = lines_of(b)
    hdr = [l for l in ls if l.count(b"\t") >= 3 or l.count(b"|") >= 3]
    h = r.choice(hdr) if hdr else MARKERS[25].encode()
    for _ in range(r.choice([1, 3, 50])):
        ls.insert(r.randrange(len(ls) + 1), h)
    return join(ls)


def m_strip_tabs(r, b):
    return b.replace(b"\t", r.choice([b"", b" ", b"  "]))


def m_tabs_to_pipes(r, b):
    return b.replace(b"\t", b" | ")


def m_pipes(r, b):
    ls = lines_of(b)
    for _ in range(r.choice([1, 5, 30])):
        i = r.randrange(len(ls))
        j = r.randrange(len(ls[i]) + 1)
        ls[i] = ls[i][:j] + b"|" + ls[i][j:]
    return join(ls)


def m_marker(r, b):
    ls = lines_of(b)
    for _ in range(r.choice([1, 2, 10])):
        i = r.randrange(len(ls) + 1)
        m = r.choice(MARKERS).encode()
        if r.random() < 0.5 and i < len(ls):
            ls[i] = m + ls[i]
        else:
            ls.insert(i, m)
    return join(ls)


def m_nfd(r, b):
    t = b.decode("utf-8", "replace")
    return unicodedata.normalize(r.choice(["NFD", "NFKD", "NFKC"]), t).encode("utf-8")


def m_case(r, b):
    ls = lines_of(b)
    i = r.randrange(len(ls))
    t = ls[i].decode("utf-8", "replace")
    ls[i] = (t.upper() if r.random() < 0.5 else t.lower()).encode("utf-8")
    return join(ls)


def m_long_line(r, b):
    ls = lines_of(b)
    i = r.randrange(len(ls) + 1)
    unit = r.choice([b"x", "ô".encode(), b"1.", b"\t", b"| ", "Sở Y tế; ".encode()])
    ls.insert(i, unit * (r.choice([1000, 10000, 70000]) // len(unit)))
    return join(ls)


def m_repeat_block(r, b):
    ls = lines_of(b)
    i = r.randrange(len(ls))
    blk = ls[i:i + r.choice([3, 10, 30])]
    ls[i:i] = blk * r.choice([10, 50, 100])
    return join(ls)


def m_blank(r, b):
    ls = lines_of(b)
    if r.random() < 0.5:
        return join([l for l in ls if l.strip()])
    out = []
    for l in ls:
        out.append(l)
        out.append(b"")
    return join(out)


def m_cells(r, b):
    ls = lines_of(b)
    rows = [i for i, l in enumerate(ls) if b"\t" in l]
    if not rows:
        return b
    i = r.choice(rows)
    cells = ls[i].split(b"\t")
    op = r.randrange(4)
    if op == 0:
        r.shuffle(cells)
    elif op == 1:
        cells = cells[:r.randrange(len(cells) + 1)]
    elif op == 2:
        cells += [b"x"] * r.choice([1, 10, 100])
    else:
        cells[0] = r.choice([b"", b"I", b"XL", b"A", b"a", b"1.1.1", b"99999999999999999999", b"-", b"."])
    ls[i] = b"\t".join(cells)
    return join(ls)


MUTATIONS = [m_delete, m_duplicate, m_swap, m_join, m_bytes, m_special, m_truncate, m_digits,
             m_header, m_strip_tabs, m_tabs_to_pipes, m_pipes, m_marker, m_nfd, m_case, m_long_line,
             m_repeat_block, m_blank, m_cells]


def mutate(r, data):
    applied = []
    for _ in range(r.choice([1, 1, 2, 3, 4, 6])):
        m = r.choice(MUTATIONS)
        if m is m_truncate and r.random() < 0.7:
            continue   # keep most mutants whole enough to reach the appendix
        data = m(r, data) if data else data + b"\n"
        applied.append(m.__name__[2:])
    return data, applied


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: mutate.py OUTDIR N SEED-FILE...")
    out, n, seeds = sys.argv[1], int(sys.argv[2]), sorted(set(sys.argv[3:]))
    texts = [(s, open(s, "rb").read()) for s in seeds]
    with open(f"{out}/index", "w") as idx:
        for k in range(n):
            r = random.Random(k * 7919 + 17)
            name, data = texts[k % len(texts)]
            data, applied = mutate(r, data)
            with open(f"{out}/{k:04d}.txt", "wb") as f:
                f.write(data)
            idx.write(f"{k:04d} {name} {' '.join(applied)}\n")


if __name__ == "__main__":
    main()
