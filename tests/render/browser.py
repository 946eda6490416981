#!/usr/bin/env python3
"""tests/render/browser.py: look at a page in a real browser (headless Chromium), as a reader would.

    browser.py PAGE.html OUTDIR [WIDTH...]

Drives Chromium over its DevTools protocol on a pipe (--remote-debugging-pipe: no port, no
network, no driver to install). For each width (default 390 and 1280) it loads the page at that
viewport, writes OUTDIR/page-WIDTH.png (a screenshot of the first screen) and
OUTDIR/page-WIDTH.json: the page's scroll width, the viewport width, the boxes of the header
columns, the title and the appendix table's box, and the body's innerText.
Exit 0; 77 when Chromium is not installed (the caller prints a "skipped" line); 2 on a failure.
Environment: CHROMIUM (default: chromium on PATH).
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

MEASURE = r"""(() => {
  const box = (sel) => { const e = document.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
            scrollWidth: e.scrollWidth, clientWidth: e.clientWidth,
            overflowX: getComputedStyle(e).overflowX}; };
  return JSON.stringify({
    viewport: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    masthead: box('.masthead'), left: box('.mh-left'), right: box('.mh-right'),
    kind: box('h1.kind'), summary: box('.doc-title .summary'),
    tableBox: box('.table-box'), table: box('table.tasks'),
    innerText: document.body.innerText,
  });
})()"""


class Chrome:
    def __init__(self, exe):
        self.prof = tempfile.mkdtemp(prefix="apc-chromium-")
        r1, w1 = os.pipe()      # we write, chromium reads on fd 3
        r2, w2 = os.pipe()      # chromium writes on fd 4, we read

        def child():                    # runs in the child before exec: its fds 3 and 4
            a, b = os.dup(r1), os.dup(w2)   # out of the way of 3 and 4 first
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + self.prof, "about:blank"],
            close_fds=False, preexec_fn=child,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r1)
        os.close(w2)
        self.w = os.fdopen(w1, "wb")
        self.r = os.fdopen(r2, "rb")
        self.n = 0
        self.buf = b""

    def call(self, method, session=None, **params):
        self.n += 1
        msg = {"id": self.n, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self.w.write(json.dumps(msg).encode() + b"\0")
        self.w.flush()
        while True:
            while b"\0" not in self.buf:
                chunk = self.r.read1(1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self.buf += chunk
            raw, self.buf = self.buf.split(b"\0", 1)
            m = json.loads(raw)
            if m.get("id") == self.n:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.prof, ignore_errors=True)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    page, outdir = os.path.abspath(sys.argv[1]), sys.argv[2]
    widths = [int(w) for w in sys.argv[3:]] or [390, 1280]
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        print("chromium not installed")
        return 77
    os.makedirs(outdir, exist_ok=True)
    c = Chrome(exe)
    try:
        target = c.call("Target.createTarget", url="about:blank")["targetId"]
        s = c.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        c.call("Page.enable", session=s)
        name = os.path.splitext(os.path.basename(page))[0]
        for w in widths:
            c.call("Emulation.setDeviceMetricsOverride", session=s, width=w, height=844 if w < 600 else 900,
                   deviceScaleFactor=1, mobile=w < 600)
            c.call("Page.navigate", session=s, url="file://" + page)
            # wait for the load: poll the document's readyState
            for _ in range(200):
                st = c.call("Runtime.evaluate", session=s, expression="document.readyState", returnByValue=True)
                if st["result"].get("value") == "complete":
                    break
                import time
                time.sleep(0.05)
            got = c.call("Runtime.evaluate", session=s, expression=MEASURE, returnByValue=True)
            with open(os.path.join(outdir, "%s-%d.json" % (name, w)), "w", encoding="utf-8") as f:
                f.write(got["result"]["value"])
            shot = c.call("Page.captureScreenshot", session=s, format="png")
            with open(os.path.join(outdir, "%s-%d.png" % (name, w)), "wb") as f:
                f.write(base64.b64decode(shot["data"]))
    except Exception as e:  # a browser that cannot be driven is a failure, not a skip
        print("browser: %s" % e)
        return 2
    finally:
        c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
