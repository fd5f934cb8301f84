"""Task summary: the four flags on small hand-made teams, counts by role, and findings a user reads.

Each rule is shown to fire and shown NOT to fire on a near miss. Teams are built by hand (Person and
SelfAssessmentDoc objects) and compiled with `compile_rows`, so no storage is involved except for findings,
which read a plan.
"""
from __future__ import annotations

from planning import plans
from planning.view import load_view
from worksheets import task_summary as ts
from worksheets.self_assessment import SelfAssessmentDoc
from worksheets.tasks import TaskDef
from worksheets.team import TeamDoc

TASK = TaskDef(id="4.2", group="4", text="Reach out to patients who miss follow-up")


def _team(*answers: dict | None, owner: str | None = None) -> ts.TaskRow:
    """One task, one person per answer (p1, p2, ...); None = that person's sheet does not answer the task."""
    sheets = []
    for n, a in enumerate(answers, start=1):
        person = ts.Person(f"p{n}", f"Person {n}", "Behavioral health care manager")
        sheets.append((person, SelfAssessmentDoc.model_validate(
            {"person_id": person.id, "answers": {} if a is None else {TASK.id: a}})))
    agreements = {TASK.id: ts.Agreement(owner=owner)} if owner else {}
    (row,) = ts.compile_rows([TASK], sheets, agreements)
    return row


# ---- gap: nobody does it, or everyone who does it rates comfort 1 or 2 ------------------------------------

def test_gap_when_nobody_does_the_task():
    row = _team({"does": "No", "should_own": "No"}, {"does": "No", "should_own": "Yes"})
    assert row.gap and ts.GAP in row.flags


def test_gap_when_every_doer_has_low_comfort():
    # comfort 2 (Yes) and comfort 1 (Sometimes): both are doers, both low -> gap
    row = _team({"does": "Yes", "comfort": 2, "should_own": "Yes"},
                {"does": "Sometimes", "comfort": 1, "should_own": "Shared"})
    assert row.gap


def test_no_gap_when_one_doer_is_comfortable():
    assert not _team({"does": "Yes", "comfort": 3, "should_own": "Yes"}).gap
    # one comfortable doer is enough even beside a doer with comfort 1
    assert not _team({"does": "Yes", "comfort": 3, "should_own": "Yes"},
                     {"does": "Sometimes", "comfort": 1, "should_own": "Shared"}).gap


def test_no_gap_when_the_doer_gave_no_comfort():
    # not knowing the comfort is not the same as low comfort
    assert not _team({"does": "Yes", "should_own": "Yes"}).gap


def test_a_low_comfort_answer_from_someone_who_does_not_do_it_does_not_count_as_doing_it():
    # comfort 2 but "No" to "do you do it now": still nobody does it -> gap
    assert _team({"does": "No", "comfort": 2, "should_own": "No"}).gap


def test_no_answers_at_all_raise_no_flags():
    assert _team().flags == ()  # nobody has a sheet
    row = _team(None, None)  # two sheets, neither answers this task
    assert not row.answered and row.flags == ()
    # an answer with nothing filled in is not an answer
    assert _team({"task": TASK.text}).flags == ()


# ---- duplication: two or more do it and no owner agreed ------------------------------------------------------

def test_duplication_when_two_do_it_and_no_owner_is_agreed():
    row = _team({"does": "Yes", "comfort": 3, "should_own": "Shared"},
                {"does": "Sometimes", "comfort": 4, "should_own": "Shared"})
    assert row.duplication and row.flags == (ts.DUPLICATION,)


def test_no_duplication_once_an_owner_is_agreed():
    row = _team({"does": "Yes", "comfort": 3, "should_own": "Shared"},
                {"does": "Sometimes", "comfort": 4, "should_own": "Shared"}, owner="p1")
    assert not row.duplication and row.flags == ()


def test_no_duplication_with_one_doer():
    assert not _team({"does": "Yes", "comfort": 3, "should_own": "Yes"},
                     {"does": "No", "should_own": "No"}).duplication


# ---- disagreement ------------------------------------------------------------------------------------------

def test_disagreement_when_two_say_it_should_be_theirs_alone():
    row = _team({"does": "Yes", "comfort": 3, "should_own": "Yes"},
                {"does": "No", "should_own": "Yes"})
    assert row.disagreement and ts.DISAGREEMENT in row.flags


def test_no_disagreement_when_one_says_yes_and_the_other_shared():
    row = _team({"does": "Yes", "comfort": 3, "should_own": "Yes"},
                {"does": "No", "should_own": "Shared"})
    assert not row.disagreement and row.flags == ()


def test_disagreement_when_someone_does_it_but_nobody_wants_it():
    row = _team({"does": "Yes", "comfort": 3, "should_own": "No"}, {"does": "No", "should_own": "Unsure"})
    assert row.disagreement
    # the near miss: the doer says "Shared" -> somebody wants it
    assert not _team({"does": "Yes", "comfort": 3, "should_own": "Shared"},
                     {"does": "No", "should_own": "Unsure"}).disagreement


# ---- training need -------------------------------------------------------------------------------------------

def test_training_need_when_training_is_ticked():
    row = _team({"does": "Yes", "comfort": 4, "should_own": "No", "training": True, "topic": "PST"})
    assert row.training and [c.person.name for c in row.trainees] == ["Person 1"]


def test_training_need_when_someone_who_wants_it_rates_comfort_2():
    row = _team({"does": "Sometimes", "comfort": 3, "should_own": "Yes"},
                {"does": "No", "comfort": 2, "should_own": "Yes"})
    assert row.training and [c.person.name for c in row.trainees] == ["Person 2"]
    assert _team({"does": "No", "comfort": 1, "should_own": "Shared"}).training  # Shared counts as wanting it


def test_no_training_need_when_the_low_comfort_person_does_not_want_it():
    assert not _team({"does": "Yes", "comfort": 3, "should_own": "Yes"},
                     {"does": "No", "comfort": 2, "should_own": "No"}).training
    assert not _team({"does": "Yes", "comfort": 3, "should_own": "Yes"}).training  # wants it, comfortable


# ---- counts by role ------------------------------------------------------------------------------------------

def test_counts_by_role_count_each_task_once_per_role():
    bhcm, pcp = "Behavioral health care manager", "PCP champion"
    a, b, c = ts.Person("a", "Ana", bhcm), ts.Person("b", "Ben", bhcm), ts.Person("c", "Cy", pcp)
    tasks = [TaskDef(id=f"c{n}", group="9", text=f"Task {n}") for n in (1, 2, 3, 4)]
    answers = {
        "a": {"c1": {"does": "Yes", "comfort": 4, "should_own": "Yes"},
              "c2": {"does": "No", "should_own": "No"},
              "c4": {"does": "No", "comfort": 2, "should_own": "Shared"}},
        "b": {"c1": {"does": "Sometimes", "comfort": 2, "should_own": "Shared", "training": True},
              "c3": {"does": "Yes", "comfort": 3, "should_own": "No"}},
        "c": {"c2": {"does": "Yes", "comfort": 1, "should_own": "Yes"},
              "c3": {"does": "Sometimes", "comfort": 2, "should_own": "Shared"}},
    }
    sheets = [(p, SelfAssessmentDoc.model_validate({"person_id": p.id, "answers": answers[p.id]})) for p in (a, b, c)]
    rows = ts.compile_rows(tasks, sheets, {"c1": ts.Agreement(owner="a"), "c3": ts.Agreement(owner="c")})
    got = {r.role: (r.people, r.does_now, r.should_own, r.low_comfort, r.training, r.agreed_owner)
           for r in ts.counts_by_role(rows, [a, b, c])}
    # Care managers Ana + Ben (2 people):
    #   does now: c1 (both, counted once), c3 (Ben)                          -> 2
    #   should be theirs: c1 (Ana Yes, Ben Shared), c4 (Ana Shared)          -> 2
    #   does with comfort 1-2: c1 (Ben, Sometimes, 2); Ben's c3 is comfort 3 -> 1
    #   training: c1 (Ben ticked), c4 (Ana wants it, comfort 2)              -> 2
    #   agreed owner of: c1 (Ana)                                            -> 1
    # PCP champion Cy (1 person):
    #   does now c2, c3 -> 2; should be theirs c2 (Yes), c3 (Shared) -> 2; comfort 1-2: c2 (1), c3 (2) -> 2;
    #   training: c2 and c3 (wants both, comfort 1 and 2) -> 2; agreed owner of c3 -> 1
    assert got == {bhcm: (2, 2, 2, 1, 2, 1), pcp: (1, 2, 2, 2, 2, 1)}
    assert [r.role for r in ts.counts_by_role(rows, [a, b, c])] == [bhcm, pcp]  # roster order


# ---- findings (read from a saved plan) -------------------------------------------------------------------------

ANA, BEN = "aaaa00000001", "bbbb00000002"
GONE = "ffff00000009"  # an owner no longer on the roster


def _plan(store, plan_id, agreements: dict, answers: dict[str, dict]) -> None:
    team = TeamDoc.model_validate({"members": [
        {"id": ANA, "name": "Ana Díaz", "role": "Behavioral health care manager"},
        {"id": BEN, "name": "Ben Ito", "role": "PCP champion"}]})
    plans.save_doc(store, plan_id, team, 0, "Ann")
    summary = ts.TaskSummaryDoc.model_validate({
        "tasks": [{"id": "1.1", "group": "1", "text": "Screen patients"},
                  {"id": "4.1", "group": "4", "text": "Follow every patient with the registry"},
                  {"id": "8.4", "group": "8", "text": "Send the consultant's advice to the PCP"}],
        "agreements": agreements})
    plans.save_doc(store, plan_id, summary, 0, "Ann")
    for pid, a in answers.items():
        plans.save_doc(store, plan_id, SelfAssessmentDoc.model_validate({"person_id": pid, "answers": a}), 0, "Ann",
                       key=pid)


def test_findings_name_the_gap_the_missing_owner_and_the_owner_who_left(store, plan_id):
    _plan(store, plan_id, {"1.1": {"owner": ANA}, "8.4": {"owner": GONE}}, {
        ANA: {"1.1": {"does": "Yes", "comfort": 3, "should_own": "Yes"},
              "4.1": {"does": "No", "should_own": "No"},
              "8.4": {"does": "Sometimes", "comfort": 2, "should_own": "Yes"}},
        BEN: {"1.1": {"does": "Sometimes", "comfort": 4, "should_own": "Shared"},
              "4.1": {"does": "No", "should_own": "Yes", "training": True},
              "8.4": {"does": "No", "should_own": "No"}}})
    found = {f.id: f for f in ts.findings(load_view(store, plan_id))}
    # 1.1: Ana does it (3), Ben too (4), owner Ana agreed, one "Yes" -> nothing to report.
    # 4.1: nobody does it -> gap; Ben wants training -> training; no owner -> no-owner.
    # 8.4: only Ana does it, comfort 2 -> gap; she wants it with comfort 2 -> training; owner left -> owner-left.
    assert set(found) == {"task_summary:gap:4.1", "task_summary:training:4.1", "task_summary:no-owner:4.1",
                          "task_summary:gap:8.4", "task_summary:training:8.4", "task_summary:owner-left:8.4"}
    assert found["task_summary:gap:4.1"].text == 'Gap: "Follow every patient with the registry": nobody does it now.'
    assert found["task_summary:gap:8.4"].text == ('Gap: "Send the consultant\'s advice to the PCP": only people with '
                                                 'low comfort (1-2) do it now.')
    assert found["task_summary:no-owner:4.1"].text == 'No agreed owner for "Follow every patient with the registry".'
    assert found["task_summary:owner-left:8.4"].text == ('The agreed owner of "Send the consultant\'s advice to the '
                                                        'PCP" is no longer on the team.')
    assert found["task_summary:training:4.1"].text == 'Training need on "Follow every patient with the registry": ' \
                                                      'Ben Ito.'
    assert all(f.item in ("4.1", "8.4") for f in found.values())
    assert found["task_summary:gap:4.1"].severity == "should_fix"
    assert found["task_summary:training:4.1"].severity == "note"


def test_duplication_and_disagreement_findings_name_the_people(store, plan_id):
    _plan(store, plan_id, {"4.1": {"owner": ANA}, "8.4": {"owner": BEN}}, {
        ANA: {"1.1": {"does": "Yes", "comfort": 3, "should_own": "Yes"}},
        BEN: {"1.1": {"does": "Yes", "comfort": 4, "should_own": "Yes"}}})
    found = {f.id: f for f in ts.findings(load_view(store, plan_id))}
    # 1.1: both do it, no owner -> duplication and no-owner; both say "Yes" -> disagreement.
    # 4.1 and 8.4: nobody answered them -> no flags; their owners are on the team -> nothing.
    assert set(found) == {"task_summary:duplication:1.1", "task_summary:disagreement:1.1",
                          "task_summary:no-owner:1.1"}
    assert found["task_summary:duplication:1.1"].text == ('Duplication: "Screen patients" is done by Ana Díaz, Ben Ito '
                                                         'with no agreed owner.')
    assert found["task_summary:disagreement:1.1"].text == 'Disagreement on who should do "Screen patients".'


def test_with_no_sheets_the_only_finding_says_so(store, plan_id):
    _plan(store, plan_id, {}, {})
    assert [f.id for f in ts.findings(load_view(store, plan_id))] == ["task_summary:no-answers"]


def test_agreed_owners_leave_out_tasks_taken_off_the_list(store, plan_id):
    summary = ts.TaskSummaryDoc.model_validate({
        "tasks": [{"id": "1.1", "group": "1", "text": "Screen patients"},
                  {"id": "4.1", "group": "4", "text": "Follow every patient", "included": False}],
        "agreements": {"1.1": {"owner": ANA}, "4.1": {"owner": BEN}}})
    plans.save_doc(store, plan_id, summary, 0, "Ann")
    assert ts.agreed_owners(load_view(store, plan_id)) == {"1.1": ANA}


def test_a_note_or_a_training_tick_alone_is_not_an_answer_and_raises_no_gap():
    # The rule: gaps and disagreements only for tasks someone answered (do it now, or should it be theirs).
    # A member who only wrote a question in the note has not said that nobody does the task.
    assert _team({"note": "what does this mean?"}).flags == ()
    row = _team({"training": True})  # only the training box: a training need, but no gap
    assert row.flags == (ts.TRAINING,)
    # as soon as one member says "No" to doing it, nobody does it: a gap
    assert ts.GAP in _team({"note": "?"}, {"does": "No"}).flags


def test_the_summary_is_not_complete_before_anyone_has_answered(store, plan_id):
    # Owners agreed ahead of the sheets: nothing is summarised yet, so it is in progress, not complete
    _plan(store, plan_id, {"1.1": {"owner": ANA}, "4.1": {"owner": ANA}, "8.4": {"owner": BEN}}, {})
    assert ts.progress(load_view(store, plan_id)) == "in progress"
