"""Workbooks print and read as a user expects (issue 15): A3 landscape, wide sheets across pages
with repeated titles and frozen first columns; the diff workbook filterable, titled, by countries'
names and made by legalcheck."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from legalcheck import __version__

from .conftest import Cli

WHEN = "2026-11-26T10:00:00Z"


@pytest.fixture(scope="module")
def matrix_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "m.xlsx"
    assert Cli()("matrix", "consultation-2022", "--xlsx", str(path), "--generated-at", WHEN).exit_code == 0
    return load_workbook(path)


@pytest.fixture(scope="module")
def diff_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "d.xlsx"
    r = Cli()("diff", "--region", "saievac", "2020", "2022", "--xlsx", str(path))
    assert r.exit_code == 0, r.stderr
    return load_workbook(path)


def _a3_landscape(ws) -> None:
    assert int(ws.page_setup.paperSize) == 8  # A3, ws.title
    assert ws.page_setup.orientation == "landscape", ws.title
    assert ws.oddFooter.center.text == "Page &P of &N"


@pytest.mark.parametrize("sheet, titles, columns, frozen", [
    ("Matrix", "1:1", "A:A", "B2"), ("Details", "1:1", "A:B", "C2"), ("Summary", "1:3", "A:A", "B4")])
def test_matrix_sheets_print_on_a3_with_repeated_titles(matrix_book, sheet, titles, columns, frozen):
    ws = matrix_book[sheet]
    _a3_landscape(ws)
    got = (ws.print_title_rows.replace("$", ""), ws.print_title_cols.replace("$", ""), ws.freeze_panes)
    assert got == (titles, columns, frozen)
    wide = sheet in ("Matrix", "Details")  # too wide for a page: across pages at full size, not shrunk
    assert bool(ws.sheet_properties.pageSetUpPr.fitToPage) is not wide


def test_diff_workbook_is_filtered_titled_and_named(diff_book):
    wb = diff_book
    assert wb.properties.creator == f"legalcheck {__version__}"
    assert wb.properties.title == "SAIEVAC (South Asia): changes 2020 → 2022"
    changes = wb["Changes"]
    assert changes["A1"].value == "SAIEVAC (South Asia): changes 2020 → 2022"
    assert changes.auto_filter.ref.startswith("A4:H") and changes.freeze_panes == "C5"
    countries = {changes.cell(row=r, column=1).value for r in range(5, changes.max_row + 1)}
    assert {"Afghanistan", "Bhutan", "Pakistan", "Nepal"} <= countries
    assert not any(c and c == c.lower() for c in countries)  # names, never slugs
    for ws in wb.worksheets:
        _a3_landscape(ws)
        assert ws.auto_filter.ref, ws.title
        assert ws.print_title_rows, ws.title


def test_a_page_header_fits_excels_limit():
    """Excel allows 255 characters in a page header ('&C' included); XlsxWriter drops a longer one,
    so a long title is cut, and an '&' of the title never ends up as half of a code."""
    from legalcheck.render.xlsx.plain import header_text

    assert header_text("SAIEVAC & friends") == "SAIEVAC && friends"
    long = header_text("Region & " * 60)
    assert len(long) <= 253 and long.endswith("…") and not long[:-1].endswith("&") and "&&" in long
