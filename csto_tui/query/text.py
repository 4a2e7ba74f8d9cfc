"""Search text: folding, tokens, query parsing and highlight spans.

Search is case-, accent- and script-insensitive and word-prefix based: each query word's
loose key (`csto_tui.model.scripts`: 'Жап', 'Zhap' and 'Jap' are one key) must begin the
key of some word of the event's text; a "quoted phrase" must match consecutive words.
Tokens are folded words (ISO 9's ž č š ŝ as zh ch sh shch); the index and the matching
compare their keys (`word_keys`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from csto_tui.model.countries import fold
from csto_tui.model.scripts import key_latin, latin_digraphs, loose_key

_WORD = re.compile(r"\w+")
FIELD_END = "\x00"  # between fields in `field_tokens`; never part of a word
_WORD_OR_END = re.compile(r"\w+|\x00")
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """A word of the original text as `tokens` writes it."""
    return fold(latin_digraphs(word))


@lru_cache(maxsize=131072)
def word_key(token: str) -> str:
    """The loose key of a token: what search compares. Cached: words repeat, and folding
    per word is what keeps the index of 100k events cheap."""
    return loose_key(key_latin(token))


# A search word ending in a letter whose reading the next letter decides also stands for
# those readings: 'tokay' for 'tokaye' (Tokayev: y before e is dropped), 'fy' for 'fyo'
# (Fyodor: e), 'taj' for 'taja…' (Tajik: j between vowels is zh, the 'ab' dropped again),
# 'худ' for 'худж' (Худжанд: дж is zh). (suffix, letters of its key to drop after)
_NEXT: dict[str, tuple[tuple[str, int], ...]] = {
    "y": (("e", 0), ("o", 0)), "j": (("ab", 2),), "д": (("ж", 0),),
}  # fmt: skip


@lru_cache(maxsize=16384)
def word_keys(word: str) -> tuple[str, ...]:
    """The keys a search word (a token) begins: its own, and for a word ending in y, j or
    д the keys it has once the next letter is typed; none of them begins another."""
    keys = [word_key(word)]
    # A lone 'д' stays d: read as дж too, it would find every ж word ('Жапаров').
    for suffix, drop in _NEXT.get(word[-1:], ()) if word != "д" else ():
        key = word_key(word + suffix)
        keys.append(key[: len(key) - drop])
    keys.sort(key=len)
    out: list[str] = []
    for key in keys:
        if not any(key.startswith(k) for k in out):
            out.append(key)
    return tuple(out)


def key_begins(key: str, word: str) -> bool:
    """Whether a token's key begins with one of a search word's keys."""
    return any(key.startswith(k) for k in word_keys(word))


def tokens(text: str) -> list[str]:
    """Folded words of a text, in order."""
    return _WORD.findall(fold(latin_digraphs(text)))


def field_tokens(texts: Iterable[str]) -> list[str]:
    """The `tokens` of each text, each text's followed by FIELD_END: one fold and one scan
    for all of an event's fields (folding is character by character, so folding the
    joined texts is joining the folded ones)."""
    return _WORD_OR_END.findall(fold(latin_digraphs("".join(t + FIELD_END for t in texts))))


@dataclass(frozen=True, slots=True)
class Terms:
    """A parsed search: loose words, and phrases (each a tuple of words)."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def all_words(self) -> tuple[str, ...]:
        return self.words + tuple(w for p in self.phrases for w in p)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def parse_terms(text: str) -> Terms:
    """'opium "operation channel"' → words ('opium',), phrases (('operation', 'channel'),).

    An unclosed quote still counts as a phrase, so typing works mid-phrase.
    """
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for quoted, loose in _TERM.findall(text):
        if loose:
            words.extend(tokens(loose))
        else:
            parts = tuple(tokens(quoted))
            if len(parts) == 1:
                words.extend(parts)
            elif parts:
                phrases.append(parts)
    return Terms(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(phrases)))


def has_phrase(field_tokens: list[str], phrase: tuple[str, ...]) -> bool:
    """Consecutive words whose keys each begin with a key of the phrase's word, in order
    (the definition the index's positions answer)."""
    n = len(phrase)
    keys = list(map(word_key, field_tokens))
    for i in range(len(keys) - n + 1):
        if all(key_begins(keys[i + j], phrase[j]) for j in range(n)):
            return True
    return False


def _text_words(text: str) -> list[tuple[int, str]]:
    """(offset, word) in the original text, cut where `tokens` cuts the folded text.

    Folding drops combining marks, so in decomposed text ('u' + U+0308) a mark must not
    end a word: it counts as a word character here, as if it were already folded away.
    """
    shadow = text
    if not text.isascii():
        shadow = "".join("a" if unicodedata.combining(c) else c for c in text)
    return [(m.start(), text[m.start() : m.end()]) for m in _WORD.finditer(shadow)]


def spans(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Character spans of `text` (original, unfolded) that the search words begin.

    Each span covers the matched prefix of a word, so 'chan' highlights 'Chan' in 'Channel',
    'japa' 'Zhapa' in 'Zhaparov' and 'zhap' 'Жап' in 'Жапаров'.
    """
    wanted = [(w, k) for w in terms.all_words for k in word_keys(w)]
    if not wanted:
        return []
    out: list[tuple[int, int]] = []
    for start, word in _text_words(text):
        folded = fold_word(word)
        key = word_key(folded)
        hits = [(w, k) for w, k in wanted if key.startswith(k)]
        if not hits:
            continue
        best, best_key = max(hits, key=lambda h: (folded.startswith(h[0]), len(h[0])))
        k = 1
        if folded.startswith(best):  # spelt as the data spells it: as many folded letters
            while k < len(word) and len(fold_word(word[:k])) < len(best):
                k += 1
        else:  # another spelling: the shortest piece whose key holds the query word's
            while k < len(word) and not word_key(fold_word(word[:k])).startswith(best_key):
                k += 1
        while k < len(word) and unicodedata.combining(word[k]):
            k += 1  # keep a decomposed accent with its letter
        out.append((start, start + k))
    return out
