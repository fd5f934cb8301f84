"""The roll-up: every plan of one organisation side by side, on screen, as XLSX and as a PDF.

Per plan: its name, clinic and site, the plan it was started from, the readiness score (the readiness checklist's
overall percentage), open findings and how many block launch, overdue actions, the launch gate, the date of the
last six-month review, and headline metrics from the latest month of its metric log (active caseload, new
enrollments, PHQ-9 response). Each plan is read once (planning.view.load_view); its findings are worked out once
per read and shared by the counts and the gate.

Archived plans are left out (they are not running). Organisations are matched without case and outer spaces.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from planning.exports import _sheet_title, clean, header_row, text_cell
from planning.expansion import tidy
from planning.report import Report, build_pdf
from planning.storage import Store
from planning.view import PlanView, load_view
from worksheets import action_plan as ap
from worksheets import launch_gate
from worksheets import metric_log as ml
from worksheets import metrics as mx
from worksheets.base import fmt_date
from worksheets.checklist import score
from worksheets.content import Para, Section, Table
from worksheets.readiness import ReadinessDoc

HEADLINE: tuple[str, ...] = ("active_caseload", "new_enrollments", "phq9_response_pct")


@dataclass(frozen=True)
class RollupRow:
    plan_id: str
    name: str
    clinic: str
    site: str
    parent_plan_id: str
    parent_name: str
    expansion: str  # "", "site", "condition", "population"
    readiness: float | None  # overall readiness, percent; None when nothing is rated
    open_findings: int
    blockers: int
    overdue_actions: int
    gate: str  # "Go", "Go (override)", "Not yet"
    gate_go: bool
    last_review: date | None
    metrics_month: date | None  # the latest month of the metric log
    active_caseload: float | None
    new_enrollments: float | None
    phq9_response: float | None
    target_launch: date | None = None

    @property
    def where(self) -> str:
        return " · ".join(p for p in (self.clinic, self.site) if p)


def organisations(store: Store) -> list[str]:
    """Every organisation in use (see planning.expansion.organisations)."""
    from planning.expansion import organisations as _orgs

    return _orgs(store)


def _review_date(view: PlanView) -> date | None:
    """The latest review's date. The review worksheet's shape is its own: read defensively (a list ``reviews`` of
    entries with a date, or a single document with a date)."""
    doc = view.doc("review")
    if doc is None:
        return None
    entries = list(getattr(doc, "reviews", []) or []) or [doc]
    dates = []
    for e in entries:
        for attr in ("date", "held_on", "on", "review_date"):
            d = getattr(e, attr, None)
            if isinstance(d, datetime):
                d = d.date()
            if isinstance(d, date):
                dates.append(d)
                break
    return max(dates) if dates else None


def row_of(view: PlanView, today: date) -> RollupRow:
    """One plan's line of the roll-up, from one read of it."""
    meta = view.meta
    found = view.findings()
    gate = launch_gate.evaluate(view, found=found)
    readiness = view.doc("readiness")
    percent = score(readiness if isinstance(readiness, ReadinessDoc) else ReadinessDoc()).percent
    actions = view.doc(ap.ActionPlanDoc.KIND)
    overdue = len(ap.overdue(actions, today)) if isinstance(actions, ap.ActionPlanDoc) else 0
    log = view.doc(ml.KIND)
    month, figures = None, {m: None for m in HEADLINE}
    if isinstance(log, ml.MetricLogDoc) and log.entries:
        month = log.months()[-1]
        for m in HEADLINE:
            e = log.entry(month, m)
            figures[m] = e.value if e is not None else None
    return RollupRow(
        plan_id=view.plan_id, name=meta.name, clinic=meta.clinic, site=meta.site,
        parent_plan_id=meta.parent_plan_id, parent_name=meta.parent_name, expansion=meta.expansion,
        readiness=percent, open_findings=len(found), blockers=len(gate.blockers), overdue_actions=overdue,
        gate=gate.label, gate_go=gate.go, last_review=_review_date(view), metrics_month=month,
        active_caseload=figures["active_caseload"], new_enrollments=figures["new_enrollments"],
        phq9_response=figures["phq9_response_pct"], target_launch=meta.target_launch)


def rollup(store: Store, organisation: str, today: date | None = None) -> list[RollupRow]:
    """Every running plan of the organisation, parents before the plans started from them, then by name."""
    key = tidy(organisation).casefold()
    if not key:
        return []
    today = today or date.today()
    ids = [r.id for r in store.list_plans() if tidy(str(r.meta.get("organisation", "") or "")).casefold() == key]
    rows = [row_of(load_view(store, pid), today) for pid in ids]
    by_id = {r.plan_id: r for r in rows}
    # a parent in the roll-up is named as it is called now (the plan keeps the name it had when copied)
    rows = [replace(r, parent_name=by_id[r.parent_plan_id].name) if r.parent_plan_id in by_id else r for r in rows]
    by_id = {r.plan_id: r for r in rows}

    def order(r: RollupRow) -> tuple:
        chain, seen, cur = [], set(), r
        while cur is not None and cur.plan_id not in seen:  # the path from the oldest ancestor in the roll-up
            seen.add(cur.plan_id)
            chain.append(cur.name.casefold())
            cur = by_id.get(cur.parent_plan_id)
        return tuple(reversed(chain))

    return sorted(rows, key=order)


# ----------------------------------------------------------------------------------------------
# the table as shown, exported and printed

def percent_text(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f}%"


def metric_text(metric_id: str, v: float | None) -> str:
    return mx.fmt_value(metric_id, v)


COLUMNS: tuple[tuple[str, float], ...] = (  # header, XLSX width in characters
    ("Plan", 34), ("Clinic", 26), ("Site", 18), ("Started from", 28), ("Readiness", 11), ("Open findings", 10),
    ("Blockers", 10), ("Overdue actions", 10), ("Launch gate", 14), ("Last review", 13), ("Metrics month", 13),
    ("Active caseload", 10), ("New enrollments", 10), ("PHQ-9 response", 10),
)


def table_rows(rows: list[RollupRow]) -> list[dict[str, Any]]:
    """The roll-up as records (typed: numbers stay numbers, dates stay dates), for the screen and the XLSX."""
    return [{
        "Plan": r.name, "Clinic": r.clinic, "Site": r.site, "Started from": r.parent_name,
        "Readiness": None if r.readiness is None else round(r.readiness, 1),
        "Open findings": r.open_findings, "Blockers": r.blockers, "Overdue actions": r.overdue_actions,
        "Launch gate": r.gate, "Last review": r.last_review,
        "Metrics month": r.metrics_month, "Active caseload": r.active_caseload,
        "New enrollments": r.new_enrollments, "PHQ-9 response": r.phq9_response,
    } for r in rows]


def rollup_xlsx(rows: list[RollupRow], organisation: str = "Roll-up") -> bytes:
    """The roll-up as an Excel workbook: a bold header row, frozen under it, a filter, column widths, dates as
    dates, numbers as numbers; text always text (a name starting with =, +, - or @ never becomes a formula)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(organisation or "Roll-up")
    headers = [h for h, _ in COLUMNS]
    header_row(ws, headers)
    for r, record in enumerate(table_rows(rows), start=2):
        for c, h in enumerate(headers, start=1):
            value = record[h]
            cell = ws.cell(row=r, column=c)
            if value is None or value == "":
                continue
            if isinstance(value, date):
                cell.value = value
                cell.number_format = "d mmm yyyy" if h != "Metrics month" else "mmm yyyy"
            elif isinstance(value, (int, float)):
                cell.value = value
                if h in ("Readiness", "PHQ-9 response"):
                    cell.number_format = '0"%"'
            else:
                text_cell(cell, value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B2"  # the header row and the plan's name stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, ws.max_row)}"
    wb.properties.title = clean(f"Roll-up: {organisation}")[:200]
    wb.properties.creator = "Collaborative Care Implementation Workbook"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def section(organisation: str, rows: list[RollupRow], today: date) -> Section:
    """The roll-up as a landscape table with a line of explanation."""
    body = tuple((
        r.name + (f"\nStarted from {r.parent_name}" if r.parent_name else ""),
        r.where or "-",
        percent_text(r.readiness),
        str(r.open_findings), str(r.blockers), str(r.overdue_actions), r.gate,
        fmt_date(r.last_review, "-"),
        (f"{r.metrics_month.strftime('%b %Y')}: caseload {metric_text('active_caseload', r.active_caseload)}, "
         f"{metric_text('new_enrollments', r.new_enrollments)} new, PHQ-9 response "
         f"{metric_text('phq9_response_pct', r.phq9_response)}") if r.metrics_month else "Nothing logged",
    ) for r in rows)
    n = len(rows)
    blocks = (
        Para(f"{n} running plan{'' if n == 1 else 's'} of {organisation}, as of {fmt_date(today)}. Readiness is the "
             "readiness checklist's overall score; blockers are what stands between a plan and launch; overdue "
             "actions are open actions past their due date; metrics are the latest month of each plan's metric "
             "log.", style="muted"),
        Table(("Plan", "Clinic · site", "Readiness", "Findings", "Blockers", "Overdue actions", "Launch gate",
               "Last review", "Headline metrics (latest month)"), body,
              widths=(2.3, 1.7, 1.05, 0.95, 0.95, 0.95, 0.95, 1.0, 2.4), caption="Plans of the organisation"),
    )
    return Section(f"Roll-up: {organisation}", blocks, landscape=True, version_note="worked out from each plan")


def rollup_pdf(store: Store, organisation: str, today: date | None = None) -> bytes:
    today = today or date.today()
    rows = rollup(store, organisation, today)
    return build_pdf(Report(title="Organisation roll-up", plan_name=tidy(organisation), clinic="",
                            sections=(section(tidy(organisation), rows, today),), subtitle="Step 5 · Expansion",
                            as_of=today, landscape=True))
