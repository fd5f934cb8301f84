"""Team self-assessment: sheet status, people who leave and come back, answers to tasks the lead changes,
bad comfort values, and every member's sheet surviving export, import and duplication."""
from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from planning import plans
from planning.view import load_view
from worksheets import self_assessment as sa
from worksheets import task_summary as ts
from worksheets.tasks import TaskDef
from worksheets.team import TeamDoc

MARIA, CHEN, LUZ, ADEYEMI, TOM = "a1f3c9e2b701", "b72d0e4c9a15", "c0e85b17d3f6", "d4a6f0c28e93", "e9b3d51a7c40"
TASKS = [TaskDef(id="1.1", group="1", text="Screen patients"),
         TaskDef(id="4.1", group="4", text="Follow every patient with the registry"),
         TaskDef(id="8.5", group="8", text="Log care-manager minutes for billing")]


def _sheet(answers: dict, **kw) -> sa.SelfAssessmentDoc:
    return sa.SelfAssessmentDoc.model_validate({"answers": answers, **kw})


# ---- status of one sheet ----------------------------------------------------------------------------------

def test_sheet_status_by_hand():
    done = {"does": "Yes", "should_own": "Yes"}  # the two questions that make a task answered
    assert sa.sheet_status(None, TASKS) == ("not started", 0)
    assert sa.sheet_status(_sheet({}), TASKS) == ("not started", 0)
    assert sa.sheet_status(_sheet({"1.1": {"task": "Screen patients"}}), TASKS) == ("not started", 0)  # nothing filled
    # "do you do it now" alone is a start but not an answer: part-way, 0 of 3
    assert sa.sheet_status(_sheet({"1.1": {"does": "Yes"}}), TASKS) == ("part-way", 0)
    # 2 of the 3 tasks answered -> part-way, 2
    assert sa.sheet_status(_sheet({"1.1": done, "4.1": done, "8.5": {"comfort": 2}}), TASKS) == ("part-way", 2)
    # all 3 answered (comfort and the rest optional) -> finished, 3
    assert sa.sheet_status(_sheet({"1.1": done, "4.1": done, "8.5": {"does": "No", "should_own": "No"}}),
                           TASKS) == ("finished", 3)
    # an answer to a task that is not on the list does not count towards finishing
    assert sa.sheet_status(_sheet({"1.1": done, "4.1": done, "9.9": done}), TASKS) == ("part-way", 2)


def test_the_example_plan_shows_four_finished_sheets_and_tom_part_way(store):
    pid = plans.open_example(store, "Tester")
    got = {s.name: (s.status, s.answered, s.total, s.on_team) for s in sa.statuses(load_view(store, pid))}
    # 33 tasks on the tailored list (32 standard + the county crisis team); Tom answered 5 of them
    assert got == {"Maria Okafor": ("finished", 33, 33, True), "Dr. Wei Chen": ("finished", 33, 33, True),
                   "Luz Ramírez": ("finished", 33, 33, True), "Dr. Samuel Adeyemi": ("finished", 33, 33, True),
                   "Tom Becker": ("part-way", 5, 33, True),
                   # the medical assistant who joins on 15 Mar 2027 (the training plan's new hire): no sheet yet
                   "Ana Torres": ("not started", 0, 33, True)}
    notes = [f for f in sa.findings(load_view(store, pid))]
    assert [f.text for f in notes] == ["Tom Becker (Billing supervisor) has answered 5 of 33 tasks on their "
                                       "self-assessment.",
                                       "Ana Torres (Medical assistant) has not started their self-assessment."]


# ---- a person who leaves keeps their sheet --------------------------------------------------------------------

def _remove(store, pid, person_id) -> None:
    team = plans.load_doc(store, pid, "team")
    kept = [m for m in team.doc.members if m.id != person_id]
    plans.save_doc(store, pid, TeamDoc(members=kept), team.version, "Maria")


def test_a_person_removed_from_the_roster_keeps_the_sheet_but_leaves_the_summary(store):
    pid = plans.open_example(store, "Tester")
    before = ts.rows(load_view(store, pid))
    assert not next(r for r in before if r.task.id == "2.2").gap  # Luz does 2.2 with comfort 3
    _remove(store, pid, LUZ)
    view = load_view(store, pid)
    gone = next(s for s in sa.statuses(view) if s.person_id == LUZ)
    assert (gone.name, gone.on_team, gone.status) == ("Luz Ramírez", False, "finished")
    assert view.doc("self_assessment", LUZ).answer("2.1").comfort == 4  # the sheet itself is untouched
    assert LUZ not in [m.id for m, _ in sa.current_sheets(view)]
    assert "Luz Ramírez" not in [p.name for p in ts.members(view)]
    # without her sheet nobody does 2.2 ("Start tracking the patient in the registry") -> it becomes a gap
    row = next(r for r in ts.rows(view) if r.task.id == "2.2")
    assert row.gap and row.cell(LUZ) is None
    # no "please finish" note for someone who has left, and she does not hold the step's progress back
    assert not any(f.item == LUZ for f in sa.findings(view))


def test_the_sheet_of_someone_who_left_is_in_the_report_marked_as_such(store):
    pid = plans.open_example(store, "Tester")
    _remove(store, pid, TOM)
    section = sa.report_section(load_view(store, pid))
    headings = [b.text for b in section.blocks if type(b).__name__ == "Heading"]
    assert "Tom Becker (Billing supervisor), no longer on the team" in headings
    who = section.blocks[1]
    assert ("Tom Becker", "Billing supervisor", "part-way", "5 of 33", "no longer on the team") in who.rows


# ---- answers to tasks the lead changes ---------------------------------------------------------------------

def test_answers_to_unticked_renamed_and_deleted_tasks_are_kept_and_shown_as_such():
    doc = _sheet({"1.1": {"task": "Screen patients", "does": "Yes", "should_own": "Yes"},
                  "4.1": {"task": "Follow every patient with the registry", "does": "No", "should_own": "Yes",
                          "comfort": 1},
                  "c1234abcd": {"task": "Call the county crisis line", "does": "Sometimes", "should_own": "Shared"}})
    # the lead renames 1.1, unticks 4.1 and deletes the clinic's own task c1234abcd
    tailored = [TaskDef(id="1.1", group="1", text="Screen every adult patient once a year"),
                TaskDef(id="4.1", group="4", text="Follow every patient with the registry", included=False)]
    on_list = [t for t in tailored if t.included]
    off = dict(sa.off_list_answers(doc, on_list))
    assert set(off) == {"4.1", "c1234abcd"}
    assert off["c1234abcd"].task == "Call the county crisis line"  # the words as answered
    # the renamed task keeps its answer (same id) and still counts
    assert doc.answer("1.1").does == "Yes" and sa.sheet_status(doc, on_list) == ("finished", 1)
    assert doc.answer("1.1").task == "Screen patients"  # what the member actually answered
    section = sa.blank_section(on_list)  # the paper sheet asks about the list as it is now
    # standard tasks carry their number, so "task 1.1" in a finding can be found on the sheet
    assert [r[0] for r in section.blocks[2].rows] == ["Finding patients and diagnosis: 1.1 Screen every adult "
                                                      "patient once a year"]


# ---- bad input ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad, shown", [(5, "5"), ("high", '"high"'), (0, "0"), (2.5, "2.5"), (True, "True")])
def test_a_comfort_outside_1_to_4_is_refused_naming_the_task(bad, shown):
    with pytest.raises(ValidationError) as exc:
        _sheet({"4.1": {"task": "Follow every patient with the registry", "comfort": bad}})
    assert plans.humanize(exc.value, sa.SelfAssessmentDoc) == [
        f'tasks, 4.1, comfort: {shown} is not a comfort level for "Follow every patient with the registry": '
        "choose 1 (not comfortable) to 4 (can teach others)"]


def test_comfort_as_the_editor_shows_it_is_read_as_its_number():
    assert _sheet({"1.1": {"comfort": "3 · comfortable"}}).answer("1.1").comfort == 3
    assert _sheet({"1.1": {"comfort": 4}}).answer("1.1").comfort == 4
    assert _sheet({"1.1": {"comfort": ""}}).answer("1.1").comfort is None


# ---- every member's sheet survives export, import and duplication -------------------------------------------

def _sheets(store, pid) -> dict[str, dict]:
    view = load_view(store, pid)
    return {k: view.doc("self_assessment", k).model_dump(mode="json") for k in view.keys("self_assessment")}


def test_export_then_import_keeps_every_members_sheet(store):
    pid = plans.open_example(store, "Tester")
    _remove(store, pid, TOM)  # a sheet of someone who left travels too
    raw = plans.export_plan(store, pid)
    exported = json.loads(raw)["documents"]["self_assessment"]
    assert sorted(exported) == sorted([MARIA, CHEN, LUZ, ADEYEMI, TOM])  # {person id: sheet}
    assert exported[TOM]["name"] == "Tom Becker"
    copy = plans.import_plan(store, raw, "Tester", rename="Imported")
    assert _sheets(store, copy) == _sheets(store, pid)
    assert len(_sheets(store, copy)) == 5
    gone = next(s for s in sa.statuses(load_view(store, copy)) if s.person_id == TOM)
    assert not gone.on_team and gone.answered == 5


def test_duplicating_a_plan_keeps_every_members_sheet(store):
    pid = plans.open_example(store, "Tester")
    meta, _ = plans.load_meta(store, pid)
    copy = plans.duplicate_plan(store, pid, meta.model_copy(update={"name": "Second site"}), "Tester")
    assert _sheets(store, copy) == _sheets(store, pid) and len(_sheets(store, copy)) == 5
    assert store.revision_count(copy, "self_assessment", LUZ) == 1  # new history for the copy


def test_an_imported_sheet_with_a_bad_comfort_is_refused_in_words(store):
    pid = plans.open_example(store, "Tester")
    data = json.loads(plans.export_plan(store, pid))
    data["documents"]["self_assessment"][LUZ]["answers"]["4.1"]["comfort"] = 7
    with pytest.raises(plans.ImportProblem) as exc:
        plans.import_plan(store, json.dumps(data).encode(), "Tester")
    assert any('7 is not a comfort level for "Follow every patient systematically with the registry"' in e
               for e in exc.value.errors), exc.value.errors


@pytest.fixture
def any_store(any_db_url):
    """A store on SQLite, then on PostgreSQL (the import below must be refused the same way on both)."""
    from planning.storage import Store

    s = Store(any_db_url)
    yield s
    s.dispose()


def test_a_plan_file_whose_sheet_is_filed_under_an_impossible_person_id_is_refused_in_words(any_store):
    # Person ids on the roster are 1 to 40 characters; a sheet filed under a 201-character id, or under no id,
    # is refused with the file, on SQLite and on PostgreSQL alike (whose key column holds at most 200)
    pid = plans.open_example(any_store, "Tester")
    data = json.loads(plans.export_plan(any_store, pid))
    data["documents"]["self_assessment"]["x" * 201] = data["documents"]["self_assessment"][LUZ]
    data["documents"]["self_assessment"][""] = {}
    with pytest.raises(plans.ImportProblem) as exc:
        plans.import_plan(any_store, json.dumps(data).encode(), "Tester")
    assert any("201 characters long, and the most allowed is 40" in e for e in exc.value.errors), exc.value.errors
    assert any(e.startswith("Team self-assessment") and "required" in e for e in exc.value.errors), exc.value.errors
    assert len(any_store.list_plans()) == 1  # nothing was written


def test_a_person_restored_without_a_roster_version_to_copy_comes_back_from_their_sheet():
    # No saved roster lists them (a plan imported with the sheet only): the sheet's words decide the role.
    # "PCP champion" is a core role and comes back as such; a job title comes back under Other, as the detail.
    empty = TeamDoc()
    pcp = sa.SelfAssessmentDoc(person_id="p1", name="Dr. Ito", role="PCP champion")
    back = sa.restored_team(empty, "p1", pcp, [])
    assert [(m.id, m.name, m.role, m.role_detail) for m in back.members] == [("p1", "Dr. Ito", "PCP champion", "")]
    nurse = sa.SelfAssessmentDoc(person_id="p2", name="Kim", role="Registered nurse")
    back = sa.restored_team(back, "p2", nurse, [])
    assert (back.members[1].role, back.members[1].role_detail) == ("Other", "Registered nurse")
    assert sa.restored_team(back, "p2", nurse, []) == back  # already back: nothing changes
