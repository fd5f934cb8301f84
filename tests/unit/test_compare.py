"""Comparing two versions of a plan (a milestone with now, or two milestones): what a reviewer would see.

Each test freezes the example plan (Riverbend) as a milestone, makes a few edits, and compares the milestone
with the plan as it is now. Expected values are written out by hand from examples/example-plan.json.
"""
from __future__ import annotations

import pytest

from planning import plans
from planning.compare import Change, compare, word_diff
from planning.view import load_view
from worksheets.action_plan import Action
from worksheets.team import Member

LUZ = "c0e85b17d3f6"  # Luz Ramírez, care manager, in the example roster
ANA = "f5d2b8c4e017"  # Ana Torres, Other


@pytest.fixture
def example(store):
    """(plan id, baseline milestone id) of the example plan, frozen before any edit."""
    pid = plans.open_example(store, "Tester")
    return pid, store.create_milestone(pid, "Baseline", "Tester")


def edit(store, pid, kind, change, key=""):
    """Load the current document, let ``change`` edit it, save it."""
    view = load_view(store, pid)
    doc = view.doc(kind, key).model_copy(deep=True)
    change(doc)
    plans.save_doc(store, pid, doc, view.version(kind, key), "Tester", key=key)


def changes_of(store, pid, milestone, kind):
    result = compare(load_view(store, pid, milestone), load_view(store, pid))
    return next(w for w in result.worksheets if w.kind == kind).changes


def test_a_checklist_rating_that_moved_shows_from_and_to(store, example):
    pid, base = example

    def rate(doc):
        doc.responses["B2"].rating = "In place"
    edit(store, pid, "readiness", rate)

    assert changes_of(store, pid, base, "readiness") == (
        Change("rating", "Readiness checklist, item B2", "Not in place", "In place"),)


def test_rows_added_removed_and_changed_in_the_action_plan(store, example):
    pid, base = example

    def rework(doc):
        doc.actions = [a for a in doc.actions if a.id != "ap03a9f6e2d8"]  # supervision row dropped
        first = next(a for a in doc.actions if a.id == "ap01b2c0f1a9")
        first.status = "done"
        doc.actions.append(Action(action="Choose the registry", owner=LUZ))
    edit(store, pid, "action_plan", rework)

    got = {(c.what, c.where): (c.before, c.after) for c in changes_of(store, pid, base, "action_plan")}
    # The first action's label is its action text, cut at 60 characters with an ellipsis.
    first = "Action plan, row 'Sign a consulting agreement with the county psychiatry grou…'"
    assert got[("row changed", first + ", status")] == ("in progress", "done")
    added = got[("row added", "Action plan, row 'Choose the registry'")]
    assert added[0] == "" and "owner: Luz Ramírez" in added[1]  # a name, not the person id
    removed = got[("row removed", "Action plan, row 'Arrange weekly clinical supervision for the care manager.'")]
    # what the row held, under the fields' titles, people by name
    assert removed[1] == "" and "owner: Maria Okafor" in removed[0] and "due date: 2027-03-01" in removed[0]
    assert len(got) == 3


def test_rows_added_removed_and_changed_in_the_team_roster(store, example):
    pid, base = example

    def reshuffle(doc):
        doc.members = [m for m in doc.members if m.id != ANA]
        chen = next(m for m in doc.members if m.name == "Dr. Wei Chen")
        chen.cocm_share_pct = 15
        doc.members.append(Member(name="Priya Shah", role="Other", role_detail="Medical assistant"))
    edit(store, pid, "team", reshuffle)

    got = changes_of(store, pid, base, "team")
    assert [(c.what, c.where) for c in got] == [
        ("number", "Implementation team, row 'Dr. Wei Chen', share of time for CoCM (%)"),
        ("row added", "Implementation team, row 'Priya Shah'"),
        ("row removed", "Implementation team, row 'Ana Torres'"),
    ]
    share = got[0]
    assert (share.before, share.after, share.delta) == ("5", "15", "+10")  # 5 % -> 15 %: ten points more


def test_the_vision_statement_shows_a_word_level_diff(store, example):
    pid, base = example

    def reword(doc):
        doc.vision.statement = doc.vision.statement.replace("most feel markedly better", "most feel better")
    edit(store, pid, "shared_vision", reword)

    (change,) = changes_of(store, pid, base, "shared_vision")
    assert change.what == "text"
    assert change.where == "Shared vision, vision and sign-off, vision statement"
    assert change.words == (
        ("same", "Every adult at Riverbend with depression, anxiety or PTSD gets measurement-based care from "
                 "their own primary care team, and most feel"),
        ("removed", "markedly"),
        ("same", "better within six months."),
    )


def test_word_diff_marks_replaced_words_as_removed_then_added():
    assert word_diff("Launch in May", "Launch in June") == (("same", "Launch in"), ("removed", "May"),
                                                            ("added", "June"))


def test_a_number_moved_in_the_sustainment_inputs(store, example):
    pid, base = example

    def cut(doc):
        doc.scenarios[0].inputs.care_manager_fte = 0.8
        doc.scenarios[0].inputs.consultant_hours_per_week = 6
    edit(store, pid, "sustainment", cut)

    got = changes_of(store, pid, base, "sustainment")
    where = "Sustainment plan, row 'Base case', Inputs, "
    assert [(c.what, c.where, c.before, c.after, c.delta) for c in got] == [
        ("number", where + "Care manager FTE (full-time equivalents)", "1", "0.8", "-0.2"),  # 1.0 - 0.2
        ("number", where + "Psychiatric consultant hours per week", "4", "6", "+2"),  # 4 h -> 6 h a week
    ]


def test_a_change_in_one_persons_self_assessment(store, example):
    pid, base = example

    def answer(doc):
        doc.answers["4.1"].does = "Sometimes"
        doc.answers["4.1"].comfort = 3
    edit(store, pid, "self_assessment", answer, key=LUZ)

    got = changes_of(store, pid, base, "self_assessment")
    where = "Team self-assessment, Luz Ramírez, task 4.1, "
    assert [(c.what, c.where, c.before, c.after) for c in got] == [
        ("field", where + "do you do it now", "No", "Sometimes"),
        ("number", where + "comfort", "1", "3"),
    ]
    assert got[1].delta == "+2"


def test_a_person_who_starts_a_self_assessment_is_listed_as_added(store, example):
    pid, base = example
    view = load_view(store, pid)
    doc = type(view.doc("self_assessment", LUZ))(person_id=ANA, name="Ana Torres", role="Front desk")
    plans.save_doc(store, pid, doc, 0, "Tester", key=ANA)

    got = changes_of(store, pid, base, "self_assessment")
    assert [(c.what, c.where) for c in got] == [("row added", "Team self-assessment, Ana Torres")]


def test_unchanged_worksheets_are_folded_away(store, example):
    pid, base = example

    def rate(doc):
        doc.responses["B2"].rating = "In place"
    edit(store, pid, "readiness", rate)

    result = compare(load_view(store, pid, base), load_view(store, pid))
    assert [w.kind for w in result.worksheets if w.changed] == ["readiness"]
    folded = {w.kind: w for w in result.worksheets if not w.changed}
    assert "action_plan" in folded and "principles" in folded and folded["team"].changes == ()
    assert folded["team"].title == "Implementation team"
    # every built worksheet is listed, in the registry's order: Step 1 starts with the principles
    assert [w.kind for w in result.worksheets][:3] == ["principles", "team", "readiness"]


def test_a_milestone_compared_with_itself_shows_nothing(store, example):
    pid, base = example
    edit(store, pid, "readiness", lambda doc: setattr(doc.responses["B2"], "rating", "In place"))

    result = compare(load_view(store, pid, base), load_view(store, pid, base))
    assert result.count == 0 and not any(w.changed for w in result.worksheets)


def test_now_compared_with_now_shows_nothing(store, plan_id):
    result = compare(load_view(store, plan_id), load_view(store, plan_id))
    assert result.count == 0


def test_milestones_of_two_different_plans_cannot_be_compared(store, plan_id, example):
    pid, base = example
    other = store.create_milestone(plan_id, "Baseline", "Tester")

    with pytest.raises(ValueError, match="different plans"):
        compare(load_view(store, pid, base), load_view(store, plan_id, other))


def test_a_checklist_status_and_its_owner_show_as_a_rating_and_a_name(store, example):
    pid, base = example

    def hand_over(doc):
        doc.responses["S3"].status = "in progress"
        doc.responses["S3"].owner = LUZ  # was Maria Okafor
    edit(store, pid, "admin_readiness", hand_over)

    got = changes_of(store, pid, base, "admin_readiness")
    assert [(c.what, c.where, c.before, c.after) for c in got] == [
        ("rating", "Administrative readiness, item S3", "not started", "in progress"),
        ("field", "Administrative readiness, item S3, owner", "Maria Okafor", "Luz Ramírez"),
    ]
