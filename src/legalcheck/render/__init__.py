"""Renderers, organised by format, and the one registry of which result each format can show.

Layout: one folder per format (``terminal/``, ``markdown/``, ``json/``, ``csv/``, ``xlsx/``), one
module per subject inside it, and ``text.py``: the plain text every format shares (labels,
symbols, badges, legends, citation and source lines, the sentences of a diff). Renderers do no I/O
of their own beyond what they are handed:

* ``table`` (the terminal): ``fn(result, console, **options) -> None`` prints on a Rich Console;
* text formats (``json``, ``markdown``, ``csv``): ``fn(result, **options) -> str``;
* file formats (``xlsx``): ``fn(result, path, **options) -> None`` saves to ``path`` (a temporary
  file that ``output.write_atomic`` renames into place).

``RENDERERS`` maps (result type, format) to ``"module:function"``; modules are imported only when
used, so listing the formats a command offers imports neither Rich nor openpyxl. A command's
``--format`` choices come from ``formats(...)``, so a combination that is not registered cannot be
asked for. Adding a format = a new folder + its rows here + its entry in ``FORMATS``.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from ..records import record

Kind = Literal["console", "text", "file", "directory"]


@record
class Format:
    name: str  # the --format value
    words: str  # how a message names it: 'JSON', 'plain text'
    suffixes: tuple[str, ...]  # file names it writes (the first is the usual one)
    kind: Kind
    # A directory format: the file, and the text near its start, that mark a directory it wrote (so
    # an earlier one may be replaced, and anything else never is).
    signature: tuple[str, str] | None = None


# In the order messages list them; the terminal table last (it is the default).
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "JSON", (".json",), "text"),
        Format("markdown", "Markdown", (".md", ".markdown"), "text"),
        Format("csv", "CSV", (".csv",), "text"),
        Format("xlsx", "Excel", (".xlsx",), "file"),
        Format("html", "web report", (), "directory", ("index.html", '<meta name="generator" content="legalcheck ')),
        Format("datapackage", "data package", (), "directory", ("datapackage.json", '"name": "legalcheck-assessments"')),
        Format("table", "plain text", (".txt",), "console"),
    )
}
# File types that no format writes: a name like these is refused rather than filled with text.
FOREIGN_SUFFIXES = (".xlsm", ".xls", ".ods", ".pdf", ".docx", ".doc", ".odt", ".html", ".htm", ".rtf")

_JSON = "legalcheck.render.json:dumps"

# (result type name, format) -> "module:function". The result types are those of the library
# (``Repository`` returns them); the names are the classes' own.
RENDERERS: dict[tuple[str, str], str] = {
    ("Assessment", "table"): "legalcheck.render.terminal.assessment:render_assessment",
    ("Assessment", "json"): _JSON,
    ("Assessment", "markdown"): "legalcheck.render.markdown.assessment:assessment_markdown",
    ("GapReport", "table"): "legalcheck.render.terminal.coverage:render_gaps",
    ("GapReport", "json"): _JSON,
    ("GapReport", "markdown"): "legalcheck.render.markdown.gaps:gaps_markdown",
    ("CoverageReport", "table"): "legalcheck.render.terminal.coverage:render_countries",
    ("CoverageReport", "json"): _JSON,
    ("CountryDiff", "table"): "legalcheck.render.terminal.diff:render_country_diff",
    ("CountryDiff", "json"): _JSON,
    ("CountryDiff", "markdown"): "legalcheck.render.markdown.diff:country_diff_markdown",
    ("CountryDiff", "xlsx"): "legalcheck.render.xlsx.diff:write_country_diff",
    ("RegionDiff", "table"): "legalcheck.render.terminal.diff:render_region_diff",
    ("RegionDiff", "json"): _JSON,
    ("RegionDiff", "markdown"): "legalcheck.render.markdown.diff:region_diff_markdown",
    ("RegionDiff", "xlsx"): "legalcheck.render.xlsx.diff:write_region_diff",
    ("Matrix", "table"): "legalcheck.render.terminal.matrix:render_matrix",
    ("Matrix", "json"): _JSON,
    ("Matrix", "markdown"): "legalcheck.render.markdown.matrix:matrix_markdown",
    ("Matrix", "csv"): "legalcheck.render.csv:matrix_csv",
    ("Matrix", "xlsx"): "legalcheck.render.xlsx.matrix:write_workbook",
    ("RegionalSummary", "table"): "legalcheck.render.terminal.matrix:render_regional_summary",
    ("RegionalSummary", "json"): _JSON,
    ("RegionalSummary", "markdown"): "legalcheck.render.markdown.matrix:summary_markdown",
    ("Checklist", "table"): "legalcheck.render.terminal.checklist:render_checklist",
    ("Checklist", "json"): "legalcheck.render.json:checklist_json",
    ("Indicator", "table"): "legalcheck.render.terminal.checklist:render_indicator",
    ("Indicator", "json"): "legalcheck.render.json:indicator_json",
    ("RegionListing", "table"): "legalcheck.render.terminal.regions:render_regions",
    ("RegionListing", "json"): "legalcheck.render.json:regions_json",
    ("Validation", "table"): "legalcheck.render.terminal.validation:render_validation",
    ("Validation", "json"): "legalcheck.render.json:validation_json",
    ("ProfileSchema", "json"): "legalcheck.render.json:profile_schema_json",
    ("ProfileSchema", "markdown"): "legalcheck.render.markdown.field_reference:field_reference_markdown",
    ("Questionnaire", "xlsx"): "legalcheck.render.xlsx.questionnaire:write_questionnaire",
    # Directory formats: fn(result, **options) -> {relative path: text}; commands.common.show writes them.
    ("Report", "html"): "legalcheck.render.html:render_site",
    ("AssessmentSet", "datapackage"): "legalcheck.render.datapackage:datapackage_files",
}


# Text formats of results that can be large (a regional diff of 2,000 countries), also given in
# pieces: (result type, format) -> "module:function" giving the text of the RENDERERS function in
# pieces, made as they are asked for, so printing or saving it never holds it whole.
PIECES: dict[tuple[str, str], str] = {
    ("RegionDiff", "json"): "legalcheck.render.json:region_diff_chunks",
    ("Matrix", "json"): "legalcheck.render.json:matrix_chunks",
    ("RegionDiff", "markdown"): "legalcheck.render.markdown.diff:region_diff_chunks",
}


def pieces(result: Any, format: str, **options: Any) -> Iterator[str]:
    """The text of ``result`` in the text format ``format`` (as ``as_text`` gives it), in pieces."""
    key = (type(result).__name__, format)
    if key not in PIECES:
        yield as_text(result, format, **options)
        return
    module, _, name = PIECES[key].partition(":")
    yield from call(getattr(importlib.import_module(module), name), result, **options)


def formats(*result_types: str) -> tuple[str, ...]:
    """The formats every one of ``result_types`` can be rendered in, in ``FORMATS`` order."""
    return tuple(f for f in FORMATS if all((t, f) in RENDERERS for t in result_types))


def renderer(result: Any, format: str) -> Callable[..., Any]:
    """The function that renders ``result`` (an instance of a registered type) in ``format``."""
    key = (type(result).__name__, format)
    if key not in RENDERERS:
        raise LookupError(f"no {format} renderer for {type(result).__name__}")
    module, _, name = RENDERERS[key].partition(":")
    return getattr(importlib.import_module(module), name)


TEXT_WIDTH = 100  # columns of a terminal table rendered as text (``as_text``, ``-o FILE``)


def as_text(result: Any, format: str = "table", width: int = TEXT_WIDTH, **options: Any) -> str:
    """``result`` as text in ``format``: what the command prints, for a notebook or a file. The
    terminal table comes as plain text (no colour) ``width`` columns wide."""
    fn = renderer(result, format)
    kind = FORMATS[format].kind
    if kind == "text":
        return call(fn, result, **options)
    if kind == "file":
        raise LookupError(f"{FORMATS[format].words} is a file format: use write(result, {format!r}, path)")
    if kind == "directory":
        raise LookupError(f"a {FORMATS[format].words} is a directory of files: renderer(result, {format!r})(result) gives them")
    import io

    from .safety import make_console

    buffer = io.StringIO()
    call(fn, result, make_console(file=buffer, width=width, no_color=True, color_system=None,
                                  force_terminal=False), **options)
    return buffer.getvalue()


def write(result: Any, format: str, path: Path, data_root: Path | None = None, **options: Any) -> Path:
    """Write ``result`` in ``format`` to ``path``, whole or not at all (``output.write_atomic``), never
    into ``data_root``'s data. Returns the path written. A directory format (the web report, the data
    package) writes the directory ``path`` (``output.write_tree_atomic``)."""
    from ..output import write_atomic, write_text_atomic

    if FORMATS[format].kind == "directory":
        from ..output import write_tree_atomic

        f = FORMATS[format]
        return write_tree_atomic(path, call(renderer(result, format), result, **options), f.signature, f.words,
                                 data_root=data_root)
    if FORMATS[format].kind == "file":
        fn = renderer(result, format)
        # In a folder of its own: a workbook keeps its sheets' rows in files beside it while it is
        # written (``xlsx.book.Book``), removed with that folder however the run ends.
        return write_atomic(path, lambda tmp: call(fn, result, tmp, **options), data_root=data_root, folder=True)
    if FORMATS[format].kind == "text":
        def save(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8") as f:  # as Path.write_text writes
                for piece in pieces(result, format, **options):
                    f.write(piece)

        return write_atomic(path, save, data_root=data_root)
    return write_text_atomic(path, as_text(result, format, **options), data_root=data_root)


def call(fn: Callable[..., Any], *args: Any, **options: Any) -> Any:
    """Call a renderer with the options it takes (``show_all``, ``generated_at``, ...), ignoring the rest."""
    params = inspect.signature(fn).parameters
    return fn(*args, **{k: v for k, v in options.items() if k in params})
