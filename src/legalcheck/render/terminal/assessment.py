"""One country's assessment as a terminal table. The Console is passed in (fixed width in tests)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...model import RATINGS
from ...result import Assessment, IndicatorResult, Summary
from ..text import SYMBOLS, as_of, citation_line, label, profile_years_text, source_record
from .styles import STYLES, rich_badge


def summary_line(s: Summary) -> Text:
    """'● Yes 1 · ◐ Partial 0 · ...   Score 50.0/100 over 2 rated of 14 ...', coloured."""
    t = Text()
    shown = [r for r in RATINGS if s.counts[r] or r in ("yes", "partial", "no", "not_assessed")]
    for i, r in enumerate(shown):
        if i:
            t.append(" · ")
        t.append(f"{SYMBOLS[r]} {label(r)} {s.counts[r]}", style=STYLES[r])
    if s.score is not None:
        t.append(f"\nScore {s.coverage_text()} rated", style="bold")  # its own line: never wrapped into the counts
        t.append(" (out of 100; only Yes, Partial and No count)", style="dim")
    else:
        t.append(f"\nNo score: {s.score_withheld}", style="bold")
    return t


def why_text(r: IndicatorResult) -> Text:
    """The reason, rule, missing facts, disagreement, note and citations of one rating (also used by gaps)."""
    t = Text(r.reason, overflow="fold")  # a long fact id wraps rather than being cut short
    if r.carry_note:
        t.append(f"\n{r.carry_note}", style="yellow")
    if r.criterion:
        t.append(f"\nRule: {r.criterion}", style="dim")
    if r.missing_facts:
        t.append(f"\nMissing facts: {', '.join(r.missing_facts)}", style="cyan")
    if r.disagreement:
        t.append(f"\n⚠ {r.disagreement}", style="bold red")
    if r.notes:
        t.append(f"\nNote: {r.notes}", style="italic")
    for c in r.citations:
        t.append("\n• " + citation_line(c), style="dim")
    return t


def assessment_table(a: Assessment) -> Table:
    table = Table(show_lines=True, expand=True)
    # As wide as the longest indicator id, so the id 'legalcheck explain' takes is never cut short.
    table.add_column("Indicator", width=max((len(r.indicator) for r in a.results), default=12))
    table.add_column("Rating", min_width=9)
    table.add_column("Why, and the evidence", ratio=1, min_width=24)
    for r in a.results:
        ind = Text(r.title, style="bold")
        ind.append(f"\n{r.indicator}", style="dim")  # whole: the column is as wide as the longest id
        if r.point is not None:
            ind.append(f"\npoint {r.point}", style="dim")
        rating = rich_badge(r.rating)
        if r.from_profile is not None and r.from_profile != a.profile:
            # "● Yes · as of 2022", the year on its own line so the column stays narrow at 80 columns
            rating.append("\n" + as_of(r.from_year, a.year).lstrip(), style="yellow")
        rating.append("\n" + r.basis, style="dim")
        if r.basis == "derived" and r.reported_rating == r.rating:
            rating.append("\nsource agrees", style="dim")
        table.add_row(ind, rating, why_text(r))
    return table


def print_heading(console: Console, r: Assessment, what: str = "") -> None:
    """'Nepal (NP/NPL) · 2026[ · what] · law as of ... · checklist ...', then the profile years used:
    the first lines of a country's assessment and of its gaps (``r`` has those fields)."""
    c = r.country
    head = Text(f"{c.name} ({c.iso2}/{c.iso3}) · {r.year}{what}", style="bold")
    head.append(f" · law as of {r.as_of} · checklist {r.checklist_version}", style="dim")
    console.print(head)
    years = profile_years_text(r.profile_years)
    if years:
        console.print(Text(years, style="yellow"))


def render_assessment(a: Assessment, console: Console) -> None:
    print_heading(console, a)
    if a.other_years:
        years = ", ".join(str(y) for y in a.other_years)
        console.print(Text(f"Other profiles for {a.country.name}: {years} (choose one with --year).", style="dim"))
    if a.status == "draft":
        console.print(Text("DRAFT profile: not yet reviewed; ratings may rest on last year's facts.", style="bold yellow"))
    console.print(assessment_table(a))
    console.print(summary_line(a.summary))
    console.print(Text("Sources:", style="bold"))
    for s in a.sources:
        console.print(Text(f"  [{s.id}] ", style="dim") + Text(source_record(s)))
    console.print(
        Text(
            f"Laws may have changed since {a.as_of}. 'derived': the rating follows from the cited facts by the "
            "checklist's rules; 'reported': a source's own rating, used where the facts do not settle it.",
            style="dim",
        )
    )
