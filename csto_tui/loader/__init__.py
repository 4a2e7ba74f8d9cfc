"""YAML → validated records with source positions and diagnostics. Never imports Textual."""

from csto_tui.loader.dataset import load_dataset
from csto_tui.model.dataset import Dataset, Origin
from csto_tui.model.diagnostics import Diagnostic, Severity

__all__ = ["Dataset", "Diagnostic", "Origin", "Severity", "load_dataset"]
