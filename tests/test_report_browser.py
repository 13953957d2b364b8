"""The report in a real browser: headless Chromium (from the distribution's packages) loads every
page of `legalcheck report consultation-2022 --html DIR` with JavaScript on, in one session.

Screenshots of the index and of a country page go to a temporary directory; to refresh the ones
in examples/, run:

    LEGALCHECK_SCREENSHOTS=examples uv run pytest tests/test_report_browser.py
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from legalcheck import Repository
from legalcheck.render.html.view import ORDER

from .browser import Browser, find_chromium, problems, requests
from .conftest import Cli

REGION = "consultation-2022"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    result = Cli()("report", REGION, "--html", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    if binary is None:
        message = "Chromium is not installed (apt-get install chromium; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run these tests, never skip them
        pytest.skip(message)
    b = Browser(binary)
    yield b
    b.close()


@pytest.fixture(scope="module")
def visits(site, browser):
    """Every page loaded once: its events, its links and its element ids."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        url = page.as_uri()
        events = browser.load(url)
        assert browser.eval("location.href") == url
        out[page] = {
            "events": events,
            "links": browser.eval("Array.from(document.querySelectorAll('a[href]'), a => a.href)"),
            "ids": set(browser.eval("Array.from(document.querySelectorAll('[id]'), e => e.id)")),
            "title": browser.eval("document.title"),
        }
    return out


def test_every_page_loads_without_console_errors(site, visits):
    assert len(visits) == 9 + 14 + 5  # countries, indicators, index, about, changes and two lists
    for page, v in visits.items():
        assert problems(v["events"]) == [], page
        assert v["title"] and "·" in v["title"], page


def test_no_request_leaves_file_urls(visits):
    seen = 0
    for page, v in visits.items():
        for url in requests(v["events"]):
            assert url.startswith("file://"), f"{page}: requested {url}"
            seen += 1
    assert seen >= 4 * len(visits)  # each page, its two stylesheets and its script


def test_every_internal_link_resolves(visits):
    by_path = {p.resolve(): v for p, v in visits.items()}
    checked = 0
    for page, v in visits.items():
        for href in v["links"]:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue  # a publication's address, followed only when a reader clicks it
            assert parts.scheme == "file", f"{page}: {href}"
            target = Path(unquote(parts.path)).resolve()
            assert target.is_file(), f"{page}: broken link {href}"
            if parts.fragment:
                assert parts.fragment in by_path[target]["ids"], f"{page}: no #{parts.fragment} in {target}"
            checked += 1
    assert checked > 1000


def _order(browser) -> list[str]:
    return browser.eval("Array.from(document.querySelectorAll('#matrix tbody tr'), r => r.dataset.country)")


def _visible(browser) -> list[str]:
    return browser.eval("Array.from(document.querySelectorAll('#matrix tbody tr'))"
                        ".filter(r => getComputedStyle(r).display !== 'none').map(r => r.dataset.country)")


def test_sorting_works_from_the_keyboard(site, browser):
    matrix = Repository().report(REGION).matrix
    names = [r.name for r in matrix.rows]
    browser.load((site / "index.html").as_uri())
    assert _order(browser) == names
    # Score, best first (ties keep the matrix order), by Enter on the focused column button.
    browser.eval("document.querySelector('button[data-sort=score]').focus()")
    browser.press("Enter", 13)
    scores = {r.name: (r.summary.score if r.summary and r.summary.score is not None else -1) for r in matrix.rows}
    assert _order(browser) == sorted(names, key=lambda n: -scores[n])
    assert browser.eval("document.querySelector('button[data-sort=score]').parentNode.getAttribute('aria-sort')") == "descending"
    assert "Sorted by Score" in browser.eval("document.getElementById('filter-status').textContent")
    # An indicator: Yes first, then Partial, then No (grooming: the Philippines, Bangladesh, the rest).
    browser.eval("document.querySelector('button[data-sort=grooming]').focus()")
    browser.press(" ", 32)
    rank = ORDER
    expected = sorted(names, key=lambda n: rank[next(r for r in matrix.rows if r.name == n).cell("grooming").rating])
    assert _order(browser) == expected
    assert _order(browser)[:2] == ["Philippines", "Bangladesh"]
    # Pressed again: the reverse. Country: back to A to Z.
    browser.press(" ", 32)
    assert _order(browser)[-2:] == ["Bangladesh", "Philippines"]
    browser.eval("document.querySelector('button[data-sort=country]').click()")
    assert _order(browser) == sorted(names)
    browser.eval("document.querySelector('button[data-sort=country]').click()")
    assert _order(browser) == sorted(names, reverse=True)


def test_filtering_by_rating(site, browser):
    matrix = Repository().report(REGION).matrix
    browser.load((site / "index.html").as_uri())
    assert browser.eval("document.getElementById('matrix-controls').hidden") is False

    def choose(select: str, value: str) -> None:
        browser.eval(f"(s => {{ s.value = {value!r}; s.dispatchEvent(new Event('change')); }})"
                     f"(document.getElementById({select!r}))")

    choose("filter-rating", "yes")
    yes_anywhere = [r.name for r in matrix.rows if any(c.rating == "yes" for c in r.cells)]
    assert _visible(browser) == yes_anywhere and len(yes_anywhere) < len(matrix.rows)
    choose("filter-indicator", "grooming")
    yes = [r.name for r in matrix.rows if r.cell("grooming") and r.cell("grooming").rating == "yes"]
    assert _visible(browser) == yes == ["Philippines"]  # the consultation: only the Philippines criminalises grooming fully
    assert browser.eval("document.getElementById('filter-status').textContent") == f"Showing 1 of {len(matrix.rows)} countries."
    choose("filter-rating", "no")
    assert _visible(browser) == [r.name for r in matrix.rows if r.cell("grooming").rating == "no"]
    browser.eval("document.getElementById('filter-reset').click()")
    assert _visible(browser) == [r.name for r in matrix.rows]


def _accessible_name(browser, selector: str) -> str:
    """What a screen reader announces for the element: its name in Chromium's accessibility tree."""
    doc = browser.tab("DOM.getDocument", depth=0)["root"]["nodeId"]
    node = browser.tab("DOM.querySelector", nodeId=doc, selector=selector)["nodeId"]
    (ax,) = [n for n in browser.tab("Accessibility.getPartialAXTree", nodeId=node, fetchRelatives=False)["nodes"]
             if not n.get("ignored")]
    return " ".join(((ax.get("name") or {}).get("value") or "").split())


def test_a_withheld_score_explains_itself(site, browser):
    """Before: a bare '–'. Now a tooltip, the reason read out, and a visible legend line."""
    matrix = Repository().report(REGION).matrix
    browser.load((site / "index.html").as_uri())
    reasons = [f"Score withheld: {r.summary.score_withheld}" for r in matrix.rows if r.summary and r.summary.score is None]
    assert reasons and browser.eval("Array.from(document.querySelectorAll('td.col-score abbr.withheld'), a => a.title)") == reasons
    first = next(i for i, r in enumerate(matrix.rows, 1) if r.summary and r.summary.score is None)
    said = _accessible_name(browser, f"#matrix tbody tr:nth-child({first}) td.col-score")
    assert said == reasons[0] + ".", said  # the reason, once; not the dash
    note = browser.eval("document.getElementById(document.querySelector('button[data-sort=score]')"
                        ".getAttribute('aria-describedby')).innerText")
    assert "— withheld" in note and browser.eval("document.getElementById('score-note').offsetHeight") > 0


def test_reads_on_a_phone(site, browser):
    """At 390 px the page does not scroll sideways: the matrix scrolls inside its own box."""
    browser.viewport(390, 844, mobile=True)
    try:
        for page in ("index.html", "countries/nepal.html", "indicators/grooming.html", "changes.html"):
            browser.load((site / page).as_uri())
            width = browser.eval("document.documentElement.scrollWidth")
            assert width <= 390, f"{page}: {width} px wide"
    finally:
        browser.viewport(1280, 900)


# The contrast of every piece of text with what is behind it (WCAG 2 relative luminance).
CONTRAST_JS = r"""
(() => {
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || style.display === "none" || style.visibility === "hidden" || el.closest(".visually-hidden")) continue;
    const fg = lum(rgb(style.color).slice(0, 3)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < need) low.push(el.tagName + "." + el.className + " '" + el.textContent.trim().slice(0, 30) + "' " + ratio.toFixed(2));
  }
  return low;
})()
"""


def test_text_contrast_meets_wcag_aa(site, browser):
    browser.load((site / "index.html").as_uri())
    assert browser.eval(CONTRAST_JS) == []
    # Filtering leaves the cells that do not match readable too.
    browser.eval("(s => { s.value = 'yes'; s.dispatchEvent(new Event('change')); })(document.getElementById('filter-rating'))")
    assert browser.eval("document.querySelectorAll('td.cell.dim').length") > 0
    assert browser.eval(CONTRAST_JS) == []
    for page in ("countries/nepal.html", "countries/viet-nam.html", "indicators/grooming.html", "changes.html", "about.html"):
        browser.load((site / page).as_uri())
        assert browser.eval(CONTRAST_JS) == [], page


def test_a_country_page_prints_as_a_brief(site, browser, tmp_path):
    """In print, menus and controls go, links to publications are spelled out; the PDF is made."""
    browser.load((site / "countries" / "nepal.html").as_uri())
    browser.tab("Emulation.setEmulatedMedia", media="print")
    try:
        assert browser.eval("getComputedStyle(document.querySelector('header nav')).display") == "none"
        assert browser.eval("getComputedStyle(document.querySelector('.crumbs')).display") == "none"
        assert browser.eval("getComputedStyle(document.querySelector('main')).display") != "none"
        spelled = browser.eval("Array.from(document.querySelectorAll('.sources a[href^=http]'), "
                               "a => getComputedStyle(a, '::after').content)")
        assert spelled and all("http" in c for c in spelled)
    finally:
        browser.tab("Emulation.setEmulatedMedia", media="")
    import base64
    pdf = base64.b64decode(browser.tab("Page.printToPDF", printBackground=True)["data"])
    assert pdf[:5] == b"%PDF-" and len(pdf) > 20_000


def test_screenshots(site, browser, tmp_path):
    out = Path(os.environ.get("LEGALCHECK_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    for page, name in (("index.html", "report-index.png"), ("countries/nepal.html", "report-country-nepal.png")):
        browser.load((site / page).as_uri())
        shots.append(browser.screenshot(out / name))
    for shot in shots:
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == 1280 and height > 900
