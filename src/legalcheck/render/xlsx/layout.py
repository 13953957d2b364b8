"""How a workbook's sheets print: A3 landscape; a wide sheet runs across pages at full size rather
than shrinking to one page (a 24-column matrix fitted to one A4 width prints at about 30 %), with
its title rows and first columns repeated on every page and kept frozen on screen.

Imports openpyxl: only import this module on the Excel path.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .plain import A3, header_text


def print_setup(ws: Worksheet, title: str, header_row: int = 1, first_columns: int = 1,
                fit_width: bool = False, paper: int | None = A3) -> None:
    """A3 landscape, title rows 1..``header_row`` and the first ``first_columns`` columns repeated on
    every printed page and frozen on screen; a header with the title and a page-numbered footer.
    ``fit_width``: a narrow sheet (a few columns of text) is fitted to the page width instead.
    ``paper``: Excel's paper size code; None leaves the printer's own. (``book.Sheet.print_setup``
    is the same for the streamed workbooks.)"""
    if paper is not None:
        ws.page_setup.paperSize = paper
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = fit_width
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if header_row:
        ws.print_title_rows = f"1:{header_row}"
    if first_columns:
        ws.print_title_cols = f"A:{get_column_letter(first_columns)}"
    if header_row or first_columns:
        ws.freeze_panes = ws.cell(row=header_row + 1, column=first_columns + 1)
    ws.oddHeader.center.text = header_text(title)
    ws.oddFooter.center.text = "Page &P of &N"
