"""Validation of parsed YAML into the domain dataclasses, with errors a legal analyst can act on.

pydantic does the structural validation (unknown keys forbidden, types, allowed words); this module
turns each of its errors into a ``Problem`` with the file, line and column of the offending value,
the field path, a plain-English message and a did-you-mean for misspelt keys.

The classes a run validates from YAML (a profile, an indicator, the checklist index, a regions
file) are validated by pydantic-core with the very schemas pydantic builds for them, written out
once into ``core_schemas.py`` (``python -m legalcheck.schema`` rewrites it): importing pydantic and
building those schemas cost some 50 ms of every cold run, more than the floor's whole start-up
leaves. A schema is used only while the classes it was built from still have the shape it records
and pydantic-core is the version that built it; otherwise (and for any other class) pydantic builds
it as before. tests/test_schema.py checks the file is current.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import types
import typing
from typing import Any, TypeVar

from .errors import Problem, brief, did_you_mean
from .yamlload import YamlDocument, format_path


def _core() -> types.ModuleType:
    """pydantic-core's compiled module (``pydantic_core._pydantic_core``), loaded without running the
    package's ``__init__``: that imports ``core_schema``, some 3,000 lines of typing declarations
    nothing here uses, about 10 ms of every run that validates a file. The module is registered
    under its own name, so a later ``import pydantic_core`` (pydantic, or ``python -m
    legalcheck.schema``) finds it there and the compiled module is still initialised only once.
    If it cannot be found this way, the package is imported as usual."""
    name = "pydantic_core._pydantic_core"
    known = sys.modules.get(name)
    if known is not None:
        return known
    try:
        import importlib.machinery
        import importlib.util

        package = importlib.util.find_spec("pydantic_core")  # found, not run
        for folder in (package.submodule_search_locations or ()) if package is not None else ():
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = os.path.join(folder, "_pydantic_core" + suffix)
                if not os.path.isfile(path):
                    continue
                loader = importlib.machinery.ExtensionFileLoader(name, path)
                spec = importlib.util.spec_from_file_location(name, path, loader=loader)
                if spec is None:
                    continue
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module
                try:
                    loader.exec_module(module)
                except BaseException:
                    sys.modules.pop(name, None)
                    raise
                return module
    except Exception:  # noqa: BLE001 - the usual import below says what is wrong, if anything is
        pass
    import pydantic_core._pydantic_core as module

    return module


_pydantic_core = _core()
SchemaValidator = _pydantic_core.SchemaValidator
ValidationError = _pydantic_core.ValidationError  # pydantic.ValidationError is this class
PYDANTIC_CORE_VERSION: str = _pydantic_core.__version__

T = TypeVar("T")


if typing.TYPE_CHECKING:
    from pydantic import TypeAdapter



@functools.cache
def _validate_python(cls: type) -> typing.Callable[[Any], Any]:
    """What validates plain data as ``cls``: pydantic-core with the schema written out for it, if it
    is current (see the module's docstring); else a pydantic TypeAdapter."""
    built = _prebuilt(cls)
    return built.validate_python if built is not None else _adapter(cls).validate_python


def _prebuilt(cls: type) -> SchemaValidator | None:
    from . import core_schemas

    entry = core_schemas.SCHEMAS.get(f"{cls.__module__}.{cls.__qualname__}")
    if entry is None or core_schemas.PYDANTIC_CORE != PYDANTIC_CORE_VERSION:
        return None
    schema, config, names, shape = entry
    try:
        classes = tuple(_class(name) for name in names)
    except (ImportError, AttributeError):
        return None
    if _shape(classes) != shape:
        return None  # a class changed since the file was written: pydantic builds the schema
    return SchemaValidator(schema(_class), config)


def _class(name: str) -> type:
    """'legalcheck.model.Profile' -> the class (its module is loaded: it is the one being validated,
    or one that module imports)."""
    import importlib

    module, _, qualname = name.rpartition(".")
    return getattr(importlib.import_module(module), qualname)


def _shape(classes: tuple[type, ...]) -> str:
    """A digest of what pydantic builds a schema from: each class's name, configuration and fields
    (name, type, default)."""
    import hashlib

    parts = [(c.__module__, c.__qualname__, repr(getattr(c, "__pydantic_config__", None)),
              [(f.name, repr(f.type), f.default is dataclasses.MISSING or repr(f.default),
                f.default_factory is dataclasses.MISSING or repr(f.default_factory)) for f in dataclasses.fields(c)])
             for c in classes]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@functools.cache
def _adapter(cls: type) -> TypeAdapter:
    from pydantic import TypeAdapter

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
        return _validate_python(cls)(data), []
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


# --------------------------------------------------------------------------- core_schemas.py

# The classes validated from YAML on every run, whose schemas core_schemas.py holds.
PREBUILT = ("legalcheck.model.Profile", "legalcheck.model.Indicator", "legalcheck.model.ChecklistIndex",
            "legalcheck.regions.RegionsFile")


def core_schemas_source() -> str:
    """The text of core_schemas.py: the schema pydantic builds for each class in ``PREBUILT``."""
    import importlib
    import re

    class Name:  # a class, written as the call that gives it (a built-in type by its name)
        def __init__(self, cls: type) -> None:
            self.name = f"{cls.__module__}.{cls.__qualname__}"
            self.text = f"C({self.name!r})" if cls.__module__.startswith("legalcheck.") else cls.__qualname__

        def __repr__(self) -> str:
            return self.text

    def written(value: Any, classes: list[type]) -> Any:
        if isinstance(value, dict):
            return {k: written(v, classes) for k, v in value.items()}
        if isinstance(value, list):
            return [written(v, classes) for v in value]
        if isinstance(value, tuple):
            return tuple(written(v, classes) for v in value)
        if isinstance(value, type):
            if dataclasses.is_dataclass(value) and value not in classes:
                classes.append(value)
            if value.__module__ not in ("builtins",) and not value.__module__.startswith("legalcheck."):
                raise ValueError(f"a schema refers to {value!r}, which core_schemas.py cannot name")
            return Name(value)
        if isinstance(value, str):
            return re.sub(r"\A(legalcheck\.[\w.]+):\d+\Z", r"\1", value)  # a ref: without the id() pydantic adds
        if value is None or isinstance(value, (bool, int, float)):
            return value
        raise ValueError(f"a schema holds {value!r}, which core_schemas.py cannot write")

    lines = ['"""The pydantic-core schemas of the classes validated from YAML. GENERATED by',
             '`python -m legalcheck.schema` from what pydantic builds for them: do not edit (see schema.py)."""',
             "", f"PYDANTIC_CORE = {PYDANTIC_CORE_VERSION!r}", "",
             "# class -> (its schema, given C: a class's name -> the class; the configuration; the classes",
             "# the schema is built from; their shape, see schema._shape)",
             "SCHEMAS = {"]
    for qualified in PREBUILT:
        module, name = qualified.rsplit(".", 1)
        cls = getattr(importlib.import_module(module), name)
        adapter = _adapter(cls)
        schema, config = adapter.validator.__reduce__()[1][:2]
        classes: list[type] = []
        text = _literal(written(schema, classes), "        ")
        names = ", ".join(repr(Name(c).name) for c in classes)
        lines.append(f"    {qualified!r}: (")
        lines.append("        lambda C: " + text + ",")
        lines.append(f"        {config!r},")
        lines.append(f"        ({names},),")
        lines.append(f"        {_shape(tuple(classes))!r},")
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _literal(value: Any, indent: str) -> str:
    """``value`` as Python source: on one line if short, else one item a line."""
    flat = repr(value)
    if len(flat) + len(indent) <= 110 or not isinstance(value, (dict, list)) or not value:
        return flat
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{k!r}: {_literal(v, inner)}" for k, v in value.items()]
        return "{\n" + "".join(f"{inner}{item},\n" for item in items) + indent + "}"
    return "[\n" + "".join(f"{inner}{_literal(v, inner)},\n" for v in value) + indent + "]"


__all__ = ["validate", "problem_at", "format_path"]


if __name__ == "__main__":  # python -m legalcheck.schema: rewrite core_schemas.py
    from pathlib import Path as _Path

    _Path(__file__).with_name("core_schemas.py").write_text(core_schemas_source(), encoding="utf-8")
