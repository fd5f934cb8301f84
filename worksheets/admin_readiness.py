"""Administrative readiness (Step 2): what must be in place administratively before the first patient.

Adapted from the AIMS Center Collaborative Care Implementation Guide, which names an administrative readiness
checklist but does not publish its items: the areas and items below are our own, written as tasks. Each item
has a status (not started / in progress / done / not applicable, or none chosen yet), an owner from the roster,
a due date, whether it is required before launch (a default per item, which the lead can change) and a note.

Everything here is pure: no Streamlit, no storage. Anything that depends on the date takes ``today``.

Decisions where the issue was silent:
- ``required`` is stored only when the lead changes it from the catalog's default (None = the default), so an
  item nobody touched follows the catalog if a later release changes its default.
- An item marked not applicable is closed, even when it is marked required: the lead has said it does not
  apply to this clinic. Overdue means not done, not "not applicable", and due before today (due today is not
  overdue yet).
- Items with no status yet are counted in one note finding, not one finding each, so a fresh worksheet does
  not fill the action plan's inbox before the team has looked at it. An item with no status whose due date
  has passed gets its own finding all the same: it is overdue.
- An owner who has left the roster is refused on Save (like the action plan), naming the item.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Collection, Iterable, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets.base import NO_OWNER, REMOVED, owner_label  # noqa: F401 (re-exported: pages and tests use them here)
from worksheets.base import (StrictModel, WorksheetDoc, blank, date_cell, editor_rows, empty_if_blank, fmt_date,
                              none_if_blank)
from worksheets.checklist import NOTE_MAX
from worksheets.content import BarChart, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec, saved_or_empty

KIND = "admin_readiness"
TITLE = "Administrative readiness"

S_NOT_STARTED, S_IN_PROGRESS, S_DONE, S_NOT_APPLICABLE = "not started", "in progress", "done", "not applicable"
Status = Literal["not started", "in progress", "done", "not applicable"]
STATUSES: tuple[str, ...] = (S_NOT_STARTED, S_IN_PROGRESS, S_DONE, S_NOT_APPLICABLE)
STATUS_LABELS: dict[str, str] = {S_NOT_STARTED: "Not started", S_IN_PROGRESS: "In progress", S_DONE: "Done",
                                 S_NOT_APPLICABLE: "Not applicable"}
NO_STATUS = "No status yet"
CLOSED: tuple[str, ...] = (S_DONE, S_NOT_APPLICABLE)
OVERDUE = "OVERDUE"
DEFAULT_OWNER_ROLE = "CIT lead"


# ----------------------------------------------------------------------------------------------
# the catalog

@dataclass(frozen=True)
class Area:
    id: str
    title: str
    help: str


@dataclass(frozen=True)
class AdminItem:
    id: str  # stable: responses are stored by id; never renumber, never reuse a removed id
    area: str
    text: str  # what to do, written as a task
    why: str
    required: bool = True  # the default for "required before launch"; the lead can change it per item


AREAS: tuple[Area, ...] = (
    Area("S", "Staffing and HR", "The people, their time, their supervision and their cover."),
    Area("SP", "Space and equipment", "Where the care manager works and how they reach patients."),
    Area("IT", "IT and EHR", "The registry, access, templates and the records the team needs."),
    Area("B", "Billing and finance", "What the clinic can bill, who bills it and how the money is tracked."),
    Area("P", "Policies and procedures", "The written rules the team works by from the first patient."),
    Area("SC", "Scheduling", "Time in the schedule for the new kinds of work."),
    Area("C", "Communication", "How the team talks to each other and to patients about the program."),
    Area("Q", "Quality improvement and measures", "How the team will know the program works."),
    Area("T", "Training", "Getting each person ready for their role."),
    Area("PM", "Patient materials", "What patients are given to understand and join the program."),
)

ITEMS: tuple[AdminItem, ...] = (
    AdminItem("S1", "S", "Write the care manager job description, set the FTE and decide whether to hire or "
                         "redeploy someone.",
              "The care manager carries the caseload; with too little protected time, follow-up is the first "
              "thing to slip."),
    AdminItem("S2", "S", "Sign the psychiatric consultant agreement: weekly hours, how to reach them between "
                         "reviews, and liability and malpractice terms.",
              "The team must know how much consultant time it can count on, and who answers for what."),
    AdminItem("S3", "S", "Arrange clinical supervision for the care manager: who gives it and how often.",
              "Care managers hold large caseloads with some patients at risk; regular support keeps them safe and "
              "effective."),
    AdminItem("S4", "S", "Plan cover for when the care manager is away: who follows up with patients and who "
                         "takes calls about risk.",
              "Patients still need follow-up during leave, and a call about risk cannot wait for someone's "
              "return."),
    AdminItem("SP1", "SP", "Give the care manager a workspace close to the primary care providers.",
              "Being down the hall turns warm hand-offs and quick questions into a daily habit."),
    AdminItem("SP2", "SP", "Provide a phone or headset and a video platform for follow-up contacts.",
              "Most follow-up contacts happen by phone or video rather than in the clinic."),
    AdminItem("SP3", "SP", "Set aside a private room for warm hand-offs and first assessments.",
              "Patients say more, and privacy is kept, when the conversation cannot be overheard."),
    AdminItem("IT1", "IT", "Choose the registry and set it up, ready to enroll the first patient.",
              "The registry shows who is new, who is improving and who has not been reached."),
    AdminItem("IT2", "IT", "Give the care manager and the psychiatric consultant access to the EHR.",
              "Recommendations are better and faster when the consultant can see medications, labs and notes."),
    AdminItem("IT3", "IT", "Build note templates for the first assessment, follow-up contacts, the caseload "
                           "review and the relapse prevention plan.",
              "Templates keep notes consistent and make what billing needs easy to find."),
    AdminItem("IT4", "IT", "Record screening scores (PHQ-9, GAD-7) in the EHR where the whole team can find "
                           "them.",
              "Scores decide who is referred and when treatment changes; scores left on paper guide nothing."),
    AdminItem("IT5", "IT", "Choose how care management minutes are recorded for each patient each month.",
              "The Collaborative Care codes are billed on a month's minutes; time not recorded cannot be billed."),
    AdminItem("IT6", "IT", "Set up program reports: caseload, follow-up and improvement rates.",
              "Reports show leaders that the program works; they can follow in the first months after launch.",
              required=False),
    AdminItem("B1", "B", "Confirm which payers (Medicare, Medicaid, commercial plans) cover Collaborative Care "
                         "and which codes each one accepts.",
              "Coverage and rates differ by payer; the financial model is only as good as this list."),
    AdminItem("B2", "B", "Confirm who the billing practitioner is and how the care manager's and consultant's "
                         "time is billed under them.",
              "Only the treating practitioner bills the Collaborative Care codes; the care manager and consultant "
              "work under their direction."),
    AdminItem("B3", "B", "Set up the initiating visit rule: a patient who is new, or not seen in the past year, "
                         "sees the billing practitioner first.",
              "Without that visit (an office visit or an annual wellness visit, for example) the first month "
              "cannot be billed."),
    AdminItem("B4", "B", "Decide how patients are told about cost sharing and how their consent is recorded "
                         "before billing.",
              "Patients may owe a monthly copay; saying so up front avoids surprise bills, and billing needs it."),
    AdminItem("B5", "B", "Agree how care management time is documented so billing staff can count it each month.",
              "A claim needs the month's minutes to reach the code's minimum (usually 36 in the first month and "
              "31 after)."),
    AdminItem("B6", "B", "Write the charge capture routine: who submits each month's claims, and on which day.",
              "Monthly codes are easy to miss; a named person and a set day keep revenue from leaking away."),
    AdminItem("B7", "B", "Approve the start-up budget and the financial model.",
              "Leaders need to see the costs before the caseload fills, and when the program pays for itself."),
    AdminItem("P1", "P", "Write the consent routine: how verbal consent is asked for and where it is documented.",
              "Consent is needed before care starts and before billing; a set routine makes it the same every "
              "time."),
    AdminItem("P2", "P", "Agree what the team may share about patients (HIPAA, and 42 CFR Part 2 when substance "
                         "use treatment records are involved).",
              "The whole team discusses patients; the rules must be clear before the first caseload review."),
    AdminItem("P3", "P", "Adopt a suicide and crisis protocol, and make sure every team member knows it.",
              "Screening will uncover risk; staff must know what to do the same day."),
    AdminItem("P4", "P", "Set what each role may do, in line with each person's license.",
              "A clear scope protects patients and staff, and answers \"may I do this?\" before it comes up."),
    AdminItem("P5", "P", "Decide what happens after hours: what patients are told and who responds.",
              "Patients will call outside clinic hours; they need a clear answer, above all in a crisis."),
    AdminItem("P6", "P", "Write when a patient is referred to specialty care and when an episode of care ends.",
              "Clear criteria keep the caseload moving and make sure patients who need more get it."),
    AdminItem("SC1", "SC", "Create care manager visit types in the schedule: first visit, follow-up and phone "
                           "contact.",
              "Without visit types, care manager time is invisible in the schedule and hard to protect."),
    AdminItem("SC2", "SC", "Keep same-day slots open for warm hand-offs.",
              "A patient introduced the same day is far more likely to take part than one given a later date."),
    AdminItem("SC3", "SC", "Block a weekly time for the care manager and psychiatric consultant to review the "
                           "caseload.",
              "The weekly review is where treatment gets adjusted, and billing requires it."),
    AdminItem("SC4", "SC", "Schedule regular care team huddles.",
              "Short huddles keep the team in step; they can start once patients are enrolled.", required=False),
    AdminItem("C1", "C", "Decide how the consultant's recommendations reach the primary care provider (EHR "
                         "message, note or conversation).",
              "A recommendation helps only when the treating provider sees it and acts on it."),
    AdminItem("C2", "C", "Brief the primary care providers on the model: what changes, how to refer, what the "
                         "team will ask of them.",
              "Providers who understand the model refer more patients and act on recommendations."),
    AdminItem("C3", "C", "Give front desk and clinical staff short scripts for introducing the program to "
                         "patients.",
              "The same simple words from everyone make patients more willing to say yes."),
    AdminItem("Q1", "Q", "Choose the program measures and set a target for each.",
              "Targets let the team tell whether the program is working."),
    AdminItem("Q2", "Q", "Set how often the team reviews its measures, and who leads the review.",
              "A regular review turns figures into improvements; it can be set up in the first months.",
              required=False),
    AdminItem("Q3", "Q", "Link the program to the organization's quality improvement committee.",
              "A link to existing quality work keeps leaders informed and the program among their priorities.",
              required=False),
    AdminItem("T1", "T", "Schedule training: the whole team together, then each role; the care manager's "
                         "training starts 2-3 months before the first patient.",
              "A team that knows its roles launches with confidence; the care manager needs the longest lead "
              "time."),
    AdminItem("T2", "T", "Plan how people who join after launch will be trained.",
              "Staff change; newcomers need the same grounding as the launch team.", required=False),
    AdminItem("PM1", "PM", "Prepare a flyer introducing the care team, in the languages your patients speak.",
              "Patients take part more readily when they know who will call them and why."),
    AdminItem("PM2", "PM", "Give staff talking points for explaining the PHQ-9 and GAD-7 to patients.",
              "Patients often ask why they are being asked these questions; a ready answer keeps screening "
              "smooth."),
    AdminItem("PM3", "PM", "Have a blank relapse prevention plan ready to fill in with patients.",
              "It is needed when patients get better, usually a few months after launch.", required=False),
)

_BY_ID: dict[str, AdminItem] = {i.id: i for i in ITEMS}
_AREA_TITLES: dict[str, str] = {a.id: a.title for a in AREAS}


def item(item_id: str) -> AdminItem:
    return _BY_ID[item_id]


def area_items(area_id: str) -> tuple[AdminItem, ...]:
    return tuple(i for i in ITEMS if i.area == area_id)


def area_title(area_id: str) -> str:
    return _AREA_TITLES[area_id]


# ----------------------------------------------------------------------------------------------
# the document

class Response(StrictModel):
    status: Status | None = Field(default=None, title="status")
    owner: str | None = Field(default=None, max_length=40, title="owner")
    due: date | None = Field(default=None, title="due date")
    required: bool | None = Field(default=None, title="required before launch")  # None: the catalog's default
    note: str = Field(default="", max_length=NOTE_MAX, title="note")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        if blank(v):
            return None
        if isinstance(v, str) and v.strip().lower() in STATUSES:
            return v.strip().lower()
        labels = [STATUS_LABELS[s] for s in STATUSES]
        raise ValueError(f"choose {', '.join(labels[:-1])} or {labels[-1]} (you entered \"{v}\")")

    _none = field_validator("owner", "required", mode="before")(staticmethod(none_if_blank))  # empty cells

    _due = field_validator("due", mode="before")(staticmethod(date_cell))

    _note = field_validator("note", mode="before")(staticmethod(empty_if_blank))


class AdminReadinessDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    responses: dict[str, Response] = Field(default_factory=dict, title="items")

    @model_validator(mode="after")
    def _known_items(self):
        unknown = [i for i in self.responses if i not in _BY_ID]
        if unknown:
            raise ValueError("; ".join(f"item {i} is not on this checklist" for i in unknown))
        return self

    def response(self, item_id: str) -> Response:
        return self.responses.get(item_id) or Response()

    def status(self, item_id: str) -> str | None:
        return self.response(item_id).status

    def required(self, item_id: str) -> bool:
        """Required before launch: the lead's choice, else the catalog's default."""
        r = self.response(item_id).required
        return _BY_ID[item_id].required if r is None else r


# ----------------------------------------------------------------------------------------------
# editor rows <-> document

def responses_from_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Editor rows (id, status, owner, due, required, note) -> the document's responses.

    Untouched items are left out; "required" is kept only where it differs from the catalog's default.
    Values are passed on as typed, so the model names anything wrong ("item IT3, due date: ...").
    """
    out: dict[str, dict[str, Any]] = {}
    for row in editor_rows(list(rows), ("id", "status", "owner", "due", "required", "note")):
        item_id = row["id"]
        default = _BY_ID[item_id].required if item_id in _BY_ID else True
        required = row["required"]
        if required is not None and not isinstance(required, str):  # a tick box: bool or numpy's bool_
            required = None if bool(required) == default else bool(required)
        entry = {"status": row["status"], "owner": row["owner"], "due": row["due"], "required": required,
                 "note": row["note"] or ""}
        if any(v not in (None, "") for v in entry.values()):
            out[item_id] = entry
    return out


def owner_problems(doc: AdminReadinessDoc, roster_ids: Collection[str]) -> list[str]:
    """Owners no longer on the roster, named by item, in the words the page shows on Save."""
    roster = set(roster_ids)
    return [f"{TITLE}, item {i.id}, owner: this person is no longer on the implementation team. Choose someone "
            f"on the team, or leave the owner empty."
            for i in ITEMS if (o := doc.response(i.id).owner) and o not in roster]


# ----------------------------------------------------------------------------------------------
# summaries

def is_closed(doc: AdminReadinessDoc, item_id: str) -> bool:
    return doc.status(item_id) in CLOSED


def is_overdue(doc: AdminReadinessDoc, item_id: str, today: date | None = None) -> bool:
    """Not done (nor not applicable) and due before today; an item due today is not overdue yet."""
    today = today or date.today()
    due = doc.response(item_id).due
    return not is_closed(doc, item_id) and due is not None and due < today


def overdue(doc: AdminReadinessDoc, today: date | None = None) -> list[AdminItem]:
    """Overdue items, the longest overdue first (catalog order among equal dates)."""
    late = [i for i in ITEMS if is_overdue(doc, i.id, today)]
    return sorted(late, key=lambda i: doc.response(i.id).due or date.max)


def required_not_done(doc: AdminReadinessDoc) -> list[str]:
    """Ids of the items required before launch that are not done (not applicable counts as closed), in
    catalog order. The launch gate reads this."""
    return [i.id for i in ITEMS if doc.required(i.id) and not is_closed(doc, i.id)]


@dataclass(frozen=True)
class Counts:
    done: int
    in_progress: int
    not_started: int
    not_applicable: int
    no_status: int
    overdue: int
    required_open: int  # required before launch and not done
    total: int

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable


def counts(doc: AdminReadinessDoc, today: date | None = None) -> Counts:
    statuses = [doc.status(i.id) for i in ITEMS]
    return Counts(
        done=statuses.count(S_DONE), in_progress=statuses.count(S_IN_PROGRESS),
        not_started=statuses.count(S_NOT_STARTED), not_applicable=statuses.count(S_NOT_APPLICABLE),
        no_status=statuses.count(None), overdue=len(overdue(doc, today)),
        required_open=len(required_not_done(doc)), total=len(ITEMS))


@dataclass(frozen=True)
class AreaSummary:
    area_id: str
    title: str
    done: int
    applicable: int  # items not marked not applicable
    total: int

    @property
    def percent(self) -> float:
        """Share of the applicable items done; 100 when every item is not applicable (nothing is left to do)."""
        return round(100.0 * self.done / self.applicable, 1) if self.applicable else 100.0


def area_summaries(doc: AdminReadinessDoc) -> list[AreaSummary]:
    out = []
    for a in AREAS:
        items = area_items(a.id)
        done = sum(1 for i in items if doc.status(i.id) == S_DONE)
        na = sum(1 for i in items if doc.status(i.id) == S_NOT_APPLICABLE)
        out.append(AreaSummary(a.id, a.title, done, len(items) - na, len(items)))
    return out


def chart_data(doc: AdminReadinessDoc) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Area titles and the share of each area's applicable items done: the screen and the PDF chart. An area
    whose items are all marked not applicable says so in its label."""
    s = area_summaries(doc)
    return (tuple(a.title + ("" if a.applicable else " (all not applicable)") for a in s),
            tuple(a.percent for a in s))


def status_label(status: str | None) -> str:
    return NO_STATUS if status is None else STATUS_LABELS[status]



def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_sentence(c: Counts) -> str:
    """'9 of 41 items done, 6 in progress, ...' (parts that are zero left out, except done)."""
    parts = [f"{c.done} of {c.total} items done"]
    for n, words in ((c.in_progress, "in progress"), (c.not_started, "not started"),
                     (c.not_applicable, "not applicable"), (c.no_status, "with no status yet")):
        if n:
            parts.append(f"{n} {words}")
    return ", ".join(parts) + "."


def required_sentence(required_open: int) -> str:
    if not required_open:
        return "Every item required before launch is done or not applicable."
    return f"{_plural(required_open, 'item')} required before launch {'is' if required_open == 1 else 'are'} " \
           f"not done yet."


# ----------------------------------------------------------------------------------------------
# findings

def findings(doc: AdminReadinessDoc, today: date | None = None,
             roles: Mapping[str, str] | None = None) -> list[Finding]:
    """Items not done: should fix when required before launch, a note when not; overdue ones say so. Items with
    no status yet are counted in one note (unless overdue). ``roles`` maps roster person ids to their role."""
    today = today or date.today()
    roles = roles or {}
    out: list[Finding] = []
    for i in ITEMS:
        r = doc.response(i.id)
        late = is_overdue(doc, i.id, today)
        if is_closed(doc, i.id) or (r.status is None and not late):
            continue
        state = f"{i.id}, {status_label(r.status).lower()}"
        text = (f"Overdue since {fmt_date(r.due)} ({state}): {i.text}" if late
                else f"Not done yet ({state}): {i.text}")
        out.append(Finding(
            f"{KIND}:item:{i.id}", KIND, text, "should_fix" if doc.required(i.id) else "note", item=i.id,
            action=i.text, owner_role=roles.get(r.owner or "", DEFAULT_OWNER_ROLE) or DEFAULT_OWNER_ROLE,
            area=f"{TITLE}: {area_title(i.area)}"))
    unset = sum(1 for i in ITEMS if doc.status(i.id) is None and not is_overdue(doc, i.id, today))
    if unset:
        out.append(Finding(
            f"{KIND}:no-status", KIND,
            f"{_plural(unset, 'administrative readiness item')} {'has' if unset == 1 else 'have'} no status yet.",
            "note", action="Go through the administrative readiness checklist with the team and set a status, "
                           "owner and due date for each item.",
            owner_role=DEFAULT_OWNER_ROLE, area=TITLE))
    return out


# ----------------------------------------------------------------------------------------------
# progress, history, report

def progress(doc: AdminReadinessDoc | None) -> str:
    """Not started (nothing entered), complete (every item done or not applicable), else in progress."""
    if doc is None or not any(r != Response() for r in doc.responses.values()):
        return NOT_STARTED
    return COMPLETE if all(is_closed(doc, i.id) for i in ITEMS) else IN_PROGRESS


def describe(doc: AdminReadinessDoc) -> str:
    """One line for the history table."""
    c = counts(doc, date.min)  # no dates: a saved version's line must not change from one day to the next
    parts = [f"{c.done} of {c.total} done"]
    if c.in_progress:
        parts.append(f"{c.in_progress} in progress")
    if c.not_applicable:
        parts.append(f"{c.not_applicable} not applicable")
    return ", ".join(parts)


def _due_cell(doc: AdminReadinessDoc, item_id: str, today: date) -> str:
    due = doc.response(item_id).due
    if due is None:
        return ""
    if is_overdue(doc, item_id, today):
        return f"{fmt_date(due)}\n{OVERDUE} by {_plural((today - due).days, 'day')}"
    return fmt_date(due)


COLUMNS = ("#", "What needs to be in place", "Status", "Owner", "Due", "Required", "Note")
WIDTHS = (0.55, 3.15, 1.35, 1.45, 1.2, 1.25, 2.2)


def report_section(doc: AdminReadinessDoc, revision: int | None = None, people: Mapping[str, str] | None = None,
                   today: date | None = None) -> Section:
    """Summary, the required items still open, a chart of the share done by area, and one table per area.

    Overdue items say OVERDUE in words in the Due column, so they stand out in black and white too."""
    today = today or date.today()
    c = counts(doc, today)
    labels, values = chart_data(doc)
    blocks: list = [
        Para(f"{summary_sentence(c)} {required_sentence(c.required_open)} {c.overdue or 'None'} overdue on "
             f"{fmt_date(today)}. Items marked not applicable count as closed; \"Required\" means required before "
             f"launch."),
    ]
    open_required = required_not_done(doc)
    if open_required:
        blocks.append(Para("Required before launch and not done yet: " + ", ".join(open_required) + ".",
                           style="warning"))
    late = overdue(doc, today)
    if late:
        blocks.append(Para(f"{OVERDUE}: " + "; ".join(
            f"{i.id}, due {fmt_date(doc.response(i.id).due)}, owner {owner_label(doc.response(i.id).owner, people)}"
            for i in late) + ".", style="warning"))
    blocks.append(BarChart("Share of items done, by area", labels, values, maximum=100.0, unit="%"))
    for a in AREAS:
        rows = []
        for i in area_items(a.id):
            r = doc.response(i.id)
            rows.append((i.id, i.text, status_label(r.status), owner_label(r.owner, people) if r.owner else "",
                         _due_cell(doc, i.id, today), "Yes" if doc.required(i.id) else "No", r.note))
        blocks.append(Table(COLUMNS, tuple(rows), widths=WIDTHS, caption=a.title))
    return Section(TITLE, tuple(blocks), revision)


def _roles(view) -> dict[str, str]:
    return {m.id: m.role for m in view.roster.members}


__all__ = [
    "AREAS", "AdminItem", "AdminReadinessDoc", "Area", "AreaSummary", "Counts", "ITEMS", "Response", "STATUSES",
    "STATUS_LABELS", "area_items", "area_summaries", "area_title", "chart_data", "counts", "describe", "findings",
    "fmt_date", "is_closed", "is_overdue", "item", "overdue", "owner_label", "owner_problems", "progress",
    "report_section", "required_not_done", "responses_from_rows", "status_label", "summary_sentence",
]


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="admin-readiness",
    holds="Staffing, space, IT, billing, policies, scheduling and communication items, each with status, owner, "
          "due date and whether it is required before launch.",
    icon=":material/checklist:", doc=AdminReadinessDoc,
    progress=lambda v: progress(v.doc(KIND)),
    findings=lambda v: findings(saved_or_empty(v, AdminReadinessDoc), roles=_roles(v)),
    report=lambda v: report_section(saved_or_empty(v, AdminReadinessDoc), v.version(KIND) or None,
                                    people=v.people()),
    describe=describe,
)
