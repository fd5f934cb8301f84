"""Staffing worksheet: what the caseload needs (worked by hand), findings, progress, decisions, and figures that are
saved into the Sustainment plan's scenario in use."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from worksheets import financial_model as fm
from worksheets import staffing as sf
from worksheets import sustainment as su

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def plan(**inputs) -> su.SustainmentDoc:
    """A Sustainment plan with one scenario in use, "Base case", from the model's starting figures and ``inputs``."""
    return su.with_inputs(su.SustainmentDoc(), "Base case", fm.FinancialInputs(**inputs))


def decided(**decisions) -> sf.StaffingDoc:
    return sf.StaffingDoc.model_validate({"roles": {k: {"decision": v} for k, v in decisions.items()}})


def ids(findings) -> list[str]:
    return [f.id for f in findings]


# --- what the caseload needs, by hand -------------------------------------------------------------
# The model's starting contact plan, used below: 24 direct-contact hours a week; first month 60 + 2 x 25 = 110 minutes,
# active months 2 x 25 = 50, monitoring months 1 x 15 = 15, each booked with 10% missed (/ 0.9): 122.2, 55.6 and 16.7.
# A 5-month episode (1 first, 2 active, 2 monitoring): (110 + 2 x 50 + 2 x 15) / 0.9 / 5 = 240 / 4.5 = 53.33 minutes a
# patient-month. One full-time care manager: 24 x 52 / 12 x 60 = 6,240 minutes a month / 53.33 = 117 patients.


def test_caseload_150_needs_1_28_fte_by_the_hours_and_1_25_to_1_67_by_the_aims_range():
    fig = sf.figures(plan(expected_caseload=150, care_manager_fte=1.0))
    assert fig.direct_minutes_per_fte == pytest.approx(6240)
    assert fig.minutes_per_patient == pytest.approx(53.333, abs=0.001)
    assert fig.per_fte == pytest.approx(117)
    assert fig.fte_needed == pytest.approx(1.282, abs=0.001)  # 150 / 117
    # behavioral health only, adequate income and support: 90-120 a full-time care manager
    assert (fig.low, fig.high) == (90, 120)
    assert fig.aims_fte_low == pytest.approx(1.25)  # 150 / 120
    assert fig.aims_fte_high == pytest.approx(1.667, abs=0.001)  # 150 / 90
    assert fig.short_by_hours and fig.above_range and fig.short
    assert fig.fte_target == pytest.approx(1.282, abs=0.001)  # the larger of 1.28 (hours) and 1.25 (AIMS)
    hours = " ".join(fig.explanations["hours"])
    assert "24 hours a week x 52 / 12 weeks x 60 = 6,240 minutes a month" in hours
    assert "6,240 / 53.3 = 117" in hours
    assert "150 patients / 117 = 1.28 FTE" in hours
    assert "short by 0.28 FTE" in hours  # 1.28 - 1.0
    assert "150 / 120 = 1.25 to 150 / 90 = 1.67 FTE" in " ".join(fig.explanations["aims"])


def test_psychotherapy_visits_come_out_of_the_same_hours():
    therapy = [line.model_dump() for line in fm.default_psychotherapy()]
    for line in therapy:
        line["visits_per_month"] = 30 if line["code"] == "90834" else 0
    fig = sf.figures(plan(expected_caseload=70, psychotherapy=therapy))
    # 30 visits of 45 minutes = 1,350 minutes; (70 x 53.33 + 1,350) / 6,240 = (3,733.3 + 1,350) / 6,240 = 0.815
    assert fig.therapy_minutes == pytest.approx(1350)
    assert fig.fte_needed == pytest.approx(0.815, abs=0.001)
    assert fig.carried == pytest.approx(91.69, abs=0.01)  # (6,240 - 1,350) / 53.33
    assert not fig.short_by_hours
    assert "(70 patients x 53.3 minutes + 1,350 minutes of psychotherapy) / 6,240 minutes = 0.81 FTE" in \
        " ".join(fig.explanations["hours"])


def test_new_patients_a_month_that_no_longer_keep_the_caseload_are_pointed_out():
    # 21 new patients a month x 5 months = a caseload of 105; the target is now 150: 150 / 5 = 30 a month needed
    fig = sf.figures(plan(expected_caseload=150, new_enrollments_per_month=21, episode_months=5))
    assert "the caseload would settle near 105, not 150" in fig.enrollment_note
    assert "about 30 new patients a month (150 / 5 months)" in fig.enrollment_note
    # 28 x 5 = 140 is within 20% of 150: no note
    assert sf.figures(plan(expected_caseload=150, new_enrollments_per_month=28, episode_months=5)).enrollment_note == ""


def test_consultant_hours_needed_are_3_a_week_per_full_time_care_manager_the_caseload_needs():
    fig = sf.figures(plan(care_manager_fte=1.5, expected_caseload=150, consultant_hours_per_week=2.5))
    assert fig.consultant_needed == pytest.approx(4.5)  # 3 x 1.5
    assert fig.consultant_low_limit == pytest.approx(3.0)  # two thirds of 4.5
    assert fig.consultant_low  # 2.5 < 3
    assert not sf.figures(plan(care_manager_fte=1.5, expected_caseload=150, consultant_hours_per_week=3)).consultant_low
    # 1.0 FTE planned for 150 patients: the caseload needs 150 / 117 = 1.28 FTE, so 3 x 1.28 = 3.85 hours a week
    assert sf.figures(plan(care_manager_fte=1.0, expected_caseload=150)).consultant_needed == pytest.approx(
        3 * 150 / 117, abs=0.01)


def test_a_week_with_no_direct_contact_hours_carries_no_one_and_says_so():
    fig = sf.figures(plan(hours_direct=0, hours_documentation=20))
    assert fig.fte_needed is None and fig.per_fte is None and fig.short_by_hours
    assert "no direct-contact hours" in " ".join(fig.explanations["hours"])


def test_without_a_scenario_the_figures_are_the_models_starting_figures_and_say_so():
    for sust in (None, su.SustainmentDoc()):
        fig = sf.figures(sust)
        assert not fig.saved
        assert (fig.fte, fig.caseload, fig.consultant_hours) == (1.0, 105, 3.0)  # AIMS middle 105 x 1.0 FTE
        assert "No financial scenario saved yet" in fig.explanations["source"][0]


def test_the_figures_follow_the_scenario_in_use_not_the_first():
    doc = su.add_scenario(plan(care_manager_fte=1.0), "Two care managers")
    two = doc.find("Two care managers")
    doc = su.with_inputs(doc, two.name, two.inputs.model_copy(update={"care_manager_fte": 2.0}))
    assert sf.figures(doc).fte == 1.0
    assert sf.figures(su.set_active(doc, "Two care managers")).fte == 2.0


# --- findings -------------------------------------------------------------------------------------


def test_short_of_care_manager_time_by_hours_and_above_the_range_is_one_finding():
    found = sf.findings(decided(care_manager="hire", psychiatric_consultant="contract", other_staff="in_place"),
                        plan(expected_caseload=150))
    assert ids(found) == ["staffing:care-manager-short"]
    f = found[0]
    assert f.severity == "should_fix" and f.item == "care_manager"
    assert f.text == ("The plan is short of care manager time: 1.0 FTE for 150 patients; the care manager's hours "
                      "carry 117 patients, 1.28 FTE needed and 150 patients per full-time care manager is above the "
                      "AIMS range of 90-120 for this population.")
    assert "1.28 FTE" in f.action


def test_short_by_hours_alone_within_the_range():
    # 118 patients at 1.0 FTE: within 90-120, but the hours carry 117: 118 / 117 = 1.01 FTE needed
    found = sf.findings(decided(care_manager="hire", psychiatric_consultant="contract", other_staff="in_place"),
                        plan(expected_caseload=118))
    assert ids(found) == ["staffing:care-manager-short"]
    assert "1.01 FTE needed" in found[0].text and "AIMS" not in found[0].text


def test_above_the_range_alone_when_the_hours_would_carry_it():
    # low income, limited support: 60-80; 88 patients fit in the hours (117) but 88 / 1.0 is above 80;
    # 88 / 80 = 1.1 FTE keeps it in the range
    found = sf.findings(decided(care_manager="hire", psychiatric_consultant="contract", other_staff="in_place"),
                        plan(population="behavioral_low", expected_caseload=88))
    assert ids(found) == ["staffing:care-manager-short"]
    assert "88 patients per full-time care manager is above the AIMS range of 60-80" in found[0].text
    assert "carry" not in found[0].text
    assert "reach 1.1 FTE" in found[0].action


def test_low_consultant_hours_is_a_finding():
    found = sf.findings(decided(care_manager="hire", psychiatric_consultant="contract", other_staff="in_place"),
                        plan(consultant_hours_per_week=1.5))
    assert ids(found) == ["staffing:consultant-low"]
    # guidance 3 x 1.0 = 3 hours; two thirds = 2; 1.5 is under it
    assert found[0].text == ("Psychiatric consultant time is low: 1.5 hours a week, under two thirds of the guidance "
                             "of 3 hours for 1.0 FTE of care manager time.")


def test_a_role_with_no_decision_is_a_finding_should_fix_when_the_role_is_short():
    found = sf.findings(sf.StaffingDoc(), plan(expected_caseload=150, other_staff_hours_per_week=0))
    by_id = {f.id: f for f in found}
    assert set(by_id) == {"staffing:care-manager-short", "staffing:no-decision:care_manager",
                          "staffing:no-decision:psychiatric_consultant"}  # no other-staff hours planned
    assert by_id["staffing:no-decision:care_manager"].severity == "should_fix"  # short
    assert by_id["staffing:no-decision:psychiatric_consultant"].severity == "note"  # 3 hours: enough
    assert "(1.0 FTE planned; 1.28 FTE needed)" in by_id["staffing:no-decision:care_manager"].text


def test_other_staff_count_when_the_scenario_plans_their_hours():
    doc = decided(care_manager="hire", psychiatric_consultant="contract")
    assert ids(sf.findings(doc, plan(other_staff_hours_per_week=5))) == ["staffing:no-decision:other_staff"]
    assert ids(sf.findings(doc, plan(other_staff_hours_per_week=0))) == []


def test_no_scenario_saved_is_left_to_the_sustainment_plan_so_the_inbox_has_it_once():
    found = sf.findings(decided(care_manager="hire", psychiatric_consultant="contract", other_staff="hire"), None)
    assert ids(found) == []
    assert [f.id for f in su.findings(su.SustainmentDoc()) if "scenario" in f.id] == ["sustainment:no-scenario"]


def test_a_decisions_team_member_owns_its_finding():
    doc = sf.StaffingDoc.model_validate({"roles": {"care_manager": {"person": "p1"}}})
    found = {f.id: f for f in sf.findings(doc, plan(), roles={"p1": "Behavioral health care manager"})}
    assert found["staffing:no-decision:care_manager"].owner_role == "Behavioral health care manager"
    assert found["staffing:no-decision:psychiatric_consultant"].owner_role == "CIT lead"


# --- progress and history -------------------------------------------------------------------------


def test_progress_is_complete_when_every_role_the_plan_needs_is_decided():
    no_other = plan(other_staff_hours_per_week=0)
    assert sf.progress(None, no_other) == "not started"
    assert sf.progress(sf.StaffingDoc(), no_other) == "not started"
    assert sf.progress(decided(care_manager="hire"), no_other) == "in progress"
    assert sf.progress(decided(care_manager="hire", psychiatric_consultant="not_decided"), no_other) == "in progress"
    assert sf.progress(decided(care_manager="hire", psychiatric_consultant="contract"), no_other) == "complete"
    with_other = plan(other_staff_hours_per_week=4)
    assert sf.progress(decided(care_manager="hire", psychiatric_consultant="contract"), with_other) == "in progress"
    assert sf.progress(decided(care_manager="hire", psychiatric_consultant="contract", other_staff="redeploy"),
                       with_other) == "complete"


def test_describe_names_each_roles_decision():
    assert sf.describe(decided(care_manager="redeploy", psychiatric_consultant="contract")) == (
        "Behavioral health care manager: Redeploy existing staff; Psychiatric consultant: Contract; Other staff: "
        "Not decided")


# --- the document and the editor rows -------------------------------------------------------------


def test_golden_fixture_loads_with_its_content():
    doc = sf.StaffingDoc.model_validate(json.loads((FIXTURES / "staffing_v1.json").read_text(encoding="utf-8")))
    cm = doc.decision("care_manager")
    assert (cm.decision, cm.person, cm.start) == ("redeploy", "p-luz", date(2027, 2, 1))
    assert doc.decision("psychiatric_consultant").who == "Regional telepsychiatry group, to confirm"
    assert not doc.decision("other_staff").decided


def test_editor_rows_take_labels_or_keys_and_leave_untouched_roles_out():
    rows = [
        {"id": "care_manager", "role": "Behavioral health care manager", "decision": "Redeploy existing staff",
         "person": "p1", "who": None, "start": "2027-02-01", "note": float("nan")},
        {"id": "psychiatric_consultant", "decision": "contract", "person": None, "who": "Telepsychiatry group",
         "start": None, "note": ""},
        {"id": "other_staff", "decision": "not_decided", "person": None, "who": "", "start": None, "note": None},
    ]
    doc = sf.StaffingDoc.model_validate({"roles": sf.roles_from_rows(rows)})
    assert set(doc.roles) == {"care_manager", "psychiatric_consultant"}
    assert doc.decision("care_manager").decision == "redeploy"
    assert doc.decision("care_manager").start == date(2027, 2, 1)
    assert doc.decision("psychiatric_consultant").who == "Telepsychiatry group"


def test_a_bad_decision_or_date_is_refused_in_words():
    with pytest.raises(ValidationError) as info:
        sf.StaffingDoc.model_validate({"roles": {"care_manager": {"decision": "maybe", "start": "soon"}}})
    text = str(info.value)
    assert 'choose Hire, Redeploy existing staff, Contract, Already in place or Not decided (you entered "maybe")' \
        in text
    assert 'enter a date such as 2027-03-15 (you entered "soon")' in text
    with pytest.raises(ValidationError, match="role nurse is not on this worksheet"):
        sf.StaffingDoc.model_validate({"roles": {"nurse": {"decision": "hire"}}})


def test_a_team_member_who_left_the_roster_is_named_by_role():
    doc = sf.StaffingDoc.model_validate({"roles": {"psychiatric_consultant": {"decision": "contract",
                                                                               "person": "gone"}}})
    assert sf.person_problems(doc, {"p1"}) == [
        "Staffing, Psychiatric consultant, team member: this person is no longer on the implementation team. "
        "Choose someone on the team, or type who in the Who column."]
    assert sf.person_problems(doc, {"gone"}) == []


# --- changing the figures: saved into the Sustainment plan's scenario in use ----------------------


def test_new_figures_go_into_the_scenario_in_use_and_nothing_else_changes():
    before = su.add_scenario(plan(care_manager_salary=68_000), "Lean")
    after = sf.with_figures(before, {"care_manager_fte": 1.5, "consultant_hours_per_week": 4.5,
                                     "expected_caseload": 160})
    used = after.active().inputs
    assert (after.active().name, used.care_manager_fte, used.consultant_hours_per_week, used.expected_caseload) == (
        "Base case", 1.5, 4.5, 160)
    assert used.care_manager_salary == 68_000
    assert after.find("Lean") == before.find("Lean")
    assert su.staffing_figures(after).care_manager_fte == 1.5  # what the Sustainment plan reports


def test_with_no_scenario_the_first_one_is_made_from_the_starting_figures():
    after = sf.with_figures(su.SustainmentDoc(), {"care_manager_fte": 0.8})
    assert after.names() == ["Base case"] and after.active_scenario == "Base case"
    assert after.active().inputs.care_manager_fte == 0.8
    assert after.active().inputs.care_manager_salary == fm.FinancialInputs().care_manager_salary


def test_a_bad_figure_is_refused_in_words():
    with pytest.raises(su.InputProblems) as info:
        sf.with_figures(plan(), {"care_manager_fte": 7, "expected_caseload": None})
    assert info.value.by_field["care_manager_fte"] == [
        "Care manager FTE (full-time equivalents): must be 5 or less; you entered 7"]
    assert "expected_caseload" in info.value.by_field


def test_figures_that_leave_no_room_for_the_psychotherapy_visits_are_refused():
    therapy = [line.model_dump() for line in fm.default_psychotherapy()]
    for line in therapy:
        line["visits_per_month"] = 30 if line["code"] == "90834" else 0
    # 0.2 FTE x 6,240 = 1,248 minutes of direct contact, less than the 30 x 45 = 1,350 minutes of psychotherapy
    with pytest.raises(su.InputProblems) as info:
        sf.with_figures(plan(psychotherapy=therapy), {"care_manager_fte": 0.2})
    assert "psychotherapy" in info.value.by_field
    assert "1,350 minutes a month, more than the 1,248 minutes" in info.value.lines[0]
