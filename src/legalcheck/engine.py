"""The rating engine: (checklist, profile) -> assessment. Pure functions, no I/O."""

from __future__ import annotations

from .logic import evaluate, normalise_value
from .model import DETERMINED, RATING_LABELS, RATINGS, rating_label, Checklist, Citation, Indicator, IndicatorEntry, Profile
from .result import (
    Assessment,
    CitationOut,
    CountryOut,
    FactOut,
    IndicatorResult,
    Summary,
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


def _citation(profile: Profile, cit: Citation, fact: str | None) -> CitationOut:
    src = profile.source(cit.source)
    return CitationOut(
        source=cit.source,
        source_title=src.title if src else cit.source,
        instrument=cit.instrument,
        provision=cit.provision,
        year=cit.year,
        locator=cit.locator,
        url=src.url if src else None,
        source_date=src.date if src else None,
        quote=" ".join(cit.quote.split()) if cit.quote else None,
        fact=fact,
        note=" ".join(cit.note.split()) if cit.note else None,
    )


def evaluate_indicator(ind: Indicator, entry: IndicatorEntry | None, profile: Profile) -> IndicatorResult:
    entry = entry or IndicatorEntry()
    known = {fid: normalise_value(ind.facts[fid], fe.value) for fid, fe in entry.facts.items() if fe.known}
    reported = entry.reported
    excluded = frozenset(reported.excludes) if reported else frozenset()
    ev = evaluate(ind, known, excluded)
    facts_only = evaluate(ind, known) if excluded else ev  # what the facts say without the exclusion

    facts = []
    citations = []
    for fid, spec in ind.facts.items():
        fe = entry.facts.get(fid)
        cit = _citation(profile, fe.citation, fid) if fe and fe.citation else None
        value = fe.value if fe and fe.known else None
        if isinstance(value, list):
            value = sorted(value)
        facts.append(FactOut(fid, spec.question, fe is not None and fe.known, value, fe.note if fe else None, cit))
        if cit:
            citations.append(cit)
    if reported is not None:
        citations.append(
            _citation(profile, Citation(source=reported.source, locator=reported.locator), None)
        )

    # The derived rating and why. A source that rules ratings out narrows what the facts leave.
    criterion = None
    ruled_out = f"[{reported.source}] rules out {_all(tuple(sorted(excluded, key=RATINGS.index)))}" if excluded else ""
    by_elimination = False  # settled only because the source rules the other ratings out
    disagreement = None
    if ev.too_large:
        derived = "not_assessed"
        why = "Too many unknown facts to work out the rating."
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
            why += f" {ruled_out}: it is {_either(ev.possible)}."
    else:
        derived = "not_assessed"
        could = [r for r in ev.possible if r in RATING_LABELS]
        why = f"The recorded facts do not settle it: {_either(tuple(could))}, depending on {', '.join(ev.missing)}."
        if excluded:
            why += f" ({ruled_out}.)"

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
    shown = facts_only if ev.contradiction else ev  # after a contradiction: what the facts leave open

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
        reason=reason,
        possible_ratings=tuple(r for r in shown.possible if r in RATING_LABELS),
        missing_facts=shown.missing if derived not in DETERMINED else (),
        facts=tuple(facts),
        citations=tuple(citations),
        rubric_basis=ind.rubric_basis,
        disagreement=disagreement,
        recommendation=ind.recommendation.strip() if rating != "yes" else None,
        notes=entry.notes.strip() if entry.notes else None,
        reported_source=reported.source if reported else None,
    )


def assess(checklist: Checklist, profile: Profile, indicators: tuple[str, ...] | None = None) -> Assessment:
    """Derive every indicator's rating for one profile (or only ``indicators``, in checklist order)."""
    chosen = [i for i in checklist.indicators if indicators is None or i.id in indicators]
    results = tuple(evaluate_indicator(ind, profile.indicators.get(ind.id), profile) for ind in chosen)
    c = profile.country
    return Assessment(
        country=CountryOut(c.slug, c.name, c.iso2, c.iso3),
        year=profile.year,
        as_of=profile.as_of,
        status=profile.status,
        checklist_version=checklist.version,
        results=results,
        summary=Summary.of(results),
        sources=profile.sources,
        profile=profile.file,
    )
