"""`legalcheck export --datapackage DIR`: the assessments as open data for researchers and tools."""

from pathlib import Path

import typer

from ..errors import UsageError, count
from .common import check_directory, guard, repository, say, show, split


@guard
def export(
    region: str = typer.Argument(None, help="Region id or alias (see 'legalcheck regions'). Default: every country.", show_default=False),
    datapackage: Path = typer.Option(None, "--datapackage", help="Write a Frictionless Tabular Data Package into this directory (new, empty, or an earlier package, which is replaced).", show_default=False),
    countries: str = typer.Option(None, "--countries", "-c", help="Comma-separated countries (slugs, names or ISO codes), added after the region's members.", show_default=False),
    licence: str = typer.Option("CC-BY-4.0", "--licence", "--license", help="The licence the package is published under (an SPDX id, e.g. CC-BY-4.0, CC0-1.0, ODC-BY-1.0)."),
) -> None:
    """Export every profile year as open data: long-format CSV tables (ratings, facts with their citations, sources, profiles, indicators) described by a datapackage.json (field types, allowed values, keys, sources, licence), readable by pandas, R, and any Frictionless tool.

    Examples:

      legalcheck export --datapackage legalcheck-data

      legalcheck export saievac --datapackage saievac-data --licence CC0-1.0
    """
    if datapackage is None:
        raise UsageError("give --datapackage DIR: the directory to write the data package into, e.g. --datapackage legalcheck-data")
    repo = repository()
    check_directory("datapackage", datapackage, repo.root)
    data = repo.assessment_set(region, split(countries))
    if not data.assessments:
        raise UsageError("no profile to export: none of the countries chosen has a profile yet")
    target = show(data, "datapackage", datapackage, data_root=repo.root, licence=licence)
    n = len({a.country.slug for a in data.assessments})
    ratings = sum(len(a.results) for a in data.assessments)
    say(f"Wrote {target}/datapackage.json and 5 tables ({count(n, 'country', 'countries')}, "
               f"{count(len(data.assessments), 'profile')}, {count(ratings, 'rating')})")
