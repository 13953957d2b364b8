"""Review findings on the data layer: duplicate year files, shared names and codes, output into
the data root, profiles with a byte-order mark, and the country count's plural."""

from __future__ import annotations

import json

from legalcheck.data import list_countries

from .conftest import PROFILE_HEAD, Cli, profile, write

GOOD_GROOMING = """
    grooming:
      facts:
        criminalised: {value: false, citation: {source: src}}
"""


def test_two_files_for_one_year_is_invalid_data(repo):
    profile(repo, GOOD_GROOMING, year=2020)
    good = profile(repo, GOOD_GROOMING, year=2022)
    # A broken .yml next to a good .yaml for the same year.
    (good.parent / "2022.yml").write_text(good.read_text(encoding="utf-8").replace("as_of:", "az_of:"), encoding="utf-8")
    cli = Cli(repo)

    r = cli("validate")
    assert r.exit_code == 4
    assert "2022.yaml and " in r.stderr and "2022.yml" in r.stderr and "two profiles for one year" in r.stderr
    assert "unknown field 'az_of'" in r.stderr  # the .yml is read, not skipped

    assert list_countries(repo)[0].years == (2020, 2022)

    for args in (("diff", "testland"), ("assess", "testland", "--year", "2022"), ("countries", "-f", "json")):
        r = cli(*args)
        assert r.exit_code == 4, (args, r.stdout)
        assert "two profiles for one year" in r.stderr
        assert "2022 → 2022" not in r.stdout
    assert cli("assess", "testland", "--year", "2020").exit_code == 0


ZEDLAND_HEAD = (PROFILE_HEAD.replace("Testland", "Zedland").replace("TL\n", "ZL\n")
                .replace("iso3: TLD\n", "iso3: TLD\n  aliases: [Zed, Testland]\n"))


def test_a_name_or_code_shared_by_two_countries(repo):
    profile(repo, GOOD_GROOMING)
    profile(repo, GOOD_GROOMING, slug="zedland", head=ZEDLAND_HEAD)
    cli = Cli(repo)

    r = cli("validate")
    assert r.exit_code == 4
    lines = r.stderr.splitlines()
    assert any(ln.endswith("2024.yaml:4:3: country.iso3: 'TLD' is also the iso3 of testland "
                           f"({repo}/countries/testland/2024.yaml); a name, alias or ISO code must name one country only")
               and "zedland" in ln for ln in lines), r.stderr
    assert any("2024.yaml:5:18: country.aliases[1]: 'Testland' is also the name of testland" in ln for ln in lines), r.stderr

    r = cli("assess", "TLD")
    assert r.exit_code == 3
    assert "'TLD' is ambiguous" in r.stderr and "testland, zedland" in r.stderr and "give the slug" in r.stderr
    assert r.stdout == ""
    # The slug is never ambiguous, and a code only one country has still works.
    assert cli("assess", "zedland").exit_code == 0
    r = cli("assess", "ZL", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["country"]["slug"] == "zedland"


def test_output_never_overwrites_the_region_definitions(repo):
    profile(repo, GOOD_GROOMING)
    regions = write(repo / "regions.yaml", """
        countries:
          testland: {name: Testland, iso3: TLD}
        regions:
          - id: test-region
            name: Test region
            members: [testland]
    """)
    before = regions.read_bytes()
    (repo / "regions").mkdir()
    cli = Cli(repo)
    assert cli("validate").exit_code == 0

    for target in (regions, repo / "regions" / "extra.yaml"):
        r = cli("assess", "testland", "-o", str(target))
        assert r.exit_code == 5, r.stdout
        assert f"{target}: refusing to write into the assessment data" in r.stderr
    assert regions.read_bytes() == before
    assert list((repo / "regions").iterdir()) == []
    # Beside the data, outside its parts, is still fine.
    r = cli("assess", "testland", "-o", str(repo / "report.md"))
    assert r.exit_code == 0, r.stderr
    assert "Testland" in (repo / "report.md").read_text(encoding="utf-8")


def test_new_year_copies_a_profile_saved_with_a_byte_order_mark(repo):
    source = profile(repo, GOOD_GROOMING, year=2022)
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


def test_one_country_is_not_counted_as_countries(repo, tmp_path):
    profile(repo, GOOD_GROOMING)
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
