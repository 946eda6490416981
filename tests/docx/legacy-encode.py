#!/usr/bin/python3
"""tests/docx/legacy-encode.py: write a UTF-8 text in a legacy Vietnamese encoding, as the
old fonts' users typed it, to test that apc reads it back.

usage: legacy-encode.py tcvn3|vni|cp1258 IN.txt OUT.txt

tcvn3   TCVN 5712:1993 VN3 (the ABC fonts, .VnTime): the byte table is read from glibc's
        iconv (TCVN5712-1 agrees with VN3 on 0xA1..0xFE). VN3 has no capital vowels with tone
        marks: they are written with the small letter's code, as typed in a .VnTimeH font, and dashes as hyphens.
vni     VNI Windows: a vowel, then a byte for its circumflex or breve with its tone, or for
        its tone alone; single bytes for đ, ơ, ư and i, y with tones.
cp1258  Windows-1258: Python's codec, tone marks as combining characters after the letter.
"""
import subprocess
import sys
import unicodedata

TONES = {'\u0301': 0, '\u0300': 1, '\u0309': 2, '\u0303': 3, '\u0323': 4}   # acute grave hook tilde dot


def split(ch):
    """A letter as (base with its vowel mark, tone index or None)."""
    d = unicodedata.normalize('NFD', ch)
    tone = None
    rest = ''
    for c in d:
        if c in TONES:
            tone = TONES[c]
        else:
            rest += c
    return unicodedata.normalize('NFC', rest), tone


def tcvn3_table():
    raw = bytes(range(0xA1, 0xFF))
    out = subprocess.run(['iconv', '-f', 'TCVN5712-1', '-t', 'UTF-8'], input=raw, capture_output=True, check=True).stdout.decode()
    table = {}
    for b, ch in zip(raw, unicodedata.normalize('NFC', out)):
        table.setdefault(ch, bytes([b]))
    return table


def enc_tcvn3(text):
    table = tcvn3_table()
    out = bytearray()
    for ch in unicodedata.normalize('NFC', text):
        if ord(ch) < 0x80:
            out += ch.encode()
        elif ch in table:
            out += table[ch]
        elif ch.lower() in table:
            out += table[ch.lower()]       # a capital VN3 lacks
        elif ch in '\u2013\u2014':
            out += b'-'                    # nor has it dashes
        else:
            out += b'?'
    return bytes(out)


VNI_TONE = [0xF9, 0xF8, 0xFB, 0xF5, 0xEF]
VNI_CIRC = [0xE1, 0xE0, 0xE5, 0xE3, 0xE4]       # with a tone; 0xE2 alone
VNI_BREVE = [0xE9, 0xE8, 0xFA, 0xFC, 0xEB]      # with a tone; 0xEA alone
VNI_I = {'í': 0xED, 'ì': 0xEC, 'ỉ': 0xE6, 'ĩ': 0xF3, 'ị': 0xF2, 'ỵ': 0xEE}
VNI_SINGLE = {'đ': 0xF1, 'ơ': 0xF4, 'ư': 0xF6}


def enc_vni(text):
    out = bytearray()
    for ch in unicodedata.normalize('NFC', text):
        if ord(ch) < 0x80:
            out += ch.encode()
            continue
        up = ch != ch.lower()
        low = ch.lower()
        shift = -0x20 if up else 0
        if low in VNI_I:
            out.append(VNI_I[low] + shift)
            continue
        base, tone = split(low)
        if base in VNI_SINGLE:
            out.append(VNI_SINGLE[base] + shift)
            if tone is not None:
                out.append(VNI_TONE[tone] + shift)
            continue
        plain = unicodedata.normalize('NFD', base)[0]
        marks = unicodedata.normalize('NFD', base)[1:]
        if plain.isascii() and plain.isalpha():
            out += (plain.upper() if up else plain).encode()
            if marks == '\u0302':
                out.append((VNI_CIRC[tone] if tone is not None else 0xE2) + shift)
            elif marks == '\u0306':
                out.append((VNI_BREVE[tone] if tone is not None else 0xEA) + shift)
            elif marks == '' and tone is not None:
                out.append(VNI_TONE[tone] + shift)
            elif marks:
                out += b'?'
            continue
        try:
            out += ch.encode('cp1252')
        except UnicodeEncodeError:
            out += b'?'
    return bytes(out)


def enc_cp1258(text):
    out = bytearray()
    for ch in unicodedata.normalize('NFC', text):
        try:
            out += ch.encode('cp1258')
            continue
        except UnicodeEncodeError:
            pass
        base, tone = split(ch)
        try:
            out += base.encode('cp1258')
            if tone is not None:
                out += '\u0301\u0300\u0309\u0303\u0323'[tone].encode('cp1258')
        except UnicodeEncodeError:
            out += b'?'
    return bytes(out)


def main(argv):
    if len(argv) != 4 or argv[1] not in ('tcvn3', 'vni', 'cp1258'):
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[2], encoding='utf-8-sig') as f:
        text = f.read()
    data = {'tcvn3': enc_tcvn3, 'vni': enc_vni, 'cp1258': enc_cp1258}[argv[1]](text)
    with open(argv[3], 'wb') as f:
        f.write(data)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
