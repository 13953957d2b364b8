"""The streamed workbooks' own row writer (render/xlsx/book.py, ``_Streamed``) writes the very bytes
XlsxWriter's row writer writes, on bundled data and on hostile text (formula starts, characters XML
forbids or Excel escapes, surrounding spaces); and, unlike XlsxWriter's, never takes a text for
markup."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest
from openpyxl import load_workbook

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

    monkeypatch.setattr(xmatrix, "_details_sheet", fail)
    r = cli("matrix", "saievac", "--xlsx", str(out_dir / "n.xlsx"))
    assert r.exit_code != 0
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
