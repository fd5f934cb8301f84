"""Monitoring plan rules: targets checked by unit, pre-fill from the shared vision, the ambitious-target note,
findings (the launch blocker), the suggested set, and what the metric log reads."""
from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from planning import plans
from worksheets import monitoring as mo
from worksheets import shared_vision as sv

# The example clinic's goals: 120, 200 and 260 patients enrolled a year; follow-up 75/80/85%; improved 40/50/50%.
VISION = sv.SharedVisionDoc.model_validate({"goals": {
    "year_1": {"patients_enrolled": 120, "follow_up_rate_pct": 75, "improved_pct": 40},
    "year_2": {"patients_enrolled": 200, "follow_up_rate_pct": 80, "improved_pct": 50},
    "year_3": {"patients_enrolled": 260, "follow_up_rate_pct": 85, "improved_pct": 50}}})
ROLES = {"lead1": "CIT lead", "pcp1": "PCP champion", "bhcm1": "Behavioral health care manager",
         "psy1": "Psychiatric consultant", "bill1": "Other"}


def doc(*rows: dict) -> mo.MonitoringDoc:
    return mo.MonitoringDoc.model_validate({"metrics": list(rows)})


def problems(*rows: dict) -> list[str]:
    with pytest.raises(ValidationError) as info:
        doc(*rows)
    return [f"{mo.TITLE}, {line}" for line in plans.humanize(info.value, mo.MonitoringDoc)]


def by_id(found) -> dict:
    return {f.id: f for f in found}


# ---- what the metric log reads ---------------------------------------------------------------

def test_chosen_and_targets_follow_the_plans_order_and_accept_nothing_saved():
    d = doc({"metric": "phq9_response_pct", "target_y1": 40, "target_y2": 50},
            {"metric": "new_enrollments", "target_y1": 10, "target_y2": 17, "target_y3": 22})
    assert mo.chosen(d) == ["phq9_response_pct", "new_enrollments"]
    assert mo.targets(d) == {"phq9_response_pct": {1: 40.0, 2: 50.0, 3: None},
                             "new_enrollments": {1: 10.0, 2: 17.0, 3: 22.0}}
    assert mo.chosen(None) == [] and mo.targets(None) == {}
    assert mo.chosen(mo.MonitoringDoc()) == [] and mo.targets(mo.MonitoringDoc()) == {}


# ---- pre-fill from the shared vision ---------------------------------------------------------

def test_the_vision_goals_become_monthly_targets():
    t = mo.vision_targets(VISION)
    # 120 a year / 12 = 10 a month; 200 / 12 = 16.67 -> 17; 260 / 12 = 21.67 -> 22
    assert t["new_enrollments"] == {1: 10.0, 2: 17.0, 3: 22.0}
    assert t["contact_30d_pct"] == {1: 75.0, 2: 80.0, 3: 85.0}  # percentages as they are
    assert t["phq9_response_pct"] == {1: 40.0, 2: 50.0, 3: 50.0}  # "share improved" is read as response
    assert set(t) == {"new_enrollments", "contact_30d_pct", "phq9_response_pct"}


def test_filling_from_the_vision_never_replaces_a_typed_target():
    d = doc({"metric": "new_enrollments", "target_y1": 8},  # the team typed 8 for year 1
            {"metric": "contact_30d_pct"},
            {"metric": "active_caseload"})  # no vision goal: untouched
    filled_doc, filled = mo.fill_from_vision(d, VISION)
    assert mo.targets(filled_doc)["new_enrollments"] == {1: 8.0, 2: 17.0, 3: 22.0}
    assert mo.targets(filled_doc)["contact_30d_pct"] == {1: 75.0, 2: 80.0, 3: 85.0}
    assert mo.targets(filled_doc)["active_caseload"] == {1: None, 2: None, 3: None}
    assert mo.filled_sentence(filled) == ("New enrollments, years 2 and 3: 17 and 22; "
                                          "Contacted in 30 days, years 1, 2 and 3: 75%, 80% and 85%")
    again, nothing = mo.fill_from_vision(filled_doc, VISION)
    assert nothing == [] and again == filled_doc


def test_only_the_metrics_just_chosen_are_prefilled():
    # PHQ-9 response was in the plan with its year 2 target cleared on purpose; new enrollments is just chosen
    d = doc({"metric": "phq9_response_pct", "target_y1": 45}, {"metric": "new_enrollments"})
    filled_doc, filled = mo.fill_from_vision(d, VISION, only={"new_enrollments"})
    assert mo.targets(filled_doc)["phq9_response_pct"] == {1: 45.0, 2: None, 3: None}
    assert mo.targets(filled_doc)["new_enrollments"] == {1: 10.0, 2: 17.0, 3: 22.0}
    assert [f.metric for f in filled] == ["new_enrollments"]


def test_nothing_to_fill_says_why():
    d = doc({"metric": "active_caseload"})
    assert mo.fill_from_vision(d, None) == (d, [])
    assert mo.nothing_to_fill(d, None).startswith("The shared vision has no goals for years 1 to 3 yet.")
    assert mo.nothing_to_fill(d, VISION) == (
        "None of the chosen metrics has a goal in the shared vision. The ones that do: New enrollments (patients "
        "enrolled), Contacted in 30 days (follow-up rate) and PHQ-9 response (share improved).")
    typed = doc({"metric": "new_enrollments", "target_y1": 9, "target_y2": 15, "target_y3": 20})
    assert mo.nothing_to_fill(typed, VISION).startswith("Nothing to fill: every target the shared vision sets is "
                                                        "already typed in.")


def test_the_report_line_says_which_targets_came_from_the_vision_and_which_differ():
    d = doc({"metric": "new_enrollments", "target_y1": 10, "target_y2": 17, "target_y3": 22},
            {"metric": "contact_30d_pct", "target_y1": 70, "target_y2": 80},
            {"metric": "phq9_remission_pct", "target_y1": 20})
    lines = mo.vision_lines(d, VISION)
    assert lines[0] == ("Targets from the shared vision's goals (patients enrolled a year / 12 gives new "
                        "enrollments a month): New enrollments (years 1-3); Contacted in 30 days (year 2).")
    assert lines[1] == "Different from the shared vision: Contacted in 30 days, year 1: 70% here, 75% from the vision."
    assert mo.vision_lines(d, None) == ["The shared vision has no goals for years 1 to 3 yet, so no target here "
                                        "comes from it."]


# ---- targets checked by unit, and other refusals ---------------------------------------------

def test_targets_are_checked_by_the_metrics_unit_and_named_with_the_metric():
    lines = problems({"metric": "phq9_response_pct", "target_y1": 150, "target_y2": "lots"},
                     {"metric": "new_enrollments", "target_y1": 2.5, "target_y3": -1},
                     {"metric": "mean_minutes", "target_y1": 700},
                     {"metric": "revenue_per_cm", "target_y2": -5})
    assert lines == [
        "Monitoring plan, metrics chosen, row 1: PHQ-9 response, year 1 target: a percentage must be between 0 and "
        "100 (you entered 150)",
        "Monitoring plan, metrics chosen, row 1: PHQ-9 response, year 2 target: enter a number (you entered "
        "\"lots\")",
        "Monitoring plan, metrics chosen, row 2: New enrollments, year 1 target: enter a whole number of 0 or more "
        "(you entered 2.5)",
        "Monitoring plan, metrics chosen, row 2: New enrollments, year 3 target: enter a whole number of 0 or more "
        "(you entered -1)",
        "Monitoring plan, metrics chosen, row 3: Mean minutes, year 1 target: enter minutes between 0 and 600 (you "
        "entered 700)",
        "Monitoring plan, metrics chosen, row 4: Revenue per care manager, year 2 target: enter an amount from $0 "
        "to $100,000,000 (you entered -5)",
    ]


def test_typed_figures_with_a_sign_or_a_comma_are_read_and_the_edges_are_allowed():
    d = doc({"metric": "phq9_response_pct", "target_y1": "45%", "target_y2": 0, "target_y3": 100},
            {"metric": "revenue_per_cm", "target_y1": "$12,400"},
            {"metric": "active_caseload", "target_y1": "1,200", "target_y2": float("nan")})
    assert mo.targets(d)["phq9_response_pct"] == {1: 45.0, 2: 0.0, 3: 100.0}
    assert mo.targets(d)["revenue_per_cm"][1] == 12400.0
    assert mo.targets(d)["active_caseload"][1] == 1200.0 and mo.targets(d)["active_caseload"][2] is None


def test_a_metric_may_be_chosen_once_and_only_from_the_catalog():
    assert problems({"metric": "phq9_response_pct"}, {"metric": "new_enrollments"},
                    {"metric": "PHQ-9 response"}) == [  # by its name: the same metric
        "Monitoring plan, PHQ-9 response is chosen more than once (rows 1 and 3): keep one row per metric"]
    assert problems({"metric": "happiness_pct"}) == [
        "Monitoring plan, metrics chosen, row 1: \"happiness_pct\" is not a metric in the catalog: choose one from "
        "the list"]
    assert problems({"metric": None, "note": "ask Tom"}) == [
        "Monitoring plan, metrics chosen, row 1: choose a metric from the catalog"]


def test_cadence_and_data_source_defaults_and_a_wrong_cadence():
    d = doc({"metric": "phq9_response_pct", "cadence": "Every six months"}, {"metric": "revenue_per_cm"},
            {"metric": "new_enrollments", "source": "Front desk tally"})
    assert [r.cadence for r in d.metrics] == ["every six months", "monthly", "monthly"]  # empty = monthly
    assert [r.source for r in d.metrics] == ["Registry export", "Billing report", "Front desk tally"]
    assert problems({"metric": "new_enrollments", "cadence": "weekly"}) == [
        "Monitoring plan, metrics chosen, row 1, how often it is reviewed: choose Monthly, Quarterly or Every six "
        "months (you entered \"weekly\")"]


def test_a_reviewer_who_left_the_team_is_refused_naming_the_metric():
    d = doc({"metric": "new_enrollments", "reviewer": "lead1"}, {"metric": "phq9_response_pct", "reviewer": "gone1"})
    assert mo.reviewer_problems(d, {"lead1", "pcp1"}) == [
        "Monitoring plan, PHQ-9 response, reviewed by: this person is no longer on the implementation team. Choose "
        "someone on the team, or leave it empty."]
    assert mo.reviewer_problems(d, {"lead1", "gone1"}) == []


def test_editor_rows_become_document_rows_and_blank_rows_are_dropped():
    rows = [{"id": "r1", "metric": "new_enrollments", "target_y1": 10.0, "target_y2": math.nan, "target_y3": None,
             "practice": "-", "cadence": None, "reviewer": None, "source": None, "note": None},
            {"id": None, "metric": None, "target_y1": math.nan, "target_y2": None, "target_y3": None,
             "practice": None, "cadence": None, "reviewer": None, "source": "", "note": ""},  # an empty new row
            {"id": None, "metric": "phq9_response_pct", "target_y1": 40.0, "target_y2": None, "target_y3": None,
             "practice": None, "cadence": "quarterly", "reviewer": "pcp1", "source": None, "note": "Dr. Chen"}]
    data = mo.rows_data(rows)
    assert len(data) == 2 and data[0]["id"] == "r1" and "id" not in data[1]
    d = doc(*data)
    assert mo.targets(d) == {"new_enrollments": {1: 10.0, 2: None, 3: None},
                             "phq9_response_pct": {1: 40.0, 2: None, 3: None}}
    assert d.metrics[1].id  # a new row gets an id


def test_columns_the_table_did_not_show_keep_their_saved_values():
    before = doc({"id": "r1", "metric": "active_caseload", "source": "Tracker export", "note": "Ramp-up year"})
    data = mo.rows_data([{"id": "r1", "metric": "active_caseload", "target_y1": 50.0},  # no source or note column
                         {"id": None, "metric": "new_enrollments"}], before)
    d = doc(*data)
    assert (d.metrics[0].source, d.metrics[0].note, d.metrics[0].target_y1) == ("Tracker export", "Ramp-up year", 50.0)
    assert (d.metrics[1].source, d.metrics[1].note) == ("Registry export", "")  # a new row: the catalog's source
    shown = mo.rows_data([{"id": "r1", "metric": "active_caseload", "source": "", "note": None}], before)
    assert doc(*shown).metrics[0].note == ""  # a shown column cleared by the team is cleared


# ---- the ambitious-target note ---------------------------------------------------------------

def test_a_year_1_target_far_above_what_programs_reach_is_called_ambitious():
    # PHQ-9 response: New York's 160 clinics reached 42%; 42 + 15 points = 57 is the limit
    assert mo.ambitious("phq9_response_pct", 60) == "Ambitious: published programs reached about 42%."
    assert mo.ambitious("phq9_response_pct", 58) != ""
    assert mo.ambitious("phq9_response_pct", 57) == ""  # at the limit: not above it
    assert mo.ambitious("phq9_response_pct", 50) == ""  # the low end of New York's own target
    # PHQ-9 remission: 16% and 33% published; the higher + 15 = 48
    assert mo.ambitious("phq9_remission_pct", 49) == "Ambitious: published programs reached 16% to 33%."
    assert mo.ambitious("phq9_remission_pct", 48) == ""
    assert mo.ambitious("contact_30d_pct", 100) == ""  # no published figure to compare with
    assert mo.ambitious("phq9_response_pct", None) == ""
    d = doc({"metric": "phq9_response_pct", "target_y1": 60, "target_y2": 90}, {"metric": "new_enrollments"})
    assert mo.ambitious_notes(d) == ["PHQ-9 response, year 1 target 60%: ambitious: published programs reached "
                                     "about 42%."]


def test_the_in_practice_column_gives_the_figure_or_points_to_the_sources():
    assert mo.in_practice("phq9_response_pct") == "about 42%"
    assert mo.in_practice("caseload_per_cm") == "see below"  # a published caseload per care manager, in words
    assert mo.in_practice("active_caseload") == "-"  # no published figure for a whole clinic's caseload
    assert mo.in_practice("mean_minutes") == "-"  # none found


# ---- findings --------------------------------------------------------------------------------

def test_no_metric_with_a_target_blocks_launch_and_one_target_clears_it():
    found = by_id(mo.findings(mo.MonitoringDoc()))
    assert found["monitoring:no-target"].severity == "blocker"
    assert found["monitoring:no-target"].text == "No monitoring metric is chosen yet, so none has a target."
    d = doc({"metric": "new_enrollments", "reviewer": "lead1"}, {"metric": "phq9_response_pct", "reviewer": "pcp1"})
    found = by_id(mo.findings(d, roster_ids={"lead1", "pcp1"}))
    assert found["monitoring:no-target"].text == "None of the 2 chosen metrics has a year 1 target yet."
    assert "monitoring:incomplete" not in found  # the blocker says it already; reviewers are named
    d = doc({"metric": "new_enrollments", "reviewer": "lead1", "target_y1": 10},
            {"metric": "phq9_response_pct", "reviewer": "pcp1"})
    found = by_id(mo.findings(d, roster_ids={"lead1", "pcp1"}))
    assert "monitoring:no-target" not in found
    assert found["monitoring:incomplete"].text == ("1 chosen metric lacks a reviewer or a year 1 target: PHQ-9 "
                                                   "response (no year 1 target).")


def test_metrics_without_a_reviewer_or_a_target_are_one_should_fix_finding():
    d = doc({"metric": "new_enrollments", "target_y1": 10},
            {"metric": "phq9_response_pct", "reviewer": "pcp1"},
            {"metric": "contact_30d_pct", "reviewer": "gone1", "target_y1": 75},
            {"metric": "mean_minutes"},
            {"metric": "active_caseload", "reviewer": "lead1", "target_y1": 45})
    found = [f for f in mo.findings(d, roster_ids={"lead1", "pcp1"}) if f.severity == "should_fix"]
    assert len(found) == 1 and found[0].id == "monitoring:incomplete"
    assert found[0].text == ("4 chosen metrics lack a reviewer or a year 1 target: New enrollments (no reviewer); "
                             "PHQ-9 response (no year 1 target); Contacted in 30 days (reviewer left the team); "
                             "Mean minutes (no reviewer and no year 1 target).")
    assert found[0].owner_role == "CIT lead" and found[0].area == "Monitoring plan"


def test_vision_goals_nobody_watches_are_a_note_that_clears_when_watched():
    d = doc({"metric": "new_enrollments", "target_y1": 10, "reviewer": "lead1"})
    note = by_id(mo.findings(d, VISION, {"lead1"}))["monitoring:vision-goals"]
    assert note.severity == "note"
    assert note.text == ("The shared vision has goals the monitoring plan does not watch yet: follow-up rate and "
                         "share improved. Add Contacted in 30 days and PHQ-9 response to watch them.")
    watched = doc({"metric": "new_enrollments", "target_y1": 10, "reviewer": "lead1"},
                  {"metric": "contact_30d_pct", "target_y1": 75, "reviewer": "lead1"},
                  {"metric": "phq9_response_pct", "target_y1": 40, "reviewer": "lead1"})
    assert mo.findings(watched, VISION, {"lead1"}) == []
    assert "monitoring:vision-goals" not in by_id(mo.findings(d, None))  # no vision goals: nothing to watch


# ---- the suggested set, progress, history ------------------------------------------------------

def test_the_suggested_set_adds_what_is_missing_with_reviewers_by_role_and_vision_targets():
    start = doc({"metric": "phq9_response_pct", "target_y1": 45, "reviewer": "lead1"})
    d, added = mo.with_suggested(start, ROLES, VISION)
    assert added == ["active_caseload", "new_enrollments", "contact_30d_pct", "phq9_remission_pct",
                     "consultant_reviewed_pct", "billing_minimum_pct"]
    assert mo.chosen(d)[0] == "phq9_response_pct"  # what was there stays first, untouched
    assert mo.targets(d)["phq9_response_pct"] == {1: 45.0, 2: None, 3: None}
    assert mo.targets(d)["new_enrollments"] == {1: 10.0, 2: 17.0, 3: 22.0}
    reviewers = {r.metric: r.reviewer for r in d.metrics}
    assert reviewers["active_caseload"] == "lead1"  # reach: the CIT lead
    assert reviewers["contact_30d_pct"] == "bhcm1"  # engagement: the care manager
    assert reviewers["consultant_reviewed_pct"] == "psy1"  # caseload review: the consultant
    assert reviewers["phq9_remission_pct"] == "pcp1"  # outcomes: the PCP champion
    assert all(r.cadence == "monthly" for r in d.metrics)
    assert mo.with_suggested(d, ROLES, VISION) == (d, [])
    bare, _ = mo.with_suggested(mo.MonitoringDoc(), {}, None)  # no roster, no vision
    assert len(bare.metrics) == 7 and all(r.reviewer is None and r.target_y1 is None for r in bare.metrics)


def test_progress_describe_and_summary():
    assert mo.progress(None) == "not started" and mo.progress(mo.MonitoringDoc()) == "not started"
    half = doc({"metric": "new_enrollments", "target_y1": 10, "reviewer": "lead1"}, {"metric": "phq9_response_pct"})
    assert mo.progress(half) == "in progress"
    full = doc({"metric": "new_enrollments", "target_y1": 10, "reviewer": "lead1"},
               {"metric": "phq9_response_pct", "target_y1": 40, "reviewer": "pcp1"})
    assert mo.progress(full) == "complete"
    assert mo.describe(half) == "2 metrics, 1 with a year 1 target, 1 with a reviewer"
    assert mo.describe(mo.MonitoringDoc()) == "no metrics chosen"
    assert mo.summary_sentence(mo.counts(half)) == "2 metrics chosen, 1 with a year 1 target, 1 with a reviewer named."
