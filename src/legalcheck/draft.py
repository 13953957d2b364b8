"""The text of next year's draft profile: a copy of the latest one, marked as a draft. Pure text."""

from __future__ import annotations

import re

from .errors import UsageError, brief
from .model import date_problem


def draft_text(text: str, source_year: int, year: int, as_of: str) -> str:
    """The source profile's text with its year and as-of date replaced and ``status: draft`` set.

    Comments and layout are kept; a comment at the top says it is a draft to be reviewed.
    """
    if why := date_problem(as_of):
        raise UsageError(f"the as-of date {brief(as_of)} {why}")

    def top_level(key: str) -> re.Pattern[str]:
        return re.compile(rf"^{key}[ \t]*:.*$", re.MULTILINE)

    for key in ("year", "as_of"):
        if len(top_level(key).findall(text)) != 1:
            raise UsageError(f"cannot find one top-level '{key}:' line in the {source_year} profile; copy it by hand")
    text = top_level("year").sub(f"year: {year}", text)
    text = top_level("as_of").sub(f'as_of: "{as_of}"', text)
    if top_level("status").search(text):
        text = top_level("status").sub("status: draft", text)
    else:
        text = top_level("as_of").sub(lambda m: m.group(0) + "\nstatus: draft", text)
    head = (
        f"# DRAFT for {year}, copied from {source_year}.yaml by 'legalcheck new-year'. Every fact, citation\n"
        f"# and source below still describes the law as it was in {source_year}: check each one against the law\n"
        f"# in {year}, set as_of to the date the information describes, then set status: reviewed.\n"
    )
    return head + text
