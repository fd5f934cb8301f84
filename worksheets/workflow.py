"""Clinical workflow (Step 2): what happens to a patient in each phase of an episode of Collaborative Care, the
suicide-risk protocol, the checks the workflow must pass, and the data of its flowchart.

An episode has five phases. Phases 1 and 2 follow the AIMS Center's Collaborative Care Workflow Guide; phases 3 to
5 follow the workflow segments of its workflow-development training (follow-up care and treat to target, caseload
review, complete treatment and relapse prevention). Each step says who does it (a role, and where chosen a person
on the roster), how (including the communication method and whom it hands off to), when in the patient's flow,
where, whether it is done today or planned, the organisational change it needs and the tasks of the shared task
list it covers. The order of steps within a phase is the order of the rows.

Who. A step is done by the Patient or by one of these roles, named as a clinic names them: PCP, Behavioral health
care manager, Psychiatric consultant, Medical assistant or nurse, Front desk, CIT lead, Other. For the checks each
is matched to the team roster (worksheets/team.py) by this rule:
- PCP <-> the roster's PCP champion; Behavioral health care manager, Psychiatric consultant and CIT lead <-> the
  roster role of the same name;
- Medical assistant or nurse <-> a roster member with role Other whose role detail mentions a medical assistant,
  MA, CMA, nurse, RN, LPN or LVN; Front desk <-> role Other with a role detail mentioning front desk, front office,
  reception, scheduling, registration or patient access; Other <-> anyone with role Other;
- a step that names a roster person is covered by that person, whatever the role;
- the Patient is not on the roster and is left out of the roster checks.
Picking a person in the Who column sets the role from the person's roster role (PCP champion -> PCP; Other -> by
the role detail words above, else Other).

Checks (each a finding when it fails; severity in brackets):
- suicide-step [blocker]: at least one step is marked part of the suicide-risk protocol and has an owner (a who
  other than the patient), and the protocol has a response for low, moderate and high risk.
- consultant-to-pcp [should fix]: a step by the psychiatric consultant hands off to the PCP, or a step covering
  task 8.4 (send the consultant's advice to the PCP) hands off to the PCP or is done by the PCP.
- caseload-review [should fix]: a step covers task 6.1 (the regular caseload review), and the review has a cadence
  and a lead on the roster.
- relapse-prevention [should fix]: a step in phase 5 covers task 4.6 (write the relapse prevention plan).
- who [should fix]: every step says who does it.
- tasks [should fix]: every task on the tailored list with an owner agreed in the task summary is covered by a step
  done by that owner's role (or naming that owner). Program oversight tasks (group 7) are not steps of a patient's
  episode and are left out. One finding per task: ``workflow:task-not-in-workflow:<task id>``.
- roster-roles [should fix]: no step done today ("Done today, no change" or "Done today, will change") by a role
  that no one on the roster holds. One finding per role: ``workflow:role-not-on-roster:<role slug>``.
Progress: not started (nothing entered), in progress, complete (steps in all five phases and every check passes).

On Save (``parse_steps``) a row with no phase, a step name used twice in one phase, and a person who is no longer on
the roster are refused with a message naming the row: "Clinical workflow, row 4 (Warm hand-off), phase: choose a
phase (1 to 5)". Everything here is pure: no Streamlit, no storage.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Iterable, Literal, Mapping, Sequence

from pydantic import Field, ValidationError, field_validator, model_validator

from worksheets.base import (StrictModel, WorksheetDoc, blank, empty_if_blank, new_row_id, none_if_blank,
                             required_cell)
from worksheets.content import Flowchart, FlowEdge, FlowNode, Heading, KeyValues, Para, Section, Table
from worksheets.fields import problems as field_problems
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec
from worksheets.tasks import (CASELOAD_REVIEW_TASK, CONSULTANT_ADVICE_TO_PCP_TASK, RELAPSE_PREVENTION_TASK,
                              SUICIDE_PROTOCOL_TASK, TaskDef, canonical_text)
from worksheets.team import Member, TeamDoc

KIND = "workflow"
TITLE = "Clinical workflow"
NAME_MAX = 200
SHORT_MAX = 300
TEXT_MAX = 2_000
MAX_STEPS = 200
MAX_TASKS_PER_STEP = 60

# ----------------------------------------------------------------------------------------------
# phases, roles and choices

PHASES: dict[int, str] = {
    1: "Identify and engage",
    2: "Diagnosis and treatment start",
    3: "Follow-up and treat to target",
    4: "Caseload review and treatment adjustment",
    5: "Complete treatment and relapse prevention",
}
PHASE_HELP: dict[int, str] = {
    1: "Find patients (screening, a registry report or the PCP's judgment), introduce the program, get consent and "
       "connect them to the care manager. A positive answer on suicide starts the protocol.",
    2: "The care manager's first assessment with baseline measures, registry entry, a shared provisional "
       "diagnosis, a treatment plan with the patient's goals, and the start of treatment.",
    3: "Regular contacts with a symptom measure each time, adherence and side effects, brief interventions, and "
       "outreach when a patient misses contact.",
    4: "The regular caseload review with the psychiatric consultant, recommendations that reach the PCP, and "
       "treatment changes for patients who are not improving.",
    5: "Target reached and held, a relapse prevention plan written with the patient, contacts spaced out, the end "
       "of the episode recorded and care handed back to the PCP.",
}
PHASE_SOURCE = ("Phases 1 and 2 follow the AIMS Center's Collaborative Care Workflow Guide. Phases 3 to 5 follow the "
                "workflow segments of the AIMS Center's workflow training: follow-up care and treat to target, "
                "caseload review and treatment adjustment, complete treatment and relapse prevention.")

PHASE_SOURCE_SHORT = ("Phases 3 to 5 follow the workflow segments of the AIMS Center's workflow training; 1 and 2 its "
                      "Workflow Guide.")


def phase_label(phase: int | None) -> str:
    return f"Phase {phase} · {PHASES[phase]}" if phase in PHASES else "No phase chosen"


PATIENT = "Patient"
PCP, BHCM, CONSULTANT = "PCP", "Behavioral health care manager", "Psychiatric consultant"
MA, FRONT_DESK, CIT_LEAD, OTHER = "Medical assistant or nurse", "Front desk", "CIT lead", "Other"
ROLES: tuple[str, ...] = (PCP, BHCM, CONSULTANT, MA, FRONT_DESK, CIT_LEAD, OTHER)
WHO: tuple[str, ...] = (PATIENT,) + ROLES  # what the Who and Hands off to columns offer
Who = Literal["Patient", "PCP", "Behavioral health care manager", "Psychiatric consultant",
              "Medical assistant or nurse", "Front desk", "CIT lead", "Other"]
LANE_ORDER: tuple[str, ...] = (PATIENT, FRONT_DESK, MA, PCP, BHCM, CONSULTANT, CIT_LEAD, OTHER)
NO_WHO = "Who not chosen yet"
ROLE_SLUGS: dict[str, str] = {PCP: "pcp", BHCM: "bhcm", CONSULTANT: "psychiatric-consultant", MA: "ma-or-nurse",
                              FRONT_DESK: "front-desk", CIT_LEAD: "cit-lead", OTHER: "other"}
# the roster role each workflow role is matched to (Medical assistant or nurse, Front desk: by role detail too)
ROSTER_ROLE: dict[str, str] = {PCP: "PCP champion", BHCM: "Behavioral health care manager",
                               CONSULTANT: "Psychiatric consultant", CIT_LEAD: "CIT lead", MA: "Other",
                               FRONT_DESK: "Other", OTHER: "Other"}
MA_WORDS = re.compile(r"\b(medical assistants?|MAs?|CMAs?|nurses?|nursing|RNs?|LPNs?|LVNs?)\b", re.IGNORECASE)
FRONT_DESK_WORDS = re.compile(r"\b(front desk|front office|reception\w*|schedul\w*|registration|patient access)\b",
                              re.IGNORECASE)
ROLE_RULE = ("PCP steps are matched to the roster's PCP champion; care manager, psychiatric consultant and CIT lead "
             "steps to the roster role of the same name; Medical assistant or nurse and Front desk steps to a team "
             "member with role Other whose role detail says so (for example \"Medical assistant\", \"RN\", "
             "\"Front desk\"); Other steps to anyone with role Other. A step that names a person is covered by "
             "that person.")

METHODS: tuple[str, ...] = ("EHR message", "Warm hand-off", "Huddle", "Phone", "Video", "Letter", "None")
Method = Literal["EHR message", "Warm hand-off", "Huddle", "Phone", "Video", "Letter", "None"]
PLACES: tuple[str, ...] = ("At the clinic", "At a partner agency", "External referral")
Place = Literal["At the clinic", "At a partner agency", "External referral"]
SAME, WILL_CHANGE, NEW = "Done today, no change", "Done today, will change", "New step"
STATUSES: tuple[str, ...] = (SAME, WILL_CHANGE, NEW)
DONE_TODAY: tuple[str, ...] = (SAME, WILL_CHANGE)
Status = Literal["Done today, no change", "Done today, will change", "New step"]
CHANGES: tuple[str, ...] = ("Training", "Hire", "Supervision", "Other")
Change = Literal["Training", "Hire", "Supervision", "Other"]
CADENCES: tuple[str, ...] = ("Weekly", "Every two weeks", "Monthly")
Cadence = Literal["Weekly", "Every two weeks", "Monthly"]
LEVELS: dict[str, str] = {"low": "Low risk", "moderate": "Moderate risk", "high": "High or imminent risk"}
LEVEL_EXAMPLES: dict[str, str] = {
    "low": "Safety plan written with the patient, crisis line given, follow-up at the next contact.",
    "moderate": "Safety plan, counselling on reducing access to lethal means, follow-up within 24 to 72 hours, "
                "discussed with the psychiatric consultant.",
    "high": "Do not leave the patient alone; call the crisis team, mobile crisis or 911, or escort to the "
            "emergency department.",
}
LEARN: tuple[tuple[str, str], ...] = (
    ("Look", "for warning signs"), ("Empathize", "and listen"), ("Ask", "directly about suicide"),
    ("Remove", "the dangers (access to lethal means)"), ("Next", "steps: safety plan, follow-up, who is told"))
TOOLS_HELP = ("For example the C-SSRS screener (six questions; recent suicidal behaviour, or ideation with intent "
              "or a plan, means high risk), the SAFE-T assessment, or the ASQ for young people.")
CRISIS_LINE = "988 Suicide and Crisis Lifeline: call, text or chat, 24 hours a day"


def _choice(v: Any, options: Sequence[str], what: str) -> Any:
    """A choice typed or picked in a table: blank -> None, case-insensitive match, else a message in words."""
    if blank(v):
        return None
    if isinstance(v, str):
        for o in options:
            if v.strip().lower() == o.lower():
                return o
    raise ValueError(f"'{v}' is not {what} here: choose {', '.join(options[:-1])} or {options[-1]}")


# ----------------------------------------------------------------------------------------------
# the document

TaskId = Annotated[str, Field(min_length=1, max_length=40)]


class Step(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    phase: int = Field(title="phase")
    name: str = Field(max_length=NAME_MAX, title="step")
    who: Who | None = Field(default=None, title="who")
    person_id: str | None = Field(default=None, max_length=40, title="who (person)")
    how: str = Field(default="", max_length=TEXT_MAX, title="how")
    method: Method | None = Field(default=None, title="communication")
    when: str = Field(default="", max_length=SHORT_MAX, title="when")
    where: Place | None = Field(default=None, title="where")
    status: Status | None = Field(default=None, title="today or planned")
    change: list[Change] = Field(default_factory=list, title="change needed")
    tasks: list[TaskId] = Field(default_factory=list, max_length=MAX_TASKS_PER_STEP, title="tasks covered")
    hands_off_to: Who | None = Field(default=None, title="hands off to")
    suicide_risk: bool = Field(default=False, title="part of the suicide-risk protocol")

    @field_validator("phase", mode="before")
    @classmethod
    def _phase(cls, v: Any) -> Any:
        if blank(v):
            raise ValueError("choose a phase (1 to 5)")
        if isinstance(v, bool):
            raise ValueError("choose a phase (1 to 5)")
        if isinstance(v, str):
            m = re.match(r"\s*(?:phase\s*)?(\d+)\b", v, re.IGNORECASE)
            v = int(m.group(1)) if m else v.strip()
        if isinstance(v, float) and v == int(v):
            v = int(v)
        if not isinstance(v, int) or v not in PHASES:
            raise ValueError(f"choose a phase from 1 to 5 (you entered {v})")
        return v

    _name = field_validator("name", mode="before")(staticmethod(required_cell("name the step in a few words")))

    @field_validator("who", "hands_off_to", mode="before")
    @classmethod
    def _who(cls, v: Any) -> Any:
        return _choice(v, WHO, "a role")

    @field_validator("method", mode="before")
    @classmethod
    def _method(cls, v: Any) -> Any:
        return _choice(v, METHODS, "a communication method")

    @field_validator("where", mode="before")
    @classmethod
    def _where(cls, v: Any) -> Any:
        return _choice(v, PLACES, "a place")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        return _choice(v, STATUSES, "a choice")

    _person = field_validator("person_id", mode="before")(staticmethod(none_if_blank))

    _text = field_validator("how", "when", mode="before")(staticmethod(empty_if_blank))

    @field_validator("change", "tasks", mode="before")
    @classmethod
    def _list(cls, v: Any, info) -> Any:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return []
        if isinstance(v, str):
            v = re.split(r"[,;]", v)
        if not isinstance(v, (list, tuple)):
            return v
        out = []
        for item in v:
            if blank(item):
                continue
            item = item.strip() if isinstance(item, str) else item
            if info.field_name == "change":
                item = _choice(item, CHANGES, "a kind of change")
            if item not in out:
                out.append(item)
        return out

    @field_validator("suicide_risk", mode="before")
    @classmethod
    def _flag(cls, v: Any) -> Any:
        return False if v is None or (isinstance(v, float) and math.isnan(v)) else v

    @property
    def done_today(self) -> bool:
        return self.status in DONE_TODAY

    @property
    def planned(self) -> bool:
        """A new step, or one done today that will change: drawn dashed in the flowchart."""
        return self.status in (WILL_CHANGE, NEW)


class CaseloadReview(StrictModel):
    cadence: Cadence | None = Field(default=None, title="how often")
    lead: str | None = Field(default=None, max_length=40, title="led by")
    note: str = Field(default="", max_length=TEXT_MAX, title="when and how it meets")

    @field_validator("cadence", mode="before")
    @classmethod
    def _cadence(cls, v: Any) -> Any:
        return _choice(v, CADENCES, "a cadence")

    _lead = field_validator("lead", mode="before")(staticmethod(none_if_blank))


class LevelResponse(StrictModel):
    response: str = Field(default="", max_length=TEXT_MAX, title="response")
    who: Who | None = Field(default=None, title="who responds")

    @field_validator("who", mode="before")
    @classmethod
    def _who(cls, v: Any) -> Any:
        return _choice(v, WHO, "a role")

    _text = field_validator("response", mode="before")(staticmethod(empty_if_blank))


class SuicideProtocol(StrictModel):
    trigger: str = Field(default="", max_length=TEXT_MAX, title="trigger")
    immediate: str = Field(default="", max_length=TEXT_MAX, title="immediate step")
    told: str = Field(default="", max_length=SHORT_MAX, title="who is told, and how fast")
    tool: str = Field(default="", max_length=SHORT_MAX, title="assessment tool")
    tool_by: Who | None = Field(default=None, title="who uses the tool")
    low: LevelResponse = Field(default_factory=LevelResponse, title="low risk")
    moderate: LevelResponse = Field(default_factory=LevelResponse, title="moderate risk")
    high: LevelResponse = Field(default_factory=LevelResponse, title="high or imminent risk")
    safety_plan: str = Field(default="", max_length=TEXT_MAX, title="safety plan")
    follow_up: str = Field(default="", max_length=TEXT_MAX, title="follow-up")
    documentation: str = Field(default="", max_length=TEXT_MAX, title="documentation and communication")
    after_hours: str = Field(default="", max_length=TEXT_MAX, title="after-hours coverage")
    crisis_line: str = Field(default="", max_length=SHORT_MAX, title="crisis line")

    @field_validator("tool_by", mode="before")
    @classmethod
    def _who(cls, v: Any) -> Any:
        return _choice(v, WHO, "a role")

    def level(self, key: str) -> LevelResponse:
        return getattr(self, key)

    @property
    def empty(self) -> bool:
        return self == SuicideProtocol()


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def duplicate_names(steps: Sequence[tuple[Any, Any]]) -> list[str]:
    """(phase, name) of each row in order -> one message per row whose name its phase already has."""
    first: dict[tuple[Any, str], int] = {}
    out = []
    for i, (phase, name) in enumerate(steps):
        if blank(phase) or blank(name) or not isinstance(name, str):
            continue
        key = (str(phase).strip(), _name_key(name))
        if key in first:
            out.append(f"row {i + 1} ({' '.join(name.split())[:60]}): phase {phase} already has a step with this "
                       f"name (row {first[key] + 1}): give each step its own name")
        else:
            first[key] = i
    return out


class WorkflowDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    steps: list[Step] = Field(default_factory=list, max_length=MAX_STEPS, title="steps")
    review: CaseloadReview = Field(default_factory=CaseloadReview, title="caseload review")
    protocol: SuicideProtocol = Field(default_factory=SuicideProtocol, title="suicide-risk protocol")

    @model_validator(mode="after")
    def _unique(self):
        seen: set[str] = set()
        for s in self.steps:
            if s.id in seen:
                raise ValueError(f"two steps share the id {s.id}")
            seen.add(s.id)
        clashes = duplicate_names([(s.phase, s.name) for s in self.steps])
        if clashes:
            raise ValueError("; ".join(clashes))
        return self

    def in_phase(self, phase: int) -> list[Step]:
        return [s for s in self.steps if s.phase == phase]

    def ordered(self) -> list[Step]:
        """Phase by phase, in row order within a phase."""
        return [s for p in PHASES for s in self.in_phase(p)]

    def numbers(self) -> dict[str, str]:
        """step id -> its number as printed and drawn: "2.3" is the third step of phase 2."""
        return {s.id: f"{p}.{n}" for p in PHASES for n, s in enumerate(self.in_phase(p), start=1)}

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


# ----------------------------------------------------------------------------------------------
# the roster, in workflow roles

def role_of_member(m: Member) -> str:
    """The workflow role a roster member works in (the rule in the module docstring)."""
    if m.role == "Other":
        if MA_WORDS.search(m.role_detail or ""):
            return MA
        if FRONT_DESK_WORDS.search(m.role_detail or ""):
            return FRONT_DESK
        return OTHER
    return {"PCP champion": PCP, "Behavioral health care manager": BHCM, "Psychiatric consultant": CONSULTANT,
            "CIT lead": CIT_LEAD}[m.role]


def holders(role: str, roster: TeamDoc) -> list[Member]:
    """Roster members who hold a workflow role (nobody holds Patient)."""
    if role == PATIENT:
        return []
    if role == OTHER:
        return [m for m in roster.members if m.role == "Other"]
    if role in (MA, FRONT_DESK):
        return [m for m in roster.members if m.role == "Other" and role_of_member(m) == role]
    return [m for m in roster.members if m.role == ROSTER_ROLE[role]]


def owner_roles(m: Member) -> tuple[str, ...]:
    """The workflow roles under which a task owned by this roster member counts as covered."""
    if m.role == "Other":
        return (MA, FRONT_DESK, OTHER)
    return (role_of_member(m),)


# ----------------------------------------------------------------------------------------------
# the step library (facts 5a), in our words; the Start button offers it, nothing saves it silently

@dataclass(frozen=True)
class LibraryStep:
    phase: int
    name: str
    who: str
    how: str = ""
    when: str = ""
    method: str | None = None
    hands_off_to: str | None = None
    tasks: tuple[str, ...] = ()
    suicide_risk: bool = False
    where: str = "At the clinic"


LIBRARY: tuple[LibraryStep, ...] = (
    # 1 Identify and engage
    LibraryStep(1, "Screen with the PHQ-2, then the PHQ-9 if positive", MA,
                "Questionnaire on paper or tablet (GAD-7 too where anxiety is in scope); scored and flagged in the "
                "EHR.",
                "At rooming, at intake and once a year", "EHR message", PCP, ("1.1",)),
    LibraryStep(1, "Report of positive screens from the registry or EHR", BHCM,
                "A list of patients with a positive screen and no follow-up yet.", "Every week", "EHR message", PCP,
                ("1.1", "4.1")),
    LibraryStep(1, "PCP reviews the screen and decides on a referral", PCP,
                "Confirms the concern in the visit and considers Collaborative Care.", "During the visit", None, None,
                ("1.2",)),
    LibraryStep(1, "Introduce Collaborative Care", PCP, "A short script or a flyer in the patient's language.",
                "During the visit", None, None, ("2.1",)),
    LibraryStep(1, "Record the patient's verbal consent", PCP, "Consent noted in the EHR with the date.",
                "During the visit", None, None, ("8.1",)),
    LibraryStep(1, "Warm hand-off to the care manager, or a same-week appointment", PCP,
                "The PCP introduces the care manager in person, or the front desk books a visit within the week.",
                "End of the visit", "Warm hand-off", BHCM, ("2.1", "5.1")),
    LibraryStep(1, "A positive answer on item 9 starts the suicide-risk protocol", MA,
                "Stay with the patient and tell the care manager or PCP in person straight away.",
                "As soon as the screen is scored", "Warm hand-off", BHCM, ("8.6",), suicide_risk=True),
    LibraryStep(1, "Assess suicide risk and act on the risk level", BHCM,
                "Structured assessment (for example C-SSRS), then the response for the risk level and a safety plan.",
                "The same day", "Warm hand-off", PCP, ("8.6",), suicide_risk=True),
    # 2 Diagnosis and treatment start
    LibraryStep(2, "Initial assessment with baseline measures", BHCM,
                "PHQ-9, GAD-7, PCL-5 or AUDIT-C as indicated.", "First care manager visit", None, None,
                ("1.3", "1.2")),
    LibraryStep(2, "Psychosocial history", BHCM, "Living situation, supports, substance use, past treatment.",
                "First care manager visit", None, None, ("1.2",)),
    LibraryStep(2, "Enter the patient in the registry", BHCM, "With the baseline scores and the next contact date.",
                "After the first visit", None, None, ("2.2", "8.2")),
    LibraryStep(2, "Agree on a provisional diagnosis", PCP,
                "Shared by the PCP, the care manager and the psychiatric consultant in the EHR.",
                "Within a week of the first visit", "EHR message", BHCM, ("1.2",)),
    LibraryStep(2, "Treatment plan with the patient's goals", BHCM,
                "Goals in the patient's words; education for the patient and family.", "First or second visit",
                "EHR message", PCP, ("3.1", "3.2")),
    LibraryStep(2, "Start medication", PCP, "Prescribed by the PCP, with the consultant's advice when needed.",
                "After the diagnosis is agreed", None, None, ("3.5",)),
    LibraryStep(2, "Start brief psychotherapy", BHCM, "For example behavioral activation or problem-solving "
                "treatment.", "After the diagnosis is agreed", None, None, ("3.3", "3.4")),
    LibraryStep(2, "Put the new patient on the next caseload review", BHCM,
                "Every new patient is reviewed once with the psychiatric consultant.", "Before the next review",
                "EHR message", CONSULTANT, ("8.3",)),
    # 3 Follow-up and treat to target
    LibraryStep(3, "Follow-up contacts", BHCM, "By phone, video or in person; weekly to every two weeks at first.",
                "Every one to two weeks", "Phone", None, ("4.1",)),
    LibraryStep(3, "Measure symptoms at every contact", BHCM, "PHQ-9 (and GAD-7 where it applies).",
                "Every contact", None, None, ("4.3",)),
    LibraryStep(3, "Check adherence and side effects", BHCM,
                "Problems go to the PCP the same day.", "Every contact", "EHR message", PCP, ("4.4",)),
    LibraryStep(3, "Brief interventions", BHCM,
                "Behavioral activation, problem solving, motivational interviewing.", "Every contact", None, None,
                ("3.3", "3.4")),
    LibraryStep(3, "Reach out to patients who miss a contact", BHCM, "Three tries by phone, then a letter.",
                "Within a week of a missed contact", "Phone", PATIENT, ("4.2",)),
    LibraryStep(3, "Update the registry after every contact", BHCM, "Score, date of the next contact, minutes.",
                "After every contact", None, None, ("4.1", "8.5")),
    # 4 Caseload review and treatment adjustment
    LibraryStep(4, "Prepare the caseload review", BHCM,
                "New patients, patients not improving and safety concerns first.", "The day before the review",
                "EHR message", CONSULTANT, ("8.3", "4.5")),
    LibraryStep(4, "Systematic caseload review", CONSULTANT,
                "The care manager presents; the consultant advises on each patient.", "Every week", "Video", BHCM,
                ("6.1", "6.2")),
    LibraryStep(4, "Send the consultant's recommendations to the PCP", CONSULTANT,
                "Written in the EHR for the PCP, the same day as the review.", "The day of the review",
                "EHR message", PCP, ("6.2", "8.4")),
    LibraryStep(4, "PCP acts on the recommendations and adjusts treatment", PCP,
                "Changes the medication or the plan, and tells the care manager.", "Within a week of the review",
                "EHR message", BHCM, ("3.6",)),
    LibraryStep(4, "Direct evaluation or specialty referral if still not improving", CONSULTANT,
                "In person or by video, or a referral to specialty care.", "After two treatment changes",
                "EHR message", PCP, ("6.3", "5.3")),
    # 5 Complete treatment and relapse prevention
    LibraryStep(5, "Target reached and held", BHCM, "For example PHQ-9 under 5, or 50% better, for a month.",
                "When the target is met", None, None, ("4.3",)),
    LibraryStep(5, "Write a relapse prevention plan with the patient", BHCM,
                "Warning signs, what helps, whom to call; a copy for the patient.", "Before the episode ends",
                None, PATIENT, ("4.6",)),
    LibraryStep(5, "Space out monitoring contacts", BHCM, "Monthly contacts with a symptom measure.",
                "For three to six months", "Phone", None, ("4.1",)),
    LibraryStep(5, "Record the end of the episode and the reason", BHCM, "In the registry and the EHR.",
                "At the last contact", None, None, ("4.1",)),
    LibraryStep(5, "Hand care back to the PCP", BHCM, "A summary with the relapse prevention plan.",
                "At the last contact", "EHR message", PCP, ("5.1",)),
)


def library_steps() -> list[Step]:
    """The suggested steps, each with a new id; who, how, when, where, hand-offs and tasks pre-filled, today or
    planned left for the team."""
    return [Step(phase=s.phase, name=s.name, who=s.who, how=s.how, when=s.when, method=s.method, where=s.where,
                 hands_off_to=s.hands_off_to, tasks=list(s.tasks), suicide_risk=s.suicide_risk) for s in LIBRARY]


# ----------------------------------------------------------------------------------------------
# editing: table rows <-> steps

EDITOR_COLUMNS = ("id", "order", "phase", "name", "who", "how", "method", "hands_off_to", "when", "where", "status",
                  "suicide_risk", "change", "tasks")


def editor_row(step: Step, order: int) -> dict[str, Any]:
    """A step as a row of the steps table: ``who`` holds the person id when a person is chosen, else the role."""
    return {"id": step.id, "order": order, "phase": step.phase, "name": step.name,
            "who": step.person_id or step.who, "how": step.how, "method": step.method,
            "hands_off_to": step.hands_off_to, "when": step.when, "where": step.where, "status": step.status,
            "suicide_risk": step.suicide_risk, "change": list(step.change), "tasks": list(step.tasks)}


def editor_rows(steps: Iterable[Step]) -> list[dict[str, Any]]:
    """Rows of the table for steps (in order), numbered within each phase."""
    out, count = [], {}
    for s in steps:
        count[s.phase] = count.get(s.phase, 0) + 1
        out.append(editor_row(s, count[s.phase]))
    return out


def _cell(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):  # numpy arrays from a data editor's list cells
        return v.tolist()
    return v


def apply_changes(rows: list[dict[str, Any]], changes: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """A table's rows after a data editor's change record ({"edited_rows": {position: {column: value}},
    "added_rows": [...], "deleted_rows": [positions]}), the shape Streamlit keeps for an edited table."""
    if not changes:
        return [dict(r) for r in rows]
    out = [dict(r) for r in rows]
    for pos, change in (changes.get("edited_rows") or {}).items():
        i = int(pos)
        if 0 <= i < len(out):
            out[i].update(change)
    gone = {int(p) for p in changes.get("deleted_rows") or []}
    out = [r for i, r in enumerate(out) if i not in gone]
    for added in changes.get("added_rows") or []:
        out.append({c: None for c in EDITOR_COLUMNS} | dict(added))
    return out


def has_changes(changes: Mapping[str, Any] | None) -> bool:
    return bool(changes) and any(changes.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))


def _blank_row(row: Mapping[str, Any]) -> bool:
    """Nothing typed: a row the table added (with the phase on screen filled in for it) is dropped on Save."""
    return all(blank(_cell(row.get(c))) or _cell(row.get(c)) in ([], False)
               for c in EDITOR_COLUMNS if c not in ("id", "order", "phase", "no"))


def step_input(row: Mapping[str, Any], roster: TeamDoc) -> dict[str, Any]:
    """One table row as Step input: a person chosen in Who gives the role from the roster; a person id no longer
    on the roster is kept as it is (``roster_problems`` names it)."""
    data = {c: _cell(row.get(c)) for c in EDITOR_COLUMNS if c not in ("order", "who")}
    data["id"] = data.get("id") or new_row_id()
    who = _cell(row.get("who"))
    if isinstance(who, str) and who.strip() and who.strip().lower() not in {w.lower() for w in WHO}:
        m = roster.person(who)
        data["person_id"] = who
        data["who"] = role_of_member(m) if m else None
    else:
        data["person_id"] = None
        data["who"] = who
    return data


def _order_key(row: Mapping[str, Any], index: int) -> tuple:
    order = _cell(row.get("order"))
    try:
        value = float(order) if order is not None else math.inf
    except (TypeError, ValueError):
        value = math.inf
    return (value, index)


def arrange(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows ordered for saving: by phase, then by the number typed in the order column (2.5 goes between 2 and
    3), rows without a number last in the order they were typed."""
    def phase(r):
        p = _cell(r.get("phase"))
        try:
            return int(p)
        except (TypeError, ValueError):
            return 99
    indexed = list(enumerate(rows))
    indexed.sort(key=lambda p: (phase(p[1]),) + _order_key(p[1], p[0]))
    return [r for _, r in indexed]


def _row_name(row: Any) -> str:
    name = row.get("name") if isinstance(row, Mapping) else None
    return " ".join(str(name).split())[:60] if not blank(name) else "no name yet"


def _where(loc: tuple, rows: list, fallback: str) -> str:
    """A problem's place in words, a step named by its row and its name: "row 4 (Warm hand-off), phase"."""
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
        i = loc[1]
        row = rows[i] if 0 <= i < len(rows) else {}
        where = f"row {i + 1} ({_row_name(row)})"
        if len(loc) >= 3 and isinstance(loc[2], str):
            field = Step.model_fields.get(loc[2])
            if field is not None:
                where += f", {'who' if loc[2] == 'person_id' else field.title}"
        return where
    return fallback


def roster_problems(data: Mapping[str, Any], roster: TeamDoc) -> list[str]:
    """People no longer on the roster (document data, before or after validation), each named by its row."""
    out = []
    for i, row in enumerate(data.get("steps") or []):
        pid = row.get("person_id") if isinstance(row, Mapping) else None
        if isinstance(pid, str) and pid.strip() and roster.person(pid) is None:
            out.append(f"row {i + 1} ({_row_name(row)}), who: the person chosen is no longer on the team; choose "
                       "someone on the roster, or a role")
    review = data.get("review") or {}
    lead = review.get("lead") if isinstance(review, Mapping) else None
    if isinstance(lead, str) and lead.strip() and roster.person(lead) is None:
        out.append("caseload review, led by: the person chosen is no longer on the team; choose someone on the "
                   "roster")
    return out


def validate(data: Mapping[str, Any], roster: TeamDoc) -> tuple[WorkflowDoc | None, list[str]]:
    """The document, or every problem in words ("Clinical workflow, row 4 (Warm hand-off), phase: choose a phase
    (1 to 5)"): the model's rules, and people who are no longer on the roster."""
    rows = list(data.get("steps") or [])
    found: list[str] = []
    doc = None
    try:
        doc = WorkflowDoc.model_validate(dict(data))
    except ValidationError as exc:
        found = [f"{TITLE}, {_where(p.loc, rows, p.where)}: {p.text}" if (p.loc or p.where) else f"{TITLE}, {p.text}"
                 for p in field_problems(exc, WorkflowDoc)]
        if not any(line.endswith("give each step its own name") for line in found):  # the model stopped earlier
            found += [f"{TITLE}, {line}" for line in duplicate_names(
                [(r.get("phase"), r.get("name")) if isinstance(r, Mapping) else (None, None) for r in rows])]
    found += [f"{TITLE}, {line}" for line in roster_problems(data, roster)]
    return (None, found) if found else (doc, [])


def parse_steps(rows: list[Mapping[str, Any]], base: WorkflowDoc, roster: TeamDoc,
                review: Mapping[str, Any] | None = None) -> tuple[WorkflowDoc | None, list[str]]:
    """Table rows (as shown, hidden rows after them) -> the document with these steps, arranged by phase and the
    order column; or the problems, each naming its row as numbered in the table."""
    kept = [dict(r) for r in rows if not _blank_row(r)]
    data = base.model_dump(mode="json")
    data["steps"] = [step_input(r, roster) for r in kept]
    if review is not None:
        data["review"] = dict(review)
    doc, found = validate(data, roster)
    if doc is None:
        return None, found
    by_id = {s.id: s for s in doc.steps}
    order = [by_id[d["id"]] for d in arrange([{**d, "order": r.get("order"), "phase": d["phase"]}
                                             for d, r in zip(data["steps"], kept)])]
    return doc.model_copy(update={"steps": order}), []


# ----------------------------------------------------------------------------------------------
# checks

@dataclass(frozen=True)
class Check:
    id: str
    title: str
    passed: bool
    detail: str  # why it passes, or what is missing and what to do
    severity: str = "should_fix"


SUICIDE, CONSULT, REVIEW, RELAPSE, WHO_CHECK, TASKS, ROSTER = (
    "suicide-step", "consultant-to-pcp", "caseload-review", "relapse-prevention", "who", "tasks", "roster-roles")
CHECK_TITLES: dict[str, str] = {
    SUICIDE: "A suicide-risk step with an owner, and a response for each risk level",
    CONSULT: "The psychiatric consultant's recommendations reach the PCP",
    REVIEW: "The systematic caseload review has a cadence, a lead and a step",
    RELAPSE: "Every episode ends with a relapse prevention step",
    WHO_CHECK: "Every step says who does it",
    TASKS: "Every task with an agreed owner is in the workflow under that owner's role",
    ROSTER: "Steps done today are done by roles someone on the team holds",
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _steps_named(steps: Sequence[Step], numbers: Mapping[str, str], most: int = 4) -> str:
    names = [f"{numbers.get(s.id, '?')} “{s.name}”" for s in steps[:most]]
    more = f" and {len(steps) - most} more" if len(steps) > most else ""
    return "; ".join(names) + more


def _task_label(task_id: str, tasks: Mapping[str, TaskDef]) -> str:
    t = tasks.get(task_id)
    text = t.text if t else canonical_text(task_id)
    if t is not None and not t.canonical:  # the clinic's own task: its id means nothing to a reader
        return f"\"{text}\""
    return f"{task_id} ({text})" if text else task_id


def task_name(task_id: str, tasks: Mapping[str, TaskDef], most: int = 0) -> str:
    """How a task is named in a table: "8.6" for the shared list's tasks, the text of the clinic's own."""
    t = tasks.get(task_id)
    if t is None or t.canonical:
        return task_id
    return t.text if not most or len(t.text) <= most else t.text[:most - 1].rstrip() + "…"


def check_suicide(doc: WorkflowDoc) -> Check:
    numbers = doc.numbers()
    marked = [s for s in doc.ordered() if s.suicide_risk]
    owned = [s for s in marked if s.who and s.who != PATIENT]
    missing = [LEVELS[k].lower() for k in LEVELS if blank(doc.protocol.level(k).response)]
    if owned and not missing:
        return Check(SUICIDE, CHECK_TITLES[SUICIDE], True,
                     f"{_steps_named(owned, numbers)} ({', '.join(dict.fromkeys(s.who for s in owned))}); a response "
                     "is written for low, moderate and high risk.", "blocker")
    parts = []
    if not marked:
        alike = [st for st in doc.ordered() if SUICIDE_PROTOCOL_TASK in st.tasks]
        hint = (f"; step {_steps_named(alike, numbers, 1)} covers task {SUICIDE_PROTOCOL_TASK}: tick Suicide risk on "
                "it" if alike else "")
        parts.append("no step is marked part of the suicide-risk protocol (tick Suicide risk on the step where a "
                     "positive screen is acted on, for example a PHQ-9 item 9 answer of 1 or more)" + hint)
    elif not owned:
        parts.append("the suicide-risk steps do not say who does them: choose a role in Who")
    if missing:
        parts.append(f"the protocol has no response for {', '.join(missing)}: write it on the Suicide-risk protocol "
                     "tab")
    return Check(SUICIDE, CHECK_TITLES[SUICIDE], False, _sentence("; ".join(parts)) + ".", "blocker")


def check_consultant(doc: WorkflowDoc) -> Check:
    numbers = doc.numbers()
    direct = [s for s in doc.ordered() if s.who == CONSULTANT and s.hands_off_to == PCP]
    relay = [s for s in doc.ordered() if CONSULTANT_ADVICE_TO_PCP_TASK in s.tasks and (s.hands_off_to == PCP
                                                                                      or s.who == PCP)]
    if direct or relay:
        via = direct or relay
        how = f" by {via[0].method}" if via[0].method and via[0].method != "None" else ""
        return Check(CONSULT, CHECK_TITLES[CONSULT], True, f"Step {_steps_named(via, numbers, 1)} carries them to "
                                                           f"the PCP{how}.")
    advice = [s for s in doc.ordered() if CONSULTANT_ADVICE_TO_PCP_TASK in s.tasks]
    hint = (f" Step {_steps_named(advice, numbers, 1)} covers task {CONSULTANT_ADVICE_TO_PCP_TASK} but does not hand "
            "off to the PCP." if advice else "")
    return Check(CONSULT, CHECK_TITLES[CONSULT], False,
                 "No step by the psychiatric consultant hands off to the PCP, and no step covering task "
                 f"{CONSULTANT_ADVICE_TO_PCP_TASK} (send the consultant's advice to the PCP) reaches the PCP." + hint
                 + " Set Hands off to PCP on the step where the recommendations are written, or add a step that "
                   "sends them.")


def check_review(doc: WorkflowDoc, roster: TeamDoc) -> Check:
    numbers = doc.numbers()
    steps = [s for s in doc.ordered() if CASELOAD_REVIEW_TASK in s.tasks]
    lead = roster.person(doc.review.lead) if doc.review.lead else None
    missing = []
    if not steps:
        missing.append(f"no step covers task {CASELOAD_REVIEW_TASK} (the regular caseload review)")
    if doc.review.cadence is None:
        missing.append("no cadence is chosen (weekly is usual)")
    if lead is None:
        missing.append("no one on the roster is named to lead it")
    if missing:
        return Check(REVIEW, CHECK_TITLES[REVIEW], False,
                     _sentence("; ".join(missing)) + ". Fill in the Systematic caseload review part of the Steps "
                                                       "tab.")
    return Check(REVIEW, CHECK_TITLES[REVIEW], True,
                 f"{doc.review.cadence}, led by {lead.name}; step {_steps_named(steps, numbers, 2)}.")


RELAPSE_WORDS = re.compile(r"relapse", re.IGNORECASE)


def check_relapse(doc: WorkflowDoc) -> Check:
    numbers = doc.numbers()
    done = [s for s in doc.in_phase(5) if RELAPSE_PREVENTION_TASK in s.tasks]
    if done:
        return Check(RELAPSE, CHECK_TITLES[RELAPSE], True, f"{_steps_named(done, numbers, 2)} in phase 5.")
    alike = [s for s in doc.in_phase(5) if RELAPSE_WORDS.search(s.name)]
    hint = (f" Step {_steps_named(alike, numbers, 1)} looks like it: tick task {RELAPSE_PREVENTION_TASK} in its Tasks "
            "column." if alike else "")
    return Check(RELAPSE, CHECK_TITLES[RELAPSE], False,
                 f"No step in phase 5 covers task {RELAPSE_PREVENTION_TASK} (write and support a relapse prevention "
                 "plan), so episodes end without one." + hint)


def check_who(doc: WorkflowDoc) -> Check:
    numbers = doc.numbers()
    missing = [s for s in doc.ordered() if not s.who]
    if missing:
        return Check(WHO_CHECK, CHECK_TITLES[WHO_CHECK], False,
                     f"{_plural(len(missing), 'step')} without a who: {_steps_named(missing, numbers)}.")
    return Check(WHO_CHECK, CHECK_TITLES[WHO_CHECK], True,
                 f"All {_plural(len(doc.steps), 'step')} say who does them." if doc.steps else "No steps yet.")


@dataclass(frozen=True)
class Uncovered:
    task_id: str
    task: str  # "8.4 (Send the psychiatric consultant's advice to the PCP)"
    owner: str  # the owner's name
    roles: tuple[str, ...]  # the workflow roles that would cover it


def uncovered_tasks(doc: WorkflowDoc, roster: TeamDoc, owners: Mapping[str, str],
                    tasks: Mapping[str, TaskDef]) -> list[Uncovered]:
    """Tasks with an agreed owner (on the roster, not program oversight) that no step covers under the owner's
    role, in task-list order."""
    out = []
    for task_id, owner_id in owners.items():
        t = tasks.get(task_id)
        if t is not None and t.group == "7":
            continue
        m = roster.person(owner_id)
        if m is None:
            continue
        roles = owner_roles(m)
        if any(task_id in s.tasks and (s.who in roles or s.person_id == owner_id) for s in doc.steps):
            continue
        out.append(Uncovered(task_id, _task_label(task_id, tasks), m.name, roles))
    rank = {tid: i for i, tid in enumerate(tasks)}
    return sorted(out, key=lambda u: rank.get(u.task_id, len(rank)))


def check_tasks(doc: WorkflowDoc, roster: TeamDoc, owners: Mapping[str, str],
                tasks: Mapping[str, TaskDef]) -> Check:
    gaps = uncovered_tasks(doc, roster, owners, tasks)
    counted = [tid for tid, pid in owners.items() if roster.person(pid) and not (tid in tasks and
                                                                                  tasks[tid].group == "7")]
    if not counted:
        return Check(TASKS, CHECK_TITLES[TASKS], True, "No task has an agreed owner in the task summary yet, so "
                                                       "there is nothing to compare.")
    if gaps:
        listed = "; ".join(f"{g.task} owned by {g.owner}" for g in gaps[:4])
        more = f"; and {len(gaps) - 4} more" if len(gaps) > 4 else ""
        return Check(TASKS, CHECK_TITLES[TASKS], False,
                     f"{_plural(len(gaps), 'task')} not covered under the owner's role: {listed}{more}. Tick the "
                     "task on the owner's step, or add a step.")
    return Check(TASKS, CHECK_TITLES[TASKS], True,
                 f"All {_plural(len(counted), 'task')} with an agreed owner are covered (program oversight tasks "
                 "are left out).")


def unstaffed_roles(doc: WorkflowDoc, roster: TeamDoc) -> dict[str, list[Step]]:
    """Workflow role -> its steps done today that no one on the roster covers (steps naming a person are covered)."""
    out: dict[str, list[Step]] = {}
    for s in doc.ordered():
        if not s.done_today or not s.who or s.who == PATIENT:
            continue
        if s.person_id and roster.person(s.person_id):
            continue
        if not holders(s.who, roster):
            out.setdefault(s.who, []).append(s)
    return out


def check_roster(doc: WorkflowDoc, roster: TeamDoc) -> Check:
    gaps = unstaffed_roles(doc, roster)
    if gaps:
        numbers = doc.numbers()
        text = "; ".join(f"{role}: {_steps_named(steps, numbers, 2)}" for role, steps in gaps.items())
        return Check(ROSTER, CHECK_TITLES[ROSTER], False,
                     f"No one on the team roster holds {_plural(len(gaps), 'role')} with steps done today: {text}. "
                     "Add the person to the implementation team, or name who does the step.")
    today = sum(1 for s in doc.steps if s.done_today and s.who != PATIENT)
    return Check(ROSTER, CHECK_TITLES[ROSTER], True,
                 f"Someone on the roster holds the role of each of the {_plural(today, 'step')} done today."
                 if today else "No step is marked as done today yet.")


def run_checks(doc: WorkflowDoc, roster: TeamDoc, owners: Mapping[str, str] | None = None,
               tasks: Mapping[str, TaskDef] | None = None) -> list[Check]:
    """Every check, in the order the page and the PDF list them. ``owners``: task id -> agreed owner's person id;
    ``tasks``: the tailored task list by id (group and text)."""
    owners, tasks = owners or {}, tasks or {}
    return [check_suicide(doc), check_consultant(doc), check_review(doc, roster), check_relapse(doc),
            check_who(doc), check_tasks(doc, roster, owners, tasks), check_roster(doc, roster)]


def _task_inputs(view) -> tuple[dict[str, str], dict[str, TaskDef]]:
    from worksheets.task_summary import agreed_owners, summary_doc  # the task summary reads nothing of ours

    return agreed_owners(view), {t.id: t for t in summary_doc(view).task_list()}


def saved(view) -> WorkflowDoc:
    doc = view.doc(KIND)
    return doc if isinstance(doc, WorkflowDoc) else WorkflowDoc()


def checks(view, doc: WorkflowDoc | None = None) -> list[Check]:
    """Every check on the plan's workflow (or on ``doc``, a workflow not saved yet), with the roster and the task
    summary's agreed owners."""
    owners, tasks = _task_inputs(view)
    return run_checks(doc if doc is not None else saved(view), view.roster, owners, tasks)


# ----------------------------------------------------------------------------------------------
# findings and progress

AREA = "Clinical workflow"
ACTIONS: dict[str, tuple[str, str]] = {  # check id -> (action, owner role)
    SUICIDE: ("Write the suicide-risk protocol (trigger, assessment, a response for each risk level) and mark the "
              "steps that carry it out, each with an owner.", "CIT lead"),
    CONSULT: ("Decide how the psychiatric consultant's recommendations reach the PCP (for example an EHR message "
              "the day of the review) and add that hand-off to the workflow.", "PCP champion"),
    REVIEW: ("Set the caseload review's cadence and lead, and add it as a step in phase 4.", "CIT lead"),
    RELAPSE: ("Add a phase 5 step where the care manager writes a relapse prevention plan with each patient.",
              "Behavioral health care manager"),
    WHO_CHECK: ("Name who does every step of the clinical workflow.", "CIT lead"),
}
FINDING_TEXT: dict[str, str] = {
    SUICIDE: "The clinical workflow has no suicide-risk step with an owner and a response for each risk level.",
    CONSULT: "Nothing in the clinical workflow carries the psychiatric consultant's recommendations to the PCP.",
    REVIEW: "The systematic caseload review lacks a cadence, a lead or a step in the clinical workflow.",
    RELAPSE: "No step in phase 5 of the clinical workflow writes a relapse prevention plan with the patient.",
}


def findings_for(doc: WorkflowDoc | None, roster: TeamDoc, owners: Mapping[str, str] | None = None,
                 tasks: Mapping[str, TaskDef] | None = None) -> list[Finding]:
    """A failed check is a finding. A workflow with no steps yet gives two: start it, and the suicide-risk
    protocol (which blocks launch whatever else is done)."""
    owners, tasks = owners or {}, tasks or {}
    doc = doc or WorkflowDoc()
    if not doc.steps:
        out = [Finding(f"{KIND}:no-steps", KIND, "The clinical workflow has no steps yet: map what happens to a "
                                                 "patient in each of the five phases.", "should_fix",
                       action="Map the clinical workflow with the team, starting from the suggested steps.",
                       owner_role="CIT lead", area=AREA)]
        out.append(Finding(f"{KIND}:check:{SUICIDE}", KIND, FINDING_TEXT[SUICIDE], "blocker", item=SUICIDE,
                           action=ACTIONS[SUICIDE][0], owner_role=ACTIONS[SUICIDE][1], area=AREA))
        return out
    out = []
    for c in run_checks(doc, roster, owners, tasks):
        if c.passed:
            continue
        if c.id in (TASKS, ROSTER):
            continue  # one finding per task or role, below
        text = FINDING_TEXT.get(c.id) or f"Clinical workflow: {c.detail}"
        out.append(Finding(f"{KIND}:check:{c.id}", KIND, text, c.severity, item=c.id, action=ACTIONS[c.id][0],
                           owner_role=ACTIONS[c.id][1], area=AREA))
    for g in uncovered_tasks(doc, roster, owners, tasks):
        out.append(Finding(f"{KIND}:task-not-in-workflow:{g.task_id}", KIND,
                           f"Task {g.task} is owned by {g.owner} in the task summary, but no workflow step covers it "
                           "under that role.", "should_fix", item=g.task_id,
                           action=f"Add task {g.task_id} to a workflow step done by {g.owner}'s role, or add a step.",
                           owner_role="CIT lead", area=AREA))
    for role, steps in unstaffed_roles(doc, roster).items():
        out.append(Finding(f"{KIND}:role-not-on-roster:{ROLE_SLUGS[role]}", KIND,
                           f"The clinical workflow has {_plural(len(steps), 'step')} done today by the {role}, but no "
                           "one on the team roster holds that role.", "should_fix", item=role,
                           action=f"Add the {role} who does this work to the implementation team, or name who does "
                                  "these steps.", owner_role="CIT lead", area=AREA))
    return out


def findings(view) -> list[Finding]:
    owners, tasks = _task_inputs(view)
    return findings_for(view.doc(KIND), view.roster, owners, tasks)


def progress_of(doc: WorkflowDoc | None, results: list[Check]) -> str:
    if doc is None or (not doc.steps and doc.protocol.empty and doc.review == CaseloadReview()):
        return NOT_STARTED
    if all(doc.in_phase(p) for p in PHASES) and all(c.passed for c in results):
        return COMPLETE
    return IN_PROGRESS


def progress(view) -> str:
    doc = view.doc(KIND)
    return progress_of(doc, checks(view) if doc is not None else [])


def describe(doc: WorkflowDoc) -> str:
    """One line for the history table."""
    if not doc.steps:
        return "no steps yet" + ("; suicide-risk protocol started" if not doc.protocol.empty else "")
    phases = sum(1 for p in PHASES if doc.in_phase(p))
    marked = sum(1 for s in doc.steps if s.suicide_risk)
    return (f"{_plural(len(doc.steps), 'step')} in {phases} of 5 phases, "
            f"{_plural(marked, 'suicide-risk step')}, {sum(1 for s in doc.steps if s.planned)} new or changing")


# ----------------------------------------------------------------------------------------------
# flowchart data (drawn by planning.flowchart: plotly on screen, reportlab in the PDF)

BRANCH_ENTRY = "if risk is found"


def flowchart(doc: WorkflowDoc, title: str = "Clinical workflow") -> Flowchart:
    """Swimlanes (the patient, then each role with steps) x phases; one box per step labelled with its number.

    Arrows: a hand-off goes to the next step of the role handed to (a small "To the PCP" box in that lane when the
    role has no later step); from a step outside the suicide-risk protocol it skips the protocol's steps. Within a
    phase a thin arrow joins a role's consecutive steps. The protocol is a branch: its first step hangs off the
    step before it in the same lane (else the step before it in the phase), on an arrow labelled "if risk is
    found", unless another protocol step hands off to it."""
    steps = doc.ordered()
    numbers = doc.numbers()
    used = {s.who or NO_WHO for s in steps} | {s.hands_off_to for s in steps if s.hands_off_to}
    lanes = tuple(r for r in LANE_ORDER if r == PATIENT or r in used) + ((NO_WHO,) if NO_WHO in used else ())
    nodes = [FlowNode(s.id, s.who or NO_WHO, s.phase - 1, f"{numbers[s.id]} {s.name}", s.suicide_risk, s.planned)
             for s in steps]
    lane_of = {s.id: s.who or NO_WHO for s in steps}
    edges: list[FlowEdge] = []
    handed_to: set[str] = set()
    for i, s in enumerate(steps):
        if not s.hands_off_to:
            continue
        label = s.method if s.method and s.method != "None" else ""
        target = next((t for t in steps[i + 1:] if lane_of[t.id] == s.hands_off_to
                       and (s.suicide_risk or not t.suicide_risk)), None)
        if target is None:
            stub = f"{s.id}~to"
            nodes.append(FlowNode(stub, s.hands_off_to, s.phase - 1,  # drawn as the step that hands off is
                                  "To the patient" if s.hands_off_to == PATIENT else f"To the {s.hands_off_to}",
                                  branch=s.suicide_risk, planned=s.planned))
            edges.append(FlowEdge(s.id, stub, label, handoff=s.hands_off_to != lane_of[s.id]))
        else:
            edges.append(FlowEdge(s.id, target.id, label, handoff=s.hands_off_to != lane_of[s.id]))
            handed_to.add(target.id)
    for p in PHASES:
        here = [s for s in steps if s.phase == p]
        for branch in (False, True):
            last: dict[str, Step] = {}
            for s in here:
                if s.suicide_risk != branch:
                    continue
                prev = last.get(lane_of[s.id])
                if prev is not None and not (prev.hands_off_to == lane_of[s.id]):
                    edges.append(FlowEdge(prev.id, s.id))
                last[lane_of[s.id]] = s
        for k, s in enumerate(here):
            if not s.suicide_risk or s.id in handed_to or any(e.target == s.id for e in edges):
                continue
            before = [t for t in here[:k] if not t.suicide_risk]
            same = [t for t in before if lane_of[t.id] == lane_of[s.id]]
            source = (same or before or [None])[-1]
            if source is not None and not any(e.source == source.id and e.target == s.id for e in edges):
                edges.append(FlowEdge(source.id, s.id, BRANCH_ENTRY, handoff=lane_of[source.id] != lane_of[s.id]))
    return Flowchart(title, lanes, tuple(phase_label(p) for p in PHASES), tuple(nodes), tuple(edges))


# ----------------------------------------------------------------------------------------------
# the report section

STEP_COLUMNS = ("#", "Step", "Who", "How, and hand-off", "When", "Where", "Today or planned", "Change needed",
                "Tasks")
STEP_WIDTHS = (0.42, 1.7, 1.35, 2.2, 1.15, 0.95, 1.0, 0.85, 0.75)


def _how_cell(s: Step) -> str:
    parts = [s.how] if s.how else []
    if s.hands_off_to:
        by = f" by {s.method.lower() if s.method != 'EHR message' else 'EHR message'}" if s.method and \
            s.method != "None" else ""
        parts.append(f"Hands off to {'the patient' if s.hands_off_to == PATIENT else s.hands_off_to}{by}.")
    elif s.method and s.method != "None":
        parts.append(f"Communication: {s.method}.")
    return "\n".join(parts)


def _step_cell(s: Step) -> str:
    return s.name + ("\nSUICIDE-RISK PROTOCOL" if s.suicide_risk else "")


def _who_cell(s: Step, roster: TeamDoc) -> str:
    if not s.who and not s.person_id:
        return "Not chosen yet"
    if s.person_id:
        m = roster.person(s.person_id)
        return f"{s.who or ''}\n{m.name if m else '(no longer on the team)'}".strip()
    return s.who or ""


def _protocol_rows(p: SuicideProtocol) -> tuple[tuple[str, str], ...]:
    rows = (("Trigger", p.trigger), ("Immediate step", p.immediate), ("Who is told, and how fast", p.told),
            ("Assessment tool", p.tool), ("Who uses it", p.tool_by or ""), ("Safety plan", p.safety_plan),
            ("Follow-up", p.follow_up), ("Documentation and communication", p.documentation),
            ("After-hours coverage", p.after_hours), ("Crisis line", p.crisis_line))
    return tuple((k, v or "Not written yet") for k, v in rows)


def report_section(doc: WorkflowDoc, roster: TeamDoc, results: list[Check], revision: int | None = None,
                   owners: Mapping[str, str] | None = None, tasks: Mapping[str, TaskDef] | None = None) -> Section:
    """Landscape pages: the checks, the flowchart, the steps phase by phase, the suicide-risk protocol and which
    steps cover each task."""
    owners, tasks = owners or {}, tasks or {}
    numbers = doc.numbers()
    passed = sum(1 for c in results if c.passed)
    blocks: list = [
        Para("What happens to a patient in each phase of an episode of Collaborative Care: who does each step, how, "
             "when and where, what is done today and what changes, and the suicide-risk protocol. Steps are "
             "numbered by phase (2.3 is the third step of phase 2); the flowchart uses the same numbers."),
        Para(PHASE_SOURCE, style="muted"),
        Heading("Checks"),
        Para(f"{passed} of {len(results)} checks passed." + ("" if passed == len(results) else
                                                             " Each check not passed is a suggested action in the "
                                                             "action plan.")),
        Table(("Check", "Result", "Detail"),
              tuple((c.title, "Passed" if c.passed else ("NOT YET (blocks launch)" if c.severity == "blocker"
                                                         else "NOT YET"), c.detail) for c in results),
              widths=(2.6, 1.1, 5.3)),
    ]
    if doc.steps:
        blocks += [Heading("Flowchart"), flowchart(doc),
                   Para("Boxes are steps, in lanes by who does them and in columns by phase. Solid box: done today "
                        "as it is. Dashed box: a new step, or one that will change. Thick box marked SUICIDE RISK: "
                        "part of the suicide-risk protocol. Dark arrow: a hand-off, with how it is passed on. Thin "
                        "grey arrow: the same role's next step.", style="small")]
    blocks.append(Heading("Steps by phase"))
    if not doc.steps:
        blocks.append(Para("No steps yet.", style="muted"))
    for p in PHASES:
        rows = doc.in_phase(p)
        if not rows:
            continue
        blocks.append(Heading(phase_label(p), level=3))
        blocks.append(Table(STEP_COLUMNS, tuple(
            (numbers[s.id], _step_cell(s), _who_cell(s, roster), _how_cell(s), s.when, s.where or "",
             s.status or "Not said", ", ".join(s.change) or "None",
             ", ".join(task_name(t, tasks, 40) for t in s.tasks)) for s in rows),
            widths=STEP_WIDTHS))
    r = doc.review
    lead = roster.person(r.lead) if r.lead else None
    blocks += [Heading("Systematic caseload review", level=3),
               KeyValues((("How often", r.cadence or "Not chosen yet"),
                          ("Led by", lead.name if lead else ("(no longer on the team)" if r.lead else
                                                             "Not chosen yet")),
                          ("When and how it meets", r.note or "-")))]
    p = doc.protocol
    marked = [s for s in doc.ordered() if s.suicide_risk]
    blocks += [Heading("Suicide-risk protocol"),
               Para("Steps that carry it out: " + (_steps_named(marked, numbers, 8) if marked else "none marked yet")
                    + "."),
               KeyValues(_protocol_rows(p)),
               Table(("Risk level", "Response", "Who responds"),
                     tuple((LEVELS[k], p.level(k).response or "Not written yet", p.level(k).who or "")
                           for k in LEVELS), widths=(1.4, 6.0, 1.8), caption="Response by risk level"),
               Para("LEARN, for every staff member: " + "; ".join(f"{a} {b}" for a, b in LEARN) + ". "
                    f"Crisis line for patients and families: {CRISIS_LINE}.", style="small")]
    if tasks:
        covered = {}
        for s in doc.ordered():
            for t in s.tasks:
                covered.setdefault(t, []).append(f"{numbers[s.id]} ({s.who or 'who not chosen'})")
        rows = []
        for t in tasks.values():
            if not t.included:
                continue
            owner = roster.person(owners[t.id]) if t.id in owners else None
            rows.append((f"{t.id} {t.text}" if t.canonical else f"Own task: {t.text}", owner.name if owner else "-",
                         ", ".join(covered.get(t.id, [])) or "Not in the workflow"))
        blocks += [Heading("Tasks and the steps that cover them", level=3),
                   Table(("Task", "Agreed owner", "Steps (who)"), tuple(rows), widths=(5.0, 1.6, 3.0))]
    return Section(TITLE, tuple(blocks), revision, landscape=True)


def _report(view) -> Section:
    doc = saved(view)
    owners, tasks = _task_inputs(view)
    return report_section(doc, view.roster, run_checks(doc, view.roster, owners, tasks),
                          view.version(KIND) or None, owners, tasks)


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="workflow",
    holds="The five phases of care, each step's who, how, when and where, the suicide-risk protocol and a flowchart.",
    icon=":material/account_tree:", doc=WorkflowDoc,
    progress=progress, findings=findings, report=_report, describe=describe,
)
