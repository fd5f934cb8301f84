"""Staffing (Step 2): the care manager time and consultant hours the target caseload needs, and a hire-or-redeploy
decision per role.

One source of truth: the staffing FIGURES (care manager FTE, consultant hours, target caseload, population) are not
stored here. They live in the Sustainment plan's scenario in use (worksheets.sustainment), and the Staffing page
writes its changes there, so both pages always show the same figures. This document holds only the decisions:
per role, hire, redeploy existing staff, contract, already in place or not decided; who; a target start date; a
note.

What the caseload needs, from the same inputs as the financial model (worksheets.financial_model):
- by the care manager's hours: one full-time care manager's direct-contact hours a month, divided by the contact
  minutes a patient-month books (the contact plan on the Sustainment plan), give the patients one full-time care
  manager carries; psychotherapy visits billed on their own come out of the same hours. FTE needed =
  (caseload x minutes a patient-month + psychotherapy minutes) / direct-contact minutes of one full-time care
  manager, which is caseload / patients per full-time care manager when there is no psychotherapy;
- by the AIMS caseload range for the population: caseload / top of the range to caseload / bottom of the range;
- consultant hours: about 3 hours a week per full-time care manager (the guidance), counted as low below two
  thirds of it, exactly as the financial model's consultant check.

Decisions where the brief was silent:
- The third role, other staff (front desk, medical assistant, billing), counts (for progress and findings) only
  when the scenario in use plans other-staff hours; the care manager and the consultant always count.
- "Not decided" is stored as such (a blank cell reads as not decided), so a role the team has looked at and left
  open reads the same as one nobody touched.
- A person who has left the roster is refused on Save, naming the role (like the administrative readiness
  owners).
- The figure findings are computed from the model's starting figures when no scenario is saved yet; with those
  figures nothing is short, so only the "no scenario" note shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Collection, Iterable, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets import financial_model as fm
from worksheets import sustainment as su
from worksheets.base import (StrictModel, WorksheetDoc, blank, date_cell, editor_rows, empty_if_blank, fmt_date,
                              none_if_blank)
from worksheets.checklist import NOTE_MAX
from worksheets.content import Block, Bullets, Heading, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec, saved_or_empty

KIND = "staffing"
TITLE = "Staffing"
AREA = "Staffing"
WHO_MAX = 200
EPSILON = 1e-9

# ----------------------------------------------------------------------------------------------
# the roles and the decisions


@dataclass(frozen=True)
class Role:
    id: str  # stable: decisions are stored by id
    title: str
    team_role: str  # the roster role that holds it (owner of its findings)
    help: str


CARE_MANAGER, CONSULTANT, OTHER_STAFF = "care_manager", "psychiatric_consultant", "other_staff"
ROLES: tuple[Role, ...] = (
    Role(CARE_MANAGER, "Behavioral health care manager", "Behavioral health care manager",
         "Carries the caseload: follow-up, measurement, the registry and the weekly caseload review."),
    Role(CONSULTANT, "Psychiatric consultant", "Psychiatric consultant",
         "Reviews the caseload with the care manager each week and advises the primary care providers."),
    Role(OTHER_STAFF, "Other staff (front desk, MA, billing)", "CIT lead",
         "Scheduling, screening and claims: the front desk, medical assistant and billing time the program uses."),
)
_BY_ID: dict[str, Role] = {r.id: r for r in ROLES}

NOT_DECIDED = "not_decided"
Decision = Literal["not_decided", "hire", "redeploy", "contract", "in_place"]
DECISIONS: tuple[str, ...] = ("hire", "redeploy", "contract", "in_place", NOT_DECIDED)
DECISION_LABELS: dict[str, str] = {"hire": "Hire", "redeploy": "Redeploy existing staff", "contract": "Contract",
                                   "in_place": "Already in place", NOT_DECIDED: "Not decided"}
_BY_LABEL = {label.casefold(): key for key, label in DECISION_LABELS.items()}
REMOVED = "(removed from the team)"


def role(role_id: str) -> Role:
    return _BY_ID[role_id]


class RoleDecision(StrictModel):
    decision: Decision = Field(default=NOT_DECIDED, title="decision")
    person: str | None = Field(default=None, max_length=40, title="team member")  # a roster person id
    who: str = Field(default="", max_length=WHO_MAX, title="who")  # free text: "new hire", "agency, to confirm"
    start: date | None = Field(default=None, title="target start date")
    note: str = Field(default="", max_length=NOTE_MAX, title="note")

    @field_validator("decision", mode="before")
    @classmethod
    def _decision(cls, v: Any) -> Any:
        if blank(v):
            return NOT_DECIDED
        if isinstance(v, str):
            text = v.strip()
            if text in DECISION_LABELS:
                return text
            if text.casefold() in _BY_LABEL:
                return _BY_LABEL[text.casefold()]
        labels = [DECISION_LABELS[d] for d in DECISIONS]
        raise ValueError(f"choose {', '.join(labels[:-1])} or {labels[-1]} (you entered \"{v}\")")

    _person = field_validator("person", mode="before")(staticmethod(none_if_blank))
    _text = field_validator("who", "note", mode="before")(staticmethod(empty_if_blank))

    _start = field_validator("start", mode="before")(staticmethod(date_cell))

    @property
    def decided(self) -> bool:
        return self.decision != NOT_DECIDED


class StaffingDoc(WorksheetDoc):
    """The decision per role (keyed by role id). The figures live in the Sustainment plan's scenario in use."""

    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    roles: dict[str, RoleDecision] = Field(default_factory=dict, title="roles")

    @model_validator(mode="after")
    def _known_roles(self):
        unknown = [r for r in self.roles if r not in _BY_ID]
        if unknown:
            raise ValueError("; ".join(f"role {r} is not on this worksheet" for r in unknown))
        return self

    def decision(self, role_id: str) -> RoleDecision:
        return self.roles.get(role_id) or RoleDecision()


# ----------------------------------------------------------------------------------------------
# editor rows <-> document

ROW_COLUMNS = ("id", "decision", "person", "who", "start", "note")


def roles_from_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Editor rows (id, decision, person, who, start, note) -> the document's roles; untouched roles left out.

    Values are passed on as typed, so the model names anything wrong ("role psychiatric_consultant, target start
    date: ...")."""
    out: dict[str, dict[str, Any]] = {}
    for row in editor_rows(list(rows), ROW_COLUMNS):
        entry = {"decision": row["decision"], "person": row["person"], "who": row["who"] or "",
                 "start": row["start"], "note": row["note"] or ""}
        if entry["decision"] == NOT_DECIDED:
            entry["decision"] = None
        if any(v not in (None, "") for v in entry.values()):
            out[row["id"]] = entry
    return out


def person_problems(doc: StaffingDoc, roster_ids: Collection[str]) -> list[str]:
    """Team members no longer on the roster, named by role, in the words the page shows on Save."""
    roster = set(roster_ids)
    return [f"{TITLE}, {r.title}, team member: this person is no longer on the implementation team. Choose "
            f"someone on the team, or type who in the Who column." for r in ROLES
            if (p := doc.decision(r.id).person) and p not in roster]


def who_label(d: RoleDecision, people: Mapping[str, str] | None) -> str:
    """The team member's name (and role) and/or the free text: 'Luz Ramírez (Behavioral health care manager)'."""
    parts = []
    if d.person:
        parts.append("a team member" if people is None else people.get(d.person, REMOVED))
    if d.who:
        parts.append(d.who)
    return "; ".join(parts)


# ----------------------------------------------------------------------------------------------
# the figures: what the target caseload needs (pure; from the scenario in use)


@dataclass(frozen=True)
class Figures:
    scenario_name: str
    saved: bool  # False: no scenario saved yet; the figures are the model's starting figures
    caseload: float
    population_label: str
    low: int  # AIMS range per full-time care manager
    high: int
    fte: float  # planned care manager FTE
    consultant_hours: float  # planned, a week
    other_staff_hours: float  # planned, a week
    direct_minutes_per_fte: float  # a month, one full-time care manager's direct contact
    minutes_per_patient: float  # contact booked per patient-month over an episode
    therapy_minutes: float  # a month, psychotherapy visits billed on their own
    per_fte: float | None  # patients one full-time care manager's direct-contact hours carry (no psychotherapy)
    carried: float  # patients the planned FTE carries, after psychotherapy
    fte_needed: float | None  # by the hours; None when the week has no direct-contact hours
    aims_fte_low: float  # caseload / top of the AIMS range
    aims_fte_high: float  # caseload / bottom of the AIMS range
    consultant_guidance: float  # 3 hours x planned FTE
    consultant_low_limit: float  # two thirds of the guidance
    short_by_hours: bool
    above_range: bool
    consultant_low: bool
    explanations: dict[str, tuple[str, ...]]
    enrollment_note: str = ""  # new patients a month that do not keep this caseload (the financial model's check)

    @property
    def caseload_per_fte(self) -> float:
        return self.caseload / self.fte

    @property
    def short(self) -> bool:
        """Short of care manager time: the hours do not carry the caseload, or it is above the AIMS range."""
        return self.short_by_hours or self.above_range

    @property
    def fte_target(self) -> float:
        """The smallest FTE that meets both: carries the caseload and keeps it within the AIMS range."""
        return max(self.fte_needed if self.fte_needed is not None else 0.0, self.aims_fte_low)

    @property
    def consultant_needed(self) -> float:
        """Consultant hours the target caseload needs: 3 a week per full-time care manager, for the care manager time
        the caseload needs (or the time planned, when that is more)."""
        return fm.CONSULTANT_HOURS_PER_FTE * max(self.fte, self.fte_target)


def scenario_inputs(sust: su.SustainmentDoc | None) -> tuple[str, bool, fm.FinancialInputs]:
    """(scenario name, saved?, inputs) of the scenario in use; the model's starting scenario when none is saved."""
    scenario = sust.active() if sust is not None else None
    if scenario is None:
        start = fm.default_scenario()
        return start.name, False, start.inputs
    return scenario.name, True, scenario.inputs


def figures_of(name: str, saved: bool, i: fm.FinancialInputs) -> Figures:
    """What the caseload needs, worked out from one scenario's inputs.

    Worked example (the model's starting contact plan, caseload 150, 1.0 FTE, no psychotherapy): 24 direct hours
    x 52 / 12 x 60 = 6,240 minutes a month; 53.3 minutes a patient-month; 6,240 / 53.3 = 117 patients per
    full-time care manager; 150 / 117 = 1.28 FTE needed. AIMS 90-120: 150 / 120 = 1.25 to 150 / 90 = 1.67 FTE."""
    cap = fm.capacity(i)
    cell = i.population_cell
    fte, caseload = i.care_manager_fte, i.expected_caseload
    direct = i.hours_direct * fm.WEEKS_PER_MONTH * 60
    avg, therapy = cap.average_minutes, cap.therapy_minutes
    per_fte = direct / avg if direct > 0 and avg > 0 else None
    needed = (caseload * avg + therapy) / direct if direct > 0 else None
    short_by_hours = cap.status == "over"
    per_planned = caseload / fte
    above = per_planned > cell.high
    guidance = fm.CONSULTANT_HOURS_PER_FTE * fte
    low_limit = guidance * fm.CONSULTANT_LOW_FACTOR
    consultant_low = i.consultant_hours_per_week < low_limit - EPSILON
    n, f = fm.num, fm.fte_text

    hours: list[str] = [
        f"One full-time care manager's direct contact with patients: {n(i.hours_direct)} hours a week x 52 / 12 "
        f"weeks x 60 = {n(direct, 0)} minutes a month.",
        f"Contact booked per patient-month over a {n(i.episode_months)}-month episode, with "
        f"{fm.pct(i.no_show_pct)} of contacts missed: {n(avg, 1)} minutes (first month "
        f"{n(cap.contact_minutes['first'], 1)}, active months {n(cap.contact_minutes['active'], 1)}, monitoring "
        f"months {n(cap.contact_minutes['monitoring'], 1)}; the contact plan on the Sustainment plan).",
    ]
    if per_fte is None:
        hours.append("The care manager's week has no direct-contact hours, so no caseload fits in it: add "
                     "direct-contact hours on the Sustainment plan.")
    else:
        hours.append(f"Patients one full-time care manager carries: {n(direct, 0)} / {n(avg, 1)} = "
                     f"{n(per_fte, 1)}.")
        if therapy:
            hours.append(f"Psychotherapy visits billed on their own take {n(therapy, 0)} minutes a month of the "
                         "same direct-contact hours.")
            hours.append(f"Care manager FTE needed: ({n(caseload, 1)} patients x {n(avg, 1)} minutes + "
                         f"{n(therapy, 0)} minutes of psychotherapy) / {n(direct, 0)} minutes = {f(needed)} FTE.")
        else:
            hours.append(f"Care manager FTE needed: {n(caseload, 1)} patients / {n(per_fte, 1)} = {f(needed)} FTE.")
        verdict = (f"short by {f(needed - fte)} FTE: the hours planned carry {n(cap.caseload, 1)} of the "
                   f"{n(caseload, 1)} patients." if short_by_hours
                   else f"enough: the hours planned carry {n(cap.caseload, 1)} patients.")
        hours.append(f"Planned: {f(fte)} FTE, {verdict}")

    aims = (
        f"AIMS caseload range for this population ({cell.short_label.lower()}): {cell.low}-{cell.high} patients "
        "per full-time care manager.",
        f"Care manager FTE needed: {n(caseload, 1)} / {cell.high} = {f(caseload / cell.high)} to "
        f"{n(caseload, 1)} / {cell.low} = {f(caseload / cell.low)} FTE.",
        f"Planned: {n(caseload, 1)} patients / {f(fte)} FTE = {n(per_planned, 1)} patients per full-time care "
        f"manager, " + ("above the range." if above else "below the range: room for more patients."
                        if per_planned < cell.low else "within the range."),
    )
    consultant = [
        f"Guidance: about {n(fm.CONSULTANT_HOURS_PER_FTE)} hours a week per full-time care manager x {f(fte)} FTE "
        f"planned = {n(guidance)} hours a week; below two thirds of it ({n(low_limit)} hours) the weekly caseload "
        "review does not get through the caseload.",
        f"Planned: {n(i.consultant_hours_per_week)} hours a week, "
        + ("below two thirds of the guidance." if consultant_low
           else "more than one and a half times the guidance: check that it is needed."
           if i.consultant_hours_per_week > guidance * fm.CONSULTANT_HIGH_FACTOR + EPSILON
           else "in line with the guidance."),
    ]
    target = max(needed if needed is not None else 0.0, caseload / cell.high)
    if target > fte + EPSILON:
        consultant.append(f"With the {f(target)} FTE of care manager time the caseload needs, the guidance would be "
                          f"{n(fm.CONSULTANT_HOURS_PER_FTE)} x {f(target)} = "
                          f"{n(fm.CONSULTANT_HOURS_PER_FTE * target)} hours a week.")
    settled = i.new_enrollments_per_month * i.episode_months
    enrollment_note = ""
    if abs(settled - caseload) > fm.ENROLLMENT_MISMATCH * max(caseload, 1):
        enrollment_note = (
            f"With {n(i.new_enrollments_per_month)} new patients a month staying about {n(i.episode_months)} months "
            f"each, the caseload would settle near {n(settled, 1)}, not {n(caseload, 1)}. A steady caseload of "
            f"{n(caseload, 1)} needs about {n(caseload / i.episode_months, 1)} new patients a month ({n(caseload, 1)} "
            f"/ {n(i.episode_months)} months): change it on the Sustainment plan.")
    source = (f'From the Sustainment plan, scenario in use "{name}".' if saved
              else "No financial scenario saved yet: the model's starting figures.")
    return Figures(
        scenario_name=name, saved=saved, caseload=caseload, population_label=cell.label, low=cell.low,
        high=cell.high, fte=fte, consultant_hours=i.consultant_hours_per_week,
        other_staff_hours=i.other_staff_hours_per_week, direct_minutes_per_fte=direct, minutes_per_patient=avg,
        therapy_minutes=therapy, per_fte=per_fte, carried=cap.caseload, fte_needed=needed,
        aims_fte_low=caseload / cell.high, aims_fte_high=caseload / cell.low, consultant_guidance=guidance,
        consultant_low_limit=low_limit, short_by_hours=short_by_hours, above_range=above,
        consultant_low=consultant_low,
        explanations={"source": (source,), "hours": tuple(hours), "aims": aims, "consultant": tuple(consultant)},
        enrollment_note=enrollment_note,
    )


def figures(sust: su.SustainmentDoc | None) -> Figures:
    """The figures of the Sustainment plan's scenario in use (the model's starting figures when none is saved)."""
    return figures_of(*scenario_inputs(sust))


# ----------------------------------------------------------------------------------------------
# changing the figures: written into the Sustainment plan's scenario in use

FIGURE_FIELDS: tuple[str, ...] = ("care_manager_fte", "consultant_hours_per_week", "expected_caseload")
FIRST_SCENARIO = "Base case"


def with_figures(sust: su.SustainmentDoc, changes: Mapping[str, Any]) -> su.SustainmentDoc:
    """The Sustainment plan with the scenario in use's FTE, consultant hours and caseload changed (with no scenario
    yet: a first scenario, "Base case", from the model's starting figures). A new caseload brings new patients a
    month with it (caseload / months in care), so the 36-month budget fills to it; every other input is kept.

    Raises su.InputProblems in plain words (a figure out of range, or inputs that cannot all hold, such as
    psychotherapy visits that no longer fit in the care manager's hours)."""
    name, saved, inputs = scenario_inputs(sust)
    data = inputs.model_dump(mode="json")
    data.update({k: changes[k] for k in FIGURE_FIELDS if k in changes})
    caseload = changes.get("expected_caseload")
    if isinstance(caseload, (int, float)) and caseload != inputs.expected_caseload and 0 <= caseload <= 2000:
        # new patients a month follow the caseload, so the 36-month budget fills to it (caseload / months in care)
        data["new_enrollments_per_month"] = caseload / inputs.episode_months
    new_inputs = su.parse_inputs(data)
    return su.with_inputs(sust, name if saved else FIRST_SCENARIO, new_inputs)


# ----------------------------------------------------------------------------------------------
# which roles count, findings, progress


def needed_roles(fig: Figures) -> tuple[Role, ...]:
    """The roles the plan needs: care manager and consultant always; other staff when the scenario plans their
    hours."""
    return tuple(r for r in ROLES if r.id != OTHER_STAFF or fig.other_staff_hours > 0)


def role_need(fig: Figures, role_id: str) -> str:
    """What the plan asks of a role, in a few words: the 'Needed' column."""
    f, n = fm.fte_text, fm.num
    if role_id == CARE_MANAGER:
        text = f"{f(fig.fte)} FTE planned"
        if fig.short:
            text += f"; {f(fig.fte_target)} FTE needed"
        return text
    if role_id == CONSULTANT:
        text = f"{n(fig.consultant_hours)} hours a week planned"
        if fig.consultant_low:
            text += f"; about {n(fig.consultant_guidance)} needed"
        return text
    return f"{n(fig.other_staff_hours)} hours a week planned" if fig.other_staff_hours > 0 else "None planned"


def _short_of(fig: Figures, role_id: str) -> bool:
    return (role_id == CARE_MANAGER and fig.short) or (role_id == CONSULTANT and fig.consultant_low)


def findings(doc: StaffingDoc, sust: su.SustainmentDoc | None, roles: Mapping[str, str] | None = None) -> list[Finding]:
    """Short of care manager time (by the hours or above the AIMS range), consultant hours low, a needed role with no
    decision. (No scenario saved is the Sustainment plan's finding.)

    ``roles`` maps roster person ids to their role (a decision's team member owns its finding)."""
    fig = figures(sust)
    roles = roles or {}
    f, n = fm.fte_text, fm.num
    out: list[Finding] = []
    if fig.short:
        reasons = []
        if fig.short_by_hours:
            reasons.append(f"the care manager's hours carry {n(fig.carried, 1)} patients, {f(fig.fte_needed or 0)} "
                           "FTE needed")
        if fig.above_range:
            reasons.append(f"{n(fig.caseload_per_fte, 1)} patients per full-time care manager is above the AIMS "
                           f"range of {fig.low}-{fig.high} for this population")
        out.append(Finding(
            f"{KIND}:care-manager-short", KIND,
            f"The plan is short of care manager time: {f(fig.fte)} FTE for {n(fig.caseload, 1)} patients; "
            + " and ".join(reasons) + ".", "should_fix", item=CARE_MANAGER,
            action=f"Hire or redeploy care manager time to reach {f(fig.fte_target)} FTE, or plan a smaller "
                   "caseload.", owner_role="CIT lead", area=AREA))
    if fig.consultant_low:
        out.append(Finding(
            f"{KIND}:consultant-low", KIND,
            f"Psychiatric consultant time is low: {n(fig.consultant_hours)} hours a week, under two thirds of the "
            f"guidance of {n(fig.consultant_guidance)} hours for {f(fig.fte)} FTE of care manager time.",
            "should_fix", item=CONSULTANT,
            action=f"Arrange about {n(fig.consultant_guidance)} hours a week of psychiatric consultant time.",
            owner_role="CIT lead", area=AREA))
    for r in needed_roles(fig):
        d = doc.decision(r.id)
        if d.decided:
            continue
        short = _short_of(fig, r.id)
        out.append(Finding(
            f"{KIND}:no-decision:{r.id}", KIND,
            f"No hire-or-redeploy decision yet for the {r.title[:1].lower() + r.title[1:]} "
            f"({role_need(fig, r.id)}).", "should_fix" if short else "note", item=r.id,
            action=f"Decide how to fill the {r.title[:1].lower() + r.title[1:]} role: hire, redeploy existing "
                   "staff, contract, or confirm it is already in place.",
            owner_role=roles.get(d.person or "", "CIT lead") or "CIT lead", area=AREA))
    # No scenario saved yet: the Sustainment plan reports it (one finding, on the page that fixes it).
    return out


def progress(doc: StaffingDoc | None, sust: su.SustainmentDoc | None) -> str:
    """Not started (no decision recorded), complete (every role the plan needs has a decision other than Not
    decided), else in progress."""
    if doc is None or not any(d != RoleDecision() for d in doc.roles.values()):
        return NOT_STARTED
    needed = needed_roles(figures(sust))
    return COMPLETE if all(doc.decision(r.id).decided for r in needed) else IN_PROGRESS


def describe(doc: StaffingDoc) -> str:
    """One line for the history table."""
    return "; ".join(f"{r.title.split(' (')[0]}: {DECISION_LABELS[doc.decision(r.id).decision]}" for r in ROLES)


# ----------------------------------------------------------------------------------------------
# report


def figure_rows(fig: Figures) -> tuple[tuple[str, str, str], ...]:
    """(figure, value, how it was computed): what the page's summary and the PDF show."""
    f, n = fm.fte_text, fm.num
    ex = fig.explanations
    hours_value = ("no direct-contact hours" if fig.fte_needed is None
                   else f"{f(fig.fte_needed)} FTE")
    per_fte = "none" if fig.per_fte is None else f"{n(fig.per_fte, 1)} patients"
    return (
        ("Target caseload", f"{n(fig.caseload, 1)} patients",
         "Active patients in a typical month once the program runs. " + ex["source"][0]),
        ("Population", f"{fig.low}-{fig.high} patients per full-time care manager",
         f"AIMS caseload range for: {fig.population_label}."),
        ("Care manager FTE planned", f"{f(fig.fte)} FTE", ex["source"][0]),
        ("Consultant hours planned", f"{n(fig.consultant_hours)} hours a week", ex["source"][0]),
        ("Patients one full-time care manager carries", per_fte, " ".join(ex["hours"][:3])),
        ("Care managers needed, by the hours", hours_value, " ".join(ex["hours"][3:])),
        ("Care managers needed, by the AIMS range", f"{f(fig.aims_fte_low)}-{f(fig.aims_fte_high)} FTE",
         " ".join(ex["aims"])),
        ("Consultant hours needed", f"{n(fig.consultant_needed)} hours a week", " ".join(ex["consultant"])),
    )


def decision_rows(doc: StaffingDoc, fig: Figures, people: Mapping[str, str] | None) -> tuple[tuple[str, ...], ...]:
    return tuple((r.title, role_need(fig, r.id), DECISION_LABELS[doc.decision(r.id).decision],
                  who_label(doc.decision(r.id), people), fmt_date(doc.decision(r.id).start), doc.decision(r.id).note)
                 for r in ROLES)


def report_section(doc: StaffingDoc, sust: su.SustainmentDoc | None, revision: int | None = None,
                   people: Mapping[str, str] | None = None) -> Section:
    """The figures with their working, the decisions table, and what is still open."""
    fig = figures(sust)
    blocks: list[Block] = [
        Para("The staffing figures come from the Sustainment plan's scenario in use, so this worksheet and the "
             "financial model always agree; changing the care manager FTE, consultant hours or caseload on either "
             "page changes both."),
    ]
    if fig.saved:
        blocks.append(Para(f'Scenario in use: "{fig.scenario_name}".'))
    else:
        blocks.append(Para("No financial scenario saved yet: the figures below are the model's starting figures, "
                           "not the clinic's.", style="warning"))
    blocks.append(Table(("Figure", "Value", "How it was computed"), figure_rows(fig), widths=(2.0, 1.6, 5.0),
                        caption="What the target caseload needs"))
    blocks.append(Table(("Role", "Needed", "Decision", "Who", "Target start", "Note"),
                        decision_rows(doc, fig, people), widths=(1.6, 1.4, 1.25, 1.8, 0.95, 1.9),
                        caption="Hire or redeploy, by role"))
    items = findings(doc, sust)
    blocks.append(Heading("Still open", level=2))
    blocks.append(Bullets(tuple(x.text for x in items)) if items else Para("Nothing open: the staff the caseload "
                                                                           "needs is planned and decided."))
    return Section(TITLE, tuple(blocks), revision)


def _sust(view) -> su.SustainmentDoc | None:
    doc = view.doc(su.SustainmentDoc.KIND)
    return doc if isinstance(doc, su.SustainmentDoc) else None


def _roles(view) -> dict[str, str]:
    return {m.id: m.role for m in view.roster.members}


__all__ = [
    "CARE_MANAGER", "CONSULTANT", "DECISIONS", "DECISION_LABELS", "FIGURE_FIELDS", "Figures", "NOT_DECIDED",
    "OTHER_STAFF", "ROLES", "Role", "RoleDecision", "StaffingDoc", "decision_rows", "describe", "figure_rows",
    "figures", "figures_of", "findings", "needed_roles", "person_problems", "progress", "report_section", "role",
    "role_need", "roles_from_rows", "scenario_inputs", "who_label", "with_figures",
]


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="staffing",
    holds="Care manager FTE and consultant hours for the expected caseload, from the same figures as the financial "
          "model, and a hire-or-redeploy decision per role.",
    icon=":material/badge:", doc=StaffingDoc,
    progress=lambda v: progress(v.doc(KIND), _sust(v)),
    findings=lambda v: findings(saved_or_empty(v, StaffingDoc), _sust(v), roles=_roles(v)),
    report=lambda v: report_section(saved_or_empty(v, StaffingDoc), _sust(v), v.version(KIND) or None,
                                    people=v.people()),
    describe=describe,
)
