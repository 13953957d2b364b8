"""The result model (result.py): excerpts of an indicator's result, and JSON data from results."""

from __future__ import annotations

import dataclasses

from legalcheck import Repository
from legalcheck.coverage import Gap, Met
from legalcheck.matrix import MatrixCell
from legalcheck.result import (CitationOut, FactOut, ReadingOut, excerpt, to_jsonable, values_added, values_conflict,
                               values_same)


def test_an_excerpt_takes_every_same_named_field_and_the_given_ones():
    r = Repository().assess("nepal", 2022).result("grooming")
    cell = excerpt(MatrixCell, r)
    assert all(getattr(cell, f.name) == getattr(r, f.name) for f in dataclasses.fields(MatrixCell))
    met = excerpt(Met, r, title="Another title")
    assert (met.indicator, met.title, met.citations) == (r.indicator, "Another title", r.citations)


def test_gaps_and_matrix_cells_carry_what_the_assessment_says():
    repo = Repository()
    a = repo.assess("nepal", 2022)
    gaps = {g.indicator: g for g in repo.gaps("nepal", 2022).gaps}
    for r in a.results:
        if r.rating != "yes":
            g = gaps[r.indicator]
            assert isinstance(g, Gap) and (g.rating, g.reason, g.citations) == (r.rating, r.reason, r.citations)
    row = next(x for x in repo.matrix(countries=["nepal"], year=2022).rows)
    assert [c.rating for c in row.cells] == [r.rating for r in a.results]


def test_json_data_keeps_field_order_and_turns_tuples_into_lists():
    a = Repository().assess("nepal", 2022)
    data = to_jsonable(a)
    assert list(data) == [f.name for f in dataclasses.fields(a)]
    assert isinstance(data["results"], list) and data["results"][0]["indicator"] == a.results[0].indicator


def _by_init(cls, source, **fields):
    """What excerpt made before it skipped __init__: the class called with every field."""
    names = [f.name for f in dataclasses.fields(cls)]
    return cls(**{n: getattr(source, n) for n in names if n not in fields and hasattr(source, n)}, **fields)


def test_an_excerpt_made_without_init_is_the_one_init_makes():
    """excerpt fills a plain dataclass's fields directly (a slotted record's through its slots): the
    same object, field for field and in __dict__ order, as calling the class, for every result of
    every bundled country."""
    import pickle

    from legalcheck.coverage import _gap

    repo = Repository()
    made = 0
    for entry in repo.countries():
        a = repo.assess(entry.slug)
        for r in a.results:
            pairs = [(excerpt(MatrixCell, r), _by_init(MatrixCell, r)), (excerpt(Met, r), _by_init(Met, r)),
                     (excerpt(Met, r, title="T"), _by_init(Met, r, title="T"))]
            if r.rating != "yes":
                g = _gap(r)
                pairs.append((g, _by_init(Gap, r, **{k: getattr(g, k) for k in ("open_questions", "recommendation",
                                                                                 "known_facts", "unknown_cited")})))
            for fast, slow in pairs:
                assert type(fast) is type(slow) and fast == slow and repr(fast) == repr(slow)
                if hasattr(fast, "__dict__"):
                    assert list(vars(fast).items()) == list(vars(slow).items())
                else:  # every slot set (a missing one would raise here)
                    fields = [f.name for f in dataclasses.fields(fast)]
                    assert [getattr(fast, n) for n in fields] == [getattr(slow, n) for n in fields]
                assert hash(fast) == hash(slow) and pickle.loads(pickle.dumps(fast)) == slow
                made += 1
    assert made > 100


def test_an_excerpt_of_a_class_with_post_init_still_calls_it():
    @dataclasses.dataclass(frozen=True)
    class Checked:
        indicator: str
        rating: str

        def __post_init__(self):
            object.__setattr__(self, "rating", self.rating.upper())

    r = Repository().assess("nepal", 2022).result("grooming")
    assert excerpt(Checked, r).rating == r.rating.upper()


def test_an_excerpt_of_a_slotted_record_with_fields_of_its_own():
    """A slotted record (no __dict__) is filled through its slots, the fields given and the
    source's alike, in its fields' order; a slotted dataclass that is not a record calls __init__."""
    from legalcheck.records import record, sets_slots

    @record(slots=True)
    class Short:
        indicator: str
        note: str
        rating: str

    @dataclasses.dataclass(frozen=True, slots=True)
    class Plain:
        indicator: str
        rating: str

    r = Repository().assess("nepal", 2022).result("grooming")
    assert sets_slots(Short) and sets_slots(MatrixCell) and not sets_slots(Plain)
    s = excerpt(Short, r, note="n")
    assert not hasattr(s, "__dict__") and s == Short(r.indicator, "n", r.rating)
    assert excerpt(Plain, r) == Plain(r.indicator, r.rating)


def _fact(value, *others):
    cite = CitationOut(source="src", source_title="A source")
    return FactOut("settings", "Where?", True, value, citation=cite,
                   other_readings=tuple(ReadingOut(v, CitationOut(source="other", source_title="B")) for v in others))


def test_values_compared_by_every_reading_in_any_order():
    # one rule for a fact's values, with or without other readings: the same values in any order are
    # the same; no value in common is a conflict; a value the older fact lacks is added
    one, other, both = _fact(["online"]), _fact(["offline", "online"]), _fact(["online"], ["offline", "online"])
    swapped = _fact(["offline", "online"], ["online"])
    assert values_same(one, _fact(["online"])) and values_same(both, swapped)
    assert not values_same(one, other) and not values_same(one, both)
    assert (values_conflict(one, other), values_added(one, other)) == (True, True)
    assert (values_conflict(one, both), values_added(one, both), values_added(both, one)) == (False, True, False)
    assert (values_conflict(both, swapped), values_added(both, swapped)) == (False, False)
