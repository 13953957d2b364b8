"""`legalcheck assess COUNTRY`."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import announce, format_choices, format_option, guard, output_format, output_option, repository, show

AssessFormat = format_choices("AssessFormat", "Assessment")


@guard
def assess(
    country: str = typer.Argument(..., help="Country slug, name or ISO code, any case: nepal, Nepal, NP, NPL, viet-nam, Vietnam."),
    year: int = typer.Option(None, "--year", "-y", help="Profile year (default: the latest)."),
    format: AssessFormat = format_option(AssessFormat),
    output: Path = output_option(),
) -> None:
    """Assess one country: each indicator's rating, the criterion that decided it, and the citations.

    Examples:

      legalcheck assess nepal

      legalcheck assess PH --year 2022 --format json

      legalcheck assess "Viet Nam" --output viet-nam.md

      legalcheck assess NPL -o nepal.txt
    """
    repo = repository()
    fmt = output_format("assess", format, output, AssessFormat, data_root=repo.root)
    announce(show(repo.assess(country, year), fmt, output, data_root=repo.root))
