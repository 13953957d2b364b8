"""The diffs of the real multi-year profiles, pinned: Nepal 2020 -> 2022, Malaysia before and after
its 2023 amendments, Sri Lanka 2019 -> 2022, Indonesia and Viet Nam 2020 -> 2022, Viet Nam 2022 -> 2026, the Philippines
2022 -> 2024. Each expectation was checked against the profiles' sources by hand.

A year's profile holds only what that year's sources say, so an indicator a later source does not
address is "no longer assessed": that is not a regression, and nothing here counts as one."""

from __future__ import annotations

import json

import pytest


def changed(cli, country, *years):
    r = cli("diff", country, *years, "--format", "json")
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    rows = {
        i["indicator"]: (i["old_rating"], i["new_rating"], i["direction"],
                         tuple((f["fact"], f["change"], f["old_value"], f["new_value"]) for f in i["fact_changes"]))
        for i in d["indicators"] if i["changed"]
    }
    return d, rows


def test_nepal_2020_to_2022(cli):
    d, rows = changed(cli, "nepal", "2020", "2022")
    assert (d["from_year"], d["to_year"]) == (2020, 2022)
    assert rows == {
        # 2020: no law on *online* grooming (open between Partial and No); 2022: the consultation's No,
        # a rating without the facts behind it.
        "grooming": ("not_assessed", "no", "newly_assessed", (("explicit_ict", "no_longer_known", False, None),)),
        # 2022: the consultation rules out Yes (only the source's citation is new; still Partial or No).
        "extraterritorial-jurisdiction": ("not_assessed", "not_assessed", "unchanged", ()),
        "extradition": ("not_assessed", "not_assessed", "unchanged", ()),
        # 2022: the consultation's two facts, no rating: still open (Yes or Partial).
        "double-criminality": ("not_assessed", "not_assessed", "unchanged",
                               (("required_for_jurisdiction", "became_known", None, False),
                                ("required_for_extradition", "became_known", None, False))),
        # 2020: the briefing rules out Yes (no law names them); the 2022 sources say nothing on them.
        "live-streaming": ("not_assessed", "not_assessed", "unchanged", ()),
        "sexual-extortion": ("not_assessed", "not_assessed", "unchanged", ()),
    }
    grooming = next(i for i in d["indicators"] if i["indicator"] == "grooming")
    assert (grooming["old_reported"], grooming["new_reported"], grooming["new_basis"]) == (None, "no", "reported")
    assert d["directions"]["regressed"] == 0 and d["directions"]["improved"] == 0


def test_malaysia_before_and_after_the_2023_amendments(cli):
    d, rows = changed(cli, "malaysia", "2022", "2023")
    assert (d["from_year"], d["to_year"]) == (2022, 2023)
    assert rows == {
        "live-streaming": ("not_assessed", "yes", "newly_assessed", (("coverage", "became_known", None, "explicit"),)),
        "sexual-extortion": ("not_assessed", "yes", "newly_assessed", (("coverage", "became_known", None, "explicit"),)),
    }
    lst = next(i for i in d["indicators"] if i["indicator"] == "live-streaming")
    # The source names the two amended Acts without saying which creates the offence.
    assert [c["instrument"] for c in lst["citations_added"]] == [
        "Amendments to the Sexual Offences Against Children Act 2017 and the Evidence of Child Witness Act 2007 "
        "(provision not stated)"]
    assert [c["year"] for c in lst["citations_added"]] == [None]
    assert d["score_change"] is None  # nothing was rated in 2022


def test_sri_lanka_2019_to_2022(cli):
    d, rows = changed(cli, "sri-lanka")
    assert (d["from_year"], d["to_year"]) == (2019, 2022)
    assert rows == {
        # 2022: the consultation's own No, beside ECPAT Sri Lanka's s. 360E "Solicit to groom a child"
        # (1995), which the tool flags as a disagreement.
        "grooming": ("not_assessed", "no", "newly_assessed", (("criminalised", "became_known", None, True),)),
        # 2019: the CRC Committee's facts give Partial; 2022: the consultation only rules out Yes.
        "extraterritorial-jurisdiction": ("partial", "not_assessed", "no_longer_assessed",
                                          (("active", "no_longer_known", True, None),
                                           ("active_covers_residents", "no_longer_known", False, None))),
        "extradition": ("not_assessed", "not_assessed", "unchanged", ()),
        "double-criminality": ("not_assessed", "not_assessed", "unchanged", ()),
        # 2019: the CRC Committee notes the Trafficking Protocol ratification; the 2022 sources are silent.
        "national-commitments": ("not_assessed", "not_assessed", "unchanged",
                                 (("trafficking_protocol", "no_longer_known", True, None),)),
    }
    assert d["directions"]["regressed"] == 0


def test_indonesia_2020_to_2022(cli):
    d, rows = changed(cli, "indonesia", "2020", "2022")
    assert (d["from_year"], d["to_year"]) == (2020, 2022)
    assert rows == {
        "grooming": ("not_assessed", "no", "newly_assessed", ()),  # the consultation's own No
        # The consultation states none of the 2020 page's facts; it only rules out Yes.
        "extraterritorial-jurisdiction": ("not_assessed", "not_assessed", "unchanged",
                                          (("active", "no_longer_known", True, None),
                                           ("all_offences", "no_longer_known", True, None))),
        "extradition": ("not_assessed", "not_assessed", "unchanged", (("all_offences", "no_longer_known", False, None),)),
        "double-criminality": ("no", "not_assessed", "no_longer_assessed",
                               (("required_for_jurisdiction", "no_longer_known", True, None),
                                ("required_for_extradition", "no_longer_known", True, None))),
        "age-of-consent": ("no", "not_assessed", "no_longer_assessed", (("age", "no_longer_known", 15, None),)),
        "csam-definition": ("yes", "not_assessed", "no_longer_assessed",
                            tuple((f, "no_longer_known", True, None) for f in ("defined", "visual", "audio", "written", "apparent_children"))),
    }
    assert d["directions"]["regressed"] == 0 and d["directions"]["improved"] == 0


def test_viet_nam_2020_to_2022(cli):
    d, rows = changed(cli, "viet-nam", "2020", "2022")
    assert (d["from_year"], d["to_year"]) == (2020, 2022)
    assert rows == {
        "grooming": ("not_assessed", "no", "newly_assessed", ()),
        "extraterritorial-jurisdiction": ("not_assessed", "yes", "newly_assessed", (("all_offences", "became_known", None, True),)),
        "extradition": ("not_assessed", "not_assessed", "unchanged", ()),
        "double-criminality": ("not_assessed", "not_assessed", "unchanged", ()),
        "age-of-consent": ("no", "not_assessed", "no_longer_assessed", (("age", "no_longer_known", 13, None),)),
    }


def test_viet_nam_2022_to_2026(cli):
    # The two latest years by default. 2026 holds NCMEC's legal summary and treaty facts read in
    # December 2026; the consultation's findings are not repeated there, so they are no longer
    # assessed (not a regression).
    d, rows = changed(cli, "viet-nam")
    assert (d["from_year"], d["to_year"]) == (2022, 2026)
    assert rows == {
        "grooming": ("no", "not_assessed", "no_longer_assessed", ()),
        "extraterritorial-jurisdiction": ("yes", "not_assessed", "no_longer_assessed", (("all_offences", "no_longer_known", True, None),)),
        "extradition": ("not_assessed", "not_assessed", "unchanged", ()),
        "double-criminality": ("not_assessed", "not_assessed", "unchanged", ()),
        "csam-definition": ("not_assessed", "no", "newly_assessed", (("defined", "became_known", None, False),)),
        # Buying sex from anyone under 18 is an offence (art. 329); pornography offences stop at 16.
        "child-definition": ("not_assessed", "partial", "newly_assessed", (("under_18_offences", "became_known", None, "some"),)),
        "sexual-extortion": ("not_assessed", "partial", "newly_assessed", (("coverage", "became_known", None, "general_only"),)),
        # CRC, OPSC, C182 and the ASEAN trafficking convention: ratified, so Partial or Yes (the others unknown).
        "national-commitments": ("not_assessed", "not_assessed", "unchanged",
                                 tuple((f, "became_known", None, True) for f in ("crc", "opsc", "ilo_c182", "regional"))),
    }
    assert d["directions"]["regressed"] == 0


def test_philippines_2022_to_2024(cli):
    d, rows = changed(cli, "philippines", "2022", "2024")
    assert (d["from_year"], d["to_year"]) == (2022, 2024)
    assert rows == {
        # The 2024-era GPI page read says nothing on grooming: no longer assessed, not a regression.
        "grooming": ("yes", "not_assessed", "no_longer_assessed", (("criminalised", "no_longer_known", True, None),)),
        "extraterritorial-jurisdiction": ("not_assessed", "not_assessed", "unchanged", ()),
        "extradition": ("not_assessed", "not_assessed", "unchanged", ()),
        "double-criminality": ("not_assessed", "not_assessed", "unchanged", ()),
        # ECPAT's own No stands beside the facts of Republic Act No. 11648 (2022): age 16 with a
        # close-in-age exemption, which this rubric rates Partial; the tool flags the disagreement.
        "age-of-consent": ("not_assessed", "partial", "newly_assessed",
                           (("age", "became_known", None, 16), ("exemption", "became_known", None, "close_in_age"))),
    }
    age = next(i for i in d["indicators"] if i["indicator"] == "age-of-consent")
    assert age["new_reported"] == "no"
    assert d["directions"]["regressed"] == 0


@pytest.mark.parametrize("country", ["nepal", "malaysia", "sri-lanka", "indonesia", "viet-nam", "philippines"])
def test_no_regression_means_exit_zero_with_fail_on_regression(cli, country):
    assert cli("diff", country, "--fail-on-regression").exit_code == 0


@pytest.mark.parametrize("country", ["nepal", "sri-lanka", "indonesia", "viet-nam", "philippines", "malaysia"])
def test_diff_fits_80_columns_without_cropping_what_changed(cli, country):
    out = cli("diff", country, env={"NO_COLOR": "1", "COLUMNS": "80"}).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.startswith("┃ Indicator"))
    assert "What changed" in header  # not cropped to "Wha"
    assert "? NA = Not assessed" in out  # the short rating words are spelled out
