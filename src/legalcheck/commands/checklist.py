"""`legalcheck checklist` and `legalcheck explain INDICATOR`."""

from __future__ import annotations

import dataclasses
from typing import Any

import typer

from ..cli import ListFormat, app, console, guard, settings
from ..errors import NotFoundError, did_you_mean
from ..model import Indicator, source_record


def indicator_data(ind: Indicator) -> dict[str, Any]:
    from ..logic import condition_data

    data = dataclasses.asdict(ind)
    data["facts"] = [dataclasses.asdict(f) for f in ind.facts.values()]
    data["rules"] = [
        {"id": r.id, "rating": r.rating, "criterion": r.criterion, "when": condition_data(r.when)} for r in ind.rules
    ]
    return data


@app.command("checklist")
@guard
def checklist_cmd(
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """List the checklist's indicators: id, checklist point, title, and whether the rubric is published or derived.

    Examples:

      legalcheck checklist

      legalcheck checklist --format json
    """
    from ..data import load_checklist

    cl = load_checklist(settings().root)
    if format is ListFormat.json:
        from ..render.jsonout import dumps

        payload = {"title": cl.title, "version": cl.version, "publisher": cl.publisher,
                   "indicators": [indicator_data(i) for i in cl.indicators]}
        typer.echo(dumps(payload), nl=False)
        return
    from rich.table import Table

    table = Table(title=f"{cl.title} (version {cl.version})", title_justify="left")
    table.add_column("Id", no_wrap=True)
    table.add_column("Point", justify="right")
    table.add_column("Indicator")
    table.add_column("Rubric", no_wrap=True)
    table.add_column("Facts", justify="right")
    table.add_column("Rules", justify="right")
    for ind in cl.indicators:
        table.add_row(ind.id, str(ind.point) if ind.point is not None else "—", ind.title, ind.rubric_basis,
                      str(len(ind.facts)), str(len(ind.rules)))
    con = console()
    con.print(table)
    con.print("[dim]'derived' rubrics are worked out by the legalcheck project from the checklist point and ECPAT's "
              "practice, not published by ECPAT; 'legalcheck explain ID' shows the basis.[/dim]")


@app.command()
@guard
def explain(
    indicator: str = typer.Argument(..., help="Indicator id, e.g. grooming (see 'legalcheck checklist')."),
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Show an indicator: its question, the facts it asks about, the rubric, the decision rules, and its source.

    Examples:

      legalcheck explain grooming

      legalcheck explain extraterritorial-jurisdiction --format json
    """
    from ..data import load_checklist
    from ..logic import describe

    cl = load_checklist(settings().root)
    ind = cl.get(indicator) or cl.get(indicator.lower())
    if ind is None:
        raise NotFoundError(f"unknown indicator '{indicator}'{did_you_mean(indicator, cl.ids())}. Run 'legalcheck checklist' to list them.")
    if format is ListFormat.json:
        from ..render.jsonout import dumps

        typer.echo(dumps(indicator_data(ind)), nl=False)
        return
    from rich.table import Table
    from rich.text import Text

    from ..render.style import rich_badge

    con = console()
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
