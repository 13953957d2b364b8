"""Validation of parsed YAML against the model (schema.py): every pydantic error becomes a Problem
naming the file, line and column of the offending value, the field path, and a did-you-mean."""

from __future__ import annotations

from legalcheck import schema
from legalcheck.model import Country, Source
from legalcheck.yamlload import parse_text


def check(cls, text: str):
    return schema.validate(cls, parse_text(text, "countries/testland/2024.yaml"))


def test_a_valid_mapping_becomes_the_dataclass():
    country, problems = check(Country, "name: Testland\niso2: TL\niso3: TLD\n")
    assert problems == [] and country.name == "Testland" and country.iso3 == "TLD"


def test_a_misspelt_key_is_named_at_its_line_with_a_suggestion():
    _, problems = check(Source, "id: src\ntitle: A report\npublsher: ECPAT\n")
    assert [str(p) for p in problems] == [
        "countries/testland/2024.yaml:3:1: publsher: unknown field 'publsher' (did you mean 'publisher'?)"]


def test_a_missing_field_is_named():
    _, problems = check(Source, "id: src\n")
    assert [str(p) for p in problems] == ["countries/testland/2024.yaml:1:1: required field 'title' is missing"]


def test_a_wrong_type_says_what_was_found_in_plain_words():
    _, problems = check(Country, "name: [Testland]\niso2: TL\niso3: TLD\n")
    assert len(problems) == 1
    p = problems[0]
    assert (p.line, p.field) == (1, "name") and "list" in p.message
    assert "pydantic" not in p.message and "Input should be" not in p.message


def test_not_a_mapping_and_an_empty_file():
    _, problems = check(Country, "- a\n- b\n")
    assert "expected a mapping" in problems[0].message
    _, problems = check(Country, "")
    assert problems[0].message == "the file is empty"


def test_core_schemas_py_is_what_pydantic_builds_now():
    """core_schemas.py holds pydantic's schemas for the classes validated from YAML (so a run needs
    pydantic-core only); after a change to model.py or regions.py, `python -m legalcheck.schema`
    rewrites it (until then pydantic builds the schemas, slower but the same)."""
    from pathlib import Path

    written = Path(schema.__file__).with_name("core_schemas.py").read_text(encoding="utf-8")
    assert written == schema.core_schemas_source(), "run: uv run python -m legalcheck.schema"
    for name in schema.PREBUILT:
        module, cls = name.rsplit(".", 1)
        assert schema._prebuilt(getattr(__import__(module, fromlist=[cls]), cls)) is not None, name


def test_a_class_changed_since_core_schemas_py_was_written_is_validated_by_pydantic(monkeypatch):
    from legalcheck import core_schemas
    from legalcheck.model import Profile

    schema_, config, classes, shape = core_schemas.SCHEMAS["legalcheck.model.Profile"]
    monkeypatch.setitem(core_schemas.SCHEMAS, "legalcheck.model.Profile", (schema_, config, classes, "stale"))
    assert schema._prebuilt(Profile) is None
    monkeypatch.setitem(core_schemas.SCHEMAS, "legalcheck.model.Profile", (schema_, config, classes, shape))
    monkeypatch.setattr(core_schemas, "PYDANTIC_CORE", "0.0.0")
    assert schema._prebuilt(Profile) is None
    assert schema._prebuilt(Country) is None  # not written out: pydantic builds it
    _, problems = check(Country, "name: Testland\niso2: TL\niso3: TLD\nextra: 1\n")
    assert [p.message for p in problems] == ["unknown field 'extra'; allowed: name, iso2, iso3, aliases"]
