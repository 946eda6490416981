#!/usr/bin/env python3
"""multitool.py TOOL FILE...: validate SARIF files with Microsoft's SARIF multitool.

TOOL is the multitool's binary (`scripts/deps --tool sarif-multitool` prints it). Every FILE
must come out clean: no result of level error or warning (a result without a level is a
warning). tests/sarif/broken.sarif, which breaks the standard on purpose, is validated after
the files in the same run and must be reported: that proves the tool read and judged every file
before it (the multitool stops without a word at a file it cannot deserialize, such as one with
an unknown `level`; tests/sarif/check.py's schemas catch those).
Prints "clean FILE" or "bad FILE" for each FILE, the problems on stderr; exits 0 when all is
well, 1 otherwise.
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

CANARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "broken.sarif")


def problems(log):
    """{path: [lines]} of the error and warning results of a multitool log."""
    found = {}
    for run in log.get("runs", []):
        for inv in run.get("invocations", []):
            if inv.get("executionSuccessful") is False:
                found.setdefault("(the multitool)", []).append("its run did not succeed")
            for n in inv.get("toolExecutionNotifications", []):
                if n.get("level", "warning") in ("error", "warning"):
                    found.setdefault("(the multitool)", []).append(n.get("message", {}).get("text", "?"))
        for res in run.get("results", []):
            if res.get("level", "warning") not in ("error", "warning"):
                continue
            try:
                uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                path = urllib.parse.unquote(urllib.parse.urlparse(uri).path)
            except (KeyError, IndexError):
                path = "(no location)"
            msg = res.get("message", {})
            text = msg.get("text") or " ".join(str(a) for a in msg.get("arguments", []))
            found.setdefault(os.path.realpath(path), []).append(
                "%s %s: %s" % (res.get("level", "warning"), res.get("ruleId", "?"), text[:300]))
    return found


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    tool, files = argv[1], [os.path.realpath(f) for f in argv[2:]]
    if not (os.path.isfile(tool) and os.access(tool, os.X_OK)):
        print("no SARIF multitool at %s: make deps installs it" % tool, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.sarif")   # the multitool refuses to overwrite a file
        env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1")
        p = subprocess.run([tool, "validate", "--threads", "1", "-o", out] + files + [CANARY],
                           cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=300)
        if p.returncode != 0 or not os.path.exists(out):
            print("the multitool failed (exit %d): %s" % (p.returncode, p.stdout.decode(errors="replace")[-800:]),
                  file=sys.stderr)
            return 1
        with open(out, encoding="utf-8-sig") as f:
            found = problems(json.load(f))
    bad = 0
    if not found.pop(os.path.realpath(CANARY), None):
        print("the multitool did not report %s: it did not read every file" % CANARY, file=sys.stderr)
        bad = 1
    for path in files:
        lines = found.pop(path, [])
        print("%s %s" % ("bad" if lines else "clean", path))
        for line in lines[:10]:
            print("%s: %s" % (path, line), file=sys.stderr)
        bad |= bool(lines)
    for path, lines in sorted(found.items()):   # a problem not located in any file given
        bad = 1
        for line in lines[:10]:
            print("%s: %s" % (path, line), file=sys.stderr)
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
