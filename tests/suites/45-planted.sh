#!/bin/sh
# Planted defects (tests/corpus-like): each NAME.txt is a realistic document with one defect
# planted, or none; NAME.expect lists "RULE-ID LINE" per expected diagnostic (line 0: the whole
# file, which apc reports at 1:1). A case passes when every expected diagnostic is there and no
# other rule fires.
for f in tests/corpus-like/*.txt; do
  exp=${f%.txt}.expect
  [ -f "$exp" ] || continue
  name=$(basename "$f" .txt)
  got=$(${APC_WRAP:-} "$APC" check --lang en "$f" 2>&1 | sed -n 's/^[^ ]*:\([0-9][0-9]*\):[0-9][0-9]*: [a-z]*: .* \[\([a-z0-9-]*\)\]$/\2 \1/p' | sort -u)
  bad=""
  while read -r rule line; do
    [ -n "$rule" ] || continue
    [ "$line" = 0 ] && line=1
    echo "$got" | grep -qx "$rule $line" || bad="$bad missing $rule:$line;"
  done <"$exp"
  for rule in $(echo "$got" | cut -d' ' -f1 | sort -u); do
    grep -q "^$rule " "$exp" || bad="$bad unexpected $rule;"
  done
  if [ -z "$bad" ]; then echo "ok planted $name"; else echo "not ok planted $name:$bad"; fi
done
