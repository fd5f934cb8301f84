"""Report selections: one worksheet, one step, or the whole workbook, all through planning.report."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from planning import plans, registry
from planning.report import Cover, Part, Report, build_pdf
from planning.storage import Store
from planning.view import PlanView, load_view
from worksheets.content import KeyValues, Para, Section, Table


def _meta_section(view: PlanView, steps: tuple[registry.StepSpec, ...]) -> Section:
    """The plan's details, the launch gate and progress, as of the view."""
    from worksheets import launch_gate

    meta, progress, revision = view.meta, view.progress(), view.row.meta_version
    gate = launch_gate.evaluate(view)
    rows = [("Plan", meta.name), ("Clinic", meta.clinic), ("Site", meta.site or "-"),
            ("CIT lead", meta.cit_lead or "-"),
            ("Target launch", meta.target_launch.strftime("%d %b %Y").lstrip("0") if meta.target_launch else "-"),
            ("Launch gate", f"{gate.label}: {gate.detail}")]
    prog_rows = []
    for s in steps:
        for w in s.worksheets:
            status = progress.get(w.kind, registry.NOT_STARTED) if w.built else "coming in a later release"
            prog_rows.append((s.label, w.title, status))
    return Section("Plan overview", (KeyValues(tuple(rows)),
                                     Table(("Step", "Worksheet", "Status"), tuple(prog_rows), widths=(3, 3, 2),
                                           caption="Progress")), revision)


def _sections(view: PlanView, kinds: list[str]) -> list[Section]:
    out = []
    for kind in kinds:
        spec = registry.worksheet(kind)
        if spec.report is None:
            continue
        made = spec.report(view)
        parts = list(made) if isinstance(made, (tuple, list)) else [made]  # a wide table may add a landscape part
        saved = bool(view.keys(kind)) if spec.per_member else view.version(kind) > 0
        if not saved and not spec.derived:
            parts = [replace(part, blocks=(Para("Not started yet: nothing has been saved on this worksheet.",
                                                style="muted"),) + part.blocks, revision=None) if i == 0
                     else replace(part, revision=None) for i, part in enumerate(parts)]
        out.extend(parts)
    return out


def report(view: PlanView, title: str, sections: list[Section], subtitle: str = "", as_of: date | None = None,
            landscape: bool = False) -> bytes:
    meta = view.meta
    return build_pdf(Report(title=title, plan_name=meta.name,
                            clinic=" · ".join(p for p in (meta.clinic, meta.site) if p),
                            sections=tuple(sections), author=meta.cit_lead, subtitle=subtitle, as_of=as_of,
                            landscape=landscape))


def worksheet_pdf(store: Store, plan_id: str, kind: str, as_of: date | None = None,
                  milestone_id: str | None = None) -> bytes:
    """One worksheet, as of now or as of a milestone; the plan is read once."""
    view = load_view(store, plan_id, milestone_id)
    return report(view, registry.worksheet(kind).title, _sections(view, [kind]),
                   subtitle=registry.step_of(kind).label, as_of=as_of)


def step_pdf(store: Store, plan_id: str, number: int, as_of: date | None = None,
             milestone_id: str | None = None) -> bytes:
    step = next(s for s in registry.STEPS if s.number == number)
    view = load_view(store, plan_id, milestone_id)
    sections = [_meta_section(view, (step,))]
    sections += _sections(view, [w.kind for w in step.worksheets if w.built])
    return report(view, step.label, sections, as_of=as_of)


WORKBOOK_TITLE = "Collaborative Care Implementation Workbook"


def _day(value: date | datetime | str | None) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value.strftime("%d %b %Y").lstrip("0") if value else "-"


def version_line(store: Store, plan_id: str, milestone_id: str | int | None) -> str:
    """Which version of the plan a report shows, in words: now, or a named milestone with its date and author."""
    if milestone_id is None:
        return "As of now: the latest saved version of every worksheet."
    m = next((m for m in store.list_milestones(plan_id) if str(m.id) == str(milestone_id)), None)
    if m is None:
        return "As of a milestone."
    by = f" by {m.created_by}" if m.created_by else ""
    return f"As of milestone {m.name}, made {_day(m.created_at)}{by}. Later changes are not shown."


def workbook_pdf(store: Store, plan_id: str, as_of: date | None = None, milestone_id: str | None = None) -> bytes:
    """The whole workbook: a cover (plan, clinic, organisation, CIT lead, which version, the acknowledgment), a
    contents page with page numbers, the plan overview, then each step opening with its heading and every
    worksheet of it (charts included, the action plan in Step 2), nested step > worksheet in the PDF bookmarks."""
    view = load_view(store, plan_id, milestone_id)
    meta = view.meta
    facts = [("Plan", meta.name), ("Clinic", meta.clinic)]
    facts += [(label, value) for label, value in (("Site", meta.site), ("Organisation", meta.organisation),
                                                  ("CIT lead", meta.cit_lead)) if value]
    if meta.target_launch:
        facts.append(("Target launch", _day(meta.target_launch)))
    cover = Cover(heading=meta.name, subheading=" · ".join(p for p in (meta.clinic, meta.site) if p),
                  facts=tuple(facts), version=version_line(store, plan_id, milestone_id))
    parts = tuple(Part(step.label, tuple(_sections(view, [w.kind for w in step.worksheets if w.built])),
                       intro=step.intro) for step in registry.STEPS)
    return build_pdf(Report(title=WORKBOOK_TITLE, plan_name=meta.name,
                            clinic=" · ".join(p for p in (meta.clinic, meta.site) if p),
                            sections=(_meta_section(view, registry.STEPS),), author=meta.cit_lead, as_of=as_of,
                            parts=parts, cover=cover, contents=True))


def action_plan_pdf(store: Store, plan_id: str, as_of: date | None = None, milestone_id: str | None = None) -> bytes:
    """The action plan on its own, in landscape: grouped by step, owners by name, overdue marked in words."""
    from worksheets.action_plan import ActionPlanDoc, report_section

    view = load_view(store, plan_id, milestone_id)
    doc = view.doc(ActionPlanDoc.KIND) or ActionPlanDoc()
    section = report_section(doc, view.version(ActionPlanDoc.KIND) or None, people=view.people(),
                             today=as_of or date.today())
    return report(view, ActionPlanDoc.TITLE, [section], subtitle=registry.step_of(ActionPlanDoc.KIND).label,
                   as_of=as_of, landscape=True)


def blank_self_assessment_pdf(store: Store, plan_id: str, person_id: str | None = None) -> bytes:
    """A blank self-assessment sheet to fill in on paper: the plan's task list, a person's name if chosen."""
    from worksheets.self_assessment import blank_section, task_list

    view = load_view(store, plan_id)
    member = view.roster.person(person_id) if person_id else None
    section = blank_section(task_list(view), member.name if member else "",
                            (member.role_detail or member.role) if member else "")
    return report(view, "Team self-assessment", [section], subtitle=registry.step_of("self_assessment").label)


def training_record_pdf(store: Store, plan_id: str, person_id: str, as_of: date | None = None) -> bytes:
    """One person's training record: name, role, start date, each training with status, dates and CE/CME hours
    earned, and the totals. A person no longer on the team: the entries saved for them."""
    from worksheets.training import TrainingDoc, people_of, record_section

    view = load_view(store, plan_id)
    doc = view.doc(TrainingDoc.KIND) or TrainingDoc()
    person = next((p for p in people_of(view.roster) if p.id == person_id), None)
    section = record_section(doc, person, view.meta.target_launch, today=as_of or date.today(), person_id=person_id,
                             revision=view.version(TrainingDoc.KIND) or None)
    return report(view, "Training record", [section], subtitle=registry.step_of(TrainingDoc.KIND).label,
                   as_of=as_of)
