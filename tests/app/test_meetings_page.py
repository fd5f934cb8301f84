"""Planning meetings page in AppTest, with the example plan (Riverbend): plan a meeting and build its agenda from the
plan, reorder it and save, a meeting with nobody in it refused in words, a decision sent to the action plan with its
owner and due date, and the projector view stepping through the agenda one item at a time."""
from __future__ import annotations

from planning import plans
from tests.conftest import HOSTILE, plain, press
from worksheets import action_plan as ap
from worksheets import meetings as mt

PAGE = "pages/meetings_page.py"
KIND = "meetings"
MARIA, LUZ = "a1f3c9e2b701", "c0e85b17d3f6"






def texts(elements) -> list[str]:
    return [plain(e.value) for e in elements]


def saved(store, pid) -> mt.MeetingsDoc:
    return plans.load_doc(store, pid, KIND).doc


def prefix(at) -> str:
    """The key prefix of the meeting open on the page (editor generation and meeting id)."""
    gen = at.session_state[f"_gen_{KIND}"] if f"_gen_{KIND}" in at.session_state else 0
    mid = at.session_state["_mt_pick"] or at.session_state["_mt_new_id"]
    return f"{KIND}_editor_{gen}_{mid}"


def save_meetings(store, pid, *meetings: dict) -> None:
    doc = mt.MeetingsDoc.model_validate({"meetings": list(meetings)})
    plans.save_doc(store, pid, doc, plans.load_doc(store, pid, KIND).version, "Tester")


def test_plan_a_meeting_build_the_agenda_reorder_it_and_save(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid)
    assert at.title[0].value == "Planning meetings"
    at = at.selectbox(key="_mt_pick").set_value("").run()  # "Plan a new meeting"
    before = [m.id for m in saved(store, pid).meetings]
    k = prefix(at)
    at.multiselect(key=f"{k}_attendees").set_value([MARIA, LUZ])
    at.selectbox(key=f"{k}_step").set_value(4)
    at = press(at, "Build the agenda from the plan")
    assert any("Built from the plan as it is now" in c for c in texts(at.caption))
    built = [mt.AgendaItem.model_validate(r) for r in at.session_state[f"_mt_agenda_{at.session_state['_mt_new_id']}"]]
    kinds = [i.kind for i in built]
    # the example plan is not ready to launch, and Step 4 is in focus (no previous meeting: its findings are listed)
    assert "blocker" in kinds and "step_focus" in kinds
    step = next(i for i in built if i.kind == "step_focus")
    assert step.text.startswith("Step 4 · Launch Your Care: 3 of 5 worksheets complete")
    # the lead moves the first item to the end and adds one by hand
    first = built[0]
    at.session_state[f"{k}_agenda_1"] = {"edited_rows": {0: {"order": 99}},
                                         "added_rows": [{"text": "Any other business", "order": 50}],
                                         "deleted_rows": []}
    at.session_state[f"{k}_decisions"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"text": "Invite the EHR analyst", "owner": LUZ, "due": "2026-12-03"}]}
    at = press(at, "Save meeting")
    (meeting,) = [m for m in saved(store, pid).meetings if m.id not in before]
    assert [p for p in meeting.attendees] == [MARIA, LUZ] and meeting.step == 4
    agenda = meeting.ordered_agenda()
    assert [i.order for i in agenda] == list(range(1, len(built) + 2))  # numbered 1, 2, 3 ... on Save
    assert agenda[-1].id == first.id and agenda[-2].text == "Any other business"
    assert agenda[-2].kind == "by_hand"
    (decision,) = meeting.decisions
    assert (decision.text, decision.owner, decision.due.isoformat()) == ("Invite the EHR analyst", LUZ, "2026-12-03")
    assert any("Saved as version" in s for s in texts(at.success))
    # the decision waits for the action plan, and the downloads are offered
    assert [b.label for b in at.button if b.label == "Send to the action plan"] == ["Send to the action plan"]
    assert "Next meeting (.ics)" not in [d.proto.label for d in at.get("download_button")]  # no next date yet
    assert at.selectbox(key="_mt_pick").value == meeting.id  # the saved meeting stays open


def test_a_meeting_without_attendees_is_not_saved_and_says_why(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid)
    at = at.selectbox(key="_mt_pick").set_value("").run()  # "Plan a new meeting"
    version = plans.load_doc(store, pid, KIND).version
    at = press(at, "Save meeting")
    assert any("Choose at least one attendee from the team" in e for e in texts(at.error))
    assert plans.load_doc(store, pid, KIND).version == version  # nothing saved


def test_a_decision_is_sent_to_the_action_plan_with_its_owner_and_due_date(open_page, store):
    pid = plans.open_example(store, "Tester")
    save_meetings(store, pid, {
        "id": "m1", "date": "2026-11-19", "attendees": [MARIA, LUZ], "title": HOSTILE,
        "decisions": [{"id": "d1", "text": "Invite the EHR analyst to the next meeting", "owner": LUZ,
                       "due": "2026-12-03"}], "next_date": "2026-12-03"})
    at = open_page(PAGE, pid)
    assert "Next meeting (.ics)" in [d.proto.label for d in at.get("download_button")]
    at = press(at, "Build the minutes PDF")
    assert "Download PDF" in [d.proto.label for d in at.get("download_button")]
    assert any("Not in the action plan yet" in m for m in texts(at.markdown))
    assert f"19 Nov 2026 · {HOSTILE}" in at.selectbox(key="_mt_pick").options  # the title as typed
    at = press(at, "Send to the action plan")
    plan = plans.load_doc(store, pid, ap.ActionPlanDoc.KIND).doc
    action = ap.action_for(plan, "meetings:decision:d1")
    assert action is not None
    assert (action.action, action.owner, action.due.isoformat()) == (
        "Invite the EHR analyst to the next meeting", LUZ, "2026-12-03")
    assert action.step == 5  # Step 5 · Nurture Your Care, where meetings are
    assert any("Sent to the action plan" in s for s in texts(at.success))
    assert any("In the action plan" in m for m in texts(at.markdown))
    assert not [b for b in at.button if b.label == "Send to the action plan"]


def test_the_projector_view_shows_one_item_at_a_time(open_page, store):
    pid = plans.open_example(store, "Tester")
    save_meetings(store, pid, {
        "id": "m1", "date": "2026-11-19", "attendees": [MARIA],
        "agenda": [{"id": "i2", "text": "Billing codes", "order": 2},
                   {"id": "i1", "text": f"Registry choice {HOSTILE}", "order": 1, "details": "- EHR build\n- Tracker"},
                   {"id": "i3", "text": "Any other business", "order": 3}]})
    at = open_page(PAGE, pid, params={"view": "projector"})
    assert any("Item 1 of 3" in m for m in texts(at.markdown))
    assert f"Registry choice {HOSTILE}" in texts(at.header)  # shown as typed
    # the large type is the page's own stylesheet, the one element drawn as raw HTML: no team text ever in it
    raw_html = [m.value for m in at.markdown if m.proto.allow_html]
    assert len(raw_html) == 1 and raw_html[0].startswith("<style>") and "Registry" not in raw_html[0]
    assert any("EHR build" in m for m in texts(at.markdown))
    notes = next(t for t in at.text_area if t.label == "Notes on this item")
    notes.set_value("IT joins next time.")
    at = press(at, "Next")
    assert any("Item 2 of 3" in m for m in texts(at.markdown))
    assert "Billing codes" in texts(at.header) and f"Registry choice {HOSTILE}" not in texts(at.header)
    # the notes typed on item 1 were saved on the way
    assert saved(store, pid).meeting("m1").ordered_agenda()[0].notes == "IT joins next time."
    at = press(at, "Previous")
    assert any("Item 1 of 3" in m for m in texts(at.markdown))
