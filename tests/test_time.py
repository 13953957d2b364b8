"""Time done right (issue 11), on the real bundled data: each indicator carries its own latest
rating, "Partial or No" is shown as such, a new law counts as progress, scores show their coverage,
regional diffs carry years forward like the matrix, and a region names its indicators.

The six situations of the issue are the six ``test_situation_*`` tests; the rest pins the rules
behind them (what stops a carry-forward, what a bounded change is) on small synthetic profiles."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from legalcheck import Repository
from legalcheck.diff import direction

from .conftest import CONSULTATION_FOUR, ROOT, Cli, keep_indicators, profile

PLAIN = {"NO_COLOR": "1", "COLUMNS": "100"}


def _json(cli, *args):
    r = cli(*args, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def _result(data: dict, indicator: str) -> dict:
    return next(r for r in data["results"] if r["indicator"] == indicator)


# --------------------------------------------------------------------------- the six situations


def test_situation_1_the_latest_view_keeps_earlier_findings(cli, tmp_path):
    """The Philippines' 2024 profile (a GPI page on the age of consent) says nothing on grooming:
    the consultation's Yes of 2022 stands, marked as of 2022, in assess, gaps, the matrix and the API."""
    data = _json(cli, "assess", "philippines", "--year", "2024")
    grooming = _result(data, "grooming")
    assert (data["year"], data["profile_years"]) == (2024, [2022, 2024])
    assert (grooming["rating"], grooming["from_year"], grooming["from_profile"]) == ("yes", 2022, "countries/philippines/2022.yaml")
    assert "Carried forward from the 2022 profile" in grooming["carry_note"]
    age = _result(data, "age-of-consent")
    assert (age["from_year"], age["carry_note"]) == (2024, None)
    latest = _json(cli, "assess", "philippines")  # the latest profile (2026) does not assess grooming either
    assert (_result(latest, "grooming")["rating"], _result(latest, "grooming")["from_year"]) == ("yes", 2022)
    assert latest["profile_years"][0] == 2022 and latest["year"] > 2024
    table = cli("assess", "philippines", "--year", "2024", env=PLAIN).stdout
    assert "Draws on the profiles of 2022 and 2024" in table
    assert re.search(r"│ ● Yes +│.*\n│[^│]*│ · as of 2022 +│", table)  # "● Yes · as of 2022", on two lines
    # the same rule in the API, gaps and the matrix
    assert Repository().assess("philippines").result("grooming").from_year == 2022
    gaps = _json(cli, "gaps", "philippines")
    assert gaps["met"][0]["indicator"] == "grooming" and gaps["met"][0]["from_year"] == 2022
    asean = Repository().matrix("asean")
    ph = next(r for r in asean.rows if r.slug == "philippines")
    assert (ph.cell("grooming").rating, ph.cell("grooming").from_year) == ("yes", 2022)
    assert ph.year == latest["year"] and ph.profile_years[0] == 2022
    # Excel: the cell is marked and its note gives the year
    from openpyxl import load_workbook

    out = tmp_path / "asean.xlsx"
    assert cli("matrix", "asean", "--xlsx", str(out)).exit_code == 0
    ws = load_workbook(out)["Matrix"]
    ph = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Philippines")
    assert ph[4].value == "● Yes (reported)°" and "Yes (reported), as of 2022" in ph[4].comment.text
    assert "Carried forward from the 2022 profile" in ph[4].comment.text
    md = cli("matrix", "asean", "--format", "markdown").stdout
    assert f"| Philippines | {latest['year']} | ● Yes · as of 2022 |" in md
    # Nepal: the 2022 profile does not mention explicit_ict, so the diff does not call it unlearnt
    nepal = _json(cli, "diff", "nepal")
    assert not any(f["change"] == "no_longer_known" for i in nepal["indicators"] for f in i["fact_changes"])


@pytest.fixture
def reformed(tmp_path: Path) -> Path:
    """A copy of the bundled data where Nepal's next profile (started with new-year after its latest)
    records grooming facts from a new Act. The Act is a test fixture, not Nepal's law."""
    for part in ("checklist", "countries"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copy(ROOT / "regions.yaml", tmp_path / "regions.yaml")
    year = max(int(p.stem) for p in (tmp_path / "countries" / "nepal").glob("*.yaml")) + 1
    r = Cli(tmp_path)("new-year", "nepal", str(year), "--as-of", f"{year}-06-30")
    assert r.exit_code == 0, r.stderr
    path = tmp_path / "countries" / "nepal" / f"{year}.yaml"
    text = path.read_text(encoding="utf-8")
    if "\n  grooming:\n" in text:  # the copy records grooming: replace that entry
        start = text.index("\n  grooming:\n") + 1
        end = re.search(r"^  [a-z-]+:$", text[start + 12:], re.MULTILINE)
        text = text[:start] + text[start + 12 + end.start():] if end else text[:start]
    cite = ("{source: test-act, instrument: Test Fixture Act on Online Grooming, provision: 's. %s', year: " + str(year)
            + ", quote: 'test fixture'}")
    grooming = (
        "  grooming:\n    facts:\n"
        f"      criminalised: {{value: true, citation: {cite % '3'}}}\n"
        f"      requires_meeting_acts: {{value: false, citation: {cite % '3(2)'}}}\n"
        f"      explicit_ict: {{value: true, citation: {cite % '3(3)'}}}\n"
    )
    text = text.replace("\nindicators:\n", "\nindicators:\n" + grooming, 1)
    text = text.replace("sources:\n", "sources:\n  - {id: test-act, title: Test fixture act, url: https://example.org/act}\n", 1)
    path.write_text(text, encoding="utf-8")
    return tmp_path


def test_situation_2_a_recorded_law_reform_is_progress(reformed):
    """No (the consultation's rating, 2022, carried forward) -> Yes (derived from a newly cited Act in
    the next profile): improved, explained as a change of law, and --fail-on-regression stays quiet."""
    cli = Cli(reformed)
    d = _json(cli, "diff", "nepal")
    year = d["to_year"]
    g = next(i for i in d["indicators"] if i["indicator"] == "grooming")
    assert (g["old_rating"], g["old_from_year"], g["new_rating"], g["new_from_year"]) == ("no", 2022, "yes", year)
    assert (g["direction"], g["cause"]) == ("improved", "law_changed")
    assert g["new_instruments"] == [f"Test Fixture Act on Online Grooming ({year}), s. 3"]  # one Act, named once
    assert f"The law changed: newly cited: Test Fixture Act on Online Grooming ({year}), s. 3" in g["why"]
    assert d["directions"]["improved"] == 1 and d["directions"]["regressed"] == 0
    table = cli("diff", "nepal", env=PLAIN).stdout
    assert "↑ improved" in table and "The law changed" in " ".join(table.split())
    assert cli("diff", "nepal", "--fail-on-regression").exit_code == 0


def test_situation_3_partial_or_no_is_shown_as_such(cli, tmp_path):
    """The consultation: only Thailand, Cambodia and Viet Nam establish extraterritorial jurisdiction
    fully; the other six are Partial or No, in the matrix (terminal, JSON, Excel) and the summary."""
    from openpyxl import load_workbook

    from legalcheck.render.xlsx.colours import FILLS

    six = ["bangladesh", "india", "indonesia", "nepal", "philippines", "sri-lanka"]
    m = _json(cli, "matrix", "consultation-2022")
    etj = {row["slug"]: row["cells"][1]["rating"] for row in m["rows"]}
    assert {s for s, r in etj.items() if r == "partial_or_no"} == set(six)
    assert {s for s, r in etj.items() if r == "yes"} == {"cambodia", "thailand", "viet-nam"}
    totals = {t["indicator"]: t["counts"] for t in m["totals"]}
    assert (totals["extraterritorial-jurisdiction"]["partial_or_no"], totals["extradition"]["partial_or_no"],
            totals["double-criminality"]["partial_or_no"]) == (6, 9, 8)
    assert all(t["counts"]["not_assessed"] == 0 for t in m["totals"])
    out = tmp_path / "c.xlsx"
    assert cli("matrix", "consultation-2022", "--xlsx", str(out)).exit_code == 0
    ws = load_workbook(out)["Matrix"]
    india = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "India")
    assert india[5].value.startswith("◔ Partial or No") and india[5].fill.fgColor.rgb == FILLS["partial_or_no"]
    text = " ".join(cli("summary", "consultation-2022", env=PLAIN).stdout.split())
    assert ("the other 6 are Partial or No (Bangladesh, India, Indonesia, Nepal, the Philippines and Sri Lanka); "
            "ECPAT International’s “Strengthening Responses to Sexual Exploitation of Children in Asia” "
            "does not say which.") in text
    assert "not yet assessed" not in text


def test_situation_4_scores_show_their_coverage(cli):
    """Bhutan in 2024 (the situation of the issue): its one rated indicator of 14 gives no score; the
    reason says so in JSON; sorting by score never puts it first; Malaysia's diff headline says what
    each side rests on."""
    m = _json(cli, "matrix", "saievac", "--year", "2024")
    bhutan = next(r for r in m["rows"] if r["slug"] == "bhutan")
    assert (bhutan["summary"]["score"], bhutan["summary"]["rated"], bhutan["summary"]["total"]) == (None, 1, 14)
    assert bhutan["summary"]["score_withheld"] == "1 of 14 rated; a score needs at least 7"
    assert m["min_rated"] == 7
    # asked for a lower bar, the score is given, with what it rests on
    low = Repository().matrix("saievac", year=2024, min_rated=1)
    b = next(r for r in low.rows if r.slug == "bhutan")
    assert (b.summary.score, b.summary.coverage_text()) == (100.0, "100 over 1 of 14")
    ranked = Repository().matrix("saievac", year=2024, min_rated=1, sort="score")
    assert ranked.rows[0].summary.score == 100.0  # with the bar at 1, Bhutan's 100 ranks first
    ranked = Repository().matrix("saievac", year=2024, sort="score")
    assert ranked.rows[0].slug != "bhutan" or all(r.summary.score is None for r in ranked.rows if r.summary)
    withheld = [r.summary.score is None for r in ranked.rows if r.summary]
    assert withheld == sorted(withheld)  # every score before every withheld one
    d = _json(cli, "diff", "malaysia", "2022", "2023")
    assert (d["old_summary"]["score"], d["new_summary"]["score"], d["score_change"]) == (None, None, None)
    out = " ".join(cli("diff", "malaysia", "2022", "2023", env=PLAIN).stdout.split())
    # 2022 keeps the 2019 background-checks rating; 2023 adds live-streaming and sexual extortion
    assert "Score (out of 100): –, 1 of 14 rated → –, 3 of 14 rated" in out


def test_situation_5_regional_diff_carries_years_forward_like_the_matrix(cli):
    """SAIEVAC 2020 -> 2022: Sri Lanka's 2019 profile is carried to 2020, as the matrix does."""
    d = _json(cli, "diff", "--region", "saievac", "2020", "2022")
    status = {c["slug"]: c["status"] for c in d["countries"]}
    assert status["sri-lanka"] == "compared" and status["nepal"] == "compared"
    assert status["bangladesh"] == "no_profile_from"  # its first profile is 2022
    lk = next(c for c in d["countries"] if c["slug"] == "sri-lanka")["diff"]
    assert (lk["from_year"], lk["from_profile_years"]) == (2020, [2019])
    # the regional counts for each year are exactly the matrix's for that year
    for year, side in ((2020, "old_counts"), (2022, "new_counts")):
        m = Repository().matrix("saievac", year=year)
        totals = {t.indicator: t.counts for t in m.totals}
        # the loop below compares every indicator the matrix totals, not some or none of them
        assert sorted(ic["indicator"] for ic in d["indicators"]) == sorted(totals)
        for ic in d["indicators"]:
            assert ic[side] == totals[ic["indicator"]], (year, ic["indicator"])
    r = Repository().region_diff(2020, 2022, region="saievac")
    assert r.regressions == ()


def test_situation_6_the_consultation_matrix_shows_its_four_indicators(cli):
    m = _json(cli, "matrix", "consultation-2022")
    assert [i["id"] for i in m["indicators"]] == list(CONSULTATION_FOUR)
    assert "the 4 of 14 indicators the region names" in m["indicator_choice"]
    every = _json(cli, "matrix", "consultation-2022", "--all-indicators")
    assert len(every["indicators"]) == 14
    s = _json(cli, "summary", "consultation-2022")
    assert [f["indicator"] for f in s["findings"]] == list(CONSULTATION_FOUR)
    assert len(_json(cli, "summary", "consultation-2022", "--all-indicators")["findings"]) == 14
    # other regions name none: every indicator
    assert len(_json(cli, "matrix", "saievac")["indicators"]) == 14
    r = cli("matrix", "consultation-2022", "--all-indicators", "--indicators", "grooming")
    assert r.exit_code == 2 and "not both" in r.stderr


# --------------------------------------------------------------------------- the rules behind them


@pytest.fixture
def four(repo):
    return keep_indicators(repo, CONSULTATION_FOUR)


def _cited(value, provision="s. 1", instrument="Penal Code"):
    return f"{{value: {value}, citation: {{source: src, instrument: {instrument}, provision: '{provision}', year: 2019}}}}"


PARTIAL_2020 = f"""
grooming:
  facts:
    criminalised: {_cited('true')}
    requires_meeting_acts: {_cited('false')}
    explicit_ict: {_cited('false')}
"""


def test_a_recorded_change_of_law_stops_the_carry_forward(four):
    profile(four, PARTIAL_2020, year=2020)
    profile(four, """
        grooming:
          law_changed: {source: src, instrument: Online Safety Act, year: 2024, locator: p. 3}
        """, year=2024)
    a = Repository(four).assess("testland")
    g = a.result("grooming")
    assert (g.rating, g.from_year) == ("not_assessed", 2024)
    assert "The law changed (Online Safety Act (2024))" in g.carry_note
    assert g.law_changed is not None and g.law_changed.instrument == "Online Safety Act"
    d = json.loads(Cli(four)("diff", "testland", "-f", "json").stdout)
    assert d["indicators"][0]["direction"] == "no_longer_assessed"  # not a regression


def test_a_change_of_law_needs_its_instrument(four):
    profile(four, "grooming:\n  law_changed: {source: src}\n")
    r = Cli(four)("validate")
    assert r.exit_code != 0
    assert "grooming.law_changed: name the instrument that changed the law" in r.stderr + r.stdout


def test_a_fact_recorded_with_another_value_stops_the_carry_forward(four):
    profile(four, PARTIAL_2020, year=2020)
    profile(four, f"grooming:\n  facts:\n    explicit_ict: {_cited('true', 's. 9')}\n", year=2024)
    g = Repository(four).assess("testland").result("grooming")
    assert (g.rating, g.from_year) == ("not_assessed", 2024)
    assert "records a different value for explicit_ict" in g.carry_note


def test_a_profile_silent_on_an_indicator_carries_the_earlier_one(four):
    profile(four, PARTIAL_2020, year=2020)
    profile(four, "extradition:\n  reported: {rating: 'no', source: src}\n", year=2024)
    a = Repository(four).assess("testland")
    assert (a.result("grooming").rating, a.result("grooming").from_year) == ("partial", 2020)
    assert (a.result("extradition").rating, a.result("extradition").from_year) == ("no", 2024)
    assert a.profile_years == (2020, 2024)
    # the 2020 view does not see 2024
    old = Repository(four).assess("testland", 2020)
    assert (old.result("extradition").rating, old.profile_years) == ("not_assessed", (2020,))


def test_a_later_bound_is_shown_and_names_the_earlier_rating(four):
    profile(four, PARTIAL_2020, year=2020)
    profile(four, 'grooming:\n  reported: {source: src, excludes: ["yes"]}\n', year=2024)
    g = Repository(four).assess("testland").result("grooming")
    assert (g.rating, g.from_year) == ("partial_or_no", 2024)
    assert "The 2020 profile rated it Partial, which this range allows" in g.carry_note
    d = json.loads(Cli(four)("diff", "testland", "-f", "json", "--fail-on-regression").stdout)
    assert d["indicators"][0]["direction"] == "widened"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("no", "partial_or_no", "widened"),  # not an improvement
    ("partial_or_no", "no", "narrowed"),  # not a regression
    ("yes", "partial_or_no", "regressed"),
    ("partial_or_no", "yes", "improved"),
    ("yes_or_partial", "partial_or_no", "shifted"),
])
def test_bounded_changes_follow_the_ordering(old, new, expected):
    assert direction(old, new) == expected


def test_fail_on_regression_ignores_narrowed_and_widened(four):
    profile(four, 'grooming:\n  reported: {source: src, excludes: ["yes"]}\n', year=2020)
    profile(four, f"grooming:\n  facts:\n    criminalised: {_cited('false')}\n", year=2024)
    r = Cli(four)("diff", "testland", "--fail-on-regression")
    assert r.exit_code == 0, r.stderr
    assert "⇥ narrowed" in r.stdout
