"""Help and messages in plain words (issue 15): no Python types in help, no pydantic wording in
errors, switches that look like switches, tables that fit 80 columns without cutting ids short,
indicators found as countries are (by id, short name or title), progress only on a terminal."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from legalcheck.cli import COMMANDS
from legalcheck.commands.progress import Reporter
from legalcheck.commands.words import reflow

from .conftest import ROOT, Cli, profile

W80 = {"COLUMNS": "80", "NO_COLOR": "1"}
PYTHON_WORDS = re.compile(r"<(bool|str|int|float|Path|list\[[^>]*\])>|\bBOOLEAN\b|\bINTEGER\b")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_names_no_python_type_and_switches_take_no_value(cli, command):
    r = cli(*([command] if command else []), "--help", env=W80)
    assert r.exit_code == 0, r.stderr
    assert not PYTHON_WORDS.search(r.stdout), PYTHON_WORDS.search(r.stdout)
    for line in r.stdout.splitlines():
        if re.search(r"│ (--debug|--version|--all|--fail-on-regression|--skip-unassessed|--help)\b", line):
            assert not re.search(r"--[\w-]+\s+(?:-\w\s+)?(TEXT|FILE|NUMBER|YEAR)\b", line), line


def test_help_paragraphs_are_reflowed_not_ragged(cli):
    doc = COMMANDS["countries"].__doc__
    text = reflow(doc)
    first = text.split("\n\n")[0]
    assert "\n" not in first and first.startswith("List every country profile")
    examples = [p for p in text.split("\n\n") if p.startswith("  legalcheck")]
    assert examples, "example lines keep their own line breaks and indentation"
    out = cli("--help", env=W80).stdout
    # Before: 'how many indicators are' ended a line of 60 columns, the rest on the next.
    assert not any(line.rstrip(" │").endswith("how many indicators are") for line in out.splitlines())
    body = [line for line in cli("matrix", "--help", env=W80).stdout.splitlines()[:12] if line.strip()]
    assert not any(line.strip() in ("is shown as", "uses its latest") or line.rstrip().endswith("is shown as")
                   for line in body)


def test_shell_completion_is_offered(cli):
    out = cli("--help", env=W80).stdout
    assert "--install-completion" in out and "--show-completion" in out


@pytest.mark.parametrize("argv, words", [
    (("assess", "nepal", "--year", "abc"), "'abc' is not a whole number"),
    (("matrix", "saievac", "--year", "x"), "'x' is not a whole number"),
    (("assess", "nepal", "--format", "xml"), "'xml' is not one of the choices: json, markdown or table"),
])
def test_argument_errors_in_plain_words(cli, argv, words):
    r = cli(*argv, env=W80)
    assert r.exit_code == 2
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", r.stderr).split())
    assert words in text
    assert "Value error" not in text and "unable to parse" not in text and "Input should be" not in text


@pytest.mark.parametrize("argv, line", [
    (("assess", "nepal", "--format", "xml"),
     "error: invalid value for --format: 'xml' is not one of the choices: json, markdown or table "
     "(see 'legalcheck assess -h')"),
    (("matrix", "saievac", "-f", "pdf"),
     "error: invalid value for --format: 'pdf' is not one of the choices: json, markdown, csv, xlsx or table "
     "(see 'legalcheck matrix -h')"),
    (("assess", "nepal", "--bogus"), "error: no such option: --bogus (see 'legalcheck assess -h')"),
    (("assess",), "error: missing argument COUNTRY (see 'legalcheck assess -h')"),
    (("asess", "nepal"), "error: no such command 'asess'. Did you mean 'assess'? (see 'legalcheck -h')"),
])
def test_a_command_line_mistake_is_one_line_like_every_other_usage_error(cli, argv, line):
    """Before: Typer's boxed panel under a usage line, on five lines."""
    r = cli(*argv, env=W80)
    assert r.exit_code == 2
    assert r.stderr == line + "\n"
    assert r.stdout == ""


def test_a_switch_given_a_value_is_explained(cli):
    r = cli("diff", "nepal", "--all", "true")
    assert r.exit_code == 2
    assert "FROM 'true' is not a year" in r.stderr and "switches: write them alone" in r.stderr


@pytest.mark.parametrize("query, found", [
    ("csam", "csam-definition"), ("age of consent", "age-of-consent"), ("CSAM def.", "csam-definition"),
    ("Criminalising grooming of children for sexual purposes", "grooming"), ("Age-Of-Consent", "age-of-consent"),
    ("extradition", "extradition"), ("live streaming", "live-streaming"),
])
def test_explain_finds_an_indicator_by_id_short_name_or_title(cli, query, found):
    r = cli("explain", query, "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["id"] == found


def test_explain_suggests_and_refuses_a_guess_between_several(cli):
    r = cli("explain", "groming")
    assert r.exit_code == 3 and "did you mean 'grooming'?" in r.stderr
    r = cli("explain", "extra")
    assert r.exit_code == 3 and "extraterritorial-jurisdiction, extradition" in r.stderr


def test_explain_keeps_the_values_of_an_in_list(cli):
    out = " ".join(cli("explain", "age-of-consent", env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout.split())
    assert "exemption is one of [close_in_age, similar_age_defence]" in out


def test_checklist_fits_80_columns_with_every_id_whole(cli, checklist):
    out = cli("checklist", env=W80).stdout
    lines = out.splitlines()
    assert max(len(x) for x in lines) <= 80 and "…" not in out
    assert len(lines) < 60
    for ind in checklist.indicators:
        assert re.search(rf"│ {re.escape(ind.id)}\s+│", out), ind.id
        assert ind.title in " ".join(re.sub(r"[│┃]", " ", out).split())


@pytest.mark.parametrize("command", ["assess", "gaps"])
def test_assess_and_gaps_at_80_columns_keep_ids_whole_and_the_score_on_one_line(cli, checklist, command):
    out = cli(command, "nepal", "--year", "2022", env=W80).stdout
    assert max(len(x) for x in out.splitlines()) <= 80 and "…" not in out
    for ind in checklist.indicators:
        if ind.id != "double-criminality" or command == "assess":  # Nepal 2022 meets it: not a gap
            assert re.search(rf"│ {re.escape(ind.id)}\s+│", out), ind.id
    lines = out.splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith(("Score ", "No score: ")))
    assert lines[at + 1].startswith("Sources") or lines[at + 1].startswith("Laws may")  # the score line is whole


def test_not_yet_assessed_is_not_na(cli):
    out = cli("matrix", "consultation-2022", env=W80).stdout
    assert "? NYA = Not yet assessed" in " ".join(out.split())
    assert "? NA " not in out


def test_regional_sentences_count_right(repo, tmp_path):
    (repo / "regions.yaml").write_text(
        "countries:\n  testland: {name: Testland, iso3: TLD}\n  otherland: {name: Otherland, iso3: OTL}\n"
        "regions:\n  - id: pair\n    name: Pair\n    members: [testland, otherland]\n", encoding="utf-8")
    profile(repo, "grooming:\n  facts:\n    criminalised: {value: true, citation: {source: src}}\n")
    text = " ".join(Cli(repo)("summary", "pair", env=W80).stdout.split())
    assert "1 of the 2 countries has a profile" in text
    other = profile(repo, "grooming:\n  facts:\n    criminalised: {value: false, citation: {source: src}}\n", slug="otherland")
    other.write_text(other.read_text(encoding="utf-8").replace("Testland", "Otherland").replace("TLD", "OTL")
                     .replace("iso2: TL", "iso2: OL"), encoding="utf-8")
    text = " ".join(Cli(repo)("summary", "pair", env=W80).stdout.split())
    assert "Both countries have a profile." in text and "All 2" not in text


def test_countries_whose_profile_assesses_nothing_are_not_counted_as_analysed(cli):
    text = " ".join(cli("summary", "saievac", "--year", "2024", env=W80).stdout.split())
    assert "Of the 7 countries analysed" in text and "Of the 8 countries analysed" not in text
    assert "Not counted: Afghanistan, whose profile assesses nothing yet." in text


def test_quoted_true_is_told_to_lose_its_quotes(repo):
    profile(repo, "grooming:\n  facts:\n    criminalised: {value: 'true', citation: {source: src}}\n")
    r = Cli(repo)("validate")
    assert r.exit_code == 4
    assert "expected true or false, got 'true' (remove the quotes" in r.stderr


def test_validate_a_missing_path_is_a_usage_error(cli):
    r = cli("validate", "/nonexistent/profile.yaml")
    assert r.exit_code == 2
    assert r.stderr == "error: no such file or folder: /nonexistent/profile.yaml\n"


def test_a_read_only_disk_is_not_called_permission_denied(tmp_path):
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a read-only file system here")
    try:
        r = Cli()("assess", "nepal", "-o", str(mount / "nepal.md"))
        assert r.exit_code == 5
        assert "is on a read-only disk" in r.stderr and "permission denied" not in r.stderr
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_progress_is_drawn_on_a_terminal_after_a_moment():
    from rich.console import Console

    buffer = io.StringIO()
    bar = Reporter(Console(file=buffer, force_terminal=True, width=80), delay=0)
    for i in range(1, 4):
        bar("Checking profiles", i, 3)
    assert "Checking profiles" in buffer.getvalue()
    quick = io.StringIO()
    bar = Reporter(Console(file=quick, force_terminal=True, width=80), delay=60)
    for i in range(1, 4):
        bar("Checking profiles", i, 3)
    assert quick.getvalue() == ""  # work shorter than the delay draws nothing


def test_no_progress_when_stderr_is_not_a_terminal(cli):
    r = cli("validate")
    assert r.exit_code == 0 and r.stderr == ""
    assert Path(ROOT).is_dir()


VALUES = ["2024", "007", "0", "1", "abc", "", " 5", "5 ", "-1", "+3", "1_000", "1.0", "\u0661\u0662", "9" * 18,
          "9" * 25, "json", "JSON", "table", "markdown", "xlsx", "nepal", "/tmp", "out.json", "dir/", "-",
          "a\x00b", "~/x", True, False, ("countries/nepal/2022.yaml", "x.yaml"), ["a", "b\x00"], ("a", 1)]


def test_plain_values_are_converted_as_typers_own_converter_converts_them(tmp_path, monkeypatch):
    """words converts a plain value of a plain type without pydantic: for every parameter of every
    command, what it gives is what Typer's converter gives (a value it is unsure of goes to Typer's)."""
    import typer
    from typer import _coercion
    from typer._click import Context

    from legalcheck.cli import app
    from legalcheck.commands import words

    monkeypatch.chdir(tmp_path)
    group = typer.main.get_command(app)
    commands = [group, *group.commands.values()]
    handled = set()
    for cmd in commands:
        ctx = Context(cmd)
        for param in cmd.params:
            desc = getattr(param, "type_descriptor", None)
            plain = words._plain_converter(desc) if desc is not None else None
            if plain is None:
                continue
            typers = _coercion.build_runtime_param(desc)
            for value in VALUES:
                try:
                    got = plain(value, param, ctx)
                except Exception as e:  # noqa: BLE001 - Typer must raise the very same
                    with pytest.raises(type(e)) as raised:
                        typers._coerce_value(value, param=param, ctx=ctx)
                    assert str(raised.value) == str(e)
                    continue
                if got is words._TYPER:
                    continue
                handled.add((repr(desc.annotation), repr(value)))
                expected = typers._coerce_value(value, param=param, ctx=ctx)  # raises if Typer refuses it
                assert (got, type(got), getattr(got, "written_as_directory", None)) == \
                    (expected, type(expected), getattr(expected, "written_as_directory", None)), (cmd.name, param.name, value)
    # the plain types all met: text, numbers, paths, switches, --format choices, output files
    kinds = {a for a, _ in handled}
    assert {"<class 'str'>", "<class 'int'>", "<class 'pathlib.Path'>", "<class 'bool'>", "list[pathlib.Path]"} <= kinds
    assert any("Format" in k for k in kinds)


def test_a_value_the_plain_converter_leaves_gets_typers_result_and_message(cli):
    r = cli("assess", "nepal", "--min-rated", "0", env=W80)  # below the option's minimum
    assert r.exit_code == 2 and r.stderr.startswith("error: invalid value for --min-rated: ")
    assert cli("assess", "nepal", "--year", "2_022", env=W80).stdout == cli("assess", "nepal", "--year", "2022", env=W80).stdout
