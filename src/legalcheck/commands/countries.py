"""`legalcheck countries`: every country profile and how far it is assessed."""

from pathlib import Path

from .common import announce, format_choices, format_option, guard, output_format, output_option, repository, show

CountriesFormat = format_choices("CountriesFormat", "CoverageReport")


@guard
def countries(
    format: CountriesFormat = format_option(),
    output: Path = output_option(),
) -> None:
    """List every country profile: country, year, law as-of date, and how many indicators are
    settled from cited facts, taken from a source's own rating (reported), not assessed, or no data.

    A country with no sourced facts is listed too, every indicator not
    assessed, so that nothing silently drops out of a regional picture.

    Examples:

      legalcheck countries

      legalcheck countries --format json -o countries.json
    """
    repo = repository()
    fmt = output_format("countries", format, output, CountriesFormat, data_root=repo.root)
    announce(show(repo.coverage(), fmt, output, data_root=repo.root))
