"""The roll-up of an organisation's plans: figures worked by hand for two plans, which plans belong, and the
XLSX export (read back with openpyxl)."""
from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook

from planning import expansion as pe
from planning import plans
from planning import rollup as ru
from worksheets.action_plan import Action, ActionPlanDoc
from worksheets.launch_gate import LaunchGateDoc, Override
from worksheets.metric_log import Entry, MetricLogDoc
from worksheets.readiness import ReadinessDoc

TODAY = date(2027, 6, 15)


def _save(store, pid, doc) -> None:
    plans.save_doc(store, pid, doc, plans.load_doc(store, pid, doc.KIND).version, "Ann")


def _two_plans(store) -> tuple[str, str]:
    a = plans.create_plan(store, plans.PlanMeta(name="Eastside", clinic="Lakeside Clinic", site="East",
                                                organisation="Lakeside Health"), "Ann")
    b = pe.start_from(store, a, "Northside", "Lakeside Clinic", "North", "site", [], "Ann",
                      organisation="lakeside health ")
    # Eastside: readiness A1 In place (2), A2 Partly (1), A3 Not in place (0), A4 not applicable -> 3 of 6 = 50%
    _save(store, a, ReadinessDoc.model_validate({"responses": {
        "A1": {"rating": "In place"}, "A2": {"rating": "Partly"}, "A3": {"rating": "Not in place"},
        "A4": {"rating": "Not applicable"}}}))
    # two open actions past 15 Jun 2027 (one in progress), one open but due later, one done late: 2 overdue
    _save(store, a, ActionPlanDoc(actions=[
        Action(action="Sign the consultant agreement", due=date(2027, 6, 1)),
        Action(action="Train the front desk", due=date(2027, 6, 14), status="in progress"),
        Action(action="Order PHQ-9 pads", due=date(2027, 7, 1)),
        Action(action="Hire the care manager", due=date(2027, 5, 1), status="done", done_on=date(2027, 5, 20)),
    ]))
    # metrics: April and May logged; the latest month (May) has caseload 42 and response 47.5%, no enrollments
    _save(store, a, MetricLogDoc(entries=[
        Entry(month=date(2027, 4, 1), metric="active_caseload", value=30),
        Entry(month=date(2027, 4, 1), metric="new_enrollments", value=12),
        Entry(month=date(2027, 5, 1), metric="active_caseload", value=42),
        Entry(month=date(2027, 5, 1), metric="phq9_response_pct", value=47.5),
    ]))
    # Northside: readiness A1 In place, A2 In place, B1 Partly -> 5 of 6 = 83.3%; nothing else
    _save(store, b, ReadinessDoc.model_validate({"responses": {
        "A1": {"rating": "In place"}, "A2": {"rating": "In place"}, "B1": {"rating": "Partly"}}}))
    return a, b


def test_roll_up_figures_for_two_plans(store):
    a, b = _two_plans(store)
    rows = ru.rollup(store, "LAKESIDE HEALTH", today=TODAY)
    assert [r.name for r in rows] == ["Eastside", "Northside"]  # the parent first, then the plan started from it
    east, north = rows
    assert (east.readiness, north.readiness) == (50.0, 83.3)
    assert (east.overdue_actions, north.overdue_actions) == (2, 0)
    assert (east.metrics_month, east.active_caseload, east.new_enrollments, east.phq9_response) == (
        date(2027, 5, 1), 42, None, 47.5)
    assert (north.metrics_month, north.active_caseload) == (None, None)
    assert (north.parent_plan_id, north.parent_name, north.expansion) == (a, "Eastside", "site")
    assert east.last_review is None  # no review recorded yet
    # the counts agree with what Home shows for each plan
    home = {s.row.id: s for s in plans.summaries(store)}
    for r in rows:
        assert r.open_findings == home[r.plan_id].open_findings
        assert home[r.plan_id].gate == f"Launch gate: {r.gate} ({r.blockers} blockers)"
    assert not east.gate_go and east.gate == "Not yet"


def test_an_override_shows_in_the_roll_up(store):
    a, _ = _two_plans(store)
    blockers = [r for r in ru.rollup(store, "Lakeside Health", TODAY) if r.plan_id == a][0]
    from planning.view import load_view
    from worksheets import launch_gate

    gate = launch_gate.evaluate(load_view(store, a))
    _save(store, a, LaunchGateDoc(override=Override(reason="We launch with two blockers: fixed within a month.",
                                                    by="Ann", on=TODAY, covers=[f.id for f in gate.blockers])))
    east = [r for r in ru.rollup(store, "Lakeside Health", TODAY) if r.plan_id == a][0]
    assert (east.gate, east.gate_go, east.blockers) == ("Go (override)", True, blockers.blockers)


def test_only_running_plans_of_the_organisation_are_rolled_up(store):
    a, b = _two_plans(store)
    other = plans.create_plan(store, plans.PlanMeta(name="Valley", clinic="Valley", organisation="Valley Partners"),
                              "Ann")
    store.set_archived(b, True, "Ann")
    assert [r.plan_id for r in ru.rollup(store, " lakeside  health", TODAY)] == [a]
    assert [r.plan_id for r in ru.rollup(store, "Valley Partners", TODAY)] == [other]
    assert ru.rollup(store, "", TODAY) == []
    assert ru.organisations(store) == ["Lakeside Health", "Valley Partners"]


def test_each_plan_is_read_once(store, monkeypatch):
    _two_plans(store)
    reads = []
    real = store.load_snapshot
    monkeypatch.setattr(store, "load_snapshot", lambda *a, **kw: reads.append(a[0]) or real(*a, **kw))
    ru.rollup(store, "Lakeside Health", TODAY)
    assert len(reads) == 2 and len(set(reads)) == 2


def test_the_xlsx_reads_back_with_dates_numbers_and_text_never_a_formula(store):
    a, _ = _two_plans(store)
    meta, row = plans.load_meta(store, a)
    plans.save_meta(store, a, meta.model_copy(update={"name": "=1+1", "site": "@SUM(A1)"}), row.meta_version, "Ann")
    data = ru.rollup_xlsx(ru.rollup(store, "Lakeside Health", TODAY), "Lakeside Health")
    ws = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Plan", "Clinic", "Site", "Started from", "Readiness"]
    assert ws.freeze_panes == "B2"
    first = {h: c for h, c in zip(header, ws[2])}
    assert first["Plan"].value == "=1+1" and first["Plan"].data_type == "s"  # text, not a formula
    assert first["Site"].value == "@SUM(A1)" and first["Site"].data_type == "s"
    assert first["Readiness"].value == 50
    assert first["Overdue actions"].value == 2
    assert first["Metrics month"].value == datetime(2027, 5, 1)  # a real date, not text
    assert first["PHQ-9 response"].value == 47.5
    second = {h: c.value for h, c in zip(header, ws[3])}
    assert second["Plan"] == "Northside" and second["Started from"] == "=1+1"
    assert ws.column_dimensions["A"].width > 20


def test_the_last_review_is_the_latest_review_date(store):
    from planning import registry

    a, _ = _two_plans(store)
    review = registry.doc_models()["review"].model_validate({"schema_version": 1, "reviews": [
        {"date": "2027-05-20", "attendees": ["p1"]}, {"date": "2027-01-10", "attendees": ["p1"]}]})
    _save(store, a, review)
    east = [r for r in ru.rollup(store, "Lakeside Health", TODAY) if r.plan_id == a][0]
    assert east.last_review == date(2027, 5, 20)  # the later of the two, whatever order they were written in
