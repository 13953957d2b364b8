"""Regions: named lists of countries, kept as data (``DIR/regions.yaml`` and ``DIR/regions/*.yaml``).

Each file has the same two parts::

    countries:                      # every country a region may list, by profile slug
      philippines: {name: Philippines, iso3: PHL, definite_article: true}
    regions:
      - id: asean
        name: ASEAN (Southeast Asia)
        aliases: [southeast-asia]
        members: [brunei-darussalam, cambodia, ...]

A member must be a known country: named under ``countries`` in any regions file, or with a
directory under ``countries/``. A member with no profile is not a data error: the matrix shows it
as "no profile". Files are read strictly like the rest of the data (unknown keys, duplicate ids or
aliases, misspelt slugs with a did-you-mean).
"""

from __future__ import annotations

import os

import re
from dataclasses import field
from pathlib import Path
from typing import Any, ClassVar

from .errors import DataError, NotFoundError, Problem, brief, did_you_mean
from .model import iso_code_problem
from .records import record

_STRICT: dict[str, Any] = {"extra": "forbid"}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: $ also matches before a final newline
REGIONS_FILE = "regions.yaml"
REGIONS_DIR = "regions"


@record
class CountryName:
    __pydantic_config__: ClassVar = _STRICT
    name: str
    iso3: str  # ISO 3166 alpha-3: the column heading when the matrix is transposed
    definite_article: bool = False  # "the Philippines" in sentences

    def in_sentence(self) -> str:
        return f"the {self.name}" if self.definite_article else self.name


@record
class Region:
    __pydantic_config__: ClassVar = _STRICT
    id: str
    name: str
    members: tuple[str, ...]  # country slugs, in the order outputs show them
    aliases: tuple[str, ...] = ()
    description: str | None = None
    notes: str | None = None
    # The assessment year the region is about (consultation-2022: 2022): matrix and summary use it
    # unless --year is given, so a later profile of a member does not silently replace that year's.
    year: int | None = None
    # The indicators the region's work covers (consultation-2022: the four it analysed): matrix and
    # summary show these unless --indicators or --all-indicators is given. Empty: every indicator.
    indicators: tuple[str, ...] = ()


@record
class RegionsFile:
    __pydantic_config__: ClassVar = _STRICT
    countries: dict[str, CountryName] = field(default_factory=dict)
    regions: tuple[Region, ...] = ()


@record
class Regions:
    """Every region defined in a repository, and the country names they rely on."""

    countries: dict[str, CountryName]
    regions: tuple[Region, ...]

    def names(self) -> list[str]:
        return [r.id for r in self.regions] + [a for r in self.regions for a in r.aliases]

    def find(self, query: str) -> Region | None:
        """A region by id, alias or name, in any case and spacing ('SAIEVAC', 'south asia', 'Test Region')."""
        from .data import normalise

        key = normalise(query)
        for r in self.regions:
            if key in (normalise(n) for n in (r.id, r.name, *r.aliases)):
                return r
        return None


def region_files(root: Path) -> list[Path]:
    # Anything that is not a folder is listed, so that a pipe, device or broken link is reported when
    # read (yamlload.read_bytes), never silently skipped.
    files = [root / REGIONS_FILE] if os.path.lexists(root / REGIONS_FILE) and not (root / REGIONS_FILE).is_dir() else []
    rdir = root / REGIONS_DIR
    if rdir.is_dir():
        files += sorted(p for p in rdir.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())
    return files


def read_regions(root: Path, indicator_ids: tuple[str, ...] | None = None) -> tuple[Regions, list[Problem]]:
    """Load and check every regions file; returns what is usable and every problem found.
    ``indicator_ids``: the checklist's indicators, to check the ones a region names."""
    from . import schema
    from .data import country_identity, list_countries
    from .yamlload import load_file

    problems: list[Problem] = []
    countries: dict[str, CountryName] = {}
    defined_in: dict[str, str] = {}
    parsed = []
    for path in region_files(root):
        try:
            doc = load_file(path, within=root)
        except DataError as e:
            problems += e.problems
            continue
        if doc.data is None:
            continue  # an empty file defines nothing
        rf, p = schema.validate(RegionsFile, doc)
        problems += p
        if rf is None:
            continue
        for slug, cname in rf.countries.items():
            if not _SLUG.match(slug):
                problems.append(doc.problem(("countries", slug), "a country slug is lower-case words joined by hyphens, as in countries/<slug>/"))
            elif slug in countries:
                problems.append(doc.problem(("countries", slug), f"country '{slug}' is already named in {defined_in[slug]}"))
            else:
                countries[slug] = cname
                defined_in[slug] = doc.file
            if why := iso_code_problem(cname.iso3, 3):
                problems.append(doc.problem(("countries", slug, "iso3"), f"{brief(cname.iso3)} {why}"))
        parsed.append((doc, rf))

    entries = list_countries(root)
    known = set(countries) | {e.slug for e in entries}
    for e in entries:  # a named country with a profile must carry the profile's code
        ident = country_identity(e) if e.slug in countries else None
        if ident and ident.get("iso3") != countries[e.slug].iso3:
            problems.append(Problem(defined_in[e.slug], None, None, f"countries.{e.slug}.iso3",
                                    f"{countries[e.slug].iso3} differs from {ident.get('iso3')} in the profile {e.slug}/{e.years[-1]}"))
    regions: list[Region] = []
    taken: dict[str, str] = {}  # id or alias (case-folded) -> where it was defined
    for doc, rf in parsed:
        for i, region in enumerate(rf.regions):
            rpath = ("regions", i)
            bad = False
            for kind, name, path in [("id", region.id, rpath + ("id",))] + [
                ("alias", a, rpath + ("aliases", j)) for j, a in enumerate(region.aliases)
            ]:
                if not _SLUG.match(name):
                    problems.append(doc.problem(path, f"a region {kind} is lower-case words joined by hyphens, e.g. south-asia"))
                    bad = True
                elif name.casefold() in taken:
                    problems.append(doc.problem(path, f"'{name}' is already used by {taken[name.casefold()]}"))
                    bad = True
                else:
                    taken[name.casefold()] = f"region '{region.id}' ({doc.file})"
            if not region.members:
                problems.append(doc.problem(rpath + ("members",), "a region needs at least one member"))
                bad = True
            seen: set[str] = set()
            for j, slug in enumerate(region.members):
                mpath = rpath + ("members", j)
                if slug in seen:
                    problems.append(doc.problem(mpath, f"'{slug}' is listed twice"))
                    bad = True
                elif slug not in known:
                    problems.append(doc.problem(mpath, f"unknown country '{slug}'{did_you_mean(slug, sorted(known))}; "
                                                       "name it under countries (slug: {name: ...}) or add countries/" + slug + "/"))
                    bad = True
                seen.add(slug)
            for j, iid in enumerate(region.indicators):
                ipath = rpath + ("indicators", j)
                if region.indicators.index(iid) != j:
                    problems.append(doc.problem(ipath, f"'{iid}' is listed twice"))
                    bad = True
                elif indicator_ids is not None and iid not in indicator_ids:
                    problems.append(doc.problem(ipath, f"unknown indicator '{iid}'{did_you_mean(iid, indicator_ids)}; "
                                                       "run 'legalcheck checklist' to list them"))
                    bad = True
            if not bad:
                regions.append(region)
    return Regions(countries, tuple(regions)), problems


def load_regions(root: Path) -> Regions:
    regions, problems = read_regions(root)
    if problems:
        raise DataError(problems)
    return regions


def resolve_region(regions: Regions, query: str) -> Region:
    found = regions.find(query)
    if found is not None:
        return found
    if not regions.regions:
        raise NotFoundError(f"unknown region '{query}': this repository defines no regions (add {REGIONS_FILE})",
                            hint="no-regions")
    hint = did_you_mean(query.casefold(), regions.names())
    raise NotFoundError(f"unknown region '{query}'{hint}", hint="regions")
