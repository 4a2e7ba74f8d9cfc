"""The time axis' scale: columns of days, labels that follow the zoom, an event's columns."""

from __future__ import annotations

from datetime import date

import pytest

from csto_tui.model.dates import parse_edtf
from csto_tui.query.timescale import Mark, Run, Scale, Zoom, extent, layout


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def marks(text: str, scale: Scale) -> list[tuple[int, int, str]]:
    return [(r.start, r.end, r.mark.value) for r in layout(extent(parse_edtf(text)), scale)]


def drawn(text: str, scale: Scale) -> set[int]:
    return {c for r in layout(extent(parse_edtf(text)), scale) for c in range(r.start, r.end)}


@pytest.mark.parametrize(
    ("zoom", "words"),
    [
        (Zoom.DECADE, ["2000", "2010", "2020"]),
        (Zoom.YEAR, ["2017", "2018", "2019"]),
        (Zoom.MONTH, ["2018-05", "2018-06", "2018-07"]),
        (Zoom.DAY, ["05-28", "05-30", "06-01"]),
    ],
)
def test_labels_follow_the_zoom(zoom: Zoom, words: list[str]) -> None:
    line = Scale.around(zoom, day("2018-05-30"), 56).label_line()
    assert len(line) == 56
    for word in words:
        assert word in line.split(), line


def test_a_label_starts_at_its_day_column() -> None:
    scale = Scale.around(Zoom.YEAR, day("2018-06-01"), 40)
    line = scale.label_line()
    assert line.index("2018") == scale.column(day("2018-01-01"))
    assert line.index("2019") == scale.column(day("2019-01-01"))


def test_labels_never_run_into_each_other_or_past_the_edge() -> None:
    for zoom in Zoom:
        for width in (7, 13, 31, 56):
            line = Scale.around(zoom, day("2018-05-30"), width).label_line()
            assert len(line) == width
            assert all(len(word) in (4, 5, 7) for word in line.split()), (zoom, line)


def test_panning_moves_the_labels_by_whole_columns() -> None:
    scale = Scale.around(Zoom.YEAR, day("2018-06-01"), 40)
    moved = scale.panned(scale.step)
    assert scale.step == 10
    assert moved.column(day("2018-01-01")) == scale.column(day("2018-01-01")) - 10
    assert moved.label_line() != scale.label_line()
    assert moved.panned(-scale.step).label_line() == scale.label_line()


def test_zoom_keeps_the_given_day_in_the_middle_and_stops_at_the_ends() -> None:
    target = day("2018-05-28")
    scale = Scale.around(Zoom.DECADE, day("2003-01-01"), 50)
    for _ in range(3):
        scale = scale.zoomed(1, target)
        assert abs(scale.column(target) - 25) <= 1
    assert scale.zoom is Zoom.DAY
    assert scale.zoomed(1, target).zoom is Zoom.DAY
    assert Scale.around(Zoom.DECADE, target, 50).zoomed(-1).zoom is Zoom.DECADE


def test_a_decade_column_is_a_calendar_year() -> None:
    scale = Scale.around(Zoom.DECADE, day("2010-01-01"), 40)
    for year in (2003, 2006, 2018, 2025):
        assert scale.column(day(f"{year}-01-01")) == scale.column(day(f"{year}-12-31"))
        assert scale.column(day(f"{year + 1}-01-01")) == scale.column(day(f"{year}-01-01")) + 1


def test_an_open_end_runs_to_the_window_edge_with_an_arrow() -> None:
    scale = Scale.around(Zoom.DECADE, day("2010-01-01"), 40)
    start = scale.column(day("2003-01-01"))
    assert marks("2003/..", scale) == [(start, 39, "bar"), (39, 40, "open_end")]
    end = scale.column(day("2018-06-02"))
    assert marks("../2018-06-02", scale) == [(0, 1, "open_start"), (1, end + 1, "bar")]


def test_operation_channel_overlaps_its_2018_stages_at_every_zoom() -> None:
    for zoom in Zoom:
        scale = Scale.around(zoom, day("2018-05-30"), 40)
        stage = drawn("2018-05-28/2018-06-01", scale)
        assert stage and stage <= drawn("2003/..", scale), zoom


def test_an_unknown_end_fades_after_the_known_one() -> None:
    scale = Scale.around(Zoom.MONTH, day("2018-05-27"), 40)
    c = scale.column(day("2018-05-27"))
    assert marks("2018-05-27/", scale) == [(c, c + 1, "day"), (c + 1, c + 4, "unknown")]
    assert marks("/2018-05-27", scale) == [(c - 3, c, "unknown"), (c, c + 1, "day")]


def test_a_single_coarse_date_is_a_bracketed_span_or_one_mark() -> None:
    year = Scale.around(Zoom.YEAR, day("2006-06-01"), 40)
    a, b = year.column(day("2006-01-01")), year.column(day("2006-12-31"))
    assert marks("2006", year) == [(a, a + 1, "span_start"), (a + 1, b, "span"),
                                   (b, b + 1, "span_end")]  # fmt: skip
    decade = Scale.around(Zoom.DECADE, day("2006-06-01"), 40)
    assert [m for *_, m in marks("2006", decade)] == ["day"]
    assert [m for *_, m in marks("2018-05-28/2018-06-01", decade)] == ["day"]


def test_an_interval_is_a_bar_from_its_first_to_its_last_day() -> None:
    scale = Scale.around(Zoom.DAY, day("2018-05-30"), 60)
    a, b = scale.column(day("2018-05-28")), scale.column(day("2018-06-01"))
    assert marks("2018-05-28/2018-06-01", scale) == [(a, b + 1, "bar")]
    assert b - a == 12  # three columns a day


def test_qualified_dates_say_so() -> None:
    assert extent(parse_edtf("2025-06-19?/2025-06-30?")).qualified
    assert extent(parse_edtf("2018~")).qualified
    assert not extent(parse_edtf("2018")).qualified


def test_an_event_off_the_window_is_one_mark_at_that_edge() -> None:
    scale = Scale.around(Zoom.MONTH, day("2018-05-30"), 40)
    assert layout(extent(parse_edtf("2025-06-30")), scale) == [Run(39, 40, Mark.AFTER)]
    assert layout(extent(parse_edtf("2006")), scale) == [Run(0, 1, Mark.BEFORE)]
    assert layout(extent(parse_edtf("../2006")), scale) == [Run(0, 1, Mark.BEFORE)]


def test_showing_moves_the_window_only_when_the_event_is_off_it() -> None:
    scale = Scale.around(Zoom.MONTH, day("2018-05-30"), 40)
    assert scale.showing(extent(parse_edtf("2018-06-01"))) is scale
    assert scale.showing(extent(parse_edtf("2003/.."))) is scale  # open: reaches it
    moved = scale.showing(extent(parse_edtf("2025-06-30")))
    assert moved.zoom is Zoom.MONTH and 0 <= moved.column(day("2025-06-30")) < 40


def test_resizing_keeps_the_middle_day() -> None:
    scale = Scale.around(Zoom.YEAR, day("2018-05-30"), 40)
    wider = scale.resized(80)
    assert wider.columns == 80 and abs(wider.centre - scale.centre) <= 31
    assert scale.resized(40) is scale
