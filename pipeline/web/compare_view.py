"""The comparison in the app: the only module that calls `pipeline.compare` (an adapter)."""
from __future__ import annotations

import os
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse
from starlette.routing import Route
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.i18n import _
from pipeline.store import ActivityRow, DocumentRow

from . import auth
from .app import render

FILES = ("coverage.csv", "links.csv", "sections.csv", "local_initiatives.csv", "report.html")


def run_comparison(store, regional: str, municipal: list[str] | None, out_dir: str) -> dict:
    """Compare and write the outputs to `out_dir`; summary rows, links, warnings."""
    from pipeline import compare
    settings = compare.load_settings()
    result = compare.compare(store, regional, municipal or None, settings)
    compare.write_outputs(result, out_dir)
    links = []
    for mun_doc, found in result.links.items():
        for link in found:
            links.append({"reg_doc": result.regional.doc_id, "reg_seq": (link.reg.seqs or [0])[0],
                          "reg_text": link.reg.activity, "mun_doc": mun_doc,
                          "mun_seq": (link.mun.seqs or [0])[0], "mun_text": link.mun.activity,
                          "score": round(float(link.score), 2), "lag": link.lag_status})
    return {"summary": compare.summary_rows(result), "links": links,
            "warnings": list(result.warnings), "items": len(result.regional.items)}


def _documents(store) -> list[dict]:
    return [d for d in store.document_rows()]


async def compare_page(request: Request):
    auth.require(request)
    store = request.app.state.store
    docs = _documents(store)
    context = {"docs": docs, "result": None, "run": "", "error": ""}
    if request.method == "POST":
        form = await request.form()
        auth.check_csrf(request, form)
        regional = str(form.get("regional", ""))
        municipal = [str(m) for m in form.getlist("municipal") if m and m != regional]
        run = secrets.token_hex(6)
        out = os.path.join(request.app.state.out_dir, "compare", run)
        try:
            context["result"] = await run_in_threadpool(run_comparison, store, regional,
                                                        municipal, out)
            context["run"] = run
        except KeyError as exc:
            context["error"] = _("Cannot compare: {reason}").format(reason=exc.args[0])
        except Exception as exc:
            context["error"] = _("Cannot compare: {reason}").format(reason=type(exc).__name__)
        context["regional"], context["municipal"] = regional, municipal
    return render(request, "compare.html", files=FILES, **context)


async def compare_file(request: Request):
    auth.require(request)
    run, name = request.path_params["run"], request.path_params["name"]
    if name not in FILES or not run.isalnum():
        raise HTTPException(404)
    path = os.path.join(request.app.state.out_dir, "compare", run, name)
    if not os.path.isfile(path):
        raise HTTPException(404, _("No such download."))
    inline = name == "report.html" and request.query_params.get("inline") == "1"
    return FileResponse(path, filename=None if inline else name,
                        media_type="text/html" if name.endswith(".html") else "text/csv")


def _record_id(store, doc: str, seq: str) -> int:
    """The record `seq` of the current document `doc` (404 when there is none)."""
    with Session(store.engine) as s:
        pk = s.scalar(select(ActivityRow.id).join(DocumentRow, DocumentRow.id == ActivityRow.document_id)
                      .where(DocumentRow.doc_id == doc, DocumentRow.is_current.is_(True),
                             ActivityRow.seq == (int(seq) if seq.isdigit() else -1)).limit(1))
    if pk is None:
        raise HTTPException(404, _("No such record."))
    return pk


async def record_by_seq(request: Request):
    """A comparison link's record: the current document `doc` and its record `seq`."""
    auth.require(request)
    q = request.query_params
    pk = _record_id(request.app.state.store, q.get("doc", ""), q.get("seq", ""))
    return RedirectResponse(f"/records/{pk}", status_code=303)


async def link_page(request: Request):
    """Both records of a comparison link side by side, each with its source."""
    auth.require(request)
    q, store = request.query_params, request.app.state.store
    pair = [_record_id(store, q.get("reg_doc", ""), q.get("reg_seq", "")),
            _record_id(store, q.get("mun_doc", ""), q.get("mun_seq", ""))]
    return render(request, "compare_link.html", pair=pair)


ROUTES = [Route("/compare", compare_page, methods=["GET", "POST"]),
          Route("/compare/link", link_page), Route("/compare/{run}/{name}", compare_file),
          Route("/records/by-seq", record_by_seq)]
