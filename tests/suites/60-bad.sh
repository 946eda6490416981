#!/bin/sh
# tests/suites/60-bad.sh: broken and hostile inputs. apc must meet each with a defined exit
# status, the expected located diagnostics, in bounded time, with no sanitizer or valgrind
# report, no file read through it, and no output file left half-written.
#
# Committed cases are tests/bad/NAME.txt with NAME.want beside it (format below); the big or
# special ones (20 MB, 300000 lines, FIFOs, symlink loops, library XML, output files) are made
# here, in a scratch directory, at test time.
#
# NAME.want, one directive a line ('#' starts a comment):
#   args: check                the apc command and options before the input (default: check)
#   exit: 0 1                  the exit statuses allowed
#   diag: ID [LINE[:COL]]      a diagnostic that must be reported (at that position)
#   nodiag: ID                 a diagnostic that must not be reported
#   same-as: FILE              the same diagnostics (id, line, column) as apc gives for FILE
#   ignore: ID                 left out of the same-as comparison
#   stderr: REGEX              stderr must match (grep -E)
#   secret: REGEX              nothing apc printed may match
#   max-seconds: N             the run takes at most N seconds (default: the timeout)
#   wellformed: yes            `apc build INPUT -o OUT` also runs, and OUT must be well-formed XML
#
# Environment: APC (binary), APC_WRAP (e.g. valgrind: the timeout grows to 300 s),
# APC_QUICK=1 (skip the slowest generated cases under a wrapper), BAD_TIMEOUT (default 20;
# the three cases that exist to reach a size limit get BAD_TIMEOUT_HEAVY, default 60: under a
# sanitizer on a loaded machine they need more than 20 s of wall time, not of CPU).
cd "$(dirname "$0")/../.." || exit 2
: "${APC:=build/apc}"
W=${APC_WRAP:-}
# under valgrind, PCRE2's JIT code gives false reports (see tests/fuzz/pcre2-jit.supp)
case $W in
valgrind*) case $W in *pcre2-jit.supp*) ;; *) W="$W --suppressions=tests/fuzz/pcre2-jit.supp" ;; esac ;;
esac
TMO=${BAD_TIMEOUT:-20}
[ -n "$W" ] && TMO=${BAD_TIMEOUT:-300}
HEAVY=${BAD_TIMEOUT_HEAVY:-60}
[ "$HEAVY" -lt "$TMO" ] && HEAVY=$TMO
BAD=tests/bad
T=$(mktemp -d "${TMPDIR:-/tmp}/apc-bad.XXXXXX") || exit 2
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
mkdir -p "$T/gen"
# a private copy of the binary: a concurrent "make" may replace $APC while the suite runs
if [ -f "$APC" ] && cp "$APC" "$T/apc" 2>/dev/null; then
	APC=$T/apc
fi
export LC_ALL=C.UTF-8 NO_COLOR=1

# run NAME ARG...: apc under the timeout (and the wrapper); $rc, $secs; output in $T/NAME.out|err
run() {
	_n=$1
	shift
	_t0=$(date +%s)
	timeout "${tmo:-$TMO}" $W "$APC" "$@" >"$T/$_n.out" 2>"$T/$_n.err" </dev/null
	rc=$?
	secs=$(($(date +%s) - _t0))
}

# The diagnostics of a run as "ID LINE:COL" lines, sorted.
ids() {
	cat "$T/$1.out" "$T/$1.err" |
	    sed -nE 's/^[^ ]+:([0-9]+):([0-9]+): (error|warning|note): .*\[([a-z0-9-]+)\]$/\4 \1:\2/p' | sort -u
}

# A problem every run is checked for: a sanitizer or valgrind report, a signal, a timeout.
crashed() {
	if grep -Eq 'Sanitizer|runtime error:|^==[0-9]+==' "$T/$1.err"; then
		why="sanitizer/valgrind report: $(grep -Em1 'Sanitizer|runtime error:|^==[0-9]+==' "$T/$1.err")"
		return 0
	fi
	if [ "$rc" = 124 ]; then
		why="timed out after ${tmo:-$TMO}s"
		return 0
	fi
	if [ "$rc" -gt 128 ]; then
		why="killed by signal $((rc - 128))"
		return 0
	fi
	return 1
}

result() {
	if [ -n "$why" ]; then
		echo "not ok bad/$1: $why"
	else
		echo "ok bad/$1"
	fi
}

# case NAME INPUT WANT: run apc on INPUT as the want file says and judge the result.
case_run() {
	name=$1 input=$2 want=$3 why=
	args=$(sed -n 's/^args: *//p' "$want" | head -1)
	[ -n "$args" ] || args=check
	# shellcheck disable=SC2086
	run "$name" $args "$input"
	if crashed "$name"; then
		result "$name"
		return
	fi
	ids "$name" >"$T/$name.ids"
	exits=$(sed -n 's/^exit: *//p' "$want" | head -1)
	case " ${exits:-0 1} " in
	*" $rc "*) ;;
	*) why="exit $rc, want ${exits:-0 1}" ;;
	esac
	max=$(sed -n 's/^max-seconds: *//p' "$want" | head -1)
	if [ -z "$why" ] && [ -n "$max" ] && [ -z "$W" ] && [ "$secs" -gt "$max" ]; then
		why="took ${secs}s, want at most ${max}s"
	fi
	while read -r key a b; do
		[ -z "$why" ] || break
		case $key in
		diag:)
			if [ -n "$b" ]; then
				case $b in *:*) pat="$a $b" ;; *) pat="$a $b:[0-9]*" ;; esac
				grep -qx "$pat" "$T/$name.ids" || why="no $a at $b (got: $(grep "^$a " "$T/$name.ids" | head -3 | tr '\n' ' '))"
			else
				grep -q "^$a " "$T/$name.ids" || why="no $a reported"
			fi ;;
		nodiag:)
			grep -q "^$a " "$T/$name.ids" && why="$a reported: $(grep "^$a " "$T/$name.ids" | head -1)" ;;
		stderr:)
			re=$(sed -n 's/^stderr: *//p' "$want" | head -1)
			grep -Eq "$re" "$T/$name.err" || why="stderr does not match /$re/: $(head -c 200 "$T/$name.err")" ;;
		secret:)
			re=$(sed -n 's/^secret: *//p' "$want" | head -1)
			cat "$T/$name.out" "$T/$name.err" | grep -Eq "$re" && why="output shows /$re/" ;;
		wellformed:)
			rm -f "$T/$name.xml"
			run "$name.build" build "$input" -o "$T/$name.xml"
			if crashed "$name.build"; then
				:
			elif [ "$rc" = 2 ]; then
				why="build exit 2: $(head -c 200 "$T/$name.build.err")"
			elif command -v xmllint >/dev/null 2>&1 && ! xmllint --noout --nonet "$T/$name.xml" 2>"$T/$name.xmllint"; then
				why="the built XML is not well-formed: $(head -1 "$T/$name.xmllint")"
			fi ;;
		same-as:)
			ign=$(sed -n 's/^ignore: *//p' "$want" | tr '\n' '|')
			run "$name.base" check "$a"
			ids "$name.base" | grep -Ev "^(${ign}@@) " >"$T/$name.want-ids"
			grep -Ev "^(${ign}@@) " "$T/$name.ids" >"$T/$name.got-ids"
			if ! cmp -s "$T/$name.want-ids" "$T/$name.got-ids"; then
				why="diagnostics differ from $a: $(diff "$T/$name.want-ids" "$T/$name.got-ids" | grep '^[<>]' | head -3 | tr '\n' ' ')"
			fi ;;
		esac
	done <"$want"
	result "$name"
}

# gen NAME WANT-TEXT: the input is $T/gen/NAME.txt (written by the caller); run it.
gen() {
	printf '%s\n' "$2" >"$T/gen/$1.want"
	case_run "$1" "$T/gen/$1.txt" "$T/gen/$1.want"
}

# ---- committed cases
for want in "$BAD"/*.want; do
	name=$(basename "$want" .want)
	case_run "$name" "$BAD/$name.txt" "$want"
done

# ---- encodings and line ends: the same document, the same diagnostics at the same places
B=$BAD/base.txt
{ printf '\357\273\277'; cat "$B"; } >"$T/gen/bom-program.txt"
gen bom-program "same-as: $B"
tr '\n' '\r' <"$B" >"$T/gen/cr-only.txt"
gen cr-only "same-as: $B"
sed 's/$/\r/' "$B" >"$T/gen/crlf.txt"
gen crlf "same-as: $B"
printf '%s' "$(cat "$B")" >"$T/gen/no-final-newline.txt"
gen no-final-newline "same-as: $B"
{ printf 'line one\r\nline two\rline three\n'; cat "$B"; } >"$T/gen/mixed-line-ends.txt"
gen mixed-line-ends "exit: 0 1
nodiag: encoding-invalid"
if command -v iconv >/dev/null 2>&1; then
	{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE <"$B"; } >"$T/gen/utf16le-bom.txt"
	gen utf16le-bom "same-as: $B
ignore: encoding-utf16
diag: encoding-utf16 1:1"
	{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE <"$B"; } >"$T/gen/utf16be-bom.txt"
	gen utf16be-bom "same-as: $B
ignore: encoding-utf16
diag: encoding-utf16 1:1"
	iconv -f UTF-8 -t UTF-16LE <"$B" >"$T/gen/utf16-no-bom.txt"
	gen utf16-no-bom "exit: 1
diag: encoding-nul 1:6
nodiag: encoding-utf16"
	# an odd byte count and an unpaired surrogate: converted, repaired, no read past the end
	{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE <"$B"; printf '\000\330A'; } >"$T/gen/utf16-odd.txt"
	gen utf16-odd "exit: 0 1
diag: encoding-utf16 1:1"
else
	echo "ok bad/utf16 # skip: no iconv"
fi

# ---- limits
{ cat "$B"; yes 'Nội dung lặp lại để làm một tệp thật lớn, không có ý nghĩa gì. Nội dung lặp lại.' | head -c 21000000; } \
    >"$T/gen/file-too-large.txt"
if [ -n "$W" ] && [ -n "${APC_QUICK:-}" ]; then
	echo "ok bad/file-too-large # skip: APC_QUICK under $W"
else
	tmo=$HEAVY; gen file-too-large "exit: 1
diag: file-too-large 1:1"
	tmo=
fi
rm -f "$T/gen/file-too-large.txt"
awk 'NR == 17 { s = "x"; while (length(s) < 100000) s = s s; print substr(s, 1, 100000) } { print }' "$B" \
    >"$T/gen/line-too-long.txt"
gen line-too-long "exit: 1
diag: line-too-long 17:65537"
{ awk 'BEGIN { s = "ô"; while (length(s) < 70000) s = s s; print s }'; cat "$B"; } >"$T/gen/line-too-long-utf8.txt"
gen line-too-long-utf8 "exit: 1
diag: line-too-long 1
nodiag: encoding-invalid"
if [ -n "$W" ] && [ -n "${APC_QUICK:-}" ]; then
	echo "ok bad/too-many-lines # skip: APC_QUICK under $W"
	echo "ok bad/table-rows # skip: APC_QUICK under $W"
else
	{ cat "$B"; yes 'a' | head -n 300000; } >"$T/gen/too-many-lines.txt"
	tmo=$HEAVY; gen too-many-lines "exit: 1
diag: too-many-lines 200001:1"
	tmo=
	rm -f "$T/gen/too-many-lines.txt"
	{ cat "$B"; awk 'BEGIN { for (i = 16; i < 30016; i++)
	    printf "%d\tNhiệm vụ %d\tBan Tuyên giáo Tỉnh ủy\tĐảng đoàn HĐND tỉnh\tNăm 2025\n", i, i }'; } \
	    >"$T/gen/table-rows.txt"
	tmo=$HEAVY; gen table-rows "exit: 1
diag: limit-exceeded"
	tmo=
	rm -f "$T/gen/table-rows.txt"
fi
# one paragraph of 100000 wrapped lines (no sentence ends, lower case: each line continues it)
if [ -n "$W" ] && [ -n "${APC_QUICK:-}" ]; then
	echo "ok bad/long-paragraph # skip: APC_QUICK under $W"
else
	{ head -n 20 "$B"; yes 'và một dòng nữa của đoạn văn' | head -n 100000; } >"$T/gen/long-paragraph.txt"
	tmo=$HEAVY; gen long-paragraph "exit: 0 1"
	tmo=
	rm -f "$T/gen/long-paragraph.txt"
fi
awk '/^I\. MỤC TIÊU/ { for (i = 0; i < 3000; i++) printf "XXXIX. MỤC SỐ %d\n\nVăn bản của mục.\n\n", i } { print }' "$B" \
    >"$T/gen/roman-headings.txt"
gen roman-headings "exit: 0 1"
awk '/^TT\tNhiệm vụ/ { for (i = 0; i < 195; i++) $0 = $0 "\tCột " i } { print }
    END { s = "16\tNhiệm vụ\tBan Tuyên giáo Tỉnh ủy\tĐảng đoàn HĐND tỉnh\tNăm 2025"; for (i = 0; i < 195; i++) s = s "\tô " i; print s }' \
    "$B" >"$T/gen/columns-200.txt"
gen columns-200 "exit: 0 1
diag: limit-exceeded"
awk '/^TT\tNhiệm vụ/ { for (i = 0; i < 5000; i++) $0 = $0 "|" } { print }' "$B" >"$T/gen/pipes-5000.txt"
gen pipes-5000 "exit: 0 1"
{ cat "$B"; awk 'BEGIN { for (i = 0; i < 2000; i++) print "" ; for (i = 0; i < 2000; i++) printf "%d\t\t\t\t\n", i }'; } \
    >"$T/gen/empty-rows.txt"
gen empty-rows "exit: 0 1"

# ---- files that are not documents
if [ -r /bin/sh ]; then
	head -c 16384 /bin/sh >"$T/gen/binary-elf.txt"
	gen binary-elf "exit: 1
diag: encoding-nul"
fi
head -c 65536 /dev/urandom >"$T/gen/random-bytes.txt"
gen random-bytes "exit: 1"

mkdir -p "$T/a-directory.txt"
run dir-as-file build "$T/a-directory.txt"
why=
crashed dir-as-file || { [ "$rc" = 2 ] || why="exit $rc, want 2"; }
[ -n "$why" ] || ids dir-as-file | grep -q '^file-unreadable ' || why="no file-unreadable"
result dir-as-file

for cmd in check build; do
	run missing-$cmd $cmd "$T/no-such-file.txt"
	why=
	crashed missing-$cmd || { [ "$rc" = 2 ] || why="exit $rc, want 2"; }
	[ -n "$why" ] || grep -q 'no-such-file.txt' "$T/missing-$cmd.out" "$T/missing-$cmd.err" || why="the path is not named"
	result missing-$cmd
done

if mkfifo "$T/fifo.txt" 2>/dev/null; then
	for cmd in check build; do
		run fifo-$cmd $cmd "$T/fifo.txt"
		why=
		crashed fifo-$cmd || { [ "$rc" = 2 ] || why="exit $rc, want 2"; }
		[ -n "$why" ] || [ -n "$W" ] || [ "$secs" -le 5 ] || why="took ${secs}s"
		result fifo-$cmd
	done
	# a FIFO inside a directory that is checked: skipped, never opened
	mkdir -p "$T/fifodir"
	mkfifo "$T/fifodir/waiting.txt"
	cp "$B" "$T/fifodir/ok.txt"
	run fifo-in-dir check "$T/fifodir"
	why=
	crashed fifo-in-dir || case $rc in 0 | 1) ;; *) why="exit $rc, want 0 or 1" ;; esac
	result fifo-in-dir
else
	echo "ok bad/fifo # skip: no mkfifo"
fi

# symbolic link loops under a directory given to check: no hang, the real file checked once
mkdir -p "$T/loops/sub"
cp "$B" "$T/loops/sub/real.txt"
ln -s . "$T/loops/self"
ln -s .. "$T/loops/sub/up"
ln -s loop.txt "$T/loops/loop.txt"
ln -s b.txt "$T/loops/a.txt"
ln -s a.txt "$T/loops/b.txt"
run symlink-loop check "$T/loops"
why=
crashed symlink-loop || case $rc in 0 | 1) ;; *) why="exit $rc, want 0 or 1" ;; esac
[ -n "$why" ] || grep -q '^1 file' "$T/symlink-loop.out" || why="not exactly one file checked: $(tail -1 "$T/symlink-loop.out")"
grep -q 'loop.txt: skipped: ' "$T/symlink-loop.err" && grep -q 'a.txt: skipped: ' "$T/symlink-loop.err" ||
	why="${why:+$why; }the program links that lead nowhere are not said: $(head -c 200 "$T/symlink-loop.err")"
result symlink-loop

# what the walk says follows --lang and the locale, as every other message: a link out of the
# tree, a link that loops, a file with a name outside (hard link), a level too deep, a path
# that does not exist (before: English whatever the language)
mkdir -p "$T/wl/tree" "$T/wl/out"
cp "$B" "$T/wl/tree/a.txt"
cp "$B" "$T/wl/out/secret.txt"
ln -s ../out/secret.txt "$T/wl/tree/out.txt"
ln -s loop.txt "$T/wl/tree/loop.txt"
d=$T/wl/tree
i=0
while [ $i -lt 66 ]; do d=$d/d; i=$((i + 1)); done
mkdir -p "$d"
hard=0
ln "$T/wl/out/secret.txt" "$T/wl/tree/hard.txt" 2>/dev/null && hard=1
for l in en vi vi-locale; do
	name=walk-says-$l
	case $l in
	vi-locale) LC_ALL=vi_VN.UTF-8; run $name check "$T/wl/tree" "$T/wl/nope"; LC_ALL=C.UTF-8 ;;
	*) run $name check --lang $l "$T/wl/tree" "$T/wl/nope" ;;
	esac
	why=
	crashed $name || [ "$rc" = 2 ] || why="exit $rc, want 2"
	case $l in
	en) set -- 'out.txt: skipped: the symbolic link leads outside the directory walked' \
	        'loop.txt: skipped: ' 'd: skipped: more than 64 directory levels below the path given' \
	        'hard.txt: skipped: the file has 2 names (hard links), 1 of them in the directories walked' \
	        'nope: No such file' ;;
	*) set -- 'out.txt: bỏ qua: liên kết tượng trưng dẫn ra ngoài thư mục được duyệt' \
	        'loop.txt: bỏ qua: ' 'd: bỏ qua: sâu hơn 64 cấp thư mục dưới đường dẫn đã cho' \
	        'hard.txt: bỏ qua: tệp có 2 tên (liên kết cứng), 1 tên trong các thư mục được duyệt' \
	        'nope: không mở được: ' ;;
	esac
	for m in "$@"; do
		case $m in hard.txt*) [ $hard = 1 ] || continue ;; esac
		grep -qF "$m" "$T/$name.err" || why="${why:+$why; }not said: $m"
	done
	# the system's reason (strerror) is in the C library's language; apc's words are not
	[ $l = en ] || ! grep -q 'skipped\|directory levels\|hard links' "$T/$name.err" ||
		why="${why:+$why; }English left: $(grep 'skipped\|directory levels\|hard links' "$T/$name.err" | head -1)"
	result $name
done

run symlink-loop-direct check "$T/loops/loop.txt"
why=
crashed symlink-loop-direct || { [ "$rc" = 2 ] || why="exit $rc, want 2"; }
result symlink-loop-direct

cp "$B" "$T/unreadable.txt"
chmod 000 "$T/unreadable.txt"
if cat "$T/unreadable.txt" >/dev/null 2>&1; then
	echo "ok bad/unreadable # skip: running as root, chmod 000 does not stop reading"
else
	run unreadable check "$T/unreadable.txt"
	why=
	crashed unreadable || { [ "$rc" = 2 ] || why="exit $rc, want 2"; }
	[ -n "$why" ] || ids unreadable | grep -q '^file-unreadable ' || why="no file-unreadable"
	result unreadable
fi
chmod 644 "$T/unreadable.txt"

# apc.conf is read from every directory above a checked file: a FIFO or /dev/zero there must
# not hang apc nor make it read without end
if mkfifo "$T/conf-fifo.txt" 2>/dev/null; then
	mkdir -p "$T/conf-fifo"
	cp "$B" "$T/conf-fifo/prog.txt"
	mv "$T/conf-fifo.txt" "$T/conf-fifo/apc.conf"
	tmo=10; [ -n "$W" ] && tmo=60
	run conf-fifo check "$T/conf-fifo/prog.txt"
	tmo=
	why=
	crashed conf-fifo || case $rc in 0 | 1 | 2) ;; *) why="exit $rc" ;; esac
	result conf-fifo
fi
if [ -c /dev/zero ]; then
	if [ -n "$W" ] || grep -aqE '__asan_init|__tsan_init' "$APC"; then
		echo "ok bad/conf-dev-zero # skip: needs a memory limit (ulimit -v), which sanitizers and valgrind cannot run under"
	else
		mkdir -p "$T/conf-zero"
		cp "$B" "$T/conf-zero/prog.txt"
		ln -s /dev/zero "$T/conf-zero/apc.conf"
		tmo=10
		( ulimit -v 1000000 2>/dev/null; run conf-dev-zero check "$T/conf-zero/prog.txt"; echo "$rc" >"$T/conf-dev-zero.rc" )
		tmo=
		rc=$(cat "$T/conf-dev-zero.rc")
		why=
		crashed conf-dev-zero || case $rc in 0 | 1 | 2) ;; *) why="exit $rc" ;; esac
		result conf-dev-zero
	fi
fi

# ---- output files: written whole or not at all
leftovers() { ls -a "$1" | grep -E '\.apc-' | head -1; }
run out-no-dir build "$B" -o "$T/nonexistent-dir/out.xml"
why=
crashed out-no-dir || { [ "$rc" = 2 ] || why="exit $rc, want 2"; }
[ -e "$T/nonexistent-dir" ] && why="$T/nonexistent-dir was created"
[ -n "$why" ] || grep -q 'nonexistent-dir' "$T/out-no-dir.err" || why="no message naming the output"
result out-no-dir
run out-root-no-dir build "$B" -o /nonexistent-dir-apc-test/out.xml
why=
crashed out-root-no-dir || { [ "$rc" = 2 ] || why="exit $rc, want 2"; }
[ -e /nonexistent-dir-apc-test/out.xml ] && why="the output exists"
result out-root-no-dir

mkdir -p "$T/outs"
for src in missing fifo directory; do
	case $src in
	missing) in=$T/no-such-file.txt ;;
	fifo) in=$T/fifo.txt; [ -p "$in" ] || continue ;;
	directory) in=$T/a-directory.txt ;;
	esac
	printf 'previous content\n' >"$T/outs/kept-$src.xml"
	run out-kept-$src build "$in" -o "$T/outs/kept-$src.xml"
	why=
	crashed out-kept-$src || { [ "$rc" = 2 ] || why="exit $rc, want 2"; }
	[ "$(cat "$T/outs/kept-$src.xml")" = "previous content" ] || why="the existing output was changed"
	[ -z "$(leftovers "$T/outs")" ] || why="temporary file left: $(leftovers "$T/outs")"
	result out-kept-$src
done
mkdir -p "$T/outs/is-a-dir.xml"
run out-is-dir build "$B" -o "$T/outs/is-a-dir.xml"
why=
crashed out-is-dir || { [ "$rc" = 2 ] || why="exit $rc, want 2"; }
[ -z "$(leftovers "$T/outs")" ] || why="temporary file left: $(leftovers "$T/outs")"
result out-is-dir
run out-written build "$B" -o "$T/outs/written.xml"
why=
crashed out-written || case $rc in 0 | 1) ;; *) why="exit $rc, want 0 or 1" ;; esac
[ -n "$why" ] || [ -s "$T/outs/written.xml" ] || why="no output written"
if [ -z "$why" ] && command -v xmllint >/dev/null 2>&1; then
	xmllint --noout --nonet "$T/outs/written.xml" 2>/dev/null || why="the output is not well-formed XML"
fi
[ -z "$(leftovers "$T/outs")" ] || why="temporary file left: $(leftovers "$T/outs")"
result out-written

# ---- library XML: no DTD, no entity, no XInclude, no network; refused with a location
PASSWD_RE='root:[^:]*:0:0:'
# lib_case NAME FILE.xml WANT-EXITS STDERR-REGEX: FILE.xml (moved) alone in a --library dir
lib_case() {
	name=$1 why=
	d=$T/lib-$name
	mkdir -p "$d"
	mv "$2" "$d/"
	run "$name" check --library "$d" "$B"
	# which files it opens: never /etc/passwd (LeakSanitizer cannot run under ptrace)
	if [ -z "$W" ] && command -v strace >/dev/null 2>&1; then
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" timeout "$TMO" \
		    strace -f -qq -e trace=open,openat,stat,newfstatat -o "$T/$name.strace" \
		    "$APC" check --library "$d" "$B" >/dev/null 2>&1 </dev/null
		grep -q '/etc/passwd' "$T/$name.strace" && why="/etc/passwd was opened"
	fi
	crashed "$name" && { result "$name"; return; }
	case " $3 " in *" $rc "*) ;; *) why="exit $rc, want $3" ;; esac
	[ -n "$why" ] || [ -n "$W" ] || [ "$secs" -le 5 ] || why="took ${secs}s"
	[ -n "$why" ] || [ -z "$4" ] || grep -Eq "$4" "$T/$name.err" || why="stderr does not match /$4/: $(head -c 300 "$T/$name.err" | tr '\n' ' ')"
	cat "$T/$name.out" "$T/$name.err" | grep -Eq "$PASSWD_RE" && why="the content of /etc/passwd appears in the output"
	result "$name"
}
laughs='<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">'
parent_open='<parent xmlns="urn:apc:library:1" symbol="99-NQ/TW" kind="Nghị quyết">'
printf '<?xml version="1.0"?>\n<!DOCTYPE parent [\n%s\n]>\n%s<title>&i;</title></parent>\n' "$laughs" "$parent_open" \
    >"$T/laughs.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE parent [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n%s<title>&xxe;</title></parent>\n' \
    "$parent_open" >"$T/xxe.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE parent [\n<!ENTITY %% p SYSTEM "file:///etc/passwd">\n%%p;\n]>\n%s<title>x</title></parent>\n' \
    "$parent_open" >"$T/xxe-param.xml"
if command -v iconv >/dev/null 2>&1; then
	# the same in UTF-16: a search of the bytes for "<!DOCTYPE" does not see them
	for n in laughs xxe xxe-param; do
		{ printf '\377\376'; sed 's/<?xml version="1.0"?>/<?xml version="1.0" encoding="UTF-16"?>/' "$T/$n.xml" |
		    iconv -f UTF-8 -t UTF-16LE; } >"$T/$n-utf16.xml"
	done
	lib_case billion-laughs-utf16 "$T/laughs-utf16.xml" 2 'laughs-utf16\.xml:3: error: .*(DOCTYPE|entit)'
	lib_case xxe-utf16 "$T/xxe-utf16.xml" 2 'xxe-utf16\.xml:3: error: .*(DOCTYPE|entit)'
	lib_case xxe-param-utf16 "$T/xxe-param-utf16.xml" 2 'xxe-param-utf16\.xml:3: error: .*(DOCTYPE|entit)'
fi
lib_case billion-laughs "$T/laughs.xml" 2 'laughs\.xml:3: error: .*(DOCTYPE|entit)'
lib_case xxe "$T/xxe.xml" 2 'xxe\.xml:3: error: .*(DOCTYPE|entit)'
lib_case xxe-param "$T/xxe-param.xml" 2 'xxe-param\.xml:3: error: .*(DOCTYPE|entit)'
# an external DTD is never loaded (a well-formed parent otherwise: it may be accepted)
P=library/parents/36-nq-tw-2023.xml
if [ -f "$P" ]; then
	sed -e 's/symbol="36-NQ\/TW"/symbol="94-NQ\/TW"/' -e '1a\
<!DOCTYPE parent SYSTEM "file:///etc/passwd">' "$P" >"$T/external-dtd.xml"
	lib_case external-dtd "$T/external-dtd.xml" "0 1 2" ''
	# XInclude is not processed: the include stays an element (which the schema refuses)
	sed -e 's/symbol="36-NQ\/TW"/symbol="93-NQ\/TW" xmlns:xi="http:\/\/www.w3.org\/2001\/XInclude"/' \
	    -e 's|<signer[^>]*>[^<]*</signer>|<signer status="verified"><xi:include href="/etc/passwd" parse="text"/></signer>|' \
	    "$P" >"$T/xinclude.xml"
	lib_case xinclude "$T/xinclude.xml" 2 'xinclude\.xml:[0-9]+: error:'
fi
printf '<?xml version="1.0"?>\n%s<title>x</title>\n' "$parent_open" >"$T/truncated.xml"
lib_case truncated-xml "$T/truncated.xml" 2 'truncated\.xml:[0-9]+: error:'
printf '\0\0\0' >"$T/nul.xml"
lib_case nul-xml "$T/nul.xml" 2 'nul\.xml(:[0-9]+)?: error:'
if mkfifo "$T/lib-fifo.xml" 2>/dev/null; then
	tmo=10; [ -n "$W" ] && tmo=60     # a hang: no need to wait the whole timeout
	lib_case fifo-xml "$T/lib-fifo.xml" 2 'lib-fifo\.xml(:[0-9]+)?: error:'
	tmo=
fi
if [ -c /dev/zero ]; then
	ln -s /dev/zero "$T/zero.xml"
	lib_case dev-zero-xml "$T/zero.xml" 2 'zero\.xml(:[0-9]+)?: error:'
fi
exit 0
