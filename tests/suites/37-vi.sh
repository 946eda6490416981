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
has vi-usage-bad-format "$T/u2" '^apc: --format phải là text, json hoặc sarif, không phải xml$'
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
