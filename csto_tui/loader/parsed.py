"""One record as read, before the checks across records decide whether it stays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csto_tui.loader.yamlnodes import Positions
from csto_tui.model.dataset import Origin
from csto_tui.model.records import Body, Event


@dataclass
class Parsed:
    """One record with positions kept for cross checks.

    `record` is None when the record failed its own validation: it still takes part in the
    checks across records (duplicate ids, references) through its raw `data`, so one pass
    reports every problem instead of hiding some behind others.
    """

    record: Event | Body | None
    origin: Origin
    positions: Positions
    valid: bool = True  # False: checked across records, but left out (e.g. a duplicate key)
    data: Any = None  # the raw mapping, kept when `record` is None
