"""`init`, `new-country` and `schema`: a new repository and country from nothing, and the JSON
Schema checked against every bundled profile and against validate on broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from legalcheck.data import list_countries, read_profile
from legalcheck.profile_schema import FIELD_HELP, SCHEMA_FILE, build_schema, profile_fields
from legalcheck.render.markdown.field_reference import field_reference_markdown
from legalcheck.validation import validate_repository
from legalcheck import model
from legalcheck.yamlload import load_file

from .conftest import ROOT, Cli, profile

BUNDLED_PROFILES = [p for e in list_countries(ROOT) for y in e.years for p in e.files(y)]


# --------------------------------------------------------------------------- init + new-country


def test_init_makes_a_repository_every_command_accepts(tmp_path):
    target = tmp_path / "ours"
    r = Cli()("init", str(target))
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (target / "checklist").glob("*.yaml")) == sorted(p.name for p in (ROOT / "checklist").glob("*.yaml"))
    assert (target / "regions.yaml").read_bytes() == (ROOT / "regions.yaml").read_bytes()
    assert "legalcheck --data DIR validate" in (target / "README.md").read_text(encoding="utf-8")
    assert ".*.partial" in (target / ".gitignore").read_text(encoding="utf-8")
    assert json.loads((target / SCHEMA_FILE).read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")
    assert not list(tmp_path.glob(".ours.*"))  # no temporary directory left behind
    r = Cli(target)("validate")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("OK:")


def test_init_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "x.txt").write_text("mine", encoding="utf-8")
    r = Cli()("init", str(tmp_path))
    assert r.exit_code == 5
    assert r.stderr == f"error: {tmp_path}: the directory is not empty; init makes a new repository in a new or empty directory\n"
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == "mine"


def test_new_country_skeleton_validates_and_lists_every_fact(tmp_path, checklist):
    target = tmp_path / "ours"
    Cli()("init", str(target))
    r = Cli(target)("new-country", "Côte d'Ivoire", "--iso2", "ci", "--iso3", "civ", "--year", "2024", "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    path = target / "countries" / "cote-d-ivoire" / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../profile.schema.json\n")
    for ind in checklist.indicators:
        for fid, spec in ind.facts.items():
            assert f"      {fid}:\n        value: unknown\n" in text
    prof, problems = read_profile(path, checklist)
    assert problems == []
    assert (prof.country.name, prof.country.iso2, prof.country.iso3, prof.as_of, prof.status) == ("Côte d'Ivoire", "CI", "CIV", "2024-06-30", "draft")
    assert all(not fe.known for e in prof.indicators.values() for fe in e.facts.values())
    # The schema accepts it too, and an assessment runs: every indicator not assessed.
    data = load_file(path).data
    jsonschema.Draft202012Validator(json.loads((target / SCHEMA_FILE).read_text(encoding="utf-8"))).validate(data)
    r = Cli(target)("assess", "CIV", "--format", "json")
    assert r.exit_code == 0
    assert {i["rating"] for i in json.loads(r.stdout)["results"]} == {"not_assessed"}


def test_new_country_refuses_an_existing_country_and_a_taken_code(repo):
    cli = Cli(repo)
    assert cli("new-country", "Kenya", "--iso2", "KE", "--iso3", "KEN", "--year", "2024").exit_code == 0
    r = cli("new-country", "Kenya", "--iso2", "KE", "--iso3", "KEN", "--year", "2025")
    assert r.exit_code == 5
    assert r.stderr == "error: kenya already exists (countries/kenya has 2024); to start another year of it: legalcheck new-year COUNTRY YEAR\n"
    r = cli("new-country", "Kenia", "--iso2", "KY", "--iso3", "KEN", "--year", "2025")
    assert r.exit_code == 2
    assert r.stderr == "error: the ISO code 'KEN' is already used by kenya; to start another year of it: legalcheck new-year COUNTRY YEAR\n"
    r = cli("new-country", "Japan", "--iso2", "JPN", "--iso3", "JPN")
    assert r.exit_code == 2
    assert "not an ISO 3166 alpha-2 code" in r.stderr
    assert not (repo / "countries" / "japan").exists()


def test_new_year_for_a_country_without_a_profile_points_to_new_country(repo):
    profile(repo, "{}")  # one other country, so that the repository is not empty
    r = Cli(repo)("new-year", "Kenya", "2024")
    assert r.exit_code == 3
    assert r.stderr == ("error: unknown country 'Kenya'; to start a country that has no profile yet: legalcheck new-country "
                        "NAME --iso2 XX --iso3 XXX --year YEAR, or fill in an Excel questionnaire: legalcheck questionnaire "
                        "NAME --year YEAR --xlsx FILE\n")


# --------------------------------------------------------------------------- schema


@pytest.fixture(scope="module")
def validator(checklist):
    schema = build_schema(checklist)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", BUNDLED_PROFILES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_every_bundled_profile_validates_against_the_schema(path, validator):
    errors = list(validator.iter_errors(load_file(path).data))
    assert errors == []


def test_the_committed_schema_and_field_reference_are_up_to_date(checklist):
    from legalcheck.profile_schema import schema_text

    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(checklist), \
        "regenerate: legalcheck schema -o profile.schema.json"
    assert (ROOT / "docs" / "field-reference.md").read_text(encoding="utf-8") == field_reference_markdown(checklist), \
        "regenerate: legalcheck schema --format markdown -o docs/field-reference.md"


def test_every_profile_field_is_described():
    for cls in (model.Profile, model.Country, model.Source, model.IndicatorEntry, model.FactEntry, model.Reading,
                model.Citation, model.Reported):
        for name, _, _ in profile_fields(cls):
            assert (cls.__name__, name) in FIELD_HELP, f"describe {cls.__name__}.{name} in profile_schema.FIELD_HELP"


def test_schema_carries_the_fact_questions_types_and_ranges(checklist):
    schema = build_schema(checklist)
    facts = schema["properties"]["indicators"]["properties"]["age-of-consent"]["properties"]["facts"]["properties"]
    age = facts["age"]
    assert age["description"].startswith("The age of sexual consent, in years.")
    known = age["properties"]["value"]["anyOf"][0]
    spec = checklist.get("age-of-consent").facts["age"]
    assert known == {"type": "integer", "minimum": spec.min, "maximum": spec.max}
    enum_fact = next(f for f, s in checklist.get("age-of-consent").facts.items() if s.type == "enum")
    assert facts[enum_fact]["properties"]["value"]["anyOf"][0] == {"enum": list(checklist.get("age-of-consent").facts[enum_fact].values)}


GOOD = """\
country: {name: Testland, iso2: TL, iso3: TLD}
year: 2024
as_of: "2024-01-31"
sources:
  - {id: src, title: A test source, url: "https://example.org/source"}
indicators:
  grooming:
    facts:
      criminalised:
        value: true
        citation: {source: src, provision: s. 1}
    reported: {rating: partial, source: src}
  age-of-consent:
    facts:
      age:
        value: 16
        citation: {source: src}
"""

# (change to the good profile, field path both must name, words validate's message contains)
BROKEN = [
    (("unknown field", "grooming: {critminalised: x}"), ("criminalised:\n        value: true", "critminalised:\n        value: true"),
     "indicators.grooming.facts.critminalised", "has no fact 'critminalised'"),
    (("enum value",), ("value: true", "value: maybe"), "indicators.grooming.facts.criminalised.value", "expected true or false"),
    (("out of range",), ("value: 16", "value: 9"), "indicators.age-of-consent.facts.age.value", "outside the declared range"),
    (("unknown indicator",), ("  grooming:\n", "  groomin:\n"), "indicators.groomin", "unknown indicator 'groomin'"),
    (("missing field",), ("as_of: \"2024-01-31\"\n", ""), "", "required field 'as_of' is missing"),
    (("iso2",), ("iso2: TL", "iso2: tl"), "country.iso2", "not an ISO 3166 alpha-2 code"),
    (("date",), ('as_of: "2024-01-31"', 'as_of: "31/01/2024"'), "as_of", "not a date in the form YYYY-MM-DD"),
    (("source without a place",), (', url: "https://example.org/source"', ""), "sources[0]", "a source needs a url"),
    (("citation field",), ("provision: s. 1", "section: s. 1"), "indicators.grooming.facts.criminalised.citation.section", "unknown field 'section'"),
    (("reported",), ("rating: partial, source: src", "rating: partial, excludes: [yes], source: src"), "indicators.grooming.reported",
     "give either the source's rating"),
    (("quote too long",), ("provision: s. 1", "provision: s. 1, quote: " + "w" * 301), "indicators.grooming.facts.criminalised.citation.quote",
     "a quote is at most 300 characters"),
    (("source kind",), ('url: "https://example.org/source"', 'url: "https://example.org/source", kind: blog'), "sources[0].kind", "is not allowed here"),
    (("rating word",), ("rating: partial", "rating: partly"), "indicators.grooming.reported.rating", "is not allowed here"),
]


def _schema_path(error) -> str:
    from legalcheck.yamlload import format_path

    return format_path(tuple(error.absolute_path))


@pytest.mark.parametrize("label, change, field, words", BROKEN, ids=[b[0][0] for b in BROKEN])
def test_a_broken_profile_fails_the_schema_for_the_reason_validate_gives(repo, validator, label, change, field, words):
    old, new = change
    assert old in GOOD
    path = repo / "countries" / "testland" / "2024.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(GOOD, encoding="utf-8")
    assert validate_repository(repo)[0] == []
    assert list(validator.iter_errors(load_file(path).data)) == []
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    problems, _ = validate_repository(repo)
    assert len(problems) == 1, problems
    assert problems[0].field == field and words in problems[0].message, problems[0]
    errors = list(validator.iter_errors(load_file(path).data))
    assert errors, "the schema accepted a profile validate refuses"
    # The schema's best error is at the same place: the same field, the mapping an unknown or
    # missing key is in, or (for a rule across two fields) one of those fields.
    best = jsonschema.exceptions.best_match(errors)
    where = _schema_path(best)
    assert where == field or (best.validator in ("additionalProperties", "required") and field.startswith(where)) \
        or (best.validator != "additionalProperties" and where.startswith(field + ".")), (best.message, where)
    if words.startswith(("unknown field", "has no fact", "unknown indicator")):
        assert best.validator == "additionalProperties" and repr(field.split(".")[-1]) in best.message
    if "required field" in words:
        assert best.validator == "required" and "'as_of'" in best.message


def test_the_user_guide_documents_the_commands_that_exist():
    readme = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    for command in ("init", "new-country", "questionnaire", "import", "schema"):
        r = Cli()(command, "--help")
        assert r.exit_code == 0 and "Examples:" in r.stdout
        assert f"| `legalcheck {command} " in readme
    assert "## Adding a country" in readme and "(field-reference.md)" in readme


@pytest.mark.parametrize("written, message", [
    ("criminalised: unknown", "a fact no source states needs no entry: leave it out (or write 'value: unknown' on the line below it)"),
    ("criminalised:", "a fact no source states needs no entry: leave it out (or write 'value: unknown' on the line below it)"),
    ("criminalised: true", "write the fact's value on the line below it, with its citation ('value: true', then 'citation:' "
                           "with source, instrument, provision, quote)"),
])
def test_a_fact_written_as_a_bare_value_says_how_to_write_it(repo, written, message):
    path = repo / "countries" / "testland" / "2024.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(GOOD.replace("criminalised:\n        value: true\n        citation: {source: src, provision: s. 1}", written), encoding="utf-8")
    problems, _ = validate_repository(repo)
    assert [(p.line, p.field, p.message) for p in problems] == [(9, "indicators.grooming.facts.criminalised", message)]


def test_the_data_installed_inside_the_package_is_never_written():
    import legalcheck
    from legalcheck.errors import UsageError
    from legalcheck.scaffold import check_own_repository

    with pytest.raises(UsageError, match="make a repository of your own") as e:
        check_own_repository(Path(legalcheck.__file__).parent / "data")
    assert e.value.hint == "init"
    check_own_repository(ROOT)  # a source checkout is a repository like any other


def test_the_schema_command_prints_the_schema_or_the_field_reference(checklist, tmp_path):
    r = Cli()("schema")
    assert r.exit_code == 0
    assert json.loads(r.stdout) == build_schema(checklist)
    r = Cli()("schema", "--format", "markdown")
    assert r.exit_code == 0 and r.stdout == field_reference_markdown(checklist)
    out = tmp_path / "profile.schema.json"
    r = Cli()("schema", "-o", str(out))
    assert r.exit_code == 0 and json.loads(out.read_text(encoding="utf-8")) == build_schema(checklist)
