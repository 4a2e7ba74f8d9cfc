"""Cyrillic and Latin as one: a readable transliteration, and the loose search key that
makes the common romanisations of a name meet its Cyrillic spelling (headless).

`to_latin` writes Cyrillic in Latin letters for terminals without Unicode (BGN/PCGN for
Russian, with the letters of Kazakh, Kyrgyz, Tajik, Belarusian and Ukrainian): 'Жапаров' →
'Zhaparov', 'Чолпон-Ата' → 'Cholpon-Ata'. Other text is left as it is.

`script_fold` is the search key of a word in either script: 'Жапаров', 'Zhaparov' and
'Japarov' are all 'Japarov'. ISO 9's ž č š ŝ are first written zh ch sh shch; `fold` drops
case and accents; `key_latin` writes Cyrillic in plain Latin letters; `loose_key` then
writes each sound one way, whatever the romanisation:

- zh, dzh and kh are one letter each, gh is g; `h` is kh (Habarovsk), `x` is ks, `q`
  is k, `w` is v (sh, ch and shch are written so in every romanisation: they stay);
- `j` at the start of a word, or between vowels but not before the last, is zh (the
  press's Japarov, Jalal-Abad, Tajik); elsewhere it is i (ISO 9's Majskij; the scholarly
  Pašinjan, Bordjuža, Gosudarstvennaja);
- `y` before e at the start of a word or after a vowel is dropped (Yerevan and Erevan,
  Tokayev and Tokaev, zasedaniye and zasedanie); after a consonant 'yo' is e (Fyodor,
  Fedor; ё folds to е); any other y is i; a run of i is one i (Yuriy, Iurii, Юрий);
- the soft and hard signs are dropped, except before a vowel, where they are the glide y
  (Татьяна, Tatyana, Tatiana); the primes ʹ ʺ are dropped.

Every rule looks at most at the letter before and the two after, and a word cut after any
Cyrillic letter but д (дж is one sound) has a key that begins the whole word's key, so
typing a Cyrillic word narrows the search letter by letter (the search also reads a
final д, y or j as what the next letter could make of it: `csto_tui.query.text`); in Latin
a digraph counts once it is typed whole ('Z' is z until 'Zh'). Folding never joins two
words. A key writes the merged sounds as capital letters, so it never equals a word
written plainly, and folding a key again changes nothing.
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


# Cyrillic for the search key, lower case: as `to_latin`, but х, һ and ҳ are all kh and ҷ
# dzh, so that no two Cyrillic letters make a Latin digraph the first did not begin.
_KEY_LOWER = {**_LOWER, "һ": "kh", "ҳ": "kh", "ҷ": "dzh", "є": "ye", "ї": "i"}
# Before accents fold: the letters ISO 9 and the scholarly system write for one sound.
DIACRITIC_DIGRAPHS = {"ž": "zh", "č": "ch", "š": "sh", "ŝ": "shch", "Ž": "Zh", "Č": "Ch",
                      "Š": "Sh", "Ŝ": "Shch"}  # fmt: skip
_KEY_LATIN = str.maketrans(
    {**_KEY_LOWER, **{k.upper(): v for k, v in _KEY_LOWER.items()}} | {"ʹ": "", "ʺ": ""}
)
_DIGRAPHS = str.maketrans(DIACRITIC_DIGRAPHS)
# A soft or hard sign before a vowel is the glide BGN writes y ('Татьяна', Tat'yana).
_SIGN_GLIDE = re.compile(r"[ьъЬЪ](?=[аеёиоуыэюяАЕЁИОУЫЭЮЯ])")


def latin_digraphs(text: str) -> str:
    """ISO 9's ž č š ŝ written zh ch sh shch, before accents fold (and lose the carons).
    (Looked for first: translating every accented text would cost the index seconds.)"""
    if text.isascii() or not any(c in text for c in DIACRITIC_DIGRAPHS):
        return text
    return text.translate(_DIGRAPHS)


def key_latin(text: str) -> str:
    """Cyrillic (folded or not) as plain Latin letters for the search key, the primes
    dropped; word boundaries stay where they were. Other text as it is."""
    if text.isascii():
        return text
    if "ь" in text or "ъ" in text or "Ь" in text or "Ъ" in text:
        text = _SIGN_GLIDE.sub("y", text)
    return text.translate(_KEY_LATIN)


_VOWELS = frozenset("aeiouy")
_SOUNDS = {"dzh": "J", "zh": "J", "kh": "H", "gh": "g", "h": "H", "x": "ks", "q": "k",
           "w": "v"}  # fmt: skip
_RULE = re.compile(r"dzh|zh|kh|gh|yo|[hxqwjy]")
_I_RUN = re.compile(r"i{2,}")


def _sound(m: re.Match[str]) -> str:
    """One letter or digraph of folded text, read with the letters either side of it."""
    text, s = m.group(), m.string
    if text in _SOUNDS:
        return _SOUNDS[text]
    before = s[m.start() - 1] if m.start() else ""
    after_vowel = not before.isalpha() or before in _VOWELS  # a word's start counts
    if text == "j":
        at_start = not before.isalpha()
        after = s[m.end() : m.end() + 2]
        between = before in _VOWELS and after[:1] in _VOWELS and after[1:2].isalpha()
        return "J" if at_start or between else "i"
    if text == "yo":
        return "io" if after_vowel else "e"
    return "" if after_vowel and s[m.end() : m.end() + 1] == "e" else "i"


def loose_key(folded: str) -> str:
    """The search key of folded text: each sound written one way (see the module's doc)."""
    if not folded:
        return folded
    if not folded.isascii():
        folded = folded.replace("ʹ", "").replace("ʺ", "")
    return _I_RUN.sub("i", _RULE.sub(_sound, folded))


def script_fold(text: str) -> str:
    """Case, accents and script folded at once: the search key of any text, Cyrillic or
    Latin in any common romanisation (`latin_digraphs`, `fold`, `key_latin`, `loose_key`).
    Folding first makes й и and ё е, as accents fold; their keys are the same."""
    return loose_key(key_latin(fold(latin_digraphs(text))))


@lru_cache(maxsize=65536)
def script_fold_word(word: str) -> str:
    return script_fold(word)
