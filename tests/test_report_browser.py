"""report.html in a real browser: headless Chromium opens the file from disk (no server, no
network), and the test checks that the heat map and the tables render, that a click on a heat
map cell opens its matched activities, that a table sorts, and that nothing was logged to
the console as an error. A screenshot goes to data/processed/compare_report.png (the README's).

Chromium is driven by selenium through Debian's chromedriver (tests/browser.py, the same
driver as the web application's tests). Skipped without them
(Debian: `apt-get install -y chromium chromium-driver`).
"""
from __future__ import annotations

import os
import time

import pytest

from browser import chrome_or_skip, chromium_path
from helpers import ROOT

SCREENSHOT = os.path.join(ROOT, "data", "processed", "compare_report.png")

pytestmark = pytest.mark.skipif(chromium_path() is None,
                                reason="no Chromium (Debian: apt-get install -y chromium)")


class Browser:
    """The few calls the tests make, over a selenium driver."""

    def __init__(self, driver):
        self.driver = driver

    def js(self, expression: str):
        return self.driver.execute_script("return " + expression)

    def wait_for(self, expression: str, timeout: float = 20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(expression)

    def click_at(self, x: float, y: float) -> None:
        """A real mouse click at viewport coordinates."""
        from selenium.webdriver.common.actions.action_builder import ActionBuilder
        actions = ActionBuilder(self.driver)
        actions.pointer_action.move_to_location(int(x), int(y))
        actions.pointer_action.click()
        actions.perform()

    def errors(self) -> list[str]:
        """Console errors and failed loads seen so far."""
        return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

    def close(self) -> None:
        self.driver.quit()


@pytest.fixture(scope="module")
def report_path():
    from test_compare import comparison_and_report
    _, out, _ = comparison_and_report()
    return os.path.join(out, "report.html")


@pytest.fixture(scope="module")
def browser(report_path):
    b = Browser(chrome_or_skip())
    try:
        b.driver.get("file://" + os.path.abspath(report_path))
        b.wait_for("document.body.dataset.heatmapReady === '1'", timeout=60)
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
    browser.click_at(box[0], box[1])
    text = browser.wait_for("document.getElementById('detail').classList.contains('open') && "
                            "document.getElementById('detail').innerText")
    assert "направление" in text.lower()
    assert browser.js("document.querySelectorAll('#detail tbody tr').length") >= 1


def test_no_console_errors_and_a_screenshot(browser):
    browser.js("window.scrollTo(0, 0)")
    assert browser.errors() == []
    height = min(int(browser.js("document.documentElement.scrollHeight")), 2600)
    browser.driver.set_window_size(1400, height)
    os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
    browser.driver.save_screenshot(SCREENSHOT)
    assert os.path.getsize(SCREENSHOT) > 20_000
