"""JSON output: the result dataclasses as they are, field names unchanged."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from ...result import to_jsonable

if TYPE_CHECKING:
    from ...model import Checklist, Indicator
    from ...profile_schema import ProfileSchema
    from ...repository import RegionListing, Validation


def dumps(obj: Any) -> str:
    return json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False) + "\n"


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
