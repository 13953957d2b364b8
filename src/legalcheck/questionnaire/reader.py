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

from ..errors import Problem, UsageError, brief, escape_control
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
    if cell.data_type == "e":
        problems.append(Problem(ref, None, None, "", f"the cell shows the error {brief(str(cell.value))}: type the answer itself"))
        return Cell(ref, None)
    if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARS:
        problems.append(Problem(ref, None, None, "", f"the text is {len(cell.value)} characters long; an Excel cell holds "
                                                     f"at most {MAX_CELL_CHARS}"))
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
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):  # a duration cell: '2 days, 3:00:00', never Python's repr
        return str(v)
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


# A filled questionnaire is a stranger's file: these bound what reading it may cost. A real one is
# about 25 KB (40 KB of XML per sheet); the limits leave room for long quotes and notes.
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024  # the .xlsx file
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # everything inside it, unpacked (a zip bomb is refused here)
MAX_MEMBERS = 500  # files inside the zip
MAX_ROWS, MAX_COLUMNS = 10_000, 100  # per sheet read
MAX_CELLS = 200_000  # cells and shared strings in the whole workbook (openpyxl keeps each in memory)
MAX_CELL_CHARS = 32_767  # what one Excel cell can hold


def _refuse(path: Path, why: str) -> UsageError:
    """A refusal of the workbook; where it says to make a questionnaire, the command line adds how."""
    wants = why.endswith("make a new questionnaire") or "made by legalcheck" in why
    return UsageError(f"{path}: {why}", hint="questionnaire" if wants else None)


def _read_file(path: Path) -> bytes:
    """The workbook's bytes: a regular file only (a FIFO or device is refused without blocking), read
    once and bounded, whatever its size claims."""
    import errno
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise _refuse(path, "no such file") from None
    except IsADirectoryError:
        raise _refuse(path, "is a folder, not an Excel workbook") from None
    except PermissionError:
        raise _refuse(path, "permission denied: cannot read the file") from None
    except OSError as e:
        why = "a symbolic link that loops" if e.errno == errno.ELOOP else (e.strerror or "unknown reason").lower()
        raise _refuse(path, f"cannot read the file: {why}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise _refuse(path, "is a folder, not an Excel workbook")
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(path, "is not a regular file (a device, pipe or socket), not an Excel workbook")
        chunks, size = [], 0
        while size <= MAX_WORKBOOK_BYTES:
            chunk = os.read(fd, MAX_WORKBOOK_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_WORKBOOK_BYTES:
            raise _refuse(path, f"the file is too large for a questionnaire (more than {MAX_WORKBOOK_BYTES // 1048576} MB)")
        return b"".join(chunks)
    except OSError as e:
        raise _refuse(path, f"cannot read the file: {(e.strerror or 'unknown reason').lower()}") from None
    finally:
        os.close(fd)


def _scan_part(z: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[bool, int]:
    """Whether a part of the package has a document type (where entities are declared), and how many
    cells and shared strings it holds. The whole part is scanned (a comment may come first); in the text of a cell '<'
    is always escaped, so neither can be faked by an answer."""
    tail, cells, doctype = b"", 0, False
    with z.open(member) as f:
        while chunk := f.read(1 << 20):
            window = tail + chunk
            doctype = doctype or b"<!DOCTYPE" in window or b"<!ENTITY" in window
            # cells starting in this chunk (the tail's 9 bytes are too short to hold a whole '<c ' twice)
            # shared strings count too: openpyxl keeps each one in memory as it does a cell
            cells += sum(window.count(t) - tail.count(t) for t in (b"<c ", b"<c>", b"<si>", b"<si "))
            tail = window[-9:]
    return doctype, cells


def _check_package(path: Path, data: bytes) -> None:
    """Refuse what is not an .xlsx package, or would cost too much to open, before openpyxl sees it:
    not a zip (an old .xls, a CSV, a PDF), too many members, too much unpacked (a zip bomb: the
    sizes declared are what zipfile will ever unpack), an XML document type (entity bombs, external
    entities: an Excel file never has one), and VBA macros (never run, but not a questionnaire)."""
    import io

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _refuse(path, "this is an old Excel 97-2003 workbook (.xls), not a questionnaire (.xlsx)")
    if not data.startswith(b"PK"):
        kind = "a PDF" if data.startswith(b"%PDF") else "an empty file" if not data else "not an Excel workbook"
        raise _refuse(path, f"this is {kind}; a questionnaire is an .xlsx file made by legalcheck")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
            if len(members) > MAX_MEMBERS:
                raise _refuse(path, f"the workbook holds {len(members)} files; a questionnaire holds a few dozen")
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise _refuse(path, f"the workbook unpacks to more than {MAX_UNPACKED_BYTES // 1048576} MB; "
                                    "a questionnaire is far smaller")
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise _refuse(path, "this is a zip file but not an Excel workbook")
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise _refuse(path, "the workbook contains macros; a questionnaire has none (save it as .xlsx)")
            cells = 0
            for m in members:
                doctype, n = _scan_part(z, m)
                if doctype:
                    raise _refuse(path, f"the workbook's part {escape_control(m.filename)[:80]} declares XML entities, "
                                        "which Excel never writes; it is refused")
                cells += n
            if cells > MAX_CELLS:
                raise _refuse(path, f"the workbook has {cells} cells; a questionnaire has a few thousand (at most {MAX_CELLS})")
    except UsageError:
        raise
    except Exception:  # noqa: BLE001 - a damaged zip can fail in many ways; each means the same
        raise _refuse(path, "the file is damaged: it is not a zip package that can be read") from None


def open_workbook(path: Path):
    """The one way a questionnaire is opened: bounded read (``_read_file``), the package checked
    (``_check_package``), then openpyxl on the bytes read; whatever a damaged or hostile workbook
    makes openpyxl raise is one plain refusal, never an internal error."""
    import io

    from openpyxl import load_workbook

    data = _read_file(path)
    _check_package(path, data)
    try:
        # Formulas are read as formulas (not their last computed value, which a file saved by a
        # program other than Excel does not even have): an answer is never a formula.
        return load_workbook(io.BytesIO(data), data_only=False)
    except MemoryError:
        raise _refuse(path, "the workbook is too large to read") from None
    except Exception:  # noqa: BLE001 - openpyxl on a hostile file: many kinds of errors, one meaning
        raise _refuse(path, "the workbook is damaged: Excel or LibreOffice may repair it (open it and save it "
                            "again as .xlsx)") from None


def _sheet(wb, name: str, path: Path):
    """A sheet to read, refused if it is larger than a questionnaire's could be (reading a cell at
    row 1,048,576 would otherwise walk a million rows)."""
    from openpyxl.worksheet.worksheet import Worksheet

    ws = wb[name]
    if not isinstance(ws, Worksheet):  # e.g. a chart sheet of that name
        raise _refuse(path, f"the sheet '{name}' is not a sheet of cells; make a new questionnaire")
    if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS:
        raise _refuse(path, f"the sheet '{name}' reaches row {ws.max_row}, column {ws.max_column}; a questionnaire's "
                            f"sheets have at most {MAX_ROWS} rows and {MAX_COLUMNS} columns: make a new questionnaire")
    return ws


def read_meta(wb, path: Path) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        raise UsageError(f"{path}: not a legalcheck questionnaire", hint="questionnaire")
    ws = _sheet(wb, META_SHEET, path)
    meta = {str(r[0]): ("" if r[1] is None else str(r[1])) for r in ws.iter_rows(values_only=True) if r and r[0]}
    if meta.get("format") != FORMAT:
        raise UsageError(f"{path}: questionnaire format {meta.get('format')!r}; this legalcheck reads format {FORMAT}: "
                         "make a new questionnaire", hint="questionnaire")
    import re

    # fullmatch: '$' would let 'nepal\n' through; a slug longer than 100 is no country's
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", meta.get("country", "")) or len(meta.get("country", "")) > 100 \
            or not re.fullmatch(r"[0-9]{4}", meta.get("year", "")) or not re.fullmatch(r"([0-9]{4})?", meta.get("based_on", "")):
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

    ws = _sheet(wb, PROFILE_SHEET, path)
    keys = {"Name": "name", "ISO alpha-2 code": "iso2", "ISO alpha-3 code": "iso3", "Other names": "aliases",
            "Law as of": "as_of", "Status": "status", "Notes": "notes"}
    for row in range(2, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        if label in keys and keys[label] in filled.country:
            filled.problems.append(_problem(_ref(ws, row, 1), f"the field '{label}' has two rows; keep one"))
        elif label in keys:
            filled.country[keys[label]] = _cell(ws, row, 2, filled.problems)

    ws = _sheet(wb, SOURCES_SHEET, path)
    cols = _headings(ws)
    wanted = {n: cols.get(heading(n, "Source")) for n in source_fields()}
    for n, col in wanted.items():
        if col is None:
            filled.problems.append(_problem(f"{SOURCES_SHEET}!1", f"the column '{heading(n, 'Source')}' is missing; make a new questionnaire"))
    for row in range(2, ws.max_row + 1):
        record = {n: _cell(ws, row, col, filled.problems) for n, col in wanted.items() if col}
        if any(c.value is not None for c in record.values()):
            filled.sources.append(record)

    ws = _sheet(wb, FACTS_SHEET, path)
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

    ws = _sheet(wb, RATINGS_SHEET, path)
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
