"""Properties checked over generated input (hypothesis, fixed seed so CI is deterministic).

1. Any generated profile for the real checklist, written as YAML, validates, and then neither the
   engine nor any renderer (terminal at any width, JSON, Markdown) crashes; the Markdown table keeps
   one row per indicator whatever the text holds.
2. Soundness of the three-valued logic, against an independent brute force over every value of
   every unknown fact: a rating determined while facts are unknown is the rating of every way of
   filling them in; `not_assessed` only when two fillings disagree; a fact named as missing can
   change the rating on its own, an unknown named as not needed cannot. Exhaustively on the real
   indicators; by hypothesis on random small rule sets (boolean, enum, integer and list facts).
   `check_rubric`'s completeness proof agrees with the brute force.
3. Round trip: assessing, writing JSON to a file and reading it back gives an equal Assessment.

``PROPERTIES`` holds each property's example count; docs/robustness.md reports it.
"""

from __future__ import annotations

import io
import itertools
import math
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from rich.console import Console

from legalcheck import logic
from legalcheck.data import read_profile
from legalcheck.engine import assess, evaluate_indicator
from legalcheck.model import (
    RATINGS,
    REPORTED_RATINGS,
    All,
    AnyOf,
    Citation,
    Country,
    FactEntry,
    FactSpec,
    Indicator,
    IndicatorEntry,
    Not,
    Profile,
    Rubric,
    Rule,
    Source,
    SourceRef,
    Test as FactTest,
)
from legalcheck.output import write_text_atomic
from legalcheck.render.json import dumps
from legalcheck.render.markdown.assessment import assessment_markdown
from legalcheck.render.terminal.assessment import render_assessment
from legalcheck.result import Assessment
from legalcheck.yamlload import clean_text

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls but tab and newline

from ..conftest import ROOT

# Example counts per property (docs/robustness.md reports these numbers).
PROPERTIES = {
    "profiles_never_crash": 150,
    "round_trip": 100,
    "random_rules_sound": 200,
    "check_rubric_agrees": 200,
}
# Deterministic in CI; HYPOTHESIS_EXPLORE=1 draws fresh examples locally.
BOUNDED = settings(
    deadline=None,
    derandomize=not os.environ.get("HYPOTHESIS_EXPLORE"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------- text that bites

NASTY = [
    "=SUM(A1)", "=HYPERLINK(\"http://x\")", "+1", "-1", "@cmd", "a | b | c", "line\nbreak", "\\|", "'single' \"double\"",
    "Côte d'Ivoire", "Türkiye", "Việt Nam", "日本語", "عربى", "🙂", "NO", "Yes", "off", "null", "~", "unknown",
    "2024-13-01", "*alias", "&anchor", "!!python/object/apply:os.system", "{a: 1}", "[x]", "# hash", "- dash", "---", "...",
    "\t", "", " ", "<b>bold</b>", "[red]markup[/red]", "**bold**", "`code`", "%s %d", "{0}", "\x07bell", "\u202eRTL",
    "\x1b[2J\x1b]0;title\x07", "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "\ufffe\uffff", "\x9b31m", "a\rb",
]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=30), st.text(st.sampled_from("ab |=\n\\'\"[]*_-#"), max_size=12))
ID = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)


class _Yaml12SafeDumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1: it leaves text such as `0.` unquoted, which YAML 1.2 (legalcheck's
    loader) reads as a number. Quote every string the loader would not read back as that string."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    from legalcheck.yamlload import _plain

    node = dumper.represent_scalar("tag:yaml.org,2002:str", value)
    if value and _plain(value) != value:
        node.style = "'"
    return node


_Yaml12SafeDumper.add_representer(str, _represent_str)


@pytest.fixture(scope="module")
def checklist():
    from legalcheck.data import load_checklist

    return load_checklist(ROOT)


def fact_value(spec: FactSpec) -> st.SearchStrategy:
    if spec.type == "boolean":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(spec.values)
    if spec.type == "integer":
        return st.integers(spec.min, spec.max)
    return st.lists(st.sampled_from(spec.values), unique=True)


@st.composite
def profiles(draw, checklist) -> dict[str, Any]:
    """A profile for the real checklist as YAML data: any facts known or unknown, any text."""
    source_ids = draw(st.lists(ID, min_size=1, max_size=3, unique=True))
    sources = [{"id": s, "title": draw(TEXT), "url": "https://example.org/" + s} for s in source_ids]
    citation = st.fixed_dictionaries(
        {"source": st.sampled_from(source_ids)},
        optional={"instrument": TEXT, "provision": TEXT, "year": st.integers(1700, 2100), "locator": TEXT, "note": TEXT},
    )
    indicators = {}
    for ind in checklist.indicators:
        if not draw(st.booleans()):
            continue
        entry: dict[str, Any] = {"facts": {}}
        for fid, spec in ind.facts.items():
            choice = draw(st.sampled_from(["omit", "unknown", "known"]))
            if choice == "unknown":
                entry["facts"][fid] = {"value": "unknown"} | ({"citation": draw(citation)} if draw(st.booleans()) else {})
            elif choice == "known":
                entry["facts"][fid] = {"value": draw(fact_value(spec)), "citation": draw(citation)}
                if draw(st.booleans()):
                    entry["facts"][fid]["note"] = draw(TEXT)
        if draw(st.booleans()):
            entry["reported"] = {"rating": draw(st.sampled_from(REPORTED_RATINGS)), "source": draw(st.sampled_from(source_ids)),
                                 "locator": draw(TEXT), "note": draw(TEXT)}
        if draw(st.booleans()):
            entry["notes"] = draw(TEXT)
        indicators[ind.id] = entry
    return {
        "country": {"name": draw(TEXT), "iso2": "TL", "iso3": "TLD", "aliases": draw(st.lists(TEXT, max_size=2))},
        "year": 2024,
        "as_of": draw(st.dates()).isoformat(),
        "status": draw(st.sampled_from(["reviewed", "draft"])),
        "notes": draw(TEXT),
        "sources": sources,
        "indicators": indicators,
    }


def markdown_cells(row: str) -> list[str]:
    """Split a Markdown table row on unescaped pipes."""
    cells, cur, chars = [], "", iter(row)
    for ch in chars:
        if ch == "\\":
            cur += ch + next(chars, "")
        elif ch == "|":
            cells.append(cur)
            cur = ""
        else:
            cur += ch
    return cells[1:]  # the text before the first pipe is empty


def write_profile(tmp: Path, doc: dict) -> Path:
    path = tmp / "countries" / "testland" / "2024.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(doc, Dumper=_Yaml12SafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("generated")


@settings(BOUNDED, max_examples=PROPERTIES["profiles_never_crash"])
@given(data=st.data(), width=st.integers(20, 200))
def test_generated_profiles_validate_and_never_crash_a_renderer(checklist, scratch, data, width):
    doc = data.draw(profiles(checklist))
    prof, problems = read_profile(write_profile(scratch, doc), checklist)
    assert problems == [], [str(p) for p in problems]
    a = assess(checklist, prof)
    assert [r.indicator for r in a.results] == list(checklist.ids())
    assert sum(a.summary.counts.values()) == a.summary.total == len(checklist.indicators)
    for r in a.results:
        assert r.rating in RATINGS and r.derived_rating in RATINGS
        if r.basis == "reported":
            assert r.rating == doc["indicators"][r.indicator]["reported"]["rating"]
    buffer = io.StringIO()
    render_assessment(a, Console(file=buffer, width=width, color_system=None))
    assert buffer.getvalue()
    assert json.loads(dumps(a))["country"]["name"] == clean_text(doc["country"]["name"])
    md = assessment_markdown(a)
    for out in (buffer.getvalue(), md, dumps(a)):  # data never reaches the output as terminal control
        assert not CONTROL.search(out), repr(CONTROL.search(out))
    lines = re.split(r"\r\n|\r|\n", md)  # Markdown's line endings
    start = lines.index("| Indicator | Rating | On what basis |") + 2  # after the delimiter row
    rows = lines[start:lines.index("", start)]
    assert len(rows) == len(a.results)
    assert all(len(markdown_cells(row)) == 3 for row in rows), rows


@settings(BOUNDED, max_examples=PROPERTIES["round_trip"])
@given(data=st.data())
def test_json_round_trip_loses_nothing(checklist, scratch, data):
    prof, problems = read_profile(write_profile(scratch, data.draw(profiles(checklist))), checklist)
    assert problems == []
    a = assess(checklist, prof)
    out = write_text_atomic(scratch / "assessment.json", dumps(a))
    back = TypeAdapter(Assessment).validate_python(json.loads(out.read_text(encoding="utf-8")))
    assert back == a


# --------------------------------------------------------------------------- soundness: brute force


def full_domain(spec: FactSpec) -> list[Any]:
    """Every value a fact can take (not the engine's representative points)."""
    if spec.type == "boolean":
        return [False, True]
    if spec.type == "enum":
        return list(spec.values)
    if spec.type == "integer":
        return list(range(spec.min, spec.max + 1))
    return [frozenset(c) for n in range(len(spec.values) + 1) for c in itertools.combinations(spec.values, n)]


def truth(cond, env: Mapping[str, Any]) -> bool:
    """An independent evaluator of a condition on complete facts."""
    match cond:
        case All(items):
            return all(truth(c, env) for c in items)
        case AnyOf(items):
            return any(truth(c, env) for c in items)
        case Not(item):
            return not truth(item, env)
        case FactTest(fact, "is", v):
            return env[fact] == v
        case FactTest(fact, "in", vs):
            return env[fact] in vs
        case FactTest(fact, "contains", v):
            return v in env[fact]
        case FactTest(fact, op, v):
            return {"lt": env[fact] < v, "lte": env[fact] <= v, "gt": env[fact] > v, "gte": env[fact] >= v}[op]
    raise AssertionError(cond)


def brute(ind: Indicator, env: Mapping[str, Any]) -> str:
    ratings = {r.rating for r in ind.rules if truth(r.when, env)}
    return ratings.pop() if len(ratings) == 1 else ("gap" if not ratings else "overlap")


def fillings(ind: Indicator, known: Mapping[str, Any]) -> dict[tuple, str]:
    """The brute-force label of every way of filling in the unknown facts."""
    unknown = [f for f in ind.facts if f not in known]
    out = {}
    for combo in itertools.product(*(full_domain(ind.facts[f]) for f in unknown)):
        out[combo] = brute(ind, {**known, **dict(zip(unknown, combo))})
    return out


def decides_alone(ind: Indicator, known: Mapping[str, Any], fact: str) -> bool:
    """Whether changing ``fact`` alone changes the label for some filling of the other unknowns."""
    unknown = [f for f in ind.facts if f not in known]
    i = unknown.index(fact)
    groups: dict[tuple, set[str]] = {}
    for combo, label in fillings(ind, known).items():
        groups.setdefault(combo[:i] + combo[i + 1:], set()).add(label)
    return any(len(s) > 1 for s in groups.values())


def assert_sound(ind: Indicator, known: Mapping[str, Any]) -> logic.Evaluation:
    ev = logic.evaluate(ind, known)
    labels = set(fillings(ind, known).values())
    if ev.determined is not None:
        assert labels == {ev.determined}, (known, labels)  # every filling gives that rating
    else:
        assert len(labels) > 1 or labels <= {"gap", "overlap"}, (known, labels)  # two fillings disagree
    for f in ev.missing:
        assert decides_alone(ind, known, f), (known, f)
    for f in ev.irrelevant_unknowns:
        assert not decides_alone(ind, known, f), (known, f)
    return ev


_PROFILE = Profile(Country("T", "TL", "TLD"), 2024, "2024-01-31", (Source("s", "t", url="u"),))


def partial_assignments(ind: Indicator):
    """Every assignment of the real indicator's facts where each is unknown or one of its values."""
    facts = list(ind.facts)
    for combo in itertools.product(*([None, *full_domain(ind.facts[f])] for f in facts)):
        yield {f: v for f, v in zip(facts, combo) if v is not None}


def test_soundness_on_the_real_indicators_exhaustively(checklist):
    checked = 0
    for ind in checklist.indicators:
        for known in partial_assignments(ind):
            ev = assert_sound(ind, known)
            entry = IndicatorEntry(facts={f: FactEntry(v, Citation("s")) for f, v in known.items()})
            result = evaluate_indicator(ind, entry, _PROFILE)
            labels = set(fillings(ind, known).values())
            if result.derived_rating == "not_assessed":
                # only when two fillings disagree, or when every filling gives the rubric's own
                # "not settled by the rubric" outcome (age of consent: e.g. 17, or 18 with no exemption)
                assert len(labels) > 1 or labels == {"not_assessed"}
            elif result.derived_rating in ("yes_or_partial", "partial_or_no"):
                # narrowed by the facts to exactly two neighbouring ratings, every filling one of them
                assert labels == set(result.derived_rating.split("_or_")) and ev.determined is None
            else:
                assert labels == {result.derived_rating} == {ev.determined}
            checked += 1
    assert checked == real_assignments(checklist)


def real_assignments(checklist) -> int:
    """How many partial assignments the real checklist has: each fact unknown or any of its values."""
    return sum(math.prod(len(full_domain(s)) + 1 for s in i.facts.values()) for i in checklist.indicators)


# --------------------------------------------------------------------------- random small rule sets


@dataclass(frozen=True)
class SmallRubric:
    ind: Indicator
    known: dict[str, Any]


def fact_specs():
    boolean = st.just(("boolean", (), None, None))
    enum = st.integers(2, 3).map(lambda n: ("enum", tuple("abc"[:n]), None, None))
    integer = st.integers(0, 2).flatmap(lambda lo: st.integers(lo, lo + 4).map(lambda hi: ("integer", (), lo, hi)))
    lists = st.integers(1, 3).map(lambda n: ("list", tuple("xyz"[:n]), None, None))
    return st.one_of(boolean, enum, integer, integer, lists)


def raw_test(fid: str, spec: FactSpec) -> st.SearchStrategy:
    if spec.type == "boolean":
        return st.booleans().map(lambda v: {"fact": fid, "is": v})
    if spec.type == "enum":
        return st.one_of(st.sampled_from(spec.values).map(lambda v: {"fact": fid, "is": v}),
                         st.lists(st.sampled_from(spec.values), min_size=1, unique=True).map(lambda v: {"fact": fid, "in": v}))
    if spec.type == "integer":
        compare = st.tuples(st.sampled_from(["is", "lt", "lte", "gt", "gte"]), st.integers(spec.min, spec.max)).map(
            lambda t: {"fact": fid, t[0]: t[1]})
        # Intervals such as 1 < x < 3 hold for values no single comparison names: the engine's
        # representative values must still reach them.
        between = st.tuples(st.integers(spec.min, spec.max), st.integers(spec.min, spec.max)).map(
            lambda t: {"all": [{"fact": fid, "gt": t[0]}, {"fact": fid, "lt": t[1]}]})
        return st.one_of(compare, between)
    return st.sampled_from(spec.values).map(lambda v: {"fact": fid, "contains": v})


def raw_condition(facts: dict[str, FactSpec]) -> st.SearchStrategy:
    leaf = st.one_of(*(raw_test(f, s) for f, s in facts.items()))
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
        inner.map(lambda x: {"not": x}),
    ), max_leaves=4)


@st.composite
def small_rubrics(draw, complete_by_construction: bool) -> SmallRubric:
    specs = draw(st.lists(fact_specs(), min_size=1, max_size=3))
    facts = {f"f{i}": FactSpec(t, "?", values, lo, hi, id=f"f{i}") for i, (t, values, lo, hi) in enumerate(specs)}
    conditions = draw(st.lists(raw_condition(facts), min_size=1, max_size=4))
    ratings = draw(st.lists(st.sampled_from(["yes", "partial", "no"]), min_size=len(conditions) + 1,
                            max_size=len(conditions) + 1))
    if complete_by_construction:
        # A decision list: rule i applies when condition i holds and no earlier one does; the last
        # rule is 'otherwise'. Exactly one rule matches every combination.
        raws = [{"all": [c] + [{"not": p} for p in conditions[:i]]} for i, c in enumerate(conditions)]
        raws.append({"all": [{"not": p} for p in conditions]})
    else:
        raws = conditions
    rules = []
    for i, raw in enumerate(raws):
        cond, issues = logic.parse_condition(raw, facts)
        assert not issues, issues
        rules.append(Rule(f"r{i}", ratings[i], "criterion", when=cond))
    ind = Indicator("small", "Small", "Small", "?", "derived", "generated", Rubric("y", "p", "n"), facts, tuple(rules),
                    "recommendation", (SourceRef("generated"),))
    known = {}
    for fid, spec in facts.items():
        if draw(st.booleans()):
            value = draw(st.sampled_from(full_domain(spec)))
            known[fid] = value
    return SmallRubric(ind, known)


@settings(BOUNDED, max_examples=PROPERTIES["random_rules_sound"])
@given(case=st.booleans().flatmap(small_rubrics))
def test_soundness_on_random_rule_sets(case):
    if logic.check_rubric(case.ind) == []:  # the engine's guarantees are stated for complete rubrics
        ev = assert_sound(case.ind, case.known)
        labels = set(fillings(case.ind, case.known).values())
        assert (ev.determined is None) == (len(labels) > 1)
    else:
        assert_sound(case.ind, case.known)  # still never claims a rating some filling contradicts


@settings(BOUNDED, max_examples=PROPERTIES["check_rubric_agrees"])
@given(case=small_rubrics(complete_by_construction=False))
def test_check_rubric_agrees_with_brute_force(case):
    labels = fillings(case.ind, {})
    defects = logic.check_rubric(case.ind, limit=1)
    assert (defects == []) == all(label not in ("gap", "overlap") for label in labels.values())
    if defects:
        d = defects[0]
        assert brute(case.ind, d.example) == d.kind  # the example given really is a gap / an overlap
