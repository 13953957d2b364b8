"""Reading a filled questionnaire: the cells, by sheet and heading, with where each came from.

Nothing is interpreted here beyond turning Excel's cell values into text, whole numbers or ISO
dates; ``apply`` checks the answers. Problems are ``Problem``s whose file is ``Sheet!Cell``.
"""

from __future__ import annotations

import datetime
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, UsageError
from ..model import Checklist
from . import (
    FACTS_SHEET,
    FORMAT,
    META_SHEET,
    PROFILE_SHEET,
    RATINGS_SHEET,
    SOURCES_SHEET,
    heading,
    source_fields,
)


@dataclass
class Cell:
    ref: str  # "Facts!E12"
    value: Any  # None, str (stripped), int, float


def _cell(ws, row: int, col: int, problems: list[Problem]) -> Cell:
    cell = ws.cell(row=row, column=col)
    ref = _ref(ws, row, col)
    if cell.data_type == "f":
        problems.append(Problem(ref, None, None, "", "a formula is not an answer: type the value itself"))
        return Cell(ref, None)
    return Cell(ref, _value(cell.value))


@dataclass
class Filled:
    """A filled questionnaire's cells. ``facts`` by (indicator, fact); ``ratings`` by indicator."""

    meta: dict[str, str]
    country: dict[str, Cell] = field(default_factory=dict)
    sources: list[dict[str, Cell]] = field(default_factory=list)
    facts: dict[tuple[str, str], dict[str, Cell]] = field(default_factory=dict)
    ratings: dict[str, dict[str, Cell]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _value(v: Any) -> Any:
    if isinstance(v, datetime.datetime):
        return v.date().isoformat() if v.time() == datetime.time(0) else v.isoformat(sep=" ")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        v = v.strip()
        return v or None
    return v


def _ref(ws, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{ws.title}!{get_column_letter(col)}{row}"


def _headings(ws) -> dict[str, int]:
    return {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}


def _problem(where: str, message: str) -> Problem:
    return Problem(where, None, None, "", message)


def open_workbook(path: Path):
    from openpyxl import load_workbook

    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        # Formulas are read as formulas (not their last computed value, which a file saved by a
        # program other than Excel does not even have): an answer is never a formula.
        return load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise UsageError(f"{path}: not an Excel workbook (.xlsx) that can be read ({type(e).__name__})") from None


def read_meta(wb, path: Path) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        raise UsageError(f"{path}: not a legalcheck questionnaire", hint="questionnaire")
    ws = wb[META_SHEET]
    meta = {str(r[0]): ("" if r[1] is None else str(r[1])) for r in ws.iter_rows(values_only=True) if r and r[0]}
    if meta.get("format") != FORMAT:
        raise UsageError(f"{path}: questionnaire format {meta.get('format')!r}; this legalcheck reads format {FORMAT}: "
                         "make a new questionnaire", hint="questionnaire")
    import re

    if not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", meta.get("country", "")) or not re.match(r"^\d{4}$", meta.get("year", "")) \
            or not re.match(r"^(\d{4})?$", meta.get("based_on", "")):
        raise UsageError(f"{path}: the questionnaire's record of its country and year is damaged; make a new questionnaire",
                         hint="questionnaire")
    return meta


def check_version(meta: dict[str, str], checklist: Checklist, path: Path) -> None:
    made = meta.get("checklist_version")
    if made != checklist.version:
        raise UsageError(f"{path}: this questionnaire was made for checklist version {made}, but the repository's checklist is "
                         f"version {checklist.version}: its questions may differ. Make a new questionnaire for "
                         f"{meta.get('country')}, {meta.get('year')} and copy the answers over", hint="questionnaire")


def read_questionnaire(path: Path, checklist: Checklist) -> Filled:
    """Read every answer cell; refuses a workbook that is not a questionnaire of this checklist."""
    from . import FACT_FIXED, fact_columns, rating_columns

    wb = open_workbook(path)
    meta = read_meta(wb, path)
    check_version(meta, checklist, path)
    filled = Filled(meta)
    for name in (PROFILE_SHEET, SOURCES_SHEET, FACTS_SHEET, RATINGS_SHEET):
        if name not in wb.sheetnames:
            raise UsageError(f"{path}: the sheet '{name}' is missing; make a new questionnaire")

    ws = wb[PROFILE_SHEET]
    keys = {"Name": "name", "ISO alpha-2 code": "iso2", "ISO alpha-3 code": "iso3", "Other names": "aliases",
            "Law as of": "as_of", "Status": "status", "Notes": "notes"}
    for row in range(2, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        if label in keys:
            filled.country[keys[label]] = _cell(ws, row, 2, filled.problems)

    ws = wb[SOURCES_SHEET]
    cols = _headings(ws)
    wanted = {n: cols.get(heading(n, "Source")) for n in source_fields()}
    for n, col in wanted.items():
        if col is None:
            filled.problems.append(_problem(f"{SOURCES_SHEET}!1", f"the column '{heading(n, 'Source')}' is missing; make a new questionnaire"))
    for row in range(2, ws.max_row + 1):
        record = {n: _cell(ws, row, col, filled.problems) for n, col in wanted.items() if col}
        if any(c.value is not None for c in record.values()):
            filled.sources.append(record)

    ws = wb[FACTS_SHEET]
    cols = _headings(ws)
    names = {"answer": "Answer", **{n: ("Note on the fact" if n == "fact_note" else heading(n, "Citation")) for n in fact_columns()}}
    for n, title in names.items():
        if title not in cols:
            filled.problems.append(_problem(f"{FACTS_SHEET}!1", f"the column '{title}' is missing; make a new questionnaire"))
    ind_col, fact_col = cols.get(FACT_FIXED[0], 1), cols.get(FACT_FIXED[1], 2)
    for row in range(2, ws.max_row + 1):
        iid, fid = ws.cell(row=row, column=ind_col).value, ws.cell(row=row, column=fact_col).value
        if not iid or not fid:
            continue  # an indicator's heading row
        if (str(iid), str(fid)) in filled.facts:
            filled.problems.append(_problem(_ref(ws, row, fact_col), f"the fact '{fid}' of '{iid}' has two rows; keep one"))
            continue
        filled.facts[(str(iid), str(fid))] = {n: _cell(ws, row, cols[t], filled.problems)
                                              for n, t in names.items() if t in cols}

    ws = wb[RATINGS_SHEET]
    cols = _headings(ws)
    names = {n: ("Notes on the indicator" if n == "indicator_notes" else heading(n, "Reported")) for n in rating_columns()}
    for n, title in names.items():
        if title not in cols:
            filled.problems.append(_problem(f"{RATINGS_SHEET}!1", f"the column '{title}' is missing; make a new questionnaire"))
    for row in range(2, ws.max_row + 1):
        iid = ws.cell(row=row, column=1).value
        if iid and str(iid) in filled.ratings:
            filled.problems.append(_problem(_ref(ws, row, 1), f"the indicator '{iid}' has two rows; keep one"))
        elif iid:
            filled.ratings[str(iid)] = {n: _cell(ws, row, cols[t], filled.problems)
                                        for n, t in names.items() if t in cols}
    return filled
