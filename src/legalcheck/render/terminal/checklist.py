"""The checklist (its indicators) and one indicator in full, as terminal tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...logic import describe
from ...model import Checklist, Indicator
from ..text import source_record
from .styles import rich_badge

RUBRIC_NOTE = ("'derived' rubrics are worked out by the legalcheck project from the checklist point and ECPAT's "
               "practice, not published by ECPAT; 'legalcheck explain ID' shows the basis.")


def render_checklist(cl: Checklist, console: Console) -> None:
    # The id (what 'explain' takes) whole on its own line, the title under it: fits 80 columns with
    # no title cut short.
    table = Table(title=f"{cl.title} (version {cl.version})", title_justify="left", expand=False)
    table.add_column("Indicator: id, then title", ratio=1, min_width=max(len(i.id) for i in cl.indicators))
    table.add_column("Point", justify="right", no_wrap=True)
    table.add_column("Rubric", no_wrap=True)
    table.add_column("Facts", justify="right", no_wrap=True)
    table.add_column("Rules", justify="right", no_wrap=True)
    for ind in cl.indicators:
        name = Text(ind.id, style="bold")
        name.append("\n" + ind.title)
        table.add_row(name, str(ind.point) if ind.point is not None else "none", ind.rubric_basis,
                      str(len(ind.facts)), str(len(ind.rules)))
    console.print(table)
    console.print(Text(RUBRIC_NOTE, style="dim"))


def render_indicator(ind: Indicator, console: Console) -> None:
    con = console
    con.print(Text(ind.title, style="bold"), Text(f"({ind.id}" + (f", checklist point {ind.point})" if ind.point else ")"), style="dim"))
    con.print(Text(ind.question.strip()))
    con.print()
    con.print(Text(f"Rubric: {ind.rubric_basis}. ", style="bold") + Text(ind.basis_note.strip()))
    rub = Table(show_header=False, show_lines=True)
    rub.add_column(no_wrap=True)
    rub.add_column()
    for r in ("yes", "partial", "no"):
        rub.add_row(rich_badge(r), getattr(ind.rubric, r).strip())
    con.print(rub)
    facts = Table(title="Facts it asks about", title_justify="left")
    facts.add_column("Fact", no_wrap=True)
    facts.add_column("Type")
    facts.add_column("Question")
    for f in ind.facts.values():
        kind = f.type
        if f.values:
            kind += ": " + ", ".join(f.values)
        if f.type == "integer":
            kind += f" {f.min}..{f.max}" + (f" {f.unit}" if f.unit else "")
        facts.add_row(f.id, kind, f.question.strip())
    con.print(facts)
    rules = Table(title="Decision rules (any matching rule decides; unknown facts are enumerated)", title_justify="left")
    rules.add_column("Rule", no_wrap=True)
    rules.add_column("Rating", no_wrap=True)
    rules.add_column("When")
    rules.add_column("Criterion")
    for r in ind.rules:
        rules.add_row(r.id, rich_badge(r.rating), describe(r.when), r.criterion.strip())
    con.print(rules)
    con.print(Text("Recommended intervention: ", style="bold") + Text(ind.recommendation.strip()))
    for s in ind.sources:
        con.print(Text("Source: ", style="bold") + Text(source_record(s) + (f" · {s.locator}" if s.locator else "")))
