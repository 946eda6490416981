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
render() {   # render SRC FORMAT OUT [options]: exit status of apc (0 or 1 fine, 2 a failure)
  src=$1 fmt=$2 out=$3; shift 3
  ${APC_WRAP:-} "$APC" render "$@" "$src" -f "$fmt" -o "$out" 2>"$out.err"
  rc=$?
  [ "$rc" -le 1 ] && [ -s "$out" ]
}
