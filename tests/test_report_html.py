"""`legalcheck report --html`: the static site, built from real profiles and hostile ones, read back."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from legalcheck import Repository
from legalcheck.render.html import render_site
from legalcheck.render.html.view import as_of_year

from .conftest import Cli, write


class Page(HTMLParser):
    """Links, element ids, script sources and text of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag in ("a", "link") and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "script":
            self.scripts.append(a.get("src") or "")

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def consultation(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "consultation"
    result = Cli()("report", "consultation-2022", "--html", str(out))
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "9 countries" in result.output
    return out


def test_the_site_has_every_page(consultation):
    names = sorted(str(p.relative_to(consultation)) for p in consultation.rglob("*") if p.is_file())
    for needed in ("index.html", "about.html", "changes.html", "countries/index.html", "indicators/index.html",
                   "countries/nepal.html", "countries/viet-nam.html", "indicators/grooming.html",
                   "assets/style.css", "assets/print.css", "assets/report.js"):
        assert needed in names
    assert len([n for n in names if n.startswith("countries/") and n != "countries/index.html"]) == 9
    assert len([n for n in names if n.startswith("indicators/") and n != "indicators/index.html"]) == 14


def test_every_internal_link_resolves_and_nothing_is_fetched_from_elsewhere(consultation):
    assert check_links(consultation) > 500


def check_links(site: Path) -> int:
    pages = {p: parse(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    checked = 0
    for path, page in pages.items():
        for href in page.hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue  # a publication's address: a link out, never loaded by the page
            assert not parts.scheme, f"{path}: {href}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path}: broken link {href}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in pages[target].ids, f"{path}: no #{parts.fragment} in {target.name}"
            checked += 1
        for src in page.scripts:
            assert src and not urlsplit(src).scheme, f"{path}: script {src!r}"
        text = path.read_text(encoding="utf-8")
        assert "@import" not in text and "//fonts." not in text
    return checked


def test_a_year_before_most_profiles(tmp_path):
    """SAIEVAC in 2020: members with no profile by then are shown as such, not left out."""
    repo = Repository()
    members = repo.region("saievac").members
    years = {e.slug: e.years for e in repo.countries()}
    with_profile = [m for m in members if any(y <= 2020 for y in years.get(m, ()))]
    without = [m for m in members if m not in with_profile]
    assert with_profile and without  # the case this test is about
    out = tmp_path / "saievac"
    result = Cli()("report", "saievac", "--year", "2020", "--html", str(out))
    assert result.exit_code == 0, result.output
    assert f"({len(with_profile)} countries)" in result.output
    assert sorted(p.stem for p in (out / "countries").glob("*.html")) == sorted(["index", *with_profile])
    index = (out / "index.html").read_text(encoding="utf-8")
    flat = " ".join(re.sub(r"<[^>]+>", " ", index).split())
    names = {r.slug: r.name for r in repo.matrix("saievac", year=2020).rows}
    for slug in without:
        assert f"{names[slug]} no profile" in flat
    assert f"{len(with_profile)} / {len(members)}" in flat
    assert index.count('data-rating="no_profile"') == len(without) * len(repo.checklist.indicators)
    assert check_links(out) > 100


def test_index_shows_the_matrix_findings_and_coverage(consultation):
    html = (consultation / "index.html").read_text(encoding="utf-8")
    page = parse(html)
    # Landmarks and one h1.
    assert {"header", "nav", "main", "footer"} <= set(page.tags)
    assert page.tags.count("h1") == 1
    # Every cell has a symbol and a word besides its colour class.
    matrix = Repository().report("consultation-2022").matrix
    cells = re.findall(r'<td class="cell r-(\w+)"[^>]*>(.*?)</td>', html, re.S)
    assert len(cells) == len(matrix.rows) * len(matrix.indicators)
    # In row order, each cell is its rating's symbol and word (the colour class besides).
    expected = [c.rating for row in matrix.rows for c in row.cells]
    assert [cls for cls, _ in cells] == expected
    for cls, inner in cells:
        flat = re.sub(r"<[^>]+>", "", inner)
        assert " ".join(flat.split()).startswith(symbol_of(cls)), (cls, flat)
    # The Philippines is the only Yes for grooming, in the matrix and in the finding.
    assert re.search(r'<td class="cell r-yes" data-ind="grooming" data-rating="yes"[^>]*>\s*<a href="countries/philippines.html#grooming"', html)
    assert "Of the 9 countries analysed, only the Philippines is rated Yes; Bangladesh is rated Partial" in " ".join(html.split())
    assert "9 / 9" in " ".join("".join(page.text).split())


def flat(html: str) -> str:
    """The text of some HTML, entities decoded, white space collapsed."""
    page = parse(html)
    return " ".join(" ".join(page.text).split())


def article(html: str, indicator: str) -> str:
    start = html.index(f'<article class="indicator" id="{indicator}"')
    return flat(html[start:html.index("</article>", start)])


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def test_country_pages_have_rating_as_of_reason_evidence_unknowns_recommendation_history(consultation):
    """Every country page against its assessments: each indicator's rating and as-of year, why, the
    evidence (locator and publication of every citation), every fact still unknown, the
    recommendation, and the ratings of every profile year."""
    report = Repository().report("consultation-2022")
    citations = unknowns = recommendations = histories = changes = 0
    for c in report.countries:
        a = c.current
        html = (consultation / "countries" / f"{c.slug}.html").read_text(encoding="utf-8")
        text = flat(html)
        assert f"law as of {a.as_of}" in text
        sources = {s.id: s for s in a.sources}
        for r in a.results:
            art = article(html, r.indicator)
            assert art.startswith(f"{words(r.title)}"), art[:80]
            assert f"{symbol_of(r.rating)} as of {as_of_year(r, a)} " in art
            assert words(r.reason) in art
            for cit in r.citations:
                assert words(cit.locator) in art and words(sources[cit.source].title) in art
                citations += 1
            for f in r.facts:
                if not f.known:
                    assert words(f.question) in art
                    unknowns += 1
            if r.recommendation:
                assert "Recommended legal intervention " + words(r.recommendation) in art
                recommendations += 1
            if len(c.history) > 1:
                line = " ".join(f"{h.year}: {symbol_of(h.result(r.indicator).rating)}" for h in c.history)
                assert line in art, (c.slug, r.indicator, line)
                histories += 1
        if c.latest_change:
            d = c.latest_change
            assert f"{d.from_year} → {d.to_year}" in text and "History across profile years" in text
            changes += 1
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", html)  # no internal file name
    assert citations > 10
    # each conditional check above ran on this region's data, not on no indicator at all
    assert unknowns and recommendations and histories and changes, (unknowns, recommendations, histories, changes)


def symbol_of(rating: str) -> str:
    from legalcheck.render.html.view import rating_view

    v = rating_view(rating)
    return f"{v.symbol} {v.word}"


def test_indicator_and_changes_pages(consultation):
    report = Repository().report("consultation-2022")
    for ind in report.checklist.indicators:
        text = flat((consultation / "indicators" / f"{ind.id}.html").read_text(encoding="utf-8"))
        assert ("Published rubric." if ind.rubric_basis == "published" else "Derived rubric") in text
        assert words(ind.rubric.yes) in text and words(ind.rubric.no) in text
        for row in report.matrix.rows:
            assert row.name in text
    changes = (consultation / "changes.html").read_text(encoding="utf-8")
    changed = [c for c in report.countries if c.latest_change]
    assert changed
    linked = 0
    for c in changed:
        d = c.latest_change
        assert f'id="{c.slug}"' in changes and f"{d.from_year} → {d.to_year}" in changes
        for x in d.indicators:
            if x.changed:
                assert f'href="countries/{c.slug}.html#{x.indicator}"' in changes
                linked += 1
    assert linked  # some rating changed, and each change links to its indicator
    for c in report.countries:
        if not c.latest_change:
            assert "Countries with one profile year" in changes and f'href="countries/{c.slug}.html"' in changes


def test_the_changes_page_lists_countries_with_one_profile_year(tmp_path):
    """Every country of the consultation region now has several profile years, so the check above
    of the one-year list runs on none: Australia and the Republic of Korea have one profile each."""
    repo = Repository()
    single = ["australia", "republic-of-korea"]
    assert all(len(repo.country(s).years) == 1 for s in single)
    out = tmp_path / "site"
    r = Cli()("report", "--countries", ",".join([*single, "nepal"]), "--html", str(out))
    assert r.exit_code == 0, r.output
    changes = (out / "changes.html").read_text(encoding="utf-8")
    listed = changes.split("Countries with one profile year", 1)[1]
    for slug in single:
        assert f'href="countries/{slug}.html"' in listed, slug
    assert 'href="countries/nepal.html"' not in listed and 'id="nepal"' in changes


def test_written_from_python_too(tmp_path):
    """render.write, the notebook's way, writes the same site as the command."""
    from legalcheck.render import write

    out = write(Repository().report("consultation-2022"), "html", tmp_path / "site")
    assert (out / "index.html").read_text(encoding="utf-8") == render_site(Repository().report("consultation-2022"))["index.html"]


def test_output_is_deterministic():
    one = render_site(Repository().report("consultation-2022"))
    two = render_site(Repository().report("consultation-2022"))
    assert one == two
    # two renderings in one process share its string hashing (set and dict order): the same site
    # must come from another process, with other hashes, too
    import json
    import os
    import subprocess
    import sys

    script = ("import json, sys; from legalcheck import Repository; from legalcheck.render.html import render_site; "
              "json.dump(render_site(Repository().report('consultation-2022')), sys.stdout)")
    for seed in ("1", "2"):
        p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed})
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout) == one, seed


def test_refuses_a_directory_that_is_not_a_report(tmp_path):
    d = tmp_path / "mine"
    d.mkdir()
    (d / "thesis.docx").write_text("precious")
    result = Cli()("report", "consultation-2022", "--html", str(d))
    assert result.exit_code != 0
    assert "not empty and does not hold an earlier legalcheck web report" in result.output
    assert (d / "thesis.docx").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no temporary directory left


def test_replaces_an_earlier_report_whole(tmp_path):
    out = tmp_path / "site"
    assert Cli()("report", "consultation-2022", "--html", str(out)).exit_code == 0
    (out / "countries" / "stale.html").write_text("old")
    assert Cli()("report", "saievac", "--html", str(out)).exit_code == 0
    assert not (out / "countries" / "stale.html").exists()
    assert (out / "countries" / "bhutan.html").exists() and not (out / "countries" / "cambodia.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_needs_html_and_refuses_the_data(repo):
    assert "give --html DIR" in Cli()("report", "consultation-2022").output
    result = Cli(repo)("report", "--html", str(repo / "countries" / "site"))
    assert result.exit_code != 0 and "refusing to write into the assessment data" in result.output


# Every attribute the templates write: a string from the data that broke out of its attribute
# would add another.
ALLOWED_ATTRS = {"lang", "charset", "name", "content", "rel", "href", "media", "src", "defer", "class", "id",
                 "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-current", "aria-hidden", "aria-sort", "aria-live",
                 "tabindex", "hidden", "type", "data-sort", "title", "data-country", "data-score", "data-index",
                 "scope", "data-ind", "data-rating", "data-order", "value", "for"}

HOSTILE = """\
country:
  name: "<script>alert('name')</script> Land \\" onmouseover=\\"x"
  iso2: TL
  iso3: TLD
year: 2024
as_of: "2024-01-31"
notes: "<img src=x onerror=alert(1)>"
sources:
  - id: "a\\" onclick=\\"alert(2)"
    title: "<b>Bold</b> & 'quoted' \\"report\\" </title><script>alert(3)</script>"
    publisher: "<iframe src=javascript:alert(4)>"
    url: "https://example.org/one"
  - id: data
    title: A data URL
    url: "https://example.org/two"
  - id: good
    title: A real page
    url: "https://example.org/law?a=1&b=2"
indicators:
"""


def test_hostile_strings_are_escaped_and_never_become_links(repo):
    write(repo / "countries" / "hostile" / "2024.yaml", HOSTILE + """\
  grooming:
    facts:
      criminalised:
        value: true
        citation:
          source: "a\\" onclick=\\"alert(2)"
          instrument: "Act <script>alert(7)</script>"
          provision: "s. 1\\"><svg onload=alert(8)>"
          note: "'); alert(9); ('"
          quote: "<q onmouseover=alert(12)>it is an offence</q>"
      requires_meeting_acts:
        value: false
        citation: {source: data}
      explicit_ict:
        value: true
        citation: {source: good, locator: "javascript:alert(10)"}
    notes: "</textarea><script>alert(11)</script>"
""")
    result = Cli(repo)("validate")
    assert result.exit_code == 0, result.output
    report = Repository(repo).report()
    # Validation refuses addresses that are not web addresses; the renderer must not rely on it
    # (rubric sources, data validated by older versions): put them back into the results.
    c = report.countries[0]
    bad = {"a\" onclick=\"alert(2)": "javascript:alert(5)", "data": "data:text/html,<script>alert(6)</script>"}
    sources = tuple(dataclasses.replace(s, url=bad.get(s.id, s.url)) for s in c.current.sources)
    current = dataclasses.replace(c.current, sources=sources)
    report = dataclasses.replace(report, countries=(dataclasses.replace(c, current=current, history=(current,)),))
    pages = render_site(report)
    html_pages = {k: v for k, v in pages.items() if k.endswith(".html")}
    assert "countries/hostile.html" in html_pages
    for name, html in html_pages.items():
        page = parse(html)
        # The only scripts are the report's own.
        assert page.scripts == [f"{'../' * name.count('/')}assets/report.js"], name
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg" not in html
        assert "<iframe" not in html and "<b>Bold" not in html
        assert not [a for a in page.attrs if a.startswith("on")], name  # no event handler attributes
        assert set(page.attrs) <= ALLOWED_ATTRS, (name, set(page.attrs) - ALLOWED_ATTRS)
        for href in page.hrefs:
            assert urlsplit(href).scheme in ("", "http", "https"), (name, href)
    country = html_pages["countries/hostile.html"]
    # Shown as text, escaped.
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Land &#34; onmouseover=&#34;x" in country
    assert "Act &lt;script&gt;alert(7)&lt;/script&gt;" in country
    assert "“&lt;q onmouseover=alert(12)&gt;it is an offence&lt;/q&gt;”" in country  # the quote, as text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(11)&lt;/script&gt;" in country
    # javascript: and data: URLs are shown, not linked; the https one is linked.
    text = "".join(parse(country).text)
    assert "javascript:alert(5)" in text and "data:text/html,<script>alert(6)</script>" in text
    assert 'href="https://example.org/law?a=1&amp;b=2"' in country
    # The source id that tries to break out of its attribute becomes a safe anchor, still linked.
    ids = parse(country).ids
    assert any(i.startswith("source-a-onclick-alert-2-") for i in ids)
    anchors = [href for href in parse(country).hrefs if href.startswith("#")]
    assert any(h.startswith("#source-a-onclick-alert-2-") for h in anchors)  # the odd source id is linked
    for href in parse(country).hrefs:
        if href.startswith("#"):
            assert href[1:] in ids


def test_the_report_names_only_options_report_has(consultation):
    """Before: the coverage sentence said '(--all-indicators shows all 14)', an option of matrix and
    summary that report does not have."""
    from legalcheck.cli import app
    import typer.main

    command = typer.main.get_command(app).commands["report"]  # type: ignore[attr-defined]
    own = {o for p in command.params for o in p.opts if o.startswith("--")}
    named = set()
    for page in consultation.rglob("*.html"):
        named |= set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", " ".join(parse(page.read_text(encoding="utf-8")).text)))
    assert named <= own, named - own
    index = " ".join("".join(parse((consultation / "index.html").read_text(encoding="utf-8")).text).split())
    assert "Shown: the 4 of 14 indicators the region names." in index


def test_the_library_says_which_indicators_in_its_own_words_and_matrix_and_summary_add_their_option(cli):
    m = Repository().matrix("consultation-2022")
    assert m.indicator_choice == "the 4 of 14 indicators the region names"
    assert "--" not in Repository().summary("consultation-2022").coverage
    for command in ("matrix", "summary"):
        out = " ".join(cli(command, "consultation-2022", env={"NO_COLOR": "1", "COLUMNS": "200"}).stdout.split())
        assert "Shown: the 4 of 14 indicators the region names (--all-indicators shows all)." in out, command
        every = " ".join(cli(command, "consultation-2022", "--all-indicators", env={"NO_COLOR": "1", "COLUMNS": "200"}).stdout.split())
        assert "Shown: all 14 indicators, not only the 4 the region names." in every, command
    md = cli("matrix", "consultation-2022", "--format", "markdown").stdout
    assert "(--all-indicators shows all)" in md


def test_a_withheld_score_says_why(consultation):
    """Before: a bare '–' in the Score column, with no reason and nothing for a screen reader."""
    matrix = Repository().report("consultation-2022").matrix
    withheld = {r.name: r.summary.score_withheld for r in matrix.rows if r.summary and r.summary.score is None}
    assert len(withheld) == 6 and "Bangladesh" in withheld and "Cambodia" not in withheld  # 1 of 4 rated
    html = (consultation / "index.html").read_text(encoding="utf-8")
    scores = dict(re.findall(r'<tr data-country="([^"]+)".*?<td class="col-score">(.*?)</td>', html, re.S))
    assert len(scores) == len(matrix.rows)
    for name, cell in scores.items():
        if name not in withheld:
            assert "withheld" not in cell
            continue
        reason = f"Score withheld: {withheld[name]}"
        assert reason == "Score withheld: 1 of 4 rated; a score needs at least 2"
        # A tooltip for the eye, the same words for a screen reader, the count beside it.
        assert re.search(rf'<abbr class="withheld" title="{reason}" aria-hidden="true">—</abbr>', cell), cell
        assert f'<span class="visually-hidden">{reason}.</span>' in cell
        assert "1 of 4 rated" in re.sub(r"<[^>]+>", " ", cell)
    # The legend under the matrix says what the mark means, and the Score heading points to it.
    page = parse(html)
    assert "score-note" in page.ids
    note = re.search(r'<p class="note" id="score-note">(.*?)</p>', html, re.S).group(1)
    flat = " ".join(re.sub(r"<[^>]+>", " ", note).split())
    assert "given only when at least 2 of the 4 indicators are rated Yes, Partial or No" in flat
    assert "— withheld" in flat and "--" not in flat  # report has no --min-rated
    assert re.search(r'<button type="button" class="sort" data-sort="score"[^>]*aria-describedby="score-note"', html)
