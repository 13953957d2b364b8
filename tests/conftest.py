"""Shared test helpers: the real repository's data, and throw-away repositories built from it."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
import traceback
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legalcheck.cli import app
from legalcheck.data import bundled_data_dir, load_checklist

ROOT = bundled_data_dir()


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests use a cache of their own (exercising it), never the user's ~/.cache/legalcheck."""
    previous = os.environ.get("LEGALCHECK_CACHE_DIR")
    os.environ["LEGALCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("legalcheck-cache"))
    yield
    if previous is None:
        del os.environ["LEGALCHECK_CACHE_DIR"]
    else:
        os.environ["LEGALCHECK_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def checklist():
    return load_checklist(ROOT)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the bundled checklist with no countries; tests add the profiles they need."""
    shutil.copytree(ROOT / "checklist", tmp_path / "checklist")
    (tmp_path / "countries").mkdir()
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


PROFILE_HEAD = """\
country:
  name: Testland
  iso2: TL
  iso3: TLD
year: 2024
as_of: "2024-01-31"
sources:
  - id: src
    title: A test source
    url: https://example.org/source
indicators:
"""


def profile(repo: Path, indicators_yaml: str, slug: str = "testland", year: int = 2024, head: str = PROFILE_HEAD) -> Path:
    """Write countries/<slug>/<year>.yaml with the standard head and the given indicators block."""
    body = head.replace("year: 2024", f"year: {year}") + textwrap.indent(textwrap.dedent(indicators_yaml).strip("\n"), "  ") + "\n"
    return write(repo / "countries" / slug / f"{year}.yaml", body)


@pytest.fixture
def shared_dir():
    """A scratch directory every user can reach and write in (under /tmp), for tests that run as an
    ordinary user (see ``as_unprivileged``); the pytest tmp_path of root is closed to others."""
    d = Path(tempfile.mkdtemp(prefix="legalcheck-test-", dir="/tmp"))
    d.chmod(0o777)
    yield d
    shutil.rmtree(d, ignore_errors=True)


NOBODY = 65534


def as_unprivileged(check, owned: tuple[Path, ...] = ()) -> None:
    """Run ``check()`` as an ordinary user, so permission checks mean something under root too (CI
    runs as root, who may write anywhere): as is for a normal user; for root, in a forked child that
    has dropped to the user nobody, who then owns ``owned`` (as the user owns what they made).
    Run what ``check`` needs once first, so the child imports nothing (the interpreter's own files
    may be closed to nobody)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        check()
        return
    for path in owned:
        os.chown(path, NOBODY, NOBODY)
    read, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, run the check, report through the pipe
        os.close(read)
        status = 0
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            check()
        except BaseException:  # noqa: BLE001 - everything is reported to the parent
            os.write(write_end, traceback.format_exc().encode())
            status = 1
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read, "rb") as f:
        report = f.read().decode()
    _, status = os.waitpid(pid, 0)
    assert status == 0, report


class Cli:
    def __init__(self, data: Path | None = None):
        self.runner = CliRunner()
        self.data = data

    def __call__(self, *args: str, env: dict | None = None):
        argv = (["--data", str(self.data)] if self.data else []) + list(args)
        return self.runner.invoke(app, argv, env=env)


@pytest.fixture
def cli() -> Cli:
    return Cli()


CONSULTATION_FOUR = ("grooming", "extraterritorial-jurisdiction", "extradition", "double-criminality")


def keep_indicators(repo: Path, ids: tuple[str, ...]) -> Path:
    """Trim a test repository's checklist to ``ids`` (index and files), for fixtures built around them."""
    index_path = repo / "checklist" / "index.yaml"
    lines = index_path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if not (ln.startswith("  - ") and ln[4:].strip() not in ids)]
    index_path.write_text("".join(kept), encoding="utf-8")
    for p in (repo / "checklist").glob("*.yaml"):
        if p.name != "index.yaml" and p.stem not in ids:
            p.unlink()
    return repo


# --------------------------------------------------------------------------- a signal just after a fork


@pytest.fixture
def parents_handlers():
    """This process handles stop signals as the ``legalcheck`` command does: SIGTERM and SIGHUP by
    ``sys.exit`` (``cli.exit_cleanly_on_sigterm``), Ctrl-C by Python's ``KeyboardInterrupt``.
    Restored afterwards."""
    import signal

    from legalcheck import parallel
    from legalcheck.cli import exit_cleanly_on_sigterm

    saved = {signum: signal.getsignal(signum) for signum in parallel._STOP_SIGNALS}
    exit_cleanly_on_sigterm()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def fork_signalled(monkeypatch, to_child: int | None = None, to_parent: int | None = None) -> list[int]:
    """From now on every ``os.fork`` sends ``to_child`` to the child while the child is still inside
    ``os.fork`` (back in Python code, so that CPython's own after-fork clean-up cannot discard it, it
    tells the parent so and waits until the signal has been sent: the narrowest window there is,
    before any code of the caller's runs in it), and ``to_parent`` to this process as the fork
    returns here. Returns the list the children's pids are put in."""
    real_fork = os.fork
    pids: list[int] = []

    def fork() -> int:
        ready_r, ready_w = os.pipe()
        sent_r, sent_w = os.pipe()
        pid = real_fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(ready_r)
            os.close(sent_w)
            os.write(ready_w, b"x")
            os.read(sent_r, 1)  # until the parent has sent the signal
            os.close(ready_w)
            os.close(sent_r)
            return 0
        os.close(ready_w)
        os.close(sent_r)
        pids.append(pid)
        os.read(ready_r, 1)
        if to_child is not None:
            os.kill(pid, to_child)
        os.write(sent_w, b"x")
        os.close(ready_r)
        os.close(sent_w)
        if to_parent is not None:
            os.kill(os.getpid(), to_parent)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def killed_when_it_says(code: str, line: str, *args: str, env: dict | None = None) -> None:
    """Run ``code`` in a new Python process until it prints ``line``, then kill it outright
    (SIGKILL, which no clean-up survives) and wait for it: what a run killed at that moment leaves."""
    import signal
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert child.stdout.readline() == line + "\n", child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
