"""How the HTML report shows a rating and the year it is as of: each decided in one place.

Templates never spell a rating's word, symbol or colour themselves; they call ``rating_view`` (via
the ``rating`` macro) and ``as_of_year``. A new kind of rating (e.g. a bounded "Partial or No") is
then one entry here and one CSS class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..text import DIRECTION_SYMBOLS, DIRECTION_WORDS, SYMBOLS, label

# Sort order of a cell, best first: the matrix sorts by it (no profile sorts last). Bounded ratings
# ("Yes or Partial", "Partial or No") sit between the ratings they span.
ORDER = {"yes": 0, "yes_or_partial": 1, "partial": 2, "partial_or_no": 3, "no": 4, "not_assessed": 5,
         "no_data": 6, "no_profile": 7}
# The ratings that settle an indicator (Yes, Partial, No): counted as rated, and in the score.
SETTLED = ("yes", "partial", "no")


def settled(rating: Any) -> bool:
    """Whether a rating (or a result's rating) settles the indicator."""
    key = rating if isinstance(rating, str) else getattr(rating, "rating", None)
    return key in SETTLED


def reading_source(citation: Any) -> str:
    """'(according to Lann Pya — legal information: …, Rape)': the source that gives a value where
    sources disagree, named as the report's citations name it (its title, never its id in the data;
    where in it). Plain text: the template escapes it."""
    return f"(according to {citation.source_title}" + (f", {citation.locator}" if citation.locator else "") + ")"


@dataclass(frozen=True)
class RatingView:
    key: str  # the CSS class suffix and the filter value: r-yes, r-partial, ...
    symbol: str
    word: str
    order: int


def rating_view(rating: Any) -> RatingView:
    """The symbol, word and colour class of a rating: a rating string, or any result object with a
    ``rating`` attribute (an indicator result, a matrix cell)."""
    key = rating if isinstance(rating, str) else getattr(rating, "rating", "no_data")
    if key == "no_profile":
        return RatingView("no_profile", "·", "No profile", ORDER["no_profile"])
    return RatingView(key, SYMBOLS.get(key, "?"), label(key), ORDER.get(key, 9))


def as_of_year(result: Any, assessment: Any) -> int:
    """The year a rating is as of: the result's own ``from_year`` where results carry one, else the
    profile's year."""
    return getattr(result, "from_year", None) or assessment.year


def change_view(direction: str) -> RatingView:
    return RatingView(direction, DIRECTION_SYMBOLS.get(direction, "?"), DIRECTION_WORDS.get(direction, direction), 0)


def safe_url(url: Any) -> str | None:
    """The URL if it may be a link (http or https with a host), else None: a ``javascript:``,
    ``data:`` or relative URL from the data is shown as text, never followed."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


KIND_WORDS = {
    "legislation": "legislation",
    "official": "official publication",
    "treaty-body": "UN treaty body",
    "international-organisation": "international organisation",
    "ngo-analysis": "NGO analysis",
    "secondary": "secondary legal summary",
    "news": "news report",
}


def kind_words(kind: Any) -> str:
    return KIND_WORDS.get(kind, str(kind)) if kind else ""
