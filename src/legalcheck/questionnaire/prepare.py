"""Which questionnaire to make for ``legalcheck questionnaire COUNTRY [--year Y]``: the country, the
year, and the profile its answers are filled from (the year's own, else the nearest earlier one,
else none for a new country)."""

from __future__ import annotations

import datetime
from pathlib import Path

from ..data import load_checklist, load_profile, normalise, resolve_country
from ..engine import assess
from ..errors import NotFoundError, UsageError
from ..model import rating_label
from . import Questionnaire, build


def _new_country(root: Path, query: str, new: bool) -> tuple[str, dict]:
    from ..regions import read_regions
    from ..scaffold import slugify

    regions, _ = read_regions(root)
    key = normalise(query)
    if regions is not None:
        for slug, named in regions.countries.items():
            if key in (normalise(slug), normalise(named.name), normalise(named.iso3)):
                return slug, {"name": named.name, "iso3": named.iso3}
        from ..errors import did_you_mean

        hint = did_you_mean(query, [n.name for n in regions.countries.values()])
        if hint and not new:
            raise NotFoundError(f"no country '{query}'{hint}", hint="new")
    slug = slugify(query)
    if not slug:
        raise UsageError(f"cannot make a folder name from {query!r}; give the country's name in letters")
    return slug, {"name": " ".join(query.split())}


def prepare(root: Path, country: str, year: int | None = None, new: bool = False,
            today: datetime.date | None = None) -> Questionnaire:
    """The questionnaire for ``country`` and ``year`` (default: its latest profile's year, or this
    year for a country with no profile). A name no profile uses starts a new country; one close to
    an existing country's is refused unless ``new`` (it is more likely a typing error)."""
    checklist = load_checklist(root)
    if year is not None and not 1900 <= year <= 2100:
        raise UsageError(f"{year} is not a plausible year")
    try:
        entry = resolve_country(root, country)
    except NotFoundError as e:
        if "did you mean" in e.message and not new:
            raise NotFoundError(e.message, hint="new") from None
        if "ambiguous" in e.message:
            raise
        entry = None
    if entry is None or not entry.years:
        slug, known = _new_country(root, country, new) if entry is None else (entry.slug, {})
        year = year if year is not None else (today or datetime.date.today()).year
        return build(checklist, slug, year, None, country=known)
    if year is None:
        year = entry.years[-1]
    earlier = [y for y in entry.years if y <= year]
    base_year = earlier[-1] if earlier else entry.years[0]
    profile = load_profile(root, entry, base_year, checklist)
    current = {r.indicator: rating_label(r.rating) for r in assess(checklist, profile).results}
    from ..cache import content_hash
    from ..yamlload import read_bytes

    # Through the one reader, as import_questionnaire reads the same file to compare this hash.
    return build(checklist, entry.slug, year, profile, current=current,
                 base_hash=content_hash(read_bytes(entry.path(base_year), within=root)[0]))
