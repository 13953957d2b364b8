"""The streamed workbooks' own row writer (render/xlsx/book.py, ``_Streamed``) writes the very bytes
XlsxWriter's row writer writes, on bundled data and on hostile text (formula starts, characters XML
forbids or Excel escapes, surrounding spaces); and, unlike XlsxWriter's, never takes a text for
markup."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timezone

import pytest
from openpyxl import load_workbook

from legalcheck.parallel import fork_wanted
from legalcheck.render.xlsx import book, diff

from .conftest import ROOT, Cli, profile, write

WHEN = "2026-11-26T10:00:00Z"


class _Fixed(datetime):
    @classmethod
    def now(cls, tz=None):  # the diff workbook is stamped with the time it is made
        return datetime(2026, 11, 26, 10, 0, 0, tzinfo=timezone.utc)


def _both(monkeypatch, tmp_path, cli: Cli, *args: str) -> tuple[bytes, bytes]:
    """The workbook of ``args`` (+ --xlsx) written with the fast rows and with XlsxWriter's own."""
    monkeypatch.setattr(diff, "datetime", _Fixed)
    streamed_rows = []  # rows written by the fast row writer: the two workbooks come from two paths
    real = book._Streamed._write_single_row

    def counted(self, *a, **k):
        streamed_rows.append(1)
        return real(self, *a, **k)

    monkeypatch.setattr(book._Streamed, "_write_single_row", counted)
    written = []
    for fast in (True, False):
        monkeypatch.setattr(book, "FAST_WRITERS", fast)
        out = tmp_path / f"{fast}.xlsx"
        before = len(streamed_rows)
        r = cli(*args, "--xlsx", str(out))
        assert r.exit_code == 0, r.stderr
        assert (len(streamed_rows) > before) is fast, (fast, len(streamed_rows) - before)
        written.append(out.read_bytes())
    return written[0], written[1]


@pytest.mark.parametrize("args", [
    ("matrix", "saievac", "--generated-at", WHEN),
    ("matrix", "east-asia-pacific", "--year", "2022", "--all-indicators", "--generated-at", WHEN),
    ("diff", "--region", "saievac", "2020", "2022"),
    ("diff", "nepal"),
])
def test_fast_rows_write_xlsxwriters_bytes(monkeypatch, tmp_path, args):
    fast, stock = _both(monkeypatch, tmp_path, Cli(), *args)
    assert fast == stock


@pytest.fixture
def hostile(repo):
    """Two years of a country whose texts start like formulas, hold characters XML forbids, Excel's
    own escapes (_x0041_), carriage returns and surrounding spaces; and Nepal beside it."""
    shutil.copytree(ROOT / "countries" / "nepal", repo / "countries" / "nepal")
    write(repo / "regions.yaml", "countries: {}\nregions:\n  - {id: t, name: \"=1+1\", members: [testland, nepal]}\n")
    for year, value in ((2020, "true"), (2024, "false")):
        head = ('country:\n  name: "=HYPERLINK(\\"http://evil\\",\\"x\\")"\n  iso2: TL\n  iso3: TLD\nyear: 2024\n'
                'as_of: "2024-01-31"\nsources:\n  - {id: src, title: " @SUM(1)\\u0002 _x0041_ \\r tab\\t", '
                'url: https://example.org}\nindicators:\n')
        profile(repo, f"""
            grooming:
              facts:
                criminalised:
                  value: {value}
                  citation: {{source: src, instrument: "-2+3 ", provision: "s.\\a1\\uFFFE"}}
              reported: {{rating: "no", source: src, note: "+cmd|' /C calc'!A0"}}
            """, year=year, head=head.replace("year: 2024", f"year: {year}"))
    return repo


@pytest.mark.parametrize("args", [
    ("matrix", "t", "--generated-at", WHEN),
    ("diff", "--region", "t", "2020", "2024"),
])
def test_fast_rows_write_xlsxwriters_bytes_for_hostile_text(monkeypatch, tmp_path, hostile, args):
    fast, stock = _both(monkeypatch, tmp_path, Cli(hostile), *args)
    assert fast == stock


def test_a_text_like_xlsxwriters_rich_text_stays_text(tmp_path, hostile):
    """XlsxWriter writes a text '<r>...</r>' into the sheet's XML as it is: the name was lost (and
    '<r><' made a broken file). The fast rows escape it like any other text."""
    for year in (2020, 2024):
        p = hostile / "countries" / "testland" / f"{year}.yaml"
        text = p.read_text(encoding="utf-8").splitlines()
        text[1] = '  name: "<r><t>Evil</t></r>"'
        p.write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "m.xlsx"
    r = Cli(hostile)("matrix", "t", "--xlsx", str(out))
    assert r.exit_code == 0, r.stderr
    wb = load_workbook(out)
    assert wb["Matrix"]["A2"].value == "<r><t>Evil</t></r>"
    assert wb["Details"]["A2"].value == "<r><t>Evil</t></r>"


@pytest.mark.parametrize("name", ["<r><t>Evil</t></r>", "<r>Ev<il</r>"])
def test_a_text_like_rich_text_stays_text_in_the_diff_workbook(tmp_path, hostile, name):
    """Every path of the streamed sheets escapes it, XlsxWriter's own cell writer included (the diff
    workbook sets its widths after its rows, so each sheet's last row goes through that writer):
    once, '<r>Ev<il</r>' made a workbook that would not open, and the name was lost in every sheet."""
    for year in (2020, 2024):
        p = hostile / "countries" / "testland" / f"{year}.yaml"
        text = p.read_text(encoding="utf-8").splitlines()
        text[1] = f'  name: "{name}"'
        p.write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "d.xlsx"
    r = Cli(hostile)("diff", "testland", "2020", "2024", "--xlsx", str(out))
    assert r.exit_code == 0, r.stderr
    wb = load_workbook(out)  # a broken sheet XML raises here
    sheets = [ws.title for ws in wb if any(name in str(c.value) for row in ws.iter_rows() for c in row)]
    assert {"Changes", "Details", "Countries"} <= set(sheets), sheets
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.value != "" and "Ev" not in str(c.value) or name in str(c.value), (ws.title, c.coordinate)


def test_a_workbook_leaves_no_row_files_behind(tmp_path, monkeypatch):
    """XlsxWriter keeps each sheet's rows in a file until the workbook is closed; they live in a
    folder beside the output (not the system's temporary folder), removed when the file is written
    and when writing fails half-way."""
    from legalcheck.render.xlsx import matrix as xmatrix

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr("tempfile.tempdir", None)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    cli = Cli(ROOT)
    assert cli("matrix", "saievac", "--xlsx", str(out_dir / "m.xlsx")).exit_code == 0
    assert cli("diff", "--region", "saievac", "2020", "2024", "--xlsx", str(out_dir / "d.xlsx")).exit_code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["d.xlsx", "m.xlsx"]
    assert list(tmp.iterdir()) == []

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    for where in ("_details_rows", "_matrix_sheet"):  # written when the file is closed; before
        for fork in (False, True):  # and with the Details rows written by a child, stopped when it fails
            monkeypatch.setattr(book, "FORK_ROWS", 0 if fork else 10**9)
            with monkeypatch.context() as m:
                m.setattr(xmatrix, where, fail)
                r = cli("matrix", "saievac", "--xlsx", str(out_dir / "n.xlsx"))
            assert r.exit_code != 0
            assert "the disk is full" in r.stderr
            assert sorted(p.name for p in out_dir.iterdir()) == ["d.xlsx", "m.xlsx"]
            assert list(tmp.iterdir()) == []


def test_a_streamed_sheet_holds_no_comment_text_or_url_until_it_is_closed(tmp_path):
    """What XlsxWriter keeps until the file is closed stays small (2,000 countries: 28,000 comments
    and links): a comment is its text's place in the spool file and its options, a link its
    address, text and tip; read back, the workbook has every comment and link."""
    from xlsxwriter.comments import CommentType
    from xlsxwriter.url import Url

    path = tmp_path / "b.xlsx"
    with book.Book(path, "t", datetime(2026, 11, 26, 10, tzinfo=timezone.utc)) as b:
        s = b.sheet("S")
        for r in range(1, 40):
            s.link(r, 1, "✓ Yes", f"'S'!B{r}", "Evidence")
            s.comment(r, 1, f"note {r}: " + "é" * 200, width=420, height=260)
            s.put(r, 2, f"row {r}")
        held = [v for cols in s.ws.comments.values() for v in cols.values()]
        assert len(held) == 39 and not any(isinstance(v, CommentType) for v in held)
        assert not any("é" in repr(v) for v in held)  # the texts wait on disk
        assert len({id(options) for _, options in held}) == 1  # one options dict per size
        links = [dict.__getitem__(cols, c) for cols in s.ws.hyperlinks.values() for c in cols]
        assert len(links) == 39 and not any(isinstance(v, Url) for v in links)
        b.close()
    ws = load_workbook(path)["S"]
    for r in (1, 17, 39):
        assert ws.cell(r, 1).comment.text == f"note {r}: " + "é" * 200
        assert ws.cell(r, 1).hyperlink.location == f"'S'!B{r}" and ws.cell(r, 1).value == "✓ Yes"


def test_whole_rows_write_xlsxwriters_bytes_on_every_path(tmp_path, monkeypatch):
    """``Sheet.row`` holds a row whole and writes it when the next one starts; a row it cannot write
    whole (a long text, a value of another kind, a cell added to it afterwards, a row format) goes
    cell by cell. Every path gives XlsxWriter's own bytes, formats numbered in the same order."""
    written = []
    for fast in (True, False):
        monkeypatch.setattr(book, "FAST_WRITERS", fast)
        path = tmp_path / f"{fast}.xlsx"
        with book.Book(path, "t", datetime(2026, 1, 1, tzinfo=timezone.utc)) as b:
            ws = b.sheet("S")
            plain, wrapped = ws.look(), ws.look(wrap=True)
            ws.height(1, 30)
            ws.row(1, ["a", 1, 2.5, None, "", "=x", " spaced "], [wrapped] * 7)
            ws.row(2, ["x" * 20000, "b", True], [plain, wrapped, plain])  # long text, a bool: cell by cell
            ws.row(3, ["c", None, ""], [plain, plain, plain])  # no height; nothing written in its last cells
            ws.put(3, 5, "added later", bold=True)  # to the held row
            ws.row(5, ["\x01", "d", "-1"], [plain, ws.look(fill="yes"), ws.look(fill="no")])
            other = b.sheet("T")
            other.row(1, ["e", 7], [other.look(bold=True), other.look(number="0.0")])
            ws.height(6, 45)
            ws.ws.set_row(6, 20, b.format(italic=True))  # a row format: XlsxWriter's own writer
            ws.row(6, ["f", "g"], [plain, plain])
            ws.row(7, ["last", "row", ""], [ws.look(align="center"), plain, ws.look(colour="FFDDEBF7")])
            ws.widths([10, 20])
            b.close()
        written.append(path.read_bytes())
    assert written[0] == written[1]
    wb = load_workbook(tmp_path / "True.xlsx")
    s = wb["S"]
    assert [s.cell(1, c).value for c in range(1, 8)] == ["a", 1, 2.5, None, None, "=x", " spaced "]
    assert s["A1"].alignment.wrap_text and s["F1"].quotePrefix and s.row_dimensions[1].height == 30
    assert [s["A2"].value, s["B2"].value, s["C2"].value] == ["x" * 20000, "b", "true"]
    assert [s["A3"].value, s["E3"].value, s["E3"].font.b] == ["c", "added later", True]
    assert [s["A5"].value, s["B5"].value, s["C5"].value, s["C5"].quotePrefix] == [None, "d", "-1", True]
    assert [s["A7"].value, s["B7"].value, s["C7"].fill.fgColor.rgb] == ["last", "row", "FFDDEBF7"]
    assert [c.value for c in wb["T"][1]] == ["e", 7]


@pytest.mark.skipif(not fork_wanted(1, 0), reason="fork is not used here")
def test_rows_written_elsewhere_join_the_package_in_their_place(tmp_path, monkeypatch):
    """A sheet whose rows a child writes is packaged when its part's turn comes, the parts before it
    written meanwhile: the same bytes as rows written here (which are written at that same point).
    Rows that need a format not numbered beforehand (the child gives up; this process numbers it,
    after the other sheets' last rows, as without a child) still give the same bytes; a note does
    not: the package already lists the notes, so that fails loudly instead of leaving a workbook
    without it."""
    def make(name: str, fork: int, note: bool = False, all_looks: bool = False) -> bytes:
        monkeypatch.setattr(book, "FORK_ROWS", fork)
        path = tmp_path / name
        with book.Book(path, "t", datetime(2026, 1, 1, tzinfo=UTC)) as b:
            first, rows, last = b.sheet("First"), b.sheet("Rows"), b.sheet("Last")
            plain = rows.look()

            def fill(sheet):
                for r in range(1, 40):  # bold: unless all_looks, numbered only here, so the child gives up
                    sheet.row(r, [f"row {r}", r], [plain, sheet.look(bold=r % 2 == 0)])
                if note:
                    sheet.comment(39, 1, "a note")  # on the row being written

            b.elsewhere(rows, fill, [plain, rows.look(bold=True)] if all_looks else [plain], 39)
            first.put(1, 1, "before")
            last.put(1, 1, "after", fill="yes")  # a format numbered when the last sheet's last row is written
            b.close()
        return path.read_bytes()

    here = make("here.xlsx", 10**9)
    assert make("child.xlsx", 0) == here  # the child gave up: its rows written here, in their place
    written_here = []  # this process's writes of the rows (the child's own list is its copy)
    real_write = book._Rows._write
    monkeypatch.setattr(book._Rows, "_write", lambda self, child, late=False:
                        written_here.append(child) or real_write(self, child, late))
    adopted = make("adopted.xlsx", 0, all_looks=True)
    assert written_here == []  # every look numbered: the child's rows adopted
    assert adopted == make("adopted-here.xlsx", 10**9, all_looks=True) and written_here == [False]
    wb = load_workbook(tmp_path / "child.xlsx")
    assert wb.sheetnames == ["First", "Rows", "Last"] and wb["Rows"]["A39"].value == "row 39"
    assert wb["Rows"]["B2"].font.b and wb["Last"]["A1"].value == "after"
    for fork in (0, 10**9):  # with a child (which gives up) or without: the same refusal
        with pytest.raises(RuntimeError, match="link or note"):
            make(f"noted-{fork}.xlsx", fork, note=True)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".lc-")]  # the parts' folder removed


@pytest.mark.parametrize("text", ["plain", "", "a_x0041_b", "_x12", "x\r\x01y\t\n", "\ufffe_x00FF_\uffff\x1f",
                                  "_X0041_ and _x004g_", "a & b < c > d \" e"])
def test_control_characters_are_escaped_as_xlsxwriter_escapes_them(text):
    from xlsxwriter.xmlwriter import XMLwriter

    assert book._escape_control(text) == XMLwriter._escape_control_characters(text)


def _matrix_workbook(tmp_path, name: str, *args: str) -> bytes:
    out = tmp_path / name
    r = Cli()("matrix", "east-asia-pacific", "--year", "2022", "--all-indicators", "--generated-at", WHEN,
              *args, "--xlsx", str(out))
    assert r.exit_code == 0, r.stderr
    return out.read_bytes()


def test_the_details_rows_written_by_a_child_process_are_the_same_bytes(tmp_path, monkeypatch):
    """The Details sheet's rows are written by a forked child (a large matrix) or in-process (a small
    one, LEGALCHECK_NO_FORK, or a child that failed): the same file every way."""
    from legalcheck.render.xlsx import matrix as xmatrix

    forks = []
    real = book._Rows._fork
    monkeypatch.setattr(book._Rows, "_fork", lambda self: forks.append(1) or real(self))
    monkeypatch.setattr(book, "FORK_ROWS", 10**9)
    serial = _matrix_workbook(tmp_path, "serial.xlsx")
    assert not forks
    monkeypatch.setattr(book, "FORK_ROWS", 0)
    forked = _matrix_workbook(tmp_path, "forked.xlsx")
    assert forks == ([1] if fork_wanted(1, 0) else [])
    assert forked == serial
    monkeypatch.setenv("LEGALCHECK_NO_FORK", "1")
    assert _matrix_workbook(tmp_path, "off.xlsx") == serial
    monkeypatch.delenv("LEGALCHECK_NO_FORK")

    # A child that needs a format its parent has not numbered gives up: the rows are written in-process.
    real_looks = xmatrix._details_looks
    monkeypatch.setattr(xmatrix, "_details_looks", lambda ws: real_looks(ws)[:3])
    missing = _matrix_workbook(tmp_path, "missing.xlsx")
    monkeypatch.setattr(book, "FORK_ROWS", 10**9)
    assert missing == _matrix_workbook(tmp_path, "missing-serial.xlsx")
    wb = load_workbook(tmp_path / "missing.xlsx")
    assert wb["Details"].max_row == load_workbook(tmp_path / "serial.xlsx")["Details"].max_row > 100


def test_the_diff_details_written_by_a_child_process_are_the_same_bytes(tmp_path, monkeypatch):
    """The regional diff's Details sheet likewise; its filter, worked out before its rows are written
    (from the number of facts and citations changed), covers exactly its rows."""
    monkeypatch.setattr(diff, "datetime", _Fixed)
    written = []
    for rows in (10**9, 0):
        monkeypatch.setattr(book, "FORK_ROWS", rows)
        out = tmp_path / f"{rows}.xlsx"
        r = Cli()("diff", "--region", "east-asia-pacific", "2020", "2024", "--xlsx", str(out))
        assert r.exit_code == 0, r.stderr
        written.append(out.read_bytes())
    assert written[0] == written[1]
    ws = load_workbook(out)["Details"]
    assert ws.max_row > 10
    assert ws.auto_filter.ref == f"A1:G{ws.max_row}"
    assert ws.cell(ws.max_row, 1).value and ws.cell(ws.max_row + 1, 1).value is None


def test_the_comments_parts_written_by_a_child_process_are_the_same_bytes(tmp_path, monkeypatch):
    """The matrix's comments (VML drawing and comments XML) are written by a forked child while the
    other parts are deflated (many comments), or in-process (few, LEGALCHECK_NO_FORK, or a child that
    failed): the same file every way, and no part or folder left behind."""
    import os

    monkeypatch.setattr(book, "FORK_ROWS", 10**9)
    monkeypatch.setattr(book, "FORK_NOTES", 10**9)
    serial = _matrix_workbook(tmp_path, "serial.xlsx")
    started = []
    real = book._Notes.start
    monkeypatch.setattr(book._Notes, "start", lambda self, spools: started.append(1) or real(self, spools))
    monkeypatch.setattr(book, "FORK_NOTES", 0)
    assert _matrix_workbook(tmp_path, "forked.xlsx") == serial
    assert started == ([1] if fork_wanted(1, 0) else [])
    monkeypatch.setattr(book, "FORK_ROWS", 0)  # both children
    assert _matrix_workbook(tmp_path, "both.xlsx") == serial

    parent = os.getpid()
    real_comments = book._Packager._comments

    def fails_in_the_child(path, ws):
        if os.getpid() != parent:
            raise OSError(5, "Input/output error")
        real_comments(path, ws)

    monkeypatch.setattr(book._Packager, "_comments", staticmethod(fails_in_the_child))
    assert _matrix_workbook(tmp_path, "failed.xlsx") == serial
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".lc-")) == []
    assert load_workbook(tmp_path / "failed.xlsx")["Matrix"]["E2"].comment is not None


@pytest.mark.skipif(not fork_wanted(1, 0), reason="fork is not used here")
def test_children_stopped_just_after_the_fork_leave_the_workbook_whole(tmp_path, monkeypatch, parents_handlers):
    """SIGTERM reaches each child (the rows', the comments', the reading's) before any code of its own
    has run. Were the parent's handler (``sys.exit``) run there, it would unwind the parent's stack in
    the child: ``Book.cleanup`` and ``output.remove_made`` would remove the folder the parent is still
    writing the workbook in. Each child ends instead, and what it was to do is done here: the same
    bytes, nothing left behind."""
    import os
    import signal

    from .conftest import fork_signalled

    monkeypatch.setattr(book, "FORK_ROWS", 10**9)
    monkeypatch.setattr(book, "FORK_NOTES", 10**9)
    serial = _matrix_workbook(tmp_path, "serial.xlsx")
    monkeypatch.setattr(book, "FORK_ROWS", 0)
    monkeypatch.setattr(book, "FORK_NOTES", 0)
    forks = []
    for name in ("_fork", "start"):
        part = book._Rows if name == "_fork" else book._Notes
        real = getattr(part, name)
        monkeypatch.setattr(part, name, lambda self, *a, real=real: forks.append(1) or real(self, *a))
    pids = fork_signalled(monkeypatch, to_child=signal.SIGTERM)
    parent = os.getpid()
    try:
        stopped = _matrix_workbook(tmp_path, "stopped.xlsx")
    finally:  # the parent's clean-up
        if os.getpid() != parent:  # pragma: no cover - what must never happen
            os._exit(7)
    assert len(forks) == 2 and len(pids) >= 2
    assert stopped == serial
    assert sorted(p.name for p in tmp_path.iterdir()) == ["serial.xlsx", "stopped.xlsx"]
