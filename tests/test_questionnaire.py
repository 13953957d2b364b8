"""The Excel questionnaire round trip: workbooks written, read back cell by cell, filled in as an
analyst would (with openpyxl), imported; the profiles they produce read back and validated."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from legalcheck.data import list_countries, load_checklist, read_profile
from legalcheck.questionnaire.apply import import_questionnaire
from legalcheck.questionnaire.prepare import prepare
from legalcheck.render.xlsx.questionnaire import write_questionnaire

from .conftest import ROOT, Cli


def changed_lines(before: str, after: str) -> list[str]:
    """The lines an import removed (-) and added (+), in order, without the diff's headers."""
    return [ln for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]

BUNDLED = [(e.slug, y) for e in list_countries(ROOT) for y in e.years]


def fact_row(ws, indicator: str, fact: str) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == indicator and ws.cell(row=row, column=2).value == fact:
            return row
    raise AssertionError(f"no row for {indicator}.{fact}")


def column(ws, title: str) -> int:
    for cell in ws[1]:
        if cell.value == title:
            return cell.column
    raise AssertionError(f"no column {title!r}")


def rating_row(ws, indicator: str) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == indicator:
            return row
    raise AssertionError(indicator)


@pytest.fixture
def nepal_repo(repo: Path) -> Path:
    shutil.copytree(ROOT / "countries" / "nepal", repo / "countries" / "nepal")
    shutil.copyfile(ROOT / "regions.yaml", repo / "regions.yaml")
    return repo


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("slug, year", BUNDLED, ids=[f"{s}-{y}" for s, y in BUNDLED])
def test_every_bundled_profile_survives_the_round_trip_unchanged(slug, year, checklist, tmp_path):
    """questionnaire -> import with no edits gives the profile back byte for byte: the same facts,
    citations, quotes, sources and reported ratings, and its comments."""
    entry = next(e for e in list_countries(ROOT) if e.slug == slug)
    path = tmp_path / f"{slug}-{year}.xlsx"
    write_questionnaire(prepare(ROOT, slug, year), path)
    result = import_questionnaire(ROOT, path, checklist)
    assert result.problems == []
    assert result.text == entry.path(year).read_text(encoding="utf-8-sig")
    assert not result.changed and result.comments_kept
    assert [r.rating for r in result.new.results] == [r.rating for r in result.old.results]

    # One answer edited: exactly that fact changes, and nothing else in the profile.
    before, _ = read_profile(entry.path(year), checklist)
    ws = load_workbook(path)["Facts"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=5).value == "unknown")
    iid, fid = ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value
    spec = checklist.get(iid).facts[fid]
    answer = "yes" if spec.type == "boolean" else str(spec.min) if spec.type == "integer" else spec.values[0]
    _fill(path, {("Facts", (iid, fid), "Answer"): answer,
                 ("Facts", (iid, fid), "Source id"): before.sources[0].id,
                 ("Facts", (iid, fid), "Quote (verbatim, at most 300 characters)"): "a test quote"})
    edited = import_questionnaire(ROOT, path, checklist)
    assert edited.problems == [] and edited.comments_kept
    target = tmp_path / "countries" / slug / entry.path(year).name
    target.parent.mkdir(parents=True)
    target.write_text(edited.text, encoding="utf-8")
    after, problems = read_profile(target, checklist)
    assert problems == []
    changed = {(i, f) for i in checklist.ids() for f in checklist.get(i).facts
               if _fact(before, i, f) != _fact(after, i, f)}
    assert changed == {(iid, fid)}
    assert after.indicators[iid].facts[fid].citation.quote == "a test quote"
    assert (after.sources, after.as_of, after.notes, after.country, after.status) == \
        (before.sources, before.as_of, before.notes, before.country, before.status)
    assert {i: (e.reported, e.notes) for i, e in after.indicators.items() if e.reported or e.notes} == \
        {i: (e.reported, e.notes) for i, e in before.indicators.items() if e.reported or e.notes}


def _fact(profile, iid, fid):
    entry = profile.indicators.get(iid)
    fact = entry.facts.get(fid) if entry else None
    return (fact.value, fact.citation, fact.note) if fact else (None, None, None)


# --------------------------------------------------------------------------- the workbook


def test_the_workbook_is_prefilled_protected_and_offers_drop_downs(nepal_repo, tmp_path):
    path = tmp_path / "nepal.xlsx"
    r = Cli(nepal_repo)("questionnaire", "NPL", "--year", "2022", "--xlsx", str(path))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"Wrote {path}: questionnaire for Nepal, 2022 (answers from the 2022 profile).")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Country", "Sources", "Facts", "Ratings", "legalcheck"]
    assert wb["legalcheck"].sheet_state == "veryHidden"
    assert wb.security.lockStructure
    facts = wb["Facts"]
    assert facts.protection.sheet
    row = fact_row(facts, "double-criminality", "required_for_jurisdiction")
    answer = facts.cell(row=row, column=column(facts, "Answer"))
    assert answer.value == "no"
    assert not answer.protection.locked
    assert facts.cell(row=row, column=3).protection.locked  # the question
    assert facts.cell(row=row, column=column(facts, "Source id")).value == "consultation-2022"
    assert facts.cell(row=row, column=column(facts, "Where in the source")).value.startswith("Working Group 2")
    lists = {dv.formula1: str(dv.sqref) for dv in facts.data_validations.dataValidation}
    assert any(answer.coordinate in sqref.split() for f, sqref in lists.items() if f == '"yes,no,unknown"')
    age = fact_row(facts, "age-of-consent", "age")
    spec = load_checklist(nepal_repo).get("age-of-consent").facts["age"]
    expected = '"' + ",".join([*map(str, range(spec.min, spec.max + 1)), "unknown"]) + '"'
    assert any(f"E{age}" in sqref.split() for f, sqref in lists.items() if f == expected)
    ratings = wb["Ratings"]
    g = rating_row(ratings, "grooming")
    assert ratings.cell(row=g, column=column(ratings, "Rating the source gives")).value == "No"
    assert ratings.cell(row=g, column=column(ratings, "Rating when this was made")).value == "No"
    e = rating_row(ratings, "extraterritorial-jurisdiction")
    assert ratings.cell(row=e, column=column(ratings, "Or: ratings it rules out")).value == "Yes"
    sources = wb["Sources"]
    assert sources.cell(row=2, column=1).value == "consultation-2022"
    assert sources.cell(row=2, column=column(sources, "Kind")).value == "ngo-analysis"
    assert not sources.cell(row=3, column=1).protection.locked  # room for more sources
    country = wb["Country"]
    assert [country.cell(row=r, column=2).value for r in (2, 3, 4)] == ["Nepal", "NP", "NPL"]


def test_text_that_looks_like_a_formula_stays_text(nepal_repo, tmp_path, checklist):
    p = nepal_repo / "countries" / "nepal" / "2022.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("notes: >\n  The consultation", "notes: >\n  =HYPERLINK(\"x\") The consultation", 1), encoding="utf-8")
    path = tmp_path / "q.xlsx"
    write_questionnaire(prepare(nepal_repo, "nepal", 2022), path)
    cell = load_workbook(path)["Country"]["B8"]
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")
    result = import_questionnaire(nepal_repo, path, checklist)
    assert result.problems == [] and not result.changed


# --------------------------------------------------------------------------- import


def _fill(path: Path, edits: dict[tuple[str, int | tuple[str, str], str], object]) -> None:
    """Edit cells as an analyst would: {(sheet, row or (indicator, fact), column title): value}."""
    wb = load_workbook(path)
    for (sheet, where, title), value in edits.items():
        ws = wb[sheet]
        row = fact_row(ws, *where) if isinstance(where, tuple) else where
        ws.cell(row=row, column=column(ws, title)).value = value
    wb.save(path)


def test_an_edited_questionnaire_changes_exactly_the_edited_facts(nepal_repo, tmp_path, checklist):
    target = nepal_repo / "countries" / "nepal" / "2022.yaml"
    before_text = target.read_text(encoding="utf-8")
    before, _ = read_profile(target, checklist)
    path = tmp_path / "nepal.xlsx"
    cli = Cli(nepal_repo)
    assert cli("questionnaire", "nepal", "--year", "2022", "--xlsx", str(path)).exit_code == 0
    _fill(path, {
        ("Facts", ("live-streaming", "coverage"), "Answer"): "general_only",
        ("Facts", ("live-streaming", "coverage"), "Source id"): "consultation-2022",
        ("Facts", ("live-streaming", "coverage"), "Provision"): "s. 1",
        ("Facts", ("live-streaming", "coverage"), "Quote (verbatim, at most 300 characters)"): "a made-up test quote",
        ("Facts", ("double-criminality", "required_for_extradition"), "Answer"): "unknown",
    })
    r = cli("import", str(path), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "Dry run: would update" in r.stdout
    assert target.read_text(encoding="utf-8") == before_text  # nothing written
    r = cli("import", str(path))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Rating changes (against the 2022 profile):\n  live-streaming: Not assessed → Partial\nUpdated ")
    after_text = target.read_text(encoding="utf-8")
    diff = changed_lines(before_text, after_text)
    assert diff == [
        "-        value: false",
        "+        value: unknown",
        "+    facts:",
        "+      coverage:",
        "+        value: general_only",
        "+        citation:",
        "+          source: consultation-2022",
        "+          provision: s. 1",
        "+          quote: a made-up test quote",
    ]
    after, problems = read_profile(target, checklist)
    assert problems == []
    changed = {(i, f) for i, e in after.indicators.items() for f, fe in e.facts.items()
               if before.indicators.get(i) is None or before.indicators[i].facts.get(f) != fe}
    assert changed == {("live-streaming", "coverage"), ("double-criminality", "required_for_extradition")}
    assert after.indicators["live-streaming"].facts["coverage"].citation.quote == "a made-up test quote"
    assert after.sources == before.sources and after.notes == before.notes


def test_every_problem_is_listed_by_cell_and_nothing_is_written(nepal_repo, tmp_path):
    target = nepal_repo / "countries" / "nepal" / "2022.yaml"
    before_text = target.read_text(encoding="utf-8")
    path = tmp_path / "nepal.xlsx"
    cli = Cli(nepal_repo)
    cli("questionnaire", "nepal", "--year", "2022", "--xlsx", str(path))
    wb = load_workbook(path)
    facts = wb["Facts"]
    g, x = fact_row(facts, "grooming", "criminalised"), fact_row(facts, "grooming", "explicit_ict")
    a = fact_row(facts, "age-of-consent", "age")
    from openpyxl.utils import get_column_letter

    year_col = get_column_letter(column(facts, "Year of the law"))
    wb.close()
    _fill(path, {
        ("Facts", ("grooming", "criminalised"), "Answer"): "maybe",
        ("Facts", ("grooming", "explicit_ict"), "Answer"): "yes",
        ("Facts", ("grooming", "explicit_ict"), "Source id"): "penal-code",
        ("Facts", ("age-of-consent", "age"), "Answer"): "9",
        ("Facts", ("age-of-consent", "age"), "Source id"): "consultation-2022",
        ("Facts", ("age-of-consent", "age"), "Year of the law"): "last year",
        ("Country", 6, "Answer"): "30/06/2022",
    })
    r = cli("import", str(path))
    assert r.exit_code == 4
    assert r.stderr.splitlines() == [
        "Country!B6: '30/06/2022' is not a date in the form YYYY-MM-DD",
        f"Facts!E{g}: 'maybe' is not an answer here; choose yes, no or unknown",
        f"Facts!F{x}: unknown source 'penal-code'; list it on the Sources sheet",
        f"Facts!E{a}: 9 is outside the declared range 10..21",
        f"Facts!{year_col}{a}: 'last year' is not a year (a whole number, e.g. 2017)",
        f"error: 5 problems in {path}; nothing was written",
    ]
    assert target.read_text(encoding="utf-8") == before_text


def test_a_questionnaire_for_another_checklist_version_is_refused(nepal_repo, tmp_path):
    path = tmp_path / "nepal.xlsx"
    cli = Cli(nepal_repo)
    cli("questionnaire", "nepal", "--year", "2022", "--xlsx", str(path))
    wb = load_workbook(path)
    wb["legalcheck"]["B3"].value = "2020.01"
    wb.save(path)
    r = cli("import", str(path))
    assert r.exit_code == 2
    version = load_checklist(nepal_repo).version
    assert r.stderr.startswith(f"error: {path}: this questionnaire was made for checklist version 2020.01, "
                               f"but the repository's checklist is version {version}")


def test_a_file_that_is_not_a_questionnaire_is_refused(nepal_repo, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    r = Cli(nepal_repo)("import", str(text))
    assert r.exit_code == 2 and "not an Excel workbook" in r.stderr
    from openpyxl import Workbook

    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    r = Cli(nepal_repo)("import", str(other))
    assert r.exit_code == 2 and "not a legalcheck questionnaire" in r.stderr


def test_a_new_year_starts_from_the_latest_profile_and_keeps_its_comments(nepal_repo, tmp_path, checklist):
    path = tmp_path / "nepal-2025.xlsx"
    cli = Cli(nepal_repo)
    r = cli("questionnaire", "nepal", "--year", "2025", "--xlsx", str(path))
    assert "answers from the 2022 profile" in r.stdout
    r = cli("import", str(path))
    assert r.exit_code == 4
    assert r.stderr.startswith("Country!B6: give the date the information describes the law at (YYYY-MM-DD)\n")
    _fill(path, {("Country", 6, "Answer"): "2025-03-31"})
    r = cli("import", str(path))
    assert r.exit_code == 0, r.output
    assert "No rating changes." in r.stdout
    text = (nepal_repo / "countries" / "nepal" / "2025.yaml").read_text(encoding="utf-8")
    assert text.startswith("# DRAFT for 2025, copied from 2022.yaml by 'legalcheck new-year'.")
    assert "# Nepal, 2022: the situation reported" in text
    prof, problems = read_profile(nepal_repo / "countries" / "nepal" / "2025.yaml", checklist)
    assert problems == [] and prof.as_of == "2025-03-31" and prof.status == "draft"


def test_three_commands_and_excel_make_a_new_country(tmp_path, checklist):
    """init, questionnaire, import: from nothing to a validated new country."""
    repo = tmp_path / "ours"
    path = tmp_path / "kenya.xlsx"
    assert Cli()("init", str(repo)).exit_code == 0
    cli = Cli(repo)
    r = cli("questionnaire", "Kenya", "--year", "2024", "--xlsx", str(path))
    assert r.exit_code == 0, r.output
    assert "a new country: every answer unknown" in r.stdout
    wb = load_workbook(path)
    assert all(wb["Facts"].cell(row=r_, column=5).value in (None, "unknown") for r_ in range(2, wb["Facts"].max_row + 1))
    _fill(path, {
        ("Country", 3, "Answer"): "KE",
        ("Country", 4, "Answer"): "KEN",
        ("Country", 6, "Answer"): "2024-05-01",
        ("Sources", 2, "Source id"): "sexual-offences-act",
        ("Sources", 2, "Title"): "Sexual Offences Act, 2006 (a test record)",
        ("Sources", 2, "URL"): "https://example.org/soa",
        ("Sources", 2, "Kind"): "legislation",
        ("Facts", ("grooming", "criminalised"), "Answer"): "yes",
        ("Facts", ("grooming", "criminalised"), "Source id"): "sexual-offences-act",
        ("Facts", ("grooming", "criminalised"), "Year of the law"): 2006,
    })
    r = cli("import", str(path))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Ratings of the new profile:\n")
    target = repo / "countries" / "kenya" / "2024.yaml"
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../profile.schema.json\n")
    r = cli("validate")
    assert r.exit_code == 0, r.output
    prof, _ = read_profile(target, checklist)
    assert (prof.country.name, prof.country.iso2, prof.status) == ("Kenya", "KE", "draft")
    fact = prof.indicators["grooming"].facts["criminalised"]
    assert fact.value is True and fact.citation.source == "sexual-offences-act" and fact.citation.year == 2006
    # The profile it wrote goes through the round trip unchanged too.
    again = tmp_path / "kenya-again.xlsx"
    write_questionnaire(prepare(repo, "kenya", 2024), again)
    assert not import_questionnaire(repo, again, checklist).changed


def test_a_profile_changed_after_the_questionnaire_was_made_is_not_overwritten(nepal_repo, tmp_path):
    target = nepal_repo / "countries" / "nepal" / "2022.yaml"
    path = tmp_path / "nepal.xlsx"
    cli = Cli(nepal_repo)
    cli("questionnaire", "nepal", "--year", "2022", "--xlsx", str(path))
    changed = target.read_text(encoding="utf-8").replace("as_of: \"2022-04-19\"", "as_of: \"2022-04-20\"")
    target.write_text(changed, encoding="utf-8")
    r = cli("import", str(path))
    assert r.exit_code == 2
    assert "this questionnaire was made from the 2022 profile, and" in r.stderr and "has changed since" in r.stderr
    assert target.read_text(encoding="utf-8") == changed
    r = cli("import", str(path), "--force")
    assert r.exit_code == 0, r.output
    assert 'as_of: "2022-04-19"\n' in target.read_text(encoding="utf-8")
    # The file is back to what the questionnaire was made from: importing again changes nothing.
    r = cli("import", str(path))
    assert r.exit_code == 0 and "already says this; nothing was written" in r.stdout


def test_a_damaged_record_of_the_country_is_refused(nepal_repo, tmp_path):
    path = tmp_path / "nepal.xlsx"
    cli = Cli(nepal_repo)
    cli("questionnaire", "nepal", "--year", "2022", "--xlsx", str(path))
    wb = load_workbook(path)
    wb["legalcheck"]["B4"].value = "../../elsewhere"
    wb.save(path)
    r = cli("import", str(path))
    assert r.exit_code == 2 and "record of its country and year is damaged" in r.stderr


def test_a_name_close_to_a_known_country_is_not_taken_for_a_new_one(repo, tmp_path):
    shutil.copyfile(ROOT / "regions.yaml", repo / "regions.yaml")
    path = tmp_path / "q.xlsx"
    r = Cli(repo)("questionnaire", "Nepl", "--xlsx", str(path))
    assert r.exit_code == 3
    assert r.stderr == "error: no country 'Nepl' (did you mean 'Nepal'?); to start a new country of that name, add --new\n"
    assert not path.exists()
    r = Cli(repo)("questionnaire", "Nepal", "--year", "2024", "--xlsx", str(path))
    assert r.exit_code == 0
    country = load_workbook(path)["Country"]
    assert [country.cell(row=r_, column=2).value for r_ in (2, 4, 10)] == ["Nepal", "NPL", "nepal"]


def test_a_formula_is_never_taken_for_an_answer(nepal_repo, tmp_path):
    path = tmp_path / "nepal.xlsx"
    cli = Cli(nepal_repo)
    cli("questionnaire", "nepal", "--year", "2022", "--xlsx", str(path))
    _fill(path, {("Facts", ("grooming", "criminalised"), "Answer"): '=IF(1,"yes","no")'})
    row = fact_row(load_workbook(path)["Facts"], "grooming", "criminalised")
    r = cli("import", str(path), "--dry-run")
    assert r.exit_code == 4
    assert r.stderr.splitlines()[0] == f"Facts!E{row}: a formula is not an answer: type the value itself"


def test_each_citation_shows_its_sources_url_but_the_url_is_not_read_back(nepal_repo, tmp_path):
    path = tmp_path / "nepal.xlsx"
    write_questionnaire(prepare(nepal_repo, "nepal", 2022), path)
    facts = load_workbook(path)["Facts"]
    row = fact_row(facts, "double-criminality", "required_for_jurisdiction")
    url = facts.cell(row=row, column=column(facts, "URL of the source (from the Sources sheet)"))
    assert url.data_type == "f" and url.protection.locked
    assert f"MATCH(F{row},Sources!$A$2:" in url.value and "INDEX(Sources!$E$2:" in url.value


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_questionnaire_saved_by_libreoffice_imports_unchanged(nepal_repo, tmp_path, checklist):
    """An analyst without Excel opens and saves the workbook in LibreOffice Calc: the hidden record,
    the answers and their types survive, and importing it changes nothing."""
    import subprocess

    made, saved = tmp_path / "made", tmp_path / "saved"
    made.mkdir()
    write_questionnaire(prepare(nepal_repo, "nepal", 2022), made / "nepal.xlsx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(made / "nepal.xlsx")],
                   check=True, capture_output=True, timeout=300)
    result = import_questionnaire(nepal_repo, saved / "nepal.xlsx", checklist)
    assert result.problems == [] and not result.changed


def test_editing_a_reported_rating_and_adding_a_source_touch_only_their_lines(nepal_repo, tmp_path, checklist):
    target = nepal_repo / "countries" / "nepal" / "2022.yaml"
    before_text = target.read_text(encoding="utf-8")
    path = tmp_path / "nepal.xlsx"
    cli = Cli(nepal_repo)
    cli("questionnaire", "nepal", "--year", "2022", "--xlsx", str(path))
    wb = load_workbook(path)
    g = rating_row(wb["Ratings"], "grooming")
    wb.close()
    _fill(path, {
        ("Ratings", g, "Rating the source gives"): "Partial",
        ("Sources", 3, "Source id"): "penal-code",
        ("Sources", 3, "Title"): "Muluki Criminal Code, 2017 (a test record)",
        ("Sources", 3, "Document reference"): "Act No. 36 of 2074",
    })
    r = cli("import", str(path))
    assert r.exit_code == 0, r.output
    assert "  grooming: No → Partial\n" in r.stdout
    after_text = target.read_text(encoding="utf-8")
    diff = changed_lines(before_text, after_text)
    assert diff == [
        "+  - id: penal-code",
        "+    title: Muluki Criminal Code, 2017 (a test record)",
        "+    reference: Act No. 36 of 2074",
        '-      rating: "no"',
        "+      rating: partial",
    ]


def test_an_answer_without_a_source_is_placed_on_its_cell_in_the_workbooks_words(nepal_repo, tmp_path):
    path = tmp_path / "nepal.xlsx"
    cli = Cli(nepal_repo)
    cli("questionnaire", "nepal", "--year", "2022", "--xlsx", str(path))
    _fill(path, {("Facts", ("grooming", "explicit_ict"), "Answer"): "no"})
    row = fact_row(load_workbook(path)["Facts"], "grooming", "explicit_ict")
    r = cli("import", str(path))
    assert r.exit_code == 4
    assert r.stderr.splitlines()[0] == f"Facts!E{row}: an answer other than unknown needs its source id"


def test_rows_that_do_not_match_the_checklist_are_reported(nepal_repo, tmp_path):
    """An analyst who unprotects the sheet and edits its structure is told what no longer fits."""
    path = tmp_path / "nepal.xlsx"
    cli = Cli(nepal_repo)
    cli("questionnaire", "nepal", "--year", "2022", "--xlsx", str(path))
    wb = load_workbook(path)
    facts, ratings = wb["Facts"], wb["Ratings"]
    a, b = fact_row(facts, "grooming", "criminalised"), fact_row(facts, "grooming", "explicit_ict")
    facts.cell(row=b, column=2).value = "criminalised"  # a copied row
    x = fact_row(facts, "extradition", "all_offences")
    facts.cell(row=x, column=2).value = "every_offence"  # a renamed fact
    g = rating_row(ratings, "live-streaming")
    ratings.cell(row=g, column=1).value = "streaming"
    wb.save(path)
    r = cli("import", str(path))
    assert r.exit_code == 4
    assert r.stderr.splitlines()[:-1] == [
        f"Facts!B{b}: the fact 'criminalised' of 'grooming' has two rows; keep one",
        f"Facts!E{x}: the checklist has no fact 'every_offence' in indicator 'extradition'; make a new questionnaire",
        f"Ratings!D{g}: the checklist has no indicator 'streaming'; make a new questionnaire",
        "Facts!A: the row for the fact 'all_offences' of 'extradition' is missing; make a new questionnaire",
        "Facts!A: the row for the fact 'explicit_ict' of 'grooming' is missing; make a new questionnaire",
        "Ratings!A: the row for the indicator 'live-streaming' is missing; make a new questionnaire",
    ]
    assert a < b
