"""YAML → validated records with source positions and diagnostics. Never imports Textual."""

from csto_tui.loader.dataset import Dataset, Origin, load_dataset
from csto_tui.loader.diagnostics import Diagnostic, Severity

__all__ = ["Dataset", "Diagnostic", "Origin", "Severity", "load_dataset"]
