#!/usr/bin/env python3
# tests/doc/hostile-doc.py: write Word 97-2003 (.doc) files from scratch, well-formed and
# hostile, for tests/suites/66-heldout.sh (nothing big is committed: they are made each run).
#
#   hostile-doc.py TEXT OUTDIR [NAME...]     write OUTDIR/NAME.doc for each NAME (default: all)
#
# TEXT is a UTF-8 text whose lines become the paragraphs. The writer is the least MS-CFB and
# MS-DOC that compiler/doc.c reads: a compound file of 512-byte sectors (WordDocument and
# 1Table as regular streams), a FIB whose FcLcb blob points at the piece table (Clx), and text
# pieces in UTF-16LE or in compressed 8-bit. Names:
#   plain          one UTF-16 piece holding every paragraph
#   pieces         the same text in three pieces (UTF-16, 8-bit, UTF-16) stored out of order in
#                  the stream: must read as plain does
#   overlap        20,000 pieces all pointing at the same 16 KB of text (320 M characters from a
#                  300 KB file)
#   fields-deep    40 field begins nested in a paragraph (more than any reader's field stack)
#   mini-loop      the root entry's mini stream claimed 4 GB, its chain a sector that points at
#                  itself, and a FAT of 8,000 sectors that are all the same one (a 4 MB file)
#   piece-count    300,000 one-character pieces (a piece table of 3.6 MB)
#   cr-flood       6 MB of paragraph marks and tabs in one 8-bit piece
import struct
import sys

END, FREE, FATSECT, DIFSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFC
SSZ = 512


def pad(b, n=SSZ):
    return b + b'\0' * (-len(b) % n)


def direntry(name, typ, start, size):
    e = bytearray(128)
    nm = name.encode('utf-16-le') + b'\0\0'
    e[0:len(nm)] = nm
    struct.pack_into('<HBB', e, 0x40, len(nm), typ, 1)
    struct.pack_into('<III', e, 0x44, FREE, FREE, FREE)
    struct.pack_into('<II', e, 0x74, start, size)
    return bytes(e)


def cfb(streams, root=(END, 0)):
    """A compound file holding streams (name, bytes), each stored in regular sectors."""
    secs, fat, entries = [], [], [direntry('Root Entry', 5, root[0], root[1])]
    for name, data in streams:
        data = data + b'\0' * max(0, 4096 - len(data))   # above the mini stream cutoff
        first = len(secs)
        chunk = pad(data)
        n = len(chunk) // SSZ
        for i in range(n):
            secs.append(chunk[SSZ * i:SSZ * (i + 1)])
            fat.append(first + i + 1 if i + 1 < n else END)
        entries.append(direntry(name, 2, first, len(data)))
    d = pad(b''.join(entries))
    dfirst = len(secs)
    for i in range(len(d) // SSZ):
        secs.append(d[SSZ * i:SSZ * (i + 1)])
        fat.append(dfirst + i + 1 if i + 1 < len(d) // SSZ else END)
    nfat = 1
    while (len(secs) + nfat) > nfat * (SSZ // 4):
        nfat += 1
    ffirst = len(secs)
    fat += [FATSECT] * nfat
    fat += [FREE] * (nfat * (SSZ // 4) - len(fat))
    fb = struct.pack('<%dI' % len(fat), *fat)
    for i in range(nfat):
        secs.append(fb[SSZ * i:SSZ * (i + 1)])
    if nfat > 109:
        raise SystemExit('hostile-doc.py: file too large for a header-only DIFAT')
    h = bytearray(SSZ)
    h[0:8] = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    struct.pack_into('<HHHHH', h, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into('<IIIIIIII', h, 0x2C, nfat, dfirst, 0, 4096, END, 0, END, 0)
    difat = [ffirst + i for i in range(nfat)] + [FREE] * (109 - nfat)
    struct.pack_into('<109I', h, 0x4C, *difat)
    return bytes(h) + b''.join(secs), ffirst


def fib(ccp, fcclx, lcbclx, text_at=1024):
    """A FIB (Word 97) for a document of ccp characters whose Clx is at fcclx in 1Table."""
    w = bytearray(text_at)
    struct.pack_into('<HH', w, 0, 0xA5EC, 0xC1)
    struct.pack_into('<H', w, 0x0A, 0x0200)       # fWhichTblStm: 1Table
    struct.pack_into('<H', w, 32, 14)             # csw, then fibRgW (28 bytes)
    struct.pack_into('<H', w, 62, 22)             # cslw, then fibRgLw (88 bytes)
    struct.pack_into('<I', w, 64 + 12, ccp)       # ccpText
    struct.pack_into('<H', w, 152, 93)            # cbRgFcLcb, then the blob
    struct.pack_into('<II', w, 154 + 33 * 8, fcclx, lcbclx)
    return w


def clx(pieces):
    """pieces: (cp0, cp1, fc, compressed). The Clx: one Pcdt, PCDs of 8 bytes."""
    cps = [p[0] for p in pieces] + [pieces[-1][1]]
    pcds = b''.join(struct.pack('<HIH', 0, (p[2] * 2) | 0x40000000 if p[3] else p[2], 0) for p in pieces)
    plc = struct.pack('<%dI' % len(cps), *cps) + pcds
    return b'\x02' + struct.pack('<I', len(plc)) + plc


def doc(pieces_text, order=None):
    """pieces_text: (text, compressed) in character order, stored in the stream in order."""
    order = order or list(range(len(pieces_text)))
    w = bytearray(fib(0, 0, 0))
    at = {}
    for i in order:
        t, comp = pieces_text[i]
        at[i] = len(w)
        w += t.encode('cp1252') if comp else t.encode('utf-16-le')
    pieces, cp = [], 0
    for i, (t, comp) in enumerate(pieces_text):
        n = len(t) if comp else len(t.encode('utf-16-le')) // 2
        pieces.append((cp, cp + n, at[i], comp))
        cp += n
    c = clx(pieces)
    w[:1024] = fib(cp, 0, len(c))
    return cfb([('WordDocument', bytes(w)), ('1Table', c)])[0]


def main():
    text = open(sys.argv[1], encoding='utf-8').read().replace('\r', '')
    paras = '\r'.join(text.split('\n')) + '\r'
    out = sys.argv[2]
    names = sys.argv[3:] or ['plain', 'pieces', 'overlap', 'fields-deep', 'mini-loop', 'piece-count', 'cr-flood']

    def write(name, b):
        open('%s/%s.doc' % (out, name), 'wb').write(b)

    for name in names:
        if name == 'plain':
            write(name, doc([(paras, False)]))
        elif name == 'pieces':
            # the first ASCII line as 8-bit, the rest in two UTF-16 halves; stored last, first, middle
            first, rest = paras.split('\r', 1)
            half = len(rest) // 2
            parts = [(first + '\r', True), (rest[:half], False), (rest[half:], False)]
            if not all(ord(ch) < 0x80 for ch in first):
                parts = [(paras[:len(paras) // 2], False), (paras[len(paras) // 2:], False)]
            write(name, doc(parts, order=list(range(len(parts)))[::-1]))
        elif name == 'overlap':
            body = ('Sở Tài chính\tchủ trì\r' * 1000)[:16384]
            w = bytearray(fib(0, 0, 0)) + body.encode('utf-16-le')
            n = 20000
            pieces = [(i * len(body), (i + 1) * len(body), 1024, False) for i in range(n)]
            c = clx(pieces)
            w[:1024] = fib(n * len(body), 0, len(c))
            write(name, cfb([('WordDocument', bytes(w)), ('1Table', c)])[0])
        elif name == 'fields-deep':
            write(name, doc([(paras.replace('\r', '\r' + '\x13' * 40 + 'PAGE\x14' + '\x15' * 40, 3), False)]))
        elif name == 'piece-count':
            body = ('Sở Tài chính\r' * 30000)[:300000]
            w = bytearray(fib(0, 0, 0)) + body.encode('utf-16-le')
            pieces = [(i, i + 1, 1024 + 2 * i, False) for i in range(len(body))]
            c = clx(pieces)
            w[:1024] = fib(len(body), 0, len(c))
            write(name, cfb([('WordDocument', bytes(w)), ('1Table', c)])[0])
        elif name == 'cr-flood':
            write(name, doc([('a\t\r' * (2 << 20), True)]))
        elif name == 'mini-loop':
            b, ffirst = cfb([('WordDocument', bytes(fib(0, 0, 0))), ('1Table', b'')])
            b = bytearray(b)
            nsect = (4 << 20) // SSZ - 1
            loop = len(b) // SSZ - 1       # a new sector after the last: its FAT entry points at itself
            b += b'\0' * SSZ               # the loop sector
            dif = len(b) // SSZ - 1
            b += struct.pack('<127II', *([ffirst] * 127 + [dif]))   # a DIFAT sector: F x 127, then itself
            b += b'\0' * ((nsect + 1) * SSZ - len(b))
            struct.pack_into('<I', b, SSZ * (ffirst + 1) + 4 * loop, loop)
            struct.pack_into('<I', b, SSZ * (ffirst + 1) + 4 * dif, DIFSECT)
            struct.pack_into('<I', b, 0x2C, nsect)           # FAT sectors: all of them, all F
            struct.pack_into('<II', b, 0x44, dif, nsect)     # the DIFAT chain: itself
            struct.pack_into('<109I', b, 0x4C, *([ffirst] * 109))
            d0 = SSZ * (struct.unpack_from('<I', b, 0x30)[0] + 1)
            struct.pack_into('<II', b, d0 + 0x74, loop, 0xFFFFFFFF)   # the root entry
            write(name, bytes(b))
        else:
            raise SystemExit('hostile-doc.py: no variant ' + name)


main()
