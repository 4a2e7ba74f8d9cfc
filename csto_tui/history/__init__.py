"""What changed in a dataset: between two loads, or between git revisions. Headless (no
Textual): the CLI's `diff`, the browser's live reload and its `--since` read it."""

from csto_tui.history.compare import DatasetChanges, EventChange, FieldChange, compare_datasets

__all__ = ["DatasetChanges", "EventChange", "FieldChange", "compare_datasets"]
