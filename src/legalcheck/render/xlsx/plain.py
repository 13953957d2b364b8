"""What every workbook writer here shares and that needs no Excel library: cleaning text for a
cell, estimating wrapped lines, the text of a printed page header. (openpyxl costs ~100 ms to
import, XlsxWriter ~40 ms: a writer imports only its own library.)"""

from __future__ import annotations

import re
from collections.abc import Iterable

A3 = 8  # Excel's code for the paper size the wide workbooks print on
MAX_CELL = 32767  # Excel's limit on characters in a cell
MAX_HEADER = 255  # Excel's limit on a page header or footer, codes included

# Every character XML 1.0 forbids (a workbook is XML): C0 controls but tab, newline and CR, UTF-16
# surrogates (lone ones reach Python strings), and U+FFFE/U+FFFF. openpyxl's own pattern only
# knows the C0 controls, and writes a workbook Excel cannot open when given the others.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    text = XML_FORBIDDEN.sub("", text)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return text


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (an estimate:
    Excel does not size rows of a written file itself)."""
    per_line = max(int(width * 1.1), 1)
    if "\n" not in text:
        return 1 + len(text) // per_line
    return sum(1 + len(part) // per_line for part in text.split("\n"))


def row_height(cells: Iterable[tuple[float, object]], base: float = 0) -> float:
    """The height (points) a row of wrapped text needs: 15 per line of its longest cell (+ ``base``),
    ``cells`` being (column width, value) pairs; at most Excel's 409."""
    lines = 1
    for width, value in cells:
        if isinstance(value, str):
            lines = max(lines, wrapped_lines(value, width))
    return min(15 * lines + base, 409)


def header_text(title: str) -> str:
    """``title`` as the centre of a printed page header: '&' doubled (a single one starts a code),
    cut to fit Excel's limit."""
    text = clean(title).replace("&", "&&")
    if len(text) > MAX_HEADER - 2:  # '&C' comes first
        text = text[: MAX_HEADER - 3].rstrip("&") + "…"
    return text
