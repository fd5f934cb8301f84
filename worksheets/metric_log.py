"""The metric log (Step 4): the program's figures month by month, entered by hand or computed from a registry
export, charted against the monitoring plan's targets.

One document holds:
- entries: one per (month, metric): the month (its first day), the figure, the numerator and denominator when
  known, how it was obtained ("entered" or "registry export") and a note;
- imports: one line per month computed from a registry export: the as-of date, the file's name, how many rows
  were read and how many counted as active, the date format used, the status values counted as active and the
  billing rule used. Who imported it and when is in the history, like every save.

No patient row is ever stored: a registry export is read in memory (planning.registry_import) and only the
month's totals reach this document. Nothing here has room for a patient id.

Decisions where the issue was silent:
- A date entered for a month is stored as the first day of its month (2027-05-17 -> May 2027).
- "Not in the future" is checked on Save for figures that are new or moved to another month, against today: a
  month that has begun may be logged (figures as of today). Figures already saved are not checked again, so a
  plan holding fictional future months (the example) can still be edited.
- An import replaces that month's figures for the metrics it computes, whoever entered them, after the page has
  said how many; figures for other metrics (entered by hand) stay. A second import for a month replaces the first
  import's line (the history keeps it).
- A figure the export gives no value for (no measurable patients, say) is not stored; an older figure for that
  metric and month is still replaced, since it no longer matches the month's export. A metric whose column the
  export lacks (GAD-7 not mapped) is left alone: a figure entered by hand for it stays.
- A figure edited by hand becomes "entered" and loses the numerator and denominator it was imported with (they
  no longer explain it).
- Whole numbers: the counts of patients (active caseload, new enrollments, not improving at 10 weeks) and every
  numerator and denominator. Caseload per care manager is a count that may have a fraction (it is divided by
  FTE), so it only has to be 0 or more.
- Off target: a month has a target when the monitoring plan gives one for that month's program year
  (worksheets.metrics.program_year from the plan's target launch). A metric off target in its latest month
  logged and in the calendar month before it is a should-fix finding; it clears when the latest month is on
  target (or has no target).
- Progress: not started with no figure; complete when the latest month logged has a figure for every metric of
  the monitoring plan; in progress otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Iterable, Literal, Mapping, Sequence

from pydantic import Field, field_validator, model_validator

from worksheets import billing_rules as br
from worksheets import financial_model as fm
from worksheets import metrics as mx
from worksheets import run_chart as rc
from worksheets.base import (StrictModel, WorksheetDoc, blank, date_cell, editor_rows, empty_if_blank, fmt_date,
                             new_row_id, required_cell)
from worksheets.checklist import NOTE_MAX
from worksheets.content import Block, Bullets, Heading, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec, saved_or_empty

KIND = "metric_log"
TITLE = "Metric log"
AREA = "Program monitoring"
OWNER_ROLE = "CIT lead"
MAX_ENTRIES = 5_000  # about 25 years of every metric
MAX_IMPORTS = 600
NAME_MAX = 200
STATUS_MAX = 100
MAX_STATUSES = 50

ENTERED, EXPORT = "entered", "registry export"
Source = Literal["entered", "registry export"]
SOURCE_LABELS: dict[str, str] = {ENTERED: "Entered", EXPORT: "Registry export"}

NO_PATIENT_ROWS = "The file is read in memory; only the month's totals are saved, never a patient row."

# counts of patients: whole numbers (caseload per care manager is divided by FTE, so it may have a fraction)
WHOLE: frozenset[str] = frozenset({"active_caseload", "new_enrollments", "not_improving_10wk"})


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def previous_month(d: date) -> date:
    return date(d.year - 1, 12, 1) if d.month == 1 else date(d.year, d.month - 1, 1)


def month_end(d: date) -> date:
    nxt = date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def default_as_of(today: date) -> date:
    """The last day of the previous month: a registry export is usually run for the month just ended."""
    return date.fromordinal(month_start(today).toordinal() - 1)


fmt_month = rc.month_label


def metric_name(metric_id: str) -> str:
    try:
        return mx.metric(metric_id).name
    except KeyError:
        return metric_id


def _number(v: float) -> str:
    return f"{v:g}" if abs(v) < 1e15 else str(v)


# ----------------------------------------------------------------------------------------------
# the document

class Entry(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    month: date = Field(title="month")
    metric: str = Field(min_length=1, max_length=60, title="metric")
    value: float = Field(title="figure")
    numerator: float | None = Field(default=None, title="numerator")
    denominator: float | None = Field(default=None, title="denominator")
    source: Source = Field(default=ENTERED, title="how it was obtained")
    note: str = Field(default="", max_length=NOTE_MAX, title="note")

    @field_validator("month", mode="before")
    @classmethod
    def _month(cls, v: Any) -> Any:
        if blank(v):
            raise ValueError("choose the month")
        d = date_cell(v)
        return month_start(d) if d else d

    @field_validator("metric", mode="before")
    @classmethod
    def _metric(cls, v: Any) -> Any:
        if blank(v):
            raise ValueError("choose the metric")
        if isinstance(v, str):
            key = v.strip()
            if key in mx.METRIC_IDS:
                return key
            by_name = {m.name.casefold(): m.id for m in mx.METRICS}
            if key.casefold() in by_name:
                return by_name[key.casefold()]
        raise ValueError(f"choose a metric from the list (\"{v}\" is not one)")

    _value = field_validator("value", mode="before")(staticmethod(required_cell("enter the month's figure")))

    @field_validator("numerator", "denominator", mode="before")
    @classmethod
    def _optional(cls, v: Any) -> Any:
        return None if blank(v) else v

    _note = field_validator("note", mode="before")(staticmethod(empty_if_blank))

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, v: Any) -> Any:
        return ENTERED if blank(v) else v

    @model_validator(mode="after")
    def _ranges(self):
        m = mx.metric(self.metric)
        where = f"{m.name}, {fmt_month(self.month)}"
        problems = []
        v = self.value
        if v != v or v in (float("inf"), float("-inf")):
            problems.append(f"{where}: enter the figure as a number")
        elif m.unit == "percent" and not 0 <= v <= 100:
            problems.append(f"{where}: a percentage runs from 0 to 100 (you entered {_number(v)})")
        elif v < 0:
            problems.append(f"{where}: the figure cannot be below 0 (you entered {_number(v)})")
        elif self.metric in WHOLE and not float(v).is_integer():
            problems.append(f"{where}: this is a number of patients, so a whole number (you entered {_number(v)})")
        whole = m.unit == "percent" or self.metric in WHOLE  # counts of patients; an average's total need not be
        for name, n in (("numerator", self.numerator), ("denominator", self.denominator)):
            if n is not None and (n != n or n < 0 or (whole and not float(n).is_integer())):
                problems.append(f"{where}: the {name} must be a {'whole ' if whole else ''}number, 0 or more (it "
                                f"is {_number(n)})")
        if (self.numerator is not None and self.denominator is not None and m.unit == "percent"
                and self.numerator > self.denominator):
            problems.append(f"{where}: the numerator ({_number(self.numerator)}) cannot be more than the "
                            f"denominator ({_number(self.denominator)})")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def counted(self) -> str:
        return counted_text(self.metric, self.numerator, self.denominator)


def counted_text(metric_id: str, numerator: float | None, denominator: float | None) -> str:
    """What a figure counted: '34 of 80' (a share), '2,797 min / 71' (an average), '71', or ''."""
    if numerator is None:
        return ""
    if denominator is None:
        return f"{numerator:,.0f}"
    if mx.metric(metric_id).unit == "percent":
        return f"{numerator:,.0f} of {denominator:,.0f}"
    unit = " min" if mx.metric(metric_id).unit == "minutes" else ""
    return f"{numerator:,.0f}{unit} / {denominator:,.0f}"


class ImportRecord(StrictModel):
    """One month computed from a registry export: totals only (who and when: the history)."""

    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    month: date = Field(title="month")
    as_of: date = Field(title="as-of date")
    file_name: str = Field(default="", max_length=NAME_MAX, title="file name")
    rows_read: int = Field(ge=0, title="rows read")
    active: int = Field(ge=0, title="active patients")
    date_format: str = Field(default="", max_length=60, title="date format")
    active_statuses: list[str] = Field(default_factory=list, max_length=MAX_STATUSES,
                                       title="status values counted as active")
    billing_rule: str = Field(default="", max_length=300, title="billing rule used")

    @model_validator(mode="before")
    @classmethod
    def _month_of_as_of(cls, data: Any) -> Any:
        """The month is the as-of date's month (given or not), stored as its first day."""
        if isinstance(data, dict) and blank(data.get("month")) and not blank(data.get("as_of")):
            data = {**data, "month": data["as_of"]}
        return data

    _month = field_validator("month", mode="before")(
        staticmethod(lambda v: month_start(date_cell(v)) if not blank(v) else v))

    @field_validator("active_statuses")
    @classmethod
    def _statuses(cls, v: list[str]) -> list[str]:
        for s in v:
            if len(s) > STATUS_MAX:
                raise ValueError(f"a status value is {len(s):,} characters long, and the most allowed is {STATUS_MAX}")
        return v

    @model_validator(mode="after")
    def _as_of_in_month(self):
        if month_start(self.as_of) != self.month:
            raise ValueError(f"the as-of date ({fmt_date(self.as_of)}) must fall in the month it computes "
                             f"({fmt_month(self.month)})")
        if self.active > self.rows_read:
            raise ValueError(f"{self.active:,} active patients out of {self.rows_read:,} rows read cannot be")
        return self


class MetricLogDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    entries: list[Entry] = Field(default_factory=list, max_length=MAX_ENTRIES, title="figures")
    imports: list[ImportRecord] = Field(default_factory=list, max_length=MAX_IMPORTS, title="registry imports")

    @model_validator(mode="after")
    def _one_per_month_and_metric(self):
        problems = []
        seen: dict[tuple[date, str], int] = {}
        ids: set[str] = set()
        for i, e in enumerate(self.entries, start=1):
            k = (e.month, e.metric)
            if k in seen:
                problems.append(f"the figures hold {metric_name(e.metric)} for {fmt_month(e.month)} twice (rows "
                                f"{seen[k]} and {i}): keep one figure per month for each metric")
            else:
                seen[k] = i
            if e.id in ids:
                problems.append(f"two figures share the row id {e.id}")
            ids.add(e.id)
        months = [r.month for r in self.imports]
        for m in sorted({m for m in months if months.count(m) > 1}):
            problems.append(f"{fmt_month(m)} has two registry imports: keep one")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # ---- reading -----------------------------------------------------------------------------
    def months(self) -> list[date]:
        return sorted({e.month for e in self.entries})

    def metrics_logged(self) -> list[str]:
        """Metric ids with at least one figure, in catalog order."""
        have = {e.metric for e in self.entries}
        return [m for m in mx.METRIC_IDS if m in have]

    def series(self, metric_id: str) -> list[Entry]:
        return sorted((e for e in self.entries if e.metric == metric_id), key=lambda e: e.month)

    def entry(self, month: date, metric_id: str) -> Entry | None:
        return next((e for e in self.entries if e.month == month and e.metric == metric_id), None)

    def import_for(self, month: date) -> ImportRecord | None:
        return next((r for r in self.imports if r.month == month), None)


def _order(entries: Iterable[Entry]) -> list[Entry]:
    index = {m: i for i, m in enumerate(mx.METRIC_IDS)}
    return sorted(entries, key=lambda e: (e.month, index.get(e.metric, 999)))


def canonical(doc: MetricLogDoc) -> MetricLogDoc:
    """The document as stored: figures by month then catalog order, imports by month."""
    return doc.model_copy(update={"entries": _order(doc.entries),
                                  "imports": sorted(doc.imports, key=lambda r: r.month)})


# ----------------------------------------------------------------------------------------------
# editing by hand

EDITOR_COLUMNS = ("id", "month", "metric", "value", "note")


def editor_frame_rows(doc: MetricLogDoc) -> list[dict[str, Any]]:
    """The figures as the page's table shows them: newest month first, catalog order within a month."""
    rows = []
    for e in sorted(_order(doc.entries), key=lambda e: e.month, reverse=True):
        rows.append({"id": e.id, "month": e.month, "metric": e.metric, "value": e.value,
                     "source": SOURCE_LABELS[e.source], "counted": e.counted, "note": e.note})
    return rows


def entries_from_rows(records: Sequence[Mapping[str, Any]], doc: MetricLogDoc) -> list[dict[str, Any]]:
    """Editor rows -> the document's figures, in the table's order (so a problem names the row the user sees).

    A row whose month, metric and figure are as saved keeps how it was obtained and its numerator and
    denominator; a row changed by hand, or new, is "entered"."""
    saved = {e.id: e for e in doc.entries}
    out = []
    for row in editor_rows(list(records), EDITOR_COLUMNS):
        old = saved.get(row["id"]) if row["id"] else None
        entry = {"id": row["id"] or new_row_id(), "month": row["month"], "metric": row["metric"],
                 "value": row["value"], "note": row["note"] or "", "source": ENTERED}
        if old is not None and _same(old, row):
            entry.update(source=old.source, numerator=old.numerator, denominator=old.denominator)
        out.append(entry)
    return out


def _same(old: Entry, row: Mapping[str, Any]) -> bool:
    try:
        month = date_cell(row["month"])
        value = float(row["value"])
    except (TypeError, ValueError):
        return False
    return (month is not None and month_start(month) == old.month and row["metric"] == old.metric
            and abs(value - old.value) < 1e-9)


def problems(new: MetricLogDoc, old: MetricLogDoc, today: date) -> list[str]:
    """What the model cannot check on its own: a figure for a month that has not begun (only figures new or moved
    to another month in this save), an import dated after today."""
    before = {e.id: e.month for e in old.entries}
    out = []
    current = month_start(today)
    for i, e in enumerate(new.entries, start=1):
        if e.month > current and before.get(e.id) != e.month:
            out.append(f"{TITLE}, figures, row {i}: {metric_name(e.metric)} for {fmt_month(e.month)}: that month "
                       f"has not begun yet, so it cannot be logged")
    old_imports = {r.id for r in old.imports}
    for r in new.imports:
        if r.as_of > today and r.id not in old_imports:
            out.append(f"{TITLE}, registry import for {fmt_month(r.month)}: the as-of date {fmt_date(r.as_of)} is "
                       "after today: choose today or an earlier date")
    return out


# ----------------------------------------------------------------------------------------------
# an import: the month's totals from a registry export

@dataclass(frozen=True)
class Computed:
    """One figure of an import, as plain data (what the page keeps between Compute and Save)."""

    metric: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    mapped: bool = True  # False: the export lacks a column this metric needs; the import leaves the metric alone


def _rounded(metric_id: str, value: float | None) -> float | None:
    if value is None:
        return None
    unit = mx.metric(metric_id).unit
    return float(round(value)) if metric_id in WHOLE else round(float(value), 1 if unit in ("percent",
                                                                                           "minutes") else 2)


def replaced_by_import(doc: MetricLogDoc, month: date, metric_ids: Iterable[str]) -> list[Entry]:
    """The figures an import for ``month`` computing ``metric_ids`` would replace."""
    ids = set(metric_ids)
    return [e for e in _order(doc.entries) if e.month == month_start(month) and e.metric in ids]


def replace_sentence(replaced: Sequence[Entry], month: date) -> str:
    """'Dec 2027 already has 7 figures for these metrics (5 from a registry export, 2 entered by hand); saving
    replaces them.' ('' when nothing is replaced)."""
    if not replaced:
        return ""
    n = len(replaced)
    by_export = sum(1 for e in replaced if e.source == EXPORT)
    parts = [f"{by_export} from a registry export" if by_export else "",
             f"{n - by_export} entered by hand" if n - by_export else ""]
    return (f"{fmt_month(month)} already has {n} figure{'s' if n != 1 else ''} for the metrics this import "
            f"computes ({', '.join(p for p in parts if p)}); saving replaces {'it' if n == 1 else 'them'}.")


def with_import(doc: MetricLogDoc, month: date, figures: Iterable[Computed], record: Mapping[str, Any]
                ) -> MetricLogDoc:
    """The document with a month's import in: that month's figures for the metrics computed replaced, the import
    line added (replacing an earlier import for the month). Validated whole: raises pydantic's ValidationError
    (plans.humanize turns it into words)."""
    month = month_start(month)
    figures = [f for f in figures if f.metric in mx.METRIC_IDS and f.mapped]
    computed = {f.metric for f in figures}
    keep = [e for e in doc.entries if not (e.month == month and e.metric in computed)]
    new = [{"month": month, "metric": f.metric, "value": _rounded(f.metric, f.value), "numerator": f.numerator,
            "denominator": f.denominator, "source": EXPORT, "note": f.note[:NOTE_MAX]}
           for f in figures if f.value is not None]
    imports = [r.model_dump() for r in doc.imports if r.month != month] + [{**record, "month": month}]
    return canonical(MetricLogDoc.model_validate({"entries": [e.model_dump() for e in keep] + new,
                                                  "imports": imports}))


@dataclass(frozen=True)
class BillingRule:
    g0512: bool
    words: str  # which rule "billing minimum met" used, in words


def billing_rule(sustainment_doc: Any, as_of: date) -> BillingRule:
    """How the plan bills, for "billing minimum met": the billing method of the sustainment plan's scenario in use,
    with the billing rules of the as-of year (the nearest year the workbook has a table for). G0512 needs 70
    minutes in the first month and 60 later; the standard codes 36 and 31."""
    scenario = sustainment_doc.active() if sustainment_doc is not None else None
    year = min(max(as_of.year, br.YEARS[0]), br.YEARS[-1])
    if scenario is None:
        mode, where = "standard", "no financial scenario is saved yet, so the standard codes"
    else:
        mode = scenario.inputs.billing_mode
        where = (f"the sustainment plan's scenario in use, \"{scenario.name}\" "
                 f"({fm.BILLING_MODE_SHORT.get(mode, mode)}, {year} rules)")
    g0512 = fm.codes_used(mode, year) == (fm.FQHC_CODE,)
    minutes = ("G0512's 70 minutes in the month of the initial assessment, else 60" if g0512
               else "the standard codes' 36 minutes in the month of the initial assessment, else 31")
    return BillingRule(g0512, f"Billing minimum met used {minutes}: {where}.")


# ----------------------------------------------------------------------------------------------
# targets from the monitoring plan

Targets = Mapping[str, Mapping[int, float | None]]


def plan_targets(view: Any) -> dict[str, dict[int, float | None]]:
    """The monitoring plan's targets by metric and program year ({} when there is no monitoring plan yet)."""
    try:
        from worksheets import monitoring  # lazily: the monitoring plan is its own worksheet
    except ImportError:  # pragma: no cover - only while the monitoring plan is not built
        return {}
    doc = view.doc("monitoring")
    if doc is None:
        return {}
    return {k: dict(v) for k, v in monitoring.targets(doc).items()}


def plan_chosen(view: Any) -> list[str]:
    """The metric ids of the monitoring plan, in its order ([] when there is none yet)."""
    try:
        from worksheets import monitoring
    except ImportError:  # pragma: no cover
        return []
    doc = view.doc("monitoring")
    return [m for m in monitoring.chosen(doc) if m in mx.METRIC_IDS] if doc is not None else []


def target_for(targets: Targets, metric_id: str, month: date, launch: date | None) -> float | None:
    by_year = targets.get(metric_id) or {}
    return by_year.get(mx.program_year(month, launch))


def chart_order(doc: MetricLogDoc, chosen: Sequence[str]) -> list[str]:
    """The monitoring plan's metrics first (in its order), then every other metric with figures (catalog order)."""
    out = [m for m in chosen if m in mx.METRIC_IDS]
    return out + [m for m in doc.metrics_logged() if m not in out]


def run_chart(doc: MetricLogDoc, metric_id: str, targets: Targets, launch: date | None) -> rc.RunChart:
    return rc.build(metric_id, [(e.month, e.value) for e in doc.series(metric_id)],
                    lambda m: target_for(targets, metric_id, m, launch), launch)


# ----------------------------------------------------------------------------------------------
# the latest month against the targets, and findings

ON, OFF, NO_TARGET = "On target", "Off target", "No target"


@dataclass(frozen=True)
class Latest:
    metric: str
    month: date | None
    entry: Entry | None
    target: float | None
    year: int | None
    status: str  # ON / OFF / NO_TARGET / "" (nothing logged)
    off_twice: bool  # off target in this month and in the calendar month before


def latest(doc: MetricLogDoc, metric_id: str, targets: Targets, launch: date | None) -> Latest:
    s = doc.series(metric_id)
    if not s:
        return Latest(metric_id, None, None, None, None, "", False)
    last = s[-1]
    year = mx.program_year(last.month, launch)
    target = target_for(targets, metric_id, last.month, launch)
    status = NO_TARGET if target is None else (ON if mx.meets(metric_id, last.value, target) else OFF)
    twice = False
    if status == OFF and len(s) > 1 and s[-2].month == previous_month(last.month):
        before = target_for(targets, metric_id, s[-2].month, launch)
        twice = before is not None and not mx.meets(metric_id, s[-2].value, before)
    return Latest(metric_id, last.month, last, target, year, status, twice)


def latest_rows(doc: MetricLogDoc, order: Sequence[str], targets: Targets, launch: date | None) -> list[Latest]:
    return [latest(doc, m, targets, launch) for m in order]


def status_text(row: Latest) -> str:
    if not row.status:
        return "Nothing logged"
    if row.off_twice:
        return "Off target 2 months in a row"
    return row.status


def findings(doc: MetricLogDoc, targets: Targets, launch: date | None) -> list[Finding]:
    """A metric off target in its latest month logged and the month before it: should fix."""
    out = []
    for m in doc.metrics_logged():
        row = latest(doc, m, targets, launch)
        if not row.off_twice or row.entry is None or row.target is None:
            continue
        metric = mx.metric(m)
        prev = doc.series(m)[-2]
        side = "below" if metric.better == "higher" else "above"
        text = (f"{metric.name} was {side} its target two months in a row: {mx.fmt_value(m, prev.value)} in "
                f"{fmt_month(prev.month)} and {mx.fmt_value(m, row.entry.value)} in {fmt_month(row.month)} "
                f"(target {mx.fmt_value(m, row.target)}).")
        out.append(Finding(
            f"{KIND}:off-target:{m}", KIND, text, "should_fix", item=m,
            action=f"Look at why {metric.name.lower()} is off target at the next caseload or quality review, and "
                   f"agree one change to try before next month's figures.",
            owner_role=OWNER_ROLE, area=f"{AREA}: {metric.name}"))
    return out


# ----------------------------------------------------------------------------------------------
# progress, history, report

def progress(doc: MetricLogDoc | None, chosen: Sequence[str]) -> str:
    if doc is None or not doc.entries:
        return NOT_STARTED
    last = doc.months()[-1]
    wanted = [m for m in chosen if m in mx.METRIC_IDS]
    if wanted and all(doc.entry(last, m) is not None for m in wanted):
        return COMPLETE
    return IN_PROGRESS


def describe(doc: MetricLogDoc) -> str:
    """One line for the history table."""
    months = doc.months()
    if not months:
        return "No figures"
    span = fmt_month(months[0]) if len(months) == 1 else f"{fmt_month(months[0])} to {fmt_month(months[-1])}"
    text = f"{len(doc.entries)} figure{'s' if len(doc.entries) != 1 else ''}, {span}"
    if doc.imports:
        text += f"; {len(doc.imports)} month{'s' if len(doc.imports) != 1 else ''} from a registry export"
    return text


def target_text(metric_id: str, target: float | None, year: int | None) -> str:
    if target is None:
        return "-"
    return f"{mx.fmt_value(metric_id, target)} (year {year})" if year else mx.fmt_value(metric_id, target)


LATEST_COLUMNS = ("Metric", "Month", "Figure", "Counted", "Target", "Status")
LATEST_WIDTHS = (2.2, 1.0, 0.9, 1.0, 1.2, 1.5)
IMPORT_COLUMNS = ("Month", "As of", "File", "Rows read", "Active", "Dates read as", "Counted as active")
IMPORT_WIDTHS = (0.75, 1.0, 2.4, 0.6, 0.65, 1.2, 1.0)
VALUE_COLUMNS_PER_TABLE = 8
WIDE = 5  # more metrics than this: the monthly values go on landscape pages


def latest_table(rows: Sequence[Latest]) -> Table:
    body = tuple((metric_name(r.metric), fmt_month(r.month) if r.month else "-",
                  mx.fmt_value(r.metric, r.entry.value) if r.entry else "-", r.entry.counted if r.entry else "",
                  target_text(r.metric, r.target, r.year), status_text(r)) for r in rows)
    return Table(LATEST_COLUMNS, body, widths=LATEST_WIDTHS,
                 caption="The latest month logged for each metric, against the target for its program year")


def import_rows(doc: MetricLogDoc) -> tuple[tuple[str, ...], ...]:
    return tuple((fmt_month(r.month), fmt_date(r.as_of), r.file_name, f"{r.rows_read:,}", f"{r.active:,}",
                  r.date_format, ", ".join(r.active_statuses)) for r in sorted(doc.imports, key=lambda r: r.month))


def value_tables(doc: MetricLogDoc, order: Sequence[str]) -> list[Table]:
    """The monthly figures: a row per month, a column per metric (several tables when there are many metrics)."""
    months = doc.months()
    logged = [m for m in order if doc.series(m)]
    out = []
    for k in range(0, len(logged), VALUE_COLUMNS_PER_TABLE):
        part = logged[k:k + VALUE_COLUMNS_PER_TABLE]
        rows = []
        for month in months:
            cells = []
            for m in part:
                e = doc.entry(month, m)
                cells.append("" if e is None else mx.fmt_value(m, e.value) + ("*" if e.source == EXPORT else ""))
            rows.append((fmt_month(month), *cells))
        caption = "Monthly figures (* computed from a registry export)"
        if len(logged) > VALUE_COLUMNS_PER_TABLE:
            caption += f", part {k // VALUE_COLUMNS_PER_TABLE + 1}"
        out.append(Table(("Month", *(metric_name(m) for m in part)), tuple(rows),
                         widths=(1.0,) + (1.0,) * len(part), caption=caption))
    return out


def report_section(doc: MetricLogDoc, targets: Targets, chosen: Sequence[str], launch: date | None,
                   revision: int | None = None) -> tuple[Section, ...]:
    """The latest month against the targets with definitions, a run chart per metric with figures (its signals in
    words), the registry imports and the monthly figures (on landscape pages when there are many metrics)."""
    blocks: list[Block] = [Para("Monthly totals only: the workbook never stores a patient row. A month computed from "
                                "a registry export was read in memory, and only its totals were kept.", "muted")]
    months = doc.months()
    if not months:
        blocks.append(Para("Nothing logged yet."))
        return (Section(TITLE, tuple(blocks), revision),)
    order = chart_order(doc, chosen)
    logged = [m for m in order if doc.series(m)]
    blocks.append(Para(f"{len(months)} month{'s' if len(months) != 1 else ''} logged, {fmt_month(months[0])} to "
                       f"{fmt_month(months[-1])}; {len(logged)} metric{'s' if len(logged) != 1 else ''} with "
                       f"figures. Targets come from the monitoring plan, for each month's program year (year 1 "
                       f"starts in the target-launch month)." if len(months) > 1 else
                       f"1 month logged, {fmt_month(months[0])}; {len(logged)} metric"
                       f"{'s' if len(logged) != 1 else ''} with figures. Targets come from the monitoring plan."))
    found = findings(doc, targets, launch)
    if found:
        blocks.append(Para("Off target two months in a row: " + " ".join(f.text for f in found), "warning"))
    rows = latest_rows(doc, order, targets, launch)
    blocks.append(Heading("The latest month against the targets", 3))
    blocks.append(latest_table(rows))
    blocks.append(Heading("Definitions", 3))
    blocks.append(Bullets(tuple(f"{mx.metric(m).name}: {mx.metric(m).definition}" for m in logged)))
    rules = sorted({r.billing_rule for r in doc.imports if r.billing_rule})
    if rules and "billing_minimum_pct" in logged:
        blocks.append(Para(" ".join(rules), "small"))
    blocks.append(Heading("Run charts", 3))
    blocks.append(Para(f"Each chart shows the monthly figures, their median and the target. Signals follow the "
                       f"usual run-chart rules: a shift is {rc.SHIFT_POINTS} or more months in a row on one side of "
                       f"the median (months on the median are skipped); a trend is {rc.TREND_POINTS} or more months "
                       f"in a row each rising, or each falling (a month equal to the one before is skipped). They "
                       f"are read from {rc.MIN_POINTS} months on.", "small"))
    for m in logged:
        chart = run_chart(doc, m, targets, launch)
        blocks.append(rc.chart(chart))
        blocks.append(Para(" ".join(chart.words()), "small"))
    noted = [e for e in _order(doc.entries) if e.note]
    if noted:
        blocks.append(Heading("Notes", 3))
        blocks.append(Table(("Month", "Metric", "Note"),
                            tuple((fmt_month(e.month), metric_name(e.metric), e.note) for e in noted),
                            widths=(1.0, 1.8, 4.2)))
    if doc.imports:
        blocks.append(Heading("Months computed from a registry export", 3))
        blocks.append(Table(IMPORT_COLUMNS, import_rows(doc), widths=IMPORT_WIDTHS,
                            caption="Who imported each month, and when, is in the history."))
    tables = value_tables(doc, order)
    if len(logged) <= WIDE:
        blocks += tables
        return (Section(TITLE, tuple(blocks), revision),)
    return (Section(TITLE, tuple(blocks), revision),
            Section(f"{TITLE}: monthly figures", tuple(tables), revision, landscape=True))


def _report(view: Any) -> tuple[Section, ...]:
    return report_section(saved_or_empty(view, MetricLogDoc), plan_targets(view), plan_chosen(view),
                          view.meta.target_launch, view.version(KIND) or None)


__all__ = [
    "BillingRule", "Computed", "ENTERED", "EXPORT", "Entry", "ImportRecord", "Latest", "MetricLogDoc",
    "NO_PATIENT_ROWS", "billing_rule", "canonical", "counted_text", "chart_order", "default_as_of", "describe",
    "editor_frame_rows", "entries_from_rows", "findings", "fmt_month", "latest", "latest_rows", "month_start",
    "plan_chosen", "plan_targets", "problems", "progress", "replace_sentence", "replaced_by_import",
    "report_section", "run_chart", "status_text", "target_for", "target_text", "with_import",
]


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="metric-log",
    holds="Monthly program figures, entered or computed from a registry export without keeping any patient rows, "
          "charted against targets.",
    icon=":material/stacked_line_chart:", doc=MetricLogDoc,
    progress=lambda v: progress(v.doc(KIND), plan_chosen(v)),
    findings=lambda v: findings(saved_or_empty(v, MetricLogDoc), plan_targets(v), v.meta.target_launch),
    report=_report,
    describe=describe,
)
