"""Training plan (Step 3): which trainings each person on the team needs, by when, and how far they have got.

The trainings by role follow the AIMS Center Collaborative Care Implementation Guide and the resources it points to
(published course names are kept as titles; the descriptions, hour estimates and due-date rules are ours). The
clinic adds its own trainings. Assignments follow the roster: each person gets the trainings of their role, worked
out every time, never typed, so a person added to the roster has their trainings at once. The document stores, per
(person, training), only what the team entered (a due date set by hand, status, completion date, CE/CME hours
earned, a note), plus trainings assigned to someone by hand, the clinic's own trainings, changes to which catalog
trainings are required, and each person's start date ("joined on"). It holds staff training only, no patient data.

Due dates (the rules the page's help text repeats):
- From the plan's target launch: the care manager's core trainings (the role, BHCM Essentials and the CE course) are
  due 60 days before launch and should start 90 days before (the guide asks for care-manager training 2 to 3 months
  before the first patient); the registry guide 30 days before; the whole-team introduction and the PCP and
  consultant courses 4 weeks (28 days) before; the key-tasks session, the suicide-prevention protocol, the case
  review and the clinic's own required trainings 2 weeks (14 days) before. Skills courses that use the first
  patients (Behavioral Activation, PST) are due 60 days after launch.
- Reboot for new hires: a person with a start date gets at least 30 days from that date for whole-team trainings
  and 60 days for everything else (longer for a course that itself runs longer, e.g. Behavioral Activation's
  4 months). Their due date is the later of the launch-based date and the start-based one, so a person who joins
  after the team trained gets due dates counted from their start date, and the launch team is unaffected.
- Optional trainings have no due date unless the team sets one; trainings with no fixed end (office hours, the
  book) have none either. Without a target launch date, due dates are blank unless entered (or worked out from a
  start date).

Decisions where the issue was silent:
- Each person gets every training of their role, required and optional; an optional one they will not take is
  marked "not needed". People in the role "Other" get the whole-team trainings (front desk and billing staff need
  the introduction and the suicide protocol too); the clinic can mark them not needed.
- Overdue: not done (nor not needed), with a due date before today. A completion date in the future is refused; a
  completion date before the person's start date is kept (training done before joining counts) and shown as a
  warning in case the year is a typo. A completion date on a training not marked done is refused (choose Done, or
  clear the date). "Done" with no completion date is allowed ("date not recorded").
- Findings, one per person so the inbox stays readable: the care manager's required trainings not done (a blocker,
  "training:cm-required:<person>"); for everyone else, required trainings not done yet and overdue trainings (should
  fix). People with no trainings at all have no finding.
- Deleting one of the clinic's own trainings deletes its assignments too (the history keeps every saved version).
- Entries of people who left the roster are kept, not shown, and come back if they are restored.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, ClassVar, Iterable, Literal, Mapping, Sequence

from pydantic import Field, ValidationError, field_validator, model_validator

from worksheets.base import (StrictModel, WorksheetDoc, blank, date_cell, editor_rows, empty_if_blank, fmt_date,
                             new_row_id, required_cell)
from worksheets.checklist import NOTE_MAX
from worksheets.content import Block, Heatmap, KeyValues, Para, Section, Table
from worksheets.fields import humanize
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec, saved_or_empty
from worksheets.team import ROLES

KIND = "training"
TITLE = "Training plan"
AREA = "Training plan"

CIT, PCP, BHCM, PC, OTHER = ROLES
ALL_ROLES: tuple[str, ...] = ROLES
CORE: tuple[str, ...] = (CIT, PCP, BHCM, PC)
ROLE_SHORT: dict[str, str] = {CIT: "CIT lead", PCP: "PCP", BHCM: "Care manager", PC: "Psychiatric consultant",
                              OTHER: "Other staff"}

S_NOT_STARTED, S_IN_PROGRESS, S_DONE, S_NOT_NEEDED = "not started", "in progress", "done", "not needed"
Status = Literal["not started", "in progress", "done", "not needed"]
STATUSES: tuple[str, ...] = (S_NOT_STARTED, S_IN_PROGRESS, S_DONE, S_NOT_NEEDED)
STATUS_LABELS: dict[str, str] = {S_NOT_STARTED: "Not started", S_IN_PROGRESS: "In progress", S_DONE: "Done",
                                 S_NOT_NEEDED: "Not needed"}
CLOSED: tuple[str, ...] = (S_DONE, S_NOT_NEEDED)
OVERDUE = "OVERDUE"

TYPES: tuple[str, ...] = ("Live session", "Self-paced online", "Online course", "Blended (online and live)",
                          "Training cohort", "Workshop", "Handout or reading", "Manual and practice", "Book",
                          "Live Q&A", "Other")
TrainingType = Literal["Live session", "Self-paced online", "Online course", "Blended (online and live)",
                       "Training cohort", "Workshop", "Handout or reading", "Manual and practice", "Book",
                       "Live Q&A", "Other"]

# the due-date rules (days); the module docstring and the page's help say the same
CM_CORE_DUE_BEFORE = 60  # the care manager's core course: finished 60 days before launch ...
CM_CORE_START_BEFORE = 90  # ... started 90 days before
TEAM_NEW_HIRE_DAYS = 30  # a new hire: whole-team trainings within 30 days of starting
ROLE_NEW_HIRE_DAYS = 60  # ... everything else within 60 days
CUSTOM_DUE_BEFORE = 14  # the clinic's own required trainings: 2 weeks before launch

TITLE_MAX = 200
MAX_CUSTOM = 200
CE_MAX = 100.0
HOURS_MAX = 500.0
CUSTOM_PREFIX = "c-"

G_TEAM, G_SUICIDE, G_LEADERS, G_CM, G_PCP, G_PC, G_CLINIC = (
    "Whole team", "Suicide prevention", "Leaders", "Care manager", "Primary care provider", "Psychiatric consultant",
    "The clinic's own")
GROUPS: tuple[str, ...] = (G_TEAM, G_SUICIDE, G_LEADERS, G_CM, G_PCP, G_PC, G_CLINIC)


# ----------------------------------------------------------------------------------------------
# the catalog

@dataclass(frozen=True)
class Training:
    id: str  # stable: assignments are stored by id; never renumber, never reuse a removed id
    group: str
    title: str
    about: str
    roles: tuple[str, ...]  # who gets it (roster roles)
    type: str
    hours: float | None  # hours of training; None = not known
    hours_note: str = "estimate"  # "estimate", or where the figure comes from
    ce: bool = False  # CE or CME credit available
    required: bool = False  # the catalog's default; the clinic can change it
    due_before: int | None = None  # days before launch it is due (negative: after launch); None = no fixed end
    start_before: int | None = None  # days before launch to start; None = no particular start
    new_hire_days: int = ROLE_NEW_HIRE_DAYS  # a new hire: due this many days after their start date (at least)
    tasks: tuple[str, ...] = ()  # task-list ids it prepares for (matches "training wanted" answers)
    keywords: tuple[str, ...] = ()  # words in a "training wanted" topic that point to it
    custom: bool = False  # one of the clinic's own

    @property
    def lead_days(self) -> int | None:
        """How long it takes from start to finish, in days, when the catalog says."""
        if self.start_before is None or self.due_before is None:
            return None
        return self.start_before - self.due_before

    @property
    def hours_text(self) -> str:
        if self.hours is None:
            return "not known"
        h = f"{self.hours:g} h"
        if not self.hours_note:
            return h
        return f"{h} ({self.hours_note})"

    def due_rule(self) -> str:
        """When it is due, in words (for the catalog table). An optional training gets a due date only when one is
        set for a person, so its line says the timing is a suggestion: "Optional; suggested: 60 days after launch"."""
        if self.due_before is None:
            return "No fixed date" if self.required else "Optional: no fixed date"
        d = abs(self.due_before)
        when = f"{d} days {'before' if self.due_before >= 0 else 'after'} launch"
        start = f"; start {self.start_before} days before" if self.start_before is not None else ""
        return f"{when}{start}" if self.required else f"Optional; suggested: {when}{start}"


def _t(id: str, group: str, title: str, about: str, roles: tuple[str, ...], type: str, hours: float | None,
       **kw: Any) -> Training:
    return Training(id, group, title, about, roles, type, hours, **kw)


CATALOG: tuple[Training, ...] = (
    _t("team-intro", G_TEAM, "Introduction to Collaborative Care, for the whole team",
       "Watch Daniel's Story together, then go through what Collaborative Care is, its five principles, how the "
       "team is organized and the evidence behind it. Train everyone at the same time: it builds one team.",
       ALL_ROLES, "Live session", 2, required=True, due_before=28, new_hire_days=TEAM_NEW_HIRE_DAYS,
       keywords=("introduction", "daniel", "principles", "basics")),
    _t("team-tasks", G_TEAM, "The key tasks, walked through together",
       "How patients are found and engaged, how treatment starts, how outcomes are tracked and treatment adjusted, "
       "and how relapse is prevented, following the clinic's own workflow, so each role knows its part.",
       ALL_ROLES, "Live session", 1.5, required=True, due_before=14, new_hire_days=TEAM_NEW_HIRE_DAYS,
       tasks=("2.1",), keywords=("workflow", "key tasks", "warm hand")),
    _t("team-why", G_TEAM, "Why Collaborative Care? Compared with usual care (handouts)",
       "Short reading for before the team session: the benefits (evidence from more than 80 randomized trials, "
       "better medical outcomes, help with hard cases) and the IMPACT results against usual care.",
       ALL_ROLES, "Handout or reading", 0.5, due_before=28, new_hire_days=TEAM_NEW_HIRE_DAYS,
       keywords=("evidence", "usual care", "why practice")),
    _t("team-mbc", G_TEAM, "Measurement-based treatment to target",
       "Articles and a short video on measuring symptoms at every contact and changing treatment until the "
       "patient reaches the target.",
       CORE, "Handout or reading", 1, due_before=28,
       tasks=("1.3", "4.3", "3.6"), keywords=("measurement", "treat to target", "treatment to target", "phq",
                                               "gad-7", "gad7")),
    _t("team-suicide", G_SUICIDE, "Suicide prevention: the clinic's protocol, practised together",
       "The AIMS guide to suicide-prevention protocols in primary care and its advanced resources (the LEARN "
       "steps, SAFE-T, the C-SSRS, a safety plan template). Everyone learns what to do the same day a patient "
       "screens positive.",
       ALL_ROLES, "Live session", 2, required=True, due_before=14, new_hire_days=TEAM_NEW_HIRE_DAYS,
       tasks=("8.6",), keywords=("suicid", "safety plan", "c-ssrs", "cssrs", "safe-t", "crisis")),
    _t("lead-roles", G_LEADERS, "Leading the program: CIT lead and PCP champion role descriptions",
       "What the CIT lead and the PCP champion take on, and how they carry the change to colleagues.",
       (CIT, PCP), "Handout or reading", 0.5, due_before=90, new_hire_days=TEAM_NEW_HIRE_DAYS,
       keywords=("champion", "cit lead", "leading")),
    _t("lead-office-hours", G_LEADERS, "AIMS implementation and APA/AIMS financing office hours",
       "Monthly live question-and-answer sessions: implementation (third Thursday, 10 to 11 Pacific) and "
       "financing (first Wednesday, 12 to 1 Eastern). Join when the team has questions.",
       (CIT,), "Live Q&A", 1, hours_note="a session", keywords=("office hours", "financing")),
    _t("lead-book", G_LEADERS, "Integrated Care: Creating Effective Mental and Primary Health Care Teams (book)",
       "The book by Ratzliff, Unützer, Katon and Stephens (Wiley) on building and running a Collaborative Care "
       "team.",
       (CIT, PCP), "Book", 10, keywords=("book",)),
    _t("bhcm-role", G_CM, "The care manager role: job description and introduction",
       "The role and job description of the behavioral health care manager, and the short introduction to the "
       "role.",
       (BHCM,), "Handout or reading", 1, required=True, due_before=CM_CORE_DUE_BEFORE,
       start_before=CM_CORE_START_BEFORE, keywords=("job description",)),
    _t("bhcm-essentials", G_CM, "BHCM Essentials: A Self-Guided Overview",
       "Seven self-paced parts: Collaborative Care, the care manager's role (with demonstration videos of a first "
       "visit and of patient education and treatment planning), and working with PCPs, the psychiatric "
       "consultant and the registry.",
       (BHCM,), "Self-paced online", 6, required=True, due_before=CM_CORE_DUE_BEFORE,
       start_before=CM_CORE_START_BEFORE, tasks=("3.1", "3.2"), keywords=("essentials", "treatment plan",
                                                                          "patient education")),
    _t("bhcm-course", G_CM, "Collaborative Care Training for Behavioral Health Care Managers (CE)",
       "The comprehensive online course for care managers, with continuing education credit: the core "
       "care-manager course. Start 90 days before launch and finish 60 days before.",
       (BHCM,), "Online course", 12, ce=True, required=True, due_before=CM_CORE_DUE_BEFORE,
       start_before=CM_CORE_START_BEFORE, keywords=("care manager course", "care management course")),
    _t("bhcm-registry", G_CM, "The registry: user guide and practice",
       "The user guide of the clinic's registry (for example the AIMS Caseload Tracker, or the CMTS care manager "
       "guide), then practice enrolling and following made-up patients.",
       (BHCM,), "Manual and practice", 2, required=True, due_before=30,
       tasks=("2.2", "4.1", "8.2"), keywords=("registry", "caseload tracker", "tracker", "cmts")),
    _t("bhcm-case-review", G_CM, "Preparing a case review with the psychiatric consultant",
       "The outline of what the care manager prepares before each consultation, read by both, then one practice "
       "review together.",
       (BHCM, PC), "Handout or reading", 1, required=True, due_before=14,
       tasks=("6.1", "8.3", "4.5"), keywords=("case review", "caseload review", "presenting cases",
                                               "present cases")),
    _t("bhcm-ba", G_CM, "Behavioral Activation (BA)",
       "Two online modules (about 2 hours), a 1-hour recorded webinar, a demonstration video, a 2-hour practice "
       "session with a trainer, then three monthly case calls: about 8 hours over about 4 months. The case calls "
       "use the first patients, so it finishes after launch.",
       (BHCM,), "Blended (online and live)", 8, hours_note="over about 4 months", due_before=-60, start_before=60,
       tasks=("3.3",), keywords=("behavioral activation", "behavioural activation", "(ba)")),
    _t("bhcm-pst", G_CM, "Problem-Solving Treatment in primary care (PST-PC)",
       "Skills training in a brief psychotherapy for licensed clinicians, run in cohorts with practice cases.",
       (BHCM,), "Training cohort", 16, due_before=-60, start_before=60,
       tasks=("3.4",), keywords=("problem-solving", "problem solving", "pst")),
    _t("bhcm-mi", G_CM, "Motivational interviewing",
       "A counseling skill for helping patients find their own reasons to change; a workshop with a recognized "
       "trainer.",
       (BHCM,), "Workshop", 8, due_before=14, keywords=("motivational",)),
    _t("bhcm-competencies", G_CM, "Care manager competencies for Collaborative Care (free, CE; not from AIMS)",
       "Seven free e-learning modules with continuing education credit, from the Meadows Mental Health Policy "
       "Institute, West Health and Northwestern.",
       (BHCM,), "Self-paced online", 7, ce=True, due_before=CM_CORE_DUE_BEFORE, keywords=("competenc",)),
    _t("pcp-role", G_PCP, "The PCP's role in Collaborative Care",
       "The PCP role handout and introduction, and a look through the training the rest of the team takes.",
       (PCP,), "Handout or reading", 1, required=True, due_before=28),
    _t("pcp-skills", G_PCP, "Applying the Integrated Care Approach: Skills for the PCP (CME)",
       "A free online course from the AIMS Center and the APA, with CME credit: working in the team, and "
       "prescribing psychiatric medication in primary care.",
       (PCP,), "Online course", 5, ce=True, required=True, due_before=28,
       tasks=("3.5", "1.2"), keywords=("antidepressant", "prescrib", "medication", "psychotropic")),
    _t("pc-role", G_PC, "The psychiatric consultant role: job description and introduction",
       "The role and job description of the psychiatric consultant, the introduction to the role and its short "
       "online training.",
       (PC,), "Handout or reading", 1, required=True, due_before=28),
    _t("pc-course", G_PC, "APA training for the consulting psychiatrist in Collaborative Care (CME)",
       "The APA's online course on the practical skills of the consulting psychiatrist; the APA has trained "
       "about 3,500 psychiatrists in the model.",
       (PC,), "Online course", 6, ce=True, required=True, due_before=28,
       tasks=("6.2",), keywords=("consulting psychiatrist", "consultant course")),
    _t("pc-scr", G_PC, "Best practices for systematic case review (article)",
       "A short journal column on running the weekly caseload review well.",
       (PC,), "Handout or reading", 0.5, due_before=14, keywords=("systematic case review",)),
    _t("pc-liability", G_PC, "Risk, liability, and a sample disclaimer for consultant notes",
       "The AIMS resource on risk management and liability when advising on patients the consultant does not "
       "see, with a sample disclaimer for consultation notes.",
       (PC,), "Handout or reading", 0.5, due_before=28, keywords=("liability", "disclaimer", "risk management")),
)
CATALOG_IDS: tuple[str, ...] = tuple(t.id for t in CATALOG)
_BY_ID: dict[str, Training] = {t.id: t for t in CATALOG}


def catalog_training(training_id: str) -> Training:
    return _BY_ID[training_id]


# ----------------------------------------------------------------------------------------------
# the document

def _status(v: Any) -> Any:
    if blank(v):
        return None
    if isinstance(v, str) and v.strip().lower() in STATUSES:
        return v.strip().lower()
    labels = [STATUS_LABELS[s] for s in STATUSES]
    raise ValueError(f"choose {', '.join(labels[:-1])} or {labels[-1]} (you entered \"{v}\")")


def _number(v: Any) -> Any:
    """An editor's number cell: empty -> None; "2.5" -> 2.5; words refused in words."""
    if blank(v):
        return None
    if isinstance(v, bool):
        raise ValueError(f"enter a number of hours (you entered \"{v}\")")
    if isinstance(v, str):
        try:
            return float(v.strip().replace(",", "."))
        except ValueError:
            raise ValueError(f"enter a number of hours, such as 2.5 (you entered \"{v}\")") from None
    return v


class Assignment(StrictModel):
    """What the team entered for one person and one training. Only what was entered is stored."""

    added: bool = Field(default=False, title="assigned by hand")  # True: not a training of their role
    due: date | None = Field(default=None, title="due date")  # None: worked out from the launch or start date
    status: Status | None = Field(default=None, title="status")  # None: not started
    completed: date | None = Field(default=None, title="completion date")
    ce_hours: float | None = Field(default=None, ge=0, le=CE_MAX, title="CE/CME hours earned",
                                   json_schema_extra={"unit": "h"})
    note: str = Field(default="", max_length=NOTE_MAX, title="note")

    _status = field_validator("status", mode="before")(staticmethod(_status))
    _dates = field_validator("due", "completed", mode="before")(staticmethod(date_cell))
    _hours = field_validator("ce_hours", mode="before")(staticmethod(_number))
    _note = field_validator("note", mode="before")(staticmethod(empty_if_blank))
    _added = field_validator("added", mode="before")(staticmethod(lambda v: False if blank(v) else v))

    @property
    def empty(self) -> bool:
        return self == Assignment()


def _custom_id() -> str:
    return CUSTOM_PREFIX + new_row_id()


class CustomTraining(StrictModel):
    """A training the clinic adds: its own EHR training, a local workshop, a topic someone asked for."""

    id: str = Field(default_factory=_custom_id, min_length=3, max_length=40, title="training id")
    title: str = Field(min_length=1, max_length=TITLE_MAX, title="title")
    roles: list[Literal["CIT lead", "PCP champion", "Behavioral health care manager", "Psychiatric consultant",
                        "Other"]] = Field(default_factory=list, title="for roles")
    type: TrainingType = Field(default="Other", title="type")
    hours: float | None = Field(default=None, ge=0, le=HOURS_MAX, title="hours", json_schema_extra={"unit": "h"})
    ce: bool = Field(default=False, title="CE/CME available")
    required: bool = Field(default=False, title="required")
    source: str = Field(default="", max_length=200, title="made from")  # "wanted:<person>:<task>" from an answer

    _title = field_validator("title", mode="before")(staticmethod(required_cell("write the training's title")))

    @field_validator("roles", mode="before")
    @classmethod
    def _roles(cls, v: Any) -> Any:
        if not isinstance(v, (list, tuple)) and blank(v):
            return []
        if isinstance(v, str):
            v = [p.strip() for p in v.split(",") if p.strip()]
        out = []
        for r in list(v):
            if r not in ROLES:
                raise ValueError(f"\"{r}\" is not a role here; choose from: {', '.join(ROLES)}")
            out.append(r)
        return list(dict.fromkeys(out))

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, v: Any) -> Any:
        if blank(v):
            return "Other"
        if v not in TYPES:
            raise ValueError(f"choose a type: {', '.join(TYPES)} (you entered \"{v}\")")
        return v

    _hours = field_validator("hours", mode="before")(staticmethod(_number))
    _bools = field_validator("ce", "required", mode="before")(staticmethod(lambda v: False if blank(v) else v))
    _source = field_validator("source", mode="before")(staticmethod(empty_if_blank))

    def as_training(self) -> Training:
        return Training(self.id, G_CLINIC, self.title, "", tuple(r for r in ROLES if r in self.roles), self.type,
                        self.hours, hours_note="", ce=self.ce, required=self.required,
                        due_before=CUSTOM_DUE_BEFORE, custom=True)


class TrainingDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    custom: list[CustomTraining] = Field(default_factory=list, max_length=MAX_CUSTOM,
                                         title="the clinic's own trainings")
    required: dict[str, bool] = Field(default_factory=dict, title="required (changed from the catalog)")
    start_dates: dict[str, date] = Field(default_factory=dict, title="joined on")
    assignments: dict[str, dict[str, Assignment]] = Field(default_factory=dict, title="assignments")

    @model_validator(mode="after")
    def _consistent(self):
        problems = []
        ids = set()
        titles: dict[str, str] = {}
        for c in self.custom:
            if c.id in ids or c.id in _BY_ID:
                problems.append(f"two trainings share the id {c.id}")
            ids.add(c.id)
            key = c.title.casefold()
            if key in titles:
                problems.append(f"two of the clinic's trainings are called \"{c.title}\"; give each its own title")
            titles[key] = c.id
        problems += [f"{t} is not a training in the catalog" for t in self.required if t not in _BY_ID]
        known = ids | set(_BY_ID)
        for person, entries in self.assignments.items():
            problems += [f"an assignment names a training that is not in the plan ({t})" for t in entries
                         if t not in known]
        if problems:
            raise ValueError("; ".join(dict.fromkeys(problems)))
        return self

    # ---- reading -------------------------------------------------------------------------------
    def trainings(self) -> list[Training]:
        """The catalog (with the clinic's required choices), then the clinic's own trainings."""
        out = [t if t.id not in self.required else _replace_required(t, self.required[t.id]) for t in CATALOG]
        return out + [c.as_training() for c in self.custom]

    def training(self, training_id: str) -> Training | None:
        return next((t for t in self.trainings() if t.id == training_id), None)

    def entry(self, person_id: str, training_id: str) -> Assignment:
        return (self.assignments.get(person_id) or {}).get(training_id) or Assignment()

    def custom_by_source(self, source: str) -> CustomTraining | None:
        return next((c for c in self.custom if source and c.source == source), None)


def _replace_required(t: Training, required: bool) -> Training:
    return replace(t, required=required)


def _with(doc: TrainingDoc, **changes: Any) -> TrainingDoc:
    data = doc.model_dump(mode="python")
    data.update(changes)
    return TrainingDoc.model_validate(data)


# ----------------------------------------------------------------------------------------------
# assignments: the roster x the trainings of each role

@dataclass(frozen=True)
class Person:
    """Who a person is, as the training plan needs it (a roster member, pure)."""

    id: str
    name: str
    role: str
    role_detail: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role_detail or self.role})"

    @property
    def role_words(self) -> str:
        """The roster role with its detail: "Behavioral health care manager (Licensed clinical social worker)";
        for "Other", the detail alone ("Medical assistant")."""
        if self.role == "Other":
            return self.role_detail or self.role
        return f"{self.role} ({self.role_detail})" if self.role_detail else self.role

    @property
    def is_care_manager(self) -> bool:
        return self.role == BHCM


def people_of(roster: Any) -> list[Person]:
    """The roster's members (worksheets.team.TeamDoc), in roster order."""
    return [Person(m.id, m.name, m.role, m.role_detail) for m in getattr(roster, "members", [])]


DUE_FROM_LAUNCH, DUE_FROM_START, DUE_SET, DUE_NONE = "launch", "start date", "set by hand", ""


def default_due(t: Training, launch: date | None, start: date | None) -> tuple[date | None, str]:
    """The worked-out due date of a training for a person, and what it counts from.

    Optional trainings and trainings with no fixed end have none. Otherwise the launch-based date (launch minus
    ``due_before`` days) and, for a person with a start date, the start-based one (start plus the new-hire days,
    or the course's own length when longer): the later of the two. A person who joins after the team's training
    window so gets theirs counted from their start date."""
    if not t.required or t.due_before is None:
        return None, DUE_NONE
    from_launch = launch - timedelta(days=t.due_before) if launch else None
    from_start = start + timedelta(days=max(t.new_hire_days, t.lead_days or 0)) if start else None
    if from_start is not None and (from_launch is None or from_start > from_launch):
        return from_start, DUE_FROM_START
    if from_launch is not None:
        return from_launch, DUE_FROM_LAUNCH
    return None, DUE_NONE


@dataclass(frozen=True)
class Line:
    """One person's one training: computed from the roster and the catalog, with what the team entered."""

    person: Person
    training: Training
    entry: Assignment
    by_role: bool  # False: assigned by hand
    due: date | None
    due_from: str  # launch / start date / set by hand / ""
    default: date | None  # the worked-out due date (what a due left empty means)

    @property
    def status(self) -> str:
        return self.entry.status or S_NOT_STARTED

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    @property
    def required(self) -> bool:
        return self.training.required

    def overdue(self, today: date) -> bool:
        """Not done nor not needed, and due before today (due today is not overdue yet)."""
        return not self.closed and self.due is not None and self.due < today

    @property
    def required_open(self) -> bool:
        return self.required and not self.closed

    @property
    def key(self) -> tuple[str, str]:
        return self.person.id, self.training.id


def trainings_for(doc: TrainingDoc, person: Person) -> list[tuple[Training, bool]]:
    """(training, by role) for one person: the trainings of their role in catalog order, then those added by hand."""
    entries = doc.assignments.get(person.id) or {}
    out = []
    for t in doc.trainings():
        if person.role in t.roles:
            out.append((t, True))
        elif (e := entries.get(t.id)) is not None and e.added:
            out.append((t, False))
    return out


def lines(doc: TrainingDoc, people: Sequence[Person], launch: date | None) -> list[Line]:
    """Every assignment of the people on the roster (roster order, then catalog order)."""
    out = []
    for p in people:
        start = doc.start_dates.get(p.id)
        for t, by_role in trainings_for(doc, p):
            e = doc.entry(p.id, t.id)
            default, source = default_due(t, launch, start)
            if e.due is not None:
                due, source = e.due, DUE_SET
            else:
                due = default
            out.append(Line(p, t, e, by_role, due, source, default))
    return out


def person_lines(all_lines: Iterable[Line], person_id: str) -> list[Line]:
    return [ln for ln in all_lines if ln.person.id == person_id]


def overdue(all_lines: Iterable[Line], today: date) -> list[Line]:
    """Overdue assignments, the longest overdue first."""
    return sorted((ln for ln in all_lines if ln.overdue(today)), key=lambda ln: ln.due or date.max)


def required_open(all_lines: Iterable[Line]) -> list[Line]:
    return [ln for ln in all_lines if ln.required_open]


@dataclass(frozen=True)
class Counts:
    assigned: int  # assignments not marked not needed
    done: int
    in_progress: int
    overdue: int
    required_open: int
    ce_hours: float


def counts(all_lines: Sequence[Line], today: date) -> Counts:
    live = [ln for ln in all_lines if ln.status != S_NOT_NEEDED]
    return Counts(
        assigned=len(live), done=sum(1 for ln in live if ln.status == S_DONE),
        in_progress=sum(1 for ln in live if ln.status == S_IN_PROGRESS),
        overdue=sum(1 for ln in live if ln.overdue(today)),
        required_open=sum(1 for ln in live if ln.required_open),
        ce_hours=round(sum(ln.entry.ce_hours or 0 for ln in all_lines), 2))


def hours_text(h: float) -> str:
    return f"{h:g}"


# ----------------------------------------------------------------------------------------------
# editor rows -> document (named problems in words)

def _where(person: Person | None, t: Training | None, person_id: str, training_id: str) -> str:
    who = person.name if person else "(no longer on the team)"
    what = f"\"{t.title}\"" if t else training_id
    return f"{TITLE}, {who}, {what}"


def assignment_problems(doc: TrainingDoc, people: Sequence[Person], today: date) -> list[str]:
    """Checks that need today's date: a completion date in the future, or on a training not marked done."""
    by_id = {p.id: p for p in people}
    out = []
    for pid, entries in doc.assignments.items():
        for tid, e in entries.items():
            where = _where(by_id.get(pid), doc.training(tid), pid, tid)
            if e.completed and e.completed > today:
                out.append(f"{where}, completion date: {fmt_date(e.completed)} is in the future. Enter the day it "
                           f"was finished, or leave it empty until then.")
            if e.completed and (e.status or S_NOT_STARTED) != S_DONE:
                out.append(f"{where}, completion date: a completion date is entered but the status is "
                           f"\"{STATUS_LABELS[e.status or S_NOT_STARTED]}\". Choose Done, or clear the completion "
                           f"date.")
    return out


def warnings(doc: TrainingDoc, people: Sequence[Person]) -> list[str]:
    """Kept, but worth a second look: a completion date before the person joined (earlier training counts)."""
    out = []
    for p in people:
        start = doc.start_dates.get(p.id)
        if start is None:
            continue
        for tid, e in (doc.assignments.get(p.id) or {}).items():
            t = doc.training(tid)
            if e.completed and e.completed < start and t is not None:
                out.append(f"{p.name}: \"{t.title}\" was completed on {fmt_date(e.completed)}, before they joined "
                           f"on {fmt_date(start)}. Kept: training done before joining counts. Check the year if "
                           f"it is a typo.")
    return out


ASSIGNMENT_COLUMNS = ("person", "training", "due", "status", "completed", "ce_hours", "note")


def assignments_from_rows(doc: TrainingDoc, rows: Iterable[Mapping[str, Any]], people: Sequence[Person],
                          launch: date | None, today: date) -> tuple[TrainingDoc | None, list[str]]:
    """Edited assignment rows (person, training, due, status, completed, ce_hours, note) -> the document.

    Only the rows given are changed (the page may show one person's). A due date equal to the worked-out one is
    not stored (it follows the launch date if that moves). Returns (document, []) or (None, problems in words)."""
    by_id = {p.id: p for p in people}
    assignments = {pid: dict(entries) for pid, entries in doc.assignments.items()}
    problems: list[str] = []
    for row in editor_rows(list(rows), ASSIGNMENT_COLUMNS):
        pid, tid = str(row["person"] or ""), str(row["training"] or "")
        person, t = by_id.get(pid), doc.training(tid)
        if person is None or t is None:
            problems.append(f"{_where(person, t, pid, tid)}: this person or training is no longer in the plan. "
                            f"Reload the page.")
            continue
        old = doc.entry(pid, tid)
        data = {"added": old.added, "due": row["due"], "status": row["status"], "completed": row["completed"],
                "ce_hours": row["ce_hours"], "note": row["note"] or ""}
        try:
            e = Assignment.model_validate(data)
        except ValidationError as exc:
            problems += [f"{_where(person, t, pid, tid)}, {line}" for line in humanize(exc, Assignment)]
            continue
        default, _ = default_due(t, launch, doc.start_dates.get(pid))
        if e.due is not None and e.due == default:
            e = e.model_copy(update={"due": None})
        if e.status == S_NOT_STARTED:
            e = e.model_copy(update={"status": None})
        person_entries = assignments.setdefault(pid, {})
        if e.empty:
            person_entries.pop(tid, None)
        else:
            person_entries[tid] = e
    if problems:
        return None, problems
    new = _with(doc, assignments={p: e for p, e in assignments.items() if e})
    problems = assignment_problems(new, people, today)
    return (None, problems) if problems else (new, [])


def start_dates_from_rows(doc: TrainingDoc, rows: Iterable[Mapping[str, Any]],
                          people: Sequence[Person]) -> tuple[TrainingDoc | None, list[str]]:
    """Edited rows (person, start) -> the document's start dates (people not shown keep theirs)."""
    by_id = {p.id: p for p in people}
    dates = dict(doc.start_dates)
    problems = []
    for row in editor_rows(list(rows), ("person", "start")):  # a row always names its person: none is dropped
        pid = str(row["person"] or "")
        if pid not in by_id:
            continue
        try:
            d = date_cell(row["start"])
        except ValueError as exc:
            problems.append(f"{TITLE}, joined on, {by_id[pid].name}: {exc}")
            continue
        if d is None:
            dates.pop(pid, None)
        else:
            dates[pid] = d
    if problems:
        return None, problems
    return _with(doc, start_dates=dates), []


CUSTOM_COLUMNS = ("id", "title", "roles", "type", "hours", "ce", "required")


def trainings_from_rows(doc: TrainingDoc, catalog_rows: Iterable[Mapping[str, Any]],
                        custom_rows: Iterable[Mapping[str, Any]]) -> tuple[TrainingDoc | None, list[str]]:
    """The catalog's Required ticks and the clinic's own trainings (added, changed, deleted) -> the document.

    A required tick equal to the catalog's default is not stored. Custom rows keep their ids; new rows get one.
    Deleting a training deletes its assignments."""
    required: dict[str, bool] = {}
    for row in catalog_rows:
        tid = row.get("id")
        if tid not in _BY_ID or blank(row.get("required")):
            continue
        value = bool(row["required"])
        if value != _BY_ID[tid].required:
            required[tid] = value
    problems: list[str] = []
    custom: list[dict[str, Any]] = []
    old = {c.id: c for c in doc.custom}
    rows = [r for r in editor_rows(list(custom_rows), CUSTOM_COLUMNS)
            if not all(blank(r[k]) or r[k] == [] for k in ("title", "roles", "type", "hours"))]  # ticks alone: blank
    for n, row in enumerate(rows, start=1):
        rid = row["id"] if row["id"] in old else None
        data = {k: row[k] for k in CUSTOM_COLUMNS if k != "id"}
        data["roles"] = _roles_cell(data["roles"])
        data["source"] = old[rid].source if rid else ""
        if rid:
            data["id"] = rid
        try:
            c = CustomTraining.model_validate(data)
        except ValidationError as exc:
            name = f" (\"{row['title']}\")" if isinstance(row["title"], str) and row["title"].strip() else ""
            problems += [f"{TITLE}, the clinic's own trainings, row {n}{name}, {line}"
                         for line in humanize(exc, CustomTraining)]
            continue
        custom.append(c.model_dump(mode="python"))
    if problems:
        return None, problems
    kept = {c["id"] for c in custom}
    gone = set(old) - kept
    assignments = {pid: {tid: e for tid, e in entries.items() if tid not in gone}
                   for pid, entries in doc.assignments.items()}
    try:
        return _with(doc, required=required, custom=custom,
                     assignments={p: e for p, e in assignments.items() if e}), []
    except ValidationError as exc:
        return None, [f"{TITLE}, {line}" for line in humanize(exc, TrainingDoc)]


def _roles_cell(v: Any) -> list[str]:
    if v is None or (isinstance(v, float) and v != v):
        return []
    if isinstance(v, str):
        return [p.strip() for p in v.split(",") if p.strip()]
    return [str(r) for r in list(v)]


# ----------------------------------------------------------------------------------------------
# small changes (applied to the latest saved document)

def with_added(doc: TrainingDoc, person_id: str, training_id: str) -> TrainingDoc:
    """Assign a training to a person by hand (nothing changes when it is already theirs)."""
    if doc.training(training_id) is None:
        raise ValueError(f"{training_id} is not a training in the plan")
    entries = dict(doc.assignments.get(person_id) or {})
    e = entries.get(training_id)
    if e is not None and e.added:
        return doc
    entries[training_id] = (e or Assignment()).model_copy(update={"added": True})
    return _with(doc, assignments={**doc.assignments, person_id: entries})


def without_added(doc: TrainingDoc, person_id: str, training_id: str) -> TrainingDoc:
    """Take back a training assigned by hand; what was entered for it goes with it (the history keeps it)."""
    entries = dict(doc.assignments.get(person_id) or {})
    if not (e := entries.get(training_id)) or not e.added:
        return doc
    entries.pop(training_id)
    assignments = {**doc.assignments, person_id: entries}
    return _with(doc, assignments={p: x for p, x in assignments.items() if x})


def with_custom_for(doc: TrainingDoc, person_id: str, title: str, source: str = "") -> TrainingDoc:
    """Add one of the clinic's own trainings (for no role) and assign it to a person; a training with the same
    title (or made from the same answer) is reused."""
    title = " ".join(title.split())[:TITLE_MAX] or "Training"
    existing = doc.custom_by_source(source) or next(
        (c for c in doc.custom if c.title.casefold() == title.casefold()), None)
    if existing is None:
        existing = CustomTraining(title=title, source=source)
        doc = _with(doc, custom=[*(c.model_dump(mode="python") for c in doc.custom),
                                 existing.model_dump(mode="python")])
    return with_added(doc, person_id, existing.id)


# ----------------------------------------------------------------------------------------------
# "training wanted" answers from the self-assessments

def match(topic: str, task_id: str = "", trainings: Sequence[Training] = CATALOG) -> Training | None:
    """The catalog training that best fits a request: a keyword in the topic first, then the task it was asked
    on. None when nothing fits."""
    text = f" {topic.casefold()} "
    for t in trainings:
        if any(k in text for k in t.keywords):
            return t
    for t in trainings:
        if task_id and task_id in t.tasks:
            return t
    return None


@dataclass(frozen=True)
class Offer:
    person: Person
    task_id: str
    task: str  # the task, as answered
    topic: str  # what they asked for ("" when only the box was ticked)
    match: Training | None
    covered_by: Line | None  # an assignment of theirs that answers it

    @property
    def source(self) -> str:
        return f"wanted:{self.person.id}:{self.task_id}"

    @property
    def asked(self) -> str:
        return self.topic or self.task


def offers(doc: TrainingDoc, people: Sequence[Person], sheets: Iterable[tuple[Any, Any]],
           launch: date | None) -> list[Offer]:
    """One offer per "training wanted" answer of people on the roster (roster order, then task order).

    ``sheets`` is (roster member, self-assessment document) as worksheets.self_assessment.current_sheets gives.
    An offer is covered when the person already has the matching catalog training, or the clinic's training made
    from this answer (or one with its title)."""
    by_id = {p.id: p for p in people}
    all_lines = lines(doc, people, launch)
    out = []
    for member, sheet in sheets:
        p = by_id.get(member.id)
        if p is None:
            continue
        mine = {ln.training.id: ln for ln in person_lines(all_lines, p.id)}
        for task_id, a in sheet.answers.items():
            if not a.training:
                continue
            topic = a.topic.strip()
            m = match(topic or a.task, task_id)
            source = f"wanted:{p.id}:{task_id}"
            asked = (topic or a.task).casefold()
            covered = None
            custom = doc.custom_by_source(source) or next((c for c in doc.custom if c.title.casefold() == asked),
                                                          None)
            if custom is not None and custom.id in mine:
                covered = mine[custom.id]
            elif m is not None and m.id in mine:
                covered = mine[m.id]
            out.append(Offer(p, task_id, a.task, topic, m, covered))
    return out


# ----------------------------------------------------------------------------------------------
# words: cells, the matrix, findings

def status_words(ln: Line, today: date) -> str:
    """What a matrix cell says: "Done · 18 Nov 2026", "OVERDUE · due 4 Mar 2027", "In progress · due ...".
    Two parts joined by " · " (the screen draws them on two lines)."""
    if ln.status == S_DONE:
        return f"Done · {fmt_date(ln.entry.completed)}" if ln.entry.completed else "Done · date not recorded"
    if ln.status == S_NOT_NEEDED:
        return "Not needed"
    if ln.overdue(today):
        return f"{OVERDUE} · due {fmt_date(ln.due)}"
    label = STATUS_LABELS[ln.status]
    return f"{label} · due {fmt_date(ln.due)}" if ln.due else label


def shade(ln: Line | None) -> int:
    """Darker as the person gets further: 0 not assigned, not started or not needed; 1 in progress; 3 done."""
    if ln is None:
        return 0
    return {S_DONE: 3, S_IN_PROGRESS: 1}.get(ln.status, 0)


MATRIX_LEGEND = ("Each cell: status and due date; OVERDUE in capitals when the due date has passed; \"-\": not one "
                 "of their trainings. * before a training: required. Darker cells: further along (light grey in "
                 "progress, dark grey done).")


def matrix(doc: TrainingDoc, people: Sequence[Person], launch: date | None, today: date) -> Heatmap | None:
    """Trainings (rows: every training assigned to at least one person) x people (columns)."""
    all_lines = lines(doc, people, launch)
    if not all_lines:
        return None
    cell = {ln.key: ln for ln in all_lines}
    used = [t for t in doc.trainings() if any((p.id, t.id) in cell for p in people)]
    shown = [p for p in people if any(ln.person.id == p.id for ln in all_lines)]
    return Heatmap(
        "Training matrix", tuple(("* " if t.required else "") + t.title for t in used),
        tuple(p.name for p in shown),
        tuple(tuple(status_words(cell[(p.id, t.id)], today) if (p.id, t.id) in cell else "-" for p in shown)
              for t in used),
        tuple(tuple(shade(cell.get((p.id, t.id))) for p in shown) for t in used),
        row_header="Training", legend=MATRIX_LEGEND)


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _listed(items: Sequence[str], most: int = 3) -> str:
    shown = list(items[:most])
    more = f" and {len(items) - most} more" if len(items) > most else ""
    return "; ".join(shown) + more


def _brief(ln: Line, today: date) -> str:
    if ln.overdue(today):
        return f"{ln.training.title} ({OVERDUE}, due {fmt_date(ln.due)})"
    state = STATUS_LABELS[ln.status].lower()
    return f"{ln.training.title} ({state}" + (f", due {fmt_date(ln.due)})" if ln.due else ")")


def findings(doc: TrainingDoc, people: Sequence[Person], launch: date | None,
             today: date | None = None) -> list[Finding]:
    """One finding per person and kind: the care manager's required trainings not done (blocker), and for others
    required trainings not done yet and overdue trainings (should fix)."""
    today = today or date.today()
    all_lines = lines(doc, people, launch)
    out: list[Finding] = []
    for p in people:
        mine = sorted(person_lines(all_lines, p.id), key=lambda ln: ln.due or date.max)  # soonest due first
        req = [ln for ln in mine if ln.required_open]
        if p.is_care_manager and req:
            out.append(Finding(
                f"{KIND}:cm-required:{p.id}", KIND,
                f"Care manager {p.name} has not finished {_n(len(req), 'required training')}: "
                f"{_listed([_brief(ln, today) for ln in req])}.",
                "blocker", item=p.id,
                action=f"Get {p.name} through the required care-manager trainings before the first patient: "
                       f"{_listed([ln.training.title for ln in req])}.",
                owner_role=BHCM, area=AREA, details=tuple(_brief(ln, today) for ln in req)))
            late = [ln for ln in mine if ln.overdue(today) and not ln.required]
        else:
            late = [ln for ln in mine if ln.overdue(today)]
            waiting = [ln for ln in req if not ln.overdue(today)]
            if waiting:
                out.append(Finding(
                    f"{KIND}:required:{p.id}", KIND,
                    f"{p.name} has {_n(len(waiting), 'required training')} not done yet: "
                    f"{_listed([_brief(ln, today) for ln in waiting])}.",
                    "should_fix", item=p.id,
                    action=f"Schedule {p.name}'s required trainings: "
                           f"{_listed([ln.training.title for ln in waiting])}.",
                    owner_role=p.role, area=AREA))
        if late:
            out.append(Finding(
                f"{KIND}:overdue:{p.id}", KIND,
                f"{p.name} has {_n(len(late), 'overdue training')}: {_listed([_brief(ln, today) for ln in late])}.",
                "should_fix", item=p.id,
                action=f"Agree new dates with {p.name} and book: {_listed([ln.training.title for ln in late])}.",
                owner_role=p.role, area=AREA))
    return out


# ----------------------------------------------------------------------------------------------
# progress, history, report

def progress(doc: TrainingDoc | None, people: Sequence[Person], launch: date | None) -> str:
    """Not started (nothing entered), complete (every required training of everyone done or not needed), else in
    progress."""
    if doc is None or doc == TrainingDoc():
        return NOT_STARTED
    all_lines = lines(doc, people, launch)
    return COMPLETE if all_lines and not required_open(all_lines) else IN_PROGRESS


def describe(doc: TrainingDoc) -> str:
    """One line for the history table (no dates: a saved version's line never changes)."""
    entries = [e for per in doc.assignments.values() for e in per.values()]
    done = sum(1 for e in entries if e.status == S_DONE)
    going = sum(1 for e in entries if e.status == S_IN_PROGRESS)
    parts = [f"{done} done", f"{going} in progress"]
    if doc.custom:
        parts.append(_n(len(doc.custom), "clinic training"))
    if doc.start_dates:
        parts.append(_n(len(doc.start_dates), "start date"))
    return ", ".join(parts)


def launch_sentence(launch: date | None) -> str:
    if launch is None:
        return ("No target launch date is set for this plan, so due dates stay blank unless the team enters them "
                "(or a person's start date gives one). Set the launch date on Home.")
    return (f"Due dates count back from the target launch, {fmt_date(launch)}: the care manager's core trainings "
            f"{CM_CORE_DUE_BEFORE} days before (started {CM_CORE_START_BEFORE} days before), most others 2 to 4 weeks "
            f"before. Optional trainings have no due date unless one is set.")


NEW_HIRE_SENTENCE = (f"New hires: a person with a start date gets at least {TEAM_NEW_HIRE_DAYS} days from it for the "
                     f"whole-team trainings and {ROLE_NEW_HIRE_DAYS} days for the others (longer when a course takes "
                     f"longer), so someone who joins after the team trained has due dates counted from their start.")

CATALOG_COLUMNS = ("Training", "For", "Type", "Hours", "CE/CME", "Required", "Due")
CATALOG_WIDTHS = (3.3, 1.6, 1.4, 1.3, 1.0, 1.3, 1.6)


def roles_text(roles: Sequence[str]) -> str:
    if tuple(roles) == ALL_ROLES:
        return "Everyone"
    return ", ".join(ROLE_SHORT[r] for r in roles) or "Assigned by hand"


def catalog_rows(doc: TrainingDoc) -> tuple[tuple[str, ...], ...]:
    return tuple((t.title, roles_text(t.roles), t.type, t.hours_text if t.hours is not None else "-",
                  "Yes" if t.ce else "No", "Yes" if t.required else "No",
                  (f"{CUSTOM_DUE_BEFORE} days before launch" if t.required else "No fixed date") if t.custom
                  else t.due_rule())
                 for t in doc.trainings())


def person_summary(doc: TrainingDoc, person: Person, all_lines: Sequence[Line], today: date) -> tuple[str, ...]:
    mine = person_lines(all_lines, person.id)
    live = [ln for ln in mine if ln.status != S_NOT_NEEDED]
    start = doc.start_dates.get(person.id)
    return (person.name, person.role_words, fmt_date(start, "-"),
            f"{sum(1 for ln in live if ln.status == S_DONE)} of {len(live)}",
            str(sum(1 for ln in live if ln.overdue(today))), str(sum(1 for ln in live if ln.required_open)),
            hours_text(sum(ln.entry.ce_hours or 0 for ln in mine)))


def report_sections(doc: TrainingDoc, people: Sequence[Person], launch: date | None, revision: int | None = None,
                    today: date | None = None, sheets: Iterable[tuple[Any, Any]] = ()) -> tuple[Section, ...]:
    """The summary, who stands where, the trainings by role, training wanted; then the matrix (landscape when more
    than five people)."""
    today = today or date.today()
    all_lines = lines(doc, people, launch)
    c = counts(all_lines, today)
    blocks: list[Block] = [
        Para(f"{c.done} of {_n(c.assigned, 'assignment')} done, {c.in_progress} in progress, {c.overdue} overdue on "
             f"{fmt_date(today)}; {_n(c.required_open, 'required training')} not done yet; "
             f"{hours_text(c.ce_hours)} CE/CME hours earned. Assignments follow the roster: each person gets the "
             f"trainings of their role. This plan holds staff training only, no patient data."),
        Para(launch_sentence(launch)),
        Para(NEW_HIRE_SENTENCE),
    ]
    cm = [f for f in findings(doc, people, launch, today) if f.severity == "blocker"]
    for f in cm:
        blocks.append(Para(f.text, style="warning"))
    late = overdue(all_lines, today)
    if late:
        blocks.append(Para(f"{OVERDUE}: " + "; ".join(f"{ln.person.name}, {ln.training.title}, due {fmt_date(ln.due)}"
                                                       for ln in late) + ".", style="warning"))
    if people:
        blocks.append(Table(("Person", "Role", "Joined on", "Done", "Overdue", "Required, not done", "CE/CME hours"),
                            tuple(person_summary(doc, p, all_lines, today) for p in people),
                            widths=(2.2, 2.3, 1.3, 1, 1.2, 1.4, 1.2), caption="Who stands where"))
    else:
        blocks.append(Para("No one is on the implementation team yet: add people on the Implementation team page "
                           "and their trainings appear here.", style="muted"))
    blocks.append(Table(CATALOG_COLUMNS, catalog_rows(doc), widths=CATALOG_WIDTHS,
                        caption="Trainings by role (hours marked \"estimate\" are ours)"))
    wanted = offers(doc, people, sheets, launch)
    if wanted:
        blocks.append(Table(("Person", "Asked for training in", "Offered"),
                            tuple((o.person.name, o.asked, _offer_state(o)) for o in wanted),
                            widths=(2, 4, 3.4), caption="Training wanted, from the self-assessments"))
    sections = [Section(TITLE, tuple(blocks), revision)]
    grid = matrix(doc, people, launch, today)
    if grid is not None:
        sections.append(Section(f"{TITLE}: training matrix", (grid,), revision, landscape=len(grid.col_labels) > 5))
    return tuple(sections)


def _offer_state(o: Offer) -> str:
    if o.covered_by is not None:
        ln = o.covered_by
        return f"On their list: {ln.training.title} ({STATUS_LABELS[ln.status].lower()})"
    if o.match is not None:
        return f"Not assigned yet; suggested: {o.match.title}"
    return "Not assigned yet; no matching training in the catalog"


RECORD_COLUMNS = ("Training", "Required", "Status", "Due", "Completed", "CE/CME hours", "Note")
RECORD_WIDTHS = (2.8, 1.3, 1.2, 1.3, 1.4, 1.1, 2.0)


def record_section(doc: TrainingDoc, person: Person | None, launch: date | None, today: date | None = None,
                   person_id: str = "", revision: int | None = None) -> Section:
    """One person's training record: who, their start date, each training with status, dates, CE/CME earned,
    and the totals. A person no longer on the roster: their saved entries only."""
    today = today or date.today()
    if person is None:
        person = Person(person_id, "(no longer on the team)", "")
        mine = [Line(person, t, e, False, e.due, DUE_SET if e.due else DUE_NONE, None)
                for tid, e in (doc.assignments.get(person_id) or {}).items() if (t := doc.training(tid))]
    else:
        mine = lines(doc, [person], launch)
    start = doc.start_dates.get(person.id)
    rows = []
    for ln in mine:
        due = fmt_date(ln.due, "-") + (f"\n{OVERDUE}" if ln.overdue(today) else "")
        done = fmt_date(ln.entry.completed, "not recorded" if ln.status == S_DONE else "-")
        if ln.entry.completed and start and ln.entry.completed < start:
            done += "\n(before joining)"
        rows.append((ln.training.title + ("" if ln.by_role else "\n(assigned by hand)"),
                     "Yes" if ln.required else "No", STATUS_LABELS[ln.status], due, done,
                     hours_text(ln.entry.ce_hours) if ln.entry.ce_hours is not None else "-", ln.entry.note))
    total_ce = sum(ln.entry.ce_hours or 0 for ln in mine)
    done_hours = sum(ln.training.hours or 0 for ln in mine if ln.status == S_DONE)
    live = [ln for ln in mine if ln.status != S_NOT_NEEDED]
    blocks: list[Block] = [
        KeyValues((("Name", person.name), ("Role", person.role_words or "-"),
                   ("Joined on", fmt_date(start, "not recorded")),
                   ("Trainings done", f"{sum(1 for ln in live if ln.status == S_DONE)} of {len(live)}"),
                   ("CE/CME hours earned", hours_text(total_ce)),
                   ("Training hours done", f"{hours_text(done_hours)} (from the catalog's hours)"))),
    ]
    if rows:
        blocks.append(Table(RECORD_COLUMNS, tuple(rows), widths=RECORD_WIDTHS, caption="Trainings"))
    else:
        blocks.append(Para("No trainings for this person.", style="muted"))
    blocks.append(Para(f"Total CE/CME hours earned: {hours_text(total_ce)}. Printed {fmt_date(today)}. Staff "
                       f"training only; no patient data.", style="small"))
    return Section(f"Training record: {person.name}", tuple(blocks), revision,
                   version_note=f"from the training plan, version {revision}" if revision else
                   "nothing saved on the training plan yet")


# ----------------------------------------------------------------------------------------------
# the spec (hooks take the plan view)

def _launch(view) -> date | None:
    return getattr(view.meta, "target_launch", None)


def _sheets(view) -> list[tuple[Any, Any]]:
    from worksheets.self_assessment import current_sheets  # a sibling worksheet, read through the view
    return current_sheets(view)


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="training",
    holds="Trainings by role, who is assigned, due dates, status and CE/CME, and a plan for new hires.",
    icon=":material/model_training:", doc=TrainingDoc,
    progress=lambda v: progress(v.doc(KIND), people_of(v.roster), _launch(v)),
    findings=lambda v: findings(saved_or_empty(v, TrainingDoc), people_of(v.roster), _launch(v)),
    report=lambda v: report_sections(saved_or_empty(v, TrainingDoc), people_of(v.roster), _launch(v),
                                     v.version(KIND) or None, sheets=_sheets(v)),
    describe=describe,
)

__all__ = [
    "Assignment", "CATALOG", "Counts", "CustomTraining", "Line", "Offer", "Person", "SPEC", "STATUSES",
    "STATUS_LABELS", "Training", "TrainingDoc", "assignment_problems", "assignments_from_rows", "counts",
    "default_due", "describe", "findings", "lines", "match", "matrix", "offers", "overdue", "people_of", "progress",
    "record_section", "report_sections", "required_open", "start_dates_from_rows", "status_words",
    "trainings_from_rows", "warnings", "with_added", "with_custom_for", "without_added",
]
