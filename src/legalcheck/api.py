"""The library API the commands use: load, assess. No printing here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .data import list_countries, load_checklist, load_profile, pick_year, resolve_country
from .engine import assess, assess_over_years
from .model import Checklist, Profile
from .result import Assessment

if TYPE_CHECKING:
    from .diff import CountryDiff, RegionDiff
    from .matrix import Matrix
    from .regions import Regions


def load_profiles_up_to(root: Path, entry, year: int | None, checklist: Checklist) -> list[Profile]:
    """Every profile of ``entry`` up to ``year`` (all of them when None), oldest first."""
    return [load_profile(root, entry, y, checklist) for y in entry.years if year is None or y <= year]


def assess_country(root: Path, country: str, year: int | None = None, checklist: Checklist | None = None,
                   *, min_rated: int | None = None) -> Assessment:
    """Assess one country for ``year`` (default: its latest profile's year; a year it has a profile
    for) with the repository's rules: each indicator from the latest profile up to ``year`` that
    assesses it, so a newer profile holding only some indicators does not hide earlier findings."""
    import dataclasses

    checklist = checklist or load_checklist(root)
    entry = resolve_country(root, country)
    year = pick_year(entry, year)
    result = assess_over_years(checklist, load_profiles_up_to(root, entry, year, checklist), year=year,
                               min_rated=min_rated)
    return dataclasses.replace(result, other_years=tuple(y for y in entry.years if y != result.year))


def assess_all(root: Path, checklist: Checklist | None = None) -> list[Assessment]:
    """Assess every profile of every country (slug order, then year order)."""
    from .data import list_countries

    checklist = checklist or load_checklist(root)
    return [
        assess(checklist, load_profile(root, entry, year, checklist))
        for entry in list_countries(root)
        for year in entry.years
    ]


def build_region_matrix(
    root: Path,
    region: str | None = None,
    countries: list[str] | None = None,
    year: int | None = None,
    indicators: list[str] | None = None,
    *,
    all_indicators: bool = False,
    min_rated: int | None = None,
    sort: str | None = None,
) -> Matrix:
    """The matrix for a region and/or a list of countries (region members first, in the region's
    order; then the listed countries, in the order given). Each country is assessed over its
    profiles up to ``year`` (each indicator from the latest profile that assesses it); a country
    with no profile up to ``year`` is shown as having none. The indicators: ``indicators``, else
    the region's own list (unless ``all_indicators``), else every one."""
    from .errors import NotFoundError, UsageError, did_you_mean
    from .matrix import Member, build_matrix
    from .regions import load_regions, resolve_region

    if not region and not countries:
        raise UsageError("name a region (e.g. saievac) or give --countries nepal,india,...")
    if indicators and all_indicators:
        raise UsageError("give either --indicators or --all-indicators, not both")
    checklist = load_checklist(root)
    chosen_ids = None
    if indicators:
        chosen_ids = []
        for iid in indicators:
            if checklist.get(iid) is None:
                raise NotFoundError(f"unknown indicator '{iid}'{did_you_mean(iid, checklist.ids())}. "
                                    "Run 'legalcheck checklist' to list them.")
            chosen_ids.append(iid)
    regions = load_regions(root)
    slugs: list[str] = []
    title, region_id, notes, choice = "Selected countries", None, (), None
    if region:
        reg = resolve_region(regions, region)
        slugs += reg.members
        title, region_id = reg.name, reg.id
        notes = (reg.notes.strip(),) if reg.notes else ()
        if year is None and reg.year is not None:
            year = reg.year
        if reg.indicators and not indicators:
            n, total = len(reg.indicators), len(checklist.indicators)
            if all_indicators:
                choice = f"all {total}, not only the {n} the region names"
            else:
                chosen_ids = [i for i in reg.indicators if checklist.get(i) is not None]
                choice = f"the {n} the region names (--all-indicators shows all {total})"
    listed = len(slugs)
    for query in countries or []:
        slug = _country_slug(root, query, regions)
        if slug not in slugs:
            slugs.append(slug)
    if region and len(slugs) > listed:
        title += " and others"
    entries = {e.slug: e for e in list_countries(root)}
    members = []
    for slug in slugs:
        named = regions.countries.get(slug)
        entry = entries.get(slug)
        profiles = load_profiles_up_to(root, entry, year, checklist) if entry else []
        assessment = assess_over_years(checklist, profiles, year=year) if profiles else None
        name = assessment.country.name if assessment else (named.name if named else slug)
        sentence = named.in_sentence() if named else name
        iso3 = assessment.country.iso3 if assessment else (named.iso3 if named else None)
        members.append(Member(slug, name, sentence, iso3, assessment))
    return build_matrix(checklist, members, title=title, year=year, region=region_id,
                        indicators=tuple(chosen_ids) if chosen_ids else None, notes=notes,
                        min_rated=min_rated, sort=sort, indicator_choice=choice)


def country_diff_over_years(root: Path, country: str, from_year: int, to_year: int,
                            min_rated: int | None = None) -> CountryDiff:
    """What changed in one country between two of its profile years, each side over its profiles
    up to that year."""
    from .diff import country_diff

    checklist = load_checklist(root)
    entry = resolve_country(root, country)
    old, new = (assess_over_years(checklist, load_profiles_up_to(root, entry, pick_year(entry, y), checklist),
                                  year=y, min_rated=min_rated) for y in (from_year, to_year))
    return country_diff(old, new)


def region_diff_over_years(root: Path, region: str | None, countries: list[str] | None, from_year: int,
                           to_year: int, min_rated: int | None = None) -> RegionDiff:
    """The regional diff of a region's members (in the region's order) or of listed countries (in
    slug order). Each country is assessed over its profiles up to each year, carried forward
    exactly as the matrix does; a country with none up to a year is reported as such."""
    from .diff import region_diff
    from .errors import UsageError

    if region is not None and countries is not None:
        raise UsageError("give either --region or --countries, not both")
    known = {e.slug: e for e in list_countries(root)}
    name = None
    if region is not None:
        from .regions import load_regions, resolve_region

        found = resolve_region(load_regions(root), region)
        name = found.name
        entries = [(slug, known.get(slug)) for slug in dict.fromkeys(found.members)]
    else:
        if not countries:
            raise UsageError("--countries needs country names or codes, comma-separated: nepal,india")
        entries = sorted({e.slug: e for e in (resolve_country(root, n) for n in countries)}.items())
    checklist = load_checklist(root)

    def assessed(entry, year: int) -> Assessment | None:
        profiles = load_profiles_up_to(root, entry, year, checklist) if entry is not None else []
        return assess_over_years(checklist, profiles, year=year, min_rated=min_rated) if profiles else None

    return region_diff(name, checklist, from_year, to_year,
                       [(slug, assessed(e, from_year), assessed(e, to_year)) for slug, e in entries])


def _country_slug(root: Path, query: str, regions: Regions) -> str:
    """A country's slug from a slug, name or code; a country named in a regions file counts even
    without a profile."""
    from .data import normalise
    from .errors import NotFoundError

    try:
        return resolve_country(root, query).slug
    except NotFoundError:
        key = normalise(query)
        for slug, named in regions.countries.items():
            if key in (normalise(slug), normalise(named.name)):
                return slug
        raise
