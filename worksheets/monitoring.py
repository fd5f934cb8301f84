"""The monitoring plan (Step 4): the program metrics the clinic will watch, their targets and who reviews them.

The team chooses metrics from one catalog (worksheets.metrics: reach, engagement, measurement, caseload review,
outcomes, completion, financial), each with a fixed definition (numerator, denominator, period). For each chosen
metric the plan holds a target for years 1, 2 and 3, how often the team reviews it, who brings it to the review,
where the monthly figure comes from, and a note. Beside each target stands what published programs reached in
practice, with its source, so the targets are ambitious and honest. The Metric log reads the targets through
:func:`targets` and :func:`chosen`.

No patient data is kept here: only metric names, targets and people from the roster.

Decisions where the issue was silent:
- Targets are monthly figures, like the metric log (a share of the caseload in the month, new enrollments in the
  month). The shared vision's yearly goals become monthly targets with metrics.monthly_from_yearly (120 patients
  enrolled a year -> 10 a month; percentages as they are).
- Pre-filling from the shared vision happens when a metric is *chosen*: on Save, a metric that was not in the
  table when the page drew it gets the vision's figures in the targets left empty. Targets the team typed are never
  replaced, and a target the team later clears on a metric already in the plan stays empty. The button "Fill
  targets from the shared vision" fills every empty target of every chosen metric the vision has a goal for.
- Which targets "came from the shared vision" is worked out each time (a target equal to the vision's figure for
  that year), not stored, so it stays true when either side changes.
- The ambitious-target rule: a year-1 target is called ambitious when it is more than 15 percentage points above
  what published programs reached in practice (AMBITIOUS_MARGIN). Only the percentage metrics with a published
  outcome figure have one (REACHED): PHQ-9 response, 42% in New York State's 160-clinic program (the largest
  published program; its own target was 50-60%); PHQ-9 remission, 16% at six months and 32.6% at Penn Medicine
  (the rule uses the higher, so only a target far above both is called ambitious); GAD-7 remission, 39.5% at Penn
  Medicine. So a year-1 response target of 60% is ambitious (42 + 15 = 57 is the limit) and 55% is not. Counts are
  left out: caseloads depend on staffing and population, which the Staffing page checks.
- Targets are checked by the metric's unit: a percentage 0-100, a count a whole number from 0 to 100,000, minutes
  0-600, money $0 or more (up to $100,000,000). A metric may be chosen once.
- How often: monthly, quarterly or every six months; an empty cell is monthly (the metric log is monthly). An
  empty data source is the catalog's usual source.
- A reviewer who has left the roster is refused on Save, naming the metric (like the administrative readiness
  owners); in findings such a metric counts as having no reviewer.
- Findings: no chosen metric with a year-1 target is a blocker (the launch gate lists it); chosen metrics without a
  reviewer or a year-1 target are one should-fix finding listing them; shared-vision goals no chosen metric watches
  are one note.
- The suggested starter set: active caseload, new enrollments, contacted in 30 days, PHQ-9 response, PHQ-9
  remission, reviewed by consultant and billing minimum met, reviewed monthly, each by the first person on the
  roster with the role that usually owns it (SUGGESTED_ROLE), targets from the shared vision where it has goals.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Collection, Iterable, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets import metrics as mx
from worksheets import shared_vision as sv
from worksheets.base import StrictModel, WorksheetDoc, blank, editor_rows, empty_if_blank, fmt_date, new_row_id, \
    none_if_blank
from worksheets.checklist import NOTE_MAX
from worksheets.content import Bullets, Heading, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec, saved_or_empty

KIND = "monitoring"
TITLE = "Monitoring plan"
AREA = "Monitoring plan"
OWNER_ROLE = "CIT lead"
YEARS = (1, 2, 3)
SOURCE_MAX = 200
MAX_COUNT = 100_000
MAX_MINUTES = 600
MAX_MONEY = 100_000_000
AMBITIOUS_MARGIN = 15.0  # percentage points above what published programs reached
NO_REVIEWER = "No reviewer yet"
REMOVED = "(removed from the team)"

MONTHLY, QUARTERLY, SIX_MONTHS = "monthly", "quarterly", "every six months"
Cadence = Literal["monthly", "quarterly", "every six months"]
CADENCES: tuple[str, ...] = (MONTHLY, QUARTERLY, SIX_MONTHS)
CADENCE_LABELS: dict[str, str] = {MONTHLY: "Monthly", QUARTERLY: "Quarterly", SIX_MONTHS: "Every six months"}

NO_PATIENT_DATA = ("No patient data here: the monitoring plan holds metrics, targets and names from the "
                   "implementation team. The monthly figures go in the Metric log, as totals only.")

SUGGESTED: tuple[str, ...] = ("active_caseload", "new_enrollments", "contact_30d_pct", "phq9_response_pct",
                              "phq9_remission_pct", "consultant_reviewed_pct", "billing_minimum_pct")
# the roster role that usually brings a category's figures to the review
SUGGESTED_ROLE: dict[str, str] = {
    "reach": "CIT lead", "engagement": "Behavioral health care manager",
    "measurement": "Behavioral health care manager", "review": "Psychiatric consultant",
    "outcomes": "PCP champion", "completion": "Behavioral health care manager", "financial": "CIT lead",
}
GOAL_LABELS: dict[str, str] = {key: label for key, label, _ in sv.GOAL_MEASURES}


@dataclass(frozen=True)
class Reached:
    """What published programs reached in practice, for the ambitious-target rule (a percentage)."""

    value: float
    words: str  # "about 42%"


REACHED: dict[str, Reached] = {
    "phq9_response_pct": Reached(42.0, "about 42%"),
    "phq9_remission_pct": Reached(33.0, "16% to 33%"),
    "gad7_remission_pct": Reached(40.0, "about 40%"),
}


# ----------------------------------------------------------------------------------------------
# checking a target by the metric's unit

def _fmt(num: float) -> str:
    return f"{num:,.10g}"


def _number(value: Any) -> float | None:
    """None for an empty cell; a float for numbers and numeric text ("45%", "1,200"); ValueError otherwise."""
    if blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("enter a number")
    if isinstance(value, str):
        text = value.strip().rstrip("%").lstrip("$").replace(",", "").strip()
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"enter a number (you entered \"{value}\")") from None
    try:
        num = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"enter a number (you entered \"{value}\")") from None
    if math.isnan(num):
        return None
    if math.isinf(num):
        raise ValueError("enter a number")
    return num


def check_target(metric_id: str, value: Any) -> float | None:
    """A target as typed -> its value, or ValueError in words saying what the metric's unit allows."""
    num = _number(value)
    if num is None:
        return None
    unit = mx.metric(metric_id).unit
    if unit == "percent" and not 0 <= num <= 100:
        raise ValueError(f"a percentage must be between 0 and 100 (you entered {_fmt(num)})")
    if unit == "count":
        if num != int(num) or num < 0:
            raise ValueError(f"enter a whole number of 0 or more (you entered {_fmt(num)})")
        if num > MAX_COUNT:
            raise ValueError(f"enter at most {MAX_COUNT:,} (you entered {_fmt(num)})")
    if unit == "minutes" and not 0 <= num <= MAX_MINUTES:
        raise ValueError(f"enter minutes between 0 and {MAX_MINUTES} (you entered {_fmt(num)})")
    if unit == "money" and not 0 <= num <= MAX_MONEY:
        raise ValueError(f"enter an amount from $0 to ${MAX_MONEY:,} (you entered {_fmt(num)})")
    return num


_BY_NAME = {m.name.casefold(): m.id for m in mx.METRICS}


def _metric_id(value: Any) -> str:
    """A catalog id from an id or a metric's name; ValueError in words otherwise."""
    if blank(value):
        raise ValueError("choose a metric from the catalog")
    text = str(value).strip()
    if text in mx.METRIC_IDS:
        return text
    if text.casefold() in _BY_NAME:
        return _BY_NAME[text.casefold()]
    raise ValueError(f"\"{text}\" is not a metric in the catalog: choose one from the list")


# ----------------------------------------------------------------------------------------------
# the document

class PlanMetric(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    metric: str = Field(max_length=60, title="metric")
    target_y1: float | None = Field(default=None, title="year 1 target")
    target_y2: float | None = Field(default=None, title="year 2 target")
    target_y3: float | None = Field(default=None, title="year 3 target")
    cadence: Cadence = Field(default=MONTHLY, title="how often it is reviewed")
    reviewer: str | None = Field(default=None, max_length=40, title="reviewed by")  # a roster person id
    source: str = Field(default="", max_length=SOURCE_MAX, title="data source")
    note: str = Field(default="", max_length=NOTE_MAX, title="note")

    @model_validator(mode="before")
    @classmethod
    def _metric_and_targets(cls, data: Any) -> Any:
        """The metric first (the targets are checked by its unit); every target problem named with the metric."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        data["metric"] = _metric_id(data.get("metric"))
        name = mx.metric(data["metric"]).name
        problems = []
        for n in YEARS:
            key = f"target_y{n}"
            try:
                data[key] = check_target(data["metric"], data.get(key))
            except ValueError as exc:
                problems.append(f"{name}, year {n} target: {exc}")
        if problems:
            raise ValueError("; ".join(problems))
        if blank(data.get("id")):
            data["id"] = new_row_id()
        return data

    @field_validator("cadence", mode="before")
    @classmethod
    def _cadence(cls, v: Any) -> Any:
        if blank(v):
            return MONTHLY
        if isinstance(v, str):
            text = v.strip().casefold()
            for key, label in CADENCE_LABELS.items():
                if text in (key, label.casefold()):
                    return key
        labels = list(CADENCE_LABELS.values())
        raise ValueError(f"choose {', '.join(labels[:-1])} or {labels[-1]} (you entered \"{v}\")")

    _reviewer = field_validator("reviewer", mode="before")(staticmethod(none_if_blank))
    _text = field_validator("source", "note", mode="before")(staticmethod(empty_if_blank))

    @model_validator(mode="after")
    def _default_source(self):
        if not self.source:
            self.source = mx.metric(self.metric).source
        return self

    def target(self, year: int) -> float | None:
        return {1: self.target_y1, 2: self.target_y2, 3: self.target_y3}[year]

    @property
    def name(self) -> str:
        return mx.metric(self.metric).name


class MonitoringDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    metrics: list[PlanMetric] = Field(default_factory=list, max_length=len(mx.METRICS) + 10,
                                      title="metrics chosen")

    @model_validator(mode="after")
    def _each_metric_once(self):
        rows: dict[str, list[int]] = {}
        for n, row in enumerate(self.metrics, start=1):
            rows.setdefault(row.metric, []).append(n)
        twice = [f"{mx.metric(m).name} is chosen more than once (rows {' and '.join(map(str, ns))}): keep one "
                 f"row per metric" for m, ns in rows.items() if len(ns) > 1]
        if twice:
            raise ValueError("; ".join(twice))
        ids = [r.id for r in self.metrics]
        if len(ids) != len(set(ids)):
            raise ValueError("two rows share the same row id")
        return self

    def row(self, metric_id: str) -> PlanMetric | None:
        return next((r for r in self.metrics if r.metric == metric_id), None)


def _with_rows(doc: MonitoringDoc, rows: Iterable[PlanMetric]) -> MonitoringDoc:
    return MonitoringDoc.model_validate({**doc.model_dump(mode="python"), "metrics": [r.model_dump() for r in rows]})


# ----------------------------------------------------------------------------------------------
# what other worksheets read (the metric log)

def chosen(doc: MonitoringDoc | None) -> list[str]:
    """The metric ids chosen, in the plan's order."""
    return [r.metric for r in doc.metrics] if doc is not None else []


def targets(doc: MonitoringDoc | None) -> dict[str, dict[int, float | None]]:
    """Metric id -> {1: year 1 target, 2: year 2, 3: year 3} for the chosen metrics (None = no target)."""
    return {r.metric: {n: r.target(n) for n in YEARS} for r in doc.metrics} if doc is not None else {}


# ----------------------------------------------------------------------------------------------
# editor rows <-> document

EDITOR_COLUMNS = ("id", "metric", "target_y1", "target_y2", "target_y3", "cadence", "reviewer", "source", "note")


def rows_data(records: Iterable[Mapping[str, Any]], shown: MonitoringDoc | None = None) -> list[dict[str, Any]]:
    """Editor rows -> the document's rows, as typed (the model names anything wrong). Entirely blank rows are
    dropped; a row with anything filled is kept, so a row without a metric is refused by name, not lost. A column
    the table did not show (the data source and note are shown on request) keeps the value of the row with the
    same id in ``shown``, the document the table was drawn from."""
    before = {r.id: r.model_dump() for r in shown.metrics} if shown is not None else {}
    records = [{**{k: v for k, v in before.get(r.get("id"), {}).items() if k not in r}, **r} for r in records]
    out = []
    for row in editor_rows(records, EDITOR_COLUMNS):
        if all(row[k] is None for k in EDITOR_COLUMNS if k != "id"):
            continue
        out.append({k: row[k] for k in EDITOR_COLUMNS if k != "id" or row[k] is not None})
    return out


def reviewer_problems(doc: MonitoringDoc, roster_ids: Collection[str]) -> list[str]:
    """Reviewers no longer on the roster, named by metric, in the words the page shows on Save."""
    roster = set(roster_ids)
    return [f"{TITLE}, {r.name}, reviewed by: this person is no longer on the implementation team. Choose someone "
            f"on the team, or leave it empty." for r in doc.metrics if r.reviewer and r.reviewer not in roster]


# ----------------------------------------------------------------------------------------------
# the shared vision's goals

@dataclass(frozen=True)
class Filled:
    metric: str
    years: tuple[int, ...]
    values: tuple[float, ...]


def vision_targets(vision: sv.SharedVisionDoc | None) -> dict[str, dict[int, float | None]]:
    """The shared vision's goals as monthly targets of the metrics that have one: {metric id: {year: target}}."""
    goals = sv.goals_for_monitoring(vision)
    return {m.id: {n: mx.monthly_from_yearly(m.id, goals[n][m.vision_goal]) for n in YEARS}
            for m in mx.METRICS if m.vision_goal}


def vision_has_goals(vision: sv.SharedVisionDoc | None) -> bool:
    return any(v is not None for per_year in vision_targets(vision).values() for v in per_year.values())


def fill_from_vision(doc: MonitoringDoc, vision: sv.SharedVisionDoc | None,
                     only: Collection[str] | None = None) -> tuple[MonitoringDoc, list[Filled]]:
    """Empty targets of the chosen metrics (or of the metrics in ``only``) filled from the shared vision. A
    target already typed is never replaced. Returns the new document and what was filled."""
    goals = vision_targets(vision)
    rows, filled = [], []
    for r in doc.metrics:
        per_year = goals.get(r.metric)
        if per_year is None or (only is not None and r.metric not in only):
            rows.append(r)
            continue
        update = {f"target_y{n}": per_year[n] for n in YEARS if r.target(n) is None and per_year[n] is not None}
        if update:
            filled.append(Filled(r.metric, tuple(int(k[-1]) for k in update), tuple(update.values())))
            r = r.model_copy(update=update)
        rows.append(r)
    return (_with_rows(doc, rows) if filled else doc), filled


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def filled_sentence(filled: list[Filled]) -> str:
    """'New enrollments, years 1, 2 and 3: 10, 17 and 22; PHQ-9 response, year 1: 40%'."""
    parts = []
    for f in filled:
        years = ("year " if len(f.years) == 1 else "years ") + _and([str(n) for n in f.years])
        parts.append(f"{mx.metric(f.metric).name}, {years}: {_and([mx.fmt_value(f.metric, v) for v in f.values])}")
    return "; ".join(parts)


def nothing_to_fill(doc: MonitoringDoc, vision: sv.SharedVisionDoc | None) -> str:
    """Why the fill button found nothing to fill, in words."""
    if not vision_has_goals(vision):
        return ("The shared vision has no goals for years 1 to 3 yet. Set them on the Shared vision page, then "
                "fill the targets from there.")
    with_goal = [m for m in mx.METRICS if m.vision_goal]
    if not any(doc.row(m.id) for m in with_goal):
        return ("None of the chosen metrics has a goal in the shared vision. The ones that do: "
                + _and([f"{m.name} ({GOAL_LABELS[m.vision_goal].lower()})" for m in with_goal]) + ".")
    return ("Nothing to fill: every target the shared vision sets is already typed in. Typed targets are never "
            "replaced.")


def vision_match(doc: MonitoringDoc, vision: sv.SharedVisionDoc | None
                 ) -> tuple[list[tuple[str, tuple[int, ...]]], list[tuple[str, int, float, float]]]:
    """Targets equal to the shared vision's figure for their year (metric id, years), and targets that differ
    from it (metric id, year, the plan's target, the vision's figure)."""
    goals = vision_targets(vision)
    same, differ = [], []
    for r in doc.metrics:
        per_year = goals.get(r.metric)
        if per_year is None:
            continue
        years = []
        for n in YEARS:
            mine, theirs = r.target(n), per_year[n]
            if mine is None or theirs is None:
                continue
            if math.isclose(mine, theirs):
                years.append(n)
            else:
                differ.append((r.metric, n, mine, theirs))
        if years:
            same.append((r.metric, tuple(years)))
    return same, differ


def _years(years: tuple[int, ...]) -> str:
    if years == YEARS:
        return "years 1-3"
    return ("year " if len(years) == 1 else "years ") + _and([str(n) for n in years])


def vision_lines(doc: MonitoringDoc, vision: sv.SharedVisionDoc | None) -> list[str]:
    """Which targets came from the shared vision, and which differ from it, in sentences."""
    if not vision_has_goals(vision):
        return ["The shared vision has no goals for years 1 to 3 yet, so no target here comes from it."]
    same, differ = vision_match(doc, vision)
    lines = []
    if same:
        lines.append("Targets from the shared vision's goals (patients enrolled a year / 12 gives new enrollments "
                     "a month): " + "; ".join(f"{mx.metric(m).name} ({_years(y)})" for m, y in same) + ".")
    else:
        lines.append("No target here matches the shared vision's goals.")
    if differ:
        lines.append("Different from the shared vision: " + "; ".join(
            f"{mx.metric(m).name}, year {n}: {mx.fmt_value(m, mine)} here, {mx.fmt_value(m, theirs)} from the vision"
            for m, n, mine, theirs in differ) + ".")
    return lines


def unwatched_goals(doc: MonitoringDoc, vision: sv.SharedVisionDoc | None) -> list[str]:
    """Shared-vision goals set for some year that no chosen metric watches: goal keys, in GOAL_MEASURES order."""
    goals = sv.goals_for_monitoring(vision)
    watched = {mx.metric(r.metric).vision_goal for r in doc.metrics}
    return [key for key, _, _ in sv.GOAL_MEASURES
            if key not in watched and any(goals[n][key] is not None for n in YEARS)]


def _watcher(goal: str) -> str:
    return next(m.name for m in mx.METRICS if m.vision_goal == goal)


# ----------------------------------------------------------------------------------------------
# the suggested starter set

def suggested_reviewer(metric_id: str, roles: Mapping[str, str]) -> str | None:
    """The first person on the roster with the role that usually owns the metric's category."""
    role = SUGGESTED_ROLE.get(mx.metric(metric_id).category)
    return next((pid for pid, r in roles.items() if r == role), None)


def with_suggested(doc: MonitoringDoc, roles: Mapping[str, str], vision: sv.SharedVisionDoc | None
                   ) -> tuple[MonitoringDoc, list[str]]:
    """The document with the suggested metrics it does not have yet added at the end (reviewed monthly, a
    reviewer by role, targets from the shared vision). ``roles`` maps roster person ids to roles."""
    added = [m for m in SUGGESTED if doc.row(m) is None]
    rows = list(doc.metrics) + [PlanMetric.model_validate({"metric": m, "cadence": MONTHLY,
                                                           "reviewer": suggested_reviewer(m, roles)})
                                for m in added]
    new = _with_rows(doc, rows)
    new, _ = fill_from_vision(new, vision, only=added)
    return new, added


# ----------------------------------------------------------------------------------------------
# beside each target: what programs reach in practice

def ambitious(metric_id: str, target: float | None) -> str:
    """'Ambitious: published programs reached about 42%.' when a year-1 target is more than AMBITIOUS_MARGIN
    points above what published programs reached; '' otherwise."""
    reached = REACHED.get(metric_id)
    if reached is None or target is None or target <= reached.value + AMBITIOUS_MARGIN:
        return ""
    return f"Ambitious: published programs reached {reached.words}."


def in_practice(metric_id: str) -> str:
    """A few words for the editor's column: the figure reached, 'see below', or '-' (none published)."""
    if metric_id in REACHED:
        return REACHED[metric_id].words
    return "see below" if mx.metric(metric_id).benchmarks else "-"


def ambitious_notes(doc: MonitoringDoc) -> list[str]:
    return [f"{r.name}, year 1 target {mx.fmt_value(r.metric, r.target_y1)}: {note[0].lower()}{note[1:]}"
            for r in doc.metrics if (note := ambitious(r.metric, r.target_y1))]


# ----------------------------------------------------------------------------------------------
# summaries and findings

@dataclass(frozen=True)
class Counts:
    chosen: int
    with_target: int  # a year-1 target
    with_reviewer: int


def counts(doc: MonitoringDoc, roster_ids: Collection[str] | None = None) -> Counts:
    return Counts(len(doc.metrics), sum(1 for r in doc.metrics if r.target_y1 is not None),
                  sum(1 for r in doc.metrics if _has_reviewer(r, roster_ids)))


def _has_reviewer(row: PlanMetric, roster_ids: Collection[str] | None) -> bool:
    return bool(row.reviewer) and (roster_ids is None or row.reviewer in roster_ids)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def findings(doc: MonitoringDoc, vision: sv.SharedVisionDoc | None = None,
             roster_ids: Collection[str] | None = None) -> list[Finding]:
    """No metric with a year-1 target (a blocker before launch); chosen metrics without a reviewer or a year-1
    target (one should-fix finding); shared-vision goals nobody watches (one note). ``roster_ids``: reviewers not
    in it count as none."""
    out: list[Finding] = []

    def add(what: str, text: str, severity: str, action: str) -> None:
        out.append(Finding(f"{KIND}:{what}", KIND, text, severity, action=action,  # type: ignore[arg-type]
                           owner_role=OWNER_ROLE, area=AREA))

    has_target = any(r.target_y1 is not None for r in doc.metrics)
    if not has_target:
        text = ("No monitoring metric is chosen yet, so none has a target." if not doc.metrics else
                f"None of the {_plural(len(doc.metrics), 'chosen metric')} has a year 1 target yet.")
        add("no-target", text, "blocker",
            "Choose the metrics the team will watch and set a year 1 target for each (the shared vision's goals "
            "can fill some).")
    gaps = []
    for r in doc.metrics:
        missing = []
        if not _has_reviewer(r, roster_ids):
            missing.append("no reviewer" if not r.reviewer else "reviewer left the team")
        if has_target and r.target_y1 is None:
            missing.append("no year 1 target")
        if missing:
            gaps.append(f"{r.name} ({' and '.join(missing)})")
    if gaps:
        add("incomplete", f"{_plural(len(gaps), 'chosen metric')} {'lacks' if len(gaps) == 1 else 'lack'} a "
                          f"reviewer or a year 1 target: {'; '.join(gaps)}.", "should_fix",
            "Name who reviews each metric and set its year 1 target.")
    unwatched = unwatched_goals(doc, vision)
    if unwatched:
        one = len(unwatched) == 1
        add("vision-goals", f"The shared vision has {'a goal' if one else 'goals'} the monitoring plan does not "
                            f"watch yet: {_and([GOAL_LABELS[g].lower() for g in unwatched])}. Add "
                            f"{_and([_watcher(g) for g in unwatched])} to watch {'it' if one else 'them'}.", "note",
            f"Add {_and([_watcher(g) for g in unwatched])} to the monitoring plan, so the team sees whether the "
            "clinic reaches the shared vision's goals.")
    return out


def progress(doc: MonitoringDoc | None) -> str:
    """Not started (no metric chosen), complete (every chosen metric has a year-1 target and a reviewer), else
    in progress."""
    if doc is None or not doc.metrics:
        return NOT_STARTED
    done = all(r.target_y1 is not None and r.reviewer for r in doc.metrics)
    return COMPLETE if done else IN_PROGRESS


def describe(doc: MonitoringDoc) -> str:
    """One line for the history table."""
    c = counts(doc)
    if not c.chosen:
        return "no metrics chosen"
    return f"{_plural(c.chosen, 'metric')}, {c.with_target} with a year 1 target, {c.with_reviewer} with a reviewer"


def reviewer_label(person: str | None, people: Mapping[str, str] | None) -> str:
    if not person:
        return NO_REVIEWER
    if people is None:
        return "a team member"
    return people.get(person, REMOVED)


def summary_sentence(c: Counts) -> str:
    if not c.chosen:
        return "No metrics chosen yet."
    return (f"{_plural(c.chosen, 'metric')} chosen, {c.with_target} with a year 1 target, {c.with_reviewer} with a "
            f"reviewer named.")


# ----------------------------------------------------------------------------------------------
# report

def _target(metric_id: str, value: float | None) -> str:
    return mx.fmt_value(metric_id, value) if value is not None else "-"


def metric_cell(metric_id: str) -> str:
    m = mx.metric(metric_id)
    how = "Computed from the registry export." if m.from_export else "Entered by hand each month."
    return f"{m.name} ({mx.CATEGORY_TITLES[m.category]})\n{m.definition}\n{how}"


def report_section(doc: MonitoringDoc, revision: int | None = None, people: Mapping[str, str] | None = None,
                   vision: sv.SharedVisionDoc | None = None, launch: date | None = None) -> Section:
    """The metrics with their definitions, targets, cadence, reviewer and source; which targets came from the
    shared vision; and what published programs reached, with sources, beside each year-1 target."""
    roster = set(people) if people is not None else None
    c = counts(doc, roster)
    year_1 = (f"Year 1 is the 12 months from the target launch ({fmt_date(launch)})." if launch else
              "Year 1 starts at launch (no target launch date is set yet).")
    blocks: list = [Para(f"{summary_sentence(c)} Targets are monthly figures. {year_1}")]
    if not doc.metrics:
        blocks.append(Para("Choose the metrics on the Monitoring plan page; each needs a year 1 target before "
                           "launch.", style="muted"))
    else:
        for line in vision_lines(doc, vision):
            blocks.append(Para(line))
        blocks.append(Table(
            ("Metric and what it counts", "Year 1", "Year 2", "Year 3", "Reviewed", "Reviewed by", "Data source"),
            tuple((metric_cell(r.metric), _target(r.metric, r.target_y1), _target(r.metric, r.target_y2),
                   _target(r.metric, r.target_y3), CADENCE_LABELS[r.cadence], reviewer_label(r.reviewer, people),
                   r.source) for r in doc.metrics),
            widths=(3.6, 0.8, 0.8, 0.8, 1.25, 1.55, 1.6), caption="Metrics, targets and reviews"))
        notes = tuple(f"{r.name}: {r.note}" for r in doc.metrics if r.note)
        if notes:
            blocks.append(Heading("Notes", level=3))
            blocks.append(Bullets(notes))
        blocks.append(Heading("What programs reach in practice"))
        blocks.append(Para(f"Published real-world figures beside each year 1 target. A year 1 target more than "
                           f"{AMBITIOUS_MARGIN:g} percentage points above what published programs reached is "
                           f"marked ambitious.", style="small"))
        rows = []
        for r in doc.metrics:
            target = _target(r.metric, r.target_y1)
            note = ambitious(r.metric, r.target_y1)
            target_cell = f"{target}\n{note}" if note else target
            marks = mx.metric(r.metric).benchmarks
            if not marks:
                rows.append((r.name, target_cell, "No published figure found.", "-"))
            for n, b in enumerate(marks):
                rows.append((r.name if n == 0 else "", target_cell if n == 0 else "", b.text, b.source))
        blocks.append(Table(("Metric", "Our year 1 target", "Published figure", "Source"), tuple(rows),
                            widths=(1.8, 1.6, 4.4, 2.2)))
    items = findings(doc, vision, roster)
    if items:
        blocks.append(Heading("Still open"))
        blocks.append(Bullets(tuple(f.text for f in items)))
    return Section(TITLE, tuple(blocks), revision)


def _vision(view) -> sv.SharedVisionDoc | None:
    doc = view.doc(sv.SharedVisionDoc.KIND)
    return doc if isinstance(doc, sv.SharedVisionDoc) else None


__all__ = [
    "AMBITIOUS_MARGIN", "CADENCES", "CADENCE_LABELS", "Counts", "Filled", "MonitoringDoc", "PlanMetric", "REACHED",
    "SUGGESTED", "ambitious", "ambitious_notes", "check_target", "chosen", "counts", "describe", "fill_from_vision",
    "filled_sentence", "findings", "in_practice", "metric_cell", "nothing_to_fill", "progress", "report_section",
    "reviewer_label", "reviewer_problems", "rows_data", "suggested_reviewer", "summary_sentence", "targets",
    "unwatched_goals", "vision_has_goals", "vision_lines", "vision_match", "vision_targets", "with_suggested",
]


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="monitoring",
    holds="The program metrics the team will watch, each with its definition, targets for years 1 to 3, how often "
          "it is reviewed, by whom, and its data source, beside what published programs reached.",
    icon=":material/query_stats:", doc=MonitoringDoc,
    progress=lambda v: progress(v.doc(KIND)),
    findings=lambda v: findings(saved_or_empty(v, MonitoringDoc), _vision(v), set(v.people())),
    report=lambda v: report_section(saved_or_empty(v, MonitoringDoc), v.version(KIND) or None, people=v.people(),
                                    vision=_vision(v), launch=v.meta.target_launch),
    describe=describe,
)
