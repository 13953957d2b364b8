"""`matrix --xlsx`: the workbook read back with openpyxl, cell by cell; safe writing."""

from __future__ import annotations

import os
import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from legalcheck import __version__
from legalcheck.render.xlsx.colours import FILLS

from .conftest import CONSULTATION_FOUR, ROOT, Cli, as_unprivileged, profile, write

WHEN = "2026-11-26T10:00:00Z"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "consultation.xlsx"
    # The consultation's four indicators: the cell-by-cell checks below are written for them.
    r = Cli()("matrix", "consultation-2022", "--indicators", ",".join(CONSULTATION_FOUR),
              "--xlsx", str(path), "--generated-at", WHEN)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == f"Wrote {path} (9 countries × 4 indicators)\n"
    return load_workbook(path), path


def header(ws) -> list:
    return [c.value for c in ws[1]]


def find_row(ws, name: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == name)


def test_sheets(book):
    wb, _ = book
    assert wb.sheetnames == ["Matrix", "Details", "Summary", "About"]


def test_matrix_sheet(book):
    ws = book[0]["Matrix"]
    head = header(ws)
    assert head[:5] == ["Country", "ISO3", "Profile year", "Law as of", "Criminalising grooming of children for sexual purposes"]
    assert head[8] == "Score (0-100)"
    ph = find_row(ws, "Philippines")
    cell = ws.cell(row=ph, column=5)
    assert cell.value == "● Yes (reported)"  # the word, not only the colour
    assert cell.fill.fgColor.rgb == FILLS["yes"]
    assert "s. 4(h)" in cell.comment.text
    assert cell.hyperlink.location.startswith("'Details'!A")
    bd = find_row(ws, "Bangladesh")
    assert ws.cell(row=bd, column=5).value == "◐ Partial (reported)"
    assert ws.cell(row=bd, column=5).fill.fgColor.rgb == FILLS["partial"]
    th = find_row(ws, "Thailand")
    assert ws.cell(row=th, column=5).value == "○ No"  # derived from a cited fact: no "(reported)"
    assert ws.cell(row=th, column=5).fill.fgColor.rgb == FILLS["no"]
    lk = find_row(ws, "Sri Lanka")
    # the consultation only rules out Yes: "Partial or No", in its own colour, never "Not assessed"
    assert ws.cell(row=lk, column=6).value == "◔ Partial or No (reported)"
    assert ws.cell(row=lk, column=6).fill.fgColor.rgb == FILLS["partial_or_no"]
    # 1 of 4 rated: the score is withheld, and the cell says what it would rest on
    assert ws.cell(row=lk, column=9).value == "–, 1 of 4 rated"
    assert "a score needs at least 2" in ws.cell(row=lk, column=9).comment.text
    assert ws.cell(row=find_row(ws, "Cambodia"), column=9).value == 50.0
    assert ws.cell(row=lk, column=3).value == 2022
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:P10"
    assert head[9:] == ["Yes (count)", "Yes or Partial (count)", "Partial (count)", "Partial or No (count)", "No (count)",
                        "Not assessed (count)", "No data (count)"]
    assert [ws.cell(row=lk, column=c).value for c in range(10, 17)] == [0, 0, 0, 3, 1, 0, 0]
    # A3 landscape at full size: a wide matrix prints across pages, titles and countries repeated.
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 8  # A3
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == "1:1" and ws.print_title_cols.replace("$", "") == "A:A"
    # totals per indicator
    yes = find_row(ws, "● Yes")
    assert [ws.cell(row=yes + k, column=1).value for k in range(6)] == [
        "● Yes", "◕ Yes or Partial", "◐ Partial", "◔ Partial or No", "○ No", "? Not assessed"]
    assert [[ws.cell(row=yes + k, column=c).value for c in range(5, 9)] for k in range(6)] == [
        [1, 3, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 6, 9, 8], [7, 0, 0, 0], [0, 0, 0, 0]]


def test_each_matrix_cell_links_to_its_evidence(book):
    wb, _ = book
    ws, details = wb["Matrix"], wb["Details"]
    lk = find_row(ws, "Sri Lanka")
    target = ws.cell(row=lk, column=6).hyperlink.location.split("!A")[1]
    row = [c.value for c in details[int(target)]]
    assert row[0] == "Sri Lanka" and row[4] == "extraterritorial-jurisdiction"


def test_details_sheet(book):
    ws = book[0]["Details"]
    assert header(ws) == ["Country", "ISO3", "Profile year", "Law as of", "Indicator", "Indicator title", "Rating", "Basis",
                          "Deciding criterion (rule)", "Reason", "Citations", "Sources", "Missing facts", "Disagreement",
                          "Rating from profile", "Earlier profiles"]
    assert ws.max_row == 1 + 9 * 4
    rows = {(r[0].value, r[4].value): [c.value for c in r] for r in ws.iter_rows(min_row=2)}
    th = rows[("Thailand", "grooming")]
    assert th[6:9] == ["○ No", "derived", "not-criminalised"]
    assert "(Thailand)" in th[10]
    lk = rows[("Sri Lanka", "extraterritorial-jurisdiction")]
    assert lk[6:9] == ["◔ Partial or No", "reported", None]
    assert "rules out Yes: it is Partial or No" in lk[9]
    assert lk[3] == "2022-04-19"
    np_ex = rows[("Nepal", "extradition")]
    assert np_ex[6] == "◔ Partial or No" and np_ex[12]  # the missing facts are named
    assert "consultation-2022" in rows[("Philippines", "grooming")][11]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:P37"
    assert lk[14] == 2022 and "The 2019 profile rated it Partial, which this range allows" in lk[15]


def test_summary_sheet_and_chart(book):
    ws = book[0]["Summary"]
    assert [c.value for c in ws[3]][:10] == ["Indicator", "Short", "Yes", "Yes or Partial", "Partial", "Partial or No", "No",
                                             "Not assessed", "No data", "No profile"]
    assert [c.value for c in ws[4]][:10] == ["Criminalising grooming of children for sexual purposes", "Grooming",
                                             1, 0, 1, 0, 7, 0, 0, 0]
    assert [c.value for c in ws[5]][2:10] == [3, 0, 0, 6, 0, 0, 0, 0]  # extraterritorial jurisdiction
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.grouping == "stacked" and len(chart.series) == 8
    findings = " ".join(str(c.value) for c in ws["A"] if c.value)
    assert "only the Philippines is rated Yes; Bangladesh is rated Partial" in findings


def test_about_sheet(book):
    ws = book[0]["About"]
    about = {r[0].value: r[1].value for r in ws.iter_rows(max_col=2) if r[0].value}
    assert about["Generated by"] == f"legalcheck {__version__}"
    assert about["Generated at"] == "2026-11-26 10:00:00 UTC"
    assert about["Checklist version"] == "2026.11"
    assert "Laws may have changed since the as-of dates" in about["Caution"]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert ["Data as of", "Country", "Profile year", "Law as of", "Status", "Profile file (in the data folder)"] in values
    assert any(v[1] == "Nepal" and v[5] == "countries/nepal/2022.yaml" for v in values)
    assert any(v[1:5] == ["Nepal", 2022, "2022-04-19", "reviewed"] for v in values)
    assert any(v[1] == "grooming" and v[4] == "published" for v in values)
    assert any(v[1] == "extradition" and v[4] == "derived" for v in values)


def test_same_data_gives_the_same_bytes(book, tmp_path):
    _, first = book
    with zipfile.ZipFile(first) as z:  # no entry carries the time it happened to be written
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 26, 10, 0, 0)}
    again = tmp_path / "again.xlsx"
    assert Cli()("matrix", "consultation-2022", "--indicators", ",".join(CONSULTATION_FOUR),
                 "--xlsx", str(again), "--generated-at", WHEN).exit_code == 0
    assert again.read_bytes() == first.read_bytes()


def test_the_same_workbook_from_two_working_directories(tmp_path, monkeypatch):
    """--generated-at promises byte-for-byte reproducible workbooks: the folder a command runs from
    must not reach the file (the About sheet names each profile within the data folder)."""
    written = []
    for where in ("a", "b/c"):
        folder = tmp_path / where
        folder.mkdir(parents=True)
        monkeypatch.chdir(folder)
        out = tmp_path / f"{where.replace('/', '-')}.xlsx"
        r = Cli()("--data", str(ROOT), "matrix", "saievac", "--xlsx", str(out), "--generated-at", WHEN)
        assert r.exit_code == 0, r.stderr
        written.append(out.read_bytes())
    monkeypatch.chdir(ROOT)  # from inside the data folder too
    out = tmp_path / "root.xlsx"
    assert Cli()("matrix", "saievac", "--xlsx", str(out), "--generated-at", WHEN).exit_code == 0
    written.append(out.read_bytes())
    assert written[0] == written[1] == written[2]


def test_injected_formulas_stay_text_and_control_characters_go(repo, tmp_path):
    write(repo / "regions.yaml", "countries: {}\nregions:\n  - {id: t, name: \"=1+1\", members: [testland]}\n")
    head = ('country:\n  name: "=HYPERLINK(\\"http://evil\\",\\"x\\")"\n  iso2: TL\n  iso3: TLD\nyear: 2024\n'
            'as_of: "2024-01-31"\nsources:\n  - {id: src, title: "@SUM(1)", url: https://example.org}\nindicators:\n')
    profile(repo, """
        grooming:
          facts:
            criminalised:
              value: false
              citation: {source: src, instrument: "-2+3", provision: "s.\\a1"}
          reported: {rating: "no", source: src, note: "+cmd|' /C calc'!A0"}
        """, head=head)
    out = tmp_path / "t.xlsx"
    r = Cli(repo)("matrix", "t", "--xlsx", str(out))
    assert r.exit_code == 0, r.stderr
    wb = load_workbook(out)
    name = wb["Matrix"]["A2"]
    assert name.value == '=HYPERLINK("http://evil","x")' and name.data_type == "s" and name.quotePrefix
    details = wb["Details"]
    cits = details["K2"].value
    assert "-2+3" in cits and "\a" not in cits and "s.1" in cits
    assert details["L2"].value.startswith("[src] @SUM(1)")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)


def test_refuses_to_write_into_the_data(repo):
    shutil.copytree(ROOT / "countries" / "nepal", repo / "countries" / "nepal")
    r = Cli(repo)("matrix", "--countries", "nepal", "--xlsx", str(repo / "countries" / "m.xlsx"))
    assert r.exit_code == 5
    assert "refusing to write into the assessment data" in r.stderr
    assert not (repo / "countries" / "m.xlsx").exists()


def test_missing_directory_and_directory_target(tmp_path, cli):
    r = cli("matrix", "consultation-2022", "--xlsx", str(tmp_path / "nope" / "m.xlsx"))
    assert r.exit_code == 5 and "does not exist" in r.stderr and r.stdout == ""
    r = cli("matrix", "consultation-2022", "--xlsx", str(tmp_path))
    assert r.exit_code == 5 and "is a directory" in r.stderr


def test_read_only_file(shared_dir, cli):
    # Load all the check needs (the data, Excel, the error path) before dropping privileges.
    assert cli("matrix", "consultation-2022", "--xlsx", str(shared_dir / "first.xlsx")).exit_code == 0
    assert cli("matrix", "consultation-2022", "--xlsx", str(shared_dir)).exit_code == 5
    target = shared_dir / "m.xlsx"
    target.write_text("old")
    target.chmod(0o400)

    def check():
        r = cli("matrix", "consultation-2022", "--xlsx", str(target))
        assert r.exit_code == 5 and "read-only" in r.stderr

    as_unprivileged(check, owned=(target,))  # root may write anywhere: the check runs as an ordinary user


def test_a_failed_run_keeps_the_existing_file(tmp_path, cli):
    target = tmp_path / "m.xlsx"
    target.write_bytes(b"the previous workbook")
    r = cli("matrix", "no-such-region", "--xlsx", str(target))
    assert r.exit_code == 3
    assert target.read_bytes() == b"the previous workbook"
    assert os.listdir(tmp_path) == ["m.xlsx"]


def test_generated_at_needs_xlsx_and_a_real_time(cli, tmp_path):
    assert cli("matrix", "consultation-2022", "--generated-at", WHEN).exit_code == 2
    r = cli("matrix", "consultation-2022", "--xlsx", str(tmp_path / "m.xlsx"), "--generated-at", "yesterday")
    assert r.exit_code == 2 and "--generated-at 'yesterday'" in r.stderr


def test_no_excel_library_is_imported_for_the_terminal_matrix():
    import subprocess
    import sys

    code = ("import sys; from typer.testing import CliRunner; from legalcheck.cli import app; "
            "r = CliRunner().invoke(app, ['matrix', 'consultation-2022']); assert r.exit_code == 0, r.output; "
            "print('openpyxl' in sys.modules, 'xlsxwriter' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_matrix_counts_include_no_data(repo, tmp_path):
    """A No data cell is counted in its own column, so a country's counts add up to every indicator."""
    profile(repo, """
        grooming:
          facts:
            criminalised: {value: false, citation: {source: src}}
        extradition:
          reported: {rating: no_data, source: src}
        """)
    out = tmp_path / "t.xlsx"
    r = Cli(repo)("matrix", "--countries", "testland", "--xlsx", str(out))
    assert r.exit_code == 0, r.stderr
    ws = load_workbook(out)["Matrix"]
    head = header(ws)
    first = head.index("Yes (count)") + 1
    assert head[first - 1:] == ["Yes (count)", "Yes or Partial (count)", "Partial (count)", "Partial or No (count)",
                                "No (count)", "Not assessed (count)", "No data (count)"]
    counts = [ws.cell(row=2, column=c).value for c in range(first, first + 7)]
    indicators = head.index("Score (0-100)") - 4
    assert counts[4] == 1 and counts[6] == 1  # grooming No, extradition No data
    assert sum(counts) == indicators == 14
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=first + 6).column_letter}2"
