"""Round 2 of the hardening (issue 16): the shared mechanisms themselves, where the corpus
(``cases.py``) cannot reach them through the command line."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from legalcheck.errors import Problem, escape_control, problem_lines
from legalcheck.output import check_target
from legalcheck.errors import OutputError

from ..conftest import Cli
from .cases import GOOD


def test_xlsx_clean_removes_every_character_xml_forbids(tmp_path: Path):
    """U+FFFE, U+FFFF, lone surrogates and C0 controls would make a workbook Excel cannot open;
    tab, newline and CR are allowed by XML and kept."""
    from openpyxl import Workbook, load_workbook

    from legalcheck.render.xlsx.safe import clean, put

    hostile = "A\ufffeB\uffffC\ud800D\udfffE\x0bF\x00G\tH\nI"
    assert clean(hostile) == "ABCDEFG\tH\nI"
    wb = Workbook()
    put(wb.active, 1, 1, hostile)
    wb.save(tmp_path / "t.xlsx")
    assert load_workbook(tmp_path / "t.xlsx").active["A1"].value == "ABCDEFG\tH\nI"


def test_problem_text_is_escaped_and_cut_at_one_boundary():
    """A file name, key or message with ESC, a newline or a bidi override is printed escaped, and a
    huge field path is cut: nothing in a problem line can drive a terminal or flood a log."""
    p = Problem("countries/te\x1b[2Jst/2024.yaml", 3, 1, "k" * 5000, "unknown field '\x1b]0;owned\x07'\n\u202e")
    text = str(p)
    assert "\x1b" not in text and "\x07" not in text and "\n" not in text and "\u202e" not in text
    assert "te\\x1b[2Jst" in text and "\\x07" in text and "\\u202e" in text
    assert len(p.field) <= 101
    assert escape_control("Côte d'Ivoire, 日本語") == "Côte d'Ivoire, 日本語"  # text is not touched


def test_problems_are_capped_per_file_with_a_count():
    problems = [Problem("a.yaml", i, 1, "", "m") for i in range(1, 80)] + [Problem("b.yaml", 1, 1, "", "m")]
    lines = problem_lines(problems)
    assert len(lines) == 50 + 1 + 1
    assert lines[50] == "a.yaml: and 29 more problems in this file (fix these and run again)"
    assert lines[51] == "b.yaml:1:1: m"


def test_an_unreadable_country_folder_is_invalid_data_not_a_crash(repo: Path, monkeypatch):
    """A country folder legalcheck may not list (no read permission) is one problem line, exit 4,
    in every command; never 'internal error' (exit 70)."""
    (repo / "countries" / "testland").mkdir()
    (repo / "countries" / "testland" / "2024.yaml").write_text(GOOD, encoding="utf-8")
    locked = repo / "countries" / "locked"
    locked.mkdir()
    if os.geteuid() == 0:  # root may read anything: make listing this folder fail as it does for a user
        real = os.listdir

        def listdir(path="."):
            if Path(path) == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "listdir", listdir)
    else:
        locked.chmod(0)
    try:
        for args in (("countries",), ("validate",), ("assess", "Testland")):
            r = Cli(repo)(*args)
            assert r.exit_code == 4, (args, r.stderr)
            assert "countries/locked: cannot read the folder (permission denied)" in r.stderr
            assert "internal error" not in r.stderr
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize("name", ["out.json/", "out.json" + os.sep])
def test_a_trailing_slash_is_refused_in_the_library_too(tmp_path: Path, name: str):
    (tmp_path / "out.json").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match="names a folder"):
        check_target(f"{tmp_path}/{name}")
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == "keep"
