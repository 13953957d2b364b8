"""The Excel workbook of `legalcheck diff --xlsx`: Changes (arrows and colours), Details, Countries,
and for a region Counts. Every indicator of every compared country is a row of Changes, so the
sheet can be filtered; countries without a profile in a year get one row saying so.

Streamed with XlsxWriter (``book.py``), like the matrix workbook: rows are not held in memory
however many countries are compared. Imports XlsxWriter: only import this module on the Excel path.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ...diff import DIRECTIONS, CountryDiff, RegionDiff
from ...model import RATINGS
from ..text import (as_of, badge, change_badge, change_lines, citation_line, fact_change_word, fact_side, label,
                    rating_word, value_words)
from .book import Book, Sheet
from .colours import DIRECTION_FILLS
from .plain import row_height

# Column widths (characters). A row is as tall as its longest wrapped cell needs: Excel does not size
# the rows of a written file itself, and a fact's values where sources disagree, each with its source
# ('15 [a, s. 2] or 16 [b, Rape]'), and the changes listed are longer than a column.
_CHANGES_WIDTHS = [18, 40, 26, 16, 22, 16, 60, 60]
_CHANGES_WRAPPED = (7, 8)  # What changed, Why
_DETAIL_WIDTHS = [18, 26, 24, 24, 24, 24, 80]
_DETAIL_WRAPPED = (3, 5, 6, 7)  # What, the two values, Citation


def _table(ws: Sheet, title: str, header_row: int, columns: int, last_row: int, first_columns: int = 1,
           fit_width: bool = False) -> None:
    """A filter on the table, and the print setup (A3 landscape, titles repeated, first columns frozen)."""
    ws.filter(header_row, last_row, columns)
    ws.print_setup(title, header_row=header_row, first_columns=first_columns, fit_width=fit_width)


def _no_profile_rows(ws: Sheet, row: int, region: RegionDiff | None, col: int) -> int:
    """One row per country of ``region`` without a profile in a year: its name, and why in ``col``.
    Returns the next free row."""
    for c in region.countries if region else ():
        if c.diff is None:
            ws.put(row, 1, c.name)
            ws.put(row, col, c.message)
            row += 1
    return row


def write_country_diff(d: CountryDiff, path: Path) -> None:
    """One country's changes as a workbook (Changes, Details, Countries)."""
    write_diff_workbook(path, [d])


def write_region_diff(r: RegionDiff, path: Path) -> None:
    """A region's changes as a workbook (Changes, Details, Countries, Counts)."""
    write_diff_workbook(path, [c.diff for c in r.countries if c.diff is not None], r)


def write_diff_workbook(path: Path, diffs: list[CountryDiff], region: RegionDiff | None = None) -> None:
    """Write the workbook to ``path`` (called by output.write_atomic with a temporary path)."""
    first = region or diffs[0]
    title = (region.region or "Selected countries") if region else diffs[0].country.name
    heading = f"{title}: changes {first.from_year} → {first.to_year}"
    with Book(path, heading, datetime.now(timezone.utc).replace(microsecond=0)) as book:  # made now, as the file says
        _fill(book, heading, first, diffs, region)
        book.close()


def _fill(book: Book, heading: str, first: CountryDiff | RegionDiff, diffs: list[CountryDiff],
          region: RegionDiff | None) -> None:
    fy, ty = first.from_year, first.to_year
    ws, details = book.sheet("Changes"), book.sheet("Details")
    # the Details sheet (one row per fact or citation changed: ~20,000 for 200 countries) is written
    # on the second core meanwhile
    detail_rows = sum(_detail_count(x) for d in diffs for x in d.indicators)
    book.elsewhere(details, lambda sheet: _details_rows(sheet, diffs, fy, ty),
                   [details.look(bold=True), details.look(wrap=True)], detail_rows)
    ws.put(1, 1, heading, bold=True)
    ws.put(2, 1, first.note)
    ws.header(4, ["Country", "Indicator", "Indicator id", str(fy), "Change", str(ty), "What changed", "Why"])
    row = 5
    # top-aligned, so a row reads across from its first line
    plain, wrapped = ws.look(valign="top"), ws.look(wrap=True)
    for d in diffs:
        for x in d.indicators:
            values = [d.country.name, x.title, x.indicator,
                      badge(x.old_rating) + as_of(x.old_from_year, d.from_year), change_badge(x.direction),
                      badge(x.new_rating) + as_of(x.new_from_year, d.to_year), "\n".join(change_lines(x)), x.why]
            if x.changed:  # an unchanged row ('Not assessed in both years.') keeps the default height
                ws.height(row, row_height((_CHANGES_WIDTHS[k - 1], values[k - 1]) for k in _CHANGES_WRAPPED))
            ws.row(row, values,
                   [plain, plain, plain, ws.look(fill=x.old_rating, valign="top"),
                    ws.look(colour=DIRECTION_FILLS[x.direction], valign="top"), ws.look(fill=x.new_rating, valign="top"),
                    wrapped, wrapped])
            row += 1
    row = _no_profile_rows(ws, row, region, 5)
    ws.widths(_CHANGES_WIDTHS)
    _table(ws, heading, 4, 8, row - 1, first_columns=2)

    details.widths(_DETAIL_WIDTHS)
    _table(details, f"{heading}: the facts and citations that changed", 1, 7, 1 + detail_rows, first_columns=2)

    ws = book.sheet("Countries")
    names = ["Country", "Compared", f"Law as of {fy}", f"Law as of {ty}", f"Status {fy}", f"Status {ty}",
             f"Score {fy}", f"Score {ty}", "Score change"] + [change_badge(k) for k in DIRECTIONS]
    ws.header(1, names)
    row = 2
    plain = ws.look()
    for d in diffs:
        # a withheld score says what it would rest on ('–, 1 of 14 rated'), never an empty cell
        scores = [s.score if s.score is not None else s.coverage_text() for s in (d.old_summary, d.new_summary)]
        values = [d.country.name, "yes", d.from_as_of, d.to_as_of, d.from_status, d.to_status,
                  *scores, d.score_change] + [d.directions[k] for k in DIRECTIONS]
        ws.row(row, values, [plain] * len(values))
        row += 1
    row = _no_profile_rows(ws, row, region, 2)
    ws.widths([18, 22] + [14] * (len(names) - 2))
    _table(ws, f"{heading}: per country", 1, len(names), row - 1)

    if region is not None:
        ws = book.sheet("Counts")
        names = ["Indicator", "Indicator id"]
        for r in RATINGS:
            names += [f"{label(r)} {fy}", f"{label(r)} {ty}"]
        names += [f"No profile {fy}", f"No profile {ty}"] + [change_badge(k) for k in DIRECTIONS]
        ws.header(1, names)
        for row, ic in enumerate(region.indicators, 2):
            values: list = [ic.title, ic.indicator]
            for r in RATINGS:
                values += [ic.old_counts[r], ic.new_counts[r]]
            values += [ic.old_no_profile, ic.new_no_profile] + [ic.directions[k] for k in DIRECTIONS]
            for col, v in enumerate(values, 1):
                ws.put(row, col, v)
        ws.widths([40, 26] + [12] * (len(names) - 2))
        _table(ws, f"{heading}: ratings per indicator", 1, len(names), len(region.indicators) + 1)


def _detail_items(x) -> list[tuple]:
    """The Details sheet's rows for one indicator's change: what, fact, old value, new value, citation."""
    items = [(fact_change_word(f), f.fact, fact_side(f.old_value, f.old_citation, f.old_other_readings),
              fact_side(f.new_value, f.new_citation, f.new_other_readings), _fact_citations(f))
             for f in x.fact_changes]
    if x.old_reported != x.new_reported:
        items.append(("reported rating changed", "", rating_word(x.old_reported), rating_word(x.new_reported), ""))
    if x.old_excluded != x.new_excluded:
        items.append(("ratings ruled out changed", "", ", ".join(map(rating_word, x.old_excluded)) or "nothing",
                      ", ".join(map(rating_word, x.new_excluded)) or "nothing", ""))
    items += [("citation added", c.fact or "", "", "", citation_line(c)) for c in x.citations_added]
    items += [("citation removed", c.fact or "", "", "", citation_line(c)) for c in x.citations_removed]
    return items


def _fact_citations(f) -> str:
    """The Citation cell of a fact change: the citation of the value shown (the new one, else the
    old). Where sources disagree, each value with its citation, one a line ('16 (age: Penal Code
    [lann-pya-women, Rape])'); for a change of other sources' readings, the readings that came (+)
    and went (−), so the row cites the source whose reading changed, not the value that stayed."""
    def pairs(value, citation, readings):
        return [(value, citation)] * (citation is not None) + [(r.value, r.citation) for r in readings]

    old = pairs(f.old_value, f.old_citation, f.old_other_readings)
    new = pairs(f.new_value, f.new_citation, f.new_other_readings)
    if f.change == "readings_changed":
        lines = [f"+ {value_words(v, 'plain')} ({citation_line(c)})" for v, c in new if (v, c) not in old]
        lines += [f"− {value_words(v, 'plain')} ({citation_line(c)})" for v, c in old if (v, c) not in new]
        return "\n".join(lines)
    shown = new if f.new_citation is not None else old
    if len(shown) > 1:
        return "\n".join(f"{value_words(v, 'plain')} ({citation_line(c)})" for v, c in shown)
    return citation_line(shown[0][1]) if shown else ""


def _detail_count(x) -> int:
    """``len(_detail_items(x))``, without making them."""
    return (len(x.fact_changes) + (x.old_reported != x.new_reported) + (x.old_excluded != x.new_excluded)
            + len(x.citations_added) + len(x.citations_removed))


def _details_rows(ws: Sheet, diffs: list[CountryDiff], fy: int, ty: int) -> None:
    """The Details sheet's rows: the facts and citations that changed, one per row."""
    ws.header(1, ["Country", "Indicator id", "What", "Fact", f"Value {fy}", f"Value {ty}", "Citation"])
    row = 2
    looks = [ws.look(wrap=True)] * 7  # top-aligned, so a row reads across from its first line
    for d in diffs:
        for x in d.indicators:
            for item in _detail_items(x):
                values = [d.country.name, x.indicator, *item]
                ws.height(row, row_height((_DETAIL_WIDTHS[k - 1], values[k - 1]) for k in _DETAIL_WRAPPED))
                ws.row(row, values, looks)
                row += 1
