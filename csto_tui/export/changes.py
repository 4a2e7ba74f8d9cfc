"""`csto-tui diff` output: a table for people at a terminal, JSON for tools and Markdown for
a pull-request comment. Data text is inert everywhere (no escape codes, no markup)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from csto_tui.export.fields import one_line
from csto_tui.export.tabular import md_cell
from csto_tui.history.compare import DatasetChanges, FieldChange
from csto_tui.history.git import Revision
from csto_tui.model.diagnostics import Diagnostic
from csto_tui.model.text import cell_width, truncate

CHANGE_FORMATS = ("table", "json", "md")
INDENT = "    "
NONE = "(none)"
ARROW = {False: "→", True: "->"}


def render_changes(
    fmt: str,
    changes: DatasetChanges,
    old: Revision,
    new: Revision,
    paths: tuple[str, ...] = (),
    *,
    width: int | None = None,
    ascii: bool = False,
) -> str:
    """The changes from `old` to `new` in `fmt`; `width` (a terminal's: lines are cut to
    it, None cuts nothing) and `ascii` matter to the table and Markdown only."""
    if fmt == "table":
        return changes_table(changes, old, new, width=width, ascii=ascii)
    if fmt == "json":
        return changes_json(changes, old, new, paths)
    if fmt == "md":
        return changes_md(changes, old, new, ascii=ascii)
    raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(CHANGE_FORMATS)}")


# --- table ------------------------------------------------------------------------------


def changes_table(
    changes: DatasetChanges,
    old: Revision,
    new: Revision,
    *,
    width: int | None = None,
    ascii: bool = False,
) -> str:
    """'+ id  title', '- id  title', '~ id  title' with its fields indented below as
    'field: old → new'; then the diagnostics that came and went, and a summary line."""

    def fit(text: str) -> str:
        return text if width is None else truncate(text, width, ascii=ascii)

    arrow = ARROW[ascii]
    lines = [fit(f"{one_line(old.label, ascii=ascii)} {arrow} {one_line(new.label, ascii=ascii)}")]
    for sign, ids in (("+", changes.added), ("-", changes.removed)):
        lines += [fit(f"{sign} {i}  {one_line(changes.title(i), ascii=ascii)}") for i in ids]
    for change in changes.changed:
        lines.append(fit(f"~ {change.id}  {one_line(changes.title(change.id), ascii=ascii)}"))
        for f in change.fields:
            lines.append(_field_line(f, width, ascii))
    for heading, diags in (
        ("new errors:", changes.new_errors),
        ("fixed errors:", changes.fixed_errors),
    ):
        if diags:
            lines += ["", heading, *(fit("  " + one_line(str(d), ascii=ascii)) for d in diags)]
    lines += ["", changes.summary_line(ascii=ascii)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _field_line(f: FieldChange, width: int | None, ascii: bool) -> str:
    """'    title: old → new', the two values cut to share a terminal's width."""
    label = one_line(f.label, ascii=ascii)
    old = one_line(f.old, ascii=ascii) or NONE
    new = one_line(f.new, ascii=ascii) or NONE
    arrow = f" {ARROW[ascii]} "
    if width is not None:
        room = max(width - len(INDENT) - cell_width(label) - 2 - len(arrow), 8)
        old, new = _share(old, new, room, ascii)
    return f"{INDENT}{label}: {old}{arrow}{new}"


def _share(old: str, new: str, room: int, ascii: bool) -> tuple[str, str]:
    """Both texts in `room` columns: the shorter whole when it fits in half."""
    a, b = cell_width(old), cell_width(new)
    if a + b <= room:
        return old, new
    half = room // 2
    if a <= half:
        return old, truncate(new, room - a, ascii=ascii)
    if b <= half:
        return truncate(old, room - b, ascii=ascii), new
    return truncate(old, half, ascii=ascii), truncate(new, room - half, ascii=ascii)


# --- json -------------------------------------------------------------------------------


def _side(side: Revision) -> dict[str, str | None]:
    return {"revision": side.name, "commit": side.commit}


def _event(changes: DatasetChanges, event_id: str) -> dict[str, Any]:
    return {
        "id": event_id,
        "file": changes.files.get(event_id, ""),
        "title": changes.title(event_id),
    }


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {**asdict(d), "severity": str(d.severity)}


def changes_json(
    changes: DatasetChanges, old: Revision, new: Revision, paths: tuple[str, ...] = ()
) -> str:
    """Every key always present, in a fixed order; a working-tree side has null revision
    and commit; a field's `item` is the 1-based position in a list of mappings, or null."""
    data = {
        "old": _side(old),
        "new": _side(new),
        "paths": list(paths),
        "summary": {
            "added": len(changes.added),
            "removed": len(changes.removed),
            "changed": len(changes.changed),
            "new_errors": len(changes.new_errors),
            "fixed_errors": len(changes.fixed_errors),
        },
        "files": {
            name: {"added": a, "removed": r, "changed": c}
            for name, (a, r, c) in changes.per_file().items()
        },
        "added": [_event(changes, i) for i in changes.added],
        "removed": [_event(changes, i) for i in changes.removed],
        "changed": [
            {
                **_event(changes, c.id),
                "fields": [
                    {"field": f.name, "item": f.item, "old": f.old, "new": f.new} for f in c.fields
                ],
            }
            for c in changes.changed
        ],
        "new_errors": [_diagnostic(d) for d in changes.new_errors],
        "fixed_errors": [_diagnostic(d) for d in changes.fixed_errors],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- markdown ---------------------------------------------------------------------------


def changes_md(
    changes: DatasetChanges, old: Revision, new: Revision, *, ascii: bool = False
) -> str:
    """Headings Added, Removed, Changed, New errors, Fixed errors (those that have any),
    each a table; ids in backticks, every data text escaped so it stays text."""

    def cell(text: str) -> str:
        return md_cell(text, ascii=ascii) or "*(none)*"

    arrow = ARROW[ascii]
    lines = [
        f"### Dataset changes: {cell(old.label)} {arrow} {cell(new.label)}",
        "",
        cell(changes.summary_line(ascii=ascii)),
    ]
    for heading, ids in (("Added", changes.added), ("Removed", changes.removed)):
        if ids:
            lines += ["", f"#### {heading}", "", "| Event | Title | File |", "| --- | --- | --- |"]
            for i in ids:
                lines.append(f"| `{i}` | {cell(changes.title(i))} | {cell(changes.files[i])} |")
    if changes.changed:
        lines += [
            "",
            "#### Changed",
            "",
            "| Event | Field | Old | New |",
            "| --- | --- | --- | --- |",
        ]
        for change in changes.changed:
            event = f"`{change.id}`"
            for f in change.fields:
                lines.append(f"| {event} | {cell(f.label)} | {cell(f.old)} | {cell(f.new)} |")
                event = ""
    for heading, diags in (
        ("New errors", changes.new_errors),
        ("Fixed errors", changes.fixed_errors),
    ):
        if diags:
            lines += [
                "",
                f"#### {heading}",
                "",
                "| File | Line | Severity | Message |",
                "| --- | --- | --- | --- |",
            ]
            for d in diags:
                where = f"{d.line}:{d.column}" if d.line else ""
                lines.append(f"| {cell(d.file)} | {where} | {d.severity} | {cell(d.message)} |")
    return "\n".join(lines) + "\n"
