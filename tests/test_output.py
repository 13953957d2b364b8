"""Output files are written whole or not at all, never into the data, with clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from legalcheck.errors import OutputError
from legalcheck.output import write_atomic, write_text_atomic

from .conftest import Cli, as_unprivileged, profile, write


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "out.md"
    write_text_atomic(target, "one")
    write_text_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


def test_interrupted_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_text("old workbook")

    def half_then_interrupted(tmp):
        tmp.write_text("half a workb")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, half_then_interrupted)
    assert target.read_text() == "old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def _interrupt_when_made(monkeypatch, suffix: str) -> None:
    """Ctrl-C handled the moment a temporary file or folder ending in ``suffix`` has been made, before
    the call that made it has returned (what ``tempfile.mkstemp`` left behind for ever)."""
    real_open, real_mkdir = os.open, os.mkdir
    once = [True]

    def open_then_interrupted(path, flags, *args, **kwargs):
        fd = real_open(path, flags, *args, **kwargs)
        if str(path).endswith(suffix) and once and once.pop():
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    def mkdir_then_interrupted(path, *args, **kwargs):
        real_mkdir(path, *args, **kwargs)
        if str(path).endswith(suffix) and once and once.pop():
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "open", open_then_interrupted)
    monkeypatch.setattr(os, "mkdir", mkdir_then_interrupted)


@pytest.mark.parametrize("folder", [False, True], ids=["file", "folder"])
def test_interrupted_as_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch, folder):
    target = tmp_path / "out.xlsx"
    target.write_text("old workbook")
    _interrupt_when_made(monkeypatch, ".partial")
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, lambda tmp: tmp.write_text("new workbook"), folder=folder)
    monkeypatch.undo()
    assert target.read_text() == "old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_writer_keeps_its_own_temporary_files_in_the_folder_made_for_it(tmp_path):
    """``folder=True``: the file is written in a hidden folder of its own, where the writer may keep
    files of its own (a workbook's row files); the whole folder goes, finished or interrupted."""
    target = tmp_path / "out.xlsx"
    seen = []

    def write(tmp: Path) -> None:
        seen.append(tmp)
        (tmp.parent / ".lc-rows").mkdir()
        (tmp.parent / ".lc-rows" / "sheet1").write_text("rows")
        tmp.write_text("new workbook")

    write_atomic(target, write, folder=True)
    assert target.read_text() == "new workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    [tmp] = seen
    assert tmp.name == "out.xlsx" and tmp.parent.parent == tmp_path
    assert tmp.parent.name.startswith(".out.xlsx.") and tmp.parent.name.endswith(".partial")

    def interrupted(tmp: Path) -> None:
        write(tmp)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, interrupted, folder=True)
    assert target.read_text() == "new workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_directory_write_interrupted_as_its_folders_are_made_leaves_nothing(tmp_path, monkeypatch):
    from legalcheck.output import write_tree_atomic

    out = tmp_path / "report"
    signature = ("index.html", "legalcheck")
    write_tree_atomic(out, {"index.html": "legalcheck, old"}, signature, "report")
    for suffix in (".partial", ".old"):
        _interrupt_when_made(monkeypatch, suffix)
        with pytest.raises(KeyboardInterrupt):
            write_tree_atomic(out, {"index.html": "legalcheck, new"}, signature, "report")
        monkeypatch.undo()
        assert (out / "index.html").read_text() == "legalcheck, old"
        assert [p.name for p in tmp_path.iterdir()] == ["report"]


def test_a_directory_write_interrupted_between_its_two_renames_keeps_the_earlier_one(tmp_path, monkeypatch):
    """The earlier directory has been moved aside, the new one is not yet in its place: Ctrl-C there
    put the earlier one back rather than removing it with the temporary folders."""
    from legalcheck.output import write_tree_atomic

    out = tmp_path / "report"
    signature = ("index.html", "legalcheck")
    write_tree_atomic(out, {"index.html": "legalcheck, old"}, signature, "report")
    real_replace = os.replace
    once = [True]

    def second_rename_interrupted(src, dst):
        if Path(dst) == out and Path(src).name.endswith(".partial") and once and once.pop():
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", second_rename_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_tree_atomic(out, {"index.html": "legalcheck, new"}, signature, "report")
    monkeypatch.undo()
    assert (out / "index.html").read_text() == "legalcheck, old"
    assert [p.name for p in tmp_path.iterdir()] == ["report"]


def test_missing_directory(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        write_text_atomic(tmp_path / "nope" / "out.md", "x")


def test_existing_directory(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        write_text_atomic(tmp_path, "x")


def test_read_only_directory(shared_dir):
    d = shared_dir / "ro"
    d.mkdir()
    d.chmod(0o500)

    def check():
        with pytest.raises(OutputError, match="permission denied"):
            write_text_atomic(d / "out.md", "x")

    as_unprivileged(check, owned=(d,))  # root may write anywhere: the check runs as an ordinary user


def test_refuses_to_write_into_the_data(repo):
    with pytest.raises(OutputError, match="refusing to write into the assessment data"):
        write_text_atomic(repo / "countries" / "report.md", "x", data_root=repo)
    with pytest.raises(OutputError, match="refusing"):
        write_text_atomic(repo / "checklist" / "x.yaml", "x", data_root=repo)
    assert not (repo / "countries" / "report.md").exists()


def test_excel_text_never_becomes_a_formula(tmp_path):
    from openpyxl import Workbook, load_workbook

    from legalcheck.render.xlsx.safe import put

    wb = Workbook()
    ws = wb.active
    values = ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2", "@SUM(A1)", "\tx", "plain", "bad\x07char", 42]
    for i, v in enumerate(values, start=1):
        put(ws, i, 1, v)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    back = load_workbook(path).active
    got = [back.cell(row=i, column=1) for i in range(1, len(values) + 1)]
    assert [c.value for c in got] == ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2", "@SUM(A1)", "\tx", "plain", "badchar", 42]
    assert all(c.data_type == "s" for c in got[:7])
    assert [c.quotePrefix for c in got[:6]] == [True, True, True, True, True, False]


def test_a_device_or_pipe_is_never_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="is not a regular file"):
        write_text_atomic(fifo, "x")
    assert fifo.is_fifo()


def test_a_location_that_accepts_no_files_is_an_output_error():
    # Under /proc the permission check passes for root, but creating a file fails.
    with pytest.raises(OutputError, match=r"cannot write in /proc \("):
        write_text_atomic(Path("/proc/legalcheck-out.json"), "x")


def test_cell_styles_are_right_in_every_workbook_of_a_run(tmp_path):
    """put() reuses style records within a workbook; a second workbook must get its own."""
    from openpyxl import Workbook, load_workbook

    from legalcheck.render.xlsx.safe import put

    for name in ("a.xlsx", "b.xlsx"):
        wb = Workbook()
        ws = wb.active
        put(ws, 1, 1, "bold", bold=True)  # a different style first, so style indexes differ between books
        for row in range(2, 5):
            put(ws, row, 1, "=1+1", wrap=True)
            put(ws, row, 2, "plain", wrap=True)
        wb.save(tmp_path / name)
        back = load_workbook(tmp_path / name).active
        assert back["A1"].font.b and not back["A1"].alignment.wrap_text
        assert all(back.cell(row=r, column=1).quotePrefix and back.cell(row=r, column=1).alignment.wrap_text
                   and back.cell(row=r, column=1).value == "=1+1" for r in range(2, 5))
        assert all(not back.cell(row=r, column=2).quotePrefix and back.cell(row=r, column=2).alignment.wrap_text
                   for r in range(2, 5))


GOOD_GROOMING = """
    grooming:
      facts:
        criminalised: {value: false, citation: {source: src}}
"""


def test_output_never_overwrites_the_region_definitions(repo):
    profile(repo, GOOD_GROOMING)
    regions = write(repo / "regions.yaml", """
        countries:
          testland: {name: Testland, iso3: TLD}
        regions:
          - id: test-region
            name: Test region
            members: [testland]
    """)
    before = regions.read_bytes()
    (repo / "regions").mkdir()
    cli = Cli(repo)
    assert cli("validate").exit_code == 0

    for target in (regions, repo / "regions" / "extra.yaml"):
        r = cli("assess", "testland", "-o", str(target))
        assert r.exit_code == 5, r.stdout
        assert f"{target}: refusing to write into the assessment data" in r.stderr
    assert regions.read_bytes() == before
    assert list((repo / "regions").iterdir()) == []
    # Beside the data, outside its parts, is still fine.
    r = cli("assess", "testland", "-o", str(repo / "report.md"))
    assert r.exit_code == 0, r.stderr
    assert "Testland" in (repo / "report.md").read_text(encoding="utf-8")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("assess", "nepal"), ("diff", "--region", "saievac", "2020", "2024", "--format", "json")])
def test_standard_output_on_a_full_disk_is_an_output_error(args):
    """Printing to a full disk is the disk's fault, not a bug: one line and the output exit code
    (it was 'internal error ... this is a bug in legalcheck', exit 70)."""
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "legalcheck", *args], stdout=full, stderr=subprocess.PIPE,
                           text=True, env={**os.environ, "NO_COLOR": "1"})
    assert p.returncode == 5, p.stderr
    assert p.stderr.strip().splitlines() == ["error: could not write to standard output (no space left on device)"]
