#!/bin/sh
# Unit tests: each binary in $UNITDIR prints "ok NAME" / "not ok NAME: why" lines itself.
for t in "$UNITDIR"/test_*; do
  [ -x "$t" ] || continue
  ${APC_WRAP:-} "$t" || echo "not ok $(basename "$t"): exit $?"
done
