"""Exports of a list of events: table, csv, md, json, jsonl, yaml, ics and timelinejs, plus
stats.

Headless: no Textual here, so scripts and the CLI stay fast and terminal-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csto_tui.model.dataset import Dataset
    from csto_tui.model.records import Event

__all__ = ["FORMATS", "UTF8_FORMATS", "render"]

# Cheap to import (the CLI builds its parser from FORMATS): formatters load on first use.
FORMATS = ("table", "csv", "md", "json", "jsonl", "yaml", "ics", "timelinejs")
# Formats whose specs say UTF-8: written as UTF-8 whatever the terminal's encoding.
UTF8_FORMATS = frozenset({"csv", "json", "jsonl", "yaml", "ics", "timelinejs"})


def render(
    fmt: str,
    events: Sequence[Event],
    dataset: Dataset,
    *,
    width: int | None = None,
    ascii: bool = False,
) -> str:
    """The events in format `fmt`; `width` and `ascii` matter to the human formats only
    (table, md). `width` is a terminal's, to cut the table to; None (a pipe, a file) cuts
    nothing. An empty list gives the format's own empty result ('' for table, jsonl)."""
    if fmt == "table":
        from csto_tui.export.tabular import render_table

        return render_table(events, width=width, ascii=ascii)
    if fmt == "csv":
        from csto_tui.export.tabular import render_csv

        return render_csv(events)
    if fmt == "md":
        from csto_tui.export.tabular import render_md

        return render_md(events, ascii=ascii)
    if fmt == "json":
        from csto_tui.export.structured import render_json

        return render_json(events)
    if fmt == "jsonl":
        from csto_tui.export.structured import render_jsonl

        return render_jsonl(events)
    if fmt == "yaml":
        from csto_tui.export.structured import render_yaml

        return render_yaml(events, dataset.registry)
    if fmt == "ics":
        from csto_tui.export.ics import render_ics

        return render_ics(events)
    if fmt == "timelinejs":
        from csto_tui.export.timelinejs import render_timelinejs

        return render_timelinejs(events)
    raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
