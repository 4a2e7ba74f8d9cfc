"""Search text: folding, tokens, query parsing and highlight spans.

Search is case- and accent-insensitive and word-prefix based: each query word must begin
some word of the event's text; a "quoted phrase" must match consecutive words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from csto_tui.model.countries import fold

_WORD = re.compile(r"\w+")
FIELD_END = "\x00"  # between fields in `field_tokens`; never part of a word
_WORD_OR_END = re.compile(r"\w+|\x00")
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    return fold(word)


def tokens(text: str) -> list[str]:
    """Folded words of a text, in order."""
    return _WORD.findall(fold(text))


def field_tokens(texts: Iterable[str]) -> list[str]:
    """The `tokens` of each text, each text's followed by FIELD_END: one fold and one scan
    for all of an event's fields (folding is character by character, so folding the
    joined texts is joining the folded ones)."""
    return _WORD_OR_END.findall(fold("".join(t + FIELD_END for t in texts)))


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
    """Consecutive words each beginning with the phrase's words, in order."""
    n = len(phrase)
    for i in range(len(field_tokens) - n + 1):
        if all(field_tokens[i + j].startswith(phrase[j]) for j in range(n)):
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

    Each span covers the matched prefix of a word, so 'chan' highlights 'Chan' in 'Channel'.
    """
    wanted = terms.all_words
    if not wanted:
        return []
    out: list[tuple[int, int]] = []
    for start, word in _text_words(text):
        folded = fold_word(word)
        best = max((w for w in wanted if folded.startswith(w)), key=len, default=None)
        if best is None:
            continue
        k = 1
        while k < len(word) and len(fold_word(word[:k])) < len(best):
            k += 1
        while k < len(word) and unicodedata.combining(word[k]):
            k += 1  # keep a decomposed accent with its letter
        out.append((start, start + k))
    return out
