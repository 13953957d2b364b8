"""The README gets a newcomer from nothing to a matrix on a few screens; the user guide and the
engineering pages beside it hold the rest, and every link between them resolves (issue 15)."""

from __future__ import annotations

import re

import pytest

from legalcheck.cli import COMMANDS
from legalcheck.render.brief import ABBREVIATIONS

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
PAGES = ["README.md"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))


def test_the_readme_fits_on_a_few_screens():
    assert len(README.splitlines()) < 110 and len(README) < 8000
    for heading in ("## Install", "## Quick start", "## Five everyday tasks", "## Where the data comes from"):
        assert heading in README


def test_the_quick_start_puts_legalcheck_on_the_path_and_the_tests_run_with_uv():
    blocks = re.findall(r"```sh\n(.*?)```", README.split("## Quick start", 1)[1], re.S)
    install, tests = blocks[0].strip(), blocks[1].strip()
    assert "uv tool install ." in install and 'PATH="$(uv tool dir --bin):$PATH"' in install
    assert install.endswith("legalcheck assess nepal") and "\n" not in install  # one command
    assert tests == "uv run pytest"
    for way in ("uv tool install .", "pipx install .", "uv run legalcheck"):
        assert way in README.split("## Install", 1)[1].split("## Quick start")[0]


def test_the_everyday_tasks_are_real_commands(cli, tmp_path):
    block = re.search(r"```sh\n(.*?)```", README.split("## Five everyday tasks", 1)[1], re.S).group(1)
    commands = [line.split("#")[0].split() for line in block.strip().splitlines()]
    assert len(commands) == 5
    for argv in commands:
        assert argv[0] == "legalcheck" and argv[1] in COMMANDS
        argv = [str(tmp_path / a) if a.endswith((".md", ".xlsx")) else a for a in argv[1:]]
        r = cli(*argv)
        assert r.exit_code == 0, (argv, r.stderr)


@pytest.mark.parametrize("page", PAGES)
def test_every_relative_link_resolves(page):
    text = re.sub(r"`[^`\n]*`", "", (ROOT / page).read_text(encoding="utf-8"))  # code is not a link
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert ((ROOT / page).parent / target).exists(), f"{page}: broken link {target}"


def test_the_user_guide_lists_every_command():
    for name in COMMANDS:
        assert f"`legalcheck {name}" in GUIDE, name


def test_the_glossary_explains_the_terms_and_every_abbreviation_a_brief_uses():
    glossary = GUIDE.split("## Glossary", 1)[1]
    for term in ("**Not yet assessed** (NYA", "**No data** (ND)", "**Published rubric**", "**Derived rubric**"):
        assert term in glossary
    for abbreviation in ABBREVIATIONS:
        assert f"**{abbreviation}**" in glossary, abbreviation
