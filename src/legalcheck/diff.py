"""Progress between years: (old assessment, new assessment) -> what changed. Pure functions, no I/O.

Both assessments must come from the same checklist (the current rules), so every difference comes
from the profiles, never from a rule change. Field names here are the field names of
``legalcheck diff --format json``.

Directions, per indicator (old rating -> new rating):

- ``improved`` / ``regressed``: both on the scale no < partial < yes, and the rating moved up / down;
- ``unchanged``: the same rating;
- ``newly_assessed``: not rated before (not assessed, no data) and rated now, or a rating on the
  scale that changed only because facts became known (no recorded fact changed value, was
  withdrawn, and no source reported a different rating): knowledge grew, the law need not have;
- ``no_longer_assessed``: rated before, not rated now (e.g. yes -> not assessed): not a regression;
- ``status_changed``: between not assessed and no data; neither is on the scale, so neither is
  better or worse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from .model import RATINGS, Checklist, rating_label
from .result import Assessment, CitationOut, CountryOut, IndicatorResult, Summary

_CFG: dict[str, Any] = {"extra": "forbid"}

Direction = Literal["improved", "regressed", "unchanged", "newly_assessed", "no_longer_assessed", "status_changed"]
# Display order: the changes that matter most first.
DIRECTIONS: tuple[str, ...] = (
    "regressed",
    "improved",
    "newly_assessed",
    "no_longer_assessed",
    "status_changed",
    "unchanged",
)
_SCALE = {"no": 0, "partial": 1, "yes": 2}

FactChangeKind = Literal["became_known", "no_longer_known", "changed"]


@dataclass(frozen=True)
class FactChange:
    __pydantic_config__: ClassVar = _CFG
    fact: str
    question: str
    change: FactChangeKind
    old_value: Any = None  # None: unknown in that year
    new_value: Any = None
    old_citation: CitationOut | None = None
    new_citation: CitationOut | None = None


@dataclass(frozen=True)
class IndicatorDiff:
    __pydantic_config__: ClassVar = _CFG
    indicator: str
    title: str
    short: str
    old_rating: str
    new_rating: str
    direction: Direction
    why: str  # the direction in words, e.g. why a change counts as newly assessed
    old_basis: str
    new_basis: str
    old_criterion: str | None
    new_criterion: str | None
    old_reported: str | None
    new_reported: str | None
    fact_changes: tuple[FactChange, ...]
    citations_added: tuple[CitationOut, ...]
    citations_removed: tuple[CitationOut, ...]
    changed: bool  # anything to report: the rating, a fact, a citation, a reported or ruled-out rating
    old_excluded: tuple[str, ...] = ()  # ratings a source ruled out in each year
    new_excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountryDiff:
    __pydantic_config__: ClassVar = _CFG
    country: CountryOut
    from_year: int
    to_year: int
    from_as_of: str
    to_as_of: str
    from_status: str
    to_status: str
    from_profile: str
    to_profile: str
    checklist_version: str
    note: str  # says that both years are assessed with the same rules
    indicators: tuple[IndicatorDiff, ...]  # every indicator, in checklist order
    directions: dict[str, int]  # how many indicators moved each way, in DIRECTIONS order
    old_summary: Summary
    new_summary: Summary
    score_change: float | None  # new score - old score; None when either year has nothing rated

    @property
    def regressions(self) -> tuple[IndicatorDiff, ...]:
        return tuple(d for d in self.indicators if d.direction == "regressed")


def same_rules_note(version: str) -> str:
    return (
        f"Both years are assessed with the same, current rules (checklist version {version}): "
        "every difference comes from the profiles, not from a change in the rules."
    )


def direction(old: str, new: str) -> Direction:
    """The direction of a rating change, from the ratings alone."""
    if old == new:
        return "unchanged"
    if old in _SCALE and new in _SCALE:
        return "improved" if _SCALE[new] > _SCALE[old] else "regressed"
    if new in _SCALE:
        return "newly_assessed"
    if old in _SCALE:
        return "no_longer_assessed"
    return "status_changed"


def fact_changes(old: IndicatorResult, new: IndicatorResult) -> tuple[FactChange, ...]:
    """Facts whose value differs between the years, in the indicator's fact order."""
    olds = {f.id: f for f in old.facts}
    out = []
    for nf in new.facts:
        of = olds.get(nf.id)
        if of is None:
            continue
        if of.known and nf.known:
            if of.value == nf.value:
                continue
            kind = "changed"
        elif nf.known:
            kind = "became_known"
        elif of.known:
            kind = "no_longer_known"
        else:
            continue
        out.append(FactChange(nf.id, nf.question, kind, of.value, nf.value, of.citation, nf.citation))  # type: ignore[arg-type]
    return tuple(out)


_label = rating_label


def indicator_diff(old: IndicatorResult, new: IndicatorResult) -> IndicatorDiff:
    if old.indicator != new.indicator:
        raise ValueError(f"cannot compare {old.indicator} with {new.indicator}")
    facts = fact_changes(old, new)
    kind = direction(old.rating, new.rating)
    why = {
        "improved": f"{_label(old.rating)} → {_label(new.rating)}: a better rating.",
        "regressed": f"{_label(old.rating)} → {_label(new.rating)}: a worse rating.",
        "unchanged": f"{_label(new.rating)} in both years.",
        "newly_assessed": f"Not rated before ({_label(old.rating)}); now {_label(new.rating)}.",
        "no_longer_assessed": f"Rated {_label(old.rating)} before; now {_label(new.rating)}. Not a regression: "
                              "the rating is no longer established.",
        "status_changed": f"{_label(old.rating)} → {_label(new.rating)}: neither is a rating on the "
                          "Yes/Partial/No scale, so this is neither an improvement nor a regression.",
    }[kind]
    if kind in ("improved", "regressed"):
        only_learned = bool(facts) and all(f.change == "became_known" for f in facts)
        same_report = ((new.reported_rating is None or new.reported_rating == old.reported_rating)
                       and new.excluded_ratings == old.excluded_ratings)
        if only_learned and same_report:
            learned = ", ".join(f.fact for f in facts)
            kind = "newly_assessed"
            why = (
                f"{_label(old.rating)} ({old.basis}) → {_label(new.rating)} ({new.basis}) only because facts became "
                f"known ({learned}); no recorded fact changed, so this is newly assessed, not "
                f"{'an improvement' if _SCALE[new.rating] > _SCALE[old.rating] else 'a regression'}."
            )
    old_cits = set(old.citations)
    new_cits = set(new.citations)
    added = tuple(c for c in new.citations if c not in old_cits)
    removed = tuple(c for c in old.citations if c not in new_cits)
    return IndicatorDiff(
        indicator=new.indicator,
        title=new.title,
        short=new.short,
        old_rating=old.rating,
        new_rating=new.rating,
        direction=kind,
        why=why,
        old_basis=old.basis,
        new_basis=new.basis,
        old_criterion=old.criterion,
        new_criterion=new.criterion,
        old_reported=old.reported_rating,
        new_reported=new.reported_rating,
        fact_changes=facts,
        citations_added=added,
        citations_removed=removed,
        changed=bool(kind != "unchanged" or facts or added or removed or old.reported_rating != new.reported_rating
                     or old.excluded_ratings != new.excluded_ratings),
        old_excluded=old.excluded_ratings,
        new_excluded=new.excluded_ratings,
    )


def direction_counts(diffs: tuple[IndicatorDiff, ...] | list[IndicatorDiff]) -> dict[str, int]:
    counts = {d: 0 for d in DIRECTIONS}
    for d in diffs:
        counts[d.direction] += 1
    return counts


def country_diff(old: Assessment, new: Assessment) -> CountryDiff:
    """What changed in one country between two assessments made with the same checklist."""
    if old.country.slug != new.country.slug:
        raise ValueError(f"cannot compare {old.country.slug} with {new.country.slug}")
    if old.checklist_version != new.checklist_version or [r.indicator for r in old.results] != [
        r.indicator for r in new.results
    ]:
        raise ValueError("both years must be assessed with the same checklist")
    diffs = tuple(indicator_diff(o, n) for o, n in zip(old.results, new.results))
    score_change = None
    if old.summary.score is not None and new.summary.score is not None:
        score_change = round(new.summary.score - old.summary.score, 1)
    return CountryDiff(
        country=new.country,
        from_year=old.year,
        to_year=new.year,
        from_as_of=old.as_of,
        to_as_of=new.as_of,
        from_status=old.status,
        to_status=new.status,
        from_profile=old.profile,
        to_profile=new.profile,
        checklist_version=new.checklist_version,
        note=same_rules_note(new.checklist_version),
        indicators=diffs,
        directions=direction_counts(diffs),
        old_summary=old.summary,
        new_summary=new.summary,
        score_change=score_change,
    )


# --------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class RegionCountry:
    """One country of a regional diff: its diff, or which year has no profile."""

    __pydantic_config__: ClassVar = _CFG
    slug: str
    name: str
    status: Literal["compared", "no_profile_from", "no_profile_to", "no_profile"]
    message: str | None  # e.g. "no profile for 2020"
    diff: CountryDiff | None


@dataclass(frozen=True)
class IndicatorCounts:
    """One indicator across the region: ratings then and now, and how many countries moved which way."""

    __pydantic_config__: ClassVar = _CFG
    indicator: str
    title: str
    short: str
    old_counts: dict[str, int]  # RATINGS order, over the countries with a profile in FROM
    new_counts: dict[str, int]
    old_no_profile: int
    new_no_profile: int
    directions: dict[str, int]  # over the countries compared, DIRECTIONS order


@dataclass(frozen=True)
class RegionDiff:
    __pydantic_config__: ClassVar = _CFG
    region: str | None  # the region's name; None for an explicit list of countries
    from_year: int
    to_year: int
    checklist_version: str
    note: str
    countries: tuple[RegionCountry, ...]
    indicators: tuple[IndicatorCounts, ...]  # checklist order
    directions: dict[str, int]  # over every country and indicator compared

    @property
    def regressions(self) -> tuple[tuple[str, IndicatorDiff], ...]:
        return tuple((c.name, d) for c in self.countries if c.diff for d in c.diff.regressions)


def region_diff(
    region: str | None,
    checklist: Checklist,
    from_year: int,
    to_year: int,
    members: list[tuple[str, Assessment | None, Assessment | None]],
) -> RegionDiff:
    """A regional diff from (slug, old assessment or None, new assessment or None) per country, all
    assessed with ``checklist``.

    A country without a profile in a year is reported as such and counted as 'no profile' in that
    year's counts; it is never a failure.
    """
    countries = []
    for slug, old, new in members:
        known = new or old
        name = known.country.name if known else slug
        if old and new:
            countries.append(RegionCountry(slug, name, "compared", None, country_diff(old, new)))
        elif new:
            countries.append(RegionCountry(slug, name, "no_profile_from", f"no profile for {from_year}", None))
        elif old:
            countries.append(RegionCountry(slug, name, "no_profile_to", f"no profile for {to_year}", None))
        else:
            countries.append(RegionCountry(slug, name, "no_profile", f"no profile for {from_year} or {to_year}", None))
    counts = []
    for ind in checklist.indicators:
        iid = ind.id
        then = {r: 0 for r in RATINGS}
        now = {r: 0 for r in RATINGS}
        for _, old, new in members:
            if old:
                then[_rating(old, iid)] += 1
            if new:
                now[_rating(new, iid)] += 1
        moved = direction_counts([d for c in countries if c.diff for d in c.diff.indicators if d.indicator == iid])
        counts.append(IndicatorCounts(
            iid, ind.title, ind.short, then, now,
            old_no_profile=sum(1 for _, o, _n in members if o is None),
            new_no_profile=sum(1 for _, _o, n in members if n is None),
            directions=moved,
        ))
    return RegionDiff(
        region=region,
        from_year=from_year,
        to_year=to_year,
        checklist_version=checklist.version,
        note=same_rules_note(checklist.version),
        countries=tuple(countries),
        indicators=tuple(counts),
        directions=direction_counts([d for c in countries if c.diff for d in c.diff.indicators]),
    )


def _rating(a: Assessment, indicator: str) -> str:
    r = a.result(indicator)
    return r.rating if r else "not_assessed"


def counts_text(counts: dict[str, int], no_profile: int = 0) -> str:
    """'1 yes, 1 partial, 7 no' (zero counts left out), for the regional summary."""
    parts = [f"{n} {_label(r).lower()}" for r, n in counts.items() if n]
    if no_profile:
        parts.append(f"{no_profile} no profile")
    return ", ".join(parts) or "none"

