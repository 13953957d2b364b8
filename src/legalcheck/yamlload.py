"""A strict, safe YAML loader that remembers where every value came from.

PyYAML implements YAML 1.1, whose implicit typing is a trap for legal data: ``Yes``, ``No``,
``on`` and ``off`` become booleans, Norway's ISO code ``NO`` becomes ``False``, dates become
``date`` objects (and an invalid one raises a bare ValueError with no line), and duplicate keys
silently keep the last value. This loader:

* uses libyaml's C parser when available (about 10x faster than the pure-Python one);
* resolves plain scalars by the YAML 1.2 core schema: only ``true``/``false`` are booleans,
  timestamps stay strings, ``null``/``~``/empty are null, decimal/hex/octal ints and floats;
* keeps mapping keys as the text written (``NO:`` is the string ``"NO"``);
* refuses duplicate keys, tags (no object construction, not even the "safe" ones), anchors and
  aliases (which also defuses "billion laughs"), nesting deeper than ``MAX_DEPTH``, files larger than
  ``MAX_BYTES``, binary files and text that is not UTF-8;
* returns a map from each value's path (``("indicators", "grooming", "facts")``) to its
  1-based ``(line, column)``, so later validation can say ``file:line:col``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem, brief

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple  # a path into the document: str keys and int indexes


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Only composes nodes; construction is done by ``_build`` below."""


# YAML 1.2 core schema resolvers, replacing the YAML 1.1 ones.
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

# libyaml's most common complaints, and what an analyst should do about them.
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "a value that contains ': ' must be put in quotes; or check the indentation"),
    ("did not find expected key", "check the indentation of this line and the lines above, and that quotes are closed"),
    ("could not find expected ':'", "each line is 'name: value'; indent the continuation of a long value, or quote it"),
    ("did not find expected '-' indicator", "check the indentation: the items of a list start with '- ' in one column"),
    ("cannot start any token", "a value starting with @, ` or % must be put in quotes"),
    ("expected <document start>", "fields at the top level start at the beginning of the line"),
    ("did not find expected ',' or", "close the bracket"),
)

_T = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_T + "str", _T + "bool", _T + "int", _T + "float", _T + "null"}


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, str, int, float, bool, None) plus where each value stands."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """The line and column of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (None, None))

    def problem(self, path: Path_, message: str) -> Problem:
        line, col = self.where(path)
        return Problem(self.file, line, col, format_path(path), message)


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def display_name(path: Path) -> str:
    """A path as users should see it: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_file(path: Path) -> YamlDocument:
    """Read and parse one YAML file. Raises DataError listing what is wrong with it."""
    name = display_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(
                [Problem(name, None, None, "", f"file is too large ({size / 1048576:.1f} MB; "
                         f"legalcheck reads files up to {MAX_BYTES // 1048576} MB)")]
            )
        raw = path.read_bytes()
    except IsADirectoryError:
        raise DataError([Problem(name, None, None, "", "is a directory, not a YAML file")]) from None
    except FileNotFoundError:
        raise DataError([Problem(name, None, None, "", "file not found")]) from None
    except PermissionError:
        raise DataError([Problem(name, None, None, "", "permission denied: cannot read the file")]) from None
    except OSError as e:
        raise DataError([Problem(name, None, None, "", f"cannot read the file: {e.strerror or e}")]) from None
    return parse_bytes(raw, name)


def parse_bytes(raw: bytes, name: str) -> YamlDocument:
    if len(raw) > MAX_BYTES:
        raise DataError([Problem(name, None, None, "", f"file is too large ({len(raw) / 1048576:.1f} MB)")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # what Windows calls "Unicode" text
        raise DataError([Problem(name, 1, 1, "", "the file is saved as UTF-16 (\"Unicode\") text; save it with UTF-8 encoding")])
    if raw.startswith(b"%PDF"):
        raise DataError([Problem(name, 1, 1, "", "this is a PDF, not a YAML file")])
    if b"\x00" in raw[:8192]:
        raise DataError([Problem(name, None, None, "", "this is a binary file, not a YAML text file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise DataError(
            [Problem(name, line, col, "", f"the file is not UTF-8 text (byte 0x{raw[e.start]:02x}); "
                     "save it with UTF-8 encoding")]
        ) from None
    return parse_text(text, name)




def parse_text(text: str, name: str) -> YamlDocument:
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        context = e.context
        if context and e.context_mark and mark and e.context_mark.line != mark.line:
            # The parser notices an unclosed bracket or quote only lines later: say where it opened.
            context += f" (started at line {e.context_mark.line + 1})"
        message = " ".join(x for x in (context, e.problem) if x) or "invalid YAML"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
            message += " (YAML does not allow tab characters for indentation: use spaces)"
        else:
            message += next((f" ({hint})" for clue, hint in _SYNTAX_HINTS if clue in message), "")
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        if "maximum nesting depth" in message:  # libyaml's own limit (1000 levels)
            raise DataError([Problem(name, line, col, "", f"the data is nested more than {MAX_DEPTH} levels deep")]) from None
        raise DataError([Problem(name, line, col, "", f"YAML syntax error: {message}")]) from None
    except yaml.YAMLError as e:
        raise DataError([Problem(name, None, None, "", f"YAML error: {e}")]) from None
    except RecursionError:
        raise DataError([Problem(name, None, None, "", "the YAML is nested too deeply")]) from None
    doc = YamlDocument(name, None)
    if node is None:
        return doc
    problems: list[Problem] = []
    aliases: list[Path_] = []
    doc.data = _build(node, (), doc, problems, set(), 0, aliases)
    if aliases:
        problems += _alias_problems(text, name, aliases)
    if problems:
        raise DataError(problems)
    return doc


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _alias_problems(text: str, name: str, paths: list[Path_], limit: int = 10) -> list[Problem]:
    """One problem per alias, at the alias itself (the composed tree only knows the anchor's line).

    Aliases are refused rather than expanded, which also defuses "billion laughs" bombs; a bomb
    has many aliases, so only the first ``limit`` are listed.
    """
    marks = [(ev.start_mark, ev.anchor) for ev in yaml.parse(text, Loader=_Loader) if isinstance(ev, yaml.AliasEvent)]
    if len(marks) != len(paths):  # cannot happen for a well-formed tree; keep the lines, drop the fields
        paths = [()] * len(marks)
    out = [
        Problem(name, m.line + 1, m.column + 1, format_path(p),
                f"YAML aliases (*{anchor}) are not supported: write the value out in full")
        for (m, anchor), p in zip(marks[:limit], paths)
    ]
    if len(marks) > limit:
        m = marks[limit][0]
        out.append(Problem(name, m.line + 1, m.column + 1, "", f"and {len(marks) - limit} more YAML aliases from here on"))
    return out


def _build(node, path, doc: YamlDocument, problems: list[Problem], seen: set[int], depth: int,
           aliases: list[Path_]) -> Any:
    line, col = _pos(node)
    doc.positions.setdefault(path, (line, col))
    fpath = format_path(path)

    def fail(message: str) -> None:
        problems.append(Problem(doc.file, line, col, fpath, message))

    if id(node) in seen:  # an alias: reported at its own line by _alias_problems
        aliases.append(path)
        return None
    seen.add(id(node))
    if depth > MAX_DEPTH:
        problems.append(Problem(doc.file, line, col, "", f"the data is nested more than {MAX_DEPTH} levels deep"))
        return None

    if isinstance(node, yaml.ScalarNode):
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            fail(f"YAML tag {_short_tag(tag)} is not allowed (legalcheck files hold plain data only)")
            return None
        value = node.value
        if tag == _T + "str":
            return value
        if tag == _T + "null":
            return None
        if tag == _T + "bool":
            return value.lower() == "true"
        if tag == _T + "int":
            try:
                return int(value, 0) if value[:2] in ("0o", "0x") else int(value, 10)
            except ValueError:
                fail(f"not a valid integer: {brief(value)}")
                return None
        try:
            return float(value)
        except ValueError:
            fail(f"not a valid number: {brief(value)}")
            return None

    if isinstance(node, yaml.SequenceNode):
        if node.tag != _T + "seq":
            fail(f"YAML tag {_short_tag(node.tag)} is not allowed (legalcheck files hold plain data only)")
            return None
        return [_build(item, path + (i,), doc, problems, seen, depth + 1, aliases) for i, item in enumerate(node.value)]

    if isinstance(node, yaml.MappingNode):
        if node.tag != _T + "map":
            fail(f"YAML tag {_short_tag(node.tag)} is not allowed (legalcheck files hold plain data only)")
            return None
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            kline, kcol = _pos(key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                problems.append(Problem(doc.file, kline, kcol, fpath, "a mapping key must be a plain word or text"))
                continue
            key = key_node.value
            if key in first_seen:
                problems.append(Problem(doc.file, kline, kcol, format_path(path + (key,)),
                                        f"duplicate key '{key}' (first given at line {first_seen[key]})"))
                continue
            first_seen[key] = kline
            doc.positions[path + (key,)] = (kline, kcol)
            out[key] = _build(value_node, path + (key,), doc, problems, seen, depth + 1, aliases)
        return out

    fail("unsupported YAML node")  # pragma: no cover
    return None


def _short_tag(tag: str) -> str:
    if tag.startswith(_T):
        return "!!" + tag[len(_T):]
    return tag if tag.startswith("!") else f"!<{tag}>"
