"""The nine 2022 profiles, assessed with the bundled rules, reproduce the 2022 consultation's
published findings (seed 002): all 36 ratings are asserted one by one."""

from __future__ import annotations

import pytest

from legalcheck import Repository

from .conftest import ROOT

NINE = ["bangladesh", "cambodia", "india", "indonesia", "nepal", "philippines", "sri-lanka", "thailand", "viet-nam"]

# grooming: "only the Philippines criminalises grooming, while Bangladesh does it partially"
GROOMING = {c: "no" for c in NINE} | {"philippines": "yes", "bangladesh": "partial"}
# extraterritorial jurisdiction: only Thailand, Cambodia and Viet Nam meet OPSC art. 4 for all SEC offences
ETJ_YES = {"thailand", "cambodia", "viet-nam"}
# double criminality: "Only Nepal does NOT require the principle of double criminality for proceeding
# with extraterritorial jurisdiction or extradition" -- the two facts, with no rating and nothing on
# whether the waiver covers every SEC offence.
DC_NOT_REQUIRED = {"nepal"}


@pytest.fixture(scope="module")
def assessments(checklist):
    return {c: Repository(ROOT).assess(c, 2022) for c in NINE}


@pytest.mark.parametrize("country", NINE)
def test_grooming(assessments, country):
    assert assessments[country].result("grooming").rating == GROOMING[country]


@pytest.mark.parametrize("country", NINE)
def test_extraterritorial_jurisdiction(assessments, country):
    rating = assessments[country].result("extraterritorial-jurisdiction").rating
    if country in ETJ_YES:
        assert rating == "yes"
    else:
        assert rating != "yes"


@pytest.mark.parametrize("country", NINE)
def test_extradition_none_yes(assessments, country):
    assert assessments[country].result("extradition").rating != "yes"


@pytest.mark.parametrize("country", NINE)
def test_double_criminality(assessments, country):
    r = assessments[country].result("double-criminality")
    assert r.rating != "yes"
    if country in DC_NOT_REQUIRED:
        # Neither route requires it: Yes or Partial by the rubric (all offences unknown), never No.
        assert r.rating == "yes_or_partial" and r.reported_rating is None  # a range, never "not assessed"
        assert set(r.possible_ratings) == {"yes", "partial"}
        assert "waiver_covers_all_offences" in r.missing_facts
    else:
        assert "yes" not in r.possible_ratings


def test_unknown_is_never_shown_as_no(assessments):
    """Nothing in the sources says which limits apply to extradition: the consultation rules out Yes
    for all nine and no more, so each is exactly "Partial or No", never No."""
    for country in NINE:
        r = assessments[country].result("extradition")
        assert (r.rating, r.basis, r.excluded_ratings) == ("partial_or_no", "reported", ("yes",))
        assert r.missing_facts  # the facts still needed are named


def test_sri_lanka_partial_is_derived_from_cited_facts(checklist):
    # The cited Penal Code facts are the UN CRC Committee's of 2019: they live in the 2019 profile.
    r = Repository(ROOT).assess("sri-lanka", 2019).result("extraterritorial-jurisdiction")
    assert (r.rating, r.basis, r.criterion) == ("partial", "derived", "residents-not-covered")
    assert any(c.provision == "s. 2(2)" and c.instrument == "Penal Code" for c in r.citations)


def test_consultation_rules_out_yes_without_choosing_partial_or_no(assessments):
    """'Only Thailand, Cambodia and Viet Nam ...' rules Yes out for Sri Lanka's 2022 ETJ; with no
    2022 facts, Partial and No both stay possible and the output says which source ruled Yes out."""
    r = assessments["sri-lanka"].result("extraterritorial-jurisdiction")
    assert (r.rating, r.possible_ratings, r.excluded_ratings) == ("partial_or_no", ("partial", "no"), ("yes",))
    assert "[consultation-2022] rules out Yes" in r.reason
    assert not any(c.source == "crc-opsc-lka-2019" for c in r.citations)


def test_reported_ratings_are_marked_reported(assessments):
    r = assessments["philippines"].result("grooming")
    assert (r.rating, r.basis, r.derived_rating) == ("yes", "reported", "not_assessed")
    assert set(r.possible_ratings) == {"yes", "partial"}
    assert r.disagreement is None
    assert any(c.provision == "s. 4(h)" for c in r.citations)


@pytest.mark.parametrize("indicator, yes_countries", [
    ("extraterritorial-jurisdiction", ETJ_YES),
    ("extradition", set()),
    ("double-criminality", DC_NOT_REQUIRED),
])
def test_where_the_consultation_rules_out_yes_no_cell_offers_it(assessments, indicator, yes_countries):
    """Seed 002 says who meets these points; for every other country Yes is not even possible."""
    for country in set(NINE) - yes_countries:
        r = assessments[country].result(indicator)
        assert "yes" not in r.possible_ratings and r.rating != "yes", (country, r.possible_ratings)


# The consultation's findings, verbatim (Working Group 1 and 2, regional overviews and the statement
# after the extraterritorial jurisdiction indicator table): every reported rating quotes one of them.
FINDINGS = {
    "grooming": "out of 9 analysed countries in Southeast Asia: Cambodia, Indonesia, Thailand, Philippines and "
                "Vietnam, and in South Asia: Bangladesh, India, Nepal and Sri Lanka only the Philippines "
                "criminalises grooming, while Bangladesh does it partially",
    "extraterritorial-jurisdiction": "out of 9 analysed countries in Southeast Asia: Cambodia, Indonesia, Thailand, "
                "Philippines and Vietnam, and in South Asia: Bangladesh, India, Nepal and Sri Lanka only Thailand, "
                "Cambodia and Vietnam establish by law extra-territorial jurisdiction within the parameters of "
                "Article 4 OPSC",
    "extradition": "None of the above analysed countries fully include in extradition treaties the sexual "
                   "exploitation of children as extraditable offences and apply when appropriate the rules of "
                   "article 5 OPSC, regardless the nationality of the (alleged) offender.",
    "double-criminality": "Only Nepal does NOT require the principle of double criminality for proceeding with "
                          "extraterritorial jurisdiction or extradition for sexual offences against children.",
}


@pytest.mark.parametrize("country", NINE)
def test_every_reported_consultation_rating_quotes_the_finding(assessments, country):
    """Before: Bangladesh, India, Nepal and Sri Lanka's reported ratings had no quote, so the evidence
    showed the consultation's rating with nothing from the consultation to back it."""
    a = assessments[country]
    for indicator, finding in FINDINGS.items():
        r = a.result(indicator)
        if r.reported_source != "consultation-2022":
            continue
        backing = [c for c in r.citations if c.source == "consultation-2022" and c.fact is None]
        assert backing, (country, indicator)
        for c in backing:
            assert c.quote and c.quote in finding, (country, indicator, c.quote)
