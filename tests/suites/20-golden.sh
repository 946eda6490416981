#!/bin/sh
# Golden tests: every structure the parser learns, input -> expected XML and diagnostics.
# Inputs: examples/*.txt, tests/golden/*.txt, tests/corpus-like/messy-*.txt.
# Expected: tests/golden/expected/NAME.xml and NAME.diag (diagnostics in English, no colour).
# Regenerate with `make regen` (REGEN=1), which shows the diff of what changed.
out=${TMPDIR:-/tmp}/apc-golden.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
for f in examples/*.txt tests/golden/*.txt tests/corpus-like/messy-*.txt; do
  [ -f "$f" ] || continue
  name=$(basename "$f" .txt)
  exp=tests/golden/expected/$name
  ${APC_WRAP:-} "$APC" build --lang en "$f" -o "$out/$name.xml" 2>"$out/$name.diag"
  rc=$?
  echo "exit $rc" >>"$out/$name.diag"
  if [ -n "${REGEN:-}" ]; then
    for k in xml diag; do
      if [ -f "$exp.$k" ] && ! cmp -s "$exp.$k" "$out/$name.$k"; then diff -u "$exp.$k" "$out/$name.$k" | head -40; fi
      cp "$out/$name.$k" "$exp.$k" 2>/dev/null
    done
    echo "ok regen $name"
    continue
  fi
  for k in xml diag; do
    if [ ! -f "$exp.$k" ]; then
      echo "not ok $name.$k: no expected file (run make regen)"
    elif cmp -s "$exp.$k" "$out/$name.$k"; then
      echo "ok golden $name.$k"
    else
      echo "not ok golden $name.$k: differs from $exp.$k"
      diff -u "$exp.$k" "$out/$name.$k" | head -20
    fi
  done
  if xmllint --noout --relaxng schemas/program.rng "$out/$name.xml" 2>/dev/null; then
    echo "ok schema $name (xmllint)"
  else
    echo "not ok schema $name: not valid against schemas/program.rng"
  fi
done
