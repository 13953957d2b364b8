"""The Excel questionnaire: a profile as a workbook an analyst fills in, and back.

``build`` (this module, pure) decides what the questionnaire holds: a row per fact with its
question, allowed answers, current answer and citation; the sources; the reported ratings; the
country and profile fields. ``prepare`` picks the country, year and profile. The renderer
``render/xlsx/questionnaire.py`` lays it out in Excel, and ``reader.read_questionnaire`` +
``apply.import_questionnaire`` read a filled one back into a profile.

Which columns a citation, source or reported rating has is read from the model's dataclasses, so a
field added to the model appears in the questionnaire (and is read back) without an edit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import model
from ..model import UNKNOWN_WORD, Checklist, FactSpec, Profile, rating_label
from ..profile_schema import FIELD_HELP, allowed_text, one_line, profile_fields

# Bumped when the layout changes in a way an older reader would misread.
FORMAT = "1"
META_SHEET = "legalcheck"  # very hidden: what the workbook was made from
FACTS_SHEET = "Facts"
RATINGS_SHEET = "Ratings"
SOURCES_SHEET = "Sources"
PROFILE_SHEET = "Country"
INSTRUCTIONS_SHEET = "Instructions"

YES_WORD, NO_WORD = "yes", "no"  # a boolean fact's answers in the questionnaire

# Column headings for model fields (field name -> heading); fields not named get their name.
HEADINGS = {
    "source": "Source id", "instrument": "Law (instrument)", "provision": "Provision", "year": "Year of the law",
    "locator": "Where in the source", "quote": "Quote (verbatim, at most 300 characters)", "note": "Citation note",
    "id": "Source id", "title": "Title", "publisher": "Publisher or author", "date": "Publication date",
    "url": "URL", "kind": "Kind", "accessed": "Date read", "reference": "Document reference",
    "rating": "Rating the source gives", "excludes": "Or: ratings it rules out",
}


FACT_FIXED = ["Indicator", "Fact", "Question", "Allowed answers", "Answer"]
# The last column of the Facts sheet: other sources' readings of a fact, shown, not edited (an import
# keeps them as the profile has them; they are edited in the profile's YAML).
OTHER_READINGS = "Other readings (sources that disagree; shown only: edit them in the profile)"


def fact_columns() -> list[str]:
    """The Facts sheet's columns after the fixed ones: the citation's fields, then the fact's note."""
    return [*citation_fields(), "fact_note"]


def rating_columns() -> list[str]:
    """The Ratings sheet's answer columns: the reported rating's fields, then the indicator's notes."""
    names = reported_fields()
    first = [n for n in ("rating", "excludes") if n in names]
    return [*first, *(n for n in names if n not in first), "indicator_notes"]


def citation_fields() -> list[str]:
    return [n for n, _, _ in profile_fields(model.Citation)]


def source_fields() -> list[str]:
    return [n for n, _, _ in profile_fields(model.Source)]


def reported_fields() -> list[str]:
    return [n for n, _, _ in profile_fields(model.Reported)]


def heading(name: str, owner: str) -> str:
    if owner == "Reported" and name == "note":
        return "Note on the rating"
    if owner == "Reported" and name == "source":
        return "Source id (of the rating)"
    if owner == "Reported" and name == "quote":
        return "Quote (verbatim, at most 300 characters)"
    if owner == "Reported" and name == "locator":
        return "Where in the source (rating)"
    if owner == "Source" and name == "note":
        return "Note"
    return HEADINGS.get(name, name)


def help_for(owner: str, name: str) -> str:
    return FIELD_HELP.get((owner, name), "")


def choices(spec: FactSpec) -> tuple[str, ...] | None:
    """The answers a drop-down offers (None: typed freely, checked on import)."""
    if spec.type == "boolean":
        return (YES_WORD, NO_WORD, UNKNOWN_WORD)
    if spec.type == "enum":
        return (*spec.values, UNKNOWN_WORD)
    if spec.type == "integer" and spec.min is not None and spec.max is not None and spec.max - spec.min <= 40:
        return (*(str(n) for n in range(spec.min, spec.max + 1)), UNKNOWN_WORD)
    return None


def answer_text(spec: FactSpec, value: Any) -> str | int:
    """A fact value as the questionnaire shows it."""
    if value is None:
        return UNKNOWN_WORD
    if spec.type == "boolean":
        return YES_WORD if value else NO_WORD
    if spec.type == "list":
        return ", ".join(value) if value else "none of them"
    return value


def readings_text(spec: FactSpec, readings: Any) -> str:
    """Other sources' readings of a fact as the questionnaire shows them: '16 (lann-pya-women, Penal
    Code: "Under Myanmar law, ...")', one per line."""
    lines = []
    for r in readings:
        c = r.citation
        where = ", ".join(x for x in (c.source, c.instrument, c.provision) if x)
        quote = f': "{" ".join(c.quote.split())}"' if c.quote else ""
        lines.append(f"{answer_text(spec, r.value)} ({where}{quote})")
    return "\n".join(lines)


def allowed_answers(spec: FactSpec) -> str:
    if spec.type == "boolean":
        return "yes, no or unknown"
    if spec.type == "list":
        return f"{allowed_text(spec)} (separated by commas), 'none of them', or unknown"
    return f"{allowed_text(spec)}, or unknown"


@dataclass(frozen=True)
class FactRow:
    indicator: str
    indicator_title: str
    fact: str
    question: str
    allowed: str
    choices: tuple[str, ...] | None
    answer: str | int
    citation: dict[str, Any]
    note: str | None
    other_readings: str | None = None  # other sources' values, in words (readings_text)


@dataclass(frozen=True)
class RatingRow:
    indicator: str
    title: str
    current: str  # the rating the current profile gives (label), for orientation
    reported: dict[str, Any]
    notes: str | None


@dataclass(frozen=True)
class Questionnaire:
    checklist_title: str
    checklist_version: str
    slug: str
    year: int
    based_on: int | None  # the profile year the answers were filled from (None: a new country)
    country: dict[str, Any]  # name, iso2, iso3, aliases (as text)
    as_of: str | None
    status: str
    notes: str | None
    sources: list[dict[str, Any]]
    facts: list[FactRow] = field(default_factory=list)
    ratings: list[RatingRow] = field(default_factory=list)
    base_hash: str = ""  # a hash of the profile file the answers came from ('' for a new country)


def _record(obj: Any, names: list[str]) -> dict[str, Any]:
    out = {}
    for n in names:
        v = getattr(obj, n, None) if obj is not None else None
        if isinstance(v, tuple):
            v = ", ".join(rating_label(x) for x in v) if v else None
        elif n == "rating" and isinstance(v, str):
            v = rating_label(v)
        out[n] = v
    return out


def build(checklist: Checklist, slug: str, year: int, profile: Profile | None,
          current: dict[str, str] | None = None, country: dict[str, Any] | None = None,
          base_hash: str = "") -> Questionnaire:
    """What a questionnaire for ``slug`` / ``year`` holds, pre-filled from ``profile`` (None: a new
    country, whose known name and codes come in ``country``). ``current`` maps indicator -> rating
    label of the profile's assessment."""
    current = current or {}
    facts: list[FactRow] = []
    ratings: list[RatingRow] = []
    cit_names = citation_fields()
    rep_names = reported_fields()
    for ind in checklist.indicators:
        entry = profile.indicators.get(ind.id) if profile else None
        for fid, spec in ind.facts.items():
            fe = entry.facts.get(fid) if entry else None
            facts.append(FactRow(
                ind.id, ind.title, fid,
                one_line(spec.question) + (f" ({spec.unit})" if spec.unit else ""),
                allowed_answers(spec), choices(spec),
                answer_text(spec, fe.value if fe else None),
                _record(fe.citation if fe else None, cit_names),
                fe.note if fe else None,
                readings_text(spec, fe.other_readings) if fe and fe.other_readings else None,
            ))
        ratings.append(RatingRow(ind.id, ind.title, current.get(ind.id, ""),
                                 _record(entry.reported if entry else None, rep_names),
                                 entry.notes if entry else None))
    if profile is not None:
        c = profile.country
        country = {"name": c.name, "iso2": c.iso2, "iso3": c.iso3, "aliases": ", ".join(c.aliases) or None}
        sources = [_record(s, source_fields()) for s in profile.sources]
        as_of, status, notes = profile.as_of, profile.status, profile.notes
        based_on = profile.year
    else:
        country = {"name": None, "iso2": None, "iso3": None, "aliases": None, **(country or {})}
        sources, as_of, status, notes, based_on = [], None, "draft", None, None
    if based_on is not None and based_on != year:
        status = "draft"
        as_of = None  # the earlier year's date does not describe this year's law
    return Questionnaire(checklist.title, checklist.version, slug, year, based_on, country, as_of, status,
                         notes, sources, facts, ratings, base_hash)
