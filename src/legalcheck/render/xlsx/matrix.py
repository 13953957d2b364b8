"""The regional matrix as an Excel workbook: Matrix, Details, Summary (with a chart), About.

Every text cell goes through ``xlsxsafe.put`` (text stays text, never a formula; control characters
removed) and every rating cell carries its word as well as its colour. The file is deterministic
apart from the generation time: document properties and zip entry times are set to it.
Imports openpyxl: only the Excel code path may import this module.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ... import __version__
from ...matrix import NO_PROFILE, Matrix, MatrixCell, MatrixRow
from ...model import RATINGS
from ..text import CARRIED_MARK, badge, carried_mark, citation_line, label, matrix_years_text, score_note, source_record
from .colours import CHART_COLOURS
from .layout import print_setup, wrapped_lines
from .safe import clean, fill, put, rating_fill, set_style

NO_PROFILE_LABEL = "No profile"
CAUTION = ("Laws may have changed since the as-of dates. Each rating describes the law as recorded in the "
           "profile, on the profile's as-of date; check the cited provisions before relying on it.")
_HEAD_FONT = Font(bold=True)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center")
_CENTER_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)  # "◔ Partial or No (reported) · as of 2022"
_COMMENT_LIMIT = 1500


def _widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w


def _fit_height(ws: Worksheet, row: int, widths: dict[int, float]) -> None:
    """Give a row of wrapped text the height its longest cell needs (Excel does not do it for files)."""
    lines = 1
    for col, width in widths.items():
        value = ws.cell(row=row, column=col).value
        if isinstance(value, str):
            lines = max(lines, wrapped_lines(value, width))
    ws.row_dimensions[row].height = min(15 * lines, 409)


def _header(ws: Worksheet, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = put(ws, row, col, title, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="left" if col == 1 else "center")


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
    return clean(text)


def _sources_text(row: MatrixRow, cell: MatrixCell) -> str:
    cited = {c.source for c in cell.citations}
    lines = []
    for s in row.sources:
        if s.id in cited:
            lines.append(f"[{s.id}] {source_record(s)}")
    return "\n".join(lines)


def _matrix_sheet(ws: Worksheet, m: Matrix, detail_rows: dict[tuple[str, str], int]) -> None:
    ws.title = "Matrix"
    fixed = ["Country", "ISO3", "Profile year", "Law as of"]
    counts = [label(r) for r in RATINGS]  # every rating, No data included: they sum to the indicators
    first_ind = len(fixed) + 1
    score_col = first_ind + len(m.indicators)
    _header(ws, 1, fixed + [i.title for i in m.indicators] + ["Score (0-100)"] + [f"{c} (count)" for c in counts])
    for j, ind in enumerate(m.indicators):
        ws.cell(row=1, column=first_ind + j).comment = Comment(clean(f"{ind.id} · rubric {ind.rubric_basis}"), "legalcheck")
    ws.row_dimensions[1].height = 75
    for i, row in enumerate(m.rows, start=2):
        put(ws, i, 1, row.name, bold=True)
        put(ws, i, 2, row.iso3)
        year_cell = put(ws, i, 3, _profile_text(row, m.year))
        set_style(year_cell, "alignment", _CENTER)
        if row.year is None or row.carried_forward:
            fill(year_cell, "no_data" if row.year is None else "partial")
        set_style(put(ws, i, 4, row.as_of), "alignment", _CENTER)
        for j, ind in enumerate(m.indicators):
            c = row.cell(ind.id)
            target = ws.cell(row=i, column=first_ind + j)
            if c is None:
                put(ws, i, first_ind + j, NO_PROFILE_LABEL)
                fill(target, "no_data")
            else:
                put(ws, i, first_ind + j, badge(c.rating) + (" (reported)" if c.basis == "reported" else "")
                    + carried_mark(c.from_year, row.year) + (" ⚠" if c.disagreement else ""))
                fill(target, c.rating)
                target.comment = Comment(_cell_comment(c, row.year), "legalcheck", width=420, height=260)
            target.hyperlink = Hyperlink(ref=target.coordinate, location=f"'Details'!A{detail_rows[(row.slug, ind.id)]}",
                                         tooltip="Evidence on the Details sheet")
            set_style(target, "alignment", _CENTER_WRAP)
        if row.summary is not None:
            if row.summary.score is not None:
                score = put(ws, i, score_col, row.summary.score)
                score.number_format = "0.0"
                set_style(score, "alignment", _CENTER)
            else:  # withheld: say what it would rest on, never a number that looks like a finding
                score = put(ws, i, score_col, row.summary.coverage_text())
                set_style(score, "alignment", _CENTER_WRAP)
                score.comment = Comment(clean(f"No score: {row.summary.score_withheld}."), "legalcheck")
            for k, rating in enumerate(RATINGS, start=1):
                set_style(put(ws, i, score_col + k, row.summary.counts[rating]), "alignment", _CENTER)
        _fit_height(ws, i, {score_col: 10})
    last_row = len(m.rows) + 1
    last_col = score_col + len(counts)
    ws.auto_filter.ref = f"A1:{get_column_letter(last_col)}{last_row}"
    # Totals per indicator, below the filtered range.
    r = last_row + 2
    put(ws, r, 1, "Totals per indicator", bold=True)
    for rating in m.total_ratings():
        r += 1
        put(ws, r, 1, badge(rating), bold=True).fill = rating_fill(rating)
        for j, t in enumerate(m.totals):
            put(ws, r, first_ind + j, t.counts[rating]).alignment = _CENTER
    if any(t.no_profile for t in m.totals):
        r += 1
        put(ws, r, 1, NO_PROFILE_LABEL, bold=True).fill = rating_fill("no_data")
        for j, t in enumerate(m.totals):
            put(ws, r, first_ind + j, t.no_profile).alignment = _CENTER
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
        put(ws, r, 1, note)
        r += 1
    _widths(ws, {1: 22, 2: 7, 3: 13, 4: 12} | {first_ind + j: 24 for j in range(len(m.indicators))}
            | {score_col: 10} | {score_col + k: 10 for k in range(1, len(counts) + 1)})
    print_setup(ws, f"{m.title}: legal checklist matrix", header_row=1, first_columns=1)


DETAIL_HEADERS = ["Country", "ISO3", "Profile year", "Law as of", "Indicator", "Indicator title", "Rating", "Basis",
                  "Deciding criterion (rule)", "Reason", "Citations", "Sources", "Missing facts", "Disagreement",
                  "Rating from profile", "Earlier profiles"]


def _details_sheet(ws: Worksheet, m: Matrix) -> dict[tuple[str, str], int]:
    _header(ws, 1, DETAIL_HEADERS)
    where: dict[tuple[str, str], int] = {}
    r = 1
    for row in m.rows:
        for ind in m.indicators:
            r += 1
            where[(row.slug, ind.id)] = r
            c = row.cell(ind.id)
            values = [row.name, row.iso3, _profile_text(row, m.year), row.as_of, ind.id, ind.title]
            if c is None:
                values += [NO_PROFILE_LABEL, None, None, "No profile for this country" +
                           (f" for {m.year} or earlier." if m.year is not None else ".")]
            else:
                values += [badge(c.rating), c.basis, c.criterion, c.reason,
                           "\n".join(citation_line(x) for x in c.citations), _sources_text(row, c),
                           ", ".join(c.missing_facts), c.disagreement, c.from_year, c.carry_note]
            for col, v in enumerate(values, start=1):
                put(ws, r, col, v, wrap=True)  # top-aligned, so a row reads across from its first line
            fill(ws.cell(row=r, column=7), c.rating if c else "no_data")
            _fit_height(ws, r, {6: 30, 10: 50, 11: 45, 12: 45, 13: 24, 14: 30, 16: 40})
    ws.auto_filter.ref = f"A1:{get_column_letter(len(DETAIL_HEADERS))}{max(r, 2)}"
    _widths(ws, {1: 18, 2: 6, 3: 12, 4: 11, 5: 28, 6: 30, 7: 15, 8: 9, 9: 22, 10: 50, 11: 45, 12: 45, 13: 24, 14: 30,
                 15: 10, 16: 40})
    print_setup(ws, f"{m.title}: evidence for each rating", header_row=1, first_columns=2)
    return where


def _summary_sheet(ws: Worksheet, m: Matrix) -> None:
    put(ws, 1, 1, f"{m.title}: ratings per indicator", bold=True)
    ratings = list(RATINGS) + [NO_PROFILE]
    _header(ws, 3, ["Indicator", "Short"] + [label(r) if r in RATINGS else NO_PROFILE_LABEL for r in ratings])
    for i, (ind, t) in enumerate(zip(m.indicators, m.totals), start=4):
        put(ws, i, 1, ind.title, wrap=True)
        put(ws, i, 2, ind.short)
        _fit_height(ws, i, {1: 42})
        for k, rating in enumerate(ratings, start=3):
            put(ws, i, k, t.counts[rating] if rating in RATINGS else t.no_profile)
    for k, rating in enumerate(ratings, start=3):
        ws.cell(row=3, column=k).fill = rating_fill(rating if rating in RATINGS else "no_data")
    last = 3 + len(m.indicators)
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Countries per rating, by indicator"
    chart.y_axis.title = "Countries"
    chart.x_axis.scaling.orientation = "maxMin"  # checklist order, top to bottom
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height = max(7.5, 1.2 * len(m.indicators) + 3)
    chart.width = 20
    data = Reference(ws, min_col=3, max_col=2 + len(ratings), min_row=3, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=4, max_row=last))
    for series, rating in zip(chart.series, ratings):
        series.graphicalProperties.solidFill = CHART_COLOURS.get(rating, "FFFFFF")
        series.graphicalProperties.line.solidFill = "808080"
    ws.add_chart(chart, "J3")
    r = last + 2
    put(ws, r, 1, "Findings", bold=True)
    s = m.overview()
    for text in [s.coverage] + [f"{f.title}: {f.text}" for f in s.findings]:
        r += 1
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=9)
        put(ws, r, 1, text, wrap=True)
        _fit_height(ws, r, {1: 100})
    _widths(ws, {1: 42, 2: 14} | {k: 10 for k in range(3, 3 + len(ratings))})
    print_setup(ws, f"{m.title}: ratings per indicator", header_row=3, first_columns=1, fit_width=True)


def _about_sheet(ws: Worksheet, m: Matrix, generated_at: datetime) -> None:
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
        put(ws, r, 1, key, bold=True)
        put(ws, r, 2, value, wrap=True)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=6)  # room for long values
        _fit_height(ws, r, {2: 150})
    r += 2
    _header(ws, r, ["Data as of", "Country", "Profile year", "Law as of", "Status", "Profile file (in the data folder)"])
    for row in m.rows:
        r += 1
        # The file within the data folder, whichever folder the command ran from (reproducible).
        where = f"countries/{row.slug}/{Path(row.profile).name}" if row.profile else None
        for col, v in enumerate([None, row.name, _profile_text(row, m.year), row.as_of, row.status, where], start=1):
            put(ws, r, col, v)
    r += 2
    _header(ws, r, ["Indicators", "Id", "Title", "Checklist point", "Rubric basis", "Basis of the rubric"])
    for ind in m.indicators:
        r += 1
        for col, v in enumerate([None, ind.id, ind.title, ind.point, ind.rubric_basis, ind.basis_note], start=1):
            put(ws, r, col, v, wrap=True)
        _fit_height(ws, r, {3: 40, 6: 70})
    r += 2
    put(ws, r, 1, "Rubric basis", bold=True)
    put(ws, r, 2, "published: ECPAT published the Yes/Partial/No criteria. derived: worked out by the legalcheck "
                  "project from the checklist point and ECPAT's practice (the indicator file says from what).", wrap=True)
    _widths(ws, {1: 18, 2: 28, 3: 40, 4: 14, 5: 12, 6: 70})
    print_setup(ws, "About this workbook", header_row=0, first_columns=0, fit_width=True)


class _FixedTimeZip(ZipFile):
    """A zip whose entries all carry one timestamp, so the same data gives the same bytes."""

    def __init__(self, path: Path, when: datetime):
        super().__init__(path, "w", ZIP_DEFLATED, allowZip64=True)
        self._when = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=self._when)
            zinfo_or_arcname.compress_type = ZIP_DEFLATED
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        # openpyxl writes worksheets from temporary files, which would carry their own times.
        with open(filename, "rb") as f:
            self.writestr(arcname or Path(filename).name, f.read())


def build_workbook(m: Matrix, generated_at: datetime) -> Workbook:
    wb = Workbook()
    matrix_ws = wb.active
    details = wb.create_sheet("Details")
    detail_rows = _details_sheet(details, m)
    _matrix_sheet(matrix_ws, m, detail_rows)
    _summary_sheet(wb.create_sheet("Summary"), m)
    _about_sheet(wb.create_sheet("About"), m, generated_at)
    when = generated_at.astimezone(timezone.utc).replace(tzinfo=None)
    wb.properties.creator = f"legalcheck {__version__}"
    wb.properties.title = clean(f"{m.title}: legal checklist matrix")
    wb.properties.created = when
    wb.properties.modified = when
    return wb


def write_workbook(m: Matrix, path: Path, generated_at: datetime | None = None) -> None:
    """Write the workbook to ``path`` (``output.write_atomic`` hands in a temporary file).
    ``generated_at`` (default: now) is the time written in it, for reproducible files."""
    if generated_at is None:
        generated_at = datetime.now(timezone.utc).replace(microsecond=0)
    wb = build_workbook(m, generated_at)
    ExcelWriter(wb, _FixedTimeZip(path, generated_at.astimezone(timezone.utc))).save()
