"""`legalcheck gaps COUNTRY`: a country brief of what the law does not yet do, and what to change."""

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

GapsFormat = format_choices("GapsFormat", "GapReport")


@guard
def gaps(
    country: str = typer.Argument(..., help="Country slug, name or ISO code, any case: nepal, Malaysia, MY, MYS."),
    year: int = typer.Option(None, "--year", "-y", help="Profile year (default: the latest)."),
    format: GapsFormat = format_option(),
    output: Path = output_option(),
    min_rated: int = min_rated_option(),
    skip_unassessed: bool = typer.Option(
        False, "--skip-unassessed",
        help="In the Markdown brief, name the indicators not yet assessed in one closing line instead of a section each."),
) -> None:
    """List every indicator a country does not meet (rated anything but Yes): the rating, why, the
    evidence, and the recommended legal intervention. Clear gaps (No) come first, then Partial, then
    what is not yet assessed and what has no data. Each indicator comes from the latest profile up
    to the year that assesses it ("as of" marks an earlier one).

    The Markdown output is a country brief with headings and citations,
    to paste into a letter or a parliamentary briefing.

    Examples:

      legalcheck gaps nepal

      legalcheck gaps malaysia --year 2022 --format json

      legalcheck gaps Indonesia --format markdown -o indonesia-brief.md
    """
    repo = repository()
    fmt = output_format("gaps", format, output, GapsFormat, data_root=repo.root)
    announce(show(repo.gaps(country, year, min_rated=min_rated), fmt, output, data_root=repo.root,
                  not_assessed_in_one_line=skip_unassessed))
