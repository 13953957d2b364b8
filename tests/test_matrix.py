"""Regions, the regional matrix (terminal, JSON, CSV, Markdown) and the regional summary."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legalcheck.regions import load_regions
from legalcheck.validation import validate_repository

from .conftest import CONSULTATION_FOUR, ROOT, Cli, keep_indicators, profile, write

NINE = ["bangladesh", "cambodia", "india", "indonesia", "nepal", "philippines", "sri-lanka", "thailand", "viet-nam"]
NO_COLOR = {"NO_COLOR": "1", "COLUMNS": "80"}
WIDE = {"NO_COLOR": "1", "COLUMNS": "100"}  # wide enough for countries as rows with carried-forward marks

REGIONS = """
countries:
  testland: {name: Testland, iso3: TLD}
  otherland: {name: Otherland, iso3: OTL, definite_article: true}
regions:
  - id: test-region
    name: Test region
    aliases: [tr]
    members: [testland, otherland]
"""


@pytest.fixture
def nine(tmp_path):
    """A temporary repository with the bundled (14-indicator) checklist, the regions, and only the
    nine countries of the 2022 consultation: other region members have no profile there."""
    shutil.copytree(ROOT / "checklist", tmp_path / "checklist")
    for slug in NINE:
        shutil.copytree(ROOT / "countries" / slug, tmp_path / "countries" / slug)
    shutil.copy(ROOT / "regions.yaml", tmp_path / "regions.yaml")
    return tmp_path


# The synthetic fixtures are built around the 2022 consultation's four indicators; tests on the
# bundled data name those four explicitly where they assert a four-column layout.
FOUR = ["--indicators", ",".join(CONSULTATION_FOUR)]


@pytest.fixture
def repo(repo):
    return keep_indicators(repo, CONSULTATION_FOUR)


def problems(repo):
    return [str(p) for p in validate_repository(repo)[0]]


# --------------------------------------------------------------------------- regions


def test_east_asia_pacific_region_adds_korea_and_australia(cli):
    """regions/east-asia-pacific.yaml: ASEAN plus the two countries whose grooming law the 2022
    consultation reports; both are open between Partial and Yes (no provision or meeting rule given)."""
    regs = load_regions(ROOT)
    eap = regs.find("EAP")
    assert eap.id == "east-asia-pacific"
    assert list(eap.members[:11]) == list(regs.find("asean").members)
    assert list(eap.members[11:]) == ["republic-of-korea", "australia"]
    assert regs.countries["republic-of-korea"].in_sentence() == "the Republic of Korea"
    rows = {r["slug"]: r for r in json.loads(cli("matrix", "east-asia-pacific", "-f", "json").stdout)["rows"]}
    for slug in ("republic-of-korea", "australia"):
        grooming = next(c for c in rows[slug]["cells"] if c["indicator"] == "grooming")
        assert (rows[slug]["year"], grooming["rating"]) == (2022, "yes_or_partial")  # a range, not unassessed
        assert "Yes or Partial" in grooming["reason"]
        assert grooming["citations"] and grooming["citations"][0]["source"] == "consultation-2022"


def test_matrix_needs_a_region_or_countries(cli):
    r = cli("matrix")
    assert r.exit_code == 2
    assert "name a region" in r.stderr


# --------------------------------------------------------------------------- the terminal table


def _grid(out: str) -> dict[str, str]:
    """Country name -> its line in the matrix."""
    return {line.split("  ")[0].strip(): line[len(line.split("  ")[0]):] for line in out.splitlines()
            if re.match(r"^[A-Z][a-z]", line)}


def test_consultation_matrix_in_80_columns_without_colour(cli):
    r = cli("matrix", "consultation-2022", *FOUR, env=NO_COLOR)
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    header = next(line for line in out.splitlines() if line.startswith("Country"))
    assert header.split() == ["Country", "Year", "Grooming", "Extraterr.", "Extradition", "Double", "crim.", "Score", "Rated"]
    rows = _grid(out)
    assert rows["Philippines"].split()[:3] == ["2022", "●", "Yes"]  # symbol and word
    assert "◐ Part" in rows["Bangladesh"]
    # Nepal: grooming No (reported); double criminality open between Yes and Partial.
    # ETJ and extradition: the consultation rules out Yes; one rated indicator of four: no score.
    assert rows["Nepal"].split() == ["2022", "○", "No", "◔", "P/N", "◔", "P/N", "◕", "Y/P", "—", "1/4"]
    # Sri Lanka 2022: the consultation only rules out Yes for ETJ (the CRC's Partial is the 2019 profile's).
    assert rows["Sri Lanka"].split()[:5] == ["2022", "○", "No!", "◔", "P/N"]  # ! the source and a fact disagree
    totals = {line.split()[1]: line.split()[2:] for line in out.splitlines() if line[:1] in "●◕◐◔○?" and line[1:2] == " " and line.split()[2].isdigit()}
    assert totals == {"Yes": ["1", "3", "0", "0"], "Y/P": ["0", "0", "0", "1"], "Part": ["1", "0", "0", "0"],
                      "P/N": ["0", "6", "9", "8"], "No": ["7", "0", "0", "0"], "NYA": ["0", "0", "0", "0"]}
    assert "? NYA = Not yet assessed" in out
    assert "Extraterr.    Extraterritorial jurisdiction over sexual exploitation of" in out
    assert "Laws may have changed since the as-of dates (2022-04-19)" in out


def test_fourteen_indicators_transpose_to_stay_in_80_columns(nine):
    from legalcheck.data import load_checklist

    shorts = [re.escape(i.short) for i in load_checklist(nine).indicators]
    assert len(shorts) == 14
    assert problems(nine) == []
    r = Cli(nine)("matrix", "consultation-2022", "--all-indicators", env=NO_COLOR)
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.startswith("Indicator"))
    assert header.split()[1:4] == ["BGD", "KHM", "IND"]
    body = [line for line in lines if re.match(rf"^({'|'.join(shorts)}) +[●◕◐◔○?–·] ", line)]
    # every table has all 14 rows (the "P/N" ranges widen the columns, so the ninth country and the
    # totals go to a second table at 80 columns)
    assert len(body) in (14, 28)
    for code in ["BGD", "KHM", "IND", "IDN", "NPL", "PHL", "LKA", "THA", "VNM"]:
        assert re.search(rf"(^|\s){code}(\s|$)", r.stdout)
    assert "Columns: BGD Bangladesh" in r.stdout
    # the same repository, four indicators chosen: back to countries as rows
    r = Cli(nine)("matrix", "consultation-2022", "--indicators", "grooming,copy-x", env=NO_COLOR)
    assert r.exit_code == 3
    r = Cli(nine)("matrix", "consultation-2022", "--indicators", "grooming,extradition", env=NO_COLOR)
    assert r.exit_code == 0, r.stderr
    header = next(line for line in r.stdout.splitlines() if line.startswith("Country"))
    assert header.split() == ["Country", "Year", "Grooming", "Extradition", "Score", "Rated"]


def test_wide_transposed_matrix_splits_into_tables_that_fit(nine):
    r = Cli(nine)("matrix", "consultation-2022", "--all-indicators", env={"NO_COLOR": "1", "COLUMNS": "50"})
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("\nIndicator ") >= 2  # split into several tables
    assert max(len(line) for line in r.stdout.splitlines() if not line.startswith(("Columns", "Indicators", "Score", "Laws", "●"))) <= 50


def test_unknown_indicator_suggests(cli):
    r = cli("matrix", "consultation-2022", "--indicators", "groming")
    assert r.exit_code == 3
    assert "unknown indicator 'groming' (did you mean 'grooming'?)" in r.stderr


# --------------------------------------------------------------------------- years, no profile, --countries


def test_carried_forward_and_no_profile(repo):
    write(repo / "regions.yaml", REGIONS)
    profile(repo, "grooming:\n  facts:\n    criminalised: {value: false, citation: {source: src}}\n", slug="testland", year=2020)
    r = Cli(repo)("matrix", "tr", "--year", "2024", "--format", "json")
    assert r.exit_code == 0, r.stderr
    m = json.loads(r.stdout)
    test, other = m["rows"]
    assert (test["slug"], test["year"], test["carried_forward"]) == ("testland", 2020, True)
    assert test["cells"][0]["rating"] == "no"
    assert (other["slug"], other["name"], other["year"], other["cells"]) == ("otherland", "Otherland", None, [])
    assert m["totals"][0]["counts"]["no"] == 1 and m["totals"][0]["no_profile"] == 1
    r = Cli(repo)("matrix", "tr", "--year", "2024", env=WIDE)  # countries as rows
    assert "2020* " in _grid(r.stdout)["Testland"]
    assert "* carried forward: no profile for 2024" in r.stdout
    assert "No profile for 2024 or earlier: Otherland." in r.stdout
    # before the only profile: no profile at all
    r = Cli(repo)("matrix", "tr", "--year", "2019", "--format", "json")
    assert [row["year"] for row in json.loads(r.stdout)["rows"]] == [None, None]
    r = Cli(repo)("summary", "tr", "--year", "2024")
    text = " ".join(r.stdout.split())
    assert "1 of the 2 countries has a profile for 2024 or earlier; no profile yet: Otherland." in text
    assert "Carried forward from an earlier year: Testland (2020)." in text


def test_draft_profiles_are_marked(repo):
    write(repo / "regions.yaml", REGIONS)
    p = profile(repo, "grooming:\n  facts:\n    criminalised: {value: false, citation: {source: src}}\n")
    p.write_text(p.read_text().replace("year: 2024\n", "year: 2024\nstatus: draft\n"))
    r = Cli(repo)("matrix", "tr", env=WIDE)
    assert r.exit_code == 0, r.stderr
    assert _grid(r.stdout)["Testland"].split()[0] == "2024†"
    assert "† draft profile: not yet reviewed." in r.stdout


def test_countries_option_alone_and_added_to_a_region(cli):
    r = cli("matrix", "--countries", "NPL,india,Viet Nam", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert [row["slug"] for row in json.loads(r.stdout)["rows"]] == ["nepal", "india", "viet-nam"]
    r = cli("matrix", "saievac", "--countries", "thailand,nepal", "--format", "json")
    slugs = [row["slug"] for row in json.loads(r.stdout)["rows"]]
    assert slugs == ["afghanistan", "bangladesh", "bhutan", "india", "maldives", "nepal", "pakistan", "sri-lanka", "thailand"]
    r = cli("matrix", "--countries", "nepl")
    assert r.exit_code == 3 and "did you mean 'nepal'" in r.stderr


# --------------------------------------------------------------------------- JSON, CSV, Markdown


def test_json_matrix(cli):
    r = cli("matrix", "consultation-2022", *FOUR, "--format", "json")
    m = json.loads(r.stdout)
    assert m["region"] == "consultation-2022" and m["year"] == 2022  # the region's own year
    assert [i["id"] for i in m["indicators"]] == ["grooming", "extraterritorial-jurisdiction", "extradition", "double-criminality"]
    th = next(row for row in m["rows"] if row["slug"] == "thailand")
    grooming = th["cells"][0]
    assert (grooming["rating"], grooming["basis"], grooming["criterion"]) == ("no", "derived", "not-criminalised")
    assert any(c["fact"] == "criminalised" and "(Thailand)" in c["locator"] for c in grooming["citations"])
    assert th["summary"]["score"] == 50.0
    # A cell the consultation only rules Yes out of is "Partial or No", naming what would decide it;
    # the note says what the earlier (2019) profile found.
    lk = next(row for row in m["rows"] if row["slug"] == "sri-lanka")
    etj = lk["cells"][1]
    assert (etj["rating"], etj["missing_facts"], etj["from_year"]) == ("partial_or_no", ["active", "passive"], 2022)
    assert "[consultation-2022] rules out Yes: it is Partial or No." in etj["reason"]
    assert "The 2019 profile rated it Partial, which this range allows" in etj["carry_note"]
    # one rated indicator of four: the score is withheld, with the reason
    assert (lk["summary"]["score"], lk["summary"]["rated"]) == (None, 1)
    assert lk["summary"]["score_withheld"] == "1 of 4 rated; a score needs at least 2"
    assert lk["profile_years"] == [2022] and m["min_rated"] == 2


def test_csv_matrix_and_formula_safety(repo):
    write(repo / "regions.yaml", REGIONS)
    head = "country:\n  name: \"=HYPERLINK(\\\"http://x\\\")\"\n  iso2: TL\n  iso3: TLD\nyear: 2024\nas_of: \"2024-01-31\"\nsources:\n  - {id: src, title: T, url: https://example.org}\nindicators:\n"
    profile(repo, "grooming:\n  facts:\n    criminalised: {value: false, citation: {source: src}}\n", head=head)
    r = Cli(repo)("matrix", "tr", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0][:6] == ["country", "slug", "iso3", "year", "carried_forward", "as_of"]
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][6] == "No" and rows[1][7] == "Not assessed"
    assert rows[2][:2] == ["Otherland", "otherland"] and rows[2][6] == "No profile"


def test_markdown_matrix(cli):
    r = cli("matrix", "consultation-2022", *FOUR, "--format", "markdown")
    assert r.exit_code == 0
    assert "| Philippines | 2022 | ● Yes | ◔ Partial or No | ◔ Partial or No | ◔ Partial or No | — | 1/4 |" in r.stdout
    assert "| **○ No** |  | 7 | 0 | 0 | 0 |  |" in r.stdout
    assert "| **◔ Partial or No** |  | 0 | 6 | 9 | 8 |  |" in r.stdout  # its own totals row


# --------------------------------------------------------------------------- the regional summary


def test_summary_reproduces_the_2022_consultation(cli):
    r = cli("summary", "consultation-2022", "--year", "2022", env=NO_COLOR)
    assert r.exit_code == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert "All 9 countries have a profile for 2022 or earlier." in text
    # grooming: only the Philippines; Bangladesh partially
    assert ("Of the 9 countries analysed, only the Philippines is rated Yes; Bangladesh is rated Partial; "
            "the other 7 are rated No (Cambodia, India, Indonesia, Nepal, Sri Lanka, Thailand and Viet Nam).") in text
    # extraterritorial jurisdiction: only Cambodia, Thailand and Viet Nam; the rest exactly "Partial or No"
    assert ("only Cambodia, Thailand and Viet Nam are rated Yes; the other 6 are Partial or No (Bangladesh, "
            "India, Indonesia, Nepal, the Philippines and Sri Lanka); ECPAT International’s "
            "“Strengthening Responses to Sexual Exploitation of Children in Asia” does not say which.") in text
    # extradition: none
    assert ("none is rated Yes; all 9 are Partial or No; ECPAT International’s "
            "“Strengthening Responses to Sexual Exploitation of Children in Asia” does not say which.") in text
    assert "[consultation-2022]" not in text  # a reader is never shown a source's id in the data
    # double criminality: Nepal requires it on neither route (Yes or Partial: whether for every offence
    # is not stated); for the other 8 the consultation, the latest source, says only "not Yes"
    # (Indonesia's No from ECPAT's 2020 analysis is in its 2020 profile)
    assert ("none is rated Yes; Nepal is Yes or Partial (the recorded facts do not say which); the other 8 are "
            "Partial or No (Bangladesh, Cambodia, India, Indonesia, the Philippines, Sri Lanka, Thailand and Viet Nam); "
            "ECPAT International’s “Strengthening Responses to Sexual Exploitation of Children in Asia” "
            "does not say which.") in text
    assert "not yet assessed" not in text  # ECPAT's term for countries nobody analysed


def test_summary_json_names_countries(cli):
    r = cli("summary", "consultation-2022", "--format", "json")
    s = json.loads(r.stdout)
    grooming = s["findings"][0]
    assert grooming["countries"]["yes"] == ["philippines"] and grooming["countries"]["partial"] == ["bangladesh"]


def test_readme_transcripts_are_real_output(cli):
    """The user guide shows the real matrix and summary; regenerate them when the data changes."""
    readme = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    for argv in (["matrix", "consultation-2022"], ["summary", "consultation-2022", "--year", "2022"]):
        r = cli(*argv, env=NO_COLOR)
        shown = "\n".join(line.rstrip() for line in r.stdout.splitlines())
        assert f"$ legalcheck {' '.join(argv)}\n{shown}\n```" in readme, f"user guide transcript of {argv} is out of date"


def test_a_named_country_must_carry_its_profiles_code(repo):
    write(repo / "regions.yaml", REGIONS.replace("iso3: TLD", "iso3: TLX"))
    profile(repo, "grooming:\n  facts:\n    criminalised: {value: false, citation: {source: src}}\n")
    got = problems(repo)
    assert len(got) == 1 and got[0].endswith("countries.testland.iso3: TLX differs from TLD in the profile testland/2024")


def test_transposed_matrix_lists_countries_without_a_profile_below(nine):
    r = Cli(nine)("matrix", "asean", env=NO_COLOR)
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    headers = [line.split() for line in out.splitlines() if line.startswith("Indicator ")]
    codes = [c for h in headers for c in h[1:] if c.isalpha() and c.isupper()]
    assert codes == ["KHM", "IDN", "PHL", "THA", "VNM"]  # only countries with a profile get a column
    assert "No profile: Brunei Darussalam, Lao PDR, Malaysia, Myanmar, Singapore, Timor-Leste." in " ".join(out.split())
    r = Cli(nine)("matrix", "asean", "--format", "json")
    assert [row["iso3"] for row in json.loads(r.stdout)["rows"]][:2] == ["BRN", "KHM"]  # from regions.yaml


# --------------------------------------------------------------------------- any size fits


def _synthetic(n_countries: int, n_indicators: int, seed: int):
    import random

    from legalcheck.matrix import IndicatorTotals, Matrix, MatrixCell, MatrixIndicator, MatrixRow
    from legalcheck.model import RATINGS
    from legalcheck.result import Summary

    rnd = random.Random(seed)
    inds = tuple(MatrixIndicator(f"ind-{j}", f"Indic. {j}", f"Indicator number {j}", None, "derived", "") for j in range(n_indicators))
    rows = []
    for i in range(n_countries):
        name = rnd.choice(["Brunei Darussalam", "Lao PDR", "Nepal", "Timor-Leste", "Philippines"]) + f" {i}"
        if rnd.random() < 0.2:
            rows.append(MatrixRow(f"c{i}", name, name, f"C{i:02d}", None, False, None, None, None, (), None))
            continue
        cells = tuple(MatrixCell(ind.id, rnd.choice(RATINGS), "derived", None, "", (), ()) for ind in inds)
        rows.append(MatrixRow(f"c{i}", name, name, f"C{i:02d}", 2022, rnd.random() < 0.3, "2022-01-01", "reviewed",
                              None, cells, Summary(counts={r: 0 for r in RATINGS}, rated=0, total=0, score=None,
                                                   derived=0, reported=0, disagreements=0)))
    totals = []
    for ind in inds:
        counts = {r: sum(1 for row in rows if (c := row.cell(ind.id)) and c.rating == r) for r in RATINGS}
        totals.append(IndicatorTotals(ind.id, counts, sum(1 for row in rows if row.year is None)))
    return Matrix("Synthetic", None, 2024, "T", "1", inds, tuple(rows), tuple(totals))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 15), st.integers(1, 16), st.integers(0, 10**6))
def test_any_matrix_fits_80_columns_without_cutting_anything(n_countries, n_indicators, seed):
    from rich.console import Console

    from legalcheck.render.terminal.matrix import render_matrix

    m = _synthetic(n_countries, n_indicators, seed)
    con = Console(file=io.StringIO(), width=80, no_color=True, highlight=False)
    render_matrix(m, con)
    out = con.file.getvalue()
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" not in out  # nothing truncated
    words = " ".join(out.split())
    for row in m.rows:  # every country is shown: as a row, a column, or in the no-profile list
        assert row.name in words or (row.iso3 in out and row.year is not None)
    for ind in m.indicators:
        assert ind.short in out


def test_a_region_with_its_own_year_uses_it_unless_year_is_given(nine):
    """consultation-2022 is about 2022: a member's later profile must not silently replace it."""
    from .conftest import write as write_file

    write_file(nine / "countries" / "nepal" / "2024.yaml", (nine / "countries" / "nepal" / "2022.yaml").read_text()
               .replace("year: 2022", "year: 2024").replace('as_of: "2022-04-19"', 'as_of: "2024-01-01"'))
    rows = {r["slug"]: r for r in json.loads(Cli(nine)("matrix", "consultation-2022", "-f", "json").stdout)["rows"]}
    assert rows["nepal"]["year"] == 2022
    rows = {r["slug"]: r for r in json.loads(Cli(nine)("matrix", "consultation-2022", "--year", "2024", "-f", "json").stdout)["rows"]}
    assert rows["nepal"]["year"] == 2024


def test_scores_say_how_many_indicators_they_rest_on(cli):
    r = cli("matrix", "consultation-2022", *FOUR, "--format", "markdown")
    row = next(line for line in r.stdout.splitlines() if line.startswith("| Philippines |"))
    assert row.endswith("| — | 1/4 |")  # one rated indicator of four: no score, and it says why
    out = cli("matrix", "consultation-2022", "--all-indicators", env=NO_COLOR).stdout  # 14 indicators: transposed
    rated = "Rated " + " ".join(line[5:] for line in out.splitlines() if re.match(r"^Rated +\d", line))  # split tables
    # Indonesia's 2020 age of consent (No) and CSAM definition (Yes), Viet Nam's 2020 age of consent, carried
    # to 2022; Thailand's 2022 profile has its age of consent (Penal Code s. 277)
    assert rated.split()[1:] == ["1/14", "2/14", "1/14", "3/14", "1/14", "1/14", "1/14", "3/14", "3/14"]


def test_totals_columns_stay_together_when_the_matrix_splits(nine):
    r = Cli(nine)("matrix", "consultation-2022", env={"NO_COLOR": "1", "COLUMNS": "72"})
    headers = [line.split() for line in r.stdout.splitlines() if line.startswith("Indicator ")]
    symbols = {"●", "◐", "○", "?", "–", "·"}
    with_totals = [h for h in headers if symbols & set(h)]
    assert len(with_totals) == 1  # every count column in the same table ...
    assert {"●", "◐", "○", "?"} <= set(with_totals[0])  # ... all of them


def test_summary_says_where_a_source_rules_out_yes(cli):
    """The consultation's own words for six countries' extraterritorial jurisdiction: not Yes."""
    text = " ".join(cli("summary", "consultation-2022", env=NO_COLOR).stdout.split())
    assert ("the other 6 are Partial or No (Bangladesh, India, Indonesia, Nepal, the Philippines and Sri Lanka); "
            "ECPAT International’s “Strengthening Responses to Sexual Exploitation of Children in Asia” "
            "does not say which.") in text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data())
def test_computed_table_width_is_rich_s_own(data):
    """The matrix packs columns by a width worked out from the cells; it must be the width Rich prints."""
    import io as _io

    from rich.console import Console

    from legalcheck.render.terminal.matrix import _Col, _make_table, _width

    words = st.sampled_from(["● Yes", "? NYA", "◐ Part", "", "x", "Extraterr.", "2022*", "100.0", "14/14", "Viet Nam"])
    rows = data.draw(st.integers(1, 4))
    feet = data.draw(st.sampled_from([0, 2, 3]))

    def col():
        return _Col(data.draw(words) or "H", [(data.draw(words), "") for _ in range(rows)],
                    footer=[(data.draw(words), "") for _ in range(data.draw(st.sampled_from([0, feet])))])

    first, cols = col(), [col() for _ in range(data.draw(st.integers(0, 6)))]
    probe = Console(file=_io.StringIO(), width=1000, no_color=True, highlight=False)
    probe.print(_make_table(first, cols))
    printed = max(len(line.rstrip()) for line in probe.file.getvalue().splitlines())
    assert _width(first, cols) == printed


def test_a_cell_whose_source_and_facts_disagree_is_marked(repo, tmp_path):
    from openpyxl import load_workbook

    write(repo / "regions.yaml", REGIONS)
    profile(repo, """
        grooming:
          facts:
            criminalised: {value: false, citation: {source: src}}
          reported: {rating: "yes", source: src}
    """)
    out = Cli(repo)("matrix", "tr", env=WIDE).stdout
    assert "○ No!" in _grid(out)["Testland"] and "! sources disagree (a source's rating and the recorded facts, or two sources on a fact)" in out
    assert "| ○ No ! |" in Cli(repo)("matrix", "tr", "-f", "markdown").stdout
    book = tmp_path / "m.xlsx"
    assert Cli(repo)("matrix", "tr", "--xlsx", str(book)).exit_code == 0
    ws = load_workbook(book)["Matrix"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("○ No"))
    assert cell.value.endswith("⚠") and "⚠ The source reports Yes" in cell.comment.text


def test_summary_of_one_country_is_grammatical(repo):
    profile(repo, "grooming:\n  facts:\n    criminalised: {value: false, citation: {source: src}}\n")
    text = " ".join(Cli(repo)("summary", "--countries", "testland").stdout.split())
    assert "Testland has a profile." in text and "All 1 countries" not in text
