"""parallel.Background: the answers of a forked child are the serial answers, whatever happens to it.

Each test that needs the fork says so (skipped where fork is not used: not Linux, one core); the
fallback is tested everywhere."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from legalcheck import parallel
from legalcheck.errors import Problem
from legalcheck.parallel import Background

PARENT = os.getpid()
ITEMS = list(range(200))


def in_child() -> bool:
    return os.getpid() != PARENT


def answer(x: int) -> tuple:
    """A small answer of the kind validate sends: problems and an identity."""
    problems = [Problem(f"countries/c{x}/2020.yaml", x, 1, "year", f"problem {x}")] if x % 7 == 0 else []
    return problems, (f"Country {x}", "AB", "ABC")


needs_fork = pytest.mark.skipif(not parallel.fork_wanted(len(ITEMS), 64),
                                reason="fork is not used here (not Linux, one core, or LEGALCHECK_NO_FORK)")


@pytest.fixture(autouse=True)
def fork_allowed(monkeypatch):
    monkeypatch.delenv(parallel.OFF_VAR, raising=False)


def gone(pid: int) -> bool:
    """The child has been reaped (no zombie left): it is no longer our child."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@needs_fork
def test_the_childs_answers_are_the_serial_answers():
    serial = {x: answer(x) for x in ITEMS}
    with Background(ITEMS, answer) as bg:
        assert bg.forked
        pid = bg.pid
        got = bg.results()
    assert got == serial
    assert list(got) == ITEMS  # in the order given
    assert gone(pid)


@needs_fork
def test_the_answers_come_from_the_child():
    """Not computed again in the parent: the child did the work."""
    computed_here = []

    def fn(x: int) -> int:
        if not in_child():
            computed_here.append(x)
        return os.getpid()

    got = Background(ITEMS, fn).results()
    assert computed_here == []
    assert set(got.values()) == {got[0]} and got[0] != PARENT


def test_no_fork_when_turned_off(monkeypatch):
    monkeypatch.setenv(parallel.OFF_VAR, "1")
    computed_here = []

    def fn(x: int) -> tuple:
        computed_here.append(x)
        return answer(x)

    bg = Background(ITEMS, fn)
    assert not bg.forked
    assert bg.poll() == {}
    assert computed_here == []  # only when asked for
    assert bg.results() == {x: answer(x) for x in ITEMS}
    assert computed_here == ITEMS


def test_no_fork_for_a_few_items():
    bg = Background(ITEMS[:10], answer, min_items=64)
    assert not bg.forked
    assert bg.results() == {x: answer(x) for x in ITEMS[:10]}


@needs_fork
def test_no_fork_while_a_thread_runs():
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        bg = Background(ITEMS, answer)
        assert not bg.forked
        assert bg.results() == {x: answer(x) for x in ITEMS}
    finally:
        stop.set()
        t.join()


@needs_fork
def test_skipped_items_are_not_computed(tmp_path):
    """The child computes item 0, then waits until the parent has skipped all the others: it
    computes none of them, and the parent does not either."""
    go = tmp_path / "go"
    computed_here = []

    def fn(x: int) -> tuple:
        if in_child():
            (tmp_path / f"done-{x}").touch()
            while x == 0 and not go.exists():
                time.sleep(0.01)
        else:
            computed_here.append(x)
        return answer(x)

    with Background(ITEMS, fn) as bg:
        bg.skip(ITEMS[1:])
        go.touch()
        got = bg.results()
    assert got == {0: answer(0)}
    assert computed_here == []
    assert sorted(p.name for p in tmp_path.glob("done-*")) == ["done-0"]


def test_skipped_items_are_left_out_without_a_fork(monkeypatch):
    monkeypatch.setenv(parallel.OFF_VAR, "1")
    bg = Background(ITEMS, answer)
    bg.skip(range(100, 200))
    assert bg.results() == {x: answer(x) for x in range(100)}


@needs_fork
def test_a_killed_child_leaves_its_items_to_the_parent():
    def fn(x: int) -> tuple:
        if x == 120 and in_child():
            os.kill(os.getpid(), signal.SIGKILL)
        return answer(x)

    bg = Background(ITEMS, fn)
    pid = bg.pid
    assert bg.results() == {x: answer(x) for x in ITEMS}
    assert gone(pid)


@needs_fork
def test_a_child_that_exits_early_leaves_its_items_to_the_parent():
    def fn(x: int) -> tuple:
        if x == 50 and in_child():
            os._exit(3)
        return answer(x)

    assert Background(ITEMS, fn).results() == {x: answer(x) for x in ITEMS}


@needs_fork
def test_an_exception_in_the_child_is_raised_by_the_parent():
    def fn(x: int) -> tuple:
        if x == 37:
            raise ValueError(f"bad item {x}")
        return answer(x)

    bg = Background(ITEMS, fn)
    assert bg.forked
    with pytest.raises(ValueError, match="bad item 37"):
        bg.results()
    assert gone(bg.pid) if bg.pid and bg.pid > 0 else True


@needs_fork
def test_an_item_that_fails_only_in_the_child_is_computed_again():
    def fn(x: int) -> tuple:
        if x in (5, 150) and in_child():
            raise MemoryError
        return answer(x)

    assert Background(ITEMS, fn).results() == {x: answer(x) for x in ITEMS}


def test_an_exception_without_a_fork(monkeypatch):
    monkeypatch.setenv(parallel.OFF_VAR, "1")

    def fn(x: int) -> tuple:
        if x == 37:
            raise ValueError("bad item")
        return answer(x)

    with pytest.raises(ValueError, match="bad item"):
        Background(ITEMS, fn).results()


@needs_fork
def test_close_without_results_kills_and_reaps_the_child():
    def fn(x: int) -> int:
        if in_child():
            time.sleep(600)  # would keep a zombie-free test waiting ten minutes if not killed
        return x

    with Background(ITEMS, fn) as bg:
        pid = bg.pid
        assert pid and Path(f"/proc/{pid}").exists()
    assert gone(pid)


@needs_fork
def test_an_exception_in_the_caller_stops_the_child():
    def fn(x: int) -> int:
        if in_child():
            time.sleep(600)
        return x

    pid = None
    with pytest.raises(KeyError):
        with Background(ITEMS, fn) as bg:
            pid = bg.pid
            raise KeyError("the caller failed")
    assert pid is not None and gone(pid)


class _SlowToPickle:
    """Pickling it takes ten minutes: a cache entry caught half-written."""

    def __reduce__(self):
        time.sleep(600)
        return (int, (0,))


@needs_fork
def test_a_child_stopped_while_storing_into_the_cache_leaves_no_temporary_file(tmp_path, monkeypatch):
    """The parent stops a child it no longer needs with SIGTERM, not SIGKILL: the child ends
    through its clean-up (even where the process has no SIGTERM handler of its own, as here under
    pytest), so the cache entry it was writing leaves no temporary file behind."""
    from legalcheck import cache

    monkeypatch.setenv(cache.DIR_VAR, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.OFF_VAR, raising=False)

    def fn(x: int) -> int:
        if in_child():
            cache.store("profile", ("stopped", x), _SlowToPickle())
        return x

    with Background(ITEMS, fn) as bg:
        pid = bg.pid
        while not list((tmp_path / "cache").glob("code-*/tmp/.tmp.*.pickle")):  # the child is writing
            assert Path(f"/proc/{pid}").exists()
            time.sleep(0.01)
    assert gone(pid)
    assert sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()) == []


@needs_fork
def test_a_child_that_ignores_sigterm_is_still_stopped_and_reaped(tmp_path):
    ready = tmp_path / "ready"

    def fn(x: int) -> int:
        if in_child():
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            ready.touch()
            time.sleep(600)
        return x

    with Background(ITEMS, fn) as bg:
        pid = bg.pid
        while not ready.exists():
            time.sleep(0.01)
    assert gone(pid)


@needs_fork
def test_reap_after_the_child_has_ended():
    """A child that has already ended (a zombie) is reaped at once, asked to stop or not."""
    for kill in (False, True):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os._exit(0)
        while not parallel._ends_within(pid, 0.5):
            pass
        parallel.reap(pid, kill=kill)
        assert gone(pid)


@needs_fork
def test_large_answers_do_not_block_the_pipe():
    """Far more than a pipe holds, with the parent not reading until it asks for the results."""
    big = {x: str(x) * 50_000 for x in range(100)}  # about 20 MB in all
    got = Background(list(big), lambda x: str(x) * 50_000).results()
    assert got == big


@needs_fork
def test_poll_gives_the_answers_as_they_come():
    bg = Background(ITEMS, answer)
    deadline = time.monotonic() + 60
    while len(bg.poll()) < len(ITEMS) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert bg.poll() == {x: answer(x) for x in ITEMS}
    assert bg.results() == {x: answer(x) for x in ITEMS}


@needs_fork
def test_the_child_writes_nothing_to_the_terminal(capfd):
    sys.stdout.write("before\n")  # buffered in the parent: flushed before the fork, so written once

    def fn(x: int) -> int:
        if in_child():
            print("from the child", x)
            os.write(2, b"child stderr\n")
        return x

    got = Background(ITEMS, fn).results()
    assert got == {x: x for x in ITEMS}
    out, err = capfd.readouterr()
    assert out == "before\n" and err == ""


@needs_fork
def test_two_at_once():
    """A second child does not keep the first one's pipe open (each parent sees its child end)."""
    a = Background(ITEMS, answer)
    b = Background(ITEMS[::-1], lambda x: -x)
    assert a.results() == {x: answer(x) for x in ITEMS}
    assert b.results() == {x: -x for x in ITEMS[::-1]}


# --------------------------------------------------------------------------- validate on two processes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """16 synthetic countries x 5 years (80 profiles: enough to fork), with problems on both sides
    of where the two processes meet: a YAML error, a year that does not match its file, a country
    whose codes change between years, a name two countries share, a file not named by its year."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    root = synth.generate(tmp_path_factory.mktemp("many") / "data", countries=16, years=5)
    c = root / "countries"

    def edit(rel: str, old: str, new: str) -> None:
        path = c / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("synth-0003/2021.yaml", "year: 2021", "year: [2021")
    edit("synth-0013/2023.yaml", "as_of:", "as_of: x\n as_of:")
    edit("synth-0016/2024.yaml", "year: 2024", "year: 2023")
    edit("synth-0014/2022.yaml", "iso2: AO", "iso2: ZZ")
    edit("synth-0015/2020.yaml", "name: Synthland 0015", "name: Synthland 0001")
    edit("synth-0002/2020.yaml", "- Synth 2", "- Synth 12")
    (c / "synth-0002" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    (c / "synth-0011" / "2021.yml").write_text((c / "synth-0011" / "2021.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return root


def validations(root: Path, monkeypatch, paths=None, cache: bool = False):
    """(result with a fork if one is wanted, result without, whether each Background made forked,
    the progress calls of the first)."""
    from legalcheck import Repository, validation

    if not cache:
        monkeypatch.setenv("LEGALCHECK_NO_CACHE", "1")  # a cold run, whatever ran before

    made = []

    class Spy(Background):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.append(self.forked)

    monkeypatch.setattr(validation, "Background", Spy)
    repo = Repository(root)
    calls = []
    repo.progress = lambda *a: calls.append(a)
    forked = repo.validate(paths)
    monkeypatch.setenv(parallel.OFF_VAR, "1")
    serial = Repository(root).validate(paths)
    monkeypatch.delenv(parallel.OFF_VAR)
    return forked, serial, made, calls


@needs_fork
def test_validate_on_two_processes_finds_what_one_finds(many, monkeypatch):
    forked, serial, made, calls = validations(many, monkeypatch)
    assert made == [True]
    assert forked == serial
    assert serial.checked == 81 + len(list((many / "checklist").glob("*.yaml"))) + 1  # 81 profile files (notes.yaml is not one), regions.yaml
    found = "\n".join(str(p) for p in serial.problems)
    for what in ("synth-0003/2021.yaml", "synth-0013/2023.yaml", "year 2023 does not match the file name 2024.yaml",
                 "country name/codes differ from", "is also the name of synth-0001", "is also the alias of synth-0002",
                 "a profile file is named by its year", "two profiles for one year"):
        assert what in found
    # The bar counts up to the end, as it did on one process.
    assert calls[-1] == ("Checking profiles", 81, 81)
    assert [c[1] for c in calls] == sorted(c[1] for c in calls) and {c[2] for c in calls} == {81}


@needs_fork
def test_validate_paths_on_two_processes(many, monkeypatch):
    forked, serial, made, _ = validations(many, monkeypatch, [many / "countries"])
    assert made == [True] and forked == serial and serial.problems


@needs_fork
def test_validate_when_the_child_is_killed(many, monkeypatch):
    """The child dies half-way: this process checks what it left, and finds the same."""
    from legalcheck import validation

    checker = validation._checker

    def dying(root, checklist):
        check = checker(root, checklist)

        def fn(path):
            if in_child() and path.parent.name == "synth-0012":
                os.kill(os.getpid(), signal.SIGKILL)
            return check(path)
        return fn

    monkeypatch.setattr(validation, "_checker", dying)
    forked, serial, made, _ = validations(many, monkeypatch)
    assert made == [True] and forked == serial


@needs_fork
def test_validate_served_from_the_cache_does_not_fork(many, monkeypatch, tmp_path):
    """The first and last profiles come from the cache: checking them all here is quicker than a fork."""
    monkeypatch.setenv("LEGALCHECK_CACHE_DIR", str(tmp_path / "cache"))
    # synth-0016/2024.yaml, the last profile, has a problem: never cached. Without that country:
    folders = [many / "countries" / f"synth-{i:04d}" for i in range(1, 16)]
    cold = validations(many, monkeypatch, folders, cache=True)
    warm = validations(many, monkeypatch, folders, cache=True)
    assert cold[2] == [True] and warm[2] == []
    assert cold[0] == cold[1] == warm[0] == warm[1] and cold[0].problems
    assert [c[1] for c in warm[3]] == list(range(1, 78))  # 77 profile files, as on one process


@needs_fork
def test_validate_served_from_the_cache_forks_for_many_profiles(many, monkeypatch, tmp_path):
    from legalcheck import validation

    monkeypatch.setenv("LEGALCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(validation, "MIN_FORK_CACHED", 70)  # as for 256 profiles and more
    folders = [many / "countries" / f"synth-{i:04d}" for i in range(1, 16)]
    cold = validations(many, monkeypatch, folders, cache=True)
    warm = validations(many, monkeypatch, folders, cache=True)
    assert cold[2] == warm[2] == [True]
    assert cold[0] == cold[1] == warm[0] == warm[1] and cold[0].problems


def test_validate_through_the_cli_is_the_same_on_one_process(many, monkeypatch):
    """Output and exit code, with and without the fork (where there is no fork, both are serial)."""
    from typer.testing import CliRunner

    from legalcheck.cli import app

    def run(**env):
        r = CliRunner().invoke(app, ["--data", str(many), "validate"], env={"NO_COLOR": "1", "COLUMNS": "120", **env})
        return r.exit_code, r.stdout, r.stderr

    forked, serial = run(), run(**{parallel.OFF_VAR: "1"})
    assert forked == serial and forked[0] == 4 and "problems in" in forked[2]


@needs_fork
def test_results_asked_twice_are_not_computed_twice():
    computed_here = []

    def fn(x: int) -> int:
        if in_child() and x == 3:
            raise ValueError("only in the child")
        if not in_child():
            computed_here.append(x)
        return x

    bg = Background(ITEMS, fn)
    assert bg.results() == bg.results() == {x: x for x in ITEMS}
    assert computed_here == [3]


# --------------------------------------------------------------------------- fork_child: never the parent's clean-up

STOPS = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]


def exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def blocked() -> set[int]:
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, ()))


@needs_fork
@pytest.mark.parametrize("sig", STOPS, ids=lambda s: signal.Signals(s).name)
def test_a_stop_signal_just_after_the_fork_never_runs_the_parents_clean_up(tmp_path, monkeypatch, parents_handlers, sig):
    """The signal reaches the child before any code of its own has run: were it handled by the
    parent's handler (``sys.exit``, ``KeyboardInterrupt``) it would unwind the parent's stack in the
    child, through the ``finally`` below (as through ``output.remove_made``, removing the folder the
    parent is still writing). The child ends on its own handler instead, and does not run ``run``."""
    from .conftest import fork_signalled

    partial = tmp_path / "partial"
    partial.write_text("being written")
    ran = tmp_path / "ran"
    pids = fork_signalled(monkeypatch, to_child=sig)
    try:
        pid = parallel.fork_child(ran.touch)
        code = exit_code(pid)
    finally:  # the parent's clean-up
        if in_child():  # pragma: no cover - what must never happen
            partial.unlink()
            os._exit(7)
    assert pids == [pid]
    assert code == 1
    assert partial.read_text() == "being written"
    assert not ran.exists()


@needs_fork
@pytest.mark.parametrize("sig, raised", [(signal.SIGTERM, SystemExit), (signal.SIGINT, KeyboardInterrupt)],
                         ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_to_the_parent_during_the_fork_stops_the_child_too(tmp_path, monkeypatch, parents_handlers,
                                                                         sig, raised):
    """A signal for this process while the fork is under way is handled as soon as the fork has
    returned, by this process's handler; the child, which the caller never hears of, is stopped and
    reaped before the exception goes on, and the mask is as it was."""
    from .conftest import fork_signalled

    before = blocked()
    pids = fork_signalled(monkeypatch, to_parent=sig)
    with pytest.raises(raised) as e:
        parallel.fork_child(lambda: time.sleep(600))
    if raised is SystemExit:
        assert e.value.code == 128 + sig
    [pid] = pids
    assert gone(pid)
    assert blocked() == before


@needs_fork
def test_the_mask_is_restored_in_the_parent_and_the_child(monkeypatch):
    """Both run with the signals the parent had blocked before (here SIGUSR1), no more: the stop
    signals are blocked only around the fork."""
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
    try:
        before = blocked()
        assert signal.SIGUSR1 in before and not before & set(parallel._STOP_SIGNALS)
        r, w = os.pipe()
        pid = parallel.fork_child(lambda: os.write(w, repr(sorted(blocked())).encode()), close=(r,))
        os.close(w)
        assert blocked() == before
        with os.fdopen(r, "rb") as f:
            in_the_child = f.read().decode()
        assert exit_code(pid) == 0
        assert in_the_child == repr(sorted(before))
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])


def _raise(e: BaseException):
    def run():
        raise e
    return run


@needs_fork
@pytest.mark.parametrize("run, code", [
    (lambda: None, 0),
    (_raise(ValueError("failed")), 1),
    (_raise(SystemExit(0)), 1),
    (_raise(KeyboardInterrupt()), 1),
    (lambda: os.kill(os.getpid(), signal.SIGTERM), 1),
    (lambda: os.kill(os.getpid(), signal.SIGINT), 1),
], ids=["returns", "raises", "sys.exit", "ctrl-c", "sigterm", "sigint"])
def test_the_child_ends_with_os_exit_whatever_run_does(tmp_path, parents_handlers, run, code):
    partial = tmp_path / "partial"
    partial.write_text("being written")
    try:
        pid = parallel.fork_child(run)
        got = exit_code(pid)
    finally:  # the parent's clean-up
        if in_child():  # pragma: no cover - what must never happen
            partial.unlink()
            os._exit(7)
    assert got == code
    assert partial.read_text() == "being written"


@needs_fork
def test_a_second_stop_signal_does_not_cut_the_childs_clean_up_short(tmp_path):
    """Ctrl-C reaches both processes; the parent then stops its child with SIGTERM (``reap``): the
    child's clean-up, begun on the first, runs to its end."""
    started, cleaning, go, cleaned = (tmp_path / n for n in ("started", "cleaning", "go", "cleaned"))

    def run() -> None:
        try:
            started.touch()
            time.sleep(600)
        finally:
            cleaning.touch()
            while not go.exists():
                time.sleep(0.01)
            cleaned.touch()

    pid = parallel.fork_child(run)
    while not started.exists():
        time.sleep(0.01)
    os.kill(pid, signal.SIGINT)
    while not cleaning.exists():
        time.sleep(0.01)
    os.kill(pid, signal.SIGTERM)
    go.touch()
    assert exit_code(pid) == 1
    assert cleaned.exists()


@needs_fork
def test_a_background_stopped_just_after_the_fork_gives_the_serial_answers(tmp_path, monkeypatch, parents_handlers):
    from .conftest import fork_signalled

    partial = tmp_path / "partial"
    partial.write_text("being written")
    pids = fork_signalled(monkeypatch, to_child=signal.SIGTERM)
    try:
        with Background(ITEMS, answer) as bg:
            assert bg.forked
            got = bg.results()
    finally:
        if in_child():  # pragma: no cover - what must never happen
            partial.unlink()
            os._exit(7)
    assert got == {x: answer(x) for x in ITEMS}
    assert partial.read_text() == "being written"
    assert len(pids) == 1 and gone(pids[0])


def test_every_fork_goes_through_fork_child():
    """The blocked signals, the child's own handlers and its ``os._exit`` are in one place."""
    package = Path(parallel.__file__).resolve().parent
    forks = {str(p.relative_to(package)): p.read_text(encoding="utf-8").count("os.fork(")
             for p in package.rglob("*.py")}
    assert {name: n for name, n in forks.items() if n} == {"parallel.py": 1}
