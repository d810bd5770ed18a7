"""An analyst's corrections of document fields, from a plain YAML file, applied on every read.

`data/overrides.yaml` (or the file named by `ROADMAPS_OVERRIDES`) maps a document — its
doc_id (the file name without extension) or the sha256 of the file — to the fields to set:

    kedrovy_2022:
      region: Красноярский край
      municipality: поселок Кедровый
      level: муниципальный          # or regional / municipal / региональный
      period_start: 2022
      period_end: 2024
      title: Дорожная карта …

Field names may also be written in Russian (регион, муниципалитет, уровень, период_с,
период_по, название). `Store.document_rows()` applies the file, so the CSVs, the workbook
and the comparison all see the corrected values; the store itself keeps what was read.
A file that cannot be read is reported once (in Russian) and ignored: never a traceback.
"""
from __future__ import annotations

import os
import sys

from .i18n import _

DEFAULT_PATH = os.path.join("data", "overrides.yaml")
ENV = "ROADMAPS_OVERRIDES"
FIELDS = {"region": "region", "municipality": "municipality", "level": "level",
          "period_start": "period_start", "period_end": "period_end", "title": "title",
          "регион": "region", "муниципалитет": "municipality", "уровень": "level",
          "период_с": "period_start", "период_по": "period_end", "название": "title"}
LEVELS = {"regional": "regional", "municipal": "municipal", "региональный": "regional",
          "муниципальный": "municipal", "": ""}

_cache: dict[str, tuple[float, dict]] = {}
_reported: set[str] = set()


def overrides_path() -> str:
    return os.environ.get(ENV) or DEFAULT_PATH


def _warn(path: str, message: str) -> None:
    key = f"{path}: {message}"
    if key not in _reported:
        _reported.add(key)
        print(_("corrections file {path}: {problem}").format(path=path, problem=message),
              file=sys.stderr)


def _clean(path: str, doc: str, fields) -> dict:
    """One document's entry → {field: value} with known names and values only."""
    if not isinstance(fields, dict):
        _warn(path, _("«{doc}»: expected field: value lines under it").format(doc=doc))
        return {}
    out = {}
    for name, value in fields.items():
        key = FIELDS.get(str(name).strip().lower())
        if key is None:
            _warn(path, _("«{doc}»: unknown field «{name}» (known: {known})").format(
                doc=doc, name=name, known=", ".join(sorted(set(FIELDS.values())))))
            continue
        value = "" if value is None else value
        if key == "level":
            level = LEVELS.get(str(value).strip().lower())
            if level is None:
                _warn(path, _("«{doc}»: level «{value}» is neither regional nor municipal").format(
                    doc=doc, value=value))
                continue
            value = level
        elif key.startswith("period_"):
            try:
                value = int(str(value).strip()) if str(value).strip() else ""
            except ValueError:
                _warn(path, _("«{doc}»: {name} must be a year, not «{value}»").format(
                    doc=doc, name=name, value=value))
                continue
        else:
            value = " ".join(str(value).split())
        out[key] = value
    return out


def _read_text(path: str) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1251 (Notepad's «ANSI»)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace")


def load(path: str | None = None) -> dict[str, dict]:
    """{doc_id or sha256: {field: value}}; empty when there is no file or it is unreadable."""
    path = path or overrides_path()
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        return {}
    hit = _cache.get(path)
    if hit and hit[0] == mtime:
        return hit[1]
    import yaml
    try:
        data = yaml.safe_load(_read_text(path)) or {}
    except (OSError, yaml.YAMLError) as exc:
        where = getattr(exc, "problem_mark", None)
        at = _(" (line {n})").format(n=where.line + 1) if where is not None else ""
        _warn(path, _("not read{at}: {error}").format(at=at, error=type(exc).__name__))
        data = {}
    if not isinstance(data, dict):
        _warn(path, _("expected document: fields entries"))
        data = {}
    table = {str(doc).strip(): _clean(path, str(doc), fields) for doc, fields in data.items()}
    _cache[path] = (mtime, table)
    return table


def apply(rows: list[dict], path: str | None = None) -> list[dict]:
    """documents rows with the analyst's corrections; a corrected row gets `overridden`
    (the names of the fields set), for the check sheet."""
    table = load(path)
    if not table:
        return rows
    fixes = [{**table.get(str(row.get("doc_id") or ""), {}),
              **table.get(str(row.get("sha256") or ""), {})} for row in rows]
    # a correction of one rendition (the DOCX) holds for the others of that plan version (its PDF)
    by_version: dict[tuple, dict] = {}
    for row, fix in zip(rows, fixes):
        if fix and row.get("plan_id") is not None:
            by_version.setdefault((row["plan_id"], row.get("version")), {}).update(fix)
    for row, fix in zip(rows, fixes):
        fix = {**by_version.get((row.get("plan_id"), row.get("version")), {}), **fix} \
            if row.get("plan_id") is not None else fix
        if fix:
            row.update(fix)
            row["overridden"] = ", ".join(fix)
    return rows


HEADER = ("# Исправления сведений о планах (регион, муниципалитет, уровень, период, название): "
          "код документа или sha256 → поля; пишет и рабочее место в браузере.\n")


def _header(text: str) -> str:
    """The comment lines the file starts with (kept on save), else the one-line header."""
    lines = []
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("#") or not line.strip():
            lines.append(line if line.endswith("\n") else line + "\n")
        else:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    return "".join(lines) if any(l.strip() for l in lines) else HEADER


def save(doc_id: str, fields: dict, path: str | None = None, aliases=()) -> dict:
    """Set one document's corrections in the file: `fields` {name: value} (names as in
    FIELDS) are set or replaced, an empty value removes that field; a document with no
    fields left is removed. `aliases` (the document's sha256) are the other keys it may be
    written under: those entries lose the fields given, so the new values take effect.
    Written atomically in UTF-8; returns the document's entry as written."""
    import tempfile

    import yaml
    path = path or overrides_path()
    doc_id = str(doc_id).strip()
    try:
        text = _read_text(path)
    except FileNotFoundError:
        text = ""
    data = yaml.safe_load(text) if text.strip() else None     # errors reach the caller:
    data = data or {}                                           # an unreadable file is not overwritten
    if not isinstance(data, dict):
        raise ValueError(_("expected document: fields entries"))
    data = {str(k).strip(): v for k, v in data.items()}
    changes = {}
    for name, value in fields.items():
        key = FIELDS.get(str(name).strip().lower())
        if key is None:
            raise ValueError(_("unknown field «{name}»").format(name=name))
        value = "" if value is None else value
        if isinstance(value, str):
            value = " ".join(value.split())
        changes[key] = value
    for key in [doc_id] + [str(a).strip() for a in aliases if a and str(a).strip() != doc_id]:
        entry = data.get(key)
        if entry is None and key != doc_id:
            continue
        entry = dict(entry) if isinstance(entry, dict) else {}
        for field, value in changes.items():
            spelled = [n for n in entry if FIELDS.get(str(n).strip().lower()) == field]
            for n in spelled:
                del entry[n]
            if key == doc_id and value != "":
                entry[spelled[0] if spelled else field] = value
        if entry:
            data[key] = entry
        else:
            data.pop(key, None)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=1000) if data else ""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".overrides-", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(_header(text) + ("\n" + body if body else ""))
        if os.path.exists(path):
            try:
                os.chmod(tmp, os.stat(path).st_mode & 0o777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    _cache.clear()                  # the same file may be cached under another spelling
    return dict(data.get(doc_id, {}))
