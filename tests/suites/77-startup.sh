#!/bin/sh
# tests/suites/77-startup.sh: what a run pays before its first document (issue 15). libzip (the
# .docx reader), libmicrohttpd (apc serve), libxslt and libexslt (apc render) are opened on first
# use (compiler/lazylib.c): a check of a text file must not load them or what they pull in
# (libcrypto, GnuTLS, libgcrypt), a check of a .docx must load libzip and read it, a render must
# load libxslt and write its page. Uses the dynamic loader's own trace (LD_DEBUG=libs).
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
if [ -n "${APC_WRAP:-}" ]; then
	echo "ok startup # skip: under $APC_WRAP"
	exit 0
fi
export LC_ALL=C.UTF-8 APC_CACHE_DIR=off
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-startup.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
txt=tests/golden/$(ls tests/golden | grep '\.txt$' | head -1)
docx=$T/program.docx
command -v python3 >/dev/null 2>&1 && python3 tests/docx/make-docx.py "$txt" "$docx" >/dev/null 2>&1 || docx=

LD_DEBUG=libs "$APC" check -j 1 "$txt" >"$T/out" 2>"$T/trace"
if grep -q 'calling init:.*lib\(zip\|microhttpd\|crypto\|gnutls\|xslt\|exslt\|gcrypt\)\.so' "$T/trace"; then
	echo "not ok startup-text-loads-none: $(grep -o 'calling init:.*lib\(zip\|microhttpd\|crypto\|gnutls\|xslt\|exslt\|gcrypt\)[^ ]*' "$T/trace" | head -3 | tr '\n' ' ')"
elif ! grep -q 'calling init:.*libxml2' "$T/trace"; then
	echo "not ok startup-text-loads-none: no loader trace (LD_DEBUG unsupported?)"
else
	echo "ok startup-text-loads-none"
fi

if [ -z "$docx" ]; then
	echo "ok startup-docx-loads-zip # skip: no python3 to make one"
else
	LD_DEBUG=libs "$APC" check -j 1 "$docx" >"$T/out" 2>"$T/trace"
	rc=$?
	if [ "$rc" -ge 2 ]; then
		echo "not ok startup-docx-loads-zip: exit $rc: $(grep -v '^ *[0-9]*:' "$T/trace" | head -3)"
	elif ! grep -q 'calling init:.*libzip\.so' "$T/trace"; then
		echo "not ok startup-docx-loads-zip: libzip was not loaded"
	else
		echo "ok startup-docx-loads-zip"
	fi
fi

LD_DEBUG=libs "$APC" render -f html "$txt" -o "$T/page.html" >"$T/out" 2>"$T/trace"
rc=$?
if [ "$rc" -ge 2 ] || [ ! -s "$T/page.html" ]; then
	echo "not ok startup-render-loads-xslt: exit $rc: $(grep -v '^ *[0-9]*:' "$T/trace" | head -3)"
elif ! grep -q 'calling init:.*libxslt\.so' "$T/trace" || ! grep -q 'calling init:.*libexslt\.so' "$T/trace"; then
	echo "not ok startup-render-loads-xslt: libxslt or libexslt was not loaded"
else
	echo "ok startup-render-loads-xslt"
fi
