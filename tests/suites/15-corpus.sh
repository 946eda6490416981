#!/bin/sh
# The real program (../shared/corpus): the facts issue 3 lists, checked on the built XML,
# and the public acceptance script when it is there.
corpus=../shared/corpus/lao-cai-219-ctr-tu-2023.txt
if [ ! -f "$corpus" ]; then echo "ok corpus # skip: $corpus not present"; exit 0; fi
out=${TMPDIR:-/tmp}/apc-corpus.$$.xml
trap 'rm -f "$out"' EXIT
${APC_WRAP:-} "$APC" build "$corpus" -o "$out" 2>/dev/null
python3 - "$out" <<'PY'
import sys, xml.etree.ElementTree as ET
N = '{urn:apc:program:1}'
r = ET.parse(sys.argv[1]).getroot()
def t(e): return " ".join("".join(e.itertext()).split())
def check(name, cond):
    print(("ok " if cond else "not ok ") + name)
ms = r.findall('.//' + N + 'mission'); gs = r.findall('.//' + N + 'group'); ts = r.findall('.//' + N + 'task')
check("corpus: 5 missions", [m.get('n') for m in ms] == ['1', '2', '3', '4', '5'])
check("corpus: 5 groups I..V", [g.get('n') for g in gs] == ['I', 'II', 'III', 'IV', 'V'])
check("corpus: 22 tasks numbered 1..22", [x.get('n') for x in ts] == [str(i) for i in range(1, 23)])
check("corpus: every task exactly one lead with a ref", all(len(x.findall(N + 'lead')) == 1 and x.find(N + 'lead').get('ref') for x in ts))
T = {x.get('n'): x for x in ts}
check("corpus: task 9 ends 'nguồn gen quý, hiếm.'", t(T['9'].find(N + 'text')).endswith('nguồn gen quý, hiếm.'))
check("corpus: group IV title whole", t(gs[3].find(N + 'title')).endswith('nghiên cứu, phát triển và ứng dụng công nghệ sinh học'))
imp = r.findall(N + 'implements')
check("corpus: implements 36-NQ/TW of 2023-01-30", any(i.get('ref') == '36-NQ/TW' and i.get('date') == '2023-01-30' for i in imp))
meta = r.find(N + 'meta')
check("corpus: symbol 219-CTr/TU", meta.find(N + 'symbol') is not None and meta.find(N + 'symbol').get('canonical') == '219-CTr/TU')
check("corpus: date 2023-05-22", meta.find(N + 'date') is not None and meta.find(N + 'date').get('iso') == '2023-05-22')
leads = {x.find(N + 'lead').get('ref') for x in ts if t(x.find(N + 'lead')) == 'Ban Cán sự Đảng UBND tỉnh'}
check("corpus: one id for every 'Ban Cán sự Đảng UBND tỉnh' lead", len(leads) == 1)
d5 = [x.find(N + 'lead').get('ref') for x in ts if t(x.find(N + 'lead')) == 'Đảng Đoàn HĐND tỉnh']
p = [y.get('ref') for x in ts for y in x.findall(N + 'partner') if t(y).startswith('Đảng đoàn HĐND tỉnh')]
check("corpus: 'Đảng Đoàn HĐND tỉnh' and 'Đảng đoàn HĐND tỉnh' share one id", d5 and p and set(d5) == set(p))
tl = lambda n: T[n].find(N + 'timeline')
check("corpus: task 1 ends 2023-09-30", tl('1').get('end') == '2023-09-30')
check("corpus: task 2 starts 2023-07-01", tl('2').get('start') == '2023-07-01')
check("corpus: task 3 annual", tl('3').get('recurrence') == 'annual')
check("corpus: task 17 '2023 – 2030'", tl('17').get('start') == '2023-01-01' and tl('17').get('end') == '2030-12-31')
check("corpus: task 1 at line 150", T['1'].get('{urn:apc:source:1}line') == '150')
check("corpus: signature name", r.find(N + 'signature/' + N + 'name') is not None and t(r.find(N + 'signature/' + N + 'name')) == 'Đặng Xuân Phong')
check("corpus: paragraph joined across the page break (line 13)", any(t(x).find('yêu cầu phát triển kinh tế xã hội') >= 0 for x in r.iter(N + 'p')))
PY
if [ -x ../shared/accept/run ] && [ -z "${APC_WRAP:-}" ]; then
  ../shared/accept/run core >/dev/null 2>&1 && echo "ok accept core" || echo "not ok accept core: ../shared/accept/run core"
fi
