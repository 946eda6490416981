#!/usr/bin/python3
"""tests/real/check.py: every fact of every NAME.facts beside NAME.txt, checked on what apc builds.

Facts read by hand (see README.md): symbol, date of issue, issuer, every parent with the date it is
cited with, and what is cited that is not a parent. A parent marked '(context)' may be absent.
Also: no error on these real copies, and every caret inside its line.
Usage: check.py APC DIR [VARIANT]  -> prints 'ok NAME' / 'not ok NAME: why' lines.
VARIANT: doc, docx, tcvn3, vni or cp1258: each copy is first written as drafters also have it (its
Word twin by tests/docx/make-docx.py, its Word 97-2003 twin in tests/doc/real, or a legacy encoding by tests/docx/legacy-encode.py) and
the same facts must hold on that file; the regression cases and the caret check run on text only.
"""
import atexit, os, re, shutil, subprocess, sys, tempfile, unicodedata, xml.etree.ElementTree as ET

N = '{urn:apc:program:1}'
S = '{urn:apc:source:1}'
apc, root = sys.argv[1], sys.argv[2]
variant = sys.argv[3] if len(sys.argv) > 3 else None
tmp = tempfile.mkdtemp(prefix='apc-real-')
atexit.register(shutil.rmtree, tmp, True)
here = os.path.dirname(os.path.abspath(__file__))

def as_variant(txt, doc):
    """The copy as the variant has it: a path, or None when it cannot be written."""
    if not variant:
        return txt
    if variant == 'doc':    # committed: LibreOffice wrote them from the .docx twins (tests/doc/make-doc.sh)
        out = os.path.join(here, '..', 'doc', 'real', doc + '.doc')
        return out if os.path.exists(out) else None
    if variant == 'docx':
        out, cmd = os.path.join(tmp, doc + '.docx'), [os.path.join(here, '..', 'docx', 'make-docx.py')]
    else:
        out, cmd = os.path.join(tmp, doc + '.txt'), [os.path.join(here, '..', 'docx', 'legacy-encode.py'), variant]
    r = subprocess.run(['/usr/bin/python3'] + cmd + [txt, out], capture_output=True)
    return out if r.returncode == 0 else None
wrap = os.environ.get('APC_WRAP', '').split()

# Facts that no reader can take from the text of a copy, with the reason. The check still runs
# and is reported as a known gap ('ok ... # known: ...') instead of hiding the fact.
KNOWN = {
    ('quangngai-57-kh-ubnd-2020', 'issuer'):
        "the copy's place line says 'Hà Nội' and its header 'ỦY BAN NHÂN DÂN' alone; the province is only in the page URL",
}

def fold(s):
    s = unicodedata.normalize('NFD', s.lower())
    s = ''.join(c for c in s if unicodedata.category(c) != 'Mn').replace('đ', 'd')
    return ' '.join(re.sub(r'[^\w]+', ' ', s).split())

def facts(path):
    f = {'parents': [], 'optional': [], 'others': []}
    lines = open(path, encoding='utf-8').read().split('\n')
    mode = None
    for ln in lines:
        if ln.startswith('symbol:'):
            f['symbol'] = ln.split(':', 1)[1].strip(); mode = None
        elif ln.startswith('date of issue:'):
            f['date'] = ln.split(':', 1)[1].strip(); mode = None
        elif ln.startswith('issuer:'):
            f['issuer'] = re.sub(r'\s*\(.*$', '', ln.split(':', 1)[1]).strip(); mode = None
        elif ln.startswith('implements'):
            mode = 'parents'
        elif ln.startswith('other references:'):
            mode = None
            # symbols cited that are not parents
            f['others'] = re.findall(r'\b\d+[-/][\w/\-]*[A-Za-zĐđ]\w*', ln.split(':', 1)[1])
        elif mode == 'parents' and ln.startswith('  - '):
            m = re.match(r'  - (\(context\) )?(\S+?),?\s+(\d{4}-\d{2}-\d{2})?', ln)
            if m:
                (f['optional'] if m.group(1) else f['parents']).append((m.group(2), m.group(3)))
        elif not ln.startswith('  '):
            mode = None
    return f

def say(name, ok, why='', doc=None, key=None):
    known = KNOWN.get((doc.split(' (')[0] if doc else doc, key))
    if ok:
        print('ok ' + name)
    elif known:
        print('ok %s # known: %s (%s)' % (name, known, why))
    else:
        print('not ok %s: %s' % (name, why))

def build(path, name):
    """The tree apc builds from path, or None (said as a failure named name)."""
    out = subprocess.run(wrap + [apc, 'build', path], capture_output=True)
    try:
        return ET.fromstring(out.stdout)
    except ET.ParseError as e:
        say(name, False, 'no XML: %s %s' % (e, out.stderr[:300]))
        return None

for fn in sorted(os.listdir(root)):
    if not fn.endswith('.facts'):
        continue
    doc = fn[:-6]
    txt = os.path.join(root, doc + '.txt')
    f = facts(os.path.join(root, fn))
    src = as_variant(txt, doc)
    if variant:
        doc = '%s (%s)' % (doc, variant)
    if src is None:
        say('real %s: written' % doc, False, 'the %s copy could not be written' % variant)
        continue
    r = build(src, 'real %s: builds' % doc)
    if r is None:
        continue
    meta = r.find(N + 'meta')
    sym = meta.find(N + 'symbol')
    got = sym is not None and (sym.get('canonical') or (sym.text or '').strip())
    say('real %s: symbol %s' % (doc, f['symbol']), got == f['symbol'], 'got %r' % got, doc, 'symbol')
    date = meta.find(N + 'date')
    got = date is not None and date.get('iso')
    say('real %s: date %s' % (doc, f['date']), got == f['date'], 'got %r' % got, doc, 'date')
    iss = meta.find(N + 'issuer')
    got = iss is not None and (iss.get('name') or (iss.text or '').strip())
    say('real %s: issuer %s' % (doc, f['issuer']), bool(got) and fold(got) == fold(f['issuer']),
        'got %r' % got, doc, 'issuer')
    imp = {i.get('ref'): i.get('date') for i in r.findall(N + 'implements')}
    for ref, d in f['parents']:
        say('real %s: parent %s %s' % (doc, ref, d), ref in imp and imp[ref] == d,
            'implements %r' % sorted(imp.items()), doc, 'parent ' + ref)
    allowed = {ref for ref, _ in f['parents'] + f['optional']}
    extra = sorted(set(imp) - allowed)
    say('real %s: no other parent' % doc, not extra, 'also implements %s' % extra, doc, 'extra')
    say('real %s: own symbol is not a parent' % doc, f['symbol'] not in imp, 'implements itself', doc, 'own')
    for o in f['others']:
        say('real %s: %s is not a parent' % (doc, o), o not in imp, 'read as a parent', doc, 'other ' + o)
    # no false error; every caret inside its line
    chk = subprocess.run(wrap + [apc, 'check', '--format', 'json', src], capture_output=True)
    import json
    try:
        js = json.loads(chk.stdout)
    except ValueError:
        say('real %s: check gives JSON' % doc, False, chk.stdout[:200])
        continue
    diags = []
    def walk(x):
        if isinstance(x, dict):
            if 'rule' in x and 'severity' in x:
                diags.append(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(js)
    errs = [d for d in diags if d.get('severity') == 'error']
    say('real %s: no error' % doc, not errs, '; '.join('%s:%s %s' % (d.get('line'), d.get('column'), d.get('rule')) for d in errs), doc, 'errors')
    if variant:
        continue
    lines = open(txt, encoding='utf-8').read().split('\n')
    bad = []
    for d in diags:
        ln, col = d.get('line') or 0, d.get('column') or 0
        if ln and (ln > len(lines) or col > len(unicodedata.normalize('NFC', lines[ln - 1])) + 1):
            bad.append('%s:%s %s' % (ln, col, d.get('rule')))
    say('real %s: carets inside their lines' % doc, not bad, ' '.join(bad), doc, 'carets')

# ---- cases/: one minimal regression case per cause of issue 10, in the shape of a real line.
# NAME.want: 'symbol S', 'date D', 'place TEXT', 'issuer TEXT', 'issuer-line N', 'superior TEXT', 'section N TITLE', 'issuer-name TEXT', 'kind TEXT', 'title-ends TEXT',
# 'parent REF DATE', 'parent-issuer REF TEXT', 'no-parent REF', 'preamble-first TEXT' (the preamble's first block
# starts with it), 'no-preamble-text TEXT' (no block of the preamble holds it),
# 'article N TEXT' (a decision's article N, its block starting with TEXT), 'missions N' (missions in the sections
# of role missions), 'cites REF ROLE', 'diag ID [LINE]',
# 'no-diag ID [LINE]'.
cases = os.path.join(root, 'cases')
for fn in sorted(os.listdir(cases)) if os.path.isdir(cases) and not variant else []:
    if not fn.endswith('.want'):
        continue
    name = fn[:-5]
    txt = os.path.join(cases, name + '.txt')
    r = build(txt, 'case %s: builds' % name)
    if r is None:
        continue
    meta = r.find(N + 'meta')
    chk = subprocess.run(wrap + [apc, 'check', '--lang', 'en', txt], capture_output=True, text=True).stdout
    got_diags = re.findall(r':(\d+):\d+: (?:error|warning|note): .*\[([a-z0-9-]+)\]$', chk, re.M)
    def text(e):
        return ' '.join(''.join(e.itertext()).split()) if e is not None else None
    imp = {i.get('ref'): i for i in r.findall(N + 'implements')}
    cit = {i.get('ref'): i for i in r.findall(N + 'cites')}
    for want in open(os.path.join(cases, fn), encoding='utf-8').read().split('\n'):
        if not want.strip():
            continue
        key, _, val = want.partition(' ')
        t = 'case %s: %s' % (name, want)
        if key == 'symbol':
            e = meta.find(N + 'symbol'); g = e is not None and e.get('canonical')
            say(t, g == val, 'got %r' % g)
        elif key == 'date':
            e = meta.find(N + 'date'); g = e is not None and e.get('iso')
            say(t, g == val, 'got %r' % g)
        elif key == 'issuer':
            g = text(meta.find(N + 'issuer')); say(t, g == val, 'got %r' % g)
        elif key == 'place':
            g = text(meta.find(N + 'place')); say(t, g == val, 'got %r' % g)
        elif key == 'section':
            n_, _, want = val.partition(' ')
            sec = [x for x in r.findall(N + 'section') if x.get('n') == n_]
            g = text(sec[0].find(N + 'title')) if sec else None; say(t, g == want, 'got %r' % g)
        elif key == 'superior':
            g = text(meta.find(N + 'superior')); say(t, g == val, 'got %r' % g)
        elif key == 'issuer-line':
            e = meta.find(N + 'issuer'); g = e is not None and e.get(S + 'line'); say(t, g == val, 'got %r' % g)
        elif key == 'issuer-name':
            e = meta.find(N + 'issuer'); g = e is not None and e.get('name'); say(t, g == val, 'got %r' % g)
        elif key == 'kind':
            g = text(meta.find(N + 'kind')); say(t, g == val, 'got %r' % g)
        elif key == 'title-ends':
            g = text(meta.find(N + 'title')) or ''; say(t, g.endswith(val), 'got %r' % g[-80:])
        elif key == 'parent':
            ref, d = val.split()
            say(t, ref in imp and imp[ref].get('date') == d, 'implements %r' % {k: v.get('date') for k, v in imp.items()})
        elif key == 'parent-issuer':
            ref, iss = val.split(' ', 1)
            g = imp[ref].get('issuer') if ref in imp else None; say(t, g == iss, 'got %r' % g)
        elif key == 'preamble-first':
            pre = r.find(N + 'preamble'); g = text(pre[0]) if pre is not None and len(pre) else None
            say(t, g is not None and g.startswith(val), 'got %r' % (g or '')[:80])
        elif key == 'no-preamble-text':
            pre = r.find(N + 'preamble'); g = [text(b) for b in (pre if pre is not None else []) if val in text(b)]
            say(t, not g, 'in the preamble: %r' % (g[0][:80] if g else ''))
        elif key == 'missions':
            g = sum(len(x.findall(N + 'mission')) for x in r.findall(N + 'section') if x.get('role') == 'missions')
            say(t, str(g) == val, 'got %d' % g)
        elif key == 'article':
            n_, _, want = val.partition(' ')
            a = [b for b in r.iter(N + 'p') if b.get('id') == 'article-' + n_]
            g = text(a[0]) if a else None; say(t, g is not None and g.startswith(want), 'got %r' % (g or '')[:80])
        elif key == 'no-parent':
            say(t, val not in imp, 'read as a parent')
        elif key == 'cites':
            ref, role = val.split()
            say(t, ref in cit and cit[ref].get('role') == role, 'cites %r' % {k: v.get('role') for k, v in cit.items()})
        elif key == 'diag':
            parts = val.split()
            ok = any(d == parts[0] and (len(parts) == 1 or l == parts[1]) for l, d in got_diags)
            say(t, ok, 'got %r' % got_diags)
        elif key == 'no-diag':
            rule, _, at = val.partition(' ')
            say(t, all(d != rule or (at and l != at) for l, d in got_diags), 'got %r' % got_diags)
        else:
            say(t, False, 'unknown key')
