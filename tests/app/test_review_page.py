"""Six-month review page in AppTest: the Baseline offered once Step 1 is complete, milestones made and renamed (a name
already used refused with nothing lost, every rename logged, what a milestone holds never changed), a review saved
with a decision that is then sent to the action plan with its owner and due date, and a review refused without an
attendee or dated before the plan was started."""
from __future__ import annotations

from datetime import date, timedelta

from planning import plans
from planning.view import load_view
from tests.conftest import HOSTILE, example_before_step5, plain, press
from worksheets import action_plan as ap
from worksheets import readiness, team
from worksheets import review as rv

PAGE = "pages/review_page.py"
KIND = "review"
MARIA, WEI = "a1f3c9e2b701", "b72d0e4c9a15"  # the example plan's CIT lead and PCP champion




def shown(elements) -> list[str]:
    return [plain(e.value) for e in elements]




def complete_step_1(store, pid: str) -> None:
    """What the example plan still lacks in Step 1: every team member acknowledges their role, every readiness item
    is rated."""
    loaded = plans.load_doc(store, pid, team.TeamDoc.KIND)
    data = loaded.doc.model_dump(mode="json")
    for m in data["members"]:
        m["acknowledged"] = [r.id for r in team.responsibilities(m["role"])]
    plans.save_doc(store, pid, team.TeamDoc.model_validate(data), loaded.version, "Tester")
    loaded = plans.load_doc(store, pid, readiness.KIND)
    data = loaded.doc.model_dump(mode="json")
    for item in readiness.CATALOG.items:
        response = data["responses"].setdefault(item.id, {"rating": None, "note": ""})
        response["rating"] = response["rating"] or readiness.CATALOG.scale.labels[0]
    plans.save_doc(store, pid, readiness.ReadinessDoc.model_validate(data), loaded.version, "Tester")


def milestone_table(at) -> list[dict]:
    (table,) = [d for d in at.dataframe if "Worksheets pinned" in d.value.columns]
    return table.value.to_dict("records")


def test_the_baseline_is_offered_once_step_1_is_complete_and_made_in_one_click(open_page, store):
    pid = example_before_step5(store, "Tester")
    at = open_page(PAGE, pid)
    assert [t.label for t in at.tabs] == ["Milestones", "Compare", "Trends", "Review record"]
    assert "Make the Baseline milestone" not in [b.label for b in at.button]  # the example's team and readiness
    assert any("frozen copy of every worksheet" in t and "cannot be changed" in t for t in shown(at.info))
    complete_step_1(store, pid)
    at = open_page(PAGE, pid)
    assert any("Step 1 · Lay the Foundation is complete." in t and "Baseline" in t for t in shown(at.markdown))
    at = press(at, "Make the Baseline milestone")
    (made,) = store.list_milestones(pid)
    assert (made.name, made.created_by) == ("Baseline", "Tester")
    assert any("Milestone “Baseline” made" in t for t in shown(at.success))
    (row,) = milestone_table(at)
    assert (row["Name"], row["Made by"], row["Worksheets pinned"]) == ("Baseline", "Tester", made.document_count)
    assert row["Made on"].endswith("UTC")
    assert "Make the Baseline milestone" not in [b.label for b in at.button]  # offered once only


def test_a_milestone_name_already_used_is_refused_and_the_typed_name_stays(open_page, store, plan_id):
    store.create_milestone(plan_id, "Baseline", "Tester")
    at = open_page(PAGE, plan_id)
    at.text_input(key="rv_ms_name").set_value("baseline")
    at = press(at, "Make the milestone")
    assert any("Not made" in e and "Baseline" in e for e in shown(at.error)), shown(at.error)
    assert at.text_input(key="rv_ms_name").value == "baseline"  # nothing lost
    assert [m.name for m in store.list_milestones(plan_id)] == ["Baseline"]
    at.text_input(key="rv_ms_name").set_value(HOSTILE)
    at = press(at, "Make the milestone")
    assert [m.name for m in store.list_milestones(plan_id)] == [HOSTILE, "Baseline"]  # newest first
    assert [r["Name"] for r in milestone_table(at)] == [HOSTILE, "Baseline"]


def test_a_rename_is_logged_and_the_milestone_still_holds_what_it_froze(open_page, store):
    pid = example_before_step5(store, "Tester")
    mid = store.create_milestone(pid, "Before the spring", "Tester")
    frozen = {k: d.data for k, d in store.load_snapshot(pid, mid).documents.items()}
    loaded = plans.load_doc(store, pid, "team")  # the plan moves on after the milestone
    data = loaded.doc.model_dump(mode="json")
    data["members"][0]["name"] = "Maria Okafor-Reyes"
    plans.save_doc(store, pid, team.TeamDoc.model_validate(data), loaded.version, "Tester")
    at = open_page(PAGE, pid)
    at.selectbox(key="rv_rename_pick").set_value(mid)
    at.text_input(key="rv_rename_name").set_value("Baseline")
    at = press(at, "Rename")
    assert [m.name for m in store.list_milestones(pid)] == ["Baseline"]
    assert any("Renamed from “Before the spring” to “Baseline” on " in t and "UTC by Tester" in t
               for t in shown(at.markdown))
    after = {k: d.data for k, d in store.load_snapshot(pid, mid).documents.items()}
    assert after == frozen and after[("team", "")]["members"][0]["name"] == "Maria Okafor"


def roster(store, pid: str) -> None:
    plans.save_doc(store, pid, team.TeamDoc.model_validate({"members": [
        {"id": MARIA, "name": "Maria Okafor", "role": "CIT lead"},
        {"id": WEI, "name": "Dr. Wei Chen", "role": "PCP champion"}]}), 0, "Tester")


def test_a_review_with_a_decision_is_saved_then_the_decision_is_sent_to_the_action_plan(open_page, store, plan_id):
    pid = plan_id
    roster(store, pid)
    store.create_milestone(pid, "Baseline", "Tester")
    at = open_page(PAGE, pid)
    at.session_state["rv_tab"] = "Review record"
    at.run()
    base = "review_editor_0__new"
    at.text_input(key=f"{base}_name").set_value("6-month review, May 2027")
    at.multiselect(key=f"{base}_attendees").set_value([MARIA, WEI])
    at.text_area(key=f"{base}_vision").set_value(HOSTILE)
    at.session_state[f"{base}_decisions"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"text": "Add a second care manager half-time", "owner": WEI, "due": "2027-08-31"},
        {"text": "Keep the Tuesday caseload review", "no_action": True}]}
    at = press(at, "Save the review")
    assert any("Saved as version 1" in t for t in shown(at.success)), shown(at.error)
    (saved,) = plans.load_doc(store, pid, KIND).doc.reviews
    assert (saved.name, saved.date, saved.attendees, saved.vision) == ("6-month review, May 2027", date.today(),
                                                                      [MARIA, WEI], HOSTILE)
    assert [(d.text, d.owner, d.due, d.no_action) for d in saved.decisions] == [
        ("Add a second care manager half-time", WEI, date(2027, 8, 31), False),
        ("Keep the Tuesday caseload review", None, None, True)]
    # the milestone of the same name is offered, and the one waiting decision with a send button
    assert "Make a milestone named ‘6-month review, May 2027’" in [plain(b.label) for b in at.button]
    assert any("also offered in the action plan's inbox" in c for c in shown(at.caption))
    assert [b.label for b in at.button].count("Send to the action plan") == 1
    at = press(at, "Send to the action plan")
    action = ap.action_for(plans.load_doc(store, pid, "action_plan").doc, rv.finding_id(saved.decisions[0]))
    assert (action.action, action.owner, action.due, action.step) == ("Add a second care manager half-time", WEI,
                                                                      date(2027, 8, 31), 5)
    assert any("Added to the action plan: Add a second care manager half-time" in t for t in shown(at.success))
    assert "Send to the action plan" not in [b.label for b in at.button]
    assert rv.finding_id(saved.decisions[0]) not in [f.id for f in load_view(store, pid).findings()]
    # the offered milestone
    at = next(b for b in at.button if b.key == "rv_offer_ms").click().run()
    assert [m.name for m in store.list_milestones(pid)] == ["6-month review, May 2027", "Baseline"]


def test_the_milestone_offer_says_so_when_the_name_is_taken(open_page, store, plan_id):
    store.create_milestone(plan_id, "Spring review", "Tester")
    roster(store, plan_id)
    at = open_page(PAGE, plan_id)
    at.session_state["rv_tab"] = "Review record"
    at.run()
    base = "review_editor_0__new"
    at.text_input(key=f"{base}_name").set_value("Spring review")
    at.multiselect(key=f"{base}_attendees").set_value([MARIA])
    at = press(at, "Save the review")
    assert any("A milestone named “Spring review” already exists" in t for t in shown(at.info))
    assert not any(b.label.startswith("Make a milestone named") for b in at.button)


def test_a_review_without_attendees_or_dated_before_the_plan_is_refused_with_nothing_lost(open_page, store, plan_id):
    roster(store, plan_id)
    at = open_page(PAGE, plan_id)
    at.session_state["rv_tab"] = "Review record"
    at.run()
    base = "review_editor_0__new"
    at.text_area(key=f"{base}_went_well").set_value("The caseload review runs every week")
    at = press(at, "Save the review")
    assert any("Not saved" in e and "A review needs at least one attendee from the team." in e
               for e in shown(at.error)), shown(at.error)
    assert plans.load_doc(store, plan_id, KIND).version == 0
    assert at.text_area(key=f"{base}_went_well").value == "The caseload review runs every week"
    at.multiselect(key=f"{base}_attendees").set_value([MARIA])
    at.date_input(key=f"{base}_date").set_value(date.today() - timedelta(days=400))
    at = press(at, "Save the review")
    assert any("Not saved" in e and "before this plan was started on" in e for e in shown(at.error))
    assert plans.load_doc(store, plan_id, KIND).version == 0
