#!/bin/sh
# tests/suites/55-publish.sh: the published page says what the signed text says (issue 13).
# Fidelity of HTML and PDF to the source (tests/render/fidelity.py), numbered points and recipients
# as written, page words in the document's language, the header as the standard lays it, the
# charts (Gantt axis and bars, agency matrix), the index, the PDF's charts, bookmarks, links and
# tags, and the page in a real browser at 390 and 1280 px (tests/render/browser.py).
# Prints "ok NAME" / "not ok NAME: why". APC_QUICK=1 skips FOP and Chromium; without them the
# tests that need them print a skip line. Screenshots: $APC_ARTEFACTS (default build/artefacts).
: "${APC:=build/apc}"
art=${APC_ARTEFACTS:-build/artefacts}
. tests/render/suite.sh
# the source line of the document's kind: where the header ends
header_end() { "$APC" build "$1" 2>/dev/null | grep -o '<kind src:line="[0-9]*"' | grep -o '[0-9][0-9]*' | head -1; }

sources=""
for f in "$corpus" examples/*.txt; do [ -f "$f" ] && sources="$sources $f"; done

# ---- fidelity of the HTML: every word of the source, in order ----
for src in $sources; do
  name=$(basename "$src"); name=${name%.*}
  out=$tmp/$name.html
  if ! render "$src" html "$out"; then nok "fidelity html $name" "render failed: $(head -c 200 "$out.err")"; continue; fi
  why=$(python3 tests/render/fidelity.py "$src" "$out" --html --header "$(header_end "$src")") \
    && ok "fidelity html $name" || nok "fidelity html $name" "$why"
done

# ---- the .docx twins (tests/docx/make-docx.py) publish the same words as their text ----
if [ -f tests/docx/make-docx.py ]; then
  for src in $sources; do
    name=$(basename "$src" .txt)
    d=$tmp/$name.docx out=$tmp/$name.docx.html
    if ! python3 tests/docx/make-docx.py "$src" "$d" >"$d.mk" 2>&1; then nok "fidelity docx html $name" "no twin: $(head -c 200 "$d.mk")"; continue; fi
    if ! render "$d" html "$out"; then nok "fidelity docx html $name" "render failed: $(head -c 200 "$out.err")"; continue; fi
    why=$(python3 tests/render/fidelity.py "$src" "$out" --html --header "$(header_end "$src")") \
      && ok "fidelity docx html $name" || nok "fidelity docx html $name" "$why"
  done
fi

# ---- 1. numbered points keep their numbers, as the source writes them ----
u=$tmp/ubnd-ke-hoach.html
grep -q '<span class="num">4\.</span> Đề nghị Ủy ban MTTQ' "$u" && ok "numbered point keeps its number" || nok "numbered point keeps its number" "no '4. Đề nghị'"
if [ -f "$corpus" ]; then
  n=$(sed -n '/id="section-IV"/,/<\/section><\/article>/p' "$tmp/lao-cai-219-ctr-tu-2023.html" | grep -o '<span class="num">[1-6]\.</span>' | wc -l)
  [ "$n" = 6 ] && ok "corpus section IV points 1-6" || nok "corpus section IV points 1-6" "$n numbers"
fi
w=$tmp/numbers.html
if render tests/golden/numbers-as-written.txt html "$w"; then
  has "$w" '<span class="num">1)</span>' && has "$w" '<span class="num">2 -</span>' \
    && ok "number as written (1), 2 -)" || nok "number as written (1), 2 -)" "$(grep -o '<span class="num">[^<]*' "$w" | tr '\n' ' ')"
else nok "number as written (1), 2 -)" "render failed"; fi

# ---- 2. recipients keep their punctuation ----
has "$u" '- Văn phòng Chính phủ;' && has "$u" '- Lưu: VT, KGVX.' \
  && ok "recipients keep punctuation" || nok "recipients keep punctuation" "'; ' or '.' lost"

# ---- 5. page words follow the document, not the locale; --lang overrides ----
l1=$tmp/locale.html l2=$tmp/en.html
LC_ALL=C.UTF-8 LANG=C.UTF-8 "$APC" render examples/tinh-uy-program.txt -f html -o "$l1" 2>/dev/null
LC_ALL=en_US.UTF-8 LANG=en_US.UTF-8 "$APC" render examples/tinh-uy-program.txt -f html -o "$l1.en" 2>/dev/null
"$APC" render --lang en examples/tinh-uy-program.txt -f html -o "$l2" 2>/dev/null
if has "$l1" '>Biểu đồ<' && has "$l1.en" '>Biểu đồ<' && ! has "$l1" '>Charts<' && has "$l2" '>Charts<'; then
  ok "page words follow the document"
else nok "page words follow the document" "C: $(grep -o '>Charts<\|>Biểu đồ<' "$l1" | head -1), --lang en: $(grep -o '>Charts<' "$l2" | head -1)"; fi

# ---- 8, 9. the header: missing parts shown in review mode; issuer and symbol broken as the standard does ----
grep -q '<p class="issuer">ỦY BAN NHÂN DÂN<br>TỈNH QUẢNG TRỊ</p>' "$u" && ok "state issuer on two lines" || nok "state issuer on two lines" "$(grep -o '<p class="issuer">[^/]*' "$u")"
# the issuer broken where the source breaks it, in HTML and XSL-FO (issuer/@lines), whatever the
# standard's table of prefixes would do; one source line: the standard's break
for v in "BỘ KHOA HỌC|VÀ CÔNG NGHỆ" "ỦY BAN NHÂN DÂN TỈNH|QUẢNG TRỊ"; do
  l1=${v%|*} l2=${v#*|}
  { printf '%s\n%s\n' "$l1" "$l2"; tail -n +3 examples/ubnd-ke-hoach.txt; } >"$tmp/issuer.txt"
  render "$tmp/issuer.txt" html "$tmp/issuer.html"; render "$tmp/issuer.txt" fo "$tmp/issuer.fo"
  if has "$tmp/issuer.html" "<p class=\"issuer\">$l1<br>$l2</p>" && has "$tmp/issuer.fo" ">$l1</fo:block>" && has "$tmp/issuer.fo" ">$l2</fo:block>"; then
    ok "issuer lines as the source: $l1 / $l2"
  else nok "issuer lines as the source: $l1 / $l2" "$(grep -o '<p class="issuer">[^/]*/[^/]*' "$tmp/issuer.html")"; fi
done
{ echo "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"; tail -n +3 examples/ubnd-ke-hoach.txt; } >"$tmp/issuer.txt"
render "$tmp/issuer.txt" html "$tmp/issuer.html"
has "$tmp/issuer.html" '<p class="issuer">ỦY BAN NHÂN DÂN<br>TỈNH QUẢNG TRỊ</p>' && ok "issuer on one source line: the standard's break" \
  || nok "issuer on one source line: the standard's break" "$(grep -o '<p class="issuer">[^/]*/[^/]*' "$tmp/issuer.html")"
# a cited document's symbol is not broken at its hyphen either (title and preamble, HTML and XSL-FO)
render examples/ubnd-ke-hoach.txt fo "$tmp/ubnd.fo"
if has "$u" 'Nghị quyết số <span class="nowrap">189/NQ-CP</span> ngày 16/11/2023' && has "$u" 'Nghị quyết số <span class="nowrap">36-NQ/TW</span>' \
   && has "$u" 'Quyết định số <span class="nowrap">3268/QĐ-BKHCN</span>' \
   && has "$tmp/ubnd.fo" '<fo:inline keep-together.within-line="always">36-NQ/TW</fo:inline>'; then
  ok "cited symbols do not wrap"
else nok "cited symbols do not wrap" "no nowrap around 189/NQ-CP, 36-NQ/TW or 3268/QĐ-BKHCN"; fi
grep -q '<span class="nowrap">Số: 166/KH-UBND</span>' "$u" && ok "symbol does not wrap" || nok "symbol does not wrap" "no nowrap span"
if [ -f "$corpus" ]; then
  a=$tmp/annotated.html p=$tmp/lao-cai-219-ctr-tu-2023.html
  render "$corpus" html "$a" --annotate
  if has "$a" 'class="missing">[Văn bản nguồn thiếu: tên cơ quan ban hành]' && has "$a" 'địa danh]' && ! has "$p" 'class="missing"'; then
    ok "missing header parts shown in review mode only"
  else nok "missing header parts shown in review mode only" "$(grep -o 'class="missing">[^<]*' "$a" "$p" | head -3 | tr '\n' ' ')"; fi
fi

# ---- 6, 7. the charts ----
if [ -f "$corpus" ]; then
  why=$(python3 - "$tmp/lao-cai-219-ctr-tu-2023.html" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
g = re.search(r'<svg[^>]*class="gantt".*?</svg>', s, re.S).group(0).split('<g class="legend"')[0]
bad = []
years = [int(y) for y in re.findall(r'class="year"[^>]*>(\d{4})<', g)]
if not years or max(years) > 2030: bad.append("axis runs to %s (vision years stretch it)" % (max(years) if years else None))
xs = [float(x) for x in re.findall(r'<text x="([\d.]+)"[^>]*class="year"', g)]
if xs and max(xs) + 16 > 960: bad.append("last year label at x=%s touches the edge" % max(xs))
iss = re.search(r'<line x1="([\d.]+)"[^>]*class="m-issued"', g)
if iss:
    x0 = float(iss.group(1))
    early = [x for x in re.findall(r'<rect x="([\d.]+)"[^>]*class="bar-[a-z]+"', g) if float(x) < x0 - 0.01]
    if early: bad.append("%d bars start before the issue date" % len(early))
else: bad.append("no issue-date line")
for t in re.findall(r'class="g-group">\s*<title>[^<]*</title>([^<]*)<', g):
    if len(t.strip()) > 50: bad.append("group label runs into the plot: %s" % t.strip()[:30])
m = re.search(r'<svg[^>]*class="matrix".*?</svg>', s, re.S).group(0)
labels = re.findall(r'class="mx-label"><title>([^<]*)</title>', m)
if len(labels) != len(set(l.casefold() for l in labels)): bad.append("an agency on two rows")
low = [l for l in labels if l[:1].islower()]
if low: bad.append("lower-case agency names: %s" % low[:2])
groups = re.findall(r'class="mx-group"[^>]*>([^<]*)<', m)
if groups != ["I", "II", "III", "IV", "V"]: bad.append("matrix group marks %s" % groups)
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
) && ok "gantt and matrix" || nok "gantt and matrix" "$why"
fi

# ---- 12. the page links to its PDF when one is published beside it ----
mkdir -p "$tmp/pub"
"$APC" render examples/ubnd-ke-hoach.txt -f html -o "$tmp/pub/kh.html" 2>/dev/null
: >"$tmp/pub/kh2.pdf"
"$APC" render examples/ubnd-ke-hoach.txt -f html -o "$tmp/pub/kh2.html" 2>/dev/null
if has "$tmp/pub/kh2.html" '<a href="kh2.pdf" type="application/pdf">' && ! has "$tmp/pub/kh.html" 'application/pdf'; then
  ok "link to the PDF beside the page"
else nok "link to the PDF beside the page" "link missing, or made with no PDF"; fi

# ---- 12. a cited parent links to its own page: in the same tree, or the library's page ----
rm -rf "$tmp/fam" "$tmp/fam-out" "$tmp/plib"
mkdir -p "$tmp/fam/tinh" "$tmp/fam/huyen/xa" "$tmp/plib"
cp examples/tinh-uy-program.txt "$tmp/fam/tinh/"
cp tests/parents/district-full.txt "$tmp/fam/huyen/xa/"
"$APC" render "$tmp/fam" -o "$tmp/fam-out" >/dev/null 2>&1
child=$tmp/fam-out/huyen/xa/district-full.html parent=$tmp/fam-out/tinh/tinh-uy-program.html
if has "$child" '<a class="parent" href="../../tinh/tinh-uy-program.html">Chương trình số <span class="nowrap">45-CTr/TU</span> ngày 12/6/2023' \
   && [ -s "$parent" ] && ! has "$parent" 'class="parent"'; then
  ok "tree: the child's page links its parent's page"
else nok "tree: the child's page links its parent's page" "$(grep -o '<a class="parent"[^>]*>' "$child" | head -1)"; fi
# the same parent symbol on another date is another document: no link
sed 's/ngày 12 tháng 6 năm 2023/ngày 12 tháng 6 năm 2021/; s|12/6/2023|12/6/2021|' examples/tinh-uy-program.txt >"$tmp/fam/tinh/tinh-uy-program.txt"
rm -rf "$tmp/fam-out"
"$APC" render "$tmp/fam" -o "$tmp/fam-out" >/dev/null 2>&1
[ -s "$child" ] && ! has "$child" 'class="parent"' && ok "tree: a parent of another date is not linked" \
  || nok "tree: a parent of another date is not linked" "linked"
# the library's page for a parent (parent/@page), an http(s) address only
sed 's|symbol="36-NQ/TW" kind="Nghị quyết">|symbol="36-NQ/TW" kind="Nghị quyết" page="https://example.org/nq/36-nq-tw.html">|' \
  library/parents/36-nq-tw-2023.xml >"$tmp/plib/36.xml"
"$APC" render --library "$tmp/plib" examples/tinh-uy-program.txt -f html -o "$tmp/plib.html" 2>/dev/null
"$APC" render --library "$tmp/plib" examples/tinh-uy-program.txt -f fo -o "$tmp/plib.fo" 2>/dev/null
"$APC" render examples/tinh-uy-program.txt -f html -o "$tmp/nolib.html" 2>/dev/null
if has "$tmp/plib.html" '<a class="parent" href="https://example.org/nq/36-nq-tw.html">Nghị quyết số <span class="nowrap">36-NQ/TW</span> ngày 30/01/2023' \
   && has "$tmp/plib.fo" "external-destination=\"url('https://example.org/nq/36-nq-tw.html')\"" \
   && [ -s "$tmp/nolib.html" ] && ! has "$tmp/nolib.html" 'class="parent"'; then
  ok "library: a parent's page is linked, none without one"
else nok "library: a parent's page is linked, none without one" "link missing in HTML or XSL-FO, or made without a page"; fi
sed 's|page="https://example.org/nq/36-nq-tw.html"|page="javascript:alert(1)"|' "$tmp/plib/36.xml" >"$tmp/plib/36.x" && mv "$tmp/plib/36.x" "$tmp/plib/36.xml"
"$APC" render --library "$tmp/plib" examples/tinh-uy-program.txt -f html -o "$tmp/plib2.html" 2>/dev/null
[ -s "$tmp/plib2.html" ] && ! has "$tmp/plib2.html" 'javascript:' && ok "library: a page that is not http(s) is not linked" \
  || nok "library: a page that is not http(s) is not linked" "linked"

# ---- 7. the matrix names each registered agency as the registry does ----
if [ -f "$corpus" ]; then
  "$APC" build "$corpus" -o "$tmp/corpus.xml" 2>/dev/null
  why=$(python3 - "$tmp/lao-cai-219-ctr-tu-2023.html" "$tmp/corpus.xml" library/agencies.xml <<'EOF'
import re, sys
import xml.etree.ElementTree as ET
page = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<svg[^>]*class="matrix".*?</svg>', page, re.S).group(0)
labels = set(re.findall(r'class="mx-label"><title>([^<]*)</title>', m))
refs = set(re.findall(r'<(?:lead|partner)\b[^>]*\bref="([^"]+)"', open(sys.argv[2], encoding="utf-8").read()))
names = {a.get("id"): (a.findtext("{*}name") or a.findtext("name")) for a in ET.parse(sys.argv[3]).getroot().iter() if a.tag.endswith("agency")}
lost = [names[r] for r in refs if r in names and names[r] not in labels]
print("not named as registered: %s" % "; ".join(lost[:3]) if lost else "")
sys.exit(1 if lost or not refs else 0)
EOF
) && ok "matrix: registry names" || nok "matrix: registry names" "$why"
fi

# ---- 10. the index ----
rm -rf "$tmp/tree" "$tmp/review"
"$APC" render examples -f html -o "$tmp/tree" >/dev/null 2>&1
"$APC" render --annotate examples -f html -o "$tmp/review" >/dev/null 2>&1
i=$tmp/tree/index.html r=$tmp/review/index.html
if [ -s "$i" ] && [ -s "$r" ]; then
  why=""
  has "$i" '<td>Kế hoạch</td>' && has "$i" '<td>Chương trình</td>' || why="$why no type in words;"
  grep -q '<td>KH \|<td>CTr ' "$i" && why="$why title starts with a code;"
  has "$i" '>Lỗi<' && why="$why error counts on the public index;"
  has "$i" 'examples/' && why="$why source paths on the public index;"
  has "$r" '>Lỗi<' || why="$why no counts in review mode;"
  has "$i" 'id="q"' && has "$i" 'aria-sort' || why="$why no search or sorting;"
  has "$i" 'id="f-issuer"' && has "$i" 'id="f-parent"' || why="$why no issuer or parent filter;"
  [ -z "$why" ] && ok "index page" || nok "index page" "$why"
else nok "index page" "no index rendered"; fi

# ---- 4, 11. PDF: fidelity, charts, bookmarks, links, tags (FOP) ----
if quick; then skip "pdf publishing" "APC_QUICK"
elif ! command -v fop >/dev/null 2>&1 && [ -z "${APC_FOP:-}" ]; then skip "pdf publishing" "fop not installed"
else
  for src in $sources; do
    name=$(basename "$src" .txt)
    pdf=$tmp/$name.pdf
    if [ -s "$tmp/$name.docx" ]; then   # the twin's PDF too
      if render "$tmp/$name.docx" pdf "$tmp/$name.docx.pdf" && pdftotext -raw "$tmp/$name.docx.pdf" "$tmp/$name.docx.pdf.txt"; then
        why=$(python3 tests/render/fidelity.py "$src" "$tmp/$name.docx.pdf.txt" --header "$(header_end "$src")") \
          && ok "fidelity docx pdf $name" || nok "fidelity docx pdf $name" "$why"
      else nok "fidelity docx pdf $name" "render failed: $(head -c 200 "$tmp/$name.docx.pdf.err")"; fi
    fi
    if ! render "$src" pdf "$pdf"; then nok "fidelity pdf $name" "render failed: $(head -c 200 "$pdf.err")"; continue; fi
    pdftotext -raw "$pdf" "$tmp/$name.pdf.txt"
    why=$(python3 tests/render/fidelity.py "$src" "$tmp/$name.pdf.txt" --header "$(header_end "$src")") \
      && ok "fidelity pdf $name" || nok "fidelity pdf $name" "$why"
    info=$(pdfinfo "$pdf")
    why=""
    echo "$info" | grep -q '^Tagged: *yes' || why="$why not tagged;"
    echo "$info" | grep -Eq '^Page size: *595\.2[0-9]* x 841\.8[0-9]* pts \(A4\)' || why="$why not A4;"
    grep -aq '/Outlines' "$pdf" || why="$why no bookmarks;"
    grep -aq '/StructTreeRoot' "$pdf" || why="$why no structure tree;"
    pdffonts "$pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit bad }' || why="$why a font not embedded;"
    has "$tmp/$name.pdf.txt" 'Biểu đồ' && has "$tmp/$name.pdf.txt" 'Tiến độ thực hiện các nhiệm vụ trong phụ lục' || why="$why no charts;"
    [ -z "$why" ] && ok "pdf structure $name" || nok "pdf structure $name" "$why"
  done
  up=$tmp/ubnd-ke-hoach.pdf.txt
  if [ -s "$up" ]; then
    grep -q -- '- Văn phòng Chính phủ;' "$up" && grep -q -- '- Lưu: VT, KGVX\.' "$up" && grep -q '^4\. Đề nghị Ủy ban MTTQ' "$up" \
      && ok "pdf: recipients' punctuation and points' numbers" || nok "pdf: recipients' punctuation and points' numbers" "lost in the PDF"
  fi
  if [ -s "$tmp/lao-cai-219-ctr-tu-2023.pdf" ]; then
    c=$tmp/lao-cai-219-ctr-tu-2023.pdf
    links=$(grep -ac '/Subtype /Link' "$c")
    [ "$links" -ge 5 ] && ok "pdf links (appendix groups to missions)" || nok "pdf links (appendix groups to missions)" "$links links"
    # the matrix's first agency, as the HTML names it, is drawn in the PDF too
    first=$(grep -o 'class="mx-label"><title>[^<]*' "$tmp/lao-cai-219-ctr-tu-2023.html" | head -1 | sed 's/.*<title>//')
    [ -n "$first" ] && grep -q -F "$first" "$tmp/lao-cai-219-ctr-tu-2023.pdf.txt" && grep -q 'Trách nhiệm của các cơ quan' "$tmp/lao-cai-219-ctr-tu-2023.pdf.txt" \
      && ok "pdf matrix chart" || nok "pdf matrix chart" "no matrix text ($first)"
  fi
fi

# ---- 3. a real browser: 390 and 1280 px; innerText fidelity; print keeps the charts' heading with a chart ----
if quick; then skip "browser" "APC_QUICK"
elif ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM:-}" ]; then skip "browser" "chromium not installed"
else
  mkdir -p "$art"
  for src in "$corpus" examples/ubnd-ke-hoach.txt; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .txt)
    timeout 180 python3 tests/render/browser.py "$tmp/$name.html" "$art" 390 1280 >"$tmp/browser.out" 2>&1
    rc=$?
    if [ $rc = 77 ]; then skip "browser $name" "$(cat "$tmp/browser.out")"; continue; fi
    if [ $rc != 0 ]; then nok "browser $name" "$(head -c 300 "$tmp/browser.out")"; continue; fi
    why=$(python3 - "$art/$name-390.json" "$art/$name-1280.json" <<'EOF'
import json, sys
bad = []
for path in sys.argv[1:]:
    d = json.load(open(path, encoding="utf-8"))
    w = d["viewport"]
    if d["scrollWidth"] > w: bad.append("%dpx: the page scrolls %dpx wide" % (w, d["scrollWidth"]))
    for k in ("left", "right", "kind", "summary"):
        b = d.get(k)
        if b and (b["left"] < 0 or b["right"] > w + 0.5 or b["scrollWidth"] > b["clientWidth"] + 1):
            bad.append("%dpx: %s cut off (%d..%d)" % (w, k, b["left"], b["right"]))
    t, tb = d.get("table"), d.get("tableBox")
    if tb and tb["right"] > w + 0.5: bad.append("%dpx: the appendix box is wider than the screen" % w)
    if w < 600 and tb and not (tb["overflowX"] in ("auto", "scroll") and tb["scrollWidth"] > tb["clientWidth"]):
        bad.append("%dpx: the appendix does not scroll in its own box" % w)
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
) && ok "browser 390/1280 $name" || nok "browser 390/1280 $name" "$why"
    python3 -c 'import json,sys; open(sys.argv[2],"w",encoding="utf-8").write(json.load(open(sys.argv[1],encoding="utf-8"))["innerText"])' \
      "$art/$name-1280.json" "$tmp/$name.inner.txt"
    why=$(python3 tests/render/fidelity.py "$src" "$tmp/$name.inner.txt" --header "$(header_end "$src")") \
      && ok "fidelity innerText $name" || nok "fidelity innerText $name" "$why"
  done
  if [ -s "$tmp/lao-cai-219-ctr-tu-2023.html" ]; then
    prof=$(mktemp -d "$tmp/chromium.XXXXXX")
    timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --user-data-dir="$prof" --no-pdf-header-footer \
      --print-to-pdf="$tmp/print.pdf" "file://$tmp/lao-cai-219-ctr-tu-2023.html" >/dev/null 2>&1
    if [ -s "$tmp/print.pdf" ]; then
      pages=$(pdfinfo "$tmp/print.pdf" | awk '/^Pages:/ { print $2 }')
      alone=""
      p=1
      while [ "$p" -le "$pages" ]; do
        t=$(pdftotext -f $p -l $p -raw "$tmp/print.pdf" - 2>/dev/null)
        if echo "$t" | grep -qx 'Biểu đồ' && ! echo "$t" | grep -q 'Tiến độ thực hiện'; then alone="page $p"; fi
        p=$((p + 1))
      done
      [ -z "$alone" ] && ok "browser print: charts heading with its chart" || nok "browser print: charts heading with its chart" "heading alone on $alone"
    else nok "browser print: charts heading with its chart" "no PDF"; fi
  fi
fi
exit 0
