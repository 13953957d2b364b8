"""`legalcheck report REGION --html DIR`: the findings as a static web site to publish or send."""

from pathlib import Path

import typer

from ..errors import UsageError, count
from .common import check_directory, guard, repository, say, show, split


@guard
def report(
    region: str = typer.Argument(None, help="Region id or alias (see 'legalcheck regions'). Default: every country with a profile.", show_default=False),
    html: Path = typer.Option(None, "--html", help="Write the report as a web site into this directory (new, empty, or an earlier report, which is replaced).", show_default=False),
    countries: str = typer.Option(None, "--countries", "-c", help="Comma-separated countries (slugs, names or ISO codes), added after the region's members.", show_default=False),
    year: int = typer.Option(None, "--year", "-y", help="Each country's profile for this year, or its latest earlier one. Default: the region's own year if it has one, else the latest.", show_default=False),
) -> None:
    """Share the findings as a self-contained web site: the regional matrix (sortable, filterable), a page per country with each rating's evidence and history, a page per indicator, the changes between years, and the method and sources.

    The site works offline: open DIR/index.html in a browser, put the directory on any static web host, or zip it and send it.

    Examples:

      legalcheck report consultation-2022 --html consultation-site

      legalcheck report saievac --year 2024 --html saievac-site

      legalcheck report --html all-countries
    """
    if html is None:
        raise UsageError("give --html DIR: the directory to write the site into, e.g. --html report-site")
    repo = repository()
    check_directory("html", html, repo.root)  # before the work: a wrong path fails at once
    rep = repo.report(region, split(countries), year)
    target = show(rep, "html", html, data_root=repo.root)
    pages = 5 + len(rep.countries) + len(rep.matrix.indicators)
    say(f"Wrote {target}/index.html and {count(pages - 1, 'other page')} "
               f"({count(len(rep.countries), 'country', 'countries')}); open index.html in a browser")
