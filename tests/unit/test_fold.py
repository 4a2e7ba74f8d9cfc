"""Accent folding works on runs of non-ASCII characters: it must equal the plain
definition (NFKD, drop every combining character, casefold) on any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from csto_tui.model.folding import _UNDECOMPOSED, fold


def _reference(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@settings(max_examples=500)
def test_fold_equals_the_reference(text: str) -> None:
    assert fold(text) == _reference(text)


def test_fold_examples() -> None:
    assert fold("Türkiye") == fold("TURKIYE") == "turkiye"
    assert fold("Łódź") == "lodz"
    assert fold("Чолпон-Ата") == "чолпон-ата"
    assert fold("e\u0301") == "e"  # a decomposed accent too
    assert fold("Straße İstanbul") == "strasse istanbul"
