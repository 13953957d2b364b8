"""`legalcheck matrix`, `legalcheck summary` and `legalcheck regions`: the regional views."""

from __future__ import annotations

import enum
from datetime import datetime, timezone
from pathlib import Path

import typer

from ..cli import Format, ListFormat, app, console, guard, settings
from ..errors import UsageError, count


class MatrixFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _split(value: str | None) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()] if value else []


def _generated_at(value: str | None) -> datetime:
    if value is None:
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--generated-at {value!r}: expected a date and time like 2026-11-26T10:00:00Z") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


@app.command()
@guard
def matrix(
    region: str = typer.Argument(None, help="Region id or alias (see 'legalcheck regions'): saievac, asean, consultation-2022, ...", show_default=False),
    countries: str = typer.Option(None, "--countries", "-c", help="Comma-separated countries (slugs, names or ISO codes), added after the region's members.", show_default=False),
    year: int = typer.Option(None, "--year", "-y", help="Each country's profile for this year, or its latest earlier one (carried forward). Default: the region's own year if it has one (consultation-2022: 2022), else the latest.", show_default=False),
    indicators: str = typer.Option(None, "--indicators", "-i", help="Comma-separated indicator ids (default: all, in checklist order).", show_default=False),
    format: MatrixFormat = typer.Option(MatrixFormat.table, "--format", "-f", help="Output format."),
    xlsx: Path = typer.Option(None, "--xlsx", help="Write an Excel workbook (Matrix, Details, Summary, About) to this file.", show_default=False),
    generated_at: str = typer.Option(None, "--generated-at", help="Generation time written in the workbook (ISO 8601; default: now), for reproducible files.", show_default=False),
    all_indicators: bool = typer.Option(False, "--all-indicators", help="Show every indicator, not only the ones the region names (consultation-2022 names the four it analysed)."),
    sort: str = typer.Option(None, "--sort", help="'score': best score first; a withheld score (too few indicators rated) after every score.", show_default=False),
    min_rated: int = typer.Option(None, "--min-rated", min=1, help="Give a score only when at least this many indicators are rated Yes, Partial or No (default: half the indicators shown); below it the score is withheld and the coverage shown.", show_default=False),
) -> None:
    """Countries against indicators: one rating per cell, totals per indicator, a score per country.

    A region's members are listed in the region's order; a member with no profile is shown as
    such, never left out. With --year, a country without a profile for that year uses its latest
    earlier one, marked as carried forward (*).

    Examples:

      legalcheck matrix consultation-2022

      legalcheck matrix south-asia --year 2024

      legalcheck matrix --countries nepal,india,LK --format csv > matrix.csv

      legalcheck matrix asean --xlsx asean.xlsx
    """
    from ..api import build_region_matrix

    root = settings().root
    if sort not in (None, "score"):
        raise UsageError(f"--sort {sort!r}: the matrix can be sorted by 'score' (default: the region's own order)")
    m = build_region_matrix(root, region, _split(countries), year, _split(indicators) or None,
                            all_indicators=all_indicators, min_rated=min_rated, sort=sort)
    if xlsx is not None:
        from ..output import write_atomic
        from ..render.matrix_xlsx import write_workbook

        when = _generated_at(generated_at)
        written = write_atomic(xlsx, lambda tmp: write_workbook(m, tmp, when), data_root=root)
        typer.echo(f"Wrote {written} ({count(len(m.rows), 'country', 'countries')} × {count(len(m.indicators), 'indicator')})")
        return
    if generated_at is not None:
        raise UsageError("--generated-at only applies with --xlsx")
    if format is MatrixFormat.json:
        from ..render.jsonout import dumps

        typer.echo(dumps(m), nl=False)
    elif format is MatrixFormat.csv:
        from ..render.matrixout import matrix_csv

        typer.echo(matrix_csv(m), nl=False)
    elif format is MatrixFormat.markdown:
        from ..render.matrixout import matrix_markdown

        typer.echo(matrix_markdown(m), nl=False)
    else:
        from ..render.matrixout import render_matrix

        render_matrix(m, console())


@app.command()
@guard
def summary(
    region: str = typer.Argument(None, help="Region id or alias (see 'legalcheck regions').", show_default=False),
    countries: str = typer.Option(None, "--countries", "-c", help="Comma-separated countries, added after the region's members.", show_default=False),
    year: int = typer.Option(None, "--year", "-y", help="Each country's profile for this year, or its latest earlier one. Default: the region's own year if it has one, else the latest.", show_default=False),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    all_indicators: bool = typer.Option(False, "--all-indicators", help="A finding for every indicator, not only the ones the region names."),
) -> None:
    """The regional overview in sentences, one finding per indicator, naming the countries.

    Examples:

      legalcheck summary consultation-2022 --year 2022

      legalcheck summary saievac --format markdown > saievac.md
    """
    from ..api import build_region_matrix
    from ..matrix import regional_summary

    s = regional_summary(build_region_matrix(settings().root, region, _split(countries), year,
                                             all_indicators=all_indicators))
    if format is Format.json:
        from ..render.jsonout import dumps

        typer.echo(dumps(s), nl=False)
    elif format is Format.markdown:
        from ..render.matrixout import summary_markdown

        typer.echo(summary_markdown(s), nl=False)
    else:
        from ..render.matrixout import summary_text

        summary_text(s, console())


@app.command()
@guard
def regions(
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """List the regions (from regions.yaml and regions/*.yaml in the data) and their members.

    Examples:

      legalcheck regions

      legalcheck regions --format json
    """
    from ..data import list_countries
    from ..regions import load_regions

    root = settings().root
    regs = load_regions(root)
    if not regs.regions and format is ListFormat.table:
        typer.echo(f"No regions defined in {root}: add regions.yaml (see 'legalcheck matrix --help').")
        return
    with_profile = {e.slug for e in list_countries(root) if e.years}
    if format is ListFormat.json:
        from ..render.jsonout import dumps

        typer.echo(dumps({"regions": regs.regions, "countries": regs.countries}), nl=False)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    table.add_column("Region", no_wrap=True)
    table.add_column("Members (· no profile yet)")
    for r in regs.regions:
        head = Text(r.id, style="bold")
        for a in r.aliases:
            head.append(f"\n{a}", style="dim")
        names = [(regs.countries[s].name if s in regs.countries else s) + ("" if s in with_profile else " ·") for s in r.members]
        body = Text(r.name + "\n", style="bold") + Text(", ".join(names))
        if r.notes:
            body.append(f"\n{r.notes.strip()}", style="italic")
        table.add_row(head, body)
    console().print(table)
