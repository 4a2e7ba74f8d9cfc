"""Counts of events per start year, country, body and kind, as JSON or small bar charts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from csto_tui.export.fields import one_line
from csto_tui.export.tabular import cell_width, truncate
from csto_tui.model.countries import country_name
from csto_tui.model.records import KINDS, Event
from csto_tui.model.registry import BodyRegistry

OPEN_YEAR = "open"  # events whose start is open or unknown
SECTIONS = ("year", "country", "body", "kind")
TITLES = {"year": "Year (start)", "country": "Country", "body": "Body", "kind": "Kind"}
LABEL_MAX = 36
BAR_MAX = 40
_EIGHTHS = " ▏▎▍▌▋▊▉"


def compute_stats(events: Sequence[Event], registry: BodyRegistry) -> dict[str, Any]:
    """{'total', 'year', 'country', 'body', 'kind', 'names'}: each section maps a key to its
    event count, largest first (years in time order, 'open' first as in the timeline).

    Countries are participants plus the location's country (what the country filter
    matches); bodies are those an event names directly.
    """
    year: Counter[str] = Counter()
    country: Counter[str] = Counter()
    body: Counter[str] = Counter()
    kind: Counter[str] = Counter()
    for e in events:
        year[str(e.date.lower.year) if e.date.lower else OPEN_YEAR] += 1
        country.update(e.all_countries)
        body.update({b.id for b in e.bodies})
        kind[e.kind] += 1
    body_rank = {b: i for i, b in enumerate(registry.bodies)}
    years = sorted(year, key=lambda y: (y != OPEN_YEAR, y.zfill(4)))
    countries = dict(sorted(country.items(), key=lambda kv: (-kv[1], kv[0])))
    bodies = dict(
        sorted(body.items(), key=lambda kv: (-kv[1], body_rank.get(kv[0], len(body_rank))))
    )
    return {
        "total": len(events),
        "year": {y: year[y] for y in years},
        "country": countries,
        "body": bodies,
        "kind": dict(sorted(kind.items(), key=lambda kv: (-kv[1], KINDS.index(kv[0])))),
        "names": {
            "country": {c: country_name(c) for c in countries},
            "body": {b: registry.name(b) for b in bodies},
        },
    }


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
    stats: dict[str, Any], registry: BodyRegistry, *, width: int = 80, ascii: bool = False
) -> str:
    """One block per section: label, count and a bar; plain text, never colour."""
    total = stats["total"]
    lines = [f"{total} event" if total == 1 else f"{total} events"]
    for section in SECTIONS:
        counts: dict[str, int] = stats[section]
        if not counts:
            continue
        labels = {
            k: truncate(
                one_line(_label(section, k, stats, registry), ascii=ascii), LABEL_MAX, ascii=ascii
            )
            for k in counts
        }
        label_w = max(cell_width(v) for v in labels.values())
        count_w = max(len(str(v)) for v in counts.values())
        bar_w = max(1, min(BAR_MAX, width - 2 - label_w - 2 - count_w - 2))
        top = max(counts.values())
        lines += ["", TITLES[section]]
        for key, n in counts.items():
            label = labels[key] + " " * (label_w - cell_width(labels[key]))
            row = f"  {label}  {n:>{count_w}}  {bar(n, top, bar_w, ascii=ascii)}"
            lines.append(row.rstrip())
    return "\n".join(lines) + "\n"
