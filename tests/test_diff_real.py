"""The diffs of the real multi-year profiles, pinned: Nepal 2020 -> 2022, Malaysia before and after
its 2023 amendments, Sri Lanka 2019 -> 2022. Each expectation was checked against the profiles'
sources by hand."""

from __future__ import annotations

import json

import pytest


def changed(cli, country):
    r = cli("diff", country, "--format", "json")
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    rows = {
        i["indicator"]: (i["old_rating"], i["new_rating"], i["direction"],
                         tuple((f["fact"], f["change"], f["old_value"], f["new_value"]) for f in i["fact_changes"]))
        for i in d["indicators"] if i["changed"]
    }
    return d, rows


def test_nepal_2020_to_2022(cli):
    d, rows = changed(cli, "nepal")
    assert (d["from_year"], d["to_year"]) == (2020, 2022)
    assert rows == {
        # 2020: no law on *online* grooming (open between Partial and No); 2022: no provision at all.
        "grooming": ("not_assessed", "no", "newly_assessed",
                     (("criminalised", "became_known", None, False), ("explicit_ict", "no_longer_known", False, None))),
        "double-criminality": ("not_assessed", "yes", "newly_assessed",
                               (("required_for_jurisdiction", "became_known", None, False),
                                ("required_for_extradition", "became_known", None, False))),
        # The 2022 sources say nothing on these: no longer assessed, which is not a regression.
        "live-streaming": ("no", "not_assessed", "no_longer_assessed", (("coverage", "no_longer_known", "none", None),)),
        "sexual-extortion": ("no", "not_assessed", "no_longer_assessed", (("coverage", "no_longer_known", "none", None),)),
    }
    assert d["directions"]["regressed"] == 0 and d["directions"]["improved"] == 0


def test_malaysia_before_and_after_the_2023_amendments(cli):
    d, rows = changed(cli, "malaysia")
    assert (d["from_year"], d["to_year"]) == (2022, 2023)
    assert rows == {
        "live-streaming": ("not_assessed", "yes", "newly_assessed", (("coverage", "became_known", None, "explicit"),)),
        "sexual-extortion": ("not_assessed", "yes", "newly_assessed", (("coverage", "became_known", None, "explicit"),)),
    }
    lst = next(i for i in d["indicators"] if i["indicator"] == "live-streaming")
    assert [c["instrument"] for c in lst["citations_added"]] == ["Sexual Offences Against Children Act 2017, as amended"]
    assert d["score_change"] is None  # nothing was rated in 2022


def test_sri_lanka_2019_to_2022(cli):
    d, rows = changed(cli, "sri-lanka")
    assert (d["from_year"], d["to_year"]) == (2019, 2022)
    assert rows == {"grooming": ("not_assessed", "no", "newly_assessed", (("criminalised", "became_known", None, False),))}
    etj = next(i for i in d["indicators"] if i["indicator"] == "extraterritorial-jurisdiction")
    assert (etj["old_rating"], etj["new_rating"], etj["direction"]) == ("partial", "partial", "unchanged")


@pytest.mark.parametrize("country", ["nepal", "malaysia", "sri-lanka"])
def test_no_regression_means_exit_zero_with_fail_on_regression(cli, country):
    assert cli("diff", country, "--fail-on-regression").exit_code == 0
