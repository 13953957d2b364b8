"""What each command imports (not how long it takes: timings live in benchmarks/, not in tests).

openpyxl (~100 ms) and XlsxWriter (~40 ms) are only for Excel; YAML parsing and validation
(legalcheck.schema) are only for files the cache has not seen; pydantic itself (~50 ms with the
schemas it builds) is for no command: validation runs on pydantic-core with schemas built once
(core_schemas.py), and command-line values are converted without it (commands/words.py). Each check runs the commands in a
fresh interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT

SCRIPT = """
import json, sys
from typer.testing import CliRunner
from legalcheck.cli import app
seen = {}
for argv in json.loads(sys.argv[1]):
    r = CliRunner().invoke(app, argv)
    assert r.exit_code == 0, (argv, r.output)
    seen[" ".join(argv)] = sorted(m for m in ("openpyxl", "xlsxwriter", "yaml", "legalcheck.schema", "pydantic",
                                              "pydantic_core") if m in sys.modules)
print(json.dumps(seen))
"""


def modules_after(commands: list[list[str]], **env: str) -> dict[str, list[str]]:
    """The heavy modules loaded after each command, the commands run one after another in one process."""
    environ = {k: v for k, v in os.environ.items() if k != "LEGALCHECK_DATA"}
    environ.update(env)
    p = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(commands)], capture_output=True, text=True, env=environ)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_help_imports_neither_an_excel_library_nor_the_validation_stack():
    assert modules_after([["--help"]]) == {"--help": []}


def test_commands_that_write_no_excel_never_import_an_excel_library():
    seen = modules_after([["assess", "nepal"], ["validate"], ["checklist"], ["explain", "grooming"],
                          ["assess", "nepal", "-f", "json"], ["assess", "nepal", "-f", "markdown"]],
                         LEGALCHECK_NO_CACHE="1")
    assert seen["assess nepal"] == ["legalcheck.schema", "yaml"]  # a cold run parses and validates
    assert all("openpyxl" not in mods and "xlsxwriter" not in mods for mods in seen.values()), seen
    assert all("pydantic" not in mods for mods in seen.values()), seen


def test_the_many_file_commands_never_import_pydantic(tmp_path):
    seen = modules_after([["--data", str(ROOT), "validate", str(ROOT / "countries" / "nepal" / "2022.yaml")],
                          ["--data", str(ROOT), "matrix", "saievac", "--year", "2022", "-o", str(tmp_path / "m.xlsx")],
                          ["--data", str(ROOT), "diff", "--region", "saievac", "2020", "2022"],
                          ["--data", str(ROOT), "regions"]], LEGALCHECK_NO_CACHE="1")
    assert all("pydantic" not in mods for mods in seen.values()), seen
    # nor pydantic-core's Python side (its package, which imports core_schema): only its compiled module
    assert all("pydantic_core" not in mods for mods in seen.values()), seen


def test_pydantic_imported_after_the_validation_stack_shares_its_compiled_core():
    """legalcheck.schema loads pydantic-core's compiled module alone; a program that then imports
    pydantic (a notebook, ``python -m legalcheck.schema``) gets that same module, initialised once."""
    script = (
        "import sys\n"
        "import legalcheck.schema as s\n"
        "assert 'pydantic_core' not in sys.modules and 'pydantic_core._pydantic_core' in sys.modules\n"
        "import pydantic, pydantic_core\n"
        "assert pydantic.ValidationError is s.ValidationError is pydantic_core.ValidationError\n"
        "assert pydantic_core.SchemaValidator is s.SchemaValidator\n"
        "assert s.PYDANTIC_CORE_VERSION == pydantic_core.__version__\n"
        "class M(pydantic.BaseModel):\n"
        "    x: int\n"
        "try:\n"
        "    M(x='a')\n"
        "except s.ValidationError as e:\n"
        "    print(e.errors()[0]['type'])\n"
    )
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "int_parsing"


def test_a_warm_assess_neither_parses_yaml_nor_validates(tmp_path):
    cache = {"LEGALCHECK_CACHE_DIR": str(tmp_path)}
    modules_after([["assess", "nepal"]], **cache)  # fills the cache
    assert modules_after([["assess", "nepal"]], **cache) == {"assess nepal": []}


def test_importing_the_command_line_leaves_the_garbage_collector_as_it_was():
    """main() tunes the collector for a run; a program or test that imports legalcheck.cli keeps its own."""
    script = "import gc, json; before = gc.get_threshold(); import legalcheck.cli; print(json.dumps([before, gc.get_threshold()]))"
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    before, after = json.loads(p.stdout)
    assert after == before
