"""A generated dataset of 1,000 events (scripts/generate.py, seed 0) and its engine, made
once per test session: varied enough to check fast paths against plain definitions."""

from __future__ import annotations

import importlib.util
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType

from csto_tui.loader import load_dataset
from csto_tui.query import QueryEngine

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def generator() -> ModuleType:
    """scripts/generate.py, loaded by path (scripts is no package)."""
    spec = importlib.util.spec_from_file_location("csto_generate", SCRIPTS / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def generated_engine(n: int = 1000) -> QueryEngine:
    folder = Path(tempfile.mkdtemp(prefix="csto-tui-generated-"))
    path = folder / f"events-{n}.yaml"
    generator().write_dataset(n, path, seed=0)
    dataset = load_dataset([path])
    assert not dataset.errors, [str(d) for d in dataset.errors[:3]]
    return QueryEngine(dataset)
