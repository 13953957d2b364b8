"""`legalcheck export --datapackage`: validated with the frictionless library, and read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from frictionless import Package, validate

from legalcheck import Repository
from legalcheck.render.datapackage import LIST_SEPARATOR, RATING_VALUES, datapackage_files

from .conftest import Cli


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dp") / "package"
    result = Cli()("export", "--datapackage", str(out))
    assert result.exit_code == 0, result.output
    data = Repository().assessment_set()
    n = len({a.country.slug for a in data.assessments})
    assert f"6 tables ({n} countries, {len(data.assessments)} profiles, {len(data.assessments) * 14} ratings)" in result.output
    return out


def test_the_package_validates(package):
    report = validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    meta = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["profile"] == "tabular-data-package"
    assert meta["licenses"][0]["name"] == "CC-BY-4.0"
    assert any("Strengthening Responses" in s["title"] for s in meta["sources"])
    ratings = next(r for r in meta["resources"] if r["name"] == "ratings")
    assert ratings["schema"]["primaryKey"] == ["country", "year", "indicator"]
    rating = next(f for f in ratings["schema"]["fields"] if f["name"] == "rating")
    assert rating["constraints"]["enum"] == list(RATING_VALUES)
    assert {fk["reference"]["resource"] for fk in ratings["schema"]["foreignKeys"]} == {"profiles", "indicators"}


def test_the_schema_has_teeth(package, tmp_path):
    """A rating outside the enum, and a fact of an indicator that is not in the checklist, are errors."""
    bad = tmp_path / "bad"
    files = {p.relative_to(package): p.read_text(encoding="utf-8") for p in package.rglob("*") if p.is_file()}
    for rel, text in files.items():
        (bad / rel).parent.mkdir(parents=True, exist_ok=True)
        (bad / rel).write_text(text, encoding="utf-8")
    ratings = bad / "data" / "ratings.csv"
    ratings.write_text(ratings.read_text().replace(",grooming,not_assessed,", ",grooming,maybe,", 1))
    facts = bad / "data" / "facts.csv"
    facts.write_text(facts.read_text().replace("afghanistan,2024,grooming,criminalised,", "afghanistan,2024,groomin,criminalised,", 1))
    report = validate(str(bad / "datapackage.json"))
    kinds = {e[0] for e in report.flatten(["type"])}
    assert not report.valid and {"constraint-error", "foreign-key"} <= kinds


def test_reads_back_into_the_same_ratings(package):
    assessments = Repository().assessment_set().assessments
    pkg = Package(str(package / "datapackage.json"))
    rows = {(r["country"], r["year"], r["indicator"]): r for r in pkg.get_resource("ratings").read_rows()}
    expected = {(a.country.slug, a.year, r.indicator): (a, r) for a in assessments for r in a.results}
    assert rows.keys() == expected.keys() and len(rows) == len(assessments) * 14
    for key, (a, r) in expected.items():
        row = rows[key]
        assert row["rating"] == r.rating and row["basis"] == r.basis and row["iso3"] == a.country.iso3
        assert row["from_year"] == a.year
        assert row["criterion"] == r.criterion and row["reported_rating"] == r.reported_rating
        assert row["derived_rating"] == r.derived_rating
        assert tuple((row["possible_ratings"] or "").split(LIST_SEPARATOR)) == (r.possible_ratings or ("",))
        assert tuple(filter(None, (row["excluded_ratings"] or "").split(LIST_SEPARATOR))) == tuple(r.excluded_ratings)
    # The reference points: the Philippines alone is Yes for grooming in 2022, as reported.
    assert rows[("philippines", 2022, "grooming")]["rating"] == "yes"
    assert rows[("philippines", 2022, "grooming")]["basis"] == "reported"
    # Facts: typed 'known', the value and its citation.
    facts = list(pkg.get_resource("facts").read_rows())
    assert len(facts) == sum(len(r.facts) for a in assessments for r in a.results)
    known = [f for f in facts if f["known"] is True]
    assert known and all(f["value"] is not None for f in known)
    assert all(f["value"] is None for f in facts if f["known"] is False)
    by_key = {(f["country"], f["year"], f["indicator"], f["fact"]): f for f in facts}
    sources = {s["source_key"]: s for s in pkg.get_resource("sources").read_rows()}
    flat = lambda t: " ".join(t.split()) if t else None  # noqa: E731 - the package keeps text on one line
    cited = 0
    for a in assessments:
        for r in a.results:
            for f in r.facts:
                row = by_key[(a.country.slug, a.year, r.indicator, f.id)]
                assert row["known"] is f.known
                if f.known:
                    expected = ("true" if f.value else "false") if isinstance(f.value, bool) else (
                        "|".join(map(str, f.value)) if isinstance(f.value, (list, tuple)) else str(f.value))
                    assert row["value"] == expected
                if f.citation:
                    cited += 1
                    c = f.citation
                    assert (row["source"], row["locator"], row["quote"]) == (c.source, flat(c.locator), flat(c.quote))
                    assert (row["instrument"], row["provision"], row["instrument_year"]) == (flat(c.instrument), flat(c.provision), c.year)
                    assert sources[row["source_key"]]["title"] == flat(next(s.title for s in a.sources if s.id == c.source))
    assert cited > 20
    profiles = {(p["country"], p["year"]): p for p in pkg.get_resource("profiles").read_rows()}
    for a in assessments:
        assert str(profiles[(a.country.slug, a.year)]["as_of"]) == a.as_of


def test_no_file_name_and_deterministic(package):
    text = "".join(p.read_text(encoding="utf-8") for p in package.rglob("*") if p.is_file())
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", text)
    again = datapackage_files(Repository().assessment_set())
    assert {k: v for k, v in again.items()} == {str(p.relative_to(package)): p.read_text(encoding="utf-8")
                                                  for p in package.rglob("*") if p.is_file()}


def test_a_region_and_the_refusals(tmp_path):
    out = tmp_path / "saievac"
    result = Cli()("export", "saievac", "--datapackage", str(out), "--licence", "CC0-1.0")
    assert result.exit_code == 0, result.output
    countries = {r["country"] for r in Package(str(out / "datapackage.json")).get_resource("profiles").read_rows()}
    assert countries == {"afghanistan", "bangladesh", "bhutan", "india", "maldives", "nepal", "pakistan", "sri-lanka"}
    assert json.loads((out / "datapackage.json").read_text())["licenses"][0]["name"] == "CC0-1.0"
    # Replaced whole by a second export; a directory of other files is refused.
    assert Cli()("export", "--countries", "nepal", "--datapackage", str(out)).exit_code == 0
    assert {r["country"] for r in Package(str(out / "datapackage.json")).get_resource("profiles").read_rows()} == {"nepal"}
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    result = Cli()("export", "--datapackage", str(mine))
    assert result.exit_code != 0 and "does not hold an earlier legalcheck data package" in result.output
    assert "give --datapackage DIR" in Cli()("export").output


def test_awkward_text_round_trips(repo, tmp_path):
    """Commas, quotes, line breaks, formula-like and markup-like text come back as written."""
    from .conftest import PROFILE_HEAD, profile

    awkward = '=HYPERLINK("http://x", "click"), "quoted"; <script>alert(1)</script>'
    # the standard test profile's head, with an awkward country name, source title and address
    quoted = awkward.replace("'", "''")  # a single-quoted YAML scalar
    head = PROFILE_HEAD
    for old, text in (("name: Testland", 'name: "Test, \\"land\\""'),
                      ("title: A test source", f"title: '{quoted}'"),
                      ("url: https://example.org/source", "url: https://example.org/a?b=1,2")):
        assert head.count(old) == 1, old  # each awkward text really replaces the standard one
        head = head.replace(old, text)
    profile(repo, """
        grooming:
          facts:
            criminalised:
              value: true
              citation:
                source: src
                instrument: "+Penal Code, s. 1"
                note: "-first line, second line"
                quote: "@it is an offence"
    """, head=head)
    assert Cli(repo)("validate").exit_code == 0
    out = tmp_path / "pkg"
    assert Cli(repo)("export", "--datapackage", str(out)).exit_code == 0
    assert validate(str(out / "datapackage.json")).valid
    pkg = Package(str(out / "datapackage.json"))
    profile = next(iter(pkg.get_resource("profiles").read_rows()))
    assert profile["country_name"] == 'Test, "land"'
    source = next(iter(pkg.get_resource("sources").read_rows()))
    assert source["title"] == awkward and source["url"] == "https://example.org/a?b=1,2"
    fact = next(f for f in pkg.get_resource("facts").read_rows() if f["fact"] == "criminalised")
    assert (fact["instrument"], fact["citation_note"], fact["quote"]) == ("+Penal Code, s. 1", "-first line, second line", "@it is an offence")
    assert fact["value"] == "true" and fact["known"] is True
