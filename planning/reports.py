"""Report selections: one worksheet, one step, or the whole workbook, all through planning.report."""
from __future__ import annotations

from datetime import date

from planning import people, plans, registry
from planning.report import Report, build_pdf
from planning.storage import Store
from worksheets.content import KeyValues, Para, Section, Table


def _meta_section(meta: plans.PlanMeta, progress: dict[str, str], steps: tuple[registry.StepSpec, ...]) -> Section:
    rows = [("Plan", meta.name), ("Clinic", meta.clinic), ("Site", meta.site or "-"),
            ("CIT lead", meta.cit_lead or "-"),
            ("Target launch", meta.target_launch.strftime("%d %b %Y").lstrip("0") if meta.target_launch else "-")]
    prog_rows = []
    for s in steps:
        for w in s.worksheets:
            status = progress.get(w.kind, registry.NOT_STARTED) if w.built else "coming in a later release"
            prog_rows.append((s.label, w.title, status))
    return Section("Plan overview", (KeyValues(tuple(rows)),
                                     Table(("Step", "Worksheet", "Status"), tuple(prog_rows), widths=(3, 3, 2),
                                           caption="Progress")))


def _sections(store: Store, plan_id: str, kinds: list[str]) -> list[Section]:
    out = []
    names: dict[str, str] | None = None
    for kind in kinds:
        spec = registry.worksheet(kind)
        loaded = plans.load_doc(store, plan_id, kind)
        if spec.report is None:
            continue
        if spec.report_needs_people:
            if names is None:
                names = people.roster(store, plan_id).options()
            section = spec.report(loaded.doc, loaded.version or None, people=names)
        else:
            section = spec.report(loaded.doc, loaded.version or None)
        if loaded.version == 0:
            section = Section(section.title, (Para("Not started yet: nothing has been saved on this worksheet.",
                                                   style="muted"),) + section.blocks, None)
        out.append(section)
    return out


def _report(store: Store, plan_id: str, title: str, sections: list[Section], subtitle: str = "",
            as_of: date | None = None) -> bytes:
    meta, row = plans.load_meta(store, plan_id)
    return build_pdf(Report(title=title, plan_name=meta.name,
                            clinic=" · ".join(p for p in (meta.clinic, meta.site) if p),
                            sections=tuple(sections), author=meta.cit_lead, subtitle=subtitle, as_of=as_of))


def worksheet_pdf(store: Store, plan_id: str, kind: str, as_of: date | None = None) -> bytes:
    spec = registry.worksheet(kind)
    return _report(store, plan_id, spec.title, _sections(store, plan_id, [kind]),
                   subtitle=registry.step_of(kind).label, as_of=as_of)


def step_pdf(store: Store, plan_id: str, number: int, as_of: date | None = None) -> bytes:
    step = next(s for s in registry.STEPS if s.number == number)
    meta, _ = plans.load_meta(store, plan_id)
    progress = plans.worksheet_progress(store, plan_id)
    sections = [_meta_section(meta, progress, (step,))]
    sections += _sections(store, plan_id, [w.kind for w in step.worksheets if w.built])
    return _report(store, plan_id, step.label, sections, as_of=as_of)


def workbook_pdf(store: Store, plan_id: str, as_of: date | None = None) -> bytes:
    meta, _ = plans.load_meta(store, plan_id)
    progress = plans.worksheet_progress(store, plan_id)
    sections = [_meta_section(meta, progress, registry.STEPS)]
    sections += _sections(store, plan_id, [w.kind for w in registry.built_worksheets()])
    return _report(store, plan_id, "Collaborative Care Implementation Workbook", sections, as_of=as_of)
