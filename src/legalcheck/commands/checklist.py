"""`legalcheck checklist` and `legalcheck explain INDICATOR`."""

from pathlib import Path

import typer

from .common import announce, format_choices, format_option, guard, output_format, output_option, repository, show

ChecklistFormat = format_choices("ChecklistFormat", "Checklist")
IndicatorFormat = format_choices("IndicatorFormat", "Indicator")


@guard
def checklist(
    format: ChecklistFormat = format_option(),
    output: Path = output_option(),
) -> None:
    """List the checklist's indicators: id, checklist point, title, and whether the rubric is published or derived.

    Examples:

      legalcheck checklist

      legalcheck checklist --format json
    """
    repo = repository()
    fmt = output_format("checklist", format, output, ChecklistFormat, data_root=repo.root)
    announce(show(repo.checklist, fmt, output, data_root=repo.root))


@guard
def explain(
    indicator: str = typer.Argument(..., help="Indicator id, e.g. grooming (see 'legalcheck checklist')."),
    format: IndicatorFormat = format_option(),
    output: Path = output_option(),
) -> None:
    """Show an indicator: its question, the facts it asks about, the rubric, the decision rules, and its source.

    Examples:

      legalcheck explain grooming

      legalcheck explain extraterritorial-jurisdiction --format json
    """
    repo = repository()
    fmt = output_format("explain", format, output, IndicatorFormat, data_root=repo.root)
    announce(show(repo.indicator(indicator), fmt, output, data_root=repo.root))
