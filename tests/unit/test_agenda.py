"""A meeting's agenda built from the example plan (Riverbend): overdue actions with their owner, findings opened
since the last meeting (and not those open before it), the launch blockers in one item, the step in focus, and the
last meeting's decisions still open. Figures worked by hand from examples/example-plan.json."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from planning import plans
from planning import storage
from planning.agenda import build_agenda, meeting_moment
from planning.view import load_view
from worksheets import action_plan as ap
from worksheets import relapse_prevention as rp
from worksheets.meetings import Decision, Meeting

TODAY = date(2027, 2, 10)
MARIA, LUZ, TOM = "a1f3c9e2b701", "c0e85b17d3f6", "e9b3d51a7c40"
CM_PHONE = "relapse_prevention:contact:care-manager-phone"
AFTER_HOURS = "relapse_prevention:contact:after-hours"


class Clock:
    """planning.storage stamps saves with now_iso(); the tests set the moment of each save."""

    def __init__(self) -> None:
        self.now = "2026-11-01T09:00:00+00:00"

    def __call__(self) -> str:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(storage, "now_iso", c)
    return c


@pytest.fixture
def example(store, clock) -> str:
    return plans.open_example(store, "Tester")


def save(store, pid, doc) -> None:
    plans.save_doc(store, pid, doc, plans.load_doc(store, pid, doc.KIND).version, "Tester")


def clear_contact(store, pid, field: str) -> None:
    doc = plans.load_doc(store, pid, rp.KIND).doc
    save(store, pid, doc.model_copy(update={"contacts": doc.contacts.model_copy(update={field: ""})}))


def of_kind(items, kind: str):
    return [i for i in items if i.kind == kind]


def test_overdue_actions_are_listed_longest_late_first_with_their_owner_by_name(store, example):
    items = build_agenda(load_view(store, example), None, TODAY, None)
    # on 10 Feb 2027, three open actions are past due (worked by hand):
    # billing codes, Tom Becker, due 15 Dec 2026: 16 + 31 + 10 = 57 days late
    # consulting agreement, Maria Okafor, due 15 Jan 2027: 16 + 10 = 26 days late
    # registry comparison, Luz Ramírez, due 1 Feb 2027: 9 days late
    # (the supervision action is due 1 Mar 2027; the office rental was dropped; the acknowledgment is done)
    overdue = of_kind(items, "overdue")
    assert [i.source for i in overdue] == ["ap06f4a3b6d1", "ap01b2c0f1a9", "ap02e1d4c7b3"]
    assert "Tom Becker" in overdue[0].text and "due 15 Dec 2026, 57 days late" in overdue[0].text
    assert "Maria Okafor" in overdue[1].text and "26 days late" in overdue[1].text
    assert "Luz Ramírez" in overdue[2].text and "9 days late" in overdue[2].text
    assert [i.order for i in items] == list(range(1, len(items) + 1))  # numbered in order
    assert items[:3] == overdue  # overdue actions open the agenda


def test_a_finding_opened_after_the_last_meeting_appears_and_one_open_before_it_does_not(store, example, clock):
    last = Meeting(date=date(2026, 11, 19), start=time(14, 0), attendees=[MARIA])
    clock.now = "2026-11-10T10:00:00+00:00"  # before the meeting: the care manager's phone is removed
    clear_contact(store, example, "care_manager_phone")
    clock.now = "2026-11-20T10:00:00+00:00"  # the day after: the after-hours line is removed
    clear_contact(store, example, "after_hours_phone")
    assert meeting_moment(last) == "2026-11-19T14:00:00+00:00"
    then = load_view(store, example, at=meeting_moment(last))
    items = build_agenda(load_view(store, example), then, TODAY, None, last)
    new = of_kind(items, "new_finding")
    assert [i.source for i in new] == [AFTER_HOURS]
    assert new[0].text.startswith("Relapse prevention: ") and "after-hours line" in new[0].text
    assert CM_PHONE not in {i.source for i in items}


def test_without_a_previous_meeting_the_open_findings_of_the_step_in_focus_are_listed_grouped(store, example):
    items = build_agenda(load_view(store, example), None, TODAY, 1)
    new = of_kind(items, "new_finding")
    # Step 1's should-fix findings in the example: principles P2 and P5, three team acknowledgments, nine readiness
    # items and the sustainment scenario that loses money: one item per worksheet, with the count
    assert [i.text.split(":")[0] for i in new] == ["Understanding CoCM", "Implementation team", "Readiness checklist",
                                                    "Sustainment plan"]
    readiness = next(i for i in new if i.text.startswith("Readiness checklist"))
    assert readiness.text == "Readiness checklist: 9 open findings" and readiness.source == "readiness"
    assert readiness.details.count("\n") == 8  # nine lines, one per finding
    # without a step in focus and no previous meeting, no finding is listed as new (blockers are under the gate)
    assert of_kind(build_agenda(load_view(store, example), None, TODAY, None), "new_finding") == []


def test_the_launch_blockers_are_one_item_with_each_blocker_listed(store, example):
    items = build_agenda(load_view(store, example), None, TODAY, 4)
    (gate,) = of_kind(items, "blocker")
    # the example's blockers: readiness domains B, E and F under 50%, the care manager's required training, the
    # patient safety plan not ready, and the administrative items required before launch not done
    assert gate.text == "Launch gate: Not yet. 6 blockers stand between the clinic and launch"
    assert "Readiness checklist: Data and IT scores 25%" in gate.details
    assert gate.details.count("\n") == 5
    # blockers are not repeated among the findings of Step 4
    assert "patient_education:safety-plan-not-ready" not in {i.source for i in items}


def test_the_step_in_focus_shows_its_worksheets_progress_and_open_findings(store, example):
    items = build_agenda(load_view(store, example), None, TODAY, 4)
    (step,) = of_kind(items, "step_focus")
    # Step 4: monitoring, metric log and relapse prevention complete; patient education and the gate not; one
    # blocker (the safety plan) and one should-fix finding (the metric log's 30-day contact rate) open
    assert step.text == "Step 4 · Launch Your Care: 3 of 5 worksheets complete, 2 findings open"
    assert "- Metric log: complete, 1 finding open" in step.details.splitlines()
    assert "- Patient education and consent: in progress, 1 finding open" in step.details.splitlines()


def test_the_last_meetings_decisions_still_open_are_carried_over(store, example):
    future = date(2027, 3, 1)
    last = Meeting(date=date(2026, 11, 19), attendees=[MARIA], decisions=[
        Decision(id="dec1", text="Invite the EHR analyst", owner=LUZ, due=future),  # not in the plan
        Decision(id="dec2", text="Keep meeting every two weeks", no_action=True),  # needs no action
        Decision(id="dec3", text="Ask the payers again", owner=TOM, due=future),  # in the plan, open
        Decision(id="dec4", text="Book the training room", owner=MARIA, due=future),  # in the plan, done
    ])
    from worksheets.meetings import decision_finding
    plan = plans.load_doc(store, example, ap.ActionPlanDoc.KIND).doc
    at = datetime(2026, 11, 19, 15, tzinfo=timezone.utc)
    for d in last.decisions[2:]:
        f = decision_finding(last, d)
        plan = ap.accept(plan, f, {"owner": d.owner, "due": d.due}, "Tester", at)
    plan = plan.model_copy(update={"actions": [a.model_copy(update={"status": "done", "done_on": date(2026, 12, 1)})
                                               if a.source == "meetings:decision:dec4" else a
                                               for a in plan.actions]})
    save(store, example, plan)
    items = build_agenda(load_view(store, example), None, TODAY, None, last)
    carried = of_kind(items, "carried_over")
    assert [i.source for i in carried] == ["dec1", "dec3"]
    assert carried[0].text == ("From 19 Nov 2026: Invite the EHR analyst (owner: Luz Ramírez (Licensed clinical "
                               "social worker), due 1 Mar 2027; not in the action plan yet)")
    assert carried[1].text.endswith("in the action plan, still open)")
    assert items[-2:] == carried  # the agenda ends with what was carried over


def test_building_the_agenda_again_keeps_notes_and_items_added_by_hand():
    from planning.agenda import rebuilt
    from worksheets.meetings import AgendaItem

    current = [AgendaItem(id="g", kind="blocker", source="launch_gate", text="Launch gate: Not yet. 6 blockers",
                          notes="Safety plan next week.", order=1),
               AgendaItem(id="h", text="Any other business", order=2),
               AgendaItem(id="o", kind="overdue", source="ap06f4a3b6d1", text="Overdue: billing codes", order=3)]
    built = [AgendaItem(id="n1", kind="overdue", source="ap01b2c0f1a9", text="Overdue: consulting agreement"),
             AgendaItem(id="n2", kind="blocker", source="launch_gate", text="Launch gate: Not yet. 5 blockers")]
    items = rebuilt(built, current)
    # the gate comes back with its notes (and its row), the billing codes action is no longer overdue, the hand-written
    # item stays at the end
    assert [(i.id, i.text, i.notes, i.order) for i in items] == [
        ("n1", "Overdue: consulting agreement", "", 1),
        ("g", "Launch gate: Not yet. 5 blockers", "Safety plan next week.", 2),
        ("h", "Any other business", "", 3)]
