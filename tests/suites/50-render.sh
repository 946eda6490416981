#!/bin/sh
# tests/suites/50-render.sh: publishing (apc render -> HTML, XSL-FO, PDF).
# Prints "ok NAME" / "not ok NAME: why" per test. Run from the repository root by tests/run.
# Environment: APC (binary), APC_WRAP (e.g. valgrind), APC_QUICK=1 skips vnu, Chromium and FOP,
# REGEN=1 rewrites the golden pages tests/render/<example>.html (then review `git diff`).
# The corpus program is ../shared/corpus/lao-cai-219-ctr-tu-2023.txt (skipped when absent).
: "${APC:=build/apc}"
. tests/render/suite.sh
render_vi() { render "$@" --lang vi; }

# ---- every page: the corpus, every example, the markup fixture ----
pages=""
for src in "$corpus" examples/*.txt tests/render/markup.txt; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .txt)
  out=$tmp/$name.html
  if render_vi "$src" html "$out"; then ok "render-html $name"; else nok "render-html $name" "exit $rc: $(head -c 300 "$out.err")"; continue; fi
  pages="$pages $out"
  why=""
  head -c 200 "$out" | grep -qi '^<!DOCTYPE html' || why="$why no doctype;"
  has "$out" '<html lang="vi"' || why="$why no lang=vi;"
  has "$out" 'charset=UTF-8' || why="$why no charset;"
  has "$out" '<svg' || why="$why no svg;"
  # self-contained: nothing fetched from elsewhere
  grep -Eq '<(link|script|img|iframe)[ >]|url\(["'"'"']?(https?:|//)' "$out" && why="$why external resource or script;"
  [ -z "$why" ] && ok "page $name" || nok "page $name" "$why"
done

# ---- the corpus: every task, the signature, the pictures, annotations ----
if [ -f "$corpus" ] && [ -s "$tmp/lao-cai-219-ctr-tu-2023.html" ]; then
  c=$tmp/lao-cai-219-ctr-tu-2023.html
  missing=""
  n=1
  while [ $n -le 22 ]; do
    has "$c" "id=\"task-$n\"" || missing="$missing $n"
    n=$((n + 1))
  done
  rows=$(grep -o 'class="task-row"' "$c" | wc -l)
  [ -z "$missing" ] && [ "$rows" -eq 22 ] && ok "corpus 22 tasks" || nok "corpus 22 tasks" "rows=$rows missing:$missing"
  has "$c" 'Đặng Xuân Phong' && ok "corpus signature" || nok "corpus signature" "name not found"
  has "$c" 'class="gantt"' && has "$c" 'class="matrix"' && ok "corpus charts" || nok "corpus charts" "gantt or matrix missing"
  has "$c" 'id="mission-3"' && has "$c" 'id="group-III"' && ok "corpus anchors" || nok "corpus anchors" "mission-3 or group-III missing"
  a=$tmp/annotated.html
  if render_vi "$corpus" html "$a" --annotate; then
    has "$a" 'class="diag sev-' && ok "corpus annotate" || nok "corpus annotate" "no diagnostic shown"
    pages="$pages $a"
  else
    nok "corpus annotate" "exit $rc"
  fi
  fo=$tmp/corpus.fo
  if render_vi "$corpus" fo "$fo" && xmllint --nonet --noout "$fo" 2>/dev/null && has "$fo" 'Đặng Xuân Phong'; then
    ok "corpus fo"
  else
    nok "corpus fo" "no well-formed XSL-FO"
  fi
else
  skip "corpus" "corpus not found at $corpus"
fi

# ---- text stays text ----
m=$tmp/markup.html
if [ -s "$m" ]; then
  why=""
  grep -qi '<script' "$m" && why="$why a <script> element;"
  grep -qi '<img' "$m" && why="$why an <img> element;"
  has "$m" '&lt;script&gt;alert(3)&lt;/script&gt;' || why="$why escaped task text missing;"
  has "$m" 'AT&amp;amp;T' || why="$why &amp; not kept as text;"
  [ -z "$why" ] && ok "markup stays text" || nok "markup stays text" "$why"
fi

# ---- golden pages for the examples ----
for src in examples/*.txt; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .txt)
  got=$tmp/$name.html want=tests/render/$name.html
  [ -s "$got" ] || continue
  if [ "${REGEN:-}" = 1 ]; then
    cp "$got" "$want" && ok "golden $name # regenerated"
  elif [ ! -f "$want" ]; then
    nok "golden $name" "no $want (make it with REGEN=1 sh tests/suites/50-render.sh)"
  elif cmp -s "$got" "$want"; then
    ok "golden $name"
  else
    nok "golden $name" "differs from $want (REGEN=1 to accept): $(diff "$want" "$got" | head -c 300 | tr '\n' ' ')"
  fi
done

# ---- a decision: its formula a line of its own, centred and bold; each article's label bold ----
dec=tests/real/cases/29-decision-articles.txt
if "$APC" render "$dec" -o "$tmp/decision.html" >/dev/null 2>&1 &&
   "$APC" render "$dec" -f fo -o "$tmp/decision.fo" >/dev/null 2>&1; then
  why=""
  grep -q '<p class="p formula" id="[^"]*">QUYẾT ĐỊNH:</p>' "$tmp/decision.html" || why="$why no formula line;"
  has "$tmp/decision.html" '<strong class="article-label">Điều 2.</strong> Quyết định này' || why="$why no article label;"
  grep -q 'text-align="center" font-weight="bold"[^>]*>QUYẾT ĐỊNH:</fo:block>' "$tmp/decision.fo" || why="$why FO: no formula block;"
  has "$tmp/decision.fo" '<fo:inline font-weight="bold">Điều 1.</fo:inline>' || why="$why FO: no article label;"
  [ -z "$why" ] && ok "decision formula and articles" || nok "decision formula and articles" "$why"
else
  nok "decision formula and articles" "render failed"
fi

# ---- Nu HTML checker ----
if quick; then
  skip "vnu" "APC_QUICK"
elif [ -z "$pages" ]; then
  nok "vnu" "no page rendered"
else
  # shellcheck disable=SC2086
  sh scripts/vnu --errors-only $pages >"$tmp/vnu.out" 2>&1
  rc=$?
  if [ $rc = 0 ]; then ok "vnu"
  elif [ $rc = 77 ]; then skip "vnu" "$(tail -1 "$tmp/vnu.out")"
  else nok "vnu" "$(head -c 600 "$tmp/vnu.out" | tr '\n' ' ')"
  fi
fi

# check_text TXT NAME: every phrase above (those of the corpus), every task's opening words, and
# every non-ASCII letter of the corpus come back, in NFC.
check_text() {
  python3 - "$1" "$corpus" <<'EOF'
import re, sys, unicodedata
got = unicodedata.normalize("NFC", open(sys.argv[1], encoding="utf-8").read())
flat = " ".join(got.split())
src = open(sys.argv[2], encoding="utf-8").read()
bad = []
for ph in "Ban Cán sự Đảng UBND tỉnh|công nghệ sinh học|Đặng Xuân Phong|Tầm nhìn đến năm 2045|Nơi nhận|ươm tạo|Thường trực Tỉnh ủy|bồi dưỡng|NHIỆM VỤ VÀ GIẢI PHÁP".split("|"):
    if ph not in flat: bad.append(ph)
for line in src.split("\n"):
    m = re.match(r"(\d+)\t([^\t]+)", line)
    if m:
        words = " ".join(m.group(2).split()[:4])
        if words not in flat: bad.append("task %s: %s" % (m.group(1), words))
want = {ch for ch in src if ord(ch) > 127 and ch.isalpha()}
lost = sorted(want - set(got))
if lost: bad.append("letters lost: " + "".join(lost))
print("; ".join(bad)[:600])
sys.exit(1 if bad else 0)
EOF
}

# ---- a real browser prints the page ----
if quick; then
  skip "chromium print" "APC_QUICK"
elif ! command -v chromium >/dev/null 2>&1; then
  skip "chromium print" "chromium not installed"
elif [ ! -s "$tmp/lao-cai-219-ctr-tu-2023.html" ]; then
  skip "chromium print" "no corpus page"
else
  prof=$(mktemp -d "$tmp/chromium.XXXXXX")
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$prof" --no-pdf-header-footer --print-to-pdf="$tmp/browser.pdf" \
    "file://$tmp/lao-cai-219-ctr-tu-2023.html" >"$tmp/chromium.log" 2>&1
  if [ ! -s "$tmp/browser.pdf" ]; then
    nok "chromium print" "no PDF: $(tail -c 300 "$tmp/chromium.log" | tr '\n' ' ')"
  else
    pdftotext -raw "$tmp/browser.pdf" "$tmp/browser.txt"
    why=$(check_text "$tmp/browser.txt") && ok "chromium print" || nok "chromium print" "$why"
    pdfinfo "$tmp/browser.pdf" | grep -q '^Page size:.*(A4)' && ok "chromium print A4" || nok "chromium print A4" "$(pdfinfo "$tmp/browser.pdf" | grep 'Page size')"
  fi
fi

# ---- PDF through FOP ----
if quick; then
  skip "pdf" "APC_QUICK"
elif ! command -v fop >/dev/null 2>&1 && [ -z "${APC_FOP:-}" ]; then
  skip "pdf" "fop not installed"
elif [ ! -f "$corpus" ]; then
  skip "pdf" "no corpus"
else
  p=$tmp/corpus.pdf
  if render_vi "$corpus" pdf "$p"; then
    ok "pdf render"
    size=$(pdfinfo "$p" | grep '^Page size:')
    echo "$size" | grep -Eq '595\.2[0-9]* x 841\.8[0-9]* pts \(A4\)' && ok "pdf A4" || nok "pdf A4" "$size"
    fonts=$(pdffonts "$p" | tail -n +3)
    if [ -z "$fonts" ]; then nok "pdf fonts embedded" "no fonts"
    elif echo "$fonts" | awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit bad }'; then ok "pdf fonts embedded"
    else nok "pdf fonts embedded" "$(echo "$fonts" | tr '\n' ' ')"
    fi
    pdftotext -raw "$p" "$tmp/fop.txt"
    why=$(check_text "$tmp/fop.txt") && ok "pdf text" || nok "pdf text" "$why"
    # tagged (accessibility structure), no note; with a Java heap below what a tagged PDF of its
    # rows needs (fop.c: 128 MB and more), untagged, with a note, and the same text
    if grep -aq '/StructTreeRoot' "$p" && ! grep -q 'APC_FOP_HEAP' "$p.err"; then ok "pdf tagged"
    else nok "pdf tagged" "no /StructTreeRoot, or a note: $(head -c 200 "$p.err")"
    fi
    u=$tmp/untagged.pdf
    APC_FOP_HEAP=128 ${APC_WRAP:-} "$APC" render --lang vi "$corpus" -f pdf -o "$u" >/dev/null 2>"$u.err"
    rc=$?
    pdftotext -raw "$u" "$tmp/untagged.txt" 2>/dev/null
    if [ "$rc" -le 1 ] && ! grep -aq '/StructTreeRoot' "$u" && grep -q 'ghi chú: .*không gắn thẻ' "$u.err" &&
        cmp -s "$tmp/fop.txt" "$tmp/untagged.txt"; then ok "pdf untagged in a small heap, said"
    else nok "pdf untagged in a small heap, said" "exit $rc: $(head -c 300 "$u.err")"
    fi
  else
    nok "pdf render" "exit $rc: $(head -c 300 "$p.err")"
  fi
  # no FOP: a clear error, no output file
  q=$tmp/nofop.pdf
  APC_FOP=/nonexistent/fop "$APC" render "$corpus" -f pdf -o "$q" 2>"$tmp/nofop.err"
  rc=$?
  if [ "$rc" = 2 ] && [ ! -e "$q" ] && grep -q 'FOP' "$tmp/nofop.err"; then ok "pdf without fop"
  else nok "pdf without fop" "exit $rc, $(head -c 200 "$tmp/nofop.err")"
  fi
  APC_FOP_TIMEOUT=1 "$APC" render "$corpus" -f pdf -o "$q" 2>"$tmp/slowfop.err"
  rc=$?
  if [ "$rc" = 2 ] && [ ! -e "$q" ] && grep -q 'stopped' "$tmp/slowfop.err"; then ok "pdf: fop past its time is stopped, no file"
  else nok "pdf: fop past its time is stopped, no file" "exit $rc, $(head -c 200 "$tmp/slowfop.err")"
  fi
fi
exit 0
