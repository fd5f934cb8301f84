"""Comparing two versions of a plan (a milestone with now, or two milestones): what a reviewer would see.

Each test freezes the example plan (Riverbend) as a milestone, makes a few edits, and compares the milestone
with the plan as it is now. Expected values are written out by hand from examples/example-plan.json.
"""
from __future__ import annotations

import pytest

from tests.conftest import example_before_step5
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
    pid = example_before_step5(store, "Tester")
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
        Change("rating", "Readiness checklist, item B2 (A psychiatric consultant is identified and…)", "Not in place", "In place"),)


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
        ("rating", "Administrative readiness, item S3 (Arrange clinical supervision for the care…)", "not started", "in progress"),
        ("field", "Administrative readiness, item S3 (Arrange clinical supervision for the care…), owner", "Maria Okafor", "Luz Ramírez"),
    ]


# ----------------------------------------------------------------------------------------------
# Headline figures: worked out by the worksheets, compared before -> after with the difference.
# Example plan (by hand from examples/example-plan.json): readiness has 31 items rated, 11 In place (2 points),
# 11 Partly (1 point), 9 Not in place (0): 33 of 62 points = 53.2%. Domain B: B1 Partly, B2 Not in place,
# B3 In place, B4 Not in place = 3 of 8 points = 37.5%. Six blockers stand before launch, among them the three
# readiness domains under 50% (B 37.5%, E 25%, F 37.5%). Actions: 1 done, 2 in progress + 4 not started = 6 open,
# 1 dropped.

def figures_of(store, pid, milestone):
    result = compare(load_view(store, pid, milestone), load_view(store, pid))
    return {c.where: (c.before, c.after, c.delta) for c in result.figures.changes}


def test_a_rating_moved_shows_the_readiness_scores_and_the_gate_that_moved(store, example):
    pid, base = example
    edit(store, pid, "readiness", lambda doc: setattr(doc.responses["B2"], "rating", "In place"))

    assert figures_of(store, pid, base) == {
        # B: 3 + 2 = 5 of 8 points = 62.5%, 25 points more
        "Readiness, B. Team and staffing": ("37.5%", "62.5%", "+25 points"),
        # 33 + 2 = 35 of 62 = 56.45% -> 56.5%; 56.5 - 53.2 = 3.3 points
        "Readiness, Overall": ("53.2%", "56.5%", "+3.3 points"),
        # domain B is no longer under 50%: one blocker fewer
        "Launch gate, Blockers open": ("6", "5", "-1"),
    }


def test_figures_are_kept_apart_from_the_worksheets_that_changed(store, example):
    pid, base = example
    edit(store, pid, "readiness", lambda doc: setattr(doc.responses["B2"], "rating", "In place"))

    result = compare(load_view(store, pid, base), load_view(store, pid))
    assert [w.title for w in result.changed] == ["Readiness checklist"]
    assert result.figures.title == "Headline figures" and result.figures.changed


def test_actions_done_and_open_moved_with_the_action_plan_rows(store, example):
    pid, base = example

    def rework(doc):
        doc.actions = [a for a in doc.actions if a.id != "ap03a9f6e2d8"]  # a not-started action removed
        next(a for a in doc.actions if a.id == "ap01b2c0f1a9").status = "done"  # was in progress
        doc.actions.append(Action(action="Choose the registry", owner=LUZ))  # not started
    edit(store, pid, "action_plan", rework)

    got = figures_of(store, pid, base)
    assert got["Action plan, Actions done"] == ("1", "2", "+1")
    # open: 6 - 1 removed - 1 done + 1 added = 5
    assert got["Action plan, Actions open"] == ("6", "5", "-1")
    assert set(got) == {"Action plan, Actions done", "Action plan, Actions open"}


def test_a_self_assessment_answer_closes_a_task_summary_gap(store, example):
    pid, base = example

    def answer(doc):
        doc.answers["4.1"].does = "Sometimes"
        doc.answers["4.1"].comfort = 3
    edit(store, pid, "self_assessment", answer, key=LUZ)

    # Task 4.1 was a gap: everyone answered "No" to doing it. Luz now does it sometimes, comfort 3 (not low).
    assert figures_of(store, pid, base) == {"Task summary, Tasks flagged: Gap": ("2", "1", "-1")}


def test_a_reworded_vision_moves_no_figure(store, example):
    pid, base = example

    def reword(doc):
        doc.vision.statement = doc.vision.statement.replace("most feel markedly better", "most feel better")
    edit(store, pid, "shared_vision", reword)

    assert figures_of(store, pid, base) == {}


def test_the_financial_outputs_that_moved_with_the_sustainment_inputs(store, example):
    pid, base = example

    def cut(doc):
        doc.scenarios[0].inputs.care_manager_fte = 0.8
        doc.scenarios[0].inputs.consultant_hours_per_week = 6
    edit(store, pid, "sustainment", cut)

    got = figures_of(store, pid, base)
    assert got["Finance and staffing, Care manager FTE planned"] == ("1 FTE (Base case)", "0.8 FTE (Base case)",
                                                                     "-0.2 FTE")
    # Year 1 cost: care manager 0.2 FTE x $68,000 x 1.30 benefits x 1.15 overhead = $20,332 less;
    # consultant 2 more hours x $190 x 52 weeks x 1.15 overhead = $22,724 more: net $2,392 lower.
    before, after, delta = got["Finance and staffing, Net, year 1 (scenario in use)"]
    assert delta == "-$2,392"
    # the FTE the caseload needs depends on the caseload and contact plan only: not moved
    assert "Finance and staffing, Care manager FTE the caseload needs" not in got


def test_a_new_month_in_the_metric_log_moves_the_metrics_latest_value(store, example):
    from datetime import date

    from worksheets.metric_log import Entry

    pid, base = example

    def log(doc):
        doc.entries.append(Entry(month=date(2028, 5, 1), metric="active_caseload", value=90))
    edit(store, pid, "metric_log", log)

    got = figures_of(store, pid, base)
    # the latest month was April 2028 with 86 patients; May 2028 logs 90
    assert got["Metrics, Active caseload"] == ("86 (Apr 2028)", "90 (May 2028)", "+4")


CHEN = "b72d0e4c9a15"  # Dr. Wei Chen, PCP champion


def test_rows_added_removed_and_changed_in_the_clinical_workflow(store, example):
    pid, base = example

    def rework(doc):
        rooming = doc.steps[1]  # "MA checks the scores at rooming ...": a new step, at "Rooming"
        rooming.status = "Done today, no change"
        rooming.when = "At rooming"
        doc.steps = [s for s in doc.steps if not s.name.startswith("Item 9 answered")]
        doc.steps.append(type(rooming)(phase=2, name="Care manager calls within a week",
                                       who="Behavioral health care manager"))
    edit(store, pid, "workflow", rework)

    got = changes_of(store, pid, base, "workflow")
    row = "Clinical workflow, row 'MA checks the scores at rooming and flags a positive screen…'"
    assert [(c.what, c.where, c.before, c.after) for c in got[:2]] == [
        ("row changed", row + ", when", "Rooming", "At rooming"),
        ("row changed", row + ", today or planned", "New step", "Done today, no change"),
    ]
    added, removed = got[2:]
    assert (added.what, added.where) == ("row added", "Clinical workflow, row 'Care manager calls within a week'")
    assert "who: Behavioral health care manager" in added.after
    assert (removed.what, removed.where) == (
        "row removed", "Clinical workflow, row 'Item 9 answered 1 or more: stay with the patient and fetch…'")
    assert "part of the suicide-risk protocol: yes" in removed.before


def test_a_task_summary_agreement_shows_the_owner_and_backup_by_name(store, example):
    pid, base = example

    def swap(doc):  # task 1.1 (screening): Dr. Chen owns it with Luz as backup; now the other way round
        doc.agreements["1.1"].owner = LUZ
        doc.agreements["1.1"].backup = CHEN
    edit(store, pid, "task_summary", swap)

    got = changes_of(store, pid, base, "task_summary")
    assert [(c.what, c.where, c.before, c.after) for c in got] == [
        ("field", "Task summary, task 1.1, agreed owner", "Dr. Wei Chen", "Luz Ramírez"),
        ("field", "Task summary, task 1.1, backup", "Luz Ramírez", "Dr. Wei Chen"),
    ]
    # the task still has an agreed owner: no task-summary flag moved
    assert figures_of(store, pid, base) == {}
