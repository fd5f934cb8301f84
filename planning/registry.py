"""The step registry: drives navigation, progress, overviews and the PDF selections.

Each worksheet module exports its own spec (worksheets.spec.WorksheetSpec); this registry only orders them
into the guide's five steps. Adding a worksheet means: its module in worksheets/ (with SPEC), its page
pages/<kind>_page.py, and its SPEC named in its step here.
"""
from __future__ import annotations

from dataclasses import dataclass

from worksheets import self_assessment, task_summary  # noqa: I001  (Step 2)
from worksheets import action_plan, principles, readiness, shared_vision, sustainment, team
from worksheets import admin_readiness
from worksheets import tracking
from worksheets import workflow
from worksheets import staffing
from worksheets import metric_log
from worksheets import monitoring
from worksheets import training
from worksheets import patient_education
from worksheets import launch_gate
from worksheets import relapse_prevention
from worksheets import review, meetings, expansion
from worksheets.base import WorksheetDoc
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec

__all__ = ["COMPLETE", "IN_PROGRESS", "NOT_STARTED", "STEPS", "StepSpec", "WorksheetSpec", "all_worksheets",
           "built_worksheets", "doc_models", "step_of", "worksheet"]


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
        (principles.SPEC, team.SPEC, readiness.SPEC, shared_vision.SPEC, sustainment.SPEC),
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
            self_assessment.SPEC,
            task_summary.SPEC,
            workflow.SPEC,
            tracking.SPEC,
            admin_readiness.SPEC,
            staffing.SPEC,
            action_plan.SPEC,
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
            training.SPEC,
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
            patient_education.SPEC,
            monitoring.SPEC,
            metric_log.SPEC,
            relapse_prevention.SPEC,
            launch_gate.SPEC,
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
            review.SPEC,
            meetings.SPEC,
            expansion.SPEC,
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
