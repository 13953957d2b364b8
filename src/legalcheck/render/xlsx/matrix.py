"""The regional matrix as an Excel workbook: Matrix, Details, Summary (with a chart), About.

Written with XlsxWriter in constant-memory mode (``book.py``): each row is streamed to disk as the
next one starts, so a matrix of 2,000 countries needs little more memory than one of 200, and takes
a fraction of openpyxl's time. Every text cell goes through ``Sheet.put``, ``cell`` or ``row``
(text stays text, never a formula; characters XML forbids removed) and every rating cell carries
its word as well as its colour. The file is deterministic apart from the generation time: document properties and zip
entry times are set to it.
Imports XlsxWriter: only the Excel code path may import this module.
"""

from __future__ import annotations


from datetime import datetime, timezone
from pathlib import Path

from ... import __version__
from ...matrix import NO_PROFILE, Matrix, MatrixCell, MatrixRow
from ...model import RATINGS
from ..text import CARRIED_MARK, badge, carried_mark, citation_line, label, matrix_years_text, score_note, source_record
from .book import Book, Sheet
from .colours import CHART_COLOURS
from .plain import row_height

NO_PROFILE_LABEL = "No profile"
CAUTION = ("Laws may have changed since the as-of dates. Each rating describes the law as recorded in the "
           "profile, on the profile's as-of date; check the cited provisions before relying on it.")
_COMMENT_LIMIT = 1500
_CENTER = {"align": "center", "valign": "vcenter"}


def _header(ws: Sheet, row: int, titles: list[str], fills: dict[int, str] | None = None) -> None:
    """Bold titles, wrapped, at the bottom of the row; the first left-aligned, the others centred.
    ``fills``: {column: rating} colours some of them."""
    fills = fills or {}
    ws.header(row, titles[:1], wrap=True, valign="bottom", align="left")
    for col, title in enumerate(titles[1:], start=2):
        ws.put(row, col, title, bold=True, wrap=True, valign="bottom", align="center", fill=fills.get(col))


def _profile_text(row: MatrixRow, year: int | None) -> str | int:
    if row.year is None:
        return NO_PROFILE_LABEL
    draft = " (draft)" if row.status == "draft" else ""
    if row.carried_forward:
        return f"{row.year} (carried forward to {year}){draft}"
    return f"{row.year}{draft}" if draft else row.year


def _cell_comment(cell: MatrixCell, row_year: int | None = None) -> str:
    text = f"{label(cell.rating)} ({cell.basis})"
    if cell.from_year is not None and cell.from_year != row_year:
        text += f", as of {cell.from_year} (the {cell.from_year} profile)"
    if cell.criterion:
        text += f", rule {cell.criterion}"
    text += f"\n{cell.reason}"
    if cell.carry_note:
        text += f"\n{cell.carry_note}"
    if cell.disagreement:
        text += f"\n⚠ {cell.disagreement}"
    if cell.missing_facts:
        text += f"\nMissing facts: {', '.join(cell.missing_facts)}"
    for c in cell.citations:
        text += "\n• " + citation_line(c)
    if len(text) > _COMMENT_LIMIT:
        text = text[: _COMMENT_LIMIT - 40] + "… (see the Details sheet)"
    return text


def _sources_text(row: MatrixRow, cell: MatrixCell) -> str:
    cited = {c.source for c in cell.citations}
    lines = []
    for s in row.sources:
        if s.id in cited:
            lines.append(f"[{s.id}] {source_record(s)}")
    return "\n".join(lines)


def _matrix_sheet(ws: Sheet, m: Matrix) -> None:
    fixed = ["Country", "ISO3", "Profile year", "Law as of"]
    counts = [label(r) for r in RATINGS]  # every rating, No data included: they sum to the indicators
    n = len(m.indicators)
    first_ind = len(fixed) + 1
    score_col = first_ind + n
    ws.height(1, 75)
    _header(ws, 1, fixed + [i.title for i in m.indicators] + ["Score (0-100)"] + [f"{c} (count)" for c in counts])
    for j, ind in enumerate(m.indicators):
        ws.comment(1, first_ind + j, f"{ind.id} · rubric {ind.rubric_basis}")
    for i, row in enumerate(m.rows, start=2):
        withheld = row.summary is not None and row.summary.score is None
        score_text = row.summary.coverage_text() if withheld else None  # type: ignore[union-attr]
        ws.height(i, row_height([(10, score_text)]))
        ws.put(i, 1, row.name, bold=True)
        ws.put(i, 2, row.iso3)
        year_fill = None if row.year is not None and not row.carried_forward else "no_data" if row.year is None else "partial"
        ws.put(i, 3, _profile_text(row, m.year), fill=year_fill, **_CENTER)
        ws.put(i, 4, row.as_of, **_CENTER)
        details = 2 + (i - 2) * n  # this country's first row on the Details sheet
        cells = {c.indicator: c for c in row.cells}
        for j, ind in enumerate(m.indicators):
            c = cells.get(ind.id)
            if c is None:
                text, rating = NO_PROFILE_LABEL, "no_data"
            else:
                text = (badge(c.rating) + (" (reported)" if c.basis == "reported" else "")
                        + carried_mark(c.from_year, row.year) + (" ⚠" if c.disagreement else ""))
                rating = c.rating
            ws.link(i, first_ind + j, text, f"'Details'!A{details + j}", "Evidence on the Details sheet",
                    fill=rating, wrap=True, **_CENTER)
            if c is not None:
                ws.comment_later(i, first_ind + j, _cell_comment, c, row.year, width=420, height=260)
        if row.summary is not None:
            if not withheld:
                ws.put(i, score_col, row.summary.score, number="0.0", **_CENTER)
            else:  # withheld: say what it would rest on, never a number that looks like a finding
                ws.put(i, score_col, score_text, wrap=True, **_CENTER)
                ws.comment(i, score_col, f"No score: {row.summary.score_withheld}.")
            for k, rating in enumerate(RATINGS, start=1):
                ws.put(i, score_col + k, row.summary.counts[rating], **_CENTER)
    last_row = len(m.rows) + 1
    last_col = score_col + len(counts)
    ws.filter(1, last_row, last_col)
    # Totals per indicator, below the filtered range.
    r = last_row + 2
    ws.put(r, 1, "Totals per indicator", bold=True)
    for rating in m.total_ratings():
        r += 1
        ws.put(r, 1, badge(rating), bold=True, fill=rating)
        for j, t in enumerate(m.totals):
            ws.put(r, first_ind + j, t.counts[rating], **_CENTER)
    if any(t.no_profile for t in m.totals):
        r += 1
        ws.put(r, 1, NO_PROFILE_LABEL, bold=True, fill="no_data")
        for j, t in enumerate(m.totals):
            ws.put(r, first_ind + j, t.no_profile, **_CENTER)
    r += 2
    notes = ["Each rating cell links to its evidence on the Details sheet; hover for the reason and citations.",
             "'(reported)': a source's own rating, used where the recorded facts do not settle it.",
             f"{CARRIED_MARK}: the rating comes from an earlier profile of the country, as its later profile does "
             "not assess the indicator; the cell's note gives the year ('as of 2022').",
             score_note(m)]
    years = matrix_years_text(m)
    if years:
        notes.append(years)
    if m.indicator_choice:
        notes.append(f"Shown: {m.indicator_choice}.")
    notes += list(m.notes) + [CAUTION]
    for note in notes:
        ws.put(r, 1, note)
        r += 1
    ws.widths({1: 22, 2: 7, 3: 13, 4: 12} | {first_ind + j: 24 for j in range(n)}
              | {score_col: 10} | {score_col + k: 10 for k in range(1, len(counts) + 1)})
    ws.print_setup(f"{m.title}: legal checklist matrix", header_row=1, first_columns=1)


DETAIL_HEADERS = ["Country", "ISO3", "Profile year", "Law as of", "Indicator", "Indicator title", "Rating", "Basis",
                  "Deciding criterion (rule)", "Reason", "Citations", "Sources", "Missing facts", "Disagreement",
                  "Rating from profile", "Earlier profiles"]
_DETAIL_WIDTHS = {1: 18, 2: 6, 3: 12, 4: 11, 5: 28, 6: 30, 7: 15, 8: 9, 9: 22, 10: 50, 11: 45, 12: 45, 13: 24, 14: 30,
                  15: 10, 16: 40}
_DETAIL_WRAPPED = (6, 10, 11, 12, 13, 14, 16)  # the columns whose text sets a row's height


def _details_sheet(ws: Sheet, m: Matrix) -> None:
    """One row per country and indicator, in the matrix's order (the Matrix sheet links to them)."""
    _details_rows(ws, m)
    _details_setup(ws, m)


def _details_looks(ws: Sheet) -> list[tuple]:
    """Every look of the Details sheet's cells: its titles', the wrapped text's, each rating's."""
    return [ws.look(bold=True, wrap=True, valign="bottom", align="left"),
            ws.look(bold=True, wrap=True, valign="bottom", align="center", fill=None),
            ws.look(wrap=True)] + [ws.look(wrap=True, fill=rating) for rating in RATINGS]


def _details_rows(ws: Sheet, m: Matrix) -> None:
    """The Details sheet's rows (``_details_looks`` gives every look they use)."""
    _header(ws, 1, DETAIL_HEADERS)
    # top-aligned, so a row reads across from its first line; the rating's colour in column 7
    wrapped = ws.look(wrap=True)
    rated = {rating: ws.look(wrap=True, fill=rating) for rating in RATINGS}
    r = 1
    for row in m.rows:
        profile_text = _profile_text(row, m.year)
        cells = {c.indicator: c for c in row.cells}
        for ind in m.indicators:
            r += 1
            c = cells.get(ind.id)
            values = [row.name, row.iso3, profile_text, row.as_of, ind.id, ind.title]
            if c is None:
                values += [NO_PROFILE_LABEL, None, None, "No profile for this country" +
                           (f" for {m.year} or earlier." if m.year is not None else ".")]
            else:
                values += [badge(c.rating), c.basis, c.criterion, c.reason,
                           "\n".join(citation_line(x) for x in c.citations), _sources_text(row, c),
                           ", ".join(c.missing_facts), c.disagreement, c.from_year, c.carry_note]
            ws.height(r, row_height((_DETAIL_WIDTHS[k], values[k - 1]) for k in _DETAIL_WRAPPED if k <= len(values)))
            looks = [wrapped] * len(values)
            looks[6] = rated[c.rating if c else "no_data"]
            ws.row(r, values, looks)


def _details_setup(ws: Sheet, m: Matrix) -> None:
    """The Details sheet's filter, widths and print setup (its rows need not be written yet)."""
    ws.filter(1, 1 + len(m.rows) * len(m.indicators), len(DETAIL_HEADERS))
    ws.widths(_DETAIL_WIDTHS)
    ws.print_setup(f"{m.title}: evidence for each rating", header_row=1, first_columns=2)


def _summary_sheet(book: Book, ws: Sheet, m: Matrix) -> None:
    ws.put(1, 1, f"{m.title}: ratings per indicator", bold=True)
    ratings = list(RATINGS) + [NO_PROFILE]
    _header(ws, 3, ["Indicator", "Short"] + [label(r) if r in RATINGS else NO_PROFILE_LABEL for r in ratings],
            fills={k: rating if rating in RATINGS else "no_data" for k, rating in enumerate(ratings, start=3)})
    for i, (ind, t) in enumerate(zip(m.indicators, m.totals), start=4):
        ws.height(i, row_height([(42, ind.title)]))
        ws.put(i, 1, ind.title, wrap=True)
        ws.put(i, 2, ind.short)
        for k, rating in enumerate(ratings, start=3):
            ws.put(i, k, t.counts[rating] if rating in RATINGS else t.no_profile)
    last = 3 + len(m.indicators)
    chart = book.wb.add_chart({"type": "bar", "subtype": "stacked"})
    name = ws.ws.name
    for k, rating in enumerate(ratings, start=2):  # 0-based columns
        chart.add_series({
            "name": [name, 2, k],
            "categories": [name, 3, 1, last - 1, 1],
            "values": [name, 3, k, last - 1, k],
            "fill": {"color": "#" + CHART_COLOURS.get(rating, "FFFFFF")},
            "border": {"color": "#808080"},
            "overlap": 100,
        })
    chart.set_title({"name": "Countries per rating, by indicator"})
    chart.set_x_axis({"name": "Countries"})  # in a bar chart, x is the value axis (across)
    chart.set_y_axis({"reverse": True})  # checklist order, top to bottom
    cm = 96 / 2.54  # pixels per centimetre
    chart.set_size({"width": round(20 * cm), "height": round(max(7.5, 1.2 * len(m.indicators) + 3) * cm)})
    ws.ws.insert_chart("J3", chart)
    r = last + 2
    ws.put(r, 1, "Findings", bold=True)
    s = m.overview()
    for text in [s.coverage] + [f"{f.title}: {f.text}" for f in s.findings]:
        r += 1
        ws.height(r, row_height([(100, text)]))
        ws.merge(r, 1, 9, text, wrap=True)
    ws.widths({1: 42, 2: 14} | {k: 10 for k in range(3, 3 + len(ratings))})
    ws.print_setup(f"{m.title}: ratings per indicator", header_row=3, first_columns=1, fit_width=True)


def _about_sheet(ws: Sheet, m: Matrix, generated_at: datetime) -> None:
    rows: list[tuple[str, object]] = [
        ("Title", f"{m.title}: legal checklist matrix"),
        ("Region", m.region or "(countries listed on the command line)"),
        ("Year", m.year if m.year is not None else "each country's latest profile"),
        ("Checklist", m.checklist_title),
        ("Checklist version", m.checklist_version),
        ("Generated by", f"legalcheck {__version__}"),
        ("Generated at", generated_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("Caution", CAUTION),
    ]
    rows += [("Note", n) for n in m.notes]
    r = 0
    for key, value in rows:
        r += 1
        ws.height(r, row_height([(150, value)]))
        ws.put(r, 1, key, bold=True)
        ws.merge(r, 2, 6, value, wrap=True)  # room for long values
    r += 2
    _header(ws, r, ["Data as of", "Country", "Profile year", "Law as of", "Status", "Profile file (in the data folder)"])
    for row in m.rows:
        r += 1
        # The file within the data folder, whichever folder the command ran from (reproducible).
        where = f"countries/{row.slug}/{Path(row.profile).name}" if row.profile else None
        for col, v in enumerate([None, row.name, _profile_text(row, m.year), row.as_of, row.status, where], start=1):
            ws.put(r, col, v)
    r += 2
    _header(ws, r, ["Indicators", "Id", "Title", "Checklist point", "Rubric basis", "Basis of the rubric"])
    for ind in m.indicators:
        r += 1
        ws.height(r, row_height([(40, ind.title), (70, ind.basis_note)]))
        for col, v in enumerate([None, ind.id, ind.title, ind.point, ind.rubric_basis, ind.basis_note], start=1):
            ws.put(r, col, v, wrap=True)
    r += 2
    ws.put(r, 1, "Rubric basis", bold=True)
    ws.put(r, 2, "published: ECPAT published the Yes/Partial/No criteria. derived: worked out by the legalcheck "
                 "project from the checklist point and ECPAT's practice (the indicator file says from what).", wrap=True)
    ws.widths({1: 18, 2: 28, 3: 40, 4: 14, 5: 12, 6: 70})
    ws.print_setup("About this workbook", header_row=0, first_columns=0, fit_width=True)


def write_workbook(m: Matrix, path: Path, generated_at: datetime | None = None) -> None:
    """Write the workbook to ``path`` (``output.write_atomic`` hands in a temporary file).
    ``generated_at`` (default: now) is the time written in it, for reproducible files."""
    if generated_at is None:
        generated_at = datetime.now(timezone.utc).replace(microsecond=0)
    with Book(path, f"{m.title}: legal checklist matrix", generated_at) as book:
        matrix, details = book.sheet("Matrix"), book.sheet("Details")
        # the Details sheet's ~46,000 cells (200 countries) are written on the second core meanwhile
        book.elsewhere(details, lambda ws: _details_rows(ws, m), _details_looks(details),
                       len(m.rows) * len(m.indicators))
        _matrix_sheet(matrix, m)
        _details_setup(details, m)
        _summary_sheet(book, book.sheet("Summary"), m)
        _about_sheet(book.sheet("About"), m, generated_at)
        book.close()
