"""Helpers for printing large output as Rich prints it, without Rich's per-cell and per-line work.

Every shortcut here gives the same bytes as the Rich path it replaces (tests/test_terminal.py
compares them, in colour and without, at many widths).
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.control import strip_control_codes

# The control codes Rich's Text strips (bell, backspace, vertical tab, form feed, carriage return).
_STRIPPED = re.compile("[\x07\x08\x0b\x0c\x0d]")


def strip_control(text: str) -> str:
    """``text`` without the control codes Rich's Text strips. (Rich's own ``strip_control_codes``
    translates every character through a dict: slow over tens of thousands of lines, which data
    cleaned when loaded almost never needs.)"""
    return strip_control_codes(text) if _STRIPPED.search(text) else text


def plain_console(console: Console) -> bool:
    """True when ``console`` prints no style at all (no colour system: not a terminal, or piped), so
    text can go to it in one piece rather than a segment per style. Not for a legacy Windows
    console (it styles through the Windows API) or a recording one (its exports keep styles)."""
    return console.color_system is None and not console.legacy_windows and not console.record
