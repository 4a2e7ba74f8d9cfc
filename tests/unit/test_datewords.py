"""Dates in words for the timeline's column (date_style = "words")."""

from __future__ import annotations

import pytest

from csto_tui.model.dates import parse_edtf
from csto_tui.model.datewords import fit_date, words_label


@pytest.mark.parametrize(
    ("edtf", "words"),
    [
        ("2018-05-28", "28 May 2018"),
        ("2018-05", "May 2018"),
        ("2018", "2018"),
        ("2018-05-28/2018-06-01", "28 May→1 Jun 2018"),  # one year: named once
        ("2017-12-30/2018-01-02", "30 Dec 2017→2 Jan 2018"),
        ("2003/..", "2003→"),
        ("../2018-06-02", "→2 Jun 2018"),
        ("2018-05-27/", "27 May 2018→unknown"),
        ("2025-06-19?/2025-06-30?", "19 Jun?→30 Jun 2025?"),  # the marks stay
        ("2018~", "2018~"),
        ("199X", "1990s"),
        ("2018-21", "spring 2018"),
    ],
)
def test_words(edtf: str, words: str) -> None:
    assert words_label(parse_edtf(edtf)) == words


def test_ascii_arrow_and_fitting() -> None:
    d = parse_edtf("2018-05-28/2018-06-01")
    assert words_label(d, ascii=True) == "28 May->1 Jun 2018"
    assert fit_date(d, 18, "words") == "28 May→1 Jun 2018"
    assert fit_date(d, 10, "words") == "2018"  # too long in words: the EDTF label, shortened
    assert fit_date(d, 18, "edtf") == "2018-05-28→06-01"
