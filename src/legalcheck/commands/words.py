"""Help and command-line errors in plain words, for readers who know the law, not Python.

Typer labels each option with its Python type (``<bool>``, ``<str>``, ``<list[Path]>``) and passes
pydantic's messages through ("Input should be a valid integer, unable to parse string as an
integer", "Value error, 'xml' is not one of ..."). This module replaces both, in one place:

* an option's label says what to type (``FILE``, ``YEAR``, ``TEXT``, ``json|markdown|table``) and a
  switch (a flag such as ``--all``) has none, so it no longer looks as if it took a value;
* a value that does not fit is named with what was expected ("'abc' is not a whole number");
* a command-line mistake (a bad --format, an unknown option, a missing argument) is one line,
  ``error: ...``, like every other usage error, not Typer's boxed panel under a usage line.

It also has Typer build its converter for a parameter (a pydantic TypeAdapter, a millisecond or two
each) only when the command line gives that parameter a value: an option left out converts nothing;
and a plain value of a plain type (text, a whole number, a path, a switch, a --format choice) is
converted as Typer's converter converts it, without pydantic (whose import and schema building cost
some 50 ms of every run): anything else, and any value Typer's converter would refuse, goes to
Typer's own converter, so results and messages are Typer's (tests/test_help.py holds the two equal).

``install()`` is called once by ``cli``; tests/test_help.py checks the result, so a Typer release
that moves these hooks fails a test rather than bringing the Python words back.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import re
import typing
from pathlib import Path
from typing import Any

# What to type for a value of a type, when the option gives no metavar of its own.
_LABELS = {int: "NUMBER", float: "NUMBER", str: "TEXT", Path: "FILE", bool: None}
# By option name: the label a reader expects.
_BY_NAME = {"year": "YEAR", "data": "FOLDER", "output": "FILE", "xlsx": "FILE", "generated_at": "DATE-TIME"}


def _label(param: Any, ctx: Any) -> str | None:
    if getattr(param, "metavar", None) is not None:
        return param.metavar
    if getattr(param, "is_flag", False) or getattr(param, "is_bool_flag", False) or getattr(param, "count", False):
        return None  # a switch: no value
    name = getattr(param, "name", "") or ""
    if name in _BY_NAME:
        return _BY_NAME[name]
    desc = getattr(param, "type_descriptor", None)
    annotation = getattr(desc, "annotation", None)
    if desc is not None and desc.is_choice:
        choices = [c.value if isinstance(c, enum.Enum) else str(c) for c in desc.choices or ()]
        return "|".join(choices)
    if desc is not None and getattr(desc, "is_path", False):
        return "FILE"
    label = _LABELS.get(annotation, "TEXT")
    if desc is not None and getattr(desc, "is_list", False):
        return f"{label}..."
    return label


def _argument_label(param: Any, ctx: Any) -> str | None:
    return None  # an argument is shown by its name (COUNTRY, FROM): that says what to type


def _argument_name(param: Any) -> str:
    """COUNTRY, not country: an argument's name as help and messages show it."""
    return param.metavar if param.metavar is not None else (param.name or "").upper()


def _usage_name(param: Any) -> str:
    """'COUNTRY' when required, '[REGION]' when not, as most command-line tools write it."""
    name = _argument_name(param)
    name = name if param.required else f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


def _quote(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def plain_error(exc: Any) -> str:
    """A pydantic ValidationError raised while Typer converts an argument, in plain words."""
    errors = exc.errors() if hasattr(exc, "errors") else []
    if not errors:
        return str(exc)
    err = errors[0]
    kind, value, msg = err.get("type", ""), err.get("input"), str(err.get("msg", ""))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{_quote(value)} is not a whole number"
    if kind in ("float_parsing", "float_type"):
        return f"{_quote(value)} is not a number"
    if kind in ("bool_parsing", "bool_type"):
        return f"{_quote(value)} is not true or false"
    msg = re.sub(r"^(Value|Assertion) error, ", "", msg)
    choices = re.match(r"^'(.*)' is not one of (.*)\.$", msg)
    if choices:
        names = [c.strip().strip("'") for c in choices.group(2).split(",")]
        listing = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        return f"'{choices.group(1)}' is not one of the choices: {listing}"
    return msg[:1].upper() + msg[1:] if msg else "not a valid value"


def one_line(exc: Any) -> str:
    """A Click usage error as the one line every other usage error is: 'error: invalid value for
    --format: 'xml' is not one of the choices: json, markdown or table (see 'legalcheck assess -h')'."""
    from ..errors import escape_control

    text = " ".join(str(exc.format_message()).split())
    text = re.sub(r"^Invalid value for '([^']+)'(?: / '[^']+')*:", r"Invalid value for \1:", text)
    text = re.sub(r"^(Missing (?:argument|option|parameter)) '([^']+)'\.?$", r"\1 \2", text)
    if text[1:2].islower():
        text = text[:1].lower() + text[1:]
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        text += f" (see '{ctx.command_path} {ctx.help_option_names[0]}')"
    return f"error: {escape_control(text)}"


def _show_one_line(self: Any, file: Any = None) -> None:
    import sys

    (file or sys.stderr).write(one_line(self) + "\n")


def _show_help(self: Any, file: Any = None) -> None:
    """A bare command (no_args_is_help): its help, which Rich has already printed; nothing more."""
    import sys

    message = self.format_message()
    if message:  # help formatted without Rich comes back as text
        (file or sys.stderr).write(message + "\n")


def reflow(doc: str | None) -> str | None:
    """A docstring as help text: each paragraph on one line (the terminal wraps it evenly), except
    indented lines (examples), which keep their own line breaks."""
    if not doc:
        return doc
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    out = []
    for p in paragraphs:
        lines = p.split("\n")
        if all(line.startswith("  ") for line in lines if line.strip()):
            out.append(p)
        else:
            out.append(" ".join(line.strip() for line in lines))
    return "\n\n".join(out)


def _deferred_conversion(coercion: Any) -> Any:
    """Typer's ``build_runtime_param``, deferred until there is a value to convert.

    Typer builds a pydantic TypeAdapter for every parameter of the command being run, given or not
    (about 1 ms each, a tenth of ``assess``'s start-up); an option left out is None, which Typer's
    own ``RuntimeParam.coerce`` returns as it is (or ``()`` for a list) without converting it. This
    keeps that ``coerce`` and builds the very converter Typer would, on the first value given: the
    conversion, its result and its error messages are Typer's.
    """
    from dataclasses import dataclass, field

    build = coercion.build_runtime_param

    @dataclass(frozen=True)
    class DeferredRuntimeParam(coercion.RuntimeParam):
        descriptor: Any = None
        built: list = field(default_factory=list)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if not self.built:
                self.built.append(_plain_converter(self.descriptor))
            if self.built[0] is not None:
                result = self.built[0](value, param, ctx)
                if result is not _TYPER:
                    return result
                self.built[0] = None  # Typer's converter from now on
            if len(self.built) == 1:
                self.built.append(build(self.descriptor))
            return self.built[1]._coerce_value(value, param=param, ctx=ctx)

    def deferred(descriptor: Any) -> Any:
        return DeferredRuntimeParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation,
                                    descriptor=descriptor)

    return deferred


_TYPER = object()  # what a plain converter returns for a value it leaves to Typer's converter
_MAX_DIGITS = 18  # a longer number goes to Typer's converter (pydantic reads any length)


def _plain_converter(descriptor: Any) -> Any:
    """For a parameter of a plain type, a function ``(value, param, ctx)`` giving what Typer's
    converter (``typer._adapters.build_leaf_adapter``: a pydantic TypeAdapter around Typer's own
    parsing) gives for a plain value, or ``_TYPER`` for any other value; None for any other type."""
    from typer import _param_types

    info, annotation = descriptor.parameter_info, descriptor.annotation
    if descriptor.file_annotation is not None:
        return None
    parser = info.parser
    if parser is not None:  # Typer: the parser's result as it is; a ValueError becomes its message
        if not getattr(parser, "__module__", "").startswith("legalcheck."):
            return None

        def parsed(value: Any, param: Any, ctx: Any) -> Any:
            try:
                return parser(value)
            except (ValueError, AssertionError):
                return _TYPER

        return parsed
    if _param_types.lenient_issubclass(annotation, enum.Enum):
        choices = list(annotation)

        def chosen(value: Any, param: Any, ctx: Any) -> Any:
            try:
                return _param_types.coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError:
                return _TYPER

        return chosen
    if annotation is int and not info.clamp:
        low, high = info.min, info.max

        def number(value: Any, param: Any, ctx: Any) -> Any:
            # digits only (pydantic also takes signs, spaces, underscores and more: left to it)
            if type(value) is str and 0 < len(value) <= _MAX_DIGITS and value.isascii() and value.isdigit():
                n = int(value)
                if (low is None or n >= low) and (high is None or n <= high):
                    return n
            return _TYPER

        return number
    if annotation is bool:
        return lambda value, param, ctx: value if type(value) is bool else _TYPER
    if annotation is str:
        return lambda value, param, ctx: value if type(value) is str else _TYPER
    if annotation is Path and info.path_type is None and _param_types.routes_to_path(annotation, info):
        def path(value: Any, param: Any, ctx: Any) -> Any:
            # Typer makes the Path with pydantic (Path(value) for text), then checks it
            if type(value) is not str:
                return _TYPER
            try:
                return _param_types.coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
            except (ValueError, AssertionError):  # e.g. a NUL in the name: in Typer, pydantic words it
                return _TYPER

        return path
    if typing.get_origin(annotation) is list and typing.get_args(annotation) == (Path,):
        item = _plain_converter(dataclasses.replace(descriptor, annotation=Path, file_annotation=None))
        if item is None:
            return None

        def paths(value: Any, param: Any, ctx: Any) -> Any:  # Typer: each item as above, in a list
            if not isinstance(value, (list, tuple)):
                return _TYPER
            out = []
            for one in value:
                got = item(one, param, ctx)
                if got is _TYPER:
                    return _TYPER
                out.append(got)
            return out

        return paths
    return None


def install() -> bool:
    """Put the plain labels and messages in place. Returns False if this Typer has no such hooks."""
    try:
        from typer import _coercion, _param_types, core
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - a Typer without these modules
        return False
    if hasattr(core, "build_runtime_param") and hasattr(_coercion, "RuntimeParam"):
        core.build_runtime_param = _deferred_conversion(_coercion)  # type: ignore[attr-defined]
    core.TyperOption.display_type_rich = lambda self, ctx: _label(self, ctx)  # type: ignore[method-assign]
    core.TyperArgument.display_type_rich = lambda self, ctx: _argument_label(self, ctx)  # type: ignore[method-assign]
    core.TyperArgument.display_name_raw = property(_argument_name)  # type: ignore[assignment]
    core.TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]
    _coercion.get_error_msg = plain_error  # type: ignore[attr-defined]
    _param_types.get_error_msg = plain_error  # type: ignore[attr-defined]
    # Usage errors: Typer draws a Rich panel unless told its markup mode is None, which only the
    # error and abort paths of _main read (help keeps its own setting); then Click's show() prints
    # the error, and show() is one line. Help for a bare command (no_args_is_help) is unchanged.
    if not hasattr(core, "_main") or not hasattr(exceptions, "NoArgsIsHelpError"):  # pragma: no cover
        return False  # a Typer that moved these: tests/test_help.py fails on the boxed panel
    if not getattr(core._main, "_plain_errors", False):
        typer_main = core._main

        def _main(self: Any, **kwargs: Any) -> Any:
            kwargs["rich_markup_mode"] = None
            return typer_main(self, **kwargs)

        _main._plain_errors = True  # type: ignore[attr-defined]
        core._main = _main  # type: ignore[assignment]
    exceptions.UsageError.show = _show_one_line  # type: ignore[method-assign]
    exceptions.NoArgsIsHelpError.show = _show_help  # type: ignore[method-assign]
    return True
