"""The exact three-valued logic (logic.py): conditions parsed from rule files, evaluated over known
and unknown facts, rubrics proved complete, and described in words."""

from __future__ import annotations

import itertools

import pytest

from legalcheck.data import load_indicator
from legalcheck.logic import (
    check_rubric,
    check_value,
    condition_data,
    describe,
    domain,
    evaluate,
    holds,
    normalise_value,
    outcome,
    parse_condition,
    referenced_facts,
)
from legalcheck.model import FactSpec

from .test_rubric_completeness import FIXTURE, NEW

FACTS = {
    "criminalised": FactSpec(id="criminalised", type="boolean", question="Is it a crime?"),
    "age": FactSpec(id="age", type="integer", question="What age?", min=10, max=21),
    "coverage": FactSpec(id="coverage", type="enum", question="How far?", values=("none", "some", "all")),
    "means": FactSpec(id="means", type="list", question="Which means?", values=("online", "offline")),
}


def test_a_condition_is_parsed_described_and_evaluated():
    cond, issues = parse_condition({"all": [{"fact": "criminalised", "is": True}, {"fact": "age", "gte": 16}]}, FACTS)
    assert issues == [] and cond is not None
    assert holds(cond, {"criminalised": True, "age": 16})
    assert not holds(cond, {"criminalised": True, "age": 15})
    assert describe(cond) == "criminalised is true AND age ≥ 16"
    assert condition_data(cond) == {"all": [{"fact": "criminalised", "is": True}, {"fact": "age", "gte": 16}]}


@pytest.mark.parametrize(("raw", "message"), [
    ({"fact": "criminalized", "is": True}, "did you mean 'criminalised'"),
    ({"fact": "coverage", "is": "most"}, "most"),
    ({"fact": "criminalised", "gte": 1}, "gte"),
])
def test_a_bad_condition_names_what_is_wrong(raw, message):
    cond, issues = parse_condition(raw, FACTS, ("rules", 0, "when"))
    assert issues and any(message in i.message for i in issues), issues
    assert all(i.path[:3] == ("rules", 0, "when") for i in issues)


def test_values_are_checked_against_their_fact_type():
    assert check_value(FACTS["age"], 16) is None
    assert check_value(FACTS["age"], 40) is not None
    assert check_value(FACTS["coverage"], "most") is not None
    assert check_value(FACTS["criminalised"], "yes") is not None
    # The messages name what is wrong, so an analyst can fix the value.
    assert "10..21" in check_value(FACTS["age"], 40)
    assert "none, some, all" in check_value(FACTS["coverage"], "most")
    assert "true or false" in check_value(FACTS["criminalised"], "yes")
    assert check_value(FACTS["coverage"], "some") is None
    assert check_value(FACTS["criminalised"], True) is None
    assert normalise_value(FACTS["means"], ["offline", "online"]) == normalise_value(FACTS["means"], ["online", "offline"])


def test_an_unknown_fact_that_cannot_change_the_rating_leaves_it_settled(checklist):
    ind = checklist.get("grooming")
    ev = evaluate(ind, {"criminalised": False})
    assert ev.determined == "no" and ev.missing == ()
    open_ = evaluate(ind, {})
    assert open_.determined is None and "criminalised" in open_.missing


@pytest.mark.parametrize("indicator_id", ["grooming", "extraterritorial-jurisdiction", "extradition", "double-criminality"])
def test_rubrics_are_complete(checklist, indicator_id):
    assert check_rubric(checklist.get(indicator_id)) == []


@pytest.mark.parametrize("indicator_id", ["grooming", "extraterritorial-jurisdiction", "extradition", "double-criminality"])
def test_three_valued_logic_is_sound_and_complete_for_every_partial_assignment(checklist, indicator_id):
    """For every way of knowing some facts: a determined rating is what every completion gives, and
    not-assessed happens only when two completions disagree."""
    ind = checklist.get(indicator_id)
    facts = referenced_facts(ind)
    unknown = object()
    for known_values in itertools.product(*[(unknown,) + domain(ind, f) for f in facts]):
        known = {f: v for f, v in zip(facts, known_values) if v is not unknown}
        ev = evaluate(ind, known)
        free = [f for f in facts if f not in known]
        ratings = set()
        for combo in itertools.product(*[domain(ind, f) for f in free]):
            full = known | dict(zip(free, combo))
            ratings.add(evaluate(ind, full).determined)
        if ev.determined is not None:
            assert ratings == {ev.determined}
        else:
            assert len(ratings) > 1
            # every fact named as missing really matters, and every unknown left out really does not
            assert set(ev.missing) <= set(free)


@pytest.mark.parametrize("indicator_id", ["grooming", "extraterritorial-jurisdiction", "extradition", "double-criminality"])
@pytest.mark.parametrize("excluded", [frozenset({"yes"}), frozenset({"no"}), frozenset({"yes", "partial"})])
def test_exclusion_is_exact_for_every_partial_assignment(checklist, indicator_id, excluded):
    """With ratings ruled out, a rating is determined exactly when every completion that gives a
    rating not ruled out gives that one; if none is left, the contradiction is reported."""
    ind = checklist.get(indicator_id)
    facts = referenced_facts(ind)
    unknown = object()
    for known_values in itertools.product(*[(unknown,) + domain(ind, f) for f in facts]):
        known = {f: v for f, v in zip(facts, known_values) if v is not unknown}
        free = [f for f in facts if f not in known]
        left = {evaluate(ind, known | dict(zip(free, combo))).determined
                for combo in itertools.product(*[domain(ind, f) for f in free])} - excluded
        ev = evaluate(ind, known, excluded)
        assert ev.contradiction == (not left)
        assert ev.determined == (next(iter(left)) if len(left) == 1 else None)


@pytest.mark.parametrize("indicator", NEW)
def test_every_combination_yields_exactly_one_rating(checklist, indicator):
    """Independently of check_rubric: enumerate every combination and count the ratings."""
    ind = checklist.get(indicator)
    refs = referenced_facts(ind)
    assert refs == ind.fact_ids()  # every declared fact is used by some rule
    for combo in itertools.product(*(domain(ind, f) for f in refs)):
        assert len(outcome(ind, dict(zip(refs, combo))).ratings) == 1, combo
    assert check_rubric(ind) == []


def test_incomplete_rule_file_is_reported_with_an_example():
    ind, problems = load_indicator(FIXTURE)
    assert ind is None
    messages = [p.message for p in problems]
    assert messages and all(m.startswith("rubric gap: no rule gives a rating when age=17, exemption=") for m in messages)
    assert all("consent-incomplete.yaml:" in str(p) for p in problems)  # file:line:col first


def test_a_fact_value_is_written_one_way_in_each_style():
    """One function writes a value for every output: as a rule writes it (rubric checks, conditions,
    a diff's reasons), as a table lists it, and as the HTML report answers a fact's question."""
    from legalcheck import Repository
    from legalcheck.model import value_words

    rule = next(r for r in Repository().checklist.get("age-of-consent").rules if r.id == "sixteen-with-exemption")
    exemption = next(c for c in rule.when.items if getattr(c, "fact", None) == "exemption")
    assert describe(rule.when) == "age is 16 AND exemption is one of [close_in_age, similar_age_defence]"
    assert value_words(exemption.value, "plain") == value_words(exemption.value, "reader") == "close_in_age, similar_age_defence"
    means = normalise_value(FACTS["means"], ["online", "offline"])  # a list fact as the engine holds it: a set
    assert value_words(means) == "[offline, online]"  # sorted: a set has no order of its own
    assert [value_words(v, s) for v in (True, None, [], 16) for s in ("rule", "plain", "reader")] == [
        "true", "true", "yes", "unknown", "unknown", "unknown", "[]", "(none)", "none", "16", "16", "16"]
