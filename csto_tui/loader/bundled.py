"""Where the bundled dataset is: inside the installed package, or at the repo top in a checkout."""

from __future__ import annotations

from pathlib import Path


def bundled_data_path() -> Path:
    """The wheel ships data/events.yaml as csto_tui/data/events.yaml; a checkout has it at top."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "data" / "events.yaml"
    if inside.is_file():
        return inside
    return package.parent / "data" / "events.yaml"
