"""Interrupting an Excel write: the old workbook survives byte for byte, no half file replaces it.

Every output file goes through ``output.write_atomic`` (a temporary file in the same directory,
renamed into place when complete). These tests interrupt real openpyxl saves at different points,
in-process and in a real process hit by a signal, and compare the old file's bytes afterwards.
"""

from __future__ import annotations

import errno
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from legalcheck.errors import OutputError
from legalcheck.output import write_atomic

from ..conftest import killed_when_it_says


def workbook(text: str) -> Workbook:
    wb = Workbook()
    wb.active["A1"] = text
    return wb


@pytest.fixture
def old(tmp_path: Path) -> tuple[Path, bytes]:
    """An existing workbook, written the normal way, and its bytes."""
    target = tmp_path / "matrix.xlsx"
    write_atomic(target, workbook("old matrix").save)
    return target, target.read_bytes()


def assert_intact(target: Path, before: bytes) -> None:
    assert target.read_bytes() == before
    assert load_workbook(target).active["A1"].value == "old matrix"
    assert [p.name for p in target.parent.iterdir()] == [target.name], "a temporary file was left behind"


def test_interrupt_after_the_new_workbook_is_saved(old):
    target, before = old

    def save_then_interrupted(tmp: Path) -> None:
        workbook("new matrix").save(tmp)
        with tmp.open("rb") as f:  # complete, but not yet in place
            assert load_workbook(f).active["A1"].value == "new matrix"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, save_then_interrupted)
    assert_intact(target, before)


def test_interrupt_in_the_middle_of_openpyxl_save(old, monkeypatch):
    """openpyxl has written the document properties and theme into the zip, not the sheets."""
    from openpyxl.writer.excel import ExcelWriter

    target, before = old
    seen = []

    def interrupted(self):
        seen.append(self._archive.filename)
        raise KeyboardInterrupt

    monkeypatch.setattr(ExcelWriter, "_write_worksheets", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, workbook("new matrix").save)
    assert seen and seen[0] != str(target) and Path(seen[0]).parent == target.parent  # it wrote to a temporary file
    assert_intact(target, before)


def test_disk_full_during_save_is_an_output_error(old, monkeypatch):
    from openpyxl.writer.excel import ExcelWriter

    target, before = old

    def disk_full(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "_write_worksheets", disk_full)
    with pytest.raises(OutputError, match="could not write the file \\(the disk is full\\)"):
        write_atomic(target, workbook("new matrix").save)
    assert_intact(target, before)


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from openpyxl import Workbook
    from legalcheck.cli import exit_cleanly_on_sigterm
    from legalcheck.output import write_atomic

    if sys.argv[2] == "cli":
        exit_cleanly_on_sigterm()  # what legalcheck's main() does

    def slow_save(tmp):
        wb = Workbook()
        wb.active["A1"] = "new matrix"
        wb.save(tmp)
        print("saved", flush=True)  # the new workbook is on disk, not yet renamed into place
        time.sleep(60)

    write_atomic(Path(sys.argv[1]), slow_save)
""")


def interrupt_real_process(target: Path, sig: int, mode: str = "cli") -> int:
    """Run a real write, wait until the new workbook is on disk, then send ``sig``; deterministic."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target), mode], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "saved\n", child.stderr.read()
        child.send_signal(sig)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    return child.returncode


def test_ctrl_c_in_a_real_process(old):
    target, before = old
    assert interrupt_real_process(target, signal.SIGINT) != 0
    assert_intact(target, before)


def test_terminated_real_process(old):
    """SIGTERM (a closed window, a timeout) exits cleanly through legalcheck's handler: the old
    workbook is untouched and the temporary file is removed."""
    target, before = old
    assert interrupt_real_process(target, signal.SIGTERM) == 128 + signal.SIGTERM
    assert_intact(target, before)


def test_hung_up_real_process(old):
    """SIGHUP (the terminal window or SSH session closed) is handled like SIGTERM: no hidden
    temporary file is left, and the old workbook is untouched."""
    target, before = old
    assert interrupt_real_process(target, signal.SIGHUP) == 128 + signal.SIGHUP
    assert_intact(target, before)


def test_terminated_without_the_handler_still_keeps_the_old_file(old):
    """Without the handler (or with SIGKILL) Python runs no clean-up: a hidden temporary file can
    stay, but the old workbook is untouched, because the rename never happened."""
    target, before = old
    assert interrupt_real_process(target, signal.SIGTERM, mode="bare") == -signal.SIGTERM
    assert target.read_bytes() == before
    leftovers = [p.name for p in target.parent.iterdir() if p != target]
    assert all(name.startswith(".matrix.xlsx.") and name.endswith(".partial") for name in leftovers), leftovers


# --------------------------------------------------------------------------- the streamed workbooks (XlsxWriter)


@pytest.fixture(scope="module")
def small_matrix():
    from legalcheck.repository import Repository

    return Repository().matrix("consultation-2022")


def write_matrix(m):
    from datetime import datetime, timezone

    from legalcheck.render.xlsx.matrix import write_workbook

    return lambda tmp: write_workbook(m, tmp, datetime(2026, 11, 26, tzinfo=timezone.utc))


def test_interrupt_in_the_middle_of_a_streamed_workbook(old, small_matrix, monkeypatch):
    """XlsxWriter has streamed the rows to its own temporary files and is packaging the zip."""
    from xlsxwriter.packager import Packager

    target, before = old

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Packager, "_create_package", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, write_matrix(small_matrix))
    assert_intact(target, before)


def test_disk_full_while_streaming_a_workbook_is_an_output_error(old, small_matrix, monkeypatch):
    """XlsxWriter wraps the OSError in its own FileCreateError: it still reads 'the disk is full'."""
    from xlsxwriter.packager import Packager

    target, before = old

    def disk_full(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Packager, "_create_package", disk_full)
    with pytest.raises(OutputError, match="could not write the file \\(the disk is full\\)"):
        write_atomic(target, write_matrix(small_matrix))
    assert_intact(target, before)


def test_a_streamed_workbook_replaces_the_old_one_whole(old, small_matrix):
    target, _ = old
    write_atomic(target, write_matrix(small_matrix))
    assert load_workbook(target).sheetnames == ["Matrix", "Details", "Summary", "About"]
    assert [p.name for p in target.parent.iterdir()] == [target.name], "a temporary file was left behind"


KILLED_WORKBOOK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from legalcheck import render
    from legalcheck.render.xlsx import book
    from legalcheck.repository import Repository

    m = Repository().matrix("consultation-2022")
    real_close = book.Book.close

    def close_slowly(self):
        print("rows written", flush=True)  # the row files are on disk, the workbook not yet packed
        time.sleep(60)
        real_close(self)

    book.Book.close = close_slowly
    render.write(m, "xlsx", Path(sys.argv[1]))
""")


def test_a_workbook_write_killed_outright_leaves_one_clearly_named_folder(old):
    """SIGKILL, which no clean-up survives, while a streamed workbook is written through
    ``render.write``: its row files were in a '.lc-' folder beside the output, a second leftover
    next to the '.partial' file. Now both are inside one hidden '.matrix.xlsx.*.partial' folder."""
    target, before = old
    killed_when_it_says(KILLED_WORKBOOK, "rows written", str(target))
    assert target.read_bytes() == before
    [left] = [p for p in target.parent.iterdir() if p != target]
    assert left.is_dir() and left.name.startswith(".matrix.xlsx.") and left.name.endswith(".partial")
    inside = sorted(p.name for p in left.iterdir())
    assert "matrix.xlsx" in inside and any(name.startswith(".lc-") for name in inside), inside
