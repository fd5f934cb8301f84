"""Choosing a patient tracking system (registry) for Collaborative Care (Step 2), in our own words.

The team compares the options it is considering (a spreadsheet, the AIMS Caseload Tracker, a build in the
clinic's EHR, another product) against what a Collaborative Care registry must do, side by side; records the
decision with its reason, an interim tool while a build is under way, and who owns it; and lists the measures
the registry must track (from the shared vision's conditions and measures) and the caseload figures wanted.

The workbook records the decision only. Patient rows never go in it.

Decisions where the issue was silent:
- Ratings are Meets 2, Partly 1, Does not meet 0 points; Don't know and blank cells are left out, so a score
  is the share of the points possible on the requirements rated so far (as on the readiness checklist).
- The options compared are those marked "considering", plus the chosen one and the interim one: a choice is
  always on the comparison.
- An EHR build or another product needs an interim tool unless the team ticks that it is ready to use now.
- A measure from the shared vision is tracked unless the team unticks it (``vision_measures`` stores only
  the team's choices, by condition), so a measure added to the vision later is tracked by default.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets.base import NO_OWNER, REMOVED, owner_label  # noqa: F401 (re-exported: pages and tests use them here)
from worksheets.base import (StrictModel, WorksheetDoc, blank, empty_if_blank, fmt_date, new_row_id, none_if_blank,
                             required_cell)
from worksheets.checklist import NOTE_MAX
from worksheets.content import Bullets, Chart, Heading, KeyValues, Para, Section, Series, Table
from worksheets.findings import Finding
from worksheets.shared_vision import SharedVisionDoc, condition_label
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec, saved_or_empty

KIND = "tracking"
TITLE = "Tracking system"
AREA = "Tracking system"
TEXT_MAX = NOTE_MAX
NAME_MAX = 120
MAX_MEASURES = 50

NO_PATIENT_ROWS = ("This worksheet records the choice of tracking system only. Patient rows never go in the "
                   "workbook: they belong in the registry itself.")
NOT_DECIDED = "Not decided yet"

# ----------------------------------------------------------------------------------------------
# catalog: the options, the ratings, the requirements, the caseload figures


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    about: str


OptionKey = Literal["spreadsheet", "caseload_tracker", "ehr_build", "other"]
OPTIONS: tuple[Option, ...] = (
    Option("spreadsheet", "Spreadsheet",
           "Quick to start and free, but hard to keep up as the caseload grows and hard to keep private."),
    Option("caseload_tracker", "AIMS Caseload Tracker",
           "The AIMS Center's secure, web-based registry, used alongside the EHR; often the interim tool while "
           "a build is under way."),
    Option("ehr_build", "Build in our EHR",
           "A registry or care-management view built into the clinic's EHR: fits the daily workflow, but a build "
           "takes months."),
    Option("other", "Another product",
           "A care-management platform or registry from another vendor. Type its name."),
)
OPTION_KEYS: tuple[str, ...] = tuple(o.key for o in OPTIONS)
SPREADSHEET, CASELOAD_TRACKER, EHR_BUILD, OTHER = OPTION_KEYS
BUILDS: tuple[str, ...] = (EHR_BUILD, OTHER)  # options that may still be being built or set up

SPREADSHEET_WARNING = (
    "A spreadsheet is a common way to start, but the guide warns about two problems. It gets hard to keep up "
    "as the caseload grows: sorting, flags and monthly figures turn into hand work that slips in a busy week. "
    "And it is hard to keep private and HIPAA-compliant: a file has no login or access by role, and copies end "
    "up on laptops and in email. If you use one, keep a single copy on a secure drive that only the care team "
    "can open, and plan when you will move to a secure registry.")

MEETS, PARTLY, DOES_NOT, DONT_KNOW = "Meets", "Partly", "Does not meet", "Don't know"
Rating = Literal["Meets", "Partly", "Does not meet", "Don't know"]
RATINGS: tuple[str, ...] = (MEETS, PARTLY, DOES_NOT, DONT_KNOW)
POINTS: dict[str, int | None] = {MEETS: 2, PARTLY: 1, DOES_NOT: 0, DONT_KNOW: None}
MAX_POINTS = 2
RATING_HELP = ("Meets, Partly, Does not meet, or Don't know. Meets scores 2 points, Partly 1, Does not meet 0; "
               "Don't know and empty cells are left out of the score.")


@dataclass(frozen=True)
class Requirement:
    id: str
    short: str  # a few words, for the side-by-side table
    text: str
    why: str
    core: bool = False

    @property
    def label(self) -> str:
        return f"{self.id} · {self.short}" + (" (core)" if self.core else "")


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("R1", "Each patient's scores over time",
                "Keeps every symptom score with its date for each patient and shows the first score, the "
                "latest and the trend.",
                "Treating to target needs each patient's progress at a glance, not buried in notes.", True),
    Requirement("R2", "Whole caseload on one screen",
                "Lists the whole caseload on one screen with each patient's stage, latest score and care "
                "manager, and can sort and filter it.",
                "Caring for a population means seeing every patient, including the ones who have gone quiet.",
                True),
    Requirement("R3", "Flags patients not improving",
                "Flags patients who are not improving (for example, less than a 50% drop after 10 to 12 "
                "weeks) so their treatment is changed.",
                "A treatment that is not working should be changed within weeks, not months.", True),
    Requirement("R4", "Caseload review list",
                "Builds the list for the weekly caseload review: new patients, patients not improving and "
                "safety concerns.",
                "The psychiatric consultant's time goes furthest on the patients who need a change.", True),
    Requirement("R5", "Days since last contact",
                "Shows the days since each patient's last contact and flags anyone not reached in 30 days.",
                "Regular follow-up predicts improvement; patients drifting away are caught early.", True),
    Requirement("R6", "Contact log with minutes",
                "Logs each contact: date, in person, by phone or by video, minutes, and who made it.",
                "Contacts show the workload, and the minutes are what billing needs each month."),
    Requirement("R7", "Consultant's recommendations",
                "Records caseload review dates, the consultant's recommendations and whether they were "
                "acted on.",
                "A recommendation helps only when someone follows it through."),
    Requirement("R8", "Each patient's stage",
                "Tracks each patient's stage (enrolled, active treatment, relapse prevention, completed, "
                "disengaged, referred out) with dates and a reason at discharge.",
                "Stages keep the active caseload honest and show how episodes end."),
    Requirement("R9", "Response and remission worked out",
                "Works out the change from the first score, response (a 50% drop) and remission (for "
                "example a PHQ-9 under 5) without hand arithmetic.",
                "The same definitions every time, and nobody recalculating by hand."),
    Requirement("R10", "Billing minutes each month",
                "Adds up each patient's minutes in the month and shows who has reached the billing "
                "threshold.",
                "Billing pays for the program; minutes not counted are revenue lost."),
    Requirement("R11", "Program figures and export",
                "Produces the program figures (caseload size, share contacted, share improved) by care "
                "manager and clinic, and exports them.",
                "Leaders and the monitoring plan need the figures without anyone counting by hand."),
    Requirement("R12", "Logins and access by role",
                "Protects patient information: each user logs in, sees only what their role needs, and no "
                "copies end up on personal laptops or in email.",
                "A registry holds health information, and HIPAA applies to it as it does to the EHR.", True),
    Requirement("R13", "Audit trail",
                "Keeps a record of who looked at or changed a patient's entry.",
                "An audit trail is part of keeping health information private, and it settles questions later."),
    Requirement("R14", "Works with the EHR",
                "Works with the EHR with little double entry, and lets the psychiatric consultant see "
                "medications, labs and notes.",
                "Double entry is the first thing a busy team drops, and the consultant advises better with the "
                "full record."),
    Requirement("R15", "Grows with the caseload",
                "Stays quick and usable as the caseload grows to 100 or more patients per care manager.",
                "A tool that works for 20 patients can fail at 100, around where the program pays for itself."),
    Requirement("R16", "Ready before the first patient",
                "Can be running, with staff trained to use it, before the first patient is enrolled.",
                "Patients enrolled before there is a registry are easy to lose track of."),
)
REQUIREMENT_IDS: tuple[str, ...] = tuple(r.id for r in REQUIREMENTS)
CORE_IDS: tuple[str, ...] = tuple(r.id for r in REQUIREMENTS if r.core)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    group: str
    key_process: bool = False  # one of the three figures the guide asks every program to watch


MetricKey = Literal["caseload_size", "new_enrollments", "contacted_in_period", "follow_up_4_weeks",
                    "contacts_per_patient", "measured_30_days", "reviewed_in_period", "non_responders_consulted",
                    "improved_50", "remission_6_months", "relapse_plan", "discharges_by_reason",
                    "billing_minimums", "minutes_per_patient"]
METRICS: tuple[Metric, ...] = (
    Metric("caseload_size", "Caseload size: active patients, per care manager", "Reach", True),
    Metric("new_enrollments", "New patients enrolled each month", "Reach"),
    Metric("contacted_in_period", "Share of the caseload with a care manager contact in the last 30 days",
           "Engagement", True),
    Metric("follow_up_4_weeks", "Share with a follow-up within 4 weeks of the first assessment", "Engagement"),
    Metric("contacts_per_patient", "Contacts per patient per month", "Engagement"),
    Metric("measured_30_days", "Share with a symptom score in the last 30 days", "Measurement"),
    Metric("reviewed_in_period", "Share of patients discussed at the caseload review in the period",
           "Caseload review"),
    Metric("non_responders_consulted", "Share of patients not improving at 8 to 12 weeks who had a psychiatric "
                                       "consultation", "Caseload review"),
    Metric("improved_50", "Share with at least a 50% drop in their score (at 10 to 14 weeks)", "Outcomes", True),
    Metric("remission_6_months", "Share in remission at 6 months", "Outcomes"),
    Metric("relapse_plan", "Share of completed episodes with a relapse prevention plan", "Completion"),
    Metric("discharges_by_reason", "Discharges by reason: goals met, referred out, disengaged", "Completion"),
    Metric("billing_minimums", "Share of patient-months that meet the billing minimum", "Billing"),
    Metric("minutes_per_patient", "Minutes per patient per month", "Billing"),
)
METRIC_KEYS: tuple[str, ...] = tuple(m.key for m in METRICS)


def option(key: str) -> Option:
    return next(o for o in OPTIONS if o.key == key)


def requirement(req_id: str) -> Requirement:
    return next(r for r in REQUIREMENTS if r.id == req_id)


def metric(key: str) -> Metric:
    return next(m for m in METRICS if m.key == key)


# ----------------------------------------------------------------------------------------------
# the document

class OptionEntry(StrictModel):
    considering: bool = Field(default=False, title="considering")
    note: str = Field(default="", max_length=TEXT_MAX, title="what we know")

    _text = field_validator("note", mode="before")(staticmethod(empty_if_blank))

    @field_validator("considering", mode="before")
    @classmethod
    def _tick(cls, v: Any) -> Any:
        return False if blank(v) else v


class Decision(StrictModel):
    chosen: OptionKey | None = Field(default=None, title="system chosen")
    reason: str = Field(default="", max_length=TEXT_MAX, title="reason")
    ready: bool = Field(default=False, title="ready to use now")
    interim: OptionKey | None = Field(default=None, title="interim tool")
    transition: str = Field(default="", max_length=TEXT_MAX, title="plan to move on")
    owner: str | None = Field(default=None, max_length=40, title="owner")
    decided_on: date | None = Field(default=None, title="decision date")

    _none = field_validator("chosen", "interim", "owner", mode="before")(staticmethod(none_if_blank))

    _text = field_validator("reason", "transition", mode="before")(staticmethod(empty_if_blank))

    @model_validator(mode="after")
    def _interim_differs(self):
        if self.ready and self.interim is not None:  # ready now: nothing to bridge, so no interim tool
            self.interim = None
        if self.interim is not None and self.interim == self.chosen:
            raise ValueError("the interim tool must be a different system from the one chosen")
        return self


class ExtraMeasure(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    measure: str = Field(max_length=NAME_MAX, title="measure")
    purpose: str = Field(default="", max_length=TEXT_MAX, title="what it is for")

    _named = field_validator("measure", mode="before")(staticmethod(required_cell("write the measure's name")))

    _text = field_validator("purpose", mode="before")(staticmethod(empty_if_blank))


ConditionKey = Literal["depression", "anxiety", "ptsd", "alcohol", "substance", "chronic_pain", "perinatal",
                       "other"]


class TrackingDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    options: dict[OptionKey, OptionEntry] = Field(default_factory=dict, title="options")
    other_name: str = Field(default="", max_length=NAME_MAX, title="name of the other product")
    ratings: dict[str, dict[OptionKey, Rating]] = Field(default_factory=dict, title="items")
    decision: Decision = Field(default_factory=Decision, title="decision")
    vision_measures: dict[ConditionKey, bool] = Field(default_factory=dict, title="measures from the shared vision")
    extra_measures: list[ExtraMeasure] = Field(default_factory=list, max_length=MAX_MEASURES,
                                               title="other measures")
    metrics: list[MetricKey] = Field(default_factory=list, title="caseload figures wanted")
    other_metrics: str = Field(default="", max_length=TEXT_MAX, title="other figures wanted")

    @field_validator("metrics")
    @classmethod
    def _metric_order(cls, v: list[str]) -> list[str]:
        return [k for k in METRIC_KEYS if k in v]  # catalog order, no repeats

    @field_validator("ratings")
    @classmethod
    def _known_requirements(cls, v: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        unknown = [k for k in v if k not in REQUIREMENT_IDS]
        if unknown:
            raise ValueError("; ".join(f"{k} is not a requirement on this worksheet" for k in unknown))
        return {k: cells for k, cells in v.items() if cells}

    @model_validator(mode="after")
    def _other_named(self):
        d = self.decision
        uses_other = self.entry(OTHER).considering or OTHER in (d.chosen, d.interim)
        if uses_other and not self.other_name:
            raise ValueError("another product is considered or chosen: type its name in 'Name of the other "
                             "product'.")
        return self

    def entry(self, key: str) -> OptionEntry:
        return self.options.get(key) or OptionEntry()  # type: ignore[arg-type]

    def rating(self, req_id: str, key: str) -> str | None:
        return self.ratings.get(req_id, {}).get(key)  # type: ignore[call-overload]


# ----------------------------------------------------------------------------------------------
# summaries

def option_label(doc: TrackingDoc, key: str | None) -> str:
    if key is None:
        return NOT_DECIDED
    if key == OTHER and doc.other_name:
        return doc.other_name
    return option(key).label


def considered(doc: TrackingDoc) -> list[str]:
    """Options on the comparison, in catalog order: those marked considering, the chosen one, the interim one."""
    d = doc.decision
    return [k for k in OPTION_KEYS if doc.entry(k).considering or k in (d.chosen, d.interim)]


def spreadsheet_in_play(doc: TrackingDoc) -> bool:
    """The spreadsheet is considered, chosen or the interim tool: the guide's warning applies."""
    return SPREADSHEET in considered(doc)


def needs_interim(doc: TrackingDoc) -> bool:
    """An EHR build or another product that is not ready yet: something must track patients meanwhile."""
    return doc.decision.chosen in BUILDS and not doc.decision.ready


@dataclass(frozen=True)
class OptionScore:
    key: str
    label: str
    points: int
    maximum: int  # 2 x the requirements rated Meets, Partly or Does not meet
    rated: int  # requirements with any rating, Don't know included
    dont_know: int
    core_not_met: tuple[str, ...]  # core requirement ids rated Does not meet

    @property
    def percent(self) -> float | None:
        """None when nothing has been rated Meets, Partly or Does not meet yet."""
        return round(100.0 * self.points / self.maximum, 1) if self.maximum else None

    @property
    def shown(self) -> str:
        return "Not scored yet" if self.percent is None else f"{self.percent:.0f}%"


def score_option(doc: TrackingDoc, key: str) -> OptionScore:
    points = maximum = rated = dont_know = 0
    core_not_met = []
    for r in REQUIREMENTS:
        label = doc.rating(r.id, key)
        if label is None:
            continue
        rated += 1
        p = POINTS[label]
        if p is None:
            dont_know += 1
            continue
        points += p
        maximum += MAX_POINTS
        if r.core and label == DOES_NOT:
            core_not_met.append(r.id)
    return OptionScore(key, option_label(doc, key), points, maximum, rated, dont_know, tuple(core_not_met))


def scores(doc: TrackingDoc) -> list[OptionScore]:
    """A score for each option compared, side by side, in catalog order."""
    return [score_option(doc, k) for k in considered(doc)]


def score_chart(doc: TrackingDoc) -> Chart | None:
    """The options' scores as bars (options not scored yet left out); None when none is scored. The same data
    is drawn on screen and in the PDF."""
    scored = [s for s in scores(doc) if s.percent is not None]
    if not scored:
        return None
    return Chart("Share of points on the requirements rated", "Option", "Score",
                 (Series("Score", tuple(s.label for s in scored), tuple(float(round(s.percent)) for s in scored)),),
                 kind="bar", y_format="percent")



def _vision_rows(vision: SharedVisionDoc | None) -> list[tuple[str, str, str]]:
    """(condition key, condition label, measure) for each condition in the shared vision with a measure."""
    if vision is None:
        return []
    return [(k, condition_label(vision, k), vision.measure_for(k)) for k in vision.in_scope() if vision.measure_for(k)]


def measure_rows(doc: TrackingDoc, vision: SharedVisionDoc | None = None) -> list[dict[str, Any]]:
    """The shared vision's measures, each with whether the registry tracks it (ticked unless the team unticked
    it): key, condition, measure, track."""
    return [{"key": k, "condition": label, "measure": m, "track": doc.vision_measures.get(k, True)}  # type: ignore
            for k, label, m in _vision_rows(vision)]


def measures_tracked(doc: TrackingDoc, vision: SharedVisionDoc | None = None) -> list[str]:
    """What the registry must track, for the monitoring plan: "PHQ-9 (Depression)" for each shared-vision measure
    the team keeps ticked (pass the shared vision document), then the measures the team added by name."""
    out = [f"{r['measure']} ({r['condition']})" for r in measure_rows(doc, vision) if r["track"]]
    return out + [m.measure for m in doc.extra_measures]


def metrics_wanted(doc: TrackingDoc) -> list[Metric]:
    """The caseload figures the team wants from the registry, in catalog order (key, label, group), for the
    monitoring plan. Figures typed in 'other figures wanted' are in ``doc.other_metrics``."""
    return [metric(k) for k in doc.metrics]


# ----------------------------------------------------------------------------------------------
# findings, progress

def is_empty(doc: TrackingDoc) -> bool:
    return doc.model_dump(mode="json") == TrackingDoc().model_dump(mode="json")


def progress(doc: TrackingDoc | None, people: Mapping[str, str] | None = None,
             vision: SharedVisionDoc | None = None) -> str:
    """'complete' = a system chosen, an owner on the team and at least one measure to track."""
    if doc is None or is_empty(doc):
        return NOT_STARTED
    owner_ok = bool(doc.decision.owner) and (people is None or doc.decision.owner in people)
    if doc.decision.chosen and owner_ok and measures_tracked(doc, vision):
        return COMPLETE
    return IN_PROGRESS


def _finding(what: str, text: str, severity: str, action: str, item: str = "", owner: str = "CIT lead") -> Finding:
    return Finding(f"{KIND}:{what}", KIND, text, severity, item=item, action=action,  # type: ignore[arg-type]
                   owner_role=owner, area=AREA)


def findings(doc: TrackingDoc, people: Mapping[str, str] | None = None) -> list[Finding]:
    """No decision yet; a build with nothing to track patients meanwhile; a spreadsheet with no plan to move on;
    no owner; the chosen system failing a core requirement."""
    d = doc.decision
    if d.chosen is None:
        return [_finding("no-decision", "No patient tracking system has been chosen yet.", "blocker",
                         "Choose the patient tracking system (registry) the care team will use from the first "
                         "patient, and name who owns it.", item="decision")]
    out: list[Finding] = []
    chosen = option_label(doc, d.chosen)
    if needs_interim(doc) and d.interim is None:
        out.append(_finding(
            "no-interim", f"The chosen system ({chosen}) is not ready yet, and no interim tool is named to track "
                          "patients until it is.", "should_fix",
            f"Name an interim tool (for example the AIMS Caseload Tracker) to track patients until {chosen} is "
            "ready.", item="interim"))
    if d.chosen == SPREADSHEET and not d.transition:
        out.append(_finding(
            "spreadsheet", "A spreadsheet is the chosen registry with no plan to move on: it gets hard to keep "
                           "up as the caseload grows and hard to keep private.", "note",
            "Write down how the spreadsheet is kept secure and when the clinic will move to a secure registry.",
            item="transition"))
    if not d.owner:
        out.append(_finding("no-owner", "No one owns the tracking system yet.", "should_fix",
                            "Name the person who owns the tracking system: setting it up, access and training.",
                            item="owner"))
    elif people is not None and d.owner not in people:
        out.append(_finding("no-owner", "The owner of the tracking system is no longer on the team.", "should_fix",
                            "Name a new owner for the tracking system from the implementation team.", item="owner"))
    for req_id in score_option(doc, d.chosen).core_not_met:
        r = requirement(req_id)
        out.append(_finding(
            f"core-gap:{d.chosen}:{req_id}", f"The chosen system ({chosen}) does not meet core requirement "
                                            f"{req_id}: {r.text}", "note",
            f"Plan how the chosen system ({chosen}) will cover requirement {req_id}, or reconsider the choice.",
            item=req_id))
    return out


# ----------------------------------------------------------------------------------------------
# report

def _date(d: date | None) -> str:
    return fmt_date(d, "-")


def describe(doc: TrackingDoc) -> str:
    """One line for the history table."""
    n = len(considered(doc))
    compared = f"{n} option{'s' if n != 1 else ''} compared"
    if doc.decision.chosen is None:
        return f"{compared}, not decided"
    interim = f" (interim: {option_label(doc, doc.decision.interim)})" if doc.decision.interim else ""
    return f"{compared}, chose {option_label(doc, doc.decision.chosen)}{interim}"


def report_section(doc: TrackingDoc, revision: int | None = None, people: Mapping[str, str] | None = None,
                   vision: SharedVisionDoc | None = None) -> Section:
    keys = considered(doc)
    d = doc.decision
    blocks: list = [Para(NO_PATIENT_ROWS, style="muted")]

    blocks.append(Heading("Decision"))
    rows = [("System chosen", option_label(doc, d.chosen)), ("Reason", d.reason or "-")]
    if d.chosen in BUILDS:
        rows.append(("Ready to use now", "Yes" if d.ready else "No"))
    rows += [("Interim tool", option_label(doc, d.interim) if d.interim else "-"),
             ("Plan to move on", d.transition or "-"), ("Owner", owner_label(d.owner, people)),
             ("Decision date", _date(d.decided_on))]
    blocks.append(KeyValues(tuple(rows)))
    if spreadsheet_in_play(doc):  # a loud warning where the team relies on one; a plain note where only compared
        relies = SPREADSHEET in (d.chosen, d.interim)
        blocks.append(Para(SPREADSHEET_WARNING, style="warning" if relies else "body"))

    blocks.append(Heading("Options compared"))
    if keys:
        blocks.append(Table(("Option", "What we know"), tuple((option_label(doc, k), doc.entry(k).note or "-")
                                                              for k in keys), widths=(2, 6)))
    else:
        blocks.append(Para("No options marked as considered yet.", style="muted"))

    blocks.append(Heading("Requirements"))
    blocks.append(Para("What a Collaborative Care registry must do; core requirements are marked (core).",
                       style="small"))
    blocks.append(Table(("#", "Requirement", "Why it matters"),
                        tuple((r.id, r.text + (" (core)" if r.core else ""), r.why) for r in REQUIREMENTS),
                        widths=(0.6, 5, 3.6)))
    if keys:
        blocks.append(Table(("Requirement",) + tuple(option_label(doc, k) for k in keys),
                            tuple((r.label,) + tuple(doc.rating(r.id, k) or "-" for k in keys) for r in REQUIREMENTS),
                            widths=(3.2,) + (1.6,) * len(keys), caption="Requirements side by side"))
        sc = scores(doc)
        blocks.append(Table(("Option", "Score", "Rated", "Don't know", "Core requirements not met"),
                            tuple((s.label, "-" if s.percent is None else f"{s.percent:.0f}%",
                                   f"{s.rated} of {len(REQUIREMENTS)}", str(s.dont_know),
                                   ", ".join(s.core_not_met) or "-") for s in sc),
                            widths=(2.6, 1, 1.2, 1.2, 2.6), caption="Scores"))
        blocks.append(Para("A score is the share of points possible on the requirements rated: Meets 2, Partly 1, "
                           "Does not meet 0; Don't know and blank cells are left out.", style="small"))
        chart = score_chart(doc)
        if chart is not None:
            blocks.append(chart)

    blocks.append(Heading("Measures the registry must track"))
    shown = [(r["measure"], r["condition"], "Yes" if r["track"] else "No") for r in measure_rows(doc, vision)]
    shown += [(m.measure, m.purpose or "-", "Yes") for m in doc.extra_measures]
    if shown:
        blocks.append(Table(("Measure", "For", "Tracked"), tuple(shown), widths=(2.5, 5, 1)))
    else:
        blocks.append(Para("No measures yet: choose them in the shared vision or add them here.", style="muted"))

    blocks.append(Heading("Caseload figures wanted"))
    wanted = metrics_wanted(doc)
    if wanted:
        blocks.append(Bullets(tuple(f"{m.label} ({m.group})" for m in wanted)))
    else:
        blocks.append(Para("None chosen yet.", style="muted"))
    if doc.other_metrics:
        blocks.append(KeyValues((("Other figures wanted", doc.other_metrics),)))

    items = findings(doc, people)
    if items:
        blocks.append(Heading("Still open"))
        blocks.append(Bullets(tuple(f.text for f in items)))
    return Section(TITLE, tuple(blocks), revision)


# ----------------------------------------------------------------------------------------------
# editing: editor rows -> document parts (validated by TrackingDoc)

def _text(v: Any) -> str:
    return "" if blank(v) else str(v).strip()


def _ticked(v: Any) -> bool:
    return not blank(v) and bool(v)


def options_data(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Options editor rows (key, considering, note) -> the options part; options neither ticked nor noted are
    left out."""
    out = {}
    for row in rows:
        considering, note = _ticked(row.get("considering")), _text(row.get("note"))
        if considering or note:
            out[_text(row.get("key"))] = {"considering": considering, "note": note}
    return out


def ratings_data(cells: Mapping[tuple[str, str], Any], shown: list[str],
                 saved: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, dict[str, str]]:
    """Matrix cells {(requirement id, option key): rating} -> the ratings part. Ratings of options not on the
    matrix (no longer considered) are kept from ``saved``, so ticking an option again brings its ratings back."""
    out: dict[str, dict[str, str]] = {}
    for req_id, row in (saved or {}).items():
        for key, value in row.items():
            if key not in shown:
                out.setdefault(req_id, {})[key] = value
    for (req_id, key), value in cells.items():
        if not blank(value):
            out.setdefault(req_id, {})[key] = value
    order = {r: i for i, r in enumerate(REQUIREMENT_IDS)}
    return dict(sorted(out.items(), key=lambda kv: order.get(kv[0], len(order))))


def decision_data(chosen: str | None, reason: str, ready: bool, interim: str | None, transition: str,
                  owner: str | None, decided_on: date | None, today: date) -> dict[str, Any]:
    """The decision as typed. A choice saved with no date is dated today; no choice means no date."""
    return {"chosen": chosen, "reason": reason, "ready": bool(ready), "interim": interim, "transition": transition,
            "owner": owner, "decided_on": decided_on or (today if chosen else None)}


def extra_measures_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows editor rows -> other measure rows; a new row (no id yet) gets one."""
    return [{**{k: v for k, v in r.items() if k != "id"}, "id": _text(r.get("id")) or new_row_id()} for r in rows]


def vision_measures_data(rows: list[dict[str, Any]]) -> dict[str, bool]:
    """Shared-vision measure rows (key, track) -> {condition key: tracked}."""
    return {_text(r.get("key")): _ticked(r.get("track")) for r in rows if _text(r.get("key"))}


def metrics_data(rows: list[dict[str, Any]]) -> list[str]:
    """Figure rows (key, wanted) -> the keys ticked."""
    return [_text(r.get("key")) for r in rows if _ticked(r.get("wanted"))]


__all__ = [
    "CORE_IDS", "METRICS", "OPTIONS", "RATINGS", "REQUIREMENTS", "SPREADSHEET_WARNING", "TrackingDoc", "considered",
    "describe", "findings", "measure_rows", "measures_tracked", "metrics_wanted", "needs_interim", "option_label",
    "progress", "report_section", "score_chart", "score_option", "scores", "spreadsheet_in_play",
]


def _vision(v: Any) -> Any:
    return v.doc("shared_vision")


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="tracking",
    holds="Registry requirements, the options compared, the decision, and the measures tracked.",
    icon=":material/monitoring:", doc=TrackingDoc,
    progress=lambda v: progress(v.doc(KIND), v.people(), _vision(v)),
    findings=lambda v: findings(saved_or_empty(v, TrackingDoc), v.people()),
    report=lambda v: report_section(saved_or_empty(v, TrackingDoc), v.version(KIND) or None, people=v.people(),
                                    vision=_vision(v)),
    describe=describe,
)
