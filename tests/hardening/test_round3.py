"""Round 3 of the hardening (the questionnaire round trip, init, new-country): the shared mechanisms
themselves, where the corpus (``cases.py``) cannot reach them through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from legalcheck import Repository
from legalcheck.errors import Problem, problem_lines

from . import workbooks as wbk
from .cases import GOOD


def _interrupt_partial_writes(monkeypatch) -> None:
    """Make every write of a temporary '.partial' file write half its text, then be interrupted."""
    real = Path.write_text

    def half_then_ctrl_c(self: Path, text: str, *args, **kwargs):
        if self.name.endswith(".partial"):
            real(self, text[: len(text) // 2], *args, **kwargs)
            raise KeyboardInterrupt
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", half_then_ctrl_c)


def test_an_interrupted_import_leaves_the_profile_as_it_was(repo: Path, tmp_path: Path, monkeypatch):
    wbk.questionnaire(wbk.answer("grooming", "criminalised", "yes"))(repo, tmp_path)
    target = repo / "countries" / "testland" / "2024.yaml"
    before = target.read_bytes()
    result = Repository(repo).read_questionnaire(tmp_path / "q.xlsx")
    assert result.problems == [] and result.changed
    _interrupt_partial_writes(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        Repository(repo).save_import(result)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["2024.yaml"], "a temporary file was left behind"


def test_an_interrupted_import_of_a_new_country_leaves_no_folder(repo: Path, tmp_path: Path, monkeypatch):
    wbk.questionnaire(profile=False)(repo, tmp_path)
    result = Repository(repo).read_questionnaire(tmp_path / "q.xlsx")
    assert result.problems == [] and result.created
    _interrupt_partial_writes(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        Repository(repo).save_import(result)
    assert list((repo / "countries").iterdir()) == []


def test_the_interruption_is_real(repo: Path, tmp_path: Path):
    """Without the interruption the same import writes the profile (so the tests above can fail)."""
    wbk.questionnaire(wbk.answer("grooming", "criminalised", "yes"))(repo, tmp_path)
    result = Repository(repo).read_questionnaire(tmp_path / "q.xlsx")
    Repository(repo).save_import(result)
    text = (repo / "countries" / "testland" / "2024.yaml").read_text(encoding="utf-8")
    assert text != GOOD and "value: true" in text


def test_a_workbook_s_problems_are_capped_together():
    """Cells of one workbook are each their own 'file' (Sheet!Cell): the cap counts them together."""
    problems = [Problem(f"Sources!A{r}", None, None, "", "required field 'title' is missing") for r in range(2, 102)]
    lines = problem_lines(problems, within="q.xlsx")
    assert len(lines) == 51
    assert lines[-1] == "q.xlsx: and 50 more problems in this file (fix these and run again)"
    assert len(problem_lines(problems)) == 100  # per file, each cell would pass the cap
