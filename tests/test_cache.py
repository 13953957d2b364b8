"""The validated-data cache: it may make runs faster, never different.

Each test points the cache at its own directory and checks real behaviour through the CLI: edits
are seen, problems are reported on every run, a damaged or unusable cache is ignored.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from legalcheck import cache, data, yamlload

from .conftest import PROFILE_HEAD, ROOT, Cli, killed_when_it_says, profile

GROOMING = """
    grooming:
      facts:
        criminalised: {value: %s, citation: {source: src}}
        requires_meeting_acts: {value: false, citation: {source: src}}
        explicit_ict: {value: true, citation: {source: src}}
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("LEGALCHECK_CACHE_DIR", str(d))
    monkeypatch.delenv("LEGALCHECK_NO_CACHE", raising=False)
    return d


def rating(cli: Cli, country: str = "testland") -> str:
    r = cli("assess", country, "-f", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["results"][0]["rating"]


def entries(cache_dir) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for p in cache_dir.rglob("*.pickle"):
        kinds[p.name.split("-")[0]] = kinds.get(p.name.split("-")[0], 0) + 1
    return kinds


def no_parsing(monkeypatch):
    """Make any YAML parsing of a profile fail loudly, to prove a run was served from the cache."""
    def boom(*args, **kwargs):
        raise AssertionError("parsed a profile")

    monkeypatch.setattr(data, "parse_bytes", boom)


def test_second_run_is_served_from_the_cache(repo, cache_dir, monkeypatch):
    profile(repo, GROOMING % "true")
    cli = Cli(repo)
    assert rating(cli) == "yes"
    assert entries(cache_dir) == {"checklist": 1, "profile": 1}
    no_parsing(monkeypatch)
    assert rating(cli) == "yes"


def test_an_edited_profile_is_seen(repo, cache_dir):
    path = profile(repo, GROOMING % "true")
    cli = Cli(repo)
    assert rating(cli) == "yes"
    stat = path.stat()
    text = path.read_text()
    path.write_text(text.replace("requires_meeting_acts: {value: false", "requires_meeting_acts: {value: true "))
    # Same size and modification time as before: only the content says it changed.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert rating(cli) == "partial"


def test_an_edited_checklist_rechecks_cached_profiles(repo, cache_dir):
    profile(repo, GROOMING % "true")
    cli = Cli(repo)
    assert cli("validate").exit_code == 0
    rules = repo / "checklist" / "grooming.yaml"
    rules.write_text(rules.read_text().replace("explicit_ict", "explicit_online"))
    r = cli("validate")
    assert r.exit_code == 4
    assert "indicator 'grooming' has no fact 'explicit_ict'" in r.stderr


def test_a_bad_profile_is_never_cached_and_reported_every_time(repo, cache_dir):
    profile(repo, GROOMING % "Yes")
    cli = Cli(repo)
    for _ in range(2):
        r = cli("validate")
        assert r.exit_code == 4
        assert "expected true or false, got 'Yes'" in r.stderr
    assert entries(cache_dir) == {"checklist": 1}


def test_a_damaged_cache_is_ignored(repo, cache_dir):
    profile(repo, GROOMING % "true")
    cli = Cli(repo)
    assert rating(cli) == "yes"
    for p in cache_dir.rglob("*.pickle"):
        p.write_bytes(p.read_bytes()[:20])  # truncated
    assert rating(cli) == "yes"
    for p in cache_dir.rglob("*.pickle"):
        p.write_bytes(b"not a pickle at all")
    assert rating(cli) == "yes"


def test_an_unusable_cache_directory_is_ignored(repo, tmp_path, monkeypatch):
    profile(repo, GROOMING % "true")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("LEGALCHECK_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert rating(Cli(repo)) == "yes"
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # others could plant pickles here: not used
    monkeypatch.setenv("LEGALCHECK_CACHE_DIR", str(shared))
    assert rating(Cli(repo)) == "yes"
    assert list(shared.iterdir()) == []


def test_the_cache_can_be_turned_off(repo, cache_dir, monkeypatch):
    profile(repo, GROOMING % "true")
    monkeypatch.setenv("LEGALCHECK_NO_CACHE", "1")
    assert rating(Cli(repo)) == "yes"
    assert not cache_dir.exists()
    no_parsing(monkeypatch)
    r = Cli(repo)("assess", "testland")
    assert r.exit_code == 70  # it really parsed, rather than reading a cache


def test_bundled_data_through_the_cache_matches_a_cold_load(cache_dir, monkeypatch):
    cold = Cli()("assess", "nepal", "-f", "json", env={"LEGALCHECK_NO_CACHE": "1"}).stdout
    first = Cli()("assess", "nepal", "-f", "json").stdout
    second = Cli()("assess", "nepal", "-f", "json").stdout
    assert cold == first == second
    assert json.loads(second)["country"]["name"] == "Nepal"
    assert entries(cache_dir)["profile"] >= 1 and (ROOT / "countries" / "nepal").is_dir()


def test_many_countries_are_looked_up_with_one_listing_and_one_reading(repo, monkeypatch):
    """resolve_countries stays linear: the directory is listed once, each profile's identity read once."""
    for i in range(30):
        head = PROFILE_HEAD.replace("Testland", f"Nation {i}").replace("TL", f"T{chr(65 + i % 26)}")
        profile(repo, GROOMING % "true", slug=f"land-{i}", head=head)
    calls = {"list": 0, "identity": 0}
    real_list, real_identity = data.list_countries, data.country_identity

    def counting_list(root):
        calls["list"] += 1
        return real_list(root)

    def counting_identity(entry):
        calls["identity"] += 1
        return real_identity(entry)

    monkeypatch.setattr(data, "list_countries", counting_list)
    monkeypatch.setattr(data, "country_identity", counting_identity)
    queries = [f"land-{i}" for i in range(15)] + [f"Nation {i}" for i in range(15, 30)]
    found = data.resolve_countries(repo, queries)
    assert [e.slug for e in found] == [f"land-{i}" for i in range(30)]
    assert calls == {"list": 1, "identity": 30}


def test_entries_of_an_older_code_version_are_removed(repo, cache_dir):
    profile(repo, GROOMING % "true")
    old = cache_dir / "code-0123456789abcdef"
    old.mkdir(parents=True)
    (old / "profile-stale.pickle").write_bytes(b"from an older legalcheck")
    assert rating(Cli(repo)) == "yes"
    assert not old.exists()
    assert entries(cache_dir) == {"checklist": 1, "profile": 1}


def test_file_names_follow_the_working_directory(repo, cache_dir, tmp_path, monkeypatch):
    profile(repo, GROOMING % "true")
    monkeypatch.chdir(repo)
    here = Cli(repo)("assess", "testland", "-f", "json")
    monkeypatch.chdir(tmp_path.parent)
    there = Cli(repo)("assess", "testland", "-f", "json")
    assert json.loads(here.stdout)["profile"] == os.path.join("countries", "testland", "2024.yaml")
    assert json.loads(there.stdout)["profile"].endswith(os.path.join(repo.name, "countries", "testland", "2024.yaml"))


def test_default_location_follows_xdg_and_never_the_working_directory(tmp_path, monkeypatch):
    from legalcheck import cache

    monkeypatch.delenv("LEGALCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "legalcheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec says to ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "legalcheck"
    monkeypatch.setenv("HOME", "not-absolute")
    monkeypatch.chdir(tmp_path)
    assert cache.directory() is None
    assert not (tmp_path / "not-absolute").exists()


# --------------------------------------------------------------------------- stale results (issue 10)

GROOMING_TITLE = b"title: Criminalising grooming of children for sexual purposes"


def test_an_edit_while_the_rules_are_read_is_not_served_once_undone(repo, cache_dir, monkeypatch):
    """Someone saves a rule file just as legalcheck reads the rules, then undoes the edit. The rules
    must be hashed from the bytes that were parsed; hashed from one read and parsed from another,
    the edited title was served from the cache long after the file was restored."""
    rule = repo / "checklist" / "grooming.yaml"
    original = rule.read_bytes()
    edited = original.replace(GROOMING_TITLE, b"title: EDITED title of the grooming indicator")
    assert edited != original
    real_read = yamlload.read_bytes
    saved = []

    def read_while_saving(path, within=None):
        if Path(path).name == "grooming.yaml" and not saved:
            saved.append(path)
            rule.write_bytes(edited)  # the editor saves between legalcheck's stat and its read
        return real_read(path, within)

    monkeypatch.setattr(yamlload, "read_bytes", read_while_saving)
    monkeypatch.setattr(data, "read_bytes", read_while_saving)
    data.load_checklist(repo)  # whatever it shows now, it read the file while it was being saved
    assert saved
    rule.write_bytes(original)  # the edit is undone
    assert data.load_checklist(repo).get("grooming").title == "Criminalising grooming of children for sexual purposes"
    assert entries(cache_dir)["checklist"] >= 1  # the cache was in use


def _run_copy(src: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LEGALCHECK_DATA", "LEGALCHECK_NO_CACHE")}
    env.update(PYTHONPATH=str(src), PYTHONDONTWRITEBYTECODE="1", LEGALCHECK_CACHE_DIR=str(cache))
    code = "import sys; from legalcheck.cli import main; sys.argv = ['legalcheck', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, "--data", str(ROOT), *args], capture_output=True, text=True, env=env)


def test_a_code_edit_that_keeps_size_and_time_is_seen(tmp_path):
    """The code key follows the modules' content: an edit of the same size, with its modification
    time put back (a checkout, a copy with -p, a build tool), must not be served the old result."""
    src = tmp_path / "src"
    shutil.copytree(Path(data.__file__).parent, src / "legalcheck",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    store = tmp_path / "cache"
    first = _run_copy(src, store, "checklist", "-f", "json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["title"].startswith("Legal Checklist")
    module = src / "legalcheck" / "data.py"
    before = module.stat()
    text = module.read_text(encoding="utf-8")
    swapped = text.replace("Checklist(index.title, index.version,", "Checklist(index.version, index.title,")
    assert swapped != text and len(swapped) == len(text)
    module.write_text(swapped, encoding="utf-8")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert module.stat().st_size == before.st_size and module.stat().st_mtime_ns == before.st_mtime_ns
    second = _run_copy(src, store, "checklist", "-f", "json")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["title"] == json.loads(first.stdout)["version"]  # the edited code ran


def test_the_code_key_names_the_yaml_and_validation_libraries():
    import pydantic
    import yaml

    versions = cache._versions()
    assert f"PyYAML-{yaml.__version__}".lower() in versions.lower()
    assert f"pydantic-{pydantic.VERSION}" in versions
    assert "pydantic_core-" in versions


# --------------------------------------------------------------------------- entries others could plant


def _planted_checklist(repo: Path, cache_dir: Path) -> Path:
    """Fill the cache from ``repo``, then replace its checklist entry by one with another title."""
    real = data.load_checklist(repo)
    [entry] = cache_dir.glob("code-*/checklist-*.pickle")
    entry.write_bytes(pickle.dumps(dataclasses.replace(real, title="Planted by another user")))
    return entry


def test_a_code_folder_others_can_write_to_is_not_trusted(repo, cache_dir):
    """Hardening issue 16, item 9: ownership and mode were checked on the top folder only, so an
    entry in a world-writable code-* folder was read (and, being a pickle, could run code)."""
    entry = _planted_checklist(repo, cache_dir)
    entry.parent.chmod(0o777)
    assert data.load_checklist(repo).title.startswith("Legal Checklist")
    entry.parent.chmod(0o700)
    assert data.load_checklist(repo).title == "Planted by another user"  # the same entry, from a safe folder


def test_an_entry_others_can_write_to_is_not_trusted(repo, cache_dir):
    entry = _planted_checklist(repo, cache_dir)
    entry.chmod(0o666)
    assert data.load_checklist(repo).title.startswith("Legal Checklist")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_an_entry_owned_by_another_user_is_not_trusted(repo, cache_dir):
    entry = _planted_checklist(repo, cache_dir)
    os.chown(entry, 65534, 65534)
    assert data.load_checklist(repo).title.startswith("Legal Checklist")


class _Runs:
    """A pickle that calls Path.touch when loaded: what a planted entry would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_an_entry_cannot_run_code_when_read(repo, cache_dir, tmp_path):
    data.load_checklist(repo)
    [entry] = cache_dir.glob("code-*/checklist-*.pickle")
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(_Runs(marker)))
    assert data.load_checklist(repo).title.startswith("Legal Checklist")
    assert not marker.exists()


def test_a_cache_below_a_folder_others_can_write_to_is_not_used(repo, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # writable by all, without the sticky bit /tmp has
    monkeypatch.setenv("LEGALCHECK_CACHE_DIR", str(shared / "cache"))
    monkeypatch.delenv("LEGALCHECK_NO_CACHE", raising=False)
    profile(repo, GROOMING % "true")
    assert rating(Cli(repo)) == "yes"
    assert not list((shared / "cache").rglob("*.pickle"))


# --------------------------------------------------------------------------- no temporary file left behind


def temporary_files(cache_dir: Path) -> list[str]:
    """Every temporary entry file in the cache, wherever it is."""
    return sorted(p.name for p in cache_dir.rglob(".tmp.*"))


@pytest.mark.parametrize("stop", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["an error", "ctrl-c"])
def test_a_store_stopped_while_pickling_leaves_no_temporary_file(repo, cache_dir, monkeypatch, stop):
    checklist = data.load_checklist(repo)
    [entry] = cache_dir.glob("code-*/checklist-*.pickle")
    entry.unlink()
    real_dump = pickle.dump

    def half_then_stopped(obj, f, *args, **kwargs):
        f.write(pickle.dumps(obj)[:100])
        f.flush()
        assert temporary_files(cache_dir) != []  # the temporary file really is there now
        raise stop

    monkeypatch.setattr(pickle, "dump", half_then_stopped)
    key = ("stopped",)
    if isinstance(stop, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            cache.store("checklist", key, checklist)
    else:
        cache.store("checklist", key, checklist)  # an error: the cache is just left as it was
    assert temporary_files(cache_dir) == []
    assert cache.load("checklist", key, type(checklist)) is None
    monkeypatch.setattr(pickle, "dump", real_dump)
    cache.store("checklist", key, checklist)  # and the next store works
    assert cache.load("checklist", key, type(checklist)) == checklist
    assert temporary_files(cache_dir) == []


def test_a_store_interrupted_just_as_its_file_is_made_leaves_nothing(repo, cache_dir, monkeypatch):
    """Ctrl-C (or SIGTERM, through legalcheck's handler) handled the moment the temporary file has
    been created, before the call that made it has returned its name: with tempfile.mkstemp the
    empty file stayed in the cache for ever."""
    checklist = data.load_checklist(repo)
    real_open = os.open

    def made_then_interrupted(path, flags, *args, **kwargs):
        fd = real_open(path, flags, *args, **kwargs)
        if os.path.basename(path).startswith(".tmp."):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(os, "open", made_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.store("checklist", ("interrupted",), checklist)
    monkeypatch.setattr(os, "open", real_open)
    assert temporary_files(cache_dir) == []


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(repo, cache_dir):
    """What a killed run left is removed by the next run that writes; a file another run may be
    writing right now (written to recently), and anything not named as the cache names its
    temporary files, is left alone."""
    profile(repo, GROOMING % "true")
    code = cache._entry("checklist", ("any",)).parent
    scratch = code / "tmp"
    scratch.mkdir(parents=True, mode=0o700)
    old_time = time.time() - cache.STALE_AFTER - 60
    stale = scratch / ".tmp.01234567.pickle"
    stale.write_bytes(b"half an entry of a killed run")
    os.utime(stale, (old_time, old_time))
    fresh = scratch / ".tmp.fedcba98.pickle"
    fresh.write_bytes(b"being written by another run")
    other = scratch / "notes.txt"
    other.write_text("not the cache's")
    os.utime(other, (old_time, old_time))
    assert rating(Cli(repo)) == "yes"  # a run that writes entries
    assert sorted(p.name.split("-")[0] for p in code.glob("*.pickle")) == ["checklist", "profile"]
    assert sorted(p.name for p in scratch.iterdir()) == [fresh.name, other.name]
    assert fresh.read_bytes() == b"being written by another run"


def test_a_store_killed_outright_is_cleaned_up_by_a_later_run(repo, cache_dir):
    """SIGKILL, which no clean-up survives, in the middle of writing an entry: the temporary file
    stays, in the cache's tmp folder and nowhere else, and goes once it is stale."""
    script = (
        "import sys, time\n"
        "from legalcheck import cache\n"
        "class Slow:\n"
        "    def __reduce__(self):\n"
        "        print('writing', flush=True)\n"
        "        time.sleep(600)\n"
        "cache.store('checklist', ('killed',), Slow())\n"
    )
    killed_when_it_says(script, "writing", env=dict(os.environ, LEGALCHECK_CACHE_DIR=str(cache_dir)))
    [left] = cache_dir.glob("code-*/tmp/.tmp.*.pickle")
    assert temporary_files(cache_dir) == [left.name]
    assert cache.remove_stale(left.parent) == []  # too recent: it could be another run's
    old_time = left.stat().st_mtime - cache.STALE_AFTER - 1
    os.utime(left, (old_time, old_time))
    profile(repo, GROOMING % "true")
    assert rating(Cli(repo)) == "yes"
    assert temporary_files(cache_dir) == []
