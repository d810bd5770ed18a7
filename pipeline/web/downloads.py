"""Downloads: the unified CSV (plain and Excel form), the workbook, one document's records."""
from __future__ import annotations

import os
import tempfile

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pipeline import export
from pipeline import store as store_mod
from pipeline.i18n import _
from pipeline.schema import ACTIVITY_COLUMNS, DOCUMENT_COLUMNS, INDICATOR_COLUMNS

from . import auth, queries

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(data: bytes, name: str, media_type: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _written(write, suffix: str) -> bytes:
    """What `write(path)` writes, as bytes (through a temporary file)."""
    fd, path = tempfile.mkstemp(suffix=suffix)
    os.close(fd)
    try:
        write(path)
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        for p in (path, path + ".part"):
            if os.path.exists(p):
                os.remove(p)


def _tables(store) -> dict:
    return {"activities": (ACTIVITY_COLUMNS, store.activity_rows()),
            "documents": (DOCUMENT_COLUMNS, store.document_rows()),
            "indicators": (INDICATOR_COLUMNS, store.indicator_rows())}


async def download(request: Request):
    auth.require(request)
    store = request.app.state.store
    name = request.path_params["name"]
    if name == "roadmaps.xlsx":
        tables = _tables(store)
        return _attachment(_written(lambda p: export.write_xlsx(p, tables), ".xlsx"), name, XLSX_TYPE)
    stem, excel = name.removesuffix(".csv").removesuffix("_excel"), name.endswith("_excel.csv")
    getters = {"activities": (ACTIVITY_COLUMNS, store.activity_rows),
               "documents": (DOCUMENT_COLUMNS, store.document_rows),
               "indicators": (INDICATOR_COLUMNS, store.indicator_rows)}
    if not name.endswith(".csv") or stem not in getters:
        raise HTTPException(404, _("No such download."))
    columns, rows = getters[stem][0], getters[stem][1]()
    data = _written(lambda p: export.write_csv(p, columns, rows, excel=excel), ".csv")
    return _attachment(data, name, CSV_TYPE)


def document_csv_rows(store, pk: int) -> list[dict]:
    """One document's records in the CSV form, corrections applied."""
    doc = queries.document(store, pk)
    rows, ids = [], []
    for a in queries.document_records(store, pk):
        row = {c: a.get(c) for c in ACTIVITY_COLUMNS if c in a}
        row.update(doc_id=doc["doc_id"], table=a.get("table_id") or "")
        for k, v in row.items():
            row[k] = "; ".join(str(x) for x in v) if isinstance(v, list) else ("" if v is None else v)
        rows.append(row)
        ids.append(a["id"])
    return store_mod.overlay_corrections(store, rows, ids)


async def document_download(request: Request):
    auth.require(request)
    store = request.app.state.store
    pk = int(request.path_params["pk"])
    doc = queries.document(store, pk)
    if doc is None:
        raise HTTPException(404, _("No such document."))
    excel = request.query_params.get("excel") == "1"
    rows = document_csv_rows(store, pk)
    data = _written(lambda p: export.write_csv(p, ACTIVITY_COLUMNS, rows, excel=excel), ".csv")
    return _attachment(data, f"records_{pk}{'_excel' if excel else ''}.csv", CSV_TYPE)


async def downloads_page(request: Request):
    auth.require(request)
    from .app import render
    return render(request, "downloads.html")


ROUTES = [Route("/downloads", downloads_page), Route("/download/{name}", download),
          Route("/documents/{pk:int}/records.csv", document_download)]
