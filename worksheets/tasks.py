"""The CoCM task list the team self-assessment, the task summary and the clinical workflow share.

The canonical tasks follow the AIMS Center's "Core Components & Tasks" list (grouped in seven areas), plus the
operational tasks a clinic has to give someone (consent, billing minutes, the suicide-risk protocol). Wording is
ours. The CIT lead tailors the list once for the plan (untick, rename, add the clinic's own); the tailored list is
kept in the task summary document. Task ids are stable: answers, owners and workflow steps refer to them, so a
renamed task keeps its answers. Never reuse a removed id.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from pydantic import Field, field_validator

from worksheets.base import StrictModel

TASK_TEXT_MAX = 300


@dataclass(frozen=True)
class TaskGroup:
    id: str
    title: str


GROUPS: tuple[TaskGroup, ...] = (
    TaskGroup("1", "Finding patients and diagnosis"),
    TaskGroup("2", "Engaging patients in the program"),
    TaskGroup("3", "Evidence-based treatment"),
    TaskGroup("4", "Follow-up, treatment adjustment and relapse prevention"),
    TaskGroup("5", "Communication and care coordination"),
    TaskGroup("6", "Psychiatric caseload review and consultation"),
    TaskGroup("7", "Program oversight and quality improvement"),
    TaskGroup("8", "Program operations"),
    TaskGroup("9", "The clinic's own tasks"),
)
GROUP_TITLES = {g.id: g.title for g in GROUPS}
CUSTOM_GROUP = "9"

# (id, group, text). Ids are referenced by answers, owners, workflow steps and findings: never renumber.
CANONICAL: tuple[tuple[str, str, str], ...] = (
    ("1.1", "1", "Screen patients for behavioral health problems with a validated questionnaire"),
    ("1.2", "1", "Diagnose behavioral health problems and related conditions"),
    ("1.3", "1", "Measure and record baseline symptom severity with a validated tool"),
    ("2.1", "2", "Introduce the care team and engage the patient in the program"),
    ("2.2", "2", "Start tracking the patient in the registry"),
    ("3.1", "3", "Write and regularly update a treatment plan covering body, mind and circumstances"),
    ("3.2", "3", "Teach the patient and family about symptoms, treatment and self-care"),
    ("3.3", "3", "Offer evidence-based counseling (for example motivational interviewing, behavioral activation)"),
    ("3.4", "3", "Offer evidence-based psychotherapy (for example problem-solving therapy, CBT, IPT)"),
    ("3.5", "3", "Prescribe and manage psychiatric medication when it is indicated"),
    ("3.6", "3", "Change the treatment when the patient is not reaching the target"),
    ("4.1", "4", "Follow every patient systematically with the registry"),
    ("4.2", "4", "Reach out to patients who miss follow-up"),
    ("4.3", "4", "Measure treatment response at each contact with a validated tool"),
    ("4.4", "4", "Watch for side effects and complications"),
    ("4.5", "4", "Pick out patients who are not improving for psychiatric review and a treatment change"),
    ("4.6", "4", "Write and support a relapse prevention plan once the patient is much better"),
    ("5.1", "5", "Keep communication flowing between the patient's providers"),
    ("5.2", "5", "Involve family and others close to the patient when it helps"),
    ("5.3", "5", "Arrange and follow up referrals to specialty care, social services and community resources"),
    ("6.1", "6", "Hold a regular (for example weekly) caseload review focused on patients who are not improving"),
    ("6.2", "6", "Give specific advice on further assessment, treatment changes or referrals"),
    ("6.3", "6", "Assess difficult cases directly, in person or by video"),
    ("7.1", "7", "Administrative support and supervision of the program"),
    ("7.2", "7", "Clinical support and supervision of the program"),
    ("7.3", "7", "Review provider and program outcomes regularly and use them to improve care"),
    ("8.1", "8", "Obtain and record the patient's consent"),
    ("8.2", "8", "Enter new patients in the registry"),
    ("8.3", "8", "Prepare patients for the caseload review"),
    ("8.4", "8", "Send the psychiatric consultant's advice to the PCP"),
    ("8.5", "8", "Log care-manager minutes for billing"),
    ("8.6", "8", "Run the suicide-risk protocol when a patient screens positive"),
)
CANONICAL_IDS = tuple(t[0] for t in CANONICAL)

# Tasks the clinical workflow checks look for by id.
SUICIDE_PROTOCOL_TASK = "8.6"
CASELOAD_REVIEW_TASK = "6.1"
CONSULTANT_ADVICE_TO_PCP_TASK = "8.4"
RELAPSE_PREVENTION_TASK = "4.6"


def new_task_id() -> str:
    """Id of a task the clinic adds: 'c' and a short random part, never a canonical id."""
    return "c" + uuid.uuid4().hex[:8]


class TaskDef(StrictModel):
    """One task of the tailored list."""

    id: str = Field(default_factory=new_task_id, min_length=1, max_length=40, title="task id")
    group: str = Field(default=CUSTOM_GROUP, title="group")
    text: str = Field(min_length=1, max_length=TASK_TEXT_MAX, title="task")
    included: bool = Field(default=True, title="on the list")

    @field_validator("text", mode="before")
    @classmethod
    def _text_given(cls, v):
        if v is None or (isinstance(v, str) and not v.strip()):
            raise ValueError("enter the task in a few words")
        return v

    @field_validator("group")
    @classmethod
    def _known_group(cls, v: str) -> str:
        if v not in GROUP_TITLES:
            raise ValueError(f"'{v}' is not a task group here")
        return v

    @property
    def canonical(self) -> bool:
        return self.id in CANONICAL_IDS

    @property
    def label(self) -> str:
        """The task with its number ("6.1 Hold a regular ..."), so a finding that names task 6.1 can be found; the
        clinic's own tasks have no number."""
        return f"{self.id} {self.text}" if self.canonical else self.text


def default_tasks() -> list[TaskDef]:
    """The list before the CIT lead tailors it: every canonical task, all on the list."""
    return [TaskDef(id=i, group=g, text=t) for i, g, t in CANONICAL]


def canonical_text(task_id: str) -> str:
    return next((t for i, _, t in CANONICAL if i == task_id), "")


def ordered(tasks: list[TaskDef]) -> list[TaskDef]:
    """Group order, then the order within the group as the lead left it."""
    rank = {g.id: n for n, g in enumerate(GROUPS)}
    return sorted(tasks, key=lambda t: rank.get(t.group, len(GROUPS)))
