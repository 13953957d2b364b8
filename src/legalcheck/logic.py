"""Pure logic over declarative rules: parsing conditions, fact domains, and exact evaluation
when some facts are unknown.

Three-valued evaluation here is *exact*, not Kleene's approximation: the engine enumerates every
way the unknown facts a rule mentions could turn out (each domain is finite: booleans, enumerations,
lists of enumerated items, and integers partitioned at the thresholds the rules compare against) and
looks at the ratings those completions give. A rating is determined exactly when every completion
gives it; otherwise the indicator is not assessed, and the facts whose value would change the rating
are named as missing. The same enumeration, over all facts, proves a rubric complete (every
combination yields exactly one rating) and finds gaps and overlaps with an example.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from typing import Any

from .errors import brief, did_you_mean
from .model import All, AnyOf, Condition, FactSpec, Indicator, Not, Rule, Test, value_words
from .records import record

OPS = ("is", "in", "lt", "lte", "gt", "gte", "contains")
_OPS_FOR_TYPE = {
    "boolean": ("is",),
    "enum": ("is", "in"),
    "integer": ("is", "in", "lt", "lte", "gt", "gte"),
    "list": ("contains",),
}
# Above this many combinations an indicator is too large to enumerate; validate reports it.
MAX_COMBINATIONS = 1 << 16
# Nor may combinations x fact tests in the rules exceed this (about a second of checking), so a
# large rule file cannot make every command slow: the rubric proof runs whenever rules load.
MAX_WORK = 20_000_000


# --------------------------------------------------------------------------- parsing


@record
class ConditionIssue:
    path: tuple
    message: str


def parse_condition(raw: Any, facts: Mapping[str, FactSpec], path: tuple = ()) -> tuple[Condition | None, list[ConditionIssue]]:
    """Parse ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}`` or ``{fact: X, <op>: V}``."""
    issues: list[ConditionIssue] = []
    cond = _parse(raw, facts, path, issues)
    return (cond if not issues else None), issues


def _parse(raw: Any, facts: Mapping[str, FactSpec], path: tuple, issues: list[ConditionIssue]) -> Condition | None:
    from .errors import did_you_mean

    if not isinstance(raw, dict):
        issues.append(ConditionIssue(path, "a condition must be a mapping such as {fact: name, is: true}"))
        return None
    keys = set(raw)
    for combinator, cls in (("all", All), ("any", AnyOf)):
        if combinator in keys:
            if keys != {combinator}:
                issues.append(ConditionIssue(path, f"'{combinator}' must stand alone in its condition"))
                return None
            items = raw[combinator]
            if not isinstance(items, list) or not items:
                issues.append(ConditionIssue(path + (combinator,), f"'{combinator}' takes a non-empty list of conditions"))
                return None
            parsed = [_parse(item, facts, path + (combinator, i), issues) for i, item in enumerate(items)]
            return cls(tuple(p for p in parsed if p is not None)) if None not in parsed else None
    if "not" in keys:
        if keys != {"not"}:
            issues.append(ConditionIssue(path, "'not' must stand alone in its condition"))
            return None
        inner = _parse(raw["not"], facts, path + ("not",), issues)
        return Not(inner) if inner is not None else None
    if "fact" not in keys:
        unknown = sorted(keys)
        issues.append(ConditionIssue(path, f"unknown condition {unknown}: use all, any, not, or fact with one of {', '.join(OPS)}"))
        return None
    fact_id = raw["fact"]
    ops = [k for k in keys if k != "fact"]
    bad = [k for k in ops if k not in OPS]
    if bad:
        issues.append(ConditionIssue(path + (bad[0],), f"unknown operator '{bad[0]}'{did_you_mean(bad[0], OPS)}; operators: {', '.join(OPS)}"))
        return None
    if len(ops) != 1:
        issues.append(ConditionIssue(path, "a fact test needs exactly one operator (is, in, lt, lte, gt, gte, contains)"))
        return None
    op = ops[0]
    value = raw[op]
    if not isinstance(fact_id, str) or fact_id not in facts:
        issues.append(ConditionIssue(path + ("fact",), f"names undeclared fact '{fact_id}'{did_you_mean(str(fact_id), facts)}"))
        return None
    spec = facts[fact_id]
    if op not in _OPS_FOR_TYPE[spec.type]:
        issues.append(ConditionIssue(path + (op,), f"operator '{op}' does not apply to {spec.type} fact '{fact_id}' (use {', '.join(_OPS_FOR_TYPE[spec.type])})"))
        return None
    values = value if op == "in" else [value]
    if op == "in" and (not isinstance(value, list) or not value):
        issues.append(ConditionIssue(path + (op,), "'in' takes a non-empty list of values"))
        return None
    for v in values:
        problem = check_value(spec, v, as_item=(op == "contains"))
        if problem:
            issues.append(ConditionIssue(path + (op,), problem))
            return None
    return Test(fact_id, op, tuple(value) if op == "in" else value)


def check_value(spec: FactSpec, value: Any, as_item: bool = False) -> str | None:
    """Why ``value`` does not fit ``spec`` (None when it fits)."""
    t = spec.type
    if t == "boolean":
        if value is True or value is False:  # the common case, checked first: tens of thousands per run
            return None
        if not isinstance(value, bool):
            if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                hint = f" (remove the quotes: {value.strip().lower()} without quotes is true or false, in quotes it is text)"
            elif isinstance(value, str):
                hint = " (write true or false; YAML words like yes/no are not accepted)"
            else:
                hint = ""
            return f"expected true or false, got {brief(value)}{hint}"
        return None
    if t == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number, got {brief(value)}"
        if spec.min is not None and value < spec.min or spec.max is not None and value > spec.max:
            return f"{value} is outside the declared range {spec.min}..{spec.max}"
        return None
    if t == "enum" or (t == "list" and as_item):
        if not isinstance(value, str) or value not in spec.values:
            return f"{brief(value)} is not one of: {', '.join(spec.values)}{did_you_mean(str(value), spec.values)}"
        return None
    if t == "list":
        if not isinstance(value, list):
            return f"expected a list of items from: {', '.join(spec.values)}"
        for item in value:
            problem = check_value(spec, item, as_item=True)
            if problem:
                return problem
        if len(set(value)) != len(value):
            return "the list repeats an item"
        return None
    return f"unknown fact type {t!r}"  # pragma: no cover


def normalise_value(spec: FactSpec, value: Any) -> Any:
    """The value in the form conditions compare against (lists become frozensets)."""
    if spec.type == "list":
        return frozenset(value)
    return value


# --------------------------------------------------------------------------- evaluation


def holds(cond: Condition, env: Mapping[str, Any]) -> bool:
    """Evaluate a condition on a complete assignment of the facts it mentions."""
    if isinstance(cond, Test):
        v = env[cond.fact]
        op = cond.op
        if op == "is":
            return v == cond.value and type(v) is type(cond.value)
        if op == "in":
            return v in cond.value
        if op == "contains":
            return cond.value in v
        if op == "lt":
            return v < cond.value
        if op == "lte":
            return v <= cond.value
        if op == "gt":
            return v > cond.value
        if op == "gte":
            return v >= cond.value
        raise ValueError(op)  # pragma: no cover
    if isinstance(cond, All):
        return all(holds(c, env) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(holds(c, env) for c in cond.items)
    if isinstance(cond, Not):
        return not holds(cond.item, env)
    raise TypeError(cond)  # pragma: no cover


def _compile(cond: Condition) -> Callable[[Mapping[str, Any]], bool]:
    """``holds(cond, env)`` as one closure per condition, built once per indicator: evaluation
    calls it for every completion of the unknown facts of every profile."""
    if isinstance(cond, Test):
        fact, op, value = cond.fact, cond.op, cond.value
        if op == "is":
            kind = type(value)
            return lambda env: (v := env[fact]) == value and type(v) is kind
        if op == "in":
            return lambda env: env[fact] in value
        if op == "contains":
            return lambda env: value in env[fact]
        if op == "lt":
            return lambda env: env[fact] < value
        if op == "lte":
            return lambda env: env[fact] <= value
        if op == "gt":
            return lambda env: env[fact] > value
        if op == "gte":
            return lambda env: env[fact] >= value
        raise ValueError(op)  # pragma: no cover
    if isinstance(cond, All):
        parts = tuple(_compile(c) for c in cond.items)

        def every(env: Mapping[str, Any]) -> bool:
            for p in parts:
                if not p(env):
                    return False
            return True

        return every
    if isinstance(cond, AnyOf):
        parts = tuple(_compile(c) for c in cond.items)

        def some(env: Mapping[str, Any]) -> bool:
            for p in parts:
                if p(env):
                    return True
            return False

        return some
    if isinstance(cond, Not):
        inner = _compile(cond.item)
        return lambda env: not inner(env)
    raise TypeError(cond)  # pragma: no cover


def facts_in(cond: Condition) -> Iterator[str]:
    if isinstance(cond, Test):
        yield cond.fact
    elif isinstance(cond, (All, AnyOf)):
        for c in cond.items:
            yield from facts_in(c)
    elif isinstance(cond, Not):
        yield from facts_in(cond.item)


def _constants(cond: Condition, fact: str) -> Iterator[Any]:
    if isinstance(cond, Test):
        if cond.fact == fact:
            yield from (cond.value if cond.op == "in" else (cond.value,))
    elif isinstance(cond, (All, AnyOf)):
        for c in cond.items:
            yield from _constants(c, fact)
    elif isinstance(cond, Not):
        yield from _constants(cond.item, fact)


def referenced_facts(ind: Indicator) -> tuple[str, ...]:
    """The facts the rules mention, in the order the indicator declares them."""
    used = {f for r in ind.rules for f in facts_in(r.when)}
    return tuple(f for f in ind.facts if f in used)


def domain(ind: Indicator, fact: str) -> tuple[Any, ...]:
    """Finitely many values of ``fact`` that between them reach every outcome of the rules."""
    spec = ind.facts[fact]
    if spec.type == "boolean":
        return (False, True)
    if spec.type == "enum":
        return tuple(spec.values)
    if spec.type == "list":
        items = tuple(spec.values)
        return tuple(
            frozenset(combo) for n in range(len(items) + 1) for combo in itertools.combinations(items, n)
        )
    # integer: every comparison is against a constant, so the constants, their neighbours and the
    # range ends represent every region of the number line the rules can tell apart.
    lo = spec.min if spec.min is not None else 0
    hi = spec.max if spec.max is not None else lo
    points = {lo, hi}
    for rule in ind.rules:
        for c in _constants(rule.when, fact):
            points.update((c - 1, c, c + 1))
    return tuple(sorted(p for p in points if lo <= p <= hi))


@record
class _Shape:
    """What evaluating an indicator needs, worked out once per (frozen) indicator: a regional matrix
    evaluates the same indicator for every country."""

    refs: tuple[str, ...]  # the facts the rules mention, in declaration order
    domains: dict[str, tuple[Any, ...]]
    rules: tuple[tuple[Rule, Callable[[Mapping[str, Any]], bool]], ...]  # each rule with its compiled condition
    # Evaluations already made, by the known facts (with their types: True == 1 for Python) and the
    # ratings excluded: profiles that leave an indicator out, or record the same facts, are many.
    memo: dict[tuple, tuple[Evaluation, Evaluation]] = field(default_factory=dict, compare=False)


_SHAPES: dict[int, tuple[Indicator, _Shape]] = {}


def _shape(ind: Indicator) -> _Shape:
    hit = _SHAPES.get(id(ind))
    if hit is not None and hit[0] is ind:
        return hit[1]
    refs = referenced_facts(ind)
    shape = _Shape(refs, {f: domain(ind, f) for f in refs}, tuple((r, _compile(r.when)) for r in ind.rules))
    if len(_SHAPES) > 256:  # checklists are few; tests build many
        _SHAPES.clear()
    _SHAPES[id(ind)] = (ind, shape)
    return shape


def combination_count(ind: Indicator, facts: tuple[str, ...]) -> int:
    n = 1
    for f in facts:
        n *= len(domain(ind, f))
    return n


@record
class Outcome:
    """What the rules say for one complete assignment: the matching rules and their ratings."""

    rules: tuple[Rule, ...]

    @property
    def ratings(self) -> frozenset[str]:
        return frozenset(r.rating for r in self.rules)

    @property
    def rating(self) -> str | None:
        """The single rating, or None for a gap (no rule) or an overlap (conflicting rules)."""
        ratings = self.ratings
        return next(iter(ratings)) if len(ratings) == 1 else None


def outcome(ind: Indicator, env: Mapping[str, Any]) -> Outcome:
    return Outcome(tuple(r for r, matches in _shape(ind).rules if matches(env)))


@record
class Evaluation:
    """The exact result of the rules on partly known facts."""

    determined: str | None  # the rating every completion gives, or None
    deciding: tuple[Rule, ...]  # rules that match in every completion (why the rating holds)
    possible: tuple[str, ...]  # every rating some completion gives ('gap'/'overlap' for rubric defects)
    missing: tuple[str, ...]  # unknown facts whose value would change the rating
    irrelevant_unknowns: tuple[str, ...]  # unknown facts the rating does not depend on
    too_large: bool = False
    contradiction: bool = False  # the excluded ratings rule out every possibility the facts leave


_ORDER = {"yes": 0, "partial": 1, "no": 2, "not_assessed": 3, "gap": 4, "overlap": 5}


def evaluate(ind: Indicator, known: Mapping[str, Any], exclude: frozenset[str] = frozenset()) -> Evaluation:
    """Evaluate the indicator's rules on ``known`` facts (already normalised); absent = unknown.

    ``exclude``: ratings a source rules out (e.g. the 2022 consultation: "not Yes"). Completions
    giving an excluded rating are dropped before anything is decided, so "Yes or Partial" with Yes
    ruled out is exactly Partial; if nothing is left, ``contradiction`` is set.
    """
    return evaluate_with(ind, known, exclude)[0]


def evaluate_with(ind: Indicator, known: Mapping[str, Any], exclude: frozenset[str] = frozenset()
                  ) -> tuple[Evaluation, Evaluation]:
    """``evaluate`` with ``exclude``, and without it (what the facts alone say), from one
    enumeration of the completions. With nothing excluded both are the same object."""
    shape = _shape(ind)
    try:
        key = (frozenset((f, type(v), v) for f, v in known.items()), exclude)
        hit = shape.memo.get(key)
    except TypeError:  # a value not normalised (a list): evaluated, not remembered
        return _evaluate_with(ind, shape, known, exclude)
    if hit is None:
        if len(shape.memo) >= _MEMO_SIZE:
            shape.memo.clear()
        hit = shape.memo[key] = _evaluate_with(ind, shape, known, exclude)
    return hit


_MEMO_SIZE = 512  # evaluations remembered per indicator (about a kilobyte each): bounded, whatever the data


def _evaluate_with(ind: Indicator, shape: _Shape, known: Mapping[str, Any], exclude: frozenset[str]
                   ) -> tuple[Evaluation, Evaluation]:
    unknown = tuple(f for f in shape.refs if f not in known)
    domains = [shape.domains[f] for f in unknown]
    if math.prod(len(d) for d in domains) > MAX_COMBINATIONS:
        too_large = Evaluation(None, (), (), unknown, (), too_large=True)
        return too_large, too_large
    # each completion -> (the ids of the rules that match, its label: a rating, 'gap' or 'overlap')
    results: dict[tuple, tuple[frozenset[str], str]] = {}
    env = dict(known)
    rules = shape.rules
    for combo in itertools.product(*domains):
        env.update(zip(unknown, combo))
        matched = [r for r, matches in rules if matches(env)]
        ratings = {r.rating for r in matched}
        label = next(iter(ratings)) if len(ratings) == 1 else ("gap" if not matched else "overlap")
        results[combo] = (frozenset(r.id for r in matched), label)
    alone = _summarise(ind, shape, unknown, results)
    if not exclude:
        return alone, alone
    kept = {c: o for c, o in results.items() if o[1] not in exclude}
    if not kept:
        return Evaluation(None, (), (), (), unknown, contradiction=True), alone
    return _summarise(ind, shape, unknown, kept), alone


def _summarise(ind: Indicator, shape: _Shape, unknown: tuple[str, ...],
               results: dict[tuple, tuple[frozenset[str], str]]) -> Evaluation:
    labels = {label for _, label in results.values()}
    possible = tuple(sorted(labels, key=_ORDER.__getitem__))
    deciding_ids = frozenset.intersection(*(ids for ids, _ in results.values()))
    deciding = tuple(r for r in ind.rules if r.id in deciding_ids)
    # A fact matters when changing it alone changes the outcome for some values of the others.
    missing = []
    if len(labels) > 1:  # with one label throughout, no fact changes it
        for i, f in enumerate(unknown):
            groups: dict[tuple, str] = {}
            for combo, (_, label) in results.items():
                rest = combo[:i] + combo[i + 1:]
                seen = groups.setdefault(rest, label)
                if seen != label:
                    missing.append(f)
                    break
    irrelevant = tuple(f for f in unknown if f not in missing)
    determined = possible[0] if len(possible) == 1 and possible[0] not in ("gap", "overlap") else None
    return Evaluation(determined, deciding, possible, tuple(missing), irrelevant)


# --------------------------------------------------------------------------- rubric completeness


@record
class RubricDefect:
    kind: str  # "gap" or "overlap" or "too-large"
    example: dict[str, Any]
    rules: tuple[str, ...]

    def describe(self) -> str:
        combo = ", ".join(f"{k}={value_words(v)}" for k, v in self.example.items())
        if self.kind == "gap":
            return f"rubric gap: no rule gives a rating when {combo}"
        if self.kind == "overlap":
            return f"rubric overlap: rules {', '.join(self.rules)} give different ratings when {combo}"
        return f"too large to check ({combo}); split the indicator or simplify its rules"


def _test_count(cond: Condition) -> int:
    if isinstance(cond, Test):
        return 1
    if isinstance(cond, Not):
        return _test_count(cond.item)
    return sum(_test_count(c) for c in cond.items)


def check_rubric(ind: Indicator, limit: int = 3) -> list[RubricDefect]:
    """Prove every combination of known fact values yields exactly one rating; else give examples."""
    refs = referenced_facts(ind)
    n = combination_count(ind, refs)
    tests = sum(_test_count(r.when) for r in ind.rules)
    if n > MAX_COMBINATIONS or n * tests > MAX_WORK:
        return [RubricDefect("too-large", {"combinations": n, "fact tests in the rules": tests}, ())]
    defects: list[RubricDefect] = []
    for combo in itertools.product(*(domain(ind, f) for f in refs)):
        env = dict(zip(refs, combo))
        o = outcome(ind, env)
        if o.rating is None:
            defects.append(RubricDefect("gap" if not o.rules else "overlap", env, tuple(r.id for r in o.rules)))
            if len(defects) >= limit:
                break
    return defects


# --------------------------------------------------------------------------- presenting rules

_OP_WORDS = {"is": "is", "in": "is one of", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥", "contains": "includes"}


def describe(cond: Condition) -> str:
    """A condition in words: 'criminalised is true AND (active is true OR passive is true)'."""
    if isinstance(cond, Test):
        return f"{cond.fact} {_OP_WORDS[cond.op]} {value_words(cond.value)}"
    if isinstance(cond, Not):
        return f"NOT ({describe(cond.item)})"
    joiner = " AND " if isinstance(cond, All) else " OR "
    parts = [describe(c) if isinstance(c, (Test, Not)) else f"({describe(c)})" for c in cond.items]
    return joiner.join(parts)


def condition_data(cond: Condition) -> dict[str, Any]:
    """A condition back in its YAML form, for JSON output."""
    if isinstance(cond, Test):
        return {"fact": cond.fact, cond.op: list(cond.value) if cond.op == "in" else cond.value}
    if isinstance(cond, Not):
        return {"not": condition_data(cond.item)}
    key = "all" if isinstance(cond, All) else "any"
    return {key: [condition_data(c) for c in cond.items]}
