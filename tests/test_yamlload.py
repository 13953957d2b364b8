"""The strict loader's answers to YAML 1.1's traps, each with the file and line."""

from __future__ import annotations

import pytest

from legalcheck.errors import DataError
from legalcheck.yamlload import load_file, parse_bytes, parse_text


def problems(text: str) -> list[str]:
    with pytest.raises(DataError) as e:
        parse_text(text, "f.yaml")
    return [str(p) for p in e.value.problems]


def test_norway_yes_no_on_off_stay_text():
    d = parse_text("iso2: NO\na: Yes\nb: No\nc: on\nd: off\ne: true\nf: FALSE\n", "f.yaml").data
    assert d == {"iso2": "NO", "a": "Yes", "b": "No", "c": "on", "d": "off", "e": True, "f": False}


def test_keys_are_kept_as_written():
    d = parse_text("NO: 1\nyes: 2\n2022: 3\n", "f.yaml").data
    assert list(d) == ["NO", "yes", "2022"]


def test_dates_stay_strings_even_invalid_ones():
    d = parse_text("a: 2024-01-31\nb: 2024-13-01\n", "f.yaml").data
    assert d == {"a": "2024-01-31", "b": "2024-13-01"}


def test_numbers_and_nulls_follow_yaml_1_2():
    d = parse_text("a: 12\nb: 0x1f\nc: 1.5\nd: ~\ne:\nf: null\ng: 012\n", "f.yaml").data
    assert d == {"a": 12, "b": 31, "c": 1.5, "d": None, "e": None, "f": None, "g": 12}


def test_positions_are_recorded_for_nested_values():
    doc = parse_text("a:\n  b:\n    - x\n    - {c: 1}\n", "f.yaml")
    assert doc.where(("a", "b", 1, "c")) == (4, 8)
    assert doc.where(("a", "b", 0)) == (3, 7)
    assert doc.where(("a", "missing", "deeper")) == (1, 1)  # falls back to the nearest ancestor


def test_duplicate_key_names_both_lines():
    assert problems("a: 1\nb: 2\na: 3\n") == ["f.yaml:3:1: a: duplicate key 'a' (first given at line 1)"]


def test_python_object_tags_are_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    out = problems(f"x: !!python/object/apply:os.system ['touch {marker}']\n")
    assert "not allowed" in out[0] and out[0].startswith("f.yaml:1:")
    assert not marker.exists()


def test_any_tag_is_refused():
    assert "!!binary" in problems("x: !!binary aGVsbG8=\n")[0]
    assert "!custom" in problems("x: !custom 1\n")[0]


def test_aliases_are_refused_which_defuses_billion_laughs():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    out = problems(bomb)
    assert out and all("aliases" in p for p in out)


def test_deep_nesting_is_refused():
    out = problems("a: " + "[" * 60 + "]" * 60 + "\n")
    assert "nested" in out[0]


def test_tabs_get_a_hint():
    out = problems("a:\n\tb: 1\n")
    assert out[0].startswith("f.yaml:2:") and "tab" in out[0]


def test_syntax_error_has_line_and_column():
    out = problems("a: [1, 2\nb: 3\n")
    assert out[0].startswith("f.yaml:") and "YAML syntax error" in out[0]


def test_utf8_bom_is_accepted():
    assert parse_bytes("\ufeffname: Côte d'Ivoire\n".encode("utf-8"), "f.yaml").data == {"name": "Côte d'Ivoire"}


def test_latin1_is_refused_with_line():
    with pytest.raises(DataError) as e:
        parse_bytes("a: 1\nname: Côte\n".encode("latin-1"), "f.yaml")
    assert str(e.value.problems[0]).startswith("f.yaml:2:") and "UTF-8" in str(e.value)


def test_binary_and_pdf_are_refused():
    for raw, word in ((b"\x00\x01\x02abc", "binary"), (b"%PDF-1.7\n...", "PDF")):
        with pytest.raises(DataError) as e:
            parse_bytes(raw, "f.yaml")
        assert word in str(e.value)


def test_empty_file_loads_as_nothing():
    assert parse_text("", "f.yaml").data is None
    assert parse_text("# only a comment\n", "f.yaml").data is None


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        load_file(tmp_path / "nope.yaml")
    with pytest.raises(DataError, match="directory"):
        load_file(tmp_path)


def test_an_alias_is_reported_at_its_own_line_not_the_anchors():
    assert problems("x: &v 1\ny:\n  z: *v\n") == ["f.yaml:3:6: y.z: YAML aliases (*v) are not supported: write the value out in full"]


def test_a_bomb_lists_only_the_first_aliases():
    bomb = "a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    out = problems(bomb)
    assert len(out) == 11 and out[-1] == "f.yaml:3:9: and 8 more YAML aliases from here on"


def test_libyaml_nesting_limit_reads_as_nesting():
    assert problems("a: " + "[" * 2000 + "]" * 2000 + "\n")[0].endswith("the data is nested more than 40 levels deep")


def test_utf16_text_is_named_as_such():
    with pytest.raises(DataError) as e:
        parse_bytes("a: 1\n".encode("utf-16"), "f.yaml")
    assert str(e.value.problems[0]) == 'f.yaml:1:1: the file is saved as UTF-16 ("Unicode") text; save it with UTF-8 encoding'


def test_an_unclosed_bracket_says_where_it_opened():
    assert problems("a: {b: 1\nc: 2\n")[0].startswith("f.yaml:2:2: YAML syntax error: while parsing a flow mapping (started at line 1)")


def test_quoted_scalars_stay_text_and_plain_ones_are_typed():
    d = parse_text("a: \"true\"\nb: '12'\nc: \"~\"\nd: '0x1f'\ne: .5\nf: -.inf\ng: +7\nh: 1e3x\n", "f.yaml").data
    assert d == {"a": "true", "b": "12", "c": "~", "d": "0x1f", "e": 0.5, "f": float("-inf"), "g": 7, "h": "1e3x"}


# The fast path (plain values straight from libyaml's events) must give exactly what the full parse
# gives, and hand everything else to it: these documents are read both ways and compared.
FAST_CASES = [
    "a: ~\nb: null\nc: Null\nd: TRUE\ne: True\nf: nope\ng: \"\\e[31mred\"\n\"x\\a\\r\\n\": 1\nh: 0x1F\ni: .inf\n"
    "j: -.5\nk: '12'\nl: \"\\x1b\"\nm:\nn: t\no: F\np: 0o17\nq: +7\nr: 2024-01-31\ns: NO\n",
    "- ~\n-\n- yes\n- No\n- false\n- [1, 'a', {b: c}]\n- |\n  block\n  text\n- >\n  folded\n",
    "country:\n  name: Côte d'Ivoire\n  aliases: [CI, \"Ivory Coast\"]\nyear: 2024\n",
    "",
    "# only a comment\n",
    "---\n",
]


def test_fast_path_gives_exactly_the_full_parse():
    from legalcheck import yamlload

    for text in FAST_CASES:
        fast = yamlload._fast_data(text)
        assert fast is not yamlload._FALLBACK, text
        full = yamlload._full_parse(text, "f.yaml").data
        assert fast == full and repr(fast) == repr(full), text


def test_what_the_fast_path_does_not_accept_goes_to_the_full_parse():
    from legalcheck import yamlload

    for text in ["a: !!str 1\n", "a: ! x\n", "%YAML 1.2\n---\na: 1\n", "a: &x 1\nb: *x\n", "a: 1\na: 2\n",
                 "? [a]\n: 1\n", "a: [1\n", "a: 1\n---\nb: 2\n", "a: " + "[" * 50 + "]" * 50 + "\n", "a: 1" + "0" * 5000 + "\n"]:
        assert yamlload._fast_data(text) is yamlload._FALLBACK, text


def test_positions_of_a_fast_parsed_file_are_worked_out_when_asked():
    text = "a:\n  b:\n    - x\n    - {c: 1}\n"
    doc = parse_text(text, "f.yaml")
    assert doc.data == {"a": {"b": ["x", {"c": 1}]}}
    assert doc.positions == {(): (1, 1), ("a",): (1, 1), ("a", "b"): (2, 3), ("a", "b", 0): (3, 7),
                             ("a", "b", 1): (4, 7), ("a", "b", 1, "c"): (4, 8)}
    assert doc.problem(("a", "b", 1, "c"), "bad").line == 4
