"""Planning meetings (Step 5): the implementation team's regular meetings, run from the plan.

The CIT lead plans a meeting (date, time, who comes, the step in focus), builds its agenda from the plan
(planning.agenda: overdue actions, findings new since the last meeting, launch blockers, the step in focus, the
last meeting's decisions still open), takes notes on each item, records decisions with an owner and a due date,
and sets the next meeting. The minutes print as a PDF and the next meeting downloads as a calendar file
(planning.minutes).

Everything here is pure: no Streamlit, no storage, no reportlab.

Decisions where the issue was silent:
- A decision becomes a suggested action in the action plan (a should-fix finding "meetings:decision:<id>" with
  the decision's owner and due date) until the action plan holds an action made from it, or the meeting marks it
  "no action needed". A decision with no text is refused on Save.
- A meeting needs a date and at least one attendee from the team; everything else may wait.
- The location or video link is plain text: shown as typed, never as a link or HTML.
- Agenda items keep the order the lead gives them (the order column); items without a number go last, in the
  order they were entered. Saving numbers them 1, 2, 3 ...
- Progress: not started with no meeting; complete when a meeting is recorded and no decision is waiting for the
  action plan; in progress otherwise.
"""
from __future__ import annotations

import datetime as dt
from datetime import date, time
from typing import Any, ClassVar, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets.base import (REMOVED, StrictModel, WorksheetDoc, blank, date_cell, empty_if_blank, fmt_date,
                             new_row_id, none_if_blank, required_cell)
from worksheets import decisions
from worksheets.decisions import Decision
from worksheets.content import Bullets, Heading, KeyValues, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec

KIND = "meetings"
TITLE = "Planning meetings"
AREA = "Planning meetings"
TEXT_MAX = 10_000
SHORT_MAX = 200
MAX_MEETINGS = 500
MAX_ROWS = 200
NO_ATTENDEES = "Choose at least one attendee from the team"

# The guide's five steps (the same titles as planning/registry.py; this layer may not import it).
STEP_TITLES: dict[int, str] = {1: "Lay the Foundation", 2: "Plan for Clinical Practice Change",
                               3: "Build Your Clinical Skills", 4: "Launch Your Care", 5: "Nurture Your Care"}

ItemKind = Literal["overdue", "new_finding", "blocker", "step_focus", "carried_over", "by_hand"]
ITEM_KINDS: tuple[str, ...] = ("overdue", "new_finding", "blocker", "step_focus", "carried_over", "by_hand")
ITEM_KIND_LABELS: dict[str, str] = {
    "overdue": "Overdue action",
    "new_finding": "New finding",
    "blocker": "Launch blocker",
    "step_focus": "Step in focus",
    "carried_over": "Carried over",
    "by_hand": "Added by hand",
}


def _time_cell(value: Any) -> Any:
    """A time from a form: empty -> None, "14:30" -> 14:30."""
    if blank(value):
        return None
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"enter a time such as 14:30 (you entered \"{value}\")") from None
    return value


def _kind_cell(value: Any) -> Any:
    """A kind from the editor: its label or its key; empty -> added by hand."""
    if blank(value):
        return "by_hand"
    if isinstance(value, str):
        for key, label in ITEM_KIND_LABELS.items():
            if value.strip().lower() in (key, label.lower()):
                return key
    return value


def _order_cell(value: Any) -> Any:
    if blank(value):
        return None
    if isinstance(value, float) and value == int(value):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


class AgendaItem(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    kind: ItemKind = Field(default="by_hand", title="kind")
    text: str = Field(max_length=TEXT_MAX, title="agenda item")
    source: str = Field(default="", max_length=SHORT_MAX, title="source")  # a finding or action id, or a kind
    order: int | None = Field(default=None, title="order")
    details: str = Field(default="", max_length=TEXT_MAX, title="details")  # what a grouped item sums up
    notes: str = Field(default="", max_length=TEXT_MAX, title="notes")

    _text_given = field_validator("text", mode="before")(staticmethod(required_cell(
        "write the agenda item in a few words")))
    _kind = field_validator("kind", mode="before")(staticmethod(_kind_cell))
    _order = field_validator("order", mode="before")(staticmethod(_order_cell))
    _texts = field_validator("source", "details", "notes", mode="before")(staticmethod(empty_if_blank))

    @property
    def kind_label(self) -> str:
        return ITEM_KIND_LABELS[self.kind]


class Meeting(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="meeting id")
    date: dt.date = Field(title="date")
    start: dt.time | None = Field(default=None, title="start time")
    title: str = Field(default="", max_length=SHORT_MAX, title="title")
    attendees: list[str] = Field(default_factory=list, max_length=MAX_ROWS, title="attendees")
    step: int | None = Field(default=None, ge=1, le=5, title="step in focus")
    agenda: list[AgendaItem] = Field(default_factory=list, max_length=MAX_ROWS, title="agenda")
    decisions: list[Decision] = Field(default_factory=list, max_length=MAX_ROWS, title="decisions")
    next_date: dt.date | None = Field(default=None, title="next meeting date")
    next_start: dt.time | None = Field(default=None, title="next meeting time")
    location: str = Field(default="", max_length=SHORT_MAX * 5, title="location or video link")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if blank(v):
            raise ValueError("choose the meeting's date")
        return date_cell(v)

    _next_date = field_validator("next_date", mode="before")(staticmethod(date_cell))
    _times = field_validator("start", "next_start", mode="before")(staticmethod(_time_cell))
    _step = field_validator("step", mode="before")(staticmethod(none_if_blank))
    _texts = field_validator("title", "location", mode="before")(staticmethod(empty_if_blank))

    @field_validator("attendees")
    @classmethod
    def _someone(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError(NO_ATTENDEES)
        return list(dict.fromkeys(v))

    @model_validator(mode="after")
    def _unique_rows(self):
        for rows, what in ((self.agenda, "agenda items"), (self.decisions, "decisions")):
            ids = [r.id for r in rows]
            if len(set(ids)) != len(ids):
                raise ValueError(f"two {what} share the same id")
        return self

    @property
    def label(self) -> str:
        """"19 Nov 2026, 14:00 · Monthly planning meeting"."""
        when = fmt_date(self.date) + (f", {self.start.strftime('%H:%M')}" if self.start else "")
        return f"{when} · {self.title}" if self.title else when

    def ordered_agenda(self) -> list[AgendaItem]:
        return ordered_agenda(self.agenda)


class MeetingsDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    meetings: list[Meeting] = Field(default_factory=list, max_length=MAX_MEETINGS, title="meetings")

    @model_validator(mode="after")
    def _unique_ids(self):
        ids = [m.id for m in self.meetings]
        if len(set(ids)) != len(ids):
            raise ValueError("two meetings share the same id")
        decisions = [d.id for m in self.meetings for d in m.decisions]
        if len(set(decisions)) != len(decisions):
            raise ValueError("two decisions share the same id")
        return self

    def meeting(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)


# ----------------------------------------------------------------------------------------------
# order and lookups

def ordered_agenda(items: list[AgendaItem]) -> list[AgendaItem]:
    """By the order the lead gave (numbered first), then as entered."""
    indexed = list(enumerate(items))
    indexed.sort(key=lambda p: (p[1].order is None, p[1].order if p[1].order is not None else 0, p[0]))
    return [item for _, item in indexed]


def renumbered(items: list[AgendaItem]) -> list[AgendaItem]:
    """The agenda in its order, numbered 1, 2, 3 ... (done on Save)."""
    return [item.model_copy(update={"order": n}) for n, item in enumerate(ordered_agenda(items), 1)]


def _moment(m: Meeting) -> tuple[date, time]:
    return (m.date, m.start or time(23, 59, 59))


def newest_first(doc: MeetingsDoc) -> list[Meeting]:
    return sorted(doc.meetings, key=_moment, reverse=True)


def previous_meeting(doc: MeetingsDoc, meeting: Meeting | None = None, on: date | None = None,
                     exclude: str = "") -> Meeting | None:
    """The latest meeting before ``meeting`` (or before the day ``on``), other than itself (or ``exclude``)."""
    others = [m for m in doc.meetings if m.id not in {exclude, meeting.id if meeting else ""}]
    if meeting is not None:
        before = [m for m in others if _moment(m) < _moment(meeting)]
    else:
        day = on or date.max
        before = [m for m in others if m.date < day]
    return max(before, key=_moment) if before else None


def decision_finding_id(decision_id: str) -> str:
    return decisions.finding_id(KIND, decision_id)


def step_label(step: int | None) -> str:
    return f"Step {step} · {STEP_TITLES[step]}" if step in STEP_TITLES else "None"


def person(pid: str | None, people: Mapping[str, str] | None, empty: str = "No owner yet") -> str:
    if not pid:
        return empty
    if people is None:
        return "a team member"
    return people.get(pid, REMOVED)


# ----------------------------------------------------------------------------------------------
# decisions -> suggested actions

def decision_state(decision: Decision, action_plan: Any) -> str:
    """"No action needed", "In the action plan" or "Not in the action plan yet"."""
    return decisions.state(KIND, decision, action_plan)


def decision_finding(meeting: Meeting, decision: Decision) -> Finding:
    return Finding(decision_finding_id(decision.id), KIND,
                   f"Decision of the meeting of {fmt_date(meeting.date)} not in the action plan yet: {decision.text}",
                   "should_fix", item=meeting.id, action=decision.text, owner_role="CIT lead", area=AREA,
                   owner_id=decision.owner or "", due=decision.due)


def findings(doc: MeetingsDoc | None, action_plan: Any = None) -> list[Finding]:
    """Each decision neither in the action plan nor marked "no action needed", newest meeting first."""
    if doc is None:
        return []
    return [decision_finding(m, d) for m in newest_first(doc) for d in m.decisions
            if decision_state(d, action_plan) == decisions.NOT_IN_PLAN]


def progress(doc: MeetingsDoc | None, action_plan: Any = None) -> str:
    if doc is None or not doc.meetings:
        return NOT_STARTED
    return IN_PROGRESS if findings(doc, action_plan) else COMPLETE


def describe(doc: MeetingsDoc) -> str:
    if not doc.meetings:
        return "no meetings yet"
    latest = newest_first(doc)[0]
    n = len(doc.meetings)
    decisions = sum(len(m.decisions) for m in doc.meetings)
    return (f"{n} meeting{'s' if n != 1 else ''}, latest {fmt_date(latest.date)}; "
            f"{decisions} decision{'s' if decisions != 1 else ''}")


# ----------------------------------------------------------------------------------------------
# report

def _when(d: date | None, t: time | None) -> str:
    if d is None:
        return "Not set yet"
    return fmt_date(d) + (f", {t.strftime('%H:%M')}" if t else " (no time set)")


def meeting_blocks(meeting: Meeting, people: Mapping[str, str] | None, action_plan: Any = None,
                   heading: bool = True) -> list:
    """One meeting as PDF content: details, agenda with notes, decisions with owner and due, next meeting."""
    blocks: list = []
    if heading:
        blocks.append(Heading(meeting.label))
    attendees = ", ".join(person(p, people) for p in meeting.attendees) or "None recorded"
    blocks.append(KeyValues((
        ("Date", _when(meeting.date, meeting.start)),
        ("Title", meeting.title or "-"),
        ("Attendees", attendees),
        ("Step in focus", step_label(meeting.step)),
        ("Location or video link", meeting.location or "-"),
        ("Next meeting", _when(meeting.next_date, meeting.next_start)),
    )))
    agenda = meeting.ordered_agenda()
    if agenda:
        blocks.append(Table(("#", "Agenda item", "Kind", "Notes"),
                            tuple((str(n), item.text + (f"\n{item.details}" if item.details else ""),
                                   item.kind_label, item.notes or "-") for n, item in enumerate(agenda, 1)),
                            widths=(0.4, 4.2, 1.3, 3.2), caption="Agenda"))
    else:
        blocks.append(Para("No agenda recorded.", style="muted"))
    if meeting.decisions:
        blocks.append(Table(("Decision", "Owner", "Due", "Action plan"),
                            tuple((d.text, person(d.owner, people), fmt_date(d.due, "No due date"),
                                   decision_state(d, action_plan)) for d in meeting.decisions),
                            widths=(4.4, 1.8, 1.2, 1.7), caption="Decisions"))
    else:
        blocks.append(Para("No decisions recorded.", style="muted"))
    return blocks


def report_section(doc: MeetingsDoc, revision: int | None = None, people: Mapping[str, str] | None = None,
                   action_plan: Any = None) -> Section:
    """Every meeting, newest first."""
    blocks: list = [Para("The implementation team's planning meetings, newest first: who came, the agenda with "
                         "its notes, the decisions with their owner and due date, and the next meeting.")]
    if not doc.meetings:
        blocks.append(Para("No meetings recorded yet.", style="muted"))
    for m in newest_first(doc):
        blocks += meeting_blocks(m, people, action_plan)
    waiting = findings(doc, action_plan)
    if waiting:
        blocks += [Heading("Decisions not in the action plan yet"), Bullets(tuple(f.text for f in waiting))]
    return Section(TITLE, tuple(blocks), revision)


__all__ = [
    "AgendaItem", "Decision", "ITEM_KINDS", "ITEM_KIND_LABELS", "Meeting", "MeetingsDoc", "NO_ATTENDEES",
    "decision_finding", "decision_finding_id", "decision_state", "describe", "findings", "meeting_blocks",
    "newest_first", "ordered_agenda", "previous_meeting", "progress", "renumbered", "report_section",
]


def _ap(v: Any):
    return v.doc("action_plan")


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="meetings",
    holds="Meetings of the implementation team: an agenda built from the plan, notes, decisions and minutes.",
    icon=":material/groups:", doc=MeetingsDoc,
    progress=lambda v: progress(v.doc(KIND), _ap(v)),
    findings=lambda v: findings(v.doc(KIND), _ap(v)),
    report=lambda v: report_section(v.doc(KIND) or MeetingsDoc(), v.version(KIND) or None, v.people(), _ap(v)),
    describe=describe,
)
