"""A diff where sources disagree about a fact (``other_readings``): each year's other sources' readings
travel with the fact change, each value with the citation of the source that gives it, and every output
names that source, a change of readings alone is a change of its own kind
(``readings_changed``), every output shows it, and the cause calls it a reading, not a change of
law. On the real Myanmar profiles (2026: NCMEC's legal summary gives the age of consent as 15, Lann
Pya's page as 16), on copies of them in a scratch repository, and on small profiles."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil

import openpyxl
import pytest
import yaml

from legalcheck.data import list_countries, load_checklist, load_profile
from legalcheck.diff import country_diff, indicator_diff
from legalcheck.engine import assess
from legalcheck.model import value_words, values_text
from legalcheck.render.brief import References, fact_line
from legalcheck.render.text import fact_change_line, fact_side
from legalcheck.result import CitationOut, FactOut, ReadingOut, to_jsonable

from .conftest import PROFILE_HEAD, ROOT, Cli, profile

PLAIN = {"NO_COLOR": "1", "COLUMNS": "200"}


def _age_fact(assessment):
    """The age fact of a Myanmar assessment's age-of-consent result."""
    return next(f for f in assessment.result("age-of-consent").facts if f.id == "age")


def _age(assessment):
    """The age fact of a Myanmar assessment's age-of-consent result: (value, other sources' values)."""
    fact = _age_fact(assessment)
    return fact.value, tuple(r.value for r in fact.other_readings)


@pytest.fixture(scope="module")
def myanmar_2026_fact(checklist):
    """What the real 2026 profile records for the age of consent, read through the engine: the fact,
    with its citation and other readings."""
    entry = next(e for e in list_countries(ROOT) if e.slug == "myanmar")
    fact = _age_fact(assess(checklist, load_profile(ROOT, entry, 2026, checklist)))
    assert fact.other_readings, "the test needs the 2026 profile's other reading of the age of consent"
    return fact


@pytest.fixture(scope="module")
def myanmar_2026_age(myanmar_2026_fact):
    fact = myanmar_2026_fact
    return fact.value, tuple(r.value for r in fact.other_readings)


def _where(c):
    """'[lann-pya-women, Rape]': a source as a diff's lines name it (as a citation line does)."""
    return f"[{c.source}, {c.locator}]" if c.locator else f"[{c.source}]"


def _named(fact, style="plain"):
    """'15 [ncmec-…, Legal definitions] or 16 [lann-pya-women, Rape]': the fact's values, each with its source."""
    pairs = [(fact.value, fact.citation), *((r.value, r.citation) for r in fact.other_readings)]
    return " or ".join(f"{value_words(v, style)} {_where(c)}" for v, c in pairs)


def _indicator(data, iid):
    return next(i for i in data["indicators"] if i["indicator"] == iid)


# --------------------------------------------------------------------------- the real profiles, 2024 -> 2026


def test_json_carries_each_year_s_other_readings_with_their_sources(cli, myanmar_2026_fact):
    value = myanmar_2026_fact.value
    r = cli("diff", "myanmar", "2024", "2026", "--format", "json")
    assert r.exit_code == 0, r.stderr
    age = _indicator(json.loads(r.stdout), "age-of-consent")
    (change,) = [f for f in age["fact_changes"] if f["fact"] == "age"]
    # 2024 does not record the age; 2026 records one source's value and another's
    assert (change["change"], change["old_value"], change["new_value"]) == ("became_known", None, value)
    # each other reading as the assessment gives it: its value and the citation of the source giving it
    assert change["old_other_readings"] == []
    assert change["new_other_readings"] == to_jsonable(myanmar_2026_fact.other_readings)
    (reading,) = change["new_other_readings"]
    assert (reading["value"], reading["citation"]["source"], reading["citation"]["locator"]) == (16, "lann-pya-women", "Rape")
    assert reading["citation"]["source_title"] == "Lann Pya — legal information: women's rights in Myanmar"
    # the other facts of the diff have no readings, and say so with empty lists
    rest = [f for i in json.loads(r.stdout)["indicators"] for f in i["fact_changes"] if f["fact"] != "age"]
    assert rest and all(f["old_other_readings"] == f["new_other_readings"] == [] for f in rest)


def test_terminal_and_markdown_name_the_source_of_each_value(cli, myanmar_2026_fact):
    line = f"age: unknown → {_named(myanmar_2026_fact)} (became known)"
    assert line == ("age: unknown → 15 [ncmec-legal-summary-myanmar, Legal definitions] or 16 [lann-pya-women, Rape] "
                    "(became known)")
    out = cli("diff", "myanmar", "2024", "2026", env=PLAIN).stdout
    assert line in out
    md = cli("diff", "myanmar", "2024", "2026", "--format", "markdown").stdout
    row = next(x for x in md.splitlines() if x.startswith("| Age of sexual consent"))
    assert line in row.split("<br>")


def test_workbook_details_name_the_source_of_each_value(cli, tmp_path, myanmar_2026_fact):
    fact = myanmar_2026_fact
    (reading,) = fact.other_readings
    path = tmp_path / "myanmar.xlsx"
    r = cli("diff", "myanmar", "2024", "2026", "--xlsx", str(path))
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(path)
    details = [[c.value for c in row] for row in wb["Details"].iter_rows(min_row=2)]
    (age,) = [d for d in details if d[1] == "age-of-consent" and d[2] == "became known"]
    assert age[2:6] == ["became known", "age", "unknown", _named(fact)]
    # the citation cell cites every source giving a value, the other reading's included
    assert age[6].splitlines() == [f"15 (age: Penal Code {_where(fact.citation)})",
                                   f"16 (age: Penal Code {_where(reading.citation)})"]
    changes = [[c.value for c in row] for row in wb["Changes"].iter_rows(min_row=5)]
    (row,) = [c for c in changes if c[2] == "age-of-consent"]
    assert f"age: unknown → {_named(fact)} (became known)" in row[6].splitlines()


def test_web_report_changes_page_names_the_source_of_each_value(cli, tmp_path, myanmar_2026_fact):
    fact = myanmar_2026_fact
    r = cli("report", "--countries", "myanmar", "--html", str(tmp_path / "site"))
    assert r.exit_code == 0, r.stderr
    page = (tmp_path / "site" / "changes.html").read_text(encoding="utf-8")
    row = page.split('href="countries/myanmar.html#age-of-consent"')[1].split("</tr>")[0]
    # by their titles, as the report's citations name sources (never by the ids of the data), escaped
    assert ('<span class="muted">unknown → 15 (according to Global Platform for Child Exploitation Policy — Legal '
            'summary: Myanmar, Legal definitions) or 16 (according to Lann Pya — legal information: '
            'women&#39;s rights in Myanmar, Rape)</span>') in row
    assert fact.citation.source_title.startswith("Global Platform") and "lann-pya-women" not in row


# --------------------------------------------------------------------------- the real 2026 profile, with and without its other reading


def _without_readings(text: str, year: int) -> str:
    """The profile ``text`` as of ``year``, its facts' other readings left out (a copy, for a test)."""
    data = yaml.safe_load(text)
    data["year"], data["as_of"] = year, f"{year}-12-02"
    for ind in data["indicators"].values():
        for fact in (ind.get("facts") or {}).values():
            if isinstance(fact, dict):
                fact.pop("other_readings", None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def myanmar_copies(tmp_path):
    """A scratch repository: the real checklist; Myanmar's real 2026 profile as it is, and as 2025
    and 2027 without its other reading (the bundled files are only read)."""
    shutil.copytree(ROOT / "checklist", tmp_path / "checklist")
    real = ROOT / "countries" / "myanmar" / "2026.yaml"
    folder = tmp_path / "countries" / "myanmar"
    folder.mkdir(parents=True)
    shutil.copy(real, folder / "2026.yaml")
    text = real.read_text(encoding="utf-8")
    for year in (2025, 2027):
        (folder / f"{year}.yaml").write_text(_without_readings(text, year), encoding="utf-8")
    return tmp_path


def _diff(repo, old_year, new_year):
    checklist = load_checklist(repo)
    entry = next(e for e in list_countries(repo) if e.slug == "myanmar")
    old, new = (assess(checklist, load_profile(repo, entry, y, checklist)) for y in (old_year, new_year))
    return old, new, country_diff(old, new)


def test_another_source_s_reading_added_is_a_reading_not_a_change_of_law(myanmar_copies):
    old, new, d = _diff(myanmar_copies, 2025, 2026)
    (value, none), (same, others) = _age(old), _age(new)
    assert (none, same) == ((), value)  # only the other reading differs
    x = next(i for i in d.indicators if i.indicator == "age-of-consent")
    (change,) = x.fact_changes
    assert (change.fact, change.change, change.old_value, change.new_value) == ("age", "readings_changed", value, value)
    assert (change.old_other_readings, change.new_other_readings) == ((), _age_fact(new).other_readings)
    assert x.changed
    # the rating moves as the engine rates the two profiles; a move is a reading, never a change of law
    assert (x.old_rating, x.new_rating) == (old.result("age-of-consent").rating, new.result("age-of-consent").rating)
    assert x.old_rating != x.new_rating and x.cause == "reread" and x.new_instruments == ()
    words = f"sources now disagree on age: {value} → {value} or {' or '.join(map(str, others))}"
    assert words in x.cause_text and "The law changed" not in x.cause_text
    # and every other indicator of the profile is the same in both years
    assert [i.indicator for i in d.indicators if i.changed] == ["age-of-consent"]

    out = Cli(myanmar_copies)("diff", "myanmar", "2025", "2026", env=PLAIN).stdout
    line = f"age: {value} → {_named(_age_fact(new))} (sources now disagree)"
    assert line in out
    assert words in " ".join(out.split())  # the cause, however the table wraps it
    # one row, one wording: the fact's line is the cause's values, each with the source that gives it
    assert re.sub(r" \[[^]]*\]", "", line) == f"age: {value} → {value} or 16 (sources now disagree)"


def test_workbook_cites_the_source_whose_reading_changed(myanmar_copies, tmp_path):
    # 2025 → 2026: the recorded value and its source are the same; only Lann Pya's 16 is new. The
    # Details row cites Lann Pya's reading, not NCMEC's unchanged value.
    _, new, _ = _diff(myanmar_copies, 2025, 2026)
    (reading,) = _age_fact(new).other_readings
    path = tmp_path / "myanmar.xlsx"
    r = Cli(myanmar_copies)("diff", "myanmar", "2025", "2026", "--xlsx", str(path))
    assert r.exit_code == 0, r.stderr
    details = [[c.value for c in row] for row in openpyxl.load_workbook(path)["Details"].iter_rows(min_row=2)]
    (age,) = [d for d in details if d[2] == "sources now disagree"]
    assert age[3:] == ["age", "15", _named(_age_fact(new)), f"+ 16 (age: Penal Code {_where(reading.citation)})"]
    assert reading.citation.source == "lann-pya-women" and "ncmec" not in age[6]


def test_a_reading_dropped_is_sources_no_longer_disagreeing(myanmar_copies):
    old, new, d = _diff(myanmar_copies, 2026, 2027)
    (value, _), (same, none) = _age(old), _age(new)
    assert (same, none) == (value, ())
    x = next(i for i in d.indicators if i.indicator == "age-of-consent")
    (change,) = x.fact_changes
    assert (change.change, change.old_other_readings, change.new_other_readings) == (
        "readings_changed", _age_fact(old).other_readings, ())
    assert x.cause == "reread" and "sources no longer disagree on age" in x.cause_text
    out = Cli(myanmar_copies)("diff", "myanmar", "2026", "2027", env=PLAIN).stdout
    assert f"age: {_named(_age_fact(old))} → {value} (sources no longer disagree)" in out


# --------------------------------------------------------------------------- small profiles: only the readings differ


OTHER_SOURCE = "  - id: other\n    title: Another test source\n    url: https://example.org/other\n"


def _age_yaml(value, *others, instrument="Penal Code"):
    text = (f"age-of-consent:\n  facts:\n    age:\n      value: {value}\n"
            f"      citation: {{source: src, instrument: {instrument}, quote: \"age {value}\"}}\n")
    if others:
        text += "      other_readings:\n"
        for v, law in others:
            text += (f"        - {{value: {v}, citation: {{source: other, instrument: \"{law}\", year: 2019, "
                     f"quote: \"age {v}\"}}}}\n")
    return text


def _two_years(repo, old_yaml, new_yaml):
    head = PROFILE_HEAD.replace("indicators:\n", OTHER_SOURCE + "indicators:\n")
    for year, text in ((2020, old_yaml), (2022, new_yaml)):
        profile(repo, text, year=year, head=head)
    checklist = load_checklist(repo)
    entry = list_countries(repo)[0]
    old, new = (assess(checklist, load_profile(repo, entry, y, checklist)) for y in (2020, 2022))
    return next(i for i in country_diff(old, new).indicators if i.indicator == "age-of-consent"), old, new


def test_only_the_readings_differ_with_the_same_rating(repo, cli):
    # 14 with another source's 13, then 14 with another's 15: each reading is under 16, so the
    # rating does not move, but what the sources say does.
    x, old, new = _two_years(repo, _age_yaml(14, (13, "Penal Code")), _age_yaml(14, (15, "Penal Code")))
    assert old.result("age-of-consent").rating == new.result("age-of-consent").rating
    assert (x.direction, x.changed, x.cause) == ("unchanged", True, None)
    (change,) = x.fact_changes
    assert (change.change, change.old_value, change.new_value) == ("readings_changed", 14, 14)
    assert [(r.value, r.citation.source) for r in change.old_other_readings + change.new_other_readings] == [
        (13, "other"), (15, "other")]
    out = Cli(repo)("diff", "testland", "2020", "2022", env=PLAIN).stdout
    assert "age: 14 [src] or 13 [other] → 14 [src] or 15 [other] (other sources' readings changed)" in out
    data = json.loads(Cli(repo)("diff", "testland", "2020", "2022", "--format", "json").stdout)
    (fc,) = _indicator(data, "age-of-consent")["fact_changes"]
    assert fc["change"] == "readings_changed"
    assert [(r["value"], r["citation"]["source"], r["citation"]["instrument"], r["citation"]["quote"])
            for r in fc["old_other_readings"] + fc["new_other_readings"]] == [
        (13, "other", "Penal Code", "age 13"), (15, "other", "Penal Code", "age 15")]


def test_a_reading_citing_another_law_is_not_a_change_of_law(repo):
    # the other source names a law the earlier profile does not cite: still a reading of the same law
    x, old, new = _two_years(repo, _age_yaml(15), _age_yaml(15, (16, "Child Rights Law")))
    assert old.result("age-of-consent").rating != new.result("age-of-consent").rating
    assert x.cause == "reread" and x.new_instruments == ()
    assert "sources now disagree on age: 15 → 15 or 16" in x.cause_text
    assert any(c.instrument == "Child Rights Law" for c in x.citations_added)  # still listed as a citation


def test_the_same_values_with_the_sources_swapped_are_no_change(repo):
    # no reading is preferred: which source's value a profile records first is not a change
    x, _, _ = _two_years(repo, _age_yaml(15, (16, "Penal Code")), _age_yaml(16, (15, "Penal Code")))
    assert x.fact_changes == () and x.direction == "unchanged"


def test_values_no_source_gave_before_are_a_change_of_law(repo):
    # no value of one year is a value of the other: as every source reads it, the law is not what it was
    x, old, new = _two_years(repo, _age_yaml(15, (16, "Penal Code")), _age_yaml(12, (13, "Penal Code")))
    (change,) = x.fact_changes
    assert change.change == "changed"
    assert [r.value for r in change.old_other_readings + change.new_other_readings] == [16, 13]
    assert x.old_rating != x.new_rating and x.cause == "law_changed"
    assert "a cited fact changed (age: 15 or 16 → 12 or 13)" in x.cause_text


def test_a_law_cited_before_for_another_source_s_reading_is_not_newly_cited(repo):
    # 2020: 15 (Penal Code) and another source's 16 (Child Rights Law, 2019); 2022: the same two
    # values with the sources swapped, and the exemption now known. The Child Rights Law was cited in
    # 2020 already: the range narrows because a fact became known, not because the law changed.
    exemption = "    exemption:\n      value: none\n      citation: {source: src, instrument: Penal Code, quote: \"none\"}\n"
    swapped = ("age-of-consent:\n  facts:\n    age:\n      value: 16\n"
               "      citation: {source: other, instrument: \"Child Rights Law\", year: 2019, quote: \"age 16\"}\n"
               "      other_readings:\n"
               "        - {value: 15, citation: {source: src, instrument: Penal Code, quote: \"age 15\"}}\n")
    x, old, new = _two_years(repo, _age_yaml(15, (16, "Child Rights Law")), swapped + exemption)
    assert [f.change for f in x.fact_changes] == ["became_known"]  # the age's values are the same
    assert (x.old_rating, x.new_rating, x.direction) == ("partial_or_no", "no", "narrowed")
    assert x.cause == "reread" and x.new_instruments == ()
    assert "The law changed" not in x.cause_text and "facts became known (exemption)" in x.cause_text


def test_workbook_rows_show_the_other_sources_values_whole(repo, cli, tmp_path):
    # '14 (another source: 13)' and "other sources' readings changed" are wider than their Details
    # columns, and the Changes row lists several lines: wrapped, and rows as tall as they need (Excel
    # does not size a written file's rows), so nothing is cut off at the cell's edge.
    _two_years(repo, _age_yaml(14, (13, "Penal Code")), _age_yaml(14, (15, "Penal Code")))
    path = tmp_path / "testland.xlsx"
    r = Cli(repo)("diff", "testland", "2020", "2022", "--xlsx", str(path))
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(path)
    details = wb["Details"]
    (row,) = [row for row in details.iter_rows(min_row=2) if row[2].value == "other sources' readings changed"]
    for cell in row[2:6]:  # What, Fact, the two values
        assert cell.alignment.wrap_text, cell.coordinate
    assert details.row_dimensions[row[0].row].height >= 30  # two lines at least
    changes = wb["Changes"]
    (row,) = [row for row in changes.iter_rows(min_row=5) if row[2].value == "age-of-consent"]
    lines = row[6].value.count("\n") + 1
    assert lines >= 2 and changes.row_dimensions[row[0].row].height >= 15 * lines


def test_a_source_named_beside_its_value_is_data_never_markup(repo, tmp_path):
    # another source whose title, and a locator, look like HTML, a Markdown link, Rich markup and a
    # formula: every output names the source as the text it is
    title = '<b>Bold</b> & "Co"'
    locator = '=HYPERLINK("x") [bold]p[/bold] [a](https://evil.example)'
    head = PROFILE_HEAD.replace("indicators:\n", f"  - id: other\n    title: '{title}'\n    url: https://example.org/o\n"
                                "indicators:\n")
    reading = (f"      other_readings:\n        - {{value: 13, citation: {{source: other, instrument: Penal Code, "
               f"locator: '{locator}', quote: \"age 13\"}}}}\n")
    profile(repo, _age_yaml(14), year=2020, head=head)
    profile(repo, _age_yaml(14) + reading, year=2022, head=head)
    cli = Cli(repo)
    out = cli("diff", "testland", "2020", "2022", env=PLAIN).stdout
    assert f"age: 14 → 14 [src] or 13 [other, {locator}] (sources now disagree)" in out
    md = cli("diff", "testland", "2020", "2022", "--format", "markdown").stdout
    assert "[a\\](https://evil.example)" in md and "](https" not in md.replace("\\](", "")
    path = tmp_path / "t.xlsx"
    assert cli("diff", "testland", "2020", "2022", "--xlsx", str(path)).exit_code == 0
    details = openpyxl.load_workbook(path)["Details"]
    (row,) = [r for r in details.iter_rows(min_row=2) if r[2].value == "sources now disagree"]
    assert row[5].value == f"14 [src] or 13 [other, {locator}]"
    assert row[6].value == f"+ 13 (age: Penal Code [other, {locator}])" and row[6].data_type == "s"
    site = tmp_path / "site"
    assert cli("report", "--countries", "testland", "--html", str(site)).exit_code == 0
    page = (site / "changes.html").read_text(encoding="utf-8")
    assert ("14 (according to A test source) or 13 (according to &lt;b&gt;Bold&lt;/b&gt; &amp; &#34;Co&#34;, "
            "=HYPERLINK(&#34;x&#34;) [bold]p[/bold] [a](https://evil.example))") in page
    assert "<b>Bold" not in page


def test_each_wording_of_a_change_of_readings_is_defined_once():
    # 'other sources' readings changed' and the other ways readings move are worded by
    # diff.readings_words alone; the renderers' word for a fact change takes it from there
    from pathlib import Path

    import legalcheck
    from legalcheck.diff import FactChange, readings_words
    from legalcheck.render.text import fact_change_word

    src = Path(legalcheck.__file__).parent
    for words in ("other sources' readings changed", "sources now disagree", "sources no longer disagree"):
        defined = [p.relative_to(src).as_posix() for p in sorted(src.rglob("*.py"))
                   if f'"{words}"' in p.read_text(encoding="utf-8")]
        assert defined == ["diff.py"], (words, defined)
    reading = _fact_reading(13)
    for old, new in (((), (reading,)), ((reading,), ()), ((reading,), (_fact_reading(15),))):
        f = FactChange("age", "Age?", "readings_changed", 14, 14, old_other_readings=old, new_other_readings=new)
        assert fact_change_word(f) == readings_words(f)


def _fact_reading(value):
    from legalcheck.result import CitationOut, ReadingOut

    return ReadingOut(value, CitationOut(source="other", source_title="Another test source", fact="age"))


# --------------------------------------------------------------------------- one wording of a fact's values


def _settings(value, *others):
    """A fact whose values are lists (a set of settings), with other sources' readings."""
    return FactOut("settings", "Where does the law apply?", True, value,
                   citation=CitationOut(source="src", source_title="A test source", fact="settings"),
                   recorded=True, other_readings=tuple(
                       ReadingOut(v, CitationOut(source="other", source_title="Another test source", fact="settings",
                                                 locator="p. 2")) for v in others))


def test_values_with_other_readings_read_one_way_and_plainly():
    fact = _settings(["online"], ["offline", "online"])
    assert values_text(15, readings=_settings(15, 16).other_readings) == "15 or 16"
    # a list reads plainly (no brackets); a list of several items is grouped, so 'or' still parts the readings
    assert values_text(fact.value, readings=fact.other_readings) == "online or (offline, online)"
    assert values_text(fact.value, fact.citation, fact.other_readings, "reader", lambda c: f"[{c.source}]") == (
        "online [src] or (offline, online) [other]")
    assert fact_side(fact.value, fact.citation, fact.other_readings) == "online [src] or (offline, online) [other, p. 2]"
    assert values_text(["online"]) == "online" and values_text(None) == "unknown"


def test_the_cause_and_the_fact_line_word_list_values_alike(myanmar_2026_fact, checklist):
    # the real 2026 result, its age fact replaced by a fact whose values are lists: 'online', then
    # 'online' or another source's 'offline, online', and the rating widened (No → Partial or No)
    entry = next(e for e in list_countries(ROOT) if e.slug == "myanmar")
    real = assess(checklist, load_profile(ROOT, entry, 2026, checklist)).result("age-of-consent")
    old = dataclasses.replace(real, rating="no", facts=(_settings(["online"]),))
    new = dataclasses.replace(real, rating="partial_or_no", facts=(_settings(["online"], ["offline", "online"]),))
    x = indicator_diff(old, new)
    (change,) = x.fact_changes
    assert change.change == "readings_changed"
    assert "sources now disagree on settings: online → online or (offline, online)" in x.cause_text
    assert "[" not in x.cause_text  # lists read plainly, as the rules' brackets never do
    assert fact_change_line(change) == (
        "settings: online → online [src] or (offline, online) [other, p. 2] (sources now disagree)")


def test_the_brief_words_the_values_as_the_diff_does(myanmar_2026_fact):
    refs = References({})
    _, answer, said, _ = fact_line(myanmar_2026_fact, refs)
    assert answer == "15 or 16 (the sources disagree)"
    _, answer, _, _ = fact_line(_settings(["online"], ["offline", "close_in_age"]), refs)
    assert answer == "Online or (Offline, Close in age) (the sources disagree)"
