"""A per-user cache of validated data, so that repeated runs skip YAML parsing and pydantic.

Only data that validated with no problem is stored; anything with a problem is checked, and
reported, afresh on every run. An entry is found by a key made of:

* the file's bytes (a BLAKE2 hash of the content, never the modification time) and its path, as given
  and as displayed (which depends on the working directory). The caller hashes the very bytes it
  parses (``data.read_checklist`` reads each rule file once), so an edit between hashing and parsing
  cannot file a result under the wrong key;
* for profiles, the fingerprint of the checklist they were checked against (a hash of every rule file);
* the code: the legalcheck version, the Python version, the installed PyYAML, pydantic and
  pydantic-core (their distribution names, which carry the version), and a hash of the *content* of
  every module of the installed legalcheck code (not sizes and times, which an edit can keep).

Change any of them and the entry is simply not found. The cache is an optimisation only: if its
directory cannot be created or written, is not safe, or holds a damaged entry, legalcheck loads the
files normally and says nothing. Entries are written atomically (a temporary file in the ``tmp``
folder beside them, then a rename), so concurrent runs never see half an entry; a temporary file
that a killed run left there is removed by the next run that writes, once it is ``STALE_AFTER`` old.

Safety: an entry is read only if every directory on its path is the user's own (or root's) and not
writable by others (a world-writable directory counts only with the sticky bit, like /tmp; the
cache's own directories never), and the entry file itself is a regular file owned by the user and
writable by nobody else. Entries are pickles read by a restricted unpickler that can only build
legalcheck's own data classes and Python's plain containers: a planted entry cannot run code.

Location: ``$LEGALCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/legalcheck``, else
``~/.cache/legalcheck``. ``LEGALCHECK_NO_CACHE=1`` turns it off. Deleting the directory is always safe.
Entries of an older legalcheck are removed when a new version first writes; an entry for a file
that has since been edited stays until then (a few kilobytes each).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .newfiles import make_new, remove_made, temp_prefix

T = TypeVar("T")

FORMAT = 2  # bump when the layout of entries changes
DIR_VAR = "LEGALCHECK_CACHE_DIR"
OFF_VAR = "LEGALCHECK_NO_CACHE"


def content_hash(*chunks: bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for c in chunks:
        h.update(len(c).to_bytes(8, "little"))
        h.update(c)
    return h.hexdigest()


def directory() -> Path | None:
    """The cache directory, created if needed; None when the cache is off or cannot be used safely."""
    if os.environ.get(OFF_VAR, "") not in ("", "0"):
        return None
    if os.environ.get(DIR_VAR):
        d = Path(os.environ[DIR_VAR])
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
        if not os.path.isabs(base):
            return None  # no home directory: never litter the working directory
        d = Path(base) / "legalcheck"
    return _usable(str(d))


@functools.cache
def _usable(d: str) -> Path | None:
    try:
        os.makedirs(d, mode=0o700, exist_ok=True)
    except OSError:
        return None
    path = Path(d)
    return path if safe_directory(path, own=True) and _safe_parents(path) else None


def _uid() -> int | None:
    return os.getuid() if hasattr(os, "getuid") else None


def safe_directory(path: Path, own: bool) -> bool:
    """A real directory (not a link) that no other user can write to.

    ``own``: one of the cache's own directories, which must be the user's and writable by the user
    alone. Otherwise (a parent such as /home or /tmp) root's is fine too, and a world-writable one
    only with the sticky bit, so no one else can rename or replace what is in it.
    """
    uid = _uid()
    if uid is None:  # no ownership on this system (Windows): the user's profile is private already
        return True
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if own:
        return st.st_uid == uid and not st.st_mode & 0o022
    if st.st_uid not in (uid, 0):
        return False
    return not st.st_mode & 0o022 or bool(st.st_mode & stat.S_ISVTX)


def _safe_parents(path: Path) -> bool:
    """Every directory above the cache directory is safe (see ``safe_directory``)."""
    resolved = path.resolve()
    return all(safe_directory(p, own=False) for p in resolved.parents)


def _versions() -> str:
    """The installed PyYAML, pydantic and pydantic-core, found without importing them (their
    distribution directories are named with the version, e.g. PyYAML-6.0.1.dist-info)."""
    import importlib.util

    found = []
    for module, dist in (("yaml", "pyyaml"), ("pydantic", "pydantic"), ("pydantic_core", "pydantic_core")):
        spec = importlib.util.find_spec(module)
        where = Path(spec.origin).parent.parent if spec and spec.origin else None
        names = []
        if where is not None:
            try:
                names = sorted(n for n in os.listdir(where)
                               if n.lower().startswith(dist + "-") and n.endswith((".dist-info", ".egg-info")))
            except OSError:
                pass
        found.append(f"{module}={','.join(names) or (spec.origin if spec else 'missing')}")
    return "|".join(found)


@functools.cache
def code_fingerprint() -> str:
    """Changes whenever legalcheck's own code, the Python running it, or the YAML and validation
    libraries change: the content of every module, not its size and time."""
    return code_key(Path(__file__).resolve().parent)


def code_key(package: Path) -> str:
    parts = [f"{FORMAT}|{__version__}|{sys.version}|{pickle.HIGHEST_PROTOCOL}|{_versions()}"]
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "data"))
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                with open(path, "rb") as f:
                    parts.append(f"{os.path.relpath(path, package)}|{content_hash(f.read())}")
    return content_hash("\n".join(parts).encode())


def _entry(kind: str, key: tuple) -> Path | None:
    d = directory()
    if d is None:
        return None
    code = code_fingerprint()
    digest = content_hash(repr((code, kind) + key).encode("utf-8", "surrogatepass"))
    # One subdirectory per version of the code: entries of older versions can never match again,
    # and are removed when a new version first writes (see _prepare).
    return d / f"code-{code[:16]}" / f"{kind}-{digest}.pickle"


@functools.cache
def _prepare(subdir: Path) -> None:
    """Create this code version's subdirectory; if it is new, remove the other versions' entries."""
    if subdir.is_dir():
        return
    import shutil

    os.makedirs(subdir, mode=0o700, exist_ok=True)
    for old in subdir.parent.glob("code-" + "[0-9a-f]" * 16):  # only what _entry names, nothing else
        if old != subdir and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


class _Unpickler(pickle.Unpickler):
    """Builds legalcheck's data classes and plain containers, and nothing else: a planted entry
    naming any other callable (os.system, eval, ...) is refused before it is called."""

    def find_class(self, module: str, name: str) -> Any:
        if module in _ALLOWED_MODULES:
            obj = getattr(sys.modules.get(module), name, None)
            if isinstance(obj, type) and dataclasses.is_dataclass(obj):
                return obj
        raise pickle.UnpicklingError(f"{module}.{name} is not legalcheck data")


_ALLOWED_MODULES = ("legalcheck.model", "legalcheck.result")


def _open_safely(path: Path):
    """The entry file, opened only if it and the directory holding it are safe; else None."""
    if not safe_directory(path.parent, own=True):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    st = os.fstat(fd)
    uid = _uid()
    if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o022 or (uid is not None and st.st_uid != uid):
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")


def load(kind: str, key: tuple, cls: type[T]) -> T | None:
    """The object stored under ``key``, if there is one of type ``cls`` and it reads back cleanly."""
    path = _entry(kind, key)
    if path is None:
        return None
    try:
        f = _open_safely(path)
        if f is None:
            return None
        with f:
            obj = _Unpickler(f).load()
    except Exception:  # missing, unreadable, truncated, refused or from an incompatible version: a miss
        return None
    return obj if type(obj) is cls else None


def store(kind: str, key: tuple, obj: Any) -> None:
    """Store ``obj`` under ``key`` atomically; any failure just leaves the cache as it was.

    The entry is written to a temporary file in this code version's ``tmp`` folder and renamed into
    place. The file is made as output files are (``newfiles.make_new``): named before it is made,
    inside the ``try``, so an exception or an interrupt (Ctrl-C, SIGTERM) at any moment leaves no
    temporary file behind; what only SIGKILL or a power cut can leave is removed by a later write
    (``_scratch``)."""
    path = _entry(kind, key)
    if path is None:
        return
    made: list[Path] = []  # removed at the end, whatever happens
    try:
        scratch = _scratch(path.parent)
        if not (safe_directory(path.parent, own=True) and safe_directory(scratch, own=True)):
            return  # e.g. made writable by others: never leave data where others can replace it
        tmp = make_new(made, scratch, _TMP_NAME, _TMP_SUFFIX)
        with open(tmp, "wb", opener=_no_link) as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        made.clear()  # in place: its temporary name is no longer this run's
    except Exception:
        pass
    finally:
        remove_made(made)


def _no_link(path: str, flags: int) -> int:
    """Opens the file ``make_new`` has just made, never through a link put in its place."""
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))


# Temporary entry files are named '.tmp.xxxxxxxx.pickle' (``newfiles.make_new``).
_TMP_NAME, _TMP_SUFFIX = "tmp", ".pickle"
_TMP_PREFIX = temp_prefix(_TMP_NAME)
# A temporary file last written longer ago than this was left by a run that was killed while writing
# it (SIGKILL, a power cut): writing an entry takes milliseconds.
STALE_AFTER = 10 * 60  # seconds


@functools.cache
def _scratch(subdir: Path) -> Path:
    """The folder where this code version's entries are written before they are renamed into place
    (made once per process, with ``subdir``), its stale files removed (``remove_stale``). A folder of
    its own, so that this look costs one listing of a folder that is nearly always empty, not of
    every entry."""
    _prepare(subdir)
    scratch = subdir / "tmp"
    try:
        os.mkdir(scratch, 0o700)
    except FileExistsError:
        pass
    if safe_directory(scratch, own=True):
        remove_stale(scratch)
    return scratch


def remove_stale(scratch: Path, now: float | None = None) -> list[str]:
    """Remove the temporary entry files in ``scratch`` not written to for ``STALE_AFTER`` seconds;
    their names. A run still writing one wrote to it moments ago, so its file is kept (and a run
    stopped for longer than that mid-write only loses that entry: its rename fails, which ``store``
    ignores). Nothing else in the folder is touched."""
    import time

    cutoff = (time.time() if now is None else now) - STALE_AFTER
    removed = []
    try:
        with os.scandir(scratch) as listing:
            for e in listing:
                if not (e.name.startswith(_TMP_PREFIX) and e.name.endswith(_TMP_SUFFIX)):
                    continue
                try:
                    st = e.stat(follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                        os.unlink(e.path)
                        removed.append(e.name)
                except OSError:
                    pass
    except OSError:
        pass
    return removed
