"""Shared vision: validation with plain messages, measure suggestions, progress, open items, roster labels."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from planning import plans
from worksheets import shared_vision as sv
from worksheets.content import Bullets, KeyValues, Para, Table
from worksheets.team import Member, TeamDoc

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "shared_vision_v1.json"


def fixture_doc() -> sv.SharedVisionDoc:
    return sv.SharedVisionDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))


def errors(data: dict) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        sv.SharedVisionDoc.model_validate(data)
    return plans.humanize(exc.value, sv.SharedVisionDoc)


def team() -> TeamDoc:
    return TeamDoc(members=[Member(id="p1", name="Maria Okafor", role="CIT lead"),
                            Member(id="p2", name="Luz Ramírez", role="Behavioral health care manager",
                                   role_detail="Social worker")])


# ---- golden fixture and format --------------------------------------------------------------

def test_golden_fixture_reads_and_is_complete():
    doc = fixture_doc()  # saved in format 1, read as format 2: rows gain ids
    assert doc.schema_version == 2
    assert all(r.id for r in doc.treatments) and len({r.id for r in doc.treatments}) == len(doc.treatments)
    assert doc.in_scope() == ["depression", "anxiety", "ptsd"]
    assert sv.progress(doc) == sv.COMPLETE
    assert sv.findings(doc) == []


def test_newer_format_is_refused_with_a_plain_message():
    lines = errors({"schema_version": 3})
    assert any("newer version of the workbook" in line for line in lines)


def test_unknown_field_is_refused():
    lines = errors({"why": {"problem": "x", "budget": 3}})
    assert lines == ["why we are doing this, budget: this field is not part of the workbook format"]


# ---- goals: out-of-range values get plain messages ------------------------------------------

def test_follow_up_rate_over_100_is_rejected_plainly():
    lines = errors({"goals": {"year_1": {"follow_up_rate_pct": 140}}})
    assert lines == ["goals, year 1, follow-up rate (%): a percentage must be between 0 and 100 (you entered 140)"]


def test_negative_enrollment_is_rejected_plainly():
    lines = errors({"goals": {"year_2": {"patients_enrolled": -3}}})
    assert lines == ["goals, year 2, patients enrolled: the number of patients cannot be negative (you entered -3)"]


@pytest.mark.parametrize("value, message", [
    (2.5, "enter a whole number of patients (you entered 2.5)"),
    (250_000, "enter at most 100,000 patients (you entered 250000)"),
    ("lots", "enter a number (you entered 'lots')"),
])
def test_enrollment_must_be_a_sensible_whole_number(value, message):
    assert errors({"goals": {"year_1": {"patients_enrolled": value}}}) == [
        f"goals, year 1, patients enrolled: {message}"]


def test_share_improved_below_zero_is_rejected():
    lines = errors({"goals": {"year_3": {"improved_pct": -1}}})
    assert lines == ["goals, year 3, share improved (%): a percentage must be between 0 and 100 (you entered -1)"]


def test_goal_bounds_and_blanks_are_accepted():
    doc = sv.SharedVisionDoc.model_validate({"goals": {
        "year_1": {"patients_enrolled": 0, "follow_up_rate_pct": 100, "improved_pct": 0},
        "year_2": {"patients_enrolled": float("nan"), "follow_up_rate_pct": "", "improved_pct": None},
        "year_3": {"patients_enrolled": 40.0, "follow_up_rate_pct": "80%"}}})
    assert sv.goals_for_monitoring(doc) == {
        1: {"patients_enrolled": 0, "follow_up_rate_pct": 100.0, "improved_pct": 0.0},
        2: {"patients_enrolled": None, "follow_up_rate_pct": None, "improved_pct": None},
        3: {"patients_enrolled": 40, "follow_up_rate_pct": 80.0, "improved_pct": None},
    }
    assert isinstance(sv.goals_for_monitoring(doc)[3]["patients_enrolled"], int)


def test_goals_for_monitoring_reads_the_fixture_and_an_absent_document():
    assert sv.goals_for_monitoring(fixture_doc())[1] == {"patients_enrolled": 120, "follow_up_rate_pct": 75.0,
                                                         "improved_pct": 40.0}
    assert sv.goals_for_monitoring(None) == {n: {"patients_enrolled": None, "follow_up_rate_pct": None,
                                                 "improved_pct": None} for n in (1, 2, 3)}
    assert [k for k, _, _ in sv.GOAL_MEASURES] == list(sv.goals_for_monitoring(None)[1])


# ---- rows ------------------------------------------------------------------------------------

def test_treatment_needs_a_name_and_one_deliverer():
    lines = errors({"treatments": [{"treatment": "Behavioral activation", "role": "Nurse"},
                                   {"treatment": "", "role": "Nurse"},
                                   {"treatment": "PST", "person_id": "p1", "role": "Nurse"}]})
    assert lines == [
        "evidence-based treatments, row 2, treatment: this cannot be empty: write the treatment's name",
        "evidence-based treatments, row 3: who delivers: pick one person or one role, not both",
    ]


def test_service_future_must_be_stays_changes_or_ends():
    lines = errors({"services": [{"service": "Co-located therapist", "future": "Grows"}]})
    assert len(lines) == 1
    assert lines[0].startswith("existing behavioral health services, row 1, stays, changes or ends:")
    assert "'Stays', 'Changes' or 'Ends'" in lines[0]


def test_unknown_condition_and_duplicate_measure_are_rejected():
    assert errors({"scope": {"conditions": ["insomnia"]}})[0].startswith(
        "conditions and exclusions, conditions in scope, row 1: Input should be")
    lines = errors({"scope": {"conditions": ["depression"]},
                    "measures": [{"condition": "depression", "measure": "PHQ-9"},
                                 {"condition": "depression", "measure": "PHQ-8"}]})
    assert lines == ["measures: Depression is listed twice (keep one measure per condition)"]


def test_conditions_keep_catalog_order_without_repeats():
    doc = sv.SharedVisionDoc.model_validate({"scope": {"conditions": ["ptsd", "depression", "ptsd"],
                                                       "other_condition": "Insomnia"}})
    assert doc.in_scope() == ["depression", "ptsd", "other"]
    assert [sv.condition_label(doc, k) for k in doc.in_scope()] == ["Depression", "PTSD", "Insomnia"]


def test_editor_rows_become_document_rows():
    rows = [{"id": "t1", "treatment": "Behavioral activation", "who": "p2", "training": "Workshop"},
            {"treatment": "PST", "who": "role:Behavioral health care manager", "training": None},
            {"treatment": None, "who": None, "training": float("nan")}]
    out = sv.treatments_data(rows)
    assert out[0] == {"id": "t1", "treatment": "Behavioral activation", "person_id": "p2", "role": "",
                      "training": "Workshop"}  # a saved row keeps its id
    new_id = out[1].pop("id")
    assert new_id and new_id != "t1" and len(out) == 2  # a new row gets its own id; the blank row is skipped
    assert out[1] == {"treatment": "PST", "person_id": None, "role": "Behavioral health care manager",
                      "training": ""}
    services = sv.services_data([{"service": "Therapist", "future": None}, {"service": " "}])
    assert [{k: v for k, v in r.items() if k != "id"} for r in services] == [
        {"service": "Therapist", "future": None, "what_changes": "", "refer_in": "", "refer_out": ""}]


def test_a_treatment_row_with_no_name_is_refused_not_dropped():
    rows = sv.treatments_data([{"treatment": None, "who": "role:Psychiatric consultant", "training": "Workshop"}])
    lines = errors({"treatments": rows})
    assert lines == ["evidence-based treatments, row 1, treatment: this cannot be empty: write the treatment's name"]
    assert sv.measures_data([{"key": "depression", "measure": "PHQ-9", "note": None},
                             {"key": "anxiety", "measure": "", "note": ""}]) == [
        {"condition": "depression", "measure": "PHQ-9", "note": ""}]


# ---- measure suggestions --------------------------------------------------------------------

def test_ticking_conditions_suggests_validated_measures():
    old = sv.SharedVisionDoc()
    new = sv.SharedVisionDoc.model_validate({"scope": {"conditions": ["alcohol", "depression", "anxiety", "ptsd",
                                                                      "chronic_pain"]}})
    new, added = sv.apply_measure_suggestions(new, old)
    assert added == [("Depression", "PHQ-9"), ("Anxiety disorders", "GAD-7"), ("PTSD", "PCL-5"),
                     ("Alcohol use", "AUDIT-C")]
    assert {k: new.measure_for(k) for k in new.in_scope()} == {
        "depression": "PHQ-9", "anxiety": "GAD-7", "ptsd": "PCL-5", "alcohol": "AUDIT-C", "chronic_pain": ""}
    assert "No measure chosen for Chronic pain." in [f.text for f in sv.findings(new)]


def test_a_measure_the_team_chose_is_never_replaced():
    old = sv.SharedVisionDoc()
    new = sv.SharedVisionDoc.model_validate({"scope": {"conditions": ["depression"]},
                                             "measures": [{"condition": "depression", "measure": "PHQ-8"}]})
    new, added = sv.apply_measure_suggestions(new, old)
    assert added == [] and new.measure_for("depression") == "PHQ-8"


def test_no_suggestion_for_a_condition_already_in_scope():
    # the team cleared the measure on purpose: saving again must not put it back
    old = sv.SharedVisionDoc.model_validate({"scope": {"conditions": ["depression"]}})
    new, added = sv.apply_measure_suggestions(old.model_copy(), old)
    assert added == [] and new.measure_for("depression") == ""
    assert "No measure chosen for Depression (suggested: PHQ-9)." in [f.text for f in sv.findings(new)]


def test_measure_rows_show_the_suggestion_next_to_the_saved_measure():
    doc = sv.SharedVisionDoc.model_validate({"scope": {"conditions": ["ptsd"], "other_condition": "Insomnia"},
                                             "measures": [{"condition": "other", "measure": "ISI"}]})
    assert sv.measure_rows(doc) == [
        {"key": "ptsd", "condition": "PTSD", "measure": "", "note": "", "suggested": "PCL-5"},
        {"key": "other", "condition": "Insomnia", "measure": "ISI", "note": "", "suggested": ""},
    ]


# ---- progress and open items ----------------------------------------------------------------

def test_progress_moves_from_not_started_to_complete():
    assert sv.progress(None) == sv.NOT_STARTED
    assert sv.progress(sv.SharedVisionDoc()) == sv.NOT_STARTED
    doc = sv.SharedVisionDoc.model_validate({"why": {"problem": "Long waits for therapy."}})
    assert sv.progress(doc) == sv.IN_PROGRESS
    complete = fixture_doc()
    assert sv.progress(complete) == sv.COMPLETE
    for change in ({"vision": {**complete.vision.model_dump(), "signed_by": []}},
                   {"vision": {**complete.vision.model_dump(), "statement": ""}},
                   {"goals": {"year_1": {"patients_enrolled": 120, "follow_up_rate_pct": 75}}},
                   {"measures": []},
                   {"why": {"problem": ""}},
                   {"scope": {"conditions": []}}):
        data = complete.model_dump(mode="json") | change
        assert sv.progress(sv.SharedVisionDoc.model_validate(data)) == sv.IN_PROGRESS, change


def test_findings_name_what_is_missing():
    doc = sv.SharedVisionDoc.model_validate({
        "scope": {"conditions": ["ptsd"]},
        "treatments": [{"treatment": "Behavioral activation"}],
        "services": [{"service": "County mental health center"}],
        "goals": {"year_1": {"patients_enrolled": 50}},
        "vision": {"statement": "Better care.", "signed_by": ["p1"]},
    })
    assert [f.text for f in sv.findings(doc)] == [
        "Why the clinic is doing this is not written yet.",
        "No measure chosen for PTSD (suggested: PCL-5).",
        "Year 1 goals not set: follow-up rate, share improved.",
        "Sign-off date missing.",
        "No one named to deliver Behavioral activation.",
        "Decide whether County mental health center stays, changes or ends.",
    ]
    empty = [f.text for f in sv.findings(sv.SharedVisionDoc())]
    assert "No conditions chosen yet." in empty and "Vision not signed off yet." in empty
    assert "Vision statement not written yet." in empty


def test_sign_off_with_empty_statement_warns():
    doc = sv.SharedVisionDoc.model_validate({"vision": {"signed_by": ["p1"], "signed_on": "2026-10-14"}})
    assert len(sv.signoff_warnings(doc)) == 1 and "statement is empty" in sv.signoff_warnings(doc)[0]
    assert sv.signoff_warnings(fixture_doc()) == []
    assert sv.signoff_warnings(sv.SharedVisionDoc()) == []


# ---- people by roster id --------------------------------------------------------------------

def test_people_are_stored_by_id_and_labelled_from_the_roster():
    names = team().options()
    doc = sv.SharedVisionDoc.model_validate({
        "treatments": [{"treatment": "Behavioral activation", "person_id": "p2"},
                       {"treatment": "PST", "person_id": "gone1"},
                       {"treatment": "MI", "role": "Nurse"}],
        "vision": {"signed_by": ["p1", "gone1"], "signed_on": date(2026, 10, 14)}})
    assert [sv.deliverer_label(r, names) for r in doc.treatments] == [
        "Luz Ramírez (Social worker)", "(removed from the team)", "Nurse"]
    assert [sv.person_label(p, names) for p in doc.vision.signed_by] == ["Maria Okafor (CIT lead)",
                                                                       "(removed from the team)"]
    # renaming in the roster renames here: nothing but the id is stored
    renamed = TeamDoc(members=[m.model_copy(update={"name": "Luz Ramírez-Ortiz"}) if m.id == "p2" else m
                               for m in team().members])
    assert sv.deliverer_label(doc.treatments[0], renamed.options()) == "Luz Ramírez-Ortiz (Social worker)"
    assert "Luz" not in json.dumps(doc.model_dump(mode="json"))


def test_who_delivers_choices_and_labels():
    names = team().options()
    doc = sv.SharedVisionDoc.model_validate({"treatments": [{"treatment": "PST", "person_id": "gone1"}]})
    options = sv.who_options(doc, names)
    assert options[:2] == ["p1", "p2"] and options[-1] == "gone1"
    assert "role:Behavioral health care manager" in options
    assert sv.who_label("role:Nurse", names) == "Role: Nurse"
    assert sv.who_label("gone1", names) == sv.REMOVED
    assert sv.who_label(None, names) == ""
    assert sv.who_value(doc.treatments[0]) == "gone1"


# ---- report and registry --------------------------------------------------------------------

def test_report_section_holds_every_part():
    doc = fixture_doc()
    names = {"a1f3c9e2b701": "Maria Okafor (Practice manager)", "b72d0e4c9a15": "Dr. Wei Chen (Family physician)"}
    section = sv.report_section(doc, 4, names)
    assert section.title == "Shared vision" and section.revision == 4
    text = json.dumps([b.__dict__ for b in section.blocks], ensure_ascii=False)
    for expected in ("PHQ-9", "PCL-5", "Behavioral activation", "County community mental health center",
                     "Dr. Wei Chen (Family physician)", "(removed from the team)", "Eastside clinic", "120",
                     "75%", "14 Oct 2026", doc.vision.statement):
        assert expected in text, expected
    goals = next(b for b in section.blocks if isinstance(b, Table) and b.columns[0] == "Goal")
    assert goals.rows[0] == ("Patients enrolled", "120", "200", "260")
    assert goals.rows[1] == ("Follow-up rate", "75%", "80%", "85%")
    assert any(isinstance(b, KeyValues) for b in section.blocks)


def test_report_of_an_empty_worksheet_says_what_is_missing():
    section = sv.report_section(sv.SharedVisionDoc())
    bullets = [b for b in section.blocks if isinstance(b, Bullets)]
    assert bullets and "Vision not signed off yet." in bullets[-1].items
    assert any(isinstance(b, Para) and b.text == "No conditions chosen yet." for b in section.blocks)


def test_a_sign_off_without_a_date_is_dated_the_day_it_is_saved():
    today = date(2026, 11, 25)
    assert sv.vision_data("Better care", ["p1"], None, today)["signed_on"] == today
    assert sv.vision_data("Better care", ["p1"], date(2026, 10, 14), today)["signed_on"] == date(2026, 10, 14)
    assert sv.vision_data("Better care", [], None, today)["signed_on"] is None  # nobody signed: no date
