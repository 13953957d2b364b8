"""`legalcheck gaps COUNTRY`: a country brief of what the law does not yet do, and what to change."""

from __future__ import annotations

import typer

from ..cli import Format, app, console, guard, settings


@app.command()
@guard
def gaps(
    country: str = typer.Argument(..., help="Country slug, name or ISO code, any case: nepal, Malaysia, MY, MYS."),
    year: int = typer.Option(None, "--year", "-y", help="Profile year (default: the latest)."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format (markdown: a brief to paste into a letter)."),
) -> None:
    """List every indicator a country does not meet (rated anything but Yes): the rating, why, the
    evidence, and the recommended legal intervention. Clear gaps (No) come first, then Partial, then
    what is not yet assessed and what has no data.

    The Markdown output is a country brief with headings and citations,
    to paste into a letter or a parliamentary briefing.

    Examples:

      legalcheck gaps nepal

      legalcheck gaps malaysia --year 2022 --format json

      legalcheck gaps Indonesia --format markdown > indonesia-brief.md
    """
    from ..api import assess_country
    from ..coverage import gap_report

    report = gap_report(assess_country(settings().root, country, year))
    if format is Format.json:
        from ..render.jsonout import dumps

        typer.echo(dumps(report), nl=False)
    elif format is Format.markdown:
        from ..render.brief import gaps_markdown

        typer.echo(gaps_markdown(report), nl=False)
    else:
        from ..render.coverage import render_gaps

        render_gaps(report, console())
