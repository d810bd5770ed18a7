"""One way to start the browser for the browser tests: Debian's chromium and chromedriver
through selenium, headless, with a fresh profile; the test is skipped when either is missing."""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from helpers import ROOT

__all__ = ["ROOT", "chrome_or_skip", "chromium_path"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chrome_or_skip(width: int = 1400, height: int = 1000):
    """A selenium Chrome driver on the installed chromium (skips the test without one)."""
    webdriver = pytest.importorskip("selenium.webdriver")
    exe, driver = chromium_path(), shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if exe is None or not os.path.exists(driver):
        pytest.skip("no chromium/chromedriver (Debian: apt-get install -y chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = exe
    profile = tempfile.mkdtemp(prefix="roadmaps_chromium_")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=ru-RU", f"--user-data-dir={profile}",
                f"--window-size={width},{height}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        d = webdriver.Chrome(service=Service(driver), options=opts)
    except Exception as exc:      # a broken install: skip rather than fail the suite
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"chromium did not start: {str(exc).splitlines()[0][:200]}")
    quit_ = d.quit

    def quit_and_clean():
        quit_()
        shutil.rmtree(profile, ignore_errors=True)
    d.quit = quit_and_clean
    return d
