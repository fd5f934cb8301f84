"""Creating a shared vision for Collaborative Care (Step 1), in our own words.

The team writes down why the clinic is starting Collaborative Care, which conditions and people it
will serve, how it will measure symptoms, which evidence-based treatments it offers and who delivers
them, how the program fits the behavioral health services the clinic already has, goals for years
1 to 3, and a short vision statement the implementation team signs off.

People are stored by their roster id (worksheets.team), never by name. The year 1 to 3 goals are
read by the monitoring plan through :func:`goals_for_monitoring`, so they live in one place.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets.base import StrictModel, WorksheetDoc, fmt_date, new_row_id, with_row_ids
from worksheets.content import Bullets, Heading, KeyValues, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import WorksheetSpec, saved_or_empty

TEXT_MAX = 10_000  # long answers are normal in a plan; the page says so if one is longer
SHORT_MAX = 200
STATEMENT_MAX = 600
MAX_ROWS = 100
MAX_ENROLLED = 100_000

NOT_STARTED, IN_PROGRESS, COMPLETE = "not started", "in progress", "complete"
REMOVED = "(removed from the team)"


# ----------------------------------------------------------------------------------------------
# catalog: conditions, suggested measures, options offered on the page

@dataclass(frozen=True)
class Condition:
    key: str
    label: str
    measure: str  # the validated measure we suggest when the condition is ticked ("" = none suggested)


CONDITIONS: tuple[Condition, ...] = (
    Condition("depression", "Depression", "PHQ-9"),
    Condition("anxiety", "Anxiety disorders", "GAD-7"),
    Condition("ptsd", "PTSD", "PCL-5"),
    Condition("alcohol", "Alcohol use", "AUDIT-C"),
    Condition("substance", "Other substance use", ""),
    Condition("chronic_pain", "Chronic pain", ""),
    Condition("perinatal", "Perinatal mood", ""),
)
OTHER = "other"  # the team's own condition, named in Scope.other_condition
CONDITION_KEYS: tuple[str, ...] = tuple(c.key for c in CONDITIONS)
ConditionKey = Literal["depression", "anxiety", "ptsd", "alcohol", "substance", "chronic_pain", "perinatal"]
MeasureKey = Literal["depression", "anxiety", "ptsd", "alcohol", "substance", "chronic_pain", "perinatal", "other"]

SEVERITY_HELP = ("For example: mild to moderate symptoms that primary care can treat with support; a PHQ-9 or "
                 "GAD-7 of 10 or more at enrollment. Collaborative Care fits mild to moderate illness best.")
EXCLUSION_EXAMPLES = (
    "psychosis or a suspected psychotic disorder",
    "severe or unstable bipolar disorder",
    "high, active suicide risk that needs same-day crisis care",
    "severe substance use that needs detox or specialty treatment",
    "patients already in ongoing specialty mental health care",
)
EXCLUSION_HELP = ("Who goes straight to specialty care instead, and when a patient in the program is stepped up. "
                  "Examples: " + "; ".join(EXCLUSION_EXAMPLES) + ".")
MEASURE_HELP = ("Choose one validated measure per condition and use it at every contact. Common choices: PHQ-9 "
                "(depression), GAD-7 (anxiety), PCL-5 (PTSD), AUDIT-C (alcohol use). For other conditions teams "
                "often use, for example, DAST-10 (drug use), PEG (chronic pain) or EPDS (perinatal mood).")

AGE_GROUPS = ("Adolescents (12-17)", "Young adults (18-25)", "Adults (18-64)", "Older adults (65+)")
SPECIAL_GROUPS = ("Pregnant and postpartum patients", "Patients with diabetes", "Patients with heart disease",
                  "Patients with cancer", "Patients with HIV", "Patients with chronic pain", "Veterans",
                  "Patients experiencing homelessness", "Patients with limited English")
PAYERS = ("Medicare", "Medicaid", "Commercial insurance", "Uninsured / sliding fee",
          "Dual eligible (Medicare and Medicaid)")
LANGUAGES = ("English", "Spanish", "Vietnamese", "Chinese", "Arabic", "Somali", "Russian", "Tagalog",
             "ASL (American Sign Language)")

TREATMENT_SUGGESTIONS = (
    "Medication prescribed by the primary care provider",
    "Behavioral activation",
    "Problem-solving treatment (PST)",
    "Brief cognitive behavioral therapy (CBT)",
    "Interpersonal counseling or therapy (IPC / IPT)",
    "Motivational interviewing (MI)",
)
DELIVERER_ROLES = (
    "Primary care provider", "Behavioral health care manager", "Psychiatric consultant", "Co-located therapist",
    "Behavioral health consultant", "Nurse", "Clinical pharmacist", "Other",
)
SERVICE_EXAMPLES = ("co-located therapists", "behavioral health consultants", "on-site or off-site psychiatry",
                    "community mental health center", "substance use programs", "crisis services")
FUTURES = ("Stays", "Changes", "Ends")
Future = Literal["Stays", "Changes", "Ends"]

# The goals the monitoring plan reads (key, label, unit)
GOAL_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("patients_enrolled", "Patients enrolled", "patients"),
    ("follow_up_rate_pct", "Follow-up rate", "%"),
    ("improved_pct", "Share improved", "%"),
)
YEARS = (1, 2, 3)


def condition(key: str) -> Condition:
    return next(c for c in CONDITIONS if c.key == key)


def suggested_measure(key: str) -> str:
    """The validated measure we suggest for a condition ('' when we suggest none)."""
    return next((c.measure for c in CONDITIONS if c.key == key), "")


# ----------------------------------------------------------------------------------------------
# validators with plain messages

def _required(value: str, what: str) -> str:
    if not value:
        raise ValueError(f"this cannot be empty: {what}")
    return value


def _fmt(num: float) -> str:
    return f"{num:g}"


def _number_or_none(v: Any) -> float | None:
    """None for blanks (including pandas' NaN); a float for numbers and numeric text."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool):
        raise ValueError("enter a number")
    if isinstance(v, str):
        try:
            v = float(v.strip().rstrip("%").replace(",", ""))
        except ValueError:
            raise ValueError(f"enter a number (you entered '{v}')") from None
    try:
        num = float(v)
    except (TypeError, ValueError):
        raise ValueError("enter a number") from None
    if math.isnan(num):
        return None
    if math.isinf(num):
        raise ValueError("enter a number")
    return num


# ----------------------------------------------------------------------------------------------
# the document

class Why(StrictModel):
    problem: str = Field(default="", max_length=TEXT_MAX, title="the problem we want to solve")
    mission_link: str = Field(default="", max_length=TEXT_MAX, title="link to our mission and quality improvement")


class Scope(StrictModel):
    conditions: list[ConditionKey] = Field(default_factory=list, title="conditions in scope")
    other_condition: str = Field(default="", max_length=120, title="other condition")
    severity: str = Field(default="", max_length=TEXT_MAX, title="severity range")
    exclusions: str = Field(default="", max_length=TEXT_MAX, title="exclusions and step-up criteria")

    @field_validator("conditions")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        # keep the catalog's order, drop repeats
        return [k for k in CONDITION_KEYS if k in v]


class Populations(StrictModel):
    age_groups: list[str] = Field(default_factory=list, max_length=30, title="age groups")
    special_groups: list[str] = Field(default_factory=list, max_length=30, title="special groups")
    payers: list[str] = Field(default_factory=list, max_length=30, title="payer groups")
    languages: list[str] = Field(default_factory=list, max_length=30, title="languages")
    sites: list[str] = Field(default_factory=list, max_length=30, title="sites")
    pilot: str = Field(default="", max_length=TEXT_MAX, title="pilot providers or panels")
    notes: str = Field(default="", max_length=TEXT_MAX, title="other notes on who is served")

    @field_validator("age_groups", "special_groups", "payers", "languages", "sites")
    @classmethod
    def _clean(cls, v: list[str]) -> list[str]:
        out: list[str] = []
        for item in v:
            item = str(item).strip()
            if len(item) > 120:
                raise ValueError(f"'{item[:40]}…' is longer than 120 characters")
            if item and item not in out:
                out.append(item)
        return out


class MeasureRow(StrictModel):
    condition: MeasureKey = Field(title="condition")
    measure: str = Field(default="", max_length=120, title="validated measure")
    note: str = Field(default="", max_length=TEXT_MAX, title="note")


class TreatmentRow(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    treatment: str = Field(max_length=SHORT_MAX, title="treatment")
    person_id: str | None = Field(default=None, max_length=40, title="who delivers (person)")
    role: str = Field(default="", max_length=120, title="who delivers (role)")
    training: str = Field(default="", max_length=TEXT_MAX, title="training needed")

    @field_validator("treatment")
    @classmethod
    def _name(cls, v: str) -> str:
        return _required(v, "write the treatment's name")

    @field_validator("person_id")
    @classmethod
    def _blank_person(cls, v: str | None) -> str | None:
        return v or None

    @model_validator(mode="after")
    def _one_deliverer(self):
        if self.person_id and self.role:
            raise ValueError("who delivers: pick one person or one role, not both")
        return self


class ServiceRow(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    service: str = Field(max_length=SHORT_MAX, title="service")
    future: Future | None = Field(default=None, title="stays, changes or ends")
    what_changes: str = Field(default="", max_length=TEXT_MAX, title="what changes")
    refer_in: str = Field(default="", max_length=TEXT_MAX, title="referral into Collaborative Care")
    refer_out: str = Field(default="", max_length=TEXT_MAX, title="referral out of Collaborative Care")

    @field_validator("service")
    @classmethod
    def _name(cls, v: str) -> str:
        return _required(v, "write the service's name")


class YearGoals(StrictModel):
    patients_enrolled: int | None = Field(default=None, ge=0, le=MAX_ENROLLED, title="patients enrolled")
    follow_up_rate_pct: float | None = Field(default=None, ge=0, le=100, title="follow-up rate (%)")
    improved_pct: float | None = Field(default=None, ge=0, le=100, title="share improved (%)")

    @field_validator("patients_enrolled", mode="before")
    @classmethod
    def _whole(cls, v: Any) -> int | None:
        num = _number_or_none(v)
        if num is None:
            return None
        if num != int(num):
            raise ValueError(f"enter a whole number of patients (you entered {_fmt(num)})")
        if num < 0:
            raise ValueError(f"the number of patients cannot be negative (you entered {_fmt(num)})")
        if num > MAX_ENROLLED:
            raise ValueError(f"enter at most {MAX_ENROLLED:,} patients (you entered {_fmt(num)})")
        return int(num)

    @field_validator("follow_up_rate_pct", "improved_pct", mode="before")
    @classmethod
    def _percent(cls, v: Any) -> float | None:
        num = _number_or_none(v)
        if num is None:
            return None
        if not 0 <= num <= 100:
            raise ValueError(f"a percentage must be between 0 and 100 (you entered {_fmt(num)})")
        return num

    def is_empty(self) -> bool:
        return self.patients_enrolled is None and self.follow_up_rate_pct is None and self.improved_pct is None


class Goals(StrictModel):
    year_1: YearGoals = Field(default_factory=YearGoals, title="year 1")
    year_2: YearGoals = Field(default_factory=YearGoals, title="year 2")
    year_3: YearGoals = Field(default_factory=YearGoals, title="year 3")

    def year(self, n: int) -> YearGoals:
        return {1: self.year_1, 2: self.year_2, 3: self.year_3}[n]


class Vision(StrictModel):
    statement: str = Field(default="", max_length=STATEMENT_MAX, title="vision statement")
    signed_by: list[str] = Field(default_factory=list, max_length=100, title="signed off by")
    signed_on: date | None = Field(default=None, title="sign-off date")

    @field_validator("signed_by")
    @classmethod
    def _ids(cls, v: list[str]) -> list[str]:
        out: list[str] = []
        for pid in v:
            pid = str(pid).strip()
            if len(pid) > 40:
                raise ValueError("a person id is longer than 40 characters")
            if pid and pid not in out:
                out.append(pid)
        return out


class SharedVisionDoc(WorksheetDoc):
    KIND: ClassVar[str] = "shared_vision"
    TITLE: ClassVar[str] = "Shared vision"
    # format 2 gave treatment and service rows stable ids (two people's edits are merged row by row)
    MIGRATIONS: ClassVar[dict] = {1: lambda d: {**d, "treatments": with_row_ids(d.get("treatments", [])),
                                                "services": with_row_ids(d.get("services", []))}}

    schema_version: Literal[2] = 2
    why: Why = Field(default_factory=Why, title="why we are doing this")
    scope: Scope = Field(default_factory=Scope, title="conditions and exclusions")
    populations: Populations = Field(default_factory=Populations, title="populations served")
    measures: list[MeasureRow] = Field(default_factory=list, max_length=20, title="measures")
    treatments: list[TreatmentRow] = Field(default_factory=list, max_length=MAX_ROWS,
                                           title="evidence-based treatments")
    services: list[ServiceRow] = Field(default_factory=list, max_length=MAX_ROWS,
                                       title="existing behavioral health services")
    goals: Goals = Field(default_factory=Goals, title="goals")
    vision: Vision = Field(default_factory=Vision, title="vision and sign-off")

    @field_validator("measures")
    @classmethod
    def _one_measure_per_condition(cls, v: list[MeasureRow]) -> list[MeasureRow]:
        seen: set[str] = set()
        for row in v:
            if row.condition in seen:
                label = "The other condition" if row.condition == OTHER else condition(row.condition).label
                raise ValueError(f"{label} is listed twice (keep one measure per condition)")
            seen.add(row.condition)
        return v

    # convenience ---------------------------------------------------------------------------
    def in_scope(self) -> list[str]:
        """Condition keys in scope, in catalog order, 'other' last when named."""
        keys = list(self.scope.conditions)
        if self.scope.other_condition:
            keys.append(OTHER)
        return keys

    def measure_for(self, key: str) -> str:
        return next((m.measure for m in self.measures if m.condition == key), "")

    def measure_note(self, key: str) -> str:
        return next((m.note for m in self.measures if m.condition == key), "")


def condition_label(doc: SharedVisionDoc, key: str) -> str:
    if key == OTHER:
        return doc.scope.other_condition or "Other condition"
    return condition(key).label


# ----------------------------------------------------------------------------------------------
# measure suggestions

def apply_measure_suggestions(new: SharedVisionDoc, old: SharedVisionDoc | None = None
                              ) -> tuple[SharedVisionDoc, list[tuple[str, str]]]:
    """Suggest a validated measure for each condition just ticked that has no measure yet.

    Only conditions newly in scope (not in scope in ``old``) get a suggestion, so a measure the team
    cleared on purpose is not put back. Returns the new document and (condition label, measure) pairs
    that were suggested. The team can change any of them.
    """
    before = set(old.in_scope()) if old is not None else set()
    rows = {m.condition: m for m in new.measures}
    added: list[tuple[str, str]] = []
    for key in new.in_scope():
        if key in before or (key in rows and rows[key].measure):
            continue
        measure = suggested_measure(key)
        if not measure:
            continue
        note = rows[key].note if key in rows else ""
        rows[key] = MeasureRow(condition=key, measure=measure, note=note)
        added.append((condition_label(new, key), measure))
    if not added:
        return new, []
    order = CONDITION_KEYS + (OTHER,)
    measures = sorted(rows.values(), key=lambda m: order.index(m.condition))
    return new.model_copy(update={"measures": measures}), added


def measure_rows(doc: SharedVisionDoc) -> list[dict[str, str]]:
    """One row per condition in scope: key, condition label, measure (saved, else ''), note, suggestion."""
    return [{"key": k, "condition": condition_label(doc, k), "measure": doc.measure_for(k),
             "note": doc.measure_note(k), "suggested": suggested_measure(k)} for k in doc.in_scope()]


# ----------------------------------------------------------------------------------------------
# people

def person_label(person_id: str | None, people: Mapping[str, str] | None) -> str:
    """A roster label for a person id; REMOVED when the id is no longer on the roster."""
    if not person_id:
        return ""
    if people is None:
        return "a team member"
    return people.get(person_id, REMOVED)


def deliverer_label(row: TreatmentRow, people: Mapping[str, str] | None) -> str:
    if row.person_id:
        return person_label(row.person_id, people)
    return row.role


# ----------------------------------------------------------------------------------------------
# editing: rows from the page's table editors -> document data (validated by SharedVisionDoc)

ROLE_PREFIX = "role:"


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    try:
        if v != v:  # pandas NA and NaT
            return ""
    except (TypeError, ValueError):
        return ""
    return str(v).strip()


def _cell(v: Any) -> Any:
    """A numeric cell: None for blanks (None, NaN, pandas NA), otherwise the value unchanged."""
    if v is None:
        return None
    try:
        if v != v:
            return None
    except (TypeError, ValueError):
        return None
    return v


def who_value(row: TreatmentRow) -> str | None:
    """The single 'who delivers' cell: a person id, 'role:<role>', or None."""
    if row.person_id:
        return row.person_id
    return ROLE_PREFIX + row.role if row.role else None


def who_options(doc: SharedVisionDoc, people: Mapping[str, str]) -> list[str]:
    """Choices for 'who delivers': roster people, then roles, then removed people still referred to."""
    removed = [r.person_id for r in doc.treatments if r.person_id and r.person_id not in people]
    return list(people) + [ROLE_PREFIX + r for r in DELIVERER_ROLES] + list(dict.fromkeys(removed))


def who_label(value: str | None, people: Mapping[str, str]) -> str:
    if not value:
        return ""
    if value.startswith(ROLE_PREFIX):
        return f"Role: {value[len(ROLE_PREFIX):]}"
    return person_label(value, people)


def treatments_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Editor rows (id, treatment, who, training) -> treatment rows; entirely blank rows are skipped.

    A row with any cell filled is kept, so a row with no treatment name is refused with a message naming
    it rather than dropped. Saved rows keep their id; new rows get one.
    """
    out = []
    for row in rows:
        treatment, who, training = _text(row.get("treatment")), _text(row.get("who")), _text(row.get("training"))
        if not (treatment or who or training):
            continue
        person, role = (None, who[len(ROLE_PREFIX):]) if who.startswith(ROLE_PREFIX) else (who or None, "")
        out.append({"id": _text(row.get("id")) or new_row_id(), "treatment": treatment, "person_id": person,
                    "role": role, "training": training})
    return out


def services_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Editor rows -> service rows; entirely blank rows are skipped."""
    out = []
    for row in rows:
        vals = {k: _text(row.get(k)) for k in ("service", "future", "what_changes", "refer_in", "refer_out")}
        if not any(vals.values()):
            continue
        vals["future"] = vals["future"] or None
        out.append({"id": _text(row.get("id")) or new_row_id(), **vals})
    return out


def measures_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Editor rows (key, measure, note) -> measure rows; rows with neither measure nor note are dropped."""
    out = []
    for row in rows:
        measure, note = _text(row.get("measure")), _text(row.get("note"))
        if measure or note:
            out.append({"condition": _text(row.get("key")), "measure": measure, "note": note})
    return out


def vision_data(statement: str, signed_by: list[str], signed_on: date | None, today: date) -> dict[str, Any]:
    """The vision part as typed. A sign-off with no date is dated today; no one signing means no date."""
    return {"statement": statement, "signed_by": list(signed_by),
            "signed_on": signed_on or (today if signed_by else None)}


def goals_data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Editor rows (one per year, in order) -> goals data; blanks become None."""
    out = {}
    for n, row in zip(YEARS, rows):
        out[f"year_{n}"] = {k: _cell(row.get(k)) for k, _, _ in GOAL_MEASURES}
    return out


# ----------------------------------------------------------------------------------------------
# summaries

def goals_for_monitoring(doc: SharedVisionDoc | None) -> dict[int, dict[str, float | int | None]]:
    """The year 1, 2 and 3 targets as plain data, for the monitoring plan (one source of truth).

    ``{1: {"patients_enrolled": 120, "follow_up_rate_pct": 80.0, "improved_pct": 50.0}, 2: ..., 3: ...}``;
    a target not set yet is None. Labels and units are in GOAL_MEASURES.
    """
    goals = doc.goals if doc is not None else Goals()
    return {n: goals.year(n).model_dump() for n in YEARS}


def _year_1_missing(doc: SharedVisionDoc) -> list[str]:
    y1 = doc.goals.year_1
    labels = {"patients_enrolled": "patients enrolled", "follow_up_rate_pct": "follow-up rate",
              "improved_pct": "share improved"}
    return [labels[k] for k, _, _ in GOAL_MEASURES if getattr(y1, k) is None]


def _required_open(doc: SharedVisionDoc) -> list[str]:
    out = []
    if not doc.why.problem:
        out.append("Why the clinic is doing this is not written yet")
    if not doc.in_scope():
        out.append("No conditions chosen yet")
    for key in doc.in_scope():
        if not doc.measure_for(key):
            hint = suggested_measure(key)
            out.append(f"No measure chosen for {condition_label(doc, key)}" + (f" (suggested: {hint})" if hint else ""))
    missing = _year_1_missing(doc)
    if missing:
        out.append("Year 1 goals not set: " + ", ".join(missing))
    if not doc.vision.statement:
        out.append("Vision statement not written yet")
    if not doc.vision.signed_by:
        out.append("Vision not signed off yet")
    elif doc.vision.signed_on is None:
        out.append("Sign-off date missing")
    return out


def findings(doc: SharedVisionDoc) -> list[Finding]:
    """Empty vision parts: the why, conditions and their measures, year 1 goals, statement, sign-off."""
    kind = SharedVisionDoc.KIND
    area = "Shared vision"
    out: list[Finding] = []

    def add(what: str, text: str, severity: str, action: str, item: str = "", owner: str = "CIT lead") -> None:
        out.append(Finding(f"{kind}:{what}", kind, text, severity, item=item, action=action,  # type: ignore[arg-type]
                           owner_role=owner, area=area))

    if not doc.why.problem:
        add("why", "Why the clinic is doing this is not written yet.", "should_fix",
            "Write down, with the team, the problem Collaborative Care should solve for the clinic.")
    if not doc.in_scope():
        add("conditions", "No conditions chosen yet.", "blocker",
            "Choose the conditions the program will treat first (most clinics start with depression).",
            owner="PCP champion")
    for key in doc.in_scope():
        if not doc.measure_for(key):
            hint = suggested_measure(key)
            add(f"measure:{key}", f"No measure chosen for {condition_label(doc, key)}"
                + (f" (suggested: {hint})." if hint else "."), "blocker",
                f"Choose a validated measure for {condition_label(doc, key)}"
                + (f", for example {hint}." if hint else "."), item=key, owner="Behavioral health care manager")
    missing = _year_1_missing(doc)
    if missing:
        add("year-1-goals", "Year 1 goals not set: " + ", ".join(missing) + ".", "should_fix",
            "Set the year 1 targets (patients enrolled, follow-up rate, share improved).")
    if not doc.vision.statement:
        add("statement", "Vision statement not written yet.", "should_fix",
            "Draft the one- or two-sentence vision statement and agree it with the team.")
    if not doc.vision.signed_by:
        add("sign-off", "Vision not signed off yet.", "should_fix",
            "Ask the implementation team to read and sign off the vision.")
    elif doc.vision.signed_on is None:
        add("sign-off-date", "Sign-off date missing.", "note", "Record the date the team signed off the vision.")
    for row in doc.treatments:
        if not row.person_id and not row.role:
            add(f"deliverer:{row.id}", f"No one named to deliver {row.treatment}.", "note",
                f"Name who will deliver {row.treatment}.", item=row.id)
    for row in doc.services:
        if row.future is None:
            add(f"service:{row.id}", f"Decide whether {row.service} stays, changes or ends.", "note",
                f"Decide the future of {row.service} once Collaborative Care starts.", item=row.id)
    return out


def is_empty(doc: SharedVisionDoc) -> bool:
    return doc.model_dump(mode="json") == SharedVisionDoc().model_dump(mode="json")


def progress(doc: SharedVisionDoc | None) -> str:
    """'complete' = why written, at least one condition, a measure for each, year 1 goals, statement, sign-off."""
    if doc is None or is_empty(doc):
        return NOT_STARTED
    return IN_PROGRESS if _required_open(doc) else COMPLETE


def signoff_warnings(doc: SharedVisionDoc) -> list[str]:
    """Shown when someone records a sign-off that is not yet meaningful."""
    if not doc.vision.signed_by:
        return []
    out = []
    if not doc.vision.statement:
        out.append("The vision statement is empty: the sign-off is recorded, but write the statement and "
                   "have the team confirm it.")
    return out


def describe(doc: SharedVisionDoc) -> str:
    """One line for the history table."""
    parts = [f"{len(doc.in_scope())} condition{'s' if len(doc.in_scope()) != 1 else ''}",
             f"{len(doc.treatments)} treatment{'s' if len(doc.treatments) != 1 else ''}",
             "statement written" if doc.vision.statement else "no statement",
             "signed off" if doc.vision.signed_by else "not signed off"]
    return ", ".join(parts)


# ----------------------------------------------------------------------------------------------
# report

def _num(v: float | int | None, unit: str) -> str:
    if v is None:
        return "-"
    if unit == "%":
        return f"{v:g}%"
    return f"{int(v):,}"


def _list(items: list[str]) -> str:
    return ", ".join(items) if items else "-"


def _date(d: date | None) -> str:
    return fmt_date(d, "-")


def report_section(doc: SharedVisionDoc, revision: int | None = None,
                   people: Mapping[str, str] | None = None) -> Section:
    """Every part of the worksheet as paragraphs and tables. ``people`` maps roster ids to labels."""
    blocks: list = []
    if doc.vision.statement:
        blocks.append(Para(f"Our vision: {doc.vision.statement}"))

    blocks.append(Heading("Why we are doing this"))
    blocks.append(KeyValues((("The problem we want to solve", doc.why.problem or "Not written yet."),
                             ("Link to our mission and quality improvement", doc.why.mission_link or "-"))))

    blocks.append(Heading("Conditions in scope"))
    labels = [condition_label(doc, k) for k in doc.in_scope()]
    blocks.append(Bullets(tuple(labels)) if labels else Para("No conditions chosen yet.", style="muted"))
    blocks.append(KeyValues((("Severity range", doc.scope.severity or "-"),
                             ("Exclusions and step-up criteria", doc.scope.exclusions or "-"))))

    p = doc.populations
    blocks.append(Heading("Populations served"))
    blocks.append(KeyValues((("Age groups", _list(p.age_groups)), ("Special groups", _list(p.special_groups)),
                             ("Payer groups", _list(p.payers)), ("Languages", _list(p.languages)),
                             ("Sites", _list(p.sites)), ("Pilot providers or panels", p.pilot or "-"),
                             ("Other notes", p.notes or "-"))))

    blocks.append(Heading("Measures for each condition"))
    blocks.append(Table(("Condition", "Validated measure", "Note"),
                        tuple((r["condition"], r["measure"] or "Not chosen yet", r["note"])
                              for r in measure_rows(doc)), widths=(2.5, 2, 4)))

    blocks.append(Heading("Evidence-based treatments offered"))
    blocks.append(Table(("Treatment", "Who delivers", "Training needed"),
                        tuple((r.treatment, deliverer_label(r, people) or "Not named yet", r.training)
                              for r in doc.treatments), widths=(3, 2.5, 3.5)))

    blocks.append(Heading("Existing behavioral health services"))
    blocks.append(Table(("Service", "Future", "What changes", "Referral into CoCM", "Referral out of CoCM"),
                        tuple((r.service, r.future or "Not decided", r.what_changes, r.refer_in, r.refer_out)
                              for r in doc.services), widths=(2, 1.1, 2.4, 2.4, 2.4)))

    blocks.append(Heading("Goals for years 1 to 3"))
    g = goals_for_monitoring(doc)
    blocks.append(Table(("Goal",) + tuple(f"Year {n}" for n in YEARS),
                        tuple((label,) + tuple(_num(g[n][key], unit) for n in YEARS)
                              for key, label, unit in GOAL_MEASURES), widths=(3, 1.5, 1.5, 1.5)))

    blocks.append(Heading("Vision statement and sign-off"))
    blocks.append(Para(doc.vision.statement or "Not written yet.",
                       style="body" if doc.vision.statement else "muted"))
    signers = [person_label(pid, people) for pid in doc.vision.signed_by]
    blocks.append(KeyValues((("Signed off by", _list(signers)), ("Date", _date(doc.vision.signed_on)))))

    items = findings(doc)
    if items:
        blocks.append(Heading("Still open"))
        blocks.append(Bullets(tuple(f.text for f in items)))
    return Section(SharedVisionDoc.TITLE, tuple(blocks), revision)


__all__ = [
    "CONDITIONS", "COMPLETE", "DELIVERER_ROLES", "GOAL_MEASURES", "IN_PROGRESS", "NOT_STARTED", "OTHER", "REMOVED",
    "SharedVisionDoc", "apply_measure_suggestions", "condition_label", "deliverer_label", "describe",
    "findings", "goals_for_monitoring", "measure_rows", "person_label", "progress", "report_section",
    "signoff_warnings", "suggested_measure",
]


SPEC = WorksheetSpec(
    kind=SharedVisionDoc.KIND, title=SharedVisionDoc.TITLE, url_path="shared-vision",
    holds="Why the clinic is doing this, conditions and populations in scope, measures, treatments, existing "
          "services, goals for years 1 to 3, the vision statement and sign-off.",
    icon=":material/visibility:", doc=SharedVisionDoc,
    progress=lambda v: progress(v.doc(SharedVisionDoc.KIND)),
    findings=lambda v: findings(saved_or_empty(v, SharedVisionDoc)),
    report=lambda v: report_section(saved_or_empty(v, SharedVisionDoc), v.version(SharedVisionDoc.KIND) or None,
                                    people=v.people()),
    describe=describe,
)
