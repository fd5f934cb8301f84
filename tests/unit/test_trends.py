"""Trends across milestones: for each milestone (oldest first) and now, the readiness by domain, the principles'
ratings, task-summary flags, launch-gate blockers, actions done and open, and each metric's latest month against its
target, as chart data the screen and the PDF draw alike. Expected values worked out by hand from
examples/example-plan.json (see tests/unit/test_compare.py for the example's readiness and action counts)."""
from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import example_before_step5
from planning import plans
from planning.trends import NOW, TOO_FEW, trends
from planning.view import load_view
from worksheets.metric_log import Entry


def edit(store, pid, kind, change, key=""):
    view = load_view(store, pid)
    doc = view.doc(kind, key).model_copy(deep=True)
    change(doc)
    plans.save_doc(store, pid, doc, view.version(kind, key), "Tester", key=key)


def rate(item, rating):
    return lambda doc: setattr(doc.responses[item], "rating", rating)


@pytest.fixture
def three_points(store):
    """Baseline (the example as it is), 6-month review (B2 put in place, one action done), now (B4 in place too)."""
    pid = example_before_step5(store, "Tester")
    store.create_milestone(pid, "Baseline", "Tester")
    edit(store, pid, "readiness", rate("B2", "In place"))
    edit(store, pid, "action_plan",
         lambda doc: setattr(next(a for a in doc.actions if a.id == "ap01b2c0f1a9"), "status", "done"))
    store.create_milestone(pid, "6-month review", "Tester")
    edit(store, pid, "readiness", rate("B4", "In place"))
    return pid


def group(result, title):
    return next(g for g in result.groups if g.title == title)


def row(table, label):
    return next(r[1:] for r in table.rows if r[0] == label)


def test_no_milestone_or_one_says_two_are_needed_in_words(store):
    pid = example_before_step5(store, "Tester")
    assert trends(store, pid).message == TOO_FEW == (
        "Trends need at least two milestones; make one at each six-month review.")
    store.create_milestone(pid, "Baseline", "Tester")
    result = trends(store, pid)
    assert not result.enough and result.groups == () and result.points == ()


def test_points_run_oldest_first_and_now_last(store, three_points):
    result = trends(store, three_points)
    labels = [p.label for p in result.points]
    assert labels[0].startswith("Baseline (") and labels[1].startswith("6-month review (") and labels[2] == NOW
    assert [p.label for p in trends(store, three_points, include_now=False).points] == labels[:2]


def test_readiness_by_domain_and_overall_across_the_points(store, three_points):
    result = trends(store, three_points)
    readiness = group(result, "Readiness")
    # B: 3 of 8 points (37.5%), then B2 in place 5 of 8 (62.5%), then B4 in place too 7 of 8 (87.5%)
    assert row(readiness.table, "B. Team and staffing") == ("37.5%", "62.5%", "87.5%")
    # overall: 33 of 62 (53.2%), 35 of 62 (56.5%), 37 of 62 (59.7%)
    assert row(readiness.table, "Overall") == ("53.2%", "56.5%", "59.7%")
    overall, by_domain = readiness.charts
    assert overall.series[0].y == (53.2, 56.5, 59.7)
    # by domain: one series per point, the domains across; domain B is the second bar group
    assert [s.name for s in by_domain.series] == [p.label for p in result.points]
    assert by_domain.series[0].x[:3] == ("A", "B", "C")
    assert [s.y[1] for s in by_domain.series] == [37.5, 62.5, 87.5]


def test_gate_blockers_and_actions_across_the_points(store, three_points):
    result = trends(store, three_points)
    # the baseline's six blockers include domain B under 50%; it reaches 62.5% at the review: five
    assert row(group(result, "Launch gate").table, "Blockers open") == ("6", "5", "5")
    actions = group(result, "Action plan")
    assert row(actions.table, "Actions done") == ("1", "2", "2")  # one in-progress action done at the review
    assert row(actions.table, "Actions open") == ("6", "5", "5")
    done, still_open = actions.charts[0].series
    assert (done.name, done.y) == ("Actions done", (1.0, 2.0, 2.0))
    assert (still_open.name, still_open.y) == ("Actions open", (6.0, 5.0, 5.0))


def test_principles_and_task_summary_counts(store, three_points):
    result = trends(store, three_points)
    # P1 Some, P2 None, P3 Some, P4 Most-All, P5 None: unchanged at every point
    principles = group(result, "Core principles").table
    assert row(principles, "Rated None") == ("2", "2", "2")
    assert row(principles, "Rated Most-All") == ("1", "1", "1")
    assert row(group(result, "Task summary").table, "Tasks flagged: Gap") == ("2", "2", "2")


def test_a_metric_at_a_milestone_is_its_latest_month_at_or_before_the_milestone(store):
    pid = example_before_step5(store, "Tester")
    later = date(date.today().year + 2, 1, 1)  # logged ahead of time: after every milestone made today

    def log(doc):
        doc.entries = [Entry(month=date(2026, 10, 1), metric="active_caseload", value=12)]
    edit(store, pid, "metric_log", log)
    store.create_milestone(pid, "Baseline", "Tester")
    edit(store, pid, "metric_log",
         lambda doc: doc.entries.append(Entry(month=later, metric="active_caseload", value=30)))
    store.create_milestone(pid, "Later", "Tester")

    metrics = group(trends(store, pid), "Metrics")
    # both milestones were made before `later`: each shows October 2026's 12; now shows the latest month, 30
    assert row(metrics.table, "Active caseload") == ("12", "12", "30")
    assert row(metrics.table, "Active caseload: month") == ("Oct 2026", "Oct 2026", f"Jan {later.year}")
    # October 2026 is before the launch (3 May 2027), so program year 1: the year-1 target of 45 patients
    assert row(metrics.table, "Active caseload: target")[:2] == ("45", "45")
    chart = next(c for c in metrics.charts if c.title.startswith("Active caseload"))
    value, target = chart.series
    assert value.y == (12.0, 12.0, 30.0) and target.y[:2] == (45.0, 45.0)
    # a metric of the monitoring plan with nothing logged is listed, not drawn
    assert row(metrics.table, "New enrollments") == ("not worked out yet",) * 3
    assert not any(c.title.startswith("New enrollments") for c in metrics.charts)
