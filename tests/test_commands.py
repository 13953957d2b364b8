"""What every command shares (commands/common.py): --format choices from the registry, and one
--output with one file-name check, for every command that prints."""

from __future__ import annotations

import json

import openpyxl
import pytest

from .conftest import Cli

# Every command that prints, with arguments that succeed on the bundled data.
PRINTING = {
    "assess": ["assess", "nepal"],
    "gaps": ["gaps", "nepal"],
    "countries": ["countries"],
    "diff": ["diff", "nepal"],
    "matrix": ["matrix", "saievac"],
    "summary": ["summary", "saievac"],
    "regions": ["regions"],
    "checklist": ["checklist"],
    "explain": ["explain", "grooming"],
    "validate": ["validate"],
}


@pytest.mark.parametrize("name", sorted(PRINTING))
def test_every_printing_command_writes_json_to_a_file_as_it_prints_it(name, cli, tmp_path):
    args = PRINTING[name]
    shown = cli(*args, "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    target = tmp_path / f"{name}.json"
    r = cli(*args, "-o", str(target))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and r.stderr == f"Wrote {target}\n"
    assert target.read_text(encoding="utf-8") == shown.stdout
    json.loads(shown.stdout)


@pytest.mark.parametrize("name", sorted(PRINTING))
def test_every_printing_command_writes_its_table_as_plain_text(name, cli, tmp_path):
    target = tmp_path / f"{name}.txt"
    r = cli(*PRINTING[name], "-o", str(target), env={"FORCE_COLOR": "1"})
    assert r.exit_code == 0, r.stderr
    text = target.read_text(encoding="utf-8")
    assert text.strip() and "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 100


@pytest.mark.parametrize(("args", "name", "message"), [
    (["assess", "nepal"], "nepal.xlsx", "assess writes JSON (.json), Markdown (.md) or plain text (.txt), not .xlsx files"),
    (["countries"], "c.md", "countries writes JSON (.json) or plain text (.txt), not .md files"),
    (["summary", "saievac"], "s.csv", "summary writes JSON (.json), Markdown (.md) or plain text (.txt), not .csv files"),
    (["matrix", "saievac"], "m.pdf", "matrix writes JSON (.json), Markdown (.md), CSV (.csv), Excel (.xlsx) or plain text (.txt), not .pdf files"),
    (["matrix", "saievac", "--format", "csv"], "m.xlsx", "an Excel workbook needs a name ending in .xlsx"),
    (["matrix", "saievac", "--format", "xlsx"], "m.txt", "an Excel workbook needs a name ending in .xlsx"),
    (["matrix", "saievac", "--xlsx"], "m.csv", "--xlsx {tmp}/m.csv: give a file name ending in .xlsx"),
])
def test_one_file_name_check_for_every_command(cli, tmp_path, args, name, message):
    target = tmp_path / name
    r = cli(*args, *([] if args[-1] == "--xlsx" else ["-o"]), str(target))
    assert r.exit_code == 2, r.stderr
    assert message.replace("{tmp}", str(tmp_path)) in r.stderr
    assert not target.exists()


def test_the_format_follows_the_file_name(cli, tmp_path):
    assert cli("matrix", "saievac", "-o", str(tmp_path / "m.csv")).exit_code == 0
    assert (tmp_path / "m.csv").read_text(encoding="utf-8").startswith("country,slug,iso3,")
    assert cli("gaps", "nepal", "-o", str(tmp_path / "brief.md")).exit_code == 0
    assert (tmp_path / "brief.md").read_text(encoding="utf-8").startswith("# Nepal: gaps in the law")
    r = cli("matrix", "saievac", "-o", str(tmp_path / "m.xlsx"))
    assert r.exit_code == 0, r.stderr
    assert openpyxl.load_workbook(tmp_path / "m.xlsx").sheetnames == ["Matrix", "Details", "Summary", "About"]


@pytest.mark.parametrize(("args", "bad"), [
    (["assess", "nepal"], "csv"),
    (["gaps", "nepal"], "xlsx"),
    (["countries"], "markdown"),
    (["diff", "nepal"], "csv"),
])
def test_format_choices_come_from_the_registry(cli, args, bad):
    r = cli(*args, "--format", bad)
    assert r.exit_code == 2 and bad in r.stderr


def test_an_excel_format_needs_a_file(cli):
    r = cli("matrix", "saievac", "--format", "xlsx")
    assert r.exit_code == 2 and "give --output FILE.xlsx" in r.stderr


def test_errors_get_the_command_lines_advice():
    r = Cli()("explain", "groming")
    assert r.exit_code == 3
    assert r.stderr == "error: unknown indicator 'groming' (did you mean 'grooming'?). Run 'legalcheck checklist' to list them.\n"


# Every command that names the file or folder it wrote repeats a path from the command line: a
# path holding terminal control (ESC) must be shown escaped, never as control, on stdout or stderr.
WROTE = {
    "matrix --xlsx": lambda out: ["matrix", "saievac", "--xlsx", str(out) + ".xlsx"],
    "diff --xlsx": lambda out: ["diff", "nepal", "--xlsx", str(out) + ".xlsx"],
    "assess -o": lambda out: ["assess", "nepal", "-o", str(out) + ".json"],
    "export": lambda out: ["export", "--datapackage", str(out)],
    "report": lambda out: ["report", "saievac", "--html", str(out)],
}


@pytest.mark.parametrize("name", sorted(WROTE))
def test_a_written_path_is_named_escaped(name, cli, tmp_path):
    out = tmp_path / "a\x1b[31mb"
    r = cli(*WROTE[name](out))
    assert r.exit_code == 0, r.stderr
    said = r.stdout + r.stderr
    assert "\x1b" not in said and "a\\x1b[31mb" in said
