"""The rapidyaml path of the loader gives exactly what the libyaml path gives, or steps aside.

``yamlload._ryml_data`` (rapidyaml's tree, written as JSON and decoded) is tried first on every
file from the 65th a process parses (in the main thread); whatever it returns must be what ``_event_data`` and ``_full_parse`` (the libyaml paths,
which type scalars by the YAML 1.2 core schema, refuse tags, anchors, aliases and duplicate keys,
and word every problem) give for the same text. Checked on every YAML file in the repository
(bundled checklist and profiles, fixtures, docs), on every file the hardening corpus builds, and
on a battery of scalars and shapes.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

import pytest

from legalcheck.errors import DataError
from legalcheck.yamlload import MAX_BYTES, _FALLBACK, _event_data, _full_parse, _ryml_data, parse_text

from .conftest import ROOT
from .hardening.cases import CASES

REPO = Path(__file__).resolve().parent.parent


def typed(value):
    """A value with its types spelt out, so 1 == 1.0 == True do not hide a difference."""
    if isinstance(value, dict):
        return ("dict", [(k.__class__.__name__, k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (value.__class__.__name__, value)


def libyaml(text: str):
    """What the loader gave before rapidyaml: the event path, else the full parse (or its problems)."""
    data = _event_data(text)
    if data is not _FALLBACK:
        return typed(data)
    try:
        return typed(_full_parse(text, "f.yaml").data)
    except DataError as e:
        return ("problems", [str(p) for p in e.problems])


def check(text: str) -> bool:
    """rapidyaml's answer equals libyaml's; True if rapidyaml answered."""
    data = _ryml_data(text)
    if data is _FALLBACK:
        return False
    assert typed(data) == libyaml(text), text[:300]
    return True


def texts_under(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".venv", ".git", "node_modules", "__pycache__")]
        for name in filenames:
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
                continue
            try:
                out[path] = Path(path).read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                continue
    return out


def test_every_yaml_file_of_the_repository(capfd):
    texts = texts_under(REPO)
    assert len(texts) > 40
    answered = [path for path, text in texts.items() if check(text)]
    # rapidyaml must do the work on ordinary data, or the fast path is lost without a word; a
    # profile whose quotes keep the page's line breaks as double-quoted escapes ("...\\n...") is
    # left to libyaml on purpose, so most profiles, not all, take the fast path
    profiles = [p for p in texts if os.path.join("countries", "") in p and p.startswith(str(ROOT))]
    assert profiles and sum(p in answered for p in profiles) >= 0.75 * len(profiles)
    assert capfd.readouterr().err == ""  # neither parser writes to stderr


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_file_the_hardening_corpus_builds(case, repo, tmp_path_factory, capfd):
    tmp = tmp_path_factory.mktemp("scratch")
    try:
        case.build(repo, tmp)
    except Exception:  # noqa: BLE001 - a case that needs more than files (tested in test_corpus)
        pytest.skip("builds more than files")
    texts = {**texts_under(repo), **texts_under(tmp)}
    assert texts  # at least the checklist the repo fixture copies: the loop below compares something
    for text in texts.values():
        check(text)
    assert capfd.readouterr().err == ""


SCALARS = [
    "~", "null", "Null", "NULL", "", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "No", "NO", "on",
    "off", "y", "0", "-0", "+0", "00", "017", "0o17", "0O17", "0x1F", "0X1f", "0b11", "+1", "-1", "1_000",
    "12", "2022", "1.", "1.0", "1.10", ".5", "-.5", "+.5", "5e3", "5E+3", "1e-2", "-1.5e3", ".inf", "-.inf", "+.inf",
    ".Inf", ".INF", ".nan", ".NaN", ".NAN", "nan", "inf", "Infinity", "NaN", "-Infinity", "2024-01-31",
    "2024-13-01", "12:30", "1:2:3", "9" * 30, "9" * 5000, "0.1.2", "1e", "e5", "- a", "a b", "-", "--", "-x",
    "?", "? x", "x #c", "#c", "a:b", "'x'", "'2022'", "\"2022\"", "'true'", "\"null\"", "''", "\"\"", "'~'",
    "'0x1F'", "\"1.0\"", "'.inf'", "' lead'", "'it''s'", "\"a\\tb\"", "[]", "{}", "[1, '2', x]", "{a: 1}",
    "[a, [b, [c]]]", "{a: {b: 2022}}", "[, a]", "[a, ]", "{a}", "{: x}", "Côte d’Ivoire", "s. 4[a]", "a\u00a0b",
    "a\u2028b", "\U0001f600",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_plain_and_in_lists_and_as_keys(scalar, capfd):
    for text in (f"k: {scalar}\n", f"- {scalar}\n- x\n", f"{scalar}: v\n", f"k: [{scalar}]\n",
                 f"{scalar}\n", f"a:\n  b: {scalar}\n  c: {scalar}\n"):
        check(text)
    assert capfd.readouterr().err == ""


SHAPES = [
    "a: 1\na: 2\n", "a:\n  b: 1\n  b: 1\n", "a: 1\nb:\n", "a:\n- 1\n- 2\n", "a:\n  - 1\n  -\n", "- - - x\n",
    "a: |\n  one\n  two\n", "a: |-\n  one\n\n", "a: |+\n  one\n\n", "a: >\n  one\n  two\n\n  three\n",
    "a: >-\n  x\n", "a: |\n", "a: >\n\nb: 1\n", "a: plain\n  continued\n\n  after blank\n",
    "a: 'single\n  folded'\n", "a: \"double\n\n  folded\"\n", "a: x # comment\n# only\n", "# only comments\n", "",
    "\n\n", "a: 1\n---\nb: 2\n", "? a\n: 1\n", "? [a]\n: 1\n", "[a]: 1\n", "{a: 1}: 2\n", "a: {b: [1, {c: d}]}\n",
    "a:\n  b: 1\n c: 2\n", "a: b: c\n", "a: [1, 2\n", "a: 'open\n", "k: v\nk2:\tv\n", "- a\nb: 1\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 45)), "a: " + "[" * 45 + "]" * 45 + "\n",
    "x" * 2000 + ": 1\n", "a: " + "y " * 3000 + "\n", "a: 1\r\nb: 2\r\n", "a: 'x'\nb: \"y\"\n",
    "sources:\n- id: s\n  date: '2022'\n  title: In 2022, a report\n", "a: 2022\nb: '2022'\n",
    "a: '0x1F'\nb: 0x1F\n", "a: 'y'\nb: n\n", "top: scalar\n  bad: indent\n", "just text\n", "'quoted root'\n",
    "- 1\n- '1'\n- 1.0\n- '1.0'\n- true\n- 'true'\n- null\n- 'null'\n- ''\n-\n",
    # found by fuzzing, where rapidyaml 0.15 reads otherwise: a block scalar ending the text with no
    # line break, the Unicode line/paragraph separators, a '?' key in a flow mapping
    "notes: >\n  text here", "notes: |\n  text here", "a: x\u2028 y\n", "a: x\u2029 y\n", "\u2028notes: 1\n",
    "{?fact: x, is: 1}\n", "a: [? b]\n", "a: 1", "a: x\x85 y\n",
]


@pytest.mark.parametrize("text", SHAPES)
def test_shapes(text, capfd):
    check(text)
    assert capfd.readouterr().err == ""


def test_rapidyaml_answers_much_of_the_battery():
    """``check`` passes whenever rapidyaml steps aside, so the two tests above compare something only
    where it answers: it must answer most scalar texts and a good share of the shapes (370 of 618
    and 25 of 55 with rapidyaml 0.15), or a fast path that always steps aside would pass them."""
    scalar_texts = [t for s in SCALARS for t in (f"k: {s}\n", f"- {s}\n- x\n", f"{s}: v\n", f"k: [{s}]\n",
                                                  f"{s}\n", f"a:\n  b: {s}\n  c: {s}\n")]
    assert sum(check(t) for t in scalar_texts) >= len(scalar_texts) // 2
    assert sum(check(t) for t in SHAPES) >= len(SHAPES) // 3
    assert check("k: 2022\n") and check("a:\n  - x\n  - 'y'\n")  # plain data is always answered


def test_rapidyaml_answers_ordinary_profiles_and_parse_text_uses_it(monkeypatch):
    from legalcheck import yamlload

    text = (ROOT / "countries" / "nepal").glob("*.yaml").__next__().read_text(encoding="utf-8")
    assert _ryml_data(text) is not _FALLBACK
    answers = []

    def spy(t):
        answers.append(data := _ryml_data(t))
        return data

    monkeypatch.setattr(yamlload, "_ryml_data", spy)
    monkeypatch.setattr(yamlload, "_parsed", yamlload._RYML_AFTER)  # as from the 65th file a run parses
    assert typed(parse_text(text, "f.yaml").data) == libyaml(text)
    assert len(answers) == 1 and answers[0] is not _FALLBACK


def test_another_thread_takes_the_libyaml_paths_and_leaves_stderr_alone():
    """rapidyaml's complaints are silenced by pointing file descriptor 2 elsewhere for a moment: the
    whole process's. Two threads doing it at once could leave it pointing at the null device for
    good, so only the main thread uses rapidyaml."""
    import threading

    text = (ROOT / "countries" / "nepal").glob("*.yaml").__next__().read_text(encoding="utf-8")
    before = os.fstat(2)
    got = []
    threads = [threading.Thread(target=lambda: got.extend(_ryml_data(text) for _ in range(50))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got and all(g is _FALLBACK for g in got)
    after = os.fstat(2)
    assert (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino)


def test_a_path_through_a_link_and_dotdot_stays_inside_the_data(tmp_path):
    """The kernel follows a link before it applies '..', where abspath folds '..' as text: a path
    'countries/evil/../2022.yaml' with 'evil' a link out of the data must be refused, as before the
    cheaper look-up (it was read from outside the data, shown as if inside)."""
    from legalcheck.yamlload import read_bytes

    data, outside = tmp_path / "data", tmp_path / "outside"
    (data / "countries").mkdir(parents=True)
    (outside / "sub").mkdir(parents=True)
    (outside / "2022.yaml").write_text("secret: 1\n", encoding="utf-8")
    (data / "countries" / "evil").symlink_to(outside / "sub")
    with pytest.raises(DataError):
        read_bytes(data / "countries" / "evil" / ".." / "2022.yaml", within=data)


def test_a_quoted_number_too_long_for_int_is_text_on_every_path():
    """A quoted string of more than 4,300 digits (Python's limit on turning text into an int): the
    rapidyaml path once asked int() whether it could be a number and crashed with a traceback; it is
    text, as on the libyaml paths, and the same number unquoted is refused with its line."""
    from legalcheck.yamlload import expecting_many

    quoted = 'note: "' + "1" * 5000 + '"\nyear: 2024\n'
    assert _ryml_data(quoted) == _event_data(quoted) == {"note": "1" * 5000, "year": 2024}
    alone = '"' + "1" * 5000 + '"\n'  # the whole document
    assert _ryml_data(alone) == _event_data(alone) == "1" * 5000
    with expecting_many():
        assert parse_text(quoted, "p.yaml").data["note"] == "1" * 5000
        with pytest.raises(DataError) as e:
            parse_text("note: " + "1" * 5000 + "\n", "p.yaml")
    assert e.value.problems[0].line == 1
