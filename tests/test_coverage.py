"""`legalcheck countries` and `legalcheck gaps` on the bundled dataset, and on throw-away repos."""

from __future__ import annotations

import json

from .conftest import Cli, profile, write

# Membership as given in the reference notes (section D): SAIEVAC and ASEAN (with Timor-Leste).
SAIEVAC = {"AFG", "BGD", "BTN", "IND", "MDV", "NPL", "PAK", "LKA"}
ASEAN = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"}


def _countries(cli) -> list[dict]:
    r = cli("countries", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == ""
    return json.loads(r.stdout)["countries"]


# Beyond the 19: countries of East Asia and the Pacific with profiles from the 2022 consultation.
OTHERS = {"AUS", "KOR"}


def test_every_saievac_and_asean_member_has_a_profile(cli):
    rows = _countries(cli)
    assert {c["country"]["iso3"] for c in rows} == SAIEVAC | ASEAN | OTHERS
    assert len(rows) == 19 + len(OTHERS)
    assert [c["country"]["slug"] for c in rows] == sorted(c["country"]["slug"] for c in rows)


def test_counts_partition_the_indicators_and_years_are_listed(cli, checklist):
    rows = {c["country"]["slug"]: c for c in _countries(cli)}
    assert rows["nepal"]["years"] == [2020, 2022, 2026]
    assert rows["malaysia"]["years"] == [2019, 2022, 2023, 2026]
    assert rows["sri-lanka"]["years"] == [2019, 2022]
    assert rows["india"]["years"] == [2022, 2026]
    assert rows["maldives"]["years"] == [2020, 2024, 2026]
    assert rows["indonesia"]["years"] == [2020, 2022, 2026]
    assert rows["viet-nam"]["years"] == [2020, 2022, 2026]
    assert rows["philippines"]["years"] == [2022, 2024, 2026]
    for c in rows.values():
        for p in c["profiles"]:
            assert p["total"] == len(checklist.indicators)
            assert p["determined"] + p["reported"] + p["bounded"] + p["not_assessed"] + p["no_data"] == p["total"]
    # A country with no sourced facts is listed, and nothing about it is counted as rated.
    pak = rows["pakistan"]["profiles"][-1]  # 2024
    assert (pak["determined"], pak["reported"], pak["not_assessed"]) == (0, 0, len(checklist.indicators))
    # Malaysia before its 2023 amendments is all unknown; after, two indicators are derived from facts.
    # 2019 rates background checks from the registry reports; 2026 rates national commitments (its
    # other indicators are only bounded, so not counted as determined). Each profile is counted alone.
    assert [p["determined"] for p in rows["malaysia"]["profiles"]] == [1, 0, 2, 1]
    # The Maldives 2024: nothing settled, but two indicators bounded to "Yes or Partial" by cited facts.
    mdv = next(p for p in rows["maldives"]["profiles"] if p["year"] == 2024)
    assert (mdv["determined"], mdv["reported"], mdv["bounded"], mdv["not_assessed"]) == (0, 0, 2, len(checklist.indicators) - 2)
    # Nepal 2022: the consultation's grooming No is its own rating; double criminality is a range.
    nepal_2022 = rows["nepal"]["profiles"][1]
    assert (nepal_2022["year"], nepal_2022["as_of"], nepal_2022["determined"], nepal_2022["reported"]) == (2022, "2022-04-19", 0, 1)


def test_countries_table_lists_every_profile(cli):
    r = cli("countries", env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    for name in ("Afghanistan", "Brunei Darussalam", "Lao PDR", "Timor-Leste", "Viet Nam", "Myanmar"):
        assert name in out
    assert "2012-12-31" in out and "2023-04-05" in out and "2020-01-29" in out
    assert "21 countries, 49 profiles, 14 indicators each." in out
    assert "\x1b[" not in out


def test_countries_on_an_empty_repository(repo):
    r = Cli(repo)("countries", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout) == {"countries": []}


def test_gaps_json_lists_every_indicator_not_rated_yes_clearest_first(cli, checklist):
    r = cli("gaps", "Malaysia", "--year", "2023", "--format", "json")  # after the 2023 amendments
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert (data["country"]["slug"], data["year"]) == ("malaysia", 2023)
    gap_ids = [g["indicator"] for g in data["gaps"]]
    assert "live-streaming" not in gap_ids and "sexual-extortion" not in gap_ids  # rated Yes after 2023
    assert [m["indicator"] for m in data["met"]] == ["live-streaming", "sexual-extortion"]
    assert len(gap_ids) + len(data["met"]) == len(checklist.indicators)
    assert all(g["recommendation"] for g in data["gaps"])
    # Before the amendments nothing is known but the 2019 registry reports' background checks (Partial,
    # carried forward as of 2019): everything else is a gap to establish, nothing is No.
    before = json.loads(cli("gaps", "MYS", "--year", "2022", "--format", "json").stdout)
    assert {(g["indicator"], g["rating"], g["from_year"]) for g in before["gaps"] if g["rating"] != "not_assessed"} == {
        ("background-checks", "partial", 2019)}
    assert before["met"] == []


def test_gaps_order_no_then_partial_then_not_assessed_then_no_data(cli, checklist):
    data = json.loads(cli("gaps", "indonesia", "--year", "2020", "--format", "json").stdout)
    ratings = [g["rating"] for g in data["gaps"]]
    order = ["no", "partial_or_no", "partial", "yes_or_partial", "not_assessed", "no_data"]
    assert ratings == sorted(ratings, key=order.index)
    nos = [g["indicator"] for g in data["gaps"] if g["rating"] == "no"]
    assert nos == ["double-criminality", "age-of-consent"]  # checklist order within a group
    etj = next(g for g in data["gaps"] if g["indicator"] == "extraterritorial-jurisdiction")
    assert etj["missing_facts"] == ["active_covers_residents", "passive", "conditional"]
    assert len(etj["open_questions"]) == 3 and etj["open_questions"][1].startswith("Does the law give jurisdiction")


def _section(md: str, heading: str) -> str:
    return md[md.index(heading):].split("\n### ")[0]


def test_gaps_markdown_is_a_brief_with_headings_citations_and_interventions(cli):
    r = cli("gaps", "nepal", "--year", "2020", "--format", "markdown")
    assert r.exit_code == 0, r.stderr
    md = r.stdout
    assert md.startswith("# Nepal: gaps in the law on the sexual exploitation of children (2020)\n")
    assert "This brief compares Nepal's law, as of 29 January 2020," in md
    # The briefing says no law addresses live-streaming: not Yes, but Partial vs No is open.
    assert "## Not met (No)" not in md
    assert md.index("## Partly met or not met (Partial or No)") < md.index("## Not yet assessed") < md.index("## Note on method") < md.index("## References")
    live = _section(md, "### Criminalising live-streamed sexual abuse of children")
    assert "**Rating:** Partial or No: ECPAT International [" in live and "rules out Yes and does not say which" in live
    ref = live.split("ECPAT International [")[1].split("]")[0]  # the briefing, by its reference number
    assert f"ECPAT International [{ref}] rules out Yes: it is Partial or No." in live
    assert "**Recommended legal intervention:** Criminalise explicitly the live-streaming" in live
    grooming = _section(md, "### Criminalising grooming of children for sexual purposes")
    assert "Partial or No, depending on the questions still to establish." in grooming
    assert "**Still to establish:**\n\n- Does any provision criminalise grooming" in grooming
    references = md[md.index("## References"):]
    assert f"\n{ref}. " in references and "https://ecpat.org/nepal-child-sexual-abuse-exploitation/" in references
    assert "## Already met" not in md  # nothing is rated Yes in 2020
    assert "never counted as No" in md[md.index("## Note on method"):]
    # A No derived from cited facts, the fact as its question and answer (Indonesia's 2020 age of consent).
    md = cli("gaps", "indonesia", "--year", "2020", "--format", "markdown").stdout
    age = _section(md, "### Age of sexual consent")
    assert md.index("## Not met (No)") < md.index("### Age of sexual consent") < md.index("## Not yet assessed")
    assert "**Rating:** No, following from the facts below by the checklist's rules." in age
    assert "- The age of sexual consent, in years." in age
    assert "**15.** The age of sexual consent is 15 for girls and boys. [" in age


def test_gaps_markdown_cites_statute_provisions(cli):
    md = cli("gaps", "maldives", "--year", "2024", "--format", "markdown").stdout
    etj = _section(md, "### Extraterritorial jurisdiction")
    line = next(x for x in etj.splitlines() if "committed abroad against the country's nationals" in x)
    assert "**Yes.** Jurisdiction over any offence committed against a Maldivian citizen. [" in line
    n = line.rsplit("[", 1)[1].rstrip("]")
    assert f"\n{n}. Penal Code, s. 13(a)(2). Source: " in md
    extradition = _section(md, "### Extradition for sexual exploitation of children (checklist point 2)")
    assert "Not yet assessed" in extradition and "could not find the regulation under the Extradition Act 2015" in extradition
    assert "## No data" not in md  # ECPAT is not known to state that rating, so it is not recorded


def test_gaps_table_without_colour(cli):
    r = cli("gaps", "brunei", "--year", "2012", env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.startswith("Brunei Darussalam (BN/BRN) · 2012")
    assert "◐ Partial" in out and "meeting" in out
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 120


def test_gaps_errors(cli, repo):
    r = cli("gaps", "nepl")
    assert r.exit_code == 3 and "did you mean" in r.stderr and r.stdout == ""
    r = cli("gaps", "nepal", "--year", "2019")
    assert r.exit_code == 3 and "years available: 2020, 2022" in r.stderr
    profile(repo, "grooming:\n  facts:\n    criminalised: {value: maybe}\n")
    r = Cli(repo)("gaps", "testland")
    assert r.exit_code == 4 and "expected true or false" in r.stderr


def test_country_aliases(cli):
    for alias, slug in (("Laos", "lao-pdr"), ("Lao People's Democratic Republic", "lao-pdr"), ("Brunei", "brunei-darussalam"),
                        ("East Timor", "timor-leste"), ("Burma", "myanmar"), ("LA", "lao-pdr"), ("TLS", "timor-leste")):
        r = cli("gaps", alias, "--format", "json")
        assert r.exit_code == 0, (alias, r.stderr)
        assert json.loads(r.stdout)["country"]["slug"] == slug


def test_gaps_brief_flags_a_reported_rating_the_facts_contradict(repo):
    profile(repo, """
        grooming:
          facts:
            criminalised: {value: false, citation: {source: src, note: No provision covers grooming.}}
            explicit_ict: {value: unknown, citation: {source: src, locator: p. 4}}
          reported: {rating: partial, source: src}
    """)
    cli = Cli(repo)
    md = cli("gaps", "testland", "--format", "markdown").stdout
    section = md[md.index("### Criminalising grooming"):].split("\n### ")[0]
    assert "**Rating:** No, following from the facts below by the checklist's rules." in section
    assert "**Where the source and the facts disagree:** A test source [1] reports Partial, but the recorded facts give No." in section
    assert "- Does any provision criminalise grooming (soliciting) a child for sexual purposes? **No.** No provision covers grooming. [1]" in section
    assert "- Does the offence explicitly cover grooming through the Internet or other ICT? **Unknown.** [2]" in section
    assert "[src]" not in md
    assert "\n2. A test source — https://example.org/source, p. 4.\n" in md
    table = cli("gaps", "testland", env={"NO_COLOR": "1", "COLUMNS": "200"}).stdout
    assert "⚠ The source reports Partial" in table


def test_gaps_brief_marks_a_reported_rating_as_the_sources_own(cli):
    # Indonesia 2022: the consultation's grooming No, with no facts behind it.
    md = cli("gaps", "indonesia", "--year", "2022", "--format", "markdown").stdout
    section = md[md.index("### Criminalising grooming"):].split("\n### ")[0]
    assert "**Rating:** No, as rated by ECPAT International [" in section and "(the source's own rating)" in section
    assert "Reported by ECPAT International [" in section
    assert "Law No. 12 of 2022" in section  # the caveat travels with the rating


def test_gaps_brief_shows_ecpats_age_of_consent_no_against_the_2022_law(cli):
    # Philippines 2024: ECPAT's page rates the age of consent No; RA 11648 (2022) gives 16 with a
    # close-in-age exemption, which this rubric rates Partial. Both are shown.
    md = cli("gaps", "philippines", "--year", "2024", "--format", "markdown").stdout
    section = md[md.index("### Age of sexual consent"):].split("\n### ")[0]
    assert "**Rating:** Partial, following from the facts below by the checklist's rules." in section
    assert "**Where the source and the facts disagree:** ECPAT International [" in section
    n = section.split("**Where the source and the facts disagree:** ECPAT International [")[1].split("]")[0]
    assert f"[{n}] reports No, but the recorded facts give Partial.\n" in section
    assert f'\n{n}. ECPAT Global Progress Indicators: Philippines' in md and 'Indicator \"Age of consent\"' in md


def test_countries_table_fits_80_columns_without_colour(cli):
    r = cli("countries", env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("└") and line.endswith("┘") for line in lines)  # the table is closed, not cropped
    assert "\x1b[" not in r.stdout


def test_gaps_brief_names_a_ruled_out_rating_as_such(cli):
    md = cli("gaps", "india", "--year", "2022", "--format", "markdown").stdout
    etj = md[md.index("### Extraterritorial jurisdiction"):].split("\n### ")[0]
    assert "ECPAT International [" in etj and "] rules out Yes: it is Partial or No." in etj
    n = etj.split("] rules out Yes")[0].rsplit("[", 1)[1]
    assert f"\n{n}. Strengthening Responses to Sexual Exploitation of Children in Asia" in md
    assert "Working Group 2, regional overview." in md[md.index(f"\n{n}. "):].splitlines()[1]


def test_one_country_is_not_counted_as_countries(repo, tmp_path):
    profile(repo, ONE_GROOMING)
    cli = Cli(repo)
    r = cli("countries", env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert r.exit_code == 0, r.stderr
    assert "1 country, 1 profile, 14 indicators each." in r.stdout
    out = tmp_path / "m.xlsx"
    r = cli("matrix", "--countries", "testland", "--indicators", "grooming", "--xlsx", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == f"Wrote {out} (1 country × 1 indicator)\n"
    write(repo / "countries" / "testland" / "notes.yaml", "a: 1\n")  # one problem: not named by its year
    r = cli("validate")
    assert r.exit_code == 4
    assert r.stderr.splitlines()[-1] == "1 problem in 16 files checked"


ONE_GROOMING = """
    grooming:
      facts:
        criminalised: {value: false, citation: {source: src}}
"""
