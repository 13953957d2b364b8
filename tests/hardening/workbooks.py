"""Builders for the hostile-workbook cases of the corpus (``cases.py``): a real questionnaire for the
corpus' Testland profile, made by legalcheck itself, then changed as a stranger could change it:
with openpyxl (cells, sheets, the hidden record) or in its zip and XML directly (what openpyxl
would never write: entity declarations, broken references, bombs)."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

Edit = Callable[[Path], None]


def questionnaire(*edits: Edit, name: str = "q.xlsx", profile: bool = True) -> Callable[[Path, Path], None]:
    """``{tmp}/<name>``: the questionnaire for Testland's 2024 profile (or, with ``profile=False``,
    for a new country Kenya, 2024, with its codes and date filled in), then each edit applied."""

    def build(repo: Path, tmp: Path) -> None:
        from legalcheck.questionnaire.prepare import prepare
        from legalcheck.render.xlsx.questionnaire import write_questionnaire

        from .cases import GOOD, raw

        path = tmp / name
        if profile:
            raw(GOOD)(repo, tmp)
            write_questionnaire(prepare(repo, "testland", 2024), path)
        else:
            write_questionnaire(prepare(repo, "Kenya", 2024), path)
            country("ISO alpha-2 code", "KE")(path)
            country("ISO alpha-3 code", "KEN")(path)
            country("Law as of", "2024-01-01")(path)
        for edit in edits:
            edit(path)

    return build


def _edit_workbook(fn: Callable) -> Edit:
    def edit(path: Path) -> None:
        from openpyxl import load_workbook

        wb = load_workbook(path)
        fn(wb)
        wb.save(path)

    return edit


def answer(indicator: str, fact: str, value, column: str = "Answer") -> Edit:
    """Type ``value`` into a fact's cell in ``column`` (a string starting with '=' is a formula)."""

    def fn(wb) -> None:
        ws = wb["Facts"]
        col = next(c.column for c in ws[1] if c.value == column)
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == indicator and ws.cell(r, 2).value == fact)
        ws.cell(row, col).value = value

    return _edit_workbook(fn)


def country(label: str, value, again: bool = False) -> Edit:
    """Set a Country field (``again``: add a second row for it instead)."""

    def fn(wb) -> None:
        ws = wb["Country"]
        if again:
            ws.append([label, value])
            return
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
        ws.cell(row, 2).value = value

    return _edit_workbook(fn)


def record(key: str, value) -> Edit:
    """Change the very hidden sheet that records what the questionnaire was made from."""

    def fn(wb) -> None:
        ws = wb["legalcheck"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key)
        ws.cell(row, 2).value = value

    return _edit_workbook(fn)


def rename(new_name: str) -> Edit:
    def edit(path: Path) -> None:
        path.rename(path.with_name(new_name))

    return edit


# --------------------------------------------------------------------------- the zip and its XML


def _rewrite(path: Path, fn: Callable[[dict[str, bytes]], None], extra: Callable[[zipfile.ZipFile], None] | None = None) -> None:
    with zipfile.ZipFile(path) as z:
        files = {i.filename: z.read(i) for i in z.infolist()}
    fn(files)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in files.items():
            z.writestr(n, b)
        if extra:
            extra(z)


def sheet_part(files: dict[str, bytes], title: str) -> str:
    """The zip member holding the sheet ``title``."""
    rid = re.search(rf'<sheet [^>]*name="{title}"[^>]*r:id="(rId\d+)"', files["xl/workbook.xml"].decode()).group(1)
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*/>', rels).group(0)
    target = re.search(r'Target="([^"]+)"', target).group(1).lstrip("/")
    return target if target.startswith("xl/") else "xl/" + target


def raw_cell(sheet: str, ref: str, inner: str, kind: str | None = None) -> Edit:
    """Replace cell ``ref`` with ``<c r=ref t=kind>inner</c>``, written as no program would."""

    def fn(files: dict[str, bytes]) -> None:
        part = sheet_part(files, sheet)
        xml = files[part].decode()
        m = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, re.S)
        t = f' t="{kind}"' if kind else ""
        files[part] = (xml[: m.start()] + f'<c r="{ref}"{t}>{inner}</c>' + xml[m.end():]).encode()

    return lambda path: _rewrite(path, fn)


def text_cell(sheet: str, ref: str, xml_text: str) -> Edit:
    return raw_cell(sheet, ref, f'<is><t xml:space="preserve">{xml_text}</t></is>', "inlineStr")


def doctype(declaration: str, use: str = "") -> Edit:
    """Put an XML document type (entities) into the Sources sheet, and optionally use one in B2."""

    def fn(files: dict[str, bytes]) -> None:
        part = sheet_part(files, "Sources")
        xml = files[part].decode()
        files[part] = (xml.replace("?>", "?>" + declaration, 1) if xml.startswith("<?xml") else declaration + xml).encode()

    def edit(path: Path) -> None:
        _rewrite(path, fn)
        if use:
            text_cell("Sources", "B2", use)(path)

    return edit


BILLION_LAUGHS = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                  + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>")


def rows_in(sheet: str, rows: Callable[[], bytes]) -> Edit:
    """Append raw ``<row>`` elements to ``sheet``."""

    def fn(files: dict[str, bytes]) -> None:
        part = sheet_part(files, sheet)
        xml = files[part]
        i = xml.index(b"</sheetData>")
        files[part] = xml[:i] + rows() + xml[i:]

    return lambda path: _rewrite(path, fn)


def source_rows(n: int) -> Callable[[], bytes]:
    """``n`` rows on the Sources sheet with an id and nothing else (each a problem)."""
    return lambda: b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>s%d</t></is></c></row>' % (r, r, r)
                            for r in range(10, 10 + n))


def zip_bomb(megabytes: int) -> Edit:
    """Pad the Sources sheet with ``megabytes`` MB of spaces: a few hundred KB compressed."""

    def fn(files: dict[str, bytes]) -> None:
        part = sheet_part(files, "Sources")
        xml = files[part]
        i = xml.index(b"</sheetData>")
        files[part] = xml[:i] + b" " * (megabytes * 1024 * 1024) + xml[i:]

    return lambda path: _rewrite(path, fn)


def add_member(name: str, data: bytes) -> Edit:
    def fn(files: dict[str, bytes]) -> None:
        files[name] = data

    return lambda path: _rewrite(path, fn)


def only_members(members: dict[str, bytes]) -> Edit:
    def fn(files: dict[str, bytes]) -> None:
        files.clear()
        files.update(members)

    return lambda path: _rewrite(path, fn)


def workbook_file(name: str, data: bytes | None = None, kind: str = "file") -> Callable[[Path, Path], None]:
    """``{tmp}/<name>``: these bytes, or a FIFO, or a link to /dev/zero, or a folder."""

    def build(repo: Path, tmp: Path) -> None:
        path = tmp / name
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dev-zero":
            path.symlink_to("/dev/zero")
        elif kind == "dir":
            path.mkdir()
        else:
            path.write_bytes(data or b"")

    return build


def chart_sheet(title: str) -> Edit:
    """Replace the sheet ``title`` by a chart sheet of the same name (no cells at all)."""

    def edit(path: Path) -> None:
        from openpyxl import load_workbook
        from openpyxl.chart import BarChart

        wb = load_workbook(path)
        wb.security = None
        index = wb.sheetnames.index(title)
        wb.remove(wb[title])
        wb.create_chartsheet(title, index).add_chart(BarChart())
        wb.save(path)

    return edit


def tiny_cells(n: int, per_row: int = 50) -> Callable[[], bytes]:
    """``n`` number cells on rows below the questionnaire's, ``per_row`` to a row."""

    def rows() -> bytes:
        out = []
        for r in range(n // per_row):
            row = 200 + r
            out.append(b'<row r="%d">' % row + b"".join(b'<c r="%s%d"><v>1</v></c>' % (_col(c).encode(), row)
                                                       for c in range(1, per_row + 1)) + b"</row>")
        return b"".join(out)

    return rows


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def many_shared_strings(n: int) -> Edit:
    """Append ``n`` shared strings nobody uses (openpyxl would keep every one in memory)."""

    def fn(files: dict[str, bytes]) -> None:
        # legalcheck writes inline strings; Excel writes a shared-strings part like this one
        xml = files.get("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></sst>')
        i = xml.index(b"</sst>")
        files["xl/sharedStrings.xml"] = xml[:i] + b"<si><t>x</t></si>" * n + xml[i:]

    return lambda path: _rewrite(path, fn)
