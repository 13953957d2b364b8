"""Time legalcheck as users run it — whole processes — against the floor the stack imposes.

    uv run python benchmarks/run.py                 # full run (200 and 2,000 countries x 5 years)
    uv run python benchmarks/run.py --quick         # 5 rounds, no 2,000-country set
    uv run python benchmarks/run.py --runs 20

Every command is started as a fresh process of this Python (the `legalcheck` entry-point script of
the same environment, as users run it; the baseline `benchmarks/baseline.py` — a minimal Typer app
printing a 14-row Rich table, as `assess` prints 14 indicators — likewise as a script), with stdout
and stderr to /dev/null, NO_COLOR=1 and COLUMNS=120 (Rich still lays out every table at 120
columns; it just does not emit colour codes). Each command runs once to warm up (and to check it
works: a command that does not exist on this branch is reported "not available"), then the commands
take turns, round after round, so that a slow patch of the machine hits them all alike. Each run of
a command is paired with a baseline run just before it, and its ratio is the median of the per-pair
ratios (robust to the machine slowing down or speeding up during the run). The peak memory of each
process (its maximum resident set size) is recorded too.

Cold and warm are measured separately. legalcheck keeps a per-user cache of validated files (see
src/legalcheck/cache.py); the benchmark points it at a fresh temporary directory, so "warm" figures
are the second and later runs of the same command, as in an analyst's day, and "cold" ones
(LEGALCHECK_NO_CACHE=1) are a first run: after an edit, in CI, with a fresh `--data`.

Then, for each cold command, `benchmarks/phases.py` runs it once more in a fresh process with the
library's phases timed (imports, reading, YAML, validation, rubric proof, evaluation, rendering,
the rest), in CPU seconds: where the time goes.

Bytecode is compiled first, for the package and the environment's libraries alike (these machines
set PYTHONDONTWRITEBYTECODE, and uv does not compile by default; pip does, on install).

Writes the tables to stdout and the results to benchmarks/results.json (--quick:
benchmarks/results-quick.json).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import resource  # POSIX: CPU time of child processes
except ImportError:  # Windows: wall-clock only
    resource = None

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

YEAR_FROM, YEAR_TO = synth.FIRST_YEAR, synth.FIRST_YEAR + 4


@dataclass
class Bench:
    name: str
    what: str  # for the table
    argv: list[str] | list[list[str]]  # one command, or alternatives tried in turn
    env: dict[str, str] = field(default_factory=dict)
    needs: str | None = None  # a subcommand that must exist
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system CPU seconds of the process
    ratios: list[float] = field(default_factory=list)  # time / the baseline run just before it
    cpu_ratios: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)  # maximum resident set size of each process
    cold: bool = False  # run without the cache
    phases: dict | None = None
    status: str = "ok"
    used: list[str] | None = None
    imports: dict[str, bool] = field(default_factory=dict)


def legalcheck_cmd() -> list[str]:
    script = Path(sys.executable).parent / ("legalcheck.exe" if os.name == "nt" else "legalcheck")
    if script.exists():
        return [sys.executable, str(script)]  # the entry-point script, run by this Python
    return [sys.executable, "-m", "legalcheck"]


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, str, int]:
    """Wall-clock and CPU seconds of one process, its exit code, its stderr and its peak memory (KB)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if hasattr(os, "wait4"):
        err = b"".join(iter(lambda: p.stderr.read(65536), b""))
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        p.stderr.close()
        cpu = usage.ru_utime + usage.ru_stime
        peak = usage.ru_maxrss  # KB on Linux
    else:  # Windows: wall-clock only
        _, err = p.communicate()
        elapsed = time.perf_counter() - t0
        cpu, peak = float("nan"), 0
    return elapsed, cpu, p.returncode, err.decode("utf-8", "replace"), peak


def phases(argv: list[str], env: dict[str, str], lc: list[str], tries: int = 2) -> dict | None:
    """Seconds per phase of one cold run of ``argv`` (see phases.py), the least of ``tries`` runs."""
    if argv[: len(lc)] != lc:
        return None
    best = None
    for _ in range(tries):
        p = subprocess.run([sys.executable, str(HERE / "phases.py"), "--", *argv[len(lc):]], env=env,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if p.returncode != 0:
            return None
        result = json.loads(p.stdout.strip().splitlines()[-1])
        if best is None or result["total"] < best["total"]:
            best = result
    return best


def imported(argv: list[str], env: dict[str, str]) -> dict[str, bool]:
    """Which heavy libraries the command imports (one run under -X importtime)."""
    assert argv[0] == sys.executable
    p = subprocess.run([sys.executable, "-X", "importtime", *argv[1:]], env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    mods = {line.rsplit("|", 1)[-1].strip() for line in p.stderr.decode("utf-8", "replace").splitlines()
            if line.startswith("import time:")}
    return {lib: lib in mods for lib in ("openpyxl", "xlsxwriter", "pydantic", "yaml", "ryml")}


def compile_package() -> None:
    """Compile legalcheck and every library of the environment, as an install by pip does."""
    import sysconfig

    import legalcheck

    pkg = Path(legalcheck.__file__).resolve().parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(pkg)], check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", sysconfig.get_paths()["purelib"]],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def machine() -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if hasattr(os, "getloadavg"):
        info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    return info


def main() -> int:
    ap = argparse.ArgumentParser(description="Time legalcheck's commands against a minimal Typer+Rich app.")
    ap.add_argument("--quick", action="store_true", help="5 rounds and no 2,000-country set")
    ap.add_argument("--runs", "--rounds", type=int, help="timed runs per command (default 10; 5 with --quick)")
    ap.add_argument("--large-runs", type=int, default=3,
                    help="rounds in which the 2,000-country commands run too (default 3: they take most of the time)")
    ap.add_argument("--large", type=int, default=2000, help=argparse.SUPPRESS)  # smaller only to try the script out
    ap.add_argument("--out", type=Path, help="where to write the JSON results")
    ap.add_argument("--keep", action="store_true", help="keep the generated repositories (the path is printed)")
    ap.add_argument("--update-readme", action="store_true",
                    help="rewrite the README's results table from this run (tests check the two agree)")
    args = ap.parse_args()
    if args.quick and args.update_readme:
        ap.error("--update-readme takes a full run (the README shows benchmarks/results.json)")
    runs = args.runs or (5 if args.quick else 10)
    out = args.out or HERE / ("results-quick.json" if args.quick else "results.json")

    info = machine()  # load average before the run starts
    print("compiling bytecode ...", flush=True)
    compile_package()
    tmp = Path(tempfile.mkdtemp(prefix="legalcheck-bench-"))
    try:
        results = measure(args, runs, tmp, info)
    finally:
        if args.keep:
            print(f"kept the generated data in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    if args.update_readme:
        update_readme(results)
        print(f"updated the table in {README}")
    return 0


def measure(args: argparse.Namespace, runs: int, tmp: Path, info: dict) -> dict:
    lc = legalcheck_cmd()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALCHECK_")}
    env.update(NO_COLOR="1", COLUMNS="120", LEGALCHECK_CACHE_DIR=str(tmp / "cache"))
    nocache = {"LEGALCHECK_NO_CACHE": "1"}

    sets = {"S200": 200} if args.quick else {"S200": 200, "S2000": args.large}
    paths: dict[str, Path] = {}
    for label, n in sets.items():
        print(f"generating {n} countries x 5 years ...", flush=True)
        paths[label] = synth.generate(tmp / label.lower(), n, 5)
    s200 = str(paths["S200"])
    slugs = ",".join(synth.slug(i) for i in range(1, 201))
    xlsx = str(tmp / "matrix.xlsx")

    benches = [
        Bench("baseline", "minimal Typer app printing a 14-row Rich table", [sys.executable, str(HERE / "baseline.py"), "show"]),
        Bench("help", "legalcheck --help", lc + ["--help"]),
        Bench("assess", "legalcheck assess nepal (bundled data), warm", lc + ["assess", "nepal"]),
        Bench("assess-cold", "  same, cold (no cache: a first run)", lc + ["assess", "nepal"], env=nocache, cold=True),
    ]

    def commands(data: str, n: int, slug_list: str) -> dict[str, tuple[str, list]]:
        # the region (a positional argument), or on an older branch the countries listed
        which = [[synth.REGION]] + ([["--countries", slug_list]] if slug_list else [])
        return {
            "validate": (f"validate, {n:,} countries x 5 years", lc + ["--data", data, "validate"]),
            "matrix": (f"matrix, {n:,} countries, to the terminal",
                       [lc + ["--data", data, "matrix", *w, "--year", str(YEAR_TO)] for w in which]),
            "xlsx": (f"matrix, {n:,} countries, --xlsx",
                     [lc + ["--data", data, "matrix", *w, "--year", str(YEAR_TO), "--xlsx", xlsx] for w in which]),
            "diff": (f"diff --region {YEAR_FROM} {YEAR_TO}, {n:,} countries",
                     [lc + ["--data", data, "diff", "--region", synth.REGION, str(YEAR_FROM), str(YEAR_TO)],
                      lc + ["--data", data, "diff", "--countries", synth.REGION, str(YEAR_FROM), str(YEAR_TO)]]),
        }

    for name, (what, argv) in commands(s200, 200, slugs).items():
        needs = None if name == "validate" else name.replace("xlsx", "matrix")
        benches += [Bench(f"{name}-200", what + ", warm", argv, needs=needs),
                    Bench(f"{name}-200-cold", "  same, cold", argv, env=nocache, needs=needs, cold=True)]
    if "S2000" in paths:  # cold only: the first run is the one that grows with the data
        for name, (what, argv) in commands(str(paths["S2000"]), sets["S2000"], "").items():
            needs = None if name == "validate" else name.replace("xlsx", "matrix")
            benches.append(Bench(f"{name}-2000-cold", what + ", cold", argv, env=nocache, needs=needs, cold=True))

    print("warming up and checking each command ...", flush=True)
    active = []
    for b in benches:
        if b.needs and run(lc + [b.needs, "--help"], env)[2] != 0:
            b.status = "not available"
            print(f"  {b.name}: not available on this branch", flush=True)
            continue
        e = {**env, **b.env}
        tried = [b.argv] if isinstance(b.argv[0], str) else b.argv
        errors = []
        for argv in tried:
            _, _, code, err, _ = run(argv, e)
            if code == 0:
                b.used = argv
                break
            errors.append(f"exit {code}: {(err.strip().splitlines() or [''])[-1][:200]}")
        if b.used is None:
            b.status = "failed (" + "; ".join(errors) + ")"
            print(f"  {b.name}: {b.status}", flush=True)
            continue
        large = "-2000" in b.name
        if not large:  # the same code as the 200-country command: one check of the imports is enough
            b.imports = imported(b.used, e)
        active.append(b)
        if b.cold:
            b.phases = phases(b.used, e, lc, tries=1 if large else 2)

    def timed(b: Bench) -> tuple[float, float]:
        elapsed, cpu, code, err, peak = run(b.used, {**env, **b.env})
        b.peak_kb.append(peak)
        if code != 0:
            raise SystemExit(f"{b.name} failed during timing (exit {code}): {err.strip()[-300:]}")
        b.times.append(elapsed)
        b.cpu.append(cpu)
        return elapsed, cpu

    baseline, others = active[0], active[1:]
    for r in range(runs):
        print(f"round {r + 1}/{runs} ...", flush=True)
        for b in others:
            if "-2000" in b.name and r >= args.large_runs:
                continue
            # Each run is paired with a baseline run just before it: the ratio of the pair cancels
            # most of the drift in the machine's speed (other work, frequency changes).
            base_t, base_cpu = timed(baseline)
            t, cpu = timed(b)
            b.ratios.append(t / base_t)
            b.cpu_ratios.append(cpu / base_cpu if base_cpu else float("nan"))

    return report(benches, runs, tmp, lc, info, args.large_runs)


README = HERE.parent / "docs" / "performance.md"  # the page with the results table
START, END = "<!-- benchmark-table:start -->", "<!-- benchmark-table:end -->"


def markdown_table(results: dict) -> str:
    """The README's tables of a run's results (tests/test_benchmark_docs.py checks they match)."""
    m = results["machine"]
    load = m.get("load_average_at_start")
    lines = [
        f"Run of {results['date']} on {m['cpus']} cores ({m.get('cpu', 'unknown CPU')}), Python {m['python']}, "
        f"{results['runs']} rounds" + (f" ({results['large_runs']} for 2,000 countries)" if results.get("large_runs") else "")
        + f"; baseline median {results['baseline_ms']:.0f} ms"
        + (f"; load average {load[0]:.1f} at the start" if load else "") + ".",
        "",
        "| command | median | ratio to baseline | CPU ratio | peak memory | imports |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for b in results["benchmarks"]:
        if b["median_ms"] is None:
            lines.append(f"| {b['what'].strip()} | {b['status']} | | | | |")
            continue
        imports = ", ".join(k for k, v in (b["imports"] or {}).items() if v) or "—"
        mem = f"{b['peak_mb']:.0f} MB" if b.get("peak_mb") else "—"
        lines.append(f"| {b['what'].strip()} | {b['median_ms']:.0f} ms | {b['ratio']:.2f}x | {b['cpu_ratio']:.2f}x "
                     f"| {mem} | {imports} |")
    breakdown = [b for b in results["benchmarks"] if b.get("phases")]
    if breakdown:
        lines += ["", f"Where a cold run's time goes, CPU seconds ({PHASES_NOTE}):", "",
                  "| command | " + " | ".join(PHASE_NAMES) + " | total |",
                  "|---|" + "---:|" * (len(PHASE_NAMES) + 1)]
        for b in breakdown:
            ph = b["phases"]["phases"]
            lines.append(f"| {b['name']} | " + " | ".join(f"{ph.get(p, 0):.3f}" for p in PHASE_NAMES)
                         + f" | {b['phases']['total']:.3f} |")
    lines += ["", "| target | measured | limit | met |", "|---|---:|---:|---|"]
    for t in results["targets"]:
        value = t["value"] if not isinstance(t["value"], list) else (", ".join(t["value"]) or "none")
        limit = t["limit"] if not isinstance(t["limit"], list) else "none"
        met = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        lines.append(f"| {t['what']} | {value if value is not None else '—'} | {limit} | {met} |")
    return "\n".join(lines)


PHASE_NAMES = ["imports", "read", "yaml", "validation", "rubric proof", "evaluation", "rendering", "other"]
PHASES_NOTE = "benchmarks/phases.py: one more cold run with each phase timed; the least of two, one for 2,000 countries"


def update_readme(results: dict) -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{markdown_table(results)}\n{END}{tail}", encoding="utf-8")


def report(benches: list[Bench], runs: int, tmp: Path, lc: list[str], info: dict, large_runs: int) -> dict:
    by = {b.name: b for b in benches}
    base = statistics.median(by["baseline"].times)

    def med(name: str) -> float | None:
        b = by.get(name)
        return statistics.median(b.times) if b and b.times else None

    def shown(argv: list[str] | None) -> str | None:
        if argv is None:
            return None
        if argv[: len(lc)] == lc:
            words = ["legalcheck"] + argv[len(lc):]
        else:
            words = ["python"] + [os.path.relpath(a, HERE.parent) if a.startswith(str(HERE)) else a for a in argv[1:]]
        slugs = ",".join(synth.slug(i) for i in range(1, 201))
        return " ".join(words).replace(str(tmp), "$TMP").replace(slugs, "<200 slugs>")

    rows = []
    print(f"\n{'command':<48} {'median':>9} {'ratio':>7} {'cpu ratio':>9} {'peak MB':>8}  imports")
    for b in benches:
        m = med(b.name)
        ratio = statistics.median(b.ratios) if b.ratios else (1.0 if b.name == "baseline" else None)
        imports = ", ".join(k for k, v in b.imports.items() if v) or ("-" if b.imports else "")
        cpu_ratio = statistics.median(b.cpu_ratios) if b.cpu_ratios else (1.0 if b.name == "baseline" else None)
        peak = statistics.median(b.peak_kb) / 1024 if b.peak_kb and all(b.peak_kb) else None
        if m is None:
            print(f"{b.what:<48} {b.status:>17}")
        else:
            print(f"{b.what:<48} {m * 1000:>7.0f}ms {ratio:>6.2f}x {cpu_ratio:>8.2f}x {peak or 0:>8.0f}  {imports}")
        rows.append({"name": b.name, "what": b.what, "command": shown(b.used), "env": b.env or None,
                     "status": b.status, "median_ms": round(m * 1000, 1) if m else None,
                     "min_ms": round(min(b.times) * 1000, 1) if b.times else None,
                     "max_ms": round(max(b.times) * 1000, 1) if b.times else None,
                     "ratio": round(ratio, 2) if ratio else None,
                     "cpu_median_ms": round(statistics.median(b.cpu) * 1000, 1) if b.cpu else None,
                     "cpu_ratio": round(cpu_ratio, 2) if cpu_ratio else None,
                     "peak_mb": round(peak, 1) if peak else None,
                     "imports": b.imports or None, "phases": b.phases})

    breakdown = [r for r in rows if r["phases"]]
    if breakdown:
        print(f"\nwhere a cold run's time goes (CPU seconds; {PHASES_NOTE})")
        print(f"{'command':<48} " + " ".join(f"{p[:10]:>10}" for p in PHASE_NAMES) + f" {'total':>7}")
        for r in breakdown:
            ph = r["phases"]["phases"]
            print(f"{r['name']:<48} " + " ".join(f"{ph.get(p, 0):>10.3f}" for p in PHASE_NAMES)
                  + f" {r['phases']['total']:>7.3f}")

    def ratio(name: str) -> float | None:
        b = by.get(name)
        return statistics.median(b.ratios) if b and b.ratios else None

    def target(name: str, value: float | None, limit: float, what: str) -> dict:
        ok = None if value is None else value <= limit
        return {"target": name, "what": what, "value": round(value, 2) if value is not None else None,
                "limit": limit, "met": ok}

    def growth(small: str, large: str) -> float | None:
        a, b = med(small), med(large)
        return b / a if a and b else None

    def peak(name: str) -> float | None:
        b = by.get(name)
        return statistics.median(b.peak_kb) if b and b.peak_kb and all(b.peak_kb) else None

    def no_import(lib: str, names: list[str]) -> dict:
        checked = [by[n] for n in names if by[n].imports]
        bad = [b.name for b in checked if b.imports.get(lib)]
        return {"target": f"no {lib}", "what": f"{lib} not imported by: {', '.join(b.name for b in checked)}",
                "value": bad, "limit": [], "met": not bad if checked else None}

    non_excel = [b.name for b in benches if b.name != "baseline" and "xlsx" not in b.name]
    targets = [
        target("help", ratio("help"), 1.1, "legalcheck --help / baseline"),
        target("assess", ratio("assess"), 1.3, "assess nepal, warm / baseline"),
        target("assess-cold", ratio("assess-cold"), 1.3, "assess nepal, cold / baseline"),
        no_import("openpyxl", non_excel),
        no_import("xlsxwriter", non_excel),
        # validation runs on pydantic-core with schemas built once (core_schemas.py), and the command
        # line is converted without pydantic (commands/words.py): no command imports pydantic
        no_import("pydantic", [b.name for b in benches if b.name != "baseline"]),
        # rapidyaml pays off over many files only: one country's few profiles must not import it
        no_import("ryml", [n for n in ("help", "assess", "assess-cold") if n in by]),
    ]
    for name in ("validate", "matrix", "xlsx", "diff"):
        targets.append(target(f"{name}-200-cold", ratio(f"{name}-200-cold"), 4.0, f"{name} 200x5, cold / baseline"))
    for name in ("validate", "matrix", "xlsx", "diff"):
        targets.append(target(f"{name}-200", ratio(f"{name}-200"), 4.0, f"{name} 200x5, warm / baseline"))
    for name in ("validate", "matrix", "xlsx", "diff"):
        targets.append(target(f"growth-{name}", growth(f"{name}-200-cold", f"{name}-2000-cold"), 12.0,
                              f"{name} 2000x5 time / 200x5 time (cold)"))
    small, large = peak("xlsx-200-cold"), peak("xlsx-2000-cold")
    targets.append(target("xlsx-memory", large / small if small and large else None, 2.0,
                          "matrix --xlsx peak memory, 2000 / 200 countries"))
    print(f"\n{'target':<18} {'value':>8} {'limit':>7}  met")
    for t in targets:
        value = t["value"] if not isinstance(t["value"], list) else (", ".join(t["value"]) or "none")
        met = {True: "yes", False: "NO", None: "not measured"}[t["met"]]
        print(f"{t['target']:<18} {value!s:>8} {t['limit']!s:>7}  {met}")
    if hasattr(os, "getloadavg"):
        info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": info,
        "runs": runs,
        "large_runs": min(runs, large_runs) if any("-2000" in b.name for b in benches) else None,
        "method": "median of the timed runs after one warm-up; fresh processes; commands interleaved round by round; "
                  "stdout/stderr to /dev/null, NO_COLOR=1, COLUMNS=120; cache in a fresh temporary directory. "
                  "ratio: median over the rounds of (the command's wall-clock time / that of a baseline run just "
                  "before it) - targets are judged on it; cpu_ratio: the same with user+system CPU time, a "
                  "cross-check less sensitive to other load on the machine",
        "baseline_ms": round(base * 1000, 1),
        "benchmarks": rows,
        "targets": targets,
    }


if __name__ == "__main__":
    raise SystemExit(main())
