"""`legalcheck countries`: every country profile and how far it is assessed."""

from __future__ import annotations

import typer

from ..cli import ListFormat, app, console, guard, settings


@app.command()
@guard
def countries(
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """List every country profile: country, year, law as-of date, and how many indicators are
    determined by cited facts, taken from a source's own rating (reported), not assessed, or no data.

    A country with no sourced facts is listed too, every indicator not
    assessed, so that nothing silently drops out of a regional picture.

    Examples:

      legalcheck countries

      legalcheck countries --format json > countries.json
    """
    from ..api import assess_all
    from ..coverage import country_coverage

    rows = country_coverage(assess_all(settings().root))
    if format is ListFormat.json:
        from ..render.jsonout import dumps

        typer.echo(dumps({"countries": rows}), nl=False)
        return
    from ..render.coverage import render_countries

    render_countries(rows, console())
