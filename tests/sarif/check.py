#!/usr/bin/env python3
"""tests/sarif/check.py: check apc's report output against its contract.

    check.py text OUTPUT       diagnostic lines, source lines, carets, summary
    check.py json OUTPUT       the JSON object documented in docs/ci.md
    check.py sarif OUTPUT      SARIF 2.1.0: the official OASIS schema and the stricter subset
                               beside this file, the schema named by $SARIF_SCHEMA when set,
                               and what a schema cannot say (rule indexes, base URIs)

Prints one line per problem and exits 1 when there is one; exits 3 when a tool it needs
(python3-jsonschema) is missing, so that the suite can skip instead of failing.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DIAG = re.compile(r'^(.+?):(\d+):(\d+): (error|warning|note|lỗi|cảnh báo|ghi chú): (.*) \[([a-z0-9-]+)\]$')
SEV = {'lỗi': 'error', 'cảnh báo': 'warning', 'ghi chú': 'note'}
FIXIT = re.compile(r'^(note|ghi chú): (replace|sửa|delete|xóa|insert|thêm) .*"( \((and \d+ more|và \d+ chỗ khác)\))?$')
SUMMARY_EN = re.compile(r'^(\d+) files?: (\d+) errors?, (\d+) warnings?, (\d+) notes?$')
SUMMARY_VI = re.compile(r'^(\d+) tệp: (\d+) lỗi, (\d+) cảnh báo, (\d+) ghi chú$')
problems = []


def bad(msg):
    problems.append(msg)


def width(ch):
    if unicodedata.combining(ch) or ch in '\u200b\u200c\u200d\u200e\u200f\ufeff':
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ('W', 'F') else 1


def source_lines(path, cache={}):
    if path not in cache:
        try:
            with open(path, 'rb') as f:
                data = f.read()
            text = data.decode('utf-8', 'replace').lstrip('\ufeff')
            text = text.replace('\r\n', '\n').replace('\r', '\n')
            cache[path] = [unicodedata.normalize('NFC', l) for l in text.split('\n')]
        except OSError:
            cache[path] = None
    return cache[path]


def check_text(lines):
    counts = {'error': 0, 'warning': 0, 'note': 0}
    i, ndiag, summary = 0, 0, None
    while i < len(lines):
        line = lines[i]
        m = DIAG.match(line)
        if m is None:
            if SUMMARY_EN.match(line) or SUMMARY_VI.match(line):
                summary = (SUMMARY_EN.match(line) or SUMMARY_VI.match(line)).groups()
                if i != len(lines) - 1:
                    bad('line %d: the summary is not the last line' % (i + 1))
            else:
                bad('line %d: neither a diagnostic nor a summary: %r' % (i + 1, line))
            i += 1
            continue
        ndiag += 1
        path, ln, col = m.group(1), int(m.group(2)), int(m.group(3))
        counts[SEV.get(m.group(4), m.group(4))] += 1
        if ln < 1 or col < 1:
            bad('line %d: line and column start at 1' % (i + 1))
        i += 1
        # A source line and a caret line follow, unless the diagnostic is about the file.
        if i + 1 < len(lines) and not DIAG.match(lines[i]) and re.match(r'^[ \t]*\^~*$', lines[i + 1]):
            shown, caret = lines[i], lines[i + 1]
            i += 2
            src = source_lines(path)
            trimmed = shown.startswith('...') or shown.endswith('...')
            if src is not None and ln <= len(src) and not trimmed and shown != src[ln - 1]:
                bad('%s:%d: the source line shown differs from the file: %r' % (path, ln, shown))
            if not trimmed:
                at = caret.index('^')
                want = sum(width(c) for c in shown[:col - 1]) if col - 1 <= len(shown) else None
                got = sum(1 for c in caret[:at])
                if want is not None and col - 1 <= len(shown) and got != want:
                    bad('%s:%d:%d: caret at display column %d, want %d' % (path, ln, col, got + 1, want + 1))
                for a, b in zip(shown, caret[:at]):
                    if (a == '\t') != (b == '\t'):
                        bad('%s:%d: tabs in the caret line do not follow the source line' % (path, ln))
                        break
        if i < len(lines) and FIXIT.match(lines[i]):
            i += 1    # the fix, under the caret
    if summary is None:
        bad('no summary line at the end')
    else:
        _, e, w, n = (int(x) for x in summary)
        if (e, w, n) != (counts['error'], counts['warning'], counts['note']):
            bad('summary says %d/%d/%d, the diagnostics are %d/%d/%d' %
                (e, w, n, counts['error'], counts['warning'], counts['note']))
    return ndiag


def check_coverage(cov, where):
    """--coverage as data (docs/ci.md): per parent, its missions and the program's paired."""
    if not isinstance(cov, list):
        bad('%s is not an array' % where)
        return
    for k, p in enumerate(cov):
        w = '%s[%d]' % (where, k)
        if not isinstance(p, dict) or not isinstance(p.get('parent'), str) or \
                not isinstance(p.get('inLibrary'), bool) or not isinstance(p.get('pairing'), list):
            bad('%s: not {"parent", "inLibrary", "pairing", ...}' % w)
            continue
        if p.get('missions') != len(p['pairing']):
            bad('%s: "missions" %r, the pairing has %d' % (w, p.get('missions'), len(p['pairing'])))
        covered = 0
        for m in p['pairing']:
            if not isinstance(m.get('mission'), str) or not isinstance(m.get('coveredBy'), list):
                bad('%s: pairing %r' % (w, m))
                continue
            covered += bool(m['coveredBy'])
            for b in m['coveredBy']:
                if not isinstance(b.get('line'), int) or not isinstance(b.get('tasks'), int):
                    bad('%s: coveredBy %r' % (w, b))
        if p.get('covered') != covered:
            bad('%s: "covered" %r, the pairing covers %d' % (w, p.get('covered'), covered))


def check_json(doc):
    def want(obj, keys, where):
        for k, types in keys.items():
            if k not in obj:
                bad('%s: no "%s"' % (where, k))
            elif not isinstance(obj[k], types):
                bad('%s: "%s" is %r' % (where, k, obj[k]))

    want(doc, {'version': int, 'tool': str, 'files': list, 'diagnostics': list, 'summary': dict}, 'top')
    if doc.get('version') != 1 or doc.get('tool') != 'apc':
        bad('top: version 1 and tool "apc" expected')
    opt_str = (str, type(None))
    counts = {'error': 0, 'warning': 0, 'note': 0}
    per_file = {}
    for i, d in enumerate(doc.get('diagnostics', [])):
        want(d, {'file': str, 'line': int, 'column': int, 'endColumn': (int, type(None)),
                 'severity': str, 'rule': str, 'message': str}, 'diagnostics[%d]' % i)
        if d.get('severity') not in counts:
            bad('diagnostics[%d]: severity %r' % (i, d.get('severity')))
            continue
        counts[d['severity']] += 1
        per_file.setdefault(d['file'], {'error': 0, 'warning': 0, 'note': 0})[d['severity']] += 1
        if d['line'] < 1 or d['column'] < 1 or (d['endColumn'] is not None and d['endColumn'] <= d['column']):
            bad('diagnostics[%d]: bad position %r' % (i, d))
        # the fix: null, or one replacement and, when it changes several places, "more" of them
        fix = d.get('fix')
        if fix is not None:
            for k, x in enumerate([fix] + list(fix.get('more', []) if isinstance(fix, dict) else [])):
                where = 'diagnostics[%d].fix%s' % (i, '' if k == 0 else '.more[%d]' % (k - 1))
                if not isinstance(x, dict):
                    bad('%s is %r' % (where, x))
                    continue
                want(x, {'line': int, 'column': int, 'endColumn': int, 'replacement': str}, where)
                if x.get('line', 0) < 1 or x.get('column', 0) < 1 or x.get('endColumn', 0) < x.get('column', 0):
                    bad('%s: bad position %r' % (where, x))
    for i, f in enumerate(doc.get('files', [])):
        want(f, {'path': str, 'symbol': opt_str, 'date': opt_str, 'parents': list, 'errors': int,
                 'warnings': int, 'notes': int, 'failed': bool}, 'files[%d]' % i)
        c = per_file.get(f.get('path'), {'error': 0, 'warning': 0, 'note': 0})
        if (f.get('errors'), f.get('warnings'), f.get('notes')) != (c['error'], c['warning'], c['note']):
            bad('files[%d]: counts differ from its diagnostics' % i)
        if f.get('date') is not None and not re.match(r'^\d{4}-\d{2}-\d{2}$', f['date']):
            bad('files[%d]: date %r is not ISO' % (i, f['date']))
        for p in f.get('parents', []):
            if not isinstance(p, dict) or 'ref' not in p or 'date' not in p:
                bad('files[%d]: parent %r is not {"ref", "date"}' % (i, p))
        if 'coverage' in f:
            check_coverage(f['coverage'], 'files[%d].coverage' % i)
    s = doc.get('summary', {})
    want(s, {'files': int, 'errors': int, 'warnings': int, 'notes': int, 'failed': int, 'exitStatus': int}, 'summary')
    if (s.get('errors'), s.get('warnings'), s.get('notes')) != (counts['error'], counts['warning'], counts['note']):
        bad('summary: counts differ from the diagnostics')
    if s.get('files') != len(doc.get('files', [])):
        bad('summary: files %r, the array has %d' % (s.get('files'), len(doc.get('files', []))))


def check_sarif(doc):
    try:
        import jsonschema
    except ImportError:
        print('python3-jsonschema is not installed')
        sys.exit(3)
    schemas = [os.path.join(HERE, 'sarif-2.1.0-subset.schema.json'),
               os.path.join(HERE, 'sarif-schema-2.1.0.json')]
    if os.environ.get('SARIF_SCHEMA'):
        schemas.append(os.environ['SARIF_SCHEMA'])
    for path in schemas:
        with open(path) as f:
            schema = json.load(f)
        v = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
        for e in sorted(v.iter_errors(doc), key=lambda e: list(e.path)):
            bad('%s: %s: %s' % (os.path.basename(path), '/'.join(str(p) for p in e.path), e.message))
    for r, run in enumerate(doc.get('runs', [])):
        rules = run.get('tool', {}).get('driver', {}).get('rules', [])
        ids = [x.get('id') for x in rules]
        if len(set(ids)) != len(ids):
            bad('runs[%d]: a rule is described twice' % r)
        bases = run.get('originalUriBaseIds', {})
        for k, v in bases.items():
            if not v.get('uri', '').startswith('file:///') or not v['uri'].endswith('/'):
                bad('runs[%d]: originalUriBaseIds %s must be an absolute URI ending in /' % (r, k))
        for x in rules:
            if not x.get('helpUri', '').endswith('#' + x.get('id', '')):
                bad('runs[%d]: rule %s: helpUri %r does not name it' % (r, x.get('id'), x.get('helpUri')))
            for k in ('shortDescription', 'fullDescription', 'help'):
                if not x.get(k, {}).get('text'):
                    bad('runs[%d]: rule %s has no %s' % (r, x.get('id'), k))
        used = set()
        for i, res in enumerate(run.get('results', [])):
            k = res.get('ruleIndex')
            if k is None or not 0 <= k < len(rules) or rules[k].get('id') != res.get('ruleId'):
                bad('results[%d]: ruleIndex %r does not point at rule %r' % (i, k, res.get('ruleId')))
            used.add(res.get('ruleId'))
            if res.get('level') not in ('error', 'warning', 'note'):
                bad('results[%d]: level %r' % (i, res.get('level')))
            for loc in res.get('locations', []):
                al = loc.get('physicalLocation', {}).get('artifactLocation', {})
                base = al.get('uriBaseId')
                if base is not None and (base not in bases or al.get('uri', '').startswith('/')):
                    bad('results[%d]: uri %r with base %r' % (i, al.get('uri'), base))
                if base is None and not al.get('uri', '').startswith('file:///'):
                    bad('results[%d]: uri %r neither relative to a base nor absolute' % (i, al.get('uri')))
                if re.search(r'[^A-Za-z0-9\-._~/%:]', al.get('uri', '')):
                    bad('results[%d]: uri %r is not percent-encoded' % (i, al.get('uri')))
        for c in run.get('properties', {}).get('coverage', []):
            check_coverage(c.get('parents'), 'runs[%d].properties.coverage' % r)
        if used != set(ids):
            bad('runs[%d]: rules described but not used, or used but not described: %r' %
                (r, sorted(set(ids) ^ used)))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ('text', 'json', 'sarif'):
        print(__doc__.strip().split('\n\n')[1], file=sys.stderr)
        return 2
    with open(sys.argv[2], 'rb') as f:
        data = f.read().decode('utf-8')
    if sys.argv[1] == 'text':
        check_text(data.split('\n')[:-1] if data.endswith('\n') else data.split('\n'))
    else:
        try:
            doc = json.loads(data)
        except ValueError as e:
            print('not JSON: %s' % e)
            return 1
        (check_json if sys.argv[1] == 'json' else check_sarif)(doc)
    for p in problems[:20]:
        print(p)
    if len(problems) > 20:
        print('... and %d more' % (len(problems) - 20))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
