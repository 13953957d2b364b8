"""`legalcheck matrix`, `legalcheck summary` and `legalcheck regions`: the regional views."""

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

import typer

from ..errors import UsageError, count
from ..output import output_path
from .common import (
    announce,
    format_choices,
    format_option,
    guard,
    min_rated_option,
    output_format,
    output_option,
    repository,
    say,
    show,
    split,
)

MatrixFormat = format_choices("MatrixFormat", "Matrix")
SummaryFormat = format_choices("SummaryFormat", "RegionalSummary")
RegionsFormat = format_choices("RegionsFormat", "RegionListing")


def _generated_at(value: str | None) -> datetime:
    if value is None:
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--generated-at {value!r}: expected a date and time like 2026-11-26T10:00:00Z") from None
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    try:
        utc_year = when.astimezone(timezone.utc).year
    except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 is in the year 0 in UTC
        utc_year = 0
    if not 1980 <= utc_year <= 2107:  # what the zip format inside a workbook can record
        raise UsageError(f"--generated-at {value!r}: give a time between 1980 and 2107")
    return when


def _all_indicators_hint(m, all_indicators: bool):
    """The library says which indicators a region's matrix shows in its own words; matrix and
    summary, which have --all-indicators, add how to see every one (report, which has not, does not)."""
    if m.indicator_choice is None or all_indicators:
        return m
    return dataclasses.replace(m, indicator_choice=f"{m.indicator_choice} (--all-indicators shows all)")


@guard
def matrix(
    region: str = typer.Argument(None, help="Region id or alias (see 'legalcheck regions'): saievac, asean, consultation-2022, ...", show_default=False),
    countries: str = typer.Option(None, "--countries", "-c", help="Comma-separated countries (slugs, names or ISO codes), added after the region's members.", show_default=False),
    year: int = typer.Option(None, "--year", "-y", help="Each country's profile for this year, or its latest earlier one (carried forward). Default: the region's own year if it has one (consultation-2022: 2022), else the latest.", show_default=False),
    indicators: str = typer.Option(None, "--indicators", "-i", help="Comma-separated indicator ids (default: the ones the region names, else all, in checklist order).", show_default=False),
    all_indicators: bool = typer.Option(False, "--all-indicators", help="Every indicator, not only the ones the region names (consultation-2022 names the four it analysed)."),
    sort: str = typer.Option(None, "--sort", help="'score': best score first, a withheld score (too few indicators rated) after every score.", show_default=False),
    min_rated: int = min_rated_option(),
    format: MatrixFormat = format_option(),
    output: Path = output_option(),
    xlsx: Path = typer.Option(None, "--xlsx", parser=output_path, help="Write an Excel workbook (Matrix, Details, Summary, About) to this file (the same as --format xlsx -o FILE).", show_default=False),
    generated_at: str = typer.Option(None, "--generated-at", help="Generation time written in the workbook (ISO 8601; default: now), for reproducible files.", show_default=False),
) -> None:
    """Countries against indicators: one rating per cell, totals per indicator, a score per country.

    A region's members are listed in the region's order; a member with no profile is shown as
    such, never left out. Each cell comes from the country's latest profile up to the year that
    assesses the indicator (marked with its year when earlier than the row's latest profile); with
    --year, a country without a profile for that year uses its latest earlier one, marked as carried
    forward (*). A score is given only when enough indicators are rated (--min-rated).

    Examples:

      legalcheck matrix consultation-2022

      legalcheck matrix south-asia --year 2024

      legalcheck matrix --countries nepal,india,LK --format csv -o matrix.csv

      legalcheck matrix asean --xlsx asean.xlsx
    """
    repo = repository()
    if xlsx is not None:
        if output is not None:
            raise UsageError("give either --xlsx or --output, not both")
        fmt = output_format("matrix", "xlsx", xlsx, MatrixFormat, option="--xlsx", data_root=repo.root)
        output = xlsx
    else:
        fmt = output_format("matrix", format, output, MatrixFormat, data_root=repo.root)
    if generated_at is not None and fmt != "xlsx":
        raise UsageError("--generated-at only applies with --xlsx")
    when = _generated_at(generated_at) if fmt == "xlsx" else None
    m = _all_indicators_hint(repo.matrix(region, split(countries), year, split(indicators) or None,
                                         all_indicators=all_indicators, min_rated=min_rated, sort=sort), all_indicators)
    written = show(m, fmt, output, data_root=repo.root, generated_at=when)
    if written is not None and fmt == "xlsx":
        say(f"Wrote {written} ({count(len(m.rows), 'country', 'countries')} × {count(len(m.indicators), 'indicator')})")
    else:
        announce(written)


@guard
def summary(
    region: str = typer.Argument(None, help="Region id or alias (see 'legalcheck regions').", show_default=False),
    countries: str = typer.Option(None, "--countries", "-c", help="Comma-separated countries, added after the region's members.", show_default=False),
    year: int = typer.Option(None, "--year", "-y", help="Each country's profile for this year, or its latest earlier one. Default: the region's own year if it has one, else the latest.", show_default=False),
    format: SummaryFormat = format_option(),
    output: Path = output_option(),
    all_indicators: bool = typer.Option(False, "--all-indicators", help="A finding for every indicator, not only the ones the region names."),
) -> None:
    """The regional overview in sentences, one finding per indicator, naming the countries.

    Examples:

      legalcheck summary consultation-2022 --year 2022

      legalcheck summary saievac --format markdown -o saievac.md
    """
    repo = repository()
    fmt = output_format("summary", format, output, SummaryFormat, data_root=repo.root)
    m = _all_indicators_hint(repo.matrix(region, split(countries), year, all_indicators=all_indicators), all_indicators)
    announce(show(m.overview(), fmt, output, data_root=repo.root))


@guard
def regions(
    format: RegionsFormat = format_option(),
    output: Path = output_option(),
) -> None:
    """List the regions (from regions.yaml and regions/*.yaml in the data) and their members.

    Examples:

      legalcheck regions

      legalcheck regions --format json
    """
    repo = repository()
    fmt = output_format("regions", format, output, RegionsFormat, data_root=repo.root)
    announce(show(repo.region_listing(), fmt, output, data_root=repo.root, root=str(repo.root)))
