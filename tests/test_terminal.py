"""The terminal's fast paths print exactly what Rich prints, byte for byte.

The regional matrix and the long form of a regional diff are printed without Rich's per-cell
layout (render/terminal/matrix.py ``_Grid``, render/terminal/diff.py ``_Lines``), and the
`countries` table with each distinct cell laid out once (render/terminal/fast.py ``FastTable``),
because laying out thousands of cells took most of a 200-country command's time. Each is checked here against the
Rich rendering it replaces, on real matrices and diffs (the bundled data and a synthetic region of
30 countries), on data that tries to be markup or control codes, without colour and in colour, and
at widths from 30 columns (where tables split, or are too wide even alone) to 200.
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich import box
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Span, Text

from legalcheck import Repository
from legalcheck.render.safety import make_console
from legalcheck.render.terminal import diff as terminal_diff
from legalcheck.render.terminal.coverage import countries_table
from legalcheck.render.terminal.fast import FastTable
from legalcheck.render.terminal.matrix import _Grid, _make_table, _normal, _transposed, _width

from .test_matrix import _synthetic

MODES = {
    "plain": dict(no_color=True, color_system=None, force_terminal=False),  # a pipe or a file
    "no colour": dict(no_color=True, color_system="standard", force_terminal=True),  # NO_COLOR in a terminal
    "16 colours": dict(color_system="standard", force_terminal=True),
    "true colour": dict(color_system="truecolor", force_terminal=True),
}
WIDTHS = (30, 50, 80, 120, 200)

# Country names as people might type or paste them: markup, emoji codes, control codes, wide and
# combining characters, white space at the ends, and the placeholder _Grid uses for a cell's text.
AWKWARD = ["[bold]Evil[/bold] :smile:", "Tab\tland", "Bell\x07land", "  Spaced  ", "中华人民共和国",
           "Cafe\u0301 Republic", "\ue000probe", "Car\rriage", "[link=https://x]y[/link]"]


def printed(renderable, width: int, mode: str, **options) -> str:
    con = make_console(file=io.StringIO(), width=width, **MODES[mode])
    con.print(renderable, **options)
    return con.file.getvalue()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Repository:
    """30 invented countries over 3 years (benchmarks/synth.py): splits, marks, long diffs."""
    out = tmp_path_factory.mktemp("synth") / "s30"
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, str(root / "benchmarks" / "synth.py"), str(out), "--countries", "30",
                    "--years", "3"], check=True, capture_output=True)
    return Repository(out)


def awkward(m):
    """``m`` with awkward country names and codes."""
    rows = [dataclasses.replace(r, name=AWKWARD[i % len(AWKWARD)] + f" {i}",
                                iso3=(r.iso3 if i % 3 else AWKWARD[i % len(AWKWARD)][:5]))
            for i, r in enumerate(m.rows)]
    return dataclasses.replace(m, rows=tuple(rows))


def matrices(synthetic: Repository):
    bundled = Repository()
    for region in ("south-asia", "asean", "consultation-2022", "east-asia-pacific"):
        yield region, bundled.matrix(region)
        yield f"{region} all", bundled.matrix(region, all_indicators=True)
    yield "synthetic", synthetic.matrix("synthetic")
    yield "synthetic 2021", synthetic.matrix("synthetic", year=2021, indicators=["grooming", "extradition"])
    yield "random", _synthetic(12, 9, 7)
    yield "awkward", awkward(Repository().matrix("consultation-2022", all_indicators=True))
    yield "awkward random", awkward(_synthetic(10, 3, 1))


def test_the_matrix_grid_prints_what_rich_s_table_prints(synthetic):
    """Every table of every matrix, as the terminal shows it at each width: _Grid == Rich's Table."""
    checked = fallbacks = 0
    for name, m in matrices(synthetic):
        for width in WIDTHS:
            first, cols = _normal(m)
            grids = _transposed(m, width) if _width(first, cols) > width else [_Grid(first, cols)]
            for grid in grids:
                rich_table = _make_table(grid.first, grid.cols)
                for mode in MODES:
                    assert printed(grid, width, mode) == printed(rich_table, width, mode), (name, width, mode)
                    checked += 1
                fallbacks += _width(grid.first, grid.cols) > width
    assert checked > 500
    assert fallbacks  # a table too wide even alone (30 columns) is left to Rich: checked too


def test_awkward_names_are_shown_as_text_not_markup():
    m = awkward(Repository().matrix("consultation-2022"))
    first, cols = _normal(m)
    out = printed(_Grid(first, cols), 200, "16 colours")
    assert "[bold]Evil[/bold] :smile: 0" in out and "[link=https://x]y[/link]" in out
    assert "\x07" not in out and "\r" not in out  # stripped, as Rich's Text strips them
    assert "\x1b]8;" not in out  # no hyperlink made from data


class ReferenceLines:
    """The long form as it was printed before (each part a segment, control codes stripped by Rich)."""

    def __init__(self, lines) -> None:
        self.lines = lines

    def __rich_console__(self, console, options):
        for n, parts in enumerate(self.lines):
            if n:
                yield Segment("\n")
            for text, style in parts:
                yield Segment(strip_control_codes(text), console.get_style(style) if style else Style.null())
        yield Segment("\n")


def test_the_long_form_of_a_regional_diff_prints_as_before(synthetic):
    """_Lines (with fewer control-code checks, and one piece of text for a console without styles)
    prints what one segment per part printed; and, but for a tab, what Rich prints for a Text of the parts."""
    bundled = Repository()
    diffs = [synthetic.region_diff(2020, 2022, region="synthetic"), bundled.region_diff(2019, 2026, region="south-asia")]
    for r in diffs:
        rows = [(c.name, x) for c in r.countries if c.diff for x in c.diff.indicators if x.changed]
        rows += [(AWKWARD[i % len(AWKWARD)], x) for i, (_, x) in enumerate(rows[:20])]
        lines = terminal_diff._changes_lines(rows)
        assert len(lines.lines) > 40
        for width in (40, 120):
            for mode in MODES:
                out = printed(lines, width, mode, soft_wrap=True)
                assert out == printed(ReferenceLines(lines.lines), width, mode, soft_wrap=True), (width, mode)
                if mode == "plain":
                    con = make_console(file=io.StringIO(), width=width, **MODES[mode])
                    for parts in lines.lines:
                        con.print(Text.assemble(*parts), soft_wrap=True)
                    assert out.expandtabs(8) == con.file.getvalue(), width  # a Text expands tabs


def test_the_countries_notes_of_a_regional_diff_print_as_one_print_each_would(synthetic):
    bundled = Repository()
    for r in (synthetic.region_diff(2021, 2022, region="synthetic"), bundled.region_diff(2019, 2026, region="asean"),
              bundled.region_diff(2022, 2026, region="east-asia-pacific")):
        for show_all in (False, True):
            notes = terminal_diff._country_notes(r, show_all)
            assert notes
            notes.append(Text(AWKWARD[0] + " and a long line that has to wrap " * 4, style="yellow"))
            for width in (30, 80):
                for mode in MODES:
                    con = make_console(file=io.StringIO(), width=width, **MODES[mode])
                    for note in notes:
                        con.print(note)
                    assert printed(Text("\n").join(notes), width, mode) == con.file.getvalue(), (width, mode)


def test_the_grid_prints_what_rich_prints_on_a_console_that_reads_markup():
    """Not a console legalcheck makes (make_console turns markup and emoji codes off), but the grid
    must not differ from Rich there either: a header that is markup is left to Rich."""
    from rich.console import Console

    m = awkward(Repository().matrix("consultation-2022", all_indicators=True))
    for width in (80, 200):
        first, cols = _normal(m)
        grids = _transposed(m, width) if _width(first, cols) > width else [_Grid(first, cols)]
        for grid in grids:
            outs = []
            for table in (grid, _make_table(grid.first, grid.cols)):
                con = Console(file=io.StringIO(), width=width, color_system="standard", force_terminal=True)
                con.print(table)
                outs.append(con.file.getvalue())
            assert outs[0] == outs[1], width


# --------------------------------------------------------------------------- FastTable (countries)

# Names that wrap in a narrow column: long ones, one word longer than the column, wide characters.
LONG = ["United Kingdom of Great Britain and Northern Ireland", "Llanfairpwllgwyngyllgogerychwyrndrobwll",
        "Bolivarian Republic of Venezuela (the)", "大韩民国 中华人民共和国 日本国", "Saint Vincent and the Grenadines"]


def as_rich(table: FastTable) -> Table:
    """The same table (same columns, rows and settings) as Rich's own Table."""
    rich_table = Table.__new__(Table)
    rich_table.__dict__.update(vars(table))
    return rich_table


def coverage_reports(synthetic: Repository):
    bundled = Repository().coverage()
    yield "bundled", bundled
    yield "synthetic", synthetic.coverage()
    names = AWKWARD + LONG
    countries = tuple(dataclasses.replace(c, country=dataclasses.replace(c.country, name=names[i % len(names)] + f" {i}",
                                                                         iso3=c.country.iso3 if i % 4 else names[i % len(names)][:5]))
                      for i, c in enumerate(bundled.countries))
    yield "awkward", dataclasses.replace(bundled, countries=countries)
    yield "one long", dataclasses.replace(bundled, countries=(dataclasses.replace(
        bundled.countries[0], country=dataclasses.replace(bundled.countries[0].country, name=LONG[0])),))


def test_the_countries_table_prints_what_rich_s_table_prints(synthetic):
    """FastTable == Rich's Table for the `countries` table, wrapped names included, at every width."""
    checked = wrapped = 0
    for name, report in coverage_reports(synthetic):
        table = countries_table(report.countries)
        assert isinstance(table, FastTable)
        for width in WIDTHS:
            for mode in MODES:
                out = printed(table, width, mode)
                assert out == printed(as_rich(table), width, mode), (name, width, mode)
                checked += 1
            wrapped += any(line.startswith("│ ") and line.split("│")[1].strip() and not line.split("│")[2].strip()
                           for line in out.splitlines())
    assert checked >= 80
    assert wrapped  # some names did wrap onto a second line (a row's ISO cell empty beside them)


def test_awkward_country_names_are_shown_as_text_in_the_countries_table(synthetic):
    report = dict(coverage_reports(synthetic))["awkward"]
    out = printed(countries_table(report.countries), 200, "16 colours")
    assert "[bold]Evil[/bold]" in out and "[link=https://x]y[/link]" in out and ":smile:" in out
    assert "\x07" not in out and "\r" not in out
    assert "\x1b]8;" not in out


def test_the_countries_command_prints_the_table_rich_printed(synthetic, monkeypatch):
    """The whole `countries` output (title, table, totals, notes) as before, in a narrow and a wide terminal."""
    from legalcheck.render.terminal import coverage

    report = synthetic.coverage()
    for width in (60, 120):
        for mode in ("plain", "true colour"):
            fast = make_console(file=io.StringIO(), width=width, **MODES[mode])
            coverage.render_countries(report, fast)
            assert type(coverage.countries_table(report.countries)) is FastTable
            with monkeypatch.context() as m:
                m.setattr(coverage, "FastTable", Table)
                # the reference really is Rich's own Table, not the fast one compared with itself
                assert type(coverage.countries_table(report.countries)) is Table
                slow = make_console(file=io.StringIO(), width=width, **MODES[mode])
                coverage.render_countries(report, slow)
            assert fast.file.getvalue() == slow.file.getvalue(), (width, mode)
            assert "30 countries, 90 profiles" in fast.file.getvalue()


def _tables():
    """FastTable with the settings Rich's Table has: every path of its layout, with repeats."""
    cells = ["", "1", "12", "Yes", "a longer cell that wraps", LONG[1], "中华人民共和国", "two\nlines",
             Text("styled", style="bold red"), Text("spans here", spans=[Span(0, 5, "green")]),
             Text("right", justify="right"), Text("cut off at the end of it", no_wrap=True, overflow="ellipsis"),
             Text("x\ty")]

    def make(**settings):
        columns = settings.pop("columns", [{}, {"justify": "right"}, {"no_wrap": True}, {"vertical": "middle"},
                                           {"style": "cyan", "min_width": 6}, {"vertical": "bottom", "ratio": 1}])
        rows = settings.pop("rows", 40)
        table = FastTable(**settings)
        for k, c in enumerate(columns):
            table.add_column(f"H{k}" + ("\nsecond" if k == 2 else ""), footer=f"f{k}", **c)
        for r in range(rows):
            table.add_row(*(cells[(r * (k + 2) + k) % len(cells)] for k in range(len(columns))),
                          style="on blue" if r % 7 == 3 else None, end_section=r % 5 == 4)
        return table

    yield "default", make()
    yield "titled", make(title="A title", caption="a caption", title_justify="left")
    yield "lines", make(show_lines=True)
    yield "footer", make(show_footer=True)
    yield "row styles", make(row_styles=["", "dim"], show_footer=True)
    yield "no box", make(box=None)
    yield "no edge", make(show_edge=False, pad_edge=False)
    yield "collapsed", make(collapse_padding=True, padding=(1, 2))
    yield "no padding", make(padding=0, row_styles=["", "on red"])
    yield "leading", make(leading=1)
    yield "no header", make(show_header=False)
    yield "expand", make(expand=True)
    yield "min width", make(min_width=100)
    yield "simple", make(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0), pad_edge=False)
    yield "ascii", make(box=box.ASCII, safe_box=True)
    yield "one row", make(rows=1, show_footer=True)
    yield "empty", make(rows=0)
    nested = FastTable("outer")
    nested.add_row(make(rows=3))
    nested.add_row(make(rows=3))
    yield "nested", nested


def test_fast_table_prints_what_rich_s_table_prints_whatever_its_settings():
    for name, table in _tables():
        for width in (20, 40, 80, 160):
            for mode in MODES:
                assert printed(table, width, mode) == printed(as_rich(table), width, mode), (name, width, mode)


def test_the_long_form_printed_in_batches_prints_what_one_print_of_it_all_did(synthetic, monkeypatch):
    """render_region_diff prints the long form BATCH_ROWS rows at a time (never the lines of a whole
    region at once); the bytes are those of one print of them all, whatever the batch size, even
    where two countries in a row have the same name (one bold heading for both, as before)."""
    bundled = Repository()
    same_name = synthetic.region_diff(2020, 2022, region="synthetic")
    twins = tuple(dataclasses.replace(c, name="Twin") if i in (3, 4) else c for i, c in enumerate(same_name.countries))
    diffs = [same_name, dataclasses.replace(same_name, countries=twins),
             bundled.region_diff(2019, 2026, region="east-asia-pacific")]
    for r in diffs:
        for show_all in (False, True):
            for mode in ("plain", "true colour"):
                outs = []
                for batch in (10**9, 1, 7, 61):
                    monkeypatch.setattr(terminal_diff, "BATCH_ROWS", batch)
                    monkeypatch.setattr(terminal_diff, "TABLE_ROWS", 0)  # the long form even for a short diff
                    con = make_console(file=io.StringIO(), width=80, **MODES[mode])
                    terminal_diff.render_region_diff(r, con, show_all=show_all)
                    outs.append(con.file.getvalue())
                assert len(outs[0]) > 1000 and all(out == outs[0] for out in outs), (mode, show_all)
