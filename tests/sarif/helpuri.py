#!/usr/bin/env python3
"""tests/sarif/helpuri.py SARIF [PAGE]: every rule's helpUri opens a file that has the rule's
anchor, and help.markdown links to it; with PAGE, the URI names that page (apc.vi.1.html).
Prints one line per problem, nothing when all is well."""
import json, sys, urllib.parse

d = json.load(open(sys.argv[1]))
want = sys.argv[2] if len(sys.argv) > 2 else None
for r in d['runs'][0]['tool']['driver']['rules']:
    u = r['helpUri']
    page, _, frag = u.partition('#')
    if not page.startswith('file://'):
        print('not a file URI: %s' % u); continue
    if want and not page.endswith('/' + want):
        print('not %s: %s' % (want, u)); continue
    path = urllib.parse.unquote(page[len('file://'):])
    try:
        html = open(path, encoding='utf-8').read()
    except OSError as e:
        print('%s: %s' % (u, e)); continue
    if 'id="%s"' % frag not in html:
        print('%s: no anchor %s' % (path, frag))
    if '](' + u + ')' not in r['help'].get('markdown', ''):
        print('%s: help.markdown does not link to it' % r['id'])
