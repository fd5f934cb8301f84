"""Team self-assessment (Step 2): one sheet per team member, answering the same tailored task list.

Each member says, for each task: do you do it now, for how many of your patients, how comfortable you are,
whether you want training (and on what), and whether it should be part of your Collaborative Care role. The
task summary compiles the sheets; nobody copies answers by hand.

A sheet is stored per person (keyed by roster person id), so two members saving their own sheets at the same
moment never collide, while two sessions of the same member meet the usual conflict panel. A sheet keeps its
owner's name and role as they were, so a person removed from the roster keeps their sheet ("no longer on the
team", left out of the summary) and can be restored. Answers are keyed by task id and keep the task's words as
answered, so an answer to a task the lead later unticks, renames or deletes is never dropped silently.

Decisions where the issue was silent:
- A task counts as answered when both "do you do it now" and "should it be part of your role" are given; the
  other columns are optional. A sheet is finished when every task on the list is answered.
- Comfort is 1 to 4 (1 = not comfortable, 4 = comfortable enough to teach others).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Iterable, Literal

from pydantic import Field, ValidationInfo, field_validator

from worksheets.base import StrictModel, WorksheetDoc
from worksheets.checklist import NOTE_MAX
from worksheets.content import Heading, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec
from worksheets.team import CORE_ROLES
from worksheets.tasks import GROUP_TITLES, TASK_TEXT_MAX, TaskDef, default_tasks

KIND = "self_assessment"

DOES: tuple[str, ...] = ("Yes", "Sometimes", "No")
PATIENTS: tuple[str, ...] = ("None", "Some", "Most-All")
SHOULD: tuple[str, ...] = ("Yes", "Shared", "No", "Unsure")
# Short enough to read in a narrow column; the column's help spells the scale out.
COMFORT_LABELS: dict[int, str] = {1: "1 · not yet", 2: "2 · somewhat", 3: "3 · comfortable", 4: "4 · can teach"}
LOW_COMFORT = (1, 2)

FINISHED, PART_WAY, NOT_STARTED_YET = "finished", "part-way", "not started"


class TaskAnswer(StrictModel):
    task: str = Field(default="", max_length=TASK_TEXT_MAX, title="task as answered")
    does: Literal["Yes", "Sometimes", "No"] | None = Field(default=None, title="do you do it now")
    patients: Literal["None", "Some", "Most-All"] | None = Field(default=None, title="for how many of your patients")
    comfort: int | None = Field(default=None, title="comfort")
    training: bool = Field(default=False, title="training wanted")
    topic: str = Field(default="", max_length=500, title="training topic")
    should_own: Literal["Yes", "Shared", "No", "Unsure"] | None = Field(
        default=None, title="should it be part of your CoCM role")
    note: str = Field(default="", max_length=NOTE_MAX, title="note")

    @field_validator("comfort", mode="before")
    @classmethod
    def _comfort(cls, v: Any, info: ValidationInfo) -> Any:
        task = info.data.get("task") or ""  # named in words: the page does not show task ids
        given = f'"{v}"' if isinstance(v, str) else str(v)
        on = f' for "{task}"' if task else ""
        refused = f"{given} is not a comfort level{on}: choose 1 (not comfortable) to 4 (can teach others)"
        if isinstance(v, str):  # the editor shows "3 · Comfortable"
            text = v.split("·")[0].strip()
            if not text:
                return None
            if not text.isdigit():
                raise ValueError(refused)
            v = int(text)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v not in COMFORT_LABELS:
            raise ValueError(refused)  # 2.5 or True would otherwise be saved silently as 2 or 1
        return int(v)

    @property
    def answered(self) -> bool:
        return self.does is not None and self.should_own is not None

    @property
    def touched(self) -> bool:
        return any((self.does, self.patients, self.comfort, self.training, self.topic, self.should_own, self.note))

    @property
    def does_it(self) -> bool:
        return self.does in ("Yes", "Sometimes")

    @property
    def wants_it(self) -> bool:
        return self.should_own in ("Yes", "Shared")


class SelfAssessmentDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = "Team self-assessment"

    schema_version: Literal[1] = 1
    person_id: str = Field(default="", max_length=40, title="person id")
    name: str = Field(default="", max_length=120, title="name")  # as on the roster when last saved
    role: str = Field(default="", max_length=120, title="role")
    answers: dict[str, TaskAnswer] = Field(default_factory=dict, title="tasks")

    def answer(self, task_id: str) -> TaskAnswer | None:
        return self.answers.get(task_id)


# ----------------------------------------------------------------------------------------------
# who has filled in what

TASK_SUMMARY = "task_summary"  # the CIT lead's document holds the tailored task list


def task_list(view) -> list[TaskDef]:
    """The tasks on the plan's tailored list (the standard list until the lead tailors it)."""
    doc = view.doc(TASK_SUMMARY)
    return doc.included() if doc is not None else default_tasks()


@dataclass(frozen=True)
class SheetStatus:
    person_id: str
    name: str
    role: str
    status: str  # finished / part-way / not started
    answered: int
    total: int
    on_team: bool
    version: int


def sheet_status(doc: SelfAssessmentDoc | None, tasks: list[TaskDef]) -> tuple[str, int]:
    """(status, tasks answered) of one sheet against the tasks on the list."""
    if doc is None:
        return NOT_STARTED_YET, 0
    answered = sum(1 for t in tasks if (a := doc.answer(t.id)) is not None and a.answered)
    if tasks and answered == len(tasks):
        return FINISHED, answered
    touched = any(a.touched for a in doc.answers.values())
    return (PART_WAY if touched else NOT_STARTED_YET), answered


def sheets(view) -> list[tuple[str, SelfAssessmentDoc]]:
    """Every saved sheet: (person id, document)."""
    out = []
    for key in view.keys(KIND):
        doc = view.doc(KIND, key)
        if isinstance(doc, SelfAssessmentDoc):
            out.append((key, doc))
    return out


def statuses(view) -> list[SheetStatus]:
    """Everyone on the roster (in roster order), then saved sheets of people no longer on the team."""
    tasks = task_list(view)
    saved = dict(sheets(view))
    out = []
    for m in view.roster.members:
        status, n = sheet_status(saved.get(m.id), tasks)
        out.append(SheetStatus(m.id, m.name, m.role_detail or m.role, status, n, len(tasks), True,
                               view.version(KIND, m.id)))
    on_roster = {m.id for m in view.roster.members}
    for pid, doc in saved.items():
        if pid not in on_roster:
            status, n = sheet_status(doc, tasks)
            out.append(SheetStatus(pid, doc.name or "(no name)", doc.role, status, n, len(tasks), False,
                                   view.version(KIND, pid)))
    return out


def current_sheets(view) -> list[tuple[Any, SelfAssessmentDoc]]:
    """(roster member, sheet) for members on the team who have saved a sheet: what the task summary compiles."""
    saved = dict(sheets(view))
    return [(m, saved[m.id]) for m in view.roster.members if m.id in saved]


def off_list_answers(doc: SelfAssessmentDoc, tasks: list[TaskDef]) -> list[tuple[str, TaskAnswer]]:
    """Answers to tasks no longer on the list (unticked or deleted by the lead): kept, shown as such."""
    on = {t.id for t in tasks}
    return [(tid, a) for tid, a in doc.answers.items() if tid not in on and a.touched]


def restored_team(team, person_id: str, sheet: SelfAssessmentDoc, past_members: Iterable[dict]):
    """The roster with a person who left put back under the same id, so their sheet counts again.

    They come back as the latest saved roster version listing them had them (role, email, acknowledgments:
    ``past_members`` is every member entry of the team's history, newest first). Without one, the sheet's own
    words are used: a core role as such, anything else (a job title) under Other with the words as the detail.
    """
    if team.person(person_id):
        return team
    member = next((m for m in past_members if m.get("id") == person_id), None)
    if member is None:
        role = sheet.role if sheet.role in CORE_ROLES else "Other"
        member = {"id": person_id, "name": sheet.name or "Restored member", "role": role,
                  "role_detail": "" if role == sheet.role else sheet.role}
    data = team.model_dump(mode="json")
    return type(team).model_validate({**data, "members": data["members"] + [member]})


def progress(view) -> str:
    st = [s for s in statuses(view) if s.on_team]
    if not st or all(s.status == NOT_STARTED_YET for s in st):
        return NOT_STARTED
    return COMPLETE if all(s.status == FINISHED for s in st) else IN_PROGRESS


def findings(view) -> list[Finding]:
    """A note for each member on the team whose sheet is not finished."""
    out = []
    for s in statuses(view):
        if not s.on_team or s.status == FINISHED:
            continue
        what = "has not started" if s.status == NOT_STARTED_YET else f"has answered {s.answered} of {s.total} tasks on"
        member = view.roster.person(s.person_id)
        out.append(Finding(
            f"{KIND}:not-finished:{s.person_id}", KIND, f"{s.name} ({s.role}) {what} their self-assessment.",
            "note", item=s.person_id, action=f"Finish the team self-assessment: {s.name}.",
            owner_role=member.role if member else "", area="Team self-assessment"))
    return out


def describe(doc: SelfAssessmentDoc) -> str:
    n = sum(1 for a in doc.answers.values() if a.answered)
    return f"{doc.name or 'sheet'}: {n} task{'s' if n != 1 else ''} answered"


def _answer_row(task_text: str, a: TaskAnswer | None) -> tuple[str, ...]:
    if a is None:
        return (task_text, "", "", "", "", "", "")
    training = ("Yes" + (f": {a.topic}" if a.topic else "")) if a.training else ""
    return (task_text, a.does or "", a.patients or "", str(a.comfort or ""), training, a.should_own or "", a.note)


ANSWER_COLUMNS = ("Task", "Do it now", "For how many patients", "Comfort (1-4)", "Training wanted",
                  "Part of my role", "Note")
ANSWER_WIDTHS = (4.2, 1.2, 1.4, 1.1, 1.8, 1.4, 2.4)


def report_section(view) -> Section:
    """Progress of every sheet, then each member's answers (landscape: seven columns)."""
    tasks = task_list(view)
    st = statuses(view)
    blocks: list = [
        Para("Each team member answers the same task list. Comfort: 1 not comfortable, 2 somewhat, 3 comfortable, "
             "4 can teach others. This workbook holds no patient data."),
        Table(("Member", "Role", "Status", "Tasks answered", "On the team"),
              tuple((s.name, s.role, s.status, f"{s.answered} of {s.total}", "yes" if s.on_team else
                     "no longer on the team") for s in st), widths=(3, 3, 1.5, 1.5, 2), caption="Who has filled in"),
    ]
    saved = dict(sheets(view))
    for s in st:
        doc = saved.get(s.person_id)
        if doc is None:
            continue
        blocks.append(Heading(f"{s.name} ({s.role})" + ("" if s.on_team else ", no longer on the team")))
        rows = []
        for g in dict.fromkeys(t.group for t in tasks):
            rows += [_answer_row(f"{GROUP_TITLES[g]}: {t.label}", doc.answer(t.id)) for t in tasks if t.group == g]
        blocks.append(Table(ANSWER_COLUMNS, tuple(rows), widths=ANSWER_WIDTHS))
        off = off_list_answers(doc, tasks)
        if off:
            blocks.append(Table(ANSWER_COLUMNS, tuple(_answer_row(a.task or tid, a) for tid, a in off),
                                widths=ANSWER_WIDTHS, caption="Answers to tasks no longer on the list (kept)"))
    n = len(saved)
    return Section(SelfAssessmentDoc.TITLE, tuple(blocks), None, landscape=True,
                   version_note=f"{n} sheet{'s' if n != 1 else ''} saved, each with its own history")


def blank_section(tasks: list[TaskDef], name: str = "", role: str = "") -> Section:
    """A blank sheet to fill in on paper, with the answer choices printed in each column's heading."""
    who = f"{name} ({role})" if name else "Name: ______________________   Role: ______________________"
    rows = []
    for g in dict.fromkeys(t.group for t in tasks):
        rows += [(f"{GROUP_TITLES[g]}: {t.label}", "Yes / Sometimes / No", "None / Some / Most-All", "1  2  3  4",
                  "Yes / No, topic:", "Yes / Shared / No / Unsure", "") for t in tasks if t.group == g]
    return Section("Team self-assessment (blank sheet)", (
        Para(who),
        Para("For each task, circle one answer in each column. Comfort: 1 not comfortable, 2 somewhat, "
             "3 comfortable, 4 can teach others. Write no patient details."),
        Table(ANSWER_COLUMNS, tuple(rows), widths=ANSWER_WIDTHS),
    ), None, landscape=True, version_note="a blank sheet to fill in by hand")


SPEC = WorksheetSpec(
    kind=KIND, title=SelfAssessmentDoc.TITLE, url_path="self-assessment",
    holds="Each member rates the Collaborative Care (CoCM) tasks: do it now, comfort, training wanted, part of "
          "their role.",
    icon=":material/person_check:", doc=SelfAssessmentDoc, per_member=True,
    progress=progress, findings=findings, report=report_section, describe=describe,
    member_progress=lambda v: [(s.name, s.role, f"{s.status} ({s.answered} of {s.total} tasks)")
                               for s in statuses(v) if s.on_team],
)
