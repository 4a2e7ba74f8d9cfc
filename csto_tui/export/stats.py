"""Counts of events per year, country, body, kind and tag, as JSON or small bar charts.

The counting is the query engine's (`QueryEngine.counts`): one definition of a count for
`stats`, the sidebar and `list`'s filters. This module only orders, names and draws them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from csto_tui.export.fields import one_line
from csto_tui.model.countries import country_name
from csto_tui.model.records import KINDS
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.text import cell_width, plural, truncate

SECTIONS = ("year", "country", "body", "kind", "tag")
TITLES = {
    "year": "Year (under way in it)",
    "country": "Country (participant or location)",
    "body": "Body (with the bodies below it)",
    "kind": "Kind",
    "tag": "Tag",
}
LABEL_MAX = 36
BAR_MAX = 40
_EIGHTHS = " ▏▎▍▌▋▊▉"


def stats_data(
    total: int, counts: Mapping[str, Mapping[str, int]], registry: BodyRegistry
) -> dict[str, Any]:
    """{'total', 'year', 'country', 'body', 'kind', 'tag', 'names'} from the engine's counts:
    each section maps a value to its event count, largest first (years in time order)."""
    tree = {b.id: i for i, (_depth, b) in enumerate(registry.walk())}
    ties = {
        "country": lambda k: k,
        "body": lambda k: tree.get(k, len(tree)),
        "kind": lambda k: KINDS.index(k) if k in KINDS else len(KINDS),
        "tag": lambda k: k,
    }
    out: dict[str, Any] = {"total": total}
    for section in SECTIONS:
        found = counts.get(section, {})
        if section == "year":
            out[section] = {y: found[y] for y in sorted(found, key=lambda y: y.zfill(4))}
        else:
            key = ties[section]
            out[section] = dict(sorted(found.items(), key=lambda kv: (-kv[1], key(kv[0]))))
    out["names"] = {
        "country": {c: country_name(c) for c in out["country"]},
        "body": {b: registry.name(b) for b in out["body"]},
    }
    return out


def stats_json(stats: dict[str, Any]) -> str:
    return json.dumps(stats, ensure_ascii=False, indent=2) + "\n"


def bar(value: int, top: int, width: int, *, ascii: bool = False) -> str:
    """A bar of `width` columns for `top`; eighth blocks in Unicode, '#' in ASCII."""
    if top <= 0 or value <= 0:
        return ""
    if ascii:
        return "#" * max(1, round(value / top * width))
    eighths = max(1, round(value / top * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def _label(section: str, key: str, stats: dict[str, Any], registry: BodyRegistry) -> str:
    if section == "country":
        return f"{key} {stats['names']['country'].get(key, key)}"
    if section == "body":
        body = registry.get(key)
        return body.label if body else key
    return key


def stats_text(
    stats: dict[str, Any],
    registry: BodyRegistry,
    *,
    width: int | None = None,
    ascii: bool = False,
) -> str:
    """One block per section: label, count and a bar; plain text, never colour.

    `width` is a terminal's: long labels are cut and bars shrink to fit. None (a pipe, a
    file) cuts no label, so `grep` finds every name.
    """
    total = stats["total"]
    lines = [plural(total, "event")]
    for section in SECTIONS:
        counts: dict[str, int] = stats[section]
        if not counts:
            continue
        labels = {k: one_line(_label(section, k, stats, registry), ascii=ascii) for k in counts}
        if width is not None:
            labels = {k: truncate(v, LABEL_MAX, ascii=ascii) for k, v in labels.items()}
        label_w = max(cell_width(v) for v in labels.values())
        count_w = max(len(str(v)) for v in counts.values())
        room = BAR_MAX if width is None else width - 2 - label_w - 2 - count_w - 2
        bar_w = max(1, min(BAR_MAX, room))
        top = max(counts.values())
        lines += ["", TITLES[section]]
        for key, n in counts.items():
            label = labels[key] + " " * (label_w - cell_width(labels[key]))
            row = f"  {label}  {n:>{count_w}}  {bar(n, top, bar_w, ascii=ascii)}"
            lines.append(row.rstrip())
    return "\n".join(lines) + "\n"
