"""`legalcheck diff` and `legalcheck new-year` through the CLI, on synthetic repositories:
stdout and stderr separately, exit codes, every format, and the workbook read back."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest

from legalcheck.render.xlsx.colours import DIRECTION_FILLS, FILLS

from legalcheck.data import load_checklist

from .conftest import CONSULTATION_FOUR, keep_indicators, PROFILE_HEAD, Cli, profile, write
from .test_diff import GROOMING_NO, GROOMING_PARTIAL_ICT, GROOMING_YES

PLAIN = {"NO_COLOR": "1", "COLUMNS": "100"}



# These synthetic fixtures are built around the 2022 consultation's four indicators.
@pytest.fixture
def repo(repo):
    return keep_indicators(repo, CONSULTATION_FOUR)


@pytest.fixture
def checklist(repo):
    return load_checklist(repo)


def country(repo, slug, years: dict[int, str]):
    head = PROFILE_HEAD.replace("Testland", slug.capitalize()).replace("TLD", slug[:3].upper()).replace(
        "TL", slug[:2].upper())
    for year, body in years.items():
        profile(repo, body, slug=slug, year=year, head=head)


@pytest.fixture
def three_years(repo):
    """Testland: No in 2018, Yes in 2020, Partial in 2022."""
    country(repo, "testland", {2018: GROOMING_NO, 2020: GROOMING_YES, 2022: GROOMING_PARTIAL_ICT})
    return Cli(repo)


def test_default_compares_the_two_latest_years(three_years):
    r = three_years("diff", "testland", "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert (data["from_year"], data["to_year"]) == (2020, 2022)
    assert r.stderr == ""


def test_json_is_complete_and_stable(three_years):
    r = three_years("diff", "TES", "2018", "2020", "--format", "json")
    data = json.loads(r.stdout)
    assert list(data) == ["country", "from_year", "to_year", "from_as_of", "to_as_of", "from_status", "to_status",
                          "from_profile", "to_profile", "checklist_version", "note", "indicators", "directions",
                          "old_summary", "new_summary", "score_change", "from_profile_years", "to_profile_years"]
    assert [i["indicator"] for i in data["indicators"]] == ["grooming", "extraterritorial-jurisdiction",
                                                            "extradition", "double-criminality"]
    g = data["indicators"][0]
    assert (g["old_rating"], g["new_rating"], g["direction"], g["changed"]) == ("no", "yes", "improved", True)
    assert g["fact_changes"][0] == {
        "fact": "criminalised", "question": g["fact_changes"][0]["question"], "change": "changed",
        "old_value": False, "new_value": True,
        "old_citation": g["citations_removed"][0], "new_citation": g["citations_added"][0],
        "old_other_readings": [], "new_other_readings": [],  # the sources agree in both years
    }
    # one of four indicators rated: below the default coverage (half), so no score and no change
    assert (data["old_summary"]["score"], data["new_summary"]["score"], data["score_change"]) == (None, None, None)
    assert data["new_summary"]["score_withheld"] == "1 of 4 rated; a score needs at least 2"
    assert json.loads(three_years("diff", "TES", "2018", "2020", "-f", "json", "--min-rated", "1").stdout)["score_change"] == 100.0
    assert three_years("diff", "TES", "2018", "2020", "--format", "json").stdout == r.stdout


def test_one_year_is_compared_with_the_latest(three_years):
    data = json.loads(three_years("diff", "testland", "2018", "-f", "json").stdout)
    assert (data["from_year"], data["to_year"]) == (2018, 2022)


def test_table_without_colour(three_years):
    r = three_years("diff", "testland", "2020", "2022", env=PLAIN)
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "\x1b[" not in out
    assert "Testland (TE/TES) · 2020 → 2022 · law as of 2024-01-31 → 2024-01-31" in out
    assert "same, current rules (checklist version 2026.11)" in out
    assert "● Yes" in out and "↓ regressed" in out and "◐ Part" in out  # short words in the table; the legend spells them out
    assert "◐ Part = Partial" in out
    assert "explicit_ict: true → false (changed)" in out
    assert "Unchanged: extraterritorial-jurisdiction (? Not assessed), extradition (? Not assessed)," in out
    assert "Score (out of 100): –, 1 of 4 rated → –, 1 of 4 rated" in out
    assert "grooming" in out.split("Unchanged:")[0]
    assert max(len(line) for line in out.splitlines()) <= 100


def test_all_lists_the_unchanged_indicators(three_years):
    plain = three_years("diff", "testland", env=PLAIN).stdout
    full = three_years("diff", "testland", "--all", env=PLAIN).stdout
    assert "Unchanged:" in plain and "Unchanged:" not in full
    assert "= unchanged" in full.split("↓ regressed 1")[0]
    assert "Extradition" not in plain.split("Unchanged:")[0] and "Extradition" in full


def test_markdown(three_years):
    r = three_years("diff", "testland", "2018", "2020", "--format", "markdown", "--min-rated", "1")
    out = r.stdout
    assert out.startswith("# Testland: changes 2018 → 2020\n")
    assert "| Indicator | 2018 | Change | 2020 | What changed |" in out
    assert "| Criminalising grooming of children for sexual purposes | ○ No | ↑ improved | ● Yes |" in out
    assert "+ citation criminalised: Penal Code (2019), s. 5 [src]" in out
    assert "− citation criminalised: Penal Code (2019), s. 1 [src]" in out
    assert "**Score (out of 100): 0 over 1 of 4 → 100 over 1 of 4 (+100)**" in out


def test_fail_on_regression(three_years):
    r = three_years("diff", "testland", "--fail-on-regression", "-f", "json")
    assert r.exit_code == 1
    assert json.loads(r.stdout)["directions"]["regressed"] == 1  # the report is printed first
    assert r.stderr == "error: 1 rating went down: grooming: Yes → Partial\n"
    ok = three_years("diff", "testland", "2018", "2020", "--fail-on-regression")
    assert ok.exit_code == 0 and ok.stderr == ""


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["diff", "testland", "2019"], 3, "error: testland: no profile for 2019; years available: 2018, 2020, 2022\n"),
        (["diff", "testland", "2018", "2021"], 3, "error: testland: no profile for 2021; years available: 2018, 2020, 2022\n"),
        (["diff", "testland", "2022", "2020"], 2, "error: FROM (2022) must be earlier than TO (2020)\n"),
        (["diff", "testland", "2020", "2020"], 2, "error: FROM (2020) must be earlier than TO (2020)\n"),
        (["diff", "testland", "2022"], 2, "error: testland: 2022 is the latest year; give an earlier FROM (years available: 2018, 2020, 2022)\n"),
        (["diff", "testland", "twenty"], 2, "error: FROM 'twenty' is not a year (e.g. 2022)\n"),
        (["diff", "2020", "2022"], 2, "error: '2020' is a year: give the country first (legalcheck diff nepal 2020), or --region / --countries for several countries\n"),
        (["diff"], 2, "error: give a COUNTRY (e.g. legalcheck diff nepal), or --region / --countries with FROM and TO\n"),
        (["diff", "testlnd"], 3, "error: unknown country 'testlnd' (did you mean 'testland'?). Run 'legalcheck countries' to list them.\n"),
        (["diff", "--countries", "testland", "2020"], 2, "error: a diff of several countries needs FROM and TO, e.g. legalcheck diff --region south-asia 2020 2022\n"),
        (["diff", "--countries", "testland", "--region", "x", "2020", "2022"], 2, "error: give either --region or --countries, not both\n"),
        (["diff", "testland", "--xlsx", "changes.csv"], 2, "error: --xlsx changes.csv: give a file name ending in .xlsx\n"),
    ],
)
def test_usage_and_missing_years(three_years, args, code, message):
    r = three_years(*args)
    assert (r.exit_code, r.stderr, r.stdout) == (code, message, "")


def test_a_single_year_cannot_be_diffed(repo):
    country(repo, "testland", {2022: GROOMING_NO})
    r = Cli(repo)("diff", "testland")
    assert r.exit_code == 3
    assert r.stderr == "error: testland: a diff needs profiles for two years; years available: 2022\n"


# --------------------------------------------------------------------------- several countries


@pytest.fixture
def region_repo(repo):
    country(repo, "aland", {2020: GROOMING_NO, 2022: GROOMING_YES})
    country(repo, "bland", {2020: GROOMING_YES, 2022: GROOMING_PARTIAL_ICT})
    country(repo, "cland", {2022: GROOMING_NO})
    write(repo / "regions.yaml", """
        countries:
          dland: {name: dland, iso3: DLD}
        regions:
          - id: test-region
            name: Test Region
            aliases: [tr]
            members: [bland, aland, cland, dland]
    """)
    return Cli(repo)


def test_region_table(region_repo):
    r = region_repo("diff", "--region", "Test Region", "2020", "2022", env={"NO_COLOR": "1", "COLUMNS": "140"})
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "Test Region · 2020 → 2022 · 4 countries" in out
    assert "│ Grooming" in out and "1 yes, 1 no, 2 no profile" in out and "1 yes, 1 partial, 1 no, 1 no" in out
    assert "Cland: no profile for 2020 or earlier" in out
    assert "dland: no profile for 2022 or earlier" in out
    assert out.index("Bland") < out.index("Aland")  # the region's own order
    assert "↓ regressed 1 · ↑ improved 1" in out


def test_region_by_alias_json_and_fail_on_regression(region_repo):
    r = region_repo("diff", "-r", "tr", "2020", "2022", "-f", "json", "--fail-on-regression")
    assert r.exit_code == 1
    assert r.stderr == "error: 1 rating went down: Bland grooming: Yes → Partial\n"
    data = json.loads(r.stdout)
    assert [(c["slug"], c["status"]) for c in data["countries"]] == [
        ("bland", "compared"), ("aland", "compared"), ("cland", "no_profile_from"), ("dland", "no_profile")]
    g = data["indicators"][0]
    assert (g["old_counts"]["yes"], g["old_counts"]["no"], g["old_no_profile"]) == (1, 1, 2)
    assert (g["new_counts"]["yes"], g["new_counts"]["partial"], g["new_counts"]["no"], g["new_no_profile"]) == (1, 1, 1, 1)


def test_countries_option_is_in_slug_order(region_repo):
    r = region_repo("diff", "--countries", "BL, aland", "2020", "2022", "-f", "markdown")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.startswith("# Aland, Bland: changes 2020 → 2022\n")
    assert "| Grooming" not in out  # the counts table uses full titles
    assert "| Criminalising grooming of children for sexual purposes | 1 yes, 1 no | 1 yes, 1 partial | ↓ regressed 1, ↑ improved 1 |" in out
    assert "| Aland | Criminalising grooming" in out and "| Bland | Criminalising grooming" in out


def test_unknown_region(region_repo):
    r = region_repo("diff", "--region", "test-regoin", "2020", "2022")
    assert (r.exit_code, r.stdout) == (3, "")
    assert r.stderr == "error: unknown region 'test-regoin' (did you mean 'test-region'?). Run 'legalcheck regions' to list them.\n"


def test_no_regions_file(three_years):
    r = three_years("diff", "--region", "asia", "2020", "2022")
    assert r.exit_code == 3
    assert "defines no regions" in r.stderr and "--countries" in r.stderr


# --------------------------------------------------------------------------- Excel


def test_country_workbook_read_back(three_years, tmp_path):
    out = tmp_path / "changes.xlsx"
    r = three_years("diff", "testland", "2018", "2022", "--xlsx", str(out), "--min-rated", "1", env=PLAIN)
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"Wrote {out}\n"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Changes", "Details", "Countries"]
    ws = wb["Changes"]
    assert ws["A1"].value == "Testland: changes 2018 → 2022"
    assert [c.value for c in ws[4]] == ["Country", "Indicator", "Indicator id", "2018", "Change", "2022", "What changed", "Why"]
    row = [c.value for c in ws[5]]
    assert row[:6] == ["Testland", "Criminalising grooming of children for sexual purposes", "grooming",
                       "○ No", "↑ improved", "◐ Partial"]
    assert "criminalised: false → true (changed)" in row[6]
    assert ws["D5"].fill.start_color.rgb == FILLS["no"]
    assert ws["E5"].fill.start_color.rgb == DIRECTION_FILLS["improved"]
    assert ws["F5"].fill.start_color.rgb == FILLS["partial"]
    assert [ws.cell(row=r_, column=5).value for r_ in range(6, 9)] == ["= unchanged"] * 3  # every indicator is a row
    assert ws.max_row == 8
    details = [[c.value for c in row] for row in wb["Details"].iter_rows(min_row=2)]
    assert ["Testland", "grooming", "changed", "criminalised", "false", "true",
            "criminalised: Penal Code (2019), s. 5 [src]"] in details
    assert ["Testland", "grooming", "became known", "explicit_ict", "unknown", "false",
            "explicit_ict: Penal Code (2019), s. 5(3) [src]"] in details
    assert ["Testland", "grooming", "citation removed", "criminalised", None, None,
            "criminalised: Penal Code (2019), s. 1 [src]"] in details
    countries = [c.value for c in wb["Countries"][2]]
    assert countries[:9] == ["Testland", "yes", "2024-01-31", "2024-01-31", "reviewed", "reviewed", 0, 50, 50]


def test_region_workbook_read_back(region_repo, tmp_path):
    out = tmp_path / "region.xlsx"
    r = region_repo("diff", "--region", "test-region", "2020", "2022", "--xlsx", str(out), "-f", "json")
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Changes", "Details", "Countries", "Counts"]
    ws = wb["Changes"]
    assert ws["A1"].value == "Test Region: changes 2020 → 2022"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert [r_[0] for r_ in rows] == ["Bland"] * 4 + ["Aland"] * 4 + ["Cland", "dland"]
    assert rows[0][3:6] == ["● Yes", "↓ regressed", "◐ Partial"]
    assert ws["E5"].fill.start_color.rgb == DIRECTION_FILLS["regressed"]
    assert rows[8][4] == "no profile for 2020 or earlier" and rows[9][4] == "no profile for 2022 or earlier"
    counts = wb["Counts"]
    head = [c.value for c in counts[1]]
    grooming = dict(zip(head, [c.value for c in counts[2]]))
    assert grooming["Indicator id"] == "grooming"
    assert (grooming["Yes 2020"], grooming["No 2020"], grooming["No profile 2020"]) == (1, 1, 2)
    assert (grooming["Yes 2022"], grooming["Partial 2022"], grooming["No 2022"], grooming["No profile 2022"]) == (1, 1, 1, 1)
    assert (grooming["↑ improved"], grooming["↓ regressed"]) == (1, 1)


def test_workbook_is_never_written_into_the_data(three_years, repo):
    target = repo / "countries" / "changes.xlsx"
    r = three_years("diff", "testland", "--xlsx", str(target))
    assert r.exit_code == 5
    assert "refusing to write into the assessment data" in r.stderr
    assert not target.exists()


def test_diff_without_xlsx_does_not_import_an_excel_library(three_years, repo):
    code = ("import sys; from legalcheck.cli import app; "
            "sys.argv=['legalcheck','--data',sys.argv[1],'diff','testland']; "
            "exec('try:\\n app()\\nexcept SystemExit: pass'); "
            "print('openpyxl' in sys.modules, 'xlsxwriter' in sys.modules, file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code, str(repo)], check=False, capture_output=True, text=True)
    assert r.stderr.strip().splitlines()[-1] == "False False"


# --------------------------------------------------------------------------- new-year

SOURCE = """\
# Testland: our own notes, kept in the copy.
country:
  name: Testland
  iso2: TL
  iso3: TLD
year: 2022
as_of: "2022-03-01"   # the date of the source
sources:
  - id: src
    title: A test source
    url: https://example.org/source
indicators:
  grooming:
    facts:
      # this comment stays
      criminalised: {value: false, citation: {source: src, instrument: Penal Code, provision: 's. 1'}}
"""


def test_new_year_makes_a_valid_draft_copy(repo):
    write(repo / "countries" / "testland" / "2022.yaml", SOURCE)
    r = Cli(repo)("new-year", "TL", "2024", "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.stderr
    target = repo / "countries" / "testland" / "2024.yaml"
    assert r.stdout.startswith(f"Created {target} for 2024: a draft copied from 2022 (law as of 2024-06-30).\n")
    text = target.read_text()
    assert text.startswith("# DRAFT for 2024, copied from 2022.yaml by 'legalcheck new-year'.")
    assert "# Testland: our own notes, kept in the copy.\n" in text and "# this comment stays\n" in text
    assert '\nyear: 2024\nas_of: "2024-06-30"\nstatus: draft\n' in text
    assert "year: 2022" not in text
    assert (repo / "countries" / "testland" / "2022.yaml").read_text() == SOURCE
    assessed = json.loads(Cli(repo)("assess", "testland", "-f", "json").stdout)
    assert (assessed["year"], assessed["status"], assessed["as_of"]) == (2024, "draft", "2024-06-30")
    diff = Cli(repo)("diff", "testland", env=PLAIN)
    assert "DRAFT profile for 2024" in diff.stdout and "Nothing changed between 2022 and 2024." in diff.stdout
    assert Cli(repo)("validate").exit_code == 0


def test_new_year_replaces_an_existing_status_and_defaults_the_date(repo):
    write(repo / "countries" / "testland" / "2022.yaml", SOURCE.replace("sources:", "status: reviewed\nsources:"))
    r = Cli(repo)("new-year", "testland", "2023")
    assert r.exit_code == 0, r.stderr
    text = (repo / "countries" / "testland" / "2023.yaml").read_text()
    assert 'as_of: "2023-01-01"\n' in text
    assert [line for line in text.splitlines() if line.startswith("status:")] == ["status: draft"]


def test_new_year_never_overwrites(repo):
    write(repo / "countries" / "testland" / "2022.yaml", SOURCE)
    existing = write(repo / "countries" / "testland" / "2024.yaml", SOURCE.replace("2022", "2024"))
    before = existing.read_text()
    r = Cli(repo)("new-year", "testland", "2024")
    assert (r.exit_code, r.stdout) == (5, "")
    assert r.stderr == f"error: {existing}: a profile for 2024 already exists; new-year never overwrites one\n"
    assert existing.read_text() == before


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["2020"], 2, "error: testland: new-year copies the latest profile (2022) forward; 2020 is earlier (years available: 2022)\n"),
        (["2024", "--as-of", "2024-13-01"], 2, "error: --as-of '2024-13-01' is not a real date (check the month and day)\n"),
        (["2024", "--as-of", "June 2024"], 2, "error: --as-of 'June 2024' is not a date in the form YYYY-MM-DD\n"),
    ],
)
def test_new_year_refuses_bad_input(repo, args, code, message):
    write(repo / "countries" / "testland" / "2022.yaml", SOURCE)
    r = Cli(repo)("new-year", "testland", *args)
    assert (r.exit_code, r.stderr) == (code, message)
    assert sorted(p.name for p in (repo / "countries" / "testland").iterdir()) == ["2022.yaml"]


def test_new_year_does_not_copy_an_invalid_profile(repo):
    write(repo / "countries" / "testland" / "2022.yaml", SOURCE.replace("criminalised:", "criminalized:"))
    r = Cli(repo)("new-year", "testland", "2024")
    assert r.exit_code == 4
    assert "criminalized" in r.stderr
    assert not (repo / "countries" / "testland" / "2024.yaml").exists()


def test_readme_example_is_real_output(repo):
    """The user guide's `legalcheck diff` session is this fixture's actual output."""
    from .conftest import ROOT

    profile(repo, GROOMING_YES, year=2020, head=PROFILE_HEAD.replace("2024-01-31", "2020-03-01"))
    profile(repo, GROOMING_PARTIAL_ICT.replace("s. 5(3)", "s. 5(3) as amended"), year=2022,
            head=PROFILE_HEAD.replace("2024-01-31", "2022-03-01"))
    readme = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    shown = readme.split("$ legalcheck --data example diff testland\n")[1].split("```")[0]
    r = Cli(repo)("diff", "testland", env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert [line.rstrip() for line in r.stdout.splitlines()] == shown.splitlines()


def test_reported_and_unrated_moves_are_explained(repo, tmp_path):
    country(repo, "testland", {
        2020: "grooming: {}\ndouble-criminality:\n  reported: {rating: partial, source: src}",
        2022: "grooming:\n  reported: {rating: no_data, source: src}\n"
              "double-criminality:\n  reported: {rating: 'yes', source: src}",
    })
    out = tmp_path / "d.xlsx"
    r = Cli(repo)("diff", "testland", "-f", "markdown", "--xlsx", str(out))
    assert r.exit_code == 0, r.stderr
    md = r.stdout
    assert ("| Criminalising grooming of children for sexual purposes | ? Not assessed | ~ status changed | – No data | "
            "Not assessed → No data: neither is a rating on the Yes/Partial/No scale") in md
    assert ("| ◐ Partial | ↑ improved | ● Yes | A source's own rating changed; no cited fact or newly cited law shows "
            "whether the law changed or was read differently.<br>reported rating: Partial → Yes |") in md
    details = [[c.value for c in row] for row in openpyxl.load_workbook(out)["Details"].iter_rows(min_row=2)]
    assert ["Testland", "double-criminality", "reported rating changed", None, "Partial", "Yes", None] in details
    assert ["Testland", "grooming", "citation added", None, None, None, "reported: [src]"] in details


def test_excel_details_name_a_change_in_ruled_out_ratings(repo, tmp_path):
    country(repo, "testland", {
        2020: 'grooming:\n  reported: {source: src, excludes: ["yes", "no"]}',
        2022: 'grooming:\n  reported: {source: src, excludes: ["yes", "partial"]}',
    })
    out = tmp_path / "d.xlsx"
    assert Cli(repo)("diff", "testland", "--xlsx", str(out)).exit_code == 0
    details = [[c.value for c in row] for row in openpyxl.load_workbook(out)["Details"].iter_rows(min_row=2)]
    assert ["Testland", "grooming", "ratings ruled out changed", None, "Yes, No", "Yes, Partial", None] in details


def test_new_year_copies_a_profile_saved_with_a_byte_order_mark(repo):
    source = profile(repo, BOM_GROOMING, year=2022)
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())  # as Windows Notepad saves "UTF-8 with BOM"
    cli = Cli(repo)
    assert cli("validate").exit_code == 0

    r = cli("new-year", "testland", "2024")
    assert r.exit_code == 0, r.stderr
    target = repo / "countries" / "testland" / "2024.yaml"
    data = target.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\xef\xbb\xbf" not in data
    assert data.startswith(b"# DRAFT for 2024, copied from 2022.yaml")
    assert b"\nyear: 2024\n" in data
    assert cli("validate").exit_code == 0
    r = cli("assess", "testland", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["year"] == 2024


BOM_GROOMING = """
    grooming:
      facts:
        criminalised: {value: false, citation: {source: src}}
"""
