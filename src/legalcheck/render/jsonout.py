"""JSON output: the result dataclasses as they are, field names unchanged."""

from __future__ import annotations

import json
from typing import Any

from ..result import to_jsonable


def dumps(obj: Any) -> str:
    return json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False) + "\n"
