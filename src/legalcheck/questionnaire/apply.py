"""Importing a filled questionnaire: answers -> profile data -> YAML text, checked as ``validate``
checks a profile, every problem reported against the cell it came from.

What the workbook says replaces what the profile said; a value whose text is unchanged (apart from
line breaks and spacing, which Excel does not keep) is left exactly as written, so an unedited
questionnaire changes nothing, and an edited one changes only the lines of the edited answers
(``yamledit``): comments and everything else stay. A new profile is written in the house style.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, brief, did_you_mean
from ..model import RATING_LABELS, UNKNOWN_WORD, Checklist, FactSpec, Profile
from . import FACTS_SHEET, NO_WORD, RATINGS_SHEET, SOURCES_SHEET, YES_WORD, citation_fields, reported_fields, source_fields
from .reader import Cell, Filled

if TYPE_CHECKING:
    from ..data import CountryEntry

_MISSING = object()
# A whole number typed as text: ASCII digits only ('²' and '١٢' pass str.isdigit() but not int()).
_WHOLE = re.compile(r"-?[0-9]{1,18}")
_RATING_WORDS = {**{v.casefold(): k for k, v in RATING_LABELS.items()}, **{k: k for k in RATING_LABELS}}


@dataclass
class Wanted:
    data: dict[str, Any]
    cells: dict[str, str]  # a field path in the profile (validate's form) -> the cell it came from
    problems: list[Problem]


def _cell_problem(cell: Cell, message: str) -> Problem:
    return Problem(cell.ref, None, None, "", message)


def _same_text(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()) == " ".join(b.split())
    return a == b and type(a) is type(b)


def prefer_old(old: Any, new: Any) -> Any:
    """``new``, but with every part whose text equals ``old``'s taken from ``old`` (so it is kept
    exactly as written: folded lines, quoting)."""
    if old is _MISSING:
        return new
    if isinstance(new, dict) and isinstance(old, dict):
        return {k: prefer_old(old.get(k, _MISSING), v) for k, v in new.items()}
    if isinstance(new, list) and isinstance(old, list) and len(old) == len(new):
        return [prefer_old(o, n) for o, n in zip(old, new)]
    return old if _same_text(old, new) else new


def _text(cell: Cell | None) -> str | None:
    if cell is None or cell.value is None:
        return None
    return str(cell.value)


def fact_value(spec: FactSpec, cell: Cell, problems: list[Problem]) -> Any:
    """The value of a fact's answer cell (None: unknown)."""
    from ..logic import check_value

    raw = cell.value
    if raw is None or (isinstance(raw, str) and raw.casefold() == UNKNOWN_WORD):
        return None
    value: Any = raw
    if spec.type == "boolean":
        word = str(raw).casefold()
        if word in (YES_WORD, "true"):
            return True
        if word in (NO_WORD, "false"):
            return False
        problems.append(_cell_problem(cell, f"{brief(raw)} is not an answer here; choose yes, no or unknown"))
        return None
    if spec.type == "integer":
        if isinstance(raw, str) and _WHOLE.fullmatch(raw):
            value = int(raw)
        elif isinstance(raw, float) or isinstance(raw, bool) or not isinstance(raw, int):
            problems.append(_cell_problem(cell, f"{brief(raw)} is not a whole number; give one from {spec.min} to {spec.max}, or unknown"))
            return None
    elif spec.type == "enum":
        text = str(raw)
        lowered = {v.casefold(): v for v in spec.values}
        value = lowered.get(text.casefold(), text)
    elif spec.type == "list":
        text = str(raw)
        if text.casefold() in ("none of them", "none", "[]"):
            value = []
        else:
            value = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    problem = check_value(spec, value)
    if problem:
        problems.append(_cell_problem(cell, problem))
        return None
    return value


def _record(cells: dict[str, Cell], names: list[str], path: str, out_cells: dict[str, str],
            problems: list[Problem], ints: tuple[str, ...] = ()) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for n in names:
        cell = cells.get(n)
        if cell is None or cell.value is None:
            continue
        value: Any = cell.value
        if n in ints:
            if isinstance(value, str) and _WHOLE.fullmatch(value) and not value.startswith("-"):
                value = int(value)
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(_cell_problem(cell, f"{brief(value)} is not a year (a whole number, e.g. 2017)"))
                continue
        elif not isinstance(value, str):
            value = str(value)
        record[n] = value
        out_cells[f"{path}.{n}"] = cell.ref
    return record


def _reading_clash(spec: FactSpec, value: Any, others: Any) -> str | None:
    """Why an answer cannot stand beside the other readings the profile keeps for the fact: unknown
    (a disagreement needs one source's value here), or the value another source's reading gives."""
    from ..logic import normalise_value

    if value is None:
        return ("other sources' readings of this fact are kept (last column): the answer cannot be unknown; "
                "to remove them, edit the profile's other_readings in its YAML file")
    mine = normalise_value(spec, value)
    for r in others if isinstance(others, list) else []:
        theirs = r.get("value") if isinstance(r, dict) else None
        if isinstance(theirs, type(value)) and normalise_value(spec, theirs) == mine:
            return (f"{brief(value)} is another source's reading of this fact (last column): to settle the "
                    "disagreement, edit the profile's other_readings in its YAML file")
    return None


def wanted_profile(filled: Filled, checklist: Checklist, old: dict[str, Any] | None) -> Wanted:
    """The profile data the questionnaire describes, reusing ``old``'s text where it is unchanged."""
    problems: list[Problem] = list(filled.problems)
    cells: dict[str, str] = {}
    old = old or {}
    year = int(filled.meta["year"])

    c = filled.country
    country: dict[str, Any] = {}
    for n in ("name", "iso2", "iso3"):
        cell = c.get(n)
        if cell is None or cell.value is None:
            if cell is not None:
                cells[f"country.{n}"] = cell.ref
                problems.append(_cell_problem(cell, f"give the country's {'name' if n == 'name' else 'ISO ' + ('alpha-2' if n == 'iso2' else 'alpha-3') + ' code'}"))
            continue
        country[n] = str(cell.value).upper() if n != "name" else str(cell.value)
        cells[f"country.{n}"] = cell.ref
    if c.get("aliases") and c["aliases"].value is not None:
        country["aliases"] = [a.strip() for a in str(c["aliases"].value).split(",") if a.strip()]
        cells["country.aliases"] = c["aliases"].ref
    data: dict[str, Any] = {"country": country, "year": year}
    as_of = c.get("as_of")
    if as_of is not None and as_of.value is not None:
        data["as_of"] = str(as_of.value)
        cells["as_of"] = as_of.ref
    elif as_of is not None:
        cells["as_of"] = as_of.ref
        problems.append(_cell_problem(as_of, "give the date the information describes the law at (YYYY-MM-DD)"))
    status = _text(c.get("status"))
    if status is not None and not (status == "reviewed" and "status" not in old):
        data["status"] = status
        cells["status"] = c["status"].ref
    notes = _text(c.get("notes"))
    if notes is not None:
        data["notes"] = notes
        cells["notes"] = c["notes"].ref

    old_sources = {s.get("id"): s for s in old.get("sources", []) if isinstance(s, dict)}
    sources = []
    for i, row in enumerate(filled.sources):
        rec = _record(row, source_fields(), f"sources[{i}]", cells, problems)
        first = next(iter(row.values()))
        cells[f"sources[{i}]"] = first.ref
        if "id" not in rec:
            problems.append(_cell_problem(row.get("id", first), "give this source an id (a short name the citations use, e.g. penal-code)"))
        sources.append(prefer_old(old_sources.get(rec.get("id"), _MISSING), rec))
    data["sources"] = sources

    old_inds = old.get("indicators") or {}
    indicators: dict[str, Any] = {}
    seen_facts = set()
    for ind in checklist.indicators:
        old_entry = old_inds.get(ind.id) or {}
        old_facts = old_entry.get("facts") or {}
        facts: dict[str, Any] = {}
        for fid, spec in ind.facts.items():
            row = filled.facts.get((ind.id, fid))
            if row is None:
                problems.append(Problem(f"{FACTS_SHEET}!A", None, None, "",
                                        f"the row for the fact '{fid}' of '{ind.id}' is missing; make a new questionnaire"))
                continue
            seen_facts.add((ind.id, fid))
            path = f"indicators.{ind.id}.facts.{fid}"
            answer = row.get("answer")
            cells[path] = answer.ref if answer else ""
            value = fact_value(spec, answer, problems) if answer else None
            citation = _record(row, citation_fields(), f"{path}.citation", cells, problems, ints=("year",))
            if citation:
                cells[f"{path}.citation"] = row["source"].ref if "source" in row else answer.ref
            note = _text(row.get("fact_note"))
            old_fact = old_facts.get(fid, _MISSING)
            if value is None and not citation and note is None and old_fact is _MISSING:
                continue
            if value is not None:
                cells[f"{path}.value"] = answer.ref
            entry: dict[str, Any] = {}
            if value is not None:
                entry["value"] = value
            elif isinstance(old_fact, dict) and "value" in old_fact and old_fact["value"] in (None, UNKNOWN_WORD):
                entry["value"] = old_fact["value"]  # unknown, written as it was
            else:
                entry["value"] = UNKNOWN_WORD
            if citation:
                entry["citation"] = citation
            if note is not None:
                entry["note"] = note
                cells[f"{path}.note"] = row["fact_note"].ref
            others = old_fact.get("other_readings") if isinstance(old_fact, dict) else None
            if others:  # other sources' readings: not in the workbook, kept as the profile has them
                entry["other_readings"] = others
                typed = answer is not None and answer.value is not None and str(answer.value).casefold() != UNKNOWN_WORD
                clash = None if value is None and typed else _reading_clash(spec, value, others)  # a bad answer: said already
                if clash and answer is not None:
                    problems.append(_cell_problem(answer, clash))
            facts[fid] = prefer_old(old_fact, entry)
        entry: dict[str, Any] = {}
        if facts or "facts" in old_entry:
            entry["facts"] = facts
        rrow = filled.ratings.get(ind.id, {})
        if ind.id not in filled.ratings:
            problems.append(Problem(f"{RATINGS_SHEET}!A", None, None, "",
                                    f"the row for the indicator '{ind.id}' is missing; make a new questionnaire"))
        rpath = f"indicators.{ind.id}.reported"
        reported = _record(rrow, [n for n in reported_fields() if n not in ("rating", "excludes")], rpath, cells, problems)
        rating = rrow.get("rating")
        if rating is not None and rating.value is not None:
            word = _RATING_WORDS.get(str(rating.value).casefold())
            if word is None:
                problems.append(_cell_problem(rating, f"{brief(rating.value)} is not a rating; choose "
                                                      f"{', '.join(RATING_LABELS.values())}{did_you_mean(str(rating.value), RATING_LABELS.values())}"))
            else:
                reported["rating"] = word
                cells[f"{rpath}.rating"] = rating.ref
        excludes = rrow.get("excludes")
        if excludes is not None and excludes.value is not None:
            words = [w.strip() for w in str(excludes.value).replace(";", ",").split(",") if w.strip()]
            ruled = [_RATING_WORDS.get(w.casefold()) for w in words]
            if any(r not in ("yes", "partial", "no") for r in ruled):
                problems.append(_cell_problem(excludes, f"{brief(excludes.value)}: list the ratings the source rules out, "
                                                        "from Yes, Partial and No, separated by commas"))
            else:
                reported["excludes"] = ruled
                cells[f"{rpath}.excludes"] = excludes.ref
        if reported:
            order = [n for n in reported_fields() if n in reported]
            reported = {n: reported[n] for n in order}
            cells[rpath] = next(iter(rrow.values())).ref if rrow else ""
            if "source" not in reported:
                where = rrow.get("source") or next(iter(rrow.values()))
                problems.append(_cell_problem(where, "give the id of the source that reports this rating"))
            entry["reported"] = reported
        notes_cell = rrow.get("indicator_notes")
        if notes_cell is not None and notes_cell.value is not None:
            entry["notes"] = str(notes_cell.value)
            cells[f"indicators.{ind.id}.notes"] = notes_cell.ref
        if entry or ind.id in old_inds:
            indicators[ind.id] = prefer_old(old_inds.get(ind.id, _MISSING), entry)
    for iid, row in filled.ratings.items():
        if checklist.get(iid) is None:
            where = next(iter(row.values()))
            problems.append(_cell_problem(where, f"the checklist has no indicator '{iid}'; make a new questionnaire"))
    for (iid, fid), row in filled.facts.items():
        if (iid, fid) not in seen_facts:
            where = next(iter(row.values()))
            problems.append(_cell_problem(where, f"the checklist has no fact '{fid}' in indicator '{iid}'; make a new questionnaire"))
    if indicators or "indicators" in old:
        data["indicators"] = indicators

    # Keep the old profile's order of top-level fields; new ones go where a new profile has them.
    order = ["country", "year", "as_of", "status", "notes", "sources", "indicators"]
    data = {k: data[k] for k in order if k in data}
    return Wanted(prefer_old(old, data) if old else data, cells, problems)


# validate's words for a YAML file -> the questionnaire's words for the same thing.
_IN_WORKBOOK = (
    ("; list it under sources", f"; list it on the {SOURCES_SHEET} sheet"),
    ("a known fact needs a citation (its source at least)", "an answer other than unknown needs its source id"),
)


def place(problem: Problem, cells: dict[str, str], file_label: str) -> Problem:
    """A problem ``validate`` found in the generated profile, placed on the cell it came from."""
    import dataclasses
    import re

    message = problem.message
    for yaml_words, sheet_words in _IN_WORKBOOK:
        message = message.replace(yaml_words, sheet_words)
    problem = dataclasses.replace(problem, message=message)
    field = problem.field
    missing = re.match(r"^required field '(\w+)' is missing$", problem.message)
    if missing:
        inner = f"{field}.{missing.group(1)}" if field else missing.group(1)
        if cells.get(inner):
            return Problem(cells[inner], None, None, "", problem.message)
    while field:
        if cells.get(field):
            return Problem(cells[field], None, None, "", problem.message)
        field = field.rsplit(".", 1)[0] if "." in field else (field.split("[")[0] if "[" in field else "")
    return Problem(file_label, None, None, problem.field, problem.message)


# --------------------------------------------------------------------------- the import


@dataclass
class ImportResult:
    target: Path
    text: str  # the profile's new text
    created: bool  # a new file (else an existing profile updated)
    changed: bool  # the text differs from the file's
    comments_kept: bool  # False: the existing text could not be edited in place and was rewritten
    based_on: int | None
    old: Any  # the assessment before (None for a new country)
    new: Any  # the assessment after
    problems: list[Problem]


def _new_text(data: dict[str, Any], name: str, year: int) -> str:
    from ..profile_schema import modeline
    from ..scaffold import PROFILE_SCHEMA_REF
    from ..yamledit import dump

    head = modeline(PROFILE_SCHEMA_REF) + (
        f"# {name}, {year}: imported from a legalcheck questionnaire. What no source states is left unknown.\n")
    return head + "".join(dump(data))


def import_questionnaire(root: Path, path: Path, checklist: Checklist, force: bool = False) -> ImportResult:
    """Read a filled questionnaire and make the profile text it describes, with every problem found
    (as ``Sheet!Cell: message``). Writes nothing: the caller writes ``result.text`` if there are no
    problems and it is not a dry run."""
    from ..draft import draft_text
    from ..data import _check_profile, list_countries, load_profile
    from ..engine import assess
    from ..yamledit import update_text
    from ..yamlload import display_name, parse_bytes
    from .reader import read_questionnaire

    filled = read_questionnaire(path, checklist)
    slug, year = filled.meta.get("country", ""), int(filled.meta.get("year") or 0)
    based_on = int(filled.meta["based_on"]) if filled.meta.get("based_on") else None
    entries = {e.slug: e for e in list_countries(root)}
    entry = entries.get(slug)
    target = entry.path(year) if entry else root / "countries" / slug / f"{year}.yaml"
    base_text = None
    base_raw = b""  # the bytes of the profile the answers go onto: its text, and the hash _check_base compares
    old_assessment = None
    # Every data file is read through the one reader (regular files inside the data folder, bounded),
    # and only after load_profile accepted it: a FIFO, a link to /dev/zero or out of the data folder,
    # or a folder named 2024.yaml is refused as every other command refuses it.
    exists = os.path.lexists(target)
    if exists:
        old_assessment = assess(checklist, load_profile(root, entry, year, checklist))
        base_raw = _read_raw(target, root)
        base_text = base_raw.decode("utf-8-sig")
        based_on = year
    elif entry and entry.years:
        base_year = based_on if based_on in entry.years else max((y for y in entry.years if y < year), default=entry.years[0])
        as_of_cell = filled.country.get("as_of")
        as_of = str(as_of_cell.value) if as_of_cell and as_of_cell.value else f"{year}-01-01"
        old_assessment = assess(checklist, load_profile(root, entry, base_year, checklist))
        base_raw = _read_raw(entry.path(base_year), root)
        base_text = draft_text(base_raw.decode("utf-8-sig"), base_year, year, as_of)
        based_on = base_year
    else:
        based_on = None
    base_file = target if exists else (entry.path(based_on) if based_on is not None else None)
    if not force:
        _check_base(filled.meta, base_file, base_raw, path)
    old_data = parse_bytes(base_text.encode("utf-8"), display_name(target)).data if base_text else None
    wanted = wanted_profile(filled, checklist, old_data)
    problems = list(wanted.problems)
    comments_kept = True
    if base_text is None:
        text = _new_text(wanted.data, str(wanted.data["country"].get("name", slug)), year)
    else:
        edited = update_text(base_text, old_data, wanted.data)
        comments_kept = edited is not None
        text = edited if edited is not None else _new_text(wanted.data, str(wanted.data["country"].get("name", slug)), year)
    label = display_name(path)
    profile, found = _check_profile(target, text.encode("utf-8"), display_name(target), checklist)
    mine = {p.file for p in problems}
    problems += [q for q in (place(p, wanted.cells, label) for p in found) if q.file not in mine]
    if profile is not None:  # the repository stays valid: one name and code per country, in every year
        problems += _identity_clashes(entries.values(), slug, profile, wanted.cells)
        problems += _identity_changes(root, checklist, entry, year, profile, wanted.cells)
    new_assessment = assess(checklist, profile) if profile is not None and not problems else None
    changed = not exists or base_text != text
    return ImportResult(target, text, not exists, changed, comments_kept, based_on,
                        old_assessment, new_assessment, sorted(set(problems), key=_order))


def _read_raw(path: Path, root: Path) -> bytes:
    from ..yamlload import read_bytes

    return read_bytes(path, within=root)[0]


def _check_base(meta: dict[str, str], base_file: Path | None, base_raw: bytes, path: Path) -> None:
    """Refuse to import over a profile that changed after the questionnaire was made: its answers
    would silently undo those changes."""
    from ..cache import content_hash
    from ..errors import UsageError
    from ..yamlload import display_name

    now = content_hash(base_raw) if base_file is not None else ""
    if now == meta.get("base_hash", ""):
        return
    made = f"the {meta['based_on']} profile" if meta.get("based_on") else "no profile (a new country)"
    what = f"{display_name(base_file)} has changed" if base_file is not None and meta.get("based_on") else \
        (f"{display_name(base_file)} has been made" if base_file is not None else "that profile is gone")
    raise UsageError(f"{path}: this questionnaire was made from {made}, and {what} since. Importing it would undo "
                     f"those changes: make a new questionnaire for {meta['country']}, {meta['year']} and copy your answers "
                     "over, or import it with force to let its answers replace the profile as it is now", hint="force")


def _order(p: Problem) -> tuple:
    import re

    m = re.match(r"^(.*)!([A-Z]+)(\d+)$", p.file)
    if m:
        return (0, m.group(1), int(m.group(3)), len(m.group(2)), m.group(2), p.message)
    return (1, p.file, 0, 0, "", p.message)


def _identity_clashes(entries: Iterable[CountryEntry], slug: str, profile: Profile, cells: dict[str, str]) -> list[Problem]:
    """A new country's name or codes must not already name another country (``entries``: the
    repository's countries, as import_questionnaire listed them)."""
    from ..data import _names, normalise

    names = _names([e for e in entries if e.slug != slug])
    out = []
    for field, text in (("name", profile.country.name), ("iso2", profile.country.iso2), ("iso3", profile.country.iso3)):
        owners = names.get(normalise(text), [])
        if owners:
            out.append(Problem(cells.get(f"country.{field}", ""), None, None, "",
                               f"{brief(text)} already names {owners[0]}; to update {owners[0]}, make a questionnaire for it"))
    return out


def _identity_changes(root: Path, checklist: Checklist, entry: Any, year: int, profile: Profile,
                      cells: dict[str, str]) -> list[Problem]:
    """The country's other years must keep its name and codes (``validate`` refuses a country whose
    profiles disagree): an edited name, or a questionnaire whose record was pointed at another
    country, would otherwise leave a repository that no longer validates."""
    from ..data import load_profile

    if entry is None:
        return []
    others = [y for y in entry.years if y != year]
    if not others:
        return []
    other = load_profile(root, entry, others[0], checklist).country
    out = []
    for field, label in (("name", "name"), ("iso2", "ISO alpha-2 code"), ("iso3", "ISO alpha-3 code")):
        was, now = getattr(other, field), getattr(profile.country, field)
        if was != now:
            out.append(Problem(cells.get(f"country.{field}", ""), None, None, "",
                               f"the {label} {brief(now)} differs from {brief(was)} in the {others[0]} profile of "
                               f"{entry.slug}; a country has one {label} in every year"))
    return out


def write_import(result: ImportResult) -> Path:
    """Write the imported profile, whole or not at all (a new country's folder is removed again if
    the write fails)."""
    from ..scaffold import check_own_repository, write_profile

    root = result.target.parent.parent.parent
    check_own_repository(root)
    return write_profile(root, result.target, result.text)


def rating_changes(result: ImportResult) -> list[tuple[str, str, str]]:
    """(indicator, rating before, rating after) for each indicator whose rating the import changes."""
    if result.new is None:
        return []
    before = {r.indicator: r.rating for r in result.old.results} if result.old is not None else {}
    return [(r.indicator, before.get(r.indicator, "none"), r.rating) for r in result.new.results
            if before.get(r.indicator) != r.rating]
