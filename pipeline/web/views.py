"""Pages: sign-in, documents, records, a record with its source, corrections, the queue."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from normalizers import deadlines as deadline_rules
from pipeline import overrides, review
from pipeline import store as store_mod
from pipeline.i18n import _

from . import auth, queries, source
from .app import render

FIELD_LABELS = {
    "section_no": "Section no.", "section_title": "Section", "item_no": "Item no.",
    "activity": "Activity", "year": "Year", "expected_result": "Expected result",
    "deadline_raw": "Deadline (as printed)", "deadlines": "Deadlines (ISO intervals)",
    "recurrence": "Recurrence", "responsible_raw": "Responsible (as printed)",
    "responsible": "Responsible parties", "report_form": "Report form", "months": "Months",
    "deadline_warning": "Deadline warning",
    store_mod.EXCLUDED: "Not an activity", store_mod.ADDED: "Added by hand",
}
EDIT_FIELDS = ["activity", "deadline_raw", "deadlines", "recurrence", "responsible_raw",
               "responsible", "expected_result", "report_form", "section_no", "section_title",
               "item_no", "year"]


def labels() -> dict[str, str]:
    return {k: _(v) for k, v in FIELD_LABELS.items()}


def _pk(request: Request, name: str = "pk") -> int:
    try:
        return int(request.path_params[name])
    except (KeyError, ValueError):
        raise HTTPException(404)


def _document_or_404(store, request: Request) -> dict:
    """The document the path's pk names, else 404."""
    doc = queries.document(store, _pk(request))
    if doc is None:
        raise HTTPException(404, _("No such document."))
    return doc


def _record_or_404(store, request: Request) -> dict:
    """The record the path's pk names, else 404."""
    rec = queries.record(store, _pk(request))
    if rec is None:
        raise HTTPException(404, _("No such record."))
    return rec


def _safe_next(target: str | None) -> str:
    target = target or "/"
    return target if target.startswith("/") and not target.startswith("//") else "/"


async def login(request: Request):
    error = ""
    nxt = _safe_next(request.query_params.get("next"))
    if request.method == "POST":
        form = await request.form()
        auth.check_csrf(request, form)
        nxt = _safe_next(form.get("next"))
        user = store_mod.get_user(request.app.state.store, str(form.get("name", "")).strip())
        if user and auth.check_password(str(form.get("password", "")), user["hash"]):
            request.session.clear()
            request.session["user"] = user["name"]
            return RedirectResponse(nxt, status_code=303)
        error = _("Wrong name or password.")
    return render(request, "login.html", error=error, next=nxt, status=401 if error else 200)


async def logout(request: Request):
    auth.check_csrf(request, await request.form())
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


async def home(request: Request):
    auth.require(request)
    return RedirectResponse("/documents", status_code=303)


async def documents_page(request: Request):
    auth.require(request)
    params = request.query_params
    page = int(params["page"]) if params.get("page", "").isdigit() and int(params["page"]) > 0 else 1
    rows = queries.documents(request.app.state.store, params, page, queries.DOCS_PER_PAGE + 1)
    more, rows = len(rows) > queries.DOCS_PER_PAGE, rows[:queries.DOCS_PER_PAGE]
    overrides.apply(rows)                    # shown as corrected (filters and sorting: as read)
    query = {k: v for k, v in params.items() if k != "page"}
    return render(request, "documents.html", docs=rows, params=params, page=page, more=more,
                  query=query,
                  municipalities=queries.municipalities(request.app.state.store))


async def document_page(request: Request):
    auth.require(request)
    store = request.app.state.store
    doc = _document_or_404(store, request)
    f = queries.RecordFilter.from_query(request.query_params)
    f.document = doc["id"]
    rows, total = queries.records_page(store, f)
    _apply_corrections(store, rows)
    if request.headers.get("hx-request") and request.headers.get("hx-target") == "records":
        return render(request, "_records.html", rows=rows, total=total, f=f, pages=_pages(total))
    return render(request, "document.html", doc=doc, rows=rows, total=total, f=f,
                  pages=_pages(total), unplaced=store_mod.unplaced_corrections(store, doc["id"]),
                  info=_document_fields(store, doc), overrides_file=overrides.overrides_path(),
                  warnings=[w for w in (doc["warnings"] or "").split(" | ") if w.strip()])


DOC_FIELDS = ["region", "municipality", "level", "period_start", "period_end", "title"]
LEVEL_WORDS = {"regional": "региональный", "municipal": "муниципальный"}   # as written to the file


def _plain(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _document_fields(store, doc: dict) -> dict[str, dict]:
    """{field: {read, value, fixed, inherited}} of the document's fields: as read, as in
    effect with the analyst's corrections (overrides.yaml), whether corrected, and what the
    other renditions of its plan version alone would set (None: nothing)."""
    siblings = queries.renditions(store, doc)
    applied = overrides.apply([dict(r) for r in siblings])
    mine = next((r for r in applied if r["id"] == doc["id"]), dict(doc))
    fixed = {f.strip() for f in str(mine.get("overridden") or "").split(",") if f.strip()}
    table = overrides.load()
    inherited: dict = {}
    for r in siblings:
        if r["id"] != doc["id"]:
            inherited.update({**table.get(str(r.get("doc_id") or ""), {}),
                              **table.get(str(r.get("sha256") or ""), {})})
    return {f: {"read": _plain(doc.get(f)), "value": _plain(mine.get(f)), "fixed": f in fixed,
                "inherited": _plain(inherited[f]) if f in inherited else None}
            for f in DOC_FIELDS}


def _year(value: str) -> int:
    if not (value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100):
        raise HTTPException(400, _("The period must be given in years, e.g. 2024, not «{value}».")
                            .format(value=value))
    return int(value)


async def document_fields(request: Request):
    """The analyst's corrections of a document's region, municipality, level, period and
    title, kept in overrides.yaml (the store keeps what was read): a field left as shown is
    not touched, an emptied field (or the value read) drops its correction."""
    auth.require(request, "analyst")
    form = await request.form()
    auth.check_csrf(request, form)
    store = request.app.state.store
    doc = _document_or_404(store, request)
    info = _document_fields(store, doc)
    changes, after = {}, {f: i["value"] for f, i in info.items()}
    for f in DOC_FIELDS:
        if f not in form:
            continue
        value = _plain(form.get(f))
        if value == info[f]["value"]:
            continue                                        # left as shown
        if f == "level":
            value = overrides.LEVELS.get(value.lower())
            if value is None:
                raise HTTPException(400, _("The level is either regional or municipal."))
        elif f.startswith("period_") and value:
            value = str(_year(value))
        if value == info[f]["value"]:
            continue
        if value == "" or (value == info[f]["read"] and info[f]["inherited"] in (None, value)):
            changes[f] = ""                                  # back to what was read
            after[f] = info[f]["inherited"] or info[f]["read"]
        else:
            if f.startswith("period_"):
                changes[f] = int(value)
            else:
                changes[f] = LEVEL_WORDS.get(value, value) if f == "level" else value
            after[f] = value
    if after["period_start"] and after["period_end"] and \
            int(after["period_start"]) > int(after["period_end"]):
        raise HTTPException(400, _("The period ends before it starts: {start}–{end}.").format(
            start=after["period_start"], end=after["period_end"]))
    if changes:
        path = overrides.overrides_path()
        try:
            overrides.save(doc["doc_id"], changes, aliases=[doc.get("sha256") or ""])
        except Exception as exc:          # an unreadable file is left as it is
            error = exc.strerror if isinstance(exc, OSError) and exc.strerror else \
                str(exc) if isinstance(exc, ValueError) else type(exc).__name__
            raise HTTPException(400, _("The corrections file {path} was not changed: {error}")
                                .format(path=path, error=error))
    return RedirectResponse(f"/documents/{doc['id']}#docinfo", status_code=303)


def _pages(total: int) -> int:
    return max(1, (total + queries.PER_PAGE - 1) // queries.PER_PAGE)


def _apply_corrections(store, rows: list[dict]) -> None:
    """The visible rows with their corrections and check reasons (a page at a time)."""
    found = queries.corrections_of(store, [row["id"] for row in rows])
    for row in rows:
        changes = found.get(row["id"], {})
        row["corrected"] = sorted(k for k in changes if k in store_mod.EDITABLE_FIELDS)
        row["excluded"] = changes.get(store_mod.EXCLUDED) == "1"
        for k in row["corrected"]:
            row[k] = changes[k]
        row["reasons"] = review.check_reasons(row)


async def records_page(request: Request):
    auth.require(request)
    store = request.app.state.store
    f = queries.RecordFilter.from_query(request.query_params)
    rows, total = queries.records_page(store, f)
    _apply_corrections(store, rows)
    context = dict(rows=rows, total=total, f=f, pages=_pages(total),
                   municipalities=queries.municipalities(store))
    if request.headers.get("hx-request") and request.headers.get("hx-target") == "records":
        return render(request, "_records.html", **context)
    return render(request, "records.html", **context)


async def record_page(request: Request):
    auth.require(request)
    store = request.app.state.store
    rec = _record_or_404(store, request)
    changes = store_mod.record_corrections(store, rec["id"])
    current = {k: _text(rec.get(k)) for k in EDIT_FIELDS}
    current.update({k: v for k, v in changes.items() if k in current})
    checked = dict(rec, **current)
    checked.update({k: v for k, v in changes.items() if k in store_mod.EDITABLE_FIELDS})
    view = _source_view(request, rec)
    return render(request, "record.html", rec=rec, current=current, changes=changes,
                  history=store_mod.record_history(store, rec["id"]), labels=labels(),
                  fields=EDIT_FIELDS, view=view, excluded=changes.get(store_mod.EXCLUDED) == "1",
                  reasons=review.check_reasons(checked))


def _text(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _source_view(request: Request, rec: dict) -> dict:
    """What the source panel shows: a page image with outlines, a table, or why not."""
    if rec.get("table_index") is None and not rec.get("boxes") and rec.get("source_page") is None:
        return {"kind": "none"}                                  # added by hand
    path = source.find_source(rec["doc_source_file"], rec["doc_sha256"], request.app.state.out_dir)
    if path is None:
        return {"kind": "missing"}
    if rec["doc_format"] == "pdf":
        pages = sorted({b[0] for b in rec.get("boxes") or [] if b} or {rec.get("source_page") or 1})
        out = []
        for page in pages:
            try:
                w, h = source.page_size(path, page)
            except Exception:
                continue
            out.append({"page": page, "boxes": source.outlines(rec.get("boxes"), page, w, h)})
        return {"kind": "pdf", "pages": out} if out else {"kind": "missing"}
    if rec.get("table_index") is None:
        return {"kind": "none"}
    try:
        grid = source.table_grid(path, rec["table_index"])
    except Exception:
        grid = None
    return {"kind": "table", "grid": grid, "row": rec.get("row_index")} if grid else {"kind": "missing"}


async def page_png(request: Request):
    auth.require(request)
    rec = queries.record(request.app.state.store, _pk(request))
    page = _pk(request, "page")
    if rec is None or rec["doc_format"] != "pdf":
        raise HTTPException(404)
    out = request.app.state.out_dir
    path = source.find_source(rec["doc_source_file"], rec["doc_sha256"], out)
    if path is None:
        raise HTTPException(404, _("The source file is no longer available."))
    try:
        png, _w, _h = source.page_image(path, page, f"{out}/.web_cache", rec["doc_sha256"][:32])
    except Exception:
        raise HTTPException(404, _("The page cannot be shown."))
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


async def record_edit(request: Request):
    user = auth.require(request, "analyst")
    form = await request.form()
    auth.check_csrf(request, form)
    store = request.app.state.store
    pk = _record_or_404(store, request)["id"]
    changes = {k: " ".join(str(form.get(k, "")).split()) for k in EDIT_FIELDS if k in form}
    if "exclude" in form:
        changes[store_mod.EXCLUDED] = "1" if "1" in form.getlist("exclude") else "0"
    _renormalize_deadline(store, pk, changes)
    store_mod.correct_record(store, pk, changes, user["name"])
    return RedirectResponse(f"/records/{pk}", status_code=303)


def _renormalize_deadline(store, pk: int, changes: dict) -> None:
    """A deadline text changed and its intervals left as they were: read them anew."""
    rec = queries.record(store, pk)
    old = store_mod.record_corrections(store, pk)
    raw_before = old.get("deadline_raw", _text(rec.get("deadline_raw")))
    iso_before = old.get("deadlines", _text(rec.get("deadlines")))
    raw = changes.get("deadline_raw")
    if raw is None or raw == raw_before or changes.get("deadlines", iso_before) != iso_before:
        return
    parsed = deadline_rules.parse_deadline(raw) if raw else None
    changes["deadlines"] = "; ".join(i.iso() for i in parsed.intervals) if parsed else ""
    changes["months"] = "; ".join(str(m) for m in parsed.months) if parsed else ""
    changes["deadline_warning"] = "; ".join(parsed.warnings) if parsed else ""
    if parsed and parsed.recurrence:
        changes["recurrence"] = parsed.recurrence


async def record_add(request: Request):
    user = auth.require(request, "analyst")
    form = await request.form()
    auth.check_csrf(request, form)
    store = request.app.state.store
    doc = _document_or_404(store, request)
    fields = {k: " ".join(str(form.get(k, "")).split()) for k in EDIT_FIELDS}
    if not fields["activity"]:
        raise HTTPException(400, _("The activity text is empty."))
    if fields["deadline_raw"] and not fields["deadlines"]:
        parsed = deadline_rules.parse_deadline(fields["deadline_raw"])
        fields["deadlines"] = "; ".join(i.iso() for i in parsed.intervals)
        fields["recurrence"] = fields["recurrence"] or parsed.recurrence
    pk = store_mod.add_record(store, doc["id"], fields, user["name"])
    return RedirectResponse(f"/records/{pk}", status_code=303)


async def queue_page(request: Request):
    auth.require(request)
    store = request.app.state.store
    doc = _document_or_404(store, request)
    rows = queries.document_records(store, doc["id"])
    items = []
    for row in rows:
        reasons = review.check_reasons(row)
        if reasons:
            items.append({"row": row, "reasons": reasons})
    _mark_corrected(store, items)
    return render(request, "queue.html", doc=doc, items=items, total=len(rows))


def _mark_corrected(store, items: list[dict]) -> None:
    found = queries.corrections_of(store, [it["row"]["id"] for it in items])
    for it in items:
        it["changes"] = found.get(it["row"]["id"], {})


ROUTES = [
    Route("/", home),
    Route("/documents", documents_page),
    Route("/documents/{pk:int}", document_page),
    Route("/documents/{pk:int}/queue", queue_page),
    Route("/documents/{pk:int}/add", record_add, methods=["POST"]),
    Route("/documents/{pk:int}/fields", document_fields, methods=["POST"]),
    Route("/records", records_page),
    Route("/records/{pk:int}", record_page),
    Route("/records/{pk:int}/page/{page:int}.png", page_png),
    Route("/records/{pk:int}/edit", record_edit, methods=["POST"]),
]
