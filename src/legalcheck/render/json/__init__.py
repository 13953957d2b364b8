"""JSON output: the result dataclasses as they are, field names unchanged."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...result import to_jsonable

if TYPE_CHECKING:
    from ...model import Checklist, Indicator
    from ...profile_schema import ProfileSchema
    from ...repository import RegionListing, Validation


def dumps(obj: Any) -> str:
    return json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False) + "\n"


class _Converted(list):
    """``items`` as json's encoder sees a list, each converted (``to_jsonable``) only as the encoder
    reaches it, so the plain data of one item at a time is held, not of them all."""

    def __init__(self, items: Any) -> None:
        super().__init__()
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Any:
        return (to_jsonable(x) for x in self.items)


CHUNK = 1 << 16  # characters handed on at a time


def region_diff_chunks(r: Any) -> Iterator[str]:
    """``dumps(r)`` for a regional diff, in pieces of about CHUNK characters: its countries are
    converted and encoded one at a time (a 2,000-country diff as one JSON text and one tree of plain
    data took over a gigabyte). The text is ``dumps(r)``'s (tests/test_diff_cli.py)."""
    data = {f.name: _Converted(r.countries) if f.name == "countries" else to_jsonable(getattr(r, f.name))
            for f in dataclasses.fields(r)}
    # json.dumps(..., indent=2) encodes with this same encoder (with an indent, json has no C path).
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
    pieces: list[str] = []
    size = 0
    for piece in encoder.iterencode(data):
        pieces.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield "".join(pieces)
            pieces, size = [], 0
    pieces.append("\n")
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
