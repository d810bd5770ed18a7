"""Upload: files (or zips of files) saved under OUT/uploads/<job>, read by the CLI's batch
machinery (workers, time and memory limits) in a background thread; per-file progress."""
from __future__ import annotations

import os
import re
import secrets
import threading
import time
import zipfile

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from pipeline import store as store_mod
from pipeline.batch import Batch
from pipeline.i18n import _

from . import auth
from .app import render

MB = 1 << 20
LIMITS = {"file_mb": int(os.environ.get("ROADMAPS_UPLOAD_FILE_MB", "50")),
          "files": int(os.environ.get("ROADMAPS_UPLOAD_FILES", "200")),
          "zip_ratio": int(os.environ.get("ROADMAPS_UPLOAD_ZIP_RATIO", "100"))}


class UploadRefused(ValueError):
    """An upload over a limit; the message is shown to the analyst."""


class Jobs:
    """Upload jobs of this server process: id → state (files with status, done flag)."""

    def __init__(self):
        self.jobs: dict[str, dict] = {}
        self.lock = threading.Lock()

    def new(self, names: dict[str, str], notes: list[str]) -> dict:
        job = {"id": secrets.token_hex(8), "started": time.time(), "done": False, "notes": notes,
               "files": {path: {"name": name, "status": "queued", "records": 0, "error": "",
                                "warnings": []} for path, name in names.items()}}
        with self.lock:
            self.jobs[job["id"]] = job
        return job

    def get(self, job_id: str) -> dict | None:
        return self.jobs.get(job_id)

    def recent(self) -> list[dict]:
        return sorted(self.jobs.values(), key=lambda j: -j["started"])[:10]


def _update(job: dict, o) -> None:
    f = job["files"].get(o.file)
    if f is None:
        return
    status = o.status
    if status == "imported" and o.warnings:
        status = "partial"
    f.update(status=status, records=o.records, error=o.error, warnings=list(o.warnings or []))


class TrackedBatch(Batch):
    """The CLI's batch, telling the job each file's outcome as soon as it is loaded."""

    def __init__(self, job: dict, **kw):
        super().__init__(**kw)
        self.job = job

    def _parse_all(self, todo):
        for o in todo:
            self.job["files"][o.file]["status"] = "processing"
        last = None
        for item in super()._parse_all(todo):
            if last is not None:
                _update(self.job, last)
            last = item[0]
            yield item
        if last is not None:
            _update(self.job, last)


def _safe_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = re.sub(r"[\x00-\x1f]", "", name)
    return name if name not in ("", ".", "..") else "file"


def _unique(folder: str, name: str) -> str:
    stem, ext = os.path.splitext(name)
    path, k = os.path.join(folder, name), 2
    while os.path.exists(path):
        path = os.path.join(folder, f"{stem}-{k}{ext}")
        k += 1
    return path


def expand_zip(path: str, folder: str) -> list[tuple[str, str]]:
    """The files of a zip, written to `folder`, within the limits; [(path, shown name)]."""
    size = max(os.path.getsize(path), 1)
    try:
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.infolist() if not m.is_dir()]
            if len(members) > LIMITS["files"]:
                raise UploadRefused(_("The archive holds more than {n} files.").format(n=LIMITS["files"]))
            total = sum(m.file_size for m in members)
            if total > size * LIMITS["zip_ratio"] or any(m.file_size > LIMITS["file_mb"] * MB
                                                         for m in members):
                raise UploadRefused(_("The archive expands too much (a file over {mb} MB or more "
                                      "than {ratio} times its size).").format(
                    mb=LIMITS["file_mb"], ratio=LIMITS["zip_ratio"]))
            out = []
            for m in members:
                name = _safe_name(m.filename)
                target = _unique(folder, name)
                with z.open(m) as src, open(target, "wb") as dst:
                    dst.write(src.read(LIMITS["file_mb"] * MB + 1))
                out.append((target, name))
            return out
    except zipfile.BadZipFile:
        raise UploadRefused(_("The archive cannot be read."))


async def save_upload(form, folder: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The uploaded files written to `folder` (zips expanded); [(path, name)], notes."""
    uploads = [f for f in form.getlist("files") if hasattr(f, "filename") and f.filename]
    if not uploads:
        raise UploadRefused(_("No files were chosen."))
    if len(uploads) > LIMITS["files"]:
        raise UploadRefused(_("Too many files: at most {n} at once.").format(n=LIMITS["files"]))
    os.makedirs(folder, exist_ok=True)
    saved, notes = [], []
    for up in uploads:
        name = _safe_name(up.filename)
        data = await up.read(LIMITS["file_mb"] * MB + 1)
        if len(data) > LIMITS["file_mb"] * MB:
            notes.append(_("{name}: larger than {mb} MB, not taken.").format(name=name,
                                                                             mb=LIMITS["file_mb"]))
            continue
        path = _unique(folder, name)
        with open(path, "wb") as fh:
            fh.write(data)
        if name.lower().endswith(".zip"):
            try:
                saved += expand_zip(path, folder)
            except UploadRefused as exc:
                notes.append(f"{name}: {exc}")
            os.remove(path)
        else:
            saved.append((path, name))
    if len(saved) > LIMITS["files"]:
        raise UploadRefused(_("Too many files: at most {n} at once.").format(n=LIMITS["files"]))
    return saved, notes


def run_job(app, job: dict, paths: list[str]) -> None:
    """Read the files into the store (in a thread); the job knows each outcome."""
    store = app.state.store
    url = store.url
    if store.schema:
        url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{store.schema}"
    try:
        batch = TrackedBatch(job, out_dir=app.state.out_dir, db_url=url,
                             workers=max(1, min(os.cpu_count() or 1, 2)), progress=False,
                             settings=app.state.parse_settings)
        for o in batch.run(paths):
            _update(job, o)
        store_mod.carry_corrections(store)
    except Exception as exc:
        for f in job["files"].values():
            if f["status"] in ("queued", "processing"):
                f.update(status="failed", error=_("Import stopped: {error}").format(
                    error=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__))
    finally:
        job["done"] = True


async def upload_page(request: Request):
    auth.require(request, "analyst")
    return render(request, "upload.html", jobs=request.app.state.jobs.recent(), limits=LIMITS,
                  error="")


async def upload_post(request: Request):
    auth.require(request, "analyst")
    length = int(request.headers.get("content-length") or 0)
    if length > (LIMITS["files"] * LIMITS["file_mb"] + 1) * MB:
        raise HTTPException(413, _("The upload is too large."))
    form = await request.form(max_files=LIMITS["files"] + 1)
    auth.check_csrf(request, form)
    jobs = request.app.state.jobs
    folder = os.path.join(request.app.state.out_dir, "uploads", time.strftime("%Y%m%d-%H%M%S-")
                          + secrets.token_hex(3))
    try:
        saved, notes = await save_upload(form, folder)
    except UploadRefused as exc:
        return render(request, "upload.html", status=400, jobs=jobs.recent(), limits=LIMITS,
                      error=str(exc))
    job = jobs.new(dict(saved), notes)
    if saved:
        threading.Thread(target=run_job, args=(request.app, job, [p for p, _n in saved]),
                         daemon=True).start()
    else:
        job["done"] = True
    if request.headers.get("hx-request") or request.headers.get("x-requested-with"):
        return render(request, "_job.html", job=job)
    return RedirectResponse(f"/upload/{job['id']}", status_code=303)


async def job_page(request: Request):
    auth.require(request, "viewer")
    job = request.app.state.jobs.get(request.path_params["job"])
    if job is None:
        raise HTTPException(404, _("No such upload."))
    if request.headers.get("hx-request"):
        return render(request, "_job.html", job=job)
    return render(request, "upload.html", jobs=[job], limits=LIMITS, error="")


ROUTES = [Route("/upload", upload_page), Route("/upload", upload_post, methods=["POST"]),
          Route("/upload/{job}", job_page)]
