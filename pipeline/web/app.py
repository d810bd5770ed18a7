"""The Starlette application: store, sessions, templates, error pages and the route table."""
from __future__ import annotations

import logging
import os
import secrets

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import event
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.i18n import _, ngettext
from pipeline.store import Store, default_url

from . import auth

HERE = os.path.dirname(os.path.abspath(__file__))
log = logging.getLogger("roadmaps.web")


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(os.path.join(HERE, "templates")),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(_=_, ngettext=ngettext)
    return env


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    """A page from templates/, with the user and the CSRF token at hand."""
    env = request.app.state.templates
    user = auth.current_user(request)
    html = env.get_template(name).render(request=request, user=user,
                                         csrf=auth.csrf_token(request), **context)
    return HTMLResponse(html, status_code=status)


def _secret(out_dir: str) -> str:
    """$ROADMAPS_SECRET, else a random key kept in OUT/.web_secret (sessions survive restarts)."""
    if os.environ.get("ROADMAPS_SECRET"):
        return os.environ["ROADMAPS_SECRET"]
    path = os.path.join(out_dir, ".web_secret")
    try:
        with open(path, encoding="ascii") as fh:
            key = fh.read().strip()
        if key:
            return key
    except OSError:
        pass
    key = secrets.token_hex(32)
    os.makedirs(out_dir, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def _lower(value) -> str:
    return value.lower() if value else ""


def _add_fold_function(store: Store) -> None:
    """SQLite's lower() knows ASCII only: a `roadmaps_fold` SQL function for Cyrillic search."""
    if store.backend != "sqlite":
        return
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.create_function("roadmaps_fold", 1, _lower,
                                   deterministic=True)


async def http_error(request: Request, exc: HTTPException):
    if exc.status_code in (301, 302, 303, 307) and exc.headers:
        return RedirectResponse(exc.headers["Location"], status_code=exc.status_code)
    messages = {404: _("Not found."), 403: _("Access denied."), 405: _("Method not allowed."),
                413: _("The upload is too large.")}
    detail = exc.detail if exc.detail and exc.detail not in ("Not Found", "Forbidden",
                                                             "Method Not Allowed") else ""
    return render(request, "error.html", status=exc.status_code,
                  message=detail or messages.get(exc.status_code, _("Request failed.")))


async def server_error(request: Request, exc: Exception):
    log.exception("request failed: %s", request.url.path)
    return HTMLResponse("<!doctype html><meta charset=utf-8><title>{0}</title><h1>{0}</h1><p>{1}</p>"
                        .format(_("Internal error"), _("The request failed; the details are in "
                                                       "the server log.")), status_code=500)


def create_app(db_url: str | None = None, out_dir: str = "data/processed",
               require_login: bool = False, secret: str | None = None,
               store: Store | None = None, parse_settings=None) -> Starlette:
    """The workbench over the store at `db_url` (default: OUT/roadmaps.db) or an open
    `store`; uploads and outputs go to `out_dir`. `require_login`: every page needs a
    signed-in user. `parse_settings`: how uploads are read (default: --ocr / --settings
    taken from $ROADMAPS_OCR / $ROADMAPS_SETTINGS, read once here)."""
    from . import compare_view, downloads, upload, views
    out_dir = os.path.abspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    store = store or Store(db_url or default_url(out_dir))
    _add_fold_function(store)
    routes = [Mount("/static", StaticFiles(directory=os.path.join(HERE, "static")), name="static"),
              Route("/login", views.login, methods=["GET", "POST"]),
              Route("/logout", views.logout, methods=["POST"])]
    routes += views.ROUTES + upload.ROUTES + downloads.ROUTES + compare_view.ROUTES
    app = Starlette(routes=routes,
                    middleware=[Middleware(SessionMiddleware, secret_key=secret or _secret(out_dir),
                                           session_cookie="roadmaps_session", same_site="lax",
                                           https_only=False, max_age=12 * 3600)],
                    exception_handlers={HTTPException: http_error, 500: server_error})
    app.state.store = store
    app.state.out_dir = out_dir
    app.state.require_login = require_login
    app.state.local_user = auth.local_user_name()
    app.state.templates = templates()
    app.state.jobs = upload.Jobs()
    from pipeline.parse import ParseSettings
    app.state.parse_settings = parse_settings or ParseSettings.from_environment()
    return app
