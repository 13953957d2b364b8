"""`legalcheck export --datapackage DIR`: the assessments as a Frictionless Tabular Data Package.

Long-format CSV tables (one row per country, year and indicator; per fact; per other reading of
a fact where sources disagree; per source; per indicator) and a ``datapackage.json`` that describes them: field types, allowed values, primary and
foreign keys, sources and licence. Values are written exactly as they are (no spreadsheet quoting):
the package is for tools, which read the text back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from ...model import RATINGS, Checklist
from ...report import AssessmentSet
from ...result import Assessment
from ..html.view import as_of_year

# The values a rating may take, in one place (a bounded rating such as "Partial or No" is one more
# entry here when results carry them).
RATING_VALUES: tuple[str, ...] = tuple(RATINGS)
LIST_SEPARATOR = "|"  # list values and lists of ratings in one cell: "yes|partial"
PACKAGE_NAME = "legalcheck-assessments"

LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": ("Open Data Commons Attribution License v1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
}


def _f(name: str, type_: str, description: str, *, required: bool = False, enum: Sequence[str] | None = None,
       fmt: str | None = None) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": type_, "description": description}
    if fmt:
        field["format"] = fmt
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if enum is not None:
        constraints["enum"] = list(enum)
    if constraints:
        field["constraints"] = constraints
    return field


# The fields that key the tables to one another, described once.
_KEYS: dict[str, tuple[str, str]] = {
    "country": ("string", "Country slug"),
    "year": ("integer", "Profile year"),
    "indicator": ("string", "Indicator id"),
    "fact": ("string", "Fact id"),
}


def _key(*names: str) -> list[dict[str, Any]]:
    return [_f(name, *_KEYS[name], required=True) for name in names]


def _citation(*, required: bool) -> list[dict[str, Any]]:
    """A citation's fields (a fact's, which may have none; a reading's, which must have one)."""
    return [
        _f("source", "string", "Source id of the citation within the profile", required=required),
        _f("source_key", "string", "The citation's source in the sources table: country/year/source", required=required),
        _f("instrument", "string", "The legal instrument cited"),
        _f("provision", "string", "Section or article"),
        _f("instrument_year", "integer", "The instrument's year"),
        _f("locator", "string", "Where in the source"),
        _f("citation_note", "string", "What the source says, in the profile's paraphrase"),
        _f("quote", "string", "A short verbatim quote from the source"),
    ]


def _schemas(rubric_bases: Sequence[str]) -> dict[str, dict[str, Any]]:
    rating_words = ", ".join(RATING_VALUES)
    return {
        "indicators": {
            "fields": [
                _f("indicator", "string", "Indicator id", required=True),
                _f("point", "integer", "Checklist point number, where a source gives it"),
                _f("title", "string", "Indicator title", required=True),
                _f("short", "string", "Short heading used in matrices", required=True),
                _f("question", "string", "The question the indicator asks", required=True),
                _f("rubric_basis", "string", "published: the rubric is ECPAT's; derived: written for legalcheck from the sources named", required=True, enum=rubric_bases),
                _f("basis_note", "string", "Where the rubric comes from"),
                _f("rubric_yes", "string", "What Yes means"),
                _f("rubric_partial", "string", "What Partial means"),
                _f("rubric_no", "string", "What No means"),
                _f("recommendation", "string", "The legal intervention the checklist recommends"),
            ],
            "primaryKey": ["indicator"],
        },
        "profiles": {
            "fields": [
                _f("country", "string", "Country slug", required=True),
                _f("country_name", "string", "Country name", required=True),
                _f("iso2", "string", "ISO 3166-1 alpha-2 code", required=True),
                _f("iso3", "string", "ISO 3166-1 alpha-3 code", required=True),
                _f("year", "integer", "Profile year", required=True),
                _f("as_of", "date", "The date the profile describes the law at", required=True),
                _f("status", "string", "reviewed, or draft (not reviewed yet)", required=True, enum=["reviewed", "draft"]),
                _f("checklist_version", "string", "The checklist version the ratings were derived with", required=True),
            ],
            "primaryKey": ["country", "year"],
        },
        "ratings": {
            "fields": [
                _f("country", "string", "Country slug", required=True),
                _f("iso3", "string", "ISO 3166-1 alpha-3 code", required=True),
                _f("year", "integer", "Profile year", required=True),
                _f("indicator", "string", "Indicator id", required=True),
                _f("rating", "string", f"The rating: {rating_words}. not_assessed: the sources read do not settle it (never a No); no_data: a source looked and found nothing", required=True, enum=RATING_VALUES),
                _f("basis", "string", "derived: follows from the recorded facts by the rubric; reported: a source's own rating", required=True, enum=["derived", "reported"]),
                _f("from_year", "integer", "The year the rating is as of", required=True),
                _f("criterion", "string", "Id of the rubric criterion that decided the derived rating"),
                _f("reason", "string", "Why, in words", required=True),
                _f("derived_rating", "string", "The rating the recorded facts give", required=True, enum=RATING_VALUES),
                _f("reported_rating", "string", "The rating a source states, where one does", enum=RATING_VALUES),
                _f("reported_source", "string", "Source id of the reported rating (see sources)"),
                _f("possible_ratings", "string", f"What the rating could still be given the unknown facts, separated by '{LIST_SEPARATOR}'"),
                _f("excluded_ratings", "string", f"Ratings a source rules out, separated by '{LIST_SEPARATOR}'"),
                _f("missing_facts", "string", f"Facts still unknown, separated by '{LIST_SEPARATOR}'"),
                _f("disagreement", "string", "Set when sources disagree: a source's rating conflicts with the facts, or sources give a fact different values (see readings)"),
                _f("rubric_basis", "string", "published or derived (see indicators)", required=True, enum=rubric_bases),
            ],
            "primaryKey": ["country", "year", "indicator"],
            "foreignKeys": [
                {"fields": ["country", "year"], "reference": {"resource": "profiles", "fields": ["country", "year"]}},
                {"fields": ["indicator"], "reference": {"resource": "indicators", "fields": ["indicator"]}},
            ],
        },
        "facts": {
            "fields": [
                *_key("country", "year", "indicator", "fact"),
                _f("question", "string", "The question the fact answers", required=True),
                _f("known", "boolean", "Whether the fact is established; an unknown fact is never a No", required=True),
                _f("value", "string", f"The value: true/false, a number, an enum value, or list items separated by '{LIST_SEPARATOR}'; empty when unknown"),
                _f("note", "string", "The profile's note on the fact"),
                *_citation(required=False),
            ],
            "primaryKey": ["country", "year", "indicator", "fact"],
            "foreignKeys": [
                {"fields": ["country", "year", "indicator"], "reference": {"resource": "ratings", "fields": ["country", "year", "indicator"]}},
                {"fields": ["source_key"], "reference": {"resource": "sources", "fields": ["source_key"]}},
            ],
        },
        "readings": {
            "fields": [
                *_key("country", "year", "indicator", "fact"),
                _f("reading", "integer", "1, 2, 3: another source's reading of the fact, beside the value in facts", required=True),
                _f("value", "string", f"The value this source gives (list items separated by '{LIST_SEPARATOR}')", required=True),
                _f("note", "string", "The profile's note on the reading"),
                *_citation(required=True),
            ],
            "primaryKey": ["country", "year", "indicator", "fact", "reading"],
            "foreignKeys": [
                {"fields": ["country", "year", "indicator", "fact"], "reference": {"resource": "facts", "fields": ["country", "year", "indicator", "fact"]}},
                {"fields": ["source_key"], "reference": {"resource": "sources", "fields": ["source_key"]}},
            ],
        },
        "sources": {
            "fields": [
                _f("source_key", "string", "country/year/source: unique across the package", required=True),
                *_key("country", "year"),
                _f("source", "string", "Source id within the profile", required=True),
                _f("title", "string", "Title of the publication", required=True),
                _f("publisher", "string", "Publisher"),
                _f("date", "string", "Publication date as given (a year, a month or a day)"),
                _f("url", "string", "Address of the publication", fmt=None),
                _f("reference", "string", "A document symbol, e.g. a UN treaty body reference"),
                _f("kind", "string", "What kind of publication"),
                _f("accessed", "string", "When the address was read"),
                _f("note", "string", "A note on the source"),
            ],
            "primaryKey": ["source_key"],
            "foreignKeys": [
                {"fields": ["country", "year"], "reference": {"resource": "profiles", "fields": ["country", "year"]}},
            ],
        },
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(x) for x in value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow([_text(v) for v in row])
    return buf.getvalue()


def source_key(country: str, year: int, source: str) -> str:
    return f"{country}/{year}/{source}"


def tables(checklist: Checklist, assessments: Sequence[Assessment]) -> dict[str, list[list[Any]]]:
    """The rows of each table, in a stable order (country, year, checklist order)."""
    order = sorted(assessments, key=lambda a: (a.country.slug, a.year))
    out: dict[str, list[list[Any]]] = {"indicators": [], "profiles": [], "ratings": [], "facts": [], "readings": [],
                                       "sources": []}
    for ind in checklist.indicators:
        out["indicators"].append([ind.id, ind.point, ind.title, ind.short, ind.question, ind.rubric_basis,
                                  ind.basis_note, ind.rubric.yes, ind.rubric.partial, ind.rubric.no, ind.recommendation])
    for a in order:
        c = a.country
        out["profiles"].append([c.slug, c.name, c.iso2, c.iso3, a.year, a.as_of, a.status, a.checklist_version])
        for s in a.sources:
            out["sources"].append([source_key(c.slug, a.year, s.id), c.slug, a.year, s.id, s.title, s.publisher, s.date, s.url, getattr(s, "reference", None),
                                   getattr(s, "kind", None), getattr(s, "accessed", None), getattr(s, "note", None)])
        for r in a.results:
            out["ratings"].append([c.slug, c.iso3, a.year, r.indicator, r.rating, r.basis, as_of_year(r, a), r.criterion,
                                   r.reason, r.derived_rating, r.reported_rating, r.reported_source,
                                   r.possible_ratings, r.excluded_ratings, r.missing_facts, r.disagreement, r.rubric_basis])
            for f in r.facts:
                cit = f.citation
                out["facts"].append([c.slug, a.year, r.indicator, f.id, f.question, f.known,
                                     f.value if f.known else None, f.note,
                                     cit.source if cit else None,
                                     source_key(c.slug, a.year, cit.source) if cit else None,
                                     cit.instrument if cit else None,
                                     cit.provision if cit else None, cit.year if cit else None,
                                     cit.locator if cit else None, cit.note if cit else None,
                                     getattr(cit, "quote", None) if cit else None])
                for n, reading in enumerate(f.other_readings, start=1):
                    rc = reading.citation
                    out["readings"].append([c.slug, a.year, r.indicator, f.id, n, reading.value, reading.note, rc.source,
                                            source_key(c.slug, a.year, rc.source), rc.instrument, rc.provision, rc.year,
                                            rc.locator, rc.note, rc.quote])
    return out


def _package_sources(checklist: Checklist, assessments: Sequence[Assessment]) -> list[dict[str, str]]:
    from ..html.view import safe_url

    seen: dict[tuple, dict[str, str]] = {}
    records = [s for ind in checklist.indicators for s in ind.sources] + [s for a in assessments for s in a.sources]
    for s in records:
        entry = {"title": " ".join(x for x in (s.title, f"({s.publisher}{', ' + s.date if s.date else ''})" if s.publisher else "") if x)}
        if safe_url(s.url):
            entry["path"] = s.url
        seen.setdefault((entry["title"], entry.get("path")), entry)
    return sorted(seen.values(), key=lambda e: e["title"].casefold())


def datapackage_files(data: AssessmentSet, licence: str = "CC-BY-4.0", title: str | None = None) -> dict[str, str]:
    """Every file of the package: relative path -> text. Deterministic."""
    checklist, assessments = data.checklist, data.assessments
    rows = tables(checklist, assessments)
    schemas = _schemas(sorted({i.rubric_basis for i in checklist.indicators} | {"published", "derived"}))
    descriptions = {
        "indicators": "The checklist's indicators: question, rubric and its basis, recommendation.",
        "profiles": "One row per country profile (a country's law in a year).",
        "ratings": "One row per country, profile year and indicator: the rating, on what basis, as of which year, and why.",
        "facts": "One row per country, profile year, indicator and fact: the value (or unknown) and its citation.",
        "readings": "Where sources disagree about a fact: one row per other source's value, with its citation.",
        "sources": "The publications each profile relies on.",
    }
    files: dict[str, str] = {}
    resources = []
    for name in ("ratings", "facts", "readings", "sources", "profiles", "indicators"):
        schema = schemas[name]
        files[f"data/{name}.csv"] = _csv([f["name"] for f in schema["fields"]], rows[name])
        resources.append({
            "name": name,
            "path": f"data/{name}.csv",
            "profile": "tabular-data-resource",
            "title": name.capitalize(),
            "description": descriptions[name],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        })
    name_, path = LICENCES.get(licence, (licence, None))
    lic: dict[str, str] = {"name": licence, "title": name_}
    if path:
        lic["path"] = path
    years = sorted({a.year for a in assessments})
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": title or f"{checklist.title}: country assessments",
        "description": (
            f"Ratings of national legislation against {checklist.title} ({checklist.publisher}), checklist "
            f"version {checklist.version}, derived by legalcheck from cited facts; "
            f"{len({a.country.slug for a in assessments})} countries, profile years "
            f"{years[0] if years else '-'}-{years[-1] if years else '-'}. Unknown facts are never counted as No; "
            "laws may have changed since each profile's as-of date."
        ),
        "version": checklist.version,
        "licenses": [lic],
        "sources": _package_sources(checklist, assessments),
        "keywords": ["child protection", "sexual exploitation of children", "legislation", "ECPAT", "legal checklist"],
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    return files
