"""Changing a YAML file's data while keeping its comments and layout.

``update_text(text, new)`` returns text that loads as ``new``, rewriting only the lines of values
that changed: a changed one-line value is replaced in its line (a trailing comment stays); a
changed block is re-emitted in place; a new key is inserted beside its siblings; a removed one is
deleted. Everything else, comments included, stays byte for byte. The result is loaded again and
compared with ``new``; when it does not match (a layout this module does not handle), ``None`` is
returned and the caller writes the text afresh. ``dump`` writes data in the house style.
"""

from __future__ import annotations

from typing import Any

from .yamlload import _loader_class, _plain

def _dumper():
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ANN201
            return super().increase_indent(flow, False)  # "key:\n  - item", as the profiles are written

        def ignore_aliases(self, data: Any) -> bool:
            return True

    def text(dumper, value: str):
        # Quote what legalcheck's YAML 1.2 reading would take for a number, a boolean or null.
        # Quote as the profiles do: double quotes, also for what YAML 1.1 tools would misread
        # (dates, yes/no, NO).
        implicit = dumper.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"
        style = '"' if value and (_plain(value) != value or implicit) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


def dump(data: Any, indent: int = 0) -> list[str]:
    """``data`` as YAML lines (each ending in a newline), indented by ``indent`` spaces."""
    import yaml

    text = yaml.dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    if text.endswith("...\n"):
        text = text[: -len("...\n")]
    return [(" " * indent + line) if line.strip() else line for line in text.splitlines(keepends=True)]


def _end(node) -> Any:
    """The end mark of a node's last character (block collections end where the next token starts)."""
    import yaml

    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _end(node.value[-1])
    return node.end_mark


def _end_line(node) -> int:
    """The first line after ``node`` (0-based, exclusive)."""
    mark = _end(node)
    return mark.line + (1 if mark.column > 0 else 0)


class _Cannot(Exception):
    pass


class _Editor:
    def __init__(self, text: str):
        self.lines = text.splitlines(keepends=True)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += "\n"
        self.edits: list[tuple[int, int, list[str]]] = []  # (start line, end line exclusive, new lines)

    def replace(self, start: int, end: int, new: list[str]) -> None:
        self.edits.append((start, end, new))

    def prefix(self, line: int, col: int) -> str:
        return self.lines[line][:col]

    def result(self) -> str:
        out = list(self.lines)
        last = None
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            if last is not None and end > last[0] and not (start == end == last[0]):
                raise _Cannot("overlapping edits")
            out[start:end] = new
            last = (start, end)
        return "".join(out)

    # ---------------------------------------------------------------- mappings

    def pair_lines(self, key_node, key: str, value: Any) -> list[str]:
        col = key_node.start_mark.column
        lines = dump({key: value}, col)
        prefix = self.prefix(key_node.start_mark.line, col)
        lines[0] = prefix + lines[0][col:]
        return lines

    def mapping(self, node, old: dict, new: dict) -> None:
        import yaml

        pairs = {k.value: (k, v) for k, v in node.value}
        if len(pairs) != len(old):
            raise _Cannot("keys differ from the data")
        col = node.value[0][0].start_mark.column
        for key in old:
            if key not in new:
                k, v = pairs[key]
                if self.prefix(k.start_mark.line, k.start_mark.column).strip():
                    raise _Cannot("removing the first key of a list item")
                self.replace(k.start_mark.line, _end_line(v), [])
        order = list(new)
        for i, key in enumerate(order):
            value = new[key]
            if key not in old:
                following = [pairs[k][0] for k in order[i + 1:] if k in old]
                lines = dump({key: value}, col)
                if following:
                    at = following[0].start_mark.line
                    if self.prefix(at, following[0].start_mark.column).strip():
                        at = _end_line(node)  # never between a list item's dash and its first key
                    else:  # before the comment lines that introduce the following key
                        while at > 0 and self.lines[at - 1].lstrip().startswith("#") \
                                and len(self.lines[at - 1]) - len(self.lines[at - 1].lstrip()) == col:
                            at -= 1
                else:
                    at = _end_line(node)
                self.replace(at, at, lines)
                continue
            if old[key] == value and type(old[key]) is type(value):
                continue
            k, v = pairs[key]
            before = old[key]
            if isinstance(value, dict) and isinstance(before, dict) and value and before \
                    and isinstance(v, yaml.MappingNode) and not v.flow_style:
                self.mapping(v, before, value)
            elif isinstance(value, list) and isinstance(before, list) and value and before \
                    and isinstance(v, yaml.SequenceNode) and not v.flow_style:
                self.sequence(v, before, value)
            elif not isinstance(value, (dict, list)) and isinstance(v, yaml.ScalarNode) and v.style in (None, '"', "'") \
                    and k.start_mark.line == v.end_mark.line:
                one = dump(value)
                if len(one) == 1 and len(one[0]) < 90:
                    line = v.start_mark.line
                    text = self.lines[line]
                    self.replace(line, line + 1, [text[: v.start_mark.column] + one[0].rstrip("\n") + text[v.end_mark.column:]])
                else:
                    self.replace(k.start_mark.line, _end_line(v), self.pair_lines(k, key, value))
            else:
                self.replace(k.start_mark.line, _end_line(v), self.pair_lines(k, key, value))

    # ---------------------------------------------------------------- sequences

    def sequence(self, node, old: list, new: list) -> None:
        import yaml

        items = node.value
        if len(items) != len(old):
            raise _Cannot("items differ from the data")
        first = items[0].start_mark
        before_item = self.prefix(first.line, first.column).rstrip()
        if not before_item.endswith("-"):
            raise _Cannot("a list item not on its dash's line")
        dash = len(before_item) - 1
        for i in range(min(len(old), len(new))):
            if old[i] == new[i]:
                continue
            item = items[i]
            if isinstance(new[i], dict) and isinstance(old[i], dict) and new[i] and old[i] \
                    and isinstance(item, yaml.MappingNode) and not item.flow_style:
                self.mapping(item, old[i], new[i])
            else:
                self.replace(item.start_mark.line, _end_line(item), dump([new[i]], dash))
        if len(old) > len(new):
            self.replace(items[len(new)].start_mark.line, _end_line(items[-1]), [])
        if len(new) > len(old):
            at = _end_line(items[-1])
            self.replace(at, at, dump(new[len(old):], dash))


def update_text(text: str, old: dict, new: dict) -> str | None:
    """``text`` (which loads as ``old``) changed to load as ``new``; None if that cannot be done
    while keeping the rest of the text as it is."""
    import yaml

    from .yamlload import parse_bytes

    if old == new:
        return text
    try:
        node = yaml.compose(text, Loader=_loader_class())
        if not isinstance(node, yaml.MappingNode) or not node.value or node.flow_style:
            return None
        editor = _Editor(text)
        editor.mapping(node, old, new)
        out = editor.result()
        if parse_bytes(out.encode("utf-8"), "<edited>").data != new:
            return None
        return out
    except (_Cannot, yaml.YAMLError):
        return None
    except Exception:  # noqa: BLE001 - an unexpected layout: write afresh rather than fail
        return None
