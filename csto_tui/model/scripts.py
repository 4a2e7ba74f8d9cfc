"""Cyrillic and Latin as one: a readable transliteration, and the loose search key that
makes every common romanisation of a name meet its Cyrillic spelling (headless).

`to_latin` writes Cyrillic in Latin letters for terminals without Unicode (BGN/PCGN for
Russian, with the letters of Kazakh, Kyrgyz, Tajik, Belarusian and Ukrainian): 'Жапаров' →
'Zhaparov', 'Чолпон-Ата' → 'Cholpon-Ata'. Other text is left as it is.

`loose_key` takes folded text (lower case, accents gone, as `folding.fold` gives) and
writes each sound one way, whatever the romanisation: 'zhaparov', 'japarov' and (through
`to_latin`) 'жапаров' all become 'Japarov'-like keys. The rules, in order:

- ž č š ŝ (ISO 9, scholarly) are zh ch sh shch; they are mapped before accents fold;
- shch, dzh, zh, kh, sh, ch, ts, gh are one letter each; `j` before a vowel is zh (the
  English press's Japarov, Jalal-Abad), elsewhere it is i (ISO 9's Majskij);
- `h` is kh, `x` is ks, `q` is k, `c` is ts, `w` is v, `y` is i; a run of i is one i;
- i before e is dropped (Yerevan, Erevan; Tokayev, Tokaev), and after a consonant i
  before o is e (Fyodor, Fedor);
- the soft and hard signs and the primes ʹ ʺ are dropped.

Folding is letter by letter within words and never joins two words, so the key of joined
texts is the joined keys (the search index relies on it). A key uses upper-case letters
for the merged sounds, so it never equals a word written plainly.
"""

from __future__ import annotations

import re
from functools import lru_cache

from csto_tui.model.folding import fold

# Lower-case Cyrillic → Latin (BGN/PCGN for Russian; the other languages' own letters).
_LOWER = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh, Kyrgyz
    "ә": "a", "ғ": "gh", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "і": "i",
    # Tajik
    "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j",
    # Belarusian, Ukrainian
    "ў": "u", "є": "ye", "ї": "yi", "ґ": "g",
}  # fmt: skip
_TO_LATIN = str.maketrans(
    {**_LOWER, **{k.upper(): v[:1].upper() + v[1:] for k, v in _LOWER.items() if v}}
    | {k.upper(): "" for k, v in _LOWER.items() if not v}
    | {"ʹ": "", "ʺ": ""}
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def to_latin(text: str) -> str:
    """Cyrillic letters written in Latin ones, the case kept ('ОДКБ' → 'ODKB'); the rest
    of the text as it is."""
    if text.isascii() or not has_cyrillic(text):
        return text
    out = text.translate(_TO_LATIN)
    # An all-capital word keeps its digraphs capital: 'ЩИТ' → 'SHCHIT', not 'ShchIT'.
    return re.sub(r"\b[A-Z][a-z]*[A-Z][A-Za-z]*\b", lambda m: m.group().upper(), out)


# Before accents fold: the letters ISO 9 and the scholarly system write for one sound.
DIACRITIC_DIGRAPHS = {"ž": "zh", "č": "ch", "š": "sh", "ŝ": "shch", "Ž": "Zh", "Č": "Ch",
                      "Š": "Sh", "Ŝ": "Shch"}  # fmt: skip

_SOUNDS = {"shch": "Q", "dzh": "J", "zh": "J", "kh": "H", "sh": "W", "ch": "X", "ts": "C",
           "gh": "g", "h": "H", "x": "ks", "q": "k", "c": "C", "w": "v"}  # fmt: skip
_DIGRAPH = re.compile(r"shch|dzh|zh|kh|sh|ch|ts|gh|[hxqcwj]")
_VOWELS = frozenset("aeiouy")
_GLIDES = (
    (re.compile(r"y"), "i"),
    (re.compile(r"i{2,}"), "i"),
    (re.compile(r"i(?=e)"), ""),
    (re.compile(r"(?<=[b-df-hj-np-tv-zA-Z])io"), "e"),
)


def _sound(m: re.Match[str]) -> str:
    text = m.group()
    if text == "j":  # before a vowel the press's zh (Japarov), else ISO 9's i (Majskij)
        return (
            "J" if m.string[m.end() : m.end() + 1] in _VOWELS and m.end() < len(m.string) else "i"
        )
    return _SOUNDS[text]


def loose_key(folded: str) -> str:
    """The search key of folded text: each sound written one way (see the module's doc)."""
    if not folded:
        return folded
    if not folded.isascii():
        folded = folded.replace("ʹ", "").replace("ʺ", "")
    key = _DIGRAPH.sub(_sound, folded)
    for pattern, repl in _GLIDES:
        key = pattern.sub(repl, key)
    return key


_DIACRITICS = str.maketrans(DIACRITIC_DIGRAPHS)


def script_fold(text: str) -> str:
    """Case, accents and script folded at once: the search key of any text, Cyrillic or
    Latin in any common romanisation (`to_latin`, then `fold`, then `loose_key`)."""
    if not text.isascii():
        text = to_latin(text.translate(_DIACRITICS))
    return loose_key(fold(text))


@lru_cache(maxsize=65536)
def script_fold_word(word: str) -> str:
    return script_fold(word)
