"""Streamed workbooks (XlsxWriter in constant-memory mode) for the matrix and diff: each row goes to
disk once the next row starts, so rows are never held. XlsxWriter keeps each comment and link until
the file is closed; here a comment's text waits on disk (``_Spool``) and a link is kept as its
address, text and tip (``_Links``), so a 2,000-country matrix's 28,000 of each take ~4 MB, not
~45 MB. Rows of a sheet must therefore be written top to bottom (sheets may be interleaved).

The same promises as ``safe.put`` for openpyxl: text stays text (never a formula: strings are
written as strings, and one Excel would read as a formula gets the quote prefix), characters XML
forbids are removed, and each cell's look (bold, wrap, fill, alignment, number format) is one
shared format per combination. Rows and columns are counted from 1, as on screen and in openpyxl.
The file is deterministic: document times and zip entry times are the generation time.

Speed (the Details sheet of a 200-country matrix has ~46,000 cells): each distinct text is cleaned
once per workbook, a look (``Sheet.look``) is worked out once and reused, cells go to XlsxWriter's
undecorated writers, and ``_Streamed`` writes each finished row's XML in one piece, the XML of each
distinct (text, format) worked out once. A row given whole (``Sheet.row``) is not even stored cell
by cell: it is held as its list of values and written straight from it, each text's cell XML made
once per look. It writes exactly the bytes XlsxWriter's own row writer
writes (tests/test_xlsx_rows.py compares the two), but for a text XlsxWriter would take for its
own rich text (see ``_Streamed._string_tail``); anything but a plain string, number or blank cell
goes to XlsxWriter's own cell writer. Comments are written likewise, one piece each (``_Comments``).

Imports XlsxWriter: only the Excel code path may import this module.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from io import StringIO
from datetime import datetime, timezone
from math import isfinite
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from xlsxwriter import Workbook
from xlsxwriter.comments import Comments, CommentType
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.packager import Packager
from xlsxwriter.styles import Styles
from xlsxwriter.url import Url
from xlsxwriter.vml import Vml
from xlsxwriter.xmlwriter import re_control_chars_1 as _ESCAPED, re_control_chars_2 as _CONTROL
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple, Worksheet

from ... import __version__
from ...parallel import fork_child, fork_wanted, reap
from ..text import FORMULA_STARTS
from .colours import FILLS
from .fixed_time import zip_time
from .plain import A3, clean, header_text

_NONE = object()
# Excel's limit on links in a sheet; XlsxWriter refuses more (with a warning): the cells keep their text.
MAX_LINKS = 65530
# Memos of a workbook (cleaned texts, the XML of a cell's text) are emptied when they reach this many
# entries, so they do not grow with the number of countries.
_MEMO_LIMIT = 5000
# Deflate level of the parts. zlib's default (6) took 45 ms of a 200-country matrix's ~340 ms; level 2
# (its fast mode) takes 18 ms, for a file 30 % larger (0.70 MB instead of 0.54 MB). Level 6 gives the
# very bytes XlsxWriter's own packaging gave.
ZIP_LEVEL = 2
# A part's file mode in the zip (a regular file, rw-------), as XlsxWriter's own packaging recorded it
# from its temporary files.
_PART_MODE = 0o100600 << 16
# A sheet of fewer rows is not worth a child process (``Book.elsewhere``): forking takes a few ms.
FORK_ROWS = 500
# Fewer comments than this are written in this process at close, not in a child (``_Notes``).
FORK_NOTES = 500
# False: XlsxWriter's own writers of rows and comments (tests compare the bytes of both).
FAST_WRITERS = True


class _Streamed(Worksheet):
    """XlsxWriter's worksheet in constant-memory mode, with a faster writer of a finished row: the
    same bytes as ``Worksheet._write_single_row`` (XlsxWriter 3.3), each distinct text's cell XML
    (escaped, whitespace kept) made once. Any other kind of cell, or a cell taking its look from its
    row or column, is handed to XlsxWriter's own ``_write_cell``."""

    tails: dict[tuple[str, str], str]  # (text, its format attribute) -> the cell's XML after its reference
    columns: dict[int, str]
    names: list[str]  # the columns' names, from A
    row_heads: dict[tuple, str]  # a row's height, hidden, level, collapsed -> its tag after its number (``_row_head``)
    book_text: Any  # Book.text

    pending: tuple | None = None  # a row given whole (``_defer_row``), not yet written
    spool: _Spool  # where the comments' texts wait for the file to be closed

    def write_comment(self, row: int, col: int, comment: str, options: dict | None = None) -> int:
        """As XlsxWriter's, but what is kept of the comment until the file is closed is the place
        of its text in the book's spool file and its options: its CommentType is made as the
        comments are written (``_LazyComments``)."""
        if self._check_dimensions(row, col):
            return -1
        if _utf16_len(comment) > self.xls_strmax:
            return -2
        self.has_vml = True
        self.has_comments = True
        self.comments[row][col] = (self.spool.put(comment), options)
        return 0

    def _prepare_vml_objects(self, vml_data_id: int, vml_shape_id: int, vml_drawing_id: int, comment_id: int) -> int:
        """``Worksheet._prepare_vml_objects`` (XlsxWriter 3.3) with the comments as ``_LazyComments``."""
        comments = _LazyComments(self)
        for button in self.buttons_list:
            button.vertices = self._button_vertices(button)
        self.external_vml_links.append(["/vmlDrawing", "../drawings/vmlDrawing" + str(vml_drawing_id) + ".vml"])
        if self.has_comments:
            self.comments_list = comments  # type: ignore[assignment]
            self.external_comment_links.append(["/comments", "../comments" + str(comment_id) + ".xml"])
        count = len(comments)
        start_data_id = vml_data_id
        for i in range(int(count / 1024)):
            data_id = start_data_id + i + 1
            vml_data_id = f"{vml_data_id},{data_id}"  # type: ignore[assignment]
        self.vml_data_id = vml_data_id
        self.vml_shape_id = vml_shape_id
        return count

    def _write_single_row(self, current_row_num: int = 0) -> None:
        row_num = self.previous_row
        if self.pending is not None:
            values, looks, cell = self.pending
            self.pending = None
            if not self.table and self._write_whole_row(row_num, values, looks):
                self.previous_row = current_row_num
                self.row_info.pop(row_num, None)  # as below
                return
            for col, (value, look) in enumerate(zip(values, looks), start=1):  # as Sheet.cell would have
                cell(row_num + 1, col, value, look)
        self.previous_row = current_row_num
        cells = self.table.get(row_num)
        if cells:
            row_info = self.row_info.get(row_num)
            number = str(row_num + 1)
            out: list[str] = []
            if row_info is not None:
                self._write_row(row_num, None, row_info)
            elif self.default_row_height == self.original_row_height and self.excel_version != 2010:
                out.append(f'<row r="{number}">')  # as _write_row writes a row of no attributes
            else:
                self._write_row(row_num, None)
            row_format = row_info is not None and row_info.row_format
            tails, columns, col_info = self.tails, self.columns, self.col_info
            for col in sorted(cells):
                cell = cells[col]
                fmt = cell.format
                kind = type(cell)
                if not fmt and (row_format or col in col_info) or kind not in _PLAIN:
                    if out:
                        self.fh.write("".join(out))
                        out.clear()
                    self._write_cell(row_num, col, cell)
                    continue
                name = columns.get(col)
                if name is None:
                    name = columns[col] = xl_col_to_name(col)
                attr = f' s="{fmt._get_xf_index()}"' if fmt else ""
                if kind is CellStringTuple:
                    key = (cell.string, attr)
                    tail = tails.get(key)
                    if tail is None:
                        tail = self._string_tail(cell.string, attr)
                        if len(tails) >= _MEMO_LIMIT:
                            tails.clear()
                        tails[key] = tail
                    out.append(f'<c r="{name}{number}"{tail}')
                elif kind is CellNumberTuple:
                    out.append(f'<c r="{name}{number}"{attr}><v>{cell.number:.16G}</v></c>')
                else:
                    out.append(f'<c r="{name}{number}"{attr}/>')
            out.append("</row>")
            self.fh.write("".join(out))
        elif row_num in self.row_info or row_num in self.comments:
            self._write_empty_row(row_num, None, self.row_info[row_num])
        self.table.clear()
        # A written row's look is read no more (its height stays in row_sizes, for comments and charts).
        self.row_info.pop(row_num, None)

    def _put_link(self, row: int, col: int, location: str, fmt: Any, text: str, tip: str) -> bool:
        """``write_url(row, col, "internal:" + location, fmt, text, tip)``, the link a copy of one made
        once per tip (XlsxWriter parses each link anew). False (nothing written) for a link it would
        check further (long, or with a '#'): the caller hands it to ``write_url``."""
        if (not text or "#" in location or len(location) > 255 or len(tip) > 127 or self.ignore_write_string
                or self._check_dimensions(row, col) or self.hlink_count >= MAX_LINKS):
            return False
        models = self.__dict__.setdefault("_link_models", {})
        model = models.get(tip)
        if model is None:
            model = models[tip] = Url("internal:A1")
            model.tip = tip
        url = Url.__new__(Url)
        fields = url.__dict__
        fields.update(model.__dict__)
        fields["_original_url"] = fields["_relationship_link"] = "internal:" + location
        fields["_link"] = fields["_anchor"] = location
        fields["_text"] = text
        self.hlink_count += 1
        self._write_string(row, col, text, fmt if fmt is not None else self.default_url_format)
        self.hyperlinks[row][col] = url
        return True

    def _comment_vertices(self, comment: Any) -> list:
        """As ``Worksheet._comment_vertices`` (XlsxWriter 3.3), each axis worked out once per distinct
        start, offset and length (the columns' and rows' sizes are fixed by then: the file is being
        closed): 14 columns and 200 rows of comments, not 2,800 comments."""
        columns, rows = self.__dict__.setdefault("_axes", ({}, {}))
        key = (comment.start_col, comment.x_offset, comment.width)
        x = columns.get(key)
        if x is None:
            x = columns[key] = self._axis(*key, self._size_col,
                                       self._col_offset if self.col_size_changed else self.default_col_width)
        key = (comment.start_row, comment.y_offset, comment.height)
        y = rows.get(key)
        if y is None:
            y = rows[key] = self._axis(*key, self._size_row,
                                       self._row_offset if self.row_sizes else self.default_row_height)
        return [x[0], y[0], x[1], y[1], x[2], y[2], x[3], y[3], x[4], y[4], comment.width, comment.height]

    @staticmethod
    def _axis(start: int, offset: float, length: float, size: Any, before: Any) -> tuple:
        """One axis of ``Worksheet._position_object_pixels`` (anchor 0): the first cell, the offset into
        it, the last cell, the length into it, and the absolute offset. ``size``: a column's or row's
        size; ``before``: the size of all before a cell, or the default size of one."""
        while offset < 0 and start > 0:
            offset += size(start - 1)
            start -= 1
        offset = max(0, offset)
        absolute = (before(start) if callable(before) else before * start) + offset
        while offset >= size(start, 0):
            offset -= size(start)
            start += 1
        end = start
        if size(start, 0) > 0:
            length = length + offset
        while length >= size(end, 0):
            length -= size(end, 0)
            end += 1
        return start, offset, end, length, absolute

    def _xml_rich_inline_string(self, string: str, attributes: list | None = None) -> None:
        """XlsxWriter's own cell writer (used for a cell that takes its look from its row or column,
        and for the last row of a sheet whose widths are set after its rows) writes a text that
        starts with '<r>' and ends with '</r>' into the XML as it is, taking it for rich text. legalcheck
        writes no rich text: such a text is data, escaped like any other, on every path."""
        self._xml_inline_string(string, _preserve_whitespace(string), attributes or [])

    def _defer_row(self, row: int, values: list, looks: list[tuple], cell: Any, first: int, last: int) -> bool:
        """Hold a whole row (0-based) until it is written as XlsxWriter would write it, when the next
        row starts or the sheet is finished: so each format gets its number in the same order, and a
        cell added to the row later still comes out right. ``first``/``last``: the 0-based columns of
        its first and last cell; ``cell``: ``Sheet.cell``, for a row that cannot be written whole.
        False (nothing held) when the row is not the next one: the caller writes it cell by cell."""
        if (row < self.previous_row or self._check_dimensions(row, first, ignore_row=True)
                or self._check_dimensions(row, last, ignore_row=True)
                or self._check_dimensions(row, first, ignore_col=True)):
            return False
        if row > self.previous_row:
            self._write_single_row(row)
        elif self.pending is not None or self.table:
            return False
        self.pending = (values, looks, cell)
        return True

    def _write_whole_row(self, row_num: int, values: list, looks: list[tuple]) -> bool:
        """Write a row held by ``_defer_row``: the bytes ``_write_single_row`` writes for the cells
        ``Sheet.cell`` would have stored. False (nothing written) for a row with a cell of another kind
        (a long text, a number that is not finite, ...), which is then written cell by cell."""
        row_info = self.row_info.get(row_num)
        number = str(row_num + 1)
        if row_info is not None:
            if row_info.row_format:
                return False
            key = (row_info.height, row_info.hidden, row_info.level, row_info.collapsed)
            head = self.row_heads.get(key)
            if head is None:
                head = self.row_heads[key] = self._row_head(row_info)
            out = [f'<row r="{number}"{head}']
        elif self.default_row_height == self.original_row_height and self.excel_version != 2010:
            out = [f'<row r="{number}">']
        else:
            return False
        names = self.names
        if len(names) < len(values):
            names.extend(xl_col_to_name(col) for col in range(len(names), len(values)))
        column_formats = any(c.column_format is not None for c in self.col_info.values()) if self.col_info else False
        for name, value, look in zip(names, values, looks):
            kind = type(value)
            if kind is str:
                memo = look[2]
                tail = memo.get(value)
                if tail is None:
                    text, formula = self.book_text(value)
                    fmt = look[formula]
                    if not fmt and column_formats or len(text) > _SHORT:
                        return False
                    attr = f' s="{fmt._get_xf_index()}"' if fmt else ""
                    if text:
                        tail = self._string_tail(text, attr)
                    else:  # a blank cell; none at all where it has no look
                        tail = f"{attr}/>" if fmt else ""
                    if len(memo) >= _MEMO_LIMIT:
                        memo.clear()
                    memo[value] = tail
                if tail:
                    out.append(f'<c r="{name}{number}"{tail}')
            elif kind is int or kind is float and isfinite(value):
                fmt = look[0]
                if not fmt and column_formats:
                    return False
                attr = f' s="{fmt._get_xf_index()}"' if fmt else ""
                out.append(f'<c r="{name}{number}"{attr}><v>{value:.16G}</v></c>')
            elif value is not None:
                return False
        out.append("</row>")
        self.fh.write("".join(out))
        self.table.clear()
        return True

    def _row_head(self, row_info: Any) -> str:
        """The attributes ``_write_row`` writes for a row of ``row_info`` after its number, and '>'."""
        fh, self.fh = self.fh, StringIO()
        try:
            self._write_row(0, None, row_info)
            return self.fh.getvalue().removeprefix('<row r="1"')
        finally:
            self.fh = fh

    def _string_tail(self, string: str, attr: str) -> str:
        """As ``Worksheet._write_cell`` writes an in-line string (constant-memory mode), but for one
        thing: XlsxWriter writes a text that starts with '<r>' and ends with '</r>' into the XML as
        it is (taking it for rich text it made itself), so a country named '<r>x</r>' came out empty
        and '<r><' made a file Excel cannot open. Here every text is escaped: data is never markup."""
        string = _escape_control(string)
        space = ' xml:space="preserve"' if _preserve_whitespace(string) else ""
        return f'{attr} t="inlineStr"><is><t{space}>{self._escape_data(string)}</t></is></c>'


_PLAIN = (CellStringTuple, CellNumberTuple, CellBlankTuple)


class _Spool:
    """Texts kept on disk until the workbook is closed: a comment's text is put here as it is
    written (``put`` gives its place) and read back once, when the comments part is written."""

    def __init__(self, folder: str):
        self.fh = open(os.path.join(folder, "comments.txt"), "a+b")  # noqa: SIM115 (closed by Book.cleanup)
        self.end = 0

    def put(self, text: str) -> _Spooled:
        data = text.encode("utf-8", "surrogatepass")
        self.fh.write(data)
        start, self.end = self.end, self.end + len(data)
        return _Spooled(start, len(data))

    def get(self, place: _Spooled) -> str:
        self.fh.seek(place.start)
        return self.fh.read(place.size).decode("utf-8", "surrogatepass")


class _Later:
    """A comment's text, ``make(*args)``, made when the comments part is written (in the child
    writing it, if any). The function and its arguments, not a partial of them: 28,000 notes at
    2,000 countries, 2 MB less."""

    __slots__ = ("make", "args")

    def __init__(self, make: Callable[..., str], args: tuple):
        self.make, self.args = make, args

    def text(self) -> str:
        return self.make(*self.args)


class _Spooled:
    """Where a text is in a ``_Spool``."""

    __slots__ = ("start", "size")

    def __init__(self, start: int, size: int):
        self.start, self.size = start, size


class _Links(dict):
    """A row's links (column -> XlsxWriter ``Url``), each kept as its address, text and tip and made
    again when the sheet's links are written: a Url holds its address three times over."""

    def __setitem__(self, col: int, url: Any) -> None:
        super().__setitem__(col, (url._original_url, sys.intern(url._text), url._tip) if type(url) is Url else url)

    def __getitem__(self, col: int) -> Any:
        link = super().__getitem__(col)
        if type(link) is not tuple:
            return link
        url = Url(link[0])
        url._text, url._tip = link[1], link[2]
        return url


class _LazyComments:
    """A sheet's comments as ``Worksheet._prepare_vml_objects`` lists them (row, then column order;
    with their vertices, visibility and author), each CommentType made as the VML part reads it and
    let go after. ``light`` gives the comments part what it writes (no vertices, the text read back
    from the spool), each distinct options' CommentType made once."""

    def __init__(self, ws: _Streamed):
        self.ws = ws
        self.count = sum(len(cols) for cols in ws.comments.values())

    def __len__(self) -> int:
        return self.count

    def _each(self):
        comments = self.ws.comments
        for row in sorted(comments):
            cols = comments[row]
            for col in sorted(cols):
                yield row, col, cols[col]

    def __iter__(self):
        ws = self.ws
        for row, col, (text, options) in self._each():
            c = CommentType(row, col, text, options)
            c.vertices = ws._comment_vertices(c)
            if c.is_visible is None:
                c.is_visible = ws.comments_visible
            if c.author is None:
                c.author = ws.comments_author
            yield c

    def light(self):
        """(row, col, a CommentType of the same options, its text place): all the comments part reads."""
        ws = self.ws
        made: dict[int, CommentType] = {}  # id(options) -> a CommentType with them (the options live as long)
        for row, col, (text, options) in self._each():
            c = made.get(id(options))
            if c is None:
                c = made[id(options)] = CommentType(row, col, "", options)
                if c.author is None:
                    c.author = ws.comments_author
            yield row, col, c, text


def _escape_control(text: str) -> str:
    """``XMLwriter._escape_control_characters`` (XlsxWriter 3.3), each substitution only run on a text
    it would change: '_xHHHH_' (Excel's escape of a character) gets its underscore escaped, a control
    character becomes '_xHHHH_'. (Its text template costs ~2 us a call even where nothing matches.)"""
    if "_x" in text:
        text = _ESCAPED.sub(r"_x005F\1", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    if "\ufffe" in text or "\uffff" in text:
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return text


class _Comments(Comments):
    """XlsxWriter's comments part, each comment written in one piece: the same bytes as
    ``Comments._write_authors``, ``_write_comment_list`` and the methods they call (XlsxWriter 3.3).
    ``_LazyComments`` give their texts from the spool."""

    spool: _Spool | None = None

    def _write_authors(self, comment_data: Any) -> None:
        if not isinstance(comment_data, _LazyComments):
            return super()._write_authors(comment_data)
        self._xml_start_tag("authors")
        for _, _, c, _ in comment_data.light():
            author = c.author
            if author is not None and author not in self.author_ids:
                self.author_ids[author] = len(self.author_ids)
                self._write_author(author)
        self._xml_end_tag("authors")

    def _write_comment_list(self, comment_data: Any) -> None:
        if isinstance(comment_data, _LazyComments):
            spool = self.spool
            each = ((row, col, c, clean(text.text()) if type(text) is _Later else spool.get(text))  # type: ignore[union-attr]
                    for row, col, c, text in comment_data.light())
        else:
            each = ((c.row, c.col, c, c.text) for c in comment_data)
        self._xml_start_tag("commentList")
        attr = self._escape_attributes
        heads: dict[tuple, str] = {}  # (author, font size, name, family) -> the comment's text up to <t
        for row, col, c, text in each:
            look = (c.author, c.font_size, c.font_name, c.font_family)
            head = heads.get(look)
            if head is None:
                author = "" if c.author is None else f' authorId="{self.author_ids[c.author]}"'
                head = heads[look] = (
                    f'{author}><text><r><rPr><sz val="{attr(c.font_size)}"/><color indexed="81"/>'
                    f'<rFont val="{attr(c.font_name)}"/><family val="{attr(c.font_family)}"/></rPr><t')
            space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
            text = _escape_control(self._escape_data(text))
            self.fh.write(f'<comment ref="{xl_rowcol_to_cell(row, col)}"{head}{space}>{text}</t></r></text></comment>')
        self._xml_end_tag("commentList")


class _Vml(Vml):
    """XlsxWriter's VML drawing of the comments, each comment's shape written in one piece: the same
    bytes as ``Vml._write_comment_shape`` and the methods it calls (XlsxWriter 3.3)."""

    def _write_comment_shape(self, shape_id: int, z_index: int, comment: Any) -> None:
        left, top, width, height = self._pixels_to_points(comment.vertices)
        c0, r0, x1, y1, c1, r1, x2, y2 = comment.vertices[:8]
        visible = comment.is_visible
        fill = self._escape_attributes(comment.color._vml_rgb_hex_value())
        self.fh.write(
            f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" style="position:absolute;'
            f"margin-left:{left:.15g}pt;margin-top:{top:.15g}pt;width:{width:.15g}pt;height:{height:.15g}pt;"
            f'z-index:{z_index};visibility:{"visible" if visible else "hidden"}" fillcolor="{fill}" '
            'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left">'
            '</div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{c0}, {x1}, {r0}, {y1}, {c1}, {x2}, {r1}, {y2}</x:Anchor><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>{comment.row}</x:Row><x:Column>{comment.col}</x:Column>"
            f'{"<x:Visible/>" if visible else ""}</x:ClientData></v:shape>')


class _Packager(Packager):
    """XlsxWriter's packager with ``_Vml`` and ``_Comments``. Where a fork is wanted (``FORK_NOTES``
    comments or more), the VML and comments parts are written by a child process (``_Notes``),
    started as the packaging starts, while this one writes and deflates the parts before them;
    ``_store_workbook`` waits for it at the first of its parts. The child failing, they are written
    here: the same bytes either way.

    A sheet whose rows are written elsewhere (``Book.elsewhere``; the workbook's ``late``) is
    written when ``_store_workbook`` reaches its part, after the parts before it are written and
    deflated: the child's rows are adopted then (or written here then: no child, or it failed), and
    with them come the two parts that depend on every format the rows use, the workbook and the
    styles. Each keeps its place in the package."""

    notes: "_Notes | None" = None

    def _create_package(self):
        self.planned: dict[str, str] = {}  # part name -> the file the child writes it to
        # The file of each part written when _store_workbook reaches it -> what writes it then.
        self.later: dict[str, Callable[[], None]] = {}
        self.late_parts: list[tuple[str, Callable[[str], None]]] = []  # (file, its writer), in order
        self.rows_late = {id(job.sheet.ws): job for job in getattr(self.workbook, "late", ())}
        sheets = self.workbook.worksheets()
        if not any(ws.has_header_vml or ws.buttons_list for ws in sheets):
            count = sum(len(ws.comments_list) for ws in sheets if ws.has_comments)
            if fork_wanted(count, FORK_NOTES):
                notes = _Notes()
                for name, ws, write in self._notes_parts():
                    fd, path = tempfile.mkstemp(dir=self.tmpdir)
                    os.close(fd)
                    self.planned[name] = path
                    notes.parts.append((path, lambda path=path, ws=ws, write=write: write(path, ws)))
                self.notes = self.workbook.notes = notes  # stopped by Book.cleanup if the workbook is abandoned
                notes.start([ws.spool for ws in sheets if getattr(ws, "spool", None) is not None])
                for path in self.planned.values():
                    self.later[path] = notes.join  # once: later calls find nothing left to do
        return super()._create_package()

    def _late(self, name: str, write: Callable[[str], None]) -> None:
        """The part ``name`` given its place now, written by ``write(its file)`` with the rows."""
        path = self._filename(name)
        self.late_parts.append((path, write))
        self.later[path] = self._write_late

    def _write_late(self) -> None:
        """The rows written elsewhere adopted (``_Rows.join``), then every part that waited for them."""
        for job in self.rows_late.values():
            job.join(late=True)
        self.rows_late = {}
        parts, self.late_parts = self.late_parts, []
        for path, write in parts:
            write(path)

    def _write_worksheet_files(self) -> None:
        """As Packager's (XlsxWriter 3.3); a sheet whose rows are still being written, later."""
        if not self.rows_late:
            return super()._write_worksheet_files()
        index = 1
        for worksheet in self.workbook.worksheets():
            if worksheet.is_chartsheet:
                continue
            name = "xl/worksheets/sheet" + str(index) + ".xml"
            if id(worksheet) in self.rows_late:
                self._late(name, lambda path, ws=worksheet: self._sheet(path, ws))
            else:
                self._sheet(self._filename(name), worksheet)
            index += 1

    @staticmethod
    def _sheet(path: str, worksheet: Any) -> None:
        if worksheet.constant_memory:
            worksheet._opt_reopen()
            worksheet._write_single_row()
        worksheet._set_xml_writer(path)
        worksheet._assemble_xml_file()

    def _write_workbook_file(self) -> None:  # numbers every format's font, fill...: after the rows
        if not self.rows_late:
            return super()._write_workbook_file()
        workbook = self.workbook

        def write(path: str) -> None:
            workbook._set_xml_writer(path)
            workbook._assemble_xml_file()

        self._late("xl/workbook.xml", write)

    def _write_styles_file(self) -> None:  # every format: after the rows (and the workbook part)
        if not self.rows_late:
            return super()._write_styles_file()
        wb = self.workbook

        def write(path: str) -> None:  # as Packager._write_styles_file (XlsxWriter 3.3)
            styles = Styles()
            styles._set_style_properties([wb.xf_formats, wb.palette, wb.font_count, wb.num_formats, wb.border_count,
                                          wb.fill_count, wb.custom_colors, wb.dxf_formats, wb.has_comments])
            styles._set_xml_writer(path)
            styles._assemble_xml_file()

        self._late("xl/styles.xml", write)

    def _notes_parts(self):
        """(part name, sheet, writer) of each VML drawing, then each comments part, as Packager numbers them."""
        sheets = self.workbook.worksheets()
        for index, ws in enumerate([ws for ws in sheets if ws.has_vml], start=1):
            yield "xl/drawings/vmlDrawing" + str(index) + ".vml", ws, self._vml
        for index, ws in enumerate([ws for ws in sheets if ws.has_comments], start=1):
            yield "xl/comments" + str(index) + ".xml", ws, self._comments

    def _write_vml_files(self) -> None:
        if any(ws.has_header_vml or ws.buttons_list for ws in self.workbook.worksheets()):
            return super()._write_vml_files()
        self._write_notes(self._vml)

    def _write_comment_files(self) -> None:  # as Packager's, with _Comments
        self._write_notes(self._comments)

    def _write_notes(self, kind: Callable[[str, Any], None]) -> None:
        """Each part of this kind listed in its place; written now unless the child writes it."""
        for name, ws, write in self._notes_parts():
            if write != kind:
                continue
            path = self.planned.pop(name, None)
            if path is not None:
                self.filenames.append((path, name, False))
            else:
                write(self._filename(name), ws)

    @staticmethod
    def _vml(path: str, worksheet: Any) -> None:  # as Packager's, with _Vml (no buttons or header images here)
        vml = _Vml()
        vml._set_xml_writer(path)
        vml._assemble_xml_file(worksheet.vml_data_id, worksheet.vml_shape_id, worksheet.comments_list,
                               worksheet.buttons_list)

    @staticmethod
    def _comments(path: str, worksheet: Any) -> None:
        comment = _Comments()
        comment.spool = getattr(worksheet, "spool", None)
        comment._set_xml_writer(path)
        comment._assemble_xml_file(worksheet.comments_list)


def _piped_child(send: Callable[[int], None]) -> tuple[int, int] | None:
    """A forked child (``parallel.fork_child``) running ``send`` with the write end of a new pipe:
    (its pid, the read end); None where the fork failed for want of memory or processes (OSError),
    the caller then doing the work itself."""
    read, write = os.pipe()
    try:
        pid = fork_child(lambda: send(write), close=(read,))
    except BaseException as e:
        os.close(read)
        os.close(write)
        if isinstance(e, OSError):
            return None
        raise
    os.close(write)
    return pid, read


class _Piped:
    """Work done by a forked child (``_piped_child``) that answers through a pipe."""

    pid: int = -1
    pipe: int = -1

    def stop(self) -> None:
        """Kill and reap a child still running (the workbook is abandoned)."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid > 0:
            reap(self.pid, kill=True)
            self.pid = -1


class _Notes(_Piped):
    """The comments' parts (VML drawing and comments XML), each written to its file by its ``write``:
    in a forked child (``parallel.fork_child``: it writes nothing else, its standard streams lead
    nowhere, it ends with ``os._exit``), or here at ``join`` if the fork or the child failed."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, Callable[[], None]]] = []
        self.pid = -1
        self.pipe = -1

    def start(self, spools: list[_Spool]) -> None:
        for spool in spools:  # nothing buffered that the child could write again
            spool.fh.flush()

        def send(fd: int) -> None:  # pragma: no cover - runs in the child
            for _, write_part in self.parts:
                write_part()
            os.write(fd, b"1")

        started = _piped_child(send)
        if started is not None:  # else (no memory or too many processes) written here at join
            self.pid, self.pipe = started

    def join(self) -> None:
        """The parts written (by the child, or now, here)."""
        done = False
        if self.pipe >= 0:
            try:
                done = os.read(self.pipe, 1) == b"1"
            finally:
                os.close(self.pipe)
                self.pipe = -1
            _, status = os.waitpid(self.pid, 0)
            self.pid = -1
            done = done and status == 0
        if not done:
            for _, write_part in self.parts:
                write_part()
        self.parts = []


class _Workbook(Workbook):
    zip_time: tuple[int, int, int, int, int, int]  # the time every zip entry carries
    notes: _Notes | None = None  # the child writing the comments' parts, while the workbook is closed
    late: Sequence[_Rows] = ()  # sheets whose rows are written elsewhere, joined as they are packaged (Book.close)

    def _get_packager(self) -> Packager:  # XlsxWriter's hook for another packager
        return _Packager() if FAST_WRITERS else Packager()

    def _store_workbook(self) -> None:
        """As ``Workbook._store_workbook`` (XlsxWriter 3.3) for the workbooks made here (no VBA, parts
        in files), but each part is deflated at ``ZIP_LEVEL`` and every entry carries ``zip_time``."""
        if not self.worksheets():
            self.add_worksheet()
        if self.worksheet_meta.activesheet == 0:
            self.worksheets_objs[0].selected = 1
            self.worksheets_objs[0].hidden = 0
        for sheet in self.worksheets():
            if sheet.index == self.worksheet_meta.activesheet:
                sheet.active = 1
        self._prepare_sst_string_data()
        self._prepare_vml()
        self._prepare_defined_names()
        self._prepare_drawings()
        self._add_chart_data()
        self._prepare_tables()
        self._prepare_metadata()
        packager = self._get_packager()
        packager._add_workbook(self)
        packager._set_tmpdir(self.tmpdir)
        packager._set_in_memory(False)
        parts = packager._create_package()
        # The parts written when reached (_Packager.later); XlsxWriter's own Packager (FAST_WRITERS off) has none.
        later = getattr(packager, "later", {})
        with ZipFile(self.filename, "w", ZIP_DEFLATED, allowZip64=self.allow_zip64) as zf:
            for os_filename, xml_filename, _binary in parts:
                write = later.pop(os_filename, None)
                if write is not None:
                    write()
                info = ZipInfo(xml_filename, self.zip_time)
                info.compress_type = ZIP_DEFLATED
                info._compresslevel = ZIP_LEVEL  # type: ignore[attr-defined]
                info.external_attr = _PART_MODE
                info.file_size = os.path.getsize(os_filename)  # zipfile decides on zip64 by it
                with open(os_filename, "rb") as src, zf.open(info, "w") as dest:
                    shutil.copyfileobj(src, dest, 1 << 20)
                os.remove(os_filename)


_SHORT = 16383  # a text this long cannot pass Excel's limit in UTF-16 units: XlsxWriter stores it as it is


def fill_colour(rating: str) -> str:
    """The ARGB fill of a rating as XlsxWriter's '#RRGGBB'."""
    return "#" + FILLS.get(rating, "FFFFFFFF")[2:]


class Book:
    """One workbook being written to ``path``; ``close()`` finishes it."""

    def __init__(self, path: Path, title: str, when: datetime):
        self.path = Path(path)
        self.when = when.astimezone(timezone.utc).replace(tzinfo=None)
        # XlsxWriter keeps each sheet's rows in a file of its own until the workbook is closed, and
        # removes it only then: in a folder of ours beside the output (the disk the file goes to, not
        # the system's temporary one), removed however the writing ends (cleanup, or ``with``). Written
        # through ``render.write``, the output is itself in a hidden '.NAME.xxxxxxxx.partial' folder
        # made for this write (``output.write_atomic(folder=True)``), so this one is inside it: a run
        # killed outright (SIGKILL), which no clean-up survives, leaves that one folder, nothing more.
        self.tmpdir = tempfile.mkdtemp(prefix=".lc-", dir=self.path.parent)
        self.wb = _Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                       "strings_to_numbers": False, "strings_to_urls": False,
                                       "tmpdir": self.tmpdir})
        self.wb.use_zip64()  # as openpyxl did: no size limit on a part
        self.wb.zip_time = zip_time(self.when)
        self.wb.set_properties({"title": clean(title), "author": f"legalcheck {__version__}", "created": self.when})
        self._formats: dict[tuple, Any] = {}
        self.styles: dict[tuple, Any] = {}  # Sheet.style's arguments -> format
        self.looks: dict[tuple, tuple] = {}  # Sheet.look's arguments -> (format, format with the quote prefix)
        self.texts: dict[str, tuple[str, bool]] = {}  # text -> (cleaned, read by Excel as a formula)
        self.tails: dict[tuple[str, str], str] = {}  # for _Streamed
        self.columns: dict[int, str] = {}
        self.spool = _Spool(self.tmpdir) if FAST_WRITERS else None
        self.comment_options: dict[tuple[int, int], dict] = {}
        self.jobs: list[_Rows] = []  # sheets whose rows are written elsewhere (``elsewhere``)

    def __enter__(self) -> "Book":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def cleanup(self) -> None:
        """Close the sheets' row files and remove the folder that holds them (done or not); stop a
        child still writing rows or the comments' parts."""
        for job in self.jobs:
            job.stop()
        if self.wb.notes is not None:
            self.wb.notes.stop()
        for ws in self.wb.worksheets():
            fh = getattr(ws, "row_data_fh", None)
            if fh is not None and not fh.closed:
                fh.close()
        if self.spool is not None:
            self.spool.fh.close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def format(self, **props: Any):
        """The shared format with these XlsxWriter properties (made once per workbook)."""
        key = tuple(sorted(props.items()))
        f = self._formats.get(key)
        if f is None:
            f = self._formats[key] = self.wb.add_format(props)
        return f

    def sheet(self, name: str) -> "Sheet":
        if not FAST_WRITERS:
            return Sheet(self, self.wb.add_worksheet(name))
        ws = self.wb.add_worksheet(name, worksheet_class=_Streamed)
        ws.tails, ws.columns, ws.names, ws.row_heads, ws.book_text = self.tails, self.columns, [], {}, self.text
        ws.spool = self.spool
        ws.hyperlinks = defaultdict(_Links)
        return Sheet(self, ws)

    def text(self, value: str) -> tuple[str, bool]:
        """``value`` cleaned for a cell, and whether Excel would read it as a formula (once per text)."""
        known = self.texts.get(value)
        if known is None:
            text = clean(value)
            known = (text, text.startswith(FORMULA_STARTS))
            if len(self.texts) >= _MEMO_LIMIT:
                self.texts.clear()
            self.texts[value] = known
        return known

    def elsewhere(self, sheet: "Sheet", fill: Callable[["Sheet"], None], looks: list[tuple], rows: int) -> None:
        """Have ``fill(sheet)`` write all of ``sheet``'s rows (and nothing else: no link, note or merged
        cell) in a forked child process, on the machine's second core, while the caller writes the
        other sheets; the rows join the workbook when it is closed. Where forking is unwanted (``rows``
        under ``FORK_ROWS``, not Linux, one core, a thread running, ``LEGALCHECK_NO_FORK`` set) or the
        child fails, ``fill`` runs in this process when the workbook is closed: the same bytes either
        way. ``looks``: every look ``fill`` uses (``Sheet.look``), their formats numbered here and now,
        as a child cannot number a format for its parent (one it was not given makes it fail)."""
        for look in looks:
            for fmt in look[:2]:
                if fmt:
                    fmt._get_xf_index()
        self.jobs.append(_Rows(self, sheet, fill, fork=fork_wanted(rows, FORK_ROWS)))

    def close(self) -> None:
        """Finish the file. A sheet whose rows are written elsewhere (``elsewhere``) is written when
        its part's turn in the package comes (``_Packager``), the parts before it written and
        deflated meanwhile: its rows adopted from the child then, or written here then (no child,
        or it failed). Here or from the child, they come at the same point, after every other
        sheet's last row: a format they number comes after those sheets' formats either way, so the
        bytes are the same."""
        if FAST_WRITERS:
            self.wb.late = list(self.jobs)
        else:  # XlsxWriter's own Packager: every sheet's rows joined first
            for job in self.jobs:
                job.join()
        try:
            self.wb.close()
        except FileCreateError as e:  # XlsxWriter's wrapper of an OSError (a full disk): unwrapped,
            if isinstance(e.args[0], OSError):  # so output.write_atomic words it like any other
                raise e.args[0] from None
            raise


class _Rows(_Piped):
    """The rows of one sheet, written by ``fill`` into a file of their own (the sheet's row file, as
    XlsxWriter's constant-memory mode keeps one): in a forked child, which sends back the sheet's
    dimensions, or in this process at ``join``. The child writes nothing but that file and its pipe
    (its standard streams lead nowhere) and ends with ``os._exit`` (``parallel.fork_child``); the
    parent reaps it, or kills it when the workbook is abandoned (``stop``)."""

    def __init__(self, book: "Book", sheet: "Sheet", fill: Callable[["Sheet"], None], fork: bool):
        self.book, self.sheet, self.fill = book, sheet, fill
        ws = sheet.ws
        if ws.dim_rowmin is not None or ws.table or getattr(ws, "pending", None) is not None:
            raise ValueError(f"{ws.name}: rows are written already; elsewhere() must come first")
        ws.row_data_fh.close()  # empty: nothing may be written to this sheet meanwhile
        os.remove(ws.row_data_filename)
        fd, self.path = tempfile.mkstemp(dir=book.tmpdir)
        os.close(fd)
        ws.row_data_filename, ws.row_data_fh_closed = self.path, True
        self.pid = -1
        self.pipe = -1
        if fork:
            self._fork()

    def _fork(self) -> None:
        for ws in self.book.wb.worksheets():  # nothing buffered that the child could write again
            if not ws.row_data_fh_closed:
                ws.row_data_fh.flush()
        if self.book.spool is not None:
            self.book.spool.fh.flush()

        def send(fd: int) -> None:  # pragma: no cover - runs in the child
            view = memoryview(pickle.dumps(self._write(child=True)))
            while view:
                view = view[os.write(fd, view):]

        started = _piped_child(send)
        if started is not None:  # else (no memory or too many processes) written here at join
            self.pid, self.pipe = started

    def _write(self, child: bool, late: bool = False) -> tuple:
        """Write the rows (here, or in the child); the sheet's dimensions and last row. ``late``:
        here, while the package is written (``_Packager``), where a format may still be added (the
        parts that list them come after) but not a link or note (the parts that list them are written)."""
        ws, wb = self.sheet.ws, self.book.wb
        numbered, made = len(wb.xf_format_indices), len(wb.formats)
        notes = (len(ws.hyperlinks), len(ws.comments), ws.has_vml)
        ws.fh = ws.row_data_fh = open(self.path, "w+", encoding="utf-8")  # as XlsxWriter opens one
        ws.row_data_fh_closed = False
        self.fill(self.sheet)
        ws._write_single_row(ws.previous_row + 1)  # the last row: nothing is left for XlsxWriter to write
        ws.row_data_fh.close()
        ws.row_data_fh_closed = True
        if child and (len(wb.xf_format_indices) != numbered or len(wb.formats) != made or ws.hyperlinks
                      or ws.comments or ws.merge or ws.has_vml):
            raise RuntimeError("rows written elsewhere need a format, link, note or merge the parent lacks")
        if late and (len(ws.hyperlinks), len(ws.comments), ws.has_vml) != notes:
            raise RuntimeError("rows written elsewhere may not have a link or note")
        return ws.dim_rowmin, ws.dim_rowmax, ws.dim_colmin, ws.dim_colmax, ws.previous_row

    def join(self, late: bool = False) -> None:
        """The child's rows adopted (its dimensions), or the rows written here (``late``: see ``_write``)."""
        answer = None
        if self.pipe >= 0:
            chunks = []
            try:
                while chunk := os.read(self.pipe, 1 << 16):
                    chunks.append(chunk)
            finally:
                os.close(self.pipe)
                self.pipe = -1
            _, status = os.waitpid(self.pid, 0)
            self.pid = -1
            if status == 0 and chunks:
                answer = pickle.loads(b"".join(chunks))
        if answer is None:
            self._write(child=False, late=late)
            return
        ws = self.sheet.ws
        rowmin, rowmax, colmin, colmax, ws.previous_row = answer
        if rowmin is not None:
            ws.dim_rowmin = rowmin if ws.dim_rowmin is None else min(ws.dim_rowmin, rowmin)
            ws.dim_rowmax = rowmax if ws.dim_rowmax is None else max(ws.dim_rowmax, rowmax)
        if colmin is not None:
            ws.dim_colmin = colmin if ws.dim_colmin is None else min(ws.dim_colmin, colmin)
            ws.dim_colmax = colmax if ws.dim_colmax is None else max(ws.dim_colmax, colmax)


class Sheet:
    """A worksheet written row by row; a value is written by ``put`` (or ``cell``/``row`` with a
    look worked out once), which all clean text the same way."""

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

    def look(self, **style: Any) -> tuple:
        """The look ``style`` (as for ``style``) once worked out, for ``cell``: its format for any
        value, for text Excel would read as a formula, and the XML of the cells of each text written
        in it by ``row`` (made once, in ``_Streamed._write_whole_row``)."""
        key = tuple(style.items())
        known = self.book.looks.get(key)
        if known is None:
            known = self.book.looks[key] = (self.style(**style), self.style("=", **style), {})
        return known

    def put(self, row: int, col: int, value: Any, **style: Any) -> None:
        """Write one cell (1-based). Numbers stay numbers; everything else is written as plain text;
        None writes nothing, '' a blank cell."""
        if value is not None:
            self.cell(row, col, value, self.look(**style))

    def cell(self, row: int, col: int, value: Any, look: tuple) -> None:
        """``put`` with a look from ``look``: for the many cells of a row in one look."""
        kind = type(value)
        if kind is not str:
            if value is None:
                return
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, (int, float)):
                self.ws._write_number(row - 1, col - 1, value, look[0])
                return
            else:
                value = str(value)
        text, formula = self.book.text(value)
        if text:
            self.ws._write_string(row - 1, col - 1, text, look[formula])
        else:  # an empty cell, as openpyxl wrote one: read back as no value, not ''
            self.ws._write_blank(row - 1, col - 1, None, look[0])

    def row(self, row: int, values: list, looks: list[tuple]) -> None:
        """``cell(row, col, value, look)`` for each value and look, from column A."""
        defer = getattr(self.ws, "_defer_row", None)
        if defer is not None and len(values) == len(looks):
            # the first and last cell written: not None, nor a text that cleans to nothing in no look
            first, last = 0, len(values) - 1
            while first <= last and self._nothing(values[first], looks[first]):
                first += 1
            while last > first and self._nothing(values[last], looks[last]):
                last -= 1
            if first > last or defer(row - 1, values, looks, self.cell, first, last):
                return
        for col, (value, look) in enumerate(zip(values, looks), start=1):
            self.cell(row, col, value, look)

    def _nothing(self, value: Any, look: tuple) -> bool:
        """Whether ``cell`` writes nothing for ``value`` in ``look``."""
        return value is None or type(value) is str and look[0] is None and not self.book.text(value)[0]

    def link(self, row: int, col: int, text: str, location: str, tip: str, **style: Any) -> None:
        """A cell showing ``text`` that links to ``location`` in this workbook ("'Details'!A5")."""
        text = clean(text)
        if self.links >= MAX_LINKS:
            self.ws.write_string(row - 1, col - 1, text, self.style(text, **style))
            return
        self.links += 1
        put = getattr(self.ws, "_put_link", None)
        if put is None or not put(row - 1, col - 1, location, self.style(text, **style), text, tip):
            self.ws.write_url(row - 1, col - 1, f"internal:{location}", self.style(text, **style), text, tip)

    def comment(self, row: int, col: int, text: str, width: int = 144, height: int = 79) -> None:
        """A note on a cell (shown on hover), ``width`` × ``height`` pixels; openpyxl's default size."""
        options = self.book.comment_options.get((width, height))
        if options is None:  # one dict per size: a streamed sheet keeps it with each comment
            options = self.book.comment_options[width, height] = {"author": "legalcheck", "width": width, "height": height}
        self.ws.write_comment(row - 1, col - 1, clean(text), options)

    def comment_later(self, row: int, col: int, make: Callable[..., str], *args: Any, width: int = 144,
                      height: int = 79) -> None:
        """As ``comment``, the text being ``make(*args)``, called only when the comments part is
        written (on a streamed sheet; by the child writing it where there is one): it must give the
        same text whenever called, and at most 16,383 characters (so never over Excel's limit)."""
        ws = self.ws
        if not isinstance(ws, _Streamed):
            return self.comment(row, col, make(*args), width, height)
        options = self.book.comment_options.get((width, height))
        if options is None:
            options = self.book.comment_options[width, height] = {"author": "legalcheck", "width": width, "height": height}
        if ws._check_dimensions(row - 1, col - 1):
            return None
        ws.has_vml = True
        ws.has_comments = True
        ws.comments[row - 1][col - 1] = (_Later(make, args), options)
        return None

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
