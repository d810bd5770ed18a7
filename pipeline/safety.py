"""Guards of a batch run: paths that print anywhere, an output folder proven writable and
locked while written, workers that die with their parent and hold none of its sockets."""
from __future__ import annotations

import os
import signal

from .i18n import _


def display_path(path: str) -> str:
    """A path as text that can be written anywhere: bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) shown as «�»."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def check_store_folder(url: str) -> None:
    """A SQLite store whose folder does not exist: a UserError naming it (SQLite itself only
    says «unable to open database file»)."""
    from sqlalchemy.engine import make_url

    from .errors import UserError
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:" \
            or u.database.startswith("file:"):
        return
    folder = os.path.dirname(os.path.abspath(u.database))
    if not os.path.isdir(folder):
        raise UserError(_("the folder of the SQLite store does not exist: {folder} (check --db)")
                        .format(folder=display_path(folder)))


def check_writable(folder: str) -> None:
    """Make `folder` and prove a file can be written there, or raise a UserError saying why."""
    import tempfile

    from .errors import UserError, explain
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".roadmaps-write-test-"):
            pass
    except OSError as exc:
        raise UserError(_("cannot write to the output folder {folder}: {reason}").format(
            folder=display_path(folder), reason=explain(exc))) from None


class folder_lock:
    """An exclusive lock on an output folder (a `.roadmaps.lock` file, flock) while its
    files are written."""

    def __init__(self, folder: str):
        self.path = os.path.join(folder, ".roadmaps.lock")
        self.fh = None

    def __enter__(self):
        try:
            import fcntl
            self.fh = open(self.path, "a")
            fcntl.flock(self.fh, fcntl.LOCK_EX)
        except (ImportError, OSError):
            self.fh = None
        return self

    def __exit__(self, *exc):
        if self.fh is not None:
            self.fh.close()          # releases the lock
        return False


def die_with_parent(parent_pid: int) -> None:
    """Linux: the kernel kills this worker when its parent dies (kill -9 included), so no
    worker ever lives on as an orphan; gone at once if the parent died before this."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)          # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        pass
    if os.getppid() != parent_pid:
        os._exit(0)


def close_inherited_sockets(keep: int) -> None:
    """Close every socket the fork handed down except `keep` (this worker's pipe end): the
    parent's database connections (whose open transaction must end with the parent, not
    live on here) and the parent's ends of the workers' pipes. Each is replaced by
    /dev/null, so a stale object writing to its old descriptor touches nothing."""
    import stat
    try:
        fds = [int(n) for n in os.listdir("/proc/self/fd")]
    except OSError:
        return
    null = os.open(os.devnull, os.O_RDWR)
    for fd in fds:
        if fd in (keep, null) or fd <= 2:
            continue
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.dup2(null, fd)
        except OSError:
            pass
    os.close(null)


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc; empty where there is none):
    how a test or the soak bench checks that no worker outlives its importer."""
    kids = []
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(name))
            except (OSError, ValueError, IndexError):
                pass
    return kids
