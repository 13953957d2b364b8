"""yamledit: data changes applied to a profile's text touch only the changed lines; every comment
stays. Checked on every bundled profile, for every fact, source and reported rating in it."""

from __future__ import annotations

import copy

import pytest

from legalcheck.data import list_countries
from legalcheck.yamledit import dump, update_text
from legalcheck.yamlload import parse_bytes

from .conftest import ROOT

PROFILES = [p for e in list_countries(ROOT) for y in e.years for p in e.files(y)]


def edits(data: dict):
    """(what, new data) for one change at a time: every fact's value flipped to unknown or set, a
    citation field added, a note removed; every reported rating changed; a source added and
    changed; the profile's notes removed; a new indicator entry."""
    for iid, entry in (data.get("indicators") or {}).items():
        for fid, fact in (entry.get("facts") or {}).items():
            new = copy.deepcopy(data)
            f = new["indicators"][iid]["facts"][fid]
            f["value"] = "unknown" if f.get("value") not in (None, "unknown") else True
            yield f"{iid}.{fid} value", new
            if isinstance(fact.get("citation"), dict):
                new = copy.deepcopy(data)
                new["indicators"][iid]["facts"][fid]["citation"]["quote"] = "a quoted: \"phrase\" — with # marks"
                yield f"{iid}.{fid} quote", new
        if isinstance(entry.get("reported"), dict):
            new = copy.deepcopy(data)
            new["indicators"][iid]["reported"]["locator"] = "p. 12"
            yield f"{iid} reported locator", new
        if "notes" in entry and len(entry) > 1:
            new = copy.deepcopy(data)
            del new["indicators"][iid]["notes"]
            yield f"{iid} notes removed", new
    new = copy.deepcopy(data)
    new["sources"].append({"id": "added", "title": "NO: a title with a colon", "url": "https://example.org/x"})
    yield "source added", new
    new = copy.deepcopy(data)
    new["sources"][0]["title"] = "Another title"
    yield "source title", new
    if "notes" in data:
        new = copy.deepcopy(data)
        del new["notes"]
        yield "profile notes removed", new
    new = copy.deepcopy(data)
    new.setdefault("indicators", {})["zz-new"] = {"facts": {"x": {"value": 1}}}
    yield "indicator added", new


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_every_edit_keeps_every_comment_and_changes_only_its_lines(path):
    text = path.read_text(encoding="utf-8-sig")
    data = parse_bytes(text.encode("utf-8"), path.name).data
    comments = [ln for ln in text.splitlines() if ln.lstrip().startswith("#")]
    count = 0
    for what, new in edits(data):
        out = update_text(text, data, new)
        assert out is not None, f"{what}: the layout was not handled"
        assert parse_bytes(out.encode("utf-8"), path.name).data == new, what
        kept = [ln for ln in out.splitlines() if ln.lstrip().startswith("#")]
        assert kept == comments, f"{what}: a comment was lost"
        count += 1
    assert count >= 4


def test_no_change_gives_the_same_text():
    text = PROFILES[0].read_text(encoding="utf-8")
    data = parse_bytes(text.encode("utf-8"), "x").data
    assert update_text(text, data, copy.deepcopy(data)) is text


def test_dump_quotes_what_yaml_would_misread():
    assert "".join(dump({"a": "2024-01-31", "b": "no", "c": "NO", "d": "0o17", "e": "1.10", "f": "plain words"})) == (
        'a: "2024-01-31"\nb: "no"\nc: "NO"\nd: "0o17"\ne: "1.10"\nf: plain words\n')
