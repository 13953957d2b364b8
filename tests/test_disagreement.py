"""Sources that disagree about a fact (``other_readings``): recorded both ways, rated under every
reading (the range they allow together), named in every output, checked strictly, and kept (or
refused in plain words) by the questionnaire round trip. On the real rules and the real Myanmar
profile, whose age of consent NCMEC's legal summary gives as 15 and Lann Pya's page as 16."""

from __future__ import annotations

import csv
import io
import json
import shutil

import jsonschema
import pytest
from openpyxl import load_workbook

from legalcheck.data import list_countries, load_profile, read_profile
from legalcheck.engine import assess
from legalcheck.profile_schema import build_schema
from legalcheck.questionnaire.apply import import_questionnaire
from legalcheck.questionnaire.prepare import prepare
from legalcheck.render.xlsx.questionnaire import write_questionnaire
from legalcheck.validation import validate_repository
from legalcheck.yamlload import load_file

from .conftest import ROOT, Cli, profile
from .test_questionnaire import _fill, column, fact_row

NCMEC = "ncmec-legal-summary-myanmar"
LANN_PYA = "lann-pya-women"


# --------------------------------------------------------------------------- the real profile


@pytest.fixture(scope="module")
def myanmar(checklist):
    entry = next(e for e in list_countries(ROOT) if e.slug == "myanmar")
    return assess(checklist, load_profile(ROOT, entry, 2026, checklist))


def test_myanmar_age_of_consent_is_the_range_both_readings_allow(myanmar):
    r = myanmar.result("age-of-consent")
    # NCMEC's 15 gives No (under 16); Lann Pya's 16 gives Partial or No (the exemption is unknown).
    assert (r.rating, r.basis, r.possible_ratings, r.missing_facts) == \
        ("partial_or_no", "derived", ("partial", "no"), ("exemption",))
    assert r.disagreement == f"Sources disagree on age: [{NCMEC}] says 15, [{LANN_PYA}] says 16."
    assert r.reason.startswith(r.disagreement)
    assert "With age 15: No; with age 16: Partial or No, depending on exemption." in r.reason
    assert myanmar.summary.disagreements == 1 and myanmar.summary.counts["no"] == 0


def test_both_readings_are_cited_with_their_own_quotes(myanmar):
    r = myanmar.result("age-of-consent")
    age = next(f for f in r.facts if f.id == "age")
    assert age.value == 15 and age.citation.source == NCMEC
    assert "females under 15 years of age cannot consent" in age.citation.quote
    (other,) = age.other_readings
    assert other.value == 16 and other.citation.source == LANN_PYA and other.citation.fact == "age"
    assert other.citation.quote == ("Under Myanmar law, rape occurs when man has sexual intercourse with a female "
                                    "person under 16 years of age, regardless of consent.")
    assert [(c.source, c.fact) for c in r.citations] == [(NCMEC, "age"), (LANN_PYA, "age")]
    assert LANN_PYA in {s.id for s in myanmar.sources}


def test_json_carries_the_readings(cli):
    data = json.loads(cli("assess", "myanmar", "--format", "json").stdout)
    r = next(x for x in data["results"] if x["indicator"] == "age-of-consent")
    age = next(f for f in r["facts"] if f["id"] == "age")
    assert [(o["value"], o["citation"]["source"]) for o in age["other_readings"]] == [(16, LANN_PYA)]
    assert r["rating"] == "partial_or_no" and "says 16" in r["disagreement"]


def test_the_brief_gives_both_values_and_both_sources(cli):
    text = cli("assess", "myanmar", "--format", "markdown").stdout
    section = text.split("## Age of sexual consent")[1].split("\n## ")[0]
    assert "**15 or 16 (the sources disagree).**" in section
    ncmec_ref = section.split("National Center for Missing & Exploited Children [")[1].split("]")[0]
    lann_ref = section.split("Lann Pya [")[1].split("]")[0]
    assert f"[{ncmec_ref}] gives 15; Lann Pya [{lann_ref}] gives 16." in section
    refs = text.split("## References")[1]
    assert f"\n{lann_ref}. Penal Code. Source: Lann Pya" in refs and "under 16 years of age, regardless of consent" in refs
    assert f"\n{ncmec_ref}. Penal Code." in refs and "females under 15 years of age" in refs
    assert "[lann-pya-women]" not in text and "[ncmec-legal-summary-myanmar]" not in text  # no internal ids


def test_the_terminal_names_the_disagreement_and_cites_both(cli):
    out = cli("assess", "myanmar", env={"NO_COLOR": "1", "COLUMNS": "200"}).stdout
    assert "Partial or No" in out and "⚠ Sources disagree on age:" in out
    assert f"age: Penal Code [{LANN_PYA}, Rape]" in out and f"age: Penal Code [{NCMEC}, Legal definitions]" in out


def test_the_matrix_marks_the_cell(cli):
    out = cli("matrix", "asean", "--indicators", "age-of-consent", env={"NO_COLOR": "1"}).stdout
    row = next(line for line in out.splitlines() if line.startswith("Myanmar"))
    assert "◔ P/N!" in row and "! sources disagree" in out


def test_the_web_report_shows_the_other_reading_with_its_citation(cli, tmp_path):
    r = cli("report", "--countries", "myanmar", "--html", str(tmp_path / "site"))
    assert r.exit_code == 0, r.stderr
    page = (tmp_path / "site" / "countries" / "myanmar.html").read_text(encoding="utf-8")
    article = page.split('id="age-of-consent"')[1].split("</article>")[0]
    assert "Another source gives <strong>16</strong>" in article and "regardless of consent" in article
    assert "Sources disagree on age" in article


def test_the_data_package_has_a_readings_table(cli, tmp_path):
    r = cli("export", "--countries", "myanmar", "--datapackage", str(tmp_path / "pkg"))
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "pkg" / "data" / "readings.csv").read_text(encoding="utf-8"))))
    assert [(x["country"], x["year"], x["fact"], x["reading"], x["value"], x["source_key"]) for x in rows] == \
        [("myanmar", "2026", "age", "1", "16", f"myanmar/2026/{LANN_PYA}")]
    sources = (tmp_path / "pkg" / "data" / "sources.csv").read_text(encoding="utf-8")
    assert f"myanmar/2026/{LANN_PYA}," in sources  # the foreign key resolves


# --------------------------------------------------------------------------- the engine, on the real rules


def _result(repo, checklist, facts_yaml, extra=""):
    head_sources = "  - id: other\n    title: Another test source\n    url: https://example.org/other\n"
    from .conftest import PROFILE_HEAD

    profile(repo, f"age-of-consent:\n  facts:\n{facts_yaml}{extra}", head=PROFILE_HEAD.replace("indicators:\n", head_sources + "indicators:\n"))
    entry = list_countries(repo)[0]
    return assess(checklist, load_profile(repo, entry, 2024, checklist)).result("age-of-consent")


def _age(value, *others, exemption=None):
    text = (f"    age:\n      value: {value}\n      citation: {{source: src, quote: \"age {value}\"}}\n"
            "      other_readings:\n")
    for v in others:
        text += f"        - {{value: {v}, citation: {{source: other, quote: \"age {v}\"}}}}\n"
    if exemption:
        text += f"    exemption: {{value: {exemption}, citation: {{source: src}}}}\n"
    return text


def test_readings_that_give_the_same_rating_settle_it_and_still_name_the_disagreement(repo, checklist):
    r = _result(repo, checklist, _age(14, 15))
    assert (r.rating, r.basis, r.criterion) == ("no", "derived", "under-16")
    assert r.disagreement == "Sources disagree on age: [src] says 14, [other] says 15."
    assert "every reading gives No" in r.reason


def test_readings_that_differ_give_the_hull_of_their_ratings(repo, checklist):
    r = _result(repo, checklist, _age(16, 18, exemption="close_in_age"))
    assert (r.rating, r.possible_ratings, r.missing_facts) == ("yes_or_partial", ("yes", "partial"), ())
    assert "With age 16: Partial; with age 18: Yes." in r.reason
    r = _result(repo, checklist, _age(15, 16, 18, exemption="close_in_age"))
    assert r.rating == "not_assessed" and r.possible_ratings == ("yes", "partial", "no")  # no neighbouring pair
    assert "[other] says 16, [other] says 18" in r.disagreement


def test_a_source_ruling_a_rating_out_applies_to_every_reading(repo, checklist):
    r = _result(repo, checklist, _age(15, 16, exemption="close_in_age"),
                extra="  reported: {excludes: [\"no\"], source: src}\n")
    # 15 gives No, which the source rules out; 16 with the exemption gives Partial: Partial, by elimination.
    assert (r.rating, r.basis) == ("partial", "reported")
    assert r.disagreement.startswith("Sources disagree on age:")


def test_a_fact_without_readings_is_rated_as_before(repo, checklist):
    r = _result(repo, checklist, "    age: {value: 15, citation: {source: src}}\n")
    assert (r.rating, r.disagreement) == ("no", None)
    assert all(f.other_readings == () for f in r.facts)


def test_too_many_readings_built_in_memory_are_not_evaluated_one_by_one(checklist):
    """Validation refuses more than 16 combinations; a profile built in Python is not validated, and
    the engine declines rather than evaluating thousands of them."""
    import dataclasses

    from legalcheck.model import Citation, FactEntry, IndicatorEntry, Reading

    entry = next(e for e in list_countries(ROOT) if e.slug == "myanmar")
    real = load_profile(ROOT, entry, 2026, checklist)
    readings = tuple(Reading(v, Citation(LANN_PYA, quote="q")) for v in (16, 17, 18))
    facts = {f: FactEntry(v, Citation(NCMEC, quote="q"), other_readings=readings if f == "age" else
                          tuple(Reading(x, Citation(LANN_PYA, quote="q")) for x in ("similar_age_defence", "none")))
             for f, v in (("age", 15), ("exemption", "close_in_age"))}
    ok = dataclasses.replace(real, indicators={"age-of-consent": IndicatorEntry(facts=facts)})
    r = assess(checklist, ok).result("age-of-consent")  # 4 x 3 = 12 combinations: rated
    assert r.rating == "not_assessed" and set(r.possible_ratings) == {"yes", "partial", "no", "not_assessed"}
    many = dict(facts, age=dataclasses.replace(facts["age"], other_readings=tuple(
        Reading(v, Citation(LANN_PYA, quote="q")) for v in range(16, 22))))
    big = dataclasses.replace(real, indicators={"age-of-consent": IndicatorEntry(facts=many)})
    r = assess(checklist, big).result("age-of-consent")  # 7 x 3 = 21 combinations: declined
    assert (r.rating, r.reason) == ("not_assessed", "Too many combinations of the sources' readings to work out the rating.")


# --------------------------------------------------------------------------- validation


BROKEN = [
    ("equal to the value", "{value: 15, citation: {source: other, quote: q}}",
     "other_readings[0].value", "gives the same value as the fact (15)"),
    ("repeated", "{value: 16, citation: {source: other, quote: q}}\n        - {value: 16, citation: {source: src, quote: q}}",
     "other_readings[1].value", "repeats the value of reading 1 (16)"),
    ("another type", "{value: \"16\", citation: {source: other, quote: q}}", "other_readings[0].value", "expected a whole number"),
    ("out of range", "{value: 30, citation: {source: other, quote: q}}", "other_readings[0].value", "outside the declared range"),
    ("unknown", "{value: unknown, citation: {source: other, quote: q}}", "other_readings[0].value", "a reading needs a value"),
    ("unknown source", "{value: 16, citation: {source: nowhere, quote: q}}", "other_readings[0].citation.source",
     "unknown source 'nowhere'"),
    ("no quote", "{value: 16, citation: {source: other}}", "other_readings[0].citation", "a reading needs a short verbatim quote"),
    ("no citation", "{value: 16}", "other_readings[0]", "required field 'citation' is missing"),
    ("too many", "{value: 16, citation: {source: other, quote: q}}\n        - {value: 17, citation: {source: other, quote: q}}\n"
     "        - {value: 18, citation: {source: other, quote: q}}\n        - {value: 19, citation: {source: other, quote: q}}",
     "other_readings", "4 other readings; at most 3 per fact"),
]


def _readings_profile(repo, readings: str, value: str = "15", quote: str = ", quote: q") -> None:
    from .conftest import PROFILE_HEAD

    head = PROFILE_HEAD.replace("indicators:\n", "  - id: other\n    title: Another\n    url: https://example.org/o\nindicators:\n")
    items = "".join(f"          - {one}\n" for one in readings.split("\n        - "))
    profile(repo, f"age-of-consent:\n  facts:\n    age:\n      value: {value}\n"
                  f"      citation: {{source: src{quote}}}\n      other_readings:\n{items}", head=head)


@pytest.mark.parametrize("label, readings, field, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_validate_refuses_a_bad_reading_naming_line_and_field(repo, label, readings, field, words):
    _readings_profile(repo, readings)
    problems, _ = validate_repository(repo)
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.field == f"indicators.age-of-consent.facts.age.{field}" and words in p.message, p
    assert p.line is not None and p.file.endswith("testland/2024.yaml")


def test_validate_refuses_readings_beside_an_unknown_or_unquoted_value(repo, cli):
    _readings_profile(repo, "{value: 16, citation: {source: other, quote: q}}", value="unknown")
    problems, _ = validate_repository(repo)
    assert [(p.field, p.message.split(":")[0]) for p in problems] == \
        [("indicators.age-of-consent.facts.age.value", "a fact with other readings needs its own value")]
    _readings_profile(repo, "{value: 16, citation: {source: other, quote: q}}", quote="")
    r = Cli(repo)("validate")
    assert r.exit_code == 4 and "traceback" not in r.output.lower()
    line = (repo / "countries" / "testland" / "2024.yaml").read_text().splitlines().index("        citation: {source: src}") + 1
    assert f"2024.yaml:{line}:" in r.output
    assert "indicators.age-of-consent.facts.age.citation: a fact with other readings needs a short verbatim quote" in r.output


def test_the_schema_takes_the_real_readings_and_refuses_a_bad_one(checklist):
    validator = jsonschema.Draft202012Validator(build_schema(checklist))
    data = load_file(ROOT / "countries" / "myanmar" / "2026.yaml").data
    assert list(validator.iter_errors(data)) == []
    age = data["indicators"]["age-of-consent"]["facts"]["age"]
    age["other_readings"][0]["value"] = "16"  # text, not a whole number
    assert list(validator.iter_errors(data))
    age["other_readings"][0] = {"value": 16, "citation": {"source": LANN_PYA}}  # no quote
    assert list(validator.iter_errors(data))


# --------------------------------------------------------------------------- the questionnaire round trip


@pytest.fixture
def myanmar_repo(repo):
    shutil.copytree(ROOT / "countries" / "myanmar", repo / "countries" / "myanmar")
    shutil.copyfile(ROOT / "regions.yaml", repo / "regions.yaml")
    return repo


def _questionnaire(repo, tmp_path):
    path = tmp_path / "myanmar.xlsx"
    write_questionnaire(prepare(repo, "myanmar", 2026), path)
    return path


def test_the_questionnaire_shows_the_readings_and_an_unedited_one_keeps_them(myanmar_repo, tmp_path, checklist):
    path = _questionnaire(myanmar_repo, tmp_path)
    ws = load_workbook(path)["Facts"]
    row = fact_row(ws, "age-of-consent", "age")
    col = column(ws, "Other readings (sources that disagree; shown only: edit them in the profile)")
    shown = ws.cell(row=row, column=col)
    assert shown.value.startswith(f'16 ({LANN_PYA}, Penal Code: "Under Myanmar law, rape occurs')
    assert shown.protection.locked and ws.cell(row=row, column=5).value == 15
    result = import_questionnaire(myanmar_repo, path, checklist)
    assert result.problems == [] and not result.changed


def test_an_edited_answer_keeps_the_readings(myanmar_repo, tmp_path, checklist):
    path = _questionnaire(myanmar_repo, tmp_path)
    _fill(path, {("Facts", ("age-of-consent", "age"), "Answer"): 14})
    result = import_questionnaire(myanmar_repo, path, checklist)
    assert result.problems == [] and result.changed
    target = myanmar_repo / "countries" / "myanmar" / "2026.yaml"
    target.write_text(result.text, encoding="utf-8")
    prof, problems = read_profile(target, checklist)
    age = prof.indicators["age-of-consent"].facts["age"]
    assert problems == [] and age.value == 14 and [r.value for r in age.other_readings] == [16]


@pytest.mark.parametrize("answer, words", [
    (16, "16 is another source's reading of this fact (last column): to settle the disagreement, edit the profile's other_readings"),
    ("unknown", "other sources' readings of this fact are kept (last column): the answer cannot be unknown"),
])
def test_an_answer_that_cannot_stand_beside_the_readings_is_refused_on_its_cell(myanmar_repo, tmp_path, checklist, answer, words):
    path = _questionnaire(myanmar_repo, tmp_path)
    before = (myanmar_repo / "countries" / "myanmar" / "2026.yaml").read_text(encoding="utf-8")
    _fill(path, {("Facts", ("age-of-consent", "age"), "Answer"): answer})
    ws = load_workbook(path)["Facts"]
    cell = f"Facts!E{fact_row(ws, 'age-of-consent', 'age')}"
    r = Cli(myanmar_repo)("import", str(path))
    assert r.exit_code == 4, r.output
    assert f"{cell}: {words}" in r.output
    assert r.output.count(cell) == 1  # said once, in the workbook's words
    assert (myanmar_repo / "countries" / "myanmar" / "2026.yaml").read_text(encoding="utf-8") == before
