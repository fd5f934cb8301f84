"""Run charts: one metric's monthly values in time order, their median, the target, and the standard signals.

A run chart tells a real change from ordinary month-to-month ups and downs with a few counting rules. We use the
rules the Institute for Healthcare Improvement teaches (Perla, Provost and Murray, "The run chart: a simple
analytical tool for learning from variation in healthcare processes", BMJ Qual Saf 2011):

- **Shift**: 6 or more consecutive points all above, or all below, the median. A point exactly on the median
  neither breaks a shift nor counts towards it (it is skipped).
- **Trend**: 5 or more consecutive points all going up, or all going down. A point equal to the one before it
  neither breaks a trend nor counts towards it (only one of equal neighbours is counted).

Decisions where the issue was silent:
- The median is of every month logged for the metric (not a frozen baseline): simple to explain, and the same on
  screen and in the PDF.
- Signals are read only from 10 points on (the usual advice: with fewer, the median itself is not settled). With
  fewer the chart is still drawn and says how many months it has so far.
- Points are taken in month order; a month with no figure is simply not a point (the next month logged is the
  next point), as on a paper run chart.
- The x axis counts months of the program: month 1 is the target-launch month (the first month logged when the
  plan has no launch date), so the same month has the same number on every chart and in the PDF.
- The target is the one for each month's program year. One target for every month drawn is a reference line; a
  target that changes between years is drawn as a step line (a series named "Target").

Pure: no Streamlit, no storage. Screen (planning.charts.chart_figure) and PDF (planning.report) draw the same
worksheets.content.Chart built here.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from typing import Callable, Literal, Sequence

from worksheets import metrics as mx
from worksheets.content import Chart, RefLine, Series

MIN_POINTS = 10  # signals are read from this many points on
SHIFT_POINTS = 6
TREND_POINTS = 5
EPS = 1e-9

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(month: date) -> str:
    """May 2027."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def span_label(start: date, end: date) -> str:
    """Jan-Jul 2028; Nov 2027-Apr 2028; Mar 2028 for one month."""
    if (start.year, start.month) == (end.year, end.month):
        return month_label(start)
    if start.year == end.year:
        return f"{MONTH_NAMES[start.month - 1]}-{MONTH_NAMES[end.month - 1]} {end.year}"
    return f"{month_label(start)}-{month_label(end)}"


def program_month(month: date, origin: date) -> int:
    """1 for the origin's month, 2 for the next, 0 for the month before."""
    return (month.year - origin.year) * 12 + (month.month - origin.month) + 1


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Signal:
    kind: Literal["shift", "trend"]
    direction: Literal["above", "below", "up", "down"]
    points: int  # points counted
    start: date  # month of the first point counted
    end: date  # month of the last point counted
    skipped: int = 0  # points inside the span not counted (on the median, or equal to the one before)

    def text(self, better: str | None = None) -> str:
        """'Shift: 7 months above the median, Jan-Jul 2028' (+ what it means when ``better`` is given)."""
        span = span_label(self.start, self.end)
        if self.kind == "shift":
            words = f"Shift: {_plural(self.points, 'month')} {self.direction} the median, {span}"
            if self.skipped:
                words += f" ({_plural(self.skipped, 'month')} on the median not counted)"
        else:
            moving = "rising" if self.direction == "up" else "falling"
            words = f"Trend: {_plural(self.points, 'month')} {moving} in a row, {span}"
            if self.skipped:
                words += f" ({_plural(self.skipped, 'month')} equal to the month before not counted)"
        if better in ("higher", "lower"):
            up = self.direction in ("above", "up")
            good = up == (better == "higher")
            words += (": more than chance, in the right direction" if good
                      else ": more than chance, in the wrong direction; look at what changed")
        return words + "."


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def shifts(months: Sequence[date], values: Sequence[float], centre: float, least: int = SHIFT_POINTS) -> list[Signal]:
    """Runs of ``least`` or more points on one side of ``centre``; points on it are skipped (IHI rule)."""
    out: list[Signal] = []
    side: str | None = None
    run: list[int] = []  # indexes of the points counted
    skipped_in_run = 0
    pending_skips = 0  # points on the median since the last counted point

    def close() -> None:
        if side is not None and len(run) >= least:
            out.append(Signal("shift", side, len(run), months[run[0]], months[run[-1]], skipped_in_run))

    for i, v in enumerate(values):
        if abs(v - centre) <= EPS:
            pending_skips += 1
            continue
        here = "above" if v > centre else "below"
        if here == side:
            run.append(i)
            skipped_in_run += pending_skips
        else:
            close()
            side, run, skipped_in_run = here, [i], 0
        pending_skips = 0
    close()
    return out


def trends(months: Sequence[date], values: Sequence[float], least: int = TREND_POINTS) -> list[Signal]:
    """Runs of ``least`` or more points each higher (or each lower) than the one before; a point equal to the one
    before is not counted and does not break the run (IHI rule)."""
    groups: list[tuple[float, int, int]] = []  # (value, first index, last index) of equal neighbours
    for i, v in enumerate(values):
        if groups and abs(v - groups[-1][0]) <= EPS:
            groups[-1] = (groups[-1][0], groups[-1][1], i)
        else:
            groups.append((v, i, i))
    out: list[Signal] = []
    start = 0  # index into groups where the current run starts
    direction: str | None = None
    for g in range(1, len(groups) + 1):
        step = None
        if g < len(groups):
            step = "up" if groups[g][0] > groups[g - 1][0] else "down"
        if step != direction or g == len(groups):
            if direction is not None:
                first, last = groups[start], groups[g - 1]
                count = g - start
                if count >= least:
                    begin, finish = first[2], last[1]  # the last of the first equal group, the first of the last
                    skipped = (finish - begin + 1) - count
                    out.append(Signal("trend", direction, count, months[begin], months[finish], skipped))
            start, direction = g - 1, step
    return out


@dataclass(frozen=True)
class RunChart:
    metric_id: str
    months: tuple[date, ...]
    values: tuple[float, ...]
    targets: tuple[float | None, ...]  # the target of each month's program year; None: no target that year
    origin: date  # program month 1
    launch: date | None
    median: float | None
    signals: tuple[Signal, ...]

    @property
    def enough(self) -> bool:
        return len(self.values) >= MIN_POINTS

    @property
    def xs(self) -> tuple[float, ...]:
        return tuple(float(program_month(m, self.origin)) for m in self.months)

    def words(self) -> list[str]:
        """What the chart shows, in sentences: the signals, or why there are none."""
        if not self.values:
            return ["Nothing logged yet for this metric."]
        better = mx.metric(self.metric_id).better
        if not self.enough:
            return [f"Run-chart signals need at least {MIN_POINTS} months; {_plural(len(self.values), 'month')} "
                    f"logged so far. Keep logging: the chart is drawn meanwhile."]
        if not self.signals:
            return ["No shift or trend: the ups and downs so far look like ordinary month-to-month variation."]
        return [s.text(better) for s in self.signals]

    def tick_labels(self, most: int = 12) -> tuple[tuple[float, ...], tuple[str, ...]]:
        """Where the x axis names months on screen (at most ``most`` labels): positions and 'May 27' texts."""
        step = max(1, -(-len(self.months) // most))
        picked = self.months[::step]
        return (tuple(float(program_month(m, self.origin)) for m in picked),
                tuple(f"{MONTH_NAMES[m.month - 1]} {m.year % 100:02d}" for m in picked))


def build(metric_id: str, points: Sequence[tuple[date, float]], target_of: Callable[[date], float | None],
          launch: date | None) -> RunChart:
    """The run chart of one metric from its (month, value) points (any order; one per month)."""
    pts = sorted(points)
    months = tuple(m for m, _ in pts)
    values = tuple(float(v) for _, v in pts)
    origin = date(launch.year, launch.month, 1) if launch else (months[0] if months else date.today().replace(day=1))
    centre = median(values)
    signals: tuple[Signal, ...] = ()
    if centre is not None and len(values) >= MIN_POINTS:
        found = shifts(months, values, centre) + trends(months, values)
        signals = tuple(sorted(found, key=lambda s: (s.start, s.kind)))
    return RunChart(metric_id, months, values, tuple(target_of(m) for m in months), origin, launch, centre,
                    signals)


_Y_FORMAT = {"percent": "percent", "money": "money", "count": "number", "minutes": "number"}
_Y_UNIT = {"percent": "%", "money": "$", "count": "patients", "minutes": "minutes"}


def x_label(rc: RunChart) -> str:
    first = month_label(rc.origin)
    if rc.launch:
        return f"Month of the program (month 1 = {first}, the launch month)"
    return f"Month (month 1 = {first}, the first month logged)"


def chart(rc: RunChart) -> Chart:
    """The run chart as content: the monthly values, a median line, the target (a line, or a step line when it
    changes by program year)."""
    m = mx.metric(rc.metric_id)
    xs = rc.xs
    series = [Series(m.name, xs, rc.values)]
    lines: list[RefLine] = []
    if rc.median is not None:
        lines.append(RefLine("y", rc.median, f"Median {mx.fmt_value(rc.metric_id, rc.median)}"))
    known = {t for t in rc.targets if t is not None}
    if len(known) == 1 and all(t is not None for t in rc.targets):
        (t,) = known
        lines.append(RefLine("y", t, f"Target {mx.fmt_value(rc.metric_id, t)}"))
    elif known:
        series += _target_steps(xs, rc.targets, rc.metric_id)
    unit = _Y_UNIT[m.unit]
    # the title names the metric already; the axis says what its numbers are
    y_label = {"%": "Per cent", "$": "Dollars"}.get(unit, unit.capitalize())
    return Chart(title=m.name, x_label=x_label(rc), y_label=y_label, series=tuple(series), ref_lines=tuple(lines),
                 x_format="number", y_format=_Y_FORMAT[m.unit])  # type: ignore[arg-type]


def _target_steps(xs: Sequence[float], targets: Sequence[float | None], metric_id: str) -> list[Series]:
    """A step line through each stretch of months with a target: flat from half a month before its first month to
    half a month after its last, with a vertical step half way between two months whose targets differ. Months
    without a target break the line (one series per stretch)."""
    stretches: list[list[tuple[float, float]]] = []
    prev_t: float | None = None
    for x, t in zip(xs, targets):
        if t is None:
            prev_t = None
            continue
        if prev_t is None:
            stretches.append([])
        stretches[-1].append((x, t))
        prev_t = t
    out = []
    for k, stretch in enumerate(stretches):
        px, py = [stretch[0][0] - 0.5], [stretch[0][1]]
        for (x0, t0), (x1, t1) in zip(stretch, stretch[1:]):
            if abs(t1 - t0) > EPS:
                mid = (x0 + x1) / 2
                px += [mid, mid]
                py += [t0, t1]
        px.append(stretch[-1][0] + 0.5)
        py.append(stretch[-1][1])
        name = "Target" if len(stretches) == 1 else f"Target ({k + 1})"
        out.append(Series(name, tuple(px), tuple(py)))
    return out


__all__ = ["MIN_POINTS", "RunChart", "SHIFT_POINTS", "Signal", "TREND_POINTS", "build", "chart", "median",
           "month_label", "program_month", "shifts", "span_label", "trends", "x_label"]
