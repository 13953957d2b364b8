"""The engine's exact three-valued logic, on the real rules."""

from __future__ import annotations

import pytest

from legalcheck.data import list_countries, load_profile
from legalcheck.engine import assess
from legalcheck.result import Summary

from .conftest import profile


def _assess(repo, checklist, indicators_yaml):
    profile(repo, indicators_yaml)
    entry = list_countries(repo)[0]
    return assess(checklist, load_profile(repo, entry, 2024, checklist))


def cited(value):
    return f"{{value: {value}, citation: {{source: src}}}}"


def test_known_false_decides_no_whatever_the_unknowns(repo, checklist):
    a = _assess(repo, checklist, f"""
        grooming:
          facts:
            criminalised: {cited('false')}
    """)
    r = a.result("grooming")
    assert (r.rating, r.basis, r.criterion) == ("no", "derived", "not-criminalised")
    assert r.missing_facts == ()
    assert "requires_meeting_acts" in r.reason  # named as unknown but not needed


def test_undecided_lists_exactly_the_facts_that_matter(repo, checklist):
    a = _assess(repo, checklist, f"""
        grooming:
          facts:
            explicit_ict: {cited('false')}
    """)
    r = a.result("grooming")
    # Not criminalised -> No; criminalised but not via ICT -> Partial. requires_meeting_acts cannot change that.
    assert (r.rating, r.derived_rating, r.basis) == ("partial_or_no", "partial_or_no", "derived")
    assert set(r.possible_ratings) == {"partial", "no"}
    assert r.missing_facts == ("criminalised",)


def test_all_facts_known_gives_yes(repo, checklist):
    a = _assess(repo, checklist, f"""
        grooming:
          facts:
            criminalised: {cited('true')}
            requires_meeting_acts: {cited('false')}
            explicit_ict: {cited('true')}
    """)
    r = a.result("grooming")
    assert (r.rating, r.criterion, r.recommendation) == ("yes", "fully-criminalised", None)


def test_partial_decided_by_one_known_fact(repo, checklist):
    a = _assess(repo, checklist, f"""
        grooming:
          facts:
            criminalised: {cited('true')}
            requires_meeting_acts: {cited('true')}
    """)
    r = a.result("grooming")
    assert (r.rating, r.criterion) == ("partial", "meeting-required")
    assert r.recommendation  # a gap carries the recommended intervention


def test_reported_rating_used_only_when_facts_do_not_decide(repo, checklist):
    a = _assess(repo, checklist, """
        grooming:
          reported: {rating: partial, source: src}
    """)
    r = a.result("grooming")
    assert (r.rating, r.basis, r.reported_rating) == ("partial", "reported", "partial")


def test_reported_rating_that_disagrees_with_derived_is_flagged(repo, checklist):
    a = _assess(repo, checklist, f"""
        grooming:
          facts:
            criminalised: {cited('false')}
          reported: {{rating: "yes", source: src}}
    """)
    r = a.result("grooming")
    assert (r.rating, r.basis) == ("no", "derived")
    assert r.disagreement and "Yes" in r.disagreement
    assert a.summary.disagreements == 1


def test_reported_rating_ruled_out_by_partial_facts_is_flagged(repo, checklist):
    a = _assess(repo, checklist, f"""
        grooming:
          facts:
            explicit_ict: {cited('false')}
          reported: {{rating: "yes", source: src}}
    """)
    r = a.result("grooming")
    assert r.rating == "yes" and r.basis == "reported"
    assert r.disagreement and "rule that out" in r.disagreement


def test_no_data_and_not_assessed_stay_distinct(repo, checklist):
    a = _assess(repo, checklist, """
        extradition:
          reported: {rating: no_data, source: src, note: The regulation could not be found.}
    """)
    assert a.result("extradition").rating == "no_data"
    assert a.result("grooming").rating == "not_assessed"  # not in the profile at all
    assert a.summary.counts["no_data"] == 1
    assert a.summary.score is None  # nothing rated: no score rather than 0


def test_score_leaves_unrated_out_of_the_denominator(repo, checklist):
    a = _assess(repo, checklist, f"""
        grooming:
          facts:
            criminalised: {cited('true')}
            requires_meeting_acts: {cited('true')}
        double-criminality:
          facts:
            required_for_jurisdiction: {cited('true')}
            required_for_extradition: {cited('true')}
    """)
    s = a.summary
    assert (s.counts["partial"], s.counts["no"], s.rated, s.total) == (1, 1, 2, len(checklist.indicators))
    # 2 of 14 rated is below the default coverage (half): the score is withheld, with the reason
    assert (s.score, s.min_rated) == (None, 7)
    assert s.score_withheld == "2 of 14 rated; a score needs at least 7"
    assert s.coverage_text() == "–, 2 of 14 rated"
    # asked to score from 2 rated indicators, it is (Yes + Partial/2) / rated over those two only
    s2 = Summary.of(a.results, min_rated=2)
    assert (s2.score, s2.score_withheld, s2.coverage_text()) == (25.0, None, "25 over 2 of 14")


def test_results_do_not_share_state_with_the_rules(checklist):
    """Assessing twice gives equal results and leaves the checklist untouched (rules and results apart)."""
    from .conftest import ROOT

    entry = next(e for e in list_countries(ROOT) if e.slug == "sri-lanka")
    before = repr(checklist)
    a1 = assess(checklist, load_profile(ROOT, entry, 2022, checklist))
    a2 = assess(checklist, load_profile(ROOT, entry, 2022, checklist))
    assert a1 == a2
    assert repr(checklist) == before


# ---- a source that rules ratings out ("only Nepal ..." rules out Yes for the others)


def test_excluded_rating_narrows_what_the_facts_leave(repo, checklist):
    a = _assess(repo, checklist, f"""
        extraterritorial-jurisdiction:
          facts:
            active: {cited('true')}
            all_offences: {cited('true')}
          reported: {{excludes: ["yes"], source: src, locator: WG2}}
    """)
    r = a.result("extraterritorial-jurisdiction")
    # The facts alone leave Yes or Partial; with Yes ruled out, exactly Partial, by elimination. It
    # rests on the source's statement as well as the facts, so it is not labelled 'derived'.
    assert (r.rating, r.basis, r.derived_rating, r.reported_rating) == ("partial", "reported", "partial", None)
    assert r.excluded_ratings == ("yes",)
    assert r.possible_ratings == ("partial",)
    assert "rules out Yes (WG2), which leaves Partial" in r.reason
    assert r.criterion is None  # no single rule decided it


def test_exclusion_alone_leaves_the_rest_open(repo, checklist):
    a = _assess(repo, checklist, """
        extradition:
          reported: {excludes: ["yes"], source: src}
    """)
    r = a.result("extradition")
    # narrowed by the source, not settled: "Partial or No", resting on the source
    assert (r.rating, r.basis, r.possible_ratings) == ("partial_or_no", "reported", ("partial", "no"))
    assert "rules out Yes: it is Partial or No" in r.reason
    assert r.missing_facts  # still says what to establish


def test_exclusion_that_contradicts_the_facts_is_flagged_and_the_facts_win(repo, checklist):
    a = _assess(repo, checklist, f"""
        grooming:
          facts:
            criminalised: {cited('true')}
            requires_meeting_acts: {cited('false')}
            explicit_ict: {cited('true')}
          reported: {{excludes: ["yes"], source: src}}
    """)
    r = a.result("grooming")
    assert (r.rating, r.basis) == ("yes", "derived")
    assert r.disagreement and "rules out Yes" in r.disagreement


@pytest.mark.parametrize("reported, message", [
    ('{rating: "no", excludes: ["yes"], source: src}', "not both or neither"),
    ("{source: src}", "not both or neither"),
    ('{excludes: ["yes", "partial", "no"], source: src}', "leave at least one"),
])
def test_reported_needs_a_rating_or_exclusions(repo, reported, message):
    from legalcheck.validation import validate_repository

    profile(repo, f"grooming:\n  reported: {reported}\n")
    problems = [str(p) for p in validate_repository(repo)[0]]
    assert len(problems) == 1 and message in problems[0] and ":13:" in problems[0], problems


def test_a_rating_settled_only_by_exclusions_is_not_presented_as_from_the_facts(repo, checklist):
    a = _assess(repo, checklist, """
        grooming:
          reported: {source: src, excludes: ["yes", "partial"]}
    """)
    r = a.result("grooming")
    assert (r.rating, r.basis) == ("no", "reported")
    assert "No facts are recorded; [src] rules out Yes and Partial, which leaves No." in r.reason
    assert "not needed" not in r.reason  # the unknowns are not irrelevant: the source decided it
    assert (a.summary.derived, a.summary.reported) == (0, 1)


def test_the_rubrics_own_not_settled_outcome_is_no_disagreement(repo, checklist):
    a = _assess(repo, checklist, f"""
        age-of-consent:
          facts:
            age: {cited('17')}
          reported: {{rating: partial, source: src}}
    """)
    r = a.result("age-of-consent")
    assert (r.rating, r.basis, r.disagreement) == ("partial", "reported", None)
    assert a.summary.disagreements == 0


def test_a_contradicted_exclusion_keeps_what_the_facts_leave_open(repo, checklist):
    a = _assess(repo, checklist, f"""
        grooming:
          facts:
            criminalised: {cited('true')}
          reported: {{source: src, excludes: ["yes", "partial"]}}
    """)
    r = a.result("grooming")
    assert r.disagreement and "rules out Yes and Partial" in r.disagreement
    assert r.possible_ratings == ("yes", "partial")
    assert set(r.missing_facts) == {"requires_meeting_acts", "explicit_ict"}
