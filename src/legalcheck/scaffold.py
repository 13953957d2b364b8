"""Starting points: a new assessment repository (``init``) and a new country's profile skeleton
(``new-country``). Pure text building plus one atomic write each; no printing here.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, OutputError, UsageError, brief
from .model import Checklist, date_problem, iso_code_problem
from .profile_schema import SCHEMA_FILE, allowed_text, modeline, schema_text

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # used with fullmatch: 'kenya\n' is not a slug
MAX_SLUG = 100

# The schema sits at the repository's top; a profile is countries/<slug>/<year>.yaml, two levels down.
PROFILE_SCHEMA_REF = f"../../{SCHEMA_FILE}"

REPO_README = """\
# Assessment repository

Made by `legalcheck init`. Every `legalcheck` command works on it with `--data DIR` (or with
`LEGALCHECK_DATA=DIR` set), e.g. `legalcheck --data DIR validate`.

- `checklist/`: the checklist's indicators, facts and decision rules (version {version}). Leave them
  as they are unless you mean to change the rules for every country.
- `countries/<country>/<year>.yaml`: one profile per country and year: cited facts.
- `regions.yaml`: named lists of countries for `legalcheck matrix` and `legalcheck summary`.
- `{schema}`: the JSON Schema of a profile, so an editor (VS Code with the YAML extension)
  completes and checks profiles as you type. Regenerate it after changing the checklist:
  `legalcheck --data DIR schema -o DIR/{schema}`.

## Adding a country

With Excel (no YAML needed):

    legalcheck --data DIR questionnaire "Kenya" --year 2024 --xlsx kenya-2024.xlsx
    (fill in the workbook: answers, citations and the Sources sheet; the Instructions sheet explains)
    legalcheck --data DIR import kenya-2024.xlsx --dry-run     # check it, write nothing
    legalcheck --data DIR import kenya-2024.xlsx               # write countries/kenya/2024.yaml

A questionnaire for a country with no profile yet also asks for its name and ISO codes.

With a text editor:

    legalcheck --data DIR new-country Kenya --iso2 KE --iso3 KEN --year 2024
    (edit countries/kenya/2024.yaml: every fact is listed as a commented question)
    legalcheck --data DIR validate

Then `legalcheck --data DIR assess kenya`. What no source states stays `unknown`, never `false`.
Every known fact cites a source listed under `sources`, with a short verbatim quote.
"""

GITIGNORE = """\
# Files legalcheck and office programs leave next to your data.
.*.partial
~$*.xlsx
.~lock.*#
*.tmp
.DS_Store
"""


def _check_new_dir(target: Path) -> None:
    if target.exists():
        if not target.is_dir():
            raise OutputError(f"{target}: exists and is not a directory")
        if any(target.iterdir()):
            raise OutputError(f"{target}: the directory is not empty; init makes a new repository in a new or empty directory")
    elif not target.parent.is_dir():
        raise OutputError(f"{target}: the directory {target.parent} does not exist")


def _copy_data_file(source: Path, target: Path, root: Path) -> None:
    from .yamlload import read_bytes

    target.write_bytes(read_bytes(source, within=root)[0])


def init_repository(target: Path, source_root: Path, checklist: Checklist) -> list[Path]:
    """Make a new assessment repository at ``target`` from ``source_root``'s checklist and regions.

    Built in a temporary directory beside ``target`` and renamed into place: an interrupted run
    leaves nothing. Never inside ``source_root``'s data (directly, via '..' or a link). Returns the
    files written, relative to ``target``.
    """
    from .newfiles import make_new, remove_made
    from .output import _reason, check_name_lengths, refuse_inside_data

    target = target.expanduser()
    check_name_lengths(target)
    refuse_inside_data(target, target, source_root)
    _check_new_dir(target)
    parent = target.parent if str(target.parent) else Path(".")
    made: list[Path] = []  # removed at the end, whatever happens (see ``newfiles.make_new``)
    try:
        tmp = make_new(made, parent, target.name, ".partial", folder=True,
                       error=lambda e: OutputError(f"{target}: cannot write in {parent} ({_reason(e)})"))
        # Copied through the one reader (yamlload.read_bytes): regular files inside the data, at most
        # 5 MB each; a FIFO or a link to /dev/zero among the regions would otherwise hang or fill the disk.
        (tmp / "checklist").mkdir()
        for p in sorted((source_root / "checklist").glob("*.yaml")):
            _copy_data_file(p, tmp / "checklist" / p.name, source_root)
        if os.path.lexists(source_root / "regions.yaml"):
            _copy_data_file(source_root / "regions.yaml", tmp / "regions.yaml", source_root)
        if (source_root / "regions").is_dir():
            (tmp / "regions").mkdir()
            for p in sorted((source_root / "regions").glob("*.yaml")):
                _copy_data_file(p, tmp / "regions" / p.name, source_root)
        (tmp / "countries").mkdir()
        (tmp / "countries" / ".gitkeep").write_text("", encoding="utf-8")
        (tmp / SCHEMA_FILE).write_text(schema_text(checklist), encoding="utf-8")
        (tmp / "README.md").write_text(REPO_README.format(version=checklist.version, schema=SCHEMA_FILE), encoding="utf-8")
        (tmp / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        written = sorted(p.relative_to(tmp) for p in tmp.rglob("*") if p.is_file())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(tmp, target)
    except OSError as e:
        raise OutputError(f"{target}: could not create the repository ({_reason(e)})") from None
    finally:
        remove_made(made)
    return written


# --------------------------------------------------------------------------- new country


def slugify(name: str) -> str:
    """'Côte d'Ivoire' -> 'cote-d-ivoire'; 'Lao PDR' -> 'lao-pdr'."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ = "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def check_date(value: str, what: str) -> str:
    if why := date_problem(value):
        raise UsageError(f"{what} {brief(value)} {why}")
    return value


@dataclass(frozen=True)
class NewCountry:
    name: str
    iso2: str
    iso3: str
    slug: str
    year: int
    as_of: str


def new_country_args(name: str, iso2: str, iso3: str, year: int | None, as_of: str | None,
                     slug: str | None = None, today: datetime.date | None = None) -> NewCountry:
    """Check and complete ``new-country``'s arguments (codes upper-cased, slug from the name)."""
    name = " ".join(name.split())
    if not name or any(unicodedata.category(c).startswith("C") for c in name):
        raise UsageError(f"{brief(name)} is not a country name")
    iso2, iso3 = iso2.strip().upper(), iso3.strip().upper()
    if iso_code_problem(iso2, 2):
        raise UsageError(f"ISO alpha-2 code {brief(iso2)} is not an ISO 3166 alpha-2 code (two letters, e.g. KE)")
    if iso_code_problem(iso3, 3):
        raise UsageError(f"ISO alpha-3 code {brief(iso3)} is not an ISO 3166 alpha-3 code (three letters, e.g. KEN)")
    slug = slug if slug is not None else slugify(name)
    if len(slug) > MAX_SLUG:
        raise UsageError(f"the folder name for {brief(name)} would be {len(slug)} characters long (at most {MAX_SLUG}); "
                         "give a shorter one", hint="slug")
    if not _SLUG.fullmatch(slug):
        raise UsageError(f"cannot make a folder name from {brief(name)}; give one (lower-case words joined by hyphens)", hint="slug")
    year = year if year is not None else (today or datetime.date.today()).year
    if not 1900 <= year <= 2100:
        raise UsageError(f"{year} is not a plausible year")
    as_of = check_date(as_of, "the as-of date") if as_of else f"{year}-01-01"
    return NewCountry(name, iso2, iso3, slug, year, as_of)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str, width: int = 96) -> list[str]:
    import textwrap

    return [f"{indent}# {line}" for line in textwrap.wrap(" ".join(text.split()), width - len(indent) - 2)]


def skeleton_text(checklist: Checklist, c: NewCountry, schema_ref: str = PROFILE_SCHEMA_REF) -> str:
    """A profile that ``validate`` accepts as it is (every fact unknown), listing every indicator's
    facts with their question and allowed values as comments, and one example citation."""
    lines = [
        modeline(schema_ref).rstrip("\n"),
        f"# {c.name}, {c.year}: made by 'legalcheck new-country'. Every fact starts as unknown. For each fact",
        "# a source states, write its value and a citation: the source's id, the law, the provision, and a",
        "# short verbatim quote. What no source states stays unknown (never false). When done, run",
        "# 'legalcheck validate', then change status to reviewed.",
        "country:",
        f"  name: {_q(c.name)}",
        f"  iso2: {c.iso2}",
        f"  iso3: {c.iso3}",
        f"year: {c.year}",
        f'as_of: "{c.as_of}"  # the date the information describes the law at',
        "status: draft",
        "# List every publication you cite. Each needs an id, a title, and a url or a document reference.",
        "sources: []",
        "# sources:",
        "#   - id: penal-code",
        '#     title: "Penal Code (as amended)"',
        "#     publisher: Ministry of Justice",
        "#     kind: legislation",
        '#     url: "https://example.org/penal-code"',
        '#     accessed: "2024-05-01"',
        "indicators:",
    ]
    example_done = False
    for ind in checklist.indicators:
        lines.append(f"  {ind.id}:")
        lines += _comment(ind.title, "    ")
        lines.append("    facts:")
        for fid, spec in ind.facts.items():
            unit = f" ({spec.unit})" if spec.unit else ""
            lines += _comment(spec.question + unit, "      ")
            lines.append(f"      # Allowed: {allowed_text(spec)}, or unknown.")
            lines.append(f"      {fid}:")
            lines.append("        value: unknown")
            if not example_done:
                lines += [
                    "        # For a known value, cite it, e.g.:",
                    "        # value: true",
                    "        # citation:",
                    "        #   source: penal-code",
                    '        #   instrument: "Penal Code (as amended)"',
                    '        #   provision: "s. 12(2)"',
                    "        #   year: 2017",
                    '        #   quote: "a short verbatim quote from the source that supports the value"',
                ]
                example_done = True
        lines.append("    # reported: {rating: partial, source: <source id>, locator: <page>}  (a rating a source gives)")
    return "\n".join(lines) + "\n"


def check_own_repository(root: Path) -> None:
    """Refuse to add profiles to the data installed with legalcheck (inside the package): it is part
    of the program, replaced on every upgrade. A source checkout's data is a repository like any."""
    packaged = Path(__file__).resolve().parent / "data"
    if root.resolve() == packaged.resolve():
        raise UsageError("the bundled data is part of the installed program and is not changed; make a repository "
                         "of your own and work in it", hint="init")


def write_profile(root: Path, target: Path, text: str) -> Path:
    """The one way a command that exists to write a profile (``new-country``, ``import``) writes it:
    into ``root``'s countries/ folder and nowhere else (a country folder that is a symbolic link out
    of the data, or a file, is refused), whole or not at all; a country folder it made is removed
    again if the write fails."""
    from .output import _reason, check_name_lengths, write_text_atomic

    check_name_lengths(target)
    folder = target.parent
    countries = (root / "countries").resolve()
    if countries != root.resolve() / "countries":
        raise OutputError(f"{root / 'countries'}: is a symbolic link out of the data folder; profiles are written only inside it")
    if os.path.lexists(folder) and not folder.is_dir():
        raise OutputError(f"{folder}: is not a folder; a country's profiles go in a folder of that name")
    if folder.is_symlink() or (folder.exists() and folder.resolve().parent != countries):
        raise OutputError(f"{folder}: is a symbolic link; profiles are written only inside the data folder")
    if os.path.lexists(target) and (target.is_symlink() or not target.is_file()):
        raise OutputError(f"{target}: is not a plain file (a link, folder or device); it is not replaced")
    made = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{folder}: cannot make the folder ({_reason(e)})") from None
    try:
        # no data_root: writing the profile into countries/ is the purpose of these commands
        return write_text_atomic(target, text)
    except BaseException:
        if made and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise


def write_new_profile(root: Path, checklist: Checklist, c: NewCountry) -> tuple[Path, Path | None]:
    """Write countries/<slug>/<year>.yaml for a new country (and the schema file if the repository
    has none). Refuses a country that already exists. Returns (profile, schema file written or None)."""
    from .data import _names, list_countries, normalise, read_profile
    from .output import write_text_atomic

    check_own_repository(root)
    existing = {e.slug: e for e in list_countries(root)}
    entry = existing.get(c.slug)
    if entry is not None and entry.years:
        years = ", ".join(map(str, entry.years))
        raise OutputError(f"{c.slug} already exists (countries/{c.slug} has {years})", hint="new-year")
    names = _names(list(existing.values()))
    for what, text in (("name", c.name), ("ISO code", c.iso2), ("ISO code", c.iso3)):
        owners = [s for s in names.get(normalise(text), []) if s != c.slug]
        if owners:
            raise UsageError(f"the {what} {brief(text)} is already used by {owners[0]}", hint="new-year")
    target = root / "countries" / c.slug / f"{c.year}.yaml"
    write_profile(root, target, skeleton_text(checklist, c))
    _, problems = read_profile(target, checklist)
    if problems:  # never leave a profile validate would refuse
        target.unlink()
        if not any(target.parent.iterdir()):
            target.parent.rmdir()
        raise DataError(problems)
    schema_path = root / SCHEMA_FILE
    written = None
    if not schema_path.exists():
        write_text_atomic(schema_path, schema_text(checklist))
        written = schema_path
    return target, written
