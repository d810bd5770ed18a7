"""Any failure of a command → one clear line for a person (what happened, what to do).

`cli.main` calls `explain(exc)` for every exception a command lets through, prints the line
and exits non-zero: no traceback ever reaches an analyst. `ROADMAPS_DEBUG=1` re-raises
instead (for developers).
"""
from __future__ import annotations

import errno
import os
import re

from .i18n import _


class UserError(Exception):
    """A failure already worded for a person (raised by the commands themselves)."""


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return " ".join((text.strip().splitlines() or [""])[0].split())[:200]


def _os_error(exc: OSError) -> str:
    where = exc.filename or ""
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return _("no space left on the disk ({where}): free some space and run again").format(
            where=where or "?")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("no permission to write {where}: choose another folder with --out").format(
            where=where or "?")
    if exc.errno == errno.EROFS:
        return _("the file system of {where} is read-only: choose another folder with --out").format(
            where=where or "?")
    if exc.errno == errno.ENOENT:
        return _("no such file or folder: {where}").format(where=where or "?")
    return _("system error: {detail}").format(detail=exc.strerror or _first_line(exc))


_DB_PATTERNS = [
    (r"could not translate host name|Name or service not known|nodename nor servname",
     "the database server's host name is unknown: check --db"),
    (r"Connection refused|could not connect to server|connection to server .* failed: (No such file|"
     r"Connection refused)|server closed the connection|timeout expired",
     "the database server does not answer: start it or check the address in --db"),
    (r'database "(?P<name>[^"]+)" does not exist',
     "the database «{name}» does not exist on the server: create it (createdb {name}) or check --db"),
    (r'role "(?P<name>[^"]+)" does not exist',
     "the database user «{name}» does not exist on the server: check the user name in --db"),
    (r"password authentication failed|no password supplied|authentication failed",
     "the database server refused the login: check the user name and password in --db"),
    (r"unable to open database file",
     "cannot open the SQLite store file: does its folder exist and may it be written?"),
    (r"attempt to write a readonly database|readonly database|read-only file system",
     "the store is read-only: it cannot be written (check the file's permissions or --db)"),
    (r"database or disk is full|No space left|could not extend file",
     "no space left for the store: free some disk space and run again"),
    (r"file is not a database|file is encrypted",
     "the store file is not a SQLite database: check --db"),
    (r"permission denied for|must be owner of",
     "the database user may not change this database: ask its administrator for rights"),
]


def _db_error(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    for pattern, message in _DB_PATTERNS:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            return _(message).format(**m.groupdict())
    return _("database error: {detail}").format(detail=_first_line(exc))


def explain(exc: BaseException) -> str:
    """The one line a person reads for `exc`."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, NoSuchModuleError):
        return _("no database driver for this address: use sqlite:///FILE or "
                 "postgresql://USER@HOST/DB ({detail})").format(detail=_first_line(exc))
    if isinstance(exc, ArgumentError):
        return _("not a database address: use sqlite:///FILE or postgresql://USER@HOST/DB")
    if isinstance(exc, DBAPIError) or isinstance(exc, SQLAlchemyError):
        return _db_error(exc)
    if isinstance(exc, ImportError) and "psycopg" in str(exc):
        return _("the PostgreSQL driver is not installed: run `make install`")
    if isinstance(exc, UnicodeError):
        return _("a name or text could not be encoded: {detail}").format(detail=_first_line(exc))
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, MemoryError):
        return _("out of memory")
    return _("internal error {kind}: {detail}").format(kind=type(exc).__name__,
                                                        detail=_first_line(exc))


def debug() -> bool:
    return os.environ.get("ROADMAPS_DEBUG", "") not in ("", "0")
