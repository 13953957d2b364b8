"""`legalcheck.Repository`, the library face: what a notebook user gets, and the docs' example run."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from legalcheck import Repository
from legalcheck.coverage import CoverageReport, GapReport
from legalcheck.diff import CountryDiff, RegionDiff
from legalcheck.errors import DataError, NotFoundError, OutputError, UsageError
from legalcheck.matrix import Matrix, RegionalSummary
from legalcheck.repository import NewProfile, Validation
from legalcheck.result import Assessment

from .conftest import PROFILE_HEAD, ROOT, profile, write
from .test_cache import GROOMING

DOCS = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"


def test_the_documented_python_session_runs():
    """Every `pycon` block of docs/architecture.md, run as a doctest against the bundled data."""
    blocks = re.findall(r"```pycon\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert blocks
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"architecture.md block {i + 1}", str(DOCS), 0)
        result = runner.run(test, out=lambda text: pytest.fail(text))
        assert result.attempted > 0 and result.failed == 0


def test_default_repository_is_the_bundled_data():
    assert Repository().root == ROOT
    assert Repository(ROOT).assess("NPL", 2022) == Repository().assess("nepal", 2022)


def test_a_path_that_is_not_a_repository(tmp_path):
    with pytest.raises(UsageError, match="no such directory"):
        Repository(tmp_path / "missing")
    with pytest.raises(UsageError, match="not an assessment repository"):
        Repository(tmp_path)


def test_results_are_typed():
    repo = Repository()
    assert isinstance(repo.assess("nepal"), Assessment)
    assert isinstance(repo.gaps("nepal"), GapReport)
    assert isinstance(repo.coverage(), CoverageReport)
    assert isinstance(repo.diff("nepal"), CountryDiff)
    assert isinstance(repo.region_diff(2020, 2022, countries=["nepal", "indonesia"]), RegionDiff)
    assert isinstance(repo.matrix("saievac"), Matrix)
    assert isinstance(repo.summary("saievac"), RegionalSummary)
    assert isinstance(repo.validate(), Validation)


def test_assess_all_is_each_profile_alone_and_fills_in_the_other_years():
    repo = Repository()
    everything = {(a.country.slug, a.year): a for a in repo.assess_all()}
    assert everything[("nepal", 2022)] == repo.profile_assessment("nepal", 2022)
    years = tuple(a.year for a in repo.history("nepal"))
    assert everything[("nepal", 2020)].other_years == tuple(y for y in years if y != 2020)
    # assess() is the view as of a year: Nepal 2022 keeps the 2020 briefing's live-streaming finding
    assert everything[("nepal", 2022)].result("live-streaming").rating == "not_assessed"
    assert repo.assess("nepal", 2022).result("live-streaming").rating == "partial_or_no"


def test_history_is_every_year_in_order():
    years = [a.year for a in Repository().history("nepal")]
    assert years == sorted(years) and len(years) >= 2 and years[-1] == Repository().assess("nepal").year


def test_diff_defaults_to_the_two_latest_years():
    d = Repository().diff("nepal")
    years = [a.year for a in Repository().history("nepal")]
    assert (d.from_year, d.to_year) == tuple(years[-2:])
    with pytest.raises(UsageError, match=r"FROM \(2022\) must be earlier than TO \(2020\)"):
        Repository().diff("nepal", 2022, 2020)


def test_errors_name_no_command_or_option_and_carry_a_hint():
    repo = Repository()
    cases = [(lambda: repo.assess("nepl"), NotFoundError, "countries"),
             (lambda: repo.indicator("groming"), NotFoundError, "indicators"),
             (lambda: repo.matrix("saievak"), NotFoundError, "regions"),
             (lambda: repo.matrix(), UsageError, "matrix-members")]
    for call, kind, hint in cases:
        with pytest.raises(kind) as e:
            call()
        assert e.value.hint == hint
        assert "legalcheck" not in e.value.message and "--" not in e.value.message, e.value.message
    assert "did you mean 'nepal'" in str(pytest.raises(NotFoundError, repo.assess, "nepl").value)


def test_invalid_data_lists_every_problem(repo):
    profile(repo, GROOMING % '"maybe"')
    with pytest.raises(DataError) as e:
        Repository(repo).assess("testland")
    assert e.value.problems and all(p.file.endswith("2024.yaml") for p in e.value.problems)
    assert not Repository(repo).validate().ok


def test_each_call_reads_the_files_afresh(repo):
    path = profile(repo, GROOMING % "true")
    r = Repository(repo)
    assert r.assess("testland").result("grooming").rating == "yes"
    path.write_text(path.read_text(encoding="utf-8").replace("criminalised: {value: true", "criminalised: {value: false"),
                    encoding="utf-8")
    assert r.assess("testland").result("grooming").rating == "no"


def test_new_year_writes_a_draft_and_never_overwrites(repo):
    profile(repo, GROOMING % "true")
    created = Repository(repo).new_year("testland", 2025, "2025-06-30")
    assert isinstance(created, NewProfile) and created.path == repo / "countries" / "testland" / "2025.yaml"
    assert (created.copied_from, created.as_of) == (2024, "2025-06-30")
    again = Repository(repo).assess("testland", 2025)
    assert again.status == "draft" and again.as_of == "2025-06-30"
    with pytest.raises(OutputError, match="already exists"):
        Repository(repo).new_year("testland", 2025)


@pytest.mark.parametrize("as_of, why", [
    ("2025-02-30", "'2025-02-30' is not a real date (check the month and day)"),
    ("2025-06-30\n", "'2025-06-30\\n' is not a date in the form YYYY-MM-DD"),
    ("2025-6-30", "'2025-6-30' is not a date in the form YYYY-MM-DD"),
])
def test_new_year_refuses_an_as_of_date_that_is_not_one(repo, as_of, why):
    """Before: the draft's own pattern ('$' lets a final newline through, and no real-date check)
    wrote profiles that validate then refused."""
    profile(repo, GROOMING % "true")
    with pytest.raises(UsageError) as e:
        Repository(repo).new_year("testland", 2025, as_of)
    assert e.value.message == f"the as-of date {why}"
    assert not (repo / "countries" / "testland" / "2025.yaml").exists()


def test_matrix_names_countries_without_a_profile(repo):
    write(repo / "regions.yaml", """
        countries:
          nowhere: {name: Nowhere, iso3: NWH}
        regions:
          - id: test-region
            name: Test Region
            members: [testland, nowhere]
    """)
    profile(repo, GROOMING % "true", head=PROFILE_HEAD)
    m = Repository(repo).matrix("test-region", indicators=["grooming"])
    assert [(r.slug, r.year) for r in m.rows] == [("testland", 2024), ("nowhere", None)]


def test_the_development_pages_python_example_runs():
    readme = (DOCS.parent / "development.md").read_text(encoding="utf-8")
    section = readme.split("### Use from Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    scope: dict = {}
    exec(compile(code, "docs/development.md (Use from Python)", "exec"), scope)  # noqa: S102 - our own documentation
    assert scope["nepal"].result("grooming").rating == "no"  # as its comment says
    assert isinstance(scope["change"], CountryDiff) and isinstance(scope["m"], Matrix)
