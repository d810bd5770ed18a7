"""report.html in a real browser: headless Chromium opens the file from disk (no server, no
network), and the test checks that the heat map and the tables render, that a click on a heat
map cell opens its matched activities, that a table sorts, and that nothing was logged to
the console as an error. A screenshot goes to data/processed/compare_report.png (the README's).

Chromium is driven over the DevTools protocol through a pipe (`--remote-debugging-pipe`),
so no driver package is needed. Skipped when no Chromium is installed
(Debian: `apt-get install -y chromium`).
"""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time

import pytest

from helpers import ROOT

SCREENSHOT = os.path.join(ROOT, "data", "processed", "compare_report.png")


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


pytestmark = pytest.mark.skipif(chromium_path() is None,
                                reason="no Chromium (Debian: apt-get install -y chromium)")


class Browser:
    """Just enough of the DevTools protocol: one page, commands and events over fds 3/4."""

    def __init__(self, exe: str, width: int = 1400, height: int = 1000):
        self.profile = tempfile.mkdtemp(prefix="roadmaps_chromium_")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds():            # in the child: its fd 3 reads commands, fd 4 writes replies
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--hide-scrollbars", "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_fds, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"],
                                 flatten=True)["sessionId"]

    def _send(self, msg: dict) -> None:
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")

    def _read(self, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, timeout: float = 30, session: bool = False, **params):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        self._send(msg)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._read(deadline - time.monotonic())
            if reply is None:
                break
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)
        raise TimeoutError(method)

    def page(self, method: str, **params):
        return self.call(method, session=True, **params)

    def wait_event(self, name: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for e in self.events:
                if e.get("method") == name:
                    return e
            msg = self._read(deadline - time.monotonic())
            if msg and "method" in msg:
                self.events.append(msg)
        raise TimeoutError(name)

    def js(self, expression: str):
        r = self.page("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise AssertionError(f"JS error in {expression!r}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(expression)

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed loads seen so far."""
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(json.dumps(p.get("exceptionDetails", {}))[:500])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", ""))
        return out

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report_path():
    from test_compare import comparison_and_report
    _, out, _ = comparison_and_report()
    return os.path.join(out, "report.html")


@pytest.fixture(scope="module")
def browser(report_path):
    b = Browser(chromium_path())
    try:
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            b.page(domain)
        b.page("Page.navigate", url="file://" + os.path.abspath(report_path))
        b.wait_event("Page.loadEventFired", timeout=60)
        b.wait_for("document.body.dataset.heatmapReady === '1'")
        yield b
    finally:
        b.close()


def test_heatmap_renders(browser):
    cells = browser.wait_for("document.querySelectorAll('#heatmap .hm, #heatmap .heatmaplayer image, "
                             "#heatmap g.heatmaplayer').length")
    assert cells >= 1
    n_text = browser.js("document.querySelectorAll('#heatmap .textpoint, #heatmap text').length")
    assert n_text > 10                       # percentages and axis labels are drawn
    size = browser.js("(() => { const r = document.getElementById('heatmap').getBoundingClientRect();"
                      " return [r.width, r.height]; })()")
    assert size[0] > 400 and size[1] > 150
    assert browser.js("document.querySelectorAll('#bars .barlayer .point').length") >= 2


def test_tables_render_and_sort(browser):
    rows = browser.js("Object.fromEntries(['summary-table', 'uncovered-table', 'gaps-table', 'coverage-table', "
                      "'local-table', 'late-table'].map(id => [id, document.querySelectorAll("
                      "'#' + id + ' tbody tr').length]))")
    assert rows["summary-table"] == 2
    assert rows["coverage-table"] > 50
    assert rows["uncovered-table"] + rows["gaps-table"] > 0     # gaps: of all, or of some
    # sort the coverage table by score, descending (two clicks on «Балл»)
    scores = browser.js("""(() => {
        const t = document.getElementById('coverage-table');
        const th = Array.from(t.querySelectorAll('thead th')).find(h => h.textContent.trim() === 'Балл');
        const col = Array.from(th.parentNode.children).indexOf(th);
        th.click(); th.click();
        return Array.from(t.tBodies[0].rows).slice(0, 30).map(r => parseFloat(r.cells[col].textContent));
    })()""")
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_click_on_a_cell_shows_the_matched_activities(browser):
    # a real mouse click in the middle of the heat map's first row, third column
    box = browser.js("""(() => {
        const gd = document.getElementById('heatmap');
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, r = gd.getBoundingClientRect();
        return [r.left + xa._offset + xa.l2p(2), r.top + ya._offset + ya.l2p(0)];
    })()""")
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.page("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left",
                     clickCount=1)
    text = browser.wait_for("document.getElementById('detail').classList.contains('open') && "
                            "document.getElementById('detail').innerText")
    assert "направление" in text.lower()
    assert browser.js("document.querySelectorAll('#detail tbody tr').length") >= 1


def test_no_console_errors_and_a_screenshot(browser):
    browser.js("window.scrollTo(0, 0)")
    assert browser.errors() == []
    metrics = browser.page("Page.getLayoutMetrics")
    height = min(int(metrics["cssContentSize"]["height"]), 2600)
    shot = browser.page("Page.captureScreenshot", format="png",
                        clip={"x": 0, "y": 0, "width": 1400, "height": height, "scale": 1},
                        captureBeyondViewport=True)
    os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
    with open(SCREENSHOT, "wb") as fh:
        fh.write(base64.b64decode(shot["data"]))
    assert os.path.getsize(SCREENSHOT) > 20_000
