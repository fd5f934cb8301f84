"""Task summary (Step 2): the team's self-assessments compiled into one tasks x members view.

Nothing here is typed twice. The summary reads every current member's self-assessment and shows, per task,
who does it now and how comfortable they are, who thinks it should be theirs, and four flags worked out by
the rules below. The CIT lead records what only the team can agree: an owner, a backup and how the task is
handed off. The tailored task list (what the self-assessments ask about) is kept in this document too: the
CIT lead owns both.

Rules (stated on the page and in the PDF). "Does it" means Yes or Sometimes; "should be theirs" means Yes or
Shared. Only tasks someone has answered get flags.
- Gap: nobody does it, or everyone who does it rates their comfort 1 or 2.
- Duplication: two or more people do it and no owner is agreed.
- Disagreement: two or more people answer Yes (not Shared) to "should it be part of your role", or someone
  does it but nobody says it should be theirs.
- Training need: someone wants training on it, or someone for whom it should be theirs rates comfort 1 or 2.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from worksheets.base import StrictModel, WorksheetDoc
from worksheets.checklist import NOTE_MAX
from worksheets.content import Bullets, Heading, Heatmap, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec
from worksheets.tasks import TaskDef, default_tasks, ordered

KIND = "task_summary"

HANDOFFS: tuple[str, ...] = ("EHR message", "Warm hand-off", "Huddle", "Phone", "Other")
Handoff = Literal["EHR message", "Warm hand-off", "Huddle", "Phone", "Other"]


class Agreement(StrictModel):
    """What the team agreed for one task."""

    owner: str | None = Field(default=None, max_length=40, title="agreed owner")
    backup: str | None = Field(default=None, max_length=40, title="backup")
    handoff: Handoff | None = Field(default=None, title="hand-off or communication")
    note: str = Field(default="", max_length=NOTE_MAX, title="note")


class TaskSummaryDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = "Task summary"

    schema_version: Literal[1] = 1
    tasks: list[TaskDef] = Field(default_factory=list, max_length=300, title="tailored task list")
    agreements: dict[str, Agreement] = Field(default_factory=dict, title="tasks")

    @model_validator(mode="after")
    def _unique_task_ids(self):
        seen: set[str] = set()
        for t in self.tasks:
            if t.id in seen:
                raise ValueError(f"two tasks share the id {t.id}")
            seen.add(t.id)
        return self

    @property
    def tailored(self) -> bool:
        return bool(self.tasks)

    def task_list(self) -> list[TaskDef]:
        """Every task, on the list or not (the default list until the lead tailors it)."""
        return ordered(self.tasks) if self.tasks else default_tasks()

    def included(self) -> list[TaskDef]:
        return [t for t in self.task_list() if t.included]

    def task(self, task_id: str) -> TaskDef | None:
        return next((t for t in self.task_list() if t.id == task_id), None)


def summary_doc(view) -> TaskSummaryDoc:
    doc = view.doc(KIND)
    return doc if isinstance(doc, TaskSummaryDoc) else TaskSummaryDoc()


def agreed_owners(view) -> dict[str, str]:
    """task id -> agreed owner's person id, for tasks on the list that have one (the workflow checks read this)."""
    doc = summary_doc(view)
    on_list = {t.id for t in doc.included()}
    return {tid: a.owner for tid, a in doc.agreements.items() if a.owner and tid in on_list}


# ----------------------------------------------------------------------------------------------
# compiling the self-assessments

LOW_COMFORT = (1, 2)
GAP, DUPLICATION, DISAGREEMENT, TRAINING = "Gap", "Duplication", "Disagreement", "Training need"
FLAGS: tuple[str, ...] = (GAP, DUPLICATION, DISAGREEMENT, TRAINING)

RULES: tuple[tuple[str, str], ...] = (
    (GAP, "nobody does the task now, or everyone who does it rates their comfort 1 or 2."),
    (DUPLICATION, "two or more people do it now and no owner has been agreed."),
    (DISAGREEMENT, "two or more people answer Yes (not Shared) to \"should it be part of your role\", or someone "
                   "does it now but nobody says it should be theirs."),
    (TRAINING, "someone wants training on it, or someone who says it should be theirs rates their comfort 1 or 2."),
)
RULES_PREAMBLE = ("\"Does it\" means answered Yes or Sometimes to \"do you do this now\"; \"should be theirs\" means "
                  "Yes or Shared. Gaps and disagreements are worked out only for tasks at least one member has "
                  "answered (whether they do it now, or whether it should be theirs; a note alone does not count), "
                  "from the sheets of people on the team.")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str  # roster role ("Behavioral health care manager"), for counts by role


@dataclass(frozen=True)
class Cell:
    """One member's answer to one task, as the summary shows it."""

    person: Person
    answer: Any  # worksheets.self_assessment.TaskAnswer

    @property
    def low_comfort(self) -> bool:
        return self.answer.comfort in LOW_COMFORT


@dataclass(frozen=True)
class TaskRow:
    task: TaskDef
    cells: tuple[Cell, ...]  # members who answered this task
    owner: str | None  # agreed owner's person id

    @property
    def doers(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.answer.does_it)

    @property
    def would_own(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.answer.wants_it)

    @property
    def answered(self) -> bool:
        """Someone said whether they do it now or whether it should be theirs (a note alone is not an answer)."""
        return any(c.answer.does is not None or c.answer.should_own is not None for c in self.cells)

    @property
    def gap(self) -> bool:
        return self.answered and (not self.doers or all(c.low_comfort for c in self.doers))

    @property
    def duplication(self) -> bool:
        return len(self.doers) >= 2 and not self.owner

    @property
    def disagreement(self) -> bool:
        exclusive = [c for c in self.cells if c.answer.should_own == "Yes"]
        return self.answered and (len(exclusive) >= 2 or (bool(self.doers) and not self.would_own))

    @property
    def trainees(self) -> tuple[Cell, ...]:
        """Who needs training on this task: wants it, or should own it with comfort 1-2."""
        return tuple(c for c in self.cells if c.answer.training or (c.answer.wants_it and c.low_comfort))

    @property
    def training(self) -> bool:
        return bool(self.trainees)

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(f for f, on in ((GAP, self.gap), (DUPLICATION, self.duplication),
                                     (DISAGREEMENT, self.disagreement), (TRAINING, self.training)) if on)

    def cell(self, person_id: str) -> Cell | None:
        return next((c for c in self.cells if c.person.id == person_id), None)


def compile_rows(tasks: list[TaskDef], sheets: list[tuple[Person, Any]], agreements: dict[str, Agreement]
                 ) -> list[TaskRow]:
    """Tasks x members from the sheets (person, SelfAssessmentDoc): pure, so the rules are tested without storage."""
    rows = []
    for t in tasks:
        cells = tuple(Cell(p, a) for p, doc in sheets if (a := doc.answer(t.id)) is not None and a.touched)
        agreement = agreements.get(t.id)
        rows.append(TaskRow(t, cells, agreement.owner if agreement else None))
    return rows


def members(view) -> list[Person]:
    """People on the team who have saved a sheet, in roster order."""
    from worksheets.self_assessment import current_sheets

    return [Person(m.id, m.name, m.role) for m, _ in current_sheets(view)]


def rows(view) -> list[TaskRow]:
    from worksheets.self_assessment import current_sheets

    doc = summary_doc(view)
    sheets = [(Person(m.id, m.name, m.role), s) for m, s in current_sheets(view)]
    return compile_rows(doc.included(), sheets, doc.agreements)


def flag_counts(task_rows: list[TaskRow]) -> dict[str, int]:
    return {f: sum(1 for r in task_rows if f in r.flags) for f in FLAGS}


@dataclass(frozen=True)
class RoleCount:
    role: str
    people: int
    does_now: int
    should_own: int
    low_comfort: int
    training: int
    agreed_owner: int


def counts_by_role(task_rows: list[TaskRow], people: list[Person]) -> list[RoleCount]:
    """Per roster role: tasks someone in the role does now, would own, does with comfort 1-2, needs training on,
    and owns by agreement. A task counts once per role however many people of the role answer it."""
    out = []
    for role in dict.fromkeys(p.role for p in people):
        ids = {p.id for p in people if p.role == role}

        def n(test) -> int:
            return sum(1 for r in task_rows if any(c.person.id in ids and test(c) for c in r.cells))

        out.append(RoleCount(role, len(ids), n(lambda c: c.answer.does_it), n(lambda c: c.answer.wants_it),
                             n(lambda c: c.answer.does_it and c.low_comfort),
                             sum(1 for r in task_rows if any(c.person.id in ids for c in r.trainees)),
                             sum(1 for r in task_rows if r.owner in ids)))
    return out


# ----------------------------------------------------------------------------------------------
# the heatmap (one grid data for the screen and the PDF)

SHOULD_SHORT = {"Yes": "mine", "Shared": "shared", "No": "not mine", "Unsure": "unsure"}
HEAT_LEGEND = ("Each cell: does it now (Yes / Sometimes / No) · comfort 1-4 · should it be theirs (mine, shared, "
               "not mine, unsure); \"+T\" = wants training; \"no\" = does not do it and it is not theirs. Darker "
               "cells: people who do the task now, darker with more comfort. Empty: not answered.")


def cell_text(c: Cell | None) -> str:
    if c is None:
        return ""
    a = c.answer
    if a.does == "No" and a.should_own in ("No", None) and not a.training:
        return "no"  # neither does it nor wants it: kept short so the people who do stand out
    parts = [a.does or "?", str(a.comfort) if a.comfort else "-", SHOULD_SHORT.get(a.should_own or "", "?")]
    return " · ".join(parts) + (" +T" if a.training else "")


def cell_shade(c: Cell | None) -> int:
    """0 for not doing it (or no answer); 1 for doing it with comfort 1-2 or unknown, 2 for 3, 3 for 4."""
    if c is None or not c.answer.does_it:
        return 0
    return {3: 2, 4: 3}.get(c.answer.comfort or 0, 1)


def heatmap(task_rows: list[TaskRow], people: list[Person]) -> Heatmap:
    return Heatmap(
        "Tasks by team member", tuple(r.task.label for r in task_rows), tuple(p.name for p in people),
        tuple(tuple(cell_text(r.cell(p.id)) for p in people) for r in task_rows),
        tuple(tuple(cell_shade(r.cell(p.id)) for p in people) for r in task_rows),
        row_header="Task", legend=HEAT_LEGEND, extra_columns=("Flags",),
        extra_cells=tuple((", ".join(r.flags) or ("-" if r.answered else "no answers yet"),) for r in task_rows))


# ----------------------------------------------------------------------------------------------
# findings, progress, report

def _short(text: str, most: int = 90) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def findings(view) -> list[Finding]:
    task_rows = rows(view)
    people = view.people()
    if not any(r.answered for r in task_rows):
        return [Finding(f"{KIND}:no-answers", KIND, "No team member has filled in a self-assessment yet, so the "
                        "task summary is empty.", "note", action="Ask each care team member to fill in their "
                        "self-assessment.", owner_role="CIT lead", area="Task summary")]
    out: list[Finding] = []
    for r in task_rows:
        t, name = r.task, _short(r.task.text)
        if r.gap:
            why = "nobody does it now" if not r.doers else "only people with low comfort (1-2) do it now"
            out.append(Finding(f"{KIND}:gap:{t.id}", KIND, f"Gap: \"{name}\": {why}.", "should_fix", item=t.id,
                               action=f"Close the gap on \"{name}\": agree who will do it and how they get ready.",
                               owner_role="CIT lead", area="Task summary: gaps"))
        if r.duplication:
            who = ", ".join(c.person.name for c in r.doers)
            out.append(Finding(f"{KIND}:duplication:{t.id}", KIND, f"Duplication: \"{name}\" is done by {who} with "
                               "no agreed owner.", "should_fix", item=t.id,
                               action=f"Agree one owner for \"{name}\" (now done by {who}).", owner_role="CIT lead",
                               area="Task summary: duplications"))
        if r.disagreement:
            out.append(Finding(f"{KIND}:disagreement:{t.id}", KIND, f"Disagreement on who should do \"{name}\".",
                               "should_fix", item=t.id, action=f"Settle in a team meeting who owns \"{name}\".",
                               owner_role="CIT lead", area="Task summary: disagreements"))
        if r.training:
            who = ", ".join(c.person.name for c in r.trainees)
            out.append(Finding(f"{KIND}:training:{t.id}", KIND, f"Training need on \"{name}\": {who}.", "note",
                               item=t.id, action=f"Plan training on \"{name}\" for {who}.", owner_role="CIT lead",
                               area="Task summary: training"))
        if not r.owner:
            out.append(Finding(f"{KIND}:no-owner:{t.id}", KIND, f"No agreed owner for \"{name}\".", "should_fix",
                               item=t.id, action=f"Agree an owner, a backup and the hand-off for \"{name}\".",
                               owner_role="CIT lead", area="Task summary: owners"))
        elif r.owner not in people:
            out.append(Finding(f"{KIND}:owner-left:{t.id}", KIND, f"The agreed owner of \"{name}\" is no longer on "
                               "the team.", "should_fix", item=t.id, action=f"Agree a new owner for \"{name}\".",
                               owner_role="CIT lead", area="Task summary: owners"))
    return out


def progress(view) -> str:
    task_rows = rows(view)
    answered = any(r.answered for r in task_rows)
    if not answered:  # nothing to summarise yet: owners agreed ahead of the sheets do not make it complete
        return IN_PROGRESS if summary_doc(view).agreements or summary_doc(view).tailored else NOT_STARTED
    people = view.people()
    owned = all(r.owner in people for r in task_rows)
    return COMPLETE if owned and not any(r.gap or r.disagreement for r in task_rows) else IN_PROGRESS


def describe(doc: TaskSummaryDoc) -> str:
    owners = sum(1 for a in doc.agreements.values() if a.owner)
    return f"{len(doc.included())} tasks on the list, {owners} with an agreed owner"


def report_section(view) -> Section:
    doc = summary_doc(view)
    task_rows = rows(view)
    people = members(view)
    names = view.people()
    counts = flag_counts(task_rows)
    blocks: list = [
        Para(f"Compiled from the self-assessments of {_n(len(people), 'team member')}; nothing here was typed "
             f"twice. Flags: {_n(counts[GAP], 'gap')}, {_n(counts[DUPLICATION], 'duplication')}, "
             f"{_n(counts[DISAGREEMENT], 'disagreement')}, {_n(counts[TRAINING], 'training need')}."),
        Heading("How the flags are worked out"),
        Bullets((RULES_PREAMBLE,) + tuple(f"{f}: {text}" for f, text in RULES)),
    ]
    if people:
        blocks.append(heatmap(task_rows, people))
    else:
        blocks.append(Para("No self-assessments have been saved yet.", style="muted"))
    blocks.append(Table(
        ("Task", "Flags", "Agreed owner", "Backup", "Hand-off", "Note"),
        tuple((r.task.label, ", ".join(r.flags) or "-", _person(names, r.owner),
               _person(names, (doc.agreements.get(r.task.id) or Agreement()).backup),
               (doc.agreements.get(r.task.id) or Agreement()).handoff or "",
               (doc.agreements.get(r.task.id) or Agreement()).note) for r in task_rows),
        widths=(4, 1.8, 1.8, 1.8, 1.4, 2.6), caption="Owners, backups and hand-offs"))
    if people:
        blocks.append(Table(("Role", "People", "Does now", "Should be theirs", "Does with comfort 1-2",
                             "Training needs", "Agreed owner of"),
                            tuple((c.role, str(c.people), str(c.does_now), str(c.should_own), str(c.low_comfort),
                                   str(c.training), str(c.agreed_owner)) for c in counts_by_role(task_rows, people)),
                            widths=(3, 1, 1, 1.3, 1.5, 1.2, 1.3), caption="Counts by role (tasks)"))
    return Section(TaskSummaryDoc.TITLE, tuple(blocks), view.version(KIND) or None, landscape=True)


def _n(count: int, word: str) -> str:
    """'1 gap', '2 gaps'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _person(names: dict[str, str], pid: str | None) -> str:
    if not pid:
        return ""
    return names.get(pid, "(removed from the team)")


SPEC = WorksheetSpec(
    kind=KIND, title=TaskSummaryDoc.TITLE, url_path="task-summary",
    holds="Tasks by team member, compiled from the self-assessments, with gaps, duplications, disagreements and "
          "training needs; the agreed owner, backup and hand-off for each task.",
    icon=":material/table_chart:", doc=TaskSummaryDoc, progress=progress, findings=findings,
    report=report_section, describe=describe,
)
