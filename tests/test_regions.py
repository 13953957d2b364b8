"""Regions (regions.py): named lists of countries kept as data, read strictly, looked up by id,
alias or name; and the `regions` listing."""

from __future__ import annotations

import json

import pytest

from legalcheck import Repository
from legalcheck.errors import NotFoundError
from legalcheck.regions import Regions, load_regions, resolve_region
from legalcheck.validation import validate_repository

from .conftest import CONSULTATION_FOUR, ROOT, Cli, keep_indicators, write
from .test_matrix import NINE, NO_COLOR, REGIONS


@pytest.fixture
def repo(repo):
    return keep_indicators(repo, CONSULTATION_FOUR)


def problems(repo):
    return [str(p) for p in validate_repository(repo)[0]]


def test_bundled_regions():
    regs = load_regions(ROOT)
    assert list(regs.find("saievac").members) == ["afghanistan", "bangladesh", "bhutan", "india", "maldives", "nepal", "pakistan", "sri-lanka"]
    assert regs.find("South-Asia") is regs.find("saievac")
    asean = regs.find("southeast-asia")
    assert asean.id == "asean" and len(asean.members) == 11 and asean.members[-1] == "timor-leste"
    assert "October 2025" in asean.notes
    assert list(regs.find("consultation-2022").members) == NINE


def test_a_member_without_a_profile_is_not_a_data_error(repo):
    write(repo / "regions.yaml", REGIONS)
    assert problems(repo) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (REGIONS.replace("aliases:", "alias:"),
         "regions.yaml:7:5: regions[0].alias: unknown field 'alias' (did you mean 'aliases'?)"),
        (REGIONS.replace("[testland, otherland]", "[testlnd, otherland]"),
         "regions.yaml:8:15: regions[0].members[0]: unknown country 'testlnd' (did you mean 'testland'"),
        (REGIONS.replace("[testland, otherland]", "[testland, testland]"),
         "regions.yaml:8:25: regions[0].members[1]: 'testland' is listed twice"),
        (REGIONS + "  - {id: tr, name: Again, members: [testland]}\n",
         "regions.yaml:9:6: regions[1].id: 'tr' is already used by region 'test-region'"),
        (REGIONS.replace("testland: {name: Testland, iso3: TLD}", "Test_Land: {name: Testland, iso3: TLD}"),
         "regions.yaml:2:3: countries.Test_Land: a country slug is lower-case words joined by hyphens"),
        (REGIONS.replace("iso3: OTL", "iso3: ot"),
         "regions.yaml:3:32: countries.otherland.iso3: 'ot' is not an ISO 3166 alpha-3 code"),
        # the one check profiles use too: a long value is quoted cut short, as in every problem line
        (REGIONS.replace("iso3: OTL", "iso3: " + "O" * 500),
         "regions.yaml:3:32: countries.otherland.iso3: '" + "O" * 60 + "…' is not an ISO 3166 alpha-3 code (three capital letters)"),
    ],
)
def test_region_file_problems(repo, text, expected):
    write(repo / "regions.yaml", text)
    got = problems(repo)
    assert len(got) >= 1
    assert ("/regions.yaml" + got[0].split("/regions.yaml", 1)[1]).startswith("/" + expected), got


def test_user_region_files_are_read_and_validated(repo, cli):
    write(repo / "regions.yaml", REGIONS)
    write(repo / "regions" / "mine.yaml", "regions:\n  - {id: mine, name: Mine, members: [otherland, nowhere]}\n")
    r = Cli(repo)("validate")
    assert r.exit_code == 4
    assert "regions/mine.yaml:2:49: regions[0].members[1]: unknown country 'nowhere'" in r.stderr
    write(repo / "regions" / "mine.yaml", "regions:\n  - {id: mine, name: Mine, members: [otherland]}\n")
    r = Cli(repo)("regions", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert [x["id"] for x in json.loads(r.stdout)["regions"]] == ["test-region", "mine"]


def test_unknown_region_suggests(cli):
    r = cli("matrix", "saievak")
    assert r.exit_code == 3
    assert r.stdout == ""
    assert r.stderr == "error: unknown region 'saievak' (did you mean 'saievac'?). Run 'legalcheck regions' to list them.\n"


def test_regions_listing(cli, repo):
    r = cli("regions", env=NO_COLOR)
    assert r.exit_code == 0
    assert "saievac" in r.stdout and "Afghanistan," in r.stdout and "Nepal," in r.stdout
    r = Cli(repo)("regions")
    assert r.exit_code == 0 and r.stdout.startswith("No regions defined")


def test_a_region_is_found_by_id_alias_or_name_in_any_case(repo):
    write(repo / "regions.yaml", REGIONS)
    regs = load_regions(repo)
    found = {regs.find(q).id for q in ("test-region", "TR", "Test Region", "test region")}
    assert found == {"test-region"}
    assert regs.find("other-region") is None
    assert regs.countries["otherland"].in_sentence() == "the Otherland"


def test_no_regions_file_means_no_regions_and_a_hint(repo):
    regs = load_regions(repo)
    assert regs == Regions({}, ())
    with pytest.raises(NotFoundError) as e:
        resolve_region(regs, "asia")
    assert e.value.hint == "no-regions" and "defines no regions" in e.value.message


def test_the_library_lists_regions_with_who_has_a_profile():
    listing = Repository(ROOT).region_listing()
    saievac = next(r for r in listing.regions.regions if r.id == "saievac")
    assert "nepal" in listing.with_profile and set(saievac.members) >= {"nepal", "afghanistan"}
