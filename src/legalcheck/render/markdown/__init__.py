"""Markdown output, for reports and letters: one module per subject, and the escaping they share."""

from __future__ import annotations

import re

from ...result import SourceOut
from ..text import source_record


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell."""
    text = (text or "").replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").strip()  # a lone CR ends a line too


def prose(text: str | None) -> str:
    """Text safe in a Markdown paragraph or list item: data is never markup (no emphasis, code,
    HTML or links of its own); one line."""
    text = " ".join((text or "").split())
    for ch in ("\\", "`", "*", "_", "<", ">"):
        text = text.replace(ch, "\\" + ch)
    text = text.replace("](", "]\\(")
    if (text and text[0] in "#+-=") or re.match(r"\d+[.)](\s|$)", text):
        text = "\\" + text
    return text


def source_item(src: SourceOut) -> str:
    """'- **[id]** Title (Publisher, 2022) — https://...': one source as a list item."""
    return f"- **[{src.id}]** {source_record(src)}"
