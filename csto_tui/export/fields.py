"""Values shared by the exporters: derived date fields, list labels, cleaned cell text."""

from __future__ import annotations

import re
from typing import Any

from csto_tui.model.countries import country_name
from csto_tui.model.records import Event, Figure, Source
from csto_tui.model.scripts import to_latin
from csto_tui.model.text import PLAIN, scrub

# A record must not smuggle escape sequences or bidi overrides into a terminal or break a
# text format: such characters are shown as U+FFFD (see model.text).
_SPACES = re.compile(r"\s+")


def clean(text: str, *, ascii: bool = False) -> str:
    """Text with control characters replaced: never an escape code in our output.
    `ascii` also writes Cyrillic in Latin letters (`scripts.to_latin`) and turns dashes,
    curly quotes, arrows and '…' into their ASCII look-alikes (model.text.PLAIN); anything
    else the terminal cannot show is replaced when written."""
    if ascii:
        return scrub(to_latin(text), "?").translate(PLAIN)
    return scrub(text)


def one_line(text: str, *, ascii: bool = False) -> str:
    """Clean text with every run of whitespace (newlines included) as one space."""
    return _SPACES.sub(" ", clean(text, ascii=ascii)).strip()


def derived(event: Event) -> dict[str, Any]:
    """start/end as ISO days (None when open or unknown), precision and qualifier flags."""
    d = event.date
    return {
        "start": d.lower.isoformat() if d.lower else None,
        "end": d.upper.isoformat() if d.upper else None,
        "precision": str(d.precision),
        "uncertain": d.uncertain,
        "approximate": d.approximate,
    }


def figure_number(value: float) -> int | float:
    """4753.0 → 4753: figures as written, not as floats."""
    return int(value) if value == int(value) else value


def figure_label(f: Figure) -> str:
    """'seized opium: 4,753 kg', 'seized heroin: at least 5 t' (figure_text's words)."""
    what = f"{f.metric} {f.item}" if f.item else f.metric
    return f"{what}: {figure_text(f)}"


def source_label(s: Source) -> str:
    """The title, with the publisher in brackets when both are given."""
    if s.title and s.publisher:
        return f"{s.title} ({s.publisher})"
    return s.title or s.publisher or ""


def location_label(event: Event) -> str:
    """'Cholpon-Ata, Kyrgyzstan': place, region and country name, as known."""
    loc = event.location
    if loc is None:
        return ""
    parts = [loc.place, loc.region, country_name(loc.country) if loc.country else None]
    return ", ".join(p for p in parts if p)


QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at-least": "at least ", "at-most": "up to "}


def figure_text(f: Figure) -> str:
    """'4,753 kg', 'about 5 t', 'at least 5 t', 'up to 5 t': a figure as people say it."""
    return f"{QUALIFIER_WORDS.get(f.qualifier, '')}{f.value_text} {f.unit}"
