"""Tracking system rules: scores per option, what counts as compared, findings, progress, measures for the
monitoring plan, and validation in plain words. Expected figures are worked out by hand in the comments."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from planning import plans
from tests.conftest import HOSTILE
from worksheets import tracking as tk
from worksheets.shared_vision import SharedVisionDoc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parent.parent.parent / "examples" / "example-plan.json"
PEOPLE = {"p-maria": "Maria Okafor (CIT lead)", "p-luz": "Luz Ramírez (Behavioral health care manager)"}


def doc(**data) -> tk.TrackingDoc:
    return tk.TrackingDoc.model_validate(data)


def ids(findings) -> list[str]:
    return [f.id for f in findings]


def errors(data: dict) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        tk.TrackingDoc.model_validate(data)
    return plans.humanize(exc.value, tk.TrackingDoc)


VISION = SharedVisionDoc.model_validate({
    "scope": {"conditions": ["depression", "anxiety"]},
    "measures": [{"condition": "depression", "measure": "PHQ-9"}, {"condition": "anxiety", "measure": "GAD-7"}]})


# ---- the catalog ---------------------------------------------------------------------------------------------

def test_every_requirement_says_why_it_matters_and_privacy_is_among_the_core():
    assert all(r.text and r.why and r.short for r in tk.REQUIREMENTS)  # the page and PDF show all three
    assert tk.requirement("R12").core and "logs in" in tk.requirement("R12").text


# ---- scores ----------------------------------------------------------------------------------------------------

def test_an_options_score_is_the_share_of_points_with_dont_know_left_out():
    d = doc(options={"caseload_tracker": {"considering": True}},
            ratings={"R1": {"caseload_tracker": "Meets"}, "R2": {"caseload_tracker": "Partly"},
                     "R3": {"caseload_tracker": "Does not meet"}, "R6": {"caseload_tracker": "Don't know"}})
    s = tk.score_option(d, "caseload_tracker")
    # Meets 2 + Partly 1 + Does not meet 0 = 3 points of 3 x 2 = 6 possible; Don't know is left out -> 50%
    assert (s.points, s.maximum, s.percent, s.shown) == (3, 6, 50.0, "50%")
    assert (s.rated, s.dont_know) == (4, 1)
    assert s.core_not_met == ("R3",)  # R3 is core; a Does not meet on R6 (not core) would not count


def test_an_option_rated_only_dont_know_is_not_scored_and_stays_out_of_the_chart():
    d = doc(options={"spreadsheet": {"considering": True}, "ehr_build": {"considering": True}},
            ratings={"R1": {"spreadsheet": "Don't know", "ehr_build": "Meets"}, "R2": {"ehr_build": "Partly"}})
    assert tk.score_option(d, "spreadsheet").percent is None
    assert tk.score_option(d, "spreadsheet").shown == "Not scored yet"
    chart = tk.score_chart(d)
    # EHR build: 2 + 1 = 3 of 4 points -> 75%
    assert chart.series[0].x == ("Build in our EHR",) and chart.series[0].y == (75.0,)
    assert tk.score_chart(doc()) is None


def test_options_compared_are_those_ticked_plus_the_chosen_and_interim_ones_in_catalog_order():
    d = doc(options={"spreadsheet": {"considering": True}, "caseload_tracker": {"note": "ask the AIMS Center"}},
            decision={"chosen": "ehr_build", "interim": "caseload_tracker"})
    assert tk.considered(d) == ["spreadsheet", "caseload_tracker", "ehr_build"]
    assert tk.spreadsheet_in_play(d)
    assert not tk.spreadsheet_in_play(doc(decision={"chosen": "caseload_tracker"}))
    assert tk.spreadsheet_in_play(doc(decision={"chosen": "ehr_build", "interim": "spreadsheet"}))


def test_the_other_product_is_called_by_the_name_typed():
    d = doc(options={"other": {"considering": True}}, other_name="CareBridge")
    assert tk.option_label(d, "other") == "CareBridge"
    assert tk.option_label(d, None) == "Not decided yet"
    assert [s.label for s in tk.scores(d)] == ["CareBridge"]


# ---- findings --------------------------------------------------------------------------------------------------

def test_no_decision_is_the_one_finding_of_an_empty_worksheet():
    (f,) = tk.findings(doc(), PEOPLE)
    assert f.id == "tracking:no-decision" and f.severity == "blocker"  # no registry decision blocks launch (issue #10)
    assert f.action.startswith("Choose the patient tracking system")
    assert f.text == "No patient tracking system has been chosen yet."


def test_an_ehr_build_not_ready_needs_an_interim_tool():
    base = {"chosen": "ehr_build", "owner": "p-luz"}
    (f,) = tk.findings(doc(decision=base), PEOPLE)
    assert f.id == "tracking:no-interim" and f.severity == "should_fix"
    assert "Build in our EHR" in f.text and "interim" in f.text
    assert tk.findings(doc(decision={**base, "interim": "caseload_tracker"}), PEOPLE) == []
    assert tk.findings(doc(decision={**base, "ready": True}), PEOPLE) == []  # the build is live already


def test_another_product_not_ready_needs_an_interim_tool_too():
    d = doc(other_name="CareBridge", decision={"chosen": "other", "owner": "p-luz"})
    assert ids(tk.findings(d, PEOPLE)) == ["tracking:no-interim"]
    assert "CareBridge" in tk.findings(d, PEOPLE)[0].text


def test_a_spreadsheet_without_a_plan_to_move_on_is_a_note_about_scale_and_privacy():
    d = doc(decision={"chosen": "spreadsheet", "owner": "p-luz"})
    (f,) = tk.findings(d, PEOPLE)
    assert f.id == "tracking:spreadsheet" and f.severity == "note"
    assert "caseload grows" in f.text and "private" in f.text
    moved = doc(decision={"chosen": "spreadsheet", "owner": "p-luz", "transition": "Caseload Tracker by March"})
    assert tk.findings(moved, PEOPLE) == []


def test_no_owner_or_an_owner_who_left_the_team_should_be_fixed():
    (f,) = tk.findings(doc(decision={"chosen": "caseload_tracker"}), PEOPLE)
    assert (f.id, f.severity, f.text) == ("tracking:no-owner", "should_fix", "No one owns the tracking system yet.")
    (gone,) = tk.findings(doc(decision={"chosen": "caseload_tracker", "owner": "p-left"}), PEOPLE)
    assert gone.id == "tracking:no-owner" and "no longer on the team" in gone.text


def test_the_chosen_system_failing_a_core_requirement_is_a_note_naming_it():
    d = doc(ratings={"R12": {"spreadsheet": "Does not meet"}, "R13": {"spreadsheet": "Does not meet"},
                     "R3": {"caseload_tracker": "Does not meet"}},
            decision={"chosen": "spreadsheet", "owner": "p-luz", "transition": "Tracker by March"})
    (f,) = tk.findings(d, PEOPLE)  # R13 is not core; R3 is rated for an option not chosen
    assert f.id == "tracking:core-gap:spreadsheet:R12" and f.severity == "note" and f.item == "R12"
    assert "Spreadsheet" in f.text and "R12" in f.text


def test_findings_belong_to_this_worksheet_and_have_unique_ids():
    d = doc(ratings={r: {"ehr_build": "Does not meet"} for r in tk.CORE_IDS}, decision={"chosen": "ehr_build"})
    found = tk.findings(d, PEOPLE)
    # no interim, no owner, and one note per core requirement (6) -> 8
    assert len(found) == 8 and len(set(ids(found))) == 8
    assert all(f.id.startswith("tracking:") and f.area == "Tracking system" for f in found)


# ---- progress, measures and figures for the monitoring plan ---------------------------------------------------

def test_progress_is_complete_with_a_decision_an_owner_on_the_team_and_a_measure():
    assert tk.progress(None, PEOPLE, VISION) == "not started"
    assert tk.progress(doc(), PEOPLE, VISION) == "not started"
    assert tk.progress(doc(options={"spreadsheet": {"considering": True}}), PEOPLE, VISION) == "in progress"
    decided = {"chosen": "caseload_tracker", "owner": "p-luz"}
    assert tk.progress(doc(decision=decided), PEOPLE, None) == "in progress"  # nothing to track yet
    assert tk.progress(doc(decision=decided), PEOPLE, VISION) == "complete"  # the vision's measures, ticked
    unticked = doc(decision=decided, vision_measures={"depression": False, "anxiety": False})
    assert tk.progress(unticked, PEOPLE, VISION) == "in progress"
    assert tk.progress(doc(decision=decided, extra_measures=[{"measure": "PHQ-9"}]), PEOPLE, None) == "complete"
    assert tk.progress(doc(decision={**decided, "owner": "p-left"}), PEOPLE, VISION) == "in progress"


def test_measures_tracked_are_the_visions_measures_still_ticked_then_the_ones_added():
    d = doc(vision_measures={"anxiety": False}, extra_measures=[{"measure": "DAST-10", "purpose": "drug use"}])
    assert tk.measures_tracked(d, VISION) == ["PHQ-9 (Depression)", "DAST-10"]
    assert tk.measures_tracked(doc(), VISION) == ["PHQ-9 (Depression)", "GAD-7 (Anxiety disorders)"]
    assert tk.measures_tracked(d) == ["DAST-10"]  # without the vision: only what was added here


def test_metrics_wanted_come_back_in_catalog_order_without_repeats():
    d = doc(metrics=["improved_50", "caseload_size", "improved_50"])
    assert [m.key for m in tk.metrics_wanted(d)] == ["caseload_size", "improved_50"]
    assert tk.metrics_wanted(d)[0].group == "Reach"


# ---- editing and validation --------------------------------------------------------------------------------------

def test_ratings_of_options_no_longer_compared_are_kept_and_blank_cells_cleared():
    saved = {"R1": {"spreadsheet": "Partly", "ehr_build": "Meets"}, "R2": {"ehr_build": "Partly"}}
    cells = {("R1", "ehr_build"): None, ("R2", "ehr_build"): "Meets", ("R3", "ehr_build"): "Don't know"}
    out = tk.ratings_data(cells, ["ehr_build"], saved)
    assert out == {"R1": {"spreadsheet": "Partly"}, "R2": {"ehr_build": "Meets"}, "R3": {"ehr_build": "Don't know"}}


def test_a_choice_saved_without_a_date_is_dated_today():
    today = date(2026, 11, 25)
    assert tk.decision_data("caseload_tracker", "", False, None, "", None, None, today)["decided_on"] == today
    assert tk.decision_data(None, "", False, None, "", None, None, today)["decided_on"] is None
    assert tk.decision_data("spreadsheet", "", False, None, "", None, date(2026, 10, 1), today)["decided_on"] == \
        date(2026, 10, 1)


def test_editor_rows_become_document_parts():
    assert tk.options_data([{"key": "spreadsheet", "considering": True, "note": None},
                            {"key": "other", "considering": False, "note": float("nan")},
                            {"key": "ehr_build", "considering": None, "note": "IT quote due"}]) == {
        "spreadsheet": {"considering": True, "note": ""}, "ehr_build": {"considering": False, "note": "IT quote due"}}
    assert tk.metrics_data([{"key": "caseload_size", "wanted": True}, {"key": "improved_50", "wanted": False}]) == \
        ["caseload_size"]
    rows = tk.extra_measures_data([{"id": None, "measure": "DAST-10", "purpose": None}])
    assert rows[0]["measure"] == "DAST-10" and len(rows[0]["id"]) == 12


def test_the_interim_tool_must_differ_from_the_choice():
    assert errors({"decision": {"chosen": "caseload_tracker", "interim": "caseload_tracker"}}) == [
        "decision: the interim tool must be a different system from the one chosen"]


def test_another_product_needs_its_name():
    (line,) = errors({"options": {"other": {"considering": True}}})
    assert "type its name in 'Name of the other product'" in line
    (line,) = errors({"decision": {"chosen": "ehr_build", "interim": "other"}})
    assert "type its name" in line


def test_unknown_requirements_and_ratings_are_refused_in_words():
    lines = errors({"ratings": {"R99": {"spreadsheet": "Meets"}}})
    assert lines == ["R99 is not a requirement on this worksheet"]
    (line,) = errors({"ratings": {"R1": {"spreadsheet": "Maybe"}}})
    assert line.startswith("item R1, spreadsheet:") and "Meets" in line


def test_an_overlong_reason_is_refused_with_its_length():
    (line,) = errors({"decision": {"reason": "x" * 10_001}})
    assert line.startswith("decision, reason: this is 10,001 characters long, and the most allowed is 10,000")


def test_hostile_text_is_kept_exactly():
    d = doc(options={"other": {"considering": True, "note": HOSTILE}}, other_name=HOSTILE,
            decision={"chosen": "other", "reason": HOSTILE, "interim": "caseload_tracker"},
            extra_measures=[{"measure": HOSTILE}])
    again = tk.TrackingDoc.model_validate(json.loads(json.dumps(d.model_dump(mode="json"))))
    assert again.other_name == HOSTILE and again.decision.reason == HOSTILE
    assert tk.describe(again) == f"2 options compared, chose {HOSTILE} (interim: AIMS Caseload Tracker)"


# ---- the fixture and the example plan ----------------------------------------------------------------------------

def test_the_golden_fixture_reads_as_a_decision_with_an_interim_tool():
    d = tk.TrackingDoc.model_validate(json.loads((FIXTURES / "tracking_v1.json").read_text(encoding="utf-8")))
    assert tk.describe(d) == ("3 options compared, chose CareBridge care-management platform "
                              "(interim: AIMS Caseload Tracker)")
    by = {s.key: s for s in tk.scores(d)}
    # spreadsheet: R1 Partly 1, R2 Partly 1, R3 0, R5 Partly 1, R12 0, R14 0 = 3 of 12 -> 25%
    assert by["spreadsheet"].percent == 25.0 and by["spreadsheet"].core_not_met == ("R3", "R12")
    # CareBridge: Meets R1, R2, R12, R14 = 8, Partly R3 = 1, R5 Don't know left out -> 9 of 10 = 90%
    assert by["other"].percent == 90.0 and by["other"].dont_know == 1


def test_the_example_plan_chooses_an_ehr_build_with_the_caseload_tracker_meanwhile():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    d = tk.TrackingDoc.model_validate(data["documents"]["tracking"])
    vision = SharedVisionDoc.model_validate(data["documents"]["shared_vision"])
    people = {m["id"]: m["name"] for m in data["documents"]["team"]["members"]}
    assert (d.decision.chosen, d.decision.interim) == ("ehr_build", "caseload_tracker")
    assert people[d.decision.owner] in ("Luz Ramírez", "Maria Okafor") and d.decision.reason
    assert tk.considered(d) == ["spreadsheet", "caseload_tracker", "ehr_build"]
    by = {s.key: s.shown for s in tk.scores(d)}
    # spreadsheet: 11 Partly (11) + R16 Meets (2) + 4 Does not meet (0) = 13 of 32 -> 40.6%
    # Caseload Tracker: 14 Meets (28), R14 Does not meet (0), R13 Don't know left out = 28 of 30 -> 93.3%
    # EHR build: 9 Meets (18) + 5 Partly (5) + R16 Does not meet (0), R9 Don't know left out = 23 of 30 -> 76.7%
    assert by == {"spreadsheet": "41%", "caseload_tracker": "93%", "ehr_build": "77%"}
    assert tk.findings(d, people) == []
    assert tk.progress(d, people, vision) == "complete"
    assert tk.measures_tracked(d, vision) == ["PHQ-9 (Depression)", "GAD-7 (Anxiety disorders)", "PCL-5 (PTSD)"]


def test_a_system_ready_to_use_now_needs_no_interim_tool_and_a_leftover_one_is_dropped():
    # The team ticks "ready to use now" after naming an interim tool: nothing is left to bridge, so Save is
    # not refused over the interim choice (even one equal to the choice) and no interim tool is kept
    doc = tk.TrackingDoc.model_validate({"decision": {"chosen": "ehr_build", "ready": True,
                                                      "interim": "ehr_build"}})
    assert doc.decision.interim is None and doc.decision.ready
