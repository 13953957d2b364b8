"""How far each country profile is assessed, and each country's gaps. Pure functions over
assessments; the result types follow ``result.py`` (frozen dataclasses; field names = JSON names).
"""

from __future__ import annotations

from typing import Any, ClassVar

from .model import BOUNDED, DETERMINED, Rating, ResultRating
from .result import Assessment, CitationOut, CountryOut, FactOut, IndicatorResult, SourceOut, Summary, excerpt
from .records import record

_CFG: dict[str, Any] = {"extra": "forbid"}


# --------------------------------------------------------------------------- legalcheck countries


@record
class ProfileCoverage:
    """One country-year: how many indicators are settled, and on what basis."""

    __pydantic_config__: ClassVar = _CFG
    year: int
    as_of: str
    status: str
    determined: int  # Yes/Partial/No derived from the cited facts (basis "derived"); the JSON field name
    reported: int  # Yes/Partial/No taken from a source's own rating
    not_assessed: int
    no_data: int
    total: int
    sources: int
    profile: str
    bounded: int = 0  # narrowed to Yes or Partial / Partial or No


@record
class CountryCoverage:
    __pydantic_config__: ClassVar = _CFG
    country: CountryOut
    years: tuple[int, ...]
    profiles: tuple[ProfileCoverage, ...]  # in year order


def profile_coverage(a: Assessment) -> ProfileCoverage:
    """The counts partition the indicators: determined + reported + bounded + not_assessed + no_data = total."""
    settled = [r for r in a.results if r.rating in DETERMINED]
    return ProfileCoverage(
        year=a.year,
        as_of=a.as_of,
        status=a.status,
        determined=sum(1 for r in settled if r.basis == "derived"),
        reported=sum(1 for r in settled if r.basis == "reported"),
        not_assessed=a.summary.counts["not_assessed"],
        no_data=a.summary.counts["no_data"],
        total=a.summary.total,
        sources=len(a.sources),
        profile=a.profile,
        bounded=sum(a.summary.counts[r] for r in BOUNDED),
    )


@record
class CoverageReport:
    """Every country with a profile, and how far each profile is assessed (``legalcheck countries``)."""

    __pydantic_config__: ClassVar = _CFG
    countries: tuple[CountryCoverage, ...]  # slug order


def country_coverage(assessments: list[Assessment]) -> tuple[CountryCoverage, ...]:
    """Group assessments by country (slug order) and summarise each profile (year order)."""
    by_slug: dict[str, list[Assessment]] = {}
    for a in assessments:
        by_slug.setdefault(a.country.slug, []).append(a)
    out = []
    for slug in sorted(by_slug):
        group = sorted(by_slug[slug], key=lambda a: a.year)
        out.append(CountryCoverage(
            country=group[-1].country,
            years=tuple(a.year for a in group),
            profiles=tuple(profile_coverage(a) for a in group),
        ))
    return tuple(out)


# --------------------------------------------------------------------------- legalcheck gaps

# The order in which a brief presents what is not met: the clearest gaps first.
GAP_ORDER: tuple[str, ...] = ("no", "partial_or_no", "partial", "yes_or_partial", "not_assessed", "no_data")


@record
class Gap:
    """One indicator not rated Yes: what the rating is, why, and what the law should do."""

    __pydantic_config__: ClassVar = _CFG
    indicator: str
    title: str
    point: int | None
    rating: ResultRating
    basis: str  # derived | reported
    rubric_basis: str  # published | derived
    reason: str
    criterion: str | None
    missing_facts: tuple[str, ...]
    open_questions: tuple[str, ...]  # the questions behind missing_facts, for readers who do not read fact ids
    recommendation: str
    known_facts: tuple[FactOut, ...]  # the facts recorded, with their citations
    citations: tuple[CitationOut, ...]  # every citation, including a reported rating's
    notes: str | None = None
    disagreement: str | None = None
    excluded_ratings: tuple[str, ...] = ()  # ratings a source rules out (no rating of its own)
    unknown_cited: tuple[FactOut, ...] = ()  # facts left unknown, with the source that was read for them
    reported_rating: Rating | None = None  # a source's own rating, as recorded
    reported_source: str | None = None  # the id of the source that states or narrows it
    from_year: int | None = None  # the profile the finding comes from (see IndicatorResult)
    from_profile: str | None = None
    carry_note: str | None = None
    possible_ratings: tuple[str, ...] = ()


@record
class Met:
    __pydantic_config__: ClassVar = _CFG
    indicator: str
    title: str
    basis: str
    citations: tuple[CitationOut, ...]
    rubric_basis: str = "published"
    from_year: int | None = None


@record
class GapReport:
    __pydantic_config__: ClassVar = _CFG
    country: CountryOut
    year: int
    as_of: str
    status: str
    checklist_version: str
    summary: Summary
    gaps: tuple[Gap, ...]  # grouped by GAP_ORDER, checklist order within a group
    met: tuple[Met, ...]  # indicators rated Yes, checklist order
    sources: tuple[SourceOut, ...]
    profile: str
    profile_years: tuple[int, ...] = ()

    def group(self, rating: str) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.rating == rating)


def _gap(r: IndicatorResult) -> Gap:
    questions = {f.id: f.question.strip() for f in r.facts}
    return excerpt(
        Gap, r,
        open_questions=tuple(questions[f] for f in r.missing_facts),
        recommendation=r.recommendation or "",  # the engine sets it for every rating but Yes
        known_facts=tuple(f for f in r.facts if f.known),
        unknown_cited=tuple(f for f in r.facts if not f.known and f.citation is not None),
    )


def gap_report(a: Assessment) -> GapReport:
    """Every indicator of ``a`` not rated Yes, with the reason and the recommended intervention."""
    rank = {r: i for i, r in enumerate(GAP_ORDER)}
    not_met = sorted((r for r in a.results if r.rating != "yes"), key=lambda r: rank[r.rating])  # stable
    return excerpt(
        GapReport, a,
        gaps=tuple(_gap(r) for r in not_met),
        met=tuple(excerpt(Met, r) for r in a.results if r.rating == "yes"),
    )
