"""A per-user cache of validated data, so that repeated runs skip YAML parsing and pydantic.

Only data that validated with no problem is stored; anything with a problem is checked, and
reported, afresh on every run. An entry is found by a key made of:

* the file's bytes (a BLAKE2 hash of the content, never the modification time) and its path, as given
  and as displayed (which depends on the working directory);
* for profiles, the fingerprint of the checklist they were checked against (a hash of every rule file);
* the legalcheck version, the Python version, and the size and modification time of every module of
  the installed legalcheck code, so a code change can never be served an old result.

Change any of them and the entry is simply not found. The cache is an optimisation only: if its
directory cannot be created or written, is not owned by the user, or holds a damaged entry, legalcheck
loads the files normally and says nothing. Entries are written atomically (a temporary file, then a
rename), so concurrent runs never see half an entry.

Location: ``$LEGALCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/legalcheck``, else
``~/.cache/legalcheck``. ``LEGALCHECK_NO_CACHE=1`` turns it off. Deleting the directory is always safe.
Entries of an older legalcheck are removed when a new version first writes; an entry for a file
that has since been edited stays until then (a few kilobytes each).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any, TypeVar

from . import __version__

T = TypeVar("T")

FORMAT = 1  # bump when the layout of entries changes
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
        st = os.stat(d)
    except OSError:
        return None
    # Entries are pickles: never read them from a directory someone else could write to.
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
        return None
    return Path(d)


@functools.cache
def code_fingerprint() -> str:
    """Changes whenever legalcheck's own code (or the Python running it) changes."""
    parts = [f"{FORMAT}|{__version__}|{sys.version}|{pickle.HIGHEST_PROTOCOL}"]
    package = Path(__file__).resolve().parent
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "data"))
        for name in sorted(filenames):
            if name.endswith(".py"):
                st = os.stat(os.path.join(dirpath, name))
                parts.append(f"{os.path.relpath(os.path.join(dirpath, name), package)}|{st.st_size}|{st.st_mtime_ns}")
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


def load(kind: str, key: tuple, cls: type[T]) -> T | None:
    """The object stored under ``key``, if there is one of type ``cls`` and it reads back cleanly."""
    path = _entry(kind, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            obj = pickle.load(f)
    except Exception:  # missing, unreadable, truncated or from an incompatible version: a miss
        return None
    return obj if type(obj) is cls else None


def store(kind: str, key: tuple, obj: Any) -> None:
    """Store ``obj`` under ``key`` atomically; any failure just leaves the cache as it was."""
    path = _entry(kind, key)
    if path is None:
        return
    import tempfile

    tmp = None
    try:
        _prepare(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
    except Exception:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
