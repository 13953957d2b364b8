"""Problems found in data files, and the errors the CLI turns into exit codes.

Exit codes (documented in docs/user-guide.md):
  0  success
  1  the command ran, and its check failed (e.g. ``diff --fail-on-regression`` found a regression)
  2  wrong command-line usage (unknown option, bad value)
  3  not found: unknown country, year, indicator or region
  4  invalid data: a checklist, profile or regions file has problems
  5  output could not be written
 70  internal error (a bug: please report it; ``--debug`` shows the traceback)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .records import record

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_INVALID_DATA = 4
EXIT_OUTPUT = 5
EXIT_INTERNAL = 70


@record(order=True)
class Problem:
    """One problem in one file, printed as ``file:line:col: field.path: message``."""

    file: str
    line: int | None = None
    col: int | None = None
    field: str = ""
    message: str = ""

    def __post_init__(self) -> None:
        # The one boundary for problem text: a file or folder name, a key or a quoted value can hold
        # anything; it is shown escaped (never as terminal control) and cut short (never a whole file).
        for name, limit in (("file", 300), ("field", MAX_FIELD), ("message", MAX_MESSAGE)):
            value = getattr(self, name)
            safe = escape_control(value)
            if len(safe) > limit:
                safe = safe[:limit] + "…"
            if safe is not value:
                object.__setattr__(self, name, safe)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


MAX_FIELD = 100  # characters of a field path shown in a problem
MAX_MESSAGE = 400  # characters of a problem's message
MAX_PER_FILE = 50  # problems listed per file; the rest are counted


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_control(text: str) -> str:
    """``text`` with control characters (ESC, newline, CR, ...) and bidirectional overrides written
    as visible escapes (``\\x1b``, ``\\u202e``): a message or file name printed to a terminal or a CI
    log can neither run terminal commands nor disguise itself. Returns ``text`` itself when clean."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def problem_lines(problems: Iterable[Problem], per_file: int = MAX_PER_FILE, within: str | None = None) -> list[str]:
    """The lines that report ``problems`` (sorted): at most ``per_file`` per file, then one line
    'and N more problems in this file'. A file with 100,000 problems must not flood a terminal or log.

    ``within``: the problems are all in this one file (e.g. the cells of one workbook, each problem
    named ``Sheet!Cell``), so the cap counts them together."""
    out: list[str] = []
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for p in problems:
        group = escape_control(within) if within is not None else p.file
        n = shown.get(group, 0)
        if n < per_file:
            shown[group] = n + 1
            out.append(str(p))
        else:
            hidden[group] = hidden.get(group, 0) + 1
            if hidden[group] == 1:
                out.append(group)  # placeholder, filled in below
    return [f"{line}: and {count(hidden[line], 'more problem')} in this file (fix these and run again)"
            if line in hidden else line for line in out]


class LegalcheckError(Exception):
    """An error the user can act on; the CLI prints it without a traceback.

    ``message`` says what is wrong in the library's own words (no command names or options), so a
    notebook user reads it as it is. ``hint`` names what would help (e.g. ``"countries"``: the list
    of countries); the command line turns it into advice such as "Run 'legalcheck countries'".
    """

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFoundError(LegalcheckError):
    exit_code = EXIT_NOT_FOUND


class OutputError(LegalcheckError):
    exit_code = EXIT_OUTPUT


class UsageError(LegalcheckError):
    """A request that cannot be honoured as asked (a year that is not a year, FROM not before TO)."""

    exit_code = EXIT_USAGE


class DataError(LegalcheckError):
    """One or more problems in data files. ``problems`` holds every one found, sorted."""

    exit_code = EXIT_INVALID_DATA

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=problem_order)
        n = len(self.problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid data")
        self.summary = f"{count(n, 'problem')} found"


def problem_order(p: Problem) -> tuple:
    return (p.file, p.line if p.line is not None else -1, p.col or 0, p.field, p.message)


def count(n: int, word: str, words: str | None = None) -> str:
    """'1 country', '2 countries': a number with its noun in the right number (``words`` if not word + s)."""
    return f"{n} {word if n == 1 else words or word + 's'}"


def brief(value: object, limit: int = 60) -> str:
    """A value as a problem line quotes it: text in quotes and cut short (never a whole file), YAML's
    words for true/false, and 'a list' / 'a mapping' rather than Python's brackets."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str) and len(value) > limit:
        value = value[:limit] + "…"
    return repr(value)


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    """`` (did you mean 'x'?)`` when a close match exists, else ''."""
    choices = list(choices)
    matches = difflib.get_close_matches(word, choices, n=n, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            matches = [lowered[word.lower()]]
    if not matches:
        return ""
    return " (did you mean " + " or ".join(f"'{m}'" for m in matches) + "?)"
