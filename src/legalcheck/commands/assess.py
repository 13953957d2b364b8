"""`legalcheck assess COUNTRY`."""

from pathlib import Path

import typer

from .common import (
    announce,
    format_choices,
    format_option,
    guard,
    min_rated_option,
    output_format,
    output_option,
    repository,
    show,
)

AssessFormat = format_choices("AssessFormat", "Assessment")


@guard
def assess(
    country: str = typer.Argument(..., help="Country slug, name or ISO code, any case: nepal, Nepal, NP, NPL, viet-nam, Vietnam."),
    year: int = typer.Option(None, "--year", "-y", help="The year of one of its profiles (default: the latest)."),
    format: AssessFormat = format_option(),
    output: Path = output_option(),
    min_rated: int = min_rated_option(),
    skip_unassessed: bool = typer.Option(
        False, "--skip-unassessed",
        help="In the Markdown brief, name the indicators not yet assessed in one closing line instead of a section each."),
) -> None:
    """Assess one country: each indicator's rating, the criterion that decided it, and the citations.

    Each indicator comes from the latest profile up to the year that assesses it: a rating from an
    earlier profile is marked "as of" its year, and the header names the profile years used.

    Examples:

      legalcheck assess nepal

      legalcheck assess PH --year 2022 --format json

      legalcheck assess "Viet Nam" --output viet-nam.md

      legalcheck assess NPL -o nepal.txt
    """
    repo = repository()
    fmt = output_format("assess", format, output, AssessFormat, data_root=repo.root)
    announce(show(repo.assess(country, year, min_rated=min_rated), fmt, output, data_root=repo.root,
                  not_assessed_in_one_line=skip_unassessed))
