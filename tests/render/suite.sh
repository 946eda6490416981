# tests/render/suite.sh: what the render suites (tests/suites/50-render.sh, 55-publish.sh) share.
# Sourced, not run: sets LC_ALL, $corpus, a private $tmp removed on exit, and the helpers below.
export LC_ALL=C.UTF-8
corpus=../shared/corpus/lao-cai-219-ctr-tu-2023.txt
tmp=$(mktemp -d "${TMPDIR:-/tmp}/apc-render-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }
skip() { echo "ok $1 # skipped: $2"; }
quick() { [ "${APC_QUICK:-}" = 1 ]; }
has() { grep -q -F -- "$2" "$1"; }
render() {   # render SRC FORMAT OUT [options]: sets rc, the exit status (0 or 1 fine, 2 a failure)
  r_src=$1 r_fmt=$2 r_out=$3; shift 3
  ${APC_WRAP:-} "$APC" render "$@" "$r_src" -f "$r_fmt" -o "$r_out" 2>"$r_out.err"
  rc=$?
  [ "$rc" -le 1 ] && [ -s "$r_out" ]
}
