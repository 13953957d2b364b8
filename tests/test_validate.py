"""`validate` and the loaders: one small broken fixture per error class, each reported with
file:line, field path and a plain message; every problem in a run, not just the first."""

from __future__ import annotations

import pytest

from legalcheck.validation import validate_repository

from .conftest import PROFILE_HEAD, ROOT, Cli, profile, write

GOOD_GROOMING = """
    grooming:
      facts:
        criminalised: {value: false, citation: {source: src}}
"""


def run(repo):
    problems, _ = validate_repository(repo)
    return [str(p) for p in problems]


def test_bundled_data_is_valid():
    problems, checked = validate_repository(ROOT)
    assert problems == []
    # every file is counted once: the rule files, each profile, regions.yaml and the files in regions/
    files = [*(ROOT / "checklist").glob("*.yaml"), *(ROOT / "countries").glob("*/*.yaml"),
             ROOT / "regions.yaml", *(ROOT / "regions").glob("*.yaml")]
    assert checked == len(files) > 14


def test_good_fixture_is_valid(repo):
    profile(repo, GOOD_GROOMING)
    assert run(repo) == []


@pytest.mark.parametrize(
    "indicators, expected",
    [
        # unknown key with did-you-mean
        ("grooming:\n  fact: {}\n", ["2024.yaml:13:5: indicators.grooming.fact: unknown field 'fact' (did you mean 'facts'?)"]),
        # unknown indicator id with did-you-mean
        ("groming: {}\n", ["2024.yaml:12:3: indicators.groming: unknown indicator 'groming' (did you mean 'grooming'?)"]),
        # fact the indicator does not declare
        ("grooming:\n  facts:\n    criminalized: {value: true, citation: {source: src}}\n",
         ["2024.yaml:14:7: indicators.grooming.facts.criminalized: indicator 'grooming' has no fact 'criminalized' (did you mean 'criminalised'?)"]),
        # a YAML 1.1 boolean word where true/false is expected
        ("grooming:\n  facts:\n    criminalised: {value: Yes, citation: {source: src}}\n",
         ["2024.yaml:14:22: indicators.grooming.facts.criminalised.value: expected true or false, got 'Yes' (write true or false; YAML words like yes/no are not accepted)"]),
        # a known fact without a citation
        ("grooming:\n  facts:\n    criminalised: {value: true}\n",
         ["2024.yaml:14:7: indicators.grooming.facts.criminalised: a known fact needs a citation (its source at least)"]),
        # a citation of a source that is not listed
        ("grooming:\n  facts:\n    criminalised: {value: true, citation: {source: scr}}\n",
         ["2024.yaml:14:46: indicators.grooming.facts.criminalised.citation.source: unknown source 'scr' (did you mean 'src'?); list it under sources"]),
        # a rating word in capitals
        ("grooming:\n  reported: {rating: Partial, source: src}\n",
         ["2024.yaml:13:16: indicators.grooming.reported.rating: 'Partial' is not allowed here; expected 'yes', 'partial', 'no', 'not_assessed' or 'no_data' (write it in lower case: 'partial')"]),
        # wrong type: a list where a mapping is expected
        ("grooming:\n  facts: [criminalised]\n", ["2024.yaml:13:5: indicators.grooming.facts: expected a mapping of fields (key: value lines), found a list"]),
    ],
)
def test_profile_error_classes(repo, indicators, expected):
    profile(repo, indicators)
    assert [p.split("countries/testland/")[-1] for p in run(repo)] == expected


def test_every_problem_is_reported_not_just_the_first(repo):
    profile(repo, """
        groming: {}
        grooming:
          facts:
            criminalised: {value: 3, citation: {source: nope}}
    """)
    out = run(repo)
    assert len(out) == 3, out
    assert any("groming" in p for p in out) and any("whole" not in p and "true or false" in p for p in out) and any("nope" in p for p in out)


def test_invalid_date_and_year_mismatch(repo):
    path = profile(repo, GOOD_GROOMING)
    path.write_text(path.read_text().replace('as_of: "2024-01-31"', "as_of: 2024-13-01").replace("year: 2024", "year: 2023"))
    out = run(repo)
    assert any(":6:1: as_of: '2024-13-01' is not a real date" in p for p in out), out
    assert any("year 2023 does not match the file name 2024.yaml" in p for p in out), out


def test_norway_iso_code_is_not_false(repo):
    head = """\
country:
  name: Norway
  iso2: NO
  iso3: NOR
year: 2024
as_of: "2024-01-31"
sources:
  - {id: src, title: t, url: "https://example.org"}
indicators:
"""
    profile(repo, GOOD_GROOMING, slug="norway", head=head)
    assert run(repo) == []
    r = Cli(repo)("assess", "no", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert '"iso2": "NO"' in r.stdout


def test_empty_profile(repo):
    write(repo / "countries" / "testland" / "2024.yaml", "")
    assert [p.split("/")[-1] for p in run(repo)] == ["2024.yaml: the file is empty"]


# ---- checklist rule files


def _rule_file(repo, text):
    return write(repo / "checklist" / "grooming.yaml", text)


def test_rule_naming_an_undeclared_fact(repo):
    text = (ROOT / "checklist" / "grooming.yaml").read_text().replace("{fact: criminalised, is: false}", "{fact: criminalized, is: false}", 1)
    _rule_file(repo, text)
    out = run(repo)
    assert len(out) == 1 and "rules[0].when.fact: names undeclared fact 'criminalized' (did you mean 'criminalised'?)" in out[0], out
    assert out[0].startswith("checklist/grooming.yaml:") or "checklist/grooming.yaml:" in out[0]


def test_rubric_gap_is_found_with_an_example(repo):
    text = (ROOT / "checklist" / "grooming.yaml").read_text()
    start = text.index("  - id: ict-not-explicit")
    _rule_file(repo, text[:start] + text[text.index("recommendation:"):])
    out = run(repo)
    assert any("rubric gap: no rule gives a rating when criminalised=true, requires_meeting_acts=false, explicit_ict=false" in p for p in out), out


def test_rubric_overlap_is_found_with_the_rules_named(repo):
    text = (ROOT / "checklist" / "grooming.yaml").read_text().replace(
        "- id: not-criminalised\n    rating: \"no\"", "- id: not-criminalised\n    rating: \"no\"", 1
    ).replace("    when: {fact: criminalised, is: false}", "    when: {fact: explicit_ict, is: false}", 1)
    _rule_file(repo, text)
    out = run(repo)
    assert any("rubric overlap: rules not-criminalised, ict-not-explicit give different ratings" in p for p in out), out


def test_operator_that_does_not_fit_the_fact_type(repo):
    text = (ROOT / "checklist" / "grooming.yaml").read_text().replace("{fact: criminalised, is: false}", "{fact: criminalised, gte: 3}", 1)
    _rule_file(repo, text)
    assert any("operator 'gte' does not apply to boolean fact 'criminalised'" in p for p in run(repo))


def test_indicator_missing_from_index(repo):
    write(repo / "checklist" / "extra.yaml", (ROOT / "checklist" / "grooming.yaml").read_text().replace("id: grooming", "id: extra"))
    assert any("indicator 'extra' is not listed in checklist/index.yaml" in p for p in run(repo))


def test_validate_cli_reports_on_stderr_with_exit_code_4(repo):
    profile(repo, "groming: {}\n")
    r = Cli(repo)("validate")
    assert r.exit_code == 4
    assert r.stdout == ""
    assert "unknown indicator 'groming' (did you mean 'grooming'?)" in r.stderr
    assert "1 problem in" in r.stderr
    assert "Traceback" not in r.stderr


def test_validate_cli_json(repo):
    profile(repo, "groming: {}\n")
    r = Cli(repo)("validate", "--format", "json")
    import json

    data = json.loads(r.stdout)
    assert r.exit_code == 4
    assert data["problems"][0]["line"] == 12 and data["problems"][0]["field"] == "indicators.groming"


def test_validate_given_paths_only(repo):
    good = profile(repo, GOOD_GROOMING)
    profile(repo, "groming: {}\n", slug="badland")
    r = Cli(repo)("validate", str(good))
    assert r.exit_code == 0, r.stderr
    assert "OK:" in r.stdout


def test_assess_on_broken_profile_exits_4_with_file_and_line(repo):
    profile(repo, "grooming:\n  facts:\n    criminalised: {value: yes}\n")
    r = Cli(repo)("assess", "testland")
    assert r.exit_code == 4
    assert "2024.yaml:14:7:" in r.stderr and "expected true or false" in r.stderr
    assert "Traceback" not in r.stderr


# The standard profile head with its source record replaced by the one under test.
SOURCE_HEAD = PROFILE_HEAD.replace("    title: A test source\n    url: https://example.org/source\n", "{source}\n")
assert SOURCE_HEAD.count("{source}") == 1, "PROFILE_HEAD changed: the source tests would test the standard source"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("    title: 002_4e253fd206637bf2.txt\n    url: https://example.org", "is a file name, not a publication"),
        ("    title: A report\n    seed: 002_4e253fd206637bf2.txt", "unknown field 'seed'"),
        ("    title: A report", "a source needs a url or a document reference"),
        ("    title: A report\n    url: www.example.org", "is not a web address"),
        ("    title: A report\n    url: https://example.org\n    date: 2024-13", "is not a real date"),
        ("    title: A report\n    url: https://example.org\n    accessed: yesterday", "is not a date in the form YYYY-MM-DD"),
        ("    title: A report\n    url: https://example.org\n    kind: blog", "kind"),
    ],
)
def test_a_source_is_a_publication_record(repo, source, expected):
    head = SOURCE_HEAD.format(source=source)
    profile(repo, GOOD_GROOMING, head=head)
    problems = run(repo)
    assert any(expected in p and "sources[0]" in p for p in problems), problems


def test_publication_dates_may_be_a_year_or_a_month(repo):
    head = SOURCE_HEAD.format(source="    title: A report\n    url: https://example.org\n    date: \"2022\"\n"
                                     "    accessed: \"2026-12-02\"\n    kind: ngo-analysis")
    profile(repo, GOOD_GROOMING, head=head)
    assert run(repo) == []


def test_a_commercial_legal_summary_is_a_secondary_source(repo, tmp_path):
    """Before: such a source (the Philippines' RA 11930 summaries on jur.ph) could be given no kind
    at all, as none of the six fitted it."""
    from legalcheck import Repository
    from legalcheck.model import SOURCE_KINDS

    assert "secondary" in SOURCE_KINDS
    head = SOURCE_HEAD.format(source="    title: A law summary\n    url: https://example.org\n    kind: secondary")
    profile(repo, GOOD_GROOMING, head=head)
    assert run(repo) == []
    bundled = Repository()
    phl = bundled.assess("philippines", 2026)
    kinds = {s.id: s.kind for s in phl.sources}
    assert kinds["jurph-ra11930-summary"] == kinds["jurph-ra11930-facts"] == "secondary"
    schema = bundled.profile_schema().schema
    assert "secondary" in schema["$defs"]["Source"]["properties"]["kind"]["anyOf"][0]["enum"]
    out = tmp_path / "site"
    assert Cli()("report", "--countries", "philippines", "--html", str(out)).exit_code == 0
    page = (out / "countries" / "philippines.html").read_text(encoding="utf-8")
    assert '<span class="kind">secondary legal summary</span>' in page


def test_a_quote_is_short_and_reaches_the_evidence(repo):
    quote = "Any person who communicates by any means with a child with the intention to commit an offence"
    profile(repo, f"""
        grooming:
          facts:
            criminalised: {{value: true, citation: {{source: src, quote: "{quote}"}}}}
    """)
    assert run(repo) == []
    out = Cli(repo)("assess", "testland", "--format", "json")
    assert out.exit_code == 0, out.output
    assert quote in out.stdout
    profile(repo, f"""
        grooming:
          facts:
            criminalised: {{value: true, citation: {{source: src, quote: "{'x' * 301}"}}}}
    """)
    assert any("a quote is at most 300 characters" in p for p in run(repo))


def test_a_country_folder_gone_since_it_was_listed_is_one_problem_not_a_traceback(repo, tmp_path, monkeypatch):
    import legalcheck.validation as validation

    profile(repo, GOOD_GROOMING)
    profile(repo, GOOD_GROOMING, slug="otherland")
    listed = validation.list_countries

    def list_then_lose_one(root):
        entries = listed(root)
        (root / "countries" / "testland").rename(tmp_path / "moved-away")
        return entries

    monkeypatch.setattr(validation, "list_countries", list_then_lose_one)
    problems, _ = validate_repository(repo)
    assert len(problems) == 1, problems  # otherland is valid; testland's profile is not read
    assert str(problems[0]).endswith("countries/testland: cannot read the folder (no such file or directory); "
                                     "give legalcheck read access to it, or move it out of countries/")
