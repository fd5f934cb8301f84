"""Planning meetings as a document: what is refused on Save, the agenda's order, and decisions becoming suggested
actions until the action plan holds them (or the meeting says no action is needed)."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from planning import plans
from planning.view import load_view
from worksheets import action_plan as ap
from worksheets import meetings as mt

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "meetings_v1.json"
MARIA, LUZ = "a1f3c9e2b701", "c0e85b17d3f6"
AT = datetime(2026, 11, 19, 15, tzinfo=timezone.utc)


def meeting(**kw) -> mt.Meeting:
    return mt.Meeting.model_validate({"date": "2026-11-19", "attendees": [MARIA], **kw})


def test_a_meeting_without_attendees_is_refused_in_words():
    with pytest.raises(ValidationError) as err:
        mt.Meeting(date=date(2026, 11, 19))
    assert "Choose at least one attendee from the team" in str(err.value)


def test_a_meeting_needs_a_date_and_a_decision_needs_its_text():
    with pytest.raises(ValidationError, match="choose the meeting's date"):
        mt.Meeting.model_validate({"date": None, "attendees": [MARIA]})
    with pytest.raises(ValidationError, match="write the decision"):
        meeting(decisions=[{"text": "  ", "owner": LUZ}])


def test_the_agenda_keeps_the_leads_order_and_save_numbers_it_from_one():
    m = meeting(agenda=[{"text": "A", "order": 3}, {"text": "B", "order": 1}, {"text": "C"}, {"text": "D", "order": 2}])
    assert [i.text for i in m.ordered_agenda()] == ["B", "D", "A", "C"]  # unnumbered rows go last
    assert [(i.text, i.order) for i in mt.renumbered(m.agenda)] == [("B", 1), ("D", 2), ("A", 3), ("C", 4)]
    assert m.agenda[2].kind_label == "Added by hand"  # a row typed in the table


def test_the_previous_meeting_is_the_latest_one_before():
    doc = mt.MeetingsDoc(meetings=[meeting(id="a", date="2026-11-05"), meeting(id="b", date="2026-11-19"),
                                   meeting(id="c", date="2026-12-03")])
    assert mt.previous_meeting(doc, doc.meeting("c")).id == "b"
    assert mt.previous_meeting(doc, on=date(2026, 11, 19)).id == "a"  # a meeting planned for 19 Nov
    assert mt.previous_meeting(doc, on=date(2026, 11, 19), exclude="a") is None
    assert [m.id for m in mt.newest_first(doc)] == ["c", "b", "a"]


def test_a_decision_is_a_suggested_action_until_the_action_plan_holds_it():
    m = meeting(id="m1", decisions=[
        {"id": "d1", "text": "Invite the EHR analyst to the next meeting", "owner": LUZ, "due": "2026-12-03"},
        {"id": "d2", "text": "Keep meeting every two weeks", "no_action": True}])
    doc = mt.MeetingsDoc(meetings=[m])
    (f,) = mt.findings(doc, ap.ActionPlanDoc())
    assert f.id == "meetings:decision:d1" and f.severity == "should_fix"
    assert (f.action, f.owner_id, f.due) == ("Invite the EHR analyst to the next meeting", LUZ, date(2026, 12, 3))
    assert "Decision of the meeting of 19 Nov 2026" in f.text
    assert mt.progress(doc, ap.ActionPlanDoc()) == "in progress"
    # accepted the way the inbox does: the draft takes the decision's owner and due date
    roster = SimpleNamespace(members=[SimpleNamespace(id=LUZ, name="Luz Ramírez", role="Behavioral health care "
                                                                                    "manager")])
    draft = ap.draft(f, roster, None, date(2026, 11, 19))
    plan = ap.accept(ap.ActionPlanDoc(), f, draft.fields, "Tester", AT)
    (action,) = plan.actions
    assert (action.action, action.owner, action.due) == (f.action, LUZ, date(2026, 12, 3))
    assert mt.findings(doc, plan) == []
    assert mt.decision_state(m.decisions[0], plan) == "In the action plan"
    assert mt.decision_state(m.decisions[1], plan) == "No action needed"
    assert mt.progress(doc, plan) == "complete"


def test_the_example_meetings_fixture_reads_and_the_worksheet_reports_its_open_decision(store):
    doc = mt.MeetingsDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    pid = plans.open_example(store, "Tester")
    plans.save_doc(store, pid, doc, plans.load_doc(store, pid, mt.KIND).version, "Tester")
    view = load_view(store, pid)
    # 19 Nov: "Invite the EHR analyst ..." (Luz, due 3 Dec) is not in the action plan; 5 Nov's two need no action
    assert [f.id for f in view.findings(["meetings"])] == ["meetings:decision:dc03f2e3d4c5"]
    assert mt.describe(doc) == "2 meetings, latest 19 Nov 2026; 3 decisions"
    assert doc.meetings[1].label == "19 Nov 2026, 14:00 · Registry and billing"
    assert doc.meetings[1].start == time(14, 0)
