"""`legalcheck new-year COUNTRY YEAR`: start next year's profile as a draft copy of the latest one."""

import datetime

import typer

from ..errors import UsageError, brief
from ..model import date_problem
from .common import guard, repository, say


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
    date = None
    if as_of is not None:
        if why := date_problem(as_of):
            raise UsageError(f"--as-of {brief(as_of)} {why}")
        date = datetime.date.fromisoformat(as_of)
    created = repository().new_year(country, year, date)
    say(f"Created {created.path} for {year}: a draft copied from {created.copied_from} (law as of {created.as_of}).")
    typer.echo(f"Review every fact and citation against the law in {year}, set as_of to the date the "
               "information describes, then set status: reviewed.")
