"""The action plan (Step 2): who does what by when, and the suggested-actions inbox that feeds it.

Every gap another worksheet finds (a ``worksheets.findings.Finding``) is offered here as a pre-filled draft
action. The lead accepts it (as is, or edited) or dismisses it with a reason, and the document remembers
both, keyed by the finding's stable id. A finding that was fixed and later comes back is offered again: the
caller passes each finding's latest opening time, and a finding that opened after the last decision on it is
back in the inbox.

Everything here is pure: no Streamlit, no storage. Checks that need today's date or the roster (a due date
before its start, a done date in the future, an owner removed from the team) live in :func:`problems`, which
the page runs on Save and shows next to each field; the model itself only checks what never changes.

Decisions where the issue was silent:
- A row may have a step, an area, both or neither; rows without a step print under "No step chosen".
- Status "done" without a done date: :func:`stamp_done_dates` fills in today on Save (what the lead means
  when ticking it done today), and :func:`problems` still names any done row without a date (an imported file).
  A done date on a row not marked done is named too.
- Draft due dates: 2 weeks before the target launch for blockers, 1 week before it for everything else; today
  when the launch is too close for that; 30 days from today when there is no launch date or it has passed.
- A finding is not offered while an open action (not started or in progress) names it as its source, even
  after it reopened: somebody is already on it.
- Dates and times of decisions are stored in UTC; a time without a zone is read as UTC.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any, ClassVar, Collection, Iterable, Literal, Mapping, NamedTuple

from pydantic import Field, field_validator, model_validator

from worksheets.base import NO_OWNER, REMOVED, owner_label  # noqa: F401 (re-exported: pages and tests use them here)
from worksheets.base import (StrictModel, WorksheetDoc, blank, date_cell, empty_if_blank, fmt_date, new_row_id,
                             none_if_blank, required_cell)
from worksheets.content import Bullets, Heading, Para, Section, Table
from worksheets.findings import SEVERITIES, Finding
from worksheets.spec import WorksheetSpec

TEXT_MAX = 10_000
SHORT_MAX = 200
MAX_ACTIONS = 1_000
MAX_DECISIONS = 5_000

NOT_STARTED, IN_PROGRESS, DONE, DROPPED = "not started", "in progress", "done", "dropped"
Status = Literal["not started", "in progress", "done", "dropped"]
STATUSES: tuple[str, ...] = (NOT_STARTED, IN_PROGRESS, DONE, DROPPED)
OPEN_STATUSES: tuple[str, ...] = (NOT_STARTED, IN_PROGRESS)
STATUS_LABELS: dict[str, str] = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", DONE: "Done",
                                 DROPPED: "Dropped"}

# The guide's five steps. planning/registry.py holds the same titles (a test keeps them equal); this layer
# may not import it.
STEP_TITLES: dict[int, str] = {1: "Lay the Foundation", 2: "Plan for Clinical Practice Change",
                               3: "Build Your Clinical Skills", 4: "Launch Your Care", 5: "Nurture Your Care"}

ADDED_BY_HAND = "Added by hand"
FROM_FINDING = "From a finding"
NO_STEP = "No step chosen"
OVERDUE = "OVERDUE"

BLOCKER_WEEKS_BEFORE_LAUNCH = 2
OTHER_WEEKS_BEFORE_LAUNCH = 1
DAYS_WITHOUT_LAUNCH = 30

PROGRESS_NOT_STARTED, PROGRESS_IN_PROGRESS, PROGRESS_COMPLETE = "not started", "in progress", "complete"


def _utc(at: datetime) -> datetime:
    """A time with a zone, in UTC; a time without one is taken as UTC."""
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)


# ----------------------------------------------------------------------------------------------
# the document

class Action(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    step: int | None = Field(default=None, title="step")
    area: str = Field(default="", max_length=SHORT_MAX, title="area")
    goal: str = Field(default="", max_length=TEXT_MAX, title="goal")
    action: str = Field(max_length=TEXT_MAX, title="action")
    owner: str | None = Field(default=None, max_length=40, title="owner")
    resources: str = Field(default="", max_length=TEXT_MAX, title="resources needed")
    start: date | None = Field(default=None, title="start date")
    due: date | None = Field(default=None, title="due date")
    status: Status = Field(default=NOT_STARTED, title="status")
    done_on: date | None = Field(default=None, title="done date")
    barriers: str = Field(default="", max_length=TEXT_MAX, title="barriers")
    source: str = Field(default="", max_length=SHORT_MAX, title="source")  # a finding id; "" = added by hand

    _action_given = field_validator("action", mode="before")(staticmethod(required_cell(
        "write the action: what will be done, in a few words")))

    @field_validator("step", mode="before")
    @classmethod
    def _step(cls, v: Any) -> Any:
        if blank(v):
            return None
        if isinstance(v, bool):
            raise ValueError("choose a step from 1 to 5")
        if isinstance(v, str):
            m = re.match(r"\s*(?:step\s*)?(\d+)\b", v, re.IGNORECASE)
            v = int(m.group(1)) if m else v.strip()
        if isinstance(v, float) and v == int(v):
            v = int(v)
        if not isinstance(v, int) or v not in STEP_TITLES:
            raise ValueError(f"choose a step from 1 to 5 (you entered {v})")
        return v

    _text = field_validator("area", "goal", "resources", "barriers", "source",
                            mode="before")(staticmethod(empty_if_blank))

    _owner = field_validator("owner", mode="before")(staticmethod(none_if_blank))

    _date = field_validator("start", "due", "done_on", mode="before")(staticmethod(date_cell))

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        if blank(v):
            return NOT_STARTED
        if isinstance(v, str) and v.strip().lower() in STATUSES:
            return v.strip().lower()
        raise ValueError(f"choose a status: {', '.join(STATUSES[:-1])} or {STATUSES[-1]}")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Accepted(StrictModel):
    """A suggestion the lead accepted: the action made from it, who accepted it and when."""

    action_id: str = Field(min_length=1, max_length=40, title="action")
    by: str = Field(default="", max_length=200, title="accepted by")
    at: datetime = Field(title="accepted at")

    @field_validator("at")
    @classmethod
    def _zone(cls, v: datetime) -> datetime:
        return _utc(v)


class Dismissed(StrictModel):
    """A suggestion the lead set aside: why, who and when, and what the finding said at the time."""

    reason: str = Field(min_length=1, max_length=TEXT_MAX, title="reason")
    by: str = Field(default="", max_length=200, title="dismissed by")
    at: datetime = Field(title="dismissed at")
    text: str = Field(default="", max_length=TEXT_MAX, title="what was found")

    _reason_given = field_validator("reason", mode="before")(staticmethod(required_cell(
        "say in a few words why this suggestion is set aside")))

    @field_validator("at")
    @classmethod
    def _zone(cls, v: datetime) -> datetime:
        return _utc(v)


class ActionPlanDoc(WorksheetDoc):
    KIND: ClassVar[str] = "action_plan"
    TITLE: ClassVar[str] = "Action plan"

    schema_version: Literal[1] = 1
    actions: list[Action] = Field(default_factory=list, max_length=MAX_ACTIONS, title="actions")
    accepted: dict[str, Accepted] = Field(default_factory=dict, max_length=MAX_DECISIONS,
                                          title="suggestions accepted")
    dismissed: dict[str, Dismissed] = Field(default_factory=dict, max_length=MAX_DECISIONS,
                                            title="suggestions dismissed")

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for a in self.actions:
            if a.id in seen:
                raise ValueError(f"two actions share the id {a.id}")
            seen.add(a.id)
        return self

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)


def _with(doc: ActionPlanDoc, **changes: Any) -> ActionPlanDoc:
    """A new, validated document with some top-level fields replaced."""
    data = doc.model_dump(mode="python")
    data.update(changes)
    return ActionPlanDoc.model_validate(data)


# ----------------------------------------------------------------------------------------------
# labels

def step_label(step: int | None) -> str:
    return f"Step {step} · {STEP_TITLES[step]}" if step in STEP_TITLES else NO_STEP



def source_label(action: Action) -> str:
    return FROM_FINDING if action.source else ADDED_BY_HAND


def is_overdue(action: Action, today: date) -> bool:
    """Still open and its due date has passed (an action due today is not overdue yet)."""
    return action.is_open and action.due is not None and action.due < today


def days_late(action: Action, today: date) -> int:
    return (today - action.due).days if is_overdue(action, today) and action.due else 0


def _order(actions: Iterable[Action]) -> list[Action]:
    """By due date (undated last), then start date, then as entered."""
    items = list(enumerate(actions))
    items.sort(key=lambda p: (p[1].due is None, p[1].due or date.max, p[1].start or date.max, p[0]))
    return [a for _, a in items]


def ordered(doc: ActionPlanDoc) -> list[Action]:
    """Every action grouped by step (no step last), by due date within a step: the order of the PDF and exports."""
    out: list[Action] = []
    for step in list(STEP_TITLES) + [None]:
        out += _order(a for a in doc.actions if a.step == step)
    return out


# ----------------------------------------------------------------------------------------------
# checks on Save

class Problem(NamedTuple):
    row_id: str  # the action's id
    field: str  # the Action field to show the message next to
    message: str


def problems(doc: ActionPlanDoc, roster_ids: Collection[str], today: date) -> list[Problem]:
    """What to fix before saving, each next to its field, in the order of the rows."""
    roster = set(roster_ids)
    out: list[Problem] = []
    for a in doc.actions:
        if a.start and a.due and a.due < a.start:
            out.append(Problem(a.id, "due", f"The due date ({fmt_date(a.due)}) is before the start date "
                                            f"({fmt_date(a.start)}): move one of them."))
        if a.done_on and a.done_on > today:
            out.append(Problem(a.id, "done_on", f"The done date ({fmt_date(a.done_on)}) is in the future: enter "
                                                f"the day it was done, today ({fmt_date(today)}) at the latest."))
        if a.status == DONE and a.done_on is None:
            out.append(Problem(a.id, "done_on", "Marked done: enter the date it was done."))
        if a.done_on and a.status != DONE:
            out.append(Problem(a.id, "status", f"A done date is entered but the status is "
                                               f"'{STATUS_LABELS[a.status]}': mark it done, or clear the done "
                                               f"date."))
        if a.owner and a.owner not in roster:
            out.append(Problem(a.id, "owner", "This person was removed from the implementation team: choose "
                                              "someone on the team, or leave the owner empty."))
    return out


def stamp_done_dates(doc: ActionPlanDoc, today: date) -> ActionPlanDoc:
    """Rows marked done without a done date get today's date (call on Save, before :func:`problems`)."""
    if not any(a.status == DONE and a.done_on is None for a in doc.actions):
        return doc
    actions = [a.model_copy(update={"done_on": today}) if a.status == DONE and a.done_on is None else a
               for a in doc.actions]
    return _with(doc, actions=[a.model_dump() for a in actions])


# ----------------------------------------------------------------------------------------------
# the suggested-actions inbox

def action_for(doc: ActionPlanDoc, finding_id: str) -> Action | None:
    """The action made from a finding: the one its acceptance points to, else the latest naming it as source."""
    acc = doc.accepted.get(finding_id)
    if acc is not None:
        found = doc.action(acc.action_id)
        if found is not None:
            return found
    named = [a for a in doc.actions if a.source == finding_id]
    return named[-1] if named else None


def is_handled(doc: ActionPlanDoc, finding_id: str, opened_at: datetime | None = None) -> bool:
    """True when the finding is not to be offered: someone is on it, or the last decision still holds.

    ``opened_at`` is the finding's latest opening (the engine records them). A decision taken before that
    opening was about an earlier occurrence: the finding was fixed and has come back, so it is offered again.
    An acceptance whose action was deleted from the plan no longer counts.
    """
    if any(a.source == finding_id and a.is_open for a in doc.actions):
        return True
    opened = _utc(opened_at) if opened_at is not None else None
    acc, dis = doc.accepted.get(finding_id), doc.dismissed.get(finding_id)
    decisions = []
    if acc is not None and doc.action(acc.action_id) is not None:
        decisions.append(acc.at)
    if dis is not None:
        decisions.append(dis.at)
    if not decisions:
        return False
    return opened is None or _still_holds(max(decisions), opened)


# The findings log keeps whole seconds (planning.storage.now_iso): an opening recorded by the same save as a
# decision can carry the next whole second although it happened after the decision by a few milliseconds. A decision
# holds unless the finding opened again at least a second later (a real relapse needs a fix and another save).
LOG_RESOLUTION = timedelta(seconds=1)


def _still_holds(decided: datetime, opened: datetime) -> bool:
    return decided + LOG_RESOLUTION > _utc(opened)


def _accepted_and_current(doc: ActionPlanDoc, finding_id: str, opened_at: datetime | None) -> bool:
    """An open action names the finding, or its acceptance still holds (its action exists, it was taken at or
    after the latest opening, and no later dismissal replaced it)."""
    if any(a.source == finding_id and a.is_open for a in doc.actions):
        return True
    acc, dis = doc.accepted.get(finding_id), doc.dismissed.get(finding_id)
    if acc is None or doc.action(acc.action_id) is None:
        return False
    if dis is not None and dis.at > acc.at:
        return False
    return opened_at is None or _still_holds(acc.at, opened_at)


@dataclass(frozen=True)
class Draft:
    """A suggested action, ready to accept as is or after edits."""

    finding: Finding
    fields: dict[str, Any]  # Action fields (no id): what the page shows and accept() receives
    owner_note: str  # why this owner is suggested, or what to do
    due_note: str  # how the due date was worked out
    again: bool = False  # offered again: it was accepted or dismissed before, fixed, and has come back


def suggest_owner(finding: Finding, roster: Any) -> tuple[str | None, str]:
    """(person id, note): the one roster person holding the finding's owner role, if exactly one does."""
    if finding.owner_id:
        named = next((m for m in getattr(roster, "members", ()) if m.id == finding.owner_id), None)
        if named is not None:
            return named.id, f"Named when the decision was taken: {named.name}."
    role = finding.owner_role
    if not role:
        return None, "Pick an owner."
    holders = [m for m in getattr(roster, "members", ()) if m.role == role]
    if len(holders) == 1:
        return holders[0].id, f"Suggested: {holders[0].name}, the team's {role}."
    if not holders:
        return None, f"Nobody on the team is {role} yet: pick an owner."
    return None, f"{len(holders)} people are {role}: pick one."


def suggest_due(finding: Finding, target_launch: date | None, today: date) -> tuple[date, str]:
    """(due date, note): the date agreed with the decision when there is one; else ahead of the target launch, or
    30 days from today without a launch date."""
    if finding.due is not None:
        return finding.due, "The due date agreed when the decision was taken."
    if target_launch is None or target_launch <= today:
        why = "No target launch date yet" if target_launch is None else \
            f"The target launch ({fmt_date(target_launch)}) has passed"
        return today + timedelta(days=DAYS_WITHOUT_LAUNCH), f"{why}: due {DAYS_WITHOUT_LAUNCH} days from today."
    weeks = BLOCKER_WEEKS_BEFORE_LAUNCH if finding.severity == "blocker" else OTHER_WEEKS_BEFORE_LAUNCH
    ideal = target_launch - timedelta(weeks=weeks)
    span = f"{weeks} week{'s' if weeks > 1 else ''}"
    if ideal < today:
        return today, (f"The target launch ({fmt_date(target_launch)}) is less than {span} away: due today, "
                       f"change it if you need to.")
    return ideal, f"{span} before the target launch ({fmt_date(target_launch)})."


def draft(finding: Finding, roster: Any, target_launch: date | None, today: date,
          step_of: Mapping[str, int] | None = None) -> Draft:
    """One finding as a pre-filled draft action. ``step_of`` maps a worksheet kind to its step number."""
    owner, owner_note = suggest_owner(finding, roster)
    due, due_note = suggest_due(finding, target_launch, today)
    fields = {
        "step": (step_of or {}).get(finding.worksheet),
        "area": finding.area,
        "goal": finding.text,
        "action": finding.action or finding.text,
        "owner": owner,
        "resources": "",
        "start": today,
        "due": due,
        "status": NOT_STARTED,
        "done_on": None,
        "barriers": "",
        "source": finding.id,
    }
    return Draft(finding, fields, owner_note, due_note)


def suggestions(open_findings: Iterable[Finding], doc: ActionPlanDoc, roster: Any, target_launch: date | None,
                today: date, *, opened_at: Mapping[str, datetime] | None = None,
                step_of: Mapping[str, int] | None = None) -> list[Draft]:
    """Drafts for every open finding that has no action yet and was not dismissed, blockers first.

    ``roster`` is the plan's worksheets.team.TeamDoc; ``opened_at`` maps a finding id to its latest opening.
    """
    opened_at = opened_at or {}
    out = []
    for f in open_findings:
        if is_handled(doc, f.id, opened_at.get(f.id)):
            continue
        d = draft(f, roster, target_launch, today, step_of)
        again = f.id in doc.accepted or f.id in doc.dismissed
        out.append(Draft(d.finding, d.fields, d.owner_note, d.due_note, again))
    return sorted(out, key=lambda d: SEVERITIES.index(d.finding.severity))


EDITABLE = ("step", "area", "goal", "action", "owner", "resources", "start", "due", "status", "done_on", "barriers")


def accept(doc: ActionPlanDoc, finding: Finding, draft_edits: Mapping[str, Any] | None, by: str, at: datetime,
           *, opened_at: datetime | None = None) -> ActionPlanDoc:
    """The plan with one new action made from the finding (the draft's fields, with the lead's edits).

    Idempotent: when the finding is already handled (two browsers accepting the same suggestion, or a
    retry after a conflict) the document comes back unchanged and no second action is made. Raises
    pydantic's ValidationError when the edits are not a valid action (for example an empty action).
    """
    if _accepted_and_current(doc, finding.id, opened_at):
        return doc
    fields: dict[str, Any] = {"area": finding.area, "goal": finding.text, "action": finding.action or finding.text}
    fields.update({k: v for k, v in (draft_edits or {}).items() if k in EDITABLE})
    action = Action.model_validate({**fields, "id": new_row_id(), "source": finding.id})
    accepted = {k: v.model_dump() for k, v in doc.accepted.items()}
    accepted[finding.id] = {"action_id": action.id, "by": by, "at": at}
    dismissed = {k: v.model_dump() for k, v in doc.dismissed.items() if k != finding.id}
    return _with(doc, actions=[a.model_dump() for a in doc.actions] + [action.model_dump()], accepted=accepted,
                 dismissed=dismissed)


def dismiss(doc: ActionPlanDoc, finding: Finding | str, reason: str, by: str, at: datetime) -> ActionPlanDoc:
    """The plan remembering that this suggestion was set aside, why, by whom and when.

    ``finding`` is the Finding (its sentence is kept, so the dismissed list reads well after it closes) or its
    id. Raises ValueError, in words, when the reason is empty. An earlier acceptance stays on record.
    """
    if blank(reason):
        raise ValueError("Say in a few words why this suggestion is set aside.")
    fid, text = (finding.id, finding.text) if isinstance(finding, Finding) else (str(finding), "")
    dismissed = {k: v.model_dump() for k, v in doc.dismissed.items()}
    dismissed[fid] = {"reason": reason, "by": by, "at": at, "text": text}
    return _with(doc, dismissed=dismissed)


def undismiss(doc: ActionPlanDoc, finding_id: str) -> ActionPlanDoc:
    """Bring a dismissed suggestion back into the inbox."""
    if finding_id not in doc.dismissed:
        return doc
    return _with(doc, dismissed={k: v.model_dump() for k, v in doc.dismissed.items() if k != finding_id})


# ----------------------------------------------------------------------------------------------
# views of the plan

def overdue(doc: ActionPlanDoc, today: date) -> list[Action]:
    """Open actions whose due date has passed, the longest overdue first."""
    return _order(a for a in doc.actions if is_overdue(a, today))


def filter_actions(doc: ActionPlanDoc, *, owners: Collection[str | None] | None = None,
                   statuses: Collection[str] | None = None,
                   steps: Collection[int | None] | None = None) -> list[Action]:
    """Actions matching every filter given (None = no filter). An owner of None or "" matches unassigned
    actions; a step of None matches actions without a step. Order as in the plan."""
    def keep(a: Action) -> bool:
        if owners is not None and (a.owner or None) not in {o or None for o in owners}:
            return False
        if statuses is not None and a.status not in statuses:
            return False
        return steps is None or a.step in steps
    return [a for a in doc.actions if keep(a)]


def mine(doc: ActionPlanDoc, person_id: str) -> list[Action]:
    """A person's actions: open ones first, soonest due first; then done and dropped."""
    own = [a for a in doc.actions if person_id and a.owner == person_id]
    return _order(a for a in own if a.is_open) + _order(a for a in own if not a.is_open)


def done_but_still_open(doc: ActionPlanDoc, open_finding_ids: Collection[str]) -> list[Action]:
    """Actions marked done whose finding is still open (or open again): the fix did not take."""
    ids = set(open_finding_ids)
    return [a for a in doc.actions if a.status == DONE and a.source and a.source in ids]


def counts(doc: ActionPlanDoc) -> dict[str, int]:
    """Number of actions per status, in STATUSES order."""
    return {s: sum(1 for a in doc.actions if a.status == s) for s in STATUSES}


# ----------------------------------------------------------------------------------------------
# timeline (plotly on screen, reportlab in a PDF)

@dataclass(frozen=True)
class Bar:
    action_id: str
    label: str  # the action, shortened to fit a chart
    group: str  # the owner's name or the step
    start: date  # the start date, or the due date when no start was entered
    end: date  # the day after the due date: a bar covers the due day itself
    due: date
    status: str
    overdue: bool


@dataclass(frozen=True)
class Timeline:
    by: str  # "owner" or "step"
    groups: tuple[str, ...]  # in display order
    bars: tuple[Bar, ...]  # grouped in that order, soonest due first within a group
    undated: int  # actions left out because they have no due date
    first: date | None = None
    last: date | None = None
    today: date | None = None  # draw a "today" line here


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def timeline(doc: ActionPlanDoc, people: Mapping[str, str] | None, today: date,
             by: Literal["owner", "step"] = "owner") -> Timeline:
    """Bars from start to due for every action with a due date, grouped by owner (alphabetical, no owner
    last) or by step (1 to 5, no step last)."""
    dated = [a for a in doc.actions if a.due is not None]
    if by == "step":
        def group(a: Action) -> str:
            return step_label(a.step)
        order = [step_label(s) for s in STEP_TITLES] + [NO_STEP]
    else:
        def group(a: Action) -> str:
            return owner_label(a.owner, people)
        names = sorted({group(a) for a in dated} - {NO_OWNER, REMOVED}, key=str.casefold)
        order = names + [REMOVED, NO_OWNER]
    groups = [g for g in order if any(group(a) == g for a in dated)]
    bars: list[Bar] = []
    for g in groups:
        for a in _order(x for x in dated if group(x) == g):
            assert a.due is not None
            start = a.start if a.start and a.start <= a.due else a.due
            bars.append(Bar(a.id, _short(a.action), g, start, a.due + timedelta(days=1), a.due, a.status,
                            is_overdue(a, today)))
    first = min((b.start for b in bars), default=None)
    last = max((b.end for b in bars), default=None)
    return Timeline(by, tuple(groups), tuple(bars), len(doc.actions) - len(dated), first, last, today)


# ----------------------------------------------------------------------------------------------
# worksheet hooks

def progress(doc: ActionPlanDoc | None) -> str:
    """Complete once the plan has actions and every open one has an owner and a due date."""
    if doc is None or not doc.actions:
        return PROGRESS_NOT_STARTED
    if any(a.is_open and (not a.owner or a.due is None) for a in doc.actions):
        return PROGRESS_IN_PROGRESS
    return PROGRESS_COMPLETE


def describe(doc: ActionPlanDoc) -> str:
    """One line for the history table."""
    if not doc.actions:
        return "no actions yet"
    c = counts(doc)
    return f"{_plural(len(doc.actions), 'action')}: " + ", ".join(f"{c[s]} {s}" for s in STATUSES if c[s])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _status_cell(a: Action) -> str:
    if a.status == DONE and a.done_on:
        return f"Done\n{fmt_date(a.done_on)}"
    return STATUS_LABELS[a.status]


def _due_cell(a: Action, today: date) -> str:
    if a.due is None:
        return "No due date"
    if is_overdue(a, today):
        late = days_late(a, today)
        return f"{fmt_date(a.due)}\n{OVERDUE} by {_plural(late, 'day')}"
    return fmt_date(a.due)


def _action_cell(a: Action) -> str:
    return a.action + (f"\nGoal: {a.goal}" if a.goal else "")


def _notes_cell(a: Action) -> str:
    parts = []
    if a.resources:
        parts.append(f"Resources: {a.resources}")
    if a.barriers:
        parts.append(f"Barriers: {a.barriers}")
    return "\n".join(parts)


COLUMNS = ("Action and goal", "Area", "Owner", "Start", "Due", "Status", "Resources and barriers", "Source")
WIDTHS = (166, 80, 84, 64, 70, 64, 96, 60)  # points of a landscape page (684 wide): dates fit on one line


def report_section(doc: ActionPlanDoc, revision: int | None = None, people: Mapping[str, str] | None = None,
                   today: date | None = None) -> Section:
    """The action plan for the PDF: overdue first, then every action grouped by step.

    Overdue actions say OVERDUE in words in the Due column, so they stand out in black and white too.
    ``people`` maps roster person ids to names (roster.options()); ``today`` decides what is overdue.
    """
    today = today or date.today()
    c = counts(doc)
    late = overdue(doc, today)
    blocks: list = [Para("Who does what, by when, to launch and run Collaborative Care. Actions are grouped by step "
                         "and sorted by due date. Overdue actions say OVERDUE in the Due column.")]
    if not doc.actions:
        blocks.append(Para("No actions yet. Accept suggested actions from the inbox on the Action plan page, or "
                           "add your own.", style="muted"))
    else:
        summary = ", ".join(f"{c[s]} {s}" for s in STATUSES if c[s])
        blocks.append(Para(f"{_plural(len(doc.actions), 'action')}: {summary}. "
                           f"{len(late) or 'None'} overdue on {fmt_date(today)}."))
    if late:
        blocks.append(Para(f"{OVERDUE}: {_plural(len(late), 'action')} past the due date.", style="warning"))
        blocks.append(Table(("Action", "Owner", "Due", "Days late", "Status"),
                            tuple((a.action, owner_label(a.owner, people), fmt_date(a.due),
                                   f"{OVERDUE}: {_plural(days_late(a, today), 'day')}", STATUS_LABELS[a.status])
                                  for a in late),
                            widths=(5.4, 1.8, 1.1, 1.6, 1.1), caption="Overdue actions"))
    for step in list(STEP_TITLES) + [None]:
        rows = _order(a for a in doc.actions if a.step == step)
        if not rows:
            continue
        blocks.append(Heading(step_label(step)))
        blocks.append(Table(COLUMNS, tuple((_action_cell(a), a.area, owner_label(a.owner, people),
                                            fmt_date(a.start), _due_cell(a, today), _status_cell(a),
                                            _notes_cell(a), source_label(a)) for a in rows),
                            widths=WIDTHS, caption=_plural(len(rows), "action")))
    if doc.dismissed:
        blocks.append(Heading("Suggestions set aside"))
        items = sorted(doc.dismissed.items(), key=lambda kv: kv[1].at)
        blocks.append(Table(("What was found", "Why it was set aside", "By", "When"),
                            tuple((d.text or fid, d.reason, d.by, fmt_date(d.at.date())) for fid, d in items),
                            widths=(4.5, 4.0, 1.6, 1.1)))
    blocks.append(Bullets((f"{FROM_FINDING}: accepted from the suggested actions, which list the gaps other "
                           f"worksheets found.", f"{ADDED_BY_HAND}: written by the team.")))
    return Section(ActionPlanDoc.TITLE, tuple(blocks), revision)


__all__ = [
    "Action", "ActionPlanDoc", "Accepted", "Bar", "Dismissed", "Draft", "Problem", "STATUSES", "STEP_TITLES",
    "Timeline", "accept", "action_for", "counts", "describe", "dismiss", "done_but_still_open", "draft",
    "filter_actions", "fmt_date", "is_handled", "is_overdue", "mine", "ordered", "overdue", "owner_label",
    "problems", "progress", "report_section", "source_label", "stamp_done_dates", "step_label", "suggest_due",
    "suggest_owner", "suggestions", "timeline", "undismiss",
]


def _findings(view) -> list[Finding]:
    """Open actions that are past their due date are worth a note on overviews and agendas."""
    doc = view.doc(ActionPlanDoc.KIND)
    if doc is None:
        return []
    today = date.today()
    return [Finding(f"{ActionPlanDoc.KIND}:overdue:{a.id}", ActionPlanDoc.KIND,
                    f"Overdue by {days_late(a, today)} days: {a.action}", "note", item=a.id, area="Action plan")
            for a in overdue(doc, today)]


SPEC = WorksheetSpec(
    kind=ActionPlanDoc.KIND, title=ActionPlanDoc.TITLE, url_path="action-plan",
    holds="Every action with owner, dates and status, the suggested-actions inbox and a timeline.",
    icon=":material/task_alt:", doc=ActionPlanDoc,
    progress=lambda v: progress(v.doc(ActionPlanDoc.KIND)),
    findings=_findings,
    # landscape inside step and workbook PDFs too: its ten columns split rows across pages on a portrait page
    report=lambda v: replace(report_section(v.doc(ActionPlanDoc.KIND) or ActionPlanDoc(),
                                            v.version(ActionPlanDoc.KIND) or None, people=v.people()), landscape=True),
    describe=describe,
)
