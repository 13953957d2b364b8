"""The regional matrix as a terminal table, and the regional summary as text.

The terminal table must stay readable in 80 columns with any number of indicators: countries as
rows and indicators as columns (short headings, with a key) when that fits; otherwise transposed
(indicators as rows, countries as columns headed by ISO code); and if even that is too wide, the
transposed table is split into several tables of countries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.control import strip_control_codes
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ...matrix import Matrix, MatrixCell, MatrixRow, RegionalSummary
from ..text import (
    DISAGREE,
    DISAGREE_NOTE,
    NO_PROFILE_SYMBOL,
    SYMBOLS,
    any_disagreement,
    legend_items,
    pack,
    row_rated,
    row_score,
    short_badge,
    row_year,
    score_note,
    carried_mark,
    carried_cells_note,
)
from .styles import STYLES

# A cell: its text (one line, never markup) and its style. Plain pairs rather than Rich Text: a
# 200-country matrix has thousands of cells, and building, measuring and laying out a Text for each
# was most of the time the matrix took to print.
Cell = tuple[str, str]


def _cells(row: MatrixRow, indicators: Sequence[str]) -> list[Cell]:
    """The row's cell for each indicator (one look-up table per row, not a search per cell)."""
    by_id = {c.indicator: c for c in row.cells}
    return [_cell(row, by_id.get(i)) for i in indicators]


def _cell(row: MatrixRow, c: MatrixCell | None) -> Cell:
    if c is None:
        return NO_PROFILE_SYMBOL, "dim"
    return (short_badge(c.rating) + carried_mark(c.from_year, row.year) + (DISAGREE if c.disagreement else ""),
            STYLES[c.rating])


def _heading(m: Matrix) -> Text:
    t = Text(m.title, style="bold")
    when = f"{m.year}" if m.year is not None else "latest profiles"
    t.append(f" · {when}", style="dim")
    years = m.profile_years()
    if len(years) > 1:
        t.append(f" · draws on profiles {', '.join(str(y) for y in years)}", style="dim")
    if m.indicator_choice:
        t.append(f"\nShown: {m.indicator_choice}.", style="dim")
    return t


@dataclass
class _Col:
    header: str
    cells: list[Cell]
    justify: str = "left"
    footer: list[Cell] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict, repr=False, compare=False)  # by footer rows shown


def _table_args(first: _Col, cols: Sequence[_Col]) -> tuple[tuple[_Col, ...], list[int], list[list[Cell]], int]:
    """The columns, their widths, the rows (body then footer), and how many body rows."""
    feet = _shown_feet(first, cols)
    every = (first, *cols)
    widths = [_column_width(c, feet) for c in every]
    rows = [[c.cells[i] for c in every] for i in range(len(first.cells))]
    rows += [[first.footer[i], *(c.footer[i] if i < len(c.footer) else ("", "") for c in cols)] for i in range(feet)]
    return every, widths, rows, len(first.cells)


def _make_table(first: _Col, cols: Sequence[_Col]) -> Table:
    """The table as a Rich Table: what ``_Grid`` prints when it fits, and what is printed when it does not."""
    every, widths, rows, body = _table_args(first, cols)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0), show_edge=False)
    for c, w in zip(every, widths):  # widths given, so Rich need not measure every cell again
        table.add_column(c.header, justify=c.justify, no_wrap=True, width=w)  # type: ignore[arg-type]
    for i, row in enumerate(rows):
        if i == body:  # a table of totals alone has no Year/Score rows
            table.add_section()
        table.add_row(*(Text(t, style=s) for t, s in row))
    return table


# What Rich's Text strips (bell, backspace, vertical tab, form feed, carriage return), and anything
# else below a space: a cell holding one is left to Rich's own table.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PROBE = "\ue000"  # a private-use character, one cell wide: a placeholder for a cell's text


class _Grid:
    """``_make_table(first, cols)``, printed byte for byte as Rich prints it, in a fraction of the time.

    Every cell is one line of known width in a column of given width, so the layout needs no
    measuring or wrapping: each row is its cells side by side. Each distinct cell (a rating symbol
    and word, in a column of some width) is rendered once by Rich itself, with the padding and
    styles the table gives it, and reused; the borders are the box's own. A table wider than the
    console, or a cell with a control character, is handed to Rich's Table instead.
    tests/test_terminal.py checks the two print the same, in colour and without, at many widths.
    """

    def __init__(self, first: _Col, cols: Sequence[_Col], cache: dict | None = None) -> None:
        self.first, self.cols = first, list(cols)
        # Rendered cells, shared by the tables of one matrix (one console): key -> segments
        self.cache: dict = {} if cache is None else cache

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        every, widths, rows, body = _table_args(self.first, self.cols)
        last = len(every) - 1
        pads = [0 if i == last else 1 for i in range(len(every))]  # right padding; none at the edge
        outer = [w + p for w, p in zip(widths, pads)]
        table_width = sum(outer) + last
        texts = [c.header for c in every] + [t for row in rows for t, _ in row]
        if table_width > options.max_width or _CONTROL.search("".join(texts)):
            yield _make_table(self.first, self.cols)
            return
        render_options = options.update(width=table_width, highlight=False, height=None)
        _box = box.SIMPLE_HEAD.substitute(render_options, safe=console.safe_box)
        get_style = console.get_style
        border = get_style("") + get_style("")
        null = Style.null()
        header_style = get_style("table.header") + get_style("")
        body_style = get_style("")
        cache: dict[tuple, list[Segment]] = self.cache.setdefault("cells", {})
        shapes: dict[tuple, tuple[list[Segment], int] | None] = self.cache.setdefault("shapes", {})

        def rich_cell(text: str, style: str, i: int, header: bool) -> list[Segment]:
            """The cell as Rich's Table renders it: padded, justified and styled in its column."""
            cell_options = render_options.update(width=outer[i], justify=every[i].justify, no_wrap=True,
                                                 overflow="ellipsis", height=None, highlight=False)
            renderable = Padding(text if header else Text(text, style=style), (0, pads[i], 0, 0))
            lines = console.render_lines(renderable, cell_options, style=(header_style if header else body_style) + null)
            return Segment.set_shape(lines, outer[i], 1)[0]

        def shape(style: str, i: int, header: bool, n: int) -> tuple[list[Segment], int] | None:
            """A cell of ``n`` cells' width rendered with a placeholder, and which segment holds it."""
            key = (style, outer[i], pads[i], every[i].justify, header, n)
            if key not in shapes:
                segments = rich_cell(_PROBE * n, style, i, header)
                holding = [k for k, seg in enumerate(segments) if _PROBE in seg.text]
                whole = (len(holding) == 1 and segments[holding[0]].text.count(_PROBE) == n
                         and _PROBE * n in segments[holding[0]].text)
                shapes[key] = (segments, holding[0]) if whole else None
            return shapes[key]

        def cell(text: str, style: str, i: int, header: bool) -> list[Segment]:
            key = (text, style, outer[i], pads[i], every[i].justify, header)
            got = cache.get(key)
            if got is None:
                n = cell_len(text)
                # Rich lays a cell out by its width alone, except for white space at its ends (trimmed
                # when right-justified): a cell of any other text is the placeholder's with the text in.
                # A header is a str, which a console with markup or emoji codes on would read as such.
                literal = not header or _literal(console, text)
                found = (shape(style, i, header, n) if n and literal and text.strip() == text and _PROBE not in text
                         else None)
                if found is None:
                    got = rich_cell(text, style, i, header)
                else:
                    segments, k = found
                    got = list(segments)
                    seg = got[k]
                    got[k] = Segment(seg.text.replace(_PROBE * n, text), seg.style, seg.control)
                cache[key] = got
            return got

        new_line = Segment.line()
        n = len(rows)
        out: list[Segment] = []
        for index in range(n + 1):  # the header, then the rows
            vertical = _box.head_vertical if index == 0 else _box.foot_vertical if index == n else _box.mid_vertical
            divider = Segment(vertical, border) if vertical.strip() else Segment(vertical, null.background_style + border)
            if index == 0:
                line = [cell(c.header, "", i, True) for i, c in enumerate(every)]
            else:
                line = [cell(t, s, i, False) for i, (t, s) in enumerate(rows[index - 1])]
            for i, segments in enumerate(line):
                out += segments
                if i != last:
                    out.append(divider)
            out.append(new_line)
            if index == 0:
                out += [Segment(_box.get_row(outer, "head", edge=False), border), new_line]
            elif index == body and index != n:  # the end of a section: a line before the footer rows
                out += [Segment(_box.get_row(outer, "row", edge=False), border), new_line]
        yield from out


def _literal(console: Console, text: str) -> bool:
    """Whether ``console`` shows the str ``text`` as it is (not as markup or emoji codes)."""
    t = console.render_str(text, highlight=False)
    return t.plain == text and not t.spans and not t.style


def _shown_feet(first: _Col, cols: Sequence[_Col]) -> int:
    """How many footer rows ``_make_table`` shows: the first column's, when any other column has some."""
    return len(first.footer) if first.footer and any(c.footer for c in cols) else 0


def _column_width(c: _Col, feet: int) -> int:
    w = c.widths.get(feet)
    if w is None:
        w = c.widths[feet] = max([cell_len(_text(c.header))] + [cell_len(t) for t, _ in c.cells]
                                 + [cell_len(t) for t, _ in c.footer[:feet]])
    return w


def _width(first: _Col, cols: Sequence[_Col]) -> int:
    """The width ``_make_table(first, cols)`` prints at, worked out from the cells.

    Every cell is one unwrapped line, so a column is as wide as its widest cell (header, cells, and
    the footer rows the table shows), and columns are joined by 2 spaces (padding and divider).
    Laying tables out with Rich just to measure them made a 200-country matrix take seconds;
    tests/test_matrix.py checks this against Rich's own rendering.
    """
    feet = _shown_feet(first, cols)
    return sum(_column_width(c, feet) for c in (first, *cols)) + 2 * len(cols)


def _text(s: str) -> str:
    """Data as a cell shows it: without the control codes Rich's Text strips."""
    return strip_control_codes(s) if _CONTROL.search(s) else s


def _normal(m: Matrix) -> tuple[_Col, list[_Col]]:
    """Countries as rows, indicators as columns."""
    shown = m.total_ratings()
    first = _Col("Country", [(_text(r.name), "") for r in m.rows],
                 footer=[(short_badge(r), STYLES[r]) for r in shown])
    if any(r.year is None for r in m.rows):
        first.footer.append((f"{NO_PROFILE_SYMBOL} No profile", "dim"))
    cols = [_Col("Year", [(row_year(r), "") for r in m.rows])]
    ids = [i.id for i in m.indicators]
    by_row = [_cells(r, ids) for r in m.rows]
    for k, (ind, tot) in enumerate(zip(m.indicators, m.totals)):
        foot = [(str(tot.counts[r]), "") for r in shown] + ([(str(tot.no_profile), "")] if tot.no_profile else [])
        cols.append(_Col(_text(ind.short), [cells[k] for cells in by_row], footer=foot))
    cols.append(_Col("Score", [(row_score(r), "") for r in m.rows], justify="right"))
    cols.append(_Col("Rated", [(row_rated(r), "") for r in m.rows], justify="right"))
    return first, cols


def _code(row: MatrixRow) -> str:
    return row.iso3 or row.slug


def _transposed(m: Matrix, width: int) -> list[_Grid]:
    """Indicators as rows, countries as columns (headed by ISO code), totals as the last columns;
    split into several tables when the countries do not fit side by side."""
    shown = m.total_ratings()
    ids = [i.id for i in m.indicators]
    first = _Col("Indicator", [(_text(i.short), "") for i in m.indicators], footer=[("Year", ""), ("Score", ""), ("Rated", "")])
    country_cols = [  # countries without a profile are listed under the table, not as empty columns
        _Col(_code(r), _cells(r, ids), footer=[(row_year(r), ""), (row_score(r), ""), (row_rated(r), "")])
        for r in m.assessed()
    ]
    total_cols = [
        _Col(SYMBOLS[r], [(str(t.counts[r]), STYLES[r]) for t in m.totals], justify="right") for r in shown
    ]
    if any(t.no_profile for t in m.totals):
        total_cols.append(_Col(NO_PROFILE_SYMBOL, [(str(t.no_profile), "") for t in m.totals], justify="right"))
    # Countries fill each table as far as the width allows; the totals move as one group, so a
    # count column never stands among the countries of one table and the rest in the next.
    groups = [[c] for c in country_cols] + [total_cols]
    tables: list[_Grid] = []
    cache: dict = {}  # one for all the tables: the same cells recur in each
    current: list[_Col] = []
    for group in groups:
        if current and _width(first, current + group) > width:
            tables.append(_Grid(first, current, cache))
            current = []
        current += group
    if current:
        tables.append(_Grid(first, current, cache))
    return tables


def render_matrix(m: Matrix, console: Console) -> None:
    width = console.width
    console.print(_heading(m))
    first, cols = _normal(m)
    transposed = _width(first, cols) > width
    for table in _transposed(m, width) if transposed else [_Grid(first, cols)]:
        console.print(table)
    if not transposed:
        console.print(Text("The last rows count each rating per indicator.", style="dim"))
    no_profile = any(r.year is None for r in m.rows)
    shown = set(m.total_ratings())
    items = legend_items(short=True, shown=shown) + ([f"{NO_PROFILE_SYMBOL} no profile"] if no_profile else [])
    console.print(Text(pack(items, width)))
    if transposed:
        console.print(Text("Columns: " + " · ".join(f"{_code(r)} {r.name}" for r in m.assessed())
                           + "; the last columns count each rating per indicator.", style="dim"))
    key = Table.grid(padding=(0, 2, 0, 0))
    key.add_column(no_wrap=True)
    key.add_column()
    for i in m.indicators:
        key.add_row(Text(i.short), Text(i.title, style="dim"))
    console.print(key)
    console.print(Text(score_note(m), style="dim"))
    carried = carried_cells_note(m)
    if carried:
        console.print(Text(carried, style="yellow"))
    if any(r.carried_forward for r in m.rows):
        console.print(Text(f"* carried forward: no profile for {m.year}, so the latest earlier one is used.", style="yellow"))
    if any(r.status == "draft" for r in m.rows):
        console.print(Text("† draft profile: not yet reviewed.", style="yellow"))
    if any_disagreement(m):
        console.print(Text(DISAGREE_NOTE, style="bold red"))
    if no_profile:
        missing = [r.name for r in m.rows if r.year is None]
        when = f" for {m.year} or earlier" if m.year is not None else ""
        console.print(Text(f"No profile{when}: {', '.join(missing)}.", style="yellow"))
    for note in m.notes:
        console.print(Text(f"Note: {note}"))
    dates = m.as_of_dates()
    if dates:
        console.print(Text(f"Checklist {m.checklist_version}. Laws may have changed since the as-of dates ({', '.join(dates)}). "
                           "'legalcheck assess COUNTRY' shows the evidence for every cell.", style="dim"))


# --------------------------------------------------------------------------- the regional summary


def render_regional_summary(s: RegionalSummary, console: Console) -> None:
    when = str(s.year) if s.year is not None else "latest profiles"
    head = Text(s.title, style="bold")
    head.append(f" · {when} · checklist {s.checklist_version}", style="dim")
    console.print(head)
    console.print(Text(s.coverage))
    for f in s.findings:
        console.print()
        console.print(Text(f.title, style="bold"))
        console.print(Text(f.text))
    if s.as_of:
        console.print()
        console.print(Text(f"Laws may have changed since the as-of dates ({', '.join(s.as_of)}).", style="dim"))
