"""How ratings look. Colour is never the only signal: every rating has a symbol and a word."""

from __future__ import annotations

from ..model import RATING_LABELS

SYMBOLS = {
    "yes": "●",
    "partial": "◐",
    "no": "○",
    "not_assessed": "?",
    "no_data": "–",
}
STYLES = {
    "yes": "bold green",
    "partial": "bold yellow",
    "no": "bold red",
    "not_assessed": "cyan",
    "no_data": "magenta",
}
# Excel fills (ARGB) and matching font colours, for renderers that need hex colours.
FILLS = {
    "yes": "FFC6EFCE",
    "partial": "FFFFEB9C",
    "no": "FFFFC7CE",
    "not_assessed": "FFDDEBF7",
    "no_data": "FFE7E6E6",
}


def label(rating: str) -> str:
    return RATING_LABELS.get(rating, rating)


def badge(rating: str) -> str:
    """'● Yes' — symbol and word, for plain text."""
    return f"{SYMBOLS.get(rating, '?')} {label(rating)}"


def rich_badge(rating: str):
    from rich.text import Text

    return Text(badge(rating), style=STYLES.get(rating, ""))


# Directions of change between two years (legalcheck diff): an arrow and a word, never colour alone.
DIRECTION_SYMBOLS = {
    "improved": "↑",
    "regressed": "↓",
    "unchanged": "=",
    "newly_assessed": "+",
    "no_longer_assessed": "−",
    "status_changed": "~",
}
DIRECTION_WORDS = {
    "improved": "improved",
    "regressed": "regressed",
    "unchanged": "unchanged",
    "newly_assessed": "newly assessed",
    "no_longer_assessed": "no longer assessed",
    "status_changed": "status changed",
}
DIRECTION_STYLES = {
    "improved": "bold green",
    "regressed": "bold red",
    "unchanged": "dim",
    "newly_assessed": "cyan",
    "no_longer_assessed": "magenta",
    "status_changed": "magenta",
}
DIRECTION_FILLS = {
    "improved": "FFC6EFCE",
    "regressed": "FFFFC7CE",
    "unchanged": "FFFFFFFF",
    "newly_assessed": "FFDDEBF7",
    "no_longer_assessed": "FFE7E6E6",
    "status_changed": "FFE7E6E6",
}


def change_badge(direction: str) -> str:
    """'↑ improved' — arrow and word, for plain text."""
    return f"{DIRECTION_SYMBOLS.get(direction, '?')} {DIRECTION_WORDS.get(direction, direction)}"


def rich_change_badge(direction: str):
    from rich.text import Text

    return Text(change_badge(direction), style=DIRECTION_STYLES.get(direction, ""))


# Short cell words for matrices, where full labels do not fit; a legend spells them out.
SHORT_WORDS = {
    "yes": "Yes",
    "partial": "Part",
    "no": "No",
    "not_assessed": "NA",
    "no_data": "ND",
}
NO_PROFILE_SYMBOL = "·"


def short_badge(rating: str) -> str:
    """'◐ Part' — symbol and short word, for matrix cells."""
    return f"{SYMBOLS.get(rating, '?')} {SHORT_WORDS.get(rating, rating)}"


def legend(short: bool = True) -> str:
    """'● Yes  ◐ Part = Partial  ...': what the cell symbols and short words mean."""
    bits = []
    for r in RATING_LABELS:
        word = SHORT_WORDS[r] if short else label(r)
        bits.append(f"{SYMBOLS[r]} {word}" + (f" = {label(r)}" if short and word != label(r) else ""))
    return "  ".join(bits)


# Stronger versions of FILLS for chart bars (pale fills vanish in a chart); RGB hex.
CHART_COLOURS = {
    "yes": "63BE7B",
    "partial": "FFD966",
    "no": "F8696B",
    "not_assessed": "9BC2E6",
    "no_data": "BFBFBF",
}
