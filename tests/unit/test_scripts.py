"""scripts/generate.py makes valid, varied, reproducible data; scripts/bench.py runs and reports.

No timing is asserted here (shared, noisy machines): the benchmark's targets live in the
benchmark. These tests only check that it runs and prints ratios.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from csto_tui.cli import main as cli_main
from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.model.dates import Precision
from csto_tui.model.records import KINDS

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
CSTO = {"AM", "BY", "KZ", "KG", "RU", "TJ"}


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"script_{name}", SCRIPTS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    return load_script("generate")


@pytest.fixture(scope="module")
def generated(generate: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 events written through the command line, as a user would."""
    out = tmp_path_factory.mktemp("gen") / "events.yaml"
    assert generate.main(["2000", str(out), "--seed", "7"]) == 0
    return out


@pytest.fixture(scope="module")
def dataset(generated: Path):  # type: ignore[no-untyped-def]
    return load_dataset([generated])


# --- generate.py --------------------------------------------------------------------------


def test_generated_2000_events_load_without_errors_or_warnings(dataset) -> None:  # type: ignore[no-untyped-def]
    assert [str(d) for d in dataset.diagnostics] == []
    assert len(dataset.events) == 2000


def test_generated_data_passes_check_command(generate: ModuleType, generated: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = cli_main(["check", str(generated)])
    assert rc == 0, out.getvalue()[-2000:]
    bodies = len(load_dataset([bundled_data_path()]).registry) + len(generate.SYNTHETIC_BODIES)
    assert out.getvalue().endswith(f"2000 events, {bodies} bodies, 0 errors, 0 warnings\n")


def test_generated_registry_is_the_bundled_one_plus_synthetic_bodies(dataset) -> None:  # type: ignore[no-untyped-def]
    bundled = load_dataset([bundled_data_path()]).registry
    registry = dataset.registry
    assert set(bundled.bodies) < set(registry.bodies)
    for bid, body in bundled.bodies.items():
        assert registry.get(bid) == body
    synthetic = [b for b in registry.bodies.values() if b.id not in bundled.bodies]
    assert synthetic and all(b.id.startswith("synthetic-") for b in synthetic)
    assert any(b.parent in bundled.bodies for b in synthetic)  # hung under the real tree
    assert any(len(registry.ancestors(b.id)) >= 3 for b in synthetic)  # and deep


def test_generated_data_has_realistic_variety(dataset) -> None:  # type: ignore[no-untyped-def]
    events = dataset.events
    assert {e.kind for e in events} == set(KINDS)
    assert {e.date.precision for e in events} == set(Precision)
    dates = [e.date for e in events]
    assert sum(d.is_interval for d in dates) > 100
    for flag in ("start_open", "start_unknown", "end_open", "end_unknown"):
        assert any(getattr(d, flag) for d in dates), flag
    assert any(d.uncertain for d in dates) and any(d.approximate for d in dates)
    years = [d.lower.year for d in dates if d.lower]
    assert min(years) < 2000 < max(years)
    countries = {c for e in events for c in e.all_countries}
    assert countries >= CSTO and len(countries - CSTO) >= 10
    assert any(e.people for e in events) and any(e.figures for e in events)
    assert any(e.tags for e in events) and any(e.location for e in events)
    assert any(len(e.sources) > 1 for e in events)
    assert len({b.id for e in events for b in e.bodies}) >= 15
    assert {b.role for e in events for b in e.bodies} >= {"organiser", "participant", "observer"}
    for e in events:
        assert e.title.startswith("Synthetic event ")
        assert 20 <= len(e.summary.split()) <= 80
    assert any(not t.isascii() for e in events for t in (e.title, e.summary))  # accents too


def test_generated_part_of_links_form_chains_without_cycles(dataset) -> None:  # type: ignore[no-untyped-def]
    parents = {
        e.id: [r.id for r in e.related if r.type == "part-of"] for e in dataset.events
    }  # fmt: skip
    assert {r.type for e in dataset.events for r in e.related} == {
        "part-of", "follows", "precedes", "see-also"
    }  # fmt: skip

    def depth(eid: str, seen: frozenset[str] = frozenset()) -> int:
        assert eid not in seen, f"cycle through {eid}"
        ups = parents.get(eid, [])
        return 1 + max((depth(p, seen | {eid}) for p in ups), default=0)

    assert max(depth(e) for e in parents) >= 3  # chains, not just single links


def test_same_seed_gives_byte_identical_output(generate: ModuleType, tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    assert generate.main(["300", str(a), "--seed", "11"]) == 0
    assert generate.main(["300", str(b), "--seed", "11"]) == 0
    assert generate.main(["300", str(c), "--seed", "12"]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    assert generate.generate(300, seed=11) == a.read_text(encoding="utf-8")


def test_files_option_writes_a_valid_directory(generate: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert generate.main(["300", str(out), "--files", "3", "--seed", "5"]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == ["events-0001.yaml", "events-0002.yaml", "events-0003.yaml"]
    ds = load_dataset([out])
    assert [str(d) for d in ds.diagnostics] == []
    assert len(ds.events) == 300
    by_file: dict[str, str] = {eid: o.file for eid, o in ds.origins.items()}
    assert any(by_file[r.id] != by_file[e.id] for e in ds.events for r in e.related)
    # The same events as the single file, only split.
    assert generate.main(["300", str(tmp_path / "one.yaml"), "--seed", "5"]) == 0
    single = load_dataset([tmp_path / "one.yaml"])
    assert [e.id for e in single.events] == [e.id for e in ds.events]


def test_files_option_refuses_a_directory_with_other_yaml(
    generate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.yaml").write_text("events: []\n", encoding="utf-8")
    assert generate.main(["10", str(tmp_path), "--files", "2"]) == 2
    assert "mine.yaml" in capsys.readouterr().err
    assert not (tmp_path / "events-0001.yaml").exists()


# --- bench.py -----------------------------------------------------------------------------


def test_bench_quick_runs_and_prints_ratios(tmp_path: Path) -> None:
    out_json = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPTS / "bench.py"), "--events", "300", "--quick",
         "--cache-dir", str(tmp_path / "cache"), "--json", str(out_json)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert "x floor" in out and "N=300" in out
    rows = {line[:40].strip(): line for line in out.splitlines()}
    # list cold = R x yaml floor: parse the ratio back and compare with the JSON.
    cold_row = rows["list --format csv, cold"]
    match = re.search(r"(\d+(?:\.\d+)?)x\s*$", cold_row)
    assert match, cold_row
    ratio = float(match.group(1))
    results = json.loads(out_json.read_text(encoding="utf-8"))
    size = results["sizes"][0]
    assert size["n"] == 300 and size["keys"]["events"] == 300 and size["keys"]["errors"] == 0
    assert ratio > 0
    expected = size["list_cold"]["s"] / size["yaml"]["parse_s"]
    assert ratio == pytest.approx(expected, rel=0.1, abs=0.06)
    assert rows["FLOOR yaml.load CSafeLoader, gc off"].rstrip().endswith("1.0x")
    for label in ("list --format csv, warm", "browser start to first rows, cold",
                  "browser start to first rows, warm", "G: jump to the last event"):  # fmt: skip
        assert re.search(r"\d+(\.\d+)?x\s*$", rows[label]), rows[label]
    assert re.search(r"\d+(\.\d+)? ms\s*$", rows["CPU/key search: search security"])
    marks = re.findall(r"^(PASS|FAIL|SKIP)  ", out, flags=re.M)
    assert "PASS" in marks  # check < 1 s at least; failures are reported, not fatal
    assert any("csto-tui check on bundled data" in t["name"] for t in results["targets"])
    assert size["ui"]["G_reached_end"] is True
