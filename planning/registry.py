"""The step registry: drives navigation, progress, overviews and the PDF selections.

Adding a worksheet means: its module in worksheets/, its page in pages/, one entry here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from worksheets import readiness
from worksheets import sustainment
from worksheets import shared_vision
from worksheets import principles, team
from worksheets.base import WorksheetDoc
from worksheets.checklist import progress as checklist_progress
from worksheets.content import Section

NOT_STARTED, IN_PROGRESS, COMPLETE = "not started", "in progress", "complete"


@dataclass(frozen=True)
class WorksheetSpec:
    kind: str
    title: str
    url_path: str
    holds: str  # what the page holds, in one sentence (shown on overviews and on pages not built yet)
    icon: str = ":material/description:"
    page: str | None = None  # file under pages/ once the page is built (see page_file)
    doc: type[WorksheetDoc] | None = None
    progress: Callable[[WorksheetDoc | None], str] | None = None
    report: Callable[[WorksheetDoc, int | None], Section] | None = None
    open_items: Callable[[WorksheetDoc], list[str]] | None = None  # what is still open, for overviews
    report_needs_people: bool = False  # report(doc, revision, people={person id: label}) names roster people

    @property
    def built(self) -> bool:
        return self.page is not None

    @property
    def page_file(self) -> str:
        """The page's script. Its stem must differ from url_path: Streamlit's legacy pages/ folder
        routing would otherwise run the file directly, skipping app.py, after a server restart."""
        return self.page or f"pages/{self.kind}_page.py"


@dataclass(frozen=True)
class StepSpec:
    number: int
    title: str
    url_path: str
    intro: str
    objectives: tuple[str, ...]
    worksheets: tuple[WorksheetSpec, ...]

    @property
    def label(self) -> str:
        return f"Step {self.number} · {self.title}"

    @property
    def page_file(self) -> str:
        return f"pages/step_{self.number}_page.py"


def _planned(kind: str, title: str, holds: str, icon: str = ":material/description:") -> WorksheetSpec:
    return WorksheetSpec(kind=kind, title=title, url_path=kind.replace("_", "-"), holds=holds, icon=icon)


STEPS: tuple[StepSpec, ...] = (
    StepSpec(
        1, "Lay the Foundation", "step-1",
        "Agree on what Collaborative Care is, who will lead it, whether the clinic is ready, where it is "
        "heading and how it will pay for itself. Do not skip this step: programs that rush past it stall later.",
        (
            "Explain the Collaborative Care approach, its evidence and its five core principles to colleagues.",
            "Win committed advocates among leaders and the clinical team.",
            "Agree on a shared vision that fits the clinic's mission and quality improvement work.",
            "Draft a sustainment plan that covers money and more than money.",
            "See clearly how today's care differs from Collaborative Care.",
        ),
        (
            WorksheetSpec(
                kind=principles.PrinciplesDoc.KIND, title=principles.PrinciplesDoc.TITLE, url_path="principles",
                holds="The five core principles, what each looks like day to day, and the team's rating of how "
                      "widely each is applied today.",
                icon=":material/school:", page="pages/principles_page.py", doc=principles.PrinciplesDoc,
                progress=checklist_progress, report=principles.report_section, open_items=principles.open_items,
            ),
            WorksheetSpec(
                kind=team.TeamDoc.KIND, title=team.TeamDoc.TITLE, url_path="team",
                holds="The people on the plan, their roles, time for CoCM and the responsibilities they accept.",
                icon=":material/groups:", page="pages/team_page.py", doc=team.TeamDoc,
                progress=team.progress, report=team.report_section, open_items=team.open_items,
            ),
            WorksheetSpec(
                kind=readiness.ReadinessDoc.KIND, title=readiness.ReadinessDoc.TITLE, url_path="readiness",
                holds="Readiness items by domain, rated Not in place / Partly / In place, with domain scores "
                      "and the domains to address before launch.",
                icon=":material/fact_check:", page="pages/readiness_page.py", doc=readiness.ReadinessDoc,
                progress=checklist_progress, report=readiness.report_section, open_items=readiness.open_items,
            ),
            WorksheetSpec(
                kind=shared_vision.SharedVisionDoc.KIND, title=shared_vision.SharedVisionDoc.TITLE,
                url_path="shared-vision",
                holds="Why the clinic is doing this, conditions and populations in scope, measures, treatments, "
                      "existing services, goals for years 1 to 3, the vision statement and sign-off.",
                icon=":material/visibility:", page="pages/shared_vision_page.py", doc=shared_vision.SharedVisionDoc,
                progress=shared_vision.progress, report=shared_vision.report_section,
                open_items=shared_vision.open_items, report_needs_people=True,
            ),
            WorksheetSpec(
                kind=sustainment.SustainmentDoc.KIND, title=sustainment.SustainmentDoc.TITLE, url_path="sustainment",
                holds="Non-financial factors and a financial model with scenarios, break-even caseload and "
                      "sensitivity.",
                icon=":material/savings:", page="pages/sustainment_page.py", doc=sustainment.SustainmentDoc,
                progress=sustainment.progress, report=sustainment.report_section,
                open_items=sustainment.open_items,
            ),
        ),
    ),
    StepSpec(
        2, "Plan for Clinical Practice Change", "step-2",
        "Turn the vision into concrete work: who does each task, how a patient moves through the clinic, how "
        "patients are tracked, and what must be in place administratively before launch.",
        (
            "Name every member of the care team and organize them for training.",
            "Choose a population-based system for tracking patients.",
            "Draw the clinical workflow and write a detailed action plan.",
            "Plan for funding, space, staffing and other administrative needs.",
            "Fold program monitoring and outcome reporting into existing quality improvement work.",
        ),
        (
            _planned("self_assessment", "Team self-assessment",
                     "Each member rates the CoCM tasks: do it now, comfort, training wanted, part of their role.",
                     ":material/person_check:"),
            _planned("task_summary", "Task summary",
                     "Tasks by team member, with gaps, duplications, owners, backups and hand-offs.",
                     ":material/table_chart:"),
            _planned("workflow", "Clinical workflow",
                     "The five phases of care, each step's who, how, when and where, the suicide-risk protocol "
                     "and a flowchart.", ":material/account_tree:"),
            _planned("tracking", "Tracking system",
                     "Registry requirements, the options compared, the decision, and the measures tracked.",
                     ":material/monitoring:"),
            _planned("admin_readiness", "Administrative readiness",
                     "Staffing, space, IT, billing, policies, scheduling and communication items, each with "
                     "status, owner and due date.", ":material/checklist:"),
            _planned("staffing", "Staffing",
                     "Care manager FTE and consultant hours for the expected caseload, from the same figures as "
                     "the financial model.", ":material/badge:"),
            _planned("action_plan", "Action plan",
                     "Every action with owner, dates and status, the suggested-actions inbox and a timeline.",
                     ":material/task_alt:"),
        ),
    ),
    StepSpec(
        3, "Build Your Clinical Skills", "step-3",
        "Prepare every member of the care team for their role, training the whole team together first and then "
        "each role in depth.",
        (
            "Describe the Collaborative Care approach, its evidence and principles.",
            "Describe the key tasks: finding and engaging patients, starting treatment, tracking outcomes, "
            "adjusting treatment and preventing relapse.",
            "Build a prepared care team with the knowledge each role needs.",
            "Build skills in brief, evidence-based psychotherapies suited to primary care.",
        ),
        (
            _planned("training", "Training plan",
                     "Trainings by role, who is assigned, due dates, status and CE/CME, and a plan for new hires.",
                     ":material/model_training:"),
        ),
    ),
    StepSpec(
        4, "Launch Your Care", "step-4",
        "Start seeing patients: educate and enroll them, track every patient in the registry, watch how the "
        "team is doing, and plan each patient's care through to relapse prevention.",
        (
            "Put a patient engagement plan into practice.",
            "Enroll patients and track them in a registry.",
            "Set up a monitoring plan that shows how well the team works together.",
            "Plan care from the first visit to the end of treatment, including relapse prevention.",
        ),
        (
            _planned("patient_education", "Patient education and consent",
                     "Materials, languages, owners and readiness, and the consent script.", ":material/menu_book:"),
            _planned("monitoring", "Monitoring plan",
                     "Program measures with definitions, targets for years 1 to 3, cadence and owner.",
                     ":material/query_stats:"),
            _planned("metric_log", "Metric log",
                     "Monthly program figures, entered or computed from a registry export without keeping any "
                     "patient rows, charted against targets.", ":material/stacked_line_chart:"),
            _planned("relapse_prevention", "Relapse prevention",
                     "The clinic's approach to relapse prevention and a printable blank patient plan.",
                     ":material/health_and_safety:"),
            _planned("launch_gate", "Launch gate",
                     "Go or not yet, with every blocker linked to the page that fixes it.", ":material/flag:"),
        ),
    ),
    StepSpec(
        5, "Nurture Your Care", "step-5",
        "Keep the program healthy: review it every six months, update the vision and workflow, and support the "
        "team with further training.",
        (
            "Use the monitoring plan to keep the team working well together.",
            "Revisit the vision, workflow and action plan every six months.",
            "Add advanced training and support where it is needed.",
        ),
        (
            _planned("review", "Six-month review",
                     "Milestones, comparison of any two, score trends, the review record and decisions.",
                     ":material/history:"),
            _planned("expansion", "Expansion", "New sites started from this plan and their status.",
                     ":material/add_business:"),
        ),
    ),
)


def all_worksheets() -> tuple[WorksheetSpec, ...]:
    return tuple(w for s in STEPS for w in s.worksheets)


def built_worksheets() -> tuple[WorksheetSpec, ...]:
    return tuple(w for w in all_worksheets() if w.built)


def worksheet(kind: str) -> WorksheetSpec:
    for w in all_worksheets():
        if w.kind == kind:
            return w
    raise KeyError(kind)


def step_of(kind: str) -> StepSpec:
    for s in STEPS:
        if any(w.kind == kind for w in s.worksheets):
            return s
    raise KeyError(kind)


def doc_models() -> dict[str, type[WorksheetDoc]]:
    return {w.kind: w.doc for w in built_worksheets() if w.doc is not None}
