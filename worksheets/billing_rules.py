"""Billing rules by year, as data: each year's payment amounts (national, non-facility and facility), each code's
time rules, the health-center rule and the codes that exist that year, with where every figure comes from.

Facts: ../shared/domain/cocm-facts.md sections 8b and 8c (checked 2026-11-25).

Only CY2025 non-facility amounts (CMS PPRRVU2025 total RVUs x the CY2025 conversion factor $32.3465) and the CY2025
99492 facility amount are confirmed here. Every other amount is a placeholder, computed in the open and labelled
as such so nobody mistakes it for a CMS figure:
- CY2026 non-facility: the 2025 RVUs x the CY2026 conversion factor $33.4009 (CMS's own 2026 amounts not confirmed);
- facility amounts other than 99492 in 2025: the non-facility amount x 90.89 / 145.24 (the one facility ratio we
  have, about 0.626);
- psychotherapy codes: round starting figures, to be replaced with what the clinic's payers pay.

A plan's scenario stores its own rates (editable); these tables only fill them in, and tell an older plan that a
newer table exists.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Site = Literal["non_facility", "facility"]
SITES: dict[str, str] = {
    "non_facility": "Office (non-facility rate): the clinic bills for its own space and staff",
    "facility": "Facility rate: the service is billed as in a hospital outpatient department or similar",
}

CF_2025 = 32.3465
CF_2026 = 33.4009
FACILITY_RATIO = 90.89 / 145.24  # the one facility / non-facility ratio confirmed here (99492, CY2025)
LOOKUP_NOTE = (
    "Rates differ by locality and change every year: look up your own in the CMS Physician Fee Schedule Look-Up "
    "Tool (choose the year, your Medicare administrative contractor locality, and the non-facility or facility "
    "amount), and use your contracts for other payers."
)

# Care manager minutes that start each band, in a first month and in a later month. Bands are the same every year
# since CY2021: under 16 (nothing billable), the lower code (G2214), the base code (99492 from 36 / 99493 from 31),
# the base code once G0512's full time is reached (70 / 60, no rounding up), then one, two, three 99494 add-ons
# (from 86 / 76, each 30 minutes more).
FIRST_BOUNDS: tuple[int, ...] = (0, 16, 36, 70, 86, 116, 146)
LATER_BOUNDS: tuple[int, ...] = (0, 16, 31, 60, 76, 106, 136)
BAND_ADDONS: tuple[int, ...] = (0, 0, 0, 0, 1, 2, 3)


@dataclass(frozen=True)
class CodeRule:
    code: str
    name: str  # in plain words
    minutes: str  # the time rule, in words
    group: Literal["cpt", "g"]  # CPT codes (99492-99494) or G-codes (Medicare and Medicaid codes)


CODE_RULES: dict[str, CodeRule] = {
    "99492": CodeRule("99492", "First month of care with the care manager",
                      "36 to 85 minutes in the first month on its own; 99494 from 86", "cpt"),
    "99493": CodeRule("99493", "Each later month of care",
                      "31 to 75 minutes in a later month on its own; 99494 from 76", "cpt"),
    "99494": CodeRule("99494", "Add-on for each extra 30 minutes in a month, only with 99492 or 99493",
                      "86 minutes or more in a first month, 76 in a later month; one unit per further 30 minutes",
                      "cpt"),
    "G2214": CodeRule("G2214", "A month with some care manager time, but less than 99492 or 99493 need",
                      "16 to 35 minutes in a first month, 16 to 30 in a later month (the 16-minute start is how "
                      "vendors read it; one source says 30: check CMS MLN909432)", "g"),
    "G0512": CodeRule("G0512", "Health centers: one payment a month for Collaborative Care",
                      "70 minutes or more in the first month, 60 in a later month, no rounding up", "g"),
    "G0568": CodeRule("G0568", "APCM behavioral add-on, first month (in place of 99492)",
                      "Mirrors 99492; whether it has its own time rule is disputed, so the model uses 99492's", "g"),
    "G0569": CodeRule("G0569", "APCM behavioral add-on, later months (in place of 99493)",
                      "Mirrors 99493; whether it has its own time rule is disputed, so the model uses 99493's", "g"),
}
COCM_CODES: tuple[str, ...] = tuple(CODE_RULES)


@dataclass(frozen=True)
class Amount:
    code: str
    non_facility: float
    facility: float
    confirmed_non_facility: bool
    confirmed_facility: bool
    source: str

    def amount(self, site: str) -> float:
        return self.facility if site == "facility" else self.non_facility

    def confirmed(self, site: str) -> bool:
        return self.confirmed_facility if site == "facility" else self.confirmed_non_facility

    def source_for(self, site: str) -> str:
        if site == "facility" and not self.confirmed_facility:
            return (f"Placeholder, not a CMS figure: the non-facility amount x 90.89 / 145.24 (the 2025 99492 "
                    f"facility ratio). {self.source}")
        return self.source


@dataclass(frozen=True)
class YearTable:
    year: int
    conversion_factor: float
    cf_source: str
    amounts: dict[str, Amount]
    health_center_rule: str
    health_center_codes: tuple[str, ...]  # what Medicare pays a health center in this year
    apcm: bool  # the APCM behavioral add-ons G0568 / G0569 exist this year
    notes: tuple[str, ...] = ()


def _r(value: float) -> float:
    return round(value, 2)


@dataclass(frozen=True)
class ConfirmedAmount(Amount):
    facility_source: str = ""

    def source_for(self, site: str) -> str:
        if site == "facility" and self.confirmed_facility and self.facility_source:
            return self.facility_source
        return super().source_for(site)


def _confirmed_2025(code: str, rvus: float, facility: float | None = None, note: str = "") -> Amount:
    amount = _r(rvus * CF_2025)
    return ConfirmedAmount(
        code, amount, facility if facility is not None else _r(amount * FACILITY_RATIO), True, facility is not None,
        f"CMS Physician Fee Schedule CY2025, national non-facility amount: {rvus} RVUs x ${CF_2025} conversion "
        f"factor.{(' ' + note) if note else ''}",
        facility_source=("CMS Physician Fee Schedule CY2025, national facility amount (lower than the office amount "
                         "because the facility bills its own share)." if facility is not None else ""))


def _estimate_2026(code: str, rvus: float, note: str = "") -> Amount:
    amount = _r(rvus * CF_2026)
    return Amount(code, amount, _r(amount * FACILITY_RATIO), False, False,
                  f"Placeholder, not a CMS figure: the 2025 RVUs ({rvus}) x the CY2026 conversion factor "
                  f"${CF_2026}. CMS's 2026 amount is not confirmed here.{(' ' + note) if note else ''}")


TABLES: dict[int, YearTable] = {
    2025: YearTable(
        year=2025, conversion_factor=CF_2025, cf_source="CMS CY2025 Physician Fee Schedule final rule",
        amounts={
            "99492": _confirmed_2025("99492", 4.49, facility=90.89),
            "99493": _confirmed_2025("99493", 4.13),
            "99494": _confirmed_2025("99494", 1.73),
            "G2214": _confirmed_2025("G2214", 1.68),
            "G0512": _confirmed_2025("G0512", 4.31, note="The average of 99492 and 99493; paid once a month."),
            # G0568 / G0569 did not exist in 2025: the amounts only keep the table whole and are never billed.
            "G0568": Amount("G0568", 0.0, 0.0, False, False, "Not a 2025 code: the APCM add-ons start in 2026."),
            "G0569": Amount("G0569", 0.0, 0.0, False, False, "Not a 2025 code: the APCM add-ons start in 2026."),
        },
        health_center_rule=(
            "Health centers in 2025: Medicare pays one G0512 a month when the care manager spends at least 70 "
            "minutes in the patient's first month or 60 minutes in a later month (no rounding up). Months with less "
            "time are not paid, and the G2214 share and 99494 add-ons are not used."),
        health_center_codes=("G0512",),
        apcm=False,
    ),
    2026: YearTable(
        year=2026, conversion_factor=CF_2026,
        cf_source="CMS CY2026 Physician Fee Schedule final rule (CMS-1832-F), non-qualifying-APM conversion factor",
        amounts={
            "99492": _estimate_2026("99492", 4.49, "One third-party source reads about $160.32."),
            "99493": _estimate_2026("99493", 4.13, "One third-party source reads about $144.96."),
            "99494": _estimate_2026("99494", 1.73, "One third-party source reads about $61.46."),
            "G2214": _estimate_2026("G2214", 1.68),
            "G0512": Amount("G0512", _r(4.31 * CF_2025), _r(4.31 * CF_2025 * FACILITY_RATIO), False, False,
                            "Medicare stopped paying G0512 on 1 January 2026. Placeholder for a state Medicaid "
                            "program that still pays it (the 2025 Medicare amount): use your state's own rate."),
            "G0568": Amount("G0568", 149.30, _r(149.30 * FACILITY_RATIO), False, False,
                            "Placeholder, not a CMS figure: one source lists 4.47 RVUs = $149.30 (national, "
                            "non-facility). Check the CY2026 fee schedule."),
            "G0569": _estimate_2026("G0569", 4.13, "Mirrors 99493; no published amount found, so 99493's RVUs are "
                                                   "used."),
        },
        health_center_rule=(
            "Health centers from 2026: Medicare stopped paying G0512 on 1 January 2026. Health centers and rural "
            "health clinics now bill 99492, 99493, 99494 and G2214 one by one, like other clinics, so this scenario "
            "uses those codes and their time rules. Some state Medicaid programs still pay G0512."),
        health_center_codes=("99492", "99493", "99494", "G2214"),
        apcm=True,
        notes=(
            "New in 2026: practices billing Advanced Primary Care Management (APCM base codes G0556-G0558) may bill "
            "the behavioral add-ons G0568 (in place of 99492) and G0569 (in place of 99493) for a patient-month, "
            "never both. Their amounts and time rules are not confirmed.",
            "Time-based care-management codes are exempt from the 2026 -2.5% efficiency adjustment.",
        ),
    ),
}
YEARS: tuple[int, ...] = tuple(sorted(TABLES))
LATEST_YEAR = YEARS[-1]


def table(year: int) -> YearTable:
    try:
        return TABLES[year]
    except KeyError:
        raise ValueError(f"There is no billing table for {year}; tables exist for "
                         f"{', '.join(str(y) for y in YEARS)}.") from None


def newer_table_note(year: int) -> str:
    """'' for the newest year; otherwise what an older plan should know."""
    if year >= LATEST_YEAR:
        return ""
    return (f"This scenario uses the {year} billing rules and rates. A {LATEST_YEAR} table exists: change the "
            f"billing year to {LATEST_YEAR} and load its rates to budget for {LATEST_YEAR}.")


# Psychotherapy billed on its own (mixed billing). The time is the care manager's time with the patient for that
# visit; it takes hours from the week and never counts toward Collaborative Care minutes.
@dataclass(frozen=True)
class TherapyCode:
    code: str
    name: str
    minutes: int  # care manager time one visit takes, as the model counts it
    minutes_rule: str
    placeholder_rate: float


THERAPY_CODES: dict[str, TherapyCode] = {
    "90791": TherapyCode("90791", "Psychiatric diagnostic evaluation", 60, "No time in the descriptor; counted as 60 "
                                                                           "minutes", 170.0),
    "90832": TherapyCode("90832", "Psychotherapy, 30 minutes", 30, "16 to 37 minutes with the patient", 75.0),
    "90834": TherapyCode("90834", "Psychotherapy, 45 minutes", 45, "38 to 52 minutes with the patient", 100.0),
    "90837": TherapyCode("90837", "Psychotherapy, 60 minutes", 60, "53 minutes or more with the patient", 145.0),
}
THERAPY_RATE_SOURCE = ("Placeholder, not a published figure: enter the average your payers actually pay per visit "
                       "(the payer mix is not applied again).")


__all__ = [
    "Amount", "BAND_ADDONS", "CF_2025", "CF_2026", "COCM_CODES", "CODE_RULES", "CodeRule", "FACILITY_RATIO",
    "FIRST_BOUNDS", "LATER_BOUNDS", "LATEST_YEAR", "LOOKUP_NOTE", "SITES", "Site", "TABLES", "THERAPY_CODES",
    "THERAPY_RATE_SOURCE", "TherapyCode", "YEARS", "YearTable", "newer_table_note", "table",
]
