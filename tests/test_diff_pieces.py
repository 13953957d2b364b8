"""A regional diff's JSON and Markdown and a matrix's JSON, printed or saved in pieces (render.pieces, so that a
2,000-country diff is never held whole as text), are the text the renderers give whole."""

from __future__ import annotations

import dataclasses
import json

import pytest

from legalcheck import Repository
from legalcheck.render import as_text, pieces, write
from legalcheck.render import json as json_render
from legalcheck.render.markdown import diff as markdown_diff


def region_diffs():
    bundled = Repository()
    yield bundled.region_diff(2019, 2026, region="east-asia-pacific")
    yield bundled.region_diff(2020, 2022, region="saievac")
    yield bundled.region_diff(2003, 2012, region="asean")  # nothing compared
    yield bundled.region_diff(2020, 2026, countries=["nepal", "india", "singapore"])


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_the_pieces_make_the_whole_text_at_any_piece_size(fmt, monkeypatch, tmp_path):
    for r in region_diffs():
        for show_all in (False, True):
            whole = as_text(r, fmt, show_all=show_all)
            for size in (1, 2, 3, 50, 10**9):
                monkeypatch.setattr(markdown_diff, "CHUNK_LINES", size)
                monkeypatch.setattr(json_render, "CHUNK", size)
                got = list(pieces(r, fmt, show_all=show_all))
                assert "".join(got) == whole, (r.region, size)
                if size == 1 and fmt == "markdown":
                    assert len(got) > 20
                if size == 1 and r.countries:  # JSON too is given in pieces, one country at a time at most
                    assert len(got) > len(r.countries), (fmt, r.region, len(got))
            path = write(r, fmt, tmp_path / ("out.json" if fmt == "json" else "out.md"), show_all=show_all)
            assert path.read_text(encoding="utf-8") == whole
    if fmt == "json":
        assert json.loads(whole)["countries"]


def test_a_region_diff_with_no_countries_is_whole_json_too():
    r = next(region_diffs())
    empty = dataclasses.replace(r, countries=())
    assert "".join(pieces(empty, "json")) == json_render.dumps(empty)
    assert '"countries": []' in json_render.dumps(empty)


def test_one_country_in_pieces_is_the_whole_json_too():
    r = next(region_diffs())
    one = dataclasses.replace(r, countries=r.countries[:1])
    assert "".join(pieces(one, "json")) == json_render.dumps(one)
    assert len(json.loads(json_render.dumps(one))["countries"]) == 1


def test_the_countries_are_written_however_json_walks_a_list(monkeypatch):
    """json's C encoder reads a list's own items, not what a subclass's ``__iter__`` gives: the
    pieces must not rely on the pure-Python encoder (which a later Python may not use with indent)."""

    def as_c_sees_it(o):
        if isinstance(o, dict):
            return {k: as_c_sees_it(v) for k, v in o.items()}
        if isinstance(o, list):
            return [as_c_sees_it(v) for v in list.__iter__(o)]
        return o

    real = json.JSONEncoder.iterencode
    monkeypatch.setattr(json.JSONEncoder, "iterencode",
                        lambda self, o, _one_shot=False: real(self, as_c_sees_it(o), _one_shot))
    r = next(region_diffs())
    assert r.countries
    got = "".join(pieces(r, "json"))
    assert json.loads(got)["countries"] and got == json_render.dumps(r)


def test_a_matrix_in_json_pieces_is_the_whole_json(monkeypatch, tmp_path):
    """A matrix's JSON is printed and saved one row at a time at most (a 2,000-country matrix as one
    text and one tree of plain data peaked at ~390 MB): the same text as ``dumps``."""
    bundled = Repository()
    matrices = [bundled.matrix("east-asia-pacific"), bundled.matrix("saievac", year=2022, sort="score"),
                bundled.matrix(countries=["nepal"])]
    matrices.append(dataclasses.replace(matrices[0], rows=()))
    for m in matrices:
        whole = json_render.dumps(m)
        assert json.loads(whole)["rows"] == json.loads(json.dumps([dataclasses.asdict(r) for r in m.rows]))
        for size in (1, 50, 10**9):
            monkeypatch.setattr(json_render, "CHUNK", size)
            got = list(pieces(m, "json"))
            assert "".join(got) == whole
            if size == 1 and m.rows:
                assert len(got) > len(m.rows)
        assert write(m, "json", tmp_path / "m.json").read_text(encoding="utf-8") == whole
