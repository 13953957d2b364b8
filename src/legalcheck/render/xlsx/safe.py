"""Excel cells that stay what they are: text is text, never a formula; no illegal characters.

openpyxl stores any string starting with '=' as a formula, and Excel treats '+', '-', '@' and a
leading tab as formula starts too. Every text value goes through ``put``: it is forced to a string
cell, and one that Excel would read as a formula gets the quote prefix (shown as text, no visible
quote). Control characters common in text pasted from PDFs, which openpyxl refuses, are removed.
Only call openpyxl from renderers that write Excel: it costs ~100 ms to import.
"""

from __future__ import annotations

import copy
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet

from ..text import FORMULA_STARTS
from .colours import FILLS
from .plain import MAX_CELL, XML_FORBIDDEN, clean  # noqa: F401 (here for the openpyxl writers)


def put(ws: Worksheet, row: int, col: int, value: Any, *, bold: bool = False, wrap: bool = False):
    """Write one cell. Numbers stay numbers; everything else is written as plain text."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    if isinstance(value, bool):
        value = "true" if value else "false"
    quote = False
    if isinstance(value, (int, float)):
        cell.value = value
    else:
        text = clean(str(value))
        cell.value = text
        cell.data_type = "s"
        quote = text.startswith(FORMULA_STARTS)
    if bold or wrap or quote:
        _style(cell, bold, wrap, quote)
    return cell


def _style(cell, bold: bool, wrap: bool, quote: bool) -> None:
    """Give the cell its font, alignment and quote prefix. openpyxl looks every style object up
    by hash on assignment (about a second for a 200-country Details sheet), so each combination is
    built once per workbook and its style record copied into later cells. The cache lives on the
    workbook itself: style records index that workbook's style lists and mean nothing in another."""
    styles = cell.parent.parent.__dict__.setdefault("_legalcheck_styles", {})
    key = (bold, wrap, quote)
    record = styles.get(key)
    if record is not None:
        cell._style = copy.copy(record)
        return
    if bold:
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if quote:
        cell.quotePrefix = True
    styles[key] = copy.copy(cell._style)


_STYLE_IDS = {"fill": "fillId", "alignment": "alignmentId", "font": "fontId"}


def set_style(cell, attr: str, value: Any, key: Any = None):
    """``setattr(cell, attr, value)`` (attr: fill, alignment or font), remembering the style's index in
    the workbook under ``key`` (default: the value object itself, which is then shared): openpyxl
    hashes and compares the whole style object on every assignment, a third of a large workbook's
    build time. ``value`` may be a function making the style, called only the first time. Returns the cell."""
    ids = cell.parent.parent.__dict__.setdefault("_legalcheck_style_ids", {})
    k = (attr, key if key is not None else id(value))
    known = ids.get(k)
    if known is None:
        made = value() if callable(value) else value
        setattr(cell, attr, made)
        ids[k] = (getattr(cell._style, _STYLE_IDS[attr]), made)  # keeps the object alive: its id is the key
    else:
        if not cell._style:
            cell._style = StyleArray()
        setattr(cell._style, _STYLE_IDS[attr], known[0])
    return cell


def fill(cell, rating: str):
    """Colour ``cell`` for ``rating`` (``rating_fill``). Returns the cell."""
    return set_style(cell, "fill", lambda: rating_fill(rating), ("rating", rating))


def solid_fill(colour: str) -> PatternFill:
    """A plain fill of one ARGB colour ('FFDDEBF7')."""
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def rating_fill(rating: str) -> PatternFill:
    return solid_fill(FILLS.get(rating, "FFFFFFFF"))
