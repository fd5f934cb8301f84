"""Step 1 financial model (part of the Sustainment plan): inputs, pure computation, report content.

A simplified, ongoing-cost model of a Collaborative Care (CoCM) program, for a clinic finance
officer. It is our own model, not the AIMS Center Financial Modeling Workbook.

Formulas (all per month unless said otherwise; "x" is multiplication):

Costs
    care manager   = FTE x salary per 1.0 FTE x (1 + benefits % / 100) / 12
    consultant     = consultant hours per week x hourly rate x 52 / 12
    other staff    = other staff hours per week x hourly rate x 52 / 12
    overhead       = (care manager + consultant + other staff) x overhead % / 100
    total cost     = the four above; per year = x 12. Start-up costs are one-time and only enter
                     "year-1 net" = annual net - start-up costs.
Volume (patient-months: one patient on the caseload for one calendar month), by phase
    first      = min(new enrollments per month, caseload): each new patient's first month
    active     = min(new enrollments x active months, caseload - first)
    monitoring = caseload - first - active
Billable months, two ways (volume_method)
    bands: for each phase, the share of patient-months in each band of care manager minutes (worksheets.
        billing_rules: under 16; 16-35 first / 16-30 later = G2214; 36 / 31 up = 99492 / 99493, split where
        G0512's 70 / 60 minutes are reached; from 86 / 76 one 99494, each 30 minutes more one more, up to three).
        Units of a code = sum over phases of patient-months x the share of the bands that bill it (99494: x the
        add-ons of each band, capped by the payer's cap). The average-minutes shortcut fills the bands with the
        minutes spread evenly from half the average to one and a half times it.
    share: one typed share s reaching 16 minutes, g of those billed as G2214, a average add-ons, q reaching G0512's
        time, every phase alike: base code = s x (1 - g), G2214 = s x g, 99494 = s x (1 - g) x a, G0512 = q.
Codes used (billing method x billing year)
    standard                     99492, 99493, 99494, G2214 (2026 with APCM: G0568 / G0569 in place of 99492 /
                                 99493 for payers that pay G-codes, never both, and no 99494 with them)
    health center, 2025          G0512 (Medicare paid health centers one G0512 per month)
    health center, 2026          99492, 99493, 99494, G2214 (G0512 ended for Medicare on 1 Jan 2026)
    G0512, state Medicaid        G0512, for a state Medicaid program that still pays it
Payers: each payer i bills only the codes it pays (99492-99494 and / or the G-codes):
    allowed_i   = share_i x sum over codes it pays (units x rate) x relative rate_i
    collected_i = allowed_i x (1 - patient share_i x (1 - share of patient cost collected)) x claims collected
    Collaborative Care revenue = sum of collected_i (linear in the patient-months).
    Psychotherapy = sum over 90791 / 90832 / 90834 / 90837 of visits x average payment per visit (an actual
    average payment, so the payer mix is not applied again); its minutes come out of the direct-contact hours.
Net = total revenue - total cost.

Capacity from hours (capacity()): a full-time week split into direct contact, documentation, outreach, caseload
review, meetings and other duties. Contact minutes booked per patient-month, with missed contacts still using
their time: first (initial + (contacts - 1) x follow-up) / (1 - missed), active contacts x follow-up / (1 -
missed), monitoring contacts x check-in / (1 - missed); averaged over an episode (1 first, active months, the
rest monitoring). Caseload carried = (FTE x direct hours x 52 / 12 x 60 - psychotherapy minutes) / that average.
With bands, the minutes planned (patient-months x each band's middle) must fit in the hours that count toward
Collaborative Care (direct contact, documentation, outreach, caseload review, less psychotherapy).

Break-even caseload: the caseload at which the net = 0 when new enrollments grow with the caseload (new
patients a month = caseload / average months in care), every other input held fixed (costs do not depend on
caseload). Revenue is then proportional to the caseload, so
    break-even caseload = (total cost - psychotherapy income) / (collected revenue per patient on the
    caseload per month).
None (with a reason) when a patient brings no revenue. 0 when psychotherapy income alone covers the costs.
Said plainly when it is above the caseload the hours carry.

Caseload sensitivity: from 0 to the caseload the care manager's hours carry; past that the clinic needs more
care manager time, and the costs held fixed here would no longer hold. New enrollments grow with the caseload.

The 36-month budget (ramp-up, payment lag, yearly increases, payback) is worksheets.projection.

Patients served per year = caseload + new enrollments per month x 12: the patients already on
the caseload when the year starts plus everyone who enrolls during the year (a program running
at a steady caseload). Episode length is used to check that the caseload and enrollments agree
(a steady caseload settles at new enrollments x episode length) and for the default enrollments.
Cost (revenue) per patient served = annual cost (revenue) / patients served per year.

Caseload check: caseload / FTE against the AIMS caseload range for the chosen population.
Consultant check: guidance is about 3 hours a week per 1.0 FTE care manager; "low" below two
thirds of that, "high" above one and a half times that, "ok" in between.
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal, Sequence

from pydantic import AfterValidator, Field, field_validator, model_validator

from worksheets import billing_rules as br
from worksheets.base import StrictModel
from worksheets.fields import money, num, pct
from worksheets.fields import unit as field_unit
from worksheets.content import Block, Bullets, Chart, Heading, KeyValues, Mark, Para, RefLine, Series, Table

# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------

Population = Literal["behavioral_adequate", "multi_adequate", "behavioral_low", "multi_low"]
BillingMode = Literal["standard", "fqhc_rhc", "g0512_medicaid"]
BillingYear = Literal[2025, 2026]
Code = Literal["99492", "99493", "99494", "G2214", "G0512", "G0568", "G0569"]
TherapyCode = Literal["90791", "90832", "90834", "90837"]
VolumeMethod = Literal["bands", "share"]
SensitivityAxis = Literal["caseload", "billable_share"]

CODES: tuple[str, ...] = br.COCM_CODES
APCM_CODES: dict[str, str] = {"99492": "G0568", "99493": "G0569"}  # in place of, never both
STANDARD_CODES: tuple[str, ...] = ("99492", "99493", "99494", "G2214")
FQHC_CODE = "G0512"
BILLING_YEARS: tuple[int, ...] = (2025, 2026)
CONFIRMED_RATE_YEAR = 2025  # the latest year whose CMS amounts per code are confirmed here


@dataclass(frozen=True)
class PopulationCell:
    """One cell of the AIMS caseload matrix: a suggested caseload per 1.0 FTE care manager."""

    key: str
    label: str
    short_label: str
    low: int
    high: int

    @property
    def midpoint(self) -> float:
        return (self.low + self.high) / 2


POPULATIONS: dict[str, PopulationCell] = {
    "behavioral_adequate": PopulationCell(
        "behavioral_adequate",
        "Behavioral health conditions only (such as depression or anxiety); patients mostly have "
        "adequate income and good social support",
        "Behavioral only; adequate income and support",
        90,
        120,
    ),
    "multi_adequate": PopulationCell(
        "multi_adequate",
        "Behavioral and medical conditions together (such as depression with high blood "
        "pressure); patients mostly have adequate income and good social support",
        "Behavioral + medical; adequate income and support",
        80,
        100,
    ),
    "behavioral_low": PopulationCell(
        "behavioral_low",
        "Behavioral health conditions only; many patients have low income, little support or "
        "no stable housing",
        "Behavioral only; low income, limited support",
        60,
        80,
    ),
    "multi_low": PopulationCell(
        "multi_low",
        "Behavioral and medical conditions together; many patients have low income, little "
        "support or no stable housing",
        "Behavioral + medical; low income, limited support",
        50,
        75,
    ),
}
DEFAULT_POPULATION: Population = "behavioral_adequate"

CODE_DESCRIPTIONS: dict[str, str] = {code: rule.name for code, rule in br.CODE_RULES.items()}
# Care manager minutes in the calendar month that each code needs (CPT time rules, as used by Medicare).
CODE_MINUTES: dict[str, str] = {code: rule.minutes for code, rule in br.CODE_RULES.items()}

BILLING_MODE_LABELS: dict[str, str] = {
    "standard": "Standard codes (99492, 99493, 99494, G2214)",
    "fqhc_rhc": "Health center or rural health clinic, Medicare (G0512 in 2025; the standard codes from 2026)",
    "g0512_medicaid": "G0512 paid by a state Medicaid program (health centers; not Medicare)",
}
BILLING_MODE_SHORT: dict[str, str] = {
    "standard": "Standard",
    "fqhc_rhc": "Health center",
    "g0512_medicaid": "G0512, state Medicaid",
}

CONSULTANT_HOURS_PER_FTE = 3.0  # about 0.075 FTE (3 hours a week) per full-time care manager
CONSULTANT_LOW_FACTOR = 2 / 3  # below two thirds of the guidance: "low"
CONSULTANT_HIGH_FACTOR = 1.5  # above one and a half times the guidance: "high"
ENROLLMENT_MISMATCH = 0.2  # warn when caseload and enrollments x episode length differ by > 20%
G0512_MEDICAID_NOTE = (
    "G0512 for a state Medicaid program: Medicare no longer pays G0512 from 2026, but some state Medicaid "
    "programs still do (Texas Medicaid adopted it for health centers on 1 March 2025). Put your state's "
    "G0512 rate in the rate table and check the program's own time rules; the model uses 70 minutes in the "
    "first month and 60 in later months."
)
RATE_CHECK_NOTE = (
    "Payment rates change every year. Check the CMS Physician Fee Schedule look-up tool for your "
    "locality and year, and your contracts with other payers. The rates here are the full allowed "
    "amounts: Medicare pays 80% and the patient owes 20% coinsurance. Put that 20% in the payer's patient "
    "share and how much of it is collected under Cash flow; do not lower the relative rate for it as well."
)


def codes_used(mode: str, year: int) -> tuple[str, ...]:
    """The codes a scenario bills: a health center bills what its year's billing table says Medicare pays it (G0512
    through 2025, the standard codes from 2026); a state Medicaid program that still pays G0512 bills G0512;
    everyone else the standard codes."""
    if mode == "g0512_medicaid":
        return (FQHC_CODE,)
    if mode == "fqhc_rhc":
        return br.table(year).health_center_codes
    return STANDARD_CODES


def new_row_id() -> str:
    """A stable id for a table row (scenario, payer), kept when the row is edited."""
    return uuid.uuid4().hex[:12]


def stable_id(kind: str, name: str) -> str:
    """The same short id for the same row everywhere: used when old documents get their ids, so two copies
    of one old document migrate to the same ids (a merge of concurrent saves matches rows by id)."""
    return hashlib.sha1(f"{kind}:{name.strip().casefold()}".encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# Formatting: money(), num() and pct() come from worksheets.fields, one helper each, used everywhere
# --------------------------------------------------------------------------------------------


def fte_text(value: float) -> str:
    """FTE with at least one decimal: 1.0, 1.5, 0.75."""
    text = num(value)
    return text if "." in text else f"{text}.0"


# --------------------------------------------------------------------------------------------
# Input models
# --------------------------------------------------------------------------------------------


def _entry(step: float, decimals: int, unit: str = "", grouped: bool = True) -> dict[str, Any]:
    """How a number is typed and shown, for ``json_schema_extra`` (read by worksheets.fields): the number box's
    step and decimals, the unit ("$", "%" or a word), and ``grouped=False`` for a year (2026, not 2,026)."""
    return {"step": step, "decimals": decimals, **({"unit": unit} if unit else {}),
            **({} if grouped else {"grouped": False})}


class RateDefault(StrictModel):
    """A payment rate for one billing code, with the year and where the figure comes from."""

    code: Code = Field(title="Billing code")
    amount: float = Field(
        ge=0, le=10_000, title="Payment per unit ($)",
        description="The Medicare allowed amount for the year (for G0512 under a state Medicaid program, the "
                    "state's rate). Other payers are set against it in the payer mix.",
        json_schema_extra=_entry(1, 2, "$"),
    )
    year: int = Field(ge=2000, le=2100, title="Rate year", description="The year this amount is for.",
                      json_schema_extra=_entry(1, 0, grouped=False))
    source: str = Field(min_length=1, max_length=400, title="Where this rate comes from",
                        description="Where the figure comes from: the fee schedule and year, a contract, or the "
                                    "state's notice.")
    verified: bool = Field(default=False, title="Confirmed figure",
                           description="Tick once someone has checked the figure.")


def table_rates(year: int, site: str = "non_facility") -> list[RateDefault]:
    """A year's rate table (worksheets.billing_rules) as a scenario's editable rates."""
    t = br.table(year)
    return [RateDefault(code=code, amount=a.amount(site), year=year, verified=a.confirmed(site),
                        source=a.source_for(site)) for code, a in t.amounts.items()]


DEFAULT_RATES: tuple[RateDefault, ...] = tuple(table_rates(2025))  # the confirmed CY2025 national amounts


class TherapyLine(StrictModel):
    """Psychotherapy billed on its own (mixed billing): visits a month under one code and what a visit brings."""

    code: TherapyCode = Field(title="Psychotherapy code")
    visits_per_month: float = Field(
        default=0, ge=0, le=2_000, title="Visits a month",
        description="Sessions the care manager holds and bills under this code each month. Their time comes out of "
                    "the care manager's direct-contact hours and never counts toward Collaborative Care minutes.",
        json_schema_extra=_entry(1, 1))
    payment_per_visit: float = Field(
        default=0, ge=0, le=10_000, title="Average payment per visit ($)",
        description="What a visit actually brings in, averaged over payers (the payer mix is not applied again).",
        json_schema_extra=_entry(5, 2, "$"))


def default_psychotherapy() -> list[TherapyLine]:
    return [TherapyLine(code=c.code, visits_per_month=0, payment_per_visit=c.placeholder_rate)
            for c in br.THERAPY_CODES.values()]


PHASES: tuple[str, ...] = ("first", "active", "monitoring")
PHASE_LABELS: dict[str, str] = {"first": "First month", "active": "Active months", "monitoring": "Monitoring months"}
BAND_COUNT = len(br.FIRST_BOUNDS)


def band_label(index: int, phase: str) -> str:
    """'16-35 minutes' for a first month, '16-30 minutes' for a later one."""
    bounds = br.FIRST_BOUNDS if phase == "first" else br.LATER_BOUNDS
    low = bounds[index]
    if index == len(bounds) - 1:
        return f"{low}+ minutes"
    return f"{low}-{bounds[index + 1] - 1} minutes"


def band_minutes(index: int, phase: str) -> float:
    """The minutes a patient-month in a band is counted as: the middle of the band; the top band its start + 15."""
    bounds = br.FIRST_BOUNDS if phase == "first" else br.LATER_BOUNDS
    if index == len(bounds) - 1:
        return bounds[index] + 15.0
    return (bounds[index] + bounds[index + 1] - 1) / 2


BAND_MEANING: tuple[str, ...] = (
    "Under the billing minimum: not billable",
    "Lower code only (G2214)",
    "Base code (99492 or 99493)",
    "Base code; also reaches G0512's 70 / 60 minutes (health centers in 2025, some Medicaid programs)",
    "Base code + one 99494 add-on",
    "Base code + two 99494 add-ons",
    "Base code + three 99494 add-ons",
)


class MinuteBand(StrictModel):
    """One band of care manager minutes in a month: the share of patient-months in it, per phase."""

    band: int = Field(ge=0, lt=BAND_COUNT, title="Band")
    first_pct: float = Field(ge=0, le=100, title="First month (%)", json_schema_extra=_entry(1, 1, "%"))
    active_pct: float = Field(ge=0, le=100, title="Active months (%)", json_schema_extra=_entry(1, 1, "%"))
    monitoring_pct: float = Field(ge=0, le=100, title="Monitoring months (%)", json_schema_extra=_entry(1, 1, "%"))

    def share(self, phase: str) -> float:
        return {"first": self.first_pct, "active": self.active_pct, "monitoring": self.monitoring_pct}[phase]


SPREAD_WORDS = "minutes spread evenly from half the average to one and a half times it"


def spread_shares(average: float, phase: str) -> tuple[float, ...]:
    """The average-minutes shortcut: each band's share (%, summing to 100) when a phase's minutes are spread evenly
    from half the average to one and a half times it. Band i covers [start_i, start_(i+1)) minutes.

    Worked example: an average of 40 minutes in a later month spreads over 20-60 minutes (40 wide); 16-30 holds
    20-31, 11 minutes = 27.5%; 31-59 holds 31-60, 29 minutes = 72.5%."""
    bounds = br.FIRST_BOUNDS if phase == "first" else br.LATER_BOUNDS
    if average <= 0:
        return (100.0,) + (0.0,) * (len(bounds) - 1)
    low, high = average * 0.5, average * 1.5
    width = high - low
    out = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else float("inf")
        out.append(max(0.0, min(end, high) - max(start, low)) / width * 100)
    return tuple(out)


def bands_from_averages(first: float, active: float, monitoring: float) -> list[MinuteBand]:
    shares = {p: spread_shares(avg, p) for p, avg in zip(PHASES, (first, active, monitoring))}
    return [MinuteBand(band=i, first_pct=round(shares["first"][i], 2), active_pct=round(shares["active"][i], 2),
                       monitoring_pct=round(shares["monitoring"][i], 2)) for i in range(BAND_COUNT)]


DEFAULT_AVERAGES = {"first": 100.0, "active": 55.0, "monitoring": 20.0}


def default_bands() -> list[MinuteBand]:
    return bands_from_averages(*DEFAULT_AVERAGES.values())


class PayerShare(StrictModel):
    """One payer: its share of CoCM patients and what it pays compared with Medicare."""

    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="Row id")
    name: str = Field(max_length=60, title="Payer")
    share_pct: float = Field(ge=0, le=100, title="Share of patients (%)",
                             description="The payer's share of the program's patients. The shares add up to 100%.",
                             json_schema_extra=_entry(1, 1, "%"))
    relative_rate_pct: float = Field(
        default=100.0, ge=0, le=500, title="Pays, compared with Medicare (%)",
        description="100 for Medicare rates, 70 if the payer pays 70% of what Medicare pays, and 0 for patients "
                    "whose care is not paid for.",
        json_schema_extra=_entry(1, 0, "%"),
    )
    pays_cpt: bool = Field(
        default=True, title="Pays 99492-99494",
        description="Whether this payer pays the CPT Collaborative Care codes 99492, 99493 and the 99494 add-on.")
    pays_g_codes: bool = Field(
        default=True, title="Pays G-codes",
        description="Whether this payer pays G2214, G0512 and the APCM add-ons G0568 / G0569. These are Medicare and "
                    "Medicaid codes; many commercial plans do not pay them, and a month billed with one of them "
                    "then brings nothing from that payer.")
    addon_cap: float | None = Field(
        default=None, ge=0, le=10, title="Most 99494 units a month",
        description="Leave empty for no cap. Some Medicaid programs cap the extra-time add-on (for example four a "
                    "month).", json_schema_extra=_entry(1, 0))
    patient_share_pct: float = Field(
        default=0, ge=0, le=100, title="Patient's cost share (%)",
        description="The part of the allowed amount the patient owes: 20 for Medicare Part B coinsurance, 0 when "
                    "the payer pays it all. How much of it is collected is set under Cash flow.",
        json_schema_extra=_entry(1, 0, "%"))

    def pays(self, code: str) -> bool:
        return self.pays_cpt if br.CODE_RULES[code].group == "cpt" else self.pays_g_codes

    @model_validator(mode="before")
    @classmethod
    def _filled_in(cls, data: Any) -> Any:
        """A half-filled row is refused with what to enter, instead of vanishing or passing with a 0."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if not data.get("id"):
            data["id"] = new_row_id()
        missing = []
        name = data.get("name")
        if name is None or (isinstance(name, str) and not name.strip()):
            missing.append("the payer's name")
        if "share_pct" in data and data["share_pct"] is None:
            missing.append("its share of patients (%)")
        if "relative_rate_pct" in data and data["relative_rate_pct"] is None:
            missing.append("what it pays compared with Medicare (%)")
        if missing:
            raise ValueError("enter " + " and ".join(missing))
        return data


DEFAULT_PAYER_NAME = "All payers (at Medicare rates)"


def default_payer_mix() -> list[PayerShare]:
    return [PayerShare(id=stable_id("payer", DEFAULT_PAYER_NAME), name=DEFAULT_PAYER_NAME, share_pct=100,
                       relative_rate_pct=100, patient_share_pct=20)]


def default_caseload(population: str, fte: float) -> float:
    """Middle of the AIMS caseload range for the population, times the care manager FTE."""
    return POPULATIONS[population].midpoint * fte


def default_new_enrollments(caseload: float, episode_months: float) -> float:
    """New patients a month that keep the caseload steady: caseload / average episode length."""
    return caseload / episode_months


_DEFAULT_FTE = 1.0
_DEFAULT_EPISODE = 5.0
_DEFAULT_CASELOAD = default_caseload(DEFAULT_POPULATION, _DEFAULT_FTE)


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


HORIZON_MONTHS = 36
MAX_LAG_MONTHS = 12
WEEKS_PER_MONTH = 52 / 12
HOUR_FIELDS: tuple[str, ...] = ("hours_direct", "hours_documentation", "hours_outreach", "hours_caseload_review",
                                "hours_meetings", "hours_other")
COUNTABLE_HOUR_FIELDS: tuple[str, ...] = HOUR_FIELDS[:4]
MAX_WEEK_HOURS = 60


class FinancialInputs(StrictModel):
    """Everything the financial model needs for one scenario. Money is in US dollars.

    Each number's bounds, help (description), unit, step and decimals are here and nowhere else: the page's
    number boxes, the PDF and the error messages read them (worksheets.fields)."""

    # Staff and costs
    care_manager_fte: float = Field(
        default=_DEFAULT_FTE, gt=0, le=5, title="Care manager FTE (full-time equivalents)",
        description="How much care manager time the program pays for: 1.0 is one full-time person. The AIMS "
                    "caseload ranges and the consultant guidance are per full-time care manager.",
        json_schema_extra=_entry(0.1, 2, "FTE"),
    )
    care_manager_salary: float = Field(
        default=72_000, ge=0, le=1_000_000, title="Care manager salary per full-time year ($)",
        description="Yearly salary of one full-time care manager, before benefits. The model scales it by the FTE.",
        json_schema_extra=_entry(1000, 0, "$"),
    )
    benefits_pct: float = Field(
        default=28, ge=0, le=100, title="Benefits (% of salary)",
        description="Employer costs on top of salary (health insurance, retirement, payroll taxes) as a share of "
                    "salary. Ask HR for the clinic's figure.",
        json_schema_extra=_entry(1, 1, "%"),
    )
    consultant_hours_per_week: float = Field(
        default=CONSULTANT_HOURS_PER_FTE * _DEFAULT_FTE, ge=0, le=80, title="Psychiatric consultant hours per week",
        description="The psychiatric consultant's time for the caseload: the weekly case review and questions in "
                    "between. Guidance is about 3 hours a week for each full-time care manager; much less and the "
                    "weekly review does not get through the caseload.",
        json_schema_extra=_entry(0.5, 1),
    )
    consultant_hourly_rate: float = Field(
        default=200, ge=0, le=2_000, title="Psychiatric consultant cost per hour ($)",
        description="What the clinic pays for an hour of consultant time (salary and benefits, or the contract "
                    "rate).",
        json_schema_extra=_entry(5, 2, "$"),
    )
    other_staff_hours_per_week: float = Field(
        default=4, ge=0, le=400, title="Other staff hours per week (front desk, medical assistant, billing)",
        description="Front desk, medical assistant and billing time the program uses each week: scheduling, "
                    "screening, claims.",
        json_schema_extra=_entry(1, 1),
    )
    other_staff_hourly_rate: float = Field(
        default=25, ge=0, le=1_000, title="Other staff cost per hour ($)",
        description="Average cost of an hour of that time, with benefits.",
        json_schema_extra=_entry(1, 2, "$"),
    )
    overhead_pct: float = Field(
        default=15, ge=0, le=100, title="Overhead (% added to staff costs)",
        description="Space, IT and registry licences, quality improvement and supervision, as a share added to "
                    "staff costs.",
        json_schema_extra=_entry(1, 1, "%"),
    )
    startup_costs: float = Field(
        default=10_000, ge=0, le=10_000_000, title="One-time start-up costs ($)",
        description="One-time costs before launch: hiring, training, registry set-up, EHR templates. The 36-month "
                    "budget counts them in month 1; the steady-month figures leave them out.",
        json_schema_extra=_entry(1000, 0, "$"),
    )

    # Patients
    population: Population = Field(default=DEFAULT_POPULATION, title="Patient population")
    expected_caseload: float = Field(
        default=_DEFAULT_CASELOAD, ge=0, le=2000, title="Expected active caseload (patients)",
        description="Patients active on the caseload in a typical month once the program is running: the steady-"
                    "month figures and Staffing use it. The 36-month budget fills to new patients a month x months "
                    "in care, so keep the two in step. Use AIMS default fills in the middle of the AIMS range for "
                    "the population x the care manager FTE.",
        json_schema_extra=_entry(1, 1),
    )
    new_enrollments_per_month: float = Field(
        default=_DEFAULT_CASELOAD / _DEFAULT_EPISODE, ge=0, le=500, title="New patients enrolled per month",
        description="New patients enrolled each month. Each one's first month is billed with 99492 (or G0512) when "
                    "it reaches the time needed. A steady caseload needs about caseload / months in care.",
        json_schema_extra=_entry(1, 1),
    )
    episode_months: float = Field(
        default=_DEFAULT_EPISODE, ge=1, le=24, title="Average months in care per patient",
        description="How long a patient stays in care: the first month, the active months, then monitoring. It "
                    "decides when patients leave the 36-month budget, the mix of phases, and the break-even "
                    "caseload.",
        json_schema_extra=_entry(0.5, 1),
    )
    billable_share_pct: float = Field(
        default=75, ge=0, le=100, title="Patient-months reaching the billing minimum of 16 minutes (%)",
        description="Share of patient-months, first months and later months alike, in which the care manager "
                    "spends at least 16 minutes with or for the patient, so the month can be billed (G2214 from 16 "
                    "minutes, 99493 from 31, 99492 from 36; G2214's 16-minute start is how vendors read the rule, "
                    "not confirmed by CMS here). Missed calls and hard-to-reach patients lower it. "
                    "Start cautious and check against the registry after launch.",
        json_schema_extra=_entry(5, 1, "%"),
    )
    g0512_share_pct: float = Field(
        default=35, ge=0, le=100,
        title="Patient-months reaching 70 minutes (first month) or 60 (later months) (%)",
        description="Only for G0512 (health centers in 2025, or a state Medicaid program that still pays it): the "
                    "share of patient-months with at least 70 minutes of care manager time in the first month or 60 "
                    "minutes in a later month. There is no rounding up, so this is lower than the share reaching "
                    "16 minutes.",
        json_schema_extra=_entry(5, 1, "%"),
    )

    # Billing
    billing_mode: BillingMode = Field(default="standard", title="Billing method")
    billing_year: BillingYear = Field(default=2026, title="Billing year")
    rates: list[RateDefault] = Field(default_factory=lambda: table_rates(2026), title="Payment rates")
    g2214_share_pct: float = Field(
        default=10, ge=0, le=100, title="Billable months that reach only the lower threshold, billed as G2214 (%)",
        description="Of the billable months, those with 16 to 30 minutes (16 to 35 in a first month) are billed as "
                    "G2214 instead of 99492 or 99493. Not used with G0512.",
        json_schema_extra=_entry(1, 1, "%"),
    )
    addon_units_per_month: float = Field(
        default=0.2, ge=0, le=10, title="Average 99494 add-on units per month billed with 99492 or 99493",
        description="Extra 30-minute blocks billed with 99494 in busy months (from 86 minutes in a first month, 76 "
                    "in a later month), averaged over every month billed with 99492 or 99493 (0.2 = one add-on in "
                    "five months). Not used with G0512.",
        json_schema_extra=_entry(0.1, 2),
    )
    payer_mix: list[PayerShare] = Field(
        default_factory=default_payer_mix, min_length=1, max_length=12, title="Payer mix"
    )
    site_of_service: br.Site = Field(default="non_facility", title="Rate for the place of service")
    apcm_addons: bool = Field(
        default=False, title="Bill the APCM behavioral add-ons (2026)",
        description="Only for a practice that bills Advanced Primary Care Management (G0556-G0558) for these "
                    "patients: months that would bill 99492 or 99493 to a payer that pays G-codes bill G0568 or "
                    "G0569 instead, never both. Amounts and time rules are not confirmed yet.")
    psychotherapy: list[TherapyLine] = Field(default_factory=default_psychotherapy, title="Psychotherapy billed "
                                             "on its own")

    # Care manager minutes in a month: bands (by phase) or one typed share
    volume_method: VolumeMethod = Field(default="bands", title="How billable months are estimated")
    minute_bands: list[MinuteBand] = Field(default_factory=default_bands, title="Care manager minutes in a month")
    active_months: float = Field(
        default=2, ge=0, le=23, title="Active months after the first",
        description="Months of active treatment after the first month, with contact about every other week; the "
                    "rest of the episode is monitoring (about monthly) until the relapse-prevention plan. COMPASS "
                    "used weekly contact in month 1, then every other week for 2-3 months.",
        json_schema_extra=_entry(1, 1))

    # Care manager time: a full-time week, in hours (AIMS Financial Modeling Workbook: work in hours, not percents)
    hours_direct: float = Field(
        default=24, ge=0, le=80, title="Direct contact with patients (hours a week)",
        description="Assessments, follow-up calls and visits. Caseload capacity follows from these hours and the "
                    "contact plan below; psychotherapy visits come out of them.",
        json_schema_extra=_entry(0.5, 1))
    hours_documentation: float = Field(
        default=6, ge=0, le=80, title="Documentation and registry (hours a week)",
        description="Notes, registry updates and treatment-plan changes. Counts toward a patient's monthly "
                    "Collaborative Care minutes.", json_schema_extra=_entry(0.5, 1))
    hours_outreach: float = Field(
        default=4, ge=0, le=80, title="Outreach and care coordination (hours a week)",
        description="Reaching patients who missed contact, coordinating with other providers. Counts toward a "
                    "patient's minutes.", json_schema_extra=_entry(0.5, 1))
    hours_caseload_review: float = Field(
        default=3, ge=0, le=80, title="Systematic caseload review (hours a week)",
        description="The weekly review of the caseload with the psychiatric consultant, which Collaborative Care "
                    "billing requires. Counts toward the minutes of the patients discussed.",
        json_schema_extra=_entry(0.5, 1))
    hours_meetings: float = Field(
        default=1.5, ge=0, le=80, title="Team meetings and supervision (hours a week)",
        description="Meetings not about one patient. Does not count toward Collaborative Care minutes.",
        json_schema_extra=_entry(0.5, 1))
    hours_other: float = Field(
        default=1.5, ge=0, le=80, title="Other duties (hours a week)",
        description="Anything else the care manager does: screening clinics, training, leave averaged over the "
                    "year. Does not count toward Collaborative Care minutes.", json_schema_extra=_entry(0.5, 1))
    minutes_initial: float = Field(
        default=60, ge=5, le=240, title="Initial assessment (minutes)",
        description="Length of the first contact, with the assessment and treatment plan. A what-if on "
                    "appointment length: longer contacts mean a smaller caseload.", json_schema_extra=_entry(5, 0))
    minutes_followup: float = Field(
        default=25, ge=5, le=240, title="Follow-up contact (minutes)",
        description="Length of a follow-up in the first and active months.", json_schema_extra=_entry(5, 0))
    minutes_monitoring: float = Field(
        default=15, ge=5, le=240, title="Monitoring check-in (minutes)",
        description="Length of a check-in in the monitoring months.", json_schema_extra=_entry(5, 0))
    contacts_first: float = Field(
        default=3, ge=1, le=20, title="Contacts in the first month",
        description="Including the initial assessment. COMPASS: weekly in month 1; many clinics manage fewer.", json_schema_extra=_entry(1, 1))
    contacts_active: float = Field(
        default=2, ge=0, le=20, title="Contacts a month, active months",
        description="COMPASS: every other week for the next 2-3 months.", json_schema_extra=_entry(1, 1))
    contacts_monitoring: float = Field(
        default=1, ge=0, le=20, title="Contacts a month, monitoring months",
        description="COMPASS: monthly to every 3 months while monitoring.", json_schema_extra=_entry(0.5, 1))
    no_show_pct: float = Field(
        default=10, ge=0, le=90, title="Missed contacts (%)",
        description="Scheduled contacts that do not happen; the time booked for them is still used.",
        json_schema_extra=_entry(1, 1, "%"))

    # Ramp-up and cash flow over 36 months
    ramp_months: float = Field(
        default=6, ge=0, le=HORIZON_MONTHS, title="Months until enrollment reaches full pace",
        description="New patients a month rise in equal steps until this month, then stay at the new patients a "
                    "month on the Caseload tab. "
                    "The caseload is full a little later, once the first patients reach the end of their episode. "
                    "0 = full pace from the first month.", json_schema_extra=_entry(1, 0))
    salary_increase_pct: float = Field(
        default=3, ge=-20, le=30, title="Yearly salary increase (%)",
        description="Applied to every staff cost (and the overhead on it) at the start of years 2 and 3.",
        json_schema_extra=_entry(0.5, 1, "%"))
    rate_increase_pct: float = Field(
        default=0, ge=-20, le=30, title="Yearly change in payment rates (%)",
        description="Applied to every payment rate at the start of years 2 and 3. Medicare's conversion factor "
                    "moves a few percent either way each year; 0 is the cautious choice.",
        json_schema_extra=_entry(0.5, 1, "%"))
    payment_lag_months: float = Field(
        default=2, ge=0, le=MAX_LAG_MONTHS, title="Payment lag (months)",
        description="Months between the month of care and the month the money arrives: claims are sent after the "
                    "month closes and paid weeks later.", json_schema_extra=_entry(1, 0))
    collection_rate_pct: float = Field(
        default=95, ge=0, le=100, title="Claims collected (%)",
        description="Share of what is billed that is actually paid, after denials and write-offs.",
        json_schema_extra=_entry(1, 1, "%"))
    coinsurance_collected_pct: float = Field(
        default=50, ge=0, le=100, title="Patient cost share collected (%)",
        description="Share of the patient's part (for Medicare, the 20% coinsurance) that is collected. Often low "
                    "for a monthly bill the patient did not expect; consent must mention it.",
        json_schema_extra=_entry(5, 1, "%"))

    @model_validator(mode="before")
    @classmethod
    def _fill_derived_defaults(cls, data: Any) -> Any:
        """Caseload and enrollments left out (or None) follow from population, FTE and episode."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        population = data.get("population", DEFAULT_POPULATION)
        fte = _as_number(data.get("care_manager_fte", _DEFAULT_FTE))
        if data.get("expected_caseload") is None:
            data.pop("expected_caseload", None)
            if population in POPULATIONS and fte is not None and 0 < fte <= 5:
                data["expected_caseload"] = default_caseload(population, fte)
        if data.get("rates") is None:
            data.pop("rates", None)
            year, site = data.get("billing_year", 2026), data.get("site_of_service", "non_facility")
            if year in br.TABLES and site in br.SITES:
                data["rates"] = [r.model_dump() for r in table_rates(year, site)]
        if data.get("new_enrollments_per_month") is None:
            data.pop("new_enrollments_per_month", None)
            caseload = _as_number(data.get("expected_caseload", _DEFAULT_CASELOAD))
            episode = _as_number(data.get("episode_months", _DEFAULT_EPISODE))
            if caseload is not None and episode is not None and 0 <= caseload <= 2000 and 1 <= episode <= 24:
                data["new_enrollments_per_month"] = default_new_enrollments(caseload, episode)
        return data

    @field_validator("rates")
    @classmethod
    def _one_rate_per_code(cls, rates: list[RateDefault]) -> list[RateDefault]:
        listed = [rate.code for rate in rates]
        missing = [code for code in CODES if code not in listed]
        doubled = sorted({code for code in listed if listed.count(code) > 1}, key=CODES.index)
        problems = []
        if missing:
            problems.append("missing: " + ", ".join(missing))
        if doubled:
            problems.append("listed more than once: " + ", ".join(doubled))
        if problems:
            raise ValueError(
                f"each of these codes is needed exactly once: {', '.join(CODES)} ({'; '.join(problems)})."
            )
        return sorted(rates, key=lambda rate: CODES.index(rate.code))

    @field_validator("minute_bands")
    @classmethod
    def _bands_are_whole(cls, bands: list[MinuteBand]) -> list[MinuteBand]:
        if sorted(b.band for b in bands) != list(range(BAND_COUNT)):
            raise ValueError(f"the minutes table needs its {BAND_COUNT} bands, each once.")
        bands = sorted(bands, key=lambda b: b.band)
        wrong = []
        for phase in PHASES:
            total = sum(b.share(phase) for b in bands)
            if abs(total - 100) > 0.05:
                wrong.append(f"{PHASE_LABELS[phase].lower()} add up to {pct(round(total, 2))}")
        if wrong:
            raise ValueError("each column must add up to 100%: " + "; ".join(wrong) + ".")
        return bands

    @field_validator("psychotherapy")
    @classmethod
    def _one_line_per_therapy_code(cls, lines: list[TherapyLine]) -> list[TherapyLine]:
        listed = [line.code for line in lines]
        if sorted(listed) != sorted(br.THERAPY_CODES):
            raise ValueError(f"each psychotherapy code is needed exactly once: {', '.join(br.THERAPY_CODES)}.")
        return sorted(lines, key=lambda line: list(br.THERAPY_CODES).index(line.code))

    @field_validator("payer_mix")
    @classmethod
    def _payer_mix_is_whole(cls, payers: list[PayerShare]) -> list[PayerShare]:
        total = sum(payer.share_pct for payer in payers)
        if abs(total - 100) > 0.01:
            raise ValueError(f"the shares add up to {pct(total)}; they must add up to 100%.")
        names = [payer.name.casefold() for payer in payers]
        for payer in payers:
            if names.count(payer.name.casefold()) > 1:
                raise ValueError(
                    f'the payer "{payer.name}" is listed more than once; combine its rows.'
                )
        ids = [payer.id for payer in payers]
        if len(set(ids)) != len(ids):
            raise ValueError("two payer rows have the same row id; give each row its own id.")
        return payers

    def rate(self, code: str) -> RateDefault:
        for rate in self.rates:
            if rate.code == code:
                return rate
        raise KeyError(code)

    @property
    def population_cell(self) -> PopulationCell:
        return POPULATIONS[self.population]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes this scenario bills (billing method x billing year, and the APCM add-ons when chosen)."""
        used = codes_used(self.billing_mode, self.billing_year)
        if self.apcm_on:
            return (*used, *APCM_CODES.values())
        return used

    @property
    def apcm_on(self) -> bool:
        """The APCM add-ons are billed: chosen, in a year that has them, with the standard codes."""
        return (self.apcm_addons and br.table(self.billing_year).apcm
                and codes_used(self.billing_mode, self.billing_year) == STANDARD_CODES)

    @property
    def uses_g0512(self) -> bool:
        return codes_used(self.billing_mode, self.billing_year) == (FQHC_CODE,)

    @property
    def capacity(self) -> float:
        """The caseload the care manager's direct-contact hours can carry with the contact plan (see capacity())."""
        return capacity(self).caseload

    @property
    def episode_split(self) -> tuple[float, float]:
        """(active months, monitoring months) after the first month; active months never past the episode."""
        after_first = max(self.episode_months - 1, 0.0)
        active = min(self.active_months, after_first)
        return active, after_first - active

    @property
    def week_hours(self) -> float:
        return sum(getattr(self, name) for name in HOUR_FIELDS)

    @property
    def countable_hours(self) -> float:
        """Hours a week per full-time care manager that count toward patients' Collaborative Care minutes."""
        return sum(getattr(self, name) for name in COUNTABLE_HOUR_FIELDS)

    def therapy(self, code: str) -> TherapyLine:
        return next(line for line in self.psychotherapy if line.code == code)

    @property
    def therapy_minutes(self) -> float:
        """Care manager minutes a month taken by psychotherapy visits billed on their own."""
        return sum(line.visits_per_month * br.THERAPY_CODES[line.code].minutes for line in self.psychotherapy)


class Scenario(StrictModel):
    """A named set of inputs ("Base case", "Two care managers", ...)."""

    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="Scenario id")
    name: str = Field(default="Base case", min_length=1, max_length=60, title="Scenario name")
    inputs: FinancialInputs = Field(default_factory=FinancialInputs, title="Inputs")


MAX_SCENARIOS = 3


def check_scenarios(scenarios: list[Scenario]) -> list[Scenario]:
    """At most three scenarios, each with its own name (case and outer spaces ignored)."""
    if len(scenarios) > MAX_SCENARIOS:
        raise ValueError(
            f"You can compare up to {MAX_SCENARIOS} scenarios; there are {len(scenarios)}. "
            "Remove one first."
        )
    seen: set[str] = set()
    for scenario in scenarios:
        key = scenario.name.strip().casefold()
        if key in seen:
            raise ValueError(
                f'Two scenarios are called "{scenario.name}"; give each scenario its own name.'
            )
        seen.add(key)
    ids = [scenario.id for scenario in scenarios]
    if len(set(ids)) != len(ids):
        raise ValueError("Two scenarios have the same id; give each scenario its own id.")
    return scenarios


# For the Sustainment plan document: ``scenarios: ScenarioList = Field(default_factory=...)``.
ScenarioList = Annotated[list[Scenario], AfterValidator(check_scenarios)]


# Where each starting figure comes from, so nobody mistakes a placeholder for a published number.
# (field, year, source). Payment rates carry their own year and source in RateDefault.
_PLACEHOLDER = "Placeholder to start from, not a published figure: replace it with your clinic's own number"
_ASSUMED_WEEK = ("Our assumption: a 40-hour week split for this model (reconstructed; the AIMS Financial Modeling "
                 "Workbook allocates work in hours but publishes no standard split). Replace with your own")
DEFAULT_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("care_manager_fte", "2020", "AIMS Center caseload guidance: hire care managers full time or close to it"),
    ("care_manager_salary", "2026", _PLACEHOLDER),
    ("benefits_pct", "2026", _PLACEHOLDER),
    ("consultant_hours_per_week", "2020",
     "AIMS Center guidance: about 3 hours a week (0.075 FTE) per full-time care manager"),
    ("consultant_hourly_rate", "2026", _PLACEHOLDER),
    ("other_staff_hours_per_week", "2026", _PLACEHOLDER),
    ("other_staff_hourly_rate", "2026", _PLACEHOLDER),
    ("overhead_pct", "2026", _PLACEHOLDER),
    ("startup_costs", "2026", _PLACEHOLDER),
    ("expected_caseload", "2020",
     "AIMS Center caseload matrix for a full-time care manager (updated 7/27/2020): middle of the range for "
     "the population chosen"),
    ("new_enrollments_per_month", "2026",
     "Worked out as caseload ÷ months in care; the AIMS guide publishes no figure for new patients a month"),
    ("episode_months", "2026", "Assumption: about five months of active care before relapse-prevention "
                               "follow-up; the guide gives no single figure"),
    ("billable_share_pct", "2026", _PLACEHOLDER),
    ("g0512_share_pct", "2026",
     "Placeholder: fewer months reach a full 60 minutes than reach 31. With the other starting figures (75% "
     "billable, 10% only 16-30 minutes, 0.2 add-ons a month) about a third of months reach 60 minutes. "
     "Replace it with the share in your registry"),
    ("g2214_share_pct", "2026", _PLACEHOLDER),
    ("addon_units_per_month", "2026", _PLACEHOLDER),
    ("payer_mix", "2026", "Placeholder: every patient paid at Medicare rates, with Medicare's 20% patient "
                          "coinsurance. Enter your own payer mix"),
    ("minute_bands", "2026",
     f"Our assumption: averages of {num(DEFAULT_AVERAGES['first'])} (first month), {num(DEFAULT_AVERAGES['active'])} "
     f"(active) and {num(DEFAULT_AVERAGES['monitoring'])} (monitoring) minutes, {SPREAD_WORDS}. Replace with the "
     "minutes in your registry"),
    ("active_months", "2023", "COMPASS Collaborative Care phases (AIMS-affiliated): every other week for 2-3 months "
                              "after the first"),
    ("hours_direct", "2026", _ASSUMED_WEEK),
    ("hours_documentation", "2026", _ASSUMED_WEEK),
    ("hours_outreach", "2026", _ASSUMED_WEEK),
    ("hours_caseload_review", "2026",
     "Our assumption, matched to the AIMS Center guidance of about 3 psychiatric consultant hours a week per "
     "full-time care manager: the care manager is in the consultant's weekly caseload review"),
    ("hours_meetings", "2026", _ASSUMED_WEEK),
    ("hours_other", "2026", _ASSUMED_WEEK),
    ("minutes_initial", "2026", "Our assumption: a typical initial assessment; replace with your own"),
    ("minutes_followup", "2026", "Our assumption: a typical follow-up call or visit; replace with your own"),
    ("minutes_monitoring", "2026", "Our assumption: a short monitoring check-in; replace with your own"),
    ("contacts_first", "2023", "COMPASS: weekly contact in month 1 (4); 3 is our more cautious assumption"),
    ("contacts_active", "2023", "COMPASS: every other week in the active months"),
    ("contacts_monitoring", "2023", "COMPASS: monthly to every 3 months while monitoring"),
    ("no_show_pct", "2026", _PLACEHOLDER),
    ("ramp_months", "2026",
     "Our assumption. For reference, a vendor reports clinics reach 20-40% of their caseload target in the first "
     "90 days (April Health, 2026); no peer-reviewed time-to-fill figure was found"),
    ("salary_increase_pct", "2026", _PLACEHOLDER),
    ("rate_increase_pct", "2026", "Our cautious assumption: no change; Medicare's conversion factor rose 3.3% from "
                                  "2025 to 2026 ($32.3465 to $33.4009)"),
    ("payment_lag_months", "2026", _PLACEHOLDER),
    ("collection_rate_pct", "2026", _PLACEHOLDER),
    ("coinsurance_collected_pct", "2026", _PLACEHOLDER),
)


def default_sources_table() -> Table:
    """Input, starting figure, year and source: shown on the page and in the PDF."""
    base = FinancialInputs()
    rows = []
    for field, year, source in DEFAULT_SOURCES:
        title = FinancialInputs.model_fields[field].title or field
        value = getattr(base, field)
        if field == "payer_mix":
            text = "; ".join(f"{p.name} {num(p.share_pct)}%" for p in value)
        elif field == "minute_bands":
            text = "Averages " + " / ".join(num(v) for v in DEFAULT_AVERAGES.values()) + " minutes"
        else:
            text = shown(field, value, 1)
        rows.append((title, text, year, source))
    for rate in base.rates:
        rows.append((f"Payment rate {rate.code}", money(rate.amount), str(rate.year), rate.source))
    for line in base.psychotherapy:
        rows.append((f"Psychotherapy {line.code}: payment per visit", money(line.payment_per_visit), "2026",
                     br.THERAPY_RATE_SOURCE))
    return Table(("Input", "Starting figure", "Year", "Source"), tuple(rows), widths=(3, 1.4, 0.7, 4.5),
                 caption="Where the starting figures come from")


def default_scenario() -> Scenario:
    return Scenario(id=stable_id("scenario", "Base case"), name="Base case", inputs=FinancialInputs())


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoneyLine:
    key: str
    label: str
    monthly: float
    explanation: tuple[str, ...]

    @property
    def annual(self) -> float:
        return self.monthly * 12


@dataclass(frozen=True)
class OneTime:
    label: str
    amount: float
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class Volume:
    first_patient_months: float  # each new patient's first month on the caseload
    later_patient_months: float
    billable_months: float  # patient-months that reach the minimum of the codes used
    first_months: float  # billable first months
    later_months: float  # billable later months
    share_pct: float  # the share of patient-months that reach that minimum
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class CodeLine:
    code: str
    label: str
    units: float  # patient-months (or add-on units) per month
    rate: float  # Medicare rate per unit
    year: int
    verified: bool
    explanation: tuple[str, ...]
    minutes: str = ""  # the care manager minutes in the month the code needs
    source: str = ""  # where the rate comes from

    @property
    def monthly(self) -> float:
        return self.units * self.rate

    @property
    def annual(self) -> float:
        return self.monthly * 12


@dataclass(frozen=True)
class PayerLine:
    name: str
    share_pct: float
    relative_rate_pct: float
    monthly: float  # allowed, after its relative rate
    explanation: tuple[str, ...]
    collected: float = 0.0  # what arrives, after patient cost share and claims collected

    @property
    def annual(self) -> float:
        return self.monthly * 12


@dataclass(frozen=True)
class BreakEven:
    caseload: float | None
    caseload_per_fte: float | None
    reason: str  # why there is no break-even caseload; "" when there is one
    explanation: tuple[str, ...]
    capacity: float = 0.0  # what the care manager's direct-contact hours carry with the contact plan

    @property
    def beyond_capacity(self) -> bool:
        return self.caseload is not None and self.caseload > self.capacity


@dataclass(frozen=True)
class PerPatient:
    patients_served: float
    cost: float | None
    revenue: float | None
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class CaseloadCheck:
    per_fte: float
    low: int
    high: int
    status: Literal["below", "within", "above"]
    warning: str
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class ConsultantCheck:
    hours_per_week: float
    guidance_hours: float
    status: Literal["low", "ok", "high"]
    message: str
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class FinancialResult:
    costs: tuple[MoneyLine, ...]  # care manager, consultant, other staff, overhead
    total_cost: MoneyLine
    startup: OneTime
    volume: Volume
    codes: tuple[CodeLine, ...]
    medicare_revenue: MoneyLine  # CoCM revenue if every patient paid Medicare rates
    payers: tuple[PayerLine, ...]
    cocm_allowed: MoneyLine  # after the payer mix, before collection
    cocm_revenue: MoneyLine  # collected: after the payer mix, patient cost share and claims collected
    ffs_revenue: MoneyLine
    total_revenue: MoneyLine
    net: MoneyLine
    year_one_net: OneTime
    break_even: BreakEven
    per_patient: PerPatient
    caseload_check: CaseloadCheck
    consultant_check: ConsultantCheck
    capacity: Capacity
    warnings: tuple[str, ...]
    notes: tuple[str, ...]

    def cost(self, key: str) -> MoneyLine:
        for line in self.costs:
            if line.key == key:
                return line
        raise KeyError(key)

    def code(self, code: str) -> CodeLine:
        for line in self.codes:
            if line.code == code:
                return line
        raise KeyError(code)

    @property
    def explanations(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Every figure's working, in reading order: (figure, lines)."""
        items: list[tuple[str, tuple[str, ...]]] = [(c.label, c.explanation) for c in self.costs]
        items.append((self.total_cost.label, self.total_cost.explanation))
        items.append((self.startup.label, self.startup.explanation))
        items.append(("Billable patient-months", self.volume.explanation))
        items.extend((f"{c.code}: {c.label}", c.explanation) for c in self.codes)
        items.append((self.medicare_revenue.label, self.medicare_revenue.explanation))
        items.extend((f"Payer: {p.name}", p.explanation) for p in self.payers)
        for line in (self.cocm_allowed, self.cocm_revenue, self.ffs_revenue, self.total_revenue, self.net):
            items.append((line.label, line.explanation))
        items.append((self.year_one_net.label, self.year_one_net.explanation))
        items.append(("Break-even caseload", self.break_even.explanation))
        items.append(("Patients served per year", self.per_patient.explanation))
        items.append(("Caseload per care manager", self.caseload_check.explanation))
        items.append(("Caseload the care manager's hours can carry", self.capacity.explanation))
        items.append(("Psychiatric consultant time", self.consultant_check.explanation))
        return tuple(items)


# --------------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phases:
    """Patient-months in a month by phase of the episode: first month, active months, monitoring months."""

    first: float
    active: float
    monitoring: float

    @property
    def total(self) -> float:
        return self.first + self.active + self.monitoring

    def of(self, phase: str) -> float:
        return {"first": self.first, "active": self.active, "monitoring": self.monitoring}[phase]


def steady_phases(inputs: FinancialInputs, caseload: float, enrollments: float) -> Phases:
    """A steady caseload split by phase: this month's new patients are first months; the next (new patients x
    active months) are active; the rest are monitoring. With more new patients than the caseload, all are first."""
    active_months, _ = inputs.episode_split
    first = min(enrollments, caseload)
    active = min(enrollments * active_months, caseload - first)
    return Phases(first, active, caseload - first - active)


@dataclass(frozen=True)
class PhaseMix:
    """What one patient-month of a phase bills, before payers: shares of patient-months (0-1)."""

    base: float  # billed with the base code: 99492 in a first month, 99493 later
    lower: float  # billed with the lower code G2214
    g0512: float  # reaching G0512's full time (70 minutes first month, 60 later)
    addons: tuple[tuple[float, float], ...]  # (share of patient-months, 99494 units each)
    billable: float  # reaching 16 minutes
    minutes: float  # average care manager minutes counted for it (bands only; 0 with a typed share)

    def addon_units(self, cap: float | None) -> float:
        return sum(share * (units if cap is None else min(units, cap)) for share, units in self.addons)


def phase_mix(inputs: FinancialInputs, phase: str) -> PhaseMix:
    if inputs.volume_method == "share":
        s, g = inputs.billable_share_pct / 100, inputs.g2214_share_pct / 100
        base = s * (1 - g)
        return PhaseMix(base, s * g, inputs.g0512_share_pct / 100, ((base, inputs.addon_units_per_month),), s, 0.0)
    shares = [band.share(phase) / 100 for band in inputs.minute_bands]
    return PhaseMix(
        base=sum(shares[2:]), lower=shares[1], g0512=sum(shares[3:]),
        addons=tuple((shares[i], float(br.BAND_ADDONS[i])) for i in range(BAND_COUNT) if br.BAND_ADDONS[i]),
        billable=sum(shares[1:]),
        minutes=sum(share * band_minutes(i, phase) for i, share in enumerate(shares)),
    )


def payer_units(inputs: FinancialInputs, payer: PayerShare, phases: Phases) -> dict[str, float]:
    """Units of each code billed a month for this payer's patients if every patient were theirs (multiply by the
    payer's share). A code the payer does not pay is not billed to it; with the APCM add-ons, a payer that pays
    G-codes gets G0568 / G0569 in place of 99492 / 99493, with no 99494; a payer that pays G-codes but not
    99492-99494 gets G2214 (the first 30 minutes of the month) for months that reach more, so more minutes never
    bring less."""
    units: dict[str, float] = {}

    def add(code: str, value: float) -> None:
        if payer.pays(code) and value:
            units[code] = units.get(code, 0.0) + value

    for phase in PHASES:
        months = phases.of(phase)
        if not months:
            continue
        mix = phase_mix(inputs, phase)
        if inputs.uses_g0512:
            add(FQHC_CODE, months * mix.g0512)
            continue
        base_code = "99492" if phase == "first" else "99493"
        if inputs.apcm_on and payer.pays_g_codes:
            add(APCM_CODES[base_code], months * mix.base)
        elif payer.pays_cpt:
            add(base_code, months * mix.base)
            add("99494", months * mix.addon_units(payer.addon_cap))
        else:
            add("G2214", months * mix.base)  # a payer of G-codes only: a longer month still bills its first 30 minutes
        add("G2214", months * mix.lower)
    return units


def collected_factor(inputs: FinancialInputs, payer: PayerShare) -> float:
    """Of an allowed dollar, what arrives: (1 - patient share x uncollected share of it) x claims collected."""
    uncollected = payer.patient_share_pct / 100 * (1 - inputs.coinsurance_collected_pct / 100)
    return (1 - uncollected) * inputs.collection_rate_pct / 100


@dataclass(frozen=True)
class CocmMoney:
    """One month's Collaborative Care billing for a set of patient-months."""

    units: dict[str, float]  # units a month by code, all payers
    at_full_rates: dict[str, float]  # units x rate, by code (Medicare rates, before the payer mix)
    allowed: tuple[float, ...]  # by payer: its patients' units x rate x its relative rate
    expected: tuple[float, ...]  # by payer: allowed x what is collected of it

    @property
    def expected_total(self) -> float:
        return sum(self.expected)

    @property
    def allowed_total(self) -> float:
        return sum(self.allowed)


def cocm_money(inputs: FinancialInputs, phases: Phases, rate_factor: float = 1.0) -> CocmMoney:
    """Linear in the patient-months: twice the patients, twice the money."""
    units: dict[str, float] = {}
    allowed, expected = [], []
    for payer in inputs.payer_mix:
        share = payer.share_pct / 100
        mine = payer_units(inputs, payer, phases)
        value = 0.0
        for code, count in mine.items():
            units[code] = units.get(code, 0.0) + count * share
            value += count * share * inputs.rate(code).amount * rate_factor
        allowed.append(value * payer.relative_rate_pct / 100)
        expected.append(allowed[-1] * collected_factor(inputs, payer))
    used = [c for c in CODES if c in units]
    return CocmMoney({c: units[c] for c in used},
                     {c: units[c] * inputs.rate(c).amount * rate_factor for c in used},
                     tuple(allowed), tuple(expected))


def monthly_cost(inputs: FinancialInputs) -> float:
    """Ongoing cost a month (staff, consultant, other staff, overhead); start-up costs are not in it. The same sums
    as _cost_lines, without their words."""
    staff = (inputs.care_manager_fte * inputs.care_manager_salary * (1 + inputs.benefits_pct / 100) / 12
             + inputs.consultant_hours_per_week * inputs.consultant_hourly_rate * 52 / 12
             + inputs.other_staff_hours_per_week * inputs.other_staff_hourly_rate * 52 / 12)
    return staff * (1 + inputs.overhead_pct / 100)


def net_monthly(inputs: FinancialInputs) -> float:
    """The steady month's net (compute(inputs).net.monthly) without building the words: for the what-if lines and
    searches that run the model many times."""
    phases = steady_phases(inputs, inputs.expected_caseload, inputs.new_enrollments_per_month)
    return cocm_money(inputs, phases).expected_total + psychotherapy_monthly(inputs) - monthly_cost(inputs)


def psychotherapy_monthly(inputs: FinancialInputs) -> float:
    return sum(line.visits_per_month * line.payment_per_visit for line in inputs.psychotherapy)


def expected_revenue_per_patient(inputs: FinancialInputs) -> float:
    """What one patient on a steady caseload brings a month (collected), with new patients = caseload / months
    in care: so 1 / months in care of the caseload are first months."""
    return cocm_money(inputs, steady_phases(inputs, 1.0, 1.0 / inputs.episode_months)).expected_total


def _first_billable_band(inputs: FinancialInputs) -> int:
    """Where billing starts: the G0512 bands (70 / 60 minutes) for G0512, else 16 minutes."""
    return 3 if inputs.uses_g0512 else 1


def billable_words(inputs: FinancialInputs) -> str:
    return "70 minutes (first month) or 60 (later), for G0512" if inputs.uses_g0512 else "16 minutes"


def billable_share(inputs: FinancialInputs, caseload: float | None = None) -> float:
    """Share (0-1) of patient-months on the steady caseload that reach the billing minimum of the codes used: 16
    minutes, or G0512's 70 / 60."""
    caseload = inputs.expected_caseload if caseload is None else caseload
    phases = steady_phases(inputs, caseload, inputs.new_enrollments_per_month)
    if phases.total <= 0:
        phases = steady_phases(inputs, 1.0, 1.0 / inputs.episode_months)
    g0512 = inputs.uses_g0512
    return sum(phases.of(p) * (phase_mix(inputs, p).g0512 if g0512 else phase_mix(inputs, p).billable)
               for p in PHASES) / phases.total


def with_billable_scale(inputs: FinancialInputs, factor: float) -> FinancialInputs:
    """The inputs with every billable share times ``factor`` (the months below the minimum take the rest): the
    what-if behind the billable-share break-even, the tornado chart and the what-if line. "Billable" means reaching
    the minimum of the codes used (16 minutes; G0512's 70 / 60). Each phase stops at 100% on its own, keeping the
    mix of its billable bands, and the months below the minimum keep their mix too."""
    if inputs.volume_method == "share":
        if inputs.uses_g0512:
            return inputs.model_copy(update={"g0512_share_pct": min(100.0, inputs.g0512_share_pct * factor)})
        return inputs.model_copy(update={"billable_share_pct": min(100.0, inputs.billable_share_pct * factor)})
    start = _first_billable_band(inputs)
    bands = [b.model_copy() for b in inputs.minute_bands]
    for phase in PHASES:
        field = f"{phase}_pct"
        billable = sum(getattr(b, field) for b in bands[start:])
        below = 100 - billable
        if billable <= 0:
            continue
        grown = min(100.0, billable * factor)
        for b in bands[start:]:
            setattr(b, field, getattr(b, field) * grown / billable)
        if below > 0:
            for b in bands[:start]:
                setattr(b, field, getattr(b, field) * (100 - grown) / below)
        else:  # nothing was below the minimum: the months that now fall short go to the lowest band
            setattr(bands[0], field, 100 - grown)
    return inputs.model_copy(update={"minute_bands": bands})


def max_billable_scale(inputs: FinancialInputs) -> float:
    """The factor past which nothing changes: every phase (that bills at all) is 100% billable."""
    if inputs.volume_method == "share":
        share = inputs.g0512_share_pct if inputs.uses_g0512 else inputs.billable_share_pct
        return float("inf") if share <= 0 else 100 / share
    start = _first_billable_band(inputs)
    shares = [sum(b.share(p) for b in inputs.minute_bands[start:]) for p in PHASES]
    shares = [x for x in shares if x > 0]
    return float("inf") if not shares else 100 / min(shares)


# --------------------------------------------------------------------------------------------
# Care manager time: capacity from hours, and whether the minutes fit
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    caseload: float  # patients the direct-contact hours carry with the contact plan
    per_fte: float
    contact_minutes: dict[str, float]  # per patient-month by phase, booked (missed contacts included)
    average_minutes: float  # per patient-month over an episode
    direct_minutes: float  # a month, all care manager FTE
    therapy_minutes: float  # a month, psychotherapy visits
    countable_minutes: float  # a month that may count toward CoCM minutes, after psychotherapy
    planned_minutes: float | None  # CoCM minutes the bands plan a month (None with a typed share)
    planned: float  # the scenario's caseload
    aims_low: float  # AIMS range x FTE
    aims_high: float
    status: Literal["fits", "over"]
    explanation: tuple[str, ...]


def capacity(inputs: FinancialInputs) -> Capacity:
    """Worked example (the defaults): contacts booked with 10% missed: first month (60 + 2 x 25) / 0.9 = 122.2
    minutes, active (2 x 25) / 0.9 = 55.6, monitoring (1 x 15) / 0.9 = 16.7; a 5-month episode (1 first, 2
    active, 2 monitoring) averages (122.2 + 2 x 55.6 + 2 x 16.7) / 5 = 53.3 minutes a patient-month; 24 direct
    hours a week x 52 / 12 x 60 = 6,240 minutes a month / 53.3 = 117 patients."""
    fte = inputs.care_manager_fte
    booked = 1 - inputs.no_show_pct / 100
    contact = {
        "first": (inputs.minutes_initial + (inputs.contacts_first - 1) * inputs.minutes_followup) / booked,
        "active": inputs.contacts_active * inputs.minutes_followup / booked,
        "monitoring": inputs.contacts_monitoring * inputs.minutes_monitoring / booked,
    }
    active, monitoring = inputs.episode_split
    average = (contact["first"] + active * contact["active"] + monitoring * contact["monitoring"]) / inputs.episode_months
    direct = fte * inputs.hours_direct * WEEKS_PER_MONTH * 60
    therapy = inputs.therapy_minutes
    for_cocm = max(direct - therapy, 0.0)
    carried = for_cocm / average if average > 0 else 0.0
    countable = max(fte * inputs.countable_hours * WEEKS_PER_MONTH * 60 - therapy, 0.0)
    planned_minutes = None
    if inputs.volume_method == "bands":
        phases = steady_phases(inputs, inputs.expected_caseload, inputs.new_enrollments_per_month)
        planned_minutes = sum(phases.of(p) * phase_mix(inputs, p).minutes for p in PHASES)
    cell = inputs.population_cell
    status: Literal["fits", "over"] = "over" if inputs.expected_caseload > carried + 1e-9 else "fits"
    lines = [
        f"A full-time week: {' + '.join(num(getattr(inputs, f)) for f in HOUR_FIELDS)} = {num(inputs.week_hours)} "
        f"hours; {num(inputs.hours_direct)} of them in direct contact with patients.",
        f"Direct contact a month: {fte_text(fte)} FTE x {num(inputs.hours_direct)} hours x 52 / 12 weeks x 60 = "
        f"{num(direct, 0)} minutes"
        + (f", less {num(therapy, 0)} minutes of psychotherapy visits = {num(for_cocm, 0)}." if therapy else "."),
        f"Contact booked per patient-month, with {pct(inputs.no_show_pct)} of contacts missed (time booked still "
        f"used): first month ({num(inputs.minutes_initial)} + {num(inputs.contacts_first - 1)} x "
        f"{num(inputs.minutes_followup)}) / {num(booked, 2)} = {num(contact['first'], 1)} minutes; active months "
        f"{num(inputs.contacts_active)} x {num(inputs.minutes_followup)} / {num(booked, 2)} = "
        f"{num(contact['active'], 1)}; monitoring months {num(inputs.contacts_monitoring)} x "
        f"{num(inputs.minutes_monitoring)} / {num(booked, 2)} = {num(contact['monitoring'], 1)}.",
        f"Over a {num(inputs.episode_months)}-month episode (1 first, {num(active)} active, {num(monitoring)} "
        f"monitoring): ({num(contact['first'], 1)} + {num(active)} x {num(contact['active'], 1)} + "
        f"{num(monitoring)} x {num(contact['monitoring'], 1)}) / {num(inputs.episode_months)} = {num(average, 1)} "
        "minutes a patient-month.",
        f"Caseload the hours carry: {num(for_cocm, 0)} / {num(average, 1)} = {num(carried, 1)} patients "
        f"({num(carried / fte, 1)} per full-time care manager). Planned: {num(inputs.expected_caseload, 1)}; AIMS "
        f"range for this population {cell.low}-{cell.high} per full-time care manager, "
        f"{num(cell.low * fte, 1)}-{num(cell.high * fte, 1)} here.",
    ]
    if planned_minutes is not None:
        averages = {p: phase_mix(inputs, p).minutes for p in PHASES}
        lines.append(
            "The minute bands (what is billed) are typed apart from the contact plan (what is booked): contact "
            f"without missed contacts is {num(contact['first'] * booked, 0)} minutes in a first month, "
            f"{num(contact['active'] * booked, 0)} active, {num(contact['monitoring'] * booked, 0)} monitoring; the "
            f"bands average {num(averages['first'], 0)}, {num(averages['active'], 0)} and "
            f"{num(averages['monitoring'], 0)} (with documentation, outreach and caseload review on top of contact). "
            "Keep the two in step when you change either.")
        lines.append(
            f"Minutes that count toward Collaborative Care (direct contact, documentation, outreach, caseload "
            f"review): {fte_text(fte)} FTE x {num(inputs.countable_hours)} hours x 52 / 12 x 60"
            + (f" - {num(therapy, 0)} psychotherapy" if therapy else "")
            + f" = {num(countable, 0)} a month; the minute bands plan {num(planned_minutes, 0)}.")
    return Capacity(carried, carried / fte, contact, average, direct, therapy, countable, planned_minutes,
                    inputs.expected_caseload, cell.low * fte, cell.high * fte, status, tuple(lines))


def cross_problems(inputs: FinancialInputs) -> list[tuple[str, str]]:
    """(field, message) for inputs that cannot all hold at once, each said next to the field to change."""
    out: list[tuple[str, str]] = []
    week = inputs.week_hours
    if week > MAX_WEEK_HOURS or week <= 0:
        out.append(("hours_direct", f"The care manager's week adds up to {num(week)} hours; it must be more than 0 "
                                    f"and at most {MAX_WEEK_HOURS}. Check the six parts of the week."))
    if inputs.hours_direct <= 0 and 0 < week <= MAX_WEEK_HOURS:
        out.append(("hours_direct", "The care manager needs some hours a week in direct contact with patients: with "
                                    "none, the caseload the hours carry is 0."))
    if inputs.active_months > max(inputs.episode_months - 1, 0) + 1e-9:
        out.append(("active_months", f"{num(inputs.active_months)} active months after the first do not fit in "
                                     f"{num(inputs.episode_months)} months in care; use at most "
                                     f"{num(max(inputs.episode_months - 1, 0))}."))
    if inputs.apcm_addons and inputs.billing_year < 2026:
        out.append(("apcm_addons", "The APCM add-ons G0568 and G0569 exist from 2026; choose billing year 2026 or "
                                   "untick them."))
    direct = inputs.care_manager_fte * inputs.hours_direct * WEEKS_PER_MONTH * 60
    if inputs.therapy_minutes > direct + 1e-6:
        out.append(("psychotherapy", f"The psychotherapy visits take {num(inputs.therapy_minutes, 0)} minutes a "
                                     f"month, more than the {num(direct, 0)} minutes of direct contact the care "
                                     "manager has. Lower the visits or add direct-contact hours."))
    elif inputs.volume_method == "bands":
        cap = capacity(inputs)
        if cap.planned_minutes is not None and cap.planned_minutes > cap.countable_minutes + 1e-6:
            out.append(("minute_bands",
                        f"These minutes cannot fit in the hours given: the bands plan {num(cap.planned_minutes, 0)} "
                        f"care manager minutes a month for {num(inputs.expected_caseload, 1)} patients, but only "
                        f"{num(cap.countable_minutes, 0)} minutes a month count toward Collaborative Care (direct "
                        "contact, documentation, outreach and caseload review, less psychotherapy). Lower the "
                        "minutes or the caseload, or add care manager time."))
    return out


def _rate_words(inputs: FinancialInputs, rate: RateDefault) -> str:
    """'$145.24 (2025 rate, confirmed)'; a rate from an earlier year says it stands in for the billing year."""
    status = "confirmed" if rate.verified else "not confirmed"
    if rate.year < inputs.billing_year:
        return f"{money(rate.amount)} ({status} {rate.year} amount, used for {inputs.billing_year})"
    return f"{money(rate.amount)} ({rate.year} rate, {status})"


def _cost_lines(inputs: FinancialInputs) -> tuple[MoneyLine, ...]:
    fte = inputs.care_manager_fte
    multiplier = 1 + inputs.benefits_pct / 100
    cm = fte * inputs.care_manager_salary * multiplier / 12
    cons = inputs.consultant_hours_per_week * inputs.consultant_hourly_rate * 52 / 12
    other = inputs.other_staff_hours_per_week * inputs.other_staff_hourly_rate * 52 / 12
    staff = cm + cons + other
    overhead = staff * inputs.overhead_pct / 100
    return (
        MoneyLine(
            "care_manager",
            "Care manager salary and benefits",
            cm,
            (
                f"Care manager cost: {fte_text(fte)} FTE x {money(inputs.care_manager_salary)} salary "
                f"x {num(multiplier, 4)} ({pct(inputs.benefits_pct)} benefits) / 12 = "
                f"{money(cm)} per month, {money(cm * 12)} per year.",
            ),
        ),
        MoneyLine(
            "consultant",
            "Psychiatric consultant",
            cons,
            (
                f"Psychiatric consultant: {num(inputs.consultant_hours_per_week)} hours a week x "
                f"{money(inputs.consultant_hourly_rate)} an hour x 52 weeks / 12 = {money(cons)} "
                f"per month, {money(cons * 12)} per year.",
            ),
        ),
        MoneyLine(
            "other_staff",
            "Other staff (front desk, medical assistant, billing)",
            other,
            (
                f"Other staff: {num(inputs.other_staff_hours_per_week)} hours a week x "
                f"{money(inputs.other_staff_hourly_rate)} an hour x 52 weeks / 12 = {money(other)} "
                f"per month, {money(other * 12)} per year.",
            ),
        ),
        MoneyLine(
            "overhead",
            "Overhead (space, IT and registry, quality improvement, supervision)",
            overhead,
            (
                f"Overhead: staff costs of {money(staff)} a month ({money(cm)} + {money(cons)} + "
                f"{money(other)}) x {pct(inputs.overhead_pct)} = {money(overhead)} per month, "
                f"{money(overhead * 12)} per year.",
            ),
        ),
    )


def _volume(inputs: FinancialInputs) -> Volume:
    caseload = inputs.expected_caseload
    phases = steady_phases(inputs, caseload, inputs.new_enrollments_per_month)
    mixes = {p: phase_mix(inputs, p) for p in PHASES}
    active_months, _ = inputs.episode_split
    if inputs.new_enrollments_per_month > caseload:
        lines = [f"Patient-months: {num(caseload)} patients on the caseload a month. With "
                 f"{num(inputs.new_enrollments_per_month)} new patients a month, more than the caseload, every one "
                 f"of the {num(caseload)} is a first month."]
    else:
        lines = [f"Patient-months: {num(caseload)} patients on the caseload a month: {num(phases.first)} new "
                 f"patients in their first month, {num(inputs.new_enrollments_per_month)} x {num(active_months)} "
                 f"active months = {num(phases.active)} in active months (at most what is left), and "
                 f"{num(caseload)} - {num(phases.first)} - {num(phases.active)} = {num(phases.monitoring)} in "
                 "monitoring months."]
    if inputs.volume_method == "share":
        if inputs.uses_g0512:
            share, words = inputs.g0512_share_pct, "70 minutes in the first month or 60 in a later month (G0512)"
        else:
            share, words = inputs.billable_share_pct, "16 minutes, the billing minimum"
        billable = caseload * share / 100
        lines.append(f"Typed share: {pct(share)} of patient-months, every phase alike, reach {words}: "
                     f"{num(caseload)} x {pct(share)} = {num(billable)} billable months a month.")
    else:
        if inputs.uses_g0512:
            counts = {p: phases.of(p) * mixes[p].g0512 for p in PHASES}
            words = "reach G0512's full time (70 minutes in a first month, 60 later)"
        else:
            counts = {p: phases.of(p) * mixes[p].billable for p in PHASES}
            words = "reach 16 minutes"
        billable = sum(counts.values())
        lines.append(
            "From the minute bands: " + "; ".join(
                f"{PHASE_LABELS[p].lower()} {num(phases.of(p))} x {pct(round(counts[p] / phases.of(p) * 100, 1))} "
                f"= {num(counts[p])}" for p in PHASES if phases.of(p)) + f" that {words}: {num(billable)} billable "
            "months a month.")
    first = phases.first * (mixes["first"].g0512 if inputs.uses_g0512 else mixes["first"].billable)
    share_pct = billable / caseload * 100 if caseload else 0.0
    return Volume(phases.first, phases.active + phases.monitoring, billable, first, billable - first, share_pct,
                  tuple(lines))


_CODE_HOW: dict[str, str] = {
    "99492": "first months billed with 99492 (36 minutes or more)",
    "99493": "later months billed with 99493 (31 minutes or more)",
    "99494": "extra-time units (from 86 minutes in a first month, 76 later; capped where a payer caps them)",
    "G2214": "months with 16 minutes but under 36 (first) or 31 (later)",
    "G0512": "months reaching 70 minutes (first) or 60 (later), paid once a month",
    "G0568": "first months billed with G0568 in place of 99492 (APCM add-on)",
    "G0569": "later months billed with G0569 in place of 99493 (APCM add-on)",
}


_CODE_PHASES: dict[str, tuple[str, ...]] = {"99492": ("first",), "G0568": ("first",), "99493": ("active", "monitoring"),
                                             "G0569": ("active", "monitoring")}


def _code_working(inputs: FinancialInputs, code: str, phases: Phases) -> tuple[str, float]:
    """How many units of a code the patient-months give before payers, phase by phase, in words."""
    terms, total = [], 0.0
    for phase in _CODE_PHASES.get(code, PHASES):
        months = phases.of(phase)
        if not months:
            continue
        mix = phase_mix(inputs, phase)
        if code == "99494":
            per = mix.addon_units(None)
            what = "add-on units each"
        elif code == "G2214":
            per, what = mix.lower, "billed as G2214"
        elif code == "G0512":
            per, what = mix.g0512, "reach 70 / 60 minutes"
        else:
            per, what = mix.base, f"reach {'36' if phase == 'first' else '31'} minutes"
        total += months * per
        share_text = num(per, 3) if code == "99494" else pct(round(per * 100, 2))
        terms.append(f"{PHASE_LABELS[phase].lower()} {num(months)} x {share_text} {what}")
    return " + ".join(terms) + f" = {num(total)}", total


def _code_lines(inputs: FinancialInputs, cocm: CocmMoney) -> tuple[CodeLine, ...]:
    phases = steady_phases(inputs, inputs.expected_caseload, inputs.new_enrollments_per_month)
    lines: list[CodeLine] = []
    for code, units in cocm.units.items():
        rate = inputs.rate(code)
        total = units * rate.amount
        working, raw = _code_working(inputs, code, phases)
        if code == "G2214" and units > raw + 1e-9:
            payers = ("; with the longer months of payers that pay G-codes but not 99492-99494 (billed as G2214), "
                      f"weighted by their share of patients: {num(units)}")
        else:
            payers = ("" if abs(raw - units) < 1e-9 else
                  f"; billed only to the payers that pay it{' (and up to their caps)' if code == '99494' else ''}"
                      f"{' (G-code payers bill G0568 / G0569 instead)' if inputs.apcm_on and code in APCM_CODES else ''}, "
                      f"weighted by their share of patients: {num(units)}")
        explanation = (
            f"{code} ({_CODE_HOW[code]}): {working} a month{payers}; x {_rate_words(inputs, rate)} = "
            f"{money(total)} a month at Medicare rates, {money(total * 12)} a year.",
        )
        lines.append(CodeLine(code, CODE_DESCRIPTIONS[code], units, rate.amount, rate.year, rate.verified,
                              explanation, CODE_MINUTES[code], rate.source))
    return tuple(lines)


def _per_patient_working(inputs: FinancialInputs) -> str:
    """How one patient on a steady caseload's monthly billing is made up."""
    e = inputs.episode_months
    active, monitoring = inputs.episode_split
    per = cocm_money(inputs, steady_phases(inputs, 1.0, 1.0 / e))
    parts = " + ".join(f"{num(units, 4)} x {money(inputs.rate(code).amount)} ({code})"
                       for code, units in per.units.items())
    return (f"of each patient's months, 1 / {num(e)} = {num(1 / e, 4)} are first months, {num(active)} / {num(e)} "
            f"active and {num(monitoring)} / {num(e)} monitoring; billed a month: {parts or 'nothing'} = "
            f"{money(sum(per.at_full_rates.values()))} at Medicare rates, {money(per.expected_total)} collected after "
            "the payer mix, patient cost share and claims collected")


def _break_even(inputs: FinancialInputs, total_cost: float, ffs: float) -> BreakEven:
    cap = capacity(inputs)
    to_cover = total_cost - ffs
    lines = [
        f"Costs to cover: {money(total_cost)} a month, less psychotherapy income of {money(ffs)} = "
        f"{money(to_cover)} a month from Collaborative Care billing."
    ]
    if to_cover <= 0:
        lines.append("Psychotherapy income alone covers the costs, so the program breaks even even with no "
                     "Collaborative Care caseload.")
        return BreakEven(0.0, 0.0, "", tuple(lines), cap.caseload)

    def none(reason: str) -> BreakEven:
        return BreakEven(None, None, reason, tuple(lines + [reason]), cap.caseload)

    paid = expected_revenue_per_patient(inputs)
    one = steady_phases(inputs, 1.0, 1.0 / inputs.episode_months)
    reaching = sum(one.of(p) * (phase_mix(inputs, p).g0512 if inputs.uses_g0512 else phase_mix(inputs, p).billable)
                   for p in PHASES)
    if paid <= 0 and reaching <= 0:
        minimum = ("70 minutes in a first month or 60 in a later month, which G0512 needs" if inputs.uses_g0512
                   else "the billing minimum of 16 minutes")
        return none(f"No patient-months reach {minimum}, so more patients bring no billing income and there is no "
                    "break-even caseload.")
    if paid <= 0 and all(p.relative_rate_pct <= 0 or p.share_pct <= 0 for p in inputs.payer_mix):
        return none("The payer mix pays nothing (0% of Medicare rates for every payer), so more patients bring no "
                    "billing income and there is no break-even caseload.")
    if paid <= 0:
        return none("A patient on the caseload brings no Collaborative Care income with these inputs: the months "
                    "that reach a code are billed to payers that do not pay it, or the rates are $0. More patients "
                    "do not help, so there is no break-even caseload.")
    lines.append(f"Each patient on the caseload, {_per_patient_working(inputs)}.")
    caseload = to_cover / paid
    per_fte = caseload / inputs.care_manager_fte
    lines.append(f"Break-even caseload: {money(to_cover)} / {money(paid)} = {num(caseload, 1)} patients "
                 f"({num(per_fte, 1)} per full-time care manager), with {num(caseload / inputs.episode_months, 1)} "
                 "new patients a month.")
    if caseload > cap.caseload:
        lines.append(f"That is more than the {num(cap.caseload, 1)} patients {fte_text(inputs.care_manager_fte)} FTE "
                     "of care manager time can carry with this contact plan (see capacity), so at these inputs "
                     "billing alone does not cover the costs without more staff, and more staff cost more.")
    return BreakEven(caseload, per_fte, "", tuple(lines), cap.caseload)


def _per_patient(inputs: FinancialInputs, annual_cost: float, annual_revenue: float) -> PerPatient:
    served = inputs.expected_caseload + inputs.new_enrollments_per_month * 12
    lines = [
        f"Patients served in a year: {num(inputs.expected_caseload)} on the caseload when the year "
        f"starts + {num(inputs.new_enrollments_per_month)} new patients a month x 12 = "
        f"{num(served, 1)} patients (assumes the caseload stays steady)."
    ]
    if served <= 0:
        lines.append("No patients are served, so there is no cost or revenue per patient.")
        return PerPatient(served, None, None, tuple(lines))
    cost = annual_cost / served
    revenue = annual_revenue / served
    lines.append(
        f"Cost per patient served: {money(annual_cost)} a year / {num(served, 1)} = {money(cost)}."
    )
    lines.append(
        f"Revenue per patient served: {money(annual_revenue)} a year / {num(served, 1)} = "
        f"{money(revenue)}."
    )
    return PerPatient(served, cost, revenue, tuple(lines))


def _caseload_check(inputs: FinancialInputs) -> CaseloadCheck:
    cell = inputs.population_cell
    per_fte = inputs.expected_caseload / inputs.care_manager_fte
    status: Literal["below", "within", "above"]
    if per_fte < cell.low:
        status = "below"
    elif per_fte > cell.high:
        status = "above"
    else:
        status = "within"
    lines = [
        f"Caseload per full-time care manager: {num(inputs.expected_caseload)} patients / "
        f"{fte_text(inputs.care_manager_fte)} FTE = {num(per_fte, 1)}.",
        f"AIMS suggests {cell.low}-{cell.high} patients per full-time care manager for this "
        f"population ({cell.short_label.lower()}): {num(per_fte, 1)} is {status} that range.",
    ]
    warning = ""
    if status == "above":
        warning = (
            f"A caseload of {num(per_fte, 1)} per full-time care manager is above the AIMS range of "
            f"{cell.low}-{cell.high} for this population. Care managers this stretched tend to fall "
            "behind on follow-up; plan a smaller caseload or more care manager time."
        )
    elif status == "below":
        lines.append("There is room for more patients before the care manager is at a full caseload.")
    return CaseloadCheck(per_fte, cell.low, cell.high, status, warning, tuple(lines))


def _consultant_check(inputs: FinancialInputs) -> ConsultantCheck:
    hours = inputs.consultant_hours_per_week
    guidance = CONSULTANT_HOURS_PER_FTE * inputs.care_manager_fte
    low_limit = guidance * CONSULTANT_LOW_FACTOR
    high_limit = guidance * CONSULTANT_HIGH_FACTOR
    status: Literal["low", "ok", "high"]
    if hours < low_limit:
        status = "low"
        message = (
            f"{num(hours)} consultant hours a week is less than two thirds of the guidance of "
            f"{num(guidance)} hours. The consultant may not get through the weekly caseload "
            "review, which billing for Collaborative Care requires."
        )
    elif hours > high_limit:
        status = "high"
        extra = (hours - guidance) * inputs.consultant_hourly_rate * 52 / 12
        message = (
            f"{num(hours)} consultant hours a week is more than one and a half times the guidance of "
            f"{num(guidance)} hours; the extra time costs about {money(extra)} a month. Check that "
            "it is needed."
        )
    else:
        status = "ok"
        message = f"{num(hours)} consultant hours a week is in line with the guidance of {num(guidance)} hours."
    lines = (
        f"Guidance: about {num(CONSULTANT_HOURS_PER_FTE)} hours a week per full-time care manager x "
        f"{fte_text(inputs.care_manager_fte)} FTE = {num(guidance)} hours a week (counted as in line "
        f"from {num(low_limit)} to {num(high_limit)} hours).",
        message,
    )
    return ConsultantCheck(hours, guidance, status, message, lines)


def billing_notes(inputs: FinancialInputs) -> list[str]:
    """What the billing method and year mean for this scenario, in plain words."""
    notes: list[str] = []
    if inputs.billing_mode == "g0512_medicaid":
        notes.append(G0512_MEDICAID_NOTE)
    elif inputs.billing_mode == "fqhc_rhc":
        notes.append(br.table(inputs.billing_year).health_center_rule)  # the year's rule, from the billing table
    older = sorted({inputs.rate(code).year for code in inputs.codes if inputs.rate(code).year < inputs.billing_year})
    if older:
        years = ", ".join(str(y) for y in older)
        notes.append(
            f"Billing year {inputs.billing_year}: CMS's {inputs.billing_year} amounts for these codes are not "
            f"confirmed yet, so the {years} amounts are used, as each rate's year shows. Replace them once the "
            f"{inputs.billing_year} figures are published."
        )
    newer = br.newer_table_note(inputs.billing_year)
    if newer:
        notes.append(newer)
    if inputs.apcm_on:
        notes.append(br.table(2026).notes[0] + " The model bills no 99494 add-on with G0568 / G0569, because whether "
                     "extra time is paid with them is not confirmed.")
    if inputs.site_of_service == "facility":
        notes.append("Facility rates: only the 2025 99492 facility amount is confirmed; the others are placeholders "
                     "worked out from it, as each rate's source says.")
    return notes


def compute(inputs: FinancialInputs) -> FinancialResult:
    """All outputs of the financial model for one set of inputs. Pure: no I/O, no state."""
    costs = _cost_lines(inputs)
    total_cost_m = sum(line.monthly for line in costs)
    total_cost = MoneyLine(
        "total_cost",
        "Total ongoing cost",
        total_cost_m,
        (
            "Total ongoing cost: "
            + " + ".join(money(line.monthly) for line in costs)
            + f" = {money(total_cost_m)} per month, {money(total_cost_m * 12)} per year.",
        ),
    )
    startup = OneTime(
        "One-time start-up costs",
        inputs.startup_costs,
        (
            f"Start-up costs of {money(inputs.startup_costs)} are paid once, so they are left out of "
            "the monthly figures and counted only in the first year's result.",
        ),
    )

    volume = _volume(inputs)
    phases = steady_phases(inputs, inputs.expected_caseload, inputs.new_enrollments_per_month)
    cocm_now = cocm_money(inputs, phases)
    codes = _code_lines(inputs, cocm_now)
    medicare_m = sum(line.monthly for line in codes)
    medicare = MoneyLine(
        "medicare_revenue",
        "Collaborative Care billing at Medicare rates",
        medicare_m,
        (
            "At Medicare rates: "
            + (" + ".join(f"{money(line.monthly)} ({line.code})" for line in codes) or "nothing billed")
            + f" = {money(medicare_m)} a month.",
        ),
    )

    payer_lines = []
    for p, allowed, collected in zip(inputs.payer_mix, cocm_now.allowed, cocm_now.expected):
        mine = payer_units(inputs, p, phases)
        at_rates = sum(units * inputs.rate(code).amount for code, units in mine.items()) * p.share_pct / 100
        unpaid = [c for c in inputs.codes if not p.pays(c)]
        words = [f"{p.name}: its {pct(p.share_pct)} of patients bill {money(at_rates)} a month at Medicare rates"
                 + (f" (it does not pay {', '.join(unpaid)}, so those months bring nothing from it)" if unpaid else "")
                 + f" x {pct(p.relative_rate_pct)} of Medicare rates = {money(allowed)} allowed."]
        if p.addon_cap is not None:
            words.append(f"{p.name} pays for at most {num(p.addon_cap)} extra-time unit"
                         f"{'' if p.addon_cap == 1 else 's'} (99494) a month per patient.")
        words.append(
            f"Collected: {money(allowed)} x (1 - {pct(p.patient_share_pct)} patient share x "
            f"{pct(100 - inputs.coinsurance_collected_pct)} of it uncollected) x {pct(inputs.collection_rate_pct)} "
            f"of claims collected = {money(collected)} a month.")
        payer_lines.append(PayerLine(p.name, p.share_pct, p.relative_rate_pct, allowed, tuple(words), collected))
    payers = tuple(payer_lines)
    allowed_m = cocm_now.allowed_total
    cocm_allowed = MoneyLine("cocm_allowed", "Collaborative Care billing after the payer mix", allowed_m,
                             (f"After the payer mix: {' + '.join(money(p.monthly) for p in payers)} = "
                              f"{money(allowed_m)} a month allowed.",))
    cocm_m = cocm_now.expected_total
    cocm = MoneyLine(
        "cocm_revenue",
        "Collaborative Care revenue collected",
        cocm_m,
        (
            "Collected: "
            + (" + ".join(money(p.collected) for p in payers) + " = " if len(payers) > 1 else "")
            + f"{money(cocm_m)} a month, {money(cocm_m * 12)} a year, after patient cost share and claims not "
            "collected.",
        ),
    )
    ffs_m = psychotherapy_monthly(inputs)
    therapy_parts = [f"{num(line.visits_per_month)} x {money(line.payment_per_visit)} ({line.code})"
                     for line in inputs.psychotherapy if line.visits_per_month]
    ffs = MoneyLine(
        "ffs_revenue",
        "Psychotherapy visits billed separately",
        ffs_m,
        (
            (f"Psychotherapy: {' + '.join(therapy_parts)} = {money(ffs_m)} a month, {money(ffs_m * 12)} a year. "
             f"The visits take {num(inputs.therapy_minutes, 0)} minutes of care manager time a month, which never "
             "count toward Collaborative Care minutes." if therapy_parts else
             "Psychotherapy: no visits billed on their own, $0.00 a month."),
        ),
    )
    revenue_m = cocm_m + ffs_m
    revenue = MoneyLine(
        "total_revenue",
        "Total revenue",
        revenue_m,
        (
            f"Total revenue: {money(cocm_m)} Collaborative Care + {money(ffs_m)} psychotherapy = "
            f"{money(revenue_m)} a month, {money(revenue_m * 12)} a year.",
        ),
    )
    net_m = revenue_m - total_cost_m
    net = MoneyLine(
        "net",
        "Net result (revenue minus ongoing cost)",
        net_m,
        (
            f"Net: {money(revenue_m)} revenue - {money(total_cost_m)} cost = {money(net_m)} a month, "
            f"{money(net_m * 12)} a year.",
        ),
    )
    year_one = OneTime(
        "12 steady months less start-up costs (the 36-month budget's year 1 adds the ramp-up and payment lag)",
        net_m * 12 - inputs.startup_costs,
        (
            f"First year: {money(net_m * 12)} net for the year - {money(inputs.startup_costs)} start-up "
            f"costs = {money(net_m * 12 - inputs.startup_costs)}.",
        ),
    )

    break_even = _break_even(inputs, total_cost_m, ffs_m)
    cap = capacity(inputs)
    per_patient = _per_patient(inputs, total_cost_m * 12, revenue_m * 12)
    caseload_check = _caseload_check(inputs)
    consultant_check = _consultant_check(inputs)

    warnings: list[str] = []
    if caseload_check.warning:
        warnings.append(caseload_check.warning)
    if consultant_check.status != "ok":
        warnings.append(consultant_check.message)
    settled = inputs.new_enrollments_per_month * inputs.episode_months
    if abs(settled - inputs.expected_caseload) > ENROLLMENT_MISMATCH * max(inputs.expected_caseload, 1):
        warnings.append(
            f"With {num(inputs.new_enrollments_per_month)} new patients a month staying about "
            f"{num(inputs.episode_months)} months each, the caseload would settle near "
            f"{num(settled, 1)}, not {num(inputs.expected_caseload)}. Check the caseload, new "
            "enrollments or months in care."
        )

    if cap.status == "over":
        warnings.append(
            f"The planned caseload of {num(inputs.expected_caseload, 1)} is more than the {num(cap.caseload, 1)} "
            f"patients the care manager's {num(inputs.hours_direct)} direct-contact hours a week (per full-time "
            "care manager) can carry with this contact plan. Plan more care manager time, shorter or fewer "
            "contacts, or a smaller caseload.")
    warnings.extend(text for _, text in cross_problems(inputs))
    if inputs.volume_method == "share" and inputs.uses_g0512 and inputs.g0512_share_pct > inputs.billable_share_pct:
        warnings.append(
            f"More patient-months reach 60 or 70 minutes ({pct(inputs.g0512_share_pct)}) than reach the "
            f"16-minute billing minimum ({pct(inputs.billable_share_pct)}); a month with 60 minutes also has "
            "16. Check the two shares."
        )

    notes = billing_notes(inputs)
    for p in inputs.payer_mix:
        if not p.pays_cpt and not p.pays_g_codes and p.share_pct > 0:
            warnings.append(f"{p.name} pays none of the Collaborative Care codes (neither 99492-99494 nor the "
                            f"G-codes), so its {pct(p.share_pct)} of patients bring no Collaborative Care revenue. "
                            "Tick what it pays in the Payers tab if that is a mistake.")
    defaults = {rate.code: rate for rate in DEFAULT_RATES}
    unconfirmed = [line for line in codes if not line.verified]
    if unconfirmed:
        parts = []
        for line in unconfirmed:
            known = defaults.get(line.code)
            also = (f"; confirmed CY{known.year} Medicare amount {money(known.amount)}"
                    if (known is not None and known.verified and abs(known.amount - line.rate) > 0.005
                        and inputs.billing_mode != "g0512_medicaid") else "")
            parts.append(f"{line.code} {money(line.rate)} ({line.year}{also})")
        notes.append("Rates not marked as confirmed: " + ", ".join(parts) + ". Check them before relying on the "
                     "result.")

    return FinancialResult(
        costs=costs,
        total_cost=total_cost,
        startup=startup,
        volume=volume,
        codes=codes,
        medicare_revenue=medicare,
        payers=payers,
        cocm_allowed=cocm_allowed,
        cocm_revenue=cocm,
        ffs_revenue=ffs,
        total_revenue=revenue,
        net=net,
        year_one_net=year_one,
        break_even=break_even,
        per_patient=per_patient,
        caseload_check=caseload_check,
        consultant_check=consultant_check,
        capacity=cap,
        warnings=tuple(warnings),
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------------------------
# Sensitivity
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SensitivitySeries:
    axis: str
    x_label: str
    y_label: str
    x_values: tuple[float, ...]
    net_values: tuple[float, ...]  # annual net, ongoing (start-up costs not included)
    current_x: float
    current_net: float  # the line's value at current_x
    notes: tuple[str, ...] = ()  # what the line assumes, in plain words


def _steady(inputs: FinancialInputs, caseload: float) -> FinancialInputs:
    """The inputs at another caseload, with new patients a month growing with it (caseload / months in care)."""
    return inputs.model_copy(
        update={"expected_caseload": caseload, "new_enrollments_per_month": caseload / inputs.episode_months}
    )


def sensitivity(
    inputs: FinancialInputs, axis: SensitivityAxis, points: int = 11
) -> SensitivitySeries:
    """Annual net result as one input varies, everything else held fixed.

    caseload: from 0 to what the care manager's hours can carry (capacity()), with new
    patients a month = caseload / months in care. Past that the clinic needs more care manager time, so
    the costs held fixed here would not hold; the line stops there.
    billable_share: from 0% to 100% of patient-months reaching the minimum of the codes used (16 minutes,
    or 60/70 minutes for G0512).
    """
    if points < 2:
        raise ValueError("a sensitivity series needs at least two points")
    y_label = "Net result per year (before start-up costs)"
    notes: list[str] = []
    if axis == "caseload":
        top = inputs.capacity
        xs = tuple(top * i / (points - 1) for i in range(points))
        nets = tuple(net_monthly(_steady(inputs, x)) * 12 for x in xs)
        current = inputs.expected_caseload
        current_net = net_monthly(_steady(inputs, current)) * 12
        notes.append(
            f"The line stops at {num(top, 1)} patients: what {fte_text(inputs.care_manager_fte)} FTE of care "
            f"manager time can carry with its {num(inputs.hours_direct)} direct-contact hours a week and the contact "
            "plan (see capacity). A larger caseload needs more care manager time, and so more cost."
        )
        notes.append(
            f"New patients a month grow with the caseload: caseload / {num(inputs.episode_months)} months in care."
        )
        steady = current / inputs.episode_months
        if abs(steady - inputs.new_enrollments_per_month) > 1e-9:
            notes.append(
                f"This scenario enrolls {num(inputs.new_enrollments_per_month)} new patients a month, not "
                f"{num(steady, 1)}, so its own net ({money(net_monthly(inputs) * 12)} a year) differs from the "
                f"line at {num(current, 1)} patients ({money(current_net)})."
            )
        if current > top:
            notes.append(
                f"The scenario's caseload of {num(current, 1)} is past what the care manager time can carry, "
                "so it is off the right of the line."
            )
        return SensitivitySeries(axis, "Active caseload (patients)", y_label, xs, nets, current, current_net,
                                 tuple(notes))
    if axis == "billable_share":
        if inputs.volume_method == "share":
            xs = tuple(100 * i / (points - 1) for i in range(points))
            if inputs.uses_g0512:
                field, x_label, current = ("g0512_share_pct", "Patient-months reaching 60 or 70 minutes (%)",
                                           inputs.g0512_share_pct)
            else:
                field, x_label, current = ("billable_share_pct", "Patient-months reaching 16 minutes (%)",
                                           inputs.billable_share_pct)
            nets = tuple(net_monthly(inputs.model_copy(update={field: x})) * 12 for x in xs)
            return SensitivitySeries(axis, x_label, y_label, xs, nets, current, net_monthly(inputs) * 12,
                                     tuple(notes))
        current = billable_share(inputs) * 100
        x_label = f"Patient-months reaching {billable_words(inputs)} (%)"
        if current <= 0:
            notes.append("No patient-month reaches 16 minutes in the bands, so there is nothing to scale.")
            net = net_monthly(inputs) * 12
            return SensitivitySeries(axis, x_label, y_label, (0.0, 100.0), (net, net), 0.0, net, tuple(notes))
        top_factor = max_billable_scale(inputs)
        scaled = [with_billable_scale(inputs, top_factor * i / (points - 1)) for i in range(points)]
        xs = tuple(billable_share(one) * 100 for one in scaled)
        nets = tuple(net_monthly(one) * 12 for one in scaled)
        top = xs[-1]
        notes.append("Each phase's billable minute bands grow or shrink alike (a phase stops at 100%); the months "
                     f"under 16 minutes take the rest. The line stops at {pct(round(top, 1))}, where every phase is "
                     "fully billable.")
        return SensitivitySeries(axis, x_label, y_label, xs, nets, current, net_monthly(inputs) * 12,
                                 tuple(notes))
    raise ValueError(f"unknown sensitivity axis {axis!r}")


_WHAT_CHANGES = {"caseload": "caseload", "billable_share": "share of billable months"}


def sensitivity_chart(series: SensitivitySeries, break_even: float | None = None) -> Chart:
    """The what-if line as a chart, drawn on the page and in the PDF: net per year over the input, a line at
    net 0 (break-even), this scenario marked, and on the caseload chart a line at the break-even caseload
    (``break_even``) when it falls on the line."""
    x_format = "number" if series.axis == "caseload" else "percent"
    x_text = num(series.current_x, 1) if x_format == "number" else pct(series.current_x)
    lines = [RefLine("y", 0.0, "Break-even (net 0)")]
    if break_even is not None and series.axis == "caseload" and series.x_values[0] <= break_even <= series.x_values[-1]:
        lines.append(RefLine("x", break_even, f"Break-even: {num(break_even, 1)} patients"))
    return Chart(
        title=f"Net result per year as the {_WHAT_CHANGES.get(series.axis, series.axis)} changes",
        x_label=series.x_label, y_label=series.y_label,
        series=(Series("Net per year", series.x_values, series.net_values),),
        ref_lines=tuple(lines), x_format=x_format, y_format="money",
        mark=Mark(series.current_x, series.current_net, f"This scenario: {x_text}"),
    )


# --------------------------------------------------------------------------------------------
# Report content
# --------------------------------------------------------------------------------------------


def _break_even_text(result: FinancialResult) -> str:
    be = result.break_even
    if be.caseload is None:
        return "None"
    return f"{num(be.caseload, 1)} patients"


def _per_patient_text(value: float | None) -> str:
    return "n/a" if value is None else money(value)


_COMPARE_ROWS: tuple[tuple[str, Any], ...] = (
    ("Care manager FTE", lambda i, r: fte_text(i.care_manager_fte)),
    ("Billing method and year", lambda i, r: f"{BILLING_MODE_SHORT[i.billing_mode]}, {i.billing_year}"),
    ("Codes used", lambda i, r: ", ".join(i.codes)),
    ("Active caseload (patients)", lambda i, r: num(i.expected_caseload, 1)),
    (
        "Caseload per full-time care manager (AIMS range)",
        lambda i, r: f"{num(r.caseload_check.per_fte, 1)} ({r.caseload_check.low}-{r.caseload_check.high}, "
        f"{r.caseload_check.status})",
    ),
    ("Caseload the care manager's hours carry", lambda i, r: num(r.capacity.caseload, 1)),
    ("Billable patient-months per month", lambda i, r: num(r.volume.billable_months, 1)),
    ("Revenue per patient a month, collected", lambda i, r: money(expected_revenue_per_patient(i))),
    ("Cost per month", lambda i, r: money(r.total_cost.monthly)),
    ("Revenue per month", lambda i, r: money(r.total_revenue.monthly)),
    ("Net per month", lambda i, r: money(r.net.monthly)),
    ("Cost per year", lambda i, r: money(r.total_cost.annual)),
    ("Revenue per year", lambda i, r: money(r.total_revenue.annual)),
    ("Net per year", lambda i, r: money(r.net.annual)),
    ("One-time start-up costs", lambda i, r: money(r.startup.amount)),
    ("Break-even caseload", lambda i, r: _break_even_text(r)),
    ("Patients served per year", lambda i, r: num(r.per_patient.patients_served, 1)),
    ("Cost per patient served", lambda i, r: _per_patient_text(r.per_patient.cost)),
    ("Revenue per patient served", lambda i, r: _per_patient_text(r.per_patient.revenue)),
    (
        "Consultant hours a week (guidance)",
        lambda i, r: f"{num(r.consultant_check.hours_per_week)} ({num(r.consultant_check.guidance_hours)}, "
        f"{r.consultant_check.status})",
    ),
)
# Rows read from the scenario's 36-month budget (built once per scenario in compare()).
_BUDGET_ROWS: tuple[tuple[str, Any], ...] = (
    ("Year 1 net of the 36-month budget (ramp-up, payment lag, start-up)", lambda b: money(b.years[0].net)),
    ("Payback month (36-month budget)", lambda b: _payback_text(b.payback_month)),
)


def _budget(inputs: FinancialInputs):
    """The 36-month budget (worksheets.projection builds on this module, so it is imported when needed)."""
    from worksheets import projection

    return projection.project(inputs)


def _payback_text(month: int | None) -> str:
    return "Not within 36 months" if month is None else f"Month {month}"


def compare(scenarios: Sequence[Scenario]) -> Table:
    """Up to three scenarios side by side; one row per key output."""
    scenarios = check_scenarios(list(scenarios))
    if not scenarios:
        raise ValueError("Add at least one scenario to compare.")
    results = [(s.inputs, compute(s.inputs)) for s in scenarios]
    budgets = [_budget(s.inputs) for s in scenarios]
    rows = tuple(
        (label, *(fmt(inputs, result) for inputs, result in results)) for label, fmt in _COMPARE_ROWS
    ) + tuple((label, *(fmt(b) for b in budgets)) for label, fmt in _BUDGET_ROWS)
    return Table(
        columns=("", *(s.name for s in scenarios)),
        rows=rows,
        widths=(2.2, *([1.4] * len(scenarios))),
        caption="Scenarios side by side. Net figures are before one-time start-up costs unless "
        "stated.",
    )


def differences(scenarios: Sequence[Scenario]) -> list[str]:
    """Each scenario after the first against the first, in words: the inputs that differ, what that means for
    billing, and how far the yearly net moves."""
    scenarios = list(scenarios)
    if len(scenarios) < 2:
        return []
    base = scenarios[0]
    base_result = compute(base.inputs)
    f = FinancialInputs.model_fields
    out = []
    for other in scenarios[1:]:
        changed = []
        for _, names in INPUT_GROUPS:
            for name in names:
                a, b = input_text(base.inputs, name), input_text(other.inputs, name)
                if a != b:
                    changed.append(f"{f[name].title}: {a} → {b}")
        for name in ("rates", "payer_mix", "psychotherapy", "minute_bands"):
            if getattr(base.inputs, name) != getattr(other.inputs, name):
                changed.append(f"{f[name].title}: changed")
        result = compute(other.inputs)
        delta = result.net.annual - base_result.net.annual
        text = (f'"{other.name}" against "{base.name}": '
                + ("; ".join(changed) if changed else "the same inputs") + ". ")
        if base.inputs.codes != other.inputs.codes:
            text += (f"It bills {', '.join(other.inputs.codes)} instead of {', '.join(base.inputs.codes)}: "
                     + " ".join(billing_notes(other.inputs)[:1]) + " ")
        text += (f"Net per year: {money(result.net.annual)} against {money(base_result.net.annual)} "
                 f"({'+' if delta >= 0 else '-'}{money(abs(delta))}); revenue collected "
                 f"{money(result.total_revenue.annual)} against {money(base_result.total_revenue.annual)}, cost "
                 f"{money(result.total_cost.annual)} against {money(base_result.total_cost.annual)}.")
        out.append(text)
    return out


def shown(name: str, value: float, places: int = 2) -> str:
    """A FinancialInputs figure as the PDF and the page print it, by the field's unit: $72,000 / 28% / 1.0 FTE
    written 1.0 / 17.5."""
    unit = field_unit(FinancialInputs.model_fields[name])
    if unit == "$":
        return money(value)
    if unit == "%":
        return pct(value)
    if unit == "FTE":
        return fte_text(value)
    return num(value, places)


INPUT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Staff and costs", ("care_manager_fte", "care_manager_salary", "benefits_pct", "consultant_hours_per_week",
                         "consultant_hourly_rate", "other_staff_hours_per_week", "other_staff_hourly_rate",
                         "overhead_pct", "startup_costs")),
    ("Caseload and enrollment", ("population", "expected_caseload", "new_enrollments_per_month", "episode_months",
                                 "active_months")),
    ("Billing", ("billing_mode", "billing_year", "site_of_service", "apcm_addons", "volume_method")),
    ("Care manager week (hours per full-time care manager)", HOUR_FIELDS),
    ("Contact plan", ("minutes_initial", "minutes_followup", "minutes_monitoring", "contacts_first",
                      "contacts_active", "contacts_monitoring", "no_show_pct")),
    ("Ramp-up and cash flow", ("ramp_months", "salary_increase_pct", "rate_increase_pct", "payment_lag_months",
                               "collection_rate_pct", "coinsurance_collected_pct")),
)
VOLUME_METHODS: dict[str, str] = {
    "bands": "From care manager minutes in a month (bands by phase)",
    "share": "Typed share of billable months",
}


def input_text(inputs: FinancialInputs, name: str) -> str:
    """One input as the PDF and the comparison print it."""
    value = getattr(inputs, name)
    if name == "population":
        return inputs.population_cell.label
    if name == "billing_mode":
        return BILLING_MODE_LABELS[value]
    if name == "billing_year":
        return str(value)
    if name == "site_of_service":
        return br.SITES[value]
    if name == "volume_method":
        return VOLUME_METHODS[value]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return shown(name, value)


def _input_rows(inputs: FinancialInputs) -> tuple[tuple[str, str], ...]:
    f = FinancialInputs.model_fields
    rows: list[tuple[str, str]] = []
    for group, names in INPUT_GROUPS:
        for name in names:
            if name == "apcm_addons" and inputs.billing_year < 2026:
                continue
            rows.append((f"{group}: {f[name].title or name}", input_text(inputs, name)))
    rows.append(("Billing: codes used", ", ".join(inputs.codes)))
    if inputs.volume_method == "share":
        names = ["g0512_share_pct"] if inputs.uses_g0512 else ["billable_share_pct", "g2214_share_pct",
                                                                "addon_units_per_month"]
        rows.extend((f"Billing: {f[n].title}", shown(n, getattr(inputs, n))) for n in names)
    return tuple(rows)


def bands_table(inputs: FinancialInputs) -> Table:
    rows = []
    for band in inputs.minute_bands:
        rows.append((f"{band_label(band.band, 'first')} / {band_label(band.band, 'active')}",
                     BAND_MEANING[band.band], pct(band.first_pct), pct(band.active_pct), pct(band.monitoring_pct)))
    averages = [sum(b.share(p) / 100 * band_minutes(b.band, p) for b in inputs.minute_bands) for p in PHASES]
    rows.append(("Average minutes", "Each band counted at its middle (the top band at its start + 15)",
                 *(num(avg, 1) for avg in averages)))
    return Table(("Minutes (first month / later months)", "What it bills", "First month", "Active months",
                  "Monitoring months"), tuple(rows), widths=(1.6, 2.6, 0.9, 0.9, 1.0),
                 caption="Share of patient-months in each band of care manager minutes")


def payers_table(inputs: FinancialInputs, result: "FinancialResult | None" = None) -> Table:
    result = result or compute(inputs)
    rows = []
    for p, line in zip(inputs.payer_mix, result.payers):
        rows.append((p.name, pct(p.share_pct), pct(p.relative_rate_pct),
                     ", ".join(w for w, ok in (("99492-99494", p.pays_cpt), ("G-codes", p.pays_g_codes)) if ok)
                     or "None", "No cap" if p.addon_cap is None else num(p.addon_cap), pct(p.patient_share_pct),
                     money(line.monthly), money(line.collected)))
    return Table(("Payer", "Share of patients", "Pays vs Medicare", "Codes it pays", "99494 cap a month",
                  "Patient share", "Allowed a month", "Collected a month"), tuple(rows),
                 widths=(1.8, 0.8, 0.8, 1.1, 0.8, 0.7, 0.9, 0.9), caption="Payers")


def therapy_table(inputs: FinancialInputs) -> Table:
    rows = tuple((line.code, br.THERAPY_CODES[line.code].name, br.THERAPY_CODES[line.code].minutes_rule,
                  num(line.visits_per_month), money(line.payment_per_visit),
                  money(line.visits_per_month * line.payment_per_visit)) for line in inputs.psychotherapy)
    return Table(("Code", "Visit", "Time", "Visits a month", "Payment per visit", "A month"), rows,
                 widths=(0.6, 1.8, 1.8, 0.8, 0.9, 0.8),
                 caption="Psychotherapy billed on its own (its time never counts toward Collaborative Care minutes)")


def _scenario_blocks(scenario: Scenario) -> list[Block]:
    inputs = scenario.inputs
    result = compute(inputs)
    used = inputs.codes
    blocks: list[Block] = [Heading(f"Scenario: {scenario.name}", level=3)]
    blocks.append(Para(f"Billing: {BILLING_MODE_LABELS[inputs.billing_mode]}. Billing year {inputs.billing_year}; "
                       f"codes used: {', '.join(used)}.", style="body"))
    blocks.append(Table(columns=("Input", "Value"), rows=_input_rows(inputs), widths=(3, 2), caption="Inputs"))
    rate_caption = ("Payment rates used (state Medicaid rate for G0512; editable)" if inputs.billing_mode ==
                    "g0512_medicaid" else "Payment rates used (Medicare national amounts; editable)")
    blocks.append(
        Table(
            columns=("Code", "Care manager time needed in the month", "Payment", "Year", "Source"),
            rows=tuple(
                (r.code, f"{CODE_DESCRIPTIONS[r.code]}: {CODE_MINUTES[r.code]}", money(r.amount),
                 str(r.year) if r.year >= inputs.billing_year else f"{r.year} (used for {inputs.billing_year})",
                 r.source + ("" if r.verified else " Not confirmed."))
                for r in inputs.rates
                if r.code in used
            ),
            widths=(0.7, 2.6, 0.8, 0.9, 2.6),
            caption=rate_caption,
        )
    )
    blocks.append(payers_table(inputs, result))
    if inputs.volume_method == "bands":
        blocks.append(bands_table(inputs))
    if any(line.visits_per_month for line in inputs.psychotherapy):
        blocks.append(therapy_table(inputs))
    cap = result.capacity
    blocks.append(KeyValues(rows=(
        ("Caseload the care manager's hours carry", f"{num(cap.caseload, 1)} patients ({num(cap.per_fte, 1)} per "
                                                    "full-time care manager)"),
        ("Planned caseload", f"{num(cap.planned, 1)} patients: {'fits' if cap.status == 'fits' else 'more than the hours carry'}"),
        ("AIMS range for this population", f"{num(cap.aims_low, 1)}-{num(cap.aims_high, 1)} patients at this FTE"),
    )))
    out_rows: list[tuple[str, str, str]] = [
        (line.label, money(line.monthly), money(line.annual)) for line in result.costs
    ]
    out_rows.append((result.total_cost.label, money(result.total_cost.monthly), money(result.total_cost.annual)))
    out_rows.extend(
        (f"{c.code} ({num(c.units, 1)} a month at {money(c.rate)})", money(c.monthly), money(c.annual))
        for c in result.codes
    )
    for line in (result.medicare_revenue, result.cocm_allowed, result.cocm_revenue, result.ffs_revenue,
                 result.total_revenue, result.net):
        out_rows.append((line.label, money(line.monthly), money(line.annual)))
    out_rows.append((result.startup.label, "", money(result.startup.amount)))
    out_rows.append((result.year_one_net.label, "", money(result.year_one_net.amount)))
    blocks.append(
        Table(columns=("Item", "Per month", "Per year"), rows=tuple(out_rows), widths=(3, 1.2, 1.2), caption="Results")
    )
    be = result.break_even
    blocks.append(
        KeyValues(
            rows=(
                ("Break-even caseload", _break_even_text(result) if be.caseload is not None else f"None: {be.reason}"),
                ("Caseload the care manager time can carry", f"{num(be.capacity, 1)} patients (from the "
                                                             "direct-contact hours and the contact plan)"),
                ("Patients served per year", num(result.per_patient.patients_served, 1)),
                ("Cost per patient served", _per_patient_text(result.per_patient.cost)),
                ("Revenue per patient served", _per_patient_text(result.per_patient.revenue)),
                (
                    "Caseload per full-time care manager",
                    f"{num(result.caseload_check.per_fte, 1)}, {result.caseload_check.status} the AIMS range "
                    f"of {result.caseload_check.low}-{result.caseload_check.high}",
                ),
                ("Psychiatric consultant time", result.consultant_check.message),
            )
        )
    )
    for warning in result.warnings:
        blocks.append(Para(warning, style="warning"))
    for note in result.notes:
        blocks.append(Para(note, style="small"))
    blocks.append(Para("How each figure was worked out:", style="body"))
    blocks.append(Bullets(tuple(line for _, lines in result.explanations for line in lines)))
    for axis in ("caseload", "billable_share"):
        series = sensitivity(inputs, axis)  # type: ignore[arg-type]
        chart = sensitivity_chart(series, be.caseload)
        fmt = (lambda x: num(x, 1)) if axis == "caseload" else pct
        blocks.append(replace(chart, title=f"{scenario.name}: {chart.title[0].lower()}{chart.title[1:]}"))
        blocks.append(
            Table(
                columns=(series.x_label, series.y_label),
                rows=tuple((fmt(x), money(y)) for x, y in zip(series.x_values, series.net_values)),
                widths=(2, 2),
                caption=f"What if: {chart.title[0].lower()}{chart.title[1:]}, everything else the same",
            )
        )
        for note in series.notes:
            blocks.append(Para(note, style="small"))
    return blocks


def report_blocks(scenarios: Sequence[Scenario]) -> tuple[Block, ...]:
    """The financial model's part of the Sustainment plan PDF."""
    scenarios = check_scenarios(list(scenarios))
    blocks: list[Block] = [
        Heading("Financial model", level=2),
        Para(
            "A simplified estimate of what the Collaborative Care program costs to run and what it "
            "can bill, month by month and for a year. Every figure below shows how it was worked "
            "out, so it can be checked against your own budget."
        ),
    ]
    if not scenarios:
        blocks.append(Para("No scenarios have been entered yet.", style="muted"))
        return tuple(blocks)
    if len(scenarios) > 1:
        blocks.append(Heading("Scenarios side by side", level=3))
        blocks.append(compare(scenarios))
        blocks.append(Para("What differs, and why the results differ:", style="body"))
        blocks.append(Bullets(tuple(differences(scenarios))))
    for scenario in scenarios:
        blocks.extend(_scenario_blocks(scenario))
    blocks.append(Para(RATE_CHECK_NOTE, style="small"))
    blocks.append(default_sources_table())
    return tuple(blocks)


__all__ = [
    "BILLING_MODE_LABELS",
    "BillingMode",
    "BillingYear",
    "CODE_MINUTES",
    "BreakEven",
    "CaseloadCheck",
    "CodeLine",
    "ConsultantCheck",
    "DEFAULT_RATES",
    "FinancialInputs",
    "FinancialResult",
    "MoneyLine",
    "OneTime",
    "POPULATIONS",
    "PayerLine",
    "PayerShare",
    "PerPatient",
    "Population",
    "PopulationCell",
    "RateDefault",
    "Scenario",
    "ScenarioList",
    "SensitivitySeries",
    "sensitivity_chart",
    "shown",
    "Volume",
    "billing_notes",
    "check_scenarios",
    "codes_used",
    "compare",
    "compute",
    "default_caseload",
    "default_new_enrollments",
    "default_payer_mix",
    "default_scenario",
    "default_sources_table",
    "DEFAULT_SOURCES",
    "money",
    "new_row_id",
    "num",
    "pct",
    "report_blocks",
    "sensitivity",
    "stable_id",
]
