"""Sign-in for the web application: bcrypt password hashes, signed-cookie sessions, CSRF."""
from __future__ import annotations

import getpass
import hmac
import os
import secrets

import bcrypt
from starlette.exceptions import HTTPException
from starlette.requests import Request

from pipeline import store as store_mod
from pipeline.i18n import _

ROLES = ("analyst", "viewer")
CSRF_FIELD, CSRF_HEADER = "csrf_token", "x-csrf-token"


def hash_password(password: str) -> str:
    """A bcrypt hash (the password must fit bcrypt's 72 bytes)."""
    data = password.encode("utf-8")
    if not data or len(data) > 72:
        raise ValueError(_("The password must be 1 to 72 bytes long."))
    rounds = int(os.environ.get("ROADMAPS_BCRYPT_ROUNDS", "12"))   # lower only in tests
    return bcrypt.hashpw(data, bcrypt.gensalt(rounds=rounds)).decode("ascii")


def check_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))
    except ValueError:
        return False


def add_user(store, name: str, password: str, role: str) -> None:
    if role not in ROLES:
        raise ValueError(_("Unknown role: {role}").format(role=role))
    if not name.strip():
        raise ValueError(_("The user name is empty."))
    store_mod.add_user(store, name.strip(), hash_password(password), role)


def current_user(request: Request) -> dict | None:
    """The signed-in user, or the local analyst when sign-in is not required."""
    name = request.session.get("user")
    if name:
        user = store_mod.get_user(request.app.state.store, name)
        if user:
            return {"name": user["name"], "role": user["role"]}
        request.session.pop("user", None)
    if not request.app.state.require_login:
        return {"name": request.app.state.local_user, "role": "analyst", "local": True}
    return None


def require(request: Request, role: str = "viewer") -> dict:
    """The current user, if allowed `role`; else a redirect to sign-in or a 403."""
    user = current_user(request)
    if user is None:
        raise HTTPException(303, headers={"Location": "/login?next=" + request.url.path})
    if role == "analyst" and user["role"] != "analyst":
        raise HTTPException(403, _("Viewers cannot change data."))
    return user


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, form) -> None:
    """Every form and htmx request carries the session's token (field or header)."""
    sent = (form.get(CSRF_FIELD) if form is not None else None) or request.headers.get(CSRF_HEADER)
    token = request.session.get("csrf")
    if not token or not sent or not hmac.compare_digest(str(sent), token):
        raise HTTPException(403, _("The form has expired: reload the page and try again."))


def local_user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "local"
