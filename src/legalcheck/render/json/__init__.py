"""JSON output: the result dataclasses as they are, field names unchanged."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...result import to_jsonable

if TYPE_CHECKING:
    from ...model import Checklist, Indicator
    from ...profile_schema import ProfileSchema
    from ...repository import RegionListing, Validation


def dumps(obj: Any) -> str:
    return json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False) + "\n"


CHUNK = 1 << 16  # characters handed on at a time


def region_diff_chunks(r: Any) -> Iterator[str]:
    """``dumps(r)`` for a regional diff, in pieces of about CHUNK characters: its countries are
    converted and encoded one at a time (a 2,000-country diff as one JSON text and one tree of plain
    data took over a gigabyte). The text is ``dumps(r)``'s (tests/test_diff_cli.py)."""
    return list_chunks(r, "countries")


def matrix_chunks(m: Any) -> Iterator[str]:
    """``dumps(m)`` for a matrix, in pieces: its rows converted and encoded one at a time (a
    2,000-country matrix as one JSON text and one tree of plain data peaked at ~390 MB). The text
    is ``dumps(m)``'s (tests/test_matrix.py)."""
    return list_chunks(m, "rows")


def list_chunks(r: Any, field: str) -> Iterator[str]:
    """``dumps(r)`` (a result dataclass) in pieces of about CHUNK characters, the items of its list
    ``field`` converted and encoded one at a time.

    The rest of the document is encoded whole with a placeholder string as the list's value; the
    text is cut at the placeholder and the list written there: each item encoded as ``dumps``
    would, indented to the list's depth (a JSON text has no line break inside a string, so each line
    break is one the encoder made)."""
    placeholder = f"legalcheck-{field}-{uuid.uuid4().hex}"
    data = {f.name: placeholder if f.name == field else to_jsonable(getattr(r, f.name))
            for f in dataclasses.fields(r)}
    text = dumps(data)
    head, tail = text.split(json.dumps(placeholder))  # a fresh random name: found exactly once
    pieces: list[str] = [head]
    size = len(head)
    items = getattr(r, field)
    if items:
        # The items' indent: one level deeper than the line holding the list's key.
        line = head[head.rfind("\n") + 1:]
        inner = "\n" + " " * (len(line) - len(line.lstrip(" ")) + 2)
        pieces.append("[")
        for i, c in enumerate(items):
            item = (inner if i == 0 else "," + inner) + dumps(to_jsonable(c))[:-1].replace("\n", inner)
            pieces.append(item)
            size += len(item)
            if size >= CHUNK:
                yield "".join(pieces)
                pieces, size = [], 0
        pieces.append(inner[:-2] + "]")
    else:
        pieces.append("[]")
    pieces.append(tail)
    yield "".join(pieces)


def indicator_data(ind: Indicator) -> dict[str, Any]:
    from ...logic import condition_data

    data = dataclasses.asdict(ind)
    data["facts"] = [dataclasses.asdict(f) for f in ind.facts.values()]
    data["rules"] = [
        {"id": r.id, "rating": r.rating, "criterion": r.criterion, "when": condition_data(r.when)} for r in ind.rules
    ]
    return data


def indicator_json(ind: Indicator) -> str:
    return dumps(indicator_data(ind))


def checklist_json(cl: Checklist) -> str:
    return dumps({"title": cl.title, "version": cl.version, "publisher": cl.publisher,
                  "indicators": [indicator_data(i) for i in cl.indicators]})


def regions_json(listing: RegionListing) -> str:
    return dumps({"regions": listing.regions.regions, "countries": listing.regions.countries})


def validation_json(v: Validation) -> str:
    return dumps({"checked": v.checked, "problems": [dataclasses.asdict(p) for p in v.problems]})


def profile_schema_json(s: ProfileSchema) -> str:
    """The JSON Schema of a profile (draft 2020-12)."""
    return s.text()
