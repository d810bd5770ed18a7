"""The workbench in a real browser (Debian chromium + chromedriver through selenium): upload
two corpus files and see them imported, filter, open a record's source, correct a deadline and
find it in the downloaded CSV, upload again and see the correction kept, a viewer cannot edit.
Screenshots of the main pages are taken too; with ROADMAPS_SCREENSHOTS=docs they replace the
README's in docs/ (else they go to a temporary folder). Skipped without chromium or chromedriver."""
from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from browser import ROOT, chrome_or_skip
from helpers import raw

DOCS = os.path.join(ROOT, "docs")
SHOTS: list[str] = []          # the folder screenshots go to (set by the `b` fixture)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from pipeline.web import auth, create_app
    os.environ["ROADMAPS_BCRYPT_ROUNDS"] = "4"
    out = tmp_path_factory.mktemp("web")
    app = create_app(f"sqlite:///{out}/roadmaps.db", out_dir=str(out), require_login=True,
                     secret="s" * 32)
    auth.add_user(app.state.store, "анна", "секрет-1", "analyst")
    auth.add_user(app.state.store, "виктор", "пароль-2", "viewer")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    app.state.store.close()


@pytest.fixture(scope="module")
def b(server, tmp_path_factory):
    SHOTS[:] = [DOCS if os.environ.get("ROADMAPS_SCREENSHOTS") == "docs"
                else str(tmp_path_factory.mktemp("shots"))]
    driver = chrome_or_skip()
    driver.base = server
    yield driver
    driver.quit()


def go(b, path: str):
    b.get(b.base + path)


def wait(b, js: str, timeout: float = 60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = b.execute_script("return " + js)
        if value:
            return value
        time.sleep(0.1)
    raise TimeoutError(js)


def sign_in(b, name: str, password: str):
    from selenium.webdriver.common.by import By
    go(b, "/login")
    b.find_element(By.ID, "name").send_keys(name)
    b.find_element(By.ID, "password").send_keys(password)
    b.find_element(By.ID, "signin").click()
    wait(b, "!location.pathname.startsWith('/login')")


def shot(b, name: str):
    os.makedirs(SHOTS[0], exist_ok=True)
    path = os.path.join(SHOTS[0], name)
    assert b.save_screenshot(path) and os.path.getsize(path) > 10_000


def upload(b, *paths: str) -> list[str]:
    from selenium.webdriver.common.by import By
    go(b, "/upload")
    before = b.execute_script("return document.querySelectorAll('#jobs .job').length")
    b.find_element(By.ID, "files").send_keys("\n".join(paths))
    b.find_element(By.ID, "send").click()
    wait(b, f"document.querySelectorAll('#jobs .job').length > {before}"
            " && document.querySelector('#jobs .job').querySelector('.done')")
    return b.execute_script("return Array.from(document.querySelector('#jobs .job')"
                            ".querySelectorAll('tr.file')).map(r => r.dataset.status)")


def test_upload_two_files_and_see_them_imported(b):
    sign_in(b, "анна", "секрет-1")
    statuses = upload(b, raw("sayansky_2020", "docx"), raw("andropovsky_2022", "pdf"))
    assert sorted(statuses) == ["imported", "partial"] or set(statuses) <= {"imported", "partial"}
    assert len(statuses) == 2
    shot(b, "web_upload.png")
    go(b, "/documents")
    assert "sayansky_2020" in b.page_source and "andropovsky_2022" in b.page_source
    shot(b, "web_documents.png")


def test_filter_and_open_a_pdf_record_source(b):
    from selenium.webdriver.common.by import By
    go(b, "/records")
    total = b.find_element(By.ID, "total").text
    box = b.find_element(By.NAME, "q")
    box.send_keys("мониторинг")
    b.find_element(By.ID, "apply").click()
    wait(b, f"document.getElementById('total').textContent !== {total!r}")
    rows = b.find_elements(By.CSS_SELECTOR, "#records a.rec")
    assert rows and all("мониторинг" in r.text.lower() for r in rows)
    assert "q=" in b.current_url                      # the filter is in the address (htmx push)
    shot(b, "web_records.png")
    go(b, "/records?q=" + "методическ")
    link = next(a for a in b.find_elements(By.CSS_SELECTOR, "#records tr")
                if "andropovsky" in a.text).find_element(By.CSS_SELECTOR, "a.rec")
    link.click()
    wait(b, "document.querySelector('.page img') && document.querySelector('.page img').complete"
            " && document.querySelector('.page img').naturalWidth > 0")
    assert len(b.find_elements(By.CSS_SELECTOR, ".page .box")) >= 2
    shot(b, "web_record_pdf.png")


def test_correct_a_deadline_see_it_in_the_csv_and_after_reimport(b):
    from selenium.webdriver.common.by import By
    go(b, "/records?q=" + "школьных систем оценки")
    b.find_element(By.CSS_SELECTOR, "#records a.rec").click()
    wait(b, "document.getElementById('edit')")
    record_url = b.current_url
    field = b.find_element(By.ID, "f_deadline_raw")
    field.clear()
    field.send_keys("2020-2021 гг.")
    b.find_element(By.ID, "save").click()
    wait(b, "document.getElementById('history')")
    assert "2021-2020" in b.find_element(By.ID, "history").text
    assert b.find_elements(By.CSS_SELECTOR, "table.src tr.mark")      # its DOCX row marked
    shot(b, "web_record_docx.png")
    csv_text = b.execute_async_script("const done = arguments[0];"
                                      "fetch('/download/activities.csv').then(r => r.text()).then(done)")
    assert "2020-2021 гг." in csv_text and "2021-2020г." not in csv_text
    b.find_element(By.CSS_SELECTOR, "h1 a").click()
    b.find_element(By.ID, "queue").click()
    assert "2021-2020" in b.find_element(By.ID, "queue").text
    shot(b, "web_queue.png")
    statuses = upload(b, raw("sayansky_2020", "docx"))
    assert statuses == ["already imported"]
    b.get(record_url)
    assert b.find_element(By.ID, "f_deadline_raw").get_attribute("value") == "2020-2021 гг."


def test_viewer_cannot_edit(b):
    from selenium.webdriver.common.by import By
    go(b, "/records")
    b.find_element(By.CSS_SELECTOR, "header form button").click()
    sign_in(b, "виктор", "пароль-2")
    go(b, "/records")
    b.find_element(By.CSS_SELECTOR, "#records a.rec").click()
    assert not b.find_elements(By.ID, "edit") and b.find_elements(By.ID, "fields")
    go(b, "/upload")
    assert b.find_element(By.ID, "error").text
