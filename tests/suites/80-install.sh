#!/bin/sh
# make install DESTDIR=... PREFIX=/usr: the installed apc checks and renders from another
# directory, with its data (schemas, stylesheets, library) from where it was installed.
# Skipped under APC_QUICK (it builds a second binary) and under APC_WRAP.
: "${APC:=build/apc}"
if [ -n "${APC_QUICK:-}" ] || [ -n "${APC_WRAP:-}" ]; then
  echo "ok install # skip: APC_QUICK or APC_WRAP (builds another binary)"; exit 0
fi
top=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
ok() { echo "ok install/$1"; }
nok() { echo "not ok install/$1: $2"; }

if ! make -s install DESTDIR="$T/root" PREFIX=/usr >"$T/make.out" 2>&1; then
  nok make "$(tail -c 600 "$T/make.out" | tr '\n' ' ')"; exit 0
fi
ok make
bin=$T/root/usr/bin/apc data=$T/root/usr/share/apc
for f in "$bin" "$data/schemas/program.rng" "$data/stylesheets/html.xsl" "$data/library/agencies.xml" \
    "$T/root/usr/share/man/man1/apc.1" "$T/root/usr/share/doc/apc/apc.1.html" \
    "$T/root/usr/share/man/vi/man1/apc.1" "$T/root/usr/share/doc/apc/apc.vi.1.html"; do
  [ -e "$f" ] || { nok layout "no ${f#$T/root}"; exit 0; }
done
ok layout

# Run it from an empty directory far from the source tree, on a copy of an example.
mkdir -p "$T/work" && cp examples/tinh-uy-program.txt tests/corpus-like/parent-date-mismatch.txt "$T/work/"
cd "$T/work" || exit 1

# Its data directory is /usr/share/apc: staged under DESTDIR it is not there, and it says so.
env -u APC_DATADIR "$bin" check tinh-uy-program.txt >out.txt 2>err.txt
rc=$?
if [ $rc = 2 ] && grep -q '/usr/share/apc/' err.txt; then ok data-path-is-prefix
else nok data-path-is-prefix "exit $rc, $(head -c 300 err.txt)"; fi

APC_DATADIR=$data "$bin" check --lang en tinh-uy-program.txt >out.txt 2>err.txt
rc=$?
if [ $rc = 0 ] && grep -q '0 errors' out.txt; then ok check
else nok check "exit $rc, $(head -c 300 out.txt err.txt)"; fi

APC_DATADIR=$data "$bin" check --lang en parent-date-mismatch.txt >out.txt 2>err.txt
rc=$?
if [ $rc = 1 ] && grep -q 'parent-date-mismatch' out.txt; then ok check-parent-from-library
else nok check-parent-from-library "exit $rc, $(head -c 300 out.txt err.txt)"; fi

APC_DATADIR=$data "$bin" render tinh-uy-program.txt -f html -o page.html 2>err.txt
rc=$?
if [ $rc = 0 ] && grep -q '<html' page.html; then ok render-html
else nok render-html "exit $rc, $(head -c 300 err.txt)"; fi

# Nothing of the source tree is read: the same runs with the source tree's data moved away
# would not change; check that no file under the source tree was opened.
if command -v strace >/dev/null 2>&1; then
  APC_DATADIR=$data strace -f -e trace=open,openat -o trace.txt "$bin" check tinh-uy-program.txt >/dev/null 2>&1
  if grep -F "\"$top/" trace.txt | grep -v ENOENT >src.txt && [ -s src.txt ]; then
    nok no-source-tree "opened $(head -3 src.txt | tr '\n' ' ')"
  else ok no-source-tree; fi
else
  echo "ok install/no-source-tree # skip: no strace"
fi
cd "$top" && make -s uninstall DESTDIR="$T/root" PREFIX=/usr >/dev/null 2>&1
[ ! -e "$bin" ] && [ ! -e "$data" ] && ok uninstall || nok uninstall "files left"
