"""A strict, safe YAML loader that remembers where every value came from.

PyYAML implements YAML 1.1, whose implicit typing is a trap for legal data: ``Yes``, ``No``,
``on`` and ``off`` become booleans, Norway's ISO code ``NO`` becomes ``False``, dates become
``date`` objects (and an invalid one raises a bare ValueError with no line), and duplicate keys
silently keep the last value. This loader:

* uses libyaml's C parser when available (about 10x faster than the pure-Python one);
* resolves plain scalars by the YAML 1.2 core schema: only ``true``/``false`` are booleans,
  timestamps stay strings, ``null``/``~``/empty are null, decimal/hex/octal ints and floats;
* keeps mapping keys as the text written (``NO:`` is the string ``"NO"``);
* reads a file only through ``read_bytes`` (regular files, bounded, inside the data folder);
* removes control characters and non-characters from every string (``clean_text``);
* refuses duplicate keys, every explicit tag (``!!bool``, ``!!null``, ``!foo``, ``!<…>``, the bare
  ``!``: no object construction, and no tag may change a value) and ``%YAML``/``%TAG`` directives, anchors and
  aliases (which also defuses "billion laughs"), nesting deeper than ``MAX_DEPTH``, files larger than
  ``MAX_BYTES``, binary files and text that is not UTF-8;
* returns a map from each value's path (``("indicators", "grooming", "facts")``) to its
  1-based ``(line, column)``, so later validation can say ``file:line:col``.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import stat
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DataError, Problem, brief

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

Path_ = tuple  # a path into the document: str keys and int indexes


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
# Nodes without a tag get these from the loader: plain (unquoted) scalars are typed by ``_plain``
# below, quoted ones are text. Any other tag was written in the file (``!!bool``, ``!foo``,
# ``!<...>``, one made with a ``%TAG`` directive) and is refused: a tag can silently change a value.
_PLAIN = "tag:legalcheck,2026:plain"
_QUOTED = "tag:legalcheck,2026:quoted"
_SEQ = "tag:legalcheck,2026:seq"
_MAP = "tag:legalcheck,2026:map"
_KEY_TAGS = {_PLAIN, _QUOTED}
# What a data string may not contain: control characters other than tab and newline (ESC starts
# terminal escape sequences), UTF-16 surrogates and the non-characters U+FFFE/U+FFFF (not text,
# and forbidden in XML). Removed from every string at this one boundary; a CR becomes a newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """A data string without terminal control or characters that are not text (see ``_CONTROL``)."""
    if value.isprintable():  # the common case, and cheaper than the search
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)

# YAML 1.2 core schema, replacing PyYAML's YAML 1.1 implicit types.
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NUMERIC_START = frozenset("-+0123456789.")
# First characters of the plain scalars that are not text: a null, a boolean or a number.
_PLAIN_TYPED = _NUMERIC_START | frozenset("~nNtTfF")


def _plain(value: str) -> Any:
    """The YAML 1.2 core-schema value of a plain scalar: null, bool, int, float, or the text."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if value[0] in _NUMERIC_START:
        if _INT.match(value):
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value, 10)
        if _FLOAT.match(value):
            return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                         .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return value


_TYPED_WORDS = _NULLS | _BOOLS.keys()


def _typed(value: str) -> bool:
    """Whether ``_plain`` would read ``value`` as something other than text (quicker than calling it).
    A number too long for ``int`` (over 4,300 digits; ``_plain`` raises) counts as one."""
    if value in _TYPED_WORDS:
        return True
    if value[0] not in _NUMERIC_START:
        return False
    try:
        return _plain(value).__class__ is not str
    except ValueError:
        return True


@functools.cache
def _loader_class() -> type:
    """The composing loader, built on first use so that importing this module does not import yaml.

    Uses libyaml's C parser when available; resolving tags is reduced to one cheap call per node
    (plain scalars are typed in ``_build``), which matters with tens of thousands of nodes per run.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(base):  # type: ignore[misc,valid-type]
        """Only composes nodes; construction is done by ``_build`` below."""

        def resolve(self, kind, value, implicit):  # noqa: ANN001
            # Called only for nodes written without a tag, or with the non-specific tag '!'
            # (which libyaml reports as an implicit scalar; ``_tag_marks`` finds it).
            if kind is yaml.ScalarNode:
                return _PLAIN if implicit[0] else _QUOTED
            if not implicit:  # '! [..]' / '! {..}'
                return "!"
            return _SEQ if kind is yaml.SequenceNode else _MAP

    return _Loader


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, str, int, float, bool, None) plus where each value stands.

    ``positions`` is worked out only when first asked for (a problem to report): a file read on the
    fast path (``_fast_data``) is parsed a second time, with positions, then.
    """

    file: str
    data: Any
    _positions: dict[Path_, tuple[int, int]] | None = field(default_factory=dict, repr=False)
    _text: str | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        if self._positions is None:
            self._positions = _full_parse(self._text or "", self.file).positions
            self._text = None
        return self._positions

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
        full = os.path.join(_resolved(os.path.dirname(os.path.abspath(path))), os.path.basename(path))
        cwd = _resolved(os.getcwd())
    except OSError:
        return str(path)
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return full[len(prefix):] if full.startswith(prefix) else str(path)


@functools.lru_cache(maxsize=65536)
def _resolved(directory: str) -> str:
    """A directory with symbolic links resolved; remembered, as resolving costs a system call per part
    of the path and validate names ten thousand files in a few thousand directories."""
    return str(Path(directory).resolve())


def _real_path(path: str) -> str:
    """``os.path.realpath(path, strict=True)``, with the folder's part looked up once per folder
    (``_real_dir``): a file that is not itself a link costs one ``lstat``, not one per part of its
    path. Raises OSError as ``realpath`` does (FileNotFoundError if it does not exist)."""
    # A link, or a path through '..' (which the kernel applies after following a link, where
    # abspath folds it as text): the full look-up.
    if stat.S_ISLNK(os.lstat(path).st_mode) or (".." in path and ".." in Path(path).parts):
        return os.path.realpath(path, strict=True)
    head, tail = os.path.split(os.path.abspath(path))
    return os.path.join(_real_dir(head), tail)


def _real_dir(directory: str) -> str:
    """``os.path.realpath(directory)`` for an existing folder, remembered under the folder it leads
    to (its device and inode), so that a folder replaced or re-linked since is resolved again."""
    try:
        st = os.stat(directory)
    except OSError:
        return os.path.realpath(directory)
    return _real_dir_of(os.path.abspath(directory), st.st_dev, st.st_ino)


@functools.lru_cache(maxsize=65536)
def _real_dir_of(directory: str, device: int, inode: int) -> str:
    return os.path.realpath(directory)


def read_bytes(path: Path, within: Path | None = None) -> tuple[bytes, str]:
    """The bytes of one file and its display name: the one way data files are read.

    Only a regular file is read (a FIFO, device or socket is refused without blocking: it is opened
    with O_NONBLOCK and checked with fstat), and at most ``MAX_BYTES`` + 1 bytes of it, whatever its
    size claims. With ``within`` (the data folder), a file that resolves outside it (a symbolic link
    to /etc/shadow, say) is refused, as is a link that leads nowhere. Raises DataError saying why.
    """
    name = display_name(path)

    def refuse(message: str) -> DataError:
        return DataError([Problem(name, None, None, "", message)])

    def missing() -> DataError:
        if os.path.islink(path):
            return refuse("is a symbolic link to a file that does not exist; fix or delete the link")
        return refuse("file not found")

    if within is not None:
        try:
            real = os.path.normcase(_real_path(os.fspath(path)))
        except FileNotFoundError:
            raise missing() from None
        except OSError:
            raise refuse("is a symbolic link that loops or cannot be followed; fix or delete the link") from None
        base = os.path.normcase(_real_dir(os.fspath(within)))  # strings, not Paths: this runs for every file of a repository
        if real != base and not real.startswith(base if base.endswith(os.sep) else base + os.sep):
            raise refuse("is a symbolic link to a file outside the data folder; legalcheck reads data only "
                         "from inside it (copy the file in instead)")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise refuse("is a directory, not a YAML file") from None
    except FileNotFoundError:
        raise missing() from None
    except PermissionError:
        raise refuse("permission denied: cannot read the file") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise refuse("is a symbolic link that loops; fix or delete the link") from None
        raise refuse(f"cannot read the file: {(e.strerror or 'unknown reason').lower()}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise refuse("is a directory, not a YAML file")
        if not stat.S_ISREG(st.st_mode):
            raise refuse("is not a regular file (a device, pipe or socket); a profile or rule file must be a plain text file")
        if st.st_size > MAX_BYTES:
            raise refuse(f"file is too large ({st.st_size / 1048576:.1f} MB; "
                         f"legalcheck reads files up to {MAX_BYTES // 1048576} MB)")
        chunks, size = [], 0
        while size <= MAX_BYTES:
            # Ask for what the file says it holds and one byte more (so the end shows at once), not
            # for the limit: os.read allocates what is asked, and 5 MB for each 8 KB file costs.
            chunk = os.read(fd, min(MAX_BYTES + 1 - size, max(st.st_size + 1 - size, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:
            raise refuse(f"file is too large (more than {MAX_BYTES // 1048576} MB; "
                         f"legalcheck reads files up to {MAX_BYTES // 1048576} MB)")
        return b"".join(chunks), name
    except OSError as e:
        raise refuse(f"cannot read the file: {(e.strerror or 'unknown reason').lower()}") from None
    finally:
        os.close(fd)


def load_file(path: Path, within: Path | None = None) -> YamlDocument:
    """Read (see ``read_bytes``) and parse one YAML file. Raises DataError listing what is wrong with it."""
    return parse_bytes(*read_bytes(path, within))


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
    """Parse ``text`` (the file ``name``) as strict YAML; raises DataError listing what is wrong.

    The happy path builds plain values without the node tree and without positions
    (``_fast_data``: from rapidyaml, checked by libyaml, from the 65th file a process parses; else
    from libyaml's events). Anything it does not accept as plainly valid — a syntax
    error, a tag, a directive, an anchor or alias, a duplicate or non-text key, deep nesting, a bad
    number — sends the file down the full path below, which finds and words every problem with its
    line and column. Positions of a valid file are worked out only if a later check asks for one.
    """
    data = _fast_data(text)
    if data is not _FALLBACK:
        return YamlDocument(name, data, None, text)
    return _full_parse(text, name)


_FALLBACK = object()  # what _fast_data returns for a document it leaves to the full parse


@functools.cache
def _events() -> tuple:
    from yaml.events import (
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    return (ScalarEvent, MappingStartEvent, SequenceStartEvent, MappingEndEvent, SequenceEndEvent,
            DocumentStartEvent, DocumentEndEvent, StreamEndEvent)


def _fast_data(text: str) -> Any:
    """The plain values of a document that is plainly valid; or ``_FALLBACK`` when anything calls
    for the full parse. Meant to give what ``_build`` gives (tests/test_yaml_fast.py holds both
    paths to it on every bundled file, the hardening corpus and the cases fuzzing found): by
    rapidyaml (``_ryml_data``) when it can vouch for the result, else from libyaml's events
    (``_event_data``)."""
    global _parsed
    _parsed += 1
    data = _ryml_data(text) if _parsed > _RYML_AFTER or _many else _FALLBACK
    return _event_data(text) if data is _FALLBACK else data


# rapidyaml saves about 0.2 ms a file and costs about 18 ms to import: it is used from the 65th
# file a process parses on (validate, matrix and diff over many countries), never for the few
# files of one assessment.
_RYML_AFTER = 64
_parsed = 0


_many = False


@contextlib.contextmanager
def expecting_many():
    """Many files are about to be parsed: rapidyaml from the next one on, until the block ends
    (imported when first used: a run served from the cache parses nothing, imports nothing)."""
    global _many
    saved, _many = _many, True
    try:
        yield
    finally:
        _many = saved


def parsed() -> int:
    """How many texts this process has parsed (a caller can tell whether a file came from the cache)."""
    return _parsed


# What sends a text past rapidyaml to the libyaml paths, each a case where the two parsers could
# disagree or where the result must be refused, worded or cleaned: an anchor (&), alias (*) or tag
# (!) where a value starts (at the start of a line, or after ':', '-', '?', ',', '[' or '{'; an '&'
# inside a title or a web address is text to both), a directive or document marker at the start of
# a line, an escape in a double-quoted string, a tab, a character clean_text removes. Whatever else
# libyaml refuses (a value starting with '@', say) is found by its own parse of the text.
_NODE_PROPERTY = re.compile(r"(?:^|[:,\[{]|[-?](?=\s))\s*[&*!]", re.MULTILINE)
_RYML_MARKERS = ("---", "...", "%")


# Found by fuzzing, where rapidyaml 0.15 reads otherwise than libyaml: a block scalar at the very end
# of a text with no final line break (rapidyaml adds one), the Unicode line and paragraph separators
# (libyaml breaks lines there; text pasted from a PDF has them), a '?' key inside a flow mapping.
_FLOW_QUESTION = re.compile(r"[\[{,]\s*\?")


def _ryml_may_differ(text: str) -> bool:
    """Whether ``text`` has one of the things that send it past rapidyaml (see above)."""
    if text.isascii():  # (known without a look at the text) no line separator, BOM or C1 control
        if b"\0" in text.encode("ascii").translate(_ASCII_ODD):  # a tab or a control: one pass in C
            return True
    elif ("\u2028" in text or "\u2029" in text or "\x85" in text or "\ufeff" in text or "\t" in text
          or _CONTROL.search(text) is not None):
        return True
    return (not text.endswith("\n") or ("?" in text and _FLOW_QUESTION.search(text) is not None)
            or ("\\" in text and '"' in text) or text.startswith(_RYML_MARKERS) or "\n---" in text
            or "\n..." in text or ("%" in text and "\n%" in text)  # '%' alone: a search for one character is quick
            or (("&" in text or "*" in text or "!" in text) and _NODE_PROPERTY.search(text) is not None))


# Each byte -> 0 where it is a tab or a control character (``_CONTROL``'s ASCII part: a CR too), else 1.
_ASCII_ODD = bytes(0 if (b < 0x20 and b != 0x0A) or b == 0x7F else 1 for b in range(256))


# A number as JSON writes it: rapidyaml writes a plain scalar of this form unquoted, so a JSON
# string of this form (or true, false, null, or empty) was quoted in the YAML, and stays text.
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z")
_JSON_WORDS = frozenset(("", "true", "false", "null"))


@functools.cache
def _ryml() -> tuple | None:
    """rapidyaml's parse and JSON emitter, the libyaml parser, a strict JSON decoder; None if
    rapidyaml cannot be imported (the libyaml paths then do all the work)."""
    try:
        import ryml
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    import json

    from yaml._yaml import CParser

    def refuse(word: str) -> Any:  # NaN, Infinity: JSON words that YAML does not write
        raise ValueError(word)

    def emit_json(tree: Any, size: int) -> str:
        # Into a buffer of ours: ryml.emit_json leaks the buffer it allocates (10 KB per file).
        buf = bytearray(size)
        failed, needed = ryml.emit_json_to_substr(tree, tree.root_id(), buf)
        if failed:
            buf = bytearray(needed)
            failed, needed = ryml.emit_json_to_substr(tree, tree.root_id(), buf)
            if failed:
                raise ValueError("rapidyaml could not write the JSON")
        return str(memoryview(buf)[:needed], "utf-8")

    return ryml.parse_in_arena, emit_json, CParser, json.JSONDecoder(parse_constant=refuse).decode


@contextlib.contextmanager
def _quiet_stderr():
    """File descriptor 2 sent to the null device for a moment: rapidyaml's C++ code prints to it
    when it refuses a text (which libyaml then words), and that must not reach the user."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no stderr to protect
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _ryml_data(text: str) -> Any:
    """The plain values of ``text`` by rapidyaml (C++, about 3x faster than building Python events
    from libyaml), or ``_FALLBACK`` unless they are certainly what ``_event_data`` would give:

    * libyaml still decides what is valid YAML: its parser runs over the text in C (no Python
      objects), and any complaint sends the text to the libyaml paths, which word it;
    * rapidyaml's tree is written as JSON and decoded by Python's C decoder;
    * the number of values (keys included) and of mappings and lists found must equal the
      number of events libyaml counted: a duplicate key (JSON keeps the last), or any other
      difference in shape, sends the text on;
    * a string that the YAML 1.2 core schema would type (``0x1F``, ``~``, ``True``, ``.inf``...)
      could have been a plain scalar that rapidyaml left as text: sent on, unless rapidyaml would
      have written that plain scalar as a JSON number or word (then the string was quoted); a key
      that the schema would type, or an empty key, is sent on (rapidyaml may rewrite it);
    * nesting deeper than ``MAX_DEPTH`` is sent on, to be refused.
    """
    tools = _ryml()
    # Its complaints are silenced by pointing file descriptor 2 elsewhere, which is the whole
    # process's: only the main thread does that (another thread's parse takes the libyaml paths).
    if tools is None or _ryml_may_differ(text) or threading.current_thread() is not threading.main_thread():
        return _FALLBACK
    parse, emit_json, CParser, decode = tools
    try:
        events = CParser(text).raw_parse()
        with _quiet_stderr():  # rapidyaml writes its complaints to stderr before raising
            emitted = emit_json(parse(text.encode("utf-8")), 2 * len(text) + 1024)
        data = decode(emitted)
    except Exception:  # noqa: BLE001 - whatever either parser or the decoder says, libyaml words it
        return _FALLBACK
    count = 5  # stream start and end, document start and end, the root value
    if data.__class__ is dict or data.__class__ is list:
        stack = [(data, 1)]
        pop, push = stack.pop, stack.append
        while stack:
            node, depth = pop()
            if depth > MAX_DEPTH:
                return _FALLBACK
            count += 1 + len(node)  # its end event, and one event (at least) per value
            if node.__class__ is dict:
                count += len(node)  # the keys
                for key in node:  # rapidyaml rewrites a key it reads as a number ('.Inf' -> '.inf')
                    if not key or (key[0] in _PLAIN_TYPED and _typed(key)):
                        return _FALLBACK
                node = node.values()
            for value in node:
                kind = value.__class__
                if kind is str:
                    if value and value[0] not in _PLAIN_TYPED:  # text, whatever follows (most values)
                        continue
                    if _typed(value) and value not in _JSON_WORDS and not _JSON_NUMBER.match(value):
                        return _FALLBACK
                elif kind is dict or kind is list:
                    push((value, depth + 1))
    elif data.__class__ is str and data and data[0] in _PLAIN_TYPED and _typed(data) \
            and data not in _JSON_WORDS and not _JSON_NUMBER.match(data):
        return _FALLBACK
    return data if count == events else _FALLBACK


def _event_data(text: str) -> Any:
    """The plain values of a document that is plainly valid, built from libyaml's events; or
    ``_FALLBACK`` when anything calls for the full parse. Meant to give what ``_build`` gives."""
    import yaml

    (Scalar, MapStart, SeqStart, MapEnd, SeqEnd, DocStart, DocEnd, StreamEnd) = _events()
    parser = _loader_class()(text)
    try:
        get = parser.get_event
        get()  # the stream start
        event = get()
        if type(event) is StreamEnd:
            return None  # empty, or only comments
        if type(event) is not DocStart or event.version or event.tags:
            return _FALLBACK
        stack: list = []
        current: Any = None  # the open mapping or sequence
        key: str | None = None  # in a mapping: the key waiting for its value
        in_map = False
        root: Any = None
        while True:
            event = get()
            kind = type(event)
            if kind is Scalar:
                if event.tag is not None or event.anchor is not None:
                    return _FALLBACK
                value = event.value
                if not value.isprintable():  # clean_text, inlined for the common case
                    value = clean_text(value)
                if in_map and key is None:
                    if value in current:
                        return _FALLBACK  # a duplicate key: reported with both lines by the full parse
                    key = value
                    continue
                if event.implicit[0] and (not value or value[0] in _PLAIN_TYPED):  # plain, maybe not text
                    try:
                        value = _plain(event.value)
                    except ValueError:
                        return _FALLBACK
                    if value.__class__ is str:
                        value = clean_text(value)
            elif kind is MapStart or kind is SeqStart:
                if event.tag is not None or event.anchor is not None or (in_map and key is None) \
                        or len(stack) >= MAX_DEPTH:
                    return _FALLBACK
                stack.append((current, key, in_map))
                in_map = kind is MapStart
                current, key = ({} if in_map else []), None
                continue
            elif kind is MapEnd or kind is SeqEnd:
                value = current
                current, key, in_map = stack.pop()
            elif kind is DocEnd:
                break
            else:  # an alias, or anything unexpected
                return _FALLBACK
            if current is None:
                root = value
            elif in_map:
                current[key] = value
                key = None
            else:
                current.append(value)
        if type(get()) is not StreamEnd:
            return _FALLBACK  # more than one document
        return root
    except (yaml.YAMLError, RecursionError):
        return _FALLBACK
    finally:
        parser.dispose()


def _full_parse(text: str, name: str) -> YamlDocument:
    """Parse with the node tree: every value's position, and every problem found and worded."""
    import yaml

    loader = _loader_class()(text)
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
    if _MAYBE_BARE_TAG_OR_DIRECTIVE.search(text):  # other tags are refused by _build
        problems += _tag_problems(text, doc, {(p.line, p.col) for p in problems})
    if aliases:
        problems += _alias_problems(text, name, aliases)
    if problems:
        raise DataError(problems)
    return doc


# A directive is a line starting with '%'; the bare tag is a '!' followed by a space, a flow
# character or the end of a line. Only text with one of them is parsed a second time.
_MAYBE_BARE_TAG_OR_DIRECTIVE = re.compile(r"^%|!(?=[\s\[\]{},]|$)", re.MULTILINE)
_TAG_MESSAGE = "YAML tag {} is not allowed (legalcheck files hold plain data only)"


def _tag_problems(text: str, doc: YamlDocument, known: set[tuple[int, int]]) -> list[Problem]:
    """Directives (``%YAML``, ``%TAG``) and the non-specific tag ``!``, which the composed tree does
    not show; tags already reported (``known`` positions) are not repeated."""
    import yaml

    name = doc.file
    fields = {pos: path for path, pos in doc.positions.items()}
    out = []
    for ev in yaml.parse(text, Loader=_loader_class()):
        if isinstance(ev, yaml.DocumentStartEvent) and (ev.version or ev.tags):
            for i, line in enumerate(text.splitlines()):
                if line.startswith("%"):
                    word = line.split()[0]
                    out.append(Problem(name, i + 1, 1, "", f"YAML directive {brief(word)} is not allowed "
                                       "(a directive can change what the values mean; delete the line)"))
                elif line.strip() and not line.startswith("#"):
                    break
        tag = getattr(ev, "tag", None)
        if tag == "!":
            m = ev.start_mark
            pos = (m.line + 1, m.column + 1)
            if pos not in known:
                out.append(Problem(name, *pos, format_path(fields.get(pos, ())), _TAG_MESSAGE.format("!")))
    return out


def _alias_problems(text: str, name: str, paths: list[Path_], limit: int = 10) -> list[Problem]:
    """One problem per alias, at the alias itself (the composed tree only knows the anchor's line).

    Aliases are refused rather than expanded, which also defuses "billion laughs" bombs; a bomb
    has many aliases, so only the first ``limit`` are listed.
    """
    import yaml

    marks = [(ev.start_mark, ev.anchor) for ev in yaml.parse(text, Loader=_loader_class())
             if isinstance(ev, yaml.AliasEvent)]
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
    mark = node.start_mark
    line, col = mark.line + 1, mark.column + 1
    positions = doc.positions
    if path not in positions:
        positions[path] = (line, col)

    def fail(message: str) -> None:
        problems.append(Problem(doc.file, line, col, format_path(path), message))

    if id(node) in seen:  # an alias: reported at its own line by _alias_problems
        aliases.append(path)
        return None
    seen.add(id(node))
    if depth > MAX_DEPTH:
        problems.append(Problem(doc.file, line, col, "", f"the data is nested more than {MAX_DEPTH} levels deep"))
        return None

    kind = node.id  # "scalar", "sequence" or "mapping" (yaml's node classes, without importing yaml)
    tag = node.tag
    if kind == "scalar":
        value = node.value
        if tag == _PLAIN:
            try:
                value = _plain(value)
            except ValueError:  # e.g. more digits than Python converts (4300)
                fail(f"not a valid integer: {brief(value)}")
                return None
            return clean_text(value) if isinstance(value, str) else value
        if tag == _QUOTED:
            return clean_text(value)
        fail(_TAG_MESSAGE.format(_short_tag(tag)))
        return None

    if kind == "sequence":
        if tag != _SEQ:
            fail(_TAG_MESSAGE.format(_short_tag(tag)))
            return None
        return [_build(item, path + (i,), doc, problems, seen, depth + 1, aliases) for i, item in enumerate(node.value)]

    if kind == "mapping":
        if tag != _MAP:
            fail(_TAG_MESSAGE.format(_short_tag(tag)))
            return None
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.id != "scalar" or key_node.tag not in _KEY_TAGS:
                problems.append(Problem(doc.file, kline, kcol, format_path(path), "a mapping key must be a plain word or text"))
                continue
            key = clean_text(key_node.value)
            if key in first_seen:
                problems.append(Problem(doc.file, kline, kcol, format_path(path + (key,)),
                                        f"duplicate key '{key}' (first given at line {first_seen[key]})"))
                continue
            first_seen[key] = kline
            kpath = path + (key,)
            positions[kpath] = (kline, kcol)
            out[key] = _build(value_node, kpath, doc, problems, seen, depth + 1, aliases)
        return out

    fail("unsupported YAML node")  # pragma: no cover
    return None


def _short_tag(tag: str) -> str:
    if tag.startswith(_T):
        return "!!" + tag[len(_T):]
    return tag if tag.startswith("!") else f"!<{tag}>"
