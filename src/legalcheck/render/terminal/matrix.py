"""The regional matrix as a terminal table, and the regional summary as text.

The terminal table must stay readable in 80 columns with any number of indicators: countries as
rows and indicators as columns (short headings, with a key) when that fits; otherwise transposed
(indicators as rows, countries as columns headed by ISO code); and if even that is too wide, the
transposed table is split into several tables of countries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...matrix import Matrix, MatrixRow, RegionalSummary
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

def _cell(row: MatrixRow, indicator: str) -> Text:
    c = row.cell(indicator)
    if c is None:
        return Text(NO_PROFILE_SYMBOL, style="dim")
    return Text(short_badge(c.rating) + carried_mark(c.from_year, row.year) + (DISAGREE if c.disagreement else ""),
                style=STYLES[c.rating])


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
    cells: list[Text]
    justify: str = "left"
    footer: list[Text] = field(default_factory=list)


def _make_table(first: _Col, cols: Sequence[_Col]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0), show_edge=False)
    feet = _shown_feet(first, cols)
    for c in (first, *cols):  # widths given, so Rich need not measure every cell again
        table.add_column(c.header, justify=c.justify, no_wrap=True, width=_column_width(c, feet))  # type: ignore[arg-type]
    for i in range(len(first.cells)):
        table.add_row(first.cells[i], *(c.cells[i] for c in cols))
    if first.footer and any(c.footer for c in cols):  # a table of totals alone has no Year/Score rows
        table.add_section()
        for i in range(len(first.footer)):
            table.add_row(first.footer[i], *(c.footer[i] if i < len(c.footer) else Text("") for c in cols))
    return table


def _shown_feet(first: _Col, cols: Sequence[_Col]) -> int:
    """How many footer rows ``_make_table`` shows: the first column's, when any other column has some."""
    return len(first.footer) if first.footer and any(c.footer for c in cols) else 0


def _column_width(c: _Col, feet: int) -> int:
    return max([Text(c.header).cell_len] + [x.cell_len for x in c.cells] + [x.cell_len for x in c.footer[:feet]])


def _width(first: _Col, cols: Sequence[_Col]) -> int:
    """The width ``_make_table(first, cols)`` prints at, worked out from the cells.

    Every cell is one unwrapped line, so a column is as wide as its widest cell (header, cells, and
    the footer rows the table shows), and columns are joined by 2 spaces (padding and divider).
    Laying tables out with Rich just to measure them made a 200-country matrix take seconds;
    tests/test_matrix.py checks this against Rich's own rendering.
    """
    feet = _shown_feet(first, cols)
    return sum(_column_width(c, feet) for c in (first, *cols)) + 2 * len(cols)


def _normal(m: Matrix) -> tuple[_Col, list[_Col]]:
    """Countries as rows, indicators as columns."""
    shown = m.total_ratings()
    first = _Col("Country", [Text(r.name) for r in m.rows],
                 footer=[Text(short_badge(r), style=STYLES[r]) for r in shown])
    if any(r.year is None for r in m.rows):
        first.footer.append(Text(f"{NO_PROFILE_SYMBOL} No profile", style="dim"))
    cols = [_Col("Year", [Text(row_year(r)) for r in m.rows])]
    for ind, tot in zip(m.indicators, m.totals):
        foot = [Text(str(tot.counts[r])) for r in shown] + ([Text(str(tot.no_profile))] if tot.no_profile else [])
        cols.append(_Col(ind.short, [_cell(r, ind.id) for r in m.rows], footer=foot))
    cols.append(_Col("Score", [Text(row_score(r)) for r in m.rows], justify="right"))
    cols.append(_Col("Rated", [Text(row_rated(r)) for r in m.rows], justify="right"))
    return first, cols


def _code(row: MatrixRow) -> str:
    return row.iso3 or row.slug


def _transposed(m: Matrix, width: int) -> list[Table]:
    """Indicators as rows, countries as columns (headed by ISO code), totals as the last columns;
    split into several tables when the countries do not fit side by side."""
    shown = m.total_ratings()
    first = _Col("Indicator", [Text(i.short) for i in m.indicators], footer=[Text("Year"), Text("Score"), Text("Rated")])
    country_cols = [  # countries without a profile are listed under the table, not as empty columns
        _Col(_code(r), [_cell(r, i.id) for i in m.indicators], footer=[Text(row_year(r)), Text(row_score(r)), Text(row_rated(r))])
        for r in m.assessed()
    ]
    total_cols = [
        _Col(SYMBOLS[r], [Text(str(t.counts[r]), style=STYLES[r]) for t in m.totals], justify="right") for r in shown
    ]
    if any(t.no_profile for t in m.totals):
        total_cols.append(_Col(NO_PROFILE_SYMBOL, [Text(str(t.no_profile)) for t in m.totals], justify="right"))
    # Countries fill each table as far as the width allows; the totals move as one group, so a
    # count column never stands among the countries of one table and the rest in the next.
    groups = [[c] for c in country_cols] + [total_cols]
    tables: list[Table] = []
    current: list[_Col] = []
    for group in groups:
        if current and _width(first, current + group) > width:
            tables.append(_make_table(first, current))
            current = []
        current += group
    if current:
        tables.append(_make_table(first, current))
    return tables


def render_matrix(m: Matrix, console: Console) -> None:
    width = console.width
    console.print(_heading(m))
    first, cols = _normal(m)
    transposed = _width(first, cols) > width
    for table in _transposed(m, width) if transposed else [_make_table(first, cols)]:
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
