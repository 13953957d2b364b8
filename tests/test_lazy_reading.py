"""Commands read only the profiles their answer needs (``reading.Reading``, ``engine.LazyProfiles``)
and check every other one they used to read, so that nothing a user sees changes.

The oracle is the reading it replaced (``Eager``): every profile of every country up to the year,
countries in the command's order and each country's years ascending, read before the engine
starts. Answers must be equal on every bundled country, year and region and on generated data whose
values change every year (so that carry-forward stops at differing facts); and a broken file must
fail the command exactly as before, naming the same file, whether the answer needs it or not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import legalcheck.reading as reading
from legalcheck import Repository
from legalcheck.data import list_countries, load_profile
from legalcheck.errors import EXIT_INVALID_DATA, DataError

from .conftest import ROOT, Cli


class Eager(reading.Reading):
    """Today's reading, before this change: every file, in order, read before the engine starts."""

    def _order(self, anchors):
        return []  # no background: nothing is left to check

    def profiles(self, k):
        entry = self._entries[k]
        return [load_profile(self._root, entry, y, self._checklist) for y in self._years.get(k, ())]


@pytest.fixture
def eager(monkeypatch):
    def use():
        monkeypatch.setattr(reading, "Reading", Eager)
    return use


class Reads:
    """The files the answer read (``Reading._load``) and the ones only checked (``_check``), all in
    this process (the serial fallback of ``parallel.Background``)."""

    def __init__(self, monkeypatch):
        monkeypatch.setenv("LEGALCHECK_NO_FORK", "1")  # every check in this process, to be counted
        self.loaded: list[tuple[str, int]] = []
        self.checked: list[tuple[str, int]] = []
        load, check = reading.Reading._load, reading.Reading._check_file

        def counted_load(r, k, year):
            self.loaded.append((r._entries[k].slug, year))
            return load(r, k, year)

        def counted_check(r, file):
            self.checked.append((r._entries[file[0]].slug, file[1]))
            return check(r, file)

        monkeypatch.setattr(reading.Reading, "_load", counted_load)
        monkeypatch.setattr(reading.Reading, "_check_file", counted_check)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """12 invented countries over 4 years (2020-2023), values changing every year."""
    out = tmp_path_factory.mktemp("lazy") / "s12"
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, str(root / "benchmarks" / "synth.py"), str(out), "--countries", "12",
                    "--years", "4"], check=True, capture_output=True)
    return out


@pytest.fixture
def broken(synthetic, tmp_path) -> Path:
    """A copy of the synthetic repository to break."""
    return Path(shutil.copytree(synthetic, tmp_path / "s12"))


def answers(repo: Repository, region: str, years: tuple[int, ...]) -> list:
    members = [s for s in repo.region(region).members if s in {e.slug for e in repo.countries() if e.years}]
    out: list = [repo.matrix(region), repo.matrix(region, all_indicators=True)]
    out += [repo.matrix(region, year=y, all_indicators=True) for y in years]
    out += [repo.region_diff(a, b, region=region) for a in years for b in years if a < b]
    for slug in members:
        entry = repo.country(slug)
        out += [repo.history(slug), repo.gaps(slug)]
        out += [repo.assess(slug, y) for y in entry.years]
        out += [repo.diff(slug, entry.years[0])] if len(entry.years) > 1 else []
    return out


# --------------------------------------------------------------------------- the same answers


@pytest.mark.parametrize("region", ["south-asia", "asean", "consultation-2022", "east-asia-pacific", "saievac"])
def test_lazy_equals_eager_on_bundled_data(region, eager):
    repo = Repository()
    years = tuple(sorted({y for e in list_countries(ROOT) for y in e.years}))
    lazy = answers(repo, region, years)
    eager()
    assert lazy == answers(repo, region, years)


def test_lazy_equals_eager_on_every_bundled_country_and_year(eager):
    repo = Repository()
    entries = [e for e in list_countries(ROOT) if e.years]
    lazy = [repo.assess(e.slug, y) for e in entries for y in e.years]
    lazy.append(repo.matrix(countries=[e.slug for e in entries], all_indicators=True))
    lazy += [repo.region_diff(2019, 2026, countries=[e.slug for e in entries])]
    eager()
    assert lazy == [repo.assess(e.slug, y) for e in entries for y in e.years] + [
        repo.matrix(countries=[e.slug for e in entries], all_indicators=True),
        repo.region_diff(2019, 2026, countries=[e.slug for e in entries])]


def test_lazy_equals_eager_on_generated_data_and_reads_less(synthetic, eager, monkeypatch):
    repo = Repository(synthetic)
    reads = Reads(monkeypatch)
    lazy = answers(repo, "synthetic", (2020, 2021, 2022, 2023))
    assert reads.loaded and reads.checked  # some profiles were not needed by some answers
    assert repo.matrix("synthetic").rows == repo.matrix("synthetic", year=2023).rows
    eager()
    assert lazy == answers(repo, "synthetic", (2020, 2021, 2022, 2023))


def test_matrix_reads_only_what_its_answer_needs(synthetic, monkeypatch):
    repo = Repository(synthetic)
    reads = Reads(monkeypatch)
    m = repo.matrix("synthetic", year=2023, all_indicators=True)
    assert {(r.slug, 2023) for r in m.rows} <= set(reads.loaded)  # every row's latest profile
    # a profile is read here only when an answer draws on it, or the search stops on it
    drawn = {(r.slug, c.from_year) for r in m.rows for c in r.cells}
    assert drawn <= set(reads.loaded)
    assert len(reads.loaded) < 12 * 4
    # every other file read before is still checked, each once, and none is both read and checked
    assert sorted(reads.loaded + reads.checked) == sorted((f"synth-{i:04d}", y) for i in range(1, 13)
                                                          for y in range(2020, 2024))


# --------------------------------------------------------------------------- the same failures


def _break(root: Path, slug: str, year: int) -> str:
    """Give a profile a problem on its as_of line; returns the text expected in the message."""
    path = root / "countries" / slug / f"{year}.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"as_of: '{year}-06-30'" in text
    path.write_text(text.replace(f"as_of: '{year}-06-30'", f"as_of: '{year}-13-30'"), encoding="utf-8")
    line = text.splitlines().index(f"as_of: '{year}-06-30'") + 1
    return f"countries/{slug}/{year}.yaml:{line}:"


def _needed(root: Path, monkeypatch) -> set[tuple[str, int]]:
    """The files ``matrix synthetic --year 2023`` reads for its answer (the rest it only checks)."""
    with monkeypatch.context() as m:
        reads = Reads(m)
        Repository(root).matrix("synthetic", year=2023)
    return set(reads.loaded)


COMMANDS = {
    "matrix": ("matrix", "synthetic", "--year", "2023"),
    "xlsx": ("matrix", "synthetic", "--year", "2023", "--xlsx", "{tmp}/m.xlsx"),
    "diff-region": ("diff", "--region", "synthetic", "2021", "2023"),
}


def _run(root: Path, which: str, tmp: Path):
    args = [a.replace("{tmp}", str(tmp)) for a in COMMANDS[which]]
    return Cli(root)(*args)


@pytest.mark.parametrize("which", sorted(COMMANDS))
@pytest.mark.parametrize("case", ["unneeded", "needed", "unneeded-first", "needed-first", "same-country"])
def test_a_broken_profile_fails_as_before(broken, tmp_path, monkeypatch, eager, which, case):
    """The file named is the first broken one in the order every file used to be read (countries
    in the command's order, years ascending), whether the answer needs it or not."""
    needed = _needed(broken, monkeypatch)
    old_unneeded = sorted((s, y) for s in (f"synth-{i:04d}" for i in range(1, 13)) for y in (2020, 2021)
                          if (s, y) not in needed and (s, y + 1) not in needed)
    assert len(old_unneeded) >= 4
    if case == "unneeded":
        first = [old_unneeded[1]]
    elif case == "needed":
        first = [("synth-0004", 2023)]
    elif case == "unneeded-first":  # an old file the answer does not need, in an earlier country
        first = [old_unneeded[0], ("synth-0011", 2023)]
    elif case == "needed-first":  # a needed file, then an unneeded one in a later country
        first = [("synth-0001", 2023), old_unneeded[-1]]
    else:  # one country: its old unneeded file is read before its needed one
        slug, year = old_unneeded[0]
        first = [(slug, year), (slug, 2023)]
    expected = [_break(broken, s, y) for s, y in first][0]
    lazy = _run(broken, which, tmp_path)
    assert lazy.exit_code == EXIT_INVALID_DATA, lazy.output
    assert expected in lazy.output
    assert lazy.output.count(".yaml:") == 1  # one file named, with its one problem
    assert not (tmp_path / "m.xlsx").exists()
    eager()
    before = _run(broken, which, tmp_path)
    assert (lazy.exit_code, lazy.output) == (before.exit_code, before.output)


def test_the_library_raises_the_same_problems(broken, monkeypatch, eager):
    needed = _needed(broken, monkeypatch)
    unneeded = next((f"synth-{i:04d}", 2020) for i in range(3, 13) if (f"synth-{i:04d}", 2020) not in needed)
    _break(broken, *unneeded)
    _break(broken, "synth-0012", 2023)
    with pytest.raises(DataError) as lazy:
        Repository(broken).matrix("synthetic", year=2023)
    eager()
    with pytest.raises(DataError) as before:
        Repository(broken).matrix("synthetic", year=2023)
    assert lazy.value.problems == before.value.problems
    assert lazy.value.problems[0].file.endswith(f"{unneeded[0]}/2020.yaml")


def test_a_broken_profile_up_to_the_year_only(broken):
    """A profile after the year was never read by the matrix, and still is not."""
    _break(broken, "synth-0003", 2023)
    assert Repository(broken).matrix("synthetic", year=2022).year == 2022
    with pytest.raises(DataError):
        Repository(broken).matrix("synthetic")


def test_a_single_country_still_checks_its_earlier_profiles(broken, monkeypatch, eager):
    needed = _needed(broken, monkeypatch)
    slug, year = next((s, y) for s in (f"synth-{i:04d}" for i in range(1, 13)) for y in (2020, 2021)
                      if (s, y) not in needed and (s, y + 1) not in needed)
    where = _break(broken, slug, year)
    for call in (lambda r: r.assess(slug), lambda r: r.gaps(slug), lambda r: r.diff(slug, 2022, 2023)):
        with pytest.raises(DataError) as lazy:
            call(Repository(broken))
        assert where.split(":")[0] in lazy.value.problems[0].file


# --------------------------------------------------------------------------- the pieces


def test_lazy_profiles_read_a_profile_on_first_use_only(checklist):
    from legalcheck.engine import LazyProfiles, assess_over_years

    entry = next(e for e in list_countries(ROOT) if len(e.years) >= 3)
    read: list[int] = []

    def load(year):
        read.append(year)
        return load_profile(ROOT, entry, year, checklist)

    lazy = LazyProfiles(entry.years, load)
    assert lazy.years == tuple(sorted(entry.years, reverse=True)) and read == []
    assert lazy[0].year == entry.years[-1] and lazy[0] is lazy[0] and read == [entry.years[-1]]
    older = lazy.up_to(entry.years[1])
    assert older.years == tuple(sorted(entry.years[:2], reverse=True))
    assert older[0] is lazy[1]  # what one has read, the other has
    assert read == [entry.years[-1], entry.years[1]]
    assert lazy.loaded() == [lazy[0], lazy[1]]
    every = [load_profile(ROOT, entry, y, checklist) for y in entry.years]
    for year in entry.years:
        assert assess_over_years(checklist, LazyProfiles(entry.years, load), year=year) == \
            assess_over_years(checklist, every, year=year)


def test_the_child_takes_the_least_likely_needed_first(checklist):
    """Furthest back from a year asked about first (country order within a distance), then the
    likely ones (the newest up to each year asked about, and the one before) from the last country
    backwards, so that the child and the answer, going forwards, meet in the middle."""
    entries = [e for e in list_countries(ROOT) if len(e.years) >= 2][:3]
    r = reading.Reading(ROOT, checklist, [(e, None) for e in entries], [(None,)] * 3)
    order = r._order([(None,)] * 3)
    years = [e.years for e in entries]
    likely = {(k, y) for k, ys in enumerate(years) for y in ys[-2:]}
    assert order[len(order) - len(likely):] == sorted(likely, key=lambda f: (-f[0], -f[1]))
    unlikely = order[:len(order) - len(likely)]
    distance = {(k, y): len(ys) - 1 - ys.index(y) for k, ys in enumerate(years) for y in ys}
    assert unlikely == sorted(unlikely, key=lambda f: (-distance[f], f[0]))
    assert set(order) == {(k, y) for k, ys in enumerate(years) for y in ys}
    # a diff's two years: both newest profiles up to them are sure to be read
    two = r._order([(years[0][0], years[0][-1])] + [(None,)] * 2)
    assert (0, years[0][0]) in two[len(two) - len(r._likely):]
    r.close()


@pytest.mark.parametrize("max_sent", [0, 1 << 30])
def test_a_broken_likely_file_the_answer_does_not_need(broken, tmp_path, monkeypatch, eager, max_sent):
    """The file before the newest (likely to be needed, so the child sends it back whole, or with
    nothing left to send leaves it to the answer's reading) is still checked when the answer does
    not need it."""
    needed = _needed(broken, monkeypatch)
    slug = next(f"synth-{i:04d}" for i in range(1, 13) if (f"synth-{i:04d}", 2022) not in needed)
    where = _break(broken, slug, 2022)
    monkeypatch.setattr(reading, "MAX_SENT", max_sent)
    lazy = _run(broken, "matrix", tmp_path)
    assert lazy.exit_code == EXIT_INVALID_DATA and where in lazy.output
    eager()
    before = _run(broken, "matrix", tmp_path)
    assert (lazy.exit_code, lazy.output) == (before.exit_code, before.output)


def test_the_check_runs_in_a_child_and_changes_nothing(synthetic, eager, monkeypatch):
    """On Linux with two cores the other files are checked in a forked child, which also sends back
    profiles the answer needs: the answers are the same as the old reading's."""
    import legalcheck.parallel as parallel

    forked: list[bool] = []
    real = parallel.Background.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        forked.append(self.forked)

    monkeypatch.setattr(parallel.Background, "__init__", spy)
    repo = Repository(synthetic)
    lazy = [repo.matrix("synthetic", year=2023, all_indicators=True), repo.matrix("synthetic", year=2022),
            repo.matrix("synthetic")]
    assert forked and (all(forked) or not parallel.fork_wanted(1 << 20, 1))
    eager()
    assert lazy == [repo.matrix("synthetic", year=2023, all_indicators=True), repo.matrix("synthetic", year=2022),
                    repo.matrix("synthetic")]


# --------------------------------------------------------------------------- whole answers from the child


def _reading_of(repo: Repository, years: tuple[int, ...]) -> reading.Reading:
    """The reading ``region_diff`` makes of the synthetic region as of ``years``."""
    entries = [repo.country(s) for s in repo.region("synthetic").members]
    return repo._reading(repo.checklist, entries, years)


def test_the_child_works_out_a_country_s_answer_before_its_likely_files(synthetic):
    """From the last country backwards, each country's answer comes before its likely files, so that
    the files it reads are read once; the unlikely files still come first."""
    repo = Repository(synthetic)
    r = _reading_of(repo, (2021, 2023))
    order = r._order([(2021, 2023)] * len(r._entries))
    countries = [item for item in order if isinstance(item, int)]
    assert countries == sorted(range(len(r._entries)), reverse=True)
    for k in countries:
        at = order.index(k)
        assert all(order.index(f) > at for f in r._likely if f[0] == k)
    assert [f for f in order if not isinstance(f, int) and f not in r._likely] == order[:len(r._files) - len(r._likely)]
    r.close()


def test_an_answer_from_the_child_is_the_answer_worked_out_here(synthetic, monkeypatch):
    """``_country`` (what the child runs) gives the pickled answer ``assess`` would work out, and the
    files it read; ``assess`` takes it, and the files count as read: no file is checked twice."""
    import pickle

    from legalcheck.engine import assess_years

    monkeypatch.setenv("LEGALCHECK_NO_FORK", "1")
    repo = Repository(synthetic)
    years = (2022, 2023)
    r = _reading_of(repo, years)
    r._parent = -1  # as the child sees it
    k = 5
    sent, files = r._country(k)
    assert {y for _, y in files} >= {2022, 2023} and all(c == k for c, _ in files)  # both years' profiles, at least
    assert len(set(files)) == len(files)
    here = assess_years(repo.checklist, r.profiles(k), years)
    assert pickle.loads(sent[0]) == here
    assert all(r._check_file(f) is None for f in files)  # the child's own checks of them: done already
    r.close()

    # the parent: country k's answer arrives from the child; the other countries are worked out here
    r = _reading_of(repo, years)
    r._parent = -1
    answer = r._country(k)
    r._parent, r._done = os.getpid(), set()
    slug = r._entries[k].slug
    with monkeypatch.context() as m:
        reads = Reads(m)
        assert r._background is not None
        real_poll = r._background.poll
        m.setattr(r._background, "poll", lambda: {**real_poll(), k: answer})
        assert r.assess(k, (years, None)) == here
        assert answer[0] == []  # the pickle is let go of once used
        for other in range(len(r._entries)):
            if other != k:
                r.assess(other, (years, None))
        r.finish()
    assert not any(s == slug for s, _ in reads.loaded)  # nothing of country k read here
    checked = [(s, y) for s, y in reads.checked if s == slug]  # only its files the answer did not read
    assert sorted(checked) == sorted({(slug, y) for y in r_years(repo, slug, 2023)} - {(slug, y) for _, y in answer[1]})


def test_answers_sent_meanwhile_are_taken_in_before_one_is_worked_out_here(synthetic, monkeypatch):
    """Asked to (``take_in``, the regional diff), before working a country out itself this process
    takes in (unpickles) the answers the child has sent since it last looked, so that it works out
    fewer countries and the two processes finish together; an answer taken in is the one used later,
    and its files count as read. Not asked to (the matrix), it leaves them until used."""
    from legalcheck.engine import assess_years

    monkeypatch.setenv("LEGALCHECK_NO_FORK", "1")
    repo = Repository(synthetic)
    years = (2022, 2023)
    for take_in in (False, True):
        r = _reading_of(repo, years)
        r._take_in = take_in
        last = len(r._entries) - 1
        r._parent = -1  # as the child sees it: the last two countries' answers
        sent = {k: r._country(k) for k in (last, last - 1)}
        r._parent, r._done = os.getpid(), set()
        assert r._background is not None
        with monkeypatch.context() as m:
            real_poll = r._background.poll
            m.setattr(r._background, "poll", lambda: {**real_poll(), **sent})
            r._background.arrived.extend(sent)
            r.assess(0, (years, None))  # worked out here
            if not take_in:
                assert not r._taken and all(len(pickle) == 1 for pickle, _ in sent.values())
                r.close()
    here = {k: assess_years(repo.checklist, r.profiles(k), years) for k in sent}
    with monkeypatch.context() as m:
        reads = Reads(m)
        real_poll = r._background.poll
        late = {0: ([b"never unpickled"], ())}  # the child's answer for a country worked out here already
        m.setattr(r._background, "poll", lambda: {**real_poll(), **sent, **late})
        assert sorted(r._taken) == sorted(sent) and all(pickle == [] for pickle, _ in sent.values())
        assert r._read >= {f for _, files in sent.values() for f in files}
        r._background.arrived.append(0)
        for k in sent:
            assert r.assess(k, (years, None)) == here[k]
        assert not r._taken
        for other in range(1, last - 1):
            r.assess(other, (years, None))
        assert late[0][0] == [b"never unpickled"] and not r._taken  # left alone: never asked for
        r.finish()
    slugs = {r_slug for r_slug in (repo.region("synthetic").members[k] for k in sent)}
    assert not any(s in slugs for s, _ in reads.loaded)  # nothing of those countries read here


def r_years(repo: Repository, slug: str, up_to: int) -> list[int]:
    return [y for y in repo.country(slug).years if y <= up_to]


def test_a_broken_file_an_answer_needs_is_left_to_this_process(broken):
    """In the child, a country whose answer needs a broken file raises (the child sends nothing for
    it), and the parent, working it out, names the file as before."""
    repo = Repository(broken)
    where = _break(broken, "synth-0006", 2023)
    r = _reading_of(repo, (2021, 2023))
    r._parent = -1
    with pytest.raises(DataError) as e:
        r._country(5)
    assert where in str(e.value.problems[0]) or where.split(":")[0] in str(e.value.problems[0])
    r.close()


def test_the_child_s_answers_change_nothing(synthetic, eager, monkeypatch):
    """Matrices and regional diffs with the child working out answers equal the old reading's."""
    repo = Repository(synthetic)
    lazy = [repo.region_diff(2020, 2023, region="synthetic"), repo.region_diff(2021, 2022, region="synthetic"),
            repo.matrix("synthetic", year=2022, all_indicators=True)]
    eager()
    assert lazy == [repo.region_diff(2020, 2023, region="synthetic"), repo.region_diff(2021, 2022, region="synthetic"),
                    repo.matrix("synthetic", year=2022, all_indicators=True)]
