"""`legalcheck diff` (progress between years) and `legalcheck new-year` (start next year's profile)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import typer

from ..cli import Format, app, console, error, guard, settings
from ..errors import (
    EXIT_CHECK_FAILED,
    DataError,
    NotFoundError,
    OutputError,
    UsageError,
    did_you_mean,
)

_YEAR = re.compile(r"^\d{4}$")


def _year(text: str, what: str) -> int:
    if not _YEAR.match(text.strip()):
        raise UsageError(f"{what} '{text}' is not a year (e.g. 2022)")
    return int(text)


def _years_text(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years) or "none"


def _moved(d) -> str:
    """'grooming: Yes → Partial'."""
    from ..render.style import label

    return f"{d.indicator}: {label(d.old_rating)} → {label(d.new_rating)}"


def _check_order(from_year: int, to_year: int) -> None:
    if from_year >= to_year:
        raise UsageError(f"FROM ({from_year}) must be earlier than TO ({to_year})")


def _country_years(entry, from_text: str | None, to_text: str | None) -> tuple[int, int]:
    """FROM and TO for one country: the two latest years, or FROM to the latest, or both given."""
    from ..data import pick_year

    available = _years_text(entry.years)
    if from_text is None:
        if len(entry.years) < 2:
            raise NotFoundError(f"{entry.slug}: a diff needs profiles for two years; years available: {available}")
        return entry.years[-2], entry.years[-1]
    from_year = pick_year(entry, _year(from_text, "FROM"))
    to_year = pick_year(entry, _year(to_text, "TO") if to_text is not None else None)
    if to_text is None and from_year == to_year:
        raise UsageError(f"{entry.slug}: {from_year} is the latest year; give an earlier FROM (years available: {available})")
    _check_order(from_year, to_year)
    return from_year, to_year


def _one(root: Path, country: str | None, from_text: str | None, to_text: str | None, min_rated: int | None = None):
    """The CountryDiff of one country (each year over its profiles up to it)."""
    from ..api import country_diff_over_years
    from ..data import resolve_country

    if country is None:
        raise UsageError("give a COUNTRY (e.g. legalcheck diff nepal), or --region / --countries with FROM and TO")
    if _YEAR.match(country):
        raise UsageError(f"'{country}' is a year: give the country first (legalcheck diff nepal {country}), "
                         "or --region / --countries for several countries")
    entry = resolve_country(root, country)
    from_year, to_year = _country_years(entry, from_text, to_text)
    return country_diff_over_years(root, entry.slug, from_year, to_year, min_rated)


def _several(root: Path, region: str | None, countries: str | None, years: list[str], min_rated: int | None = None):
    """The RegionDiff of a region's members (in the region's order) or of listed countries (in slug
    order), carried forward across years exactly as the matrix does."""
    from ..api import region_diff_over_years

    if region is not None and countries is not None:
        raise UsageError("give either --region or --countries, not both")
    if len(years) != 2:
        raise UsageError("a diff of several countries needs FROM and TO, e.g. legalcheck diff --region south-asia 2020 2022")
    from_year, to_year = _year(years[0], "FROM"), _year(years[1], "TO")
    _check_order(from_year, to_year)
    names = None
    if region is None:
        names = [c.strip() for c in (countries or "").split(",") if c.strip()]
        if not names:
            raise UsageError("--countries needs country names or codes, comma-separated: nepal,india")
    return region_diff_over_years(root, region, names, from_year, to_year, min_rated)


@app.command()
@guard
def diff(
    country: str = typer.Argument(None, metavar="COUNTRY", help="Country slug, name or ISO code (leave out with --region or --countries).", show_default=False),
    from_: str = typer.Argument(None, metavar="FROM", help="The earlier year (default: the second latest).", show_default=False),
    to: str = typer.Argument(None, metavar="TO", help="The later year (default: the latest).", show_default=False),
    region: str = typer.Option(None, "--region", "-r", help="Compare every country of a region (then give FROM and TO).", show_default=False),
    countries: str = typer.Option(None, "--countries", help="Compare these countries, comma-separated (then give FROM and TO).", show_default=False),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    xlsx: Path = typer.Option(None, "--xlsx", help="Also write an Excel workbook: Changes (arrows and colours), Details, Countries, Counts.", show_default=False),
    show_all: bool = typer.Option(False, "--all", help="List unchanged indicators too (by default they are summarised in one line)."),
    fail_on_regression: bool = typer.Option(False, "--fail-on-regression", help="Exit with code 1 when any rating went down (for automated monitoring); never for a rating that was only narrowed, widened or is no longer assessed."),
    min_rated: int = typer.Option(None, "--min-rated", min=1, help="Give a score only when at least this many indicators are rated Yes, Partial or No (default: half the indicators shown); below it the score is withheld and the coverage shown.", show_default=False),
) -> None:
    """What changed between two years: per indicator the old and new rating, the direction, the facts that changed, the citations added or removed, and the change in score.

    Both years are assessed with the same, current rules. Each year is the country's profiles up to that year: each indicator from the latest profile that assesses it. Directions: ↑ improved and ↓ regressed on the scale No < Partial < Yes, whatever the basis, with the cause (the law changed, or the same law was read more fully); ⇥ narrowed and ⇤ widened between a rating and a range containing it (Partial or No → No); + newly assessed; − no longer assessed (not a regression); ~ status changed (between Not assessed and No data); = unchanged.

    Examples:

      legalcheck diff nepal                      (the two latest years)

      legalcheck diff nepal 2020 2022 --format markdown > nepal-changes.md

      legalcheck diff --countries nepal,india,sri-lanka 2020 2022 --xlsx changes.xlsx

      legalcheck diff --region south-asia 2020 2022 --fail-on-regression
    """
    root = settings().root
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise UsageError(f"--xlsx {xlsx}: give a file name ending in .xlsx")
    several = region is not None or countries is not None
    if several:
        result = _several(root, region, countries, [x for x in (country, from_, to) if x is not None], min_rated)
        diffs = [c.diff for c in result.countries if c.diff is not None]
        regressions = [f"{name} {_moved(d)}" for name, d in result.regressions]
    else:
        result = _one(root, country, from_, to, min_rated)
        diffs = [result]
        regressions = [_moved(d) for d in result.regressions]

    if format is Format.json:
        from ..render.jsonout import dumps

        typer.echo(dumps(result), nl=False)
    elif format is Format.markdown:
        from ..render.diff_markdown import country_diff_markdown, region_diff_markdown

        typer.echo(region_diff_markdown(result, show_all) if several else country_diff_markdown(result, show_all), nl=False)
    else:
        from ..render.diff_terminal import render_country_diff, render_region_diff

        (render_region_diff if several else render_country_diff)(result, console(), show_all)
    if xlsx is not None:
        from ..output import write_atomic
        from ..render.diff_xlsx import write_diff_workbook

        write_atomic(xlsx, lambda tmp: write_diff_workbook(tmp, diffs, result if several else None), data_root=root)
        sys.stderr.write(f"wrote {xlsx}\n")
    if fail_on_regression and regressions:
        error(f"{len(regressions)} rating{'s' if len(regressions) != 1 else ''} went down: {'; '.join(regressions)}")
        raise typer.Exit(EXIT_CHECK_FAILED)


def draft_text(text: str, source_year: int, year: int, as_of: str) -> str:
    """The source profile's text with its year and as-of date replaced and ``status: draft`` set.

    Comments and layout are kept; a comment at the top says it is a draft to be reviewed.
    """
    def top_level(key: str) -> re.Pattern[str]:
        return re.compile(rf"^{key}[ \t]*:.*$", re.MULTILINE)

    for key in ("year", "as_of"):
        if len(top_level(key).findall(text)) != 1:
            raise UsageError(f"cannot find one top-level '{key}:' line in the {source_year} profile; copy it by hand")
    text = top_level("year").sub(f"year: {year}", text)
    text = top_level("as_of").sub(f'as_of: "{as_of}"', text)
    if top_level("status").search(text):
        text = top_level("status").sub("status: draft", text)
    else:
        text = top_level("as_of").sub(lambda m: m.group(0) + "\nstatus: draft", text)
    head = (
        f"# DRAFT for {year}, copied from {source_year}.yaml by 'legalcheck new-year'. Every fact, citation\n"
        f"# and source below still describes the law as it was in {source_year}: check each one against the law\n"
        f"# in {year}, set as_of to the date the information describes, then set status: reviewed.\n"
    )
    return head + text


@app.command("new-year")
@guard
def new_year(
    country: str = typer.Argument(..., help="Country slug, name or ISO code."),
    year: int = typer.Argument(..., help="The year of the new profile; later than the latest one."),
    as_of: str = typer.Option(None, "--as-of", help="The date the new profile's information describes the law at, YYYY-MM-DD (default: YEAR-01-01). Set it to the real date before review.", show_default=False),
) -> None:
    """Start next year's profile as a draft copy of the latest one.

    Writes countries/<slug>/YEAR.yaml with the year and as-of date updated, status: draft, and a comment saying it was copied and must be reviewed; comments and layout are kept. It never overwrites a profile (exit code 5 if YEAR's profile exists). Until reviewed, every fact still describes the earlier year, so 'legalcheck diff' shows no change for it.

    Examples:

      legalcheck new-year nepal 2024 --as-of 2024-06-30

      legalcheck --data ~/our-assessments new-year "Sri Lanka" 2025
    """
    from ..data import load_checklist, load_profile, read_profile, resolve_country

    root = settings().root
    entry = resolve_country(root, country)
    if not entry.years:
        raise NotFoundError(f"{entry.slug}: no profile to copy (expected files like countries/{entry.slug}/2022.yaml)")
    latest = entry.years[-1]
    if year in entry.years:
        raise OutputError(f"{entry.path(year)}: a profile for {year} already exists; new-year never overwrites one")
    if year < latest:
        raise UsageError(f"{entry.slug}: new-year copies the latest profile ({latest}) forward; {year} is earlier "
                         f"(years available: {_years_text(entry.years)})")
    as_of = as_of or f"{year}-01-01"
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", as_of):
        raise UsageError(f"--as-of {as_of!r} is not a date in the form YYYY-MM-DD")
    import datetime

    try:
        datetime.date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of {as_of!r} is not a real date (check the month and day)") from None

    checklist = load_checklist(root)
    load_profile(root, entry, latest, checklist)  # the source must be valid before it is copied
    source = entry.path(latest)
    # utf-8-sig: a profile saved with a byte-order mark (valid, as validate says) is copied without
    # it; left in, it would sit after the inserted header comment and break the YAML.
    text = draft_text(source.read_text(encoding="utf-8-sig"), latest, year, as_of)
    target = entry.directory / f"{year}{source.suffix}"

    from ..output import write_text_atomic

    write_text_atomic(target, text)  # no data_root: writing into countries/ is this command's purpose
    created, problems = read_profile(target, checklist)
    if problems or created is None:
        target.unlink()
        raise DataError(problems)
    typer.echo(f"Created {target} for {year}: a draft copied from {latest} (law as of {as_of}).")
    typer.echo(f"Review every fact and citation against the law in {year}, set as_of to the date the "
               "information describes, then set status: reviewed.")
