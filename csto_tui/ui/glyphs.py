"""Our own symbols, with ASCII twins for LANG=C terminals; each means one thing."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

from csto_tui.model.dates import parse_edtf, short_label
from csto_tui.model.text import ELLIPSIS
from csto_tui.ui.safe import unicode_ok

# After a text an ASCII terminal shows with its Cyrillic in Latin letters (`to_latin`).
TRANSLITERATED = "(translit.)"

KIND_MARKS = {
    "meeting": "mtg",
    "reception": "rec",
    "visit": "vis",
    "conference": "cnf",
    "operation": "ops",
    "exercise": "exr",
    "agreement": "agr",
    "statement": "stm",
    "institutional": "ins",
}


@dataclass(frozen=True)
class Glyphs:
    ellipsis: str  # text was cut here, and nothing else
    rule: str
    checked: str
    unchecked: str
    arrow: str
    match: str  # a row the search found (highlight mode)
    cursor: str  # the cursor row of a list without focus
    focus: str  # the title of the pane with focus
    sep: str  # between the header's parts
    dash: str  # before a role: 'CSTO — organiser'
    open_quote: str
    close_quote: str

    def quoted(self, text: str) -> str:
        return f"{self.open_quote}{text}{self.close_quote}"


UNICODE = Glyphs(ELLIPSIS[False], "─", "[x]", "[ ]", "→", "•", "▸", "▶", " │ ", " — ", "“", "”")
ASCII = Glyphs(ELLIPSIS[True], "-", "[x]", "[ ]", "->", "*", ">", ">", " | ", " - ", '"', '"')


def glyphs() -> Glyphs:
    return UNICODE if unicode_ok() else ASCII


# What the legend shows, each date drawn by the code that draws the timeline.
_DATE_EXAMPLES = (
    ("2018-05-28/2018-06-01", "an interval: first day to last day"),
    ("2003/..", "an open end: still going"),
    ("../2018-06-02", "an open start"),
    ("2018-05-27/", "an unknown end"),
    ("2025-06-19?", "uncertain (EDTF ?)"),
    ("2018~", "approximate (EDTF ~)"),
    ("2018%", "uncertain and approximate (EDTF %)"),
)


def marks_legend(*, ascii: bool) -> Table:
    """Every mark the browser draws and its one meaning, for the help screen."""
    g = ASCII if ascii else UNICODE
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for text, meaning in _DATE_EXAMPLES:
        table.add_row(Text(short_label(parse_edtf(text), ascii=ascii)), Text(meaning))
    for mark, meaning in (
        (g.ellipsis, "text cut to fit (the rest is in the detail)"),
        (g.match, "a row the search found (highlight mode, n/N)"),
        (g.cursor, "the cursor of the timeline while another pane has focus"),
        (f"{g.focus} Title", "the pane with focus (its title in reverse video)"),
        (g.checked, "a filter that is on"),
        ("+", "before a row's date: new since the --since revision"),
        ("!", "before a row's date: changed since the --since revision (the detail says how)"),
    ):
        table.add_row(Text(mark), Text(meaning))
    if ascii:  # only drawn where Unicode is not: Cyrillic then shows in Latin letters
        meaning = "after the detail's title or a name: Cyrillic shown in Latin letters"
        table.add_row(Text(TRANSLITERATED), Text(meaning))
    return table
