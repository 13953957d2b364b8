"""The CLI on the real bundled data: stdout and stderr separately, exit codes, lookups, formats."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from .conftest import Cli


@pytest.mark.parametrize("query", ["nepal", "Nepal", "NEPAL", "NP", "np", "NPL"])
def test_country_lookup_by_slug_name_or_code(cli, query):
    r = cli("assess", query, "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["country"]["slug"] == "nepal"


@pytest.mark.parametrize("query", ["viet-nam", "Viet Nam", "Vietnam", "VN", "vnm", "VIET NAM"])
def test_viet_nam_spellings(cli, query):
    r = cli("assess", query, "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["country"]["name"] == "Viet Nam"


def test_assess_json_shape(cli):
    r = cli("assess", "nepal", "--year", "2022", "--format", "json")
    data = json.loads(r.stdout)
    assert {"country", "year", "results", "summary"} <= set(data)
    assert data["year"] == 2022
    for item in data["results"]:
        assert {"indicator", "rating", "basis", "reason", "citations", "missing_facts"} <= set(item)
        assert item["basis"] in ("derived", "reported")
    dc = next(i for i in data["results"] if i["indicator"] == "double-criminality")
    # The consultation gives the two double-criminality facts but no rating: exactly Yes or Partial.
    assert (dc["rating"], dc["basis"], dc["possible_ratings"]) == ("yes_or_partial", "derived", ["yes", "partial"])
    # Nepal 2022 rests on the consultation: grooming No, ETJ and extradition "Partial or No";
    # live-streaming and sexual extortion "Partial or No" as of 2020; the rest not assessed.
    total = len(data["results"])
    assert data["summary"]["counts"] == {"yes": 0, "yes_or_partial": 1, "partial": 0, "partial_or_no": 4, "no": 1,
                                         "not_assessed": total - 6, "no_data": 0}
    assert data["profile_years"] == [2020, 2022]
    live = next(i for i in data["results"] if i["indicator"] == "live-streaming")
    assert (live["from_year"], live["from_profile"]) == (2020, "countries/nepal/2020.yaml")
    # 1 of 14 rated: the score is withheld, with the reason
    assert (data["summary"]["score"], data["summary"]["score_withheld"]) == (None, "1 of 14 rated; a score needs at least 7")
    assert r.stderr == ""


def test_assess_table_is_readable_without_colour(cli):
    # Thailand 2022: derived Nos (with their rules), a reported Yes, and not assessed cells.
    r = cli("assess", "thailand", "--year", "2022", env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert r.exit_code == 0
    out = r.stdout
    assert "\x1b[" not in out
    assert "Thailand (TH/THA) · 2022" in out
    assert "○ No" in out and "● Yes" in out and "? Not assessed" in out  # symbol + word, not colour alone
    assert "Rule: not-criminalised" in out
    # grooming No, age of consent No (Penal Code s. 277), the reported ETJ Yes: 3 of 14 rated, below half
    assert "No score: 3 of 14 rated; a score needs at least 7" in " ".join(out.split())  # may wrap at 80 columns
    assert "[consultation-2022]" in out
    assert "Laws may have changed since 2022-04-19" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_assess_markdown(cli):
    r = cli("assess", "philippines", "--year", "2022", "--format", "markdown")
    assert r.exit_code == 0
    assert r.stdout.startswith("# Philippines: legal checklist assessment, 2022")
    assert "| Criminalising grooming of children for sexual purposes | Yes | a source's own rating |" in r.stdout
    # The instrument as the consultation names it (it gives no Republic Act number).
    assert "Anti-Child Pornography Act (2009), s. 4(h)" in r.stdout
    assert "## References" in r.stdout


def test_unknown_country_suggests_close_matches(cli):
    r = cli("assess", "nepl")
    assert r.exit_code == 3
    assert r.stdout == ""
    assert r.stderr == "error: unknown country 'nepl' (did you mean 'nepal'?). Run 'legalcheck countries' to list them.\n"


def test_unknown_year_lists_the_years(cli):
    r = cli("assess", "nepal", "--year", "1999")
    assert r.exit_code == 3
    assert "no profile for 1999; years available: " in r.stderr
    assert "2022" in r.stderr.split("years available:")[1]


@pytest.mark.parametrize("query", ["../../etc/passwd", "/etc/passwd", "countries/nepal"])
def test_paths_are_refused_as_countries(cli, query):
    r = cli("assess", query)
    assert r.exit_code == 2
    assert "not a path" in r.stderr


def test_bad_option_value_is_a_usage_error(cli):
    r = cli("assess", "nepal", "--format", "pdf")
    assert r.exit_code == 2


def test_checklist_and_explain(cli):
    r = cli("checklist", "--format", "json")
    ids = [i["id"] for i in json.loads(r.stdout)["indicators"]]
    assert ids[:4] == ["grooming", "extraterritorial-jurisdiction", "extradition", "double-criminality"]
    r = cli("explain", "grooming", env={"COLUMNS": "200"})
    assert r.exit_code == 0
    assert "Rubric: published" in r.stdout
    assert "not-criminalised" in r.stdout and "criminalised is false" in r.stdout
    r = cli("explain", "extradition", "--format", "json")
    data = json.loads(r.stdout)
    assert data["rubric_basis"] == "derived" and data["point"] == 2
    assert data["rules"][0] == {"id": "not-extraditable", "rating": "no", "criterion": "SEC offences are not extraditable.",
                                "when": {"fact": "extraditable", "is": False}}
    r = cli("explain", "groming")
    assert r.exit_code == 3 and "did you mean 'grooming'" in r.stderr


def test_data_option_and_environment_variable(repo):
    # An empty repository (no countries) is a different repository from the bundled one.
    r = Cli(repo)("assess", "nepal")
    assert r.exit_code == 3 and "no country profiles" in r.stderr
    r = Cli()("assess", "nepal", env={"LEGALCHECK_DATA": str(repo)})
    assert r.exit_code == 3
    r = Cli(repo / "nope")("assess", "nepal")
    assert r.exit_code == 2 and "no such directory" in r.stderr
    r = Cli()("assess", "nepal", env={"LEGALCHECK_DATA": str(repo / "nope")})
    assert r.exit_code == 2 and "$LEGALCHECK_DATA" in r.stderr and "--data" not in r.stderr  # the one it came from


def test_real_process_python_m_and_from_another_directory(tmp_path):
    """`python -m legalcheck` works from any directory, exit codes reach the shell, no traceback."""
    env = {k: v for k, v in os.environ.items() if k != "LEGALCHECK_DATA"}
    ok = subprocess.run([sys.executable, "-m", "legalcheck", "assess", "NPL", "-f", "json"], cwd=tmp_path,
                        capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["country"]["iso3"] == "NPL"
    bad = subprocess.run([sys.executable, "-m", "legalcheck", "assess", "atlantis"], cwd=tmp_path,
                         capture_output=True, text=True, env=env)
    assert bad.returncode == 3 and bad.stdout == "" and "Traceback" not in bad.stderr


def test_output_file_format_from_the_name_or_the_option(cli, tmp_path):
    shown = cli("assess", "nepal", "--format", "json").stdout
    r = cli("assess", "nepal", "-o", str(tmp_path / "nepal.json"))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and r.stderr == f"Wrote {tmp_path / 'nepal.json'}\n"
    assert (tmp_path / "nepal.json").read_text(encoding="utf-8") == shown
    cli("assess", "nepal", "--output", str(tmp_path / "nepal.md"))
    assert (tmp_path / "nepal.md").read_text(encoding="utf-8") == cli("assess", "nepal", "-f", "markdown").stdout
    cli("assess", "nepal", "-o", str(tmp_path / "report.txt"), "--format", "json")  # the option wins
    assert json.loads((tmp_path / "report.txt").read_text(encoding="utf-8"))["country"]["slug"] == "nepal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nepal.json", "nepal.md", "report.txt"]


def test_output_table_is_plain_text(cli, tmp_path):
    target = tmp_path / "nepal.txt"
    r = cli("assess", "nepal", "--year", "2022", "-o", str(target), env={"FORCE_COLOR": "1"})
    assert r.exit_code == 0, r.stderr
    text = target.read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert text.startswith("Nepal (NP/NPL) · 2022")
    assert "○ No" in text and "No score: 1 of 14 rated" in " ".join(text.split())
    assert max(len(line) for line in text.splitlines()) == 100


def test_assess_names_the_countrys_other_profile_years(cli):
    latest = json.loads(cli("assess", "philippines", "-f", "json").stdout)
    assert (latest["year"], latest["other_years"]) == (2026, [2022, 2024])
    older = json.loads(cli("assess", "philippines", "--year", "2022", "-f", "json").stdout)
    assert older["other_years"] == [2024, 2026]
    r = cli("assess", "philippines", env={"NO_COLOR": "1"})
    assert "Other profiles for Philippines: 2022, 2024 (choose one with --year)." in r.stdout
    assert "Other years assessed: 2024, 2026." in cli("assess", "PH", "-y", "2022", "-f", "markdown").stdout


def test_source_agrees_only_when_it_reports_the_same_rating(repo):
    from .conftest import profile

    profile(repo, """
        grooming:
          facts:
            criminalised: {value: true, citation: {source: src}}
            requires_meeting_acts: {value: false, citation: {source: src}}
            explicit_ict: {value: true, citation: {source: src}}
          reported: {rating: no_data, source: src}
        double-criminality:
          facts:
            required_for_jurisdiction: {value: true, citation: {source: src}}
            required_for_extradition: {value: true, citation: {source: src}}
          reported: {rating: "no", source: src}
    """)
    out = Cli(repo)("assess", "testland", env={"NO_COLOR": "1", "COLUMNS": "200"}).stdout
    assert out.count("source agrees") == 1  # double criminality (No = No), not grooming (Yes vs No data)


CLI_WAITING = textwrap.dedent("""
    import sys, time
    from legalcheck import Repository
    from legalcheck.cli import main

    def slow_matrix(self, *args, **kwargs):
        print("working", flush=True)
        time.sleep(60)

    Repository.matrix = slow_matrix
    sys.argv = ["legalcheck", "matrix", "saarc"]
    main()
""")


def test_ctrl_c_in_a_real_command_exits_130_with_one_line():
    """Ctrl-C while a command works: the shell's convention for an interrupted program, exit code
    130 (128 + SIGINT), and one line saying so, never a traceback."""
    child = subprocess.Popen([sys.executable, "-c", CLI_WAITING], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "NO_COLOR": "1"})
    try:
        assert child.stdout.readline() == "working\n", child.stderr.read()
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, err
    assert err.strip() == "error: interrupted" and "Traceback" not in err
