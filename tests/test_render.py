"""The renderer registry and the shared text module (render/__init__.py, render/text.py)."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from legalcheck import Repository
from legalcheck.render import FORMATS, RENDERERS, formats, renderer

RENDER = Path(importlib.import_module("legalcheck.render").__file__).parent


@pytest.mark.parametrize("key", sorted(RENDERERS))
def test_every_registered_renderer_exists_in_its_formats_folder(key):
    result_type, fmt = key
    module, _, name = RENDERERS[key].partition(":")
    assert fmt in FORMATS
    assert module.startswith(f"legalcheck.render.{ {'table': 'terminal'}.get(fmt, fmt)}")
    assert callable(getattr(importlib.import_module(module), name))


def test_formats_offered_are_those_registered_for_every_result():
    assert formats("Assessment") == ("json", "markdown", "table")
    assert formats("Matrix") == ("json", "markdown", "csv", "xlsx", "table")
    assert formats("CountryDiff", "RegionDiff") == ("json", "markdown", "xlsx", "table")
    assert formats("CoverageReport") == ("json", "table")


def test_any_result_is_written_in_any_of_its_formats(tmp_path):
    from legalcheck.render import as_text, write

    m = Repository().matrix("saievac", indicators=["grooming"])
    assert write(m, "csv", tmp_path / "m.csv").read_text(encoding="utf-8") == as_text(m, "csv")
    import openpyxl

    book = openpyxl.load_workbook(write(m, "xlsx", tmp_path / "m.xlsx"))
    assert book.sheetnames == ["Matrix", "Details", "Summary", "About"]
    with pytest.raises(LookupError, match="file format"):
        as_text(m, "xlsx")


def test_lookup_is_by_the_results_type():
    a = Repository().assess("nepal", 2022)
    assert json.loads(renderer(a, "json")(a))["country"]["slug"] == "nepal"
    with pytest.raises(LookupError, match="no csv renderer for Assessment"):
        renderer(a, "csv")


def test_the_shared_text_module_imports_neither_rich_nor_openpyxl():
    tree = ast.parse((RENDER / "text.py").read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(x.split(".")[0] in ("rich", "openpyxl") for x in names), names
    code = "import sys, legalcheck.render.text; print(sorted(m for m in ('rich', 'openpyxl') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_excel_is_imported_by_the_xlsx_folder_only():
    for path in RENDER.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for library in ("openpyxl", "xlsxwriter"):
            assert path.parent.name == "xlsx" or f"import {library}" not in text and f"from {library}" not in text, path


def test_the_sources_line_is_one_function_for_every_format():
    a = Repository().assess("nepal", 2022)
    from legalcheck.render.text import source_record

    line = source_record(a.sources[0])
    assert line in renderer(a, "markdown")(a)
    from legalcheck.render import as_text

    assert line.split(" — ")[0] in as_text(a)


def test_a_sentence_names_a_source_by_publisher_and_title_never_by_id():
    """The regional findings name a source as a reader knows it: the title before its subtitle, and
    who published it unless the title already says so."""
    from legalcheck.model import source_short

    nepal = {s.id: s for s in Repository().assess("nepal", 2022).sources}
    assert source_short(nepal["consultation-2022"]) == (
        "ECPAT International’s “Strengthening Responses to Sexual Exploitation of Children in Asia”")
    news = nepal["ecpat-news-nepal-2020"]
    assert source_short(news) == f"“{news.title}”" and news.publisher in news.title


def test_writing_a_workbook_never_imports_rich_or_openpyxl(tmp_path):
    """The shared text lives in render/text.py, not in the terminal renderer: Excel needs no Rich. The
    matrix workbook is streamed with XlsxWriter: openpyxl (~100 ms to import) is not loaded."""
    code = ("import sys, json; from typer.testing import CliRunner; from legalcheck.cli import app; "
            f"r = CliRunner().invoke(app, ['matrix', 'saievac', '--xlsx', {str(tmp_path / 'm.xlsx')!r}]); "
            "print(json.dumps([r.exit_code, sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'openpyxl'})]))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert json.loads(p.stdout) == [0, []], p.stderr
