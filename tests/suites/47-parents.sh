#!/bin/sh
# A compiled program as a parent: a district plan implementing a provincial program is checked
# against the XML `apc build` made of it, given with --library.
lib=${TMPDIR:-/tmp}/apc-parents.$$
mkdir -p "$lib"
trap 'rm -rf "$lib"' EXIT
"$APC" build examples/tinh-uy-program.txt -o "$lib/45-ctr-tu.xml" 2>/dev/null
run() { ${APC_WRAP:-} "$APC" check --lang en "$@" 2>&1; }
out=$(run tests/parents/district-partial.txt)
echo "$out" | grep -q "parent-unknown" && echo "ok parent unknown without --library" || echo "not ok parent unknown without --library"
out=$(run --library "$lib" tests/parents/district-partial.txt)
n=$(echo "$out" | grep -c "\[parent-mission-uncovered\]")
[ "$n" = 4 ] && echo "ok compiled parent: 4 missions uncovered" || echo "not ok compiled parent: $n uncovered, want 4"
echo "$out" | grep -q 'mission 1 of 45-CTr/TU' && echo "not ok compiled parent: mission 1 matched by its title words" || echo "ok compiled parent: mission 1 matched by its title words"
echo "$out" | grep -q "parent-unknown" && echo "not ok compiled parent known" || echo "ok compiled parent known"
out=$(run --library "$lib" tests/parents/district-full.txt); rc=$?
echo "$out" | grep -q "\[parent-" && echo "not ok full district plan: $(echo "$out" | grep '\[parent-' | head -1)" || echo "ok full district plan covers its parent"
sed 's/ngày 10 tháng 7 năm 2023/ngày 10 tháng 5 năm 2023/' tests/parents/district-full.txt > "$lib/early.txt"
run --library "$lib" "$lib/early.txt" | grep -q "program-date-before-parent" && echo "ok dated before its compiled parent" || echo "not ok dated before its compiled parent"
