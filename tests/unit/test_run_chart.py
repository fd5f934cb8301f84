"""Run charts: the IHI shift and trend rules on hand-made series (points on the median, equal neighbours), the
words a team reads under a chart, and the chart drawn from the same data on screen and in the PDF."""
from __future__ import annotations

from datetime import date

from worksheets import run_chart as rc
from worksheets.content import RefLine


def months(n: int, start: date = date(2028, 1, 1)) -> list[date]:
    out, y, m = [], start.year, start.month
    for _ in range(n):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def shifts(values, centre):
    return rc.shifts(months(len(values)), values, centre)


def trends(values):
    return rc.trends(months(len(values)), values)


# ---- shifts --------------------------------------------------------------------------------

def test_six_points_above_the_median_are_a_shift_five_are_not():
    # centre 4: Jan-Apr 2028 alternate below; May-Oct (6 points) above; Nov-Dec below
    found = shifts([1, 2, 1, 2, 5, 6, 7, 5, 6, 8, 1, 2], 4)
    assert [(s.kind, s.direction, s.points, s.start, s.end) for s in found] == [
        ("shift", "above", 6, date(2028, 5, 1), date(2028, 10, 1))]
    assert shifts([1, 2, 5, 6, 7, 5, 6, 1], 4) == []  # only 5 above in a row


def test_a_point_on_the_median_neither_breaks_nor_counts():
    # 5 6 [4] 7 5 6 8 with centre 4: six points above, the one on the median skipped, Jan-Jul
    (s,) = shifts([5, 6, 4, 7, 5, 6, 8], 4)
    assert (s.direction, s.points, s.skipped, s.start, s.end) == ("above", 6, 1, date(2028, 1, 1), date(2028, 7, 1))
    assert s.text() == "Shift: 6 months above the median, Jan-Jul 2028 (1 month on the median not counted)."
    # five above, one on the median: still only five counted -> no shift
    assert shifts([5, 6, 4, 7, 5, 6], 4) == []


def test_a_point_on_the_other_side_breaks_a_shift():
    # 3 above, one below, 3 above: no run of 6
    assert shifts([5, 5, 5, 3, 5, 5, 5], 4) == []


def test_a_shift_below_the_median_across_a_year_end():
    found = rc.shifts(months(8, date(2027, 9, 1)), [9, 9, 3, 2, 3, 1, 2, 3], 5)
    # Nov 2027 to Apr 2028 below 5: six points
    assert [s.text() for s in found] == ["Shift: 6 months below the median, Nov 2027-Apr 2028."]


# ---- trends --------------------------------------------------------------------------------

def test_five_points_going_up_are_a_trend_four_are_not():
    (t,) = trends([1, 2, 3, 4, 5])
    assert (t.kind, t.direction, t.points, t.start, t.end) == ("trend", "up", 5, date(2028, 1, 1), date(2028, 5, 1))
    assert trends([1, 2, 3, 4]) == []
    assert trends([3, 1, 2, 3, 4]) == []  # 1 2 3 4 is only four rising points


def test_equal_neighbours_neither_break_nor_count_a_trend():
    # 1 2 2 3 4 5: the second 2 is not counted, five points rise (Feb's 2 is the one counted; Jan-Jun)
    (t,) = trends([1, 2, 2, 3, 4, 5])
    assert (t.points, t.skipped, t.start, t.end) == (5, 1, date(2028, 1, 1), date(2028, 6, 1))
    assert t.text() == ("Trend: 5 months rising in a row, Jan-Jun 2028 (1 month equal to the month before not "
                        "counted).")
    # 1 2 2 3 4: only four distinct rising points -> no trend
    assert trends([1, 2, 2, 3, 4]) == []
    # a tie at the start: 1 1 2 3 4 5 starts from the second 1 (Feb), five points, nothing skipped inside
    (t,) = trends([1, 1, 2, 3, 4, 5])
    assert (t.points, t.skipped, t.start, t.end) == (5, 0, date(2028, 2, 1), date(2028, 6, 1))


def test_a_trend_down_and_a_peak_shared_by_two_trends():
    # 9 8 7 6 5 5 4: six falling points (the second 5 not counted), Jan-Jul
    (t,) = trends([9, 8, 7, 6, 5, 5, 4])
    assert (t.direction, t.points, t.skipped) == ("down", 6, 1)
    # 1 2 3 4 5 4 3 2 1: up Jan-May, down May-Sep (the peak counts in both)
    up, down = trends([1, 2, 3, 4, 5, 4, 3, 2, 1])
    assert (up.direction, up.start, up.end) == ("up", date(2028, 1, 1), date(2028, 5, 1))
    assert (down.direction, down.start, down.end) == ("down", date(2028, 5, 1), date(2028, 9, 1))


# ---- the chart and its words -----------------------------------------------------------------

def _build(metric, values, start=date(2028, 1, 1), target=None, launch=date(2027, 5, 3)):
    ms = months(len(values), start)
    return rc.build(metric, list(zip(ms, values)), target or (lambda m: None), launch)


def test_two_shifts_called_out_in_words_with_the_direction_that_is_better():
    # 14 months: Jan-Jul 2028 high (30-34), Aug 2028-Feb 2029 low (19-22). Median of the 14 = (30 + 22) / 2 = 26.
    high = [30, 32, 31, 33, 30, 34, 32]
    low = [20, 22, 21, 19, 20, 22, 21]
    chart = _build("contact_30d_pct", high + low)
    assert chart.median == 26
    assert chart.words() == [
        "Shift: 7 months above the median, Jan-Jul 2028: more than chance, in the right direction.",
        "Shift: 7 months below the median, Aug 2028-Feb 2029: more than chance, in the wrong direction; look at "
        "what changed.",
    ]


def test_lower_is_better_turns_the_meaning_round():
    # not improving at 10 weeks falls 12 11 10 9 8 then holds 8 ... : median 8 (10 values: 12 11 10 9 8 8 8 8 8 8)
    chart = _build("not_improving_10wk", [12, 11, 10, 9, 8, 8, 8, 8, 8, 8])
    assert chart.median == 8
    assert chart.words() == ["Trend: 5 months falling in a row, Jan-May 2028: more than chance, in the right "
                             "direction."]


def test_fewer_than_ten_points_say_signals_need_more_months_and_still_draw():
    chart = _build("active_caseload", [10, 20, 30, 40, 50, 60, 70, 80])  # 8 points rising: a trend, but too few
    assert chart.signals == ()
    assert chart.words() == ["Run-chart signals need at least 10 months; 8 months logged so far. Keep logging: the "
                             "chart is drawn meanwhile."]
    drawn = rc.chart(chart)
    assert len(drawn.series[0].y) == 8
    assert drawn.series[0].x[0] == 9.0  # Jan 2028 is month 9 of a program launched in May 2027


def test_ordinary_variation_is_said_to_be_so():
    chart = _build("active_caseload", [10, 12, 9, 11, 10, 13, 9, 12, 10, 11])
    assert chart.signals == ()
    assert chart.words() == ["No shift or trend: the ups and downs so far look like ordinary month-to-month "
                             "variation."]


def test_one_target_for_every_month_is_a_line_with_the_median():
    chart = rc.chart(_build("contact_30d_pct", [70, 72, 74], target=lambda m: 75.0))
    assert chart.ref_lines == (RefLine("y", 72.0, "Median 72%"), RefLine("y", 75.0, "Target 75%"))
    assert [s.name for s in chart.series] == ["Contacted in 30 days"]
    assert chart.y_format == "percent"
    assert chart.x_label == "Month of the program (month 1 = May 2027, the launch month)"


def test_a_target_that_changes_by_program_year_is_a_step_line():
    # launch May 2027: Mar and Apr 2028 are months 11 and 12 (year 1, target 75), May-Jul 2028 months 13-15
    # (year 2, target 80). The step sits half way between month 12 and 13.
    by_year = {1: 75.0, 2: 80.0}
    from worksheets.metrics import program_year
    chart = rc.chart(_build("contact_30d_pct", [70, 72, 74, 79, 81], start=date(2028, 3, 1),
                            target=lambda m: by_year.get(program_year(m, date(2027, 5, 3)))))
    values, target = chart.series
    assert values.x == (11.0, 12.0, 13.0, 14.0, 15.0)
    assert (target.name, target.x, target.y) == ("Target", (10.5, 12.5, 12.5, 15.5), (75.0, 75.0, 80.0, 80.0))
    assert chart.ref_lines == (RefLine("y", 74.0, "Median 74%"),)


def test_a_year_without_a_target_breaks_the_target_line():
    # Mar-Apr 2028 year 1 (60), May 2028 - Apr 2029 year 2 (none), May 2029 year 3 (70)
    by_year = {1: 60.0, 2: None, 3: 70.0}
    from worksheets.metrics import program_year
    chart = rc.chart(_build("phq9_response_pct", [50] * 15, start=date(2028, 3, 1),
                            target=lambda m: by_year.get(program_year(m, date(2027, 5, 3)))))
    names = [s.name for s in chart.series]
    assert names == ["PHQ-9 response", "Target (1)", "Target (2)"]
    assert chart.series[1].y == (60.0, 60.0) and chart.series[2].y == (70.0, 70.0)


def test_without_a_launch_date_month_one_is_the_first_month_logged():
    chart = _build("active_caseload", [5, 6], start=date(2027, 11, 1), launch=None)
    assert chart.xs == (1.0, 2.0)
    assert rc.x_label(chart) == "Month (month 1 = Nov 2027, the first month logged)"


def test_month_labels_and_ticks():
    assert rc.span_label(date(2028, 1, 1), date(2028, 7, 1)) == "Jan-Jul 2028"
    assert rc.span_label(date(2027, 11, 1), date(2028, 4, 1)) == "Nov 2027-Apr 2028"
    chart = _build("active_caseload", list(range(36)), start=date(2027, 5, 1))
    xs, labels = chart.tick_labels()
    assert len(labels) == 12 and labels[0] == "May 27" and labels[1] == "Aug 27"  # every third month of 36
    assert xs[0] == 1.0
