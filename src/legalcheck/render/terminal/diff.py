"""Rich terminal output for `legalcheck diff`: one country, or a region."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ...diff import CountryDiff, IndicatorDiff, RegionDiff, counts_text
from ..text import (
    DIRECTION_SYMBOLS,
    DIRECTION_WORDS,
    badge,
    change_badge,
    directions_text,
    country_notes,
    draft_warning,
    heading,
    legend_items,
    pack,
    score_text,
    short_badge,
    unchanged_text,
    what_changed,
    year_mark,
    diff_years_text,
)
from .fast import plain_console, strip_control as _strip
from .styles import DIRECTION_STYLES, STYLES, rich_change_badge


def _what(d: IndicatorDiff) -> Text:
    return Text("\n".join("• " + line for line in what_changed(d)))


def _changes_table(rows: list[tuple[str | None, IndicatorDiff]], from_year: int, to_year: int) -> Table:
    """One row per indicator (with the country first when ``rows`` carry one)."""
    with_country = any(c for c, _ in rows)
    # Short rating words and a change column that may wrap, so "What changed" keeps most of an
    # 80-column terminal (the legend spells the short words out).
    table = Table(show_lines=True, expand=True)
    if with_country:
        table.add_column("Country", max_width=12)
    table.add_column("Indicator", min_width=10, max_width=12 if with_country else 16)
    table.add_column(str(from_year), no_wrap=True)
    table.add_column("Change", max_width=11)
    table.add_column(str(to_year), no_wrap=True)
    table.add_column("What changed", ratio=1, min_width=24)
    for country, d in rows:
        ind = Text(d.short if with_country else d.title, style="bold")
        ind.append(f"\n{d.indicator}", style="dim")
        cells = [ind, _short(d.old_rating, d.old_from_year, from_year), rich_change_badge(d.direction),
                 _short(d.new_rating, d.new_from_year, to_year), _what(d)]
        table.add_row(*([Text(country or "")] if with_country else []), *cells)
    return table


# Above this many changed rows, a regional diff lists changes as lines under each country.
TABLE_ROWS = 60


class _Lines:
    """Short styled lines rendered straight to segments, for the terminal to wrap (soft wrap): the
    long form of a regional diff has tens of thousands of them, and Rich lays each Text out in time
    that makes a 200-country diff take a second. Control codes are stripped as Text strips them.
    A console that shows no style at all gets the lines as one piece of text."""

    def __init__(self) -> None:
        self.lines: list[tuple[tuple[str, str], ...]] = []

    def line(self, *parts: tuple[str, str]) -> None:
        self.lines.append(parts)

    def __rich_console__(self, console: Console, options: Any) -> Iterator[Segment]:
        if plain_console(console):
            yield Segment(_strip("\n".join(["".join([text for text, _ in parts]) for parts in self.lines]) + "\n"))
            return
        styles: dict[str, Style] = {}
        for n, parts in enumerate(self.lines):
            if n:
                yield Segment("\n")
            for text, style in parts:
                if style not in styles:
                    styles[style] = console.get_style(style) if style else Style.null()
                yield Segment(_strip(text), styles[style])
        yield Segment("\n")


class _LineMaker:
    """The long form's lines, made batch by batch: each country in bold, then one line per
    indicator (old rating, change, new rating), then what changed. Badges are worked out once, and
    the country last named is remembered across batches, so the batches printed one after another
    print what one print of them all would."""

    def __init__(self) -> None:
        self.ratings: dict[str, tuple[str, str]] = {}
        self.directions: dict[str, tuple[str, str]] = {}
        self.current: str | None = None
        self.started = False

    def lines(self, rows: Iterable[tuple[str | None, IndicatorDiff]]) -> _Lines:
        out = _Lines()
        lines = out.lines
        ratings, directions = self.ratings, self.directions
        current, started = self.current, self.started
        for country, d in rows:
            if country != current or not started:
                lines.append(((country or "", "bold"),))
                current, started = country, True
            old, new, way = d.old_rating, d.new_rating, d.direction
            if old not in ratings:
                ratings[old] = (badge(old), STYLES.get(old, ""))
            if new not in ratings:
                ratings[new] = (badge(new), STYLES.get(new, ""))
            if way not in directions:
                directions[way] = (change_badge(way), DIRECTION_STYLES.get(way, ""))
            lines.append(((f"  {d.short}: ", ""), ratings[old], (" ", ""), directions[way], (" ", ""), ratings[new]))
            lines += [((f"    • {line}", "dim"),) for line in what_changed(d)]
        self.current, self.started = current, started
        return out


def _changes_lines(rows: list[tuple[str | None, IndicatorDiff]]) -> _Lines:
    """Each country in bold, then one line per indicator: old rating, change, new rating, what changed."""
    return _LineMaker().lines(rows)


# The long form is printed this many rows at a time: the lines of a 2,000-country diff (a quarter of
# a million) are never all held at once, as text or as segments.
BATCH_ROWS = 500


def _print_changes_lines(r: RegionDiff, console: Console, show_all: bool) -> None:
    maker = _LineMaker()
    batch: list[tuple[str | None, IndicatorDiff]] = []
    for c in r.countries:
        if c.diff:
            batch += [(c.name, x) for x in c.diff.indicators if show_all or x.changed]
            if len(batch) >= BATCH_ROWS:
                console.print(maker.lines(batch), soft_wrap=True)
                batch = []
    if batch:
        console.print(maker.lines(batch), soft_wrap=True)


def _short(rating: str, from_year: int | None = None, year: int | None = None) -> Text:
    """'◐ Part', or '◐ Part ’20' when the rating comes from an earlier profile than the year's."""
    return Text(short_badge(rating) + year_mark(from_year, year), style=STYLES.get(rating, ""))


def _legend(diffs, width: int) -> Text:
    """The ratings shown, then the directions, on lines of their own (an 80-column terminal would
    otherwise split a symbol from its word)."""
    shown = {r for d in diffs for r in (d.old_rating, d.new_rating)} | {"not_assessed"}
    scale = ("Not assessed and No data are not on the No < Partial < Yes scale; Partial or No and Yes or "
             "Partial are ranges on it.")
    return Text(pack(legend_items(short=True, shown=shown), width) + "\nChange: "
                + ", ".join(f"{DIRECTION_SYMBOLS[k]} {w}" for k, w in DIRECTION_WORDS.items()) + ". " + scale,
                style="dim")


def render_country_diff(d: CountryDiff, console: Console, show_all: bool = False) -> None:
    console.print(Text(heading(d), style="bold"))
    console.print(Text(d.note, style="dim"))
    years = diff_years_text(d)
    if years:
        console.print(Text(years + " A mark such as ’20 after a rating: taken from that earlier profile.",
                           style="yellow"))
    warning = draft_warning(d)
    if warning:
        console.print(Text(warning, style="bold yellow"))
    rows = [(None, x) for x in d.indicators if show_all or x.changed]
    if rows:
        console.print(_changes_table(rows, d.from_year, d.to_year))
    else:
        console.print(f"Nothing changed between {d.from_year} and {d.to_year}.")
    unchanged = unchanged_text(d.indicators)
    if unchanged and not show_all:
        console.print(Text("Unchanged: ", style="bold") + Text(unchanged))
    console.print(Text(directions_text(d.directions)))
    console.print(Text(score_text(d), style="bold"))
    console.print(_legend(d.indicators, console.width))


def _country_notes(r: RegionDiff, show_all: bool) -> list[Text]:
    """A line for each country with no diff, nothing changed, or a draft profile."""
    return [Text(f"{name}: {note}", style="yellow" if warn else "dim") for name, note, warn in country_notes(r, show_all)]


def render_region_diff(r: RegionDiff, console: Console, show_all: bool = False) -> None:
    title = r.region or ", ".join(c.name for c in r.countries)
    console.print(Text(f"{title} · {r.from_year} → {r.to_year} · {len(r.countries)} countries", style="bold"))
    console.print(Text(r.note, style="dim"))
    counts = Table(title="Per indicator: ratings then and now", expand=True, show_lines=True)
    counts.add_column("Indicator", min_width=10)
    counts.add_column(str(r.from_year), ratio=2)
    counts.add_column(str(r.to_year), ratio=2)
    counts.add_column("Moves", ratio=2)
    for ic in r.indicators:
        moves = " · ".join(f"{DIRECTION_SYMBOLS[k]} {DIRECTION_WORDS[k]} {n}" for k, n in ic.directions.items()
                           if n and k != "unchanged") or "none"
        counts.add_row(Text(ic.short, style="bold"), counts_text(ic.old_counts, ic.old_no_profile),
                       counts_text(ic.new_counts, ic.new_no_profile), moves)
    console.print(counts)
    count = sum(1 for c in r.countries if c.diff for x in c.diff.indicators if show_all or x.changed)
    if count:
        console.print(Text("Per country: what moved", style="bold"))
        if count <= TABLE_ROWS:
            rows = [(c.name, x) for c in r.countries if c.diff for x in c.diff.indicators if show_all or x.changed]
            console.print(_changes_table(rows, r.from_year, r.to_year))
        else:  # a table of thousands of wrapped rows takes seconds to lay out: one line per change,
            # which the terminal wraps (Rich wrapping 10,000s of lines takes seconds)
            _print_changes_lines(r, console, show_all)
    notes = _country_notes(r, show_all)
    if notes:  # one print of them all prints what one print each would, in a fraction of the time
        console.print(Text("\n").join(notes))
    console.print(Text(directions_text(r.directions)))
    console.print(_legend((x for c in r.countries if c.diff for x in c.diff.indicators), console.width))
