"""Training plan page: the Riverbend example opens with its figures and the care manager's blocker; assignments are
saved through the data editor; bad input is refused in words and what was typed stays; a new hire's start date
moves their due dates; "training wanted" answers become assignments; trainings are assigned by hand; the PDFs
build."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from planning import plans
from tests.conftest import HOSTILE
from worksheets import training as tr
from worksheets.self_assessment import SelfAssessmentDoc
from worksheets.team import TeamDoc

PAGE = "pages/training_page.py"
EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "training_v1.json"  # the Riverbend example document
MARIA, CHEN, LUZ, SAM, TOM = "a1f3c9e2b701", "b72d0e4c9a15", "c0e85b17d3f6", "d4a6f0c28e93", "e9b3d51a7c40"
ANA = "f5d2b8c4e017"  # the new hire of the example
# Luz's rows (care manager), in catalog order, then the clinic's own trainings:
# 0 team-intro, 1 team-tasks, 2 team-why, 3 team-mbc, 4 team-suicide, 5 bhcm-role, 6 bhcm-essentials, 7 bhcm-course,
# 8 bhcm-registry, 9 bhcm-case-review, 10 bhcm-ba, 11 bhcm-pst, 12 bhcm-mi, 13 bhcm-competencies, 14 billing, 15 EHR
ESSENTIALS, COURSE = 6, 7
COURSE_TITLE = "Collaborative Care Training for Behavioral Health Care Managers (CE)"


def _example(store, new_hire: bool = False) -> str:
    """The Riverbend example plan with its training plan saved (whatever the example file already holds). The
    figures below count the five people of the launch team; with ``new_hire`` the roster also has Ana Torres, a
    medical assistant joining on 15 Mar 2027 (her start date is in the example training plan)."""
    pid = plans.open_example(store, "Tester")
    team = plans.load_doc(store, pid, "team")
    members = [m.model_dump(mode="json") for m in team.doc.members if m.id != ANA]
    if new_hire:
        members.append({"id": ANA, "name": "Ana Torres", "role": "Other", "role_detail": "Medical assistant"})
    if members != [m.model_dump(mode="json") for m in team.doc.members]:
        plans.save_doc(store, pid, TeamDoc.model_validate({"members": members}), team.version, "Tester")
    saved = plans.load_doc(store, pid, tr.KIND)
    doc = tr.TrainingDoc.model_validate(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    if saved.doc != doc:
        plans.save_doc(store, pid, doc, saved.version, "Tester")
    return pid


def _doc(store, pid) -> plans.Loaded:
    return plans.load_doc(store, pid, tr.KIND)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _texts(elements) -> list[str]:
    """What the user reads: markdown escapes taken out."""
    return [e.value.replace("\\", "") for e in elements]


def _show(at, part: str, person: str | None = None):
    at.session_state["training_part"] = part
    at.run()
    if person is not None:
        at.selectbox(key="training_person").set_value(person).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _edit(at, edits: dict, person: str, gen: int = 0) -> None:
    at.session_state[f"training_editor_{gen}_assign_{person}"] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": []}


def _click(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _grid(at):
    return next(d.value for d in at.main.dataframe if d.proto.editing_mode != 0)


def test_the_example_plan_opens_with_its_figures_and_the_care_manager_s_blocker(open_page, store):
    pid = _example(store)
    at = open_page(PAGE, pid)
    assert at.title[0].value == "Training plan"
    m = _metrics(at)
    # trainings by role: Maria 8, Dr. Chen 9, Luz 14 + 2 clinic trainings, Dr. Adeyemi 10, Tom 4 + 1 = 48;
    # not needed: Luz's competencies course and Tom's handouts -> 46. Done: Luz 2 (role, MI), Dr. Chen 2 (role,
    # PCP course), Maria 1 (role descriptions), Dr. Adeyemi 1 (APA course) = 6.
    assert m["Done"] == "6 of 46"
    # required, not done: Maria 3, Dr. Chen 3, Luz 9, Dr. Adeyemi 6 (liability made required), Tom 4 = 25
    assert m["Required, not done"] == "25"
    assert m["CE/CME hours"] == "23"  # Luz 12 (MI workshop) + Dr. Chen 5 + Dr. Adeyemi 6
    blocker = next(e for e in _texts(at.error) if "Blocker before launch" in e)
    assert "Care manager Luz Ramírez has not finished 9 required trainings" in blocker
    assert any("staff training only" in c for c in _texts(at.caption))
    assert any("3 May 2027" in c for c in _texts(at.caption))  # due dates count back from the launch
    assert at.get("plotly_chart")  # the matrix is the first view


def test_a_status_change_saved_through_the_editor_is_kept_and_the_figures_follow(open_page, store):
    pid = _example(store)
    version = _doc(store, pid).version
    at = _show(open_page(PAGE, pid), "Assignments", LUZ)
    grid = _grid(at)
    assert list(grid["title"])[COURSE] == f"{COURSE_TITLE} · required"
    assert grid["due"].iloc[COURSE] == date(2027, 3, 4) and grid["from"].iloc[COURSE] == "Launch"
    finished = date.today() - timedelta(days=2)
    _edit(at, {ESSENTIALS: {"status": "done", "completed": finished.isoformat()},
               COURSE: {"ce_hours": 4.5, "note": "Modules 1-3 done"}}, LUZ)
    _click(at, "Save assignments")
    assert any(f"Saved as version {version + 1}" in s for s in _texts(at.success))
    saved = _doc(store, pid).doc
    assert saved.entry(LUZ, "bhcm-essentials").status == "done"
    assert saved.entry(LUZ, "bhcm-essentials").completed == finished
    course = saved.entry(LUZ, "bhcm-course")
    assert (course.status, course.ce_hours, course.note, course.due) == ("in progress", 4.5, "Modules 1-3 done", None)
    m = _metrics(at)
    assert m["Done"] == "7 of 46" and m["Required, not done"] == "24" and m["CE/CME hours"] == "27.5"
    assert any("has not finished 8 required trainings" in e for e in _texts(at.error))


def test_bad_input_is_refused_in_words_and_what_was_typed_stays(open_page, store):
    pid = _example(store)
    version = _doc(store, pid).version
    at = _show(open_page(PAGE, pid), "Assignments", LUZ)
    tomorrow = date.today() + timedelta(days=1)
    _edit(at, {COURSE: {"ce_hours": -3}, ESSENTIALS: {"status": "done", "completed": tomorrow.isoformat()}}, LUZ)
    _click(at, "Save assignments")
    err = next(e for e in _texts(at.error) if "Not saved" in e)
    assert (f'Training plan, Luz Ramírez, "{COURSE_TITLE}", CE/CME hours earned: cannot be below 0; you entered -3'
            in err)
    assert _doc(store, pid).version == version  # nothing saved
    assert at.session_state[f"training_editor_0_assign_{LUZ}"]["edited_rows"][COURSE]["ce_hours"] == -3
    _edit(at, {ESSENTIALS: {"status": "done", "completed": tomorrow.isoformat()}}, LUZ)
    _click(at, "Save assignments")
    err = next(e for e in _texts(at.error) if "Not saved" in e)
    assert f"completion date: {tr.fmt_date(tomorrow)} is in the future" in err
    _edit(at, {COURSE: {"ce_hours": 250}}, LUZ)
    _click(at, "Save assignments")
    assert "CE/CME hours earned: must be 100 or less; you entered 250" in next(
        e for e in _texts(at.error) if "Not saved" in e)
    assert _doc(store, pid).version == version


def test_hostile_text_in_a_note_saves_and_shows_as_typed(open_page, store):
    pid = _example(store)
    at = _show(open_page(PAGE, pid), "Assignments", TOM)
    _edit(at, {0: {"note": HOSTILE, "status": "in progress"}}, TOM)
    _click(at, "Save assignments")
    assert _doc(store, pid).doc.entry(TOM, "team-intro").note == HOSTILE
    fresh = _show(open_page(PAGE, pid), "Assignments", TOM)  # a browser refresh
    assert _grid(fresh)["note"].iloc[0] == HOSTILE


def test_a_new_hire_s_start_date_moves_their_due_dates(open_page, store):
    pid = _example(store)
    at = _show(open_page(PAGE, pid), "Start dates")
    people = list(_grid(at)["name"])
    assert people == ["Maria Okafor", "Dr. Wei Chen", "Luz Ramírez", "Dr. Samuel Adeyemi", "Tom Becker"]
    at.session_state["training_editor_0_starts"] = {"edited_rows": {4: {"start": "2027-04-20"}}, "added_rows": [],
                                                  "deleted_rows": []}
    _click(at, "Save start dates")
    assert _doc(store, pid).doc.start_dates[TOM] == date(2027, 4, 20)
    at = _show(at, "Assignments", TOM)
    grid = _grid(at)
    # whole-team introduction: 20 Apr 2027 + 30 days = 20 May 2027, later than the launch-based 5 Apr 2027
    assert (grid["due"].iloc[0], grid["from"].iloc[0]) == (date(2027, 5, 20), "Start date")


def test_the_example_s_new_hire_has_due_dates_counted_from_her_start(open_page, store):
    pid = _example(store, new_hire=True)
    at = _show(open_page(PAGE, pid), "Assignments", ANA)
    grid = _grid(at).set_index("training")
    # joined 15 Mar 2027: the whole-team introduction is due 30 days later, 14 Apr 2027 (launch-based: 5 Apr)
    assert (grid.loc["team-intro", "due"], grid.loc["team-intro", "from"]) == (date(2027, 4, 14), "Start date")
    # the key-tasks session stays on its launch-based date, 19 Apr 2027, which is later than 14 Apr
    assert (grid.loc["team-tasks", "due"], grid.loc["team-tasks", "from"]) == (date(2027, 4, 19), "Launch")
    # the clinic's billing training (required, for Other): 15 Mar + 60 days = 14 May 2027 (launch-based: 19 Apr)
    assert grid.loc["c-9a1e27d4b3f0", "due"] == date(2027, 5, 14)
    # Ana's 4 whole-team trainings + the billing class join the 46: 51; her 3 required team ones + billing: 25 + 4
    m = _metrics(at)
    assert (m["Done"], m["Required, not done"]) == ("6 of 51", "29")


def test_a_training_wanted_answer_becomes_an_assignment(open_page, store):
    pid = _example(store)
    at = _show(open_page(PAGE, pid), "Training wanted")
    said = _texts(at.markdown)
    assert any(t.startswith("**Luz Ramírez** asked for training in:") and "Writing relapse prevention plans" in t
               for t in said)
    # Dr. Chen asked for the consent script (task 8.1): nothing in the catalog matches, so it becomes the clinic's own
    at.button(key=f"offer_{CHEN}_8.1_own").click().run()
    assert not at.exception
    saved = _doc(store, pid).doc
    own = next(c for c in saved.custom if c.title == "Consent script for CoCM")
    assert own.roles == [] and saved.entry(CHEN, own.id).added
    assert any("On their list: Consent script for CoCM (not started)" in c for c in _texts(at.caption))
    assert not [b for b in at.button if b.key == f"offer_{CHEN}_8.1_own"]  # the offer is answered


def test_a_matching_catalog_training_is_assigned_from_an_offer(open_page, store):
    pid = _example(store)
    plans.save_doc(store, pid, SelfAssessmentDoc.model_validate({"person_id": TOM, "name": "Tom Becker", "answers": {
        "3.3": {"task": "Offer evidence-based counseling", "training": True, "topic": "Motivational interviewing"}}}),
        plans.load_doc(store, pid, "self_assessment", TOM).version, "Tom", key=TOM)
    at = _show(open_page(PAGE, pid), "Training wanted")
    button = at.button(key=f"offer_{TOM}_3.3_match")
    assert button.label == "Assign: Motivational interviewing"
    button.click().run()
    assert _doc(store, pid).doc.entry(TOM, "bhcm-mi").added
    at = _show(at, "Assignments", TOM)
    assert "Motivational interviewing · optional · added by hand" in list(_grid(at)["title"])


def test_a_training_is_assigned_and_taken_back_by_hand(open_page, store):
    pid = _example(store)
    at = _show(open_page(PAGE, pid), "Assignments")
    at.selectbox(key="training_add_person").set_value(CHEN)
    at.selectbox(key="training_add_training").set_value("bhcm-pst")
    _click(at, "Assign")
    assert _doc(store, pid).doc.entry(CHEN, "bhcm-pst").added
    assert any('"Problem-Solving Treatment in primary care (PST-PC)" assigned to Dr. Wei Chen' in s
               for s in _texts(at.success))
    at.selectbox(key="training_rm").set_value((CHEN, "bhcm-pst"))
    _click(at, "Take back")
    assert CHEN not in _doc(store, pid).doc.assignments or "bhcm-pst" not in _doc(store, pid).doc.assignments[CHEN]


def test_without_a_launch_date_the_page_says_so_and_due_dates_are_blank(open_page, store, plan_id):
    plans.save_doc(store, plan_id, TeamDoc.model_validate({"members": [
        {"id": "cm1", "name": "Ana Díaz", "role": "Behavioral health care manager"}]}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    assert any("No target launch date is set" in i for i in _texts(at.info))
    at = _show(at, "Assignments", "cm1")
    assert _grid(at)["due"].isna().all()


def test_without_a_team_the_page_says_where_people_come_from(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    assert any("No one is on the implementation team yet" in i for i in _texts(at.info))


def test_history_and_both_pdfs(open_page, store):
    pid = _example(store)
    at = open_page(PAGE, pid)
    assert any(e.label.startswith("History (") for e in at.expander)
    at.selectbox(key="training_record_person").set_value(LUZ)
    _click(at, "Build the training record PDF")
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
    _click(at, "Build the training plan PDF")
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
