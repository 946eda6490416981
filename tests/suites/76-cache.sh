#!/bin/sh
# tests/suites/76-cache.sh: the library's validation cache (library.c). A library file that
# validated once is not validated again while its bytes, the schema's and libxml2's version are
# the same; any change is validated again (never served stale); output is the same with and
# without the cache; a cache directory others may write is not used.
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-cache.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8
DOC=examples/tinh-uy-program.txt
mkdir -p "$T/lib" "$T/cache"
chmod 700 "$T/cache"
cat >"$T/lib/local.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<registry xmlns="urn:apc:library:1">
  <agency id="phong-thu-nghiem-cache" level="district"><name>Phòng Thử nghiệm Bộ nhớ đệm</name></agency>
</registry>
XML
run() { # run CACHEDIR OUT: apc check with the extra library; status in OUT.rc
	APC_CACHE_DIR=$1 ${APC_WRAP:-} "$APC" check --lang en --library "$T/lib" "$DOC" >"$2" 2>"$2.err"
	echo $? >"$2.rc"
}
markers() { find "$T/cache" -name 'valid-*' -type f | wc -l | tr -d ' '; }

run off "$T/nocache"
run "$T/cache" "$T/first"
n1=$(markers)
run "$T/cache" "$T/second"
if [ "$n1" -ge 2 ] && [ "$(markers)" = "$n1" ]; then
	echo "ok cache/remembered ($n1 files)"
else
	echo "not ok cache/remembered: $n1 markers after the first run, $(markers) after the second"
fi
if cmp -s "$T/nocache" "$T/first" && cmp -s "$T/first" "$T/second" &&
    cmp -s "$T/nocache.err" "$T/second.err" && [ "$(cat "$T/second.rc")" = "$(cat "$T/nocache.rc")" ]; then
	echo "ok cache/same-output"
else
	echo "not ok cache/same-output: the cached run differs from the uncached one"
fi
# a changed file that breaks the schema: validated again, refused
sed 's/level="district"/level="district" colour="blue"/' "$T/lib/local.xml" >"$T/lib/local.xml.new" &&
    mv "$T/lib/local.xml.new" "$T/lib/local.xml"
run "$T/cache" "$T/changed"
if [ "$(cat "$T/changed.rc")" = 2 ] && grep -q 'local.xml' "$T/changed.err"; then
	echo "ok cache/changed-file-validated"
else
	echo "not ok cache/changed-file-validated: exit $(cat "$T/changed.rc"): $(head -c 300 "$T/changed.err")"
fi
# the file as it was: remembered again, no new marker
sed 's/level="district" colour="blue"/level="district"/' "$T/lib/local.xml" >"$T/lib/local.xml.new" &&
    mv "$T/lib/local.xml.new" "$T/lib/local.xml"
run "$T/cache" "$T/restored"
if cmp -s "$T/restored" "$T/nocache" && [ "$(markers)" = "$n1" ]; then
	echo "ok cache/restored-file-remembered"
else
	echo "not ok cache/restored-file-remembered: $(markers) markers, output $(cmp "$T/restored" "$T/nocache" 2>&1)"
fi
# a directory others may write is not trusted: nothing read or written there
mkdir -p "$T/open"
chmod 777 "$T/open"
APC_CACHE_DIR=$T/open ${APC_WRAP:-} "$APC" check --lang en --library "$T/lib" "$DOC" >"$T/open.out" 2>/dev/null
if [ -z "$(ls "$T/open")" ] && cmp -s "$T/open.out" "$T/nocache"; then
	echo "ok cache/untrusted-dir-unused"
else
	echo "not ok cache/untrusted-dir-unused: $(ls "$T/open" | head -3)"
fi
