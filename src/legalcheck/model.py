"""The domain types: the checklist (what is required), a country profile (what the law says),
and conditions. Results live in ``result.py``. All are frozen dataclasses.

This module deliberately does not import pydantic: ``schema.py`` validates YAML into these
classes (pydantic reads ``__pydantic_config__``), and keeping the types free of pydantic keeps
start-up cheap for code that only needs the types.
"""

import datetime
import re
from dataclasses import field
from collections.abc import Callable
from typing import Any, ClassVar, Literal, get_args

from .records import record

# The five states ECPAT uses on its Global Progress Indicator pages: what a source may report.
Rating = Literal["yes", "partial", "no", "not_assessed", "no_data"]
REPORTED_RATINGS: tuple[str, ...] = get_args(Rating)
# What a result may show: those five, and a rating the sources narrow to two neighbours on the
# scale without settling it ("Partial or No": a source rules out Yes and says no more).
ResultRating = Literal["yes", "yes_or_partial", "partial", "partial_or_no", "no", "not_assessed", "no_data"]
# Every result rating, in display order: the scale from Yes down to No, then the two states that
# are not on it.
RATINGS: tuple[str, ...] = get_args(ResultRating)
BOUNDED: tuple[str, ...] = ("yes_or_partial", "partial_or_no")
# Each rating on the scale as the interval it allows, No = 0, Partial = 1, Yes = 2.
INTERVALS: dict[str, tuple[int, int]] = {
    "no": (0, 0), "partial_or_no": (0, 1), "partial": (1, 1), "yes_or_partial": (1, 2), "yes": (2, 2),
}
Relation = Literal["same", "within", "contains", "overlaps", "above", "below"]


def relation(first: str, second: str) -> Relation:
    """How the rating ``second`` lies against ``first`` on the scale (both in ``INTERVALS``): the
    same interval, ``within`` it, ``contains`` it (wider), ``overlaps`` it without either holding
    the other, or wholly ``above`` or ``below`` it. What a diff's direction and the engine's note on
    an earlier rating beside a bounded one are both worked out from."""
    (a, b), (c, d) = INTERVALS[first], INTERVALS[second]
    if (a, b) == (c, d):
        return "same"
    if a <= c and d <= b:
        return "within"
    if c <= a and b <= d:
        return "contains"
    if c > b:
        return "above"
    if d < a:
        return "below"
    return "overlaps"


# What a rule may conclude: a rating, or that the rubric does not settle the case.
RuleRating = Literal["yes", "partial", "no", "not_assessed"]
DETERMINED: tuple[str, ...] = ("yes", "partial", "no")
RATING_LABELS = {
    "yes": "Yes",
    "yes_or_partial": "Yes or Partial",
    "partial": "Partial",
    "partial_or_no": "Partial or No",
    "no": "No",
    "not_assessed": "Not assessed",
    "no_data": "No data",
}


def rating_label(rating: str | None) -> str:
    """'Partial' for 'partial': the one word every message and format uses for a rating."""
    return RATING_LABELS.get(rating or "", str(rating))

FactType = Literal["boolean", "enum", "integer", "list"]
# What kind of publication a source is, so a reader can weigh it: the law itself, a government or
# official page, a UN treaty body, an international organisation, an NGO's analysis, a secondary
# source (a commercial or private legal summary: neither the law's text nor an official, NGO or
# press publication), or the press.
SourceKind = Literal[
    "legislation", "official", "treaty-body", "international-organisation", "ngo-analysis", "secondary", "news"
]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
# A verbatim quote that supports a fact: short, so it stays a quotation and not a copy.
QUOTE_MAX = 300
RubricBasis = Literal["published", "derived"]

_STRICT: dict[str, Any] = {"extra": "forbid"}

# A fact value nobody has established. Profiles write it as `unknown` (or leave the fact out).
UNKNOWN_WORD = "unknown"


# --------------------------------------------------------------------------- values with a form
# The one check of each: profiles and regions files (data, regions), new countries and new years
# (scaffold, draft, the new-year command) all ask here, so none lets '2024-06-30\n' or '2023-02-30'
# through where another refuses it. fullmatch, not match with '$' (which allows a final newline).

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_CODE = {2: re.compile(r"[A-Z]{2}"), 3: re.compile(r"[A-Z]{3}")}


def date_problem(value: str) -> str | None:
    """Why ``value`` is not an ISO date (YYYY-MM-DD, a day that exists), or None if it is one."""
    if not _ISO_DATE.fullmatch(value):
        return "is not a date in the form YYYY-MM-DD"
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return "is not a real date (check the month and day)"
    return None


def iso_code_problem(value: str, letters: int) -> str | None:
    """Why ``value`` is not an ISO 3166 alpha-2 (``letters=2``) or alpha-3 code, or None."""
    if _ISO_CODE[letters].fullmatch(value):
        return None
    return f"is not an ISO 3166 alpha-{letters} code ({'two' if letters == 2 else 'three'} capital letters)"


# --------------------------------------------------------------------------- checklist


@record
class SourceRef:
    """Where a rubric comes from: the publication (never a file name) and where in it."""

    __pydantic_config__: ClassVar = _STRICT
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    kind: SourceKind | None = None
    note: str | None = None  # e.g. how the date is known
    locator: str | None = None  # where in the source: page, section, table


@record
class Rubric:
    __pydantic_config__: ClassVar = _STRICT
    yes: str
    partial: str
    no: str


@record
class FactSpec:
    """A fact an indicator asks about. ``id`` is filled in from the mapping key."""

    __pydantic_config__: ClassVar = _STRICT
    type: FactType
    question: str
    values: tuple[str, ...] = ()  # enum: the allowed values; list: the allowed items
    min: int | None = None  # integer: the declared range
    max: int | None = None
    unit: str | None = None
    id: str = ""


@record
class Test:
    """``{fact: X, <op>: value}``: one comparison on one fact."""

    fact: str
    op: str  # is, in, lt, lte, gt, gte, contains
    value: Any


@record
class All:
    items: tuple["Condition", ...]


@record
class AnyOf:
    items: tuple["Condition", ...]


@record
class Not:
    item: "Condition"


Condition = Test | All | AnyOf | Not


@record
class Rule:
    """A declarative decision rule: when ``when`` holds, the rating is ``rating``."""

    __pydantic_config__: ClassVar = _STRICT
    id: str
    rating: RuleRating
    criterion: str  # the rubric criterion in words, shown as the reason for the rating
    when: Any = None  # parsed into a Condition by the checklist loader


@record
class Indicator:
    __pydantic_config__: ClassVar = _STRICT
    id: str
    title: str
    short: str  # a short column heading for matrices
    question: str
    rubric_basis: RubricBasis
    basis_note: str
    rubric: Rubric
    facts: dict[str, FactSpec]
    rules: tuple[Rule, ...]
    recommendation: str
    sources: tuple[SourceRef, ...]
    point: int | None = None  # ECPAT checklist point number, only where a source gives it
    file: str = ""

    def fact_ids(self) -> tuple[str, ...]:
        return tuple(self.facts)


@record
class ChecklistIndex:
    __pydantic_config__: ClassVar = _STRICT
    title: str
    version: str
    publisher: str
    indicators: tuple[str, ...]
    description: str | None = None


@record
class Checklist:
    title: str
    version: str
    publisher: str
    indicators: tuple[Indicator, ...]
    description: str | None = None
    # A hash of the rule files it was loaded from ('' when built in memory): profiles validated
    # against this checklist are cached under it (see cache.py).
    fingerprint: str = field(default="", compare=False, repr=False)

    def get(self, indicator_id: str) -> Indicator | None:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        return None

    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)


# --------------------------------------------------------------------------- profiles


@record
class Country:
    __pydantic_config__: ClassVar = _STRICT
    name: str
    iso2: str
    iso3: str
    aliases: tuple[str, ...] = ()
    slug: str = ""  # filled in from the directory name


@record
class Source:
    """A publication a profile relies on: its bibliographic record, never a file name.
    Facts and reported ratings cite it by ``id``."""

    __pydantic_config__: ClassVar = _STRICT
    id: str
    title: str
    publisher: str | None = None  # publisher or author
    date: str | None = None  # publication date: YYYY, YYYY-MM or YYYY-MM-DD
    url: str | None = None  # where to find it
    kind: SourceKind | None = None
    accessed: str | None = None  # the date it was read (ISO date), for web pages
    reference: str | None = None  # a document symbol, e.g. "CRC/C/OPSC/LKA/CO/1"
    note: str | None = None  # e.g. how the date is known


@record
class Citation:
    """A structured legal citation: which instrument, which provision, which year, per which source."""

    __pydantic_config__: ClassVar = _STRICT
    source: str  # a source id from the profile's `sources`
    instrument: str | None = None  # e.g. "Anti-Child Pornography Act of 2009 (Republic Act No. 9775)"
    provision: str | None = None  # section or article, e.g. "s. 4(h)"
    year: int | None = None  # the instrument's year
    locator: str | None = None  # where in the source the statement is
    quote: str | None = None  # a short verbatim quote from the source that supports the value
    note: str | None = None


@record
class Reading:
    """Another source's value for a fact, where it disagrees with the value recorded: the value that
    source gives, cited (with a short verbatim quote). The engine rates the indicator under every
    reading and shows the range they allow together, naming the disagreement."""

    __pydantic_config__: ClassVar = _STRICT
    value: Any
    citation: Citation
    note: str | None = None


# At most this many other readings of one fact, and this many combinations of readings in one
# indicator (each is evaluated): a disagreement between sources is two or three readings, not a table.
MAX_READINGS = 3
MAX_READING_COMBINATIONS = 16


@record
class FactEntry:
    __pydantic_config__: ClassVar = _STRICT
    value: Any = None  # None (or `unknown` in YAML) means unknown
    citation: Citation | None = None
    note: str | None = None
    # Where sources disagree about the value: each other source's value, cited. ``value`` is one
    # source's reading; none is preferred, the result shows the range they allow together.
    other_readings: tuple[Reading, ...] = ()

    @property
    def known(self) -> bool:
        return self.value is not None


@record
class Reported:
    """A rating stated by a source, recorded beside the facts, or the ratings a source rules out."""

    __pydantic_config__: ClassVar = _STRICT
    source: str
    rating: Rating | None = None
    # Ratings the source rules out without giving one, e.g. the 2022 consultation's "only Nepal
    # does not require double criminality" rules out Yes for the other eight countries.
    excludes: tuple[RuleRating, ...] = ()
    locator: str | None = None
    quote: str | None = None  # a short verbatim quote from the source that states it
    note: str | None = None


@record
class IndicatorEntry:
    __pydantic_config__: ClassVar = _STRICT
    facts: dict[str, FactEntry] = field(default_factory=dict)
    reported: Reported | None = None
    notes: str | None = None
    # The law behind this indicator changed by this profile's date (cite the change: the new
    # instrument, its year, the source saying so). Earlier profiles' findings for the indicator
    # describe the old law, so they are not carried forward past this profile.
    law_changed: Citation | None = None


@record
class Profile:
    __pydantic_config__: ClassVar = _STRICT
    country: Country
    year: int
    as_of: str  # ISO date: the date the information describes the law at
    sources: tuple[Source, ...]
    indicators: dict[str, IndicatorEntry] = field(default_factory=dict)
    status: Literal["reviewed", "draft"] = "reviewed"
    notes: str | None = None
    file: str = ""

    def source(self, source_id: str) -> Source | None:
        for s in self.sources:
            if s.id == source_id:
                return s
        return None


ValueStyle = Literal["rule", "plain", "reader"]


def value_words(value: Any, style: ValueStyle = "rule") -> str:
    """A fact value in words: the one way every output writes one. An unknown value is 'unknown'; a
    number is written as it is; a set's items are sorted, a list's kept in order. By ``style``:
    'rule', as a rule or profile writes it (true/false; a list in brackets, '[a, b]', '[]'), for
    rubric checks and conditions; 'plain' (true/false; 'a, b', '(none)') for tables, Markdown,
    workbooks and the reasons of a diff (through ``values_text``); 'reader' (yes/no; 'a, b', 'none') for the HTML report, which
    answers each fact's question."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return ("yes" if value else "no") if style == "reader" else ("true" if value else "false")
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        text = ", ".join(value_words(x, style) for x in items)
        if style == "rule":
            return f"[{text}]"
        return text or ("(none)" if style == "plain" else "none")
    return str(value)


def values_text(value: Any, citation: Any = None, readings: Any = (), style: "ValueStyle | Callable[[Any], str]" = "plain",
                source: "Callable[[Any], str] | None" = None) -> str:
    """A fact's value with the values other sources give where they disagree (``readings``: each with
    ``value`` and ``citation``, as ``other_readings``): the one way every output words them. '15';
    '15 or 16'; a list of several items in parentheses, so that 'or' still parts the readings:
    'online or (offline, online)'. With ``source`` (a citation -> its name in the output's way, e.g.
    '[lann-pya-women, Rape]'), where sources disagree each value is followed by the source that
    gives it (``citation`` for ``value``): '15 [ncmec-…, Legal definitions] or 16 [lann-pya-women,
    Rape]'. ``style``: a ValueStyle, or a function (a value -> its words) for a format of its own."""
    if not readings:
        return value_words(value, style) if isinstance(style, str) else style(value)
    out = []
    for v, c in ((value, citation), *((r.value, r.citation) for r in readings)):
        text = value_words(v, style) if isinstance(style, str) else style(v)
        if isinstance(v, (list, tuple, set, frozenset)) and len(v) > 1:
            text = f"({text})"
        if source is not None and c is not None:
            text += f" {source(c)}"
        out.append(text)
    return " or ".join(out)


def source_name(src: Source | SourceRef) -> str:
    """The publication as a sentence names its author: the publisher ('ECPAT International', not
    the partners after it), else the title."""
    return re.split(r",| \(| with ", src.publisher)[0].strip() if src.publisher else src.title


def source_short(src: Source | SourceRef) -> str:
    """A publication named in a sentence, as a reader recognises it: who published it and its title
    up to a dash (the subtitle is left to the full record), in quotes: 'ECPAT International’s
    “Strengthening Responses to Sexual Exploitation of Children in Asia”'; the publisher is left
    out where the title names it. Plain text: renderers escape it for their format."""
    head = src.title.split(" — ")[0].strip()
    title = f"“{head if len(head.split()) >= 3 else src.title}”"
    who = source_name(src) if src.publisher else None
    return f"{who}’s {title}" if who and who not in title else title


def source_record(src: Source | SourceRef) -> str:
    """A publication as a reader cites it: 'Title (Publisher, 2022) — https://…', plus when a web
    page was read. Plain text: renderers escape it for their format."""
    meta = ", ".join(x for x in (src.publisher, src.date) if x)
    text = src.title + (f" ({meta})" if meta else "")
    where = src.url or getattr(src, "reference", None)
    if where:
        text += f" — {where}"
    accessed = getattr(src, "accessed", None)
    if accessed:
        text += f" (read {accessed})"
    return text
