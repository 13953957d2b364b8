"""The library API the commands use: load, assess. No printing here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .data import list_countries, load_checklist, load_profile, pick_year, resolve_country
from .engine import assess
from .model import Checklist, Profile
from .result import Assessment

if TYPE_CHECKING:
    from .matrix import Matrix
    from .regions import Regions


def assess_country(root: Path, country: str, year: int | None = None, checklist: Checklist | None = None) -> Assessment:
    """Assess one country's profile for ``year`` (default: its latest) with the repository's rules."""
    import dataclasses

    checklist = checklist or load_checklist(root)
    entry = resolve_country(root, country)
    result = assess(checklist, load_profile(root, entry, pick_year(entry, year), checklist))
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
) -> Matrix:
    """The matrix for a region and/or a list of countries (region members first, in the region's
    order; then the listed countries, in the order given). Each country uses its profile for
    ``year``, else the latest earlier one (carried forward), else it is shown as having no profile."""
    from .errors import NotFoundError, UsageError, did_you_mean
    from .matrix import Member, build_matrix, choose_year
    from .regions import load_regions, resolve_region

    if not region and not countries:
        raise UsageError("name a region (e.g. saievac) or give --countries nepal,india,...")
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
    title, region_id, notes = "Selected countries", None, ()
    if region:
        reg = resolve_region(regions, region)
        slugs += reg.members
        title, region_id = reg.name, reg.id
        notes = (reg.notes.strip(),) if reg.notes else ()
        if year is None and reg.year is not None:
            year = reg.year
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
        use = choose_year(entry.years, year) if entry else None
        assessment = assess(checklist, load_profile(root, entry, use, checklist)) if use is not None else None
        name = assessment.country.name if assessment else (named.name if named else slug)
        sentence = named.in_sentence() if named else name
        iso3 = assessment.country.iso3 if assessment else (named.iso3 if named else None)
        members.append(Member(slug, name, sentence, iso3, assessment))
    return build_matrix(checklist, members, title=title, year=year, region=region_id,
                        indicators=tuple(chosen_ids) if chosen_ids else None, notes=notes)


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


def build_report(root: Path, region: str | None = None, countries: list[str] | None = None, year: int | None = None):
    """Everything a shared report shows: the regional matrix (every country with a profile when no
    region or countries are named), and each country's profiles in every year."""
    from .report import build_report as _build

    checklist = load_checklist(root)
    if not region and not countries:
        countries = [e.slug for e in list_countries(root) if e.years]
        if not countries:
            from .errors import UsageError

            raise UsageError(f"no country has a profile in {root} yet (add countries/<slug>/<year>.yaml)")
    matrix = build_region_matrix(root, region, countries, year)
    if not region and countries and len(matrix.rows) == len(list_countries(root)):
        import dataclasses

        matrix = dataclasses.replace(matrix, title="All countries")
    entries = {e.slug: e for e in list_countries(root)}
    histories = {
        row.slug: [assess(checklist, load_profile(root, entries[row.slug], y, checklist)) for y in entries[row.slug].years]
        for row in matrix.rows if row.slug in entries and row.year is not None
    }
    return _build(checklist, matrix, histories)


def assess_profiles(root: Path, region: str | None = None, countries: list[str] | None = None):
    """Every profile year of the region's members and the listed countries (all countries when none
    is named), assessed; countries without a profile contribute nothing."""
    from .data import resolve_countries
    from .regions import load_regions, resolve_region

    checklist = load_checklist(root)
    entries = {e.slug: e for e in list_countries(root)}
    if not region and not countries:
        chosen = list(entries)
    else:
        chosen = []
        if region:
            chosen += [s for s in resolve_region(load_regions(root), region).members if s in entries]
        chosen += [e.slug for e in resolve_countries(root, countries or []) if e.slug not in chosen]
    from .report import AssessmentSet

    return AssessmentSet.of(checklist, [assess(checklist, load_profile(root, entries[s], y, checklist))
                                        for s in chosen for y in entries[s].years])
