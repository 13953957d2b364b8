"""The country brief (`gaps --format markdown`, `assess --format markdown`) is a document a lawyer
would sign: facts in words, numbered references with the publication and its words, acronyms
spelled out, one note on method, and no internal id, path, file name or symbol-only marker."""

from __future__ import annotations

import re

import pytest

from legalcheck import Repository
from legalcheck.render.brief import ABBREVIATIONS, long_date, possessive, sentence_name
from legalcheck.render.text import SYMBOLS

from .conftest import Cli, profile

REPO = Repository()


def _internal_ids(slug: str, year: int) -> set[str]:
    """Every id a machine uses for this profile: sources, indicators, facts, rules, enum values."""
    a = REPO.assess(slug, year)
    ids = {s.id for s in a.sources} | {r.indicator for r in a.results}
    for ind in REPO.checklist.indicators:
        ids |= {f for f in ind.fact_ids()} | {rule.id for rule in ind.rules}
        for spec in ind.facts.values() if isinstance(ind.facts, dict) else ind.facts:
            ids |= set(spec.values)
    # Plain words are ids too ('age', 'none', 'all', 'live-streaming'): only ids a reader could not
    # mistake for prose, i.e. not words the checklist's own titles and recommendations use.
    prose = " ".join(f"{i.title} {i.recommendation}" for i in REPO.checklist.indicators)
    return {i for i in ids if ("_" in i or "-" in i) and i not in prose}


def _brief_problems(md: str, ids: set[str]) -> list[str]:
    problems = [i for i in sorted(ids) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", md)]
    problems += [p for p in (".yaml", ".txt") if p in md]
    problems += re.findall(r"(?<![/\w.])(?:countries|checklist)/", md)  # a data path, not a web address
    problems += [m for m in ("●", "◐", "○", "⚠", "†") if m in md]
    # '?' and '–' are punctuation too: as a marker they stand before a rating word.
    marks = "|".join(re.escape(s) for s in SYMBOLS.values())
    problems += re.findall(rf"(?:{marks}) (?:Yes|Partial|No|Not assessed|No data|Part|NA|ND)\b", md)
    return problems


@pytest.mark.parametrize("command", ["gaps", "assess"])
def test_nepal_brief_has_no_internal_id_path_or_symbol(cli, command):
    for year in (2020, 2022):
        md = cli(command, "nepal", "--year", str(year), "--format", "markdown").stdout
        assert md.startswith("# Nepal: ")
        assert _brief_problems(md, _internal_ids("nepal", year)) == []


def test_no_brief_of_any_country_shows_an_internal_id(cli):
    for a in REPO.assess_all():
        ids = _internal_ids(a.country.slug, a.year)
        for command in ("gaps", "assess"):
            md = cli(command, a.country.slug, "--year", str(a.year), "--format", "markdown").stdout
            assert _brief_problems(md, ids) == [], (command, a.country.slug, a.year)


def test_facts_are_questions_with_their_answers_in_words(cli):
    # Philippines 2026: the age of consent is 16 with a close-in-age exemption.
    md = cli("gaps", "philippines", "--year", "2026", "--format", "markdown").stdout
    age = md[md.index("### Age of sexual consent"):].split("\n### ")[0]
    assert "- The age of sexual consent, in years." in age and "**16.**" in age
    assert "Does the law exempt consensual sexual activity between young people close in age: close in age (an " in age
    assert "? **Close in age.**" in age


def test_references_are_numbered_with_the_publication_and_its_words(cli):
    md = cli("gaps", "philippines", "--year", "2026", "--format", "markdown").stdout
    body, references = md.split("## References\n")
    cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", body)})
    listed = [int(n) for n in re.findall(r"^(\d+)\. ", references, re.M)]
    assert cited == listed == list(range(1, len(listed) + 1))  # every reference cited, in order of first use
    assert "Republic Act No. 11930 (2022). Source: Anti-Online Sexual Abuse or Exploitation of Children" in references
    assert "“" in references  # the source's own words, where the profile records them


def test_acronyms_are_spelled_out_once_in_a_glossary(cli):
    md = cli("gaps", "nepal", "--format", "markdown").stdout
    glossary = md[md.index("## Abbreviations"):md.index("## References")]
    for acronym in ("SEC", "OPSC", "CRC"):
        assert f"- **{acronym}**: {ABBREVIATIONS[acronym]}" in glossary
    assert "- **ETJ**" not in glossary  # only the acronyms the brief uses
    terms = re.findall(r"^- \*\*(\w+)\*\*", glossary, re.M)
    assert terms == sorted(terms) and len(terms) == len(set(terms))


def test_one_note_on_method_names_the_derived_rubrics(cli, checklist):
    md = cli("gaps", "nepal", "--format", "markdown").stdout
    assert md.count("worked out by the legalcheck project") == 1
    assert "rubric derived" not in md
    note = md[md.index("## Note on method"):md.index("## Abbreviations")]
    derived = [i.title for i in checklist.indicators if i.rubric_basis == "derived"]
    assert all(t in note for t in derived)
    published = [i.title for i in checklist.indicators if i.rubric_basis == "published"]
    assert not any(t in note for t in published)
    assert "never counted as No" in note


@pytest.mark.parametrize("command", ["gaps", "assess"])
def test_not_assessed_indicators_in_one_closing_line(cli, command):
    full = cli(command, "nepal", "--format", "markdown").stdout
    short = cli(command, "nepal", "--format", "markdown", "--skip-unassessed").stdout
    not_assessed = [r.title for r in REPO.assess("nepal").results if r.rating == "not_assessed"]
    assert len(not_assessed) > 5 and len(short) < len(full) * 0.8
    line = next(x for x in short.splitlines() if x.startswith("**Not yet assessed**"))
    assert line.endswith("; ".join(not_assessed) + ".")
    assert not any(re.search(rf"^#+ {re.escape(t)}", short, re.M) for t in not_assessed)
    assert all(re.search(rf"^#+ {re.escape(t)}", full, re.M) for t in not_assessed)
    assert "## Not yet assessed" not in short
    assert "this is not a finding that the law falls short" in line  # unknown is never No


def test_country_names_in_sentences():
    assert possessive(sentence_name("Philippines")) == "the Philippines'"
    assert possessive(sentence_name("Nepal")) == "Nepal's"
    assert long_date("2022-04-19") == "19 April 2022" and long_date("2020-01") == "January 2020"


def test_the_philippines_brief_says_the_philippines(cli):
    for command in ("gaps", "assess"):
        md = cli(command, "philippines", "--format", "markdown").stdout
        assert "Philippines's" not in md
        assert "the Philippines' law" in md or "The Philippines' law" in md


def test_data_in_a_brief_is_never_markup(repo):
    profile(repo, """
        grooming:
          facts:
            criminalised: {value: false, citation: {source: src, note: "*bold* <b>html</b> [link](http://x) `code`"}}
    """)
    md = Cli(repo)("gaps", "testland", "--format", "markdown").stdout
    assert r"\<b>html\</b> [link\](http://x) \`code\`" in md  # render.safety.md: no HTML, link or code
