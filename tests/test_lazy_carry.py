"""The carry-forward search evaluates profiles lazily, newest first, only as far as it needs
(``engine.effective_result``). These tests hold it to the exhaustive algorithm it replaced, which
evaluated every profile up to the year for every indicator and then searched: same results, field
for field, on every bundled country and year and on generated multi-year profiles that hit every
stop (a change of law, a differing fact, a bounded rating looking one further back)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

import pytest

from legalcheck import Repository, engine
from legalcheck.data import list_countries, load_profile
from legalcheck.model import (
    BOUNDED,
    INTERVALS,
    Citation,
    Country,
    FactEntry,
    Indicator,
    IndicatorEntry,
    Profile,
    Reported,
    Source,
    rating_label,
)
from legalcheck.result import IndicatorResult

from .conftest import ROOT

# --------------------------------------------------------------------------- the exhaustive original


def _latest_assessing(results, after=None):
    newer = [after] if after is not None else []
    for i, r in enumerate(results):
        changed = [(n, found) for n in newer if (found := engine._conflicts(n, r))]
        if changed:
            n, found = changed[-1]
            return None, engine._stopped(n, r, found)
        if any(n.law_changed is not None for n in newer):
            return None, None
        if r.law_changed is not None and not engine._assesses(r):
            return None, (f"The law changed ({r.law_changed.law()}), and the change is not yet assessed: "
                          "findings of earlier profiles are not carried forward.")
        if engine._assesses(r):
            return (i, r), None
        newer.append(r)
    return None, None


def exhaustive_effective_result(ind: Indicator, profiles: Sequence[Profile]) -> IndicatorResult:
    """``effective_result`` as it was: every profile evaluated first."""
    results = [engine.evaluate_indicator(ind, p.indicators.get(ind.id), p) for p in profiles]
    chosen, note = _latest_assessing(results)
    if chosen is None:
        return results[0] if note is None else dataclasses.replace(results[0], carry_note=note)
    i, r = chosen
    if r.rating in BOUNDED:
        earlier, _ = _latest_assessing(results[i + 1:], after=r)
        if earlier is not None and earlier[1].rating in INTERVALS and earlier[1].rating != r.rating:
            o = earlier[1]
            (a, b), (c, d) = INTERVALS[r.rating], INTERVALS[o.rating]
            fits = ("which this range allows" if a <= c and d <= b else
                    "which this range rules out" if d < a or c > b else "which overlaps this range")
            note = ((note + " ") if note else "") + (
                f"The {o.from_year} profile rated it {rating_label(o.rating)}, {fits}; the latest profile that "
                f"assesses it ({r.from_year}) is the one shown.")
    if i == 0:
        return r if note is None else dataclasses.replace(r, carry_note=note)
    newer = results[:i]
    unsettled = [n.from_year for n in newer if any(f.recorded for f in n.facts)]
    note = ((note + " ") if note else "") + (f"Carried forward from the {r.from_year} profile: "
            f"{'the ' + str(newer[0].from_year) + ' profile does' if len(newer) == 1 else 'later profiles do'}"
            " not assess this indicator.")
    if unsettled:
        note += (f" (The {' and '.join(str(y) for y in unsettled)} profile{'s' if len(unsettled) > 1 else ''}"
                 f" record{'' if len(unsettled) > 1 else 's'} facts that do not settle it on their own.)")
    return dataclasses.replace(r, carry_note=note)


class _Counter:
    def __init__(self, monkeypatch):
        self.calls = 0
        real = engine.evaluate_indicator

        def counted(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(engine, "evaluate_indicator", counted)


# --------------------------------------------------------------------------- bundled data


def test_lazy_equals_exhaustive_on_every_bundled_country_and_year(checklist, monkeypatch):
    counter = _Counter(monkeypatch)
    lazy_calls = exhaustive_calls = compared = 0
    for entry in list_countries(ROOT):
        profiles = [load_profile(ROOT, entry, y, checklist) for y in entry.years]
        for year in entry.years:
            usable = sorted((p for p in profiles if p.year <= year), key=lambda p: p.year, reverse=True)
            for ind in checklist.indicators:
                counter.calls = 0
                lazy = engine.effective_result(ind, usable)
                lazy_calls += counter.calls
                counter.calls = 0
                assert lazy == exhaustive_effective_result(ind, usable), (entry.slug, year, ind.id)
                exhaustive_calls += counter.calls
                compared += 1
    assert compared > 100
    assert exhaustive_calls == sum(len([y for y in e.years if y <= year]) for e in list_countries(ROOT)
                                   for year in e.years) * len(checklist.indicators)
    assert lazy_calls < exhaustive_calls  # the bundled data has countries with several profiles
    # the counter saw the lazy search too (every indicator of every year evaluated at least once),
    # so "fewer" above is measured, not a search that went round the counter
    assert lazy_calls >= compared


def test_assessments_over_years_unchanged_on_bundled_data(checklist):
    """The whole assessment (sources gathered from the profiles the results come from, years drawn
    on) is the same as one built from exhaustively searched results."""
    repo = Repository()
    for entry in list_countries(ROOT):
        profiles = [load_profile(ROOT, entry, y, checklist) for y in entry.years]
        for year in entry.years:
            usable = sorted((p for p in profiles if p.year <= year), key=lambda p: p.year, reverse=True)
            got = repo.assess(entry.slug, year)
            want = tuple(exhaustive_effective_result(ind, usable) for ind in checklist.indicators)
            assert got.results == want, (entry.slug, year)
        # every year from one reading of the profiles, each profile's results shared between years
        assert repo.history(entry.slug) == [repo.assess(entry.slug, y) for y in entry.years]
        if len(entry.years) >= 2:
            from legalcheck.diff import country_diff

            assert repo.diff(entry.slug, entry.years[0]) == country_diff(repo.assess(entry.slug, entry.years[0]),
                                                                         repo.assess(entry.slug))


# --------------------------------------------------------------------------- generated data


def _citation(rng: random.Random, sources: list[str]) -> Citation:
    return Citation(source=rng.choice(sources), instrument=rng.choice([None, "Act A", "Act B"]),
                    provision=rng.choice([None, "s. 1", "s. 2"]), year=rng.choice([None, 2001, 2019]),
                    quote=rng.choice([None, "a  quoted\nline"]))


def _value(spec, rng: random.Random):
    if spec.type == "boolean":
        return rng.random() < 0.5
    if spec.type == "enum":
        return rng.choice(spec.values)
    if spec.type == "integer":
        return rng.choice([spec.min, spec.max, (spec.min + spec.max) // 2])
    return sorted(rng.sample(list(spec.values), rng.randint(0, min(3, len(spec.values)))))


def _entry(ind: Indicator, rng: random.Random, sources: list[str], previous: IndicatorEntry | None) -> IndicatorEntry | None:
    roll = rng.random()
    if roll < 0.2:
        return None  # the profile does not mention the indicator
    if previous is not None and roll < 0.45:
        return previous  # the same finding again: the search goes on past it
    facts = {}
    for fid, spec in ind.facts.items():
        r = rng.random()
        if r < 0.4:
            continue
        if r < 0.55:
            facts[fid] = FactEntry(None, _citation(rng, sources) if rng.random() < 0.5 else None)
        elif previous is not None and fid in previous.facts and r < 0.8:
            facts[fid] = previous.facts[fid]  # the same value as the year before
        else:
            facts[fid] = FactEntry(_value(spec, rng), _citation(rng, sources), rng.choice([None, "a note"]))
    reported = None
    r = rng.random()
    if r < 0.2:
        reported = Reported(rng.choice(sources), rating=rng.choice(["yes", "partial", "no", "not_assessed", "no_data"]),
                            locator=rng.choice([None, "p. 3"]), note=rng.choice([None, " said so "]))
    elif r < 0.45:
        reported = Reported(rng.choice(sources), excludes=tuple(rng.sample(["yes", "partial", "no"], rng.randint(1, 2))),
                            locator=rng.choice([None, "p. 4"]))
    law = Citation(rng.choice(sources), instrument="Amending Act", year=2023) if rng.random() < 0.12 else None
    return IndicatorEntry(facts, reported, rng.choice([None, "notes"]), law)


def _profiles(checklist, seed: int, years: int) -> list[Profile]:
    rng = random.Random(seed)
    country = Country("Genland", "GL", "GLD", slug="genland")
    out: list[Profile] = []
    previous: dict[str, IndicatorEntry] = {}
    for k in range(years):
        year = 2018 + k
        ids = [f"s{year}", "common"]
        sources = tuple(Source(i, f"Source {i}", url="https://example.org/" + i) for i in ids)
        indicators = {}
        for ind in checklist.indicators:
            e = _entry(ind, rng, list(ids), previous.get(ind.id))
            if e is not None:
                indicators[ind.id] = e
                previous[ind.id] = e
        out.append(Profile(country, year, f"{year}-06-30", sources, indicators, file=f"genland/{year}.yaml"))
    return out


@pytest.mark.parametrize("seed", range(60))
def test_lazy_equals_exhaustive_on_generated_profiles(checklist, seed):
    profiles = _profiles(checklist, seed, years=1 + seed % 6)
    newest_first = profiles[::-1]
    for start in range(len(newest_first)):  # each year in turn, over its profiles up to then
        usable = newest_first[start:]
        for ind in checklist.indicators:
            assert engine.effective_result(ind, usable) == exhaustive_effective_result(ind, usable), (seed, start, ind.id)


def test_generated_profiles_reach_every_stop(checklist):
    """The generated data is worth comparing on: it carries findings forward, stops at changes of
    law and differing facts, and bounds ratings that look one further back."""
    notes = []
    for seed in range(60):
        newest_first = _profiles(checklist, seed, years=1 + seed % 6)[::-1]
        notes += [engine.effective_result(ind, newest_first).carry_note or "" for ind in checklist.indicators]
    for phrase in ("Carried forward from", "(the law changed)", "the change is not yet assessed",
                   "is the one shown", "record facts that do not settle it"):
        assert any(phrase in n for n in notes), phrase


def test_report_reads_each_profile_once_and_matches_each_profile_alone(checklist, monkeypatch):
    """The shared report's histories come from the same reading of a country's profiles as its
    matrix row: every profile year is still assessed alone, exactly as ``profile_assessment`` does."""
    import legalcheck.data as data

    repo = Repository()
    loads: list[tuple[str, int]] = []
    real = data.load_profile

    def counted(root, entry, year, cl):
        loads.append((entry.slug, year))
        return real(root, entry, year, cl)

    monkeypatch.setattr(data, "load_profile", counted)
    report = repo.report()
    assert sorted(loads) == sorted(set(loads))  # no profile read twice
    # and every profile of every country in the report read once (not none, through another path)
    assert sorted(loads) == sorted((c.slug, y) for c in report.countries for y in repo.country(c.slug).years)
    monkeypatch.setattr(data, "load_profile", real)
    assert len(report.countries) >= 5
    for c in report.countries:
        entry = repo.country(c.slug)
        assert c.history == tuple(repo.profile_assessment(c.slug, y) for y in entry.years), c.slug
        assert c.current == repo.profile_assessment(c.slug, c.current.year)


def test_remembered_evaluations_tell_equal_values_of_different_types_apart():
    """``logic.evaluate`` remembers evaluations by the known facts: True == 1 in Python, but a rule
    ``is: 1`` does not hold for True, so the two must not share an entry."""
    from legalcheck import logic
    from legalcheck.model import FactSpec, Rubric, Rule, SourceRef

    facts = {"n": FactSpec("integer", "?", min=0, max=3, id="n")}
    rules = []
    for rid, rating, raw in (("one", "yes", {"fact": "n", "is": 1}), ("other", "no", {"not": {"fact": "n", "is": 1}})):
        cond, issues = logic.parse_condition(raw, facts)
        assert not issues
        rules.append(Rule(rid, rating, "criterion", when=cond))
    ind = Indicator("t", "T", "T", "?", "derived", "generated", Rubric("y", "p", "n"), facts, tuple(rules),
                    "recommendation", (SourceRef("generated"),))
    assert logic.evaluate(ind, {"n": 1}).determined == "yes"
    assert logic.evaluate(ind, {"n": True}).determined == "no"
    assert logic.evaluate(ind, {"n": 1}).determined == "yes"
    assert logic.evaluate(ind, {}).possible == ("yes", "no")
    assert logic.evaluate(ind, {}, frozenset({"yes"})).determined == "no"  # the exclusion is part of the key
