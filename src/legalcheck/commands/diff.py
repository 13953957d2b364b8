"""`legalcheck diff`: what changed in a country, or across countries, between two years."""

import re
from pathlib import Path

import typer

from ..errors import EXIT_CHECK_FAILED, UsageError
from ..output import output_path
from .common import (
    announce,
    error,
    format_choices,
    format_option,
    guard,
    min_rated_option,
    output_format,
    output_option,
    repository,
    show,
    split,
)

DiffFormat = format_choices("DiffFormat", "CountryDiff", "RegionDiff", exclude=("xlsx",))  # Excel: --xlsx
XlsxFormat = format_choices("XlsxFormat", "CountryDiff", "RegionDiff")

_YEAR = re.compile(r"^\d{4}\Z")


def _year(text: str, what: str) -> int:
    if not _YEAR.match(text.strip()):
        switch = (" (--all and --fail-on-regression are switches: write them alone, without true or false)"
                  if text.strip().lower() in ("true", "false", "yes", "no", "on", "off") else "")
        raise UsageError(f"{what} '{text}' is not a year (e.g. 2022){switch}")
    return int(text)


def _moved(d) -> str:
    """'grooming: Yes → Partial'."""
    from ..render.text import label

    return f"{d.indicator}: {label(d.old_rating)} → {label(d.new_rating)}"


@guard
def diff(
    country: str = typer.Argument(None, metavar="COUNTRY", help="Country slug, name or ISO code (leave out with --region or --countries).", show_default=False),
    from_: str = typer.Argument(None, metavar="FROM", help="The earlier year (default: the second latest).", show_default=False),
    to: str = typer.Argument(None, metavar="TO", help="The later year (default: the latest).", show_default=False),
    region: str = typer.Option(None, "--region", "-r", help="Compare every country of a region (then give FROM and TO).", show_default=False),
    countries: str = typer.Option(None, "--countries", help="Compare these countries, comma-separated (then give FROM and TO).", show_default=False),
    format: DiffFormat = format_option(),
    output: Path = output_option(),
    xlsx: Path = typer.Option(None, "--xlsx", parser=output_path, help="Also write an Excel workbook: Changes (arrows and colours), Details, Countries, Counts.", show_default=False),
    show_all: bool = typer.Option(False, "--all", help="List unchanged indicators too (by default they are summarised in one line)."),
    fail_on_regression: bool = typer.Option(False, "--fail-on-regression", help="Exit with code 1 when any rating went down (for automated monitoring); never for a rating only narrowed, widened or shifted, or no longer assessed."),
    min_rated: int = min_rated_option(),
) -> None:
    """What changed between two years: per indicator the old and new rating, the direction, the facts that changed, the citations added or removed, and the change in score.

    Both years are assessed with the same, current rules, each as of its year: each indicator from the latest profile up to then that assesses it. Directions: ↑ improved and ↓ regressed on the scale No < Partial < Yes, whatever the basis, with the cause (the law changed, or the same law was read more fully); ⇥ narrowed and ⇤ widened between a rating and a range containing it (Partial or No → No); ↕ shifted between overlapping ranges; + newly assessed; − no longer assessed (not a regression); ~ status changed (between Not assessed and No data); = unchanged.

    Examples:

      legalcheck diff nepal                      (the two latest years)

      legalcheck diff nepal 2020 2022 --format markdown -o nepal-changes.md

      legalcheck diff --countries nepal,india,sri-lanka 2020 2022 --xlsx changes.xlsx

      legalcheck diff --region south-asia 2020 2022 --fail-on-regression
    """
    repo = repository()
    if xlsx is not None:
        output_format("diff", "xlsx", xlsx, XlsxFormat, option="--xlsx", data_root=repo.root)
    fmt = output_format("diff", format, output, DiffFormat, data_root=repo.root)
    if region is not None or countries is not None:
        if region is not None and countries is not None:
            raise UsageError("give either --region or --countries, not both")
        years = [x for x in (country, from_, to) if x is not None]
        if len(years) != 2:
            raise UsageError("a diff of several countries needs FROM and TO, e.g. legalcheck diff --region south-asia 2020 2022")
        names = split(countries) if countries is not None else None
        if names == []:
            raise UsageError("--countries needs country names or codes, comma-separated: nepal,india")
        result = repo.region_diff(_year(years[0], "FROM"), _year(years[1], "TO"), region=region, countries=names,
                                  min_rated=min_rated)
        regressions = [f"{name} {_moved(d)}" for name, d in result.regressions]
    else:
        if country is None:
            raise UsageError("give a COUNTRY (e.g. legalcheck diff nepal), or --region / --countries with FROM and TO")
        if _YEAR.match(country):
            raise UsageError(f"'{country}' is a year: give the country first (legalcheck diff nepal {country}), "
                             "or --region / --countries for several countries")
        from_year = _year(from_, "FROM") if from_ is not None else None
        to_year = _year(to, "TO") if to is not None else None
        result = repo.diff(country, from_year, to_year, min_rated=min_rated)
        regressions = [_moved(d) for d in result.regressions]

    announce(show(result, fmt, output, data_root=repo.root, show_all=show_all))
    if xlsx is not None:
        announce(show(result, "xlsx", xlsx, data_root=repo.root))
    if fail_on_regression and regressions:
        error(f"{len(regressions)} rating{'s' if len(regressions) != 1 else ''} went down: {'; '.join(regressions)}")
        raise typer.Exit(EXIT_CHECK_FAILED)
