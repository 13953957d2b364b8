"""Excel cells that stay what they are: text is text, never a formula; no illegal characters.

openpyxl stores any string starting with '=' as a formula, and Excel treats '+', '-', '@' and a
leading tab as formula starts too. Every text value goes through ``put``: it is forced to a string
cell, and one that Excel would read as a formula gets the quote prefix (shown as text, no visible
quote). Control characters common in text pasted from PDFs, which openpyxl refuses, are removed.
Only call openpyxl from renderers that write Excel: it costs ~100 ms to import.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from .style import FILLS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_CELL = 32767  # Excel's limit on characters in a cell


def clean(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return text


def put(ws: Worksheet, row: int, col: int, value: Any, *, bold: bool = False, wrap: bool = False):
    """Write one cell. Numbers stay numbers; everything else is written as plain text."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    if isinstance(value, bool):
        value = "true" if value else "false"
    if isinstance(value, (int, float)):
        cell.value = value
    else:
        text = clean(str(value))
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def rating_fill(rating: str) -> PatternFill:
    colour = FILLS.get(rating, "FFFFFFFF")
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)
