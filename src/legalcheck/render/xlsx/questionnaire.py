"""The questionnaire (``legalcheck.questionnaire.Questionnaire``) laid out as an Excel workbook: the
renderer registered for (Questionnaire, xlsx). openpyxl: only the Excel code path imports this.

Sheets: Instructions; Country (name, codes, as-of date); Sources (one row per publication); Facts (a
row per fact: question, allowed answers as a drop-down, answer, citation); Ratings (a rating a
source reports, per indicator); and a very hidden sheet recording what the workbook was made from.
The structure is protected (no sheet or row can be added, removed or renamed, headings and
questions cannot be edited); the answer cells, shaded, are editable. Every text goes through
``xlsxsafe.put``: text stays text, never a formula.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ... import __version__
from ...model import RATING_LABELS, SOURCE_KINDS
from ...questionnaire import (
    FACTS_SHEET,
    FORMAT,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    PROFILE_SHEET,
    RATINGS_SHEET,
    SOURCES_SHEET,
    Questionnaire,
    FACT_FIXED,
    OTHER_READINGS,
    fact_columns,
    heading,
    help_for,
    rating_columns,
    source_fields,
)
from .fixed_time import FixedTimeZip
from .layout import print_setup
from .plain import wrapped_lines
from .safe import clean, put, solid_fill

ANSWER_FILL = solid_fill("FFFFF7D6")
GROUP_FILL = solid_fill("FFDDEBF7")
HEAD_FILL = solid_fill("FFD9D9D9")
_OPEN = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")
SOURCE_ROWS = 20  # rows offered on the Sources sheet (filled ones included)
# A form: fitted to the page width, on the paper the printer is set to (the other workbooks: A3).
_PRINT = {"fit_width": True, "paper": None}
EXCLUDE_CHOICES = ("Yes", "Partial", "No", "Yes, Partial", "Yes, No", "Partial, No")


def _head(ws: Worksheet, titles: list[str], widths: list[float]) -> None:
    for col, (title, width) in enumerate(zip(titles, widths), start=1):
        cell = put(ws, 1, col, title, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].height = 45


def _open_cell(ws: Worksheet, row: int, col: int, value, text: bool = True):
    cell = put(ws, row, col, value)
    cell.protection = _OPEN
    cell.fill = ANSWER_FILL
    cell.alignment = _WRAP
    if text:
        cell.number_format = "@"  # what is typed stays text (Excel would turn 2024-06-30 into a date)
    return cell


def _fit(ws: Worksheet, row: int, widths: list[float]) -> None:
    lines = 1
    for col, width in enumerate(widths, start=1):
        cell = ws.cell(row=row, column=col)
        value = cell.value
        if isinstance(value, str) and cell.data_type != "f":
            lines = max(lines, wrapped_lines(value, width))
    ws.row_dimensions[row].height = min(15 * lines + 2, 409)


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # column widths and row heights may still be changed
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _list_validation(values: list[str] | tuple[str, ...], prompt: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.error = f"Choose one of: {', '.join(values)}"
    dv.errorTitle = "Not an allowed answer"
    dv.prompt = prompt[:255]
    dv.showErrorMessage = True
    dv.showInputMessage = bool(prompt)
    return dv


def _who(q: Questionnaire) -> str:
    return f"{q.country.get('name') or q.slug}, {q.year}"


def _instructions(ws: Worksheet, q: Questionnaire) -> None:
    ws.column_dimensions["A"].width = 100
    start = (f"The answers are filled in from the {q.based_on} profile: check each against the law in {q.year}."
             if q.based_on is not None and q.based_on != q.year else
             "The answers are the current profile's: correct or complete them." if q.based_on is not None else
             "This country has no profile yet: every answer starts as unknown.")
    lines = [
        (f"Questionnaire: {_who(q)}", True),
        (f"{q.checklist_title} (checklist version {q.checklist_version}). Made by legalcheck {__version__}.", False),
        ("", False),
        (start, False),
        ("", False),
        ("How to fill it in", True),
        (f"1. {PROFILE_SHEET}: the country's name and ISO codes, and the date the information describes the law at (YYYY-MM-DD).", False),
        (f"2. {SOURCES_SHEET}: one row per publication you rely on (a law, an official report, an NGO analysis…), "
         "with a short id of your choice, its title, and a URL or document reference.", False),
        (f"3. {FACTS_SHEET}: one row per question. Choose the answer from the drop-down (shaded cells). For every answer "
         "other than unknown, give the source id, the law and provision, and a short verbatim quote that supports it.", False),
        ("   What no source states stays 'unknown', never 'no'. A draft bill is not law.", False),
        ("   Where sources disagree about a fact, the last column shows the other sources' readings. They are kept as the "
         "profile has them (edit them in its YAML file); an answer equal to one of them, or unknown, is refused.", False),
        (f"4. {RATINGS_SHEET}: where a source itself gives a rating for an indicator, record it (or the ratings it rules "
         "out), with its source id. The 'rating when this was made' column shows what the answers gave then; it is not edited (import prints the new ratings).", False),
        ("", False),
        ("Then send the file back, or import it yourself:", True),
        ("   legalcheck import FILE --dry-run    (checks everything and lists each problem as Sheet!Cell: message; writes nothing)", False),
        (f"   legalcheck import FILE              (writes countries/{q.slug}/{q.year}.yaml and prints the rating changes)", False),
        ("", False),
        ("Only the shaded cells can be edited; rows and sheets cannot be added or removed. Column widths can be changed.", False),
        ("Keep the file as .xlsx. A questionnaire made for another checklist version cannot be imported: make a new one.", False),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = put(ws, row, 1, text, bold=bold)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold and row == 1:
            cell.font = Font(bold=True, size=14)
        _fit(ws, row, [100])
    _protect(ws)
    print_setup(ws, f"Questionnaire: {_who(q)}", header_row=0, first_columns=0, **_PRINT)


def _country(ws: Worksheet, q: Questionnaire) -> None:
    widths = [26, 40, 80]
    _head(ws, ["Field", "Answer", "What it means"], widths)
    rows = [
        ("Name", "name", q.country.get("name"), help_for("Country", "name")),
        ("ISO alpha-2 code", "iso2", q.country.get("iso2"), help_for("Country", "iso2")),
        ("ISO alpha-3 code", "iso3", q.country.get("iso3"), help_for("Country", "iso3")),
        ("Other names", "aliases", q.country.get("aliases"), "Other names the country may be looked up by, separated by commas."),
        ("Law as of", "as_of", q.as_of, help_for("Profile", "as_of")),
        ("Status", "status", q.status, "draft while being written or checked; reviewed when checked."),
        ("Notes", "notes", q.notes, help_for("Profile", "notes")),
        ("Year (fixed)", None, str(q.year), f"This questionnaire is for {q.year}; make another one for another year."),
        ("Folder (fixed)", None, q.slug, f"The profile is written to countries/{q.slug}/{q.year}.yaml."),
    ]
    status = _list_validation(["draft", "reviewed"], "draft or reviewed")
    ws.add_data_validation(status)
    for r, (label, key, value, help_text) in enumerate(rows, start=2):
        put(ws, r, 1, label, bold=True).alignment = _WRAP
        if key is None:
            put(ws, r, 2, value).alignment = _WRAP
        else:
            _open_cell(ws, r, 2, value)
            if key == "status":
                status.add(ws.cell(row=r, column=2))
        put(ws, r, 3, help_text, wrap=True)
        _fit(ws, r, widths)
    _protect(ws)
    print_setup(ws, f"Country: {_who(q)}", first_columns=0, **_PRINT)


def _sources(ws: Worksheet, q: Questionnaire) -> None:
    names = source_fields()
    wide = {"title": 50, "url": 40, "note": 40, "publisher": 28, "reference": 24}
    widths = [wide.get(n, 16) for n in names]
    _head(ws, [heading(n, "Source") for n in names], widths)
    kind = _list_validation(list(SOURCE_KINDS), "What sort of publication")
    ws.add_data_validation(kind)
    for i in range(max(SOURCE_ROWS, len(q.sources) + 10)):
        record = q.sources[i] if i < len(q.sources) else {}
        for col, n in enumerate(names, start=1):
            cell = _open_cell(ws, i + 2, col, record.get(n))
            if n == "kind":
                kind.add(cell)
        if record:
            _fit(ws, i + 2, widths)
    ws.auto_filter.ref = None
    _protect(ws)
    print_setup(ws, f"Sources: {_who(q)}", first_columns=0, **_PRINT)


SOURCE_URL = "URL of the source (from the Sources sheet)"


def _source_url_formula(source_cell: str) -> str:
    """Shows the cited source's URL beside the citation (computed by Excel; never read back)."""
    names = source_fields()
    if "url" not in names:
        return ""
    url_col = get_column_letter(names.index("url") + 1)
    last = SOURCE_ROWS + 200
    return (f'=IF({source_cell}="","",IFERROR(INDEX({SOURCES_SHEET}!${url_col}$2:${url_col}${last},'
            f'MATCH({source_cell},{SOURCES_SHEET}!$A$2:$A${last},0))&"","not on the Sources sheet"))')


def _facts(ws: Worksheet, q: Questionnaire) -> None:
    extra = fact_columns()
    if "source" in extra and "url" in source_fields():
        extra.insert(extra.index("source") + 1, "source_url")
    wide = {"instrument": 30, "provision": 14, "quote": 45, "note": 30, "fact_note": 30, "locator": 20, "source": 16,
            "year": 10, "source_url": 26}
    widths = [20, 22, 55, 22, 14, *(wide.get(n, 18) for n in extra), 45]
    names = {"fact_note": "Note on the fact", "source_url": SOURCE_URL}
    titles = [*FACT_FIXED, *(names.get(n) or heading(n, "Citation") for n in extra), OTHER_READINGS]
    _head(ws, titles, widths)
    by_choices: dict[tuple[str, ...], DataValidation] = {}
    source_ids = DataValidation(type="list", formula1=f"={SOURCES_SHEET}!$A$2:$A${SOURCE_ROWS + 200}", allow_blank=True)
    source_ids.error = f"Give the id of a source listed on the {SOURCES_SHEET} sheet (add it there first)."
    source_ids.errorTitle = "Unknown source"
    source_ids.showErrorMessage = True
    years = DataValidation(type="whole", operator="between", formula1="1700", formula2="2100", allow_blank=True)
    years.error = "The year of the law, e.g. 2017"
    years.showErrorMessage = True
    quote = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="300", allow_blank=True)
    quote.error = "A quote is at most 300 characters: quote the words that support the answer."
    quote.errorStyle = "warning"
    quote.showErrorMessage = True
    validations = {"source": source_ids, "year": years, "quote": quote}
    for dv in validations.values():
        ws.add_data_validation(dv)
    row = 2
    last = None
    for f in q.facts:
        if f.indicator != last:
            cell = put(ws, row, 1, f"{f.indicator_title} ({f.indicator})", bold=True)
            for col in range(1, len(titles) + 1):
                ws.cell(row=row, column=col).fill = GROUP_FILL
            ws.row_dimensions[row].height = 18
            last = f.indicator
            row += 1
        put(ws, row, 1, f.indicator, wrap=True)
        put(ws, row, 2, f.fact, wrap=True)
        put(ws, row, 3, f.question, wrap=True)
        put(ws, row, 4, f.allowed, wrap=True)
        answer = _open_cell(ws, row, 5, f.answer, text=not isinstance(f.answer, int))
        if f.choices:
            dv = by_choices.get(f.choices)
            if dv is None:
                dv = by_choices[f.choices] = _list_validation(f.choices, "")
                ws.add_data_validation(dv)
            dv.add(answer)
        for col, n in enumerate(extra, start=6):
            if n == "source_url":
                source_cell = f"{get_column_letter(col - 1)}{row}"
                ws.cell(row=row, column=col).value = _source_url_formula(source_cell)
                ws.cell(row=row, column=col).alignment = _WRAP
                continue
            value = f.note if n == "fact_note" else f.citation.get(n)
            cell = _open_cell(ws, row, col, value, text=n != "year")
            if n in validations:
                validations[n].add(cell)
        if f.other_readings:  # locked: shown, never read back (an import keeps the profile's)
            put(ws, row, len(titles), f.other_readings, wrap=True)
        _fit(ws, row, widths)
        row += 1
    _protect(ws)
    print_setup(ws, f"Facts: {_who(q)}", first_columns=4, **_PRINT)  # question and answer kept in view


def _ratings(ws: Worksheet, q: Questionnaire) -> None:
    extra = rating_columns()
    wide = {"quote": 40, "note": 30, "indicator_notes": 40, "locator": 20, "rating": 14, "excludes": 14, "source": 16}
    widths = [24, 40, 14, *(wide.get(n, 18) for n in extra)]
    titles = ["Indicator", "Title", "Rating when this was made",
              *(("Notes on the indicator" if n == "indicator_notes" else heading(n, "Reported")) for n in extra)]
    _head(ws, titles, widths)
    rating = _list_validation([RATING_LABELS[r] for r in RATING_LABELS], "The rating the source itself gives")
    excludes = _list_validation(list(EXCLUDE_CHOICES), "Only if the source gives no rating but rules some out")
    source_ids = DataValidation(type="list", formula1=f"={SOURCES_SHEET}!$A$2:$A${SOURCE_ROWS + 200}", allow_blank=True)
    source_ids.showErrorMessage = True
    source_ids.error = f"Give the id of a source listed on the {SOURCES_SHEET} sheet."
    validations = {"rating": rating, "excludes": excludes, "source": source_ids}
    for dv in validations.values():
        ws.add_data_validation(dv)
    for r, rr in enumerate(q.ratings, start=2):
        put(ws, r, 1, rr.indicator, wrap=True)
        put(ws, r, 2, rr.title, wrap=True)
        put(ws, r, 3, rr.current, wrap=True)
        for col, n in enumerate(extra, start=4):
            value = rr.notes if n == "indicator_notes" else rr.reported.get(n)
            cell = _open_cell(ws, r, col, value)
            if n in validations:
                validations[n].add(cell)
        _fit(ws, r, widths)
    _protect(ws)
    print_setup(ws, f"Ratings: {_who(q)}", first_columns=3, **_PRINT)


def meta_rows(q: Questionnaire) -> list[tuple[str, str]]:
    return [
        ("format", FORMAT),
        ("checklist_title", q.checklist_title),
        ("checklist_version", q.checklist_version),
        ("country", q.slug),
        ("year", str(q.year)),
        ("based_on", "" if q.based_on is None else str(q.based_on)),
        ("base_hash", q.base_hash),
        ("made_by", f"legalcheck {__version__}"),
    ]


def build_workbook(q: Questionnaire) -> Workbook:
    wb = Workbook()
    _instructions(wb.active, q)
    wb.active.title = INSTRUCTIONS_SHEET
    _country(wb.create_sheet(PROFILE_SHEET), q)
    _sources(wb.create_sheet(SOURCES_SHEET), q)
    _facts(wb.create_sheet(FACTS_SHEET), q)
    _ratings(wb.create_sheet(RATINGS_SHEET), q)
    meta = wb.create_sheet(META_SHEET)
    for r, (k, v) in enumerate(meta_rows(q), start=1):
        put(meta, r, 1, k)
        put(meta, r, 2, v)
    meta.sheet_state = "veryHidden"
    _protect(meta)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.calculation.fullCalcOnLoad = True  # the source URL column is computed when the file is opened
    wb.properties.creator = f"legalcheck {__version__}"
    wb.properties.title = clean(f"Questionnaire: {_who(q)}")
    return wb


def write_questionnaire(q: Questionnaire, path: Path) -> None:
    """Write the workbook to ``path`` (``output.write_atomic`` hands in a temporary file). The same
    questionnaire gives the same bytes: times are fixed to the start of its year."""
    wb = build_workbook(q)
    when = datetime(max(q.year, 1980), 1, 1, tzinfo=timezone.utc)
    wb.properties.created = wb.properties.modified = when.replace(tzinfo=None)
    ExcelWriter(wb, FixedTimeZip(path, when)).save()
