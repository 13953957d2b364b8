"""Progress between years: (old assessment, new assessment) -> what changed. Pure functions, no I/O.

Both assessments must come from the same checklist (the current rules), so every difference comes
from the profiles, never from a rule change. Field names here are the field names of
``legalcheck diff --format json``.

Directions, per indicator (old rating -> new rating), on the scale No < Partial < Yes where a
bounded rating ("Partial or No") is the interval it allows:

- ``improved`` / ``regressed``: the rating moved up / down (No -> Partial, Partial or No -> Yes),
  whatever the basis: ``cause`` then says whether the law changed (a cited fact changed value, a new
  instrument is cited, or the profile records a change of law) or the same law was read more fully
  (facts became known, a reported rating was replaced by a derived one, sources now or no longer
  disagree about a fact's value: see FactChangeKind), so reform and re-reading can be told apart;
- ``narrowed`` / ``widened``: one rating is within the other (Partial or No -> No is narrowed, not a
  regression; No -> Partial or No is widened, not an improvement);
- ``shifted``: two ranges that overlap without one containing the other (Yes or Partial -> Partial or
  No): both allow Partial, so neither an improvement nor a regression is established;
- ``unchanged``: the same rating;
- ``newly_assessed``: not rated before (not assessed, no data) and rated or bounded now;
- ``no_longer_assessed``: rated or bounded before, not now: not a regression;
- ``status_changed``: between not assessed and no data; neither is on the scale.

Both sides are a country's assessment over its profiles up to that year (each indicator from the
latest profile that assesses it), so an indicator a newer profile leaves out is unchanged, not lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from .model import INTERVALS, RATINGS, Checklist, rating_label, relation, values_text
from .result import (Assessment, CitationOut, CountryOut, IndicatorResult, ReadingOut, Summary, values_conflict,
                     values_same)
from .records import record

_CFG: dict[str, Any] = {"extra": "forbid"}

Direction = Literal["improved", "regressed", "narrowed", "widened", "shifted", "unchanged", "newly_assessed",
                    "no_longer_assessed", "status_changed"]
# Display order: the changes that matter most first.
DIRECTIONS: tuple[str, ...] = (
    "regressed",
    "improved",
    "narrowed",
    "widened",
    "shifted",
    "newly_assessed",
    "no_longer_assessed",
    "status_changed",
    "unchanged",
)
# Why a rating moved: the law changed (a cited fact changed value, a new instrument is cited, or the
# profile records a change of law); the same law was read more fully (facts became known, a derived
# rating replaced a reported one); or only a source's own rating changed, which does not say which.
Cause = Literal["law_changed", "reread", "source_rating"]

# A fact's change between the years. Where sources disagree about a value (other_readings), a fact is
# compared by every value the sources give: "changed" when no value of one year is a value of the
# other (the law, as every source reads it, is not what it was), "readings_changed" when the values
# overlap but not all of them are the same (a source now gives another value, or no longer does: a
# fuller or different reading of the same law). The same values in both years are no change, whichever
# source's value the profile records first (no reading is preferred).
FactChangeKind = Literal["became_known", "no_longer_known", "changed", "readings_changed"]


@record(slots=True)
class FactChange:
    __pydantic_config__: ClassVar = _CFG
    fact: str
    question: str
    change: FactChangeKind
    old_value: Any = None  # None: unknown in that year
    new_value: Any = None
    old_citation: CitationOut | None = None
    new_citation: CitationOut | None = None
    # Where sources disagree: the other sources' readings in each year, each a value with the
    # citation of the source that gives it (the facts' other_readings, in the profile's order),
    # beside old_value / new_value and their citations; empty where the sources agree.
    old_other_readings: tuple[ReadingOut, ...] = ()
    new_other_readings: tuple[ReadingOut, ...] = ()


@record(slots=True)
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
    cause: Cause | None = None  # for a change of rating: the law changed, or the same law was read more fully
    cause_text: str | None = None  # the cause in words ("The law changed: newly cited: ...")
    new_instruments: tuple[str, ...] = ()  # laws cited now and not before ("Children's Act (2018), s. 66")
    old_from_year: int | None = None  # the profile each side's rating comes from
    new_from_year: int | None = None


@record
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
    score_change: float | None  # new score - old score; None when either score is withheld
    from_profile_years: tuple[int, ...] = ()  # the profile years each side draws on
    to_profile_years: tuple[int, ...] = ()

    @property
    def regressions(self) -> tuple[IndicatorDiff, ...]:
        return tuple(d for d in self.indicators if d.direction == "regressed")


def same_rules_note(version: str) -> str:
    return (
        f"Both years are assessed with the same, current rules (checklist version {version}): "
        "every difference comes from the profiles, not from a change in the rules."
    )


_BY_RELATION: dict[str, Direction] = {"within": "narrowed", "contains": "widened", "overlaps": "shifted",
                                      "above": "improved", "below": "regressed", "same": "unchanged"}


def direction(old: str, new: str) -> Direction:
    """The direction of a rating change, from the ratings alone (see the module docstring)."""
    if old == new:
        return "unchanged"
    if old in INTERVALS and new in INTERVALS:
        return _BY_RELATION[relation(old, new)]
    if new in INTERVALS:
        return "newly_assessed"
    if old in INTERVALS:
        return "no_longer_assessed"
    return "status_changed"


def fact_changes(old: IndicatorResult, new: IndicatorResult) -> tuple[FactChange, ...]:
    """Facts whose value, or whose other sources' values, differ between the years, in the
    indicator's fact order (see FactChangeKind)."""
    olds = {f.id: f for f in old.facts}
    out = []
    for nf in new.facts:
        of = olds.get(nf.id)
        if of is None:
            continue
        if of.known and nf.known:
            if values_same(of, nf):
                continue
            kind = "changed" if values_conflict(of, nf) else "readings_changed"
        elif nf.known:
            kind = "became_known"
        elif of.known and nf.recorded:  # a profile that does not mention a fact has not unlearnt it
            kind = "no_longer_known"
        else:
            continue
        out.append(FactChange(nf.id, nf.question, kind, of.value, nf.value, of.citation, nf.citation,  # type: ignore[arg-type]
                              of.other_readings, nf.other_readings))
    return tuple(out)


def readings_words(f: FactChange) -> str:
    """How the sources' agreement on a fact moved, for a ``readings_changed`` fact: 'sources now
    disagree', 'sources no longer disagree', or 'other sources' readings changed'."""
    if f.new_other_readings and not f.old_other_readings:
        return "sources now disagree"
    if f.old_other_readings and not f.new_other_readings:
        return "sources no longer disagree"
    return "other sources' readings changed"


_label = rating_label


def _instruments(r: IndicatorResult, readings_too: bool = False) -> dict[str, str]:
    """The laws a result cites for its facts' values, its reported rating or a change of law:
    (instrument, year) -> the law in words. A law cited only by another source's reading of a fact
    (other_readings) is left out, unless ``readings_too``: a reading that disagrees is not a change
    of law."""
    readings = {o.citation for f in r.facts for o in f.other_readings} if not readings_too and any(
        f.other_readings for f in r.facts) else ()
    if readings:
        readings -= {f.citation for f in r.facts}  # type: ignore[operator]
    out: dict[str, str] = {}
    for c in r.citations:
        if c.instrument and c not in readings:
            out.setdefault(f"{c.instrument}|{c.year}", c.law())
    if r.law_changed is not None and r.law_changed.instrument:
        out.setdefault(f"{r.law_changed.instrument}|{r.law_changed.year}", r.law_changed.law())
    return out


def _new_laws(old: IndicatorResult, new: IndicatorResult) -> tuple[str, ...]:
    """The laws ``new`` cites that ``old`` does not, in words. A law ``old`` cited only for another
    source's reading is not new when ``new`` cites it for its value (the sources' values swapped)."""
    olds = _instruments(old, readings_too=True)
    return tuple(law for key, law in _instruments(new).items() if key not in olds)


def _values(f: FactChange, new: bool = True) -> str:
    """A fact's values in one year, as every output words them (``model.values_text``): '15 or 16'.
    The reasons name no source; the fact's line beside them names each value's."""
    if new:
        return values_text(f.new_value, readings=f.new_other_readings)
    return values_text(f.old_value, readings=f.old_other_readings)


def _reread_facts(f: FactChange) -> str:
    """A fact whose sources' values moved without a change of law, in words: 'sources now disagree
    on age: 15 → 15 or 16'."""
    return f"{readings_words(f)} on {f.fact}: {_values(f, new=False)} → {_values(f)}"


def _cause(old: IndicatorResult, new: IndicatorResult, facts: tuple[FactChange, ...],
           widened: bool = False) -> tuple[Cause, str, tuple[str, ...]]:
    """Why a rating moved: a change of law, or a fuller reading of the same law; and the reason in words.
    Sources that now (or no longer) disagree about a fact are a reading, never a change of law."""
    added = _new_laws(old, new)
    changed = [f for f in facts if f.change == "changed"]
    # sources that now (no longer, otherwise) disagree, and facts learnt from sources that disagree
    reread = [_reread_facts(f) if f.change == "readings_changed" else
              f"sources disagree on {f.fact}: {_values(f)}"
              for f in facts if f.change == "readings_changed" or (f.change == "became_known" and f.new_other_readings)]
    marked = new.law_changed is not None and new.from_year != old.from_year
    if changed or added or marked:
        bits = []
        if marked and new.law_changed is not None:
            bits.append(f"the {new.from_year} profile records a change of law ({new.law_changed.law()})")
        if changed:
            bits.append("a cited fact changed (" + ", ".join(
                f"{f.fact}: {_values(f, new=False)} → {_values(f)}" for f in changed) + ")")
        if added:
            bits.append("newly cited: " + "; ".join(added))
        bits += reread
        return "law_changed", "The law changed: " + "; ".join(bits) + ".", added
    learned = [f.fact for f in facts if f.change == "became_known"]
    source_moved = (old.reported_rating, old.excluded_ratings) != (new.reported_rating, new.excluded_ratings)
    if source_moved and not learned and not reread and old.basis == new.basis == "reported":
        return ("source_rating", "A source's own rating changed; no cited fact or newly cited law shows "
                "whether the law changed or was read differently.", ())
    bits = []
    if learned:
        bits.append(f"facts became known ({', '.join(learned)})")
    bits += reread
    if old.basis == "reported" and new.basis == "derived":
        bits.append("a reported rating was replaced by one derived from the cited facts")
    elif old.basis == "derived" and new.basis == "reported":
        bits.append("a source's own rating replaced the one derived from the facts")
    if source_moved:
        bits.append("a source's rating changed")
    unlearnt = [f.fact for f in facts if f.change == "no_longer_known"]
    if unlearnt:
        bits.append(f"facts are no longer recorded as known ({', '.join(unlearnt)})")
    how = "; ".join(bits) or "the profiles record the same law differently"
    if widened:
        return "reread", f"No change of law is recorded: the later profile's sources say less or otherwise ({how}).", ()
    return "reread", f"No change of law is recorded: the same law was read more fully ({how}).", ()


def _common(old: str, new: str) -> str:
    (a, b), (c, d) = INTERVALS[old], INTERVALS[new]
    return next(k for k, v in INTERVALS.items() if v == (max(a, c), min(b, d)))


# The direction in words, one sentence a kind ({o} old, {n} new, {c} what both allow).
_WHY = {
    "improved": "{o} → {n}: a better rating.",
    "regressed": "{o} → {n}: a worse rating.",
    "narrowed": "{o} → {n}: narrowed (the new rating lies within the old), neither better nor worse.",
    "widened": "{o} → {n}: widened (the old rating lies within the new), neither better nor worse.",
    "shifted": "{o} → {n}: both allow {c}, so neither better nor worse is established.",
    "unchanged": "{n} in both years.",
    "newly_assessed": "Not rated before ({o}); now {n}.",
    "no_longer_assessed": "Rated {o} before; now {n}. Not a regression: the rating is no longer established.",
}
_WHY_OFF_SCALE = ("{o} → {n}: neither is a rating on the Yes/Partial/No scale, so this is neither an "
                  "improvement nor a regression.")


def _why(kind: str, old: str, new: str) -> str:
    """The direction in words (only the one sentence asked for is made: thousands of diffs per region)."""
    common = _label(_common(old, new)) if kind == "shifted" else ""
    return _WHY.get(kind, _WHY_OFF_SCALE).format(o=_label(old), n=_label(new), c=common)


def _added(new: tuple[CitationOut, ...], old: tuple[CitationOut, ...]) -> tuple[CitationOut, ...]:
    """The citations of ``new`` not among ``old``, in order (none when both are the same objects)."""
    if not new or new == old:  # tuple equality: identity first, then field by field
        return ()
    if not old:
        return new
    olds = set(old)
    return tuple(c for c in new if c not in olds)


def indicator_diff(old: IndicatorResult, new: IndicatorResult) -> IndicatorDiff:
    if old.indicator != new.indicator:
        raise ValueError(f"cannot compare {old.indicator} with {new.indicator}")
    facts = fact_changes(old, new)
    kind = direction(old.rating, new.rating)
    if kind == "unchanged" and old.from_profile == new.from_profile and new.from_year is not None:
        why = f"{_label(new.rating)} in both years: both take it from the {new.from_year} profile."
    else:
        why = _why(kind, old.rating, new.rating)
    cause, because, instruments = None, None, ()
    if kind in ("improved", "regressed", "narrowed", "widened", "shifted"):
        cause, because, instruments = _cause(old, new, facts, widened=kind in ("widened", "shifted"))
        why += " " + because
    elif kind != "unchanged":  # a first (or lost) assessment has no cause to tell; the laws cited are listed
        instruments = _new_laws(old, new)
    added = _added(new.citations, old.citations)
    removed = _added(old.citations, new.citations)
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
        cause=cause,
        cause_text=because,
        new_instruments=instruments,
        old_from_year=old.from_year,
        new_from_year=new.from_year,
    )


def direction_counts(diffs: Iterable[IndicatorDiff]) -> dict[str, int]:
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
        from_profile_years=old.profile_years,
        to_profile_years=new.profile_years,
    )


# --------------------------------------------------------------------------- regions


@record
class RegionCountry:
    """One country of a regional diff: its diff, or which year has no profile."""

    __pydantic_config__: ClassVar = _CFG
    slug: str
    name: str
    status: Literal["compared", "no_profile_from", "no_profile_to", "no_profile"]
    message: str | None  # e.g. "no profile for 2020 or earlier"
    diff: CountryDiff | None


@record
class RegionMember:
    """One country's part of a regional diff (``region_member``), worked out where its profiles are
    read: its line, and what ``region_diff`` counts of its ratings then and now (indicator id ->
    rating, the first result of an id; None: no profile up to that year)."""

    country: RegionCountry
    old_rated: dict[str, str] | None
    new_rated: dict[str, str] | None


def region_member(slug: str, old: Assessment | None, new: Assessment | None, from_year: int, to_year: int,
                  names: dict[str, str] | None = None) -> RegionMember:
    """A country's part of the regional diff from its assessments as of both years (None: no
    profile up to that year); ``names``: the regions file's name of a country without either."""
    known = new or old
    name = known.country.name if known else (names or {}).get(slug, slug)
    if old and new:
        country = RegionCountry(slug, name, "compared", None, country_diff(old, new))
    elif new:
        country = RegionCountry(slug, name, "no_profile_from", f"no profile for {from_year} or earlier", None)
    elif old:
        country = RegionCountry(slug, name, "no_profile_to", f"no profile for {to_year} or earlier", None)
    else:
        country = RegionCountry(slug, name, "no_profile", f"no profile for {to_year} or earlier", None)
    # the first result of an id counts
    old_rated, new_rated = ({r.indicator: r.rating for r in reversed(a.results)} if a else None for a in (old, new))
    return RegionMember(country, old_rated, new_rated)


@record
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


@record
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
    members: Iterable[tuple[str, Assessment | None, Assessment | None] | RegionMember],
    names: dict[str, str] | None = None,
) -> RegionDiff:
    """A regional diff from (slug, old assessment or None, new assessment or None) per country, all
    assessed with ``checklist``, each over the country's profiles up to that year (carried forward
    exactly as the matrix does: ``Repository.region_diff``), or from each country's part worked out
    already (``region_member``). ``members`` is read once, in order, and each country's assessments
    are let go once its diff and counts are taken (a generator keeps memory flat as countries grow).

    A country without a profile in a year is reported as such and counted as 'no profile' in that
    year's counts; it is never a failure.
    """
    ids = [ind.id for ind in checklist.indicators]
    then = {iid: {r: 0 for r in RATINGS} for iid in ids}
    now = {iid: {r: 0 for r in RATINGS} for iid in ids}
    moved = {iid: direction_counts(()) for iid in ids}
    everywhere = direction_counts(())
    old_missing = new_missing = 0
    countries = []
    for m in members:
        if not isinstance(m, RegionMember):
            m = region_member(*m, from_year, to_year, names)
        countries.append(m.country)
        for rated, counts in ((m.old_rated, then), (m.new_rated, now)):
            if rated is not None:
                for iid in ids:
                    counts[iid][rated.get(iid, "not_assessed")] += 1
        old_missing += m.old_rated is None
        new_missing += m.new_rated is None
        diff = m.country.diff
        for d in diff.indicators if diff else ():
            everywhere[d.direction] += 1
            if d.indicator in moved:
                moved[d.indicator][d.direction] += 1
    counts = tuple(IndicatorCounts(ind.id, ind.title, ind.short, then[ind.id], now[ind.id], old_no_profile=old_missing,
                                   new_no_profile=new_missing, directions=moved[ind.id])
                   for ind in checklist.indicators)
    return RegionDiff(
        region=region,
        from_year=from_year,
        to_year=to_year,
        checklist_version=checklist.version,
        note=same_rules_note(checklist.version),
        countries=tuple(countries),
        indicators=counts,
        directions=everywhere,
    )


def counts_text(counts: dict[str, int], no_profile: int = 0) -> str:
    """'1 yes, 1 partial, 7 no' (zero counts left out), for the regional summary."""
    parts = [f"{n} {_label(r).lower()}" for r, n in counts.items() if n]
    if no_profile:
        parts.append(f"{no_profile} no profile")
    return ", ".join(parts) or "none"

