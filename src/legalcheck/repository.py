"""``Repository``: the one library face of legalcheck, for notebooks and the command line alike.

    >>> from legalcheck import Repository
    >>> repo = Repository()                      # the bundled data; or Repository("~/our-data")
    >>> nepal = repo.assess("nepal")             # the latest profile; repo.assess("NPL", 2020)
    >>> nepal.result("grooming").rating
    'no'

Every method reads the files afresh (the validated-data cache makes that cheap), so an edited
profile is seen by the next call. Results are the frozen dataclasses of ``result.py``, ``diff.py``,
``matrix.py`` and ``coverage.py``; errors are the exceptions of ``errors.py`` (``NotFoundError``,
``DataError`` with every problem found, ``UsageError``, ``OutputError``), whose messages name no
command or option. Nothing here prints.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import NotFoundError, OutputError, Problem, UsageError
from .records import record

T = TypeVar("T")

if TYPE_CHECKING:
    from .coverage import CoverageReport, GapReport
    from .data import CountryEntry
    from .diff import CountryDiff, RegionDiff
    from .matrix import Matrix, RegionalSummary
    from .report import AssessmentSet, Report
    from .model import Checklist, Indicator, Profile
    from .profile_schema import ProfileSchema
    from .questionnaire import Questionnaire
    from .reading import Reading
    from .questionnaire.apply import ImportResult
    from .regions import Region, Regions
    from .result import Assessment, IndicatorResult


@record
class Validation:
    """What ``Repository.validate`` found: every problem (sorted) and how many files were checked."""

    problems: tuple[Problem, ...]
    checked: int

    @property
    def ok(self) -> bool:
        return not self.problems


@record
class RegionListing:
    """The regions of a repository, the country names they use, and which members have a profile."""

    regions: Regions
    with_profile: frozenset[str]


@record
class NewProfile:
    """The draft written by ``Repository.new_year``."""

    path: Path
    year: int
    copied_from: int
    as_of: str


class Repository:
    """An assessment repository: ``checklist/``, ``countries/`` and optionally ``regions.yaml``.

    ``path`` defaults to the data bundled with legalcheck.
    """

    # Told (what, done, total) during long work (validate, matrix, every profile); None: nothing.
    # The command line sets it to draw a progress bar on a terminal; the library never prints.
    progress: Callable[[str, int, int], None] | None = None

    def __init__(self, path: str | os.PathLike[str] | None = None):
        from .data import bundled_data_dir

        if path is None:
            self.root = bundled_data_dir()
            return
        root = Path(path).expanduser()
        if not root.is_dir():
            raise UsageError(f"{root}: {'not a directory' if root.exists() else 'no such directory'}")
        if not (root / "checklist").is_dir():
            raise UsageError(f"{root}: not an assessment repository (it has no checklist/ directory)")
        self.root = root

    def __repr__(self) -> str:
        return f"Repository({str(self.root)!r})"

    # ------------------------------------------------------------------ the rules

    @property
    def checklist(self) -> Checklist:
        """The checklist, fully checked (``DataError`` lists every problem)."""
        from .data import load_checklist

        return load_checklist(self.root)

    def indicator(self, indicator_id: str) -> Indicator:
        """One indicator by id, short name or title, any case ('csam-definition', 'CSAM def.',
        'csam', 'age of consent'), as countries are found by name, alias or code."""
        return self._indicator(self.checklist, indicator_id)

    @staticmethod
    def _indicator(checklist: Checklist, indicator_id: str) -> Indicator:
        ind = checklist.get(indicator_id) or checklist.get(indicator_id.lower())
        if ind is not None:
            return ind
        want = _words(indicator_id)
        names = {i.id: (_words(i.id), _words(i.short), _words(i.title)) for i in checklist.indicators}
        exact = [i for i in checklist.indicators if want and want in names[i.id]]
        if len(exact) == 1:
            return exact[0]
        # Every word given begins a word of the id, short name or title, in order: 'csam', 'age consent'.
        partial = [i for i in checklist.indicators if want and any(_begins(want, n) for n in names[i.id])]
        if len(partial) == 1:
            return partial[0]
        if len(partial) > 1:
            raise NotFoundError(f"'{indicator_id}' could be any of: {', '.join(i.id for i in partial)}; give one of "
                                "these ids", hint="indicators")
        # Did you mean: the ids of the indicators whose id, short name or title is close.
        by_name = {n: i.id for i in checklist.indicators for n in names[i.id]}
        close = difflib.get_close_matches(want, list(by_name), n=6, cutoff=0.6)
        ids = list(dict.fromkeys(by_name[n] for n in close))[:3]
        hint = (" (did you mean " + " or ".join(f"'{x}'" for x in ids) + "?)") if ids else ""
        raise NotFoundError(f"unknown indicator '{indicator_id}'{hint}", hint="indicators")

    # ------------------------------------------------------------------ countries and profiles

    def countries(self) -> list[CountryEntry]:
        """Every country directory (slug order), with the years it has profiles for."""
        from .data import list_countries

        return list_countries(self.root)

    def country(self, query: str) -> CountryEntry:
        """A country by slug, name, alias or ISO code, in any case ('nepal', 'NP', 'Viet Nam')."""
        from .data import resolve_country

        return resolve_country(self.root, query)

    def profile(self, country: str, year: int | None = None) -> Profile:
        """A country's profile for ``year`` (default: its latest), checked against the checklist."""
        from .data import load_profile, profile_year

        entry = self.country(country)
        return load_profile(self.root, entry, profile_year(entry, year), self.checklist)

    # ------------------------------------------------------------------ assessments

    def assess(self, country: str, year: int | None = None, *, min_rated: int | None = None) -> Assessment:
        """One country as of ``year`` (a year it has a profile for; default: its latest): each
        indicator from the latest profile up to ``year`` that assesses it (facts that settle or bound
        it, or a source's own rating), so a newer profile holding only some indicators does not hide
        earlier findings. Each result says where it comes from (``from_year``, ``from_profile``).
        A score needs ``min_rated`` rated indicators (default: half of them)."""
        from .data import profile_year

        entry = self.country(country)
        return self._assess_over_years(self.checklist, entry, profile_year(entry, year), min_rated)

    def _assess_over_years(self, checklist: Checklist, entry: CountryEntry, year: int,
                           min_rated: int | None = None) -> Assessment:
        return self._assess_years(checklist, entry, (year,), min_rated)[0]

    def _assess_years(self, checklist: Checklist, entry: CountryEntry, years: Sequence[int],
                      min_rated: int | None = None) -> list[Assessment]:
        """``_assess_over_years`` for each of ``years`` (each one the country has a profile for),
        every profile read once for them all."""
        found = self._years_or_none(checklist, entry, years, min_rated)
        return [dataclasses.replace(a, other_years=tuple(y for y in entry.years if y != year))
                for a, year in zip(found, years) if a is not None]

    def _years_or_none(self, checklist: Checklist, entry: CountryEntry | None, years: Sequence[int | None],
                       min_rated: int | None = None, reading: tuple[Reading, int] | None = None
                       ) -> list[Assessment | None]:
        """A country as of each of ``years`` (None: its latest; None where it has no profile up to
        then). Of its profiles up to the last of the years, the ones the answer needs are read, once
        for all the years, and let go when this returns; the others are checked (``reading.Reading``:
        a broken one fails as if it had been read). ``reading``: the command's reading of many
        countries and this one's place in it; None: this country alone, checked before returning."""
        if entry is None or not entry.years:
            return [None] * len(years)
        from .engine import assess_years

        if reading is not None:
            return reading[0].assess(reading[1], (tuple(years), min_rated))
        with self._reading(checklist, [entry], years) as alone:
            found = assess_years(checklist, alone.profiles(0), years, min_rated=min_rated)
            alone.finish()
        return found

    def _reading(self, checklist: Checklist, entries: Sequence[CountryEntry | None],
                 years: Sequence[int | None], min_rated: int | None = None) -> Reading:
        """The reading of ``entries``' profiles as of each of ``years`` (see ``_years_or_none``),
        each country's answer ``engine.assess_years`` over them (``Reading.assess``)."""
        from .engine import assess_years
        from .reading import Reading

        up_to = None if None in years else max(years)  # type: ignore[type-var]
        return Reading(self.root, checklist, [(e, up_to) for e in entries], [years] * len(entries),
                       (lambda k, profiles: assess_years(checklist, profiles, years, min_rated=min_rated),
                        (tuple(years), min_rated)))

    def _profiles_up_to(self, checklist: Checklist, entry: CountryEntry, year: int | None) -> list[Profile]:
        """The country's profiles up to ``year`` (None: all), in year order."""
        from .data import load_profile

        return [load_profile(self.root, entry, y, checklist) for y in entry.years if year is None or y <= year]

    def profile_assessment(self, country: str, year: int | None = None) -> Assessment:
        """One profile alone (default: the latest), without earlier profiles' findings."""
        from .data import profile_year

        entry = self.country(country)
        return self._assess(self.checklist, entry, profile_year(entry, year))

    def _assess(self, checklist: Checklist, entry: CountryEntry, year: int) -> Assessment:
        from .data import load_profile
        from .engine import assess

        result = assess(checklist, load_profile(self.root, entry, year, checklist))
        return dataclasses.replace(result, other_years=tuple(y for y in entry.years if y != year))

    def assess_all(self) -> list[Assessment]:
        """Every profile of every country, each alone (slug order, then year order): what each
        profile itself settles (``coverage``)."""
        checklist = self.checklist
        todo = [(entry, year) for entry in self.countries() for year in entry.years]
        return [self._tick("Assessing profiles", i, len(todo), self._assess(checklist, entry, year))
                for i, (entry, year) in enumerate(todo, 1)]

    def _tick(self, what: str, done: int, total: int, result: T) -> T:
        if self.progress is not None:
            self.progress(what, done, total)
        return result

    def history(self, country: str) -> list[Assessment]:
        """One country as of each of its profile years (each over its profiles up to then), in year order."""
        entry = self.country(country)
        if not entry.years:
            raise NotFoundError(f"{entry.slug}: no profiles (expected files like countries/{entry.slug}/2022.yaml)")
        return self._assess_years(self.checklist, entry, entry.years)

    def coverage(self) -> CoverageReport:
        """Every country and profile, and how many indicators each settles from facts, reported, or not."""
        from .coverage import CoverageReport, country_coverage

        return CoverageReport(country_coverage(self.assess_all()))

    def gaps(self, country: str, year: int | None = None, *, min_rated: int | None = None) -> GapReport:
        """Every indicator a country does not meet as of ``year``, clearest gaps first, with the
        recommended intervention (each indicator from the latest profile that assesses it)."""
        from .coverage import gap_report

        return gap_report(self.assess(country, year, min_rated=min_rated))

    # ------------------------------------------------------------------ change between years

    def diff(self, country: str, from_year: int | None = None, to_year: int | None = None, *,
             min_rated: int | None = None) -> CountryDiff:
        """What changed in one country between two profile years, both assessed with the current
        rules, each as of its year (each indicator from the latest profile up to then that assesses it).

        Default: the two latest years; with ``from_year`` only, from it to the latest.
        """
        from .data import profile_year
        from .diff import country_diff

        entry = self.country(country)
        available = _years_text(entry.years)
        if from_year is None:
            if to_year is not None:
                raise UsageError("give FROM as well as TO")
            if len(entry.years) < 2:
                raise NotFoundError(f"{entry.slug}: a diff needs profiles for two years; years available: {available}")
            from_year, to_year = entry.years[-2], entry.years[-1]
        else:
            from_year = profile_year(entry, from_year)
            given_to = to_year
            to_year = profile_year(entry, to_year)
            if given_to is None and from_year == to_year:
                raise UsageError(f"{entry.slug}: {from_year} is the latest year; give an earlier FROM "
                                 f"(years available: {available})")
        check_order(from_year, to_year)
        old, new = self._assess_years(self.checklist, entry, (from_year, to_year), min_rated)
        return country_diff(old, new)

    def region_diff(self, from_year: int, to_year: int, region: str | None = None,
                    countries: Sequence[str] | None = None, *, min_rated: int | None = None) -> RegionDiff:
        """What changed between two years across a region's members (region order) or the listed
        countries (slug order). Each country is taken as of each year over its profiles up to then,
        carried forward exactly as the matrix does; one without a profile up to a year is reported
        as such."""
        from .data import resolve_countries
        from .diff import RegionMember, region_diff, region_member
        from .engine import LazyProfiles, assess_years
        from .reading import Reading

        if (region is None) == (countries is None):
            raise UsageError("give either a region or a list of countries, not both" if region is not None
                             else "give a region or a list of countries")
        check_order(from_year, to_year)
        name = None
        regions = None  # read once: it names the region's members and the countries' names
        if region is not None:
            from .regions import resolve_region

            regions = self.regions()
            found = resolve_region(regions, region)
            name = found.name
            known = {e.slug: e for e in self.countries()}
            entries = [(slug, known.get(slug)) for slug in dict.fromkeys(found.members)]
        else:
            if not countries:
                raise UsageError("name at least one country")
            entries = sorted({e.slug: e for e in resolve_countries(self.root, list(countries))}.items())
        checklist = self.checklist

        named = {slug: c.name for slug, c in (regions or self.regions()).countries.items()}
        years = (from_year, to_year)

        def member(k: int, profiles: LazyProfiles) -> RegionMember:
            # A country as of both years from one reading of its profiles, and its part of the
            # regional diff (its assessments let go once it is taken): where the profiles are read,
            # in a forked child for many of them (Reading.assess). None (no profile up to a year) is
            # reported as 'no profile', never a failure.
            old, new = assess_years(checklist, profiles, years, min_rated=min_rated)
            return region_member(entries[k][0], old, new, from_year, to_year, named)

        what = ("region_member", years, min_rated)
        with Reading(self.root, checklist, [(e, to_year) for _, e in entries], [years] * len(entries),
                     (member, what), take_in=True) as reading:
            members = (reading.assess(k, what) if e is not None and e.years
                       else region_member(slug, None, None, from_year, to_year, named)
                       for k, (slug, e) in enumerate(entries))
            found = region_diff(name, checklist, from_year, to_year, members)
            reading.finish()
        return found

    # ------------------------------------------------------------------ regional views

    def regions(self) -> Regions:
        """Every region defined in ``regions.yaml`` and ``regions/*.yaml``."""
        from .regions import load_regions

        return load_regions(self.root)

    def region(self, query: str) -> Region:
        """A region by id, alias or name, in any case."""
        from .regions import resolve_region

        return resolve_region(self.regions(), query)

    def region_listing(self) -> RegionListing:
        """The regions, and which of their members have a profile."""
        return RegionListing(self.regions(), frozenset(e.slug for e in self.countries() if e.years))

    def matrix(self, region: str | None = None, countries: Sequence[str] | None = None,
               year: int | None = None, indicators: Sequence[str] | None = None, *,
               all_indicators: bool = False, min_rated: int | None = None, sort: str | None = None) -> Matrix:
        """Countries against indicators for a region and/or a list of countries (region members first,
        in the region's order; then the listed countries, in the order given).

        Each country is taken as of ``year`` (default: the region's own year if it has one, else the
        latest): each indicator from its latest profile up to then that assesses it; a country with no
        profile up to ``year`` is shown as having none. The indicators: ``indicators``, else the
        region's own list (unless ``all_indicators``), else every one. A row's score needs
        ``min_rated`` rated indicators (default: half those shown); ``sort='score'`` puts the best
        score first and withheld scores after every score.
        """
        return self._matrix(region, countries, year, indicators, all_indicators=all_indicators,
                            min_rated=min_rated, sort=sort)

    def _matrix(self, region: str | None = None, countries: Sequence[str] | None = None,
                year: int | None = None, indicators: Sequence[str] | None = None, *,
                all_indicators: bool = False, min_rated: int | None = None, sort: str | None = None,
                histories: dict[str, list[Assessment]] | None = None) -> Matrix:
        """``matrix``; with ``histories`` (the report), every profile year of each row's country,
        each alone, from the same reading of its profiles (``_row_assessment``)."""
        from .data import normalise
        from .matrix import Member, build_matrix
        from .regions import resolve_region

        if not region and not countries:
            raise UsageError("name a region (e.g. saievac) or a list of countries", hint="matrix-members")
        if indicators and all_indicators:
            raise UsageError("give either a list of indicators or all of them, not both")
        if sort not in (None, "score"):
            raise UsageError(f"a matrix can be sorted by 'score', not {sort!r}")
        checklist = self.checklist
        chosen_ids = tuple(self._indicator(checklist, iid).id for iid in indicators) if indicators else None
        regions = self.regions()
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
                    choice = f"all {total} indicators, not only the {n} the region names"
                else:
                    chosen_ids = tuple(i for i in reg.indicators if checklist.get(i) is not None)
                    choice = f"the {n} of {total} indicators the region names"
        listed = len(slugs)
        for query in countries or ():
            slug = self._country_slug(query, regions, normalise)
            if slug not in slugs:
                slugs.append(slug)
        if region and len(slugs) > listed:
            title += " and others"
        known = {e.slug: e for e in self.countries()}
        entries = [known.get(slug) for slug in slugs]

        def members(reading: Reading | None) -> Iterator[Member]:
            # one country at a time: its profiles and assessment are let go once its row is built
            for i, (slug, entry) in enumerate(zip(slugs, entries), 1):
                self._tick("Assessing countries", i, len(slugs), None)
                named = regions.countries.get(slug)
                assessment = self._row_assessment(checklist, entry, year, histories, reading, i - 1)
                name = assessment.country.name if assessment else (named.name if named else slug)
                sentence = named.in_sentence() if named else name
                iso3 = assessment.country.iso3 if assessment else (named.iso3 if named else None)
                yield Member(slug, name, sentence, iso3, assessment)

        def build(reading: Reading | None) -> Matrix:
            return build_matrix(checklist, members(reading), title=title, year=year, region=region_id,
                                indicators=chosen_ids, notes=notes, min_rated=min_rated, sort=sort,
                                indicator_choice=choice)

        if histories is not None:  # the report reads every profile anyway
            return build(None)
        with self._reading(checklist, entries, (year,)) as reading:
            found = build(reading)
            reading.finish()
        return found

    def _row_assessment(self, checklist: Checklist, entry: CountryEntry | None, year: int | None,
                        histories: dict[str, list[Assessment]] | None, reading: Reading | None,
                        k: int) -> Assessment | None:
        """A matrix row's assessment (as of ``year``, None without a profile up to then: ``_years_or_none``, country ``k`` of ``reading``);
        with ``histories`` (the report), also every profile year of a country with a profile up to
        ``year``, each profile alone, into ``histories[slug]``: one reading of the country's
        profiles serves both."""
        if histories is None or entry is None or not entry.years:
            return self._years_or_none(checklist, entry, (year,), None, (reading, k) if reading else None)[0]
        from .engine import assess, assess_over_years

        profiles = self._profiles_up_to(checklist, entry, None)
        if not any(year is None or p.year <= year for p in profiles):
            return None
        evaluated: dict[tuple[int, str], IndicatorResult] = {}
        found = assess_over_years(checklist, profiles, year=year, evaluated=evaluated)
        histories[entry.slug] = [dataclasses.replace(assess(checklist, p, evaluated=evaluated),
                                                     other_years=tuple(y for y in entry.years if y != p.year))
                                 for p in profiles]
        return found

    def _country_slug(self, query: str, regions: Regions, normalise) -> str:
        """A country's slug from a slug, name or code; a country named in a regions file counts even
        without a profile."""
        try:
            return self.country(query).slug
        except NotFoundError:
            key = normalise(query)
            for slug, named in regions.countries.items():
                if key in (normalise(slug), normalise(named.name)):
                    return slug
            raise

    def summary(self, region: str | None = None, countries: Sequence[str] | None = None,
                year: int | None = None, *, all_indicators: bool = False) -> RegionalSummary:
        """The regional overview in sentences: one finding per indicator (the region's own, unless
        ``all_indicators``), naming the countries."""
        from .matrix import regional_summary

        return regional_summary(self.matrix(region, countries, year, all_indicators=all_indicators))

    # ------------------------------------------------------------------ sharing

    def report(self, region: str | None = None, countries: Sequence[str] | None = None,
               year: int | None = None) -> Report:
        """Everything the shared report shows: the regional matrix (every country with a profile when
        no region or countries are named), its findings, and each country's profiles in every year."""
        from .report import build_report

        entries = {e.slug: e for e in self.countries()}
        if not region and not countries:
            countries = [slug for slug, e in entries.items() if e.years]
            if not countries:
                raise UsageError(f"no country has a profile in {self.root} yet (add countries/<slug>/<year>.yaml)")
        histories: dict[str, list[Assessment]] = {}  # filled in as the matrix reads each country's profiles
        matrix = self._matrix(region, countries, year, histories=histories)
        if not region and len(matrix.rows) == len(entries):
            matrix = dataclasses.replace(matrix, title="All countries")
        return build_report(self.checklist, matrix, histories)

    def assessment_set(self, region: str | None = None, countries: Sequence[str] | None = None) -> AssessmentSet:
        """Every profile year of the region's members and the listed countries (every country when
        none is named), assessed: what an open-data export holds."""
        from .data import resolve_countries
        from .regions import resolve_region
        from .report import AssessmentSet

        entries = {e.slug: e for e in self.countries()}
        if not region and not countries:
            chosen = list(entries)
        else:
            chosen = [s for s in resolve_region(self.regions(), region).members if s in entries] if region else []
            chosen += [e.slug for e in resolve_countries(self.root, list(countries or [])) if e.slug not in chosen]
        checklist = self.checklist
        return AssessmentSet.of(checklist, [self._assess(checklist, entries[s], y) for s in chosen for y in entries[s].years])

    # ------------------------------------------------------------------ checking and editing

    def validate(self, paths: Iterable[str | os.PathLike[str]] | None = None) -> Validation:
        """Check the checklist, every profile and every regions file (or only ``paths``)."""
        from .errors import problem_order
        from .validation import validate_repository

        problems, checked = validate_repository(self.root, [Path(p) for p in paths] if paths else None, self.progress)
        return Validation(tuple(sorted(set(problems), key=problem_order)), checked)

    def new_year(self, country: str, year: int, as_of: str | datetime.date | None = None) -> NewProfile:
        """Start ``year``'s profile as a draft copy of the country's latest one.

        Writes ``countries/<slug>/<year>.yaml`` (never over an existing profile) with the year and
        as-of date replaced and ``status: draft``; comments and layout are kept.
        """
        from .data import load_profile, read_profile
        from .draft import draft_text
        from .errors import DataError
        from .output import write_text_atomic

        try:
            entry = self.country(country)
        except NotFoundError as e:
            if e.hint == "shared-name":  # ambiguous: the country exists
                raise
            raise NotFoundError(e.message, hint="new-country") from None
        if not entry.years:
            raise NotFoundError(f"{entry.slug}: no profile to copy", hint="new-country")
        latest = entry.years[-1]
        if not 1900 <= year <= 2100:  # what a profile's year may be (validate says the same)
            raise UsageError(f"YEAR {year} is not a plausible year for a profile (1900 to 2100)")
        if year in entry.years:
            raise OutputError(f"{entry.path(year)}: a profile for {year} already exists", hint="never-overwrites")
        if year < latest:
            raise UsageError(f"{entry.slug}: new-year copies the latest profile ({latest}) forward; {year} is earlier "
                             f"(years available: {_years_text(entry.years)})")
        as_of = (as_of.isoformat() if isinstance(as_of, datetime.date) else as_of) or f"{year}-01-01"
        checklist = self.checklist
        load_profile(self.root, entry, latest, checklist)  # the source must be valid before it is copied
        source = entry.path(latest)
        # utf-8-sig: a profile saved with a byte-order mark (valid, as validate says) is copied without
        # it; left in, it would sit after the inserted header comment and break the YAML.
        from .yamlload import read_bytes

        text = draft_text(read_bytes(source, self.root)[0].decode("utf-8-sig"), latest, year, as_of)
        target = entry.directory / f"{year}{source.suffix}"
        write_text_atomic(target, text)  # no data_root: writing into countries/ is this method's purpose
        created, problems = read_profile(target, checklist, self.root)
        if problems or created is None:
            target.unlink()
            raise DataError(problems)
        return NewProfile(target, year, latest, as_of)

    # ------------------------------------------------------------------ new repositories and countries

    def new_repository(self, directory: str | os.PathLike[str]) -> Repository:
        """Make a new, empty assessment repository at ``directory`` (new, or an empty directory) with
        this one's checklist and regions, the profile schema, a README and a .gitignore."""
        from .scaffold import init_repository

        target = Path(directory).expanduser()
        init_repository(target, self.root, self.checklist)
        return Repository(target)

    def new_country(self, name: str, iso2: str, iso3: str, year: int | None = None,
                    as_of: str | datetime.date | None = None, slug: str | None = None) -> NewCountry:
        """Write a draft profile for a country that has none: every indicator's facts listed with
        their question and allowed values as comments, all unknown (``validate`` accepts it as it is).
        Also writes the profile schema if the repository has none."""
        from .scaffold import new_country_args, write_new_profile

        as_of = as_of.isoformat() if isinstance(as_of, datetime.date) else as_of
        args = new_country_args(name, iso2, iso3, year, as_of, slug)
        path, schema = write_new_profile(self.root, self.checklist, args)
        return NewCountry(path, args.name, args.slug, args.year, args.as_of, schema)

    def profile_schema(self) -> ProfileSchema:
        """The profile format for this checklist: a JSON Schema (``.schema``) and, for people, the
        field reference (its Markdown rendering)."""
        from .profile_schema import ProfileSchema

        return ProfileSchema(self.checklist)

    # ------------------------------------------------------------------ the Excel questionnaire

    def questionnaire(self, country: str, year: int | None = None, new: bool = False) -> Questionnaire:
        """What a questionnaire for ``country`` and ``year`` holds (render it with the ``xlsx``
        renderer): the answers of that year's profile, else of the nearest earlier one, else none (a
        new country). A name close to a known country's is refused unless ``new``."""
        from .questionnaire.prepare import prepare

        return prepare(self.root, country, year, new=new)

    def read_questionnaire(self, path: str | os.PathLike[str], force: bool = False) -> ImportResult:
        """Read a filled questionnaire: the profile text it gives, every problem (``Sheet!Cell``), and
        the assessments before and after. Writes nothing (``save_import`` does). Refuses one made for
        another checklist version, or one whose profile changed after it was made (unless ``force``)."""
        from .questionnaire.apply import import_questionnaire

        return import_questionnaire(self.root, Path(path), self.checklist, force=force)

    def save_import(self, result: ImportResult) -> Path:
        """Write what ``read_questionnaire`` read (only if it found no problem), whole or not at all."""
        from .errors import DataError
        from .questionnaire.apply import write_import

        if result.problems:
            raise DataError(result.problems)
        return write_import(result)


@record
class NewCountry:
    """The draft written by ``Repository.new_country``."""

    path: Path
    name: str
    slug: str
    year: int
    as_of: str
    schema: Path | None  # the schema file written beside the data, if there was none


def check_order(from_year: int, to_year: int) -> None:
    if from_year >= to_year:
        raise UsageError(f"FROM ({from_year}) must be earlier than TO ({to_year})")


def _years_text(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years) or "none"


def _words(text: str) -> str:
    """'CSAM def.' -> 'csam def'; 'age-of-consent' -> 'age of consent': names compared as words."""
    return " ".join(re.sub(r"[^\w<]+", " ", text.lower().replace("_", " ")).split())


def _begins(want: str, name: str) -> bool:
    """Each word of ``want`` begins a word of ``name``, in order ('age consent' ~ 'age of consent')."""
    words = name.split()
    i = 0
    for w in want.split():
        while i < len(words) and not words[i].startswith(w):
            i += 1
        if i == len(words):
            return False
        i += 1
    return True
