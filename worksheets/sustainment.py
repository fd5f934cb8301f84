"""Step 1 Sustainment plan: what keeps the program going, with money and beyond it.

Two parts in one document:
- non-financial factors, a short checklist (status Not yet / Partly / Addressed and a note), in our
  own words: programs last when they show better care, patients and staff value them, leaders
  back them, and they serve the clinic's quality improvement goals;
- the financial model (worksheets.financial_model): one to three named scenarios, one of them
  "in use". The scenario in use is the single source of truth for the staffing and caseload figures
  that later worksheets (Staffing, Monitoring) read through ``staffing_figures``.

A document with no scenarios means the financial model has not been saved yet; once there is one,
the page never removes the last.

Formats: 1 had no row ids and no billing year. 2 gives every scenario and every payer row a stable
``id`` (rows are matched by id when concurrent saves are merged) and adds the billing year (old
documents were worked out with the 2025 rules, so they get 2025) and the share of patient-months that
reach G0512's 60/70 minutes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Mapping, Sequence

from pydantic import Field, ValidationError, model_validator

from worksheets import billing_rules as br
from worksheets import financial_model as fm
from worksheets import projection as pj
from worksheets.base import editor_rows
from worksheets.checklist import Catalog, ChecklistDoc, Domain, Item, Scale
from worksheets.content import Block, Bullets, Heading, Para, Section, Table
from worksheets.fields import REQUIRED, Problem, problems
from worksheets.findings import Finding
from worksheets.spec import WorksheetSpec, saved_or_empty

# --------------------------------------------------------------------------------------------
# Non-financial factors
# --------------------------------------------------------------------------------------------

NOT_YET, PARTLY, ADDRESSED = "Not yet", "Partly", "Addressed"
SCALE = Scale(((NOT_YET, 0), (PARTLY, 1), (ADDRESSED, 2)))

DOMAIN = Domain("N", "Beyond the money", "Value the clinic sees besides revenue keeps leaders invested.")

FACTOR_NAMES: dict[str, str] = {
    "quality": "Quality of care",
    "patient_experience": "Patient experience",
    "staff_satisfaction": "Staff satisfaction",
    "leadership": "Leadership support",
    "qi_link": "Link to quality improvement work",
}

FACTORS = (
    Item("quality", "N",
         "How the program will show that care got better: patients screened, followed up and reaching their "
         "symptom targets, and how those results reach leaders.",
         "Good results for patients are the strongest long-term case for keeping a program. Revenue alone "
         "rarely wins the argument when budgets get tight."),
    Item("patient_experience", "N",
         "How the team will hear from patients about their care (a short survey, comments shared at team "
         "meetings) and how access to behavioral health changes for them.",
         "Patients who feel helped stay in treatment, and their stories carry weight with boards and funders."),
    Item("staff_satisfaction", "N",
         "How primary care providers, the care manager and other staff find the new way of working, and how "
         "the team will notice strain early.",
         "Providers who feel supported with behavioral health stay, and losing a trained care manager sets a "
         "program back by months."),
    Item("leadership", "N",
         "Which leaders back the program, what they expect to see, and when the team reports back to them.",
         "Leaders decide on budget, space and staff time. Programs fade when their sponsor moves on and no "
         "one else is invested."),
    Item("qi_link", "N",
         "How the program's measures fit the clinic's quality improvement goals, committees and reports "
         "(for example depression screening and follow-up measures the clinic already reports).",
         "Work that moves measures the clinic already answers for gets protected time instead of competing "
         "for it."),
)

CATALOG = Catalog((DOMAIN,), FACTORS, SCALE)
STATUSES: tuple[str, ...] = SCALE.labels


# --------------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------------


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 -> 2: ids for scenarios and payer rows, and the billing year the figures were made for.

    Ids come from the names (unique within their list), so every copy of one old document gets the same
    ids; a merge of two concurrent saves of an old document then matches its rows."""
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list):
        return data
    out = []
    for scenario in scenarios:
        if isinstance(scenario, dict):
            scenario = dict(scenario)
            if not scenario.get("id"):
                scenario["id"] = fm.stable_id("scenario", str(scenario.get("name", "")))
            inputs = scenario.get("inputs")
            if isinstance(inputs, dict):
                inputs = dict(inputs)
                inputs.setdefault("billing_year", 2025)
                payers = inputs.get("payer_mix")
                if isinstance(payers, list):
                    inputs["payer_mix"] = [
                        {**payer, "id": payer.get("id") or fm.stable_id("payer", str(payer.get("name", "")))}
                        if isinstance(payer, dict) else payer
                        for payer in payers
                    ]
                scenario["inputs"] = inputs
        out.append(scenario)
    data["scenarios"] = out
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Format 2 -> 3: time, capacity, mixed billing by code, payers by code, cash flow.

    An old scenario keeps every figure it had, so its results do not move: it keeps its typed billable shares
    (``volume_method="share"``), all its claims collected and no patient cost share (the old model had neither);
    its psychotherapy visits and average payment become 90834 visits; its rate table gains the APCM codes from
    its year's table (never billed unless chosen). The new inputs (hours, contact plan, ramp-up, payment lag)
    start at their defaults."""
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list):
        return data
    out = []
    for scenario in scenarios:
        if isinstance(scenario, dict) and isinstance(scenario.get("inputs"), dict):
            inputs = dict(scenario["inputs"])
            visits = inputs.pop("ffs_visits_per_month", 0) or 0
            payment = inputs.pop("ffs_payment_per_visit", 0) or 0
            therapy = [line.model_dump() for line in fm.default_psychotherapy()]
            for line in therapy:
                if line["code"] == "90834":
                    line["visits_per_month"], line["payment_per_visit"] = visits, payment
                else:
                    line["visits_per_month"] = 0
            inputs["psychotherapy"] = therapy
            inputs.setdefault("volume_method", "share")
            inputs.setdefault("collection_rate_pct", 100)
            rates = inputs.get("rates")
            year = inputs.get("billing_year", 2025)
            if isinstance(rates, list) and year in br.TABLES:
                listed = {r.get("code") for r in rates if isinstance(r, dict)}
                rates = list(rates) + [r.model_dump() for r in fm.table_rates(year) if r.code not in listed
                                       and r.code in fm.APCM_CODES.values()]
                inputs["rates"] = rates
            scenario = {**scenario, "inputs": inputs}
        out.append(scenario)
    data["scenarios"] = out
    data["budget_unchecked"] = [s["id"] for s in out if isinstance(s, dict) and s.get("id")]
    return data


class SustainmentDoc(ChecklistDoc):
    """Factors (``responses``, keyed by factor id) and the financial scenarios."""

    KIND: ClassVar[str] = "sustainment"
    TITLE: ClassVar[str] = "Sustainment plan"
    CATALOG: ClassVar[Catalog] = CATALOG
    MIGRATIONS: ClassVar[dict] = {1: _v1_to_v2, 2: _v2_to_v3}

    schema_version: Literal[3] = 3
    scenarios: fm.ScenarioList = Field(default_factory=list, title="Scenarios")
    active_scenario: str = Field(default="", max_length=60, title="Scenario in use")
    budget_unchecked: list[str] = Field(
        default_factory=list, max_length=fm.MAX_SCENARIOS, title="Scenarios whose cash-flow inputs are starting figures",
        description="Ids of scenarios saved before the 36-month budget existed: their ramp-up, payment lag and "
                    "collection are the model's starting figures until someone saves the Cash flow tab.")

    @model_validator(mode="after")
    def _active_is_a_scenario(self):
        if not self.scenarios:
            if self.active_scenario:
                raise ValueError(
                    f'The scenario in use, "{self.active_scenario}", is not one of the scenarios (there are none).'
                )
            return self
        if not self.active_scenario:
            # A hand-written file may leave it out: the first scenario is the one in use.
            self.active_scenario = self.scenarios[0].name
        elif self.find(self.active_scenario) is None:
            names = ", ".join(f'"{s.name}"' for s in self.scenarios)
            raise ValueError(
                f'The scenario in use, "{self.active_scenario}", is not one of the scenarios ({names}).'
            )
        return self

    def find(self, name: str) -> fm.Scenario | None:
        key = name.strip().casefold()
        return next((s for s in self.scenarios if s.name.strip().casefold() == key), None)

    def active(self) -> fm.Scenario | None:
        """The scenario in use; None when no scenario has been saved yet."""
        return self.find(self.active_scenario) if self.scenarios else None

    def names(self) -> list[str]:
        return [s.name for s in self.scenarios]


# --------------------------------------------------------------------------------------------
# One source of truth for staffing and caseload
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffingFigures:
    """The staffing and caseload figures of the scenario in use, for Staffing and Monitoring."""

    scenario_name: str
    saved: bool  # False: no scenario saved yet; the figures are the model's defaults
    care_manager_fte: float
    consultant_hours_per_week: float
    expected_caseload: float
    new_enrollments_per_month: float
    population: str
    population_label: str
    caseload_low: int  # AIMS range per 1.0 FTE care manager
    caseload_high: int

    @property
    def caseload_per_fte(self) -> float:
        return self.expected_caseload / self.care_manager_fte

    @property
    def consultant_guidance_hours(self) -> float:
        return fm.CONSULTANT_HOURS_PER_FTE * self.care_manager_fte


def staffing_figures(doc: SustainmentDoc | None) -> StaffingFigures:
    scenario = doc.active() if doc is not None else None
    saved = scenario is not None
    if scenario is None:
        scenario = fm.default_scenario()
    i = scenario.inputs
    cell = i.population_cell
    return StaffingFigures(
        scenario_name=scenario.name,
        saved=saved,
        care_manager_fte=i.care_manager_fte,
        consultant_hours_per_week=i.consultant_hours_per_week,
        expected_caseload=i.expected_caseload,
        new_enrollments_per_month=i.new_enrollments_per_month,
        population=i.population,
        population_label=cell.label,
        caseload_low=cell.low,
        caseload_high=cell.high,
    )


# --------------------------------------------------------------------------------------------
# Scenario changes (each returns a new, validated document or raises ValueError in plain words)
# --------------------------------------------------------------------------------------------

NAME_MAX = 60


def _rebuild(doc: SustainmentDoc, scenarios: list[fm.Scenario], active: str,
             budget_checked: str | None = None) -> SustainmentDoc:
    data = doc.model_dump(mode="json")
    data["scenarios"] = [s.model_dump(mode="json") for s in scenarios]
    data["active_scenario"] = active
    ids = {s.id for s in scenarios}
    data["budget_unchecked"] = [i for i in doc.budget_unchecked if i in ids and i != budget_checked]
    return SustainmentDoc.model_validate(data)


def _check_new_name(doc: SustainmentDoc, name: str, ignore: str | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValueError("Type a name for the scenario first (for example \"Two care managers\").")
    if len(name) > NAME_MAX:
        raise ValueError(f"A scenario name can be at most {NAME_MAX} characters; this one has {len(name)}.")
    clash = doc.find(name)
    if clash is not None and (ignore is None or clash.name.casefold() != ignore.strip().casefold()):
        raise ValueError(f'There is already a scenario called "{clash.name}"; choose another name.')
    return name


def _check_room(doc: SustainmentDoc) -> None:
    if len(doc.scenarios) >= fm.MAX_SCENARIOS:
        raise ValueError(
            f"You can keep up to {fm.MAX_SCENARIOS} scenarios to compare. Remove one before adding another."
        )


def _existing(doc: SustainmentDoc, name: str) -> fm.Scenario:
    found = doc.find(name)
    if found is None:
        raise ValueError(f'There is no scenario called "{name}" any more. Reload the page.')
    return found


def with_inputs(doc: SustainmentDoc, name: str, inputs: fm.FinancialInputs,
                cash_flow_checked: bool = False) -> SustainmentDoc:
    """Store a scenario's inputs. With no scenario saved yet, this creates the first one (in use).
    ``cash_flow_checked``: the Cash flow inputs were saved on purpose, so they are no longer starting figures."""
    if not doc.scenarios:
        name = _check_new_name(doc, name)
        return _rebuild(doc, [fm.Scenario(name=name, inputs=inputs)], name)
    target = _existing(doc, name)
    scenarios = [s.model_copy(update={"inputs": inputs}) if s is target else s for s in doc.scenarios]
    return _rebuild(doc, scenarios, doc.active_scenario, target.id if cash_flow_checked else None)


BUDGET_UNCHECKED_NOTE = (
    "This scenario was saved before the 36-month budget existed. Its ramp-up ({ramp} months), payment lag ({lag} "
    "months) and claims collected ({collected}) are the model's starting figures, not the clinic's, so the budget's "
    "year 1 and payback month may differ from the first-year figure you saw before. Check them on the Cash flow tab "
    "and press Save inputs there; this note then goes away.")


def budget_unchecked_note(doc: SustainmentDoc, scenario: fm.Scenario) -> str:
    """'' unless the scenario's cash-flow inputs are still the starting figures a migration gave it."""
    if scenario.id not in doc.budget_unchecked:
        return ""
    i = scenario.inputs
    return BUDGET_UNCHECKED_NOTE.format(ramp=fm.num(i.ramp_months), lag=fm.num(i.payment_lag_months),
                                        collected=fm.pct(i.collection_rate_pct))


def add_scenario(doc: SustainmentDoc, name: str) -> SustainmentDoc:
    """A new scenario with the model's default figures."""
    _check_room(doc)
    name = _check_new_name(doc, name)
    scenarios = [*doc.scenarios, fm.Scenario(name=name, inputs=fm.FinancialInputs())]
    return _rebuild(doc, scenarios, doc.active_scenario or name)


def duplicate_scenario(doc: SustainmentDoc, source: str, name: str) -> SustainmentDoc:
    """A copy of an existing scenario's inputs under a new name."""
    _check_room(doc)
    original = _existing(doc, source)
    name = _check_new_name(doc, name)
    copy = fm.Scenario(name=name, inputs=original.inputs.model_copy(deep=True))
    return _rebuild(doc, [*doc.scenarios, copy], doc.active_scenario)


def rename_scenario(doc: SustainmentDoc, old: str, new: str) -> SustainmentDoc:
    target = _existing(doc, old)
    new = _check_new_name(doc, new, ignore=target.name)
    scenarios = [s.model_copy(update={"name": new}) if s is target else s for s in doc.scenarios]
    active = new if doc.active() is target else doc.active_scenario
    return _rebuild(doc, scenarios, active)


def remove_scenario(doc: SustainmentDoc, name: str) -> SustainmentDoc:
    """Remove a scenario; if it was in use, the first remaining one is in use from now on."""
    target = _existing(doc, name)
    if len(doc.scenarios) == 1:
        raise ValueError("Keep at least one scenario: the plan's staffing figures come from it.")
    scenarios = [s for s in doc.scenarios if s is not target]
    active = scenarios[0].name if doc.active() is target else doc.active_scenario
    return _rebuild(doc, scenarios, active)


def set_active(doc: SustainmentDoc, name: str) -> SustainmentDoc:
    return _rebuild(doc, list(doc.scenarios), _existing(doc, name).name)


# --------------------------------------------------------------------------------------------
# Reading the input form: plain-words problems per field
# --------------------------------------------------------------------------------------------


class InputProblems(ValueError):
    """Every problem with a scenario's inputs, grouped by input field (top-level field name)."""

    def __init__(self, by_field: dict[str, list[str]]):
        self.by_field = by_field
        super().__init__(" ".join(line for lines in by_field.values() for line in lines))

    @property
    def lines(self) -> list[str]:
        return [line for lines in self.by_field.values() for line in lines]


# Inputs typed in a number box: an emptied box is reported as required, never read as 0 or a default.
NUMBER_FIELDS: tuple[str, ...] = tuple(
    name for name, field in fm.FinancialInputs.model_fields.items() if field.annotation in (float, int)
)


def parse_inputs(data: Mapping[str, Any]) -> fm.FinancialInputs:
    """Validate a scenario's inputs from the form. Raises InputProblems in plain words (worksheets.fields), the
    rows of the rate table named by their billing code."""
    fields = fm.FinancialInputs.model_fields
    by_field: dict[str, list[str]] = {}
    for name in NUMBER_FIELDS:
        if name in data and data[name] is None:
            by_field[name] = [Problem((name,), fields[name].title or name, REQUIRED).line]
    given = {k: v for k, v in data.items() if k not in by_field}

    def row_name(path: tuple[Any, ...], index: int) -> str | None:
        rows = data.get(path[0]) if path in (("rates",), ("psychotherapy",)) else None
        if path == ("minute_bands",):
            return f"band {index + 1}"
        row = rows[index] if isinstance(rows, Sequence) and index < len(rows) else None
        return str(row["code"]) if isinstance(row, Mapping) and row.get("code") else None

    try:
        inputs = fm.FinancialInputs.model_validate(given)
    except ValidationError as exc:
        for problem in problems(exc, fm.FinancialInputs, row_name=row_name):
            by_field.setdefault(str(problem.loc[0]) if problem.loc else "inputs", []).append(problem.line)
        raise InputProblems({name: by_field[name] for name in _in_form_order(by_field)}) from None
    if not by_field:
        for name, text in fm.cross_problems(inputs):
            by_field.setdefault(name, []).append(text)
    if by_field:
        raise InputProblems({name: by_field[name] for name in _in_form_order(by_field)})
    return inputs


def _in_form_order(by_field: Mapping[str, Any]) -> list[str]:
    order = list(fm.FinancialInputs.model_fields)
    return sorted(by_field, key=lambda name: order.index(name) if name in order else len(order))


PAYER_COLUMNS = ("id", "name", "share_pct", "relative_rate_pct", "patient_share_pct", "pays_cpt", "pays_g_codes",
                 "addon_cap")


def payer_rows(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Payer-mix editor rows as model input: the hidden id is kept, a row whose visible cells are all empty
    is dropped, and a half-filled row is kept so the model can say what is missing."""
    rows = editor_rows(records, PAYER_COLUMNS)
    typed = ("name", "share_pct", "relative_rate_pct", "patient_share_pct", "addon_cap")
    out = []
    for row in rows:
        if all(row[k] is None for k in typed):
            continue  # a row with only its tick boxes touched is an empty row
        for flag in ("pays_cpt", "pays_g_codes"):
            if row[flag] is None:
                row[flag] = True  # a new row pays every code until someone unticks one
        if row["patient_share_pct"] is None:
            row["patient_share_pct"] = 0.0
        out.append(row)
    return out


# --------------------------------------------------------------------------------------------
# Summaries: progress, open items, report
# --------------------------------------------------------------------------------------------


def factor_settled(doc: SustainmentDoc, factor_id: str) -> bool:
    """Addressed, or at least a note on where it stands."""
    return doc.rating(factor_id) == ADDRESSED or bool(doc.note(factor_id).strip())


def progress(doc: SustainmentDoc | None) -> str:
    """not started / in progress / complete (every factor addressed or noted, and a scenario saved)."""
    if doc is None:
        return "not started"
    touched = any(r.rating or r.note.strip() for r in doc.responses.values())
    if not touched and not doc.scenarios:
        return "not started"
    if doc.scenarios and all(factor_settled(doc, f.id) for f in FACTORS):
        return "complete"
    return "in progress"


def findings(doc: SustainmentDoc) -> list[Finding]:
    """Factors not yet addressed, no scenario saved, a scenario in use whose figures clash or that loses money."""
    kind = SustainmentDoc.KIND
    area = "Sustainment"
    out: list[Finding] = []
    for f in FACTORS:
        if doc.rating(f.id) != ADDRESSED:
            out.append(Finding(f"{kind}:factor:{f.id}", kind,
                               f"{FACTOR_NAMES[f.id]} is not addressed yet ({doc.rating(f.id) or 'not rated'}).",
                               "note", item=f.id, action=f"Plan how the program will address: {f.text}",
                               owner_role="CIT lead", area=area))
    scenario = doc.active()
    if scenario is None:
        out.append(Finding(f"{kind}:no-scenario", kind, "No financial scenario saved yet, so Staffing and "
                           "Monitoring use the model's default figures.", "should_fix",
                           action="Enter the clinic's own figures in the financial model and save a scenario.",
                           owner_role="CIT lead", area=area))
        return out
    result = fm.compute(scenario.inputs)
    clash = fm.cross_problems(scenario.inputs)
    if clash:
        out.append(Finding(f"{kind}:inputs-clash", kind, f"The scenario in use (\u201c{scenario.name}\u201d) has "
                           "figures that cannot all hold: " + " ".join(text for _, text in clash), "should_fix",
                           item=scenario.id, action="Correct the financial model's inputs so they fit together.",
                           owner_role="CIT lead", area=area))
    if result.net.annual < 0:
        out.append(Finding(f"{kind}:loses-money", kind, f"The scenario in use (\u201c{scenario.name}\u201d) loses "
                           f"{fm.money(-result.net.annual)} a year on ongoing costs; start-up costs come on top.",
                           "should_fix", item=scenario.id,
                           action="Review the financial model with the finance officer: caseload, billable share, "
                                  "payer mix and staff costs.", owner_role="CIT lead", area=area))
    # A caseload above the AIMS range or beyond the care manager's hours is the Staffing worksheet's finding, with
    # its hire-or-redeploy action.
    return out


def describe(doc: SustainmentDoc) -> str:
    """One line for the history list."""
    done = sum(1 for f in FACTORS if doc.rating(f.id) == ADDRESSED)
    text = f"{done} of {len(FACTORS)} factors addressed; "
    scenario = doc.active()
    if scenario is None:
        return text + "no scenario saved"
    net = fm.compute(scenario.inputs).net.annual
    count = len(doc.scenarios)
    return (text + f"{count} scenario{'s' if count != 1 else ''}; in use: {scenario.name} "
            f"(net {fm.money(net)} a year)")


def factor_rows(doc: SustainmentDoc) -> list[dict[str, str]]:
    """One row per factor: what the page's editor and the PDF show."""
    return [
        {"id": f.id, "factor": FACTOR_NAMES[f.id], "prompt": f.text, "why": f.help,
         "status": doc.rating(f.id) or "", "note": doc.note(f.id)}
        for f in FACTORS
    ]


def report_section(doc: SustainmentDoc, revision: int | None = None) -> tuple[Section, ...]:
    """The sustainment plan, then one landscape part per scenario with its 36-month table."""
    rows = factor_rows(doc)
    done = sum(1 for r in rows if r["status"] == ADDRESSED)
    blocks: list[Block] = [
        Heading("Beyond the money", level=2),
        Para(
            "Money is one reason a program lasts; over the long run, good results for patients are the best "
            f"guarantee. {done} of {len(rows)} non-financial factors are addressed."
        ),
        Table(
            ("Factor", "Why it matters", "Status", "Note"),
            tuple((r["factor"], r["why"], r["status"] or "Not rated", r["note"]) for r in rows),
            widths=(1.5, 3.0, 0.9, 3.0),
            caption="Non-financial factors",
        ),
    ]
    scenario = doc.active()
    fin = list(fm.report_blocks(doc.scenarios))
    budget_parts: list[Section] = []
    for one in doc.scenarios:
        plan36 = pj.project(one.inputs)
        at = next(i for i, b in enumerate(fin) if isinstance(b, Heading) and b.text == f"Scenario: {one.name}")
        end = next((i for i, b in enumerate(fin) if i > at and isinstance(b, Heading) and b.level <= 3), len(fin))
        fin[end:end] = [Heading(f"{one.name}: 36-month budget, break-even and what moves it", level=3),
                        *pj.report_blocks(one.inputs, one.name)]
        budget_parts.append(Section(f"{SustainmentDoc.TITLE}: {one.name}, 36 months", (
            Para("Cash received is what arrives that month, after the payment lag; cost includes the start-up costs "
                 "in month 1. The working is in the scenario's section.", style="small"),
            pj.cash_flow_table(plan36)), revision, landscape=True))
    if scenario is not None:
        fin.insert(
            2,
            Para(
                f'Scenario in use: "{scenario.name}". Its care manager FTE, consultant hours and caseload are the '
                "figures the Staffing and Monitoring worksheets use.",
                style="body",
            ),
        )
    blocks.extend(fin)
    items = findings(doc)
    if items:
        blocks.append(Heading("Still open", level=2))
        blocks.append(Bullets(tuple(f.text for f in items)))
    return Section(SustainmentDoc.TITLE, tuple(blocks), revision), *budget_parts


__all__ = [
    "ADDRESSED",
    "CATALOG",
    "FACTORS",
    "FACTOR_NAMES",
    "InputProblems",
    "NOT_YET",
    "PARTLY",
    "STATUSES",
    "StaffingFigures",
    "SustainmentDoc",
    "add_scenario",
    "budget_unchecked_note",
    "describe",
    "duplicate_scenario",
    "editor_rows",
    "factor_rows",
    "factor_settled",
    "findings",
    "parse_inputs",
    "payer_rows",
    "progress",
    "remove_scenario",
    "rename_scenario",
    "report_section",
    "set_active",
    "staffing_figures",
    "with_inputs",
]


SPEC = WorksheetSpec(
    kind=SustainmentDoc.KIND, title=SustainmentDoc.TITLE, url_path="sustainment",
    holds="Non-financial factors and a financial model: a 36-month budget with ramp-up and cash flow, capacity from the care manager's hours, break-even and up to three scenarios.",
    icon=":material/savings:", doc=SustainmentDoc,
    progress=lambda v: progress(v.doc(SustainmentDoc.KIND)),
    findings=lambda v: findings(saved_or_empty(v, SustainmentDoc)),
    report=lambda v: report_section(saved_or_empty(v, SustainmentDoc), v.version(SustainmentDoc.KIND) or None),
    describe=describe,
)
