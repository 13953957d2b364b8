"""The rating engine: (checklist, profile) -> assessment. Pure functions, no I/O."""

from __future__ import annotations

import dataclasses
import itertools
import math
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence

from .logic import Evaluation, evaluate_with, hull, normalise_value
from .model import (
    BOUNDED,
    DETERMINED,
    INTERVALS,
    MAX_READING_COMBINATIONS,
    RATING_LABELS,
    RATINGS,
    Checklist,
    Citation,
    FactEntry,
    Indicator,
    IndicatorEntry,
    Profile,
    Reading,
    rating_label,
    relation,
    value_words,
)
from .result import (
    Assessment,
    CitationOut,
    CountryOut,
    FactOut,
    IndicatorResult,
    ReadingOut,
    Summary,
    values_added,
    values_conflict,
)


_label = rating_label


def _all(ratings: tuple[str, ...]) -> str:
    words = [_label(r) for r in ratings]
    return " and ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " and " + words[-1]


def _either(ratings: tuple[str, ...]) -> str:
    words = [_label(r) for r in ratings if r in RATING_LABELS]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


# The texts results repeat (a source's id and title, an act, a provision, a rule's criterion as a
# reason) are kept once however many results hold them: each profile read brings its own copy of
# every string, and a 2,000-country matrix keeps ~77,000 citations and 28,000 reasons. Interned
# strings are freed with their last holder.
_intern = sys.intern


def _shared(text: str | None) -> str | None:
    return None if text is None else _intern(text)


_TUPLES: dict[tuple, tuple] = {}  # possible ratings, missing facts: a few distinct tuples, each kept once
_TUPLES_LIMIT = 4096


def _shared_tuple(items: tuple) -> tuple:
    known = _TUPLES.get(items)
    if known is None:
        if len(_TUPLES) >= _TUPLES_LIMIT:
            _TUPLES.clear()
        known = _TUPLES[items] = items
    return known


def _citation(profile: Profile, cit: Citation, fact: str | None) -> CitationOut:
    # ~16,000 calls in a regional diff: ``_shared`` written out (a call per field cost ~10 % of this)
    src = profile.source(cit.source)
    intern = _intern
    source = intern(cit.source)
    instrument, provision, locator = cit.instrument, cit.provision, cit.locator
    if src is not None:
        title, url, date = src.title, src.url, src.date
        title = None if title is None else intern(title)
        url = None if url is None else intern(url)
        date = None if date is None else intern(date)
    else:
        title, url, date = source, None, None
    quote, note = cit.quote, cit.note
    return CitationOut(
        source=source,
        source_title=title,
        instrument=None if instrument is None else intern(instrument),
        provision=None if provision is None else intern(provision),
        year=cit.year,
        locator=None if locator is None else intern(locator),
        url=url,
        source_date=date,
        quote=" ".join(quote.split()) if quote else None,
        fact=fact,
        note=" ".join(note.split()) if note else None,
    )


_UNRECORDED: dict[tuple[str, str], FactOut] = {}  # (fact, question) -> a fact a profile does not mention
_UNRECORDED_LIMIT = 4096  # emptied when full: a long-lived process may load many checklists


def evaluate_indicator(ind: Indicator, entry: IndicatorEntry | None, profile: Profile) -> IndicatorResult:
    entry = entry or IndicatorEntry()
    known = {fid: normalise_value(ind.facts[fid], fe.value) for fid, fe in entry.facts.items() if fe.known}
    reported = entry.reported
    excluded = frozenset(reported.excludes) if reported else frozenset()
    ev, facts_only = evaluate_with(ind, known, excluded)  # facts_only: what the facts say without the exclusion
    disputed = [(fid, fe) for fid, fe in entry.facts.items() if fe.other_readings and fe.known]
    if disputed:  # sources disagree about a value: every reading rated, the range they allow together
        ev, facts_only, readings_text = _over_readings(ind, known, excluded, disputed)

    facts = []
    citations = []
    given = entry.facts
    for fid, spec in ind.facts.items():
        fe = given.get(fid)
        if fe is None:  # not mentioned: the same result every time, made once
            key = (fid, spec.question)
            out = _UNRECORDED.get(key)
            if out is None:
                if len(_UNRECORDED) >= _UNRECORDED_LIMIT:
                    _UNRECORDED.clear()
                out = _UNRECORDED[key] = FactOut(fid, spec.question, False, None, None, None, recorded=False)
            facts.append(out)
            continue
        cit = _citation(profile, fe.citation, fid) if fe.citation else None
        value = fe.value
        if isinstance(value, list):
            value = sorted(value)
        others = tuple(_reading(profile, fid, r) for r in fe.other_readings) if fe.other_readings else ()
        facts.append(FactOut(fid, spec.question, value is not None, value, fe.note, cit, recorded=True,
                             other_readings=others))
        if cit:
            citations.append(cit)
        if others:
            citations.extend(r.citation for r in others)
    if reported is not None:
        citations.append(
            _citation(profile, Citation(source=reported.source, locator=reported.locator, quote=reported.quote), None)
        )

    # The derived rating and why. A source that rules ratings out narrows what the facts leave.
    criterion = None
    ruled_out = f"[{reported.source}] rules out {_all(tuple(sorted(excluded, key=RATINGS.index)))}" if excluded else ""
    by_elimination = False  # settled only because the source rules the other ratings out
    disagreement = None
    if ev.too_large:
        derived = "not_assessed"
        readings = disputed and ev.missing == tuple(fid for fid, _ in disputed)  # (known facts: never the unknowns)
        why = ("Too many combinations of the sources' readings to work out the rating." if readings
               else "Too many unknown facts to work out the rating.")
    elif ev.contradiction:
        # As with a reported rating that contradicts them, the cited facts win and the conflict is flagged.
        derived = facts_only.determined or "not_assessed"
        rule = next((r for r in facts_only.deciding if r.rating == derived), None)
        criterion = rule.id if rule else None
        if rule:
            why = " ".join(rule.criterion.split())
        elif facts_only.determined:
            why = f"The recorded facts give {_label(derived)}."
        else:
            why = "The recorded facts and the source cannot both be right."
        disagreement = f"{ruled_out}, but the recorded facts leave only {_either(facts_only.possible)}."
    elif ev.determined is not None:
        derived = ev.determined
        if facts_only.determined != derived:  # settled only by the source's exclusion
            by_elimination = True
            left = (f"The recorded facts leave {_either(facts_only.possible)}" if entry.facts
                    else "No facts are recorded")
            why = (f"{left}; {ruled_out}"
                   f"{f' ({reported.locator})' if reported and reported.locator else ''}, which leaves {_label(derived)}.")
        elif ev.deciding:
            rule = next((r for r in ev.deciding if r.rating == derived), ev.deciding[0])
            criterion = rule.id
            why = " ".join(rule.criterion.split())
        else:
            why = f"Whatever the unknown facts turn out to be, the rules give {_label(derived)}."
        if ev.irrelevant_unknowns and derived in DETERMINED and not by_elimination:
            why += f" (Unknown, but not needed for this rating: {', '.join(ev.irrelevant_unknowns)}.)"
    elif not entry.facts and (reported is None or reported.rating is None):
        derived = "not_assessed"
        why = "Not yet assessed: no facts recorded for this indicator."
        if excluded:
            why = f"No facts are recorded for this indicator; {ruled_out}: it is {_either(ev.possible)}."
    else:
        derived = "not_assessed"
        could = [r for r in ev.possible if r in RATING_LABELS]
        why = f"The recorded facts do not settle it: {_either(tuple(could))}, depending on {', '.join(ev.missing)}."
        if excluded:
            why += f" ({ruled_out}.)"
    if disputed and not ev.too_large:
        if derived in DETERMINED and not by_elimination:
            why += f" (The sources disagree on {_names(disputed)}, but every reading gives {_label(derived)}.)"
        elif derived not in DETERMINED and not ev.contradiction:
            could = tuple(r for r in ev.possible if r in RATING_LABELS)
            both = "both readings allow" if len(readings_text) == 2 else "the readings allow together"
            why = (f"{_disagreeing(disputed)} {'; '.join(readings_text)}. The rating is the range {both}: "
                   f"{_either(could)}.")

    # The effective rating: derived when the facts determine it, else reported, else not assessed.
    stated = reported.rating if reported is not None else None
    if stated in DETERMINED:
        if derived in DETERMINED and derived != stated:
            disagreement = (
                f"The source reports {_label(stated)}, but the recorded facts give "
                f"{_label(derived)} ({criterion or 'rules'})."
            )
        elif (derived not in DETERMINED and ev.possible and stated not in ev.possible
              and "not_assessed" not in ev.possible):  # the rubric's own "not settled" rules nothing out
            disagreement = (
                f"The source reports {_label(stated)}, but the recorded facts rule that out "
                f"(possible: {_either(ev.possible)})."
            )
    if derived in DETERMINED:
        rating, reason = derived, why
        basis = "reported" if by_elimination else "derived"  # 'derived' means: from the cited facts alone
        if stated is not None and not disagreement and stated == derived:
            reason += f" [{reported.source}] reports the same rating."
    elif stated is not None:
        rating, basis = stated, "reported"
        reason = f"Reported by [{reported.source}]: {_label(stated)}."
        if reported.note:
            reason += f" {reported.note.strip()}"
        if entry.facts:
            reason += f" From the facts alone: {why[0].lower()}{why[1:]}"
    else:
        rating, basis, reason = "not_assessed", "derived", why
        if reported is not None and reported.note:
            reason += f" {reported.note.strip()}"
    if disputed:  # named whatever the rating, beside any disagreement with a source's rating
        disagreement = _disagreeing(disputed) + (f" {disagreement}" if disagreement else "")
    shown = facts_only if ev.contradiction else ev  # after a contradiction: what the facts leave open
    # Narrowed to two neighbouring ratings ("Partial or No"): that is a finding, not "not assessed".
    bound = _bound(shown.possible) if rating == "not_assessed" and stated is None and not ev.contradiction else None
    if bound is not None:
        rating = derived = bound
        basis = "reported" if excluded and _bound(facts_only.possible) != bound else "derived"

    return IndicatorResult(
        indicator=ind.id,
        title=ind.title,
        short=ind.short,
        point=ind.point,
        rating=rating,  # type: ignore[arg-type]
        basis=basis,  # type: ignore[arg-type]
        derived_rating=derived,  # type: ignore[arg-type]
        reported_rating=stated,
        excluded_ratings=tuple(sorted(excluded, key=RATINGS.index)),
        criterion=criterion,
        reason=_intern(reason),
        possible_ratings=_shared_tuple(tuple(r for r in shown.possible if r in RATING_LABELS)),
        missing_facts=_shared_tuple(shown.missing) if derived not in DETERMINED else (),
        facts=tuple(facts),
        citations=tuple(citations),
        rubric_basis=ind.rubric_basis,
        disagreement=disagreement,
        recommendation=ind.recommendation.strip() if rating != "yes" else None,
        notes=entry.notes.strip() if entry.notes else None,
        reported_source=reported.source if reported else None,
        from_year=profile.year,
        from_profile=profile.file,
        from_as_of=profile.as_of,
        law_changed=_citation(profile, entry.law_changed, None) if entry.law_changed else None,
    )


def _reading(profile: Profile, fid: str, r: Reading) -> ReadingOut:
    value = sorted(r.value) if isinstance(r.value, list) else r.value
    return ReadingOut(value, _citation(profile, r.citation, fid), " ".join(r.note.split()) if r.note else None)


def _names(disputed: list[tuple[str, FactEntry]]) -> str:
    return " and ".join(fid for fid, _ in disputed)


def _disagreeing(disputed: list[tuple[str, FactEntry]]) -> str:
    """'Sources disagree on age: [a] says 15, [b] says 16.'"""
    parts = []
    for fid, fe in disputed:
        said = [(fe.citation.source if fe.citation else "the profile", fe.value)]
        said += [(r.citation.source, r.value) for r in fe.other_readings]
        parts.append(f"{fid}: " + ", ".join(f"[{src}] says {value_words(v)}" for src, v in said))
    return f"Sources disagree on {'; on '.join(parts)}."


def _over_readings(ind: Indicator, known: dict, excluded: frozenset[str], disputed: list[tuple[str, FactEntry]]
                   ) -> tuple[Evaluation, Evaluation, list[str]]:
    """The rules under every combination of the disputed facts' readings (the value recorded and each
    other reading): the hull of them all, with and without a source's exclusion, and each
    combination's outcome in words ('With age 15: No', 'with age 16: Partial or No, depending on exemption')."""
    if math.prod(1 + len(fe.other_readings) for _, fe in disputed) > MAX_READING_COMBINATIONS:  # unvalidated data
        too_large = Evaluation(None, (), (), tuple(fid for fid, _ in disputed), (), too_large=True)
        return too_large, too_large, []
    with_exclusion, alone, words = [], [], []
    for combo in itertools.product(*([fe.value, *(r.value for r in fe.other_readings)] for _, fe in disputed)):
        env = dict(known)
        env.update((fid, normalise_value(ind.facts[fid], v)) for (fid, _), v in zip(disputed, combo))
        e, a = evaluate_with(ind, env, excluded)
        with_exclusion.append(e)
        alone.append(a)
        if e.contradiction:
            outcome = "no rating the source leaves possible"
        else:
            outcome = _label(e.determined or _bound(e.possible) or "not_assessed")
            if e.determined is None and _bound(e.possible) is None:
                outcome = f"not settled ({_either(e.possible)})"
            if e.determined is None and e.missing:
                outcome += f", depending on {', '.join(e.missing)}"
        given = " and ".join(f"{fid} {value_words(v)}" for (fid, _), v in zip(disputed, combo))
        words.append(f"{'With' if not words else 'with'} {given}: {outcome}")
    return hull(ind, with_exclusion), hull(ind, alone), words


def _bound(possible: tuple[str, ...]) -> str | None:
    """'partial_or_no' when exactly Partial and No remain possible, 'yes_or_partial' for Yes and
    Partial; None otherwise (one rating, all three, Yes or No, or a rubric's own 'not settled')."""
    left = set(possible)
    if left == {"partial", "no"}:
        return "partial_or_no"
    if left == {"yes", "partial"}:
        return "yes_or_partial"
    return None


def assess(checklist: Checklist, profile: Profile, indicators: tuple[str, ...] | None = None,
           min_rated: int | None = None, *, evaluated: dict[tuple[int, str], IndicatorResult] | None = None
           ) -> Assessment:
    """Derive every indicator's rating for one profile alone (or only ``indicators``, in checklist
    order). ``assess_over_years`` is the view across a country's profiles. ``evaluated``: results
    already worked out for this profile (see ``effective_result``)."""
    chosen = [i for i in checklist.indicators if indicators is None or i.id in indicators]
    done = evaluated or {}
    results = tuple(done.get((id(profile), ind.id)) or evaluate_indicator(ind, profile.indicators.get(ind.id), profile)
                    for ind in chosen)
    c = profile.country
    return Assessment(
        country=CountryOut(c.slug, c.name, c.iso2, c.iso3),
        year=profile.year,
        as_of=profile.as_of,
        status=profile.status,
        checklist_version=checklist.version,
        results=results,
        summary=Summary.of(results, min_rated),
        sources=profile.sources,
        profile=profile.file,
        profile_years=(profile.year,),
    )


def _assesses(r: IndicatorResult) -> bool:
    """A profile assesses an indicator when its facts or a source settle or bound the rating, or a
    source reports one (No data included)."""
    return r.rating != "not_assessed"


def _conflicts(newer: IndicatorResult, older: IndicatorResult) -> list[tuple[str, bool]]:
    """Facts the newer profile gives a value the older does not (``values_added``: its own value, or
    another source's), each with whether the law changed: no value in common with the older
    (``values_conflict``), rather than a source that now disagrees."""
    old = {f.id: f for f in older.facts if f.known}
    return [(f.id, values_conflict(old[f.id], f)) for f in newer.facts
            if f.known and f.id in old and values_added(old[f.id], f)]


def effective_result(ind: Indicator, profiles: Sequence[Profile],
                     evaluated: dict[tuple[int, str], IndicatorResult] | None = None) -> IndicatorResult:
    """One indicator for the year of ``profiles[0]`` (profiles newest first): the result of the
    latest profile that assesses it (facts that settle or bound it, or a source's rating). Carrying
    an earlier finding forward stops at a profile that records a change of law for the indicator
    (``law_changed``) or a fact with a value the earlier one does not record (``result.values_added``:
    its own, or another source's). Where the latest finding only bounds the
    rating ("Partial or No"), the note says what an earlier profile found.

    ``evaluated``: each profile's own result for an indicator, shared between the years of one
    country (``assess_years``), keyed by the profile's identity: the caller keeps the profiles alive."""
    if evaluated is not None:  # the common case first: the newest profile assesses it, no carry-forward
        p = profiles[0]
        key = (id(p), ind.id)
        first = evaluated.get(key)
        if first is None:
            first = evaluated[key] = evaluate_indicator(ind, p.indicators.get(ind.id), p)
        if first.rating != "not_assessed" and first.rating not in BOUNDED:  # what _latest_assessing gives (0, first) for
            return first
    done: list[IndicatorResult] = []  # profiles[i]'s result, evaluated only when the search reaches it

    def newest_first(start: int) -> Iterator[IndicatorResult]:
        for k in range(start, len(profiles)):
            if k == len(done):
                p = profiles[k]
                if evaluated is None:
                    done.append(evaluate_indicator(ind, p.indicators.get(ind.id), p))
                else:
                    key = (id(p), ind.id)
                    if key not in evaluated:
                        evaluated[key] = evaluate_indicator(ind, p.indicators.get(ind.id), p)
                    done.append(evaluated[key])
            yield done[k]

    chosen, note = _latest_assessing(newest_first(0))
    if chosen is None:
        return done[0] if note is None else dataclasses.replace(done[0], carry_note=note)
    i, r = chosen
    if r.rating in BOUNDED:  # the latest source only bounds it: say what an earlier one found
        earlier, _ = _latest_assessing(newest_first(i + 1), after=r)
        if earlier is not None and earlier[1].rating in INTERVALS and earlier[1].rating != r.rating:
            o = earlier[1]
            how = relation(r.rating, o.rating)
            fits = ("which this range allows" if how == "within" else
                    "which this range rules out" if how in ("above", "below") else "which overlaps this range")
            note = ((note + " ") if note else "") + (
                f"The {o.from_year} profile rated it {_label(o.rating)}, {fits}; the latest profile that "
                f"assesses it ({r.from_year}) is the one shown.")
    if i == 0:
        return r if note is None else dataclasses.replace(r, carry_note=note)
    newer = done[:i]
    unsettled = [n.from_year for n in newer if any(f.recorded for f in n.facts)]
    note = ((note + " ") if note else "") + (f"Carried forward from the {r.from_year} profile: "
            f"{'the ' + str(newer[0].from_year) + ' profile does' if len(newer) == 1 else 'later profiles do'}"
            " not assess this indicator.")
    if unsettled:
        note += (f" (The {' and '.join(str(y) for y in unsettled)} profile{'s' if len(unsettled) > 1 else ''}"
                 f" record{'' if len(unsettled) > 1 else 's'} facts that do not settle it on their own.)")
    return dataclasses.replace(r, carry_note=_intern(note))


def _stopped(newer: IndicatorResult, older: IndicatorResult, found: list[tuple[str, bool]]) -> str:
    """Why the carry-forward stops at ``older``: ``newer`` gives facts values it does not
    (``_conflicts``); those whose law changed and those a source now disagrees about, each said so."""
    changed = [fid for fid, law in found if law]
    disputed = [fid for fid, law in found if not law]
    bits = []
    if changed:
        bits.append(f"The {newer.from_year} profile records a different value for {', '.join(changed)} than the "
                    f"{older.from_year} profile (the law changed)")
    if disputed:
        whose = "its" if changed else f"The {newer.from_year} profile's"
        bits.append(f"{whose} sources give a value for {', '.join(disputed)} that the {older.from_year} profile "
                    "does not (the sources disagree)")
    return ", and ".join(bits) + ", so earlier findings are not carried forward."


def _latest_assessing(results: Iterable[IndicatorResult], after: IndicatorResult | None = None
                      ) -> tuple[tuple[int, IndicatorResult] | None, str | None]:
    """The first of ``results`` (newest first) that assesses the indicator, with its index; None
    with the reason when the search stops first: a profile recording a change of law, or a fact
    whose value differs from an earlier profile's (``after``: a newer result to compare with too)."""
    newer: list[IndicatorResult] = [after] if after is not None else []
    for i, r in enumerate(results):
        changed = [(n, found) for n in newer if (found := _conflicts(n, r))]
        if changed:
            n, found = changed[-1]  # the first profile after r that records a different fact
            return None, _stopped(n, r, found)
        if any(n.law_changed is not None for n in newer):
            return None, None
        if r.law_changed is not None and not _assesses(r):
            return None, (f"The law changed ({r.law_changed.law()}), and the change is not yet assessed: "
                          "findings of earlier profiles are not carried forward.")
        if _assesses(r):
            return (i, r), None
        newer.append(r)
    return None, None


class LazyProfiles(Sequence[Profile]):
    """One country's profiles newest first, each read on first use: ``years`` (the years it has
    profiles for, any order) and ``load(year) -> Profile``. The carry-forward search only indexes
    as far as it looks (``effective_result``), so a profile it never reaches is never read
    (``loaded()``: the ones read, newest first). ``up_to(year)`` is the part up to ``year``,
    sharing what was read. The engine itself reads nothing: ``load`` is the caller's."""

    def __init__(self, years: Iterable[int], load: Callable[[int], Profile],
                 _read: dict[int, Profile] | None = None):
        self.years = tuple(sorted(set(years), reverse=True))
        self._load = load
        self._read: dict[int, Profile] = {} if _read is None else _read

    def __len__(self) -> int:
        return len(self.years)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self.years)))]
        year = self.years[k]
        p = self._read.get(year)
        if p is None:
            p = self._read[year] = self._load(year)
        return p

    def up_to(self, year: int | None) -> LazyProfiles:
        return LazyProfiles([y for y in self.years if year is None or y <= year], self._load, self._read)

    def loaded(self) -> list[Profile]:
        return [self._read[y] for y in self.years if y in self._read]


def _newest_first(profiles: Sequence[Profile], year: int | None) -> Sequence[Profile]:
    """``profiles`` up to ``year``, newest first; a ``LazyProfiles`` stays lazy."""
    if isinstance(profiles, LazyProfiles):
        return profiles.up_to(year)
    usable = sorted((p for p in profiles if year is None or p.year <= year), key=lambda p: p.year, reverse=True)
    if len({p.country.slug for p in usable}) > 1:
        raise ValueError("profiles of different countries")
    return usable


def _years_of(profiles: Sequence[Profile]) -> Iterable[int]:
    return profiles.years if isinstance(profiles, LazyProfiles) else (p.year for p in profiles)


def assess_over_years(
    checklist: Checklist,
    profiles: Sequence[Profile],
    indicators: tuple[str, ...] | None = None,
    *,
    year: int | None = None,
    min_rated: int | None = None,
    evaluated: dict[tuple[int, str], IndicatorResult] | None = None,
) -> Assessment:
    """A country's assessment for ``year`` (default: its latest profile's) from its ``profiles``:
    each indicator from the latest profile up to ``year`` that assesses it (facts that settle or
    bound it, or a source's reported rating), so a newer profile holding only some indicators does
    not hide earlier findings. Header fields (as_of, status, sources first, profile) are the latest
    profile's; each result says where it comes from (``from_year``, ``from_profile``).

    ``profiles``: a list in any order, or a ``LazyProfiles``, of which only the profiles the search
    reaches are read (the answer is the same: nothing comes from a profile it does not reach)."""
    usable = _newest_first(profiles, year)
    if not usable:
        raise ValueError(f"no profile up to {year}")
    latest = usable[0]
    chosen = [i for i in checklist.indicators if indicators is None or i.id in indicators]
    results = tuple(effective_result(ind, usable, evaluated) for ind in chosen)
    years = tuple(sorted({r.from_year for r in results if r.from_year is not None} | {latest.year}))
    sources = list(latest.sources)
    seen = {s.id for s in sources}
    # a result comes from a profile the search read: the others cannot add a source
    read = usable.loaded() if isinstance(usable, LazyProfiles) else usable
    for p in read[1:]:
        cited = {c.source for r in results if r.from_profile == p.file for c in r.citations}
        cited |= {r.law_changed.source for r in results if r.from_profile == p.file and r.law_changed}
        for s in p.sources:
            if s.id in cited and s.id not in seen:
                sources.append(s)
                seen.add(s.id)
    c = latest.country
    return Assessment(
        country=CountryOut(c.slug, c.name, c.iso2, c.iso3),
        year=year if year is not None else latest.year,
        as_of=latest.as_of,
        status=latest.status,
        checklist_version=checklist.version,
        results=results,
        summary=Summary.of(results, min_rated),
        sources=tuple(sources),
        profile=latest.file,
        profile_years=years,
    )


def assess_years(checklist: Checklist, profiles: Sequence[Profile], years: Sequence[int | None], *,
                 min_rated: int | None = None) -> list[Assessment | None]:
    """``assess_over_years`` for each of ``years`` (None: the latest) from one country's
    ``profiles`` (a list, or a ``LazyProfiles`` read only as far as the searches reach), each
    profile's own result for an indicator worked out at most once for them all; None for a year
    with no profile up to it."""
    evaluated: dict[tuple[int, str], IndicatorResult] = {}
    have = list(_years_of(profiles))
    return [assess_over_years(checklist, profiles, year=y, min_rated=min_rated, evaluated=evaluated)
            if any(y is None or h <= y for h in have) else None for y in years]
