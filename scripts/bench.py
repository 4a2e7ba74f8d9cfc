#!/usr/bin/env python3
"""Benchmark csto-tui on synthetic datasets; every figure is a ratio to a floor from the same run.

    python scripts/bench.py [--events N ...] [--quick] [--json FILE] [--strict] [--no-ui]
                            [--visidata PATH]

Default sizes are 1,000, 10,000 and 100,000 events; the run takes several minutes (run it
in the background). Datasets come from scripts/generate.py, made once and cached in a temp
directory keyed by size, seed and the generator's and bundled data's contents.

Why floors. The machines are shared and noisy (2 cores), so absolute times drift between
runs. Each cost is divided by a *floor* measured in the same run, interleaved with it, and
the targets are limits on those ratios (docs/performance.md has a run's table):

  python floor   wall time of `python -c pass`: what any command pays.
  import floor   wall time of `python -c "import textual.app"`: what any Textual app pays
                 before it draws anything; sampled next to every start measured.
  yaml floor     `yaml.load(text, Loader=yaml.CSafeLoader)` of the same file with the
                 garbage collector off, in a fresh process: libyaml's parse plus the Python
                 objects, the least a YAML-reading tool pays. At 100k it costs 25-45 s, so it
                 is measured three times and serves both `list` figures.
  render floor   Rich rendering the visible timeline lines as plain text.
  key floor      a key nothing is bound to ('z') through Pilot: the event loop and a repaint.
  VisiData       `vd -b FILE -o out.csv` on the 10k file, when VisiData is found (--visidata
                 PATH or `vd` on PATH; it is no dependency: install it in a throwaway venv).

Every command and stage runs in a fresh process (`csto-tui list`, the browser, the floors),
its peak RSS read from the kernel when it exits (wait4's ru_maxrss, what GNU time reports).
"Cold" runs get a fresh empty cache directory ($CSTO_TUI_CACHE_DIR). "Warm" runs get what a
first run of the same command left there: for `list`, the first cold `list`'s directory;
for the browser, the first cold browser's, which runs on until its workers are done (after
its first rows the browser builds the search's word index in the background and caches
it). The user's own cache is never read or written. Each figure is the median of >= 3 runs
(5 at the smaller sizes; --quick: 1, a smoke run).

Stages per size N:

  list           `csto-tui list FILE --format csv`, stdout to /dev/null, cold and warm.
  browser        `CstoApp(BrowseOptions(paths=(FILE,))).run_test(size=(120, 36))`: the time
                 from the parent spawning the process to the first frame whose timeline
                 shows rows, cold and warm: polled every 10 ms with `pilot.pause(0.01)` (a
                 view built in a worker thread counts once it is in the timeline), then
                 `pilot.pause(0)` so its messages are handled and the screen updated. Not
                 `pilot.pause()`: with no delay it waits for the process's CPU to go idle,
                 up to 1 s a call while a thread works, which overstates the start. Also
                 how long the browser stays busy after its first rows (workers running).
                 Each warm run, once settled, also times the timeline's `render_line` for
                 the visible rows (median of 25) and `G` (jump to the last event, median of
                 3 presses); the figures are the medians over the warm runs.
  keystrokes     in one process from the browser's warm cache: `load_dataset`,
                 `QueryEngine`, the word index (`ensure_words`, apart: the browser builds it
                 in the background), the first view, then per typical query what one
                 keystroke computes: `parse` + `build_view` (result, facet counts, timeline
                 rows), in CPU time (time.process_time), the engine's word-prefix memo
                 cleared before each run (a user typing asks for a new prefix). Typing
                 '"joint exercise"' letter by letter (memo kept, as in the app) reports its
                 slowest keystroke.

Targets (PASS/FAIL lines; at the largest N measured, 100k by default, unless said):

  check          `csto-tui check` on the bundled data < 1 s wall (absolute, stated).
  import         `import csto_tui.cli` <= 5x python floor (`--help`, `check` feel instant).
  bundled        browser start to first rows on the bundled data (no path), warm, <= 1.3x
                 the import floor: the browser adds little to Textual's own start.
  browser warm   start to first rows from the cache <= 2x the import floor.
  list cold      `list --format csv` from an empty cache <= 0.5x the yaml floor.
  list warm      `list --format csv` from the cache <= 3x the import floor.
  filter         filter + facets + rows per keystroke <= 16 ms CPU (a 60 Hz frame).
  search         a search keystroke <= 30 ms CPU, phrases included.
  memory         peak RSS <= 400 MB warm, <= 1.5 GB cold (list and browser; MB = 10^6 B).
  render         timeline render_line for the visible rows <= 10x render floor at every N,
                 and at the largest N <= 2x at the smallest (only visible lines render).
  G              jumping to the last event <= 2x key floor at every N.
  VisiData       at 10k: `list --format csv` >= 10x faster than VisiData cold, >= 50x warm
                 (i.e. <= 0.1x and <= 0.02x of VisiData's time).

Exit status is 0 even when a target fails (the script reports; CI does not gate on it)
unless --strict is given. --json FILE writes every run's numbers and the targets.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (1_000, 10_000, 100_000)
RESULT_MARK = "BENCH-RESULT "
UI_SIZE = (120, 36)
CACHE_ENV = "CSTO_TUI_CACHE_DIR"
CHILD_TIMEOUT_S = 1800.0
FIRST_ROWS_TIMEOUT_S = 900.0
POLL_S = 0.01  # how often the browser's first rows are looked for
MB = 1e6

# --- targets (see the docstring for why each one) -------------------------------------------
CHECK_MAX_S = 1.0
IMPORT_MAX = 5.0  # x python floor
BUNDLED_MAX = 1.3  # x import floor
BROWSER_WARM_MAX = 2.0  # x import floor
LIST_COLD_MAX = 0.5  # x yaml floor
LIST_WARM_MAX = 3.0  # x import floor
FILTER_MAX_CPU_S = 0.016
SEARCH_MAX_CPU_S = 0.030
RSS_WARM_MAX_MB = 400.0
RSS_COLD_MAX_MB = 1500.0
RENDER_MAX = 10.0  # x render floor
RENDER_SCALE_MAX = 2.0  # largest N / smallest N
G_MAX = 2.0  # x key floor
VD_N = 10_000
VD_COLD_MAX = 0.1  # x VisiData (>= 10x faster)
VD_WARM_MAX = 0.02  # x VisiData (>= 50x faster)

SEARCH_WORD = "security"
PHRASE = '"joint exercise"'
BROAD_PHRASE = '"synthetic event"'  # in every title: the worst case of a phrase
TYPED = PHRASE  # typed letter by letter


def keystroke_specs() -> list[tuple[str, str, dict[str, Any], bool]]:
    """(row label, 'filter' or 'search', QueryEngine.parse keywords, highlight mode)."""
    return [
        ("no filter", "filter", {}, False),
        ("country KG", "filter", {"countries": ["KG"]}, False),
        ("body CSTO + subtree", "filter", {"bodies": ["csto"]}, False),
        ("kind meeting", "filter", {"kinds": ["meeting"]}, False),
        ("tag counter-narcotics", "filter", {"tags": ["counter-narcotics"]}, False),
        ("dates 2010..2012", "filter", {"date_from": "2010", "date_to": "2012"}, False),
        ("newest first", "filter", {"reverse": True}, False),
        ("filters together", "filter",
         {"countries": ["KG"], "bodies": ["csto"], "date_from": "2010", "date_to": "2012"},
         False),
        (f"search {SEARCH_WORD}", "search", {"search": SEARCH_WORD}, False),
        ("search s (1 letter)", "search", {"search": "s"}, False),
        (f"search {PHRASE}", "search", {"search": PHRASE}, False),
        (f"search {BROAD_PHRASE}", "search", {"search": BROAD_PHRASE}, False),
        (f"highlight {BROAD_PHRASE}", "search", {"search": BROAD_PHRASE}, True),
        ("search + filters", "search",
         {"countries": ["KG"], "bodies": ["csto"], "date_from": "2010", "date_to": "2012",
          "search": f"{SEARCH_WORD} s {PHRASE}"}, False),
    ]  # fmt: skip


# --- child processes ------------------------------------------------------------------------


def rusage_mb(maxrss: int) -> float:
    """ru_maxrss in MB: KiB on Linux, bytes on macOS."""
    return maxrss / MB if sys.platform == "darwin" else maxrss * 1024 / MB


def run_child(cmd: list[str], env: dict[str, str] | None = None, *, capture: bool = False,
              timeout: float = CHILD_TIMEOUT_S) -> dict[str, Any]:  # fmt: skip
    """Run `cmd` to its end: wall time (from just before the spawn), CPU time and peak RSS
    of that one process (wait4), exit code, and its output when `capture`."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        sink = out if capture else subprocess.DEVNULL
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sink, stderr=err, env=env)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.monotonic() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        stdout = ""
        if capture:
            out.seek(0)
            stdout = out.read().decode("utf-8", "replace")
    result: dict[str, Any] = {
        "t0": t0,
        "s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_mb": rusage_mb(usage.ru_maxrss),
        "exit": proc.returncode,
    }
    if proc.returncode != 0:
        tail = (stderr or stdout).strip().splitlines()[-4:]
        why = "timed out" if proc.returncode == -9 else f"exit {proc.returncode}"
        result["error"] = f"{' '.join(cmd[-4:])}: {why}: " + " | ".join(tail)
    if capture:
        result["stdout"] = stdout
    return result


def spawn(stage: str, path: str, env: dict[str, str], *extra: str) -> dict[str, Any]:
    """One worker stage in a fresh interpreter: its result with the process's wall time,
    CPU and peak RSS, or {'error': ...}."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", stage, path, *extra]
    proc = run_child(cmd, env, capture=True)
    found: dict[str, Any] | None = None
    for line in reversed(proc.pop("stdout").splitlines()):
        if line.startswith(RESULT_MARK):
            found = json.loads(line[len(RESULT_MARK) :])
            break
    if found is None:
        return {"error": proc.get("error") or f"{stage} worker printed no result", **proc}
    found.update({k: v for k, v in proc.items() if k not in found or k == "error"})
    return found


def cli() -> list[str]:
    script = Path(sys.executable).parent / "csto-tui"
    return [str(script)] if script.exists() else [sys.executable, "-m", "csto_tui"]


@contextlib.contextmanager
def cache_dir() -> Iterator[Path]:
    """A fresh, empty cache directory, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="csto-tui-bench-cache-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[CACHE_ENV] = str(cache)
    env.setdefault("LANG", "C.UTF-8")
    return env


def emit(result: dict[str, Any]) -> None:
    print(RESULT_MARK + json.dumps(result), flush=True)


def median_of(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in runs if "error" not in r and r.get(key) is not None]
    return statistics.median(values) if values else None


def summary(runs: list[dict[str, Any]], *keys: str) -> dict[str, Any]:
    """Medians of `keys` over the runs that worked, the runs themselves, the first error."""
    out: dict[str, Any] = {k: median_of(runs, k) for k in keys}
    out["runs"] = [{k: r.get(k) for k in (*keys, "error") if k in r} for r in runs]
    errors = [r["error"] for r in runs if "error" in r]
    if errors:
        out["error"] = errors[0]
    return out


# --- workers (each in its own process) ------------------------------------------------------


def worker_yaml(path: str) -> dict[str, Any]:
    import gc

    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    text = Path(path).read_text(encoding="utf-8")
    gc.disable()
    t0 = time.perf_counter()
    data = yaml.load(text, Loader=loader or yaml.SafeLoader)
    parse = time.perf_counter() - t0
    return {"parse_s": parse, "libyaml": loader is not None, "top": type(data).__name__}


def _clear_engine_caches(engine: Any) -> None:
    """Forget memoised word prefixes and phrases, so each run pays a new keystroke's cost."""
    cache = getattr(getattr(engine, "index", None), "_word_cache", None)
    if hasattr(cache, "clear"):
        cache.clear()


def worker_keys(path: str, reps: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    from csto_tui.loader import load_dataset
    from csto_tui.loader.cache import Cache
    from csto_tui.query import QueryEngine
    from csto_tui.query.view import build_view

    out: dict[str, Any] = {"import_s": time.perf_counter() - t0}
    t, c = time.perf_counter(), time.process_time()
    dataset = load_dataset([path], store=Cache(Path(os.environ[CACHE_ENV])))
    out["load_s"], out["load_cpu_s"] = time.perf_counter() - t, time.process_time() - c
    out["events"], out["errors"] = len(dataset.events), len(dataset.errors)
    t, c = time.perf_counter(), time.process_time()
    engine = QueryEngine(dataset)
    out["index_s"], out["index_cpu_s"] = time.perf_counter() - t, time.process_time() - c
    ensure_words = getattr(engine.index, "ensure_words", None)  # a lazy word index
    if ensure_words is not None:  # what a first search waits for, apart from keystrokes
        t, c = time.perf_counter(), time.process_time()
        ensure_words()
        out["words_s"], out["words_cpu_s"] = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    first = build_view(engine, engine.parse())
    out["first_view_s"] = time.perf_counter() - t
    out["first_view_cpu_s"] = time.process_time() - c
    out["first_view_rows"] = len(first.rows)

    def keystroke(spec: dict[str, Any], highlight: bool) -> tuple[float, Any]:
        c = time.process_time()
        query = engine.parse(**spec)
        if highlight:
            query = replace(query, highlight=True)
        view = build_view(engine, query)
        return time.process_time() - c, view

    out["keys"] = {}
    for label, _, spec, highlight in keystroke_specs():
        cpu = []
        view = None
        for _ in range(reps):
            _clear_engine_caches(engine)
            spent, view = keystroke(spec, highlight)
            cpu.append(spent)
        out["keys"][label] = {
            "cpu_s": statistics.median(cpu),
            "runs": cpu,
            "shown": len(view) if view is not None else None,
            "matches": len(view.matches) if view is not None else None,
        }
    per_key: list[list[float]] = [[] for _ in TYPED]
    for _ in range(reps):
        _clear_engine_caches(engine)
        for i in range(len(TYPED)):
            spent, _ = keystroke({"search": TYPED[: i + 1]}, False)
            per_key[i].append(spent)
    medians = [statistics.median(x) for x in per_key]
    worst = max(range(len(medians)), key=medians.__getitem__)
    out["typing"] = {
        "text": TYPED,
        "max_cpu_s": medians[worst],
        "worst_prefix": TYPED[: worst + 1],
        "median_cpu_s": statistics.median(medians),
        "per_key_cpu_s": medians,
    }
    return out


def worker_ui(path: str, measure: bool, settle: bool, reps: int) -> dict[str, Any]:
    """Start the browser; report when its timeline first shows rows (time.monotonic(), which
    the parent compares with its own from just before the spawn)."""
    os.environ.setdefault("LANG", "C.UTF-8")
    from rich.text import Text
    from textual.strip import Strip

    from csto_tui.ui.app import CstoApp
    from csto_tui.ui.options import BrowseOptions
    from csto_tui.ui.widgets.timeline import Timeline

    start = time.monotonic()
    if path == "-":  # no path: the bundled dataset, as `csto-tui` with no path gives it
        from csto_tui.loader.bundled import bundled_data_path

        path = str(bundled_data_path())
    out: dict[str, Any] = {}

    def timeline_of(app: Any) -> Any:
        try:
            return app.screen.query_one(Timeline)
        except Exception:  # the browser screen is not up yet
            return None

    async def session() -> None:
        app = CstoApp(BrowseOptions(paths=(path,)))
        async with app.run_test(size=UI_SIZE) as pilot:
            deadline = time.monotonic() + FIRST_ROWS_TIMEOUT_S
            idle = 0  # polls in a row with no worker running and still no rows
            while True:
                timeline = timeline_of(app)
                if timeline is not None and len(timeline.events) > 0:
                    await pilot.pause(0)  # its pending messages handled, the screen updated
                    break
                idle = 0 if any(w.is_running for w in app.workers) else idle + 1
                if idle > 100 or time.monotonic() > deadline:
                    out["error"] = (f"no rows after {time.monotonic() - start:.1f} s"
                                    + (", no worker running" if idle > 100 else ""))  # fmt: skip
                    return
                # Pending messages handled, then 10 ms. Not pause() with no delay: that waits
                # for the process's CPU to go idle, up to 1 s a call while a thread works.
                await pilot.pause(POLL_S)
            out["first_rows_at"] = time.monotonic()
            out["events_shown"] = len(timeline.events)
            if not (measure or settle):
                return  # quitting cancels what the browser does after its first rows
            # Settled: no worker running (after its first rows the browser builds the word
            # index in the background, and caches it) and the CPU idle. What follows is
            # timed on a settled app.
            while any(w.is_running for w in app.workers) and time.monotonic() < deadline:
                await pilot.pause(POLL_S)
            await pilot.pause()
            out["settled_after_s"] = time.monotonic() - out["first_rows_at"]
            if not measure:
                return
            height = max(1, timeline.scrollable_content_region.height)
            width = timeline.scrollable_content_region.width
            out["visible_rows"] = height
            cache = getattr(timeline, "_cache", None)

            def render() -> None:
                if hasattr(cache, "clear"):
                    cache.clear()
                for y in range(height):
                    timeline.render_line(y)

            titles = [e.title for e in timeline.events[:height]] or ["(none)"]
            console = app.console

            def plain() -> None:
                for title in titles:
                    Strip(list(Text(title).render(console))).adjust_cell_length(width)

            out["render_floor_s"] = _median_time(plain, 25)
            out["render_s"] = _median_time(render, 25)

            async def press(key: str) -> float:
                t = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                return time.perf_counter() - t

            key_times, g_times = [], []
            for _ in range(max(3, reps)):
                key_times.append(await press("z"))  # bound to nothing
                await pilot.press("g")
                await pilot.pause()
                g_times.append(await press("G"))
            out["key_floor_s"] = statistics.median(key_times)
            out["G_s"] = statistics.median(g_times)
            out["G_reached_end"] = timeline.cursor == len(timeline.events) - 1

    asyncio.run(session())
    return out


def _median_time(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run_worker(args: argparse.Namespace) -> int:
    stage, path = args.worker
    if stage == "yaml":
        emit(worker_yaml(path))
    elif stage == "keys":
        emit(worker_keys(path, args.reps))
    elif stage == "ui":
        emit(worker_ui(path, args.measure, args.settle, args.reps))
    else:
        print(f"unknown worker stage {stage!r}", file=sys.stderr)
        return 2
    return 0


# --- stages (in the parent) -----------------------------------------------------------------


def import_floor(env: dict[str, str] | None = None) -> dict[str, Any]:
    return run_child([sys.executable, "-c", "import textual.app"], env)


def browser_start(path: str, cache: Path, *, measure: bool = False, settle: bool = False,
                  reps: int = 3) -> dict[str, Any]:  # fmt: skip
    """Start to first rows; with `settle` the browser then runs until its workers are
    done (what it caches after its first rows is then in `cache`); with `measure` it also
    times render_line and G."""
    extra = ["--reps", str(reps), *(["--measure"] if measure else []),
             *(["--settle"] if settle else [])]  # fmt: skip
    out = spawn("ui", path, child_env(cache), *extra)
    if "first_rows_at" in out:
        out["start_s"] = out["first_rows_at"] - out["t0"]
    elif "error" not in out:
        out["error"] = "the browser showed no rows"
    return out


def list_csv(path: Path, cache: Path) -> dict[str, Any]:
    return run_child([*cli(), "list", str(path), "--format", "csv"], child_env(cache))


def measure_startup(reps: int) -> dict[str, Any]:
    """python, import csto_tui.cli, import textual.app and `csto-tui check`, interleaved."""
    with cache_dir() as cache:
        env = child_env(cache)
        commands = {
            "python": [sys.executable, "-c", "pass"],
            "import_cli": [sys.executable, "-c", "import csto_tui.cli"],
            "import_textual": [sys.executable, "-c", "import textual.app"],
            "check": [*cli(), "check"],
        }
        check = subprocess.run(
            commands["check"], capture_output=True, text=True, env=env, check=False
        )  # fmt: skip  (also fills the cache: check is warm)
        for cmd in commands.values():  # warm the file caches
            run_child(cmd, env)
        runs: dict[str, list[dict[str, Any]]] = {k: [] for k in commands}
        for _ in range(reps):  # interleaved, so drift hits all alike
            for name, cmd in commands.items():
                runs[name].append(run_child(cmd, env))
    out = {k: summary(v, "s", "peak_mb") for k, v in runs.items()}
    out["check"]["exit"] = check.returncode
    out["check"]["summary"] = (check.stdout.strip().splitlines() or [""])[-1]
    return out


def measure_bundled(cold_reps: int, warm_reps: int) -> dict[str, Any]:
    """Browser start to first rows with no path (the bundled dataset), cold and warm."""
    floors, cold, warm = [], [], []
    with cache_dir() as primed:
        for _ in range(cold_reps):
            floors.append(import_floor())
            with cache_dir() as fresh:
                cold.append(browser_start("-", fresh))
        browser_start("-", primed, settle=True)  # fills the cache
        for _ in range(warm_reps):
            floors.append(import_floor())
            warm.append(browser_start("-", primed))
    return {
        "import_floor": summary(floors, "s", "peak_mb"),
        "cold": summary(cold, "start_s", "s", "peak_mb", "events_shown"),
        "warm": summary(warm, "start_s", "s", "peak_mb", "events_shown"),
    }


def find_visidata(option: str | None) -> str | None:
    if option:
        return option if Path(option).exists() else None
    return shutil.which("vd")


def measure_visidata(vd: str, path: Path, reps: int, label: str) -> dict[str, Any]:
    runs = []
    with tempfile.TemporaryDirectory(prefix="csto-tui-bench-vd-") as tmp:
        env = dict(os.environ, HOME=tmp)  # no ~/.visidatarc, nothing written in $HOME
        for r in range(reps):
            log(f"  {label}: VisiData ({r + 1}/{reps})")
            runs.append(run_child([vd, "-b", str(path), "-o", f"{tmp}/out{r}.csv"], env))
    return {"command": f"{vd} -b FILE -o out.csv", **summary(runs, "s", "cpu_s", "peak_mb")}


# --- datasets -------------------------------------------------------------------------------


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("csto_generate", HERE / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dataset_file(n: int, seed: int, cache: Path) -> Path:
    """The generated file for n events, made once and reused while its inputs are unchanged."""
    gen = _generator()
    digest = hashlib.sha256((HERE / "generate.py").read_bytes())
    digest.update(gen.bundled_data_path().read_bytes())
    path = cache / f"events-{n}-seed{seed}-{digest.hexdigest()[:12]}.yaml"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        # In a process of its own: generating 100,000 events here would leave this process
        # a gigabyte large, and every child forked after it reports at least that as its
        # peak RSS (ru_maxrss counts the pages shared at the fork, before the exec).
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--seed", str(seed),
                        str(n), str(path)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        log(f"  generated {n:,} events in {time.perf_counter() - t0:.1f} s: {path}")
    return path


def reps_for(n: int, quick: bool) -> tuple[int, int]:
    """(runs per cold figure, runs per warm figure): 3 is the least a median needs; the
    small sizes are cheap, so they get more."""
    if quick:
        return 1, 1
    if n >= 50_000:
        return 3, 3
    return (5, 5) if n <= 2_000 else (3, 5)


def measure_size(n: int, args: argparse.Namespace, vd: str | None) -> dict[str, Any]:
    path = dataset_file(n, args.seed, args.cache_dir)
    cold_reps, warm_reps = reps_for(n, args.quick)
    key_reps = 3 if args.quick else (7 if n >= 50_000 else 15)
    out: dict[str, Any] = {"n": n, "file": str(path), "mib": path.stat().st_size / 2**20}
    yamls, cold, warm, floors = [], [], [], []
    with cache_dir() as primed, cache_dir() as browser_primed:
        for r in range(cold_reps):  # interleaved: floor and cost see the same machine state
            log(f"  N={n:,}: yaml floor, list cold ({r + 1}/{cold_reps})")
            yamls.append(spawn("yaml", str(path), child_env(primed)))
            if r == 0:  # the first cold run fills the cache the warm runs read
                cold.append(list_csv(path, primed))
            else:
                with cache_dir() as fresh:
                    cold.append(list_csv(path, fresh))
        for r in range(warm_reps):
            log(f"  N={n:,}: import floor, list warm ({r + 1}/{warm_reps})")
            floors.append(import_floor())
            warm.append(list_csv(path, primed))
        out["yaml"] = summary(yamls, "parse_s", "peak_mb", "s")
        out["yaml"]["libyaml"] = next((y["libyaml"] for y in yamls if "libyaml" in y), None)
        out["list_cold"] = summary(cold, "s", "cpu_s", "peak_mb")
        out["list_warm"] = summary(warm, "s", "cpu_s", "peak_mb")
        if not args.no_ui:
            bcold, bwarm = [], []
            for r in range(cold_reps):
                log(f"  N={n:,}: import floor, browser cold ({r + 1}/{cold_reps})")
                floors.append(import_floor())
                if r == 0:  # runs on until settled: its cache is what "warm" starts from
                    bcold.append(browser_start(str(path), browser_primed, settle=True))
                else:
                    with cache_dir() as fresh:
                        bcold.append(browser_start(str(path), fresh))
            for r in range(warm_reps):
                log(f"  N={n:,}: import floor, browser warm ({r + 1}/{warm_reps})")
                floors.append(import_floor())
                bwarm.append(browser_start(str(path), browser_primed, measure=True))
            keys = ("start_s", "s", "peak_mb", "events_shown")
            out["browser_cold"] = summary(bcold, *keys)
            out["browser_warm"] = summary(bwarm, *keys)
            ui_keys = ("settled_after_s", "visible_rows", "render_floor_s", "render_s",
                       "key_floor_s", "G_s")  # fmt: skip
            out["ui"] = summary(bwarm, *ui_keys)
            out["ui"]["G_reached_end"] = all(b.get("G_reached_end", True) for b in bwarm)
            out["ui"]["cold_settled_after_s"] = bcold[0].get("settled_after_s")
        log(f"  N={n:,}: keystrokes (in process, warm)")
        warm_dir = primed if args.no_ui else browser_primed  # the latter holds the word index
        out["keys"] = spawn("keys", str(path), child_env(warm_dir), "--reps", str(key_reps))
    out["import_floor"] = summary(floors, "s", "peak_mb")
    if vd and n == VD_N:
        out["visidata"] = measure_visidata(vd, path, 1 if args.quick else 3, f"N={n:,}")
    return out


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- report ---------------------------------------------------------------------------------


def ftime(s: float | None) -> str:
    if s is None:
        return "-"
    if s >= 100:
        return f"{s:.0f} s"
    if s >= 1:
        return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"
    ms = s * 1000
    if ms >= 100:
        return f"{ms:.0f} ms"
    return f"{ms:.1f} ms" if ms >= 1 else f"{ms:.2f} ms"


def fmem(mb: float | None) -> str:
    if mb is None:
        return "-"
    return f"{mb / 1000:.2f} GB" if mb >= 1000 else f"{mb:.0f} MB"


def fratio(r: float | None) -> str:
    if r is None:
        return "-"
    if r >= 100:
        return f"{r:.0f}x"
    if r >= 1:
        return f"{r:.1f}x"
    return f"{r:.2f}x" if r >= 0.1 else f"{r:.3f}x"


def _get(d: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def _ratio(value: float | None, floor: float | None) -> float | None:
    if value is None or not floor:
        return None
    return value / floor


Cell = Callable[[dict[str, Any]], Any]


Line = tuple[str, str, list[tuple[str, Any]]]


def table_rows(sizes: list[dict[str, Any]]) -> list[Line]:
    """(label, floor name, per-size cells (value text, ratio or None))."""

    def row(label: str, floor: str, value: Cell, base: Cell | None = None,
            fmt: Callable[[Any], str] = ftime) -> Line:  # fmt: skip
        cells = [(fmt(value(s)), _ratio(value(s), base(s)) if base else None) for s in sizes]
        return label, floor, cells

    imp: Cell = lambda s: _get(s, "import_floor", "s")  # noqa: E731
    yml: Cell = lambda s: _get(s, "yaml", "parse_s")  # noqa: E731
    rows = [
        row("file size", "", lambda s: s.get("mib"), fmt=lambda v: f"{v:.1f} MiB"),
        row("FLOOR python -c 'import textual.app'", "import", imp, imp),
        row("FLOOR yaml.load CSafeLoader, gc off", "yaml", yml, yml),
        row("FLOOR yaml.load peak RSS (process)", "", lambda s: _get(s, "yaml", "peak_mb"),
            fmt=fmem),
        row("list --format csv, cold", "yaml", lambda s: _get(s, "list_cold", "s"), yml),
        row("list --format csv, warm", "import", lambda s: _get(s, "list_warm", "s"), imp),
        row("list cold peak RSS", "", lambda s: _get(s, "list_cold", "peak_mb"), fmt=fmem),
        row("list warm peak RSS", "", lambda s: _get(s, "list_warm", "peak_mb"), fmt=fmem),
        row("browser start to first rows, cold", "import",
            lambda s: _get(s, "browser_cold", "start_s"), imp),
        row("browser start to first rows, warm", "import",
            lambda s: _get(s, "browser_warm", "start_s"), imp),
        row("browser cold peak RSS", "", lambda s: _get(s, "browser_cold", "peak_mb"),
            fmt=fmem),
        row("browser warm peak RSS", "", lambda s: _get(s, "browser_warm", "peak_mb"),
            fmt=fmem),
        row("  in proc: load_dataset warm", "import", lambda s: _get(s, "keys", "load_s"), imp),
        row("  in proc: QueryEngine build", "import", lambda s: _get(s, "keys", "index_s"), imp),
        row("  in proc: word index (ensure_words)", "import",
            lambda s: _get(s, "keys", "words_s"), imp),
        row("  in proc: first view (build_view)", "import",
            lambda s: _get(s, "keys", "first_view_s"), imp),
        row("  keystrokes process peak RSS", "", lambda s: _get(s, "keys", "peak_mb"),
            fmt=fmem),
    ]  # fmt: skip
    for label, what, _, _ in keystroke_specs():
        rows.append(row(f"CPU/key {what}: {label}", "",
                        lambda s, lb=label: _get(s, "keys", "keys", lb, "cpu_s")))  # fmt: skip
    rows.append(row(f"CPU/key typing {TYPED}: slowest", "",
                    lambda s: _get(s, "keys", "typing", "max_cpu_s")))  # fmt: skip
    rfl: Cell = lambda s: _get(s, "ui", "render_floor_s")  # noqa: E731
    kfl: Cell = lambda s: _get(s, "ui", "key_floor_s")  # noqa: E731
    rows += [
        row("browser busy after first rows, cold", "",
            lambda s: _get(s, "ui", "cold_settled_after_s")),
        row("browser busy after first rows, warm", "", lambda s: _get(s, "ui", "settled_after_s")),
        row("FLOOR plain Rich render, visible", "render", rfl, rfl),
        row("timeline render_line, visible", "render", lambda s: _get(s, "ui", "render_s"), rfl),
        row("FLOOR key press, unbound 'z'", "key", kfl, kfl),
        row("G: jump to the last event", "key", lambda s: _get(s, "ui", "G_s"), kfl),
    ]  # fmt: skip
    return rows


def render_table(results: dict[str, Any]) -> str:
    meta, startup, sizes = results["meta"], results["startup"], results["sizes"]
    lines = [
        f"csto-tui benchmark: {meta['when']}, Python {meta['python']}, {meta['cpus']} CPUs, "
        f"{fmem(meta['ram_mb'])} RAM, load average {meta['loadavg_start']} at start, "
        f"{'quick' if meta['quick'] else 'full'} run",
        f"Code measured: {meta.get('git_start')} at the start, {meta.get('git_end')} at the end.",
        "Times are medians (wall unless CPU); 'x floor' = value / the floor named in the "
        "'floor' column, measured in this run.",
        "",
        f"{'startup':<40} {'value':>9} {'x floor':>8}  floor",
    ]
    py = _get(startup, "python", "s")
    imp = _get(startup, "import_textual", "s")
    for label, key, base, name in (
        ("FLOOR python -c pass", "python", py, "python"),
        ("FLOOR python -c 'import textual.app'", "import_textual", imp, "import"),
        ("python -c 'import csto_tui.cli'", "import_cli", py, "python"),
        ("csto-tui check (bundled data, warm)", "check", py, "python"),
    ):
        s = _get(startup, key, "s")
        lines.append(f"{label:<40} {ftime(s):>9} {fratio(_ratio(s, base)):>8}  {name}")
    lines.append(f"{'':<40} check printed: {_get(startup, 'check', 'summary')}")
    bundled = results.get("bundled")
    if bundled:
        bimp = _get(bundled, "import_floor", "s")
        for label, key in (("browser, bundled data: first rows, cold", "cold"),
                           ("browser, bundled data: first rows, warm", "warm")):  # fmt: skip
            s = _get(bundled, key, "start_s")
            lines.append(f"{label:<40} {ftime(s):>9} {fratio(_ratio(s, bimp)):>8}  import "
                         f"({ftime(bimp)}, sampled alongside); peak RSS "
                         f"{fmem(_get(bundled, key, 'peak_mb'))}")  # fmt: skip
    lines.append("")
    head = f"{'stage':<40} {'floor':<7}" + "".join(
        f" {'N=' + format(s['n'], ','):>18}" for s in sizes
    )
    sub = f"{'':<40} {'':<7}" + "".join(f" {'value':>9} {'x floor':>8}" for _ in sizes)
    lines += [head, sub, "-" * len(sub)]
    for label, floor, cells in table_rows(sizes):
        text = f"{label:<40} {floor:<7}"
        for value, ratio in cells:
            text += f" {value:>9} {fratio(ratio) if floor else '':>8}"
        lines.append(text.rstrip())
    for s in sizes:
        n = f"N={s['n']:,}"
        vd = s.get("visidata")
        if vd:
            lines += ["", f"VisiData at {n} ({vd['command']}): {ftime(vd.get('s'))} wall, "
                      f"peak RSS {fmem(vd.get('peak_mb'))}; list cold "
                      f"{fratio(_ratio(_get(s, 'list_cold', 's'), vd.get('s')))} of it, warm "
                      f"{fratio(_ratio(_get(s, 'list_warm', 's'), vd.get('s')))}"]  # fmt: skip
    notes = []
    for s in sizes:
        n = f"N={s['n']:,}"
        for key in ("yaml", "list_cold", "list_warm", "browser_cold", "browser_warm", "keys",
                    "visidata"):  # fmt: skip
            err = _get(s, key, "error")
            if err:
                notes.append(f"{n} {key}: ERROR {err}")
        if _get(s, "ui", "G_reached_end") is False:
            notes.append(f"{n}: G did not reach the last event")
        if _get(s, "keys", "errors"):
            notes.append(f"{n}: the generated data has {s['keys']['errors']} errors")
    if notes:
        lines += ["", *notes]
    big = sizes[-1] if sizes else {}
    shown = [f"{label}: {_get(big, 'keys', 'keys', label, 'shown')}"
             for label, _, _, _ in keystroke_specs()]  # fmt: skip
    if big:
        lines += ["", f"events shown per query at N={big['n']:,}: " + "; ".join(shown)]
        typing = _get(big, "keys", "typing")
        if typing:
            lines.append(f"typing {TYPED} at N={big['n']:,}: slowest key at "
                         f"{typing['worst_prefix']!r} {ftime(typing['max_cpu_s'])} CPU, median "
                         f"key {ftime(typing['median_cpu_s'])}")  # fmt: skip
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target: name, the measured value (a ratio, or CPU s, or MB), the limit, PASS or
    FAIL (ok None: not measured)."""
    sizes = results["sizes"]
    startup = results["startup"]
    out: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, detail: str) -> None:
        ok = None if value is None else value <= limit
        out.append({"name": name, "value": value, "limit": limit, "ok": ok,
                    "detail": detail if value is not None else "not measured"})  # fmt: skip

    def ratio_target(name: str, value: float | None, floor: float | None, limit: float,
                     floor_name: str) -> None:  # fmt: skip
        r = _ratio(value, floor)
        add(name, r, limit, f"{ftime(value)} = {fratio(r)} {floor_name} ({ftime(floor)}), "
            f"limit {limit:g}x")  # fmt: skip

    check = _get(startup, "check", "s")
    add("csto-tui check on bundled data (absolute)", check, CHECK_MAX_S,
        f"{ftime(check)} wall, limit {ftime(CHECK_MAX_S)}; exit "
        f"{_get(startup, 'check', 'exit')}")  # fmt: skip
    ratio_target("import csto_tui.cli / python floor", _get(startup, "import_cli", "s"),
                 _get(startup, "python", "s"), IMPORT_MAX, "python floor")  # fmt: skip
    if results.get("bundled"):
        b = results["bundled"]
        ratio_target("browser bundled data, warm start / import floor",
                     _get(b, "warm", "start_s"), _get(b, "import_floor", "s"), BUNDLED_MAX,
                     "import floor")  # fmt: skip
    if not sizes:
        return out
    s = sizes[-1]
    n = f"N={s['n']:,}"
    imp = _get(s, "import_floor", "s")
    if "browser_warm" in s:
        ratio_target(f"browser warm start to first rows / import floor, {n}",
                     _get(s, "browser_warm", "start_s"), imp, BROWSER_WARM_MAX,
                     "import floor")  # fmt: skip
    ratio_target(f"list --format csv cold / yaml floor, {n}", _get(s, "list_cold", "s"),
                 _get(s, "yaml", "parse_s"), LIST_COLD_MAX, "yaml floor")  # fmt: skip
    ratio_target(f"list --format csv warm / import floor, {n}", _get(s, "list_warm", "s"),
                 imp, LIST_WARM_MAX, "import floor")  # fmt: skip
    for label, what, _, _ in keystroke_specs():
        limit = FILTER_MAX_CPU_S if what == "filter" else SEARCH_MAX_CPU_S
        v = _get(s, "keys", "keys", label, "cpu_s")
        add(f"{what} key '{label}' CPU, {n}", v, limit,
            f"{ftime(v)} CPU, limit {ftime(limit)}")  # fmt: skip
    typing = _get(s, "keys", "typing")
    v = _get(typing, "max_cpu_s")
    add(
        f"search typing {TYPED}: slowest key CPU, {n}",
        v,
        SEARCH_MAX_CPU_S,
        f"{ftime(v)} CPU at {_get(typing, 'worst_prefix')!r}, limit {ftime(SEARCH_MAX_CPU_S)}",
    )
    for key, limit, what in (("list_warm", RSS_WARM_MAX_MB, "list warm"),
                             ("browser_warm", RSS_WARM_MAX_MB, "browser warm"),
                             ("list_cold", RSS_COLD_MAX_MB, "list cold"),
                             ("browser_cold", RSS_COLD_MAX_MB, "browser cold")):  # fmt: skip
        if key in s:
            v = _get(s, key, "peak_mb")
            add(f"{what} peak RSS (MB), {n}", v, limit, f"{fmem(v)}, limit {fmem(limit)}")
    uis = [x for x in sizes if _get(x, "ui", "render_s") is not None]
    for x in uis:
        nx = f"N={x['n']:,}"
        ui = x["ui"]
        ratio_target(f"render_line visible rows / render floor, {nx}", ui["render_s"],
                     ui["render_floor_s"], RENDER_MAX, "render floor")  # fmt: skip
        ratio_target(f"G / key floor, {nx}", ui["G_s"], ui["key_floor_s"], G_MAX, "key floor")
    if len(uis) >= 2:
        a, b = uis[0], uis[-1]
        ratio_target(f"render_line at N={b['n']:,} / at N={a['n']:,}", b["ui"]["render_s"],
                     a["ui"]["render_s"], RENDER_SCALE_MAX, f"N={a['n']:,}")  # fmt: skip
    at = next((x for x in sizes if x["n"] == VD_N), None)
    vd = _get(at, "visidata")
    if vd is None:
        why = ("VisiData not found (--visidata PATH or vd on PATH)" if at is not None
               else f"N={VD_N:,} not among the sizes")  # fmt: skip
        out.append({"name": f"list vs VisiData, N={VD_N:,}", "value": None, "limit": None,
                    "ok": None, "detail": why})  # fmt: skip
    else:
        for key, limit, what in (("list_cold", VD_COLD_MAX, "cold"),
                                 ("list_warm", VD_WARM_MAX, "warm")):  # fmt: skip
            ratio_target(f"list --format csv {what} / VisiData, N={VD_N:,}", _get(at, key, "s"),
                         vd.get("s"), limit, "VisiData")  # fmt: skip
    return out


def render_targets(found: list[dict[str, Any]]) -> str:
    lines = ["", "targets (ratios to floors measured in this run; see the script's docstring):"]
    for t in found:
        mark = "SKIP" if t["ok"] is None else ("PASS" if t["ok"] else "FAIL")
        lines.append(f"{mark}  {t['name']:<60} {t['detail']}")
    fails = sum(1 for t in found if t["ok"] is False)
    skips = sum(1 for t in found if t["ok"] is None)
    lines.append(f"{len(found) - fails - skips} of {len(found)} targets met, {fails} failed, "
                 f"{skips} not measured")  # fmt: skip
    return "\n".join(lines)


# --- main -----------------------------------------------------------------------------------


def _size(text: str) -> int:
    value = int(text.replace(",", "").replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--events", type=_size, nargs="+", metavar="N",
                   help="dataset sizes (default: 1000 10000 100000)")  # fmt: skip
    p.add_argument("--quick", action="store_true", help="one run per figure (a smoke run)")
    p.add_argument("--json", metavar="FILE", help="also write all results as JSON to FILE")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    p.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    p.add_argument("--cache-dir", type=Path,
                   default=Path(tempfile.gettempdir()) / "csto-tui-bench",
                   help="where generated datasets are kept (default: %(default)s)")  # fmt: skip
    p.add_argument("--no-ui", action="store_true", help="skip the browser stages")
    p.add_argument(
        "--visidata",
        metavar="PATH",
        help=f"VisiData's `vd` to compare with at N={VD_N:,} (default: vd on PATH)",
    )
    # Internal: one stage in a fresh process.
    p.add_argument("--worker", nargs=2, metavar=("STAGE", "FILE"), help=argparse.SUPPRESS)
    p.add_argument("--reps", type=int, default=3, help=argparse.SUPPRESS)
    p.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--settle", action="store_true", help=argparse.SUPPRESS)
    return p


def _ram_mb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024 / MB
    except OSError:
        pass
    return None


def _git(*args: str) -> str:
    proc = subprocess.run(["git", *args], capture_output=True, text=True, cwd=HERE.parent,
                          check=True, timeout=30)  # fmt: skip
    return proc.stdout


def _git_state() -> str:
    """The commit measured, and how many files differ from it (others may be editing)."""
    try:
        head = _git("rev-parse", "--short", "HEAD").strip()
        status = _git("status", "--porcelain", "--untracked-files=no").splitlines()
    except (OSError, subprocess.SubprocessError):
        return "?"
    dirty = [line for line in status if line.strip()]
    return f"{head}, {len(dirty)} tracked files modified" if dirty else f"{head}, clean"


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.worker:
        return run_worker(args)
    started = time.monotonic()
    sizes = sorted(set(args.events or DEFAULT_SIZES))
    vd = find_visidata(args.visidata)
    if args.visidata and vd is None:
        log(f"--visidata {args.visidata}: not found; the VisiData targets are skipped")
    import textual

    results: dict[str, Any] = {
        "meta": {
            "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "python": platform.python_version(),
            "textual": getattr(textual, "__version__", "?"),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "ram_mb": _ram_mb(),
            "loadavg_start": _loadavg(),
            "quick": args.quick,
            "seed": args.seed,
            "visidata": vd,
            "argv": list(argv if argv is not None else sys.argv[1:]),
            "git_start": _git_state(),
        }
    }
    for n in sizes:  # all datasets first: generating is no part of any figure
        dataset_file(n, args.seed, args.cache_dir)
    log("startup: python -c pass, import csto_tui.cli, import textual.app, csto-tui check")
    results["startup"] = measure_startup(3 if args.quick else 7)
    if not args.no_ui:
        log("browser on the bundled data")
        results["bundled"] = measure_bundled(1 if args.quick else 3, 1 if args.quick else 5)
    results["sizes"] = []
    for n in sizes:
        log(f"N={n:,}")
        results["sizes"].append(measure_size(n, args, vd))
    found = targets(results)
    results["targets"] = found
    results["meta"]["loadavg_end"] = _loadavg()
    results["meta"]["git_end"] = _git_state()
    results["meta"]["wall_s"] = time.monotonic() - started
    print(render_table(results))
    print(render_targets(found))
    print(f"\nwhole run: {ftime(results['meta']['wall_s'])} wall; load average at the end "
          f"{results['meta']['loadavg_end']}")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    failed = any(t["ok"] is False for t in found)
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
