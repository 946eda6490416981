#!/bin/sh
# tests/suites/37-vi.sh: apc speaks Vietnamese to a drafter (issue 14, item 5): --help, the
# usage errors and the summary with --lang vi or a vi_VN locale; SARIF rule help in the run's
# language; the words of the messages (a parent's "nhiệm vụ, giải pháp" apart from an appendix
# task, the parent named in date messages). Run by tests/run from the repository root with
# $APC. Prints "ok NAME" or "not ok NAME: why" for each test.
: "${APC:=build/apc}"
CORPUS=../shared/corpus/lao-cai-219-ctr-tu-2023.txt
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-37-vi.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }
skip() { echo "ok $1 # skip $2"; }
apc() { timeout 120 ${APC_WRAP:-} "$APC" "$@"; }

# has NAME FILE PATTERN: FILE has a line matching the extended regular expression.
has() {
	if grep -Eq -- "$3" "$2"; then ok "$1"; else nok "$1" "no /$3/ in: $(head -c 300 "$2" | tr '\n' ' ')"; fi
}
# hasnt NAME FILE PATTERN
hasnt() {
	if grep -Eq -- "$3" "$2"; then nok "$1" "/$3/ in: $(grep -E -- "$3" "$2" | head -2 | tr '\n' ' ')"; else ok "$1"; fi
}

if [ ! -x "$APC" ]; then
	nok vi-binary "no $APC (make first)"
	exit 0
fi

# ---- --help and usage errors ----
apc --lang vi --help >"$T/help-vi" 2>&1
has vi-help-global-option "$T/help-vi" '^cách dùng: apc check \[tùy chọn\] ĐƯỜNG_DẪN'
has vi-help-exit-status "$T/help-vi" '^trạng thái thoát: 0 không có lỗi'
hasnt vi-help-no-english "$T/help-vi" '^(usage|options|exit status):'
apc --help --lang=vi >"$T/help-vi2" 2>&1
has vi-help-lang-after "$T/help-vi2" '^cách dùng:'
env -u LC_ALL -u LC_MESSAGES LANG=vi_VN.UTF-8 "$APC" --help >"$T/help-locale" 2>&1
has vi-help-locale "$T/help-locale" '^cách dùng:'
apc --lang en --help >"$T/help-en" 2>&1
has en-help "$T/help-en" '^usage: apc check \[options\] PATH'
apc check --lang vi --formt json x >"$T/u1" 2>&1
has vi-usage-unknown-option "$T/u1" '^apc: không có tùy chọn --formt \(có phải --format\?\)$'
apc check --lang vi --format xml x >"$T/u2" 2>&1
has vi-usage-bad-format "$T/u2" '^apc: --format phải là text, json, sarif, gitlab hoặc junit, không phải xml$'
apc --lang vi chek x >"$T/u3" 2>&1
has vi-usage-unknown-command "$T/u3" '^apc: không có lệnh chek \(có phải check\?\)$'
has vi-usage-then-help "$T/u3" '^cách dùng:'
apc check --lang vi --severity task-numbring=error x >"$T/u4" 2>&1
has vi-usage-severity "$T/u4" '^apc: --severity task-numbring=error: không có quy tắc task-numbring \(có phải task-numbering\?\)$'
apc check -j 0 --lang vi x >"$T/u5" 2>&1
has vi-usage-before-lang "$T/u5" '^apc: -j cần một số từ 1 đến 256$'
apc build --lang vi a b >"$T/u6" 2>&1
has vi-usage-build "$T/u6" '^apc build nhận đúng một TỆP$'
apc check --lang en --formt json x >"$T/u7" 2>&1
has en-usage-unknown-option "$T/u7" '^apc: unknown option --formt \(did you mean --format\?\)$'
mkdir -p "$T/none"
env -u LC_ALL -u LC_MESSAGES LANG=vi_VN.UTF-8 "$APC" check "$T/none" >"$T/u8" 2>&1
has vi-no-document-locale "$T/u8" '^apc: không tìm thấy văn bản nào trong '

# ---- SARIF rule help in the run's language ----
CL=tests/corpus-like
apc check --lang vi --format sarif "$CL/parent-date-mismatch.txt" >"$T/vi.sarif" 2>/dev/null
apc check --lang en --format sarif "$CL/parent-date-mismatch.txt" >"$T/en.sarif" 2>/dev/null
python3 - "$T/vi.sarif" "$T/en.sarif" >"$T/sarif-help" 2>&1 <<'PY'
import json, sys
vi = json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]
en = json.load(open(sys.argv[2]))["runs"][0]["tool"]["driver"]["rules"]
for name, rules in (("vi", vi), ("en", en)):
    for r in rules:
        print(name, r["id"], "short=" + r["shortDescription"]["text"], "help=" + r["help"]["text"],
              "md=" + r["help"]["markdown"].replace("\n", " "), "full=" + r["fullDescription"]["text"])
PY
has vi-sarif-help-text "$T/sarif-help" '^vi parent-date-mismatch .*help=Dẫn văn bản cấp trên với đúng ngày ban hành'
has vi-sarif-help-short "$T/sarif-help" '^vi parent-date-mismatch short=Văn bản cấp trên được dẫn với ngày khác'
has vi-sarif-help-markdown "$T/sarif-help" '^vi parent-date-mismatch .*md=\*\*Văn bản cấp trên được dẫn'
has en-sarif-help-text "$T/sarif-help" '^en parent-date-mismatch .*help=Cite the parent with its date of issue'

# ---- the words: the parent's "nhiệm vụ, giải pháp", the program's "mục", the appendix's
# "nhiệm vụ"; a date message names the parent; "cần là", never "mong đợi" ----
apc check --lang vi "$CL/parent-date-mismatch.txt" >"$T/w1" 2>&1
has vi-date-names-parent "$T/w1" 'văn bản cấp trên được dẫn với ngày 31/01/2023, nhưng Nghị quyết 36-NQ/TW ban hành ngày 30/01/2023 \[parent-date-mismatch\]'
apc check --lang en "$CL/parent-date-mismatch.txt" >"$T/w2" 2>&1
has en-date-names-parent "$T/w2" 'the parent is cited with the date 31/01/2023, but Resolution 36-NQ/TW was issued on 30/01/2023'
apc check --lang vi "$CL/parent-issuer-mismatch.txt" >"$T/w3" 2>&1
has vi-issuer-names-parent "$T/w3" 'Nghị quyết 36-NQ/TW được dẫn là của .*, nhưng do Bộ Chính trị ban hành \[parent-issuer-mismatch\]'
apc check --lang vi "$CL/parent-mission-uncovered.txt" >"$T/w4" 2>&1
has vi-parent-mission-named-apart "$T/w4" 'nhiệm vụ, giải pháp [0-9]+ của Nghị quyết 36-NQ/TW \(".*"\) chưa được mục nào trong phần nhiệm vụ, giải pháp của văn bản triển khai'
apc check --lang vi "$CL/group-mission-count.txt" >"$T/w5" 2>&1
has vi-group-count-mục "$T/w5" 'phụ lục có [0-9]+ nhóm nhiệm vụ nhưng phần nhiệm vụ, giải pháp có [0-9]+ mục'
apc check --lang vi "$CL/program-date-before-parent.txt" >"$T/w6" 2>&1
has vi-before-parent-named "$T/w6" 'văn bản đề ngày [0-9/]+, trước cả Quyết định 3268/QĐ-BKHCN mà nó thực hiện \(ban hành ngày 28/12/2023\)'
if grep -l 'mong đợi' compiler/*.def compiler/*.c >"$T/w7" 2>/dev/null; then nok vi-no-mong-doi "in $(tr '\n' ' ' <"$T/w7")"; else ok vi-no-mong-doi; fi

# ---- the Vietnamese manual: lint-clean, every id, what a Vietnamese run's helpUri names ----
if command -v mandoc >/dev/null 2>&1; then
	out=$(mandoc -T lint -W warning apc.vi.1 2>&1 | grep -v 'makewhatis')
	[ -z "$out" ] && ok vi-man-lint || nok vi-man-lint "$(echo "$out" | head -3 | tr '\n' ' ')"
else
	skip vi-man-lint "no mandoc"
fi
missing=
for id in $(sed -n 's/^DIAG([A-Z0-9_]*, *"\([a-z0-9-]*\)".*/\1/p' compiler/catalog.def); do
	grep -qx "\.Tg $id" apc.vi.1 && grep -qx "\.It Sy $id" apc.vi.1 || missing="$missing $id"
done
[ -z "$missing" ] && ok vi-man-every-id || nok vi-man-every-id "no entry for$missing"
apc check --lang vi --format sarif "$CL/parent-date-mismatch.txt" "$CL/group-mission-count.txt" >"$T/h.sarif" 2>/dev/null
bad=$(python3 tests/sarif/helpuri.py "$T/h.sarif" apc.vi.1.html)
[ -z "$bad" ] && ok vi-helpuri-resolves || nok vi-helpuri-resolves "$(echo "$bad" | head -3 | tr '\n' ';')"

# ---- apc serve speaks the run's language too: its help, its usage errors, its start and stop
# lines (before: English only, and `apc --lang vi serve -h` was an unknown option --lang)
apc --lang vi serve -h >"$T/s1" 2>&1; rc=$?
[ $rc = 0 ] && has vi-serve-help "$T/s1" '^cách dùng: apc serve \[--listen ĐỊA_CHỈ:CỔNG\]' || nok vi-serve-help "exit $rc"
hasnt vi-serve-help-no-english "$T/s1" '^usage:|where to listen'
env -u LC_ALL -u LC_MESSAGES LANG=vi_VN.UTF-8 "$APC" serve --help >"$T/s2" 2>&1
has vi-serve-help-locale "$T/s2" '^cách dùng: apc serve'
apc serve --lang en -h >"$T/s3" 2>&1
has en-serve-help "$T/s3" '^usage: apc serve \[--listen ADDR:PORT\]'
apc serve --lang vi --listne 127.0.0.1:1 >"$T/s4" 2>&1
has vi-serve-unknown-option "$T/s4" '^apc: không có tùy chọn --listne \(có phải --listen\?\)$'
apc --lang vi serve --max-body 0 >"$T/s5" 2>&1
has vi-serve-bad-value "$T/s5" '^apc serve: --max-body cần một số byte từ 1 đến [0-9]+$'
apc --lang vi serve --listen nowhere >"$T/s6" 2>&1
has vi-serve-bad-listen "$T/s6" '^apc serve: --listen cần dạng ĐỊA_CHỈ:CỔNG .*, không phải nowhere$'
apc serve --lang=vi thư.txt >"$T/s7" 2>&1
has vi-serve-unexpected "$T/s7" '^apc serve: không nhận đối số thư.txt '
apc serve --lang xx >"$T/s8" 2>&1
has serve-bad-lang "$T/s8" '^apc: --lang must be vi or en, not xx$'
# started on a free port, stopped by SIGTERM: the address line first (scripts read the port
# from it), then the stop line, both in Vietnamese
${APC_WRAP:-} "$APC" --lang vi serve --listen 127.0.0.1:0 -j 1 2>"$T/s9" &
spid=$! i=0
while [ $i -lt 300 ] && ! grep -q '^apc serve: http://' "$T/s9" && kill -0 $spid 2>/dev/null; do
	sleep 0.1; i=$((i + 1))
done
kill -TERM $spid 2>/dev/null; wait $spid
has vi-serve-listening "$T/s9" '^apc serve: http://127\.0\.0\.1:[1-9][0-9]*/ \(1 luồng(; không có PDF: .*)?; Ctrl-C để dừng\)$'
has vi-serve-stopped "$T/s9" '^apc serve: đã dừng$'

# ---- --format junit in the run's language: its messages and the severity words of its text
# (before: English whatever --lang said); --werror still fails a file for a warning
apc check --lang vi --werror --format junit tests/rules/word-duplicated.txt "$T/no-such.txt" >"$T/j1.xml" 2>/dev/null
if python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$T/j1.xml" 2>/dev/null; then
	has vi-junit-failure "$T/j1.xml" '<failure message="apc tìm thấy lỗi" type="apc">[^<]*: cảnh báo: từ lặp: '
	has vi-junit-run-error "$T/j1.xml" '<testcase classname="apc" name="run"><error message="lần chạy thất bại: '
else
	nok vi-junit-failure "not well-formed XML: $(head -c 300 "$T/j1.xml")"
	nok vi-junit-run-error "not well-formed XML"
fi
apc check --lang en --werror --format junit tests/rules/word-duplicated.txt >"$T/j2.xml" 2>/dev/null
has en-junit-failure "$T/j2.xml" '<failure message="apc found errors" type="apc">[^<]*: warning: '
