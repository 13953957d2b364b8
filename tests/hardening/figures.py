"""docs/robustness.md, generated from the hardening suite itself so its figures cannot drift.

``test_docs.py`` fails when the file differs from ``render()``; regenerate it with
``UPDATE_DOCS=1 uv run pytest tests/hardening/test_docs.py``.
"""

from __future__ import annotations

import inspect
from collections import Counter

from legalcheck.data import bundled_data_dir, load_checklist

from . import test_interrupt, test_properties
from .cases import CASES, CLASSES

EXIT_WORDS = {0: "0 accepted", 2: "2 usage", 3: "3 not found", 4: "4 invalid data", 5: "5 output"}


def interrupt_tests() -> list[str]:
    """The interrupted-write tests, by name."""
    out = []
    for name, fn in inspect.getmembers(test_interrupt, inspect.isfunction):
        if name.startswith("test_"):
            out.append(name[5:].replace("_", " "))
    return out


def render() -> str:
    counts = Counter(c.cls for c in CASES)
    exits: dict[str, set[int]] = {}
    for c in CASES:
        exits.setdefault(c.cls, set()).add(c.exit)
    processes = sum(1 for c in CASES if c.process)
    interrupts = interrupt_tests()
    props = test_properties.PROPERTIES
    lines = [
        "# Robustness: broken and hostile input",
        "",
        "<!-- Generated from tests/hardening by tests/hardening/figures.py; do not edit by hand.",
        "     Regenerate: UPDATE_DOCS=1 uv run pytest tests/hardening/test_docs.py -->",
        "",
        "Analysts hand legalcheck messy files: exported from Word or Excel, in old encodings, with YAML",
        "1.1 habits, sometimes from someone else. legalcheck must keep working, lose nothing, say plainly",
        "what is wrong and where, and never run what a file tells it to. The hardening suite in",
        "`tests/hardening/` checks this end to end; every figure below is computed from it.",
        "",
        f"**{len(CASES)} bad inputs in {len(CLASSES)} classes**, each run through the command line "
        f"({len(CASES) - processes} in-process, {processes} as a real `python -m legalcheck` process), plus "
        f"**{len(interrupts)} interrupted writes** and **{len(props) + 1} properties** over generated input.",
        "",
        "For every bad input the suite asserts the exit code; that stderr names the file and, where there is",
        "one, the line and column (`file:line:col: field: message`); that the message is plain language (no",
        "exception names, no Python words, no traceback); that nothing was printed on stdout; and, where it",
        "applies, that nothing was executed and no existing file was changed.",
        "",
        "## Bad input, by class",
        "",
        "| class | cases | exit codes | what legalcheck does |",
        "|---|---:|---|---|",
    ]
    for key, cls in CLASSES.items():
        codes = ", ".join(EXIT_WORDS[e] for e in sorted(exits.get(key, ())))
        lines.append(f"| {cls.title} | {counts[key]} | {codes} | {cls.handling} |")
    lines.append(f"| **total** | **{len(CASES)}** | | |")
    lines += [
        "",
        "Exit codes are those of the [user guide](user-guide.md#exit-codes): 2 wrong usage, 3 not found, 4 invalid data, 5 output not written.",
        "",
        "The cases, by id (see `tests/hardening/cases.py` for each input and the expected message):",
        "",
    ]
    for key in CLASSES:
        ids = ", ".join(f"`{c.id}`" for c in CASES if c.cls == key)
        lines.append(f"- **{key}**: {ids}")
    lines += [
        "",
        "## Interrupted writes",
        "",
        "Every output file is written to a temporary file beside it and renamed into place when complete.",
        f"{len(interrupts)} tests interrupt a real workbook save (openpyxl's, and the streamed matrix workbook's with XlsxWriter) and check that the old workbook is",
        "byte-for-byte the same afterwards and, unless Python was stopped without clean-up, that no temporary",
        "file is left:",
        "",
    ]
    lines += [f"- {t}" for t in interrupts]
    lines += [
        "",
        "legalcheck turns SIGTERM and SIGHUP (a closed terminal) into a normal exit so its clean-up runs; after SIGKILL, or a process without",
        "that handler, one hidden `.NAME.*.partial` file can remain (for a workbook, a folder holding everything the write had made, its",
        "row files too), and the old file is still untouched. legalcheck does not remove such leftovers itself: it cannot tell one from a",
        "write another run is still making. Its cache is its own: a run removes the temporary files a killed run left there once they are",
        "ten minutes old.",
        "",
        "## Properties",
        "",
        "Hypothesis, with a fixed seed so CI is deterministic (`HYPOTHESIS_EXPLORE=1` draws fresh examples).",
        "",
        "| property | generated examples |",
        "|---|---:|",
        f"| Any generated profile of the real checklist (facts known or unknown, reported ratings, hostile text: "
        f"formulas, pipes, newlines, CR, quotes, RTL marks, emoji, YAML words) validates, and neither the engine "
        f"nor any renderer (terminal at widths 20-200, JSON, Markdown) crashes; the Markdown table keeps one row "
        f"per indicator | {props['profiles_never_crash']} |",
        f"| Soundness of the three-valued logic on the real indicators, exhaustively: a rating determined while "
        f"facts are unknown is the rating of every filling; `not_assessed` only when two fillings disagree "
        f"(or every filling meets the rubric's own 'not settled' rule); "
        f"missing facts can change the rating alone, unknowns called not needed cannot | "
        f"{test_properties.real_assignments(load_checklist(bundled_data_dir()))} (all, {len(load_checklist(bundled_data_dir()).indicators)} indicators) |",
        f"| The same soundness on random small rule sets (boolean, enum, integer with intervals, list facts), "
        f"checked against an independent brute force over every value | {props['random_rules_sound']} |",
        f"| `check_rubric`'s completeness proof agrees with brute force, and its example really is a gap or "
        f"overlap | {props['check_rubric_agrees']} |",
        f"| Round trip: assess, write JSON to a file, read it back: an equal `Assessment` | {props['round_trip']} |",
        "",
    ]
    return "\n".join(lines)
