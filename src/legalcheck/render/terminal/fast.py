"""Helpers for printing large output as Rich prints it, without Rich's per-cell and per-line work.

Every shortcut here gives the same bytes as the Rich path it replaces (tests/test_terminal.py
compares them, in colour and without, at many widths).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import copy

from rich._loop import loop_first_last, loop_last
from rich._pick import pick_bool
from rich.console import Console, ConsoleOptions, RenderResult
from rich.control import strip_control_codes
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Column, Table
from rich.text import Text

# The control codes Rich's Text strips (bell, backspace, vertical tab, form feed, carriage return).
_STRIPPED = re.compile("[\x07\x08\x0b\x0c\x0d]")


def strip_control(text: str) -> str:
    """``text`` without the control codes Rich's Text strips. (Rich's own ``strip_control_codes``
    translates every character through a dict: slow over tens of thousands of lines, which data
    cleaned when loaded almost never needs.)"""
    return strip_control_codes(text) if _STRIPPED.search(text) else text


def plain_console(console: Console) -> bool:
    """True when ``console`` prints no style at all (no colour system: not a terminal, or piped), so
    text can go to it in one piece rather than a segment per style. Not for a legacy Windows
    console (it styles through the Windows API) or a recording one (its exports keep styles)."""
    return console.color_system is None and not console.legacy_windows and not console.record


def _cell_key(renderable: object) -> object:
    """What a cell's rendering depends on, when it is a str or a Text (None for anything else: such
    a cell is rendered every time it occurs)."""
    if type(renderable) is str:
        return renderable
    if type(renderable) is Text:
        t = renderable
        return (t.plain, t.style, tuple(t.spans), t.justify, t.overflow, t.no_wrap, t.end, t.tab_size)
    return None


def _distinct(cells: list) -> list:
    """``cells`` without repeats (a cell that cannot be compared is kept)."""
    seen: set = set()
    out = []
    for cell in cells:
        key = _cell_key(cell)
        if key is None:
            out.append(cell)
        elif key not in seen:
            seen.add(key)
            out.append(cell)
    return out


class FastTable(Table):
    """A Rich ``Table`` that prints the same bytes as Rich's, with each distinct cell measured and
    laid out once.

    A list that grows with the data (a thousand profiles in ``countries``) repeats most of its
    cells (years, counts, empty cells), and Rich measures each cell, then lays each one out,
    wrapping included, one by one. Here the column widths come from Rich's own measuring of each
    distinct cell (a column is as wide as its widest cell, so repeats change nothing), and each
    distinct cell in its column is laid out by Rich once (``console.render_lines``, wrapping and
    all) and reused; rows, borders and sections are put together as ``Table._render`` does. A
    console that shows no style gets each line as one piece of text. A cell that is neither a str
    nor a Text is laid out every time. tests/test_terminal.py compares it with Rich's ``Table``.
    """

    def _measure_column(self, console: Console, options: ConsoleOptions, column: Column) -> Measurement:
        distinct = _distinct(column._cells)
        if len(distinct) < len(column._cells):
            column = copy(column)
            column._cells = distinct
        return super()._measure_column(console, options, column)

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        # Table._render (rich 15), with each cell's lines worked out once per distinct cell.
        table_style = console.get_style(self.style or "")
        border_style = table_style + console.get_style(self.border_style or "")
        columns = self.columns
        row_cells = list(zip(*(self._get_cells(console, i, c) for i, c in enumerate(columns))))
        _box = self.box.substitute(options, safe=pick_bool(self.safe_box, console.safe_box)) if self.box else None
        _box = _box.get_plain_headed_box() if _box and not self.show_header else _box
        new_line = Segment.line()
        show_header, show_footer, show_edge = self.show_header, self.show_footer, self.show_edge
        show_lines, leading = self.show_lines, self.leading
        plain = plain_console(console)
        get_row_style = self.get_row_style
        get_style = console.get_style
        column_options = [options.update(width=w, justify=c.justify, no_wrap=c.no_wrap, overflow=c.overflow,
                                         height=None, highlight=c.highlight) for w, c in zip(widths, columns)]
        rendered: dict[tuple, list[list[Segment]]] = {}
        shaped: dict[tuple, tuple[list[list[Segment]], list[str]]] = {}
        null = Style.null()

        def rule(text: str) -> Iterator[Segment]:
            if plain:
                yield Segment(text + "\n")
            else:
                yield Segment(text, border_style)
                yield new_line

        if _box:
            box_segments = [
                (Segment(_box.head_left, border_style), Segment(_box.head_right, border_style),
                 Segment(_box.head_vertical, border_style)),
                (Segment(_box.mid_left, border_style), Segment(_box.mid_right, border_style),
                 Segment(_box.mid_vertical, border_style)),
                (Segment(_box.foot_left, border_style), Segment(_box.foot_right, border_style),
                 Segment(_box.foot_vertical, border_style)),
            ]
            if show_edge:
                yield from rule(_box.get_top(widths))

        for index, (first, last, row_cell) in enumerate(loop_first_last(row_cells)):
            header_row = first and show_header
            footer_row = last and show_footer
            row = self.rows[index - show_header] if (not header_row and not footer_row) else None
            if header_row or footer_row:
                row_style = null
            else:
                row_style = get_style(get_row_style(console, index - 1 if show_header else index))
            keys: list[tuple | None] = []
            cells: list[list[list[Segment]]] = []
            for i, cell in enumerate(row_cell):
                content = cell.renderable
                if isinstance(content, Padding):
                    ckey = _cell_key(content.renderable)
                    key = None if ckey is None else (i, ckey, content.top, content.right, content.bottom,
                                                    content.left, cell.style, row_style)
                else:
                    ckey = _cell_key(content)
                    key = None if ckey is None else (i, ckey, cell.style, row_style)
                lines = None if key is None else rendered.get(key)
                if lines is None:
                    lines = console.render_lines(content, column_options[i], style=get_style(cell.style) + row_style)
                    if key is not None:
                        rendered[key] = lines
                keys.append(key)
                cells.append(lines)
            row_height = max(len(cell) for cell in cells)
            max_height = max(1, row_height)

            texts: list[list[str]] = []
            for n, (width, _cell, lines, key) in enumerate(zip(widths, row_cell, cells, keys)):
                vertical = "bottom" if header_row else "top" if footer_row else _cell.vertical
                skey = None if key is None else (key, vertical, row_height, max_height)
                got = None if skey is None else shaped.get(skey)
                if got is None:
                    style = get_style(_cell.style) + row_style
                    if vertical == "top":
                        aligned = Segment.align_top(lines, width, row_height, style)
                    elif vertical == "middle":
                        aligned = Segment.align_middle(lines, width, row_height, style)
                    else:
                        aligned = Segment.align_bottom(lines, width, row_height, style)
                    block = Segment.set_shape(aligned, width, max_height)
                    got = (block, ["".join([s.text for s in line]) for line in block] if plain else [])
                    if skey is not None:
                        shaped[skey] = got
                cells[n] = got[0]
                texts.append(got[1])

            if _box:
                if last and show_footer:
                    yield from rule(_box.get_row(widths, "foot", edge=show_edge))
                left, right, _divider = box_segments[0 if first else (2 if last else 1)]
                if plain:
                    start = left.text if show_edge else ""
                    end = (right.text if show_edge else "") + "\n"
                    divider_text = _divider.text
                    for line_no in range(max_height):
                        yield Segment(start + divider_text.join([t[line_no] for t in texts]) + end)
                else:
                    divider = (_divider if _divider.text.strip()
                               else Segment(_divider.text, row_style.background_style + _divider.style))
                    for line_no in range(max_height):
                        if show_edge:
                            yield left
                        for last_cell, rendered_cell in loop_last(cells):
                            yield from rendered_cell[line_no]
                            if not last_cell:
                                yield divider
                        if show_edge:
                            yield right
                        yield new_line
            elif plain:
                for line_no in range(max_height):
                    yield Segment("".join([t[line_no] for t in texts]) + "\n")
            else:
                for line_no in range(max_height):
                    for rendered_cell in cells:
                        yield from rendered_cell[line_no]
                    yield new_line
            if _box and first and show_header:
                yield from rule(_box.get_row(widths, "head", edge=show_edge))
            end_section = row and row.end_section
            if _box and (show_lines or leading or end_section):
                if (not last and not (show_footer and index >= len(row_cells) - 2)
                        and not (show_header and header_row)):
                    yield from rule(_box.get_row(widths, "mid", edge=show_edge) * leading if leading
                                    else _box.get_row(widths, "row", edge=show_edge))

        if _box and show_edge:
            yield from rule(_box.get_bottom(widths))
