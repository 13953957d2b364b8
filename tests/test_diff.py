"""The diff core on synthetic two-year profiles: every direction, fact and citation changes, scores,
and regional counts. The profiles are assessed by the real engine with the real rules."""

from __future__ import annotations

import pytest

from legalcheck.data import list_countries, load_profile
from legalcheck.diff import (
    DIRECTIONS,
    country_diff,
    counts_text,
    direction,
    region_diff,
)
from legalcheck.engine import assess

from legalcheck.data import load_checklist

from .conftest import CONSULTATION_FOUR, keep_indicators, PROFILE_HEAD, profile



# These synthetic fixtures are built around the 2022 consultation's four indicators.
@pytest.fixture
def repo(repo):
    return keep_indicators(repo, CONSULTATION_FOUR)


@pytest.fixture
def checklist(repo):
    return load_checklist(repo)


def fact(value, provision="s. 1", instrument="Penal Code"):
    return f"{{value: {value}, citation: {{source: src, instrument: {instrument}, provision: '{provision}', year: 2019}}}}"


GROOMING_NO = f"""
    grooming:
      facts:
        criminalised: {fact('false')}
"""
GROOMING_YES = f"""
    grooming:
      facts:
        criminalised: {fact('true', 's. 5')}
        requires_meeting_acts: {fact('false', 's. 5(2)')}
        explicit_ict: {fact('true', 's. 5(3)')}
"""
GROOMING_PARTIAL_ICT = f"""
    grooming:
      facts:
        criminalised: {fact('true', 's. 5')}
        requires_meeting_acts: {fact('false', 's. 5(2)')}
        explicit_ict: {fact('false', 's. 5(3)')}
"""


def assess_years(repo, checklist, old_yaml, new_yaml, slug="testland", years=(2020, 2022)):
    head = PROFILE_HEAD.replace("Testland", slug.capitalize())
    profile(repo, old_yaml, slug=slug, year=years[0], head=head)
    profile(repo, new_yaml, slug=slug, year=years[1], head=head)
    entry = next(e for e in list_countries(repo) if e.slug == slug)
    # each year's profile alone, scored from one rated indicator: these tests are about directions
    return tuple(assess(checklist, load_profile(repo, entry, y, checklist), min_rated=1) for y in years)


def diff_of(repo, checklist, old_yaml, new_yaml):
    return country_diff(*assess_years(repo, checklist, old_yaml, new_yaml))


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("no", "partial", "improved"),
        ("partial", "yes", "improved"),
        ("no", "yes", "improved"),
        ("yes", "partial", "regressed"),
        ("partial", "no", "regressed"),
        ("yes", "no", "regressed"),
        ("partial", "partial", "unchanged"),
        ("not_assessed", "not_assessed", "unchanged"),
        ("not_assessed", "no", "newly_assessed"),
        ("no_data", "yes", "newly_assessed"),
        ("yes", "not_assessed", "no_longer_assessed"),
        ("no", "no_data", "no_longer_assessed"),
        ("not_assessed", "no_data", "status_changed"),
        ("no_data", "not_assessed", "status_changed"),
        # bounded ratings, by the ordering of the intervals they allow
        ("no", "partial_or_no", "widened"),
        ("partial_or_no", "no", "narrowed"),
        ("partial_or_no", "partial", "narrowed"),
        ("partial", "yes_or_partial", "widened"),
        ("partial_or_no", "yes", "improved"),
        ("no", "yes_or_partial", "improved"),
        ("partial_or_no", "yes_or_partial", "shifted"),
        ("yes_or_partial", "partial_or_no", "shifted"),
        ("yes", "partial_or_no", "regressed"),
        ("not_assessed", "partial_or_no", "newly_assessed"),
        ("yes_or_partial", "not_assessed", "no_longer_assessed"),
    ],
)
def test_direction_of_every_pair(old, new, expected):
    assert direction(old, new) == expected


def test_improved_lists_fact_and_citation_changes(repo, checklist):
    d = diff_of(repo, checklist, GROOMING_NO, GROOMING_YES)
    g = d.indicators[0]
    assert (g.indicator, g.old_rating, g.new_rating, g.direction) == ("grooming", "no", "yes", "improved")
    assert (g.old_criterion, g.new_criterion) == ("not-criminalised", "fully-criminalised")
    assert [(f.fact, f.change, f.old_value, f.new_value) for f in g.fact_changes] == [
        ("criminalised", "changed", False, True),
        ("requires_meeting_acts", "became_known", None, False),
        ("explicit_ict", "became_known", None, True),
    ]
    assert g.fact_changes[0].old_citation.provision == "s. 1"
    assert g.fact_changes[0].new_citation.provision == "s. 5"
    assert [(c.fact, c.provision) for c in g.citations_added] == [
        ("criminalised", "s. 5"), ("requires_meeting_acts", "s. 5(2)"), ("explicit_ict", "s. 5(3)")]
    assert [(c.fact, c.provision) for c in g.citations_removed] == [("criminalised", "s. 1")]
    assert g.changed
    # The other three indicators have no facts in either year: unchanged, nothing to report.
    assert [(x.direction, x.changed) for x in d.indicators[1:]] == [("unchanged", False)] * 3
    assert d.directions == {"regressed": 0, "improved": 1, "narrowed": 0, "widened": 0, "shifted": 0, "newly_assessed": 0,
                            "no_longer_assessed": 0, "status_changed": 0, "unchanged": 3}
    # a cited fact changed value and new provisions are cited: the law changed
    assert g.cause == "law_changed" and "The law changed: a cited fact changed (criminalised: false → true)" in g.why
    assert (d.old_summary.score, d.new_summary.score, d.score_change) == (0.0, 100.0, 100.0)
    assert "same, current rules (checklist version 2026.11)" in d.note
    assert (d.from_year, d.to_year, d.country.slug) == (2020, 2022, "testland")


def test_regressed(repo, checklist):
    d = diff_of(repo, checklist, GROOMING_YES, GROOMING_PARTIAL_ICT)
    g = d.indicators[0]
    assert (g.old_rating, g.new_rating, g.direction) == ("yes", "partial", "regressed")
    assert [(f.fact, f.change) for f in g.fact_changes] == [("explicit_ict", "changed")]
    assert [x.indicator for x in d.regressions] == ["grooming"]
    assert d.score_change == -50.0


def test_same_facts_new_citation_is_listed_but_unchanged(repo, checklist):
    moved = GROOMING_NO.replace("s. 1", "s. 12")
    g = diff_of(repo, checklist, GROOMING_NO, moved).indicators[0]
    assert (g.direction, g.fact_changes, g.changed) == ("unchanged", (), True)
    assert [c.provision for c in g.citations_added] == ["s. 12"]
    assert [c.provision for c in g.citations_removed] == ["s. 1"]


def test_identical_years_have_nothing_to_report(repo, checklist):
    d = diff_of(repo, checklist, GROOMING_YES, GROOMING_YES)
    assert not any(x.changed for x in d.indicators)
    assert d.directions["unchanged"] == 4 and d.score_change == 0.0


def test_newly_assessed_from_not_assessed(repo, checklist):
    d = diff_of(repo, checklist, "grooming: {}", GROOMING_NO)
    g = d.indicators[0]
    assert (g.old_rating, g.new_rating, g.direction) == ("not_assessed", "no", "newly_assessed")
    assert [(f.fact, f.change) for f in g.fact_changes] == [("criminalised", "became_known")]
    assert d.old_summary.score is None and d.new_summary.score == 0.0
    assert d.score_change is None  # nothing was rated before: no score change to state


def test_a_rating_that_changes_only_because_facts_became_known_is_improved_by_rereading(repo, checklist):
    # Before: only 'criminalised' known; the source's Partial is the rating. After: the other facts
    # became known and give Yes. Rated to rated is an improvement whatever the basis; no recorded
    # fact changed and no new law is cited, so the explanation says the same law was read more fully.
    reported = "\n      reported: {rating: partial, source: src}"
    old = f"""
    grooming:
      facts:
        criminalised: {fact('true', 's. 5')}{reported}
    """
    new = GROOMING_YES.rstrip() + reported
    g = diff_of(repo, checklist, old, new).indicators[0]
    assert (g.old_rating, g.old_basis, g.new_rating, g.new_basis) == ("partial", "reported", "yes", "derived")
    assert (g.direction, g.cause, g.new_instruments) == ("improved", "reread", ())
    assert "the same law was read more fully (facts became known (requires_meeting_acts, explicit_ict); " \
           "a reported rating was replaced by one derived from the cited facts)" in g.why


def test_a_source_reporting_a_better_rating_is_an_improvement(repo, checklist):
    old = "grooming:\n  reported: {rating: partial, source: src}"
    new = "grooming:\n  reported: {rating: 'yes', source: src}"
    g = diff_of(repo, checklist, old, new).indicators[0]
    assert (g.direction, g.old_reported, g.new_reported) == ("improved", "partial", "yes")
    assert g.fact_changes == ()


def test_no_longer_assessed_is_not_a_regression(repo, checklist):
    d = diff_of(repo, checklist, GROOMING_YES, "grooming: {}")
    g = d.indicators[0]
    assert (g.old_rating, g.new_rating, g.direction) == ("yes", "not_assessed", "no_longer_assessed")
    # the new profile does not mention the facts: it has not unlearnt them, so none is "no longer known"
    assert g.fact_changes == ()
    assert len(g.citations_removed) == 3 and g.citations_added == ()
    assert d.regressions == ()
    assert d.new_summary.score is None and d.score_change is None


def test_not_assessed_to_no_data_is_a_status_change(repo, checklist):
    d = diff_of(repo, checklist, "grooming: {}", "grooming:\n  reported: {rating: no_data, source: src}")
    g = d.indicators[0]
    assert (g.old_rating, g.new_rating, g.direction) == ("not_assessed", "no_data", "status_changed")
    assert "neither an improvement nor a regression" in g.why
    assert d.regressions == () and d.directions["status_changed"] == 1


def test_directions_are_counted_in_a_fixed_order(repo, checklist):
    d = diff_of(repo, checklist, GROOMING_NO, GROOMING_YES)
    assert tuple(d.directions) == DIRECTIONS


def test_cannot_compare_two_countries(repo, checklist):
    a, _ = assess_years(repo, checklist, GROOMING_NO, GROOMING_NO)
    b, _ = assess_years(repo, checklist, GROOMING_NO, GROOMING_NO, slug="otherland")
    with pytest.raises(ValueError):
        country_diff(a, b)


# --------------------------------------------------------------------------- regions


def test_regional_counts_then_and_now(repo, checklist):
    a_old, a_new = assess_years(repo, checklist, GROOMING_NO, GROOMING_YES, slug="aland")
    b_old, b_new = assess_years(repo, checklist, GROOMING_YES, GROOMING_PARTIAL_ICT, slug="bland")
    c_old, c_new = assess_years(repo, checklist, GROOMING_NO, GROOMING_NO, slug="cland")
    _, d_new = assess_years(repo, checklist, GROOMING_NO, "grooming: {}", slug="dland")
    r = region_diff("Testregion", checklist, 2020, 2022, [
        ("aland", a_old, a_new), ("bland", b_old, b_new), ("cland", c_old, c_new),
        ("dland", None, d_new), ("eland", None, None),
    ])
    assert [(c.slug, c.status, c.message) for c in r.countries] == [
        ("aland", "compared", None), ("bland", "compared", None), ("cland", "compared", None),
        ("dland", "no_profile_from", "no profile for 2020 or earlier"), ("eland", "no_profile", "no profile for 2022 or earlier"),
    ]
    g = r.indicators[0]
    assert g.indicator == "grooming"
    assert g.old_counts == {"yes": 1, "yes_or_partial": 0, "partial": 0, "partial_or_no": 0, "no": 2, "not_assessed": 0, "no_data": 0}
    assert g.new_counts == {"yes": 1, "yes_or_partial": 0, "partial": 1, "partial_or_no": 0, "no": 1, "not_assessed": 1, "no_data": 0}
    assert (g.old_no_profile, g.new_no_profile) == (2, 1)
    assert g.directions == {"regressed": 1, "improved": 1, "narrowed": 0, "widened": 0, "shifted": 0, "newly_assessed": 0,
                            "no_longer_assessed": 0, "status_changed": 0, "unchanged": 1}
    assert counts_text(g.old_counts, g.old_no_profile) == "1 yes, 2 no, 2 no profile"
    assert counts_text(g.new_counts, g.new_no_profile) == "1 yes, 1 partial, 1 no, 1 not assessed, 1 no profile"
    assert [(name, d.indicator) for name, d in r.regressions] == [("Bland", "grooming")]
    assert r.directions["unchanged"] == 3 * 4 - 2
    assert r.countries[4].name == "eland"  # no profile at all: named by its slug
    assert "same, current rules" in r.note


def test_a_country_s_part_worked_out_apart_gives_the_same_regional_diff(repo, checklist):
    """``region_member`` (what a forked child works out for each country of a regional diff, where
    it reads the profiles) gives ``region_diff`` the same diff as the country's two assessments."""
    import pickle

    from legalcheck.diff import RegionMember, region_member

    a_old, a_new = assess_years(repo, checklist, GROOMING_NO, GROOMING_YES, slug="aland")
    _, d_new = assess_years(repo, checklist, GROOMING_NO, "grooming: {}", slug="dland")
    members = [("aland", a_old, a_new), ("dland", None, d_new), ("eland", None, None)]
    names = {"eland": "Eland (from the regions file)"}
    parts = [pickle.loads(pickle.dumps(region_member(*m, 2020, 2022, names))) for m in members]  # as sent back
    assert all(isinstance(p, RegionMember) for p in parts)
    assert parts[0].old_rated["grooming"] == "no" and parts[0].new_rated["grooming"] == "yes"
    assert parts[1].old_rated is None and parts[2].new_rated is None
    whole = region_diff("Testregion", checklist, 2020, 2022, members, names)
    assert region_diff("Testregion", checklist, 2020, 2022, parts) == whole
    assert region_diff("Testregion", checklist, 2020, 2022, [parts[0], members[1], parts[2]], names) == whole
    assert whole.countries[2].name == "Eland (from the regions file)"


def test_counts_text_when_nothing_is_counted():
    assert counts_text({"yes": 0}, 0) == "none"


def test_regional_diff_with_no_profiles_at_all(checklist):
    r = region_diff(None, checklist, 2020, 2022, [("aland", None, None)])
    assert [c.status for c in r.countries] == ["no_profile"]
    assert [i.indicator for i in r.indicators] == list(checklist.ids())
    assert r.indicators[0].old_no_profile == 1 and sum(r.indicators[0].old_counts.values()) == 0
    assert r.checklist_version == checklist.version


def test_a_change_in_what_a_source_rules_out_is_shown_as_the_cause(repo, checklist):
    from legalcheck.render.text import what_changed

    d = diff_of(repo, checklist,
                'grooming:\n  reported: {source: src, excludes: ["yes", "no"]}',
                'grooming:\n  reported: {source: src, excludes: ["yes", "partial"]}')
    g = d.indicators[0]
    assert (g.old_rating, g.new_rating, g.direction) == ("partial", "no", "regressed")
    assert (g.old_excluded, g.new_excluded, g.changed) == (("yes", "no"), ("yes", "partial"), True)
    assert "source rules out: Yes, No → Yes, Partial" in what_changed(g)
