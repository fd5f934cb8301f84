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
Volume (patient-months: one patient on the caseload for one calendar month)
    first patient-months  = min(new enrollments per month, caseload): each new patient's first month
    later patient-months  = caseload - first patient-months
    The billing share applies to first and later months alike: a new patient's first month reaches
    the billing minimum no more often than a later month does.
Codes used (billing method x billing year)
    standard                     99492, 99493, 99494, G2214
    health center, 2025          G0512 (Medicare paid health centers one G0512 per month)
    health center, 2026          99492, 99493, 99494, G2214 (G0512 ended for Medicare on 1 Jan 2026)
    G0512, state Medicaid        G0512, for a state Medicaid program that still pays it
Revenue with the standard codes (s = share of patient-months reaching the billing minimum, 16
minutes or more; g = share of those that reach only 16 minutes, billed as G2214)
    99492 months = first patient-months x s x (1 - g)     (36 minutes or more in the first month)
    99493 months = later patient-months x s x (1 - g)     (31 minutes or more in a later month)
    G2214 months = caseload x s x g                        (16 minutes or more, below 36 or 31)
    99494 units  = (99492 months + 99493 months) x add-on units per full-code month
Revenue with G0512 (q = share of patient-months reaching 70 minutes in the first month or 60 in a
later month; no midpoint rounding, one unit a month, the same rate for first and later months)
    G0512 months = caseload x q  (= first patient-months x q + later patient-months x q)
Payer mix
    Medicare-rate revenue = sum of count x rate. Payer i receives Medicare-rate revenue x share_i x
    relative rate_i; CoCM revenue = Medicare-rate revenue x (sum of share_i x relative rate_i).
    Psychotherapy (fee-for-service) revenue = visits per month x average payment per visit
    (already an actual average payment, so the payer mix is not applied to it).
Net = total revenue - total cost.

Break-even caseload: the caseload at which annual net = 0 when new enrollments grow with the
caseload (new patients a month = caseload / average months in care), every other input held fixed
(costs do not depend on caseload). Revenue is then proportional to the caseload, so
    break-even caseload = (total cost - psychotherapy income) / (payer factor x revenue per patient
    on the caseload per month at Medicare rates).
None (with a reason) when a patient brings no revenue (billing share 0, payer mix paying 0 %, or
zero rates). 0 when psychotherapy income alone covers the costs.

Caseload sensitivity: from 0 to what the care manager FTE can carry (the top of the AIMS range
for the population x FTE); past that the clinic needs more care manager time, and the costs held
fixed here would no longer hold. New enrollments grow with the caseload, as for break-even.

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
Code = Literal["99492", "99493", "99494", "G2214", "G0512"]
SensitivityAxis = Literal["caseload", "billable_share"]

CODES: tuple[str, ...] = ("99492", "99493", "99494", "G2214", "G0512")
STANDARD_CODES: tuple[str, ...] = ("99492", "99493", "99494", "G2214")
FQHC_CODE = "G0512"
BILLING_YEARS: tuple[int, ...] = (2025, 2026)
G0512_LAST_MEDICARE_YEAR = 2025  # G0512 ended for Medicare on 1 January 2026
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

CODE_DESCRIPTIONS: dict[str, str] = {
    "99492": "First month of care with the care manager",
    "99493": "Each later month of care",
    "99494": "Add-on for each extra 30 minutes in a month, only with 99492 or 99493",
    "G2214": "A month with some care manager time, but less than 99492 or 99493 need",
    "G0512": "Health centers: one payment a month for Collaborative Care",
}

# Care manager minutes in the calendar month that each code needs (CPT time rules, as used by Medicare).
CODE_MINUTES: dict[str, str] = {
    "99492": "36 minutes or more in the first month",
    "99493": "31 minutes or more in a later month",
    "99494": "86 minutes or more in the first month, 76 in a later month; one unit per extra 30 minutes",
    "G2214": "16 to 35 minutes (first month) or 16 to 30 (later months)",
    "G0512": "70 minutes or more in the first month, 60 in a later month, no rounding up",
}

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
G0512_2025_NOTE = (
    "Health centers in 2025: Medicare pays one G0512 a month when the care manager spends at least 70 "
    "minutes in the patient's first month or 60 minutes in a later month (no rounding up). Months with less "
    "time are not paid, and the G2214 share and 99494 add-ons are not used."
)
HEALTH_CENTER_2026_NOTE = (
    "Health centers from 2026: Medicare stopped paying G0512 on 1 January 2026. Health centers and rural "
    "health clinics now bill 99492, 99493, 99494 and G2214 one by one, like other clinics, so this scenario "
    "uses those codes and their time rules."
)
G0512_MEDICAID_NOTE = (
    "G0512 for a state Medicaid program: Medicare no longer pays G0512 from 2026, but some state Medicaid "
    "programs still do (Texas Medicaid adopted it for health centers on 1 March 2025). Put your state's "
    "G0512 rate in the rate table and check the program's own time rules; the model uses 70 minutes in the "
    "first month and 60 in later months."
)
RATE_CHECK_NOTE = (
    "Payment rates change every year. Check the CMS Physician Fee Schedule look-up tool for your "
    "locality and year, and your contracts with other payers. The rates here are the full allowed "
    "amounts: Medicare pays 80% and the patient owes 20% coinsurance, so if some coinsurance goes "
    "uncollected, lower Medicare's relative rate in the payer mix."
)


def codes_used(mode: str, year: int) -> tuple[str, ...]:
    """The codes a scenario bills: G0512 for health centers only through 2025 (Medicare), or for a
    state Medicaid program that still pays it; the standard codes otherwise."""
    if mode == "g0512_medicaid" or (mode == "fqhc_rhc" and year <= G0512_LAST_MEDICARE_YEAR):
        return (FQHC_CODE,)
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


_CMS_2025 = "CMS Physician Fee Schedule CY2025, national non-facility amount"
DEFAULT_RATES: tuple[RateDefault, ...] = (
    RateDefault(code="99492", amount=145.24, year=2025, verified=True,
                source=f"{_CMS_2025}: 4.49 RVUs x $32.3465 conversion factor."),
    RateDefault(code="99493", amount=133.59, year=2025, verified=True,
                source=f"{_CMS_2025}: 4.13 RVUs x $32.3465 conversion factor."),
    RateDefault(code="99494", amount=55.96, year=2025, verified=True,
                source=f"{_CMS_2025}: 1.73 RVUs x $32.3465 conversion factor."),
    RateDefault(code="G2214", amount=54.34, year=2025, verified=True,
                source=f"{_CMS_2025}: 1.68 RVUs x $32.3465 conversion factor."),
    RateDefault(code="G0512", amount=139.41, year=2025, verified=True,
                source=f"{_CMS_2025}: 4.31 RVUs x $32.3465 conversion factor. Medicare stopped paying G0512 "
                "on 1 January 2026; for a state Medicaid program, use its own rate."),
)


def default_rates() -> list[RateDefault]:
    return [rate.model_copy() for rate in DEFAULT_RATES]


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
                       relative_rate_pct=100)]


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
        description="One-time costs before launch: hiring, training, registry set-up, EHR templates. They count "
                    "only in the first-year result, not in the monthly figures.",
        json_schema_extra=_entry(1000, 0, "$"),
    )

    # Patients
    population: Population = Field(default=DEFAULT_POPULATION, title="Patient population")
    expected_caseload: float = Field(
        default=_DEFAULT_CASELOAD, ge=0, le=2000, title="Expected active caseload (patients)",
        description="Patients active on the caseload in a typical month once the program is running. This is what "
                    "Staffing and Monitoring use. Use AIMS default fills in the middle of the AIMS range for the "
                    "population x the care manager FTE.",
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
        description="How long a patient typically stays in active care. Used to check that the caseload and new "
                    "patients agree, and for the break-even caseload.",
        json_schema_extra=_entry(0.5, 1),
    )
    billable_share_pct: float = Field(
        default=75, ge=0, le=100, title="Patient-months reaching the billing minimum of 16 minutes (%)",
        description="Share of patient-months, first months and later months alike, in which the care manager "
                    "spends at least 16 minutes with or for the patient, so the month can be billed (G2214 from 16 "
                    "minutes, 99493 from 31, 99492 from 36). Missed calls and hard-to-reach patients lower it. "
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
    rates: list[RateDefault] = Field(default_factory=default_rates, title="Payment rates")
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
    ffs_visits_per_month: float = Field(
        default=0, ge=0, le=5_000, title="Psychotherapy visits billed separately per month",
        description="Psychotherapy sessions billed on their own, outside Collaborative Care (their time does not "
                    "count toward care manager minutes). Leave 0 if none.",
        json_schema_extra=_entry(1, 1),
    )
    ffs_payment_per_visit: float = Field(
        default=0, ge=0, le=10_000, title="Average payment per psychotherapy visit ($)",
        description="The average amount actually paid per session across payers; the payer mix is not applied "
                    "again.",
        json_schema_extra=_entry(5, 2, "$"),
    )

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
        """The codes this scenario bills (billing method x billing year)."""
        return codes_used(self.billing_mode, self.billing_year)

    @property
    def uses_g0512(self) -> bool:
        return self.codes == (FQHC_CODE,)

    @property
    def capacity(self) -> float:
        """The caseload the care manager FTE can carry: top of the AIMS range for the population x FTE."""
        return self.population_cell.high * self.care_manager_fte


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
    ("payer_mix", "2026", "Placeholder: every patient paid at Medicare rates. Enter your own payer mix"),
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
        else:
            text = shown(field, value, 1)
        rows.append((title, text, year, source))
    for rate in base.rates:
        rows.append((f"Payment rate {rate.code}", money(rate.amount), str(rate.year), rate.source))
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
    monthly: float
    explanation: tuple[str, ...]

    @property
    def annual(self) -> float:
        return self.monthly * 12


@dataclass(frozen=True)
class BreakEven:
    caseload: float | None
    caseload_per_fte: float | None
    reason: str  # why there is no break-even caseload; "" when there is one
    explanation: tuple[str, ...]
    capacity: float = 0.0  # what the care manager FTE can carry (top of the AIMS range x FTE)

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
    cocm_revenue: MoneyLine  # after the payer mix
    ffs_revenue: MoneyLine
    total_revenue: MoneyLine
    net: MoneyLine
    year_one_net: OneTime
    break_even: BreakEven
    per_patient: PerPatient
    caseload_check: CaseloadCheck
    consultant_check: ConsultantCheck
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
        for line in (self.cocm_revenue, self.ffs_revenue, self.total_revenue, self.net):
            items.append((line.label, line.explanation))
        items.append((self.year_one_net.label, self.year_one_net.explanation))
        items.append(("Break-even caseload", self.break_even.explanation))
        items.append(("Patients served per year", self.per_patient.explanation))
        items.append(("Caseload per care manager", self.caseload_check.explanation))
        items.append(("Psychiatric consultant time", self.consultant_check.explanation))
        return tuple(items)


# --------------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------------


def _payer_factor(inputs: FinancialInputs) -> float:
    """Average payment as a fraction of Medicare rates across the payer mix."""
    return sum(p.share_pct / 100 * p.relative_rate_pct / 100 for p in inputs.payer_mix)


def _share(inputs: FinancialInputs) -> float:
    """The share (0-1) of patient-months that reach the minimum of the codes used."""
    pct_value = inputs.g0512_share_pct if inputs.uses_g0512 else inputs.billable_share_pct
    return pct_value / 100


def _unit_counts(inputs: FinancialInputs, caseload: float, enrollments: float) -> dict[str, float]:
    """Units billed per month for each code used, for a caseload and new patients a month."""
    first = min(enrollments, caseload)
    later = caseload - first
    share = _share(inputs)
    if inputs.uses_g0512:
        return {FQHC_CODE: (first + later) * share}
    g_share = inputs.g2214_share_pct / 100
    m92 = first * share * (1 - g_share)
    m93 = later * share * (1 - g_share)
    return {
        "99492": m92,
        "99493": m93,
        "99494": (m92 + m93) * inputs.addon_units_per_month,
        "G2214": caseload * share * g_share,
    }


def _medicare_revenue(inputs: FinancialInputs, caseload: float, enrollments: float) -> float:
    counts = _unit_counts(inputs, caseload, enrollments)
    return sum(units * inputs.rate(code).amount for code, units in counts.items())


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
    first_pm = min(inputs.new_enrollments_per_month, caseload)
    later_pm = caseload - first_pm
    share = _share(inputs)
    first, later = first_pm * share, later_pm * share
    billable = first + later
    lines = []
    if inputs.new_enrollments_per_month > caseload:
        lines.append(
            f"Patient-months: {num(caseload)} patients on the caseload a month. With "
            f"{num(inputs.new_enrollments_per_month)} new patients a month, more than the caseload, every one "
            f"of the {num(caseload)} is a first month."
        )
    else:
        lines.append(
            f"Patient-months: {num(caseload)} patients on the caseload a month; {num(first_pm)} are new "
            f"patients in their first month and {num(caseload)} - {num(first_pm)} = {num(later_pm)} are in a "
            "later month."
        )
    if inputs.uses_g0512:
        lines.append(
            f"G0512 needs 70 minutes or more of care manager time in the first month and 60 in a later month "
            f"(no rounding up). {pct(inputs.g0512_share_pct)} of patient-months reach that: first months "
            f"{num(first_pm)} x {pct(inputs.g0512_share_pct)} = {num(first)}, later months {num(later_pm)} x "
            f"{pct(inputs.g0512_share_pct)} = {num(later)}, {num(billable)} billable months a month."
        )
    else:
        lines.append(
            f"Billable months need at least 16 minutes of care manager time in the month. "
            f"{pct(inputs.billable_share_pct)} of patient-months reach it, first and later months alike: "
            f"first months {num(first_pm)} x {pct(inputs.billable_share_pct)} = {num(first)}, later months "
            f"{num(later_pm)} x {pct(inputs.billable_share_pct)} = {num(later)}, {num(billable)} billable "
            "months a month."
        )
    return Volume(first_pm, later_pm, billable, first, later, share * 100, tuple(lines))


def _code_lines(inputs: FinancialInputs, volume: Volume) -> tuple[CodeLine, ...]:
    counts = _unit_counts(inputs, inputs.expected_caseload, inputs.new_enrollments_per_month)
    full_pct = pct(100 - inputs.g2214_share_pct)
    lines: list[CodeLine] = []
    for code, units in counts.items():
        rate = inputs.rate(code)
        total = units * rate.amount
        if code == "99492":
            how = (
                f"99492 (36 minutes or more in the first month): {num(volume.first_months)} billable first "
                f"months x {full_pct} that reach 36 minutes = {num(units)} a month"
            )
        elif code == "99493":
            how = (
                f"99493 (31 minutes or more in a later month): {num(volume.later_months)} billable later "
                f"months x {full_pct} that reach 31 minutes = {num(units)} a month"
            )
        elif code == "99494":
            full = counts["99492"] + counts["99493"]
            how = (
                f"99494 (each extra 30 minutes, from 86 minutes in a first month or 76 in a later month): "
                f"{num(full)} months billed with 99492 or 99493 x {num(inputs.addon_units_per_month)} add-on "
                f"units each = {num(units)} units a month"
            )
        elif code == "G2214":
            how = (
                f"G2214 (16 minutes or more, but under 36 in a first month or 31 in a later month): "
                f"{num(volume.billable_months)} billable months x {pct(inputs.g2214_share_pct)} that reach "
                f"only that = {num(units)} a month"
            )
        else:
            how = (
                f"G0512 (70 minutes or more in the first month, 60 in a later month): "
                f"{num(volume.billable_months)} months reach it, each paid once at one monthly rate = "
                f"{num(units)} a month"
            )
        explanation = (
            f"{how}; x {_rate_words(inputs, rate)} = {money(total)} a month at Medicare rates, "
            f"{money(total * 12)} a year.",
        )
        lines.append(
            CodeLine(code, CODE_DESCRIPTIONS[code], units, rate.amount, rate.year, rate.verified, explanation,
                     CODE_MINUTES[code], rate.source)
        )
    return tuple(lines)


def revenue_per_patient(inputs: FinancialInputs) -> float:
    """Billing a month at Medicare rates for one patient on the caseload, when new patients a month are
    caseload / months in care (so 1 / months in care of the caseload are first months)."""
    return _medicare_revenue(inputs, 1.0, 1.0 / inputs.episode_months)


def _per_patient_working(inputs: FinancialInputs) -> str:
    """How one patient on the caseload's monthly billing is made up, in words and numbers."""
    first = 1 / inputs.episode_months
    later = 1 - first
    if inputs.uses_g0512:
        r = inputs.rate(FQHC_CODE).amount
        return (f"{pct(inputs.g0512_share_pct)} of months reach 60 or 70 minutes x {money(r)} (G0512) = "
                f"{money(inputs.g0512_share_pct / 100 * r)}")
    parts = [
        f"{num(first, 4)} first months x {money(inputs.rate('99492').amount)} (99492)",
        f"{num(later, 4)} later months x {money(inputs.rate('99493').amount)} (99493)",
    ]
    return (
        f"{pct(inputs.billable_share_pct)} billable x [{pct(100 - inputs.g2214_share_pct)} full code x ("
        + " + ".join(parts)
        + f") + {pct(inputs.g2214_share_pct)} x {money(inputs.rate('G2214').amount)} (G2214) + "
        f"{pct(100 - inputs.g2214_share_pct)} x {num(inputs.addon_units_per_month)} add-ons x "
        f"{money(inputs.rate('99494').amount)} (99494)] = {money(revenue_per_patient(inputs))}"
    )


def _break_even(
    inputs: FinancialInputs, total_cost: float, ffs: float, factor: float
) -> BreakEven:
    cell = inputs.population_cell
    capacity = inputs.capacity
    to_cover = total_cost - ffs
    lines = [
        f"Costs to cover: {money(total_cost)} a month, less psychotherapy income of {money(ffs)} = "
        f"{money(to_cover)} a month from Collaborative Care billing."
    ]
    if to_cover <= 0:
        lines.append(
            "Psychotherapy income alone covers the costs, so the program breaks even even with no "
            "Collaborative Care caseload."
        )
        return BreakEven(0.0, 0.0, "", tuple(lines), capacity)

    def none(reason: str) -> BreakEven:
        return BreakEven(None, None, reason, tuple(lines + [reason]), capacity)

    if _share(inputs) <= 0:
        if inputs.uses_g0512:
            return none(
                "No patient-months reach 70 minutes (first month) or 60 (later months), so G0512 is never "
                "billed, more patients bring no billing income and there is no break-even caseload."
            )
        return none(
            "No patient-months reach the billing minimum (0% billable), so more patients bring no "
            "billing income and there is no break-even caseload."
        )
    if factor <= 0:
        return none(
            "The payer mix pays nothing (0% of Medicare rates on average), so more patients bring "
            "no billing income and there is no break-even caseload."
        )
    per_patient = revenue_per_patient(inputs)
    if per_patient <= 0:
        return none(
            "A billable month brings no income at these payment rates, so there is no "
            "break-even caseload."
        )
    paid = per_patient * factor
    lines.append(
        f"New patients grow with the caseload: caseload / {num(inputs.episode_months)} months in care, so "
        f"{num(100 / inputs.episode_months, 1)}% of patient-months are first months."
    )
    lines.append(f"Each patient on the caseload bills, a month at Medicare rates: {_per_patient_working(inputs)}.")
    lines.append(
        f"After the payer mix ({pct(factor * 100)} of Medicare rates on average): {money(per_patient)} x "
        f"{num(factor, 4)} = {money(paid)} a patient a month."
    )
    caseload = to_cover / paid
    per_fte = caseload / inputs.care_manager_fte
    lines.append(
        f"Break-even caseload: {money(to_cover)} / {money(paid)} = {num(caseload, 1)} patients "
        f"({num(per_fte, 1)} per full-time care manager), with {num(caseload / inputs.episode_months, 1)} "
        "new patients a month."
    )
    if caseload > capacity:
        lines.append(
            f"That is more than {fte_text(inputs.care_manager_fte)} FTE of care manager time can carry: the "
            f"AIMS range for this population is {cell.low}-{cell.high} patients per full-time care manager "
            f"(up to {num(capacity, 1)} here), so at these inputs billing alone is unlikely to cover the costs."
        )
    return BreakEven(caseload, per_fte, "", tuple(lines), capacity)


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
        notes.append(G0512_2025_NOTE if inputs.uses_g0512 else HEALTH_CENTER_2026_NOTE)
    older = sorted({inputs.rate(code).year for code in inputs.codes if inputs.rate(code).year < inputs.billing_year})
    if older:
        years = ", ".join(str(y) for y in older)
        notes.append(
            f"Billing year {inputs.billing_year}: CMS's {inputs.billing_year} amounts for these codes are not "
            f"confirmed yet, so the {years} amounts are used, as each rate's year shows. Replace them once the "
            f"{inputs.billing_year} figures are published."
        )
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
    codes = _code_lines(inputs, volume)
    medicare_m = sum(line.monthly for line in codes)
    medicare = MoneyLine(
        "medicare_revenue",
        "Collaborative Care billing at Medicare rates",
        medicare_m,
        (
            "At Medicare rates: "
            + " + ".join(f"{money(line.monthly)} ({line.code})" for line in codes)
            + f" = {money(medicare_m)} a month.",
        ),
    )

    factor = _payer_factor(inputs)
    payers = tuple(
        PayerLine(
            p.name,
            p.share_pct,
            p.relative_rate_pct,
            medicare_m * p.share_pct / 100 * p.relative_rate_pct / 100,
            (
                f"{p.name}: {money(medicare_m)} x {pct(p.share_pct)} of patients x "
                f"{pct(p.relative_rate_pct)} of Medicare rates = "
                f"{money(medicare_m * p.share_pct / 100 * p.relative_rate_pct / 100)} a month.",
            ),
        )
        for p in inputs.payer_mix
    )
    cocm_m = sum(p.monthly for p in payers)
    cocm = MoneyLine(
        "cocm_revenue",
        "Collaborative Care billing (after payer mix)",
        cocm_m,
        (
            "After the payer mix: "
            + (" + ".join(money(p.monthly) for p in payers) + " = " if len(payers) > 1 else "")
            + f"{money(cocm_m)} a month (payers pay {pct(factor * 100)} of Medicare rates on "
            f"average), {money(cocm_m * 12)} a year.",
        ),
    )
    ffs_m = inputs.ffs_visits_per_month * inputs.ffs_payment_per_visit
    ffs = MoneyLine(
        "ffs_revenue",
        "Psychotherapy visits billed separately",
        ffs_m,
        (
            f"Psychotherapy: {num(inputs.ffs_visits_per_month)} visits a month x "
            f"{money(inputs.ffs_payment_per_visit)} average payment = {money(ffs_m)} a month, "
            f"{money(ffs_m * 12)} a year. Time spent on these visits does not count toward "
            "Collaborative Care minutes.",
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
        "First-year net, including start-up costs",
        net_m * 12 - inputs.startup_costs,
        (
            f"First year: {money(net_m * 12)} net for the year - {money(inputs.startup_costs)} start-up "
            f"costs = {money(net_m * 12 - inputs.startup_costs)}.",
        ),
    )

    break_even = _break_even(inputs, total_cost_m, ffs_m, factor)
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

    if inputs.uses_g0512 and inputs.g0512_share_pct > inputs.billable_share_pct:
        warnings.append(
            f"More patient-months reach 60 or 70 minutes ({pct(inputs.g0512_share_pct)}) than reach the "
            f"16-minute billing minimum ({pct(inputs.billable_share_pct)}); a month with 60 minutes also has "
            "16. Check the two shares."
        )

    notes = billing_notes(inputs)
    defaults = {rate.code: rate for rate in DEFAULT_RATES}
    for line in codes:
        if not line.verified:
            text = (f"The {line.code} rate ({money(line.rate)}, {line.year}) is not marked as confirmed: check "
                    "it before relying on the result.")
            known = defaults[line.code]
            if known.verified and abs(known.amount - line.rate) > 0.005 and inputs.billing_mode != "g0512_medicaid":
                text += f" The confirmed CY{known.year} Medicare amount is {money(known.amount)}."
            notes.append(text)

    return FinancialResult(
        costs=costs,
        total_cost=total_cost,
        startup=startup,
        volume=volume,
        codes=codes,
        medicare_revenue=medicare,
        payers=payers,
        cocm_revenue=cocm,
        ffs_revenue=ffs,
        total_revenue=revenue,
        net=net,
        year_one_net=year_one,
        break_even=break_even,
        per_patient=per_patient,
        caseload_check=caseload_check,
        consultant_check=consultant_check,
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

    caseload: from 0 to what the care manager FTE can carry (top of the AIMS range x FTE), with new
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
        nets = tuple(compute(_steady(inputs, x)).net.annual for x in xs)
        current = inputs.expected_caseload
        current_net = compute(_steady(inputs, current)).net.annual
        cell = inputs.population_cell
        notes.append(
            f"The line stops at {num(top, 1)} patients: what {fte_text(inputs.care_manager_fte)} FTE of care "
            f"manager time can carry (top of the AIMS range, {cell.high} per full-time care manager, for this "
            "population). A larger caseload needs more care manager time, and so more cost."
        )
        notes.append(
            f"New patients a month grow with the caseload: caseload / {num(inputs.episode_months)} months in care."
        )
        steady = current / inputs.episode_months
        if abs(steady - inputs.new_enrollments_per_month) > 1e-9:
            notes.append(
                f"This scenario enrolls {num(inputs.new_enrollments_per_month)} new patients a month, not "
                f"{num(steady, 1)}, so its own net ({money(compute(inputs).net.annual)} a year) differs from the "
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
        xs = tuple(100 * i / (points - 1) for i in range(points))
        if inputs.uses_g0512:
            field, x_label, current = ("g0512_share_pct", "Patient-months reaching 60 or 70 minutes (%)",
                                       inputs.g0512_share_pct)
        else:
            field, x_label, current = ("billable_share_pct", "Patient-months reaching 16 minutes (%)",
                                       inputs.billable_share_pct)
        nets = tuple(compute(inputs.model_copy(update={field: x})).net.annual for x in xs)
        return SensitivitySeries(axis, x_label, y_label, xs, nets, current, compute(inputs).net.annual,
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
    ("Codes used", lambda i, r: "G0512" if i.uses_g0512 else "99492-99494, G2214"),
    ("Active caseload (patients)", lambda i, r: num(i.expected_caseload, 1)),
    (
        "Caseload per full-time care manager (AIMS range)",
        lambda i, r: f"{num(r.caseload_check.per_fte, 1)} ({r.caseload_check.low}-{r.caseload_check.high}, "
        f"{r.caseload_check.status})",
    ),
    ("Billable patient-months per month", lambda i, r: num(r.volume.billable_months, 1)),
    ("Revenue per patient a month, after payer mix", lambda i, r: money(revenue_per_patient(i) * _payer_factor(i))),
    ("Cost per month", lambda i, r: money(r.total_cost.monthly)),
    ("Revenue per month", lambda i, r: money(r.total_revenue.monthly)),
    ("Net per month", lambda i, r: money(r.net.monthly)),
    ("Cost per year", lambda i, r: money(r.total_cost.annual)),
    ("Revenue per year", lambda i, r: money(r.total_revenue.annual)),
    ("Net per year", lambda i, r: money(r.net.annual)),
    ("One-time start-up costs", lambda i, r: money(r.startup.amount)),
    ("First-year net, including start-up", lambda i, r: money(r.year_one_net.amount)),
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


def compare(scenarios: Sequence[Scenario]) -> Table:
    """Up to three scenarios side by side; one row per key output."""
    scenarios = check_scenarios(list(scenarios))
    if not scenarios:
        raise ValueError("Add at least one scenario to compare.")
    results = [(s.inputs, compute(s.inputs)) for s in scenarios]
    rows = tuple(
        (label, *(fmt(inputs, result) for inputs, result in results)) for label, fmt in _COMPARE_ROWS
    )
    return Table(
        columns=("", *(s.name for s in scenarios)),
        rows=rows,
        widths=(2.2, *([1.4] * len(scenarios))),
        caption="Scenarios side by side. Net figures are before one-time start-up costs unless "
        "stated.",
    )


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


def _input_rows(inputs: FinancialInputs) -> tuple[tuple[str, str], ...]:
    f = FinancialInputs.model_fields

    def row(name: str) -> tuple[str, str]:
        return (f[name].title or name, shown(name, getattr(inputs, name)))

    def title(name: str) -> str:
        return f[name].title or name

    rows: list[tuple[str, str]] = [
        *(row(name) for name in ("care_manager_fte", "care_manager_salary", "benefits_pct",
                                 "consultant_hours_per_week", "consultant_hourly_rate", "other_staff_hours_per_week",
                                 "other_staff_hourly_rate", "overhead_pct", "startup_costs")),
        (title("population"), inputs.population_cell.label),
        *(row(name) for name in ("expected_caseload", "new_enrollments_per_month", "episode_months")),
        (title("billing_mode"), BILLING_MODE_LABELS[inputs.billing_mode]),
        (title("billing_year"), str(inputs.billing_year)),
        ("Codes used", ", ".join(inputs.codes)),
    ]
    if inputs.uses_g0512:
        rows.append(row("g0512_share_pct"))
    else:
        rows.extend(row(name) for name in ("billable_share_pct", "g2214_share_pct", "addon_units_per_month"))
    rows.extend(row(name) for name in ("ffs_visits_per_month", "ffs_payment_per_visit"))
    return tuple(rows)


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
    blocks.append(
        Table(
            columns=("Payer", "Share of patients", "Pays, compared with Medicare"),
            rows=tuple((p.name, pct(p.share_pct), pct(p.relative_rate_pct)) for p in inputs.payer_mix),
            widths=(2.5, 1.2, 1.5),
            caption="Payer mix",
        )
    )
    out_rows: list[tuple[str, str, str]] = [
        (line.label, money(line.monthly), money(line.annual)) for line in result.costs
    ]
    out_rows.append((result.total_cost.label, money(result.total_cost.monthly), money(result.total_cost.annual)))
    out_rows.extend(
        (f"{c.code} ({num(c.units, 1)} a month at {money(c.rate)})", money(c.monthly), money(c.annual))
        for c in result.codes
    )
    for line in (result.medicare_revenue, result.cocm_revenue, result.ffs_revenue, result.total_revenue, result.net):
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
                ("Caseload the care manager time can carry", f"{num(be.capacity, 1)} patients (top of the AIMS "
                                                             "range x FTE)"),
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
    "default_rates",
    "default_scenario",
    "default_sources_table",
    "DEFAULT_SOURCES",
    "money",
    "new_row_id",
    "num",
    "pct",
    "report_blocks",
    "revenue_per_patient",
    "sensitivity",
    "stable_id",
]
