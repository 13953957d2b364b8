"""Streamed workbooks (XlsxWriter in constant-memory mode) for the matrix and diff: each row goes to
disk once the next row starts, so memory stays flat however many countries there are. Rows of a
sheet must therefore be written top to bottom (sheets may be interleaved).

The same promises as ``safe.put`` for openpyxl: text stays text (never a formula: strings are
written as strings, and one Excel would read as a formula gets the quote prefix), characters XML
forbids are removed, and each cell's look (bold, wrap, fill, alignment, number format) is one
shared format per combination. Rows and columns are counted from 1, as on screen and in openpyxl.
The file is deterministic: document times and zip entry times are the generation time.

Imports XlsxWriter: only the Excel code path may import this module.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.worksheet import Worksheet

from ... import __version__
from ..text import FORMULA_STARTS
from .colours import FILLS
from .fixed_time import stamp_zip_times
from .plain import A3, clean, header_text

_NONE = object()
# Excel's limit on links in a sheet; XlsxWriter refuses more (with a warning): the cells keep their text.
MAX_LINKS = 65530


def fill_colour(rating: str) -> str:
    """The ARGB fill of a rating as XlsxWriter's '#RRGGBB'."""
    return "#" + FILLS.get(rating, "FFFFFFFF")[2:]


class Book:
    """One workbook being written to ``path``; ``close()`` finishes it."""

    def __init__(self, path: Path, title: str, when: datetime):
        self.path = Path(path)
        self.when = when.astimezone(timezone.utc).replace(tzinfo=None)
        self.wb = Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                       "strings_to_numbers": False, "strings_to_urls": False})
        self.wb.use_zip64()  # as openpyxl did: no size limit on a part
        self.wb.set_properties({"title": clean(title), "author": f"legalcheck {__version__}", "created": self.when})
        self._formats: dict[tuple, Any] = {}
        self.styles: dict[tuple, Any] = {}  # Sheet.style's arguments -> format

    def format(self, **props: Any):
        """The shared format with these XlsxWriter properties (made once per workbook)."""
        key = tuple(sorted(props.items()))
        f = self._formats.get(key)
        if f is None:
            f = self._formats[key] = self.wb.add_format(props)
        return f

    def sheet(self, name: str) -> "Sheet":
        return Sheet(self, self.wb.add_worksheet(name))

    def close(self) -> None:
        try:
            self.wb.close()
        except FileCreateError as e:  # XlsxWriter's wrapper of an OSError (a full disk): unwrapped,
            if isinstance(e.args[0], OSError):  # so output.write_atomic words it like any other
                raise e.args[0] from None
            raise
        stamp_zip_times(self.path, self.when)


class Sheet:
    """A worksheet written row by row, with ``put`` as its one way to write a value."""

    def __init__(self, book: Book, ws: Worksheet):
        self.book = book
        self.ws = ws
        self.links = 0

    def style(self, value: Any = None, *, bold: bool = False, wrap: bool = False, fill: str | None = None,
              colour: str | None = None, align: str | None = None, valign: str | None = None,
              number: str | None = None):
        """The format for a cell: ``wrap`` is wrapped text aligned to the top (a row reads across from
        its first line); ``fill`` a rating's colour, ``colour`` an ARGB fill; ``align``/``valign``
        as in Excel ('center', 'left'; 'vcenter', 'top', 'bottom')."""
        quote = isinstance(value, str) and value.startswith(FORMULA_STARTS)
        key = (bold, wrap, fill, colour, align, valign, number, quote)
        known = self.book.styles.get(key, _NONE)
        if known is not _NONE:
            return known
        props: dict[str, Any] = {}
        if bold:
            props["bold"] = True
        if wrap:
            props["text_wrap"] = True
            props["valign"] = "top"
        if valign:
            props["valign"] = valign
        if align:
            props["align"] = align
        if fill is not None or colour is not None:
            props["pattern"] = 1
            props["bg_color"] = fill_colour(fill) if fill is not None else "#" + colour[2:]  # type: ignore[index]
        if number:
            props["num_format"] = number
        if quote:
            props["quote_prefix"] = True
        made = self.book.styles[key] = self.book.format(**props) if props else None
        return made

    def put(self, row: int, col: int, value: Any, **style: Any) -> None:
        """Write one cell (1-based). Numbers stay numbers; everything else is written as plain text;
        None writes nothing, '' a blank cell."""
        if value is None:
            return
        if isinstance(value, bool):
            value = "true" if value else "false"
        if isinstance(value, (int, float)):
            self.ws.write_number(row - 1, col - 1, value, self.style(**style))
            return
        text = clean(str(value))
        if text:
            self.ws.write_string(row - 1, col - 1, text, self.style(text, **style))
        else:  # an empty cell, as openpyxl wrote one: read back as no value, not ''
            self.ws.write_blank(row - 1, col - 1, None, self.style(**style))

    def link(self, row: int, col: int, text: str, location: str, tip: str, **style: Any) -> None:
        """A cell showing ``text`` that links to ``location`` in this workbook ("'Details'!A5")."""
        text = clean(text)
        if self.links >= MAX_LINKS:
            self.ws.write_string(row - 1, col - 1, text, self.style(text, **style))
            return
        self.links += 1
        self.ws.write_url(row - 1, col - 1, f"internal:{location}", self.style(text, **style), text, tip)

    def comment(self, row: int, col: int, text: str, width: int = 144, height: int = 79) -> None:
        """A note on a cell (shown on hover), ``width`` × ``height`` pixels; openpyxl's default size."""
        self.ws.write_comment(row - 1, col - 1, clean(text), {"author": "legalcheck", "width": width, "height": height})

    def merge(self, row: int, first_col: int, last_col: int, value: Any, **style: Any) -> None:
        """``value`` in one cell spanning columns ``first_col``..``last_col`` of ``row``."""
        text = clean(str(value))
        self.ws.merge_range(row - 1, first_col - 1, row - 1, last_col - 1, text, self.style(text, **style))

    def height(self, row: int, points: float) -> None:
        """Set before the row's cells are written (a streamed row cannot be changed afterwards)."""
        self.ws.set_row(row - 1, points)

    def header(self, row: int, titles: list[str], **style: Any) -> None:
        """A row of bold column titles from column A (``style``: as for ``put``)."""
        for col, title in enumerate(titles, start=1):
            self.put(row, col, title, bold=True, **style)

    def widths(self, widths: dict[int, float] | list[float]) -> None:
        """Column widths in characters ({column: width}, or a list from column A), stored as
        openpyxl stored them: XlsxWriter adds Excel's 5 pixels of cell padding (of 7 a character)
        to what it is given, openpyxl did not."""
        if isinstance(widths, list):
            widths = dict(enumerate(widths, start=1))
        for col, w in widths.items():
            self.ws.set_column(col - 1, col - 1, w - 5 / 7)

    def filter(self, first_row: int, last_row: int, last_col: int) -> None:
        self.ws.autofilter(first_row - 1, 0, max(last_row, first_row + 1) - 1, last_col - 1)

    def print_setup(self, title: str, header_row: int = 1, first_columns: int = 1, fit_width: bool = False) -> None:
        """As ``layout.print_setup`` (openpyxl): A3 landscape, titles repeated and frozen, header and footer."""
        ws = self.ws
        ws.set_paper(A3)
        ws.set_landscape()
        if fit_width:
            ws.fit_to_pages(1, 0)
        ws.hide_gridlines(0)  # gridlines shown and printed
        ws.set_margins(left=0.4, right=0.4, top=1, bottom=1)  # top and bottom: openpyxl's, as before
        if header_row:
            ws.repeat_rows(0, header_row - 1)
        if first_columns:
            ws.repeat_columns(0, first_columns - 1)
        if header_row or first_columns:
            ws.freeze_panes(header_row, first_columns)
        ws.set_header("&C" + header_text(title), {"margin": 0.5})
        ws.set_footer("&CPage &P of &N", {"margin": 0.5})
