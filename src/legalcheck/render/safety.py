"""Data is never markup: the one console factory, and the one escape for Markdown.

Country names, rule text, citations and notes are written by people and may contain anything:
``[/x]`` or ``[link=…]`` (Rich markup), ``:emoji:`` codes, a newline followed by ``# Heading`` or
``<script>``, or ``[text](https://…)`` (a disguised Markdown link). Control characters are removed
from data when it is loaded (``yamlload.clean_text``); what is left is shown as the text it is:

* every Rich console is made by ``make_console``: markup and emoji codes off, so a ``str`` printed
  or put in a table is literal text (styles are given with ``rich.text.Text``);
* every data string in Markdown output goes through ``md``: one line, and what could make links,
  images, HTML or table cells backslash-escaped.
"""

from __future__ import annotations

import re
from typing import Any

# What would make structure from data inside a line: a backslash (it would undo the escapes below),
# a table cell's pipe, raw HTML and autolinks (``<``), code spans, and the joints of a link or image,
# ``](`` and ``][``. (Headings, lists, quotes and link definitions need a line start, which ``md``
# never leaves to data: it joins lines. Emphasis is left alone: it cannot hide or link anything.)
_MD_SPECIAL = re.compile(r"([\\|<`]|\](?=[(\[]))")


def make_console(**kwargs: Any):
    """A Rich Console that never interprets data: no markup, no emoji codes, no highlighting."""
    from rich.console import Console

    kwargs.setdefault("highlight", False)
    kwargs.setdefault("soft_wrap", False)
    return Console(markup=False, emoji=False, **kwargs)


def md(text: object) -> str:
    """Data as Markdown text: on one line, with link, image, HTML, code and cell syntax escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text if text is not None else "").split()))
