"""The build's outer frame: nothing lost, nothing clobbered.

* One build at a time per project: `project_lock` holds an exclusive `fcntl` lock on
  BUILD/.lock for the whole build; a second build exits at once with a clear message.
* Private temporary folders: `temp_dir` makes a fresh folder per build (never a fixed name
  two builds could share) and removes it on any exit; `sweep` removes what a build killed
  outright (SIGKILL, power loss) left behind, at the start of the next build, under the lock.
* Signals and child processes: `interruptible` turns SIGTERM and SIGHUP into `Interrupted`
  (like Ctrl-C) so that every `finally` runs; `spawn` starts a child process that
  is killed with its parent (PR_SET_PDEATHSIG on Linux, even when the parent is killed with
  SIGKILL) and by `kill_children` when the build is interrupted.
* Output paths: `check_output` refuses a --site/--out that is or contains the content folder,
  the project or an input, or is an existing folder that is not an earlier output.
* The swap: `swap_dir` exchanges the finished site with the previous one in one atomic
  rename (renameat2 RENAME_EXCHANGE), so there is no moment without a complete site/.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import BuildError

log = logging.getLogger(__name__)

LOCK_FILE = ".lock"
TEMP_PREFIX = ".briefing-"  # every temporary folder a build makes in BUILD/ starts with this


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C, cleaning up on the way."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


# --------------------------------------------------------------------------- the lock
@contextlib.contextmanager
def project_lock(workdir: Path) -> Iterator[Path]:
    """Hold the project's build lock (WORKDIR/.lock) or fail at once naming the other build."""
    import fcntl

    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            other = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise BuildError(f"another build of this project is running (pid {other}); "
                             "wait for it to finish, then build again", path) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would race a waiting build)


def sweep(workdir: Path, site_dir: Path | None = None, *, old: bool = True) -> list[Path]:
    """Remove what earlier builds that were killed outright left behind (call under the lock).

    BUILD/.briefing-*, the staging and (with `old`) old copies of SITE (.SITE.new-*,
    .SITE.old-*), and what older versions kept and this one never reads: the pickle cache (a
    pickle can run code) and Pagefind's shard cache (search-cache/, up to version 0.2)."""
    found = [*workdir.glob(TEMP_PREFIX + "*"), workdir / "search-cache", workdir / "cache.pickle",
             workdir / "search-out"]
    if site_dir is not None:
        found += site_dir.parent.glob(f".{site_dir.name}.new*")
        if old:
            found += site_dir.parent.glob(f".{site_dir.name}.old-*")
    removed = []
    for p in found:
        if p.is_symlink() or p.is_file():
            p.unlink()
        elif p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            continue
        removed.append(p)
    if removed:
        log.info("removed %d leftovers of an interrupted build: %s", len(removed), ", ".join(p.name for p in removed))
    return removed


# --------------------------------------------------------------------------- temporary folders
@contextlib.contextmanager
def temp_dir(parent: Path, prefix: str = TEMP_PREFIX) -> Iterator[Path]:
    """A fresh folder for this build only, removed on any exit."""
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- signals, children
_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()
_PR_SET_PDEATHSIG = 1


def _libc():
    """The C library's functions (prctl, renameat2), loaded in the parent: never look it up
    in a freshly forked child (find_library would start a process there)."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - not a POSIX system
        return None


_LIBC = _libc()


def die_with_parent() -> None:
    """In a child process (preexec_fn, pool initializer): get SIGKILL when the parent dies."""
    prctl = getattr(_LIBC, "prctl", None)
    if prctl is None:  # not Linux: kill_children still covers signals
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before prctl: nobody will send the signal
        os._exit(1)


# The signals that stop a build (the parent turns them into Interrupted).
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold the stop signals while a child is forked: until the child has its own handlers, a
    signal (multiprocessing terminates its daemon children at exit) would run the parent's
    handler in it, and Interrupted would print a traceback from the child's start-up. A signal
    that comes meanwhile is delivered to the parent once the child is started."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def forked_child() -> None:
    """First thing in a forked child (a process target, a pool initializer): it dies with the
    parent, a stop signal just stops it, and the signals the parent held are let through."""
    die_with_parent()
    for signum in _STOP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def spawn(cmd: list[str], **kwargs) -> subprocess.Popen:
    """subprocess.Popen for a child that must not outlive the build; `forget` it once reaped."""
    with _children_lock:
        proc = subprocess.Popen(cmd, preexec_fn=die_with_parent if os.name == "posix" else None, **kwargs)
        _children.add(proc)
    return proc


def forget(proc: subprocess.Popen) -> None:
    with _children_lock:
        _children.discard(proc)


def kill_children() -> None:
    """Kill every child started with `spawn` that is still running."""
    for proc in list(_children):
        if proc.returncode is None:
            with contextlib.suppress(OSError):
                proc.kill()


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Interrupted in the main thread (children are killed first);
    outside the main thread this does nothing (Python delivers signals to it alone)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        kill_children()
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    except BaseException:
        kill_children()
        raise
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


# --------------------------------------------------------------------------- output paths
def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(out: Path, option: str, *, content: Path | None = None, root: Path | None = None,
                 inputs: Iterable[Path] = (), kind: str = "split") -> None:
    """Refuse an output folder that a build would destroy something in (it is replaced as a whole).

    Refused: the content folder, the project root or any input, a folder that contains one of
    them, a folder inside the content folder (its files would be read as digests), and an
    existing folder that does not look like an earlier output of this command (`kind`:
    "site": holds entries.json; "split": only *.md files)."""
    target = Path(out).absolute().resolve()
    protected: list[tuple[Path, str]] = []
    if content is not None:
        protected.append((Path(content).resolve(), "the content folder"))
    protected.append(((root or Path.cwd()).resolve(), "the project folder"))
    with contextlib.suppress(RuntimeError, KeyError):  # no HOME: nothing to protect there
        protected.append((Path.home().resolve(), "your home folder"))
    protected += [(Path(p).resolve(), "an input") for p in inputs]
    for path, what in protected:
        if _inside(path, target):
            raise BuildError(f"{option} {out} is or contains {what} ({path}), which would be deleted; "
                             f"choose an output folder of its own", out)
    if content is not None and _inside(target, Path(content).resolve()):
        raise BuildError(f"{option} {out} is inside the content folder, whose files are read as digests; "
                         f"choose an output folder outside it", out)
    if target.is_file() or (target.is_symlink() and not target.exists()):
        raise BuildError(f"{option} {out} is a file, not a folder; choose another name", out)
    if target.is_dir() and any(target.iterdir()):
        ours = ((target / "entries.json").is_file() if kind == "site" else
                all(p.is_file() and p.suffix == ".md" for p in target.iterdir()))
        if not ours:
            raise BuildError(f"{option} {out} holds files that are not an earlier output of "
                             f"`briefing {'build' if kind == 'site' else kind}` "
                             f"and would be deleted; empty it or choose another folder", out)


# --------------------------------------------------------------------------- the swap
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    renameat2 = getattr(_LIBC, "renameat2", None)  # glibc >= 2.28
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_dir(new: Path, old: Path) -> None:
    """Put the finished folder `new` in the place of `old` at once; the previous tree is removed
    afterwards by a detached `rm` (a large site: seconds the build need not wait for)."""
    if not old.exists():
        os.replace(new, old)
        return
    trash = old.with_name(f".{old.name}.old-{os.getpid()}")
    if _exchange(new, old):  # `new` now holds the previous tree
        os.replace(new, trash)
    else:  # no renameat2: two renames, with a moment without `old`
        os.replace(old, trash)
        os.replace(new, old)
    subprocess.Popen(["rm", "-rf", "--", str(trash)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
