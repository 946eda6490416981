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

# The compiled library (library.c): the whole loaded library kept in one file (lib-*) named by
# the binary's build id, the schema and every file's path and bytes. Output as without it; an
# added agency is seen at once (another key, never stale); the file as it was is served again;
# a damaged file is ignored.
DOC2=tests/rules/diagnostics-not-shown-ok.txt
NAME="Trung tâm Thí nghiệm số 1"
mkdir -p "$T/lib2" "$T/cache2"
chmod 700 "$T/cache2"
cp "$T/lib/local.xml" "$T/lib2/local.xml"
run2() { # run2 CACHEDIR OUT
	APC_CACHE_DIR=$1 ${APC_WRAP:-} "$APC" check --lang en --library "$T/lib2" "$DOC2" >"$2" 2>"$2.err"
	echo $? >"$2.rc"
}
blobs() { find "$T/cache2" -name 'lib-*' -type f | wc -l | tr -d ' '; }
run2 off "$T/c-none"
run2 "$T/cache2" "$T/c-first"
run2 "$T/cache2" "$T/c-second"
if [ "$(blobs)" = 1 ] && cmp -s "$T/c-none" "$T/c-first" && cmp -s "$T/c-none" "$T/c-second" &&
    cmp -s "$T/c-none.err" "$T/c-second.err" && [ "$(cat "$T/c-second.rc")" = "$(cat "$T/c-none.rc")" ] &&
    grep -q "registry: \"$NAME\"" "$T/c-none"; then
	echo "ok cache/compiled-same-output"
else
	echo "not ok cache/compiled-same-output: $(blobs) compiled files; $(cmp "$T/c-none" "$T/c-second" 2>&1)"
fi
cat >"$T/lib2/local.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<registry xmlns="urn:apc:library:1">
  <agency id="phong-thu-nghiem-cache" level="district"><name>Phòng Thử nghiệm Bộ nhớ đệm</name></agency>
  <agency id="trung-tam-thi-nghiem-1" level="district"><name>$NAME</name></agency>
</registry>
XML
run2 "$T/cache2" "$T/c-added"
if [ "$(blobs)" = 2 ] && ! grep -q "registry: \"$NAME\"" "$T/c-added" && [ "$(cat "$T/c-added.rc")" != 2 ]; then
	echo "ok cache/compiled-never-stale"
else
	echo "not ok cache/compiled-never-stale: $(blobs) compiled files; $(grep "registry: \"$NAME\"" "$T/c-added" | head -2)"
fi
cp "$T/lib/local.xml" "$T/lib2/local.xml"
run2 "$T/cache2" "$T/c-back"
if [ "$(blobs)" = 2 ] && cmp -s "$T/c-none" "$T/c-back"; then
	echo "ok cache/compiled-restored-served"
else
	echo "not ok cache/compiled-restored-served: $(blobs) compiled files; $(cmp "$T/c-none" "$T/c-back" 2>&1)"
fi
for f in "$T"/cache2/lib-*; do
	[ -f "$f" ] || continue
	head -c 200 "$f" >"$f.cut" && mv "$f.cut" "$f"
done
run2 "$T/cache2" "$T/c-damaged"
if cmp -s "$T/c-none" "$T/c-damaged" && cmp -s "$T/c-none.err" "$T/c-damaged.err" &&
    [ "$(cat "$T/c-damaged.rc")" = "$(cat "$T/c-none.rc")" ]; then
	echo "ok cache/compiled-damaged-ignored"
else
	echo "not ok cache/compiled-damaged-ignored: $(cmp "$T/c-none" "$T/c-damaged" 2>&1); $(head -c 300 "$T/c-damaged.err")"
fi
# at most 16 compiled files are kept: the oldest go when a new one is written
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do
	: >"$T/cache2/lib-old$i"
	touch -d "2001-01-01 00:00:$i" "$T/cache2/lib-old$i" 2>/dev/null
done
rm -f "$T"/cache2/lib-[0-9a-f]*
run2 "$T/cache2" "$T/c-pruned"
if [ "$(blobs)" = 16 ] && [ ! -e "$T/cache2/lib-old01" ] && [ -e "$T/cache2/lib-old20" ] &&
    [ -n "$(find "$T/cache2" -name 'lib-[0-9a-f]*' -size +1k)" ] && cmp -s "$T/c-none" "$T/c-pruned"; then
	echo "ok cache/compiled-pruned"
else
	echo "not ok cache/compiled-pruned: $(blobs) compiled files: $(ls "$T/cache2" | grep lib- | head -20 | tr '\n' ' ')"
fi
