"""One record as read, before the checks across records decide whether it stays."""

from __future__ import annotations

from dataclasses import dataclass

from csto_tui.loader.yamlnodes import Positions
from csto_tui.model.dataset import Origin
from csto_tui.model.records import Body, Event


@dataclass
class Parsed:
    """One record that passed its own validation, with positions kept for cross checks."""

    record: Event | Body
    origin: Origin
    positions: Positions
    valid: bool = True  # False: checked across records, but left out (e.g. a duplicate key)
