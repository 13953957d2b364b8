"""Rubric completeness: every bundled indicator gives exactly one rating for every combination of
fact values, a deliberately incomplete rule file is caught with an example, and age-of-consent
says "not assessed" (with the reason) where ECPAT's observed pattern is silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from legalcheck.engine import evaluate_indicator

from .conftest import profile

FIXTURE = Path(__file__).parent / "fixtures" / "checklist" / "consent-incomplete.yaml"

NEW = ["statute-of-limitations", "offender-travel-restrictions", "child-definition", "age-of-consent",
       "csam-definition", "live-streaming", "sexual-extortion", "background-checks",
       "travel-tourism-standards", "national-commitments"]


def test_at_least_fourteen_indicators_each_with_source_and_basis(checklist):
    assert len(checklist.indicators) >= 14
    assert set(NEW) <= set(checklist.ids())
    for ind in checklist.indicators:
        assert ind.sources and ind.rubric_basis in ("published", "derived") and ind.basis_note.strip()
        assert ind.recommendation.strip()
    # Checklist point numbers only where the recovered checklist text gives them (points 1-6).
    points = {i.id: i.point for i in checklist.indicators if i.point is not None}
    assert points == {"extraterritorial-jurisdiction": 1, "extradition": 2, "double-criminality": 3,
                      "statute-of-limitations": 4, "offender-travel-restrictions": 5, "child-definition": 6}


def test_validate_cli_on_the_incomplete_rule_file_alone(cli):
    r = cli("validate", str(FIXTURE))
    assert r.exit_code == 4
    assert r.stdout == ""
    assert "rubric gap: no rule gives a rating when age=17, exemption=close_in_age" in r.stderr
    r = cli("validate", str(FIXTURE), "--format", "json")
    gaps = [p for p in json.loads(r.stdout)["problems"] if "rubric gap" in p["message"]]
    assert gaps and gaps[0]["field"] == "rules"


def _consent(repo, checklist, age, exemption):
    from legalcheck.data import read_profile

    facts = ""
    if age is not None:
        facts += f"\n        age: {{value: {age}, citation: {{source: src}}}}"
    if exemption is not None:
        facts += f"\n        exemption: {{value: {exemption}, citation: {{source: src}}}}"
    path = profile(repo, f"age-of-consent:\n  facts:{facts}\n")
    prof, problems = read_profile(path, checklist)
    assert not problems, problems
    return evaluate_indicator(checklist.get("age-of-consent"), prof.indicators["age-of-consent"], prof)


@pytest.mark.parametrize(("age", "exemption", "rating", "criterion"), [
    (18, "close_in_age", "yes", "eighteen-close-in-age"),
    (16, "close_in_age", "partial", "sixteen-with-exemption"),
    (16, "similar_age_defence", "partial", "sixteen-with-exemption"),
    (16, "none", "no", "sixteen-no-exemption"),
    (15, "close_in_age", "no", "under-16"),
    (13, "none", "no", "under-16"),
    (17, "close_in_age", "not_assessed", "outside-pattern"),
    (18, "none", "not_assessed", "outside-pattern"),
    (18, "similar_age_defence", "not_assessed", "outside-pattern"),
    (19, "close_in_age", "not_assessed", "outside-pattern"),
])
def test_age_of_consent_follows_the_observed_pattern_only(repo, checklist, age, exemption, rating, criterion):
    r = _consent(repo, checklist, age, exemption)
    assert (r.rating, r.criterion) == (rating, criterion)
    if rating == "not_assessed":
        assert "does not cover this combination" in r.reason
        assert r.missing_facts == ()  # nothing is missing: the rubric itself is silent


def test_age_of_consent_under_16_needs_no_exemption_fact(repo, checklist):
    r = _consent(repo, checklist, 14, None)
    assert (r.rating, r.criterion) == ("no", "under-16")


def test_age_of_consent_exemption_alone_does_not_settle_it(repo, checklist):
    r = _consent(repo, checklist, None, "none")
    assert r.rating == "not_assessed"
    assert r.missing_facts == ("age",)
    assert set(r.possible_ratings) == {"no", "not_assessed"}
