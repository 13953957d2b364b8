"""Writing output files safely: whole or not at all, never into the data, with clear errors.

A file is written to a temporary file in the target directory and renamed into place, so an
interrupted run (Ctrl-C, a crash, a full disk) never leaves a half-written file and never destroys
the existing one.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError
from .newfiles import NEW_FILE, make_new, remove_made


# What the assessment data is made of, under the data root (see data.py). Only these are protected,
# not the whole root: the bundled data's root is the source checkout, where examples/ is written.
DATA_PARTS = ("checklist", "countries", "regions", "regions.yaml")


MAX_NAME = 255  # bytes in a file name, on every common file system


class OutputPath(type(Path())):  # type: ignore[misc]
    """A path from the command line that remembers what ``Path`` forgets: a trailing slash."""

    written_as_directory = False


def output_path(value: str | Path | None) -> Path | None:
    """The parser of every output option (``typer.Option(..., parser=output_path)``): ``-o out.json/``
    must not become ``out.json``, which would replace that file."""
    if value is None or isinstance(value, Path):
        return value
    path = OutputPath(value)
    path.written_as_directory = value.endswith(("/", os.sep)) and len(value) > 1
    return path


def check_target(path: Path | str, data_root: Path | None = None) -> Path:
    """Refuse targets that cannot or must not be written; returns the resolved path."""
    if isinstance(path, str):
        path = output_path(path)
    if getattr(path, "written_as_directory", False):
        raise OutputError(f"{path}{os.sep}: ends in '{os.sep}', which names a folder, not a file; "
                          f"give the file name without the final '{os.sep}'")
    name_bytes = len(os.fsencode(path.name))
    if name_bytes > MAX_NAME:
        raise OutputError(f"{str(path)[:60]}…: the file name is too long ({name_bytes} bytes; "
                          f"file systems allow {MAX_NAME}); choose a shorter name")
    try:
        return _check_target(path, data_root)
    except OSError as e:  # e.g. a path that is too long as a whole, or a folder that cannot be read
        raise OutputError(f"{path}: cannot write there ({_reason(e)})") from None


def _check_target(path: Path, data_root: Path | None) -> Path:
    target = path.expanduser()
    if target.exists() and target.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name, e.g. {path / 'assessment.xlsx'}")
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        # Renaming onto a device or pipe (e.g. /dev/null) would replace it with a regular file.
        raise OutputError(f"{path}: is not a regular file (a device or pipe); give a file name, "
                          "or leave out the output option to print the result")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise OutputError(f"{path}: the directory {parent} does not exist")
    if not parent.is_dir():
        raise OutputError(f"{path}: {parent} is not a directory")
    if data_root is not None:
        refuse_inside_data(path, target, data_root)
    if _read_only(parent):
        raise OutputError(f"{path}: {parent} is on a read-only disk; choose another place")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{path}: cannot write in {parent} (permission denied)")
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(f"{path}: the file is read-only")
    return target


def refuse_inside_data(path: Path, target: Path, data_root: Path, whole: bool = False) -> None:
    """Refuse ``target`` (a file or a folder to create) when it resolves into the assessment data
    (directly, via '..' or via a symbolic link): output is never written among the inputs.
    ``whole``: ``target`` is a folder replaced whole, so one holding the data is refused too."""
    resolved = target.expanduser().resolve()
    for sub in DATA_PARTS:
        d = (data_root / sub).resolve()
        if resolved == d or d in resolved.parents or (whole and resolved in d.parents):
            raise OutputError(f"{path}: refusing to write into the assessment data ({data_root / sub}); choose another place")


def check_name_lengths(path: Path) -> None:
    """Every part of ``path`` must fit a file system's 255 bytes (else: a plain output error, not a crash)."""
    for part in path.parts:
        n = len(os.fsencode(part))
        if n > MAX_NAME:
            raise OutputError(f"{str(path)[:60]}…: a name in it is too long ({n} bytes; file systems allow {MAX_NAME}); "
                              "choose a shorter name")


def write_atomic(path: Path | str, write: Callable[[Path], None], data_root: Path | None = None,
                 folder: bool = False) -> Path:
    """Call ``write(tmp_path)`` then rename the finished file onto ``path``.

    ``write`` produces the complete file at the temporary path it is given (e.g. ``wb.save``): a
    hidden '.NAME.xxxxxxxx.partial' file beside ``path``, removed however the writing ends. With
    ``folder``, the file is written inside a hidden folder of that name made for this write, and
    ``write`` may keep temporary files of its own in that folder (``tmp_path.parent``, as a
    workbook's row files are kept): it is removed whole at the end, so even a run killed outright
    (SIGKILL) leaves one clearly named thing beside ``path``, never loose files.
    """
    target = check_target(path, data_root)
    made: list[Path] = []  # named before it is made (``newfiles.make_new``): removed at the end, whatever happens
    try:
        # e.g. /proc or a read-only disk: the permission check passes for root, creating a file fails.
        # (The name is kept short: '.NAME.xxxxxxxx.partial' must fit in 255 bytes too.)
        tmp = make_new(made, target.parent, target.name, ".partial", folder=folder, error=lambda e: OutputError(
            f"{path}: cannot write in {target.parent} ({_reason(e)})"))
        try:
            if folder:
                tmp = tmp / target.name
                os.close(os.open(tmp, NEW_FILE, 0o600))
            write(tmp)
            if target.exists():
                os.chmod(tmp, target.stat().st_mode & 0o777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, target)
        except OSError as e:
            raise OutputError(f"{path}: could not write the file ({_reason(e)})") from None
    finally:
        remove_made(made)
    return target


def _read_only(directory: Path) -> bool:
    """True when the disk (file system) holding ``directory`` is mounted read-only: a different
    problem from a folder the user may not write in, with a different remedy."""
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): os.access and the write itself tell
        return False


def _reason(e: OSError) -> str:
    """An OS error in words: 'the disk is full' rather than '[Errno 28] No space left on device'."""
    words = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the disk is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.ENOENT: "this location does not accept new files",
    }
    return words.get(e.errno, (e.strerror or str(e)).lower())


def write_text_atomic(path: Path | str, text: str, data_root: Path | None = None) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), data_root)


# --------------------------------------------------------------------------- directories


def wrote(directory: Path, signature: tuple[str, str]) -> bool:
    """Whether ``directory`` holds what legalcheck wrote: ``signature`` is (a file, text near its start)."""
    name, needle = signature
    try:
        with open(directory / name, encoding="utf-8", errors="replace") as f:
            return needle in f.read(4000)
    except OSError:
        return False


def check_tree_target(out: Path, signature: tuple[str, str], what: str, data_root: Path | None = None) -> Path:
    """A directory to write a set of files into: new, empty, or an earlier legalcheck ``what`` (told
    by its ``signature``), which is replaced whole. Anything else is refused, so a wrong path never
    wipes someone's files."""
    target = out.expanduser()
    if target.exists() and not target.is_dir():
        raise OutputError(f"{out}: is a file; give a directory, e.g. {out.with_suffix('')}-out")
    parent = target.absolute().parent
    if not parent.is_dir():
        raise OutputError(f"{out}: the directory {parent} does not exist")
    if data_root is not None:
        refuse_inside_data(out, target, data_root, whole=True)
    if target.is_dir() and any(target.iterdir()) and not wrote(target, signature):
        raise OutputError(f"{out}: the directory is not empty and does not hold an earlier legalcheck {what}; "
                          "choose a new or empty directory")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{out}: cannot write in {parent} (permission denied)")
    return target


def write_tree_atomic(out: Path, files: dict[str, str], signature: tuple[str, str], what: str,
                      data_root: Path | None = None) -> Path:
    """Write ``files`` (relative path -> text) into the directory ``out``: built in a temporary
    directory beside it, then swapped in, so an interrupted run leaves the earlier directory (or
    nothing), never half of one."""
    target = check_tree_target(out, signature, what, data_root)
    parent = target.absolute().parent
    made: list[Path] = []  # removed at the end, whatever happens (see ``newfiles.make_new``)
    old: Path | None = None
    try:
        tmp = make_new(made, parent, target.name, ".partial", folder=True,
                       error=lambda e: OutputError(f"{out}: cannot write in {parent} ({_reason(e)})"))
        try:
            for rel, text in files.items():
                path = tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="")
            umask = os.umask(0)
            os.umask(umask)
            for p in [tmp, *tmp.rglob("*")]:
                os.chmod(p, (0o777 if p.is_dir() else 0o666) & ~umask)
            if target.exists():
                old = make_new(made, parent, target.name, ".old", folder=True)
                os.replace(target, old / "previous")
            os.replace(tmp, target)
        except OSError as e:
            raise OutputError(f"{out}: could not write ({_reason(e)})") from None
    finally:
        # Stopped between the two renames (an error, or Ctrl-C): the earlier directory goes back.
        if old is not None and (old / "previous").exists() and not os.path.lexists(target):
            try:
                os.replace(old / "previous", target)
            except OSError:
                pass
        remove_made(made)
    return target
