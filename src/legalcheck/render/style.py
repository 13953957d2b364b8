"""How ratings look. Colour is never the only signal: every rating has a symbol and a word."""

from __future__ import annotations

from ..model import RATING_LABELS

SYMBOLS = {
    "yes": "●",
    "yes_or_partial": "◕",
    "partial": "◐",
    "partial_or_no": "◔",
    "no": "○",
    "not_assessed": "?",
    "no_data": "–",
}
STYLES = {
    "yes": "bold green",
    "yes_or_partial": "green",
    "partial": "bold yellow",
    "partial_or_no": "dark_orange",
    "no": "bold red",
    "not_assessed": "cyan",
    "no_data": "magenta",
}
# Excel fills (ARGB) and matching font colours, for renderers that need hex colours.
FILLS = {
    "yes": "FFC6EFCE",
    "yes_or_partial": "FFE2F0D9",
    "partial": "FFFFEB9C",
    "partial_or_no": "FFFCE4D6",
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
    "narrowed": "⇥",
    "widened": "⇤",
    "shifted": "↕",
}
DIRECTION_WORDS = {
    "improved": "improved",
    "regressed": "regressed",
    "unchanged": "unchanged",
    "newly_assessed": "newly assessed",
    "no_longer_assessed": "no longer assessed",
    "status_changed": "status changed",
    "narrowed": "narrowed",
    "widened": "widened",
    "shifted": "shifted",
}
DIRECTION_STYLES = {
    "improved": "bold green",
    "regressed": "bold red",
    "unchanged": "dim",
    "newly_assessed": "cyan",
    "no_longer_assessed": "magenta",
    "status_changed": "magenta",
    "narrowed": "cyan",
    "widened": "magenta",
    "shifted": "magenta",
}
DIRECTION_FILLS = {
    "improved": "FFC6EFCE",
    "regressed": "FFFFC7CE",
    "unchanged": "FFFFFFFF",
    "newly_assessed": "FFDDEBF7",
    "no_longer_assessed": "FFE7E6E6",
    "status_changed": "FFE7E6E6",
    "narrowed": "FFDDEBF7",
    "widened": "FFE7E6E6",
    "shifted": "FFE7E6E6",
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
    "yes_or_partial": "Y/P",
    "partial": "Part",
    "partial_or_no": "P/N",
    "no": "No",
    "not_assessed": "NA",
    "no_data": "ND",
}
NO_PROFILE_SYMBOL = "·"


def short_badge(rating: str) -> str:
    """'◐ Part' — symbol and short word, for matrix cells."""
    return f"{SYMBOLS.get(rating, '?')} {SHORT_WORDS.get(rating, rating)}"


def pack(items: list[str], width: int, sep: str = "  ") -> str:
    """Items on as few lines of at most ``width`` characters as fit, never splitting an item
    (a legend's '? NA = Not assessed' stays on one line)."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(sep) + len(item) <= width:
            lines[-1] += sep + item
        else:
            lines.append(item)
    return "\n".join(lines)


def legend_items(short: bool = True, shown=None) -> list[str]:
    return legend(short, shown).split("  ")


def legend(short: bool = True, shown=None) -> str:
    """'● Yes  ◐ Part = Partial  ...': what the cell symbols and short words mean; only the
    ratings in ``shown`` when given (always in display order)."""
    bits = []
    for r in RATING_LABELS:
        if shown is not None and r not in shown:
            continue
        word = SHORT_WORDS[r] if short else label(r)
        bits.append(f"{SYMBOLS[r]} {word}" + (f" = {label(r)}" if short and word != label(r) else ""))
    return "  ".join(bits)


# Stronger versions of FILLS for chart bars (pale fills vanish in a chart); RGB hex.
CHART_COLOURS = {
    "yes": "63BE7B",
    "yes_or_partial": "A9D08E",
    "partial": "FFD966",
    "partial_or_no": "F4B183",
    "no": "F8696B",
    "not_assessed": "9BC2E6",
    "no_data": "BFBFBF",
}
