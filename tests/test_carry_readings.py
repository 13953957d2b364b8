"""Carrying an earlier finding forward where sources disagree about a fact (``other_readings``): the
search stops at a later profile that gives the fact a value the earlier one does not record, be it
the later profile's own value or another source's, whichever of them the profile lists first; and
the note says whether the law changed (no value in common) or a source now disagrees."""

from __future__ import annotations

import pytest

from legalcheck.data import list_countries, load_checklist, load_profile
from legalcheck.engine import assess_over_years

from .conftest import PROFILE_HEAD, profile

OTHER_SOURCE = "  - id: other\n    title: Another test source\n    url: https://example.org/other\n"
HEAD = PROFILE_HEAD.replace("indicators:\n", OTHER_SOURCE + "indicators:\n")


def _age(value, *others, exemption=None):
    """The age-of-consent indicator with the age (and other sources' ages), and the exemption if given."""
    text = (f"age-of-consent:\n  facts:\n    age:\n      value: {value}\n"
            f"      citation: {{source: src, instrument: Penal Code, quote: \"age {value}\"}}\n")
    if others:
        text += "      other_readings:\n" + "".join(
            f"        - {{value: {v}, citation: {{source: other, instrument: Penal Code, quote: \"age {v}\"}}}}\n"
            for v in others)
    if exemption:
        text += (f"    exemption:\n      value: {exemption}\n"
                 f"      citation: {{source: src, instrument: Penal Code, quote: \"{exemption}\"}}\n")
    return text


def _result_2022(repo, old_yaml, new_yaml):
    """The age-of-consent result as of 2022 (profiles for 2020 and 2022), and each profile's own."""
    for year, text in ((2020, old_yaml), (2022, new_yaml)):
        profile(repo, text, year=year, head=HEAD)
    checklist = load_checklist(repo)
    entry = list_countries(repo)[0]
    profiles = [load_profile(repo, entry, y, checklist) for y in (2020, 2022)]
    carried = assess_over_years(checklist, profiles).result("age-of-consent")
    own = [assess_over_years(checklist, [p]).result("age-of-consent") for p in profiles]
    return carried, own


@pytest.mark.parametrize("newer", [_age(16, 18), _age(18, 16)], ids=["own value new", "other source's value new"])
def test_a_later_source_s_new_value_stops_the_carry_whichever_is_listed_first(repo, newer):
    # 2020: 18 with a close-in-age exemption (Yes). 2022: one source 18, another 16, exemption not
    # recorded: not settled on its own. The 16 is not what 2020 recorded: Yes is not carried to 2022.
    carried, (old, new) = _result_2022(repo, _age(18, exemption="close_in_age"), newer)
    assert old.rating == "yes" and new.rating == "not_assessed"
    assert carried.rating == "not_assessed" and carried.from_year == 2022
    assert "sources disagree" in carried.carry_note and "the law changed" not in carried.carry_note
    assert "2022 profile's sources give a value for age that the 2020 profile does not" in carried.carry_note


def test_a_value_the_earlier_sources_gave_does_not_stop_it(repo):
    # 2020: sources gave 16 and 18, with a close-in-age exemption (Yes or Partial). 2022 records 18
    # alone and no exemption, which does not settle it: nothing the 2020 sources did not say, so
    # 2020's finding is carried (the range both readings allowed then).
    carried, (old, new) = _result_2022(repo, _age(16, 18, exemption="close_in_age"), _age(18))
    assert new.rating == "not_assessed" and old.rating == "yes_or_partial"
    assert carried.rating == old.rating and carried.from_year == 2020
    assert "Carried forward from the 2020 profile" in carried.carry_note


def test_no_value_in_common_is_a_change_of_law(repo):
    # 2022: 17 by one source, 19 by another (neither is rated by the rubric): no value 2020 gave
    carried, (old, new) = _result_2022(repo, _age(18, exemption="close_in_age"), _age(17, 19))
    assert old.rating == "yes" and new.rating == "not_assessed" and carried.from_year == 2022
    assert "records a different value for age than the 2020 profile (the law changed)" in carried.carry_note


def test_without_readings_a_different_value_is_still_a_change_of_law(repo):
    carried, (old, _) = _result_2022(repo, _age(18, exemption="close_in_age"), _age(17))
    assert old.rating == "yes" and carried.from_year == 2022
    assert "(the law changed)" in carried.carry_note


def test_a_change_of_law_and_a_new_reading_in_one_profile_are_each_named(repo):
    # 2020: 15, no exemption (No). 2022: one source 17, another 15 (a reading added: the sources
    # disagree), and a close-in-age exemption where 2020 recorded none (no value in common: the law
    # changed). The note says which is which, not "the sources disagree" for both.
    carried, (old, new) = _result_2022(repo, _age(15, exemption="none"), _age(17, 15, exemption="close_in_age"))
    assert old.rating == "no" and new.rating == "not_assessed" and carried.from_year == 2022
    note = carried.carry_note
    assert "records a different value for exemption than the 2020 profile (the law changed)" in note
    assert "sources give a value for age that the 2020 profile does not (the sources disagree)" in note
    assert "for age, exemption" not in note
