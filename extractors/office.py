""".doc / .rtf / .odt (and other word-processor files) → .docx with LibreOffice → Document.

    file → copy in a private temp folder → `soffice --headless --convert-to docx`
         (own throw-away profile, time limit, own process group) → extractors.docx

LibreOffice is found as `soffice` (or `libreoffice`) on PATH, or at `$ROADMAPS_SOFFICE`.
Without it, or when the conversion fails or takes too long, the file fails with a one-line
reason naming what to install. Nothing is left behind: the profile and the converted copy
live in one temporary folder removed afterwards, and a conversion that outlives its time
limit is killed with its whole process group (soffice starts helper processes).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile

from .model import Document, ExtractionError
from .settings import Settings, defaults
from .word_scans import ScannedPagesError
from pipeline.i18n import _

INSTALL_HINT = "apt-get install -y libreoffice-writer-nogui"
INSTALL_HINT_CALC = "apt-get install -y libreoffice-calc-nogui"

# what the sniffed kind is called in messages and in Document.format
KIND_NAMES = {"doc": "Word 97-2003 (.doc)", "rtf": "RTF", "odt": "OpenDocument text (.odt)",
              "xls": "Excel 97-2003 (.xls)", "ods": "OpenDocument spreadsheet (.ods)"}


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    env = os.environ.get("ROADMAPS_SOFFICE")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: str, target: str, kind: str, timeout: float | None = None) -> bytes:
    """Convert `path` with LibreOffice to `target` ('docx', 'xlsx', …); the result's bytes."""
    exe = soffice_path()
    if exe is None:
        spreadsheet = kind in ("xls", "ods")
        hint = INSTALL_HINT_CALC if spreadsheet else INSTALL_HINT
        raise ExtractionError(_("{kind} needs LibreOffice to be read, and it is not installed "
                                "({hint}), or save the file as {suffix}").format(
            kind=_(KIND_NAMES.get(kind, kind)), hint=hint, suffix=".xlsx" if spreadsheet else ".docx"))
    timeout = timeout or defaults().office.timeout
    with tempfile.TemporaryDirectory(prefix="roadmaps-soffice-") as tmp:
        src = os.path.join(tmp, f"input.{kind}")     # plain ASCII name: no quoting surprises
        shutil.copyfile(path, src)
        out_dir = os.path.join(tmp, "out")
        profile = os.path.join(tmp, "profile")
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
               "--nologo", "--nodefault", "--norestore", "--nolockcheck",
               "--convert-to", target, "--outdir", out_dir, src]
        env = dict(os.environ, HOME=tmp)            # no writes into the real home
        try:
            proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    start_new_session=True, preexec_fn=_die_with_parent)
        except OSError as exc:
            raise ExtractionError(_("LibreOffice could not be started: {reason}").format(
                reason=exc.strerror)) from exc
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ExtractionError(_("LibreOffice conversion timed out after {s} s").format(
                s=f"{timeout:.0f}"))
        finally:
            if proc.poll() is None:
                _kill_group(proc)
        result = os.path.join(out_dir, f"input.{target.split(':')[0]}")
        if proc.returncode != 0 or not os.path.isfile(result) or os.path.getsize(result) == 0:
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
            detail = [d for d in detail if "javaldx" not in d]
            reason = detail[-1][:150] if detail else _("exit code {code}, no output").format(
                code=proc.returncode)
            raise ExtractionError(_("LibreOffice could not convert this {kind} file: {reason}").format(
                kind=_(KIND_NAMES.get(kind, kind)), reason=reason))
        with open(result, "rb") as fh:
            return fh.read()


def _die_with_parent() -> None:
    """In the child before exec: Linux kills it when the process that started it dies (a
    batch worker killed for its time limit takes its LibreOffice with it; the new session
    keeps it out of the worker's process group, so killpg alone would not)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)        # PR_SET_PDEATHSIG = 1
    except Exception:
        pass


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the conversion's own process group (it was started in a new session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def extract_office(path: str, kind: str, settings: Settings | None = None,
                   ocr: str = "auto") -> Document:
    """A word-processor file LibreOffice reads → .docx → the DOCX extractor's Document (its
    pages read by OCR when they are pasted scans, `word_scans.py`)."""
    from .docx import extract_docx
    from .word_scans import read_word
    settings = settings or defaults()
    return _through_libreoffice(path, kind, "docx:MS Word 2007 XML", ".docx",
                                lambda p: read_word(p, ocr, settings,
                                                    lambda q: extract_docx(q, settings.docx)),
                                settings.office.timeout)


def calc_installed() -> bool:
    """Whether the LibreOffice found has its spreadsheet part (Debian splits Writer and Calc
    into packages: Writer alone cannot load a spreadsheet). An executable elsewhere than a
    LibreOffice program folder is taken to have it."""
    exe = soffice_path()
    if exe is None:
        return False
    program = os.path.dirname(os.path.realpath(exe))
    if not os.path.isfile(os.path.join(program, "libswlo.so")):
        return True                   # not a Debian-style program folder: let it try
    return os.path.isfile(os.path.join(program, "libsclo.so"))


def extract_spreadsheet(path: str, kind: str, settings: Settings | None = None) -> Document:
    """.xls / .ods → .xlsx with LibreOffice → the XLSX extractor's Document."""
    from .xlsx import extract_xlsx
    settings = settings or defaults()
    if soffice_path() is not None and not calc_installed():
        raise ExtractionError(_("{kind} needs LibreOffice Calc to be read, and only LibreOffice "
                                "Writer is installed ({hint}), or save the file as .xlsx").format(
            kind=_(KIND_NAMES.get(kind, kind)), hint=INSTALL_HINT_CALC))
    return _through_libreoffice(path, kind, "xlsx:Calc MS Excel 2007 XML", ".xlsx",
                                lambda p: extract_xlsx(p, settings.xlsx), settings.office.timeout)


def _through_libreoffice(path: str, kind: str, target: str, suffix: str, read,
                         timeout: float) -> Document:
    """Convert with LibreOffice to `target`, read the result with `read`, keep the origin."""
    data = convert(path, target, kind, timeout)
    with tempfile.TemporaryDirectory(prefix="roadmaps-convert-") as tmp:
        converted = os.path.join(tmp, "converted" + suffix)
        with open(converted, "wb") as fh:
            fh.write(data)
        try:
            doc = read(converted)
        except ScannedPagesError:
            raise                      # the pages are pictures: that reason, as it is
        except ExtractionError as exc:
            raise ExtractionError(_("{kind} converted by LibreOffice, but the result is unreadable: "
                                    "{error}").format(kind=_(KIND_NAMES.get(kind, kind)), error=exc)) from exc
    doc.path = path
    doc.format = kind
    return doc
