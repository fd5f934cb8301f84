"""The plan's headline figures, and how they moved across milestones (issue #11, Step 5).

``figures(view)`` reads the figures a reviewer looks at first from the worksheets' own summary functions (nothing
is worked out again here): readiness by domain and overall, the core principles' ratings, the task summary's flags,
the launch gate's blockers, actions done and open, the financial model's net per year and the care manager FTE of
the scenario in use, and each metric's latest value in the metric log. planning.compare shows the figures that
moved between two points; ``trends()`` lays them out across every milestone (oldest first, "Now" last) as chart
data (worksheets.content.Chart) that the screen (planning.charts.chart_figure) and the PDF draw alike.

Decisions where the issue was silent:
- A milestone's metric value is the latest month logged at or before the day the milestone was made (the metric
  log frozen in the milestone may hold later months entered ahead of time); "Now" takes the latest month logged.
  Its target is the monitoring plan's target for that month's program year (worksheets.metrics.program_year).
- Financial figures are shown only once a scenario is saved on the Sustainment plan (the model's starting
  figures are nobody's plan).
- Trends need at least two milestones; with fewer, the trends say so in words and draw nothing (one milestone
  against now is what the comparison shows).
- Readiness by domain is one bar chart, domains across and one bar per point; it draws the first point and the
  latest three when there are more than four (four colours tell bars apart in print), and the table under it
  lists every point.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from worksheets.content import AxisFormat, Chart, Series, Table
from worksheets.fields import money, num, pct

READINESS = "Readiness"
PRINCIPLES = "Core principles"
TASKS = "Task summary"
GATE = "Launch gate"
ACTIONS = "Action plan"
FINANCE = "Finance and staffing"
METRICS = "Metrics"
GROUPS = (READINESS, PRINCIPLES, TASKS, GATE, ACTIONS, FINANCE, METRICS)

NOW = "Now"
TOO_FEW = "Trends need at least two milestones; make one at each six-month review."
MAX_BARS = 4  # bars per category a printed bar chart tells apart


@dataclass(frozen=True)
class Figure:
    label: str
    group: str
    value: float | None  # None: not worked out yet (nothing rated, nothing logged)
    unit: str = ""  # "%", "$", "FTE", "min" or "" (a count)
    format: AxisFormat = "number"
    note: str = ""  # e.g. the month a metric's value is for: "May 2027"

    def text(self) -> str:
        return show(self.value, self.format, self.unit)


def show(value: float | None, fmt: str = "number", unit: str = "") -> str:
    """75% / $12,400 / 1.25 FTE / 3; "not worked out yet" for None."""
    if value is None:
        return "not worked out yet"
    if fmt == "money":
        return money(value)
    if fmt == "percent":
        return pct(round(value, 1))
    return num(value) + (f" {unit}" if unit else "")


def delta_text(before: float, after: float, fmt: str = "number", unit: str = "") -> str:
    """The difference after - before: +$1,200 / -12.5 points / +2 / +0.25 FTE."""
    d = round(after - before, 6)
    sign = "+" if d > 0 else "-" if d < 0 else ""
    size = abs(d)
    if fmt == "money":
        return sign + money(size)
    if fmt == "percent":
        return f"{sign}{num(size, 1)} points"
    return sign + num(size) + (f" {unit}" if unit else "")


# ----------------------------------------------------------------------------------------------
# the figures of one view

def _readiness(view: Any, out: dict[str, Figure]) -> None:
    from worksheets.checklist import score
    from worksheets.readiness import ReadinessDoc

    s = score(view.doc(ReadinessDoc.KIND) or ReadinessDoc())
    out["readiness:overall"] = Figure("Overall", READINESS, s.percent, "%", "percent")
    for d in s.domains:
        out[f"readiness:{d.domain_id}"] = Figure(f"{d.domain_id}. {d.title}", READINESS, d.percent, "%", "percent")


def _principles(view: Any, out: dict[str, Figure]) -> None:
    from worksheets.principles import NOT_RATED, PrinciplesDoc, counts

    for label, n in counts(view.doc(PrinciplesDoc.KIND) or PrinciplesDoc()).items():
        out[f"principles:{label}"] = Figure("Not rated yet" if label == NOT_RATED else f"Rated {label}",
                                            PRINCIPLES, n)


def _tasks(view: Any, out: dict[str, Figure]) -> None:
    from worksheets import task_summary as ts

    for flag, n in ts.flag_counts(ts.rows(view)).items():
        out[f"task_summary:{flag}"] = Figure(f"Tasks flagged: {flag}", TASKS, n)


def _gate(view: Any, out: dict[str, Figure]) -> None:
    from worksheets.launch_gate import evaluate

    out["launch_gate:blockers"] = Figure("Blockers open", GATE, len(evaluate(view).blockers))


def _actions(view: Any, out: dict[str, Figure]) -> None:
    from worksheets.action_plan import DONE, OPEN_STATUSES, ActionPlanDoc, counts

    c = counts(view.doc(ActionPlanDoc.KIND) or ActionPlanDoc())
    out["actions:done"] = Figure("Actions done", ACTIONS, c[DONE])
    out["actions:open"] = Figure("Actions open", ACTIONS, sum(c[s] for s in OPEN_STATUSES))


def _finance(view: Any, out: dict[str, Figure]) -> None:
    from worksheets import projection, staffing
    from worksheets.sustainment import SustainmentDoc

    sust = view.doc(SustainmentDoc.KIND)
    name, saved, inputs = staffing.scenario_inputs(sust)
    if not saved:
        return
    budget = projection.project(inputs)
    for year in budget.years:
        out[f"finance:net_y{year.year}"] = Figure(f"Net, year {year.year} (scenario in use)", FINANCE, year.net,
                                                  "$", "money", name)
    fig = staffing.figures_of(name, saved, inputs)
    out["staffing:fte"] = Figure("Care manager FTE planned", FINANCE, fig.fte, "FTE", note=name)
    out["staffing:fte_needed"] = Figure("Care manager FTE the caseload needs", FINANCE, round(fig.fte_target, 2),
                                        "FTE", note=name)


def _metric_format(metric_id: str) -> tuple[str, AxisFormat]:
    from worksheets import metrics as mx

    unit = mx.metric(metric_id).unit
    units: dict[str, tuple[str, AxisFormat]] = {"percent": ("%", "percent"), "money": ("$", "money"),
                                                "minutes": ("min", "number")}
    return units.get(unit, ("", "number"))


def metric_values(view: Any, as_of: date | None = None) -> list[tuple[str, Any, float | None]]:
    """(metric id, the entry of its latest month at or before ``as_of`` or None, its target for that month's program
    year): the monitoring plan's metrics first, then every other metric logged."""
    from worksheets import metric_log as ml

    doc = view.doc(ml.KIND) or ml.MetricLogDoc()
    targets = ml.plan_targets(view)
    launch = view.meta.target_launch
    out = []
    for m in ml.chart_order(doc, ml.plan_chosen(view)):
        entries = [e for e in doc.series(m) if as_of is None or e.month <= as_of]
        last = entries[-1] if entries else None
        out.append((m, last, ml.target_for(targets, m, last.month if last else (as_of or date.today()), launch)))
    return out


def _metrics(view: Any, out: dict[str, Figure], as_of: date | None) -> None:
    from worksheets import metrics as mx
    from worksheets.run_chart import month_label

    for m, entry, _target in metric_values(view, as_of):
        unit, fmt = _metric_format(m)
        out[f"metric:{m}"] = Figure(mx.metric(m).name, METRICS, entry.value if entry else None, unit, fmt,
                                    month_label(entry.month) if entry else "")


def figures(view: Any, as_of: date | None = None) -> dict[str, Figure]:
    """The plan's headline figures as of the view, keyed by a stable id, in reading order (GROUPS)."""
    out: dict[str, Figure] = {}
    _readiness(view, out)
    _principles(view, out)
    _tasks(view, out)
    _gate(view, out)
    _actions(view, out)
    _finance(view, out)
    _metrics(view, out, as_of)
    return out


# ----------------------------------------------------------------------------------------------
# trends across milestones

@dataclass(frozen=True)
class Point:
    label: str  # the milestone's name, or "Now"
    on: date  # the day the milestone was made (today for "Now")
    milestone_id: str | None  # None: now
    figures: dict[str, Figure]
    targets: dict[str, float | None] = field(default_factory=dict)  # metric id -> target for the point's month


@dataclass(frozen=True)
class Group:
    title: str
    charts: tuple[Chart, ...]
    table: Table
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trends:
    plan_id: str
    points: tuple[Point, ...]
    groups: tuple[Group, ...]
    message: str = ""  # said instead of charts (fewer than two milestones)

    @property
    def enough(self) -> bool:
        return not self.message


def milestone_day(iso: str) -> date:
    try:
        return datetime.fromisoformat(iso).date()
    except ValueError:
        return date.today()


def point_label(name: str, on: date) -> str:
    return f"{name} ({on.day} {on:%b %Y})"


def _point(view: Any, label: str, on: date, milestone_id: str | None, as_of: date | None) -> Point:
    figs = figures(view, as_of)
    targets = {m: target for m, _entry, target in metric_values(view, as_of)}
    return Point(label, on, milestone_id, figs, targets)


def _series(points: tuple[Point, ...], key: str, name: str) -> Series:
    values = (p.figures.get(key) for p in points)
    return Series(name, tuple(p.label for p in points),
                  tuple(float(f.value) if f is not None and f.value is not None else 0.0 for f in values))


def _table(points: tuple[Point, ...], keys: list[str], caption: str,
           extra: list[tuple[str, list[str]]] | None = None) -> Table:
    rows = []
    for k in keys:
        label = next(p.figures[k].label for p in points if k in p.figures)
        rows.append((label, *(p.figures[k].text() if k in p.figures else "-" for p in points)))
    rows += [(label, *cells) for label, cells in (extra or [])]
    return Table(("Figure", *(p.label for p in points)), tuple(rows), caption=caption)


def _keys(points: tuple[Point, ...], prefix: str) -> list[str]:
    seen: list[str] = []
    for p in points:
        seen += [k for k in p.figures if k.startswith(prefix) and k not in seen]
    return seen


def _readiness_group(points: tuple[Point, ...]) -> Group:
    keys = _keys(points, "readiness:")
    domains = [k for k in keys if k != "readiness:overall"]
    shown = points if len(points) <= MAX_BARS else (points[0],) + points[-(MAX_BARS - 1):]
    labels = tuple(points[-1].figures[k].label.split(". ", 1)[0] for k in domains)
    series = tuple(Series(p.label, labels, tuple(float(p.figures[k].value or 0) for k in domains)) for p in shown)
    by_domain = Chart("Readiness by domain (% of the points possible)", "Domain (see the table for names)",
                      "Readiness (%)", series, kind="bar", y_format="percent")
    overall = Chart("Overall readiness", "", "Readiness (%)", (_series(points, "readiness:overall", "Overall"),),
                    kind="bar", y_format="percent")
    notes = ()
    if len(shown) < len(points):
        notes = (f"The chart by domain shows the first point and the latest {MAX_BARS - 1}; the table lists all "
                 f"{len(points)}.",)
    return Group(READINESS, (overall, by_domain), _table(points, keys, "Readiness score by domain"),
                 notes + ("A domain not rated yet counts as 0 in the charts; the table says \"not worked out yet\".",))


def _simple_group(points: tuple[Point, ...], title: str, prefix: str, chart_title: str, y_label: str) -> Group:
    keys = _keys(points, prefix)
    series = tuple(_series(points, k, points[-1].figures[k].label if k in points[-1].figures else k) for k in keys)
    return Group(title, (Chart(chart_title, "", y_label, series, kind="bar"),), _table(points, keys, chart_title))


def _metric_groups(points: tuple[Point, ...]) -> Group | None:
    from worksheets import metrics as mx

    keys = _keys(points, "metric:")
    if not keys:
        return None
    charts = []
    extra = []
    for k in keys:
        m = k.split(":", 1)[1]
        unit, fmt = _metric_format(m)
        targets = [p.targets.get(m) for p in points]
        # only the points with a month logged are drawn (the table names the others)
        logged = [(p, p.figures[k].value, t) for p, t in zip(points, targets)
                  if k in p.figures and p.figures[k].value is not None]
        if logged:
            xs = tuple(p.label for p, _v, _t in logged)
            series = [Series("Latest month", xs, tuple(float(v) for _p, v, _t in logged))]
            if any(t is not None for _p, _v, t in logged):
                series.append(Series("Target for that program year", xs,
                                     tuple(float(t or 0) for _p, _v, t in logged)))
            charts.append(Chart(f"{mx.metric(m).name}: latest month against the target", "", mx.metric(m).name,
                                tuple(series), kind="bar", y_format=fmt))
        extra.append((f"{mx.metric(m).name}: month",
                      [(p.figures[k].note or "nothing logged") if k in p.figures else "-" for p in points]))
        extra.append((f"{mx.metric(m).name}: target",
                      [show(t, fmt, unit) if t is not None else "no target" for t in targets]))
    rows_table = _table(points, keys, "Each metric's latest month at or before the point, and its target", extra)
    return Group(METRICS, tuple(charts), rows_table,
                 ("A point with nothing logged yet is left out of a metric's chart; the table says \"not worked out "
                  "yet\".",))


def trends(store: Any, plan_id: str, include_now: bool = True, today: date | None = None) -> Trends:
    """Every milestone oldest first (and "Now" last): its figures and the charts of them, group by group."""
    from planning.view import load_view

    today = today or date.today()
    milestones = list(reversed(store.list_milestones(plan_id)))
    if len(milestones) < 2:
        return Trends(plan_id, (), (), TOO_FEW)
    points = []
    for m in milestones:
        on = milestone_day(m.created_at)
        points.append(_point(load_view(store, plan_id, m.id), point_label(m.name, on), on, str(m.id), on))
    if include_now:
        points.append(_point(load_view(store, plan_id), NOW, today, None, None))
    pts = tuple(points)
    groups = [
        _readiness_group(pts),
        _simple_group(pts, PRINCIPLES, "principles:", "Core principles: how many have each rating", "Principles"),
        _simple_group(pts, TASKS, "task_summary:", "Task summary: tasks flagged", "Tasks"),
        _simple_group(pts, GATE, "launch_gate:", "Launch gate: blockers open", "Blockers"),
        _simple_group(pts, ACTIONS, "actions:", "Actions done and open", "Actions"),
    ]
    metric_group = _metric_groups(pts)
    if metric_group is not None:
        groups.append(metric_group)
    return Trends(plan_id, pts, tuple(groups))


__all__ = ["Figure", "GROUPS", "Group", "NOW", "Point", "TOO_FEW", "Trends", "delta_text", "figures",
           "metric_values", "milestone_day", "point_label", "show", "trends"]
