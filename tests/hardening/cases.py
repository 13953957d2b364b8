"""The hardening corpus: broken and hostile inputs, each run end to end through the CLI.

Each ``Case`` builds its bad input in a throw-away repository (a copy of the real checklist plus a
profile ``countries/testland/2024.yaml`` unless it says otherwise), runs one command and states the
exit code and the stderr fragments expected, including ``file:line:col`` wherever there is a line.
``test_corpus.py`` runs every case and also checks that stderr has no traceback and reads as plain
language; ``docs/robustness.md`` is generated from ``CLASSES`` and ``CASES`` (see ``figures.py``).

In ``args``, ``{repo}`` is the temporary repository and ``{tmp}`` a scratch directory outside it.
Line numbers: the standard profile head (``conftest.PROFILE_HEAD``) is 11 lines, so the first
line of an ``indicators`` block is line 12, indented by 2.
"""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..conftest import PROFILE_HEAD, ROOT, profile, write

P = "countries/testland/2024.yaml"  # the profile most cases break
EXIT_OK, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_DATA, EXIT_OUTPUT = 0, 2, 3, 4, 5


@dataclass(frozen=True)
class Class:
    title: str
    handling: str  # what legalcheck does with inputs of this class, for docs/robustness.md


CLASSES: dict[str, Class] = {
    "syntax": Class("YAML syntax errors: unclosed brackets and quotes, bad indentation, tabs, a colon or `@` in an "
                    "unquoted value, a line without a colon, duplicate keys, empty and comment-only files, several "
                    "documents, a list instead of fields",
                    "refused with `file:line:col`, the parser's reason, the line where an unclosed bracket or quote "
                    "started, and a hint on what to do (quote the value, check the indentation, use spaces)"),
    "not-yaml": Class("Files that are not YAML: binary, PDF, an Excel workbook or an image saved as `.yaml`",
                      "refused before parsing: 'this is a PDF / a binary file, not a YAML file'"),
    "encoding": Class("Encodings: latin-1, UTF-16 (Windows 'Unicode'), UTF-8 with a byte-order mark, Windows line endings",
                      "latin-1 refused at the line and column of the first byte that is not UTF-8, UTF-16 named as "
                      "such, both with 'save it with UTF-8 encoding'; a BOM and CRLF are accepted"),
    "yaml11": Class("YAML 1.1 words: unquoted `Yes`, `No`, `NO`, `on`, `off`, a capitalised rating",
                    "never read as booleans: a fact that needs true/false says so ('YAML words like yes/no are not "
                    "accepted'); Norway's code `NO` stays text"),
    "dates": Class("Invalid dates: `2024-13-01`, 30 February, `31/01/2024`, `2024-1-5`",
                   "refused at the date's line: 'not a real date (check the month and day)' or 'not a date in "
                   "the form YYYY-MM-DD'"),
    "types": Class("Wrong types: text for a year, a fraction, an infinite number, a number or a list for true/false, "
                   "a list or text where fields are expected, a missing field, a year that contradicts the file name, a 5,000-digit number",
                   "refused at the value's line, naming what was expected and what was found (quoted values are cut "
                   "to 60 characters)"),
    "unknown": Class("Unknown keys and ids: misspelt fields, facts, sources; unknown country, indicator or year on the "
                     "command line",
                     "refused with did-you-mean; unknown names on the command line exit 3"),
    "rules": Class("Broken rules and cross-references: a profile for an indicator that does not exist, a rule naming an "
                   "undeclared fact, an unknown operator, a rubric with a gap, an index naming a missing file",
                   "refused with the rule file's line; `validate` proves every rubric complete, with an example"),
    "code": Class("YAML that tries to run code: `!!python/object/apply`, `!!python/object/new`, `!!python/name`, "
                  "custom tags, in profiles and rule files",
                  "every tag refused at its line; nothing is constructed or executed (a marker file is never "
                  "created)"),
    "resources": Class("Resource exhaustion: a billion-laughs alias bomb, nesting 200 and 100,000 levels deep, a 50 MB "
                       "file, a 4 MB text value, a rule file whose rubric proof would take seconds on every command",
                       "aliases and nesting over 40 levels refused at their line, files over 5 MB refused before "
                       "reading, rules beyond a fixed checking budget refused; large text within the limit is "
                       "processed"),
    "arguments": Class("Hostile command-line arguments: `../../etc/passwd`, absolute and Windows paths as a country, an "
                       "empty name, a non-number year, `--data` pointing at a file, an unknown format",
                       "refused as usage errors (exit 2) or unknown names (exit 3); no file outside the repository "
                       "is read as a profile"),
    "unicode": Class("Unicode names: `Côte d'Ivoire`, `Türkiye`, `Việt Nam` with and without accents, curly "
                     "apostrophes, an ASCII-only terminal, a slug with an accent",
                     "found by name in any spelling and printed intact; a terminal that cannot show a character "
                     "gets `?` instead of a crash"),
    "output": Class("Output paths: a missing directory, a parent that is a file, an existing directory, a read-only "
                    "location (`/proc`), a pipe, inside the data (directly, onto `regions.yaml`, via `..`, via a symlink), a workbook's "
                    "name for a text file, a failed run",
                    "refused with exit 5 before anything is written (a `.xlsx`, `.pdf` or `.docx` name for text: "
                    "exit 2); when the data is broken (exit 4) an existing output file is left as it was"),
    "tags": Class("Explicit YAML tags and directives: `!!bool yes`, `!!bool banana`, `!!null` on a known fact, `!!timestamp`, "
                  "`!!int`, a local `!tag`, a verbatim `!<tag:…>`, the bare `!`, `%TAG` and `%YAML` directives",
                  "every tag refused at its line and column, every directive at its line: a tag can never change "
                  "a value or erase a fact"),
    "special-files": Class("Data files that are not plain files: a FIFO named `2025.yaml` (in `countries/` and in "
                           "`checklist/`), a link to `/dev/zero`, `validate /dev/zero`, a link to a secret outside the "
                           "data folder, dangling and looping links",
                           "read by one reader: regular files only (checked after opening without blocking), at most "
                           "5 MB + 1 byte, links only when they stay inside the data folder; never hangs, never echoes "
                           "the target, and `validate` reports a broken link as every other command does; a link "
                           "inside the data folder still works"),
    "control": Class("Terminal control and markup in data: ESC sequences (screen clearing, window titles, disguised "
                     "OSC 8 links) in names, notes, keys and folder names; Rich markup (`[/x]`, `[link=…]`, legal "
                     "text `s. 4[a]`) in names and rule text; a newline with a heading and HTML in a country name; a "
                     "source title written as `[text](url)`",
                     "control characters removed from every data string when it is loaded and escaped (`\\x1b`) in "
                     "messages; data is printed as the text it is, never as markup; Markdown output keeps data on "
                     "one line and escapes links and HTML"),
    "scale": Class("Scale: a profile with 40,000 sources (the duplicate check was quadratic), a file with 10,000 "
                   "unknown fields",
                   "checked in linear time; at most 50 problems listed per file, then 'and N more problems in "
                   "this file'"),
    "lookup": Class("Country lookup: a `vietnam/` folder beside `viet-nam/` (named Viet Nam), a folder named "
                    "`nepal` plus a newline beside `nepal/`",
                    "a name that matches two folders is ambiguous in every command (exit 3, 'give the slug'); a "
                    "folder name must be a slug to its very end"),
    "limits": Class("Ordinary bad input that used to stop with 'internal error': a 300-character country, output "
                    "names of 250 and 300 characters, `-o existing_file/`, `--generated-at` out of range (year 1 at "
                    "+01:00, 2108), `new-year testland 99999`, U+FFFE/U+FFFF in a name written to a workbook",
                    "usage (2) or output (5) errors in one line naming the real reason; a trailing slash is never "
                    "dropped; a 250-character name is written; characters XML forbids never reach a workbook"),
    "workbook-files": Class("Files given to `import` that are not questionnaires: `.xls`, `.csv` and suffix-less names, an old "
                            "Excel 97 file, a PDF, an empty file, a zip that is not a workbook, a workbook with VBA macros, a "
                            "FIFO, `/dev/zero`, a folder",
                            "refused in one line before openpyxl sees the file: read only if it is a regular file, at most "
                            "20 MB, checked to be an .xlsx package without macros; never hangs, never 'internal error'"),
    "workbook-bombs": Class("Hostile workbook insides: a zip bomb (150 MB of XML in a few hundred KB), a billion-laughs "
                            "entity bomb, an external entity naming `/etc/passwd`, a cell at row 1,048,576, 400,000 cells, 250,000 shared strings, 9,000 bad rows, "
                            "XML that is not well-formed, a shared-string index that points nowhere, a chart sheet in place of "
                            "a sheet of cells",
                            "refused before parsing (unpacked size, member count, cell count, any XML document type) or as a damaged "
                            "workbook; sheets larger than 10,000 rows refused before a row is walked; at most 50 problems "
                            "listed per workbook"),
    "workbook-cells": Class("Answers a stranger can type: a formula, an error value `#N/A`, `1`/`0` and a TRUE cell for "
                            "yes/no, `²` for a number (a digit to `str.isdigit`, not to `int`), a time of day or a duration for a "
                            "number, a Country field given twice",
                            "every one a problem naming `Sheet!Cell`; never an answer, never silently the last one"),
    "workbook-record": Class("A tampered hidden record: pointed at another country and imported with `--force`, a country "
                             "slug ending in a newline or 300 characters long, year 0000",
                             "refused as damaged, or as problems on the Country sheet: an import never leaves a repository "
                             "that `validate` refuses (two countries with one name, a country whose years disagree)"),
    "profile-writes": Class("Where `import`, `new-country`, `init` and `questionnaire` write: the target profile a FIFO, a link "
                            "to `/dev/zero` or a folder; a country folder (or `countries/` itself) that is a file or a link out of the data; `--slug` "
                            "with a newline or 300 characters; `init` into `countries/` (directly and via a link), with a "
                            "300-character name, copying a regions file that links to `/dev/zero`; `--xlsx existing/`; a name with terminal escapes; `--dry-run`",
                            "profiles are read by the one reader and written by one writer, only inside `countries/`, whole "
                            "or not at all; a new repository never lands in the data; messages escape what they repeat; "
                            "a dry run creates nothing"),
}


@dataclass(frozen=True)
class Case:
    id: str
    cls: str
    build: Callable[[Path, Path], None]  # (repo, tmp) -> None: writes the bad input
    args: tuple[str, ...]
    exit: int
    stderr: tuple[str, ...] = ()  # fragments that must appear in stderr
    stdout: tuple[str, ...] = ()  # fragments that must appear in stdout (for accepted input)
    check: Callable[[Path, Path], None] | None = None  # extra assertion after the run: (repo, tmp)
    process: bool = False  # run as a real process (python -m legalcheck), not in-process
    absent: tuple[str, ...] = ()  # text that must appear in neither stdout nor stderr (a secret, ESC)
    env: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- builders


def prof(indicators: str = "", head: str = PROFILE_HEAD, slug: str = "testland") -> Callable[[Path, Path], None]:
    """A profile with the standard head and the given ``indicators`` block."""

    def build(repo: Path, tmp: Path) -> None:
        profile(repo, indicators or "grooming: {}", slug=slug, head=head)

    return build


def head_edit(old: str, new: str, indicators: str = "grooming: {}") -> Callable[[Path, Path], None]:
    """The standard profile with one change in its head."""
    assert old in PROFILE_HEAD, old
    return prof(indicators, head=PROFILE_HEAD.replace(old, new))


def raw(data: bytes | str | Callable[[], bytes], rel: str = P) -> Callable[[Path, Path], None]:
    """Exactly these bytes (or text, UTF-8) at ``rel``."""

    def build(repo: Path, tmp: Path) -> None:
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        content = data() if callable(data) else data
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    return build


def good_profile_text(name: str = "Testland", iso2: str = "TL", iso3: str = "TLD") -> str:
    return (PROFILE_HEAD.replace("name: Testland", f'name: "{name}"').replace("iso2: TL", f"iso2: {iso2}")
            .replace("iso3: TLD", f"iso3: {iso3}")
            + "  grooming:\n    facts:\n      criminalised: {value: false, citation: {source: src}}\n")


GOOD = good_profile_text()


def rule_edit(indicator: str, old: str, new: str) -> Callable[[Path, Path], None]:
    """The real rule file with one change, plus a valid profile."""

    def build(repo: Path, tmp: Path) -> None:
        path = repo / "checklist" / f"{indicator}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        raw(GOOD)(repo, tmp)

    return build


def both(*builders: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    def build(repo: Path, tmp: Path) -> None:
        for b in builders:
            b(repo, tmp)

    return build


def countries(*entries: tuple[str, str, str, str]) -> Callable[[Path, Path], None]:
    """Valid profiles for (slug, name, iso2, iso3)."""
    return both(*(raw(good_profile_text(name, i2, i3), f"countries/{slug}/2024.yaml") for slug, name, i2, i3 in entries))


def bundled(slug: str) -> Callable[[Path, Path], None]:
    def build(repo: Path, tmp: Path) -> None:
        shutil.copytree(ROOT / "countries" / slug, repo / "countries" / slug)

    return build


def marker_absent(repo: Path, tmp: Path) -> None:
    assert not (tmp / "pwned").exists(), "a YAML tag ran code"


def pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + bytes(range(256)) + b"\n%%EOF\n"


def xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "country"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
BINARY = bytes(range(256)) * 4


def bomb() -> str:
    lines = ["indicators: {}", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def nested_block(levels: int) -> str:
    return "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "v: 1\n"


def huge_rules(repo: Path, tmp: Path) -> None:
    """A valid-looking indicator whose rubric proof would take seconds: 16 facts (65,536
    combinations) and 640 fact tests; every command would pay for it, as rules load each time."""
    facts = "".join(f"  f{i}: {{type: boolean, question: q}}\n" for i in range(16))
    conds = ["{all: [" + ", ".join(f"{{fact: f{i}, is: {str(bool(r >> i & 1)).lower()}}}" for i in range(16)) + "]}"
             for r in range(20)]
    rules = "".join(f"  - {{id: r{r}, rating: 'yes', criterion: c, when: {c}}}\n" for r, c in enumerate(conds))
    rules += "  - {id: rest, rating: 'no', criterion: c, when: {not: {any: [" + ", ".join(conds) + "]}}}\n"
    write(repo / "checklist" / "huge.yaml",
          "id: huge\ntitle: t\nshort: s\nquestion: q\nrubric_basis: derived\nbasis_note: b\n"
          "rubric: {yes: y, partial: p, no: n}\nrecommendation: r\nsources: [{title: t}]\n"
          f"facts:\n{facts}rules:\n{rules}")
    index = repo / "checklist" / "index.yaml"
    index.write_text(index.read_text(encoding="utf-8") + "  - huge\n", encoding="utf-8")
    raw(GOOD)(repo, tmp)


def big_file(megabytes: int) -> Callable[[], bytes]:
    return lambda: (GOOD + '  extradition:\n    notes: "' + "x" * (megabytes * 1_000_000) + '"\n').encode()


def output_exists(name: str, content: str | None) -> Callable[[Path, Path], None]:
    """Assert the scratch file ``name`` holds ``content`` (None: does not exist) after the run."""

    def check(repo: Path, tmp: Path) -> None:
        path = tmp / name
        if content is None:
            assert not path.exists()
        else:
            assert path.read_text(encoding="utf-8") == content

    return check


def scratch(name: str, content: str = "", kind: str = "file") -> Callable[[Path, Path], None]:
    def build(repo: Path, tmp: Path) -> None:
        path = tmp / name
        if kind == "dir":
            path.mkdir()
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "link-to-data":
            path.symlink_to(repo / "countries")
        else:
            path.write_text(content, encoding="utf-8")

    return build


def not_written(rel: str) -> Callable[[Path, Path], None]:
    """Assert the repository's ``rel`` was not created, and its directory holds no temporary file."""

    def check(repo: Path, tmp: Path) -> None:
        path = repo / rel
        assert not path.exists()
        assert not [p for p in path.parent.iterdir() if p.name.endswith(".partial")]

    return check


def fifo(rel: str) -> Callable[[Path, Path], None]:
    """A named pipe at ``rel``: reading it would wait for a writer forever."""

    def build(repo: Path, tmp: Path) -> None:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(repo / rel)

    return build


def link(rel: str, target: str) -> Callable[[Path, Path], None]:
    """A symbolic link at ``rel`` to ``target`` (``{tmp}`` and ``{repo}`` are filled in)."""

    def build(repo: Path, tmp: Path) -> None:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).symlink_to(target.format(tmp=tmp, repo=repo))

    return build


def many_sources(unique: int, duplicates: int) -> Callable[[Path, Path], None]:
    extra = "".join(f"  - {{id: s{i}, title: t, url: https://e.org}}\n" for i in range(unique))
    extra += "  - {id: src, title: t, url: https://e.org}\n" * duplicates
    return prof(head=PROFILE_HEAD.replace("indicators:\n", extra + "indicators:\n"))


def workbook_opens(name: str, text: str) -> Callable[[Path, Path], None]:
    """The workbook ``name`` in the scratch folder opens, and its Matrix sheet shows ``text``."""

    def check(repo: Path, tmp: Path) -> None:
        from openpyxl import load_workbook

        wb = load_workbook(tmp / name)
        cells = [c.value for row in wb["Matrix"].iter_rows() for c in row]
        assert text in cells, cells[:40]

    return check


def file_written(name: str) -> Callable[[Path, Path], None]:
    def check(repo: Path, tmp: Path) -> None:
        assert (tmp / name).read_text(encoding="utf-8").startswith("Testland")
        assert [p.name for p in tmp.iterdir()] == [name], "no temporary file left"

    return check


ASSESS = ("assess", "testland")
VALIDATE = ("validate",)
G = "grooming:\n  facts:\n    criminalised: {value: %s, citation: {source: src}}\n"  # value at line 14, col 22

# --------------------------------------------------------------------------- the cases

# The bundled index, and where a line appended to it lands.
_INDEX = (ROOT / "checklist" / "index.yaml").read_text(encoding="utf-8")


def _line_of(indicator: str, text: str) -> int:
    """The line of the real rule file on which ``text`` starts (so expected positions follow edits)."""
    content = (ROOT / "checklist" / f"{indicator}.yaml").read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1


_GROOMING_RULE0 = _line_of("grooming", "    when: {fact: criminalised, is: false}")

CASES: list[Case] = [
    # ---- YAML syntax
    Case("unclosed-brace", "syntax", prof("grooming:\n  facts:\n    criminalised: {value: true, citation: {source: src}\n"
                                         "extradition: {}\n"),
         ASSESS, EXIT_DATA, (f"{P}:15:3: YAML syntax error: while parsing a flow mapping (started at line 14)",)),
    Case("unclosed-quote", "syntax", prof('grooming:\n  notes: "the consultation says\nextradition: {}\n'),
         ASSESS, EXIT_DATA, (f"{P}:15:1: YAML syntax error: while scanning a quoted scalar (started at line 13) found unexpected end",)),
    Case("bad-indentation", "syntax", prof("grooming:\n  facts:\n    criminalised:\n      value: true\n     citation: {source: src}\n"),
         ASSESS, EXIT_DATA, (f"{P}:16:8: YAML syntax error: while parsing a block mapping (started at line 14) did not "
                             "find expected key (check the indentation of this line and the lines above",)),
    Case("colon-in-value", "syntax", prof("grooming:\n  notes: Penal Code: s. 4\n"), ASSESS, EXIT_DATA,
         (f"{P}:13:22: YAML syntax error: mapping values are not allowed in this context (a value that contains ': ' "
          "must be put in quotes; or check the indentation)",)),
    Case("at-sign-value", "syntax", prof("grooming:\n  notes: @ECPAT reports it\n"), ASSESS, EXIT_DATA,
         (f"{P}:13:12: YAML syntax error:", "(a value starting with @, ` or % must be put in quotes)")),
    Case("line-without-colon", "syntax", prof("grooming:\n  notes: fine\n  criminalised is true\n  facts: {}\n"),
         ASSESS, EXIT_DATA, (f"{P}:15:5: YAML syntax error: while scanning a simple key (started at line 14) could not "
                             "find expected ':' (each line is 'name: value'",)),
    Case("top-level-indented", "syntax", raw("  country: {name: T, iso2: TL, iso3: TLD}\nyear: 2024\n"), ASSESS, EXIT_DATA,
         (f"{P}:2:1: YAML syntax error: did not find expected <document start> (fields at the top level start at "
          "the beginning of the line)",)),
    Case("tab-indentation", "syntax", prof("grooming:\n\tfacts: {}\n"),
         ASSESS, EXIT_DATA, (f"{P}:13:3:", "YAML does not allow tab characters for indentation: use spaces")),
    Case("duplicate-indicator", "syntax", prof("grooming: {}\nextradition: {}\ngrooming: {notes: again}\n"),
         ASSESS, EXIT_DATA, (f"{P}:14:3: indicators.grooming: duplicate key 'grooming' (first given at line 12)",)),
    Case("duplicate-fact", "syntax", prof("grooming:\n  facts:\n    criminalised: {value: true, citation: {source: src}}\n"
                                         "    criminalised: {value: false, citation: {source: src}}\n"),
         VALIDATE, EXIT_DATA, (f"{P}:15:7: indicators.grooming.facts.criminalised: duplicate key 'criminalised' "
                               "(first given at line 14)",)),
    Case("empty-file", "syntax", raw(""), ASSESS, EXIT_DATA, (f"{P}: the file is empty",)),
    Case("comments-only", "syntax", raw("# to do: fill in\n# (nothing yet)\n"), ASSESS, EXIT_DATA, (f"{P}: the file is empty",)),
    Case("two-documents", "syntax", raw(GOOD + "---\ncountry: {}\n"), ASSESS, EXIT_DATA,
         (f"{P}:15:1:", "expected a single document")),
    Case("list-not-fields", "syntax", raw("- country: Testland\n- year: 2024\n"), ASSESS, EXIT_DATA,
         (f"{P}:1:1: expected a mapping of fields (key: value lines), found a list",)),
    Case("syntax-in-rule-file", "syntax", rule_edit("grooming", "rules:\n  - id: not-criminalised", "rules:\n\t- id: not-criminalised"),
         VALIDATE, EXIT_DATA, (f"checklist/grooming.yaml:{_line_of('grooming', '  - id: not-criminalised')}:1: YAML syntax error", "tab characters")),
    # ---- not YAML
    Case("binary", "not-yaml", raw(BINARY), ASSESS, EXIT_DATA, (f"{P}: this is a binary file, not a YAML text file",)),
    Case("pdf", "not-yaml", raw(pdf), ASSESS, EXIT_DATA, (f"{P}:1:1: this is a PDF, not a YAML file",)),
    Case("excel-workbook", "not-yaml", raw(xlsx), ASSESS, EXIT_DATA, (f"{P}: this is a binary file, not a YAML text file",)),
    Case("png-image", "not-yaml", raw(PNG), VALIDATE, EXIT_DATA, (f"{P}: this is a binary file",)),
    # ---- encodings
    Case("latin-1", "encoding", raw(good_profile_text("Côte d'Ivoire").encode("latin-1")), ASSESS, EXIT_DATA,
         (f"{P}:2:11: the file is not UTF-8 text (byte 0xf4); save it with UTF-8 encoding",)),
    Case("utf-16", "encoding", raw(GOOD.encode("utf-16")), ASSESS, EXIT_DATA,
         (f"{P}:1:1: the file is saved as UTF-16 (\"Unicode\") text; save it with UTF-8 encoding",)),
    Case("utf-8-bom", "encoding", raw(b"\xef\xbb\xbf" + GOOD.encode()), ASSESS + ("--format", "json"), EXIT_OK,
         stdout=('"name": "Testland"', '"derived_rating": "no"')),
    Case("windows-line-endings", "encoding", raw(GOOD.replace("\n", "\r\n")), ASSESS + ("--format", "json"), EXIT_OK,
         stdout=('"iso3": "TLD"',)),
    # ---- YAML 1.1 words
    Case("value-Yes", "yaml11", prof(G % "Yes"), ASSESS, EXIT_DATA,
         (f"{P}:14:22: indicators.grooming.facts.criminalised.value: expected true or false, got 'Yes' "
          "(write true or false; YAML words like yes/no are not accepted)",)),
    Case("value-No", "yaml11", prof(G % "No"), ASSESS, EXIT_DATA, (f"{P}:14:22:", "got 'No'", "yes/no are not accepted")),
    Case("value-NO", "yaml11", prof(G % "NO"), ASSESS, EXIT_DATA, (f"{P}:14:22:", "got 'NO'")),
    Case("value-on", "yaml11", prof(G % "on"), ASSESS, EXIT_DATA, (f"{P}:14:22:", "got 'on'")),
    Case("value-off", "yaml11", prof(G % "off"), VALIDATE, EXIT_DATA, (f"{P}:14:22:", "got 'off'")),
    Case("rating-capitalised", "yaml11", prof("grooming:\n  reported: {rating: No, source: src}\n"), ASSESS, EXIT_DATA,
         (f"{P}:13:16: indicators.grooming.reported.rating: 'No' is not allowed here", "(write it in lower case: 'no')")),
    Case("norway-NO-stays-text", "yaml11", raw(good_profile_text("Norway", "NO", "NOR"), "countries/norway/2024.yaml"),
         ("assess", "NO", "--format", "json"), EXIT_OK, stdout=('"iso2": "NO"', '"name": "Norway"')),
    # ---- dates
    Case("month-13", "dates", head_edit('as_of: "2024-01-31"', "as_of: 2024-13-01"), ASSESS, EXIT_DATA,
         (f"{P}:6:1: as_of: '2024-13-01' is not a real date (check the month and day)",)),
    Case("february-30", "dates", head_edit('as_of: "2024-01-31"', 'as_of: "2024-02-30"'), ASSESS, EXIT_DATA,
         (f"{P}:6:1: as_of: '2024-02-30' is not a real date",)),
    Case("day-first-date", "dates", head_edit('as_of: "2024-01-31"', "as_of: 31/01/2024"), ASSESS, EXIT_DATA,
         (f"{P}:6:1: as_of: '31/01/2024' is not a date in the form YYYY-MM-DD",)),
    Case("short-source-date", "dates", head_edit("    title: A test source\n", "    title: A test source\n    date: 2024-1-5\n"),
         VALIDATE, EXIT_DATA, (f"{P}:10:5: sources[0].date: '2024-1-5' is not a publication date (YYYY, YYYY-MM or YYYY-MM-DD)",)),
    # ---- wrong types
    Case("year-as-text", "types", head_edit("year: 2024", "year: twenty twenty-four"), ASSESS, EXIT_DATA,
         (f"{P}:5:1: year: expected a whole number, found the text 'twenty twenty-four'",)),
    Case("year-fraction", "types", head_edit("year: 2024", "year: 2024.5"), ASSESS, EXIT_DATA,
         (f"{P}:5:1: year: expected a whole number, found the number 2024.5",)),
    Case("number-for-boolean", "types", prof(G % "1"), ASSESS, EXIT_DATA, (f"{P}:14:22:", "expected true or false, got 1",)),
    Case("list-for-boolean", "types", prof(G % "[true]"), ASSESS, EXIT_DATA,
         (f"{P}:14:22: indicators.grooming.facts.criminalised.value: expected true or false, got a list",)),
    Case("infinite-year", "types", head_edit("year: 2024", "year: 1e309"), ASSESS, EXIT_DATA,
         (f"{P}:5:1: year: expected a whole number, found the number inf",)),
    Case("list-for-facts", "types", prof("grooming:\n  facts: [criminalised]\n"), ASSESS, EXIT_DATA,
         (f"{P}:13:5: indicators.grooming.facts: expected a mapping of fields (key: value lines), found a list",)),
    Case("text-for-citation", "types", prof("grooming:\n  facts:\n    criminalised: {value: true, citation: Penal Code s. 4}\n"),
         ASSESS, EXIT_DATA, (f"{P}:14:35: indicators.grooming.facts.criminalised.citation: expected a mapping of fields",
                             "found the text 'Penal Code s. 4'")),
    Case("missing-sources", "types", head_edit("sources:\n  - id: src\n    title: A test source\n    url: https://example.org/source\n", ""),
         ASSESS, EXIT_DATA, (f"{P}:1:1: required field 'sources' is missing",)),
    Case("year-contradicts-file-name", "types", head_edit("year: 2024", "year: 2023"), ASSESS, EXIT_DATA,
         (f"{P}:5:1: year: year 2023 does not match the file name 2024.yaml",)),
    Case("iso-code-lower-case", "types", head_edit("iso2: TL", "iso2: tl"), ASSESS, EXIT_DATA,
         (f"{P}:3:3: country.iso2: 'tl' is not an ISO 3166 alpha-2 code (two capital letters)",)),
    Case("5000-digit-number", "types", head_edit("year: 2024", "year: " + "1" * 5000), ASSESS, EXIT_DATA,
         (f"{P}:5:7: year: not a valid integer: '{'1' * 60}…'",)),
    # ---- unknown keys and ids
    Case("unknown-field", "unknown", prof("grooming:\n  fact: {}\n"), ASSESS, EXIT_DATA,
         (f"{P}:13:5: indicators.grooming.fact: unknown field 'fact' (did you mean 'facts'?)",)),
    Case("misspelt-top-level", "unknown", head_edit("indicators:\n", "indicator:\n"), ASSESS, EXIT_DATA,
         (f"{P}:11:1: indicator: unknown field 'indicator' (did you mean 'indicators'?)",)),
    Case("unknown-fact", "unknown", prof("grooming:\n  facts:\n    criminalized: {value: true, citation: {source: src}}\n"),
         ASSESS, EXIT_DATA, (f"{P}:14:7: indicators.grooming.facts.criminalized: indicator 'grooming' has no fact "
                             "'criminalized' (did you mean 'criminalised'?)",)),
    Case("unknown-source", "unknown", prof("grooming:\n  facts:\n    criminalised: {value: true, citation: {source: scr}}\n"),
         ASSESS, EXIT_DATA, (f"{P}:14:46: indicators.grooming.facts.criminalised.citation.source: unknown source 'scr' "
                             "(did you mean 'src'?)",)),
    Case("unknown-country", "unknown", raw(GOOD), ("assess", "testlnd"), EXIT_NOT_FOUND,
         ("unknown country 'testlnd' (did you mean 'testland'?)",)),
    Case("unknown-indicator-arg", "unknown", raw(GOOD), ("explain", "groming"), EXIT_NOT_FOUND,
         ("unknown indicator 'groming' (did you mean 'grooming'?)",)),
    Case("unknown-year", "unknown", raw(GOOD), ("assess", "testland", "--year", "2019"), EXIT_NOT_FOUND,
         ("testland: no profile for 2019; years available: 2024",)),
    # ---- rules and cross-references
    Case("profile-for-missing-indicator", "rules", prof("grooming-online:\n  facts: {}\n"), ASSESS, EXIT_DATA,
         (f"{P}:12:3: indicators.grooming-online: unknown indicator 'grooming-online' (did you mean 'grooming'?)",)),
    Case("rule-names-undeclared-fact", "rules",
         rule_edit("grooming", "{fact: criminalised, is: false}", "{fact: criminalized, is: false}"), ASSESS, EXIT_DATA,
         (f"checklist/grooming.yaml:{_GROOMING_RULE0}:12: rules[0].when.fact: names undeclared fact 'criminalized' (did you mean 'criminalised'?)",)),
    Case("unknown-operator", "rules",
         rule_edit("grooming", "{fact: criminalised, is: false}", "{fact: criminalised, iss: false}"), VALIDATE, EXIT_DATA,
         (f"checklist/grooming.yaml:{_GROOMING_RULE0}:32: rules[0].when.iss: unknown operator 'iss' (did you mean 'is'?)",)),
    Case("rubric-gap", "rules", rule_edit("grooming", "{fact: criminalised, is: false}", "{fact: criminalised, is: true}"),
         VALIDATE, EXIT_DATA, (f"checklist/grooming.yaml:{_line_of('grooming', 'rules:')}:1: rules: rubric gap: no rule gives a rating when criminalised=false",)),
    Case("index-names-missing-file", "rules", both(raw(GOOD), raw(_INDEX + "  - child-marriage\n", "checklist/index.yaml")),
         ASSESS, EXIT_DATA, (f"checklist/index.yaml:{_INDEX.count(chr(10)) + 1}:5: "
                             f"indicators[{_INDEX.count(chr(10) + '  - ')}]: no file checklist/child-marriage.yaml",)),
    # ---- code execution
    Case("python-object-apply", "code", lambda repo, tmp: prof(
        f"grooming: !!python/object/apply:os.system ['touch {tmp}/pwned']\n")(repo, tmp), ASSESS, EXIT_DATA,
         (f"{P}:12:13: indicators.grooming: YAML tag !!python/object/apply:os.system is not allowed "
          "(legalcheck files hold plain data only)",), check=marker_absent, process=True),
    Case("python-object-new", "code", lambda repo, tmp: prof(
        f"grooming:\n  notes: !!python/object/new:subprocess.Popen [[touch, {tmp}/pwned]]\n")(repo, tmp), VALIDATE, EXIT_DATA,
         (f"{P}:13:12: indicators.grooming.notes: YAML tag !!python/object/new:subprocess.Popen is not allowed",),
         check=marker_absent),
    Case("python-name-key", "code", prof("? !!python/name:os.system\n: {}\n"), ASSESS, EXIT_DATA,
         (f"{P}:12:5: indicators: a mapping key must be a plain word or text",)),
    Case("custom-include-tag", "code", prof("grooming:\n  notes: !include /etc/passwd\n"), ASSESS, EXIT_DATA,
         (f"{P}:13:12: indicators.grooming.notes: YAML tag !include is not allowed",)),
    Case("tag-in-rule-file", "code", lambda repo, tmp: rule_edit(
        "grooming", "{fact: criminalised, is: false}", f"!!python/object/apply:os.system ['touch {tmp}/pwned']")(repo, tmp),
         VALIDATE, EXIT_DATA, (f"checklist/grooming.yaml:{_GROOMING_RULE0}:11: rules[0].when: YAML tag !!python/object/apply:os.system",),
         check=marker_absent),
    # ---- resource exhaustion
    Case("billion-laughs", "resources", raw(bomb), ASSESS, EXIT_DATA,
         (f"{P}:3:8: b[0]: YAML aliases (*a) are not supported: write the value out in full",
          f"{P}:4:12: and 71 more YAML aliases from here on")),
    Case("nested-200-levels", "resources", raw(nested_block(200)), ASSESS, EXIT_DATA,
         (f"{P}:42:83: the data is nested more than 40 levels deep",)),
    Case("nested-100000-brackets", "resources", raw("indicators: " + "[" * 100_000 + "]" * 100_000 + "\n"), ASSESS, EXIT_DATA,
         (f"{P}:1:1012: the data is nested more than 40 levels deep",)),
    Case("rules-too-large-to-prove", "resources", huge_rules, VALIDATE, EXIT_DATA,
         ("checklist/huge.yaml:27:1: rules: too large to check (combinations=65536, fact tests in the rules=640); "
          "split the indicator or simplify its rules",)),
    Case("50-megabytes", "resources", raw(big_file(50)), ASSESS, EXIT_DATA,
         (f"{P}: file is too large (47.7 MB; legalcheck reads files up to 5 MB)",), process=True),
    Case("4-megabyte-text", "resources", raw(big_file(4)), ASSESS + ("--format", "json"), EXIT_OK,
         stdout=('"indicator": "extradition"', "x" * 1000)),
    # ---- command-line arguments
    Case("country-dotdot-path", "arguments", raw(GOOD), ("assess", "../../etc/passwd"), EXIT_USAGE,
         ("'../../etc/passwd' is not a country: give a name, slug or ISO code (e.g. nepal, NP, NPL), not a path",),
         process=True),
    Case("country-absolute-path", "arguments", raw(GOOD), ("assess", "/etc/passwd"), EXIT_USAGE, ("not a path",)),
    Case("country-windows-path", "arguments", raw(GOOD), ("assess", "C:\\Windows\\win.ini"), EXIT_USAGE, ("not a path",)),
    Case("country-dotdot", "arguments", raw(GOOD), ("assess", ".."), EXIT_USAGE, ("'..' is not a country",)),
    Case("country-empty", "arguments", raw(GOOD), ("assess", ""), EXIT_NOT_FOUND, ("unknown country ''",)),
    Case("year-not-a-number", "arguments", raw(GOOD), ("assess", "testland", "--year", "twenty"), EXIT_USAGE,
         ("error: invalid value for --year: 'twenty' is not a whole number",)),
    Case("unknown-format", "arguments", raw(GOOD), ("assess", "testland", "--format", "pdf"), EXIT_USAGE,
         ("error: invalid value for --format: 'pdf' is not one of the choices: json, markdown or table (see 'legalcheck assess -h')",)),
    Case("data-is-a-file", "arguments", raw(GOOD), ("--data", "/etc/passwd", "assess", "testland"), EXIT_USAGE,
         ("--data /etc/passwd: not a directory",)),
    Case("validate-system-file", "arguments", raw(GOOD), ("validate", "/etc/passwd"), EXIT_DATA,
         ("/etc/passwd:1:1: expected a mapping of fields (key: value lines), found the text 'root:",)),
    # ---- unicode names
    Case("cote-divoire-accented", "unicode", countries(("cote-d-ivoire", "Côte d'Ivoire", "CI", "CIV")),
         ("assess", "Côte d'Ivoire", "--format", "json"), EXIT_OK, stdout=('"name": "Côte d\'Ivoire"',)),
    Case("cote-divoire-plain", "unicode", countries(("cote-d-ivoire", "Côte d'Ivoire", "CI", "CIV")),
         ("assess", "cote divoire"), EXIT_OK, stdout=("Côte d'Ivoire (CI/CIV) · 2024",)),
    Case("cote-divoire-curly-capitals", "unicode", countries(("cote-d-ivoire", "Côte d'Ivoire", "CI", "CIV")),
         ("assess", "CÔTE D’IVOIRE", "--format", "markdown"), EXIT_OK, stdout=("# Côte d'Ivoire: legal checklist assessment",)),
    Case("turkiye-plain", "unicode", countries(("turkiye", "Türkiye", "TR", "TUR")), ("assess", "Turkiye"), EXIT_OK,
         stdout=("Türkiye (TR/TUR)",)),
    Case("turkiye-misspelt", "unicode", countries(("turkiye", "Türkiye", "TR", "TUR")), ("assess", "Türkye"),
         EXIT_NOT_FOUND, ("unknown country 'Türkye' (did you mean 'turkiye'?)",)),
    Case("viet-nam-with-diacritics", "unicode", bundled("viet-nam"), ("assess", "Việt Nam", "--format", "json"), EXIT_OK,
         stdout=('"name": "Viet Nam"',)),
    Case("ascii-terminal", "unicode", countries(("turkiye", "Türkiye", "TR", "TUR")), ("assess", "turkiye"), EXIT_OK,
         stdout=("T?rkiye (TR/TUR)",), process=True, env={"PYTHONIOENCODING": "ascii"}),
    Case("accented-slug-directory", "unicode", raw(good_profile_text("Türkiye", "TR", "TUR"), "countries/türkiye/2024.yaml"),
         VALIDATE, EXIT_DATA, ("countries/türkiye/2024.yaml: directory 'türkiye' is not a valid country slug",)),
    # ---- output paths
    Case("output-missing-directory", "output", raw(GOOD), ASSESS + ("-o", "{tmp}/no/such/dir/out.json"), EXIT_OUTPUT,
         ("{tmp}/no/such/dir/out.json: the directory {tmp}/no/such/dir does not exist",)),
    Case("output-parent-is-a-file", "output", both(raw(GOOD), scratch("notes.txt", "mine")), ASSESS + ("-o", "{tmp}/notes.txt/out.json"),
         EXIT_OUTPUT, ("{tmp}/notes.txt is not a directory",), check=output_exists("notes.txt", "mine")),
    Case("output-is-a-directory", "output", both(raw(GOOD), scratch("reports", kind="dir")), ASSESS + ("-o", "{tmp}/reports"),
         EXIT_OUTPUT, ("{tmp}/reports: is a directory; give a file name",)),
    Case("output-read-only-location", "output", raw(GOOD), ASSESS + ("-o", "/proc/version"), EXIT_OUTPUT,
         ("/proc/version: cannot write in /proc",)),
    Case("output-is-a-pipe", "output", both(raw(GOOD), scratch("pipe", kind="fifo")), ASSESS + ("-o", "{tmp}/pipe"),
         EXIT_OUTPUT, ("{tmp}/pipe: is not a regular file (a device or pipe)",)),
    Case("output-into-countries", "output", raw(GOOD), ASSESS + ("-o", "{repo}/countries/report.md"), EXIT_OUTPUT,
         ("refusing to write into the assessment data",), check=not_written("countries/report.md")),
    Case("output-into-checklist-via-dotdot", "output", raw(GOOD), ASSESS + ("-o", "{repo}/countries/../checklist/x.json"),
         EXIT_OUTPUT, ("refusing to write into the assessment data",), check=not_written("checklist/x.json")),
    Case("output-onto-regions-file", "output", raw(GOOD), ASSESS + ("-o", "{repo}/regions.yaml"), EXIT_OUTPUT,
         ("refusing to write into the assessment data",), check=not_written("regions.yaml")),
    Case("output-into-data-via-symlink", "output", both(raw(GOOD), scratch("link", kind="link-to-data")),
         ASSESS + ("-o", "{tmp}/link/report.md"), EXIT_OUTPUT, ("refusing to write into the assessment data",),
         check=not_written("countries/report.md")),
    Case("output-named-like-a-workbook", "output", raw(GOOD), ASSESS + ("-o", "{tmp}/testland.xlsx"), EXIT_USAGE,
         ("{tmp}/testland.xlsx: assess writes JSON (.json), Markdown (.md) or plain text (.txt), not .xlsx files",),
         check=output_exists("testland.xlsx", None)),
    Case("output-kept-when-data-broken", "output", both(prof(G % "Yes"), scratch("out.json", "previous run")),
         ASSESS + ("-o", "{tmp}/out.json"), EXIT_DATA, (f"{P}:14:22:",), check=output_exists("out.json", "previous run")),
    # ---- explicit tags and directives (round 2)
    Case("bool-tag-yes", "tags", prof(G % "!!bool yes"), ASSESS, EXIT_DATA,
         (f"{P}:14:29: indicators.grooming.facts.criminalised.value: YAML tag !!bool is not allowed",)),
    Case("bool-tag-banana", "tags", prof(G % "!!bool banana"), VALIDATE, EXIT_DATA, (f"{P}:14:29:", "YAML tag !!bool")),
    Case("null-tag-erases-fact", "tags", prof(G % "!!null true"), ASSESS, EXIT_DATA, (f"{P}:14:29:", "YAML tag !!null")),
    Case("timestamp-tag", "tags", head_edit('as_of: "2024-01-31"', "as_of: !!timestamp 2024-01-31"), VALIDATE, EXIT_DATA,
         (f"{P}:6:8: as_of: YAML tag !!timestamp is not allowed",)),
    Case("int-tag-on-year", "tags", head_edit("year: 2024", "year: !!int 2024"), ASSESS, EXIT_DATA,
         (f"{P}:5:7: year: YAML tag !!int is not allowed",)),
    Case("local-tag", "tags", prof(G % "!yes true"), ASSESS, EXIT_DATA, (f"{P}:14:29:", "YAML tag !yes")),
    Case("verbatim-tag", "tags", prof(G % "!<tag:yaml.org,2002:bool> yes"), ASSESS, EXIT_DATA, (f"{P}:14:29:", "YAML tag !!bool")),
    Case("bare-tag", "tags", prof(G % "! true"), ASSESS, EXIT_DATA, (f"{P}:14:29: YAML tag ! is not allowed",)),
    Case("tag-directive", "tags", raw("%TAG !e! tag:yaml.org,2002:\n---\n" + GOOD.replace("value: false", "value: !e!bool yes")),
         ASSESS, EXIT_DATA, (f"{P}:1:1: YAML directive '%TAG' is not allowed", f"{P}:16:", "YAML tag !!bool")),
    Case("yaml-directive", "tags", raw("%YAML 1.1\n---\n" + GOOD), VALIDATE, EXIT_DATA,
         (f"{P}:1:1: YAML directive '%YAML' is not allowed",)),
    # ---- special files
    Case("fifo-profile", "special-files", both(raw(GOOD), fifo("countries/testland/2025.yaml")), ASSESS, EXIT_DATA,
         ("countries/testland/2025.yaml: is not a regular file (a device, pipe or socket)",), process=True),
    Case("fifo-validate", "special-files", both(raw(GOOD), fifo("countries/testland/2025.yaml")), VALIDATE, EXIT_DATA,
         ("countries/testland/2025.yaml: is not a regular file",), process=True),
    Case("fifo-in-checklist", "special-files", both(raw(GOOD), fifo("checklist/zz-pipe.yaml")), ("countries",), EXIT_DATA,
         ("checklist/zz-pipe.yaml: is not a regular file",), process=True),
    Case("link-to-dev-zero", "special-files", both(raw(GOOD), link("countries/testland/2025.yaml", "/dev/zero")), ASSESS,
         EXIT_DATA, ("countries/testland/2025.yaml: is a symbolic link to a file outside the data folder",), process=True),
    Case("validate-dev-zero", "special-files", raw(GOOD), ("validate", "/dev/zero"), EXIT_DATA,
         ("/dev/zero: is not a regular file",), process=True),
    Case("link-to-secret", "special-files",
         both(raw(GOOD), scratch("secret.yaml", "password: hunter2-secret\nroot: x\n"),
              link("countries/testland/2025.yaml", "{tmp}/secret.yaml")),
         VALIDATE, EXIT_DATA, ("countries/testland/2025.yaml: is a symbolic link to a file outside the data folder",),
         absent=("hunter2", "password")),
    Case("dangling-link", "special-files", both(raw(GOOD), link("countries/testland/2025.yaml", "{tmp}/gone.yaml")),
         VALIDATE, EXIT_DATA, ("countries/testland/2025.yaml: is a symbolic link to a file that does not exist",)),
    Case("looping-link", "special-files", both(raw(GOOD), link("countries/testland/2025.yaml", "2025.yaml")),
         VALIDATE, EXIT_DATA, ("countries/testland/2025.yaml: is a symbolic link that loops",)),
    Case("link-inside-data-folder", "special-files", both(raw(GOOD, "shared/testland.yaml"), link(P, "../../shared/testland.yaml")),
         ASSESS + ("--format", "json"), EXIT_OK, stdout=('"iso3": "TLD"',)),
    # ---- terminal control and markup in data
    Case("escape-in-name-table", "control", countries(("testland", "Test\\e[2J\\e]0;owned\\aland", "TL", "TLD")),
         ASSESS, EXIT_OK, stdout=("Test[2J]0;ownedland (TL/TLD)",), absent=("\x1b", "\x07")),
    Case("escape-in-name-markdown", "control", countries(("testland", "Test\\e[2Jland", "TL", "TLD")),
         ASSESS + ("--format", "markdown"), EXIT_OK, stdout=("# Test[2Jland: legal checklist",), absent=("\x1b",)),
    Case("escape-in-name-csv", "control", countries(("testland", "Test\\e[2Jland", "TL", "TLD")),
         ("matrix", "--countries", "testland", "--format", "csv"), EXIT_OK, stdout=("Test[2Jland",), absent=("\x1b",)),
    Case("escape-in-name-countries", "control", countries(("testland", "Test\\x9b2Jland", "TL", "TLD")),
         ("countries",), EXIT_OK, stdout=("Test2Jland",), absent=("\x9b",)),
    Case("osc8-link-in-notes", "control", prof('grooming:\n  notes: "\\e]8;;https://evil.example\\aclick here\\e]8;;\\a"\n'),
         ("gaps", "testland"), EXIT_OK, stdout=("Note:",), absent=("\x1b", "\x07")),
    Case("osc8-link-in-notes-json", "control", prof('grooming:\n  notes: "\\e]8;;https://evil.example\\aclick here\\e]8;;\\a"\n'),
         ASSESS + ("--format", "json"), EXIT_OK, stdout=('"notes": "]8;;https://evil.exampleclick here]8;;"',),
         absent=("\\u001b", "\\u0007")),
    Case("escape-in-key", "control", prof('grooming:\n  "fa\\ect": {}\n'), VALIDATE, EXIT_DATA,
         (f"{P}:13:5: indicators.grooming.fact: unknown field 'fact'",), absent=("\x1b",)),
    Case("escape-in-folder-name", "control", raw(GOOD, "countries/te\x1b[2Jst/2024.yaml"), VALIDATE, EXIT_DATA,
         ("countries/te\\x1b[2Jst/2024.yaml: directory 'te\\x1b[2Jst' is not a valid country slug",), absent=("\x1b",)),
    Case("markup-in-country-name", "control", countries(("testland", "Test [/x]land", "TL", "TLD")), ("countries",),
         EXIT_OK, stdout=("Test [/x]land",)),
    Case("markup-in-rule-text", "control", rule_edit("grooming", "no: No provision criminalises grooming of children for sexual purposes.",
                                                   'no: "s. 4[a] [/x] [link=https://evil.example]x[/link]"'),
         ("explain", "grooming"), EXIT_OK, stdout=("s. 4[a] [/x]",)),
    Case("markup-in-checklist-title", "control", rule_edit("grooming", "title: Criminalising grooming of children for sexual purposes",
                                                         'title: "Grooming [/x] s. 4[a]"'),
         ("checklist",), EXIT_OK, stdout=("Grooming [/x] s. 4[a]",), env={"COLUMNS": "250"}),
    Case("newline-heading-in-name", "control",
         countries(("testland", "Testland\\n# Injected <img src=x onerror=alert(1)>", "TL", "TLD")),
         ASSESS + ("--format", "markdown"), EXIT_OK, stdout=("# Testland # Injected \\<img src=x onerror=alert(1)>: legal",),
         absent=("\n# Injected", " <img")),
    Case("newline-heading-in-gaps-brief", "control", countries(("testland", "Testland\\n## Injected", "TL", "TLD")),
         ("gaps", "testland", "--format", "markdown"), EXIT_OK, stdout=("# Testland ## Injected: gaps in the law",),
         absent=("\n## Injected",)),
    Case("disguised-link-in-source-title", "control",
         head_edit("    title: A test source\n", '    title: "[Official Gazette](https://evil.example)"\n', G % "false"),
         ASSESS + ("--format", "markdown"), EXIT_OK, stdout=("[Official Gazette\\](https://evil.example)",),
         absent=("Gazette](",)),
    # ---- scale
    Case("40000-sources", "scale", many_sources(20_000, 20_000), VALIDATE, EXIT_DATA,
         (f"{P}:20011:6: sources[20001].id: duplicate source id 'src'", f"{P}: and 19950 more problems in this file",)),
    Case("10000-unknown-fields", "scale", prof("grooming:\n" + "".join(f"  x{i}: 1\n" for i in range(10_000))), ASSESS,
         EXIT_DATA, (f"{P}:13:5: indicators.grooming.x0: unknown field 'x0'", f"{P}: and 9950 more problems in this file")),
    # ---- country lookup
    Case("two-folders-one-name", "lookup", countries(("viet-nam", "Viet Nam", "VN", "VNM"), ("vietnam", "Vietnam Test", "VT", "VTT")),
         ("assess", "Viet Nam"), EXIT_NOT_FOUND, ("'Viet Nam' is ambiguous", "viet-nam, vietnam", "give the slug")),
    Case("two-folders-one-name-matrix", "lookup", countries(("viet-nam", "Viet Nam", "VN", "VNM"), ("vietnam", "Vietnam Test", "VT", "VTT")),
         ("matrix", "--countries", "Viet Nam"), EXIT_NOT_FOUND, ("'Viet Nam' is ambiguous",)),
    Case("slug-with-newline", "lookup", both(countries(("nepal", "Nepal", "NP", "NPL")),
                                             raw(good_profile_text("Not Nepal", "NX", "NXX"), "countries/nepal\n/2024.yaml")),
         ("assess", "Nepal"), EXIT_NOT_FOUND, ("'Nepal' is ambiguous",)),
    Case("slug-with-newline-validate", "lookup", both(countries(("nepal", "Nepal", "NP", "NPL")),
                                                      raw(good_profile_text("Not Nepal", "NX", "NXX"), "countries/nepal\n/2024.yaml")),
         VALIDATE, EXIT_DATA, ("countries/nepal\\x0a/2024.yaml: directory 'nepal\\x0a' is not a valid country slug",)),
    # ---- ordinary bad input, never an internal error
    Case("country-300-characters", "limits", raw(GOOD), ("assess", "n" * 300), EXIT_USAGE,
         ("a country name of 300 characters is too long",)),
    Case("output-name-300-characters", "limits", raw(GOOD), ASSESS + ("-o", "{tmp}/" + "a" * 300 + ".md"), EXIT_OUTPUT,
         ("the file name is too long (303 bytes",)),
    Case("output-name-250-characters", "limits", raw(GOOD), ASSESS + ("-o", "{tmp}/" + "a" * 247 + ".txt"), EXIT_OK,
         check=file_written("a" * 247 + ".txt")),
    Case("output-trailing-slash", "limits", both(raw(GOOD), scratch("notes.txt", "mine")), ASSESS + ("-o", "{tmp}/notes.txt/"),
         EXIT_OUTPUT, ("{tmp}/notes.txt/: ends in '/', which names a folder",), check=output_exists("notes.txt", "mine")),
    Case("generated-at-year-1", "limits", raw(GOOD),
         ("matrix", "--countries", "testland", "--xlsx", "{tmp}/m.xlsx", "--generated-at", "0001-01-01T00:00:00+01:00"),
         EXIT_USAGE, ("--generated-at '0001-01-01T00:00:00+01:00': give a time between 1980 and 2107",),
         check=output_exists("m.xlsx", None)),
    Case("generated-at-2108", "limits", raw(GOOD),
         ("matrix", "--countries", "testland", "--xlsx", "{tmp}/m.xlsx", "--generated-at", "2108-01-01T00:00:00Z"),
         EXIT_USAGE, ("give a time between 1980 and 2107",), check=output_exists("m.xlsx", None)),
    Case("new-year-99999", "limits", raw(GOOD), ("new-year", "testland", "99999"), EXIT_USAGE,
         ("YEAR 99999 is not a plausible year",), absent=("--as-of",)),
    Case("noncharacters-in-workbook", "limits", countries(("testland", "Test\\uFFFEland\\uFFFF", "TL", "TLD")),
         ("matrix", "--countries", "testland", "--xlsx", "{tmp}/m.xlsx"), EXIT_OK, check=workbook_opens("m.xlsx", "Testland")),
]

# --------------------------------------------------------------------------- round 3: the questionnaire round trip

from . import workbooks as wbk  # noqa: E402

IMPORT = ("import", "{tmp}/q.xlsx")
_NOT_Q = "(legalcheck questionnaire COUNTRY --year YEAR --xlsx FILE)"


def unchanged_repository(repo: Path, tmp: Path) -> None:
    """Nothing was written into the data: no new country, no temporary file, Testland as it was."""
    assert sorted(p.name for p in (repo / "countries").iterdir()) in (["testland"], []), list((repo / "countries").iterdir())
    if (repo / "countries" / "testland" / "2024.yaml").is_file():
        assert (repo / "countries" / "testland" / "2024.yaml").read_text(encoding="utf-8") == GOOD


def repository_valid(repo: Path, tmp: Path) -> None:
    from legalcheck.validation import validate_repository

    problems, _ = validate_repository(repo)
    assert problems == [], problems
    assert (repo / "countries" / "otherland" / "2024.yaml").read_text(encoding="utf-8") == good_profile_text("Otherland", "OL", "OLD")


def folder_empty(name: str) -> Callable[[Path, Path], None]:
    def check(repo: Path, tmp: Path) -> None:
        assert list((tmp / name).iterdir()) == []

    return check


CASES += [
    # ---- files that are not questionnaires
    Case("xls-suffix", "workbook-files", wbk.questionnaire(wbk.rename("q.xls")), ("import", "{tmp}/q.xls"), EXIT_OK,
         stdout=("already says this; nothing was written",)),
    Case("csv-suffix", "workbook-files", wbk.questionnaire(wbk.rename("q.csv")), ("import", "{tmp}/q.csv"), EXIT_OK,
         stdout=("nothing was written",)),
    Case("old-excel-97", "workbook-files", wbk.workbook_file("q.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), IMPORT,
         EXIT_USAGE, ("{tmp}/q.xlsx: this is an old Excel 97-2003 workbook (.xls), not a questionnaire (.xlsx)",)),
    Case("pdf-as-workbook", "workbook-files", wbk.workbook_file("q.xlsx", pdf()), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: this is a PDF; a questionnaire is an .xlsx file made by legalcheck",)),
    Case("empty-workbook-file", "workbook-files", wbk.workbook_file("q.xlsx", b""), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: this is an empty file",)),
    Case("zip-not-workbook", "workbook-files", wbk.questionnaire(wbk.only_members({"word/document.xml": b"<w/>"})), IMPORT,
         EXIT_USAGE, ("{tmp}/q.xlsx: this is a zip file but not an Excel workbook",)),
    Case("workbook-with-macros", "workbook-files", wbk.questionnaire(wbk.add_member("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" * 64)),
         IMPORT, EXIT_USAGE, ("{tmp}/q.xlsx: the workbook contains macros; a questionnaire has none",)),
    Case("fifo-workbook", "workbook-files", wbk.workbook_file("q.xlsx", kind="fifo"), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: is not a regular file (a device, pipe or socket)",), process=True),
    Case("dev-zero-workbook", "workbook-files", wbk.workbook_file("q.xlsx", kind="dev-zero"), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: is not a regular file",), process=True),
    Case("folder-workbook", "workbook-files", wbk.workbook_file("q.xlsx", kind="dir"), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: is a folder, not an Excel workbook",)),
    # ---- hostile insides
    Case("zip-bomb", "workbook-bombs", wbk.questionnaire(wbk.zip_bomb(150)), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: the workbook unpacks to more than 50 MB",), check=unchanged_repository),
    Case("xml-billion-laughs", "workbook-bombs", wbk.questionnaire(wbk.doctype(wbk.BILLION_LAUGHS, "&j;")), IMPORT, EXIT_USAGE,
         ("declares XML entities, which Excel never writes",)),
    Case("xml-external-entity", "workbook-bombs",
         wbk.questionnaire(wbk.doctype('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;")), IMPORT, EXIT_USAGE,
         ("declares XML entities",), absent=("root:",)),
    Case("cell-at-last-row", "workbook-bombs",
         wbk.questionnaire(wbk.rows_in("Sources", lambda: b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>')),
         IMPORT, EXIT_USAGE, ("{tmp}/q.xlsx: the sheet 'Sources' reaches row 1048576", "at most 10000 rows")),
    Case("9000-bad-rows", "workbook-bombs", wbk.questionnaire(wbk.rows_in("Sources", wbk.source_rows(9_000))), IMPORT, EXIT_DATA,
         ("Sources!A10: required field 'title' is missing", "{tmp}/q.xlsx: and 8950 more problems in this file")),
    Case("xml-not-well-formed", "workbook-bombs", wbk.questionnaire(wbk.text_cell("Sources", "B2", "a\ufffeb")), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: the workbook is damaged",)),
    Case("shared-string-out-of-range", "workbook-bombs", wbk.questionnaire(wbk.raw_cell("Facts", "E3", "<v>99999</v>", "s")),
         IMPORT, EXIT_USAGE, ("{tmp}/q.xlsx: the workbook is damaged",)),
    Case("400000-cells", "workbook-bombs", wbk.questionnaire(wbk.rows_in("Facts", wbk.tiny_cells(400_000))), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: the workbook has 40", "cells; a questionnaire has a few thousand (at most 200000)")),
    Case("250000-shared-strings", "workbook-bombs", wbk.questionnaire(wbk.many_shared_strings(250_000)), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: the workbook has 25", "cells; a questionnaire has a few thousand")),
    Case("chart-sheet-for-ratings", "workbook-bombs", wbk.questionnaire(wbk.chart_sheet("Ratings")), IMPORT, EXIT_USAGE,
         ("{tmp}/q.xlsx: the sheet 'Ratings' is not a sheet of cells",)),
    # ---- answers a stranger can type
    Case("formula-answer", "workbook-cells", wbk.questionnaire(wbk.answer("grooming", "criminalised", "=1+1")), IMPORT, EXIT_DATA,
         ("Facts!E3: a formula is not an answer: type the value itself",), check=unchanged_repository),
    Case("error-value-answer", "workbook-cells", wbk.questionnaire(wbk.raw_cell("Sources", "B2", "<v>#N/A</v>", "e")), IMPORT,
         EXIT_DATA, ("Sources!B2: the cell shows the error '#N/A': type the answer itself",)),
    Case("one-for-yes", "workbook-cells", wbk.questionnaire(wbk.answer("grooming", "criminalised", 1)), IMPORT, EXIT_DATA,
         ("Facts!E3: 1 is not an answer here; choose yes, no or unknown",)),
    Case("true-cell-for-yes", "workbook-cells", wbk.questionnaire(wbk.answer("grooming", "criminalised", True)),
         IMPORT + ("--dry-run",), EXIT_OK, stdout=("grooming: No → Yes or Partial", "nothing was written"), check=unchanged_repository),
    Case("superscript-two-for-a-number", "workbook-cells",
         wbk.questionnaire(wbk.answer("age-of-consent", "age", "²"), wbk.answer("grooming", "criminalised", "²", "Year of the law")),
         IMPORT, EXIT_DATA, ("Facts!E32: '²' is not a whole number; give one from 10 to 21, or unknown",
                             "Facts!J3: '²' is not a year (a whole number, e.g. 2017)")),
    Case("time-and-duration-cells", "workbook-cells",
         wbk.questionnaire(wbk.answer("age-of-consent", "age", datetime.time(10, 0)),
                           wbk.answer("grooming", "criminalised", datetime.timedelta(days=2), "Year of the law")),
         IMPORT, EXIT_DATA, ("Facts!E32: '10:00:00' is not a whole number", "Facts!J3: '2 days, 0:00:00' is not a year"),
         absent=("datetime",)),
    Case("country-field-twice", "workbook-cells", wbk.questionnaire(wbk.country("Name", "Otherland", again=True)), IMPORT,
         EXIT_DATA, ("Country!A11: the field 'Name' has two rows; keep one",)),
    # ---- the hidden record
    Case("record-pointed-at-another-country", "workbook-record",
         both(countries(("otherland", "Otherland", "OL", "OLD")), wbk.questionnaire(wbk.record("country", "otherland"))),
         IMPORT + ("--force",), EXIT_DATA, ("Country!B2: 'Testland' already names testland",), check=repository_valid),
    Case("record-slug-newline", "workbook-record", wbk.questionnaire(wbk.record("country", "testland\n")), IMPORT, EXIT_USAGE,
         ("the questionnaire's record of its country and year is damaged",)),
    Case("record-slug-300", "workbook-record", wbk.questionnaire(wbk.record("country", "t" * 300)), IMPORT + ("--force",),
         EXIT_USAGE, ("the questionnaire's record of its country and year is damaged",)),
    Case("record-year-0000", "workbook-record", wbk.questionnaire(wbk.record("year", "0000")), IMPORT + ("--force",), EXIT_DATA,
         ("year: 0 is not a plausible year",), check=unchanged_repository),
    # ---- where profiles and repositories are written
    Case("import-target-fifo", "profile-writes", both(wbk.questionnaire(), lambda repo, tmp: ((repo / P).unlink(), os.mkfifo(repo / P))),
         IMPORT, EXIT_DATA, (f"{P}: is not a regular file (a device, pipe or socket)",), process=True),
    Case("import-target-dev-zero", "profile-writes",
         both(wbk.questionnaire(), lambda repo, tmp: ((repo / P).unlink(), (repo / P).symlink_to("/dev/zero"))),
         IMPORT, EXIT_DATA, (f"{P}: is a symbolic link to a file outside the data folder",), process=True),
    Case("import-target-folder", "profile-writes",
         both(wbk.questionnaire(profile=False), lambda repo, tmp: (repo / "countries/kenya/2024.yaml").mkdir(parents=True)),
         IMPORT, EXIT_DATA, ("countries/kenya/2024.yaml: is a directory",)),
    Case("import-country-folder-links-out", "profile-writes",
         both(wbk.questionnaire(profile=False), scratch("elsewhere", kind="dir"), link("countries/kenya", "{tmp}/elsewhere")),
         IMPORT, EXIT_OUTPUT, ("countries/kenya: is a symbolic link; profiles are written only inside the data folder",),
         check=folder_empty("elsewhere")),
    Case("import-countries-folder-links-out", "profile-writes",
         both(wbk.questionnaire(profile=False), lambda repo, tmp: ((repo / "countries").rename(tmp / "elsewhere"),
                                                                   (repo / "countries").symlink_to(tmp / "elsewhere"))),
         IMPORT, EXIT_OUTPUT, ("countries: is a symbolic link out of the data folder",), check=folder_empty("elsewhere")),
    Case("import-dry-run-new-country", "profile-writes", wbk.questionnaire(profile=False), IMPORT + ("--dry-run",), EXIT_OK,
         stdout=("Dry run: would create", "nothing was written"), check=unchanged_repository),
    Case("new-country-folder-is-a-file", "profile-writes", raw("x", "countries/kenya"),
         ("new-country", "Kenya", "--iso2", "KE", "--iso3", "KEN"), EXIT_OUTPUT, ("countries/kenya: is not a folder",)),
    Case("new-country-folder-links-out", "profile-writes", both(scratch("elsewhere", kind="dir"), link("countries/kenya", "{tmp}/elsewhere")),
         ("new-country", "Kenya", "--iso2", "KE", "--iso3", "KEN"), EXIT_OUTPUT, ("is a symbolic link",), check=folder_empty("elsewhere")),
    Case("new-country-slug-newline", "profile-writes", raw(GOOD), ("new-country", "Kenya", "--iso2", "KE", "--iso3", "KEN", "--slug", "kenya\n"),
         EXIT_USAGE, ("cannot make a folder name from 'Kenya'",), check=unchanged_repository),
    Case("new-country-slug-300", "profile-writes", raw(GOOD), ("new-country", "Kenya", "--iso2", "KE", "--iso3", "KEN", "--slug", "k" * 300),
         EXIT_USAGE, ("would be 300 characters long (at most 100)",), check=unchanged_repository),
    Case("init-into-countries", "profile-writes", raw(GOOD), ("init", "{repo}/countries/ours"), EXIT_OUTPUT,
         ("refusing to write into the assessment data",), check=unchanged_repository),
    Case("init-via-link-into-data", "profile-writes", both(raw(GOOD), scratch("link", kind="link-to-data")), ("init", "{tmp}/link/ours"),
         EXIT_OUTPUT, ("refusing to write into the assessment data",), check=unchanged_repository),
    Case("init-copying-a-link-to-dev-zero", "profile-writes", both(raw(GOOD), link("regions/zero.yaml", "/dev/zero")),
         ("init", "{tmp}/ours"), EXIT_DATA, ("regions/zero.yaml: is a symbolic link to a file outside the data folder",),
         check=output_exists("ours", None), process=True),
    Case("init-300-character-name", "profile-writes", raw(GOOD), ("init", "{tmp}/" + "r" * 300), EXIT_OUTPUT,
         ("a name in it is too long (300 bytes",)),
    Case("init-250-character-name", "profile-writes", raw(GOOD), ("init", "{tmp}/" + "r" * 250), EXIT_OK,
         stdout=("Created the assessment repository",)),
    Case("questionnaire-xlsx-trailing-slash", "profile-writes", both(raw(GOOD), scratch("out.xlsx", "mine")),
         ("questionnaire", "testland", "--xlsx", "{tmp}/out.xlsx/"), EXIT_OUTPUT, ("ends in '/', which names a folder",),
         check=output_exists("out.xlsx", "mine")),
    Case("questionnaire-name-with-escapes", "profile-writes", raw(GOOD),
         ("questionnaire", "Ken\x1b]0;owned\x07ya", "--new", "--xlsx", "{tmp}/k.xlsx"), EXIT_OK,
         stdout=("questionnaire for Ken\\x1b]0;owned\\x07ya",), absent=("\x1b", "\x07")),
]
