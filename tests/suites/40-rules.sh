#!/bin/sh
# tests/suites/40-rules.sh: the rule catalogue (issue 4).
#  - tests/rules/ID.txt gives every diagnostic of ID.diag ("LINE:COL: severity: [id]") and exits
#    1 when one of them is an error, else 0; tests/rules/ID-ok.txt never gives ID;
#  - tests/rules/planted/*.txt: defects planted in copies of the real corpus program;
#  - the corpus program gives exactly its real warnings; --disable, --severity, --werror and
#    apc.conf change that as documented; examples/ stay free of rule warnings;
#  - the man page is mandoc-clean and documents every catalogue id.
# Run from the repository root with $APC set (tests/run does both). POSIX sh.
: "${APC:=build/apc}"
CORPUS=${CORPUS:-../shared/corpus/lao-cai-219-ctr-tu-2023.txt}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# The diagnostics of a file as "LINE:COL: severity: [id]" lines; the exit status in $tmp/rc.
diags() {
	${APC_WRAP:-} "$APC" check --lang en "$@" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/rc"
	sed -n 's/^.*:\([0-9][0-9]*\):\([0-9][0-9]*\): \(error\|warning\|note\): .*\(\[[a-z0-9-]*\]\)$/\1:\2: \3: \4/p' "$tmp/out"
}

# check_fixture NAME FILE DIAG
check_fixture() {
	diags "$2" >"$tmp/got"
	rc=$(cat "$tmp/rc")
	missing=$(grep -vxF -f "$tmp/got" "$3" | head -1)
	if grep -q ': error: ' "$3"; then want=1; else want=0; fi
	if [ -n "$missing" ]; then
		echo "not ok $1: expected \"$missing\", got: $(tr '\n' ' ' <"$tmp/got")"
	elif [ "$rc" != "$want" ]; then
		echo "not ok $1: exit status $rc, expected $want"
	else
		echo "ok $1"
	fi
}

for diag in tests/rules/*.diag tests/rules/planted/*.diag; do
	[ -f "$diag" ] || continue
	name=${diag#tests/rules/}
	name=${name%.diag}
	check_fixture "rules/$name" "${diag%.diag}.txt" "$diag"
done

for ok in tests/rules/*-ok.txt; do
	[ -f "$ok" ] || continue
	id=$(basename "$ok" -ok.txt)
	diags "$ok" >"$tmp/got"
	if grep -q "\[$id\]" "$tmp/got"; then
		echo "not ok rules/$id-ok: gives $id: $(grep "\[$id\]" "$tmp/got" | head -1)"
	elif [ "$(cat "$tmp/rc")" = 2 ]; then
		echo "not ok rules/$id-ok: the run failed"
	else
		echo "ok rules/$id-ok"
	fi
done

# Every rule of the issue's table has its fixture pair.
for id in parent-unknown parent-missing parent-date-mismatch parent-issuer-mismatch parent-mission-uncovered \
    program-date-before-parent timeline-beyond-horizon timeline-before-issue timeline-unparsed \
    task-numbering group-numbering group-mission-count group-title-mismatch task-lead-missing \
    task-lead-multiple task-lead-also-partner agency-unknown agency-variant symbol-malformed \
    section-missing recipients-missing signature-missing word-duplicated tone-mark-mixed \
    objective-beyond-horizon metadata-from-appendix task-timeline-missing symbol-case symbol-spacing \
    appendix-reference-mismatch parent-mission-weak; do
	if [ -f "tests/rules/$id.txt" ] && [ -f "tests/rules/$id.diag" ] && [ -f "tests/rules/$id-ok.txt" ] &&
	    grep -q "\[$id\]" "tests/rules/$id.diag"; then
		echo "ok rules/fixtures-$id"
	else
		echo "not ok rules/fixtures-$id: no fixture pair (or its .diag lacks the id)"
	fi
done

# The real corpus program: exactly its real warnings, no error.
if [ -f "$CORPUS" ]; then
	diags "$CORPUS" >"$tmp/got"
	rc=$(cat "$tmp/rc")
	grep -v ': note: ' "$tmp/got" | sed 's/^\([0-9]*\):[0-9]*: /\1: /' >"$tmp/got2"
	got=$(sed 's/^[0-9]*: //' "$tmp/got2" | sort | tr '\n' ' ')
	want="warning: [group-title-mismatch] warning: [tone-mark-mixed] warning: [word-duplicated] "
	if [ "$got" != "$want" ]; then
		echo "not ok rules/corpus-exact: got: $got"
	elif ! grep -q '^7: warning: \[word-duplicated\]' "$tmp/got2"; then
		echo "not ok rules/corpus-exact: word-duplicated not at line 7"
	elif ! grep -q 'group V differs from mission 5' "$tmp/out"; then
		echo "not ok rules/corpus-exact: group-title-mismatch is not about group V and mission 5"
	elif [ "$rc" != 0 ]; then
		echo "not ok rules/corpus-exact: exit status $rc"
	else
		echo "ok rules/corpus-exact"
	fi
	diags --werror "$CORPUS" >/dev/null
	if [ "$(cat "$tmp/rc")" = 1 ]; then echo "ok rules/corpus-werror"; else echo "not ok rules/corpus-werror: exit $(cat "$tmp/rc")"; fi

	diags --disable word-duplicated "$CORPUS" >"$tmp/got"
	if grep -q 'word-duplicated' "$tmp/got" || ! grep -q 'tone-mark-mixed' "$tmp/got"; then
		echo "not ok rules/disable"
	else
		echo "ok rules/disable"
	fi
	diags --severity word-duplicated=error "$CORPUS" >"$tmp/got"
	if grep -q '^7:[0-9]*: error: \[word-duplicated\]' "$tmp/got" && [ "$(cat "$tmp/rc")" = 1 ]; then
		echo "ok rules/severity"
	else
		echo "not ok rules/severity: exit $(cat "$tmp/rc"): $(tr '\n' ' ' <"$tmp/got")"
	fi

	# apc.conf, found walking up from the checked file
	mkdir -p "$tmp/conf/a/b"
	cp "$CORPUS" "$tmp/conf/a/b/program.txt"
	printf '# rules for this tree\nword-duplicated = off\ngroup-title-mismatch = error\n' >"$tmp/conf/apc.conf"
	diags "$tmp/conf/a/b/program.txt" >"$tmp/got"
	if ! grep -q 'word-duplicated' "$tmp/got" && grep -q 'error: \[group-title-mismatch\]' "$tmp/got" &&
	    [ "$(cat "$tmp/rc")" = 1 ]; then
		echo "ok rules/apc.conf-severity"
	else
		echo "not ok rules/apc.conf-severity: exit $(cat "$tmp/rc"): $(tr '\n' ' ' <"$tmp/got")"
	fi
	# the nearer file wins for the keys it sets
	printf 'disable = word-duplicated, tone-mark-mixed\ngroup-title-mismatch = warning\n' >"$tmp/conf/a/apc.conf"
	diags "$tmp/conf/a/b/program.txt" >"$tmp/got"
	if ! grep -q 'word-duplicated\|tone-mark-mixed' "$tmp/got" && [ "$(cat "$tmp/rc")" = 0 ]; then
		echo "ok rules/apc.conf-disable"
	else
		echo "not ok rules/apc.conf-disable: exit $(cat "$tmp/rc"): $(tr '\n' ' ' <"$tmp/got")"
	fi
	printf 'werror = true\n' >"$tmp/conf/a/b/apc.conf"
	diags "$tmp/conf/a/b/program.txt" >/dev/null
	if [ "$(cat "$tmp/rc")" = 1 ]; then echo "ok rules/apc.conf-werror"; else echo "not ok rules/apc.conf-werror: exit $(cat "$tmp/rc")"; fi

	# coverage: how 219-CTr/TU covers the five missions of 36-NQ/TW
	${APC_WRAP:-} "$APC" check --lang en --coverage "$CORPUS" >"$tmp/out" 2>&1
	if grep -q 'implements 36-NQ/TW .*5 of its 5 missions covered' "$tmp/out" &&
	    [ "$(grep -c '<- mission' "$tmp/out")" = 5 ]; then
		echo "ok rules/coverage"
	else
		echo "not ok rules/coverage: $(head -3 "$tmp/out" | tr '\n' ' ')"
	fi
	${APC_WRAP:-} "$APC" check --lang en --coverage tests/rules/planted/mission5-removed.txt >"$tmp/out" 2>&1
	if grep -q '4 of its 5 missions covered' "$tmp/out" && grep -q 'NOT COVERED' "$tmp/out"; then
		echo "ok rules/coverage-uncovered"
	else
		echo "not ok rules/coverage-uncovered: $(head -3 "$tmp/out" | tr '\n' ' ')"
	fi
	${APC_WRAP:-} "$APC" build "$CORPUS" -o "$tmp/corpus.xml" >/dev/null 2>&1
	if grep -q 'covers="36-NQ/TW#5"' "$tmp/corpus.xml" 2>/dev/null; then
		echo "ok rules/covers-attribute"
	else
		echo "not ok rules/covers-attribute: no mission/@covers in the built tree"
	fi
else
	echo "ok rules/corpus # skip: $CORPUS not found"
fi

# examples/ stay free of rule warnings
for ex in examples/*.txt; do
	[ -f "$ex" ] || continue
	diags "$ex" >"$tmp/got"
	if grep -q ': \(warning\|error\): ' "$tmp/got"; then
		echo "not ok rules/example-$(basename "$ex" .txt): $(grep ': \(warning\|error\): ' "$tmp/got" | head -2 | tr '\n' ' ')"
	else
		echo "ok rules/example-$(basename "$ex" .txt)"
	fi
done

# heading-numbering: a plan in parts numbers each part's sections from I again ("Phần I", its
# title on the next line; "Phần II" after a blank line), and a paragraph that only starts with
# "Phần" ("Phần lớn …") right above a section does not make it a part
diags tests/real/cases/31-parts-restart-sections.txt >"$tmp/got"
if grep -q 'heading-numbering' "$tmp/got"; then
	echo "not ok rules/heading-numbering-parts: $(grep heading-numbering "$tmp/got" | head -2 | tr '\n' ' ')"
else
	echo "ok rules/heading-numbering-parts"
fi
sed 's/^III\. TỔ CHỨC THỰC HIỆN$/Phần lớn nhiệm vụ do các sở thực hiện.\nIV. TỔ CHỨC THỰC HIỆN/' examples/ubnd-ke-hoach.txt >"$tmp/phan.txt"
diags "$tmp/phan.txt" >"$tmp/got"
if grep -q ': warning: \[heading-numbering\]' "$tmp/got"; then
	echo "ok rules/heading-numbering-not-a-part"
else
	echo "not ok rules/heading-numbering-not-a-part: IV after II not reported: $(tr '\n' ' ' <"$tmp/got")"
fi

# the manual
if command -v mandoc >/dev/null 2>&1; then
	out=$(mandoc -T lint -W warning apc.1 2>&1)
	if [ -z "$out" ]; then echo "ok rules/man-lint"; else echo "not ok rules/man-lint: $out" | head -3; fi
else
	echo "ok rules/man-lint # skip: no mandoc"
fi
missing=""
ids=$(sed -n 's/^DIAG([A-Z0-9_]*, *"\([a-z0-9-]*\)".*/\1/p' compiler/catalog.def)
for id in $ids; do
	grep -q "^\.It Sy $id\$" apc.1 || missing="$missing $id"
done
if [ -z "$ids" ]; then echo "not ok rules/man-every-id: no id read from compiler/catalog.def";
elif [ -z "$missing" ]; then echo "ok rules/man-every-id"; else echo "not ok rules/man-every-id: undocumented:$missing"; fi
exit 0
