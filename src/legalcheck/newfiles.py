"""New temporary files and folders, named before they are made, so that an interrupt at any moment
leaves nothing behind: the one way both ``output`` (a file written beside its target, renamed into
place) and ``cache`` (an entry written in its ``tmp`` folder, renamed into place) make theirs.

Standard library only, on the lowest floor: ``cache`` (floor 1) may not import ``output`` (floor 5).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

_TMP_NAME = 100  # bytes of the target's name kept in the temporary file's name

# A new file only (O_EXCL), never through a link, not inherited by a program started meanwhile.
NEW_FILE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            | getattr(os, "O_BINARY", 0))


def temp_prefix(name: str) -> str:
    """The start of a temporary name beside ``name``: short enough that '.NAME.xxxxxxxx.partial' fits."""
    return "." + (os.fsdecode(os.fsencode(name)[:_TMP_NAME]).rstrip("\udcff\ufffd") or "out") + "."


def make_new(made: list[Path], parent: Path, name: str, suffix: str, folder: bool = False,
             error: Callable[[OSError], Exception] | None = None) -> Path:
    """Make a new hidden file (or ``folder``) beside ``name`` in ``parent``, '.NAME.xxxxxxxx' +
    ``suffix``, private to the user, and return it; ``error(e)`` is raised if it cannot be made (else
    the ``OSError``).

    Each name is put in ``made`` before it is made (with O_EXCL, or mkdir), and taken out again if it
    was someone else's: the caller removes what ``made`` holds in its ``finally`` (``remove_made``),
    so an interrupt at any moment (Ctrl-C, SIGTERM), even just as the file comes into being, leaves
    nothing of this run behind. (``tempfile.mkstemp`` returns the name only after making the file.)"""
    for _ in range(100):
        candidate = parent / f"{temp_prefix(name)}{os.urandom(4).hex()}{suffix}"
        made.append(candidate)
        try:
            if folder:
                os.mkdir(candidate, 0o700)
            else:
                os.close(os.open(candidate, NEW_FILE, 0o600))
            return candidate
        except FileExistsError:
            made.remove(candidate)  # not this run's: never removed
        except OSError as e:
            made.remove(candidate)
            if error is None:
                raise
            raise error(e) from None
    e = FileExistsError(errno.EEXIST, "no unused temporary name", str(parent))
    if error is None:
        raise e
    raise error(e) from None


def remove_made(made: list[Path]) -> None:
    """Remove what ``make_new`` made (a folder with all it holds); gone already: nothing to do."""
    for path in made:
        try:
            if stat.S_ISDIR(os.lstat(path).st_mode):
                import shutil

                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
        except OSError:
            pass
