"""The data layer (data.py): duplicate year files for one year, and names and codes two countries
share."""

from __future__ import annotations

import json

from legalcheck.data import list_countries

from .conftest import PROFILE_HEAD, Cli, profile

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




def test_the_wheel_ships_every_part_of_the_bundled_data():
    """An installed legalcheck (uv tool install, pipx) reads its data from inside the package: every
    part of the repository's data (the checklist, countries, regions.yaml and regions/) is mapped
    into the wheel by pyproject.toml, so e.g. a region defined in regions/ is not lost on install."""
    import tomllib

    from .conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    for part in ("checklist", "countries", "regions.yaml", "regions"):
        if (ROOT / part).exists():
            assert shipped.get(part) == f"legalcheck/data/{part}", part
