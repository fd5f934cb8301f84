"""A planning meeting's minutes (PDF) and the next meeting as a calendar file (ICS).

The minutes go through the one PDF builder (planning.reports.report -> planning.report.build_pdf): the meeting's
date, who came (by name), the agenda with its notes, the decisions with owner and due date, and the next meeting.

The calendar file follows the action plan's conventions (planning.exports): the same PRODID family, control
characters removed, a UID made from the plan and the meeting, so importing it again updates the event instead of
doubling it. A next meeting with a time is a one-hour event at that time (no time zone: the clinic's local time,
"floating" in iCalendar words); without a time it is an all-day event.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import icalendar

from planning.exports import UID_DOMAIN, clean
from planning.reports import report
from planning.storage import Store
from planning.view import load_view
from worksheets.base import fmt_date
from worksheets.content import Section
from worksheets.meetings import KIND, Meeting, MeetingsDoc, meeting_blocks

PRODID = "-//Collaborative Care Implementation Workbook//Planning meetings//EN"
MEETING_MINUTES = 60


class MeetingNotFound(LookupError):
    pass


def minutes_pdf(store: Store, plan_id: str, meeting_id: str) -> bytes:
    """The minutes of one saved meeting."""
    view = load_view(store, plan_id)
    doc = view.doc(KIND) or MeetingsDoc()
    meeting = doc.meeting(meeting_id)
    if meeting is None:
        raise MeetingNotFound(f"No saved meeting {meeting_id} in this plan: save the meeting first.")
    section = Section(f"Minutes of the meeting of {fmt_date(meeting.date)}",
                      tuple(meeting_blocks(meeting, view.people(), view.doc("action_plan"), heading=False)),
                      view.version(KIND) or None)
    return report(view, "Planning meeting minutes", [section], subtitle=meeting.title or "Step 5 · Nurture Your Care")


def event_uid(plan_id: str, meeting_id: str) -> str:
    """Stable: the next meeting of the same meeting record is the same calendar event."""
    return f"{plan_id}.meeting.{meeting_id}.next@{UID_DOMAIN}"


def next_meeting_ics(meeting: Meeting, plan_name: str, plan_id: str = "", now: datetime | None = None) -> bytes:
    """The next meeting set at ``meeting`` as a calendar event. Raises ValueError when no next date is set."""
    if meeting.next_date is None:
        raise ValueError("Set the next meeting's date first.")
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    ev = icalendar.Event()
    ev.add("uid", event_uid(plan_id or "plan", meeting.id))
    stamp = now or datetime.now(timezone.utc)
    ev.add("dtstamp", stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc))
    if meeting.next_start is not None:
        start = datetime.combine(meeting.next_date, meeting.next_start)
        ev.add("dtstart", start)
        ev.add("dtend", start + timedelta(minutes=MEETING_MINUTES))
    else:
        ev.add("dtstart", meeting.next_date)
        ev.add("dtend", meeting.next_date + timedelta(days=1))
    name = " ".join(clean(plan_name).split())
    ev.add("summary", f"Planning meeting · {name}" if name else "Planning meeting")
    lines = [f"Next planning meeting of the implementation team, set at the meeting of {fmt_date(meeting.date)}."]
    if meeting.location:
        lines.append(f"Where: {clean(meeting.location)}")
    if name:
        lines.append(f"Plan: {name}")
    ev.add("description", "\n".join(lines))
    if meeting.location:
        ev.add("location", clean(meeting.location))
    cal.add_component(ev)
    return cal.to_ical()
