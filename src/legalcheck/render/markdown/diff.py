"""A country's or a region's changes between two years in Markdown, for reports: what moved, with the evidence."""

from __future__ import annotations

from collections.abc import Iterator

from ...diff import CountryDiff, RegionDiff, counts_text
from ..text import (
    DIRECTION_SYMBOLS,
    DIRECTION_WORDS,
    SCALE_NOTE,
    as_of,
    badge,
    change_badge,
    diff_years_text,
    directions_text,
    country_notes,
    draft_warning,
    heading,
    score_text,
    unchanged_text,
    what_changed,
)
from . import cell


def _rows(rows, from_year: int, to_year: int, with_country: bool | None = None) -> Iterator[str]:
    """The table's lines; ``with_country``: whether ``rows`` name countries (else: whether any does)."""
    if with_country is None:
        rows = list(rows)
        with_country = any(c for c, _ in rows)
    head = (["Country"] if with_country else []) + ["Indicator", str(from_year), "Change", str(to_year), "What changed"]
    yield "| " + " | ".join(head) + " |"
    yield "|" + "---|" * len(head)
    for country, d in rows:
        what = "<br>".join(cell(x) for x in what_changed(d))
        cells = ([cell(country)] if with_country else []) + [
            cell(d.title), badge(d.old_rating) + as_of(d.old_from_year, from_year), change_badge(d.direction),
            badge(d.new_rating) + as_of(d.new_from_year, to_year), what]
        yield "| " + " | ".join(cells) + " |"


def _legend() -> str:
    return ("_Change: " + ", ".join(f"{DIRECTION_SYMBOLS[k]} {w}" for k, w in DIRECTION_WORDS.items())
            + ". " + SCALE_NOTE + "_")


def country_diff_markdown(d: CountryDiff, show_all: bool = False) -> str:
    out = [f"# {cell(d.country.name)}: changes {d.from_year} → {d.to_year}", "", cell(heading(d)), "", f"> {cell(d.note)}"]
    years = diff_years_text(d)
    if years:
        out += ["", years]
    warning = draft_warning(d)
    if warning:
        out += ["", f"> **{warning}**"]
    rows = [(None, x) for x in d.indicators if show_all or x.changed]
    out.append("")
    out += list(_rows(rows, d.from_year, d.to_year)) if rows else [f"Nothing changed between {d.from_year} and {d.to_year}."]
    unchanged = unchanged_text(d.indicators)
    if unchanged and not show_all:
        out += ["", f"**Unchanged:** {cell(unchanged)}."]
    out += ["", directions_text(d.directions), "", f"**{score_text(d)}**", "", _legend(), ""]
    return "\n".join(out)


def region_diff_markdown(r: RegionDiff, show_all: bool = False) -> str:
    return "".join(region_diff_chunks(r, show_all))


# Lines handed on at a time by region_diff_chunks.
CHUNK_LINES = 2000


def region_diff_chunks(r: RegionDiff, show_all: bool = False) -> Iterator[str]:
    """``region_diff_markdown(r)`` in pieces of CHUNK_LINES lines, made as they are handed on: a
    2,000-country diff is never held whole as text (nor as a list of its lines)."""
    batch: list[str] = []
    for line in _region_lines(r, show_all):
        if len(batch) >= CHUNK_LINES:
            yield "\n".join(batch) + "\n"
            batch = []
        batch.append(line)
    yield "\n".join(batch)  # the last line is empty: the text ends with a line break


def _region_lines(r: RegionDiff, show_all: bool) -> Iterator[str]:
    title = r.region or ", ".join(c.name for c in r.countries)
    yield from [f"# {cell(title)}: changes {r.from_year} → {r.to_year}", "", f"> {cell(r.note)}", "", "## Per indicator",
                "", f"| Indicator | {r.from_year} | {r.to_year} | Moves |", "|---|---|---|---|"]
    for ic in r.indicators:
        moves = ", ".join(f"{change_badge(k)} {n}" for k, n in ic.directions.items() if n and k != "unchanged") or "none"
        yield (f"| {cell(ic.title)} | {counts_text(ic.old_counts, ic.old_no_profile)} | "
               f"{counts_text(ic.new_counts, ic.new_no_profile)} | {moves} |")
    yield from ["", "## Per country", ""]
    if any(show_all or x.changed for c in r.countries if c.diff for x in c.diff.indicators):
        yield from _rows(((c.name, x) for c in r.countries if c.diff for x in c.diff.indicators if show_all or x.changed),
                         r.from_year, r.to_year, with_country=any(c.name for c in r.countries
                                         if c.diff and any(show_all or x.changed for x in c.diff.indicators)))
    else:
        yield "Nothing changed."
    notes = [f"- **{cell(name)}**: {cell(note)}" for name, note, _ in country_notes(r, show_all)]
    if notes:
        yield ""
        yield from notes
    yield from ["", directions_text(r.directions), "", _legend(), ""]
