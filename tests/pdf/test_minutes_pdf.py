"""A meeting's minutes (PDF) and its next meeting (ICS): who came by name, the agenda with notes, the decisions with
owner and due date, hostile text printed as typed; the calendar file reads back with the right date and time."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import icalendar
import pytest

from planning import plans
from planning.minutes import MeetingNotFound, minutes_pdf, next_meeting_ics
from tests.conftest import HOSTILE, pdf_text
from worksheets import meetings as mt

MARIA, LUZ, TOM = "a1f3c9e2b701", "c0e85b17d3f6", "e9b3d51a7c40"


def a_meeting(**kw) -> mt.Meeting:
    return mt.Meeting.model_validate({
        "id": "mtg1", "date": "2026-11-19", "start": "14:00", "title": "Registry and billing",
        "attendees": [MARIA, LUZ], "step": 2, "location": HOSTILE,
        "agenda": [{"text": "Registry choice", "kind": "step_focus", "order": 1,
                    "notes": f"Luz compares the tracker with an EHR build. {HOSTILE}"},
                   {"text": "Billing codes", "order": 2, "notes": "Tom has written to both payers."}],
        "decisions": [{"text": "Invite the EHR analyst", "owner": LUZ, "due": "2026-12-03"},
                      {"text": f"Keep Thursdays {HOSTILE}", "no_action": True}],
        "next_date": "2026-12-03", "next_start": "14:00", **kw})


@pytest.fixture
def example(store) -> str:
    pid = plans.open_example(store, "Tester")
    plans.save_doc(store, pid, mt.MeetingsDoc(meetings=[a_meeting()]), plans.load_doc(store, pid, mt.KIND).version,
                   "Tester")
    return pid


def test_the_minutes_name_the_attendees_and_give_the_agenda_notes_and_decisions(store, example):
    text = " ".join(pdf_text(minutes_pdf(store, example, "mtg1")).split())
    assert "Planning meeting minutes" in text and "Minutes of the meeting of 19 Nov 2026" in text
    assert "19 Nov 2026, 14:00" in text
    assert "Maria Okafor" in text and "Luz Ramírez" in text and "Tom Becker" not in text  # only who came
    assert "Registry choice" in text and "Luz compares the tracker with an EHR build" in text
    assert "Invite the EHR analyst" in text and "3 Dec 2026" in text
    assert "Not in the action plan yet" in text and "No action needed" in text
    assert "Step 2 · Plan for Clinical Practice Change" in text
    # hostile text is printed as typed, never interpreted
    assert "<b>unclosed & <script>x</script> Győr" in text


def test_a_meeting_not_saved_has_no_minutes(store, example):
    with pytest.raises(MeetingNotFound, match="save the meeting first"):
        minutes_pdf(store, example, "nope")


def test_the_next_meeting_reads_back_as_a_timed_event_on_the_right_day():
    data = next_meeting_ics(a_meeting(), f"Riverbend {HOSTILE}", "plan-1",
                            now=datetime(2026, 11, 19, 16, tzinfo=timezone.utc))
    (ev,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert ev.decoded("dtstart") == datetime(2026, 12, 3, 14, 0)  # the clinic's local time
    assert ev.decoded("dtend") == datetime(2026, 12, 3, 15, 0)
    assert str(ev["uid"]) == "plan-1.meeting.mtg1.next@cocm-workbook"
    assert "Győr" in str(ev["summary"]) and "Planning meeting" in str(ev["summary"])
    # the same meeting exported again is the same event
    again = icalendar.Calendar.from_ical(next_meeting_ics(a_meeting(), "Riverbend", "plan-1")).walk("VEVENT")[0]
    assert again["uid"] == ev["uid"]


def test_a_next_meeting_without_a_time_is_an_all_day_event():
    (ev,) = icalendar.Calendar.from_ical(next_meeting_ics(a_meeting(next_start=None), "Riverbend", "p")
                                         ).walk("VEVENT")
    assert ev.decoded("dtstart") == date(2026, 12, 3) and ev.decoded("dtend") == date(2026, 12, 4)
    assert not isinstance(ev.decoded("dtstart"), datetime)
    with pytest.raises(ValueError, match="next meeting's date"):
        next_meeting_ics(a_meeting(next_date=None), "Riverbend", "p")
    assert a_meeting().start == time(14, 0)
