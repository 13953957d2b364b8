"""`legalcheck assess COUNTRY`."""

from __future__ import annotations

import typer

from ..cli import Format, app, console, guard, settings


@app.command()
@guard
def assess(
    country: str = typer.Argument(..., help="Country slug, name or ISO code, any case: nepal, Nepal, NP, NPL, viet-nam, Vietnam."),
    year: int = typer.Option(None, "--year", "-y", help="Profile year (default: the latest)."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
) -> None:
    """Assess one country: each indicator's rating, the criterion that decided it, and the citations.

    Examples:

      legalcheck assess nepal

      legalcheck assess PH --year 2022 --format json

      legalcheck assess "Viet Nam" --format markdown > viet-nam.md
    """
    from ..api import assess_country

    result = assess_country(settings().root, country, year)
    if format is Format.json:
        from ..render.jsonout import dumps

        typer.echo(dumps(result), nl=False)
    elif format is Format.markdown:
        from ..render.markdown import assessment_markdown

        typer.echo(assessment_markdown(result), nl=False)
    else:
        from ..render.terminal import render_assessment

        render_assessment(result, console())
