"""The one result model every renderer reads (terminal, JSON, Markdown, Excel).

Field names here are the field names of ``--format json``. Results never point back into (or
modify) the rules or the profile they were derived from: they are plain copies.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Any, ClassVar, Literal, TypeVar

from .model import BOUNDED, DETERMINED, RATINGS, ResultRating, Source
from .records import record, sets_slots

_CFG: dict[str, Any] = {"extra": "forbid"}
T = TypeVar("T")


@record(slots=True)
class CitationOut:
    __pydantic_config__: ClassVar = _CFG
    source: str  # source id in the profile
    source_title: str
    instrument: str | None = None
    provision: str | None = None
    year: int | None = None
    locator: str | None = None
    url: str | None = None
    source_date: str | None = None
    quote: str | None = None  # the source's own words supporting the fact
    fact: str | None = None  # which fact it supports; None for a reported rating
    note: str | None = None  # what the source says, in the profile's paraphrase

    def law(self) -> str:
        """'Anti-Child Pornography Act of 2009 (Republic Act No. 9775), s. 4(h)', or '' when no instrument is named."""
        if not self.instrument:
            return ""
        text = self.instrument
        if self.year and str(self.year) not in text:
            text += f" ({self.year})"
        if self.provision:
            text += f", {self.provision}"
        return text


@record
class ReadingOut:
    """Another source's value for a fact, where sources disagree (``FactEntry.other_readings``)."""

    __pydantic_config__: ClassVar = _CFG
    value: Any  # lists are sorted lists
    citation: CitationOut
    note: str | None = None


@record(slots=True)
class FactOut:
    __pydantic_config__: ClassVar = _CFG
    id: str
    question: str
    known: bool
    value: Any = None  # lists are sorted lists
    note: str | None = None
    citation: CitationOut | None = None
    recorded: bool = False  # the profile mentions the fact (known, or written as unknown)
    # Where sources disagree about the value: each other source's value, cited (``value`` is one reading).
    other_readings: tuple[ReadingOut, ...] = ()


def fact_values(f: FactOut) -> list[Any]:
    """Every value the sources give for a known fact: the value recorded, then each other reading's."""
    return [f.value, *(r.value for r in f.other_readings)] if f.other_readings else [f.value]


def values_same(a: FactOut, b: FactOut) -> bool:
    """Whether two profiles' known facts have the same values, each source's reading counted, in any
    order: which source's value a profile records first is no change (no reading is preferred)."""
    return not (values_added(a, b) or values_added(b, a))


def values_conflict(a: FactOut, b: FactOut) -> bool:
    """Whether two profiles' values for a known fact say the law differs: no value in common, each
    source's reading counted. Sources that disagree, or a reading one profile adds, are not a change
    of law (``diff`` calls that a change of readings; the carry-forward search goes on past it)."""
    return _compare(a, b, lambda before, after: not any(v in after for v in before))


def values_added(older: FactOut, newer: FactOut) -> bool:
    """Whether a newer profile gives a known fact a value (its own or another source's) that the
    older one does not: the older finding may no longer hold, whether the law changed
    (``values_conflict``) or a source now disagrees with it."""
    return _compare(older, newer, lambda before, after: any(v not in before for v in after))


def _compare(a: FactOut, b: FactOut, test: Any) -> bool:
    """``test(values of a, values of b)`` (``fact_values``: lists compared by equality, not hashed).
    Where neither fact has other readings, every such question is whether the two values differ,
    answered without making the lists (most facts of every profile)."""
    if not (a.other_readings or b.other_readings):
        return a.value != b.value
    return test(fact_values(a), fact_values(b))


@record(slots=True)
class IndicatorResult:
    __pydantic_config__: ClassVar = _CFG
    indicator: str
    title: str
    short: str
    point: int | None
    rating: ResultRating  # yes/partial/no; yes_or_partial/partial_or_no when only narrowed; not_assessed; no_data
    basis: Literal["derived", "reported"]
    derived_rating: ResultRating
    reported_rating: str | None
    criterion: str | None  # id of the rule that decided the derived rating
    reason: str
    possible_ratings: tuple[str, ...]  # what the derived rating could still be, given the unknowns
    missing_facts: tuple[str, ...]
    facts: tuple[FactOut, ...]
    citations: tuple[CitationOut, ...]
    rubric_basis: str
    # Set when sources disagree: a reported rating conflicts with the facts, or two sources give a fact
    # different values (other_readings; the rating is then the range the readings allow together).
    disagreement: str | None = None
    recommendation: str | None = None  # the legal intervention, for ratings other than yes
    notes: str | None = None
    reported_source: str | None = None
    excluded_ratings: tuple[str, ...] = ()  # ratings a source rules out (narrowing possible_ratings)
    # Which profile the rating comes from: for a year, each indicator is taken from the latest
    # profile up to that year that assesses it (see engine.assess_over_years).
    from_year: int | None = None
    from_profile: str | None = None
    from_as_of: str | None = None
    carry_note: str | None = None  # why the rating is (or is not) carried forward from an earlier profile
    law_changed: CitationOut | None = None  # the change of law that stops earlier findings being carried forward


def default_min_rated(total: int) -> int:
    """The coverage a score needs unless asked otherwise: half the indicators in view, rounded up."""
    return (total + 1) // 2


def score_text(score: float | None) -> str:
    """62.5 -> '62.5', 50.0 -> '50'."""
    return "–" if score is None else f"{score:g}"


@record
class Summary:
    __pydantic_config__: ClassVar = _CFG
    counts: dict[str, int]  # every rating, in RATINGS order
    rated: int  # yes + partial + no: what a score rests on
    total: int
    score: float | None  # 0-100: (yes + partial/2) / rated; None when withheld (see score_withheld)
    derived: int
    reported: int
    disagreements: int
    bounded: int = 0  # narrowed to two ratings (Yes or Partial, Partial or No): not rated, not unassessed
    min_rated: int = 0  # the rated indicators a score needs
    score_withheld: str | None = None  # why there is no score: "1 of 14 rated; a score needs at least 7"

    @staticmethod
    def of(results: tuple[IndicatorResult, ...] | list[IndicatorResult], min_rated: int | None = None) -> Summary:
        """Counts and the score of ``results``. The score is withheld when fewer than ``min_rated``
        indicators are rated (default: half of them), so a score resting on one indicator never
        stands beside one resting on fourteen."""
        counts = {r: 0 for r in RATINGS}
        for res in results:
            counts[res.rating] += 1
        rated = sum(counts[r] for r in DETERMINED)
        total = len(results)
        need = default_min_rated(total) if min_rated is None else max(1, min_rated)
        withheld = None
        if rated == 0:
            withheld = f"none of {total} rated"
        elif rated < need:
            withheld = f"{rated} of {total} rated; a score needs at least {need}"
        score = None if withheld else round(100 * (counts["yes"] + counts["partial"] / 2) / rated, 1)
        return Summary(
            counts=counts,
            rated=rated,
            total=total,
            score=score,
            derived=sum(1 for r in results if r.basis == "derived" and r.rating in DETERMINED),
            reported=sum(1 for r in results if r.basis == "reported"),
            disagreements=sum(1 for r in results if r.disagreement),
            bounded=sum(counts[r] for r in BOUNDED),
            min_rated=need,
            score_withheld=withheld,
        )

    def coverage_text(self) -> str:
        """What the score rests on: '50 over 2 of 14', or '–, 1 of 14 rated' when withheld."""
        if self.score is None:
            return f"–, {self.rated} of {self.total} rated"
        return f"{score_text(self.score)} over {self.rated} of {self.total}"

    def sort_key(self) -> tuple:
        """Best first, and a withheld score after every score (never ranked first for resting on little)."""
        return (self.score is None, -(self.score or 0.0), -self.rated)


@record
class CountryOut:
    __pydantic_config__: ClassVar = _CFG
    slug: str
    name: str
    iso2: str
    iso3: str


# A source in a result is the profile's own frozen Source record (same fields, same JSON).
SourceOut = Source


@record
class Assessment:
    __pydantic_config__: ClassVar = _CFG
    country: CountryOut
    year: int
    as_of: str
    status: str  # reviewed | draft
    checklist_version: str
    results: tuple[IndicatorResult, ...]
    summary: Summary
    sources: tuple[SourceOut, ...]
    profile: str  # the profile file it was derived from
    other_years: tuple[int, ...] = ()  # the country's other profile years (filled in by the API, not the engine)
    # The profile years the results draw on (each indicator from the latest profile up to ``year``
    # that assesses it); just (year,) for a single profile.
    profile_years: tuple[int, ...] = ()

    def result(self, indicator: str) -> IndicatorResult | None:
        return next((r for r in self.results if r.indicator == indicator), None)


def excerpt(cls: type[T], source: Any, **fields: Any) -> T:
    """A ``cls`` (a result dataclass) made of the same-named fields of ``source`` plus ``fields``:
    how a matrix cell or a gap takes what it shows from an IndicatorResult without copying it field
    by field (a field added to both is carried over by itself)."""
    key = (cls, source.__class__)
    plan = _PLANS.get(key)
    if plan is None:  # a matrix makes one cell per country and indicator: worked out once per class
        plan = _PLANS[key] = _plan(cls, source.__class__)
    names, common, rest, take = plan
    if take is not None and rest <= fields.keys() <= names:
        # What cls(**taken, **fields) makes, without its __init__ (a frozen dataclass's sets each
        # field through object.__setattr__: ~5 us of a ~6 us matrix cell): every field is given.
        new = object.__new__(cls)
        if fields:
            got = dict(zip(common, take(source)), **fields)
            values = [got[n] for n in names]  # in the order __init__ sets them
        else:
            values = take(source)  # every field is common: in the fields' order
        if "__slots__" in cls.__dict__:  # a slotted record (sets_slots): set through its slots
            cls.__setstate__(new, values)  # type: ignore[attr-defined]
        else:
            new.__dict__.update(zip(names, values))
        return new
    taken = {n: getattr(source, n) for n in names if n not in fields and hasattr(source, n)}
    return cls(**taken, **fields)


def _plan(cls: type, source: type) -> tuple[Any, tuple[str, ...], frozenset[str], Any]:
    """``cls``'s field names (a dict: in order, and a set), those that are fields of ``source`` too
    (so every instance has them; in order), the others, and a getter of the former from a
    ``source``; the getter is None (and __init__ is called) unless ``cls``'s __init__ only sets its
    fields (a dataclass without __post_init__ or InitVar, and if slotted a slotted record, whose
    ``__setstate__`` sets them all) and ``source`` is a dataclass."""
    names = dict.fromkeys(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    own = {f.name for f in dataclasses.fields(source)} if dataclasses.is_dataclass(source) else set()
    common = tuple(n for n in names if n in own)
    plain = (bool(own) and not hasattr(cls, "__post_init__") and ("__slots__" not in vars(cls) or sets_slots(cls))
             and len(common) > 1
             and not any(f._field_type is dataclasses._FIELD_INITVAR for f in cls.__dataclass_fields__.values()))  # type: ignore[attr-defined]
    return names.keys(), common, frozenset(n for n in names if n not in own), operator.attrgetter(*common) if plain else None


_PLANS: dict[tuple[type, type], tuple[Any, tuple[str, ...], frozenset[str], Any]] = {}


def to_jsonable(obj: Any) -> Any:
    """Plain JSON data from result dataclasses (tuples become lists; field order kept)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(to_jsonable(x) for x in obj)
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj
