"""The registry-export import (planning.registry_import): read, map, check and compute, as a care manager would.

The hand-made export below (EXPORT), as of Wednesday 31 March 2027 (ACTIVE = statuses T, Active and RPP):

  row  id   status      PHQ-9   GAD-7  PCL-5  I/A       F/U       P/C       RPP      min
   2   P01  T           12->6   10->5  31->21 1/21/27   3/2/27    2/1/27             31
   3   P02  Active      13->7   8->2          1/20/27   3/1/27                       30
   4   P03  T           20->4   15->3  30->10 11/15/26  3/30/27   12/1/26            65
   5   P04  T           9->3                  3/10/27             3/17/27            36
   6   P05  T           15->                  3/3/27    3/24/27                      35
   7   P06  T           18->16         45->40 12/1/26   2/10/27   1/5/27             (blank)
   8   P07  RPP         22->9   12->8         10/4/26   3/15/27   11/1/26   2/20/27  20
   9   P08  D/C         25->25                3/5/27              3/12/27            60
  10   (an entirely blank row: skipped, but it still counts as row 10)
  11   P09  Discharged  14->3                 9/1/26    1/5/27
  12   P10  " t "                             2/14/27   3/28/27   3/1/27             40

Active: P01-P07 and P10 (" t " is T once trimmed, case ignored) = 8 patients; P08 and P09 are not active.
The 30 days up to 31 Mar 2027 run from 2 Mar to 31 Mar. 10 whole weeks = 70 days: I/A on 20 Jan 2027 or earlier.
"""
from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from planning import registry_import as ri
from planning.registry_import import ImportProblem
from worksheets.metrics import FROM_EXPORT

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "registry-export-example.csv"
AS_OF = date(2027, 3, 31)
ACTIVE = {"T", "Active", "RPP"}
HEADER = ("Patient ID,Status,PHQ-9 First,PHQ-9 Last,GAD-7 First,GAD-7 Last,PCL-5 First,PCL-5 Last,I/A Date,"
          "F/U Date,Psych Consult,RPP Date,Sessions,Minutes This Month")
EXPORT = HEADER + """
P01,T,12,6,10,5,31,21,1/21/27,3/2/27,2/1/27,,4,31
P02,Active,13,7,8,2,,,1/20/27,3/1/27,,,5,30
P03,T,20,4,15,3,30,10,11/15/26,3/30/27,12/1/26,,9,65
P04,T,9,3,,,,,3/10/27,,3/17/27,,1,36
P05,T,15,,,,,,3/3/27,3/24/27,,,2,35
P06,T,18,16,,,45,40,12/1/26,2/10/27,1/5/27,,6,
P07,RPP,22,9,12,8,,,10/4/26,3/15/27,11/1/26,2/20/27,11,20
P08,D/C,25,25,,,,,3/5/27,,3/12/27,,1,60
,,,,,,,,,,,,,
P09,Discharged,14,3,,,,,9/1/26,1/5/27,,,8,
P10, t ,,,,,,,2/14/27,3/28/27,3/1/27,,3,40
"""


def table_of(text: str, name: str = "export.csv") -> ri.RawTable:
    return ri.read_table(text.encode("utf-8"), name)


def rows_of(text: str, as_of: date = AS_OF, order: str | None = "MDY") -> list[ri.PatientRow]:
    table = table_of(text)
    return ri.parse(table, ri.guess_mapping(table.columns), order, as_of)


def figures(text: str = EXPORT, as_of: date = AS_OF, active=ACTIVE, g0512: bool = False) -> dict[str, ri.Figure]:
    return ri.compute(rows_of(text, as_of), as_of, active, g0512)


def problems(text: str, as_of: date = AS_OF, order: str | None = "MDY") -> list[str]:
    with pytest.raises(ImportProblem) as info:
        rows_of(text, as_of, order)
    return info.value.messages


def refused(raw: bytes, name: str = "export.csv", sheet: str | None = None) -> list[str]:
    with pytest.raises(ImportProblem) as info:
        ri.read_table(raw, name, sheet)
    return info.value.messages


def one_row(cells: str, header: str = HEADER) -> str:
    """A whole export of one patient row: `cells` fills the first columns, the rest stay blank."""
    n = header.count(",") + 1
    values = cells.split(",")
    return header + "\n" + ",".join(values + [""] * (n - len(values))) + "\n"


# --------------------------------------------------------------------------------------- the hand-made export


def test_the_hand_made_export_reads_as_written():
    table = table_of(EXPORT)
    assert table.delimiter_name == "comma" and table.sheets == () and table.header_row == 1
    assert table.columns[:3] == ["Patient ID", "Status", "PHQ-9 First"]
    rows = rows_of(EXPORT)
    # 11 rows under the header, one of them entirely blank: 10 patients, numbered as the spreadsheet shows them
    assert [r.patient_id for r in rows] == [f"P{i:02d}" for i in range(1, 11)]
    assert [r.row for r in rows] == [2, 3, 4, 5, 6, 7, 8, 9, 11, 12]
    p01 = rows[0]
    assert (p01.phq9_first, p01.phq9_last, p01.ia_date, p01.fu_date, p01.minutes_this_month) == (
        12, 6, date(2027, 1, 21), date(2027, 3, 2), 31)
    assert rows[5].minutes_this_month is None and rows[4].phq9_last is None  # blank optional cells are fine


def test_every_export_metric_gets_a_figure():
    assert set(figures()) == set(FROM_EXPORT)


def test_active_caseload_counts_the_ticked_statuses_trimmed_and_case_ignored():
    # T: P01, P03, P04, P05, P06 and P10 (" t "); Active: P02; RPP: P07 -> 8. D/C and Discharged are not active.
    f = figures()["active_caseload"]
    assert (f.value, f.numerator, f.denominator) == (8, 8, None)
    # only "rpp" ticked, in another case: P07 alone
    assert figures(active={" rpp "})["active_caseload"].value == 1


def test_new_enrollments_count_every_row_with_an_initial_assessment_in_the_month_active_or_not():
    # I/A in March 2027: P04 (3/10), P05 (3/3) and P08 (3/5, discharged but still a new enrollment) -> 3
    f = figures()["new_enrollments"]
    assert (f.value, f.numerator) == (3, 3)
    assert "active or not" in f.note


def test_contacted_in_the_last_30_days():
    # latest of I/A and F/U, inside 2 Mar .. 31 Mar:
    # P01 3/2 yes (the first day of the window), P02 3/1 no (30 days before), P03 3/30 yes, P04 I/A 3/10 yes
    # (no follow-up yet), P05 3/24 yes, P06 2/10 no, P07 3/15 yes, P10 3/28 yes -> 6 of 8 = 75.0%
    f = figures()["contact_30d_pct"]
    assert (f.value, f.numerator, f.denominator) == (75.0, 6, 8)
    assert "2 Mar 2027" in f.note and "31 Mar 2027" in f.note


def test_baseline_recorded():
    # every active patient but P10 has a first PHQ-9: 7 of 8 = 87.5%
    f = figures()["baseline_pct"]
    assert (f.value, f.numerator, f.denominator) == (87.5, 7, 8)


def test_reviewed_by_the_consultant():
    # a P/C date: P01, P03, P04, P06, P07, P10 (P02 and P05 blank) -> 6 of 8 = 75.0%
    f = figures()["consultant_reviewed_pct"]
    assert (f.value, f.numerator, f.denominator) == (75.0, 6, 8)


def test_phq9_response_and_remission():
    # measurable (first 10 or more) active: P01 12, P02 13, P03 20, P05 15, P06 18, P07 22 -> 6 (P04 has 9, P10 none)
    # response (last at most half the first): P01 6 <= 6 yes (exactly half), P02 7 > 6.5 no, P03 4 yes,
    #   P05 no last score (stays in the denominator, not a response), P06 16 no, P07 9 <= 11 yes -> 3 of 6 = 50.0%
    # remission (last under 5): P03 only -> 1 of 6 = 16.666.. -> 16.7%
    f = figures()
    assert (f["phq9_response_pct"].value, f["phq9_response_pct"].numerator,
            f["phq9_response_pct"].denominator) == (50.0, 3, 6)
    assert (f["phq9_remission_pct"].value, f["phq9_remission_pct"].numerator,
            f["phq9_remission_pct"].denominator) == (16.7, 1, 6)
    assert "1 measurable patient with no last score" in f["phq9_response_pct"].note


def test_not_improving_at_10_weeks():
    # measurable, 70 days or more since I/A, no response: P02 (I/A 1/20/27 = exactly 70 days, 7 > 6.5) and
    # P06 (12/1/26, 120 days, 16 > 9). P01 is at 69 days (and a response); P03 and P07 are responses; P05 is new.
    f = figures()["not_improving_10wk"]
    assert (f.value, f.numerator, f.denominator) == (2, 2, None)


def test_gad7_response_and_remission():
    # measurable (first 10 or more) active: P01 10, P03 15, P07 12 (P02's 8 is not) -> 3
    # response: P01 5 <= 5 yes (exactly half), P03 3 yes, P07 8 > 6 no -> 2 of 3 = 66.7%
    # remission (under 5): P03 3 yes; P01's 5 is not under 5 -> 1 of 3 = 33.3%
    f = figures()
    assert (f["gad7_response_pct"].value, f["gad7_response_pct"].numerator) == (66.7, 2)
    assert (f["gad7_remission_pct"].value, f["gad7_remission_pct"].numerator,
            f["gad7_remission_pct"].denominator) == (33.3, 1, 3)


def test_pcl5_improved():
    # measurable (first 31 or more): P01 31 (exactly) and P06 45; P03's 30 is not measurable -> 2
    # improved (10 points or more lower): P01 31 -> 21 yes (exactly 10), P06 45 -> 40 no -> 1 of 2 = 50.0%
    f = figures()["pcl5_improved_pct"]
    assert (f.value, f.numerator, f.denominator) == (50.0, 1, 2)


def test_billing_minimum_met_standard_codes():
    # I/A in March (first month, 36 needed): P04 36 yes, P05 35 no
    # other months (31 needed): P01 31 yes, P02 30 no, P03 65 yes, P06 blank = 0 no, P07 20 no, P10 40 yes
    # -> P01, P03, P04, P10 = 4 of 8 = 50.0%
    f = figures()["billing_minimum_pct"]
    assert (f.value, f.numerator, f.denominator) == (50.0, 4, 8)
    assert "36" in f.note and "31" in f.note


def test_billing_minimum_met_with_g0512():
    # 70 in the first month, else 60: only P03 (65 >= 60) -> 1 of 8 = 12.5%
    f = figures(g0512=True)["billing_minimum_pct"]
    assert (f.value, f.numerator, f.denominator) == (12.5, 1, 8)
    assert "70" in f.note and "60" in f.note


def test_mean_minutes_counts_blank_minutes_as_zero():
    # 31 + 30 + 65 + 36 + 35 + 0 (P06 blank) + 20 + 40 = 257 over 8 active = 32.125 -> 32.1
    f = figures()["mean_minutes"]
    assert (f.value, f.numerator, f.denominator) == (32.1, 257, 8)
    assert "1 active patient with no minutes recorded counts as 0" in f.note


# --------------------------------------------------------------------------------------- boundaries


def test_the_30_day_window_includes_day_29_and_excludes_day_30():
    # as of 31 Mar: 2 Mar is 29 days back (in), 1 Mar 30 days back (out), 31 Mar itself in
    text = HEADER + "\nA,T,,,,,,,1/1/27,3/2/27,,,,\nB,T,,,,,,,1/1/27,3/1/27,,,,\nC,T,,,,,,,3/31/27,,,,,\n"
    f = figures(text)["contact_30d_pct"]
    assert (f.numerator, f.denominator) == (2, 3)


def test_ten_weeks_is_70_days_since_the_initial_assessment():
    # first 20, last 20 (no response). 20 Jan -> 31 Mar = 70 days = 10 weeks: counted; 21 Jan = 69 days: not
    text = HEADER + "\nA,T,20,20,,,,,1/20/27,,,,,\nB,T,20,20,,,,,1/21/27,,,,,\n"
    assert figures(text)["not_improving_10wk"].value == 1


def test_a_response_is_at_most_half_exactly_half_included():
    # 12 -> 6 is exactly half (a response); 13 -> 7 is more than 6.5 (not); 10 -> 5 (a response, not a remission)
    text = HEADER + "\nA,T,12,6,,,,,1/1/27,,,,,\nB,T,13,7,,,,,1/1/27,,,,,\nC,T,10,5,,,,,1/1/27,,,,,\n"
    f = figures(text)
    assert (f["phq9_response_pct"].numerator, f["phq9_response_pct"].denominator) == (2, 3)
    assert f["phq9_remission_pct"].numerator == 0


def test_billing_minimum_36_against_35_in_the_month_of_the_initial_assessment():
    # I/A 3/1/27 (the as-of month): 36 meets, 35 does not; I/A 2/28/27 (last month): 31 meets, 30 does not
    text = (HEADER + "\nA,T,,,,,,,3/1/27,,,,,36\nB,T,,,,,,,3/1/27,,,,,35\n"
            "C,T,,,,,,,2/28/27,,,,,31\nD,T,,,,,,,2/28/27,,,,,30\n")
    f = figures(text)["billing_minimum_pct"]
    assert (f.numerator, f.denominator) == (2, 4)
    # G0512: 70 against 69 in the first month, 60 against 59 later
    text = (HEADER + "\nA,T,,,,,,,3/1/27,,,,,70\nB,T,,,,,,,3/1/27,,,,,69\n"
            "C,T,,,,,,,2/28/27,,,,,60\nD,T,,,,,,,2/28/27,,,,,59\n")
    f = figures(text, g0512=True)["billing_minimum_pct"]
    assert (f.numerator, f.denominator) == (2, 4)


def test_percentages_round_half_up_to_one_decimal():
    # 1 of 8 = 12.5 exactly; 1 of 3 = 33.33.. -> 33.3; 2 of 3 = 66.66.. -> 66.7; 1 of 16 = 6.25 -> 6.3
    rows = "".join(f"\nX{i},T,,,,,,,1/1/27,,{'3/1/27' if i == 0 else ''},,," for i in range(16))
    assert figures(HEADER + rows + "\n")["consultant_reviewed_pct"].value == 6.3


# --------------------------------------------------------------------------------------- no value, in words


def test_a_metric_whose_column_is_not_mapped_has_no_value():
    header = "Patient ID,Status,I/A Date,PHQ-9 First,PHQ-9 Last"
    f = figures(header + "\nA,T,3/1/27,15,5\n")
    for metric in ("gad7_response_pct", "gad7_remission_pct", "pcl5_improved_pct", "consultant_reviewed_pct",
                   "billing_minimum_pct", "mean_minutes", "contact_30d_pct"):
        assert (f[metric].value, f[metric].note) == (None, ri.NOT_MAPPED), metric
    assert f["phq9_response_pct"].value == 100.0  # 15 -> 5 is a response
    assert f["active_caseload"].value == 1 and f["new_enrollments"].value == 1


def test_no_measurable_patient_gives_no_value_not_zero():
    # one active patient with a first PHQ-9 of 9: nobody is measurable
    f = figures(one_row("A,T,9,3,,,,,3/1/27"))
    assert (f["phq9_response_pct"].value, f["phq9_response_pct"].denominator) == (None, 0)
    assert f["phq9_response_pct"].note == ri.NO_MEASURABLE
    assert f["pcl5_improved_pct"].note == ri.NO_MEASURABLE


def test_no_active_patient_gives_no_value():
    f = figures(active={"Nobody"})
    assert f["active_caseload"].value == 0
    assert (f["contact_30d_pct"].value, f["contact_30d_pct"].note) == (None, ri.NO_ACTIVE)
    assert (f["mean_minutes"].value, f["mean_minutes"].note) == (None, ri.NO_ACTIVE)
    assert f["new_enrollments"].value == 3  # still every row of the month


# --------------------------------------------------------------------------------------- statuses


def test_statuses_are_listed_with_counts_and_the_usual_active_ones_pre_ticked():
    table = table_of(EXPORT)
    found = ri.statuses(table, ri.guess_mapping(table.columns))
    # T: P01, P03, P04, P05, P06 and P10 (" t ") = 6; the others once each
    assert found == [("T", 6), ("Active", 1), ("D/C", 1), ("Discharged", 1), ("RPP", 1)]
    assert ri.guess_active(s for s, _ in found) == {"T", "Active", "RPP"}
    assert {"active", "a", "enrolled", "t", "in treatment"} <= ri.ACTIVE_GUESS


# --------------------------------------------------------------------------------------- column names


def test_the_usual_registry_names_map_to_every_field():
    table = table_of(EXPORT)
    assert ri.guess_mapping(table.columns) == {
        "patient_id": "Patient ID", "status": "Status", "phq9_first": "PHQ-9 First", "phq9_last": "PHQ-9 Last",
        "gad7_first": "GAD-7 First", "gad7_last": "GAD-7 Last", "pcl5_first": "PCL-5 First",
        "pcl5_last": "PCL-5 Last", "ia_date": "I/A Date", "fu_date": "F/U Date", "pc_date": "Psych Consult",
        "rpp_date": "RPP Date", "sessions": "Sessions", "minutes_this_month": "Minutes This Month"}


def test_renamed_columns_are_guessed():
    columns = ["MRN", "Patient Status", "Initial PHQ9", "Most recent PHQ-9", "Baseline GAD-7", "GAD7 latest",
               "pcl5_first", "Last PCL-5", "Initial Assessment", "Last F/U", "Psych Consult Date",
               "Relapse Prevention Plan", "# Sess", "Wks Since I/A", "Total minutes"]
    m = ri.guess_mapping(columns)
    assert m == {"patient_id": "MRN", "status": "Patient Status", "phq9_first": "Initial PHQ9",
                 "phq9_last": "Most recent PHQ-9", "gad7_first": "Baseline GAD-7", "gad7_last": "GAD7 latest",
                 "pcl5_first": "pcl5_first", "pcl5_last": "Last PCL-5", "ia_date": "Initial Assessment",
                 "fu_date": "Last F/U", "pc_date": "Psych Consult Date", "rpp_date": "Relapse Prevention Plan",
                 "sessions": "# Sess", "minutes_this_month": "Total minutes"}
    # "Wks Since I/A" is a count of weeks, not the initial-assessment date: left unmapped


@pytest.mark.parametrize("name, field", [
    ("phq9_first", "phq9_first"), ("PHQ 9 - FIRST", "phq9_first"), ("Baseline PHQ-9", "phq9_first"),
    ("PHQ-9 (intake)", "phq9_first"), ("Latest PHQ9 score", "phq9_last"), ("I/A", "ia_date"),
    ("Enrollment Date", "ia_date"), ("ia_date", "ia_date"), ("Last follow-up date", "fu_date"),
    ("Last contact", "fu_date"), ("P/C", "pc_date"), ("Psychiatric consultation", "pc_date"),
    ("RPP", "rpp_date"), ("Minutes this month", "minutes_this_month"), ("CM minutes (month)", "minutes_this_month"),
    ("Number of sessions", "sessions"), ("Pt ID", "patient_id"), ("Treatment status", "status"),
])
def test_one_renamed_column(name, field):
    assert ri.guess_mapping([name])[field] == name


def test_a_column_is_never_given_to_two_fields_and_unknown_columns_stay_unmapped():
    m = ri.guess_mapping(["PHQ-9", "Notes", "Clinic", "PHQ-9 First Date", "Follow-up"])
    used = [c for c in m.values() if c]
    assert len(used) == len(set(used))
    assert m["phq9_first"] is None and m["phq9_last"] is None  # "PHQ-9 First Date" is a date, "PHQ-9" says neither
    assert m["fu_date"] == "Follow-up"


# --------------------------------------------------------------------------------------- dates


def test_dates_with_a_day_above_12_tell_the_order():
    mdy = ri.date_formats(["1/24/27", "2/3/27", ""])
    assert (mdy.order, mdy.ambiguous, mdy.label) == ("MDY", False, "month/day/year (1/24/27)")
    assert mdy.note == ri.TWO_DIGIT_YEARS
    dmy = ri.date_formats(["24/1/27", "2/3/27"])
    assert (dmy.order, dmy.ambiguous, dmy.label) == ("DMY", False, "day/month/year (24/1/27)")
    dots = ri.date_formats(["24.01.2027"])
    assert (dots.order, dots.label, dots.note) == ("DMY", "day.month.year (24.01.2027)", "")
    iso = ri.date_formats(["2027-01-24", "2027-02-03"])
    assert (iso.order, iso.ambiguous) == ("YMD", False)


def test_dates_with_no_day_above_12_are_ambiguous_and_the_user_must_say():
    guess = ri.date_formats(["1/5/27", "3/4/27", "12/12/26"])
    assert (guess.order, guess.ambiguous) == (None, True)
    assert "month/day/year or day/month/year" in guess.label
    text = one_row("A,T,,,,,,,3/4/27")
    # without an answer nothing is imported; each answer reads the same cell differently
    as_of = date(2027, 4, 30)
    assert problems(text, as_of, order=None) == [
        "Choose how the file writes its dates (month/day/year or day/month/year) before importing."]
    assert rows_of(text, as_of, order="MDY")[0].ia_date == date(2027, 3, 4)
    assert rows_of(text, as_of, order="DMY")[0].ia_date == date(2027, 4, 3)


def test_two_digit_years_and_unmistakable_forms():
    # 00-69 -> 2000s, 70-99 -> 1900s; ISO, 24-Jan-2027 and a time after the date are read whatever the order
    text = (HEADER + "\nA,T,,,,,,,1/24/69,1/24/2027 14:30,24-Jan-2027,2027-01-24,,\n"
            "B,T,,,,,,,1/24/70,Jan 24, 2027,,,,\n").replace("Jan 24, 2027", '"Jan 24, 2027"')
    a, b = rows_of(text, as_of=date(2069, 12, 31), order="MDY")
    assert (a.ia_date, a.fu_date, a.pc_date, a.rpp_date) == (date(2069, 1, 24), date(2027, 1, 24),
                                                             date(2027, 1, 24), date(2027, 1, 24))
    assert (b.ia_date, b.fu_date) == (date(1970, 1, 24), date(2027, 1, 24))


def test_latest_date_offers_a_default_as_of_date():
    table = table_of(EXPORT)
    # the latest date in the date columns: P03's follow-up on 3/30/27
    assert ri.latest_date(table, ri.guess_mapping(table.columns), "MDY") == date(2027, 3, 30)


# --------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("delimiter, name", [(";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
def test_another_delimiter_is_detected_and_read_the_same(delimiter, name):
    text = EXPORT.replace(",", delimiter)
    table = table_of(text)
    assert table.delimiter_name == name
    assert table.rows == table_of(EXPORT).rows
    assert figures(text)["phq9_response_pct"].value == 50.0  # as with commas


def test_semicolons_with_decimal_commas_inside_values_still_split_on_semicolons():
    text = 'Patient ID;Status;I/A Date;Note\nA;T;3/1/27;"fine, stable"\nB;T;3/2/27;1,5 h\n'
    table = table_of(text)
    assert table.delimiter == ";" and table.rows[1] == ["B", "T", "3/2/27", "1,5 h"]


def test_a_missing_required_column_is_named_in_words():
    text = "Patient ID,Status,PHQ-9 First\nA,T,12\n"
    assert problems(text) == ["Choose the column that holds the initial assessment date: it is needed for the "
                              "figures."]


def test_a_phq9_of_31_is_named_by_row_and_column():
    text = EXPORT.replace("P03,T,20,4,", "P03,T,20,31,")
    assert problems(text) == ['Row 4, column "PHQ-9 Last": 31 is not a PHQ-9 score (scores run 0 to 27).']


@pytest.mark.parametrize("cells, message", [
    ("A,T,,,22,,,,3/1/27", 'Row 2, column "GAD-7 First": 22 is not a GAD-7 score (scores run 0 to 21).'),
    ("A,T,,,,,,81,3/1/27", 'Row 2, column "PCL-5 Last": 81 is not a PCL-5 score (scores run 0 to 80).'),
    ("A,T,-1,,,,,,3/1/27", 'Row 2, column "PHQ-9 First": -1 is not a PHQ-9 score (scores run 0 to 27).'),
    ("A,T,12.5,,,,,,3/1/27",
     'Row 2, column "PHQ-9 First": 12.5 is not a whole number; PHQ-9 scores are whole numbers from 0 to 27.'),
    ("A,T,twelve,,,,,,3/1/27",
     'Row 2, column "PHQ-9 First": "twelve" is not a number; PHQ-9 scores are whole numbers from 0 to 27.'),
    ("A,T,,,,,,,3/1/27,,,,-2",
     'Row 2, column "Sessions": -2 is not a number of sessions (a whole number, 0 or more).'),
    ("A,T,,,,,,,3/1/27,,,,,10001",
     'Row 2, column "Minutes This Month": 10001 is not a number of minutes in a month (a whole number from 0 to '
     '10,000).'),
])
def test_values_out_of_range_are_named(cells, message):
    assert problems(one_row(cells)) == [message]


def test_blank_like_cells_and_a_stale_star_are_accepted():
    # "N/A" and "-" mean no value; "12*" (a stale score, as the AIMS tracker marks it) is 12; "12.0" is 12
    # (and "1,234" minutes, quoted as a spreadsheet writes it, is 1234)
    row = rows_of(HEADER + '\nA,T,12*,N/A,12.0,-,,,3/1/27,n/a,,,,"1,234"\n')[0]
    assert (row.phq9_first, row.phq9_last, row.gad7_first, row.gad7_last, row.fu_date, row.minutes_this_month) == (
        12, None, 12, None, None, 1234)


def test_an_unparseable_date_is_named():
    text = EXPORT.replace("P06,T,18,16,,,45,40,12/1/26,2/10/27", "P06,T,18,16,,,45,40,12/1/26,2/30/27")
    assert problems(text) == ['Row 7, column "F/U Date": "2/30/27" is not a date written month/day/year.']
    assert problems(one_row("A,T,,,,,,,soon")) == [
        'Row 2, column "I/A Date": "soon" is not a date written month/day/year.']


def test_a_future_date_is_refused():
    text = EXPORT.replace("P07,RPP,22,9,12,8,,,10/4/26,3/15/27", "P07,RPP,22,9,12,8,,,10/4/26,4/1/27")
    assert problems(text) == ['Row 8, column "F/U Date": 4/1/27 is in the future on the as-of date (31 Mar 2027).']
    # the as-of date itself is not in the future
    assert rows_of(one_row("A,T,,,,,,,3/31/27"))[0].ia_date == AS_OF


def test_duplicate_patient_ids_name_both_rows_and_not_the_id():
    text = EXPORT.replace("P05,T,15", "P02,T,15")
    messages = problems(text)
    assert messages == ['Row 6, column "Patient ID": the same patient ID as row 3; each patient must appear once.']
    assert "P02" not in messages[0]


def test_a_blank_patient_id_is_named():
    assert problems(one_row(",T,,,,,,,3/1/27")) == ['Row 2, column "Patient ID": the patient ID is blank.']


def test_one_bad_row_means_nothing_is_returned_and_every_problem_is_listed():
    text = (EXPORT.replace("P03,T,20,4,", "P03,T,20,31,")
            .replace("P10, t ,,,,,,,2/14/27", "P10, t ,,,,,,,2/31/27")
            .replace("P05,T", "P01,T"))
    with pytest.raises(ImportProblem) as info:
        rows_of(text)
    # the nine good rows are not returned: only the three problems, in row order
    assert info.value.messages == [
        'Row 4, column "PHQ-9 Last": 31 is not a PHQ-9 score (scores run 0 to 27).',
        'Row 6, column "Patient ID": the same patient ID as row 2; each patient must appear once.',
        'Row 12, column "I/A Date": "2/31/27" is not a date written month/day/year.',
    ]


def test_many_problems_list_twenty_then_say_how_many_more():
    text = HEADER + "".join(f"\nX{i},T,40,,,,,,3/1/27,,,,," for i in range(25)) + "\n"
    with pytest.raises(ImportProblem) as info:
        rows_of(text)
    assert len(info.value.messages) == 21 and info.value.total == 25
    assert info.value.messages[0].startswith('Row 2, column "PHQ-9 First": 40 is not a PHQ-9 score')
    assert info.value.messages[-1] == "... and 5 more problems."


def test_more_than_100000_rows_are_refused_and_100000_are_read():
    header = b"Patient ID,Status,I/A Date\n"
    with pytest.raises(ImportProblem) as info:
        ri.read_table(header + b"A,T,1/1/27\n" * 100_001, "big.csv")
    assert info.value.messages == ["The file has 100,001 patient rows; this page reads at most 100,000. Export only "
                                   "the patients of the period you want, or split the file."]
    assert ri.read_table(header + b"A,T,1/1/27\n" * 100_000, "big.csv").data_rows == 100_000


def test_a_file_over_20_mb_is_refused_with_its_size():
    raw = b"Patient ID,Status,I/A Date\n" + b" " * ri.MAX_BYTES  # 20 MB + 27 bytes -> shown as 20.1 MB
    assert refused(raw) == ["The file is 20.1 MB; the largest file this page reads is 20 MB. Export fewer columns "
                            "or a shorter period, or split the file."]


@pytest.mark.parametrize("raw", [b"", b"   \r\n\n  "])
def test_an_empty_file_is_refused(raw):
    assert refused(raw) == ["The file is empty."]


def test_a_header_without_rows_is_refused():
    assert refused(HEADER.encode() + b"\n,,,\n") == [
        "The file has a header row (row 1) but no patient rows under it."]


@pytest.mark.parametrize("raw, words", [
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "This file is a PNG image, not a table."),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "This file is a PDF document, not a table."),
    (b"\xff\xd8\xff\xe0" + bytes(100), "This file is a JPEG image, not a table."),
    (bytes(range(256)) * 40, "not text"),
    (bytes(range(1, 256)) * 40, "not text"),  # no zero byte, still binary
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "older Excel file (.xls)"),
])
def test_a_file_that_is_not_a_table_is_refused(raw, words):
    messages = refused(raw, "caseload.csv")
    assert len(messages) == 1 and words in messages[0]


def test_prose_is_not_a_table():
    prose = ("Our registry could not be exported this month.\nPlease ask the care manager for the list.\n"
             "Thank you\n").encode()
    messages = refused(prose, "notes.txt")
    assert messages[0].startswith('"notes.txt" holds text but no table')


def test_a_zip_that_is_not_a_workbook_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    messages = refused(buf.getvalue(), "export.xlsx")
    assert "not an Excel workbook" in messages[0]


def test_duplicate_and_blank_column_names_are_refused():
    assert refused(b"Patient ID,Status,I/A Date,status\nA,T,1/1/27,T\n") == [
        'Two columns are named "status" (columns B and D): rename one of them.']
    assert refused(b"Patient ID,Status,,I/A Date\nA,T,x,1/1/27\n") == [
        "Column C has no name in the header (row 1) but holds values: give it a name, or remove it."]
    # a nameless column with nothing in it (trailing commas) is simply left out
    table = ri.read_table(b"Patient ID,Status,I/A Date,,\nA,T,1/1/27,,\n", "x.csv")
    assert table.columns == ["Patient ID", "Status", "I/A Date"] and table.rows == [["A", "T", "1/1/27"]]


def test_a_row_with_more_values_than_names_is_refused():
    raw = "Patient ID,Status,Care Manager,I/A Date\nA,T,Luz,1/1/27\nB,T,Ramírez, Luz,1/1/27\n".encode()
    assert refused(raw) == ["Row 3 has 5 values but the header (row 1) names 4 columns: a value may hold a comma "
                            "without quotes around it."]


def test_title_lines_above_the_header_move_the_row_numbers():
    text = "Active Patients\nReport for: Riverbend\n" + one_row("A,T,30,,,,,,3/1/27")
    table = table_of(text)
    assert table.header_row == 3
    assert problems(text) == ['Row 4, column "PHQ-9 First": 30 is not a PHQ-9 score (scores run 0 to 27).']


def test_windows_1252_and_utf8_with_bom_are_both_read():
    text = "Patient ID,Status,I/A Date,Care Manager\nA,T,3/1/27,L. Ramírez\n"
    for raw in (text.encode("cp1252"), text.encode("utf-8-sig"), text.encode("utf-16")):
        table = ri.read_table(raw, "x.csv")
        assert table.columns[0] == "Patient ID" and table.rows[0][3] == "L. Ramírez"


# --------------------------------------------------------------------------------------- XLSX


def _workbook(*sheets: tuple[str, list[list]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


CASELOAD = [["Patient ID", "Status", "PHQ-9 First", "PHQ-9 Last", "I/A Date", "F/U Date"],
            ["A", "T", 15, 6, date(2027, 1, 24), date(2027, 3, 20)],
            ["B", "T", 12.0, 9, date(2027, 3, 5), None]]


def test_an_xlsx_with_several_sheets_reads_the_first_table_and_lists_them_all():
    raw = _workbook(("Notes", [["Caseload export, March 2027"], [], ["Made by the registry"]]),
                    ("Caseload", CASELOAD),
                    ("Summary", [["Month", "Active", "Enrolled"], ["2027-03", 2, 1]]))
    table = ri.read_table(raw, "registry.csv")  # the name says CSV; the content is a workbook
    assert table.sheets == ("Notes", "Caseload", "Summary") and table.sheet == "Caseload"
    assert table.delimiter == "" and table.header_row == 1
    # date cells come out as ISO text, 12.0 as 12
    assert table.rows == [["A", "T", "15", "6", "2027-01-24", "2027-03-20"], ["B", "T", "12", "9", "2027-03-05", ""]]
    mapping = ri.guess_mapping(table.columns)
    guess = ri.date_formats(ri.date_values(table, mapping))
    assert guess.order == "YMD" and not guess.ambiguous
    rows = ri.parse(table, mapping, guess.order, AS_OF)
    assert [r.ia_date for r in rows] == [date(2027, 1, 24), date(2027, 3, 5)]
    # A 15 -> 6 is a response (6 <= 7.5), B 12 -> 9 is not: 1 of 2
    assert ri.compute(rows, AS_OF, {"T"})["phq9_response_pct"].value == 50.0
    # the page may offer another sheet
    other = ri.read_table(raw, "registry.xlsx", sheet="Summary")
    assert other.sheet == "Summary" and other.columns == ["Month", "Active", "Enrolled"]
    assert refused(raw, "registry.xlsx", sheet="Patients") == [
        'The workbook has no sheet named "Patients". Its sheets: "Notes", "Caseload", "Summary".']
    assert "has no header row" in refused(raw, "registry.xlsx", sheet="Notes")[0]


def test_an_xlsx_with_no_table_is_refused():
    raw = _workbook(("Sheet1", [["Nothing here"]]), ("Sheet2", []))
    assert refused(raw, "empty.xlsx") == ["No sheet of the workbook holds a table: none has a row with at least 3 "
                                          "column names in its first 20 rows."]


def test_an_xlsx_value_out_of_range_is_named_by_the_sheet_row():
    raw = _workbook(("Caseload", [["Active Patients"], CASELOAD[0], ["A", "T", 29, 6, date(2027, 1, 24), None]]))
    table = ri.read_table(raw, "x.xlsx")
    assert table.header_row == 2
    with pytest.raises(ImportProblem) as info:
        ri.parse(table, ri.guess_mapping(table.columns), "YMD", AS_OF)
    assert info.value.messages == ['Row 3, column "PHQ-9 First": 29 is not a PHQ-9 score (scores run 0 to 27).']


def test_an_xlsx_written_as_excel_writes_it_shared_strings_date_styles_and_left_out_rows():
    # Excel keeps text in a shared-strings table (one item here in rich-text runs), marks date cells by a
    # number format (14 built in, or a custom "m/d/yy"), and leaves empty rows out of the file.
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<workbook {ns} {rel}><sheets><sheet name="Caseload" sheetId="1" r:id="rId1"/>'
                           "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels":
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst {ns}><si><t>Patient ID</t></si><si><t>Status</t></si>'
                                "<si><r><t>I/A </t></r><r><rPr><b/></rPr><t>Date</t></r></si>"
                                "<si><t>F/U Date</t></si><si><t>RB-0001</t></si><si><t>T</t></si>"
                                "<si><t>RB-0002</t></si></sst>",
        "xl/styles.xml": f'<styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="m/d/yy"/>'
                         '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
                         "</cellXfs></styleSheet>",
        # 46411 = 24 Jan 2027, 46466 = 20 Mar 2027 (days since 30 Dec 1899)
        "xl/worksheets/sheet1.xml": f'<worksheet {ns}><sheetData>'
                                    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                                    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
                                    '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c>'
                                    '<c r="C2" s="1"><v>46411</v></c><c r="D2" s="2"><v>46466</v></c></row>'
                                    '<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" t="inlineStr"><is><t>RPP</t>'
                                    '</is></c><c r="C4" s="1"><v>46411.5</v></c></row>'
                                    "</sheetData></worksheet>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    table = ri.read_table(buf.getvalue(), "export.xlsx")
    assert table.columns == ["Patient ID", "Status", "I/A Date", "F/U Date"]
    # row 3 is left out of the file: it comes back blank, so RB-0002 is still row 4
    assert table.rows == [["RB-0001", "T", "2027-01-24", "2027-03-20"], ["", "", "", ""],
                          ["RB-0002", "RPP", "2027-01-24 12:00", ""]]
    rows = ri.parse(table, ri.guess_mapping(table.columns), None, AS_OF)
    assert [(r.row, r.ia_date) for r in rows] == [(2, date(2027, 1, 24)), (4, date(2027, 1, 24))]


# --------------------------------------------------------------------------------------- the example file


def test_the_example_export_end_to_end():
    """examples/registry-export-example.csv, as of 31 Oct 2026, statuses T and RPP active.

    The file was built patient by patient to these counts (72 rows: 44 T, 11 RPP, 12 D/C, 3 Disengaged,
    2 Referred Out):
    - 8 active patients had their initial assessment in October, plus one later referred out -> 9 new enrollments;
    - contacted from 2 Oct to 31 Oct: 7 of the 8 new ones (the one assessed 10/1/26 with no follow-up is not)
      and 34 of the 47 older ones -> 41 of 55 = 74.5%;
    - no first PHQ-9 for 2 new patients -> 53 of 55 = 96.4%; a consultation date for 44 -> 80.0%;
    - measurable 45 (8 mild, 2 without a score): 7 remissions and 11 more responses -> response 18 of 45 =
      40.0%, remission 7 of 45 = 15.6%; 11 non-responders at 10 weeks or more (one on 8/22/26 exactly);
    - billing minimum met by 35 of 55 = 63.6%; 1,993 minutes over 55 = 36.2 a patient.
    """
    raw = EXAMPLE.read_bytes()
    table = ri.read_table(raw, EXAMPLE.name)
    assert table.delimiter_name == "comma" and table.data_rows == 72
    mapping = ri.guess_mapping(table.columns)
    assert all(mapping[f] for f in ri.FIELDS)  # every field found from the registry's own names
    guess = ri.date_formats(ri.date_values(table, mapping))
    assert (guess.order, guess.ambiguous) == ("MDY", False)
    found = ri.statuses(table, mapping)
    assert found == [("T", 44), ("D/C", 12), ("RPP", 11), ("Disengaged", 3), ("Referred Out", 2)]
    active = ri.guess_active(s for s, _ in found)
    assert active == {"T", "RPP"}
    as_of = date(2026, 10, 31)
    f = ri.compute(ri.parse(table, mapping, guess.order, as_of), as_of, active)
    got = {k: (v.value, v.numerator, v.denominator) for k, v in f.items()}
    assert got["active_caseload"] == (55, 55, None)
    assert got["new_enrollments"] == (9, 9, None)
    assert got["contact_30d_pct"] == (74.5, 41, 55)
    assert got["baseline_pct"] == (96.4, 53, 55)
    assert got["consultant_reviewed_pct"] == (80.0, 44, 55)
    assert got["phq9_response_pct"] == (40.0, 18, 45)
    assert got["phq9_remission_pct"] == (15.6, 7, 45)
    assert got["not_improving_10wk"] == (11, 11, None)
    assert got["billing_minimum_pct"] == (63.6, 35, 55)
    assert got["mean_minutes"] == (36.2, 1993, 55)


def test_the_example_export_is_fictional_and_well_formed():
    text = EXAMPLE.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert 60 <= len(lines) - 1 <= 80
    ids = [line.split(",")[0] for line in lines[1:]]
    assert ids == [f"RB-{i:04d}" for i in range(1, len(ids) + 1)]
