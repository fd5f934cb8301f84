"""Training plan rules: the catalog, assignments that follow the roster, due dates from the launch date and from a
new hire's start date, findings (overdue, required, the care manager's blocker), editor rows and bad input,
"training wanted" offers, and the golden fixture.

Dates are worked out by hand in the comments. The plan's target launch is 3 May 2027 (the Riverbend example).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.conftest import HOSTILE
from worksheets import training as tr
from worksheets.self_assessment import SelfAssessmentDoc

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "training_v1.json"
LAUNCH = date(2027, 5, 3)
TODAY = date(2026, 11, 25)

MARIA = tr.Person("lead1", "Maria Okafor", "CIT lead", "Practice manager")
CHEN = tr.Person("pcp1", "Dr. Wei Chen", "PCP champion", "Family physician")
LUZ = tr.Person("cm1", "Luz Ramírez", "Behavioral health care manager")
SAM = tr.Person("pc1", "Dr. Samuel Adeyemi", "Psychiatric consultant")
TOM = tr.Person("oth1", "Tom Becker", "Other", "Billing supervisor")
TEAM = [MARIA, CHEN, LUZ, SAM, TOM]


def doc(**data) -> tr.TrainingDoc:
    return tr.TrainingDoc.model_validate(data)


def line(d: tr.TrainingDoc, person: tr.Person, training_id: str, launch=LAUNCH) -> tr.Line:
    return next(ln for ln in tr.lines(d, [person], launch) if ln.training.id == training_id)


def ids(d: tr.TrainingDoc, person: tr.Person) -> list[str]:
    return [ln.training.id for ln in tr.lines(d, [person], LAUNCH)]


# ---- the catalog ----------------------------------------------------------------------------------

def test_each_training_has_its_own_id_a_role_a_type_and_words():
    assert len(set(tr.CATALOG_IDS)) == len(tr.CATALOG_IDS)  # assignments are stored by id
    for t in tr.CATALOG:
        assert t.title.strip() and t.about.strip() and t.type in tr.TYPES, t.id
        assert t.roles and set(t.roles) <= set(tr.ROLES), t.id
        assert not t.id.startswith(tr.CUSTOM_PREFIX)  # the clinic's own trainings can never collide


def test_behavioral_activation_is_8_hours_over_4_months_as_published():
    ba = tr.catalog_training("bhcm-ba")
    assert ba.hours == 8 and ba.hours_text == "8 h (over about 4 months)"
    # starts 60 days before launch, finishes 60 days after: 120 days, about 4 months
    # optional: the timing is a suggestion, and no due date is set unless the team sets one
    assert ba.lead_days == 120 and ba.due_rule() == "Optional; suggested: 60 days after launch; start 60 days before"
    assert tr.catalog_training("bhcm-essentials").hours_text == "6 h (estimate)"  # our estimates say so


def test_the_core_care_manager_course_runs_from_90_to_60_days_before_launch_and_gives_ce():
    course = tr.catalog_training("bhcm-course")
    assert course.required and course.ce and course.roles == ("Behavioral health care manager",)
    assert course.due_rule() == "60 days before launch; start 90 days before"


# ---- assignments follow the roster ----------------------------------------------------------------

def test_each_role_gets_its_trainings_without_anything_typed():
    d = tr.TrainingDoc()
    assert ids(d, TOM) == ["team-intro", "team-tasks", "team-why", "team-suicide"]  # whole team only
    assert "pcp-skills" in ids(d, CHEN) and "bhcm-course" not in ids(d, CHEN)
    assert {"bhcm-role", "bhcm-essentials", "bhcm-course", "bhcm-case-review"} <= set(ids(d, LUZ))
    assert "bhcm-case-review" in ids(d, SAM)  # prepared together by the care manager and the consultant
    assert "lead-roles" in ids(d, MARIA) and "lead-roles" in ids(d, CHEN)


def test_a_person_added_to_the_roster_has_their_trainings_at_once():
    d = doc(assignments={"cm1": {"bhcm-course": {"status": "in progress"}}})
    new_cm = tr.Person("cm2", "Ana Torres", "Behavioral health care manager")
    before = tr.lines(d, [LUZ], LAUNCH)
    after = tr.lines(d, [LUZ, new_cm], LAUNCH)
    assert len(after) == 2 * len(before)  # the same trainings, for the same role
    assert line(d, new_cm, "bhcm-course").status == "not started"  # her own entries: none yet


def test_the_clinic_s_own_training_goes_to_everyone_in_its_roles():
    d = doc(custom=[{"id": "c-ehr", "title": "EHR note templates", "roles": ["Behavioral health care manager",
                                                                            "Other"], "required": True}])
    assert "c-ehr" in ids(d, LUZ) and "c-ehr" in ids(d, TOM) and "c-ehr" not in ids(d, CHEN)
    # a required clinic training is due 14 days before launch: 3 May 2027 - 14 days = 19 Apr 2027
    assert line(d, TOM, "c-ehr").due == date(2027, 4, 19)


# ---- due dates from the launch date -----------------------------------------------------------------

def test_care_manager_trainings_are_due_60_days_before_launch():
    d = tr.TrainingDoc()
    # 3 May 2027 - 30 days = 3 Apr; - 30 more = 4 Mar 2027 (April has 30 days)
    for tid in ("bhcm-role", "bhcm-essentials", "bhcm-course"):
        ln = line(d, LUZ, tid)
        assert (ln.due, ln.due_from) == (date(2027, 3, 4), "launch"), tid
    assert line(d, LUZ, "bhcm-registry").due == date(2027, 4, 3)  # 30 days before
    assert line(d, LUZ, "team-intro").due == date(2027, 4, 5)  # 28 days before: 3 May - 28 = 5 Apr
    assert line(d, LUZ, "team-suicide").due == date(2027, 4, 19)  # 14 days before


def test_optional_trainings_have_no_due_date_until_one_is_set_or_they_are_made_required():
    assert line(tr.TrainingDoc(), LUZ, "bhcm-mi").due is None
    set_by_hand = doc(assignments={"cm1": {"bhcm-mi": {"due": "2027-02-01"}}})
    assert (line(set_by_hand, LUZ, "bhcm-mi").due, line(set_by_hand, LUZ, "bhcm-mi").due_from) == (
        date(2027, 2, 1), "set by hand")
    required = doc(required={"bhcm-mi": True})
    assert line(required, LUZ, "bhcm-mi").due == date(2027, 4, 19)  # its catalog rule: 14 days before launch


def test_without_a_launch_date_due_dates_stay_blank():
    d = tr.TrainingDoc()
    assert all(ln.due is None for ln in tr.lines(d, TEAM, None))


# ---- reboot for new hires -----------------------------------------------------------------------

def test_a_new_hire_s_due_dates_count_from_their_start_date():
    d = doc(start_dates={"oth2": "2027-03-15"})
    ma = tr.Person("oth2", "Ana Torres", "Other", "Medical assistant")
    # whole-team introduction: from launch 5 Apr 2027; from her start 15 Mar + 30 days = 14 Apr 2027 (later)
    intro = line(d, ma, "team-intro")
    assert (intro.due, intro.due_from) == (date(2027, 4, 14), "start date")
    # key tasks: from launch 19 Apr 2027 is later than 14 Apr, so the launch date stands
    tasks = line(d, ma, "team-tasks")
    assert (tasks.due, tasks.due_from) == (date(2027, 4, 19), "launch")


def test_a_care_manager_hired_after_launch_gets_60_days_for_role_training_and_30_for_the_team_s():
    d = doc(start_dates={"cm2": "2027-06-01"})
    new_cm = tr.Person("cm2", "Ana Torres", "Behavioral health care manager")
    # 1 Jun 2027 + 60 days = 31 Jul 2027 (29 days to 30 Jun, 31 to 31 Jul)
    assert (line(d, new_cm, "bhcm-course").due, line(d, new_cm, "bhcm-course").due_from) == (
        date(2027, 7, 31), "start date")
    assert line(d, new_cm, "team-intro").due == date(2027, 7, 1)  # 1 Jun + 30 days
    # a course that itself takes longer gets its own length: BA made required runs 120 days,
    # 1 Jun + 120 = 29 Sep 2027 (30 Jun = 29, 31 Jul = 60, 31 Aug = 91, 29 Sep = 120)
    d = doc(start_dates={"cm2": "2027-06-01"}, required={"bhcm-ba": True})
    assert line(d, new_cm, "bhcm-ba").due == date(2027, 9, 29)


def test_a_start_date_long_before_the_launch_changes_nothing():
    d = doc(start_dates={"cm1": "2019-08-01"})
    assert (line(d, LUZ, "bhcm-course").due, line(d, LUZ, "bhcm-course").due_from) == (date(2027, 3, 4), "launch")


def test_a_new_hire_without_a_launch_date_still_gets_due_dates_from_the_start():
    d = doc(start_dates={"oth1": "2027-01-04"})
    assert line(d, TOM, "team-intro", launch=None).due == date(2027, 2, 3)  # 4 Jan + 30 days


# ---- findings -----------------------------------------------------------------------------------

def test_the_care_manager_s_required_trainings_not_done_are_one_blocker():
    found = {f.id: f for f in tr.findings(tr.TrainingDoc(), [LUZ], LAUNCH, TODAY)}
    assert list(found) == ["training:cm-required:cm1"]
    f = found["training:cm-required:cm1"]
    assert f.severity == "blocker" and f.item == "cm1" and f.owner_role == "Behavioral health care manager"
    # 8 required: the whole team's 3 and the care manager's 5; the soonest due (4 Mar 2027) first
    assert f.text.startswith("Care manager Luz Ramírez has not finished 8 required trainings: The care manager role")
    assert "and 5 more" in f.text


def test_the_blocker_clears_when_every_required_training_is_done_or_not_needed():
    required = [ln.training.id for ln in tr.lines(tr.TrainingDoc(), [LUZ], LAUNCH) if ln.required]
    entries = {tid: {"status": "done", "completed": "2026-11-20"} for tid in required}
    entries["team-tasks"] = {"status": "not needed"}
    assert tr.findings(doc(assignments={"cm1": entries}), [LUZ], LAUNCH, TODAY) == []
    entries["bhcm-course"] = {"status": "in progress"}
    found = tr.findings(doc(assignments={"cm1": entries}), [LUZ], LAUNCH, TODAY)
    assert [f.id for f in found] == ["training:cm-required:cm1"]
    assert "1 required training:" in found[0].text and "Collaborative Care Training" in found[0].text


def test_overdue_trainings_are_one_finding_per_person():
    d = doc(assignments={"pcp1": {"pcp-role": {"due": "2026-11-01"}, "pcp-skills": {"due": "2026-11-20",
                                                                                     "status": "in progress"},
                                  "lead-book": {"due": "2026-11-24"}, "team-why": {"due": "2026-11-25"}}})
    found = {f.id: f for f in tr.findings(d, [CHEN], LAUNCH, TODAY)}
    late = found["training:overdue:pcp1"]
    assert late.severity == "should_fix"
    # three due before 25 Nov 2026 (1, 20 and 24 Nov); the one due today is not overdue yet
    assert late.text.startswith("Dr. Wei Chen has 3 overdue trainings: The PCP's role in Collaborative Care "
                                "(OVERDUE, due 1 Nov 2026)")
    assert "Why Collaborative Care" not in late.text
    # his other required trainings (the team's three) are in one "required" finding, without the overdue ones
    req = found["training:required:pcp1"]
    assert req.severity == "should_fix" and "3 required trainings not done yet" in req.text
    assert "PCP's role" not in req.text


def test_a_care_manager_s_overdue_required_training_is_in_the_blocker_not_twice():
    d = doc(assignments={"cm1": {"bhcm-course": {"due": "2026-11-01"}, "bhcm-mi": {"due": "2026-11-02"}}})
    found = {f.id: f for f in tr.findings(d, [LUZ], LAUNCH, TODAY)}
    assert "Collaborative Care Training for Behavioral Health Care Managers (CE) (OVERDUE, due 1 Nov 2026)" in \
        found["training:cm-required:cm1"].text
    assert found["training:overdue:cm1"].text == (
        "Luz Ramírez has 1 overdue training: Motivational interviewing (OVERDUE, due 2 Nov 2026).")


def test_a_person_whose_trainings_are_all_not_needed_has_no_finding():
    d = doc(assignments={"oth1": {t: {"status": "not needed"} for t in ("team-intro", "team-tasks", "team-why",
                                                                         "team-suicide")}})
    assert tr.findings(d, [TOM], LAUNCH, TODAY) == []


def test_done_and_not_needed_are_never_overdue():
    d = doc(assignments={"oth1": {"team-intro": {"status": "done", "due": "2026-01-01"},
                                  "team-tasks": {"status": "not needed", "due": "2026-01-01"}}})
    assert tr.overdue(tr.lines(d, [TOM], LAUNCH), TODAY) == []


# ---- the assignments editor ---------------------------------------------------------------------

def row(person="cm1", training="bhcm-course", **cells):
    return {"person": person, "training": training, "due": None, "status": None, "completed": None,
            "ce_hours": None, "note": None, **cells}


def test_an_edited_row_is_saved_and_the_worked_out_due_date_is_not_stored():
    d, problems = tr.assignments_from_rows(tr.TrainingDoc(), [
        row(status="done", completed="2026-11-20", ce_hours=12.5, note="Certificate to HR", due="2027-03-04"),
        row(training="bhcm-role", status="not started", due="2027-02-15"),
        row(training="bhcm-essentials"),  # untouched: nothing stored
    ], TEAM, LAUNCH, TODAY)
    assert problems == []
    course = d.entry("cm1", "bhcm-course")
    assert (course.status, course.completed, course.ce_hours, course.note) == (
        "done", date(2026, 11, 20), 12.5, "Certificate to HR")
    assert course.due is None  # 4 Mar 2027 is the worked-out date: it keeps following the launch date
    assert d.entry("cm1", "bhcm-role").due == date(2027, 2, 15) and d.entry("cm1", "bhcm-role").status is None
    assert set(d.assignments["cm1"]) == {"bhcm-course", "bhcm-role"}


def test_rows_not_shown_keep_what_was_saved():
    saved = doc(assignments={"pcp1": {"pcp-skills": {"status": "done", "completed": "2026-11-18"}}})
    d, _ = tr.assignments_from_rows(saved, [row(status="in progress")], TEAM, LAUNCH, TODAY)
    assert d.entry("pcp1", "pcp-skills").status == "done" and d.entry("cm1", "bhcm-course").status == "in progress"


@pytest.mark.parametrize("cells, expected", [
    ({"ce_hours": -2}, "Training plan, Luz Ramírez, \"Collaborative Care Training for Behavioral Health Care "
                       "Managers (CE)\", CE/CME hours earned: cannot be below 0; you entered -2"),
    ({"ce_hours": 150}, "CE/CME hours earned: must be 100 or less; you entered 150"),
    ({"ce_hours": "lots"}, "CE/CME hours earned: enter a number of hours, such as 2.5 (you entered \"lots\")"),
    ({"completed": "last week", "status": "done"}, "completion date: enter a date such as 2027-03-15 (you entered "
                                                   "\"last week\")"),
    ({"status": "finished"}, "status: choose Not started, In progress, Done or Not needed (you entered "
                             "\"finished\")"),
    ({"status": "done", "completed": "2026-12-01"}, "completion date: 1 Dec 2026 is in the future. Enter the day it "
                                                    "was finished, or leave it empty until then."),
    ({"status": "in progress", "completed": "2026-11-01"}, "completion date: a completion date is entered but the "
                                                           "status is \"In progress\". Choose Done, or clear the "
                                                           "completion date."),
])
def test_bad_input_is_refused_naming_the_person_the_training_and_the_field(cells, expected):
    d, problems = tr.assignments_from_rows(tr.TrainingDoc(), [row(**cells)], TEAM, LAUNCH, TODAY)
    assert d is None
    assert len(problems) == 1 and expected in problems[0], problems
    assert problems[0].startswith("Training plan, Luz Ramírez, ")


def test_done_today_with_no_completion_date_is_accepted():
    d, problems = tr.assignments_from_rows(tr.TrainingDoc(), [row(status="done")], TEAM, LAUNCH, TODAY)
    assert problems == [] and tr.status_words(line(d, LUZ, "bhcm-course"), TODAY) == "Done · date not recorded"
    d, problems = tr.assignments_from_rows(tr.TrainingDoc(), [row(status="done", completed="2026-11-25")], TEAM,
                                           LAUNCH, TODAY)
    assert problems == []  # finished today: not in the future


def test_a_completion_before_the_person_joined_is_kept_with_a_warning():
    d = doc(start_dates={"cm1": "2026-09-01"},
            assignments={"cm1": {"bhcm-mi": {"status": "done", "completed": "2024-06-14"}}})
    assert tr.warnings(d, [LUZ]) == [
        "Luz Ramírez: \"Motivational interviewing\" was completed on 14 Jun 2024, before they joined on 1 Sep 2026. "
        "Kept: training done before joining counts. Check the year if it is a typo."]


def test_hostile_text_in_a_note_is_kept_exactly():
    d, problems = tr.assignments_from_rows(tr.TrainingDoc(), [row(note=HOSTILE)], TEAM, LAUNCH, TODAY)
    assert problems == [] and d.entry("cm1", "bhcm-course").note == HOSTILE
    again = tr.TrainingDoc.model_validate(d.model_dump(mode="json"))
    assert again.entry("cm1", "bhcm-course").note == HOSTILE


def test_a_row_of_someone_who_left_is_refused_with_a_reload_hint():
    _, problems = tr.assignments_from_rows(tr.TrainingDoc(), [row(person="gone", status="done")], TEAM, LAUNCH,
                                           TODAY)
    assert "no longer in the plan. Reload the page." in problems[0]


# ---- start dates and the clinic's own trainings ------------------------------------------------

def test_start_dates_are_saved_cleared_and_bad_ones_named():
    d, problems = tr.start_dates_from_rows(doc(start_dates={"pcp1": "2020-01-06"}), [
        {"person": "oth1", "start": "2027-03-15"}, {"person": "pcp1", "start": None}], TEAM)
    assert problems == [] and d.start_dates == {"oth1": date(2027, 3, 15)}
    d, problems = tr.start_dates_from_rows(tr.TrainingDoc(), [{"person": "oth1", "start": "soon"}], TEAM)
    assert d is None and problems == ["Training plan, joined on, Tom Becker: enter a date such as 2027-03-15 (you "
                                      "entered \"soon\")"]


CATALOG_ROWS = [{"id": t.id, "required": t.required} for t in tr.CATALOG]


def test_required_ticks_are_stored_only_where_they_differ_from_the_catalog():
    rows = [dict(r) for r in CATALOG_ROWS]
    next(r for r in rows if r["id"] == "bhcm-mi")["required"] = True
    next(r for r in rows if r["id"] == "team-tasks")["required"] = False
    d, problems = tr.trainings_from_rows(tr.TrainingDoc(), rows, [])
    assert problems == [] and d.required == {"bhcm-mi": True, "team-tasks": False}


def test_the_clinic_s_own_trainings_are_added_kept_and_deleted_with_their_assignments():
    d, problems = tr.trainings_from_rows(tr.TrainingDoc(), CATALOG_ROWS, [
        {"id": None, "title": "EHR class", "roles": ["Other"], "type": "Live session", "hours": 2, "ce": False,
         "required": True}])
    assert problems == []
    (own,) = d.custom
    assert own.id.startswith("c-") and own.roles == ["Other"] and own.hours == 2
    d = tr.TrainingDoc.model_validate({**d.model_dump(mode="json"), "assignments": {
        "oth1": {own.id: {"status": "done", "completed": "2026-11-02"}}}})
    renamed, _ = tr.trainings_from_rows(d, CATALOG_ROWS, [{"id": own.id, "title": "EHR class (Epic)",
                                                            "roles": ["Other"], "type": "Live session"}])
    assert renamed.custom[0].id == own.id and renamed.entry("oth1", own.id).status == "done"
    gone, problems = tr.trainings_from_rows(renamed, CATALOG_ROWS, [])
    assert problems == [] and gone.custom == [] and gone.assignments == {}


@pytest.mark.parametrize("cells, expected", [
    ({"title": None, "hours": 2}, "row 1, title: write the training's title"),
    ({"title": "X", "hours": -1}, "row 1 (\"X\"), hours: cannot be below 0; you entered -1"),
    ({"title": "X", "roles": ["Nurse"]}, "\"Nurse\" is not a role here"),
    ({"title": "X", "type": "Webinar"}, "choose a type:"),
])
def test_a_bad_clinic_training_is_refused_naming_the_row(cells, expected):
    d, problems = tr.trainings_from_rows(tr.TrainingDoc(), CATALOG_ROWS, [{"id": None, "roles": None, **cells}])
    assert d is None and any(expected in p for p in problems), problems
    assert all(p.startswith("Training plan, the clinic's own trainings, ") for p in problems)


def test_a_new_row_left_empty_is_dropped_even_with_its_ticks_unticked():
    d, problems = tr.trainings_from_rows(tr.TrainingDoc(), CATALOG_ROWS, [
        {"id": None, "title": None, "roles": [], "type": None, "hours": None, "ce": False, "required": False}])
    assert problems == [] and d.custom == []


def test_two_clinic_trainings_with_one_title_are_refused():
    d, problems = tr.trainings_from_rows(tr.TrainingDoc(), CATALOG_ROWS, [{"title": "EHR class"},
                                                                          {"title": "ehr class"}])
    assert d is None and "two of the clinic's trainings are called \"ehr class\"" in problems[0]


def test_an_assignment_to_an_unknown_training_is_refused_on_load():
    with pytest.raises(ValidationError, match="names a training that is not in the plan"):
        doc(assignments={"cm1": {"no-such-course": {"status": "done"}}})


# ---- assigned by hand, and training wanted ----------------------------------------------------------

def test_a_training_assigned_by_hand_is_theirs_until_taken_back():
    d = tr.with_added(tr.TrainingDoc(), "pcp1", "bhcm-mi")
    ln = line(d, CHEN, "bhcm-mi")
    assert not ln.by_role and ln.entry.added
    assert tr.with_added(d, "pcp1", "bhcm-mi") == d  # twice is once
    assert "bhcm-mi" not in ids(tr.without_added(d, "pcp1", "bhcm-mi"), CHEN)
    assert tr.without_added(tr.TrainingDoc(), "cm1", "bhcm-mi") == tr.TrainingDoc()  # by role: not taken back


def sheet(person, **answers) -> tuple:
    return person, SelfAssessmentDoc.model_validate({"person_id": person.id, "name": person.name, "answers": answers})


def test_training_wanted_is_matched_to_the_catalog_by_topic_then_task():
    assert tr.match("Problem-solving therapy (PST)", "3.4").id == "bhcm-pst"
    assert tr.match("", "2.2").id == "bhcm-registry"  # no topic: the task it was asked on
    assert tr.match("Second-line antidepressants and augmentation", "3.5").id == "pcp-skills"
    assert tr.match("Writing relapse prevention plans", "4.6") is None


def test_an_offer_becomes_an_assignment_and_is_then_covered():
    sheets = [sheet(CHEN, **{"3.3": {"task": "Offer evidence-based counseling", "training": True,
                                     "topic": "Motivational interviewing"},
                             "8.1": {"task": "Obtain consent", "training": True, "topic": "Consent script for CoCM"},
                             "1.1": {"task": "Screen", "training": False}}),
              sheet(LUZ, **{"2.2": {"task": "Start tracking", "training": True, "topic": "Using the tracker"}})]
    offers = tr.offers(tr.TrainingDoc(), TEAM, sheets, LAUNCH)
    assert [(o.person.name, o.asked) for o in offers] == [
        ("Dr. Wei Chen", "Motivational interviewing"), ("Dr. Wei Chen", "Consent script for CoCM"),
        ("Luz Ramírez", "Using the tracker")]
    mi, consent, tracker = offers
    assert mi.match.id == "bhcm-mi" and mi.covered_by is None  # a care-manager course: not his by role
    assert consent.match is None and consent.covered_by is None
    assert tracker.covered_by is not None and tracker.covered_by.training.id == "bhcm-registry"  # hers by role
    d = tr.with_added(tr.TrainingDoc(), "pcp1", mi.match.id)
    d = tr.with_custom_for(d, "pcp1", consent.asked, consent.source)
    (own,) = d.custom
    assert (own.title, own.roles, own.source) == ("Consent script for CoCM", [], "wanted:pcp1:8.1")
    again = tr.offers(d, TEAM, sheets, LAUNCH)
    assert all(o.covered_by is not None for o in again)
    assert tr.with_custom_for(d, "pcp1", consent.asked, consent.source) == d  # pressed twice: one training


def test_offers_of_people_who_left_the_roster_are_not_shown():
    gone = tr.Person("gone", "Former member", "Other")
    sheets = [sheet(gone, **{"1.1": {"task": "Screen", "training": True}})]
    assert tr.offers(tr.TrainingDoc(), TEAM, sheets, LAUNCH) == []


# ---- matrix, counts, progress, history ------------------------------------------------------------

def test_the_matrix_says_status_and_overdue_in_words():
    d = doc(assignments={"cm1": {"bhcm-course": {"status": "in progress", "due": "2026-11-01"},
                                 "bhcm-role": {"status": "done", "completed": "2026-11-09"}}})
    grid = tr.matrix(d, [LUZ, TOM], LAUNCH, TODAY)
    assert grid.col_labels == ("Luz Ramírez", "Tom Becker")
    cells = dict(zip(grid.row_labels, grid.cells))
    assert cells["* Collaborative Care Training for Behavioral Health Care Managers (CE)"] == (
        "OVERDUE · due 1 Nov 2026", "-")  # not Tom's: a care-manager course
    assert cells["* The care manager role: job description and introduction"][0] == "Done · 9 Nov 2026"
    assert cells["* Introduction to Collaborative Care, for the whole team"] == (
        "Not started · due 5 Apr 2027", "Not started · due 5 Apr 2027")
    assert cells["Motivational interviewing"][0] == "Not started"  # optional: no due date
    assert tr.matrix(tr.TrainingDoc(), [], LAUNCH, TODAY) is None


def test_counts_leave_out_not_needed_and_add_up_ce_hours():
    d = doc(assignments={"oth1": {"team-intro": {"status": "done", "completed": "2026-11-02", "ce_hours": 1.5},
                                  "team-why": {"status": "not needed"},
                                  "team-tasks": {"status": "in progress", "ce_hours": 0.5}}})
    c = tr.counts(tr.lines(d, [TOM], LAUNCH), TODAY)
    # Tom has 4 trainings, one not needed: 3 assigned; 1 done; required not done: team-tasks and team-suicide
    assert (c.assigned, c.done, c.in_progress, c.overdue, c.required_open, c.ce_hours) == (3, 1, 1, 0, 2, 2.0)


def test_progress_and_history_lines():
    assert tr.progress(None, TEAM, LAUNCH) == "not started"
    assert tr.progress(tr.TrainingDoc(), TEAM, LAUNCH) == "not started"
    entries = {ln.training.id: {"status": "done"} for ln in tr.lines(tr.TrainingDoc(), [TOM], LAUNCH) if ln.required}
    assert tr.progress(doc(assignments={"oth1": entries}), [TOM], LAUNCH) == "complete"
    assert tr.progress(doc(assignments={"oth1": entries}), [TOM, LUZ], LAUNCH) == "in progress"
    d = doc(custom=[{"title": "EHR class"}], start_dates={"oth1": "2027-01-04"},
            assignments={"oth1": {"team-intro": {"status": "done"}, "team-tasks": {"status": "in progress"}}})
    assert tr.describe(d) == "1 done, 1 in progress, 1 clinic training, 1 start date"


# ---- the golden fixture ------------------------------------------------------------------------------

def test_the_golden_fixture_is_the_riverbend_example():
    d = tr.TrainingDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    luz = tr.Person("c0e85b17d3f6", "Luz Ramírez", "Behavioral health care manager")
    chen = tr.Person("b72d0e4c9a15", "Dr. Wei Chen", "PCP champion")
    assert line(d, luz, "bhcm-essentials").status == "in progress"
    assert line(d, luz, "bhcm-course").status == "in progress"
    assert line(d, chen, "pcp-skills").entry.ce_hours == 5
    ana = tr.Person("f5d2b8c4e017", "Ana Torres", "Other", "Medical assistant")  # a new hire, joining 15 Mar 2027
    assert line(d, ana, "team-intro").due_from == "start date"
    assert tr.TrainingDoc.model_validate(d.model_dump(mode="json")) == d
