"""The assessment repository on disk: where it is, and loading its checklist and profiles.

Layout (the bundled data and an organisation's own repository alike)::

    DIR/checklist/index.yaml          title, version, publisher, indicator order
    DIR/checklist/<indicator>.yaml    one indicator: facts, rubric, decision rules, sources
    DIR/countries/<slug>/<year>.yaml  one country's legal situation in one year
    DIR/regions.yaml, DIR/regions/*.yaml  named lists of countries (see regions.py)
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from .errors import MAX_PER_FILE, DataError, NotFoundError, Problem, UsageError, brief, did_you_mean
from .model import (
    Checklist,
    ChecklistIndex,
    Citation,
    Country,
    Indicator,
    Profile,
    QUOTE_MAX,
    UNKNOWN_WORD,
    date_problem,
    iso_code_problem,
)
from . import cache
from .records import record
from .yamlload import YamlDocument, display_name, load_file, parse_bytes, read_bytes

_YEAR_FILE = re.compile(r"^(\d{4})\.ya?ml\Z")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # used with match: \Z, as $ also matches before a final newline


# --------------------------------------------------------------------------- where the data is


def bundled_data_dir() -> Path:
    """The data shipped with legalcheck: inside the installed package, or the source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if (packaged / "checklist").is_dir():
        return packaged
    return here.parent.parent  # src/legalcheck -> repository root (editable install, checkout)


# --------------------------------------------------------------------------- checklist


_PUB_DATE = re.compile(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z")
# A bare file name ("report.txt", "001_0123abcd.txt") is not a citation a reader can follow.
_FILE_NAME = re.compile(r"\A[\w.-]+\.(txt|pdf|docx?|html?|ya?ml|xlsx?|csv|json|md)\Z", re.IGNORECASE)


def _check_publication(doc: YamlDocument, path: tuple, src, problems: list[Problem]) -> None:
    """A source is a publication: a real title (not a file name), a publication date given as
    YYYY, YYYY-MM or YYYY-MM-DD, and, where it says when it was read, an ISO date."""
    if _FILE_NAME.match(src.title.strip()):
        problems.append(doc.problem(path + ("title",), f"{brief(src.title)} is a file name, not a publication: "
                                    "give the title, publisher, date and where to find it"))
    if src.date is not None and not _PUB_DATE.match(src.date):
        problems.append(doc.problem(path + ("date",), f"{brief(src.date)} is not a publication date (YYYY, YYYY-MM or YYYY-MM-DD)"))
    elif src.date is not None and len(src.date) == 10:
        _require_iso_date(doc, path + ("date",), src.date, problems)
    elif src.date is not None and len(src.date) == 7 and not 1 <= int(src.date[5:]) <= 12:
        problems.append(doc.problem(path + ("date",), f"{brief(src.date)} is not a real date (check the month)"))
    if getattr(src, "accessed", None) is not None:
        _require_iso_date(doc, path + ("accessed",), src.accessed, problems)
    if src.url is not None and not re.match(r"\Ahttps?://\S+\Z", src.url):
        problems.append(doc.problem(path + ("url",), f"{brief(src.url)} is not a web address (http:// or https://)"))


def _require_iso_date(doc: YamlDocument, path: tuple, value: str | None, problems: list[Problem]) -> None:
    why = date_problem(value) if value is not None else None
    if why:
        problems.append(doc.problem(path, f"{brief(value)} {why}"))


def load_indicator(path: Path, raw: bytes | None = None, within: Path | None = None) -> tuple[Indicator | None, list[Problem]]:
    """Load and check one rule file (from ``raw``, its bytes already read, if given; else read as every
    data file is, inside ``within`` if given: see ``yamlload.read_bytes``)."""
    from . import schema
    from .logic import check_rubric, parse_condition

    try:
        doc = parse_bytes(raw, display_name(path)) if raw is not None else load_file(path, within)
    except DataError as e:
        return None, e.problems
    ind, problems = schema.validate(Indicator, doc)
    if ind is None:
        return None, problems
    if ind.id != path.stem:
        problems.append(doc.problem(("id",), f"indicator id '{ind.id}' must match the file name '{path.stem}'"))
    if not _SLUG.match(ind.id):
        problems.append(doc.problem(("id",), "an id uses lower-case letters, digits and hyphens"))
    for i, src in enumerate(ind.sources):
        _check_publication(doc, ("sources", i), src, problems)
    if not ind.sources:
        problems.append(doc.problem(("sources",), "an indicator must cite at least one source for its rubric"))
    facts = {}
    for fid, spec in ind.facts.items():
        fpath = ("facts", fid)
        if not re.match(r"^[a-z][a-z0-9_]*\Z", fid):
            problems.append(doc.problem(fpath, "a fact id uses lower-case letters, digits and underscores"))
        if spec.type in ("enum", "list"):
            if not spec.values:
                problems.append(doc.problem(fpath, f"a {spec.type} fact must list its allowed values"))
            if UNKNOWN_WORD in spec.values:
                problems.append(doc.problem(fpath + ("values",), f"'{UNKNOWN_WORD}' is reserved for unknown facts"))
            if len(set(spec.values)) != len(spec.values):
                problems.append(doc.problem(fpath + ("values",), "the values repeat an entry"))
            if spec.type == "list" and len(spec.values) > 12:
                problems.append(doc.problem(fpath + ("values",), "a list fact may have at most 12 items"))
        elif spec.values:
            problems.append(doc.problem(fpath + ("values",), f"only enum and list facts take values, not {spec.type}"))
        if spec.type == "integer":
            if spec.min is None or spec.max is None:
                problems.append(doc.problem(fpath, "an integer fact must declare its range with min and max"))
            elif spec.min > spec.max:
                problems.append(doc.problem(fpath, "min is greater than max"))
        elif spec.min is not None or spec.max is not None:
            problems.append(doc.problem(fpath, "only integer facts take min and max"))
        facts[fid] = dataclasses.replace(spec, id=fid)
    rules = []
    seen_ids: dict[str, int] = {}
    for i, rule in enumerate(ind.rules):
        rpath = ("rules", i)
        if rule.id in seen_ids:
            problems.append(doc.problem(rpath + ("id",), f"duplicate rule id '{rule.id}'"))
        seen_ids[rule.id] = i
        cond, issues = parse_condition(rule.when, facts, rpath + ("when",))
        if rule.when is None:
            issues = []
            problems.append(doc.problem(rpath, "required field 'when' is missing"))
        problems.extend(doc.problem(x.path, x.message) for x in issues)
        if cond is not None:
            rules.append(dataclasses.replace(rule, when=cond))
    if not ind.rules:
        problems.append(doc.problem(("rules",), "an indicator needs at least one decision rule"))
    if problems:
        return None, problems
    ind = dataclasses.replace(ind, facts=facts, rules=tuple(rules), file=doc.file)
    for defect in check_rubric(ind):
        problems.append(doc.problem(("rules",), defect.describe()))
    return (ind if not problems else None), problems


def load_checklist(root: Path) -> Checklist:
    """Load and check the whole checklist. Raises DataError listing every problem."""
    checklist, problems = read_checklist(root)
    if problems or checklist is None:
        raise DataError(problems)
    return checklist


def rule_files(root: Path) -> list[Path]:
    """The checklist's files (index.yaml and one per indicator), in name order."""
    return sorted((root / "checklist").glob("*.yaml"))


def _rule_bytes(cdir: Path, files: list[Path]) -> dict[Path, bytes] | None:
    """Every rule file's bytes, read once (as every data file is: regular files inside the data folder, within the size limit): the fingerprint is computed from, and the checklist parsed
    from, these very bytes (reading twice let an edit in between file one under the other's key).
    None if one cannot be read: then each file is read, and its problem reported, on its own."""
    try:
        return {p: read_bytes(p, cdir.parent)[0] for p in files}
    except DataError:
        return None


def read_checklist(root: Path, files: list[Path] | None = None) -> tuple[Checklist | None, list[Problem]]:
    """The checklist and its problems. ``files``: the rule files if the caller has listed them
    (``rule_files``), so that the folder is listed once."""
    cdir = root / "checklist"
    files = rule_files(root) if files is None else files
    raw = _rule_bytes(cdir, files)
    fingerprint = cache.content_hash(*(x for p, b in raw.items() for x in (p.name.encode(), b))) if raw is not None else None
    # What the result depends on: the files' names and bytes (the fingerprint) and where they are
    # displayed from (Indicator.file is relative to the working directory).
    key = (str(cdir), display_name(cdir / "index.yaml"), fingerprint)
    if fingerprint:
        hit = cache.load("checklist", key, Checklist)
        if hit is not None:
            return hit, []
    checklist, problems = _read_checklist(cdir, files, raw or {})
    if checklist is not None and fingerprint:
        checklist = dataclasses.replace(checklist, fingerprint=fingerprint)
        cache.store("checklist", key, checklist)
    return checklist, problems


def _read_checklist(cdir: Path, paths: list[Path], raw: dict[Path, bytes]) -> tuple[Checklist | None, list[Problem]]:
    """Parse and check the checklist ``paths`` from ``raw`` (their bytes; a file not in it is read)."""
    from . import schema

    index_path = cdir / "index.yaml"
    problems: list[Problem] = []
    try:
        idoc = parse_bytes(raw[index_path], display_name(index_path)) if index_path in raw else load_file(index_path, cdir.parent)
        index, p = schema.validate(ChecklistIndex, idoc)
        problems += p
    except DataError as e:
        return None, e.problems
    files = {p.stem: p for p in paths if p.name != "index.yaml"}
    indicators: dict[str, Indicator] = {}
    for stem, path in files.items():
        ind, p = load_indicator(path, raw.get(path), cdir.parent)
        problems += p
        if ind is not None:
            indicators[stem] = ind
    if index is None:
        return None, problems
    for i, iid in enumerate(index.indicators):
        if iid not in files:
            problems.append(idoc.problem(("indicators", i), f"no file checklist/{iid}.yaml for indicator '{iid}'{did_you_mean(iid, files)}"))
    listed = set(index.indicators)
    if len(listed) != len(index.indicators):
        problems.append(idoc.problem(("indicators",), "an indicator is listed twice"))
    for stem in files:
        if stem not in listed:
            problems.append(Problem(display_name(files[stem]), None, None, "", f"indicator '{stem}' is not listed in checklist/index.yaml"))
    if problems:
        return None, problems
    ordered = tuple(indicators[i] for i in index.indicators)
    return Checklist(index.title, index.version, index.publisher, ordered, index.description), []


# --------------------------------------------------------------------------- countries


def normalise(text: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive form: 'Viet Nam' == 'viet-nam' == 'VietNam'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).casefold()


@record
class CountryEntry:
    slug: str
    years: tuple[int, ...]
    directory: Path
    # The year files the folder held when it was listed ("2022.yaml", "2022.yml"): a symbolic link
    # that leads nowhere is one too (reported when read). Asking the disk again per year cost two
    # look-ups a profile.
    names: frozenset[str] = frozenset()

    def files(self, year: int) -> list[Path]:
        """Every file for ``year``: normally one; two (2022.yaml and 2022.yml) is invalid data."""
        return [self.directory / name for ext in (".yaml", ".yml") if (name := f"{year}{ext}") in self.names]

    def path(self, year: int) -> Path:
        """The one profile file for ``year``; raises DataError if both .yaml and .yml exist."""
        files = self.files(year)
        if len(files) > 1:
            raise DataError([two_files_problem(files)])
        return files[0] if files else self.directory / f"{year}.yaml"


def folder_problem(d: Path, e: OSError) -> Problem:
    """A country folder that cannot be listed (e.g. no read permission)."""
    import errno

    why = "permission denied" if e.errno in (errno.EACCES, errno.EPERM) else (e.strerror or "unknown reason").lower()
    return Problem(display_name(d), None, None, "", f"cannot read the folder ({why}); "
                   "give legalcheck read access to it, or move it out of countries/")


def two_files_problem(files: list[Path]) -> Problem:
    """Two files for one year: which one is meant cannot be guessed, so neither is used."""
    names = " and ".join(p.name for p in files)
    return Problem(display_name(files[-1]), None, None, "",
                   f"two profiles for one year ({names} in {display_name(files[0].parent)}); "
                   "keep one and delete or rename the other")


def list_countries(root: Path) -> list[CountryEntry]:
    cdir = root / "countries"
    if not cdir.is_dir():
        return []
    # os.scandir, not Path.iterdir: a plain folder is known to be one from the listing itself (no
    # stat, no Path for every name); a symbolic link is followed as Path.is_dir follows it. In the
    # order of sorted(Path.iterdir()) (by name; on Windows, in any case).
    with os.scandir(cdir) as listing:
        found = [e.name for e in listing
                 if not e.name.startswith(".") and (e.is_dir(follow_symlinks=False) or (e.is_symlink() and (cdir / e.name).is_dir()))]
    return [_country_entry(cdir / name) for name in sorted(found, key=os.path.normcase)]


def _country_entry(d: Path) -> CountryEntry:
    try:
        names = os.listdir(d)  # what Path.iterdir lists, without a Path for each name
    except OSError as e:
        raise DataError([folder_problem(d, e)]) from None
    found = {name: int(m.group(1)) for name in names if (m := _YEAR_FILE.match(name))}
    return CountryEntry(d.name, tuple(sorted(set(found.values()))), d, frozenset(found))


def country_identity(entry: CountryEntry) -> dict[str, Any] | None:
    """The raw country block of the latest profile (for lookups by name or code), or None."""
    if not entry.years:
        return None
    try:
        doc = load_file(entry.path(entry.years[-1]), entry.directory.parent.parent)
    except DataError:
        return None
    data = doc.data
    if isinstance(data, dict) and isinstance(data.get("country"), dict):
        return data["country"]
    return None


MAX_QUERY = 200  # characters in a country name, alias or code given on the command line


def resolve_country(root: Path, query: str) -> CountryEntry:
    """Find a country by slug, name, alias or ISO code, in any case and spelling of spaces."""
    if len(query) <= MAX_QUERY and _SLUG.match(query) and (root / "countries" / query).is_dir():
        return _country_entry(root / "countries" / query)  # a slug: no need to list every country
    return resolve_countries(root, [query])[0]


def resolve_countries(root: Path, queries: list[str]) -> list[CountryEntry]:
    """``resolve_country`` for many queries: the countries are listed, and their names read, once.
    The one lookup every command uses.

    A query that is a folder's name exactly is that folder. Anything else is compared in normalised
    form (``normalise``) with every folder name and every profile's name, aliases and ISO codes; when
    that names two folders (``vietnam/`` beside ``viet-nam/``, whose name is Viet Nam), the query is
    ambiguous and refused: no command picks one silently.
    """
    for query in queries:
        if len(query) > MAX_QUERY:
            raise UsageError(f"a country name of {len(query)} characters is too long to be one "
                             f"(at most {MAX_QUERY}): give a name, slug or ISO code, e.g. nepal, NP, NPL")
        if "/" in query or "\\" in query or query.startswith(".") or "\x00" in query:
            raise UsageError(f"'{query}' is not a country: give a name, slug or ISO code (e.g. nepal, NP, NPL), not a path")
    entries = list_countries(root)
    if not entries:
        raise NotFoundError(f"no country profiles in {root / 'countries'}")
    by_slug: dict[str, list[str]] = {}
    for e in entries:
        by_slug.setdefault(normalise(e.slug), []).append(e.slug)
    by_exact_slug = {e.slug: e for e in entries}
    names: dict[str, list[str]] | None = None  # read from the profiles only if a query is not a slug
    out = []
    for query in queries:
        if query in by_exact_slug:
            out.append(by_exact_slug[query])
            continue
        if names is None:
            names = _names(entries)
        key = normalise(query)
        slugs = list(dict.fromkeys(by_slug.get(key, []) + names.get(key, [])))
        if not slugs:
            candidates: dict[str, str] = {}
            for c in [e.slug for e in entries] + [n for n in names if not n.islower()]:
                candidates.setdefault(normalise(c), c)  # one spelling per country name
            hint = did_you_mean(query, candidates.values())
            raise NotFoundError(f"unknown country '{query}'{hint}", hint="countries")
        if len(slugs) > 1:
            raise NotFoundError(f"'{query}' is ambiguous: it is a name, code or folder of {len(slugs)} countries "
                                f"({', '.join(slugs)}); give the slug instead, e.g. {slugs[0]}", hint="shared-name")
        out.append(by_exact_slug[slugs[0]])
    return out


def _identity_fields(ident: dict[str, Any]) -> list[tuple[tuple, str]]:
    """(field path, text) for a country block's name, ISO codes and aliases: what it can be looked up by."""
    fields = [(("country", f), v) for f in ("name", "iso2", "iso3") if isinstance(v := ident.get(f), str)]
    aliases = ident.get("aliases")
    if isinstance(aliases, list):
        fields += [(("country", "aliases", i), a) for i, a in enumerate(aliases) if isinstance(a, str)]
    return fields


def _names(entries: list[CountryEntry]) -> dict[str, list[str]]:
    """Normalised name, alias and ISO code -> the slugs it names (more than one: ambiguous);
    also each name as written (for suggestions)."""
    names: dict[str, list[str]] = {}
    for e in entries:
        ident = country_identity(e)
        if not ident:
            continue
        for _, v in _identity_fields(ident):
            slugs = names.setdefault(normalise(v), [])
            if e.slug not in slugs:
                slugs.append(e.slug)
        if isinstance(ident.get("name"), str):
            names.setdefault(ident["name"], [e.slug])
    return names


def _shared_names(path: Path, country: Country, owners: dict[str, tuple[str, str, str]]) -> list[Problem]:
    """Problems for names, aliases and ISO alpha-3 codes of ``country`` (validated, from ``path``) that
    already name another country in ``owners`` (normalised text -> (slug, what, file)), which is
    updated with this country's own. The file is read again only to place a problem on its line.

    Two-letter codes are not checked here: there are only 676 of them, fewer than the countries and
    sub-national jurisdictions a repository may hold; a shared one is refused when used to look a
    country up ('ambiguous: give the slug')."""
    fields: list[tuple[tuple, str]] = [(("country", "name"), country.name), (("country", "iso3"), country.iso3)]
    fields += [(("country", "aliases", i), a) for i, a in enumerate(country.aliases)]
    clashes = []
    name = display_name(path)  # once, not once per field: this runs for every country
    for fpath, text in fields + [((), country.slug)]:
        what = "slug" if not fpath else "alias" if fpath[1] == "aliases" else fpath[1]
        other = owners.setdefault(normalise(text), (country.slug, what, name))
        if other[0] != country.slug:
            clashes.append((fpath, text, other))
    if not clashes:
        return []
    doc = load_file(path)
    return [doc.problem(fpath, f"{brief(text)} is also the {other[1]} of {other[0]} ({other[2]}); "
                               "a name, alias or ISO code must name one country only")
            for fpath, text, other in clashes]


def profile_year(entry: CountryEntry, year: int | None) -> int:
    """The year of the profile to assess: ``year``, which must have a profile, else the latest one."""
    if not entry.years:
        raise NotFoundError(f"{entry.slug}: no profiles (expected files like countries/{entry.slug}/2022.yaml)")
    if year is None:
        return entry.years[-1]
    if year not in entry.years:
        available = ", ".join(str(y) for y in entry.years)
        raise NotFoundError(f"{entry.slug}: no profile for {year}; years available: {available}")
    return year


# --------------------------------------------------------------------------- profiles


def read_profile(path: Path, checklist: Checklist, within: Path | None = None) -> tuple[Profile | None, list[Problem]]:
    """Load one profile and check it against the checklist; returns it with every problem found.
    ``within``: the data folder the file must resolve inside (see ``yamlload.read_bytes``)."""
    try:
        raw, name = read_bytes(path, within)
    except DataError as e:
        return None, e.problems
    # Only a profile that passed every check is cached, so problems are found afresh on every run.
    # The key is all the result depends on: the bytes, the checklist, the directory and file names
    # (slug and year, in the path as given) and the name as displayed (Profile.file).
    cached = bool(checklist.fingerprint) and cache.directory() is not None
    key = (str(path), name, cache.content_hash(raw), checklist.fingerprint) if cached else ()
    if cached:
        hit = cache.load("profile", key, Profile)
        if hit is not None:
            return hit, []
    prof, problems = _check_profile(path, raw, name, checklist)
    if prof is not None and not problems and cached:
        cache.store("profile", key, prof)
    return prof, problems


def _check_profile(path: Path, raw: bytes, name: str, checklist: Checklist) -> tuple[Profile | None, list[Problem]]:
    from . import schema
    from .logic import check_value

    try:
        doc = parse_bytes(raw, name)
    except DataError as e:
        return None, e.problems
    prof, problems = schema.validate(Profile, doc)
    if prof is None:
        return None, problems
    slug = path.parent.name
    m = _YEAR_FILE.match(path.name)
    if not m:
        problems.append(Problem(doc.file, None, None, "", "a profile file is named by its year, e.g. 2022.yaml"))
    elif int(m.group(1)) != prof.year:
        problems.append(doc.problem(("year",), f"year {prof.year} does not match the file name {path.name}"))
    if not 1900 <= prof.year <= 2100:
        problems.append(doc.problem(("year",), f"{prof.year} is not a plausible year"))
    if not _SLUG.match(slug):
        problems.append(Problem(doc.file, None, None, "", f"directory '{slug}' is not a valid country slug (lower-case words joined by hyphens)"))
    if prof.country.slug and prof.country.slug != slug:
        problems.append(doc.problem(("country", "slug"), f"slug '{prof.country.slug}' does not match the directory '{slug}'"))
    for key, letters in (("iso2", 2), ("iso3", 3)):
        code = getattr(prof.country, key)
        if why := iso_code_problem(code, letters):
            problems.append(doc.problem(("country", key), f"{brief(code)} {why}"))
    _require_iso_date(doc, ("as_of",), prof.as_of, problems)
    source_ids: dict[str, int] = {}  # a dict, not a list: 100,000 sources are checked in linear time
    for i, src in enumerate(prof.sources):
        if src.id in source_ids:
            problems.append(doc.problem(("sources", i, "id"), f"duplicate source id {brief(src.id)}"))
        source_ids.setdefault(src.id, i)
        _check_publication(doc, ("sources", i), src, problems)
        if not (src.url or src.reference):
            problems.append(doc.problem(("sources", i), "a source needs a url or a document reference "
                                                       "(e.g. CRC/C/OPSC/LKA/CO/1) saying where to find it"))

    def check_quote(path_: tuple, quote: str | None) -> None:
        if quote is not None and len(" ".join(quote.split())) > QUOTE_MAX:
            problems.append(doc.problem(path_, f"a quote is at most {QUOTE_MAX} characters (this one has "
                                               f"{len(' '.join(quote.split()))}): quote the words that support the value"))

    def check_source(path_: tuple, source_id: str) -> None:
        if source_id not in source_ids:
            # a suggestion compares with every id: only for the first few, or this turns quadratic
            hint = did_you_mean(source_id, source_ids) if len(problems) < MAX_PER_FILE else ""
            problems.append(doc.problem(path_, f"unknown source '{source_id}'{hint}; "
                                               "list it under sources"))

    def check_citation(path_: tuple, cit: Citation) -> None:
        check_source(path_ + ("source",), cit.source)
        check_quote(path_ + ("quote",), cit.quote)
        if cit.year is not None and not 1700 <= cit.year <= 2100:
            problems.append(doc.problem(path_ + ("year",), f"{cit.year} is not a plausible year"))

    indicators = {}
    by_id = {i.id: i for i in checklist.indicators}  # checklist.get, without a search per indicator
    for iid, entry in prof.indicators.items():
        ipath = ("indicators", iid)
        ind = by_id.get(iid)
        if ind is None:
            problems.append(doc.problem(ipath, f"unknown indicator '{iid}'{did_you_mean(iid, checklist.ids())}"))
            continue
        facts = {}
        changed = False  # a fact left out or its value replaced: the entry is rebuilt
        for fid, fe in entry.facts.items():  # runs for every fact of every profile: paths built on a problem only
            spec = ind.facts.get(fid)
            if spec is None:
                problems.append(doc.problem(ipath + ("facts", fid), f"indicator '{iid}' has no fact '{fid}'{did_you_mean(fid, ind.facts)}"))
                changed = True
                continue
            value, cit = fe.value, fe.citation
            if value == UNKNOWN_WORD:
                value = None
            if value is not None:
                problem = check_value(spec, value)
                if problem:
                    problems.append(doc.problem(ipath + ("facts", fid, "value"), problem))
                if cit is None:
                    problems.append(doc.problem(ipath + ("facts", fid), "a known fact needs a citation (its source at least)"))
            # check_citation, called only when it may find something (an unknown source, a quote, a year)
            if cit is not None and (cit.source not in source_ids or cit.quote is not None or cit.year is not None):
                check_citation(ipath + ("facts", fid, "citation"), cit)
            if value is fe.value:
                facts[fid] = fe
            else:  # replace only costs
                facts[fid] = _replaced(fe, value=value)
                changed = True
        if entry.reported is not None:
            rep = entry.reported
            check_source(ipath + ("reported", "source"), rep.source)
            check_quote(ipath + ("reported", "quote"), rep.quote)
            if (rep.rating is None) == (not rep.excludes):
                problems.append(doc.problem(ipath + ("reported",), "give either the source's rating (rating: partial) "
                                            "or the ratings it rules out (excludes: [yes]), not both or neither"))
            if len(set(rep.excludes)) != len(rep.excludes) or len(rep.excludes) >= 3:
                problems.append(doc.problem(ipath + ("reported", "excludes"), "list each ruled-out rating once, "
                                            "and leave at least one of yes, partial, no possible"))
        if entry.law_changed is not None:
            check_citation(ipath + ("law_changed",), entry.law_changed)
            if not entry.law_changed.instrument:
                problems.append(doc.problem(ipath + ("law_changed",), "name the instrument that changed the law "
                                            "(instrument: ..., with its year and the source saying so)"))
        indicators[iid] = _replaced(entry, facts=facts) if changed else entry
    if problems:
        return None, problems
    country = _replaced(prof.country, slug=slug)
    return _replaced(prof, country=country, indicators=indicators, file=doc.file), []


def _replaced(obj: Any, **changes: Any) -> Any:
    """``dataclasses.replace`` for the profile's frozen dataclasses (no ``__post_init__``, no
    ``InitVar``: pydantic has already checked every value), without calling ``__init__``: a
    profile makes a few of these per indicator, and ``replace`` costs several times more."""
    new = object.__new__(obj.__class__)
    new.__dict__.update(obj.__dict__, **changes)
    return new


def load_profile(root: Path, entry: CountryEntry, year: int, checklist: Checklist) -> Profile:
    prof, problems = read_profile(entry.path(year), checklist, root)
    if problems or prof is None:
        raise DataError(problems)
    return prof
