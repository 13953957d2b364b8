"""Every case of the hardening corpus (``cases.py``), end to end through the CLI: the exit code,
stderr naming the file and line, a message in plain language, no traceback, nothing on stdout
when the command failed, and nothing executed or damaged."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import Cli
from .cases import CASES, CLASSES, Case

# Words that give away a programmer's message: exception class names, Python internals, tracebacks.
JARGON = re.compile(
    r"Traceback|\b[A-Z]\w*(?:Error|Exception)\b|NoneType|\[Errno|\bErrno\b|__\w+__|pydantic|site-packages"
    r"|File \"|object at 0x|internal error|\bdict\b|\bstr\b|\bkwargs\b"
)
# A problem line: 'path: message' or 'path:line: ...' or 'path:line:col: field: message'.
PROBLEM_LINE = re.compile(r"^\S[^:]*(?::\d+(?::\d+)?)?: \S")


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


def run(case: Case, repo: Path, tmp: Path) -> Outcome:
    args = [a.format(repo=repo, tmp=tmp) for a in case.args]
    if case.process:
        env = {k: v for k, v in os.environ.items() if k != "LEGALCHECK_DATA"} | case.env
        p = subprocess.run([sys.executable, "-m", "legalcheck", "--data", str(repo), *args], cwd=tmp,
                           capture_output=True, env=env, timeout=120)
        return Outcome(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))
    r = Cli(repo)(*args, env=case.env or None)
    assert r.exception is None or isinstance(r.exception, SystemExit), f"uncaught {r.exception!r}"
    return Outcome(r.exit_code, r.stdout, r.stderr)


def assert_plain_language(out: Outcome) -> None:
    assert out.stderr.strip(), "a failure must say what went wrong"
    assert not JARGON.search(out.stderr), f"programmer's words in: {out.stderr}"
    assert out.stderr.endswith("\n")
    lines = out.stderr.rstrip("\n").splitlines()
    if out.exit_code == 4:  # every problem as file[:line[:col]]: message, then a summary
        assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), lines
        assert "problem" in lines[-1]
    elif out.exit_code in (2, 3, 5):  # one line: the guard's, or a command-line mistake's (commands.words.one_line)
        assert len(lines) == 1 and lines[0].startswith("error: "), lines


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, repo: Path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scratch")
    case.build(repo, tmp)
    out = run(case, repo, tmp)
    assert out.exit_code == case.exit, out.stderr
    assert "Traceback" not in out.stderr and "Traceback" not in out.stdout
    for fragment in case.stderr:
        assert fragment.format(repo=repo, tmp=tmp) in out.stderr, out.stderr
    for fragment in case.stdout:
        assert fragment in out.stdout, out.stdout[:2000]
    for fragment in case.absent:
        assert fragment.format(repo=repo, tmp=tmp) not in out.stdout + out.stderr, (fragment, out.stdout[:2000], out.stderr[:2000])
    if case.exit != 0:
        assert out.stdout == "", "nothing half-printed on failure"
        assert_plain_language(out)
    if case.check:
        case.check(repo, tmp)


def test_the_corpus_is_complete():
    """Every class is used, ids are unique, and a file:line is expected wherever the input is a file."""
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)
    assert {c.cls for c in CASES} == set(CLASSES)
    for c in CASES:
        if c.exit == 4:
            assert any(re.search(r"\.yaml:\d+:\d+:|\.yaml: |passwd:\d+|^/dev/\w+: |^[A-Z][a-z]+![A-Z]+\d*: |year: ", f) for f in c.stderr), c.id


def test_jargon_filter_catches_a_traceback_and_a_raw_exception():
    """The plain-language check itself can fail (so the corpus' passing means something)."""
    for text in ("Traceback (most recent call last):\n", "error: internal error: KeyError: 'x'\n",
                 "error: [Errno 2] No such file or directory\n", "error: 'NoneType' object has no attribute\n"):
        with pytest.raises(AssertionError):
            assert_plain_language(Outcome(5, "", text))
