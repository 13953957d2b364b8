"""Validation of parsed YAML into the domain dataclasses, with errors a legal analyst can act on.

pydantic does the structural validation (unknown keys forbidden, types, allowed words); this module
turns each of its errors into a ``Problem`` with the file, line and column of the offending value,
the field path, a plain-English message and a did-you-mean for misspelt keys.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import types
import typing
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from .errors import Problem, brief, did_you_mean
from .yamlload import YamlDocument, format_path

T = TypeVar("T")


@functools.cache
def _adapter(cls: type) -> TypeAdapter:
    # Building its first validator, pydantic looks for plugins in every installed package's metadata
    # (~2 ms, a first run's longest single wait after YAML) unless told there are none; legalcheck
    # uses none, and Typer builds its own validators the same way.
    previous = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "1"
    try:
        return TypeAdapter(cls)
    finally:
        if previous is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = previous


def validate(cls: type[T], doc: YamlDocument, data: Any = None, base: tuple = ()) -> tuple[T | None, list[Problem]]:
    """Validate ``data`` (default: the whole document) as ``cls``; ``base`` is its path in the document."""
    data = doc.data if data is None else data
    if data is None and not base:
        return None, [Problem(doc.file, None, None, "", "the file is empty")]
    if not isinstance(data, dict):
        return None, [doc.problem(base, f"expected a mapping of fields (key: value lines), found {_kind(data)}")]
    try:
        return _adapter(cls).validate_python(data), []
    except ValidationError as e:
        return None, [_problem(cls, doc, base, err) for err in e.errors(include_url=False)]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {brief(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _problem(cls: type, doc: YamlDocument, base: tuple, err: dict) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    # Drop pydantic's union-member labels (e.g. 'str', 'int') that are not part of the document.
    path = base + tuple(p for p in loc if not (isinstance(p, str) and _is_member_label(p)))
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        name = str(path[-1])
        allowed = _fields_at(cls, loc[:-1])
        hint = did_you_mean(name, allowed) if allowed else ""
        listing = f"; allowed: {', '.join(allowed)}" if allowed and not hint else ""
        return doc.problem(path, f"unknown field {brief(name)}{hint}{listing}")
    if kind in ("missing", "missing_argument"):
        return doc.problem(path[:-1], f"required field '{path[-1]}' is missing")
    if kind == "string_type":
        hint = " (put it in quotes)" if isinstance(value, (bool, int, float)) else ""
        return doc.problem(path, f"expected text, found {_kind(value)}{hint}")
    if kind in ("int_type", "int_parsing", "int_from_float", "finite_number"):
        return doc.problem(path, f"expected a whole number, found {_kind(value)}")
    if kind == "bool_type" or kind == "bool_parsing":
        return doc.problem(path, f"expected true or false, found {_kind(value)}")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        hint = ""
        if isinstance(value, str) and f"'{value.lower()}'" in expected and value != value.lower():
            hint = f" (write it in lower case: '{value.lower()}')"
        elif isinstance(value, bool):
            hint = " (YAML read this as true/false: put the word in quotes)"
        return doc.problem(path, f"{brief(value)} is not allowed here; expected {expected}{hint}")
    if kind in ("dataclass_type", "dict_type", "model_type", "dataclass_exact_type"):
        if len(path) == 4 and path[0] == "indicators" and path[2] == "facts" and not isinstance(value, (dict, list)):
            # `explicit_ict: unknown` or `explicit_ict: true`: the commonest slip of a new profile.
            if value is None or value == "unknown":
                return doc.problem(path, "a fact no source states needs no entry: leave it out "
                                         "(or write 'value: unknown' on the line below it)")
            return doc.problem(path, f"write the fact's value on the line below it, with its citation "
                                     f"('value: {value if not isinstance(value, bool) else str(value).lower()}', then 'citation:' "
                                     "with source, instrument, provision, quote)")
        return doc.problem(path, f"expected a mapping of fields (key: value lines), found {_kind(value)}")
    if kind in ("list_type", "tuple_type"):
        return doc.problem(path, f"expected a list, found {_kind(value)}")
    return doc.problem(path, err["msg"])


_LABELS = {"str", "int", "bool", "float", "list", "tuple", "dict", "none", "function-after", "function-plain"}


def _is_member_label(part: str) -> bool:
    return part in _LABELS or part.startswith(("list[", "tuple[", "dict[", "literal[", "function-"))


@functools.cache
def _type_hints(tp: type) -> dict[str, Any]:
    """``typing.get_type_hints``, once per class: a file with 100,000 unknown fields asks 100,000 times."""
    return typing.get_type_hints(tp)


def _fields_at(cls: Any, loc: tuple) -> list[str]:
    """The field names allowed at ``loc`` inside dataclass ``cls`` (for did-you-mean)."""
    tp = cls
    for part in loc:
        tp = _strip_optional(tp)
        if dataclasses.is_dataclass(tp) and isinstance(part, str):
            hints = _type_hints(tp)
            if part not in hints:
                return []
            tp = hints[part]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        elif typing.get_origin(tp) in (tuple, list):
            tp = typing.get_args(tp)[0]
        else:
            return []
    tp = _strip_optional(tp)
    if dataclasses.is_dataclass(tp):
        return [f.name for f in dataclasses.fields(tp) if (tp.__name__, f.name) not in _FILLED_IN]
    return []


# Fields the loader fills in (from a mapping key, the directory or the file name), not written in YAML.
_FILLED_IN = {("FactSpec", "id"), ("Indicator", "file"), ("Profile", "file"), ("Country", "slug")}


def _strip_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def problem_at(doc: YamlDocument, path: tuple, message: str) -> Problem:
    return doc.problem(path, message)


__all__ = ["validate", "problem_at", "format_path"]
