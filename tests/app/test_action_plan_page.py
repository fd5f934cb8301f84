"""Action plan page: a gap found on a worksheet is offered as an action, accepted, edited, done; overdue shows."""
from __future__ import annotations

import json
from datetime import date, timedelta

from planning import plans
from worksheets import action_plan as ap
from worksheets import readiness as rd
from worksheets import team as tm

PAGE = "pages/action_plan_page.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _team(store, plan_id):
    members = [{"id": "lead1", "name": "Maria Okafor", "role": "CIT lead"},
               {"id": "pcp1", "name": "Dr. Wei Chen", "role": "PCP champion"}]
    plans.save_doc(store, plan_id, tm.TeamDoc.model_validate({"members": members}), 0, "Ann")


def from_readiness(at) -> None:
    """Only the readiness checklist's suggestions: an almost empty plan offers many blockers first (missing roles,
    the launch gate's worksheets), and the inbox shows ten at a time."""
    at.selectbox(key="_inbox_from").set_value("readiness").run()


def test_a_readiness_gap_is_offered_accepted_and_becomes_an_action(open_page, store, plan_id):
    _team(store, plan_id)
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate(
        {"responses": {"E1": {"rating": "Not in place"}}}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    from_readiness(at)
    suggestion = next(m.value for m in at.markdown if "Not in place yet \\(E1\\)" in m.value)
    assert "Should fix" in suggestion
    # the draft names an owner by role: the readiness data domain belongs to the CIT lead, and there is one
    draft = next(c.value for c in at.caption if "Put in place \\(E1\\)" in c.value)
    assert "Owner: Maria Okafor \\(CIT lead\\)" in draft
    at.button(key="inbox_edit_readiness:item:E1").click().run()  # edit first, then accept
    assert at.selectbox(key="inbox_owner_readiness:item:E1").value == "lead1"
    at.text_area(key="inbox_action_readiness:item:E1").input("Choose the registry: AIMS Caseload Tracker")
    next(b for b in at.button if b.label == "Accept as edited").click().run()
    saved = plans.load_doc(store, plan_id, "action_plan").doc
    assert [(a.action, a.owner, a.source) for a in saved.actions] == [
        ("Choose the registry: AIMS Caseload Tracker", "lead1", "readiness:item:E1")]
    assert "readiness:item:E1" in saved.accepted
    # it left the inbox and is in the table
    assert not any("Not in place yet \\(E1\\)" in m.value for m in at.markdown)
    table = next(d.value for d in at.dataframe if "action" in d.value.columns)
    assert table["action"].tolist() == ["Choose the registry: AIMS Caseload Tracker"]


def test_accepting_the_same_suggestion_twice_makes_one_action(open_page, store, plan_id):
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate(
        {"responses": {"E1": {"rating": "Not in place"}}}), 0, "Ann")
    first, second = open_page(PAGE, plan_id), open_page(PAGE, plan_id)  # two browsers show the suggestion
    for at in (first, second):
        from_readiness(at)
    for at in (first, second):
        at.button(key="inbox_accept_readiness:item:E1").click().run()  # one click each
    assert len(plans.load_doc(store, plan_id, "action_plan").doc.actions) == 1


def test_setting_a_suggestion_aside_needs_a_reason_and_is_remembered(open_page, store, plan_id):
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate(
        {"responses": {"E1": {"rating": "Not in place"}}}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    from_readiness(at)
    at.button(key="inbox_aside_readiness:item:E1").click().run()
    confirm = lambda: next(b for b in at.button if b.label == "Set aside with this reason")  # noqa: E731
    confirm().click().run()
    assert any("Write a reason first" in e.value for e in at.error)
    at.text_input(key="inbox_reason_readiness:item:E1").input("The county registry covers this")
    confirm().click().run()
    doc = plans.load_doc(store, plan_id, "action_plan").doc
    assert doc.dismissed["readiness:item:E1"].reason == "The county registry covers this"
    assert not any("readiness:item:E1" in b.id for b in at.button if b.label == "Accept")


def test_an_overdue_action_stands_out_and_marking_it_done_stamps_today(open_page, store, plan_id):
    _team(store, plan_id)
    ten_days_ago = date.today() - timedelta(days=10)
    doc = ap.ActionPlanDoc.model_validate({"actions": [
        {"id": "a1", "action": "Book the caseload review room", "owner": "lead1", "due": ten_days_ago.isoformat()}]})
    plans.save_doc(store, plan_id, doc, 0, "Ann")
    at = open_page(PAGE, plan_id)
    assert {m.label: m.value for m in at.metric}["Overdue"] == "1"
    banner = next(e.value for e in at.error if "Overdue" in e.value)
    assert "Book the caseload review room" in banner and "10 days late" in banner
    table = next(d.value for d in at.dataframe if "action" in d.value.columns)
    assert table["late"].tolist() == ["10 days"]
    at.session_state["action_plan_editor_0"] = {"edited_rows": {0: {"status": "done"}}, "added_rows": [],
                                                "deleted_rows": []}
    _button(at, "Save actions").click().run()
    saved = plans.load_doc(store, plan_id, "action_plan").doc.actions[0]
    assert (saved.status, saved.done_on) == ("done", date.today())
    assert {m.label: m.value for m in at.metric}["Overdue"] == "0"


def test_a_due_date_before_the_start_is_refused_next_to_the_row(open_page, store, plan_id):
    plans.save_doc(store, plan_id, ap.ActionPlanDoc.model_validate({"actions": [
        {"id": "a1", "action": "Train the front desk", "start": "2027-03-01", "due": "2027-03-20"}]}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    at.session_state["action_plan_editor_0"] = {"edited_rows": {0: {"due": "2027-02-01"}}, "added_rows": [],
                                                "deleted_rows": []}
    _button(at, "Save actions").click().run()
    err = next(e.value for e in at.error if "Not saved" in e.value)
    assert "Train the front desk, due date" in err
    assert plans.load_doc(store, plan_id, "action_plan").version == 1


def test_the_timeline_shows_each_dated_action_by_owner_and_marks_the_overdue_one(open_page, store, plan_id):
    _team(store, plan_id)
    late = (date.today() - timedelta(days=3)).isoformat()
    later = (date.today() + timedelta(days=20)).isoformat()
    plans.save_doc(store, plan_id, ap.ActionPlanDoc.model_validate({"actions": [
        {"id": "a1", "action": "Book the caseload review room", "owner": "lead1", "due": late},
        {"id": "a2", "action": "Train the front desk", "owner": "pcp1", "due": later},
        {"id": "a3", "action": "Write the consent script"}]}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    assert not at.get("plotly_chart")  # drawn only when the timeline is opened
    at.session_state["ap_timeline_open"] = True
    at.run()
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    # grouped by owner, alphabetically: Dr. Wei Chen before Maria Okafor; the late one says so in words
    assert bars["y"] == ["Dr. Wei Chen (PCP champion) · Train the front desk",
                         "Maria Okafor (CIT lead) · Book the caseload review room"]
    assert bars["text"][1].startswith("OVERDUE") and not bars["text"][0].startswith("OVERDUE")
    assert any("1 action without a due date not shown" in c.value for c in at.caption)


def test_the_accepted_message_ends_with_one_full_stop(open_page, store, plan_id):
    # The suggested action is the readiness item's sentence, which ends with a full stop of its own
    _team(store, plan_id)
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate(
        {"responses": {"E1": {"rating": "Not in place"}}}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    from_readiness(at)
    at.button(key="inbox_accept_readiness:item:E1").click().run()
    said = [m.value.replace("\\", "") for m in at.success]  # as shown: without markdown's escapes
    assert "Accepted: Put in place (E1): A patient tracking system (registry) has been chosen: spreadsheet, AIMS " \
           "Caseload Tracker or EHR build. Saved as version 1." in said


def test_suggestions_can_be_narrowed_to_one_worksheet(open_page, store):
    pid = plans.open_example(store, "Ann")
    at = open_page(PAGE, pid)
    pick = at.selectbox(key="_inbox_from")
    labels = list(pick.options)  # as shown: each worksheet with its number of suggestions
    assert labels[0].startswith("Every worksheet (")
    # Riverbend's task summary: 2 gaps (4.1, 4.6) + 1 disagreement (7.2) + 9 training needs + 3 tasks with no
    # agreed owner (4.1, 4.6, 8.4) = 15 suggestions, none accepted or set aside yet
    assert "Task summary (15)" in labels
    pick.set_value("task_summary").run()
    cards = [m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value]
    assert len(cards) == 10  # ten at a time, all from the task summary
    assert all("Task summary" in c for c in cards)
