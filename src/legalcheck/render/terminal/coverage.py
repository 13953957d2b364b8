"""Terminal tables for the country coverage (`countries`) and a country's gaps (`gaps`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...coverage import CountryCoverage, CoverageReport, GapReport
from ...errors import count
from ..text import SYMBOLS, as_of
from .assessment import print_heading, summary_line, why_text
from .fast import FastTable
from .styles import STYLES, rich_badge


def countries_table(rows: tuple[CountryCoverage, ...]) -> Table:
    table = FastTable(title="Country profiles", title_justify="left")
    width = max((len(c.country.name) for c in rows), default=7)
    table.add_column("Country", min_width=min(width, 11))  # long names wrap: the table fits 80 columns
    table.add_column("ISO", no_wrap=True)
    table.add_column("Year", justify="right", no_wrap=True)
    table.add_column("Law as of", no_wrap=True)
    table.add_column("From\nfacts", justify="right")
    table.add_column("Re-\nported", justify="right")
    table.add_column("Ran-\nges", justify="right")  # Partial or No, Yes or Partial
    table.add_column(f"{SYMBOLS['not_assessed']}\nNA", justify="right", style=STYLES["not_assessed"])
    table.add_column(f"{SYMBOLS['no_data']}\nND", justify="right", style=STYLES["no_data"])
    for c in rows:
        for i, p in enumerate(c.profiles):
            first = i == 0
            table.add_row(
                c.country.name if first else "",
                c.country.iso3 if first else "",
                str(p.year),
                p.as_of,
                str(p.determined),
                str(p.reported),
                str(p.bounded),
                str(p.not_assessed),
                str(p.no_data),
                end_section=i == len(c.profiles) - 1,
            )
    return table


def render_countries(report: CoverageReport, console: Console) -> None:
    rows = report.countries
    console.print(countries_table(rows))
    profiles = sum(len(c.profiles) for c in rows)
    total = rows[0].profiles[0].total if rows else 0
    console.print(Text(f"{count(len(rows), 'country', 'countries')}, {count(profiles, 'profile')}, "
                       f"{count(total, 'indicator')} each.", style="bold"))
    console.print(Text(
        "From facts: Yes/Partial/No derived from cited facts. Reported: a source's own rating, used where the "
        "facts do not settle it. Ranges: narrowed to Partial or No (or Yes or Partial) and no further. "
        "NA: not assessed; ND: no data; neither is ever counted as No. Each profile is counted alone. Laws "
        "may have changed since each as-of date.",
        style="dim",
    ))


def render_gaps(report: GapReport, console: Console) -> None:
    c = report.country
    print_heading(console, report, " · what the law does not yet do")
    # Ids whole (what 'explain' takes); on a narrow screen the recommendation goes under the evidence.
    wide = console.width >= 120
    table = Table(show_lines=True, expand=True)
    table.add_column("Indicator", width=max((len(g.indicator) for g in report.gaps), default=12))
    table.add_column("Rating", no_wrap=True)
    table.add_column("Why, and the evidence" if wide else "Why, the evidence, and the recommended legal intervention",
                     ratio=2, min_width=24)
    if wide:
        table.add_column("Recommended legal intervention", ratio=2, min_width=20)
    for g in report.gaps:
        ind = Text(g.title, style="bold")
        ind.append(f"\n{g.indicator}", style="dim")
        why = why_text(g)  # a Gap carries the same reason, criterion, missing facts, notes and citations
        rating = rich_badge(g.rating)
        if as_of(g.from_year, report.year):
            rating.append("\n" + as_of(g.from_year, report.year).lstrip(), style="yellow")
        rating.append("\n" + g.basis, style="dim")
        if wide:
            table.add_row(ind, rating, why, Text(g.recommendation))
        else:
            table.add_row(ind, rating, why + Text("\nRecommended: ", style="bold") + Text(g.recommendation))
    console.print(table)
    if report.met:
        console.print(Text("Met (Yes): ", style="bold")
                      + Text(", ".join(m.title + as_of(m.from_year, report.year) for m in report.met)))
    console.print(summary_line(report.summary))
    console.print(Text(f"Laws may have changed since {report.as_of}. "
                       f"'legalcheck gaps {c.slug} --format markdown' gives a brief with citations.", style="dim"))
