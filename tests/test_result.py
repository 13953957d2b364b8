"""The result model (result.py): excerpts of an indicator's result, and JSON data from results."""

from __future__ import annotations

import dataclasses

from legalcheck import Repository
from legalcheck.coverage import Gap, Met
from legalcheck.matrix import MatrixCell
from legalcheck.result import excerpt, to_jsonable


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
