"""Markdown output, for reports and letters: one module per subject, and the escaping they share
(every data string goes through ``cell``, i.e. ``render.safety.md``: data is never Markdown structure)."""

from __future__ import annotations

import re

from ..safety import md


def cell(text: str | None) -> str:
    """Data as Markdown text, safe in a table cell or anywhere in a line: on one line, with links,
    images, HTML, code and cell syntax escaped (see ``safety.md``)."""
    return md(text)


def prose(text: str | None) -> str:
    """Data as a paragraph or a list item's text: ``md`` (one line, no links, HTML or code of its
    own), and nothing at its start that a line start would read as a heading, list or quote."""
    text = md(text)
    if (text and text[0] in "#+-=>") or re.match(r"\d+[.)](\s|$)", text):
        text = "\\" + text
    return text

