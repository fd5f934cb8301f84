"""Financial model (Sustainment plan, Step 1): what a clinic finance officer would check by hand."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from worksheets import fields
from worksheets import financial_model as fm
from worksheets import sustainment as su
from worksheets.content import BarChart, Bullets, Chart, Heading, KeyValues, Para, RefLine, Table
from worksheets.financial_model import (
    DEFAULT_RATES,
    POPULATIONS,
    FinancialInputs,
    PayerShare,
    RateDefault,
    Scenario,
    ScenarioList,
    compare,
    compute,
    default_caseload,
    default_new_enrollments,
    codes_used,
    default_scenario,
    money,
    report_blocks,
    sensitivity,
    sensitivity_chart,
)


def therapy(visits_90834: float = 0, payment_90834: float = 0, **others: tuple[float, float]) -> list[dict]:
    """Psychotherapy lines: 90834 visits and payment (the old model's fee-for-service visits), and any other code
    as code=(visits, payment), e.g. therapy(10, 100, c90791=(4, 170))."""
    lines = {"90791": (0, 170), "90832": (0, 75), "90834": (visits_90834, payment_90834), "90837": (0, 145)}
    for key, value in others.items():
        lines[key.lstrip("c")] = value
    return [{"code": code, "visits_per_month": v, "payment_per_visit": pay} for code, (v, pay) in lines.items()]


def worked_inputs(**changes) -> FinancialInputs:
    """The worked example used throughout: a standard-mode clinic billing in 2025 (default CY2025 rates:
    99492 $145.24, 99493 $133.59, 99494 $55.96, G2214 $54.34, G0512 $139.41)."""
    data = dict(
        care_manager_fte=1.0,
        care_manager_salary=72_000,
        benefits_pct=28,
        consultant_hours_per_week=3,
        consultant_hourly_rate=200,
        other_staff_hours_per_week=6,
        other_staff_hourly_rate=25,
        overhead_pct=10,
        startup_costs=10_000,
        population="behavioral_adequate",
        expected_caseload=100,
        new_enrollments_per_month=20,
        episode_months=5,
        billable_share_pct=80,
        g0512_share_pct=40,
        billing_mode="standard",
        billing_year=2025,
        g2214_share_pct=10,
        addon_units_per_month=0.5,
        payer_mix=[
            {"name": "Medicare", "share_pct": 50, "relative_rate_pct": 100},
            {"name": "Medicaid", "share_pct": 30, "relative_rate_pct": 70},
            {"name": "Commercial", "share_pct": 20, "relative_rate_pct": 120},
        ],
        psychotherapy=therapy(10, 100),
        # the typed-share model these examples were worked out with: typed billable shares, every claim collected
        # and no patient cost share (PayerShare's patient_share_pct defaults to 0)
        volume_method="share",
        collection_rate_pct=100,
    )
    data.update(changes)
    return FinancialInputs(**data)


def health_center(year: int, **changes) -> FinancialInputs:
    """The same clinic as a federally qualified health center (health-center billing, Medicare)."""
    return worked_inputs(billing_mode="fqhc_rhc", billing_year=year, **changes)


def error_text(exc: pytest.ExceptionInfo) -> str:
    return str(exc.value)


# --- Worked example 1: a standard-mode clinic ------------------------------------------------


def test_worked_example_costs():
    r = compute(worked_inputs())
    # Care manager:  1.0 FTE x $72,000 x 1.28 = $92,160 a year; / 12 = $7,680 a month
    assert r.cost("care_manager").monthly == pytest.approx(7_680)
    # Consultant:    3 h/week x $200 = $600 a week; x 52 = $31,200 a year; / 12 = $2,600 a month
    assert r.cost("consultant").monthly == pytest.approx(2_600)
    # Other staff:   6 h/week x $25 = $150 a week; x 52 = $7,800 a year; / 12 = $650 a month
    assert r.cost("other_staff").monthly == pytest.approx(650)
    # Staff total:   7,680 + 2,600 + 650 = $10,930 a month
    # Overhead:      10,930 x 10% = $1,093 a month
    assert r.cost("overhead").monthly == pytest.approx(1_093)
    # Total cost:    10,930 + 1,093 = $12,023 a month; x 12 = $144,276 a year
    assert r.total_cost.monthly == pytest.approx(12_023)
    assert r.total_cost.annual == pytest.approx(144_276)
    # Start-up is one-time and not in the monthly cost
    assert r.startup.amount == 10_000


def test_worked_example_volume_and_codes():
    r = compute(worked_inputs())
    # Patient-months: 100 on the caseload; 20 new patients are in their first month, 100 - 20 = 80 in a later one.
    # 80% reach the 16-minute minimum, first and later months alike:
    #   billable first months 20 x 80% = 16; billable later months 80 x 80% = 64; 80 in all
    assert r.volume.first_patient_months == pytest.approx(20)
    assert r.volume.later_patient_months == pytest.approx(80)
    assert r.volume.first_months == pytest.approx(16)
    assert r.volume.later_months == pytest.approx(64)
    assert r.volume.billable_months == pytest.approx(80)
    # 99492: 16 x (1 - 10%) = 14.4 months;  14.4 x $145.24 = $2,091.456
    # 99493: 64 x 90%       = 57.6 months;  57.6 x $133.59 = $7,694.784
    # G2214: 80 x 10%       =  8 months;     8 x $54.34   =   $434.72
    # 99494: (14.4 + 57.6) x 0.5 = 36 units; 36 x $55.96  = $2,014.56
    expected = {
        "99492": (14.4, 2_091.456),
        "99493": (57.6, 7_694.784),
        "G2214": (8, 434.72),
        "99494": (36, 2_014.56),
    }
    assert {line.code for line in r.codes} == set(expected)
    for code, (units, dollars) in expected.items():
        assert r.code(code).units == pytest.approx(units)
        assert r.code(code).monthly == pytest.approx(dollars)
    # Medicare-rate total: 2,091.456 + 7,694.784 + 434.72 + 2,014.56 = $12,235.52 a month
    assert r.medicare_revenue.monthly == pytest.approx(12_235.52)


def test_worked_example_payers_revenue_and_net():
    r = compute(worked_inputs())
    # Medicare:   12,235.52 x 50% x 100% = $6,117.76
    # Medicaid:   12,235.52 x 30% x  70% = 12,235.52 x 0.21 = $2,569.4592
    # Commercial: 12,235.52 x 20% x 120% = 12,235.52 x 0.24 = $2,936.5248
    payers = {p.name: p.monthly for p in r.payers}
    assert payers["Medicare"] == pytest.approx(6_117.76)
    assert payers["Medicaid"] == pytest.approx(2_569.4592)
    assert payers["Commercial"] == pytest.approx(2_936.5248)
    # CoCM revenue: 6,117.76 + 2,569.4592 + 2,936.5248 = $11,623.744 (= 12,235.52 x 0.95)
    assert r.cocm_revenue.monthly == pytest.approx(11_623.744)
    # Psychotherapy: 10 visits x $100 = $1,000 a month
    assert r.ffs_revenue.monthly == pytest.approx(1_000)
    # Total revenue: 11,623.744 + 1,000 = $12,623.744 a month; x 12 = $151,484.928 a year
    assert r.total_revenue.monthly == pytest.approx(12_623.744)
    assert r.total_revenue.annual == pytest.approx(151_484.928)
    # Net: 12,623.744 - 12,023 = $600.744 a month; x 12 = $7,208.928 a year
    assert r.net.monthly == pytest.approx(600.744)
    assert r.net.annual == pytest.approx(7_208.928)
    # First year: 7,208.928 - 10,000 start-up = -$2,791.072
    assert r.year_one_net.amount == pytest.approx(-2_791.072)


def test_worked_example_patients_served_and_per_patient():
    r = compute(worked_inputs())
    # Patients served: 100 on the caseload at the start + 20 new a month x 12 = 340
    assert r.per_patient.patients_served == pytest.approx(340)
    # Cost per patient:    144,276 / 340 = $424.3412
    # Revenue per patient: 151,484.928 / 340 = $445.5439
    assert r.per_patient.cost == pytest.approx(424.3412, abs=1e-4)
    assert r.per_patient.revenue == pytest.approx(445.5439, abs=1e-4)


def test_worked_example_break_even_caseload_grows_enrollments_with_the_caseload():
    r = compute(worked_inputs())
    # To cover from CoCM billing: 12,023 cost - 1,000 psychotherapy = $11,023 a month.
    # New patients = caseload / 5 months in care, so 1/5 of patient-months are first months. One patient on the
    # caseload bills, a month at Medicare rates:
    #   80% x [90% x (0.2 x 145.24 + 0.8 x 133.59) + 10% x 54.34 + 90% x 0.5 x 55.96]
    #   = 0.8 x [0.9 x (29.048 + 106.872) + 5.434 + 25.182] = 0.8 x 152.944 = $122.3552
    # After the payer mix: 122.3552 x 0.95 = $116.23744 a patient a month
    # Break-even caseload: 11,023 / 116.23744 = 94.8318 patients (18.97 new patients a month)
    be = r.break_even
    assert be.reason == ""
    assert be.caseload == pytest.approx(94.8318, abs=1e-4)
    assert be.caseload_per_fte == pytest.approx(94.8318, abs=1e-4)
    assert any("$11,023 / $116.24 = 94.8 patients" in line for line in be.explanation)
    # the working says how the caseload splits: 1 / 5 of a patient's months are first months, and the break-even
    # caseload comes with 94.8318 / 5 = 18.97 (shown as 19) new patients a month
    assert any("1 / 5 = 0.2 are first months" in line for line in be.explanation)
    assert any("with 19 new patients a month" in line for line in be.explanation)


# --- Worked example 2: the same clinic as a health center in 2025 (G0512) ------------------


def test_health_center_2025_bills_g0512_only_for_months_reaching_70_or_60_minutes():
    r = compute(health_center(2025))
    assert [line.code for line in r.codes] == ["G0512"]
    # 40% of patient-months reach 70 minutes (first month) or 60 (later months), first and later alike:
    #   first months 20 x 40% = 8, later months 80 x 40% = 32: 40 G0512 a month (not the 80 months that reach 16
    #   minutes, which the old model paid)
    assert r.volume.first_months == pytest.approx(8)
    assert r.volume.later_months == pytest.approx(32)
    assert r.code("G0512").units == pytest.approx(40)
    # 40 x $139.41 (CY2025: 4.31 RVUs x $32.3465) = $5,576.40 at Medicare rates; x 0.95 payer mix = $5,297.58
    assert r.code("G0512").rate == 139.41
    assert r.medicare_revenue.monthly == pytest.approx(5_576.40)
    assert r.cocm_revenue.monthly == pytest.approx(5_297.58)
    # Revenue 5,297.58 + 1,000 = $6,297.58; net 6,297.58 - 12,023 = -$5,725.42 a month, -$68,705.04 a year
    assert r.net.monthly == pytest.approx(-5_725.42)
    assert r.net.annual == pytest.approx(-68_705.04)
    # costs do not depend on the billing method
    assert r.total_cost.monthly == pytest.approx(12_023)
    assert any("70 minutes" in note and "60 minutes" in note and "G0512" in note for note in r.notes)


def test_health_center_2025_no_longer_beats_standard_billing():
    # The old model paid G0512 for all 80 billable months at $152.50 = $12,200, more than standard billing, and so
    # pointed health centers the wrong way. With the 60/70-minute rule, standard billing ($12,235.52) is ahead.
    g0512 = compute(health_center(2025)).medicare_revenue.monthly
    standard = compute(worked_inputs()).medicare_revenue.monthly
    assert g0512 == pytest.approx(5_576.40) and standard == pytest.approx(12_235.52)


def test_health_center_2025_break_even():
    # One patient a month: 40% x $139.41 = $55.764 at Medicare rates; x 0.95 = $52.9758.
    # Break-even: 11,023 / 52.9758 = 208.0761 patients, more than one care manager's hours carry:
    #   direct contact 24 h x 52 / 12 x 60 = 6,240 minutes a month - 10 x 45 minutes of 90834 = 5,790;
    #   contact booked per patient-month with 10% missed: first (60 + 2 x 25) / 0.9 = 122.22, active 2 x 25 / 0.9 =
    #   55.56, monitoring 15 / 0.9 = 16.67; a 5-month episode (1 first, 2 active, 2 monitoring) averages
    #   (122.22 + 2 x 55.56 + 2 x 16.67) / 5 = 266.67 / 5 = 53.33 minutes; 5,790 / 53.33 = 108.5625 patients
    be = compute(health_center(2025)).break_even
    assert be.caseload == pytest.approx(208.0761, abs=1e-4)
    assert be.beyond_capacity and be.capacity == pytest.approx(108.5625)
    assert any("more than the 108.6 patients 1.0 FTE of care manager time can carry" in line
               for line in be.explanation)


def test_health_center_2025_ignores_g2214_share_and_add_ons():
    a = compute(health_center(2025))
    b = compute(health_center(2025, g2214_share_pct=50, addon_units_per_month=3))
    assert a.total_revenue.monthly == pytest.approx(b.total_revenue.monthly)


def test_g0512_share_above_the_16_minute_share_is_flagged():
    r = compute(health_center(2025, g0512_share_pct=90))
    assert any("More patient-months reach 60 or 70 minutes (90%) than reach the 16-minute" in w for w in r.warnings)
    assert not any("More patient-months reach 60" in w for w in compute(health_center(2025)).warnings)


# --- Worked example 3: the same health center in 2026 (the standard codes) ------------------


def test_health_center_2026_bills_the_standard_codes_like_any_clinic():
    # G0512 ended for Medicare on 1 January 2026: the same four codes as a standard clinic. Kept on the 2025
    # amounts (a plan that has not loaded the 2026 table), the figures are worked example 1's:
    #   99492 14.4 x 145.24 + 99493 57.6 x 133.59 + G2214 8 x 54.34 + 99494 36 x 55.96 = $12,235.52 a month
    r = compute(health_center(2026, rates=list(DEFAULT_RATES)))
    assert [line.code for line in r.codes] == ["99492", "99493", "99494", "G2214"]
    assert r.medicare_revenue.monthly == pytest.approx(12_235.52)
    # net 12,623.744 - 12,023 = $600.744 a month, $7,208.928 a year; break-even 94.8318 patients
    assert r.net.annual == pytest.approx(7_208.928)
    assert r.break_even.caseload == pytest.approx(94.8318, abs=1e-4)
    notes = " ".join(r.notes)
    assert "Medicare stopped paying G0512 on 1 January 2026" in notes
    assert "the 2025 amounts are used" in notes
    # each rate says its year, and that it stands in for 2026
    assert "$145.24 (confirmed 2025 amount, used for 2026)" in r.code("99492").explanation[0]
    # the standard clinic in 2026 bills exactly the same
    assert compute(worked_inputs(billing_year=2026, rates=list(DEFAULT_RATES))).medicare_revenue.monthly == \
        pytest.approx(12_235.52)


def test_health_center_2026_with_the_2026_table_uses_its_placeholder_amounts():
    # Left to fill in its rates, a 2026 scenario takes the 2026 table: the 2025 RVUs x $33.4009, not CMS figures:
    #   99492 4.49 x 33.4009 = 149.97; 99493 4.13 x 33.4009 = 137.95; 99494 1.73 x 33.4009 = 57.78;
    #   G2214 1.68 x 33.4009 = 56.11
    #   14.4 x 149.97 = 2,159.568; 57.6 x 137.95 = 7,945.92; 8 x 56.11 = 448.88; 36 x 57.78 = 2,080.08
    #   = $12,634.448 a month at Medicare rates; x 0.95 payer mix = $12,002.7256; + $1,000 psychotherapy - $12,023
    #   = $979.7256 a month, $11,756.7072 a year
    r = compute(health_center(2026))
    assert [(line.code, line.rate, line.verified) for line in r.codes] == [
        ("99492", 149.97, False), ("99493", 137.95, False), ("99494", 57.78, False), ("G2214", 56.11, False)]
    assert r.medicare_revenue.monthly == pytest.approx(12_634.448)
    assert r.net.monthly == pytest.approx(979.7256)
    assert r.net.annual == pytest.approx(11_756.7072)
    # one patient: 0.8 x [0.9 x (0.2 x 149.97 + 0.8 x 137.95) + 0.1 x 56.11 + 0.9 x 0.5 x 57.78]
    #   = 0.8 x [0.9 x 140.354 + 5.611 + 26.001] = 0.8 x 157.9306 = 126.34448; x 0.95 = 120.027256;
    #   break-even 11,023 / 120.027256 = 91.8375 patients
    assert r.break_even.caseload == pytest.approx(91.8375, abs=1e-4)
    # every rate is a placeholder, and the notes say to check it, quoting the confirmed 2025 amount
    notes = " ".join(r.notes)
    assert "Rates not marked as confirmed: 99492 $149.97 (2026; confirmed CY2025 Medicare amount $145.24)" in notes


def test_g0512_stays_available_for_a_state_medicaid_program_in_2026():
    rates = [r.model_copy(update={"amount": 120.0, "source": "Our state's Medicaid fee schedule", "verified": True})
             if r.code == "G0512" else r for r in DEFAULT_RATES]
    r = compute(worked_inputs(billing_mode="g0512_medicaid", billing_year=2026, rates=rates,
                              payer_mix=[{"name": "State Medicaid", "share_pct": 100, "relative_rate_pct": 100}]))
    # 100 patients x 40% reaching 60/70 minutes = 40 G0512 a month x $120 (the state's rate) = $4,800 a month
    assert [line.code for line in r.codes] == ["G0512"]
    assert r.medicare_revenue.monthly == pytest.approx(4_800)
    assert any("state Medicaid" in note and "Medicare no longer pays G0512" in note for note in r.notes)


def test_billing_year_decides_the_codes():
    assert codes_used("standard", 2025) == codes_used("standard", 2026) == ("99492", "99493", "99494", "G2214")
    assert codes_used("fqhc_rhc", 2025) == ("G0512",)
    assert codes_used("fqhc_rhc", 2026) == ("99492", "99493", "99494", "G2214")
    assert codes_used("g0512_medicaid", 2025) == codes_used("g0512_medicaid", 2026) == ("G0512",)
    with pytest.raises(ValidationError):
        worked_inputs(billing_year=2024)


# --- First months: the billable share applies to them too ------------------------------------


def test_first_months_are_billable_only_at_the_billable_share():
    r = compute(worked_inputs(billable_share_pct=50))
    # 20 first months x 50% = 10 billable; x 90% full code = 9 months of 99492 (the old model billed all 20 first
    # months: 18 of 99492). Later: 80 x 50% x 90% = 36 months of 99493. G2214: 100 x 50% x 10% = 5.
    assert r.code("99492").units == pytest.approx(9)
    assert r.code("99493").units == pytest.approx(36)
    assert r.code("G2214").units == pytest.approx(5)
    assert r.volume.first_months == pytest.approx(10)
    assert any("100 x 50% = 50 billable months" in line for line in r.volume.explanation)


def test_first_months_capped_by_the_caseload():
    r = compute(worked_inputs(expected_caseload=20, new_enrollments_per_month=30, episode_months=1))
    # 30 new patients but only 20 on the caseload: all 20 are first months; x 80% = 16 billable; none later
    assert r.volume.first_patient_months == pytest.approx(20)
    assert r.volume.first_months == pytest.approx(16)
    assert r.volume.later_months == pytest.approx(0)
    assert "99493" not in [line.code for line in r.codes]  # no later month, so no 99493 line


# --- Break-even ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inputs",
    [
        worked_inputs(),
        worked_inputs(new_enrollments_per_month=40),  # enrollments off the steady state: break-even rescales them
        worked_inputs(episode_months=10),
        health_center(2025),
        health_center(2026),
        worked_inputs(care_manager_fte=2.5, expected_caseload=250, new_enrollments_per_month=50),
        FinancialInputs(),
    ],
    ids=["worked", "enrollments-off", "long-episodes", "health-center-2025", "health-center-2026",
         "bigger-team", "defaults"],
)
def test_net_is_zero_at_the_break_even_caseload_with_enrollments_grown_to_match(inputs):
    be = compute(inputs).break_even
    assert be.caseload is not None and be.caseload > 0

    def at(caseload):
        return compute(inputs.model_copy(update={"expected_caseload": caseload,
                                                 "new_enrollments_per_month": caseload / inputs.episode_months}))

    assert at(be.caseload).net.annual == pytest.approx(0, abs=1e-6)
    # one more patient turns a profit, one fewer a loss
    assert at(be.caseload + 1).net.annual > 0 > at(be.caseload - 1).net.annual


def test_break_even_does_not_hold_enrollments_fixed():
    # The scenario's own 40 new patients a month do not enter the break-even: at any caseload, new patients are
    # caseload / 5, so the break-even is the worked example's 94.8318.
    assert compute(worked_inputs(new_enrollments_per_month=40)).break_even.caseload == pytest.approx(94.8318, abs=1e-4)


def test_break_even_with_longer_episodes_by_hand():
    r = compute(worked_inputs(episode_months=10))
    # 1/10 of patient-months are first months. One patient a month at Medicare rates:
    #   0.8 x [0.9 x (0.1 x 145.24 + 0.9 x 133.59) + 5.434 + 25.182] = 0.8 x [0.9 x 134.755 + 30.616]
    #   = 0.8 x 151.8955 = 121.5164; x 0.95 = 115.44058. Break-even 11,023 / 115.44058 = 95.4864 patients
    assert r.break_even.caseload == pytest.approx(95.4864, abs=1e-4)


def test_no_break_even_when_no_month_is_billable():
    r = compute(worked_inputs(billable_share_pct=0))
    assert r.break_even.caseload is None
    assert "No patient-months reach the billing minimum of 16 minutes" in r.break_even.reason
    assert r.break_even.reason in r.break_even.explanation
    g = compute(health_center(2025, g0512_share_pct=0)).break_even
    assert g.caseload is None and "No patient-months reach 70 minutes in a first month or 60" in g.reason


def test_no_break_even_when_payers_pay_nothing():
    r = compute(worked_inputs(payer_mix=[{"name": "Grant", "share_pct": 100, "relative_rate_pct": 0}]))
    assert r.break_even.caseload is None
    assert "The payer mix pays nothing (0% of Medicare rates for every payer)" in r.break_even.reason
    # a payer that pays nothing for the codes billed (no G-codes, no CPT codes): said as such
    nothing = compute(worked_inputs(payer_mix=[{"name": "Grant", "share_pct": 100, "pays_cpt": False,
                                                "pays_g_codes": False}]))
    assert nothing.break_even.caseload is None and nothing.cocm_revenue.monthly == 0
    assert "billed to payers that do not pay it" in nothing.break_even.reason
    assert any("Grant pays none of the Collaborative Care codes" in w for w in nothing.warnings)


def test_no_break_even_when_all_rates_are_zero():
    rates = [rate.model_copy(update={"amount": 0}) for rate in DEFAULT_RATES]
    r = compute(worked_inputs(rates=rates))
    assert r.break_even.caseload is None
    assert r.break_even.reason


def test_break_even_is_zero_when_psychotherapy_alone_covers_costs():
    # 130 visits of 90834 x $100 = $13,000 a month, more than the $12,023 cost (and 130 x 45 = 5,850 minutes fit in
    # the 24 x 52 / 12 x 60 = 6,240 direct-contact minutes)
    inputs = worked_inputs(psychotherapy=therapy(130, 100))
    assert fm.cross_problems(inputs) == []
    r = compute(inputs)
    assert r.break_even.caseload == 0
    assert any("alone covers" in line for line in r.break_even.explanation)


def test_break_even_past_what_the_care_manager_can_carry_is_flagged():
    # Medicaid at 60% of Medicare rates, no psychotherapy: one patient brings 122.3552 x 0.6 = $73.41312 a month;
    # 12,023 / 73.41312 = 163.77 patients, more than the 6,240 / 53.33 = 117 patients one full-time care manager's
    # 24 direct-contact hours carry (no psychotherapy visits take any of them)
    r = compute(worked_inputs(psychotherapy=therapy(0, 0),
                              payer_mix=[{"name": "Medicaid", "share_pct": 100, "relative_rate_pct": 60}]))
    assert r.break_even.caseload == pytest.approx(163.77, abs=0.01)
    assert r.break_even.beyond_capacity and r.break_even.capacity == pytest.approx(117)
    assert any("more than the 117 patients 1.0 FTE of care manager time can carry" in line
               for line in r.break_even.explanation)


# --- Validation -----------------------------------------------------------------------------


def test_payer_mix_not_adding_to_100_is_rejected_with_the_total():
    with pytest.raises(ValidationError) as exc:
        worked_inputs(
            payer_mix=[
                {"name": "Medicare", "share_pct": 60, "relative_rate_pct": 100},
                {"name": "Medicaid", "share_pct": 30, "relative_rate_pct": 70},
            ]
        )
    assert "the shares add up to 90%; they must add up to 100%." in error_text(exc)
    with pytest.raises(ValidationError) as exc:
        worked_inputs(
            payer_mix=[
                {"name": "Medicare", "share_pct": 60.5, "relative_rate_pct": 100},
                {"name": "Medicaid", "share_pct": 50, "relative_rate_pct": 70},
            ]
        )
    assert "the shares add up to 110.5%; they must add up to 100%." in error_text(exc)


def test_payer_listed_twice_is_rejected():
    with pytest.raises(ValidationError) as exc:
        worked_inputs(
            payer_mix=[
                {"name": "Medicaid", "share_pct": 50},
                {"name": "medicaid ", "share_pct": 50},
            ]
        )
    assert "listed more than once" in error_text(exc)


@pytest.mark.parametrize(
    "field, value",
    [
        ("care_manager_fte", 7),
        ("care_manager_fte", 0),
        ("expected_caseload", -3),
        ("expected_caseload", 2001),
        ("care_manager_salary", -1),
        ("benefits_pct", 101),
        ("consultant_hours_per_week", 81),
        ("episode_months", 0.5),
        ("episode_months", 25),
        ("billable_share_pct", 120),
        ("g0512_share_pct", -5),
        ("billing_year", 2027),
        # the issue's bad inputs: a payment lag of 30 months, a collection rate of 140%, a ramp longer than the
        # 36-month horizon
        ("payment_lag_months", 30),
        ("collection_rate_pct", 140),
        ("ramp_months", 40),
        ("no_show_pct", 95),
        ("hours_direct", 81),
    ],
)
def test_out_of_range_inputs_are_rejected_and_named_in_words(field, value):
    with pytest.raises(ValidationError) as exc:
        worked_inputs(**{field: value})
    errors = exc.value.errors()
    assert [e["loc"] for e in errors] == [(field,)]
    title = FinancialInputs.model_fields[field].title
    assert title and "_" not in title  # the page shows this plain-words title with the error


@pytest.mark.parametrize(
    "field, value, message",
    [
        # the issue's bad inputs, as the form says them next to the box: a lag past a year, more than every claim
        # collected, a ramp longer than the 36-month budget
        ("payment_lag_months", 30, "Payment lag (months): must be 12 or less; you entered 30"),
        ("collection_rate_pct", 140, "Claims collected (%): must be 100% or less; you entered 140%"),
        ("ramp_months", 40, "Months until enrollment reaches full pace: must be 36 or less; you entered 40"),
    ],
)
def test_the_issues_bad_inputs_are_refused_in_plain_words(field, value, message):
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs({field: value})
    assert exc.value.by_field == {field: [message]}


def test_several_care_managers_are_allowed():
    assert worked_inputs(care_manager_fte=5).care_manager_fte == 5
    assert worked_inputs(care_manager_fte=2.5).care_manager_fte == 2.5


def test_a_half_filled_payer_row_is_refused_saying_what_is_missing():
    with pytest.raises(ValidationError) as exc:
        worked_inputs(payer_mix=[{"name": "Medicare", "share_pct": 60},
                                 {"name": None, "share_pct": 40, "relative_rate_pct": 100}])
    assert "enter the payer's name" in error_text(exc)
    assert "adds up to" not in error_text(exc)  # not the misleading total of the rows that were complete
    with pytest.raises(ValidationError) as exc:
        worked_inputs(payer_mix=[{"name": "Medicare", "share_pct": None, "relative_rate_pct": 100}])
    assert "enter its share of patients (%)" in error_text(exc)


def test_payer_rows_and_scenarios_carry_stable_ids():
    inputs = worked_inputs()
    ids = [p.id for p in inputs.payer_mix]
    assert len(set(ids)) == 3 and all(len(i) == 12 for i in ids)
    # an edited row keeps its id
    edited = [{**p.model_dump(), "share_pct": p.share_pct} for p in inputs.payer_mix]
    edited[0]["name"] = "Medicare (traditional)"
    assert [p.id for p in worked_inputs(payer_mix=edited).payer_mix] == ids
    with pytest.raises(ValidationError) as exc:
        worked_inputs(payer_mix=[{"id": "a1", "name": "A", "share_pct": 50}, {"id": "a1", "name": "B", "share_pct": 50}])
    assert "same row id" in error_text(exc)
    assert Scenario(name="A").id != Scenario(name="B").id
    with pytest.raises(ValidationError) as exc:
        _Holder(scenarios=[Scenario(id="x1", name="A"), Scenario(id="x1", name="B")])
    assert "same id" in error_text(exc)
    # the defaults are the same every time, so an untouched default compares equal
    assert FinancialInputs() == FinancialInputs() and default_scenario() == default_scenario()


def test_every_input_field_has_a_plain_words_title():
    for model in (FinancialInputs, RateDefault, PayerShare, Scenario):
        for name, field in model.model_fields.items():
            assert field.title, f"{model.__name__}.{name} has no title"
            assert "_" not in field.title


def test_every_number_says_why_it_matters_and_the_values_it_allows():
    for name, field in FinancialInputs.model_fields.items():
        if field.annotation is float:
            assert field.description, f"{name} has no help"
            assert fields.help_text(field).startswith(field.description)
            assert " Allowed: " in fields.help_text(field), name
    f = FinancialInputs.model_fields
    assert fields.allowed(f["care_manager_fte"]) == "Allowed: above 0, up to 5 FTE."
    assert fields.allowed(f["care_manager_salary"]) == "Allowed: $0 to $1,000,000."
    assert fields.allowed(f["benefits_pct"]) == "Allowed: 0% to 100%."
    assert fields.allowed(f["episode_months"]) == "Allowed: 1 to 24."
    assert fields.allowed(RateDefault.model_fields["year"]) == "Allowed: 2000 to 2100."
    # what the sentence says is what the model enforces
    FinancialInputs(care_manager_fte=5, benefits_pct=100, episode_months=1, expected_caseload=100,
                    new_enrollments_per_month=100)
    for bad in ({"care_manager_fte": 0}, {"care_manager_fte": 5.01}, {"benefits_pct": 100.1}, {"episode_months": 0.9}):
        with pytest.raises(ValidationError):
            FinancialInputs(**bad)


def test_unknown_fields_are_rejected():
    with pytest.raises(ValidationError):
        FinancialInputs(care_manager_ftes=1)


def test_rate_table_must_list_each_code_once():
    rates = [r for r in DEFAULT_RATES if r.code != "G2214"]
    with pytest.raises(ValidationError) as exc:
        worked_inputs(rates=rates)
    assert "missing: G2214" in error_text(exc)
    with pytest.raises(ValidationError) as exc:
        worked_inputs(rates=[*DEFAULT_RATES, DEFAULT_RATES[1]])
    assert "listed more than once: 99493" in error_text(exc)


# --- Defaults -------------------------------------------------------------------------------


def test_default_rates_are_the_confirmed_cy2025_amounts_with_year_and_source():
    rates = {r.code: r for r in DEFAULT_RATES}
    # CMS PPRRVU2025 non-facility total RVUs x the CY2025 conversion factor $32.3465:
    #   99492 4.49 -> $145.24; 99493 4.13 -> $133.59; 99494 1.73 -> $55.96; G2214 1.68 -> $54.34; G0512 4.31 -> $139.41
    expected = {"99492": (145.24, "4.49"), "99493": (133.59, "4.13"), "99494": (55.96, "1.73"),
                "G2214": (54.34, "1.68"), "G0512": (139.41, "4.31")}
    assert set(rates) == set(expected) | {"G0568", "G0569"}
    for code, (amount, rvus) in expected.items():
        rate = rates[code]
        assert (rate.amount, rate.year, rate.verified) == (amount, 2025, True)
        assert f"{rvus} RVUs x $32.3465" in rate.source and "CY2025" in rate.source
        assert "estimate" not in rate.source.lower()
    # the APCM add-ons did not exist in 2025: no amount, and the source says so
    for code in ("G0568", "G0569"):
        assert (rates[code].amount, rates[code].verified) == (0, False)
        assert "Not a 2025 code" in rates[code].source
    # a new scenario starts on the 2026 table, where Medicare no longer pays G0512
    new = {r.code: r for r in FinancialInputs().rates}
    assert {r.year for r in new.values()} == {2026}
    assert "stopped paying G0512 on 1 January 2026" in new["G0512"].source


def test_an_unconfirmed_rate_is_flagged_with_the_confirmed_amount():
    rates = [r.model_copy(update={"amount": 130.0, "verified": False}) if r.code == "99493" else r
             for r in DEFAULT_RATES]
    r = compute(worked_inputs(rates=rates))
    assert "$130.00 (2025 rate, not confirmed)" in r.code("99493").explanation[0]
    assert any("99493 $130.00 (2025; confirmed CY2025 Medicare amount $133.59)" in n for n in r.notes)


def test_rates_are_editable():
    rates = [r.model_copy(update={"amount": 160.32, "year": 2026, "source": "Our contract"}) if r.code == "99492" else r for r in DEFAULT_RATES]
    inputs = worked_inputs(rates=rates)
    assert inputs.rate("99492").amount == 160.32
    r = compute(inputs)
    # 14.4 months of 99492 x $160.32 = $2,308.608
    assert r.code("99492").monthly == pytest.approx(2_308.608)
    assert "$160.32 (2026 rate, confirmed)" in r.code("99492").explanation[0]


@pytest.mark.parametrize(
    "population, low, high, midpoint",
    [
        ("behavioral_adequate", 90, 120, 105),
        ("multi_adequate", 80, 100, 90),
        ("behavioral_low", 60, 80, 70),
        ("multi_low", 50, 75, 62.5),
    ],
)
def test_aims_caseload_ranges_and_default_caseload(population, low, high, midpoint):
    cell = POPULATIONS[population]
    assert (cell.low, cell.high) == (low, high)
    assert default_caseload(population, 1.0) == midpoint
    assert default_caseload(population, 2.0) == midpoint * 2
    inputs = FinancialInputs(population=population, care_manager_fte=1.5, episode_months=6)
    assert inputs.expected_caseload == midpoint * 1.5
    assert inputs.new_enrollments_per_month == pytest.approx(midpoint * 1.5 / 6)


def test_explicit_caseload_is_kept():
    inputs = FinancialInputs(population="multi_low", care_manager_fte=2, expected_caseload=40)
    assert inputs.expected_caseload == 40
    assert default_new_enrollments(40, 5) == 8


def test_default_scenario_is_valid_and_round_trips():
    scenario = default_scenario()
    assert scenario.name == "Base case"
    inputs = scenario.inputs
    assert inputs.care_manager_fte == 1.0
    assert inputs.consultant_hours_per_week == 3.0
    assert inputs.expected_caseload == 105
    assert sum(p.share_pct for p in inputs.payer_mix) == 100
    assert Scenario.model_validate(scenario.model_dump(mode="json")) == scenario
    compute(inputs)  # does not raise


# --- Checks against guidance ----------------------------------------------------------------


def test_caseload_above_aims_range_warns():
    r = compute(worked_inputs(expected_caseload=150, new_enrollments_per_month=30))
    check = r.caseload_check
    assert check.status == "above"
    assert (check.low, check.high) == (90, 120)
    assert "above the AIMS range of 90-120" in check.warning
    assert check.warning in r.warnings


@pytest.mark.parametrize(
    "population, fte, caseload, status",
    [
        ("behavioral_adequate", 1.0, 90, "within"),
        ("behavioral_adequate", 1.0, 120, "within"),
        ("behavioral_adequate", 1.0, 89, "below"),
        ("behavioral_adequate", 2.0, 250, "above"),
        ("multi_low", 1.0, 76, "above"),
        ("multi_low", 2.0, 150, "within"),
        ("behavioral_low", 0.5, 45, "above"),
    ],
)
def test_caseload_status_per_full_time_care_manager(population, fte, caseload, status):
    inputs = FinancialInputs(
        population=population, care_manager_fte=fte, expected_caseload=caseload,
        consultant_hours_per_week=3 * fte,
    )
    check = compute(inputs).caseload_check
    assert check.per_fte == pytest.approx(caseload / fte)
    assert check.status == status
    assert bool(check.warning) == (status == "above")


@pytest.mark.parametrize(
    "fte, hours, status",
    [
        (1.0, 3, "ok"),
        (1.0, 2, "ok"),
        (1.0, 4.5, "ok"),
        (1.0, 1, "low"),
        (1.0, 0, "low"),
        (1.0, 6, "high"),
        (2.0, 3.5, "low"),
        (2.0, 4, "ok"),  # two thirds of 6 hours: still counted as in line
        (2.0, 6, "ok"),
        (2.0, 10, "high"),
    ],
)
def test_consultant_hours_against_guidance(fte, hours, status):
    inputs = worked_inputs(care_manager_fte=fte, consultant_hours_per_week=hours)
    check = compute(inputs).consultant_check
    assert check.guidance_hours == pytest.approx(3 * fte)
    assert check.status == status
    assert (check.message in compute(inputs).warnings) == (status != "ok")


def test_low_consultant_time_mentions_weekly_review():
    check = compute(worked_inputs(consultant_hours_per_week=1)).consultant_check
    assert "weekly caseload review" in check.message


def test_enrollments_that_do_not_fit_the_caseload_warn():
    # 40 new patients a month x 5 months would settle at 200, not 100
    r = compute(worked_inputs(new_enrollments_per_month=40))
    assert any("settle near 200" in w for w in r.warnings)
    assert not any("settle near" in w for w in compute(worked_inputs()).warnings)


# --- Scenarios ------------------------------------------------------------------------------


class _Holder(BaseModel):
    scenarios: ScenarioList = Field(default_factory=lambda: [default_scenario()])


def test_scenario_names_must_be_unique():
    with pytest.raises(ValidationError) as exc:
        _Holder(scenarios=[Scenario(name="Base case"), Scenario(name=" base CASE ")])
    assert "give each scenario its own name" in error_text(exc)


def test_at_most_three_scenarios():
    three = [Scenario(name=n) for n in ("A", "B", "C")]
    assert len(_Holder(scenarios=three).scenarios) == 3
    with pytest.raises(ValidationError) as exc:
        _Holder(scenarios=[*three, Scenario(name="D")])
    assert "up to 3 scenarios" in error_text(exc)
    with pytest.raises(ValueError):
        compare([*three, Scenario(name="D")])
    assert TypeAdapter(ScenarioList).validate_python([]) == []


def test_scenario_name_is_required():
    with pytest.raises(ValidationError):
        Scenario(name="   ")


def test_compare_puts_scenarios_side_by_side():
    scenarios = [
        Scenario(name="Base case", inputs=worked_inputs()),
        Scenario(name="Two care managers", inputs=worked_inputs(care_manager_fte=2, expected_caseload=200,
                                                                new_enrollments_per_month=40,
                                                                consultant_hours_per_week=6)),
        Scenario(name="Health center 2025", inputs=health_center(2025)),
    ]
    table = compare(scenarios)
    assert table.columns == ("", "Base case", "Two care managers", "Health center 2025")
    rows = {row[0]: row[1:] for row in table.rows}
    assert all(len(row) == 4 for row in table.rows)
    # figures of worked examples 1 and 2, rounded as shown
    assert rows["Cost per month"][0] == "$12,023"
    assert rows["Net per year"] == ("$7,209", rows["Net per year"][1], "-$68,705")
    # year 1 comes from the 36-month budget now (ramp-up, lag, start-up), not 12 steady months less start-up; the
    # health center loses $68,705 a year even when full, so its cumulative net never comes back to 0
    assert "Year 1 net of the 36-month budget (ramp-up, payment lag, start-up)" in rows
    assert rows["Payback month (36-month budget)"][2] == "Not within 36 months"
    assert not any(label.startswith("First-year net") for label in rows)
    assert rows["Break-even caseload"][0] == "94.8 patients"
    assert rows["Break-even caseload"][2] == "208.1 patients"
    assert rows["Patients served per year"][0] == "340"
    assert rows["Care manager FTE"] == ("1.0", "2.0", "1.0")
    assert rows["Billing method and year"] == ("Standard, 2025", "Standard, 2025", "Health center, 2025")
    assert rows["Codes used"] == ("99492, 99493, 99494, G2214", "99492, 99493, 99494, G2214", "G0512")
    # one patient a month after the payer mix, all collected: 122.3552 x 0.95 = $116.24; G0512: 55.764 x 0.95 = $52.98
    assert rows["Revenue per patient a month, collected"] == ("$116.24", "$116.24", "$52.98")
    # what the hours carry: (FTE x 6,240 direct minutes - 450 minutes of psychotherapy) / 53.33 minutes a patient-month
    #   1.0 FTE: 5,790 / 53.33 = 108.6; 2.0 FTE: (12,480 - 450) / 53.33 = 12,030 / 53.33 = 225.6
    assert rows["Caseload the care manager's hours carry"] == ("108.6", "225.6", "108.6")


# --- Explanations ---------------------------------------------------------------------------


def test_explanations_show_the_numbers_used():
    r = compute(worked_inputs())
    assert r.cost("care_manager").explanation[0].startswith(
        "Care manager cost: 1.0 FTE x $72,000 salary x 1.28 (28% benefits) / 12 = $7,680 per month"
    )
    assert "3 hours a week x $200.00 an hour x 52 weeks / 12 = $2,600" in r.cost("consultant").explanation[0]
    assert "x 10% = $1,093 per month" in r.cost("overhead").explanation[0]
    assert "100 x 80% = 80 billable months a month" in r.volume.explanation[1]
    # 99492: 20 first months x 80% x (1 - 10% G2214) = 20 x 72% = 14.4 a month x $145.24 = $2,091.456
    assert "first month 20 x 72% reach 36 minutes = 14.4 a month" in r.code("99492").explanation[0]
    assert "$145.24 (2025 rate, confirmed) = $2,091 a month" in r.code("99492").explanation[0]
    assert "$133.59 (2025 rate, confirmed)" in r.code("99493").explanation[0]
    # 99494: every month 72% full code x 0.5 add-ons = 0.36 a patient-month; 20 + 80 months x 0.36 = 36 units
    assert "first month 20 x 0.36 add-on units each" in r.code("99494").explanation[0]
    assert "= 36 a month" in r.code("99494").explanation[0]
    # each payer's share at Medicare rates, then its relative rate: Commercial 12,235.52 x 20% = 2,447.104 x 120%
    #   = 2,936.5248; collected in full (no patient share, 100% of claims collected)
    commercial = next(p for p in r.payers if p.name == "Commercial")
    assert ("Commercial: its 20% of patients bill $2,447 a month at Medicare rates x 120% of Medicare rates = "
            "$2,937 allowed.") in commercial.explanation
    assert "$6,118 + $2,569 + $2,937 = $11,624 a month" in r.cocm_revenue.explanation[0]
    # psychotherapy: 10 x $100 (90834) = $1,000, taking 10 x 45 = 450 care manager minutes
    assert "10 x $100.00 (90834) = $1,000 a month" in r.ffs_revenue.explanation[0]
    assert "450 minutes of care manager time" in r.ffs_revenue.explanation[0]
    assert "$12,624 revenue - $12,023 cost = $600.74 a month, $7,209 a year" in r.net.explanation[0]
    assert "$10,000 start-up costs = -$2,791" in r.year_one_net.explanation[0]
    assert any("94.8 patients" in line for line in r.break_even.explanation)
    assert "100 on the caseload when the year starts + 20 new patients a month x 12 = 340" in r.per_patient.explanation[0]
    # every figure has at least one line of explanation
    for label, lines in r.explanations:
        assert lines, label
        assert all(isinstance(line, str) and line for line in lines)


def test_explanations_say_which_minutes_each_code_counts():
    standard = compute(worked_inputs())
    assert "(36 minutes or more)" in standard.code("99492").explanation[0]
    assert "(31 minutes or more)" in standard.code("99493").explanation[0]
    assert "16 minutes but under 36 (first) or 31 (later)" in standard.code("G2214").explanation[0]
    assert "from 86 minutes in a first month, 76 later" in standard.code("99494").explanation[0]
    # each code line also carries the code's full time rule, shown beside its rate
    assert standard.code("99492").minutes.startswith("36 to 85 minutes in the first month")
    assert standard.code("99493").minutes.startswith("31 to 75 minutes in a later month")
    assert any("16 minutes, the billing minimum" in line for line in standard.volume.explanation)
    g0512 = compute(health_center(2025))
    assert "months reaching 70 minutes (first) or 60 (later), paid once a month" in \
        g0512.code("G0512").explanation[0]
    assert any("70 minutes in the first month or 60 in a later month (G0512)" in line
               for line in g0512.volume.explanation)
    assert any("no rounding up" in note for note in g0512.notes)


@pytest.mark.parametrize(
    "amount, text",
    [
        (7_680, "$7,680"),
        (1_234.56, "$1,235"),
        (145.24, "$145.24"),
        (0, "$0.00"),
        (-4_234.768, "-$4,235"),
        (-0.001, "$0.00"),
        (999.996, "$1,000"),
        (1_250_000, "$1,250,000"),
    ],
)
def test_money_format(amount, text):
    assert money(amount) == text


# --- Sensitivity ----------------------------------------------------------------------------


def test_caseload_sensitivity_stops_at_what_one_care_manager_can_carry():
    inputs = worked_inputs()
    series = sensitivity(inputs, "caseload")
    # what the care manager's hours carry: (6,240 direct minutes - 450 of psychotherapy) / 53.33 minutes a
    # patient-month = 108.5625 patients (worked out in test_health_center_2025_break_even); the line runs 0 to that
    assert len(series.x_values) == len(series.net_values) == 11
    assert series.x_values[0] == 0 and series.x_values[-1] == pytest.approx(108.5625)
    assert series.x_values[5] == pytest.approx(54.28125)
    # with no patients, only costs and psychotherapy income remain: (1,000 - 12,023) x 12 = -132,276
    assert series.net_values[0] == pytest.approx(-132_276)
    # at 108.5625 patients: 108.5625 x 116.23744 = 12,619.02708 + 1,000 - 12,023 = 1,596.02708 a month,
    # 19,152.32496 a year
    assert series.net_values[-1] == pytest.approx(19_152.32496)
    # the scenario is steady (100 / 5 = 20 new a month), so its point lies on the line
    assert series.current_x == 100 and series.current_net == pytest.approx(7_208.928)
    assert any("stops at 108.6 patients" in note for note in series.notes)
    assert all(b > a for a, b in zip(series.net_values, series.net_values[1:]))


def test_caseload_sensitivity_scales_with_fte_and_the_contact_plan():
    # 1.5 FTE: 1.5 x 6,240 = 9,360 direct minutes - 450 of psychotherapy = 8,910 / 53.33 = 167.0625 patients
    inputs = worked_inputs(population="multi_low", care_manager_fte=1.5, expected_caseload=90,
                           new_enrollments_per_month=18, consultant_hours_per_week=4.5)
    assert sensitivity(inputs, "caseload").x_values[-1] == pytest.approx(167.0625)
    # 30-minute follow-ups: first (60 + 2 x 30) / 0.9 = 133.33, active 60 / 0.9 = 66.67, monitoring 16.67;
    #   (133.33 + 2 x 66.67 + 2 x 16.67) / 5 = 300 / 5 = 60 minutes; 8,910 / 60 = 148.5 patients
    longer = inputs.model_copy(update={"minutes_followup": 30})
    assert sensitivity(longer, "caseload").x_values[-1] == pytest.approx(148.5)


def test_caseload_sensitivity_says_when_the_scenario_is_off_the_line():
    series = sensitivity(worked_inputs(new_enrollments_per_month=30), "caseload")
    assert any("enrolls 30 new patients a month, not 20" in note for note in series.notes)
    past = sensitivity(worked_inputs(expected_caseload=150, new_enrollments_per_month=30), "caseload")
    assert past.x_values[-1] == pytest.approx(108.5625)
    assert any("past what the care manager time can carry" in note for note in past.notes)


def test_sensitivity_to_billable_share():
    inputs = worked_inputs()
    series = sensitivity(inputs, "billable_share")
    assert series.x_values == pytest.approx(tuple(range(0, 101, 10)))
    assert series.x_label == "Patient-months reaching 16 minutes (%)"
    assert series.net_values[8] == pytest.approx(7_208.928)  # 80%: the worked example
    assert all(b > a for a, b in zip(series.net_values, series.net_values[1:]))
    assert series.net_values[0] == pytest.approx(-132_276)


def test_sensitivity_for_g0512_varies_the_60_70_minute_share():
    series = sensitivity(health_center(2025), "billable_share")
    assert series.x_label == "Patient-months reaching 60 or 70 minutes (%)"
    assert series.current_x == 40
    # 40%: worked example 2, -$68,705.04 a year
    assert series.net_values[4] == pytest.approx(-68_705.04)


def test_sensitivity_crosses_zero_at_break_even():
    inputs = worked_inputs()
    be = compute(inputs).break_even.caseload
    series = sensitivity(inputs, "caseload")
    for x, net in zip(series.x_values, series.net_values):
        assert (net > 0) == (x > be)


def test_the_break_even_caseload_line_is_drawn_only_where_the_line_reaches_it():
    inputs = worked_inputs(care_manager_salary=150_000)  # break-even needs more patients than 1.0 FTE carries
    be = compute(inputs).break_even
    assert be.beyond_capacity
    chart = sensitivity_chart(sensitivity(inputs, "caseload"), be.caseload)
    assert chart.ref_lines == (RefLine("y", 0, "Break-even (net 0)"),)


def test_sensitivity_rejects_unknown_axis():
    with pytest.raises(ValueError):
        sensitivity(worked_inputs(), "salary")  # type: ignore[arg-type]


# --- Report ---------------------------------------------------------------------------------


def test_report_blocks_for_the_pdf():
    scenarios = [
        Scenario(name="Base case", inputs=worked_inputs()),
        Scenario(name="Health center 2025", inputs=health_center(2025)),
        Scenario(name="Health center 2026", inputs=health_center(2026, rates=list(DEFAULT_RATES))),
    ]
    blocks = report_blocks(scenarios)
    allowed = (Heading, Para, Bullets, KeyValues, Table, BarChart, Chart)
    assert all(isinstance(b, allowed) for b in blocks)
    charts = [b for b in blocks if isinstance(b, Chart)]
    assert len(charts) == 6  # caseload and billable share, per scenario
    assert charts[0].title == "Base case: net result per year as the caseload changes"
    assert (charts[0].mark.x, charts[0].mark.label) == (100, "This scenario: 100")
    # the caseload line runs from 0 patients (-$132,276) to 108.5625, what one care manager's hours carry
    # ($19,152.32, worked out in test_caseload_sensitivity_stops_at_what_one_care_manager_can_carry)
    [line] = charts[0].series
    assert line.x[-1] == pytest.approx(108.5625)
    assert line.y[0] == pytest.approx(-132_276) and line.y[-1] == pytest.approx(19_152.32496)
    # break-even: the line at net 0, and on the caseload chart the break-even caseload (94.8 patients)
    be = compute(worked_inputs()).break_even.caseload
    assert charts[0].ref_lines == (RefLine("y", 0, "Break-even (net 0)"),
                                   RefLine("x", be, f"Break-even: {be:.1f} patients"))
    assert charts[1].ref_lines == (RefLine("y", 0, "Break-even (net 0)"),)  # billable share: no caseload line
    assert (charts[1].x_format, charts[1].y_format, charts[1].mark.label) == ("percent", "money", "This scenario: 80%")
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert headings[0] == "Financial model"
    assert "Scenarios side by side" in headings
    assert {"Scenario: Base case", "Scenario: Health center 2025", "Scenario: Health center 2026"} <= set(headings)
    paras = [b.text for b in blocks if isinstance(b, Para)]
    # the billing year and the codes used, for each scenario
    assert "Billing: Standard codes (99492, 99493, 99494, G2214). Billing year 2025; codes used: 99492, 99493, " \
           "99494, G2214." in paras
    assert any(p.startswith("Billing: Health center") and "Billing year 2025; codes used: G0512." in p for p in paras)
    assert any(p.startswith("Billing: Health center") and "Billing year 2026; codes used: 99492, 99493, 99494, "
               "G2214." in p for p in paras)
    tables = [b for b in blocks if isinstance(b, Table)]
    rate_tables = [t for t in tables if "Payment" in t.columns and "Source" in t.columns]
    assert len(rate_tables) == 3
    assert rate_tables[0].columns[1] == "Care manager time needed in the month"
    standard = {row[0]: row for row in rate_tables[0].rows}
    assert set(standard) == {"99492", "99493", "99494", "G2214"}  # standard billing shows the codes it uses
    assert standard["99492"][2:4] == ("$145.24", "2025")
    assert "36 to 85 minutes in the first month on its own; 99494 from 86" in standard["99492"][1]
    assert "31 to 75 minutes" in standard["99493"][1] and "16 to 35 minutes" in standard["G2214"][1]
    assert "4.49 RVUs x $32.3465" in standard["99492"][4]
    g0512 = rate_tables[1].rows
    assert [row[0] for row in g0512] == ["G0512"]
    assert "70 minutes or more in the first month, 60 in a later month" in g0512[0][1]
    assert g0512[0][2:4] == ("$139.41", "2025")
    hc_2026 = {row[0]: row for row in rate_tables[2].rows}
    assert set(hc_2026) == {"99492", "99493", "99494", "G2214"}
    assert hc_2026["99493"][2:4] == ("$133.59", "2025 (used for 2026)")
    outputs = [t for t in tables if t.columns == ("Item", "Per month", "Per year")]
    assert len(outputs) == 3
    assert ("Total ongoing cost", "$12,023", "$144,276") in outputs[0].rows
    assert ("G0512 (40 a month at $139.41)", "$5,576", "$66,917") in outputs[1].rows
    sens = [t for t in tables if "Net result per year (before start-up costs)" in t.columns]
    assert len(sens) == 6 and all(len(t.rows) == 11 for t in sens)
    bullets = [line for b in blocks if isinstance(b, Bullets) for line in b.items]
    assert any("$7,680 per month" in line for line in bullets)
    notes = " ".join(paras)
    assert "Medicare stopped paying G0512 on 1 January 2026" in notes and "coinsurance" in notes
    assert "stops at 108.6 patients" in notes
    # the capacity from hours, beside the planned caseload and the AIMS range
    kv = {k: v for b in blocks if isinstance(b, KeyValues) for k, v in b.rows}
    assert kv["Caseload the care manager's hours carry"] == "108.6 patients (108.6 per full-time care manager)"


def test_report_for_one_scenario_has_no_comparison_and_shows_warnings():
    blocks = report_blocks([Scenario(name="Stretched", inputs=worked_inputs(expected_caseload=150, new_enrollments_per_month=30))])
    assert "Scenarios side by side" not in [b.text for b in blocks if isinstance(b, Heading)]
    warnings = [b.text for b in blocks if isinstance(b, Para) and b.style == "warning"]
    assert any("above the AIMS range" in w for w in warnings)


def test_report_with_no_scenarios():
    blocks = report_blocks([])
    assert isinstance(blocks[0], Heading)
    assert any(isinstance(b, Para) and "No scenarios" in b.text for b in blocks)


def test_every_starting_figure_says_where_it_comes_from():
    from worksheets.financial_model import DEFAULT_SOURCES, FinancialInputs, default_sources_table
    fields = {f for f, _, _ in DEFAULT_SOURCES}
    numeric = {name for name, f in FinancialInputs.model_fields.items() if f.annotation in (float, int)}
    # every number a clinic starts from has a year and a source
    assert numeric - fields == set()
    table = default_sources_table()
    by_input = {row[0]: row for row in table.rows}
    assert by_input["Care manager salary per full-time year ($)"][1] == "$72,000"
    assert "Placeholder" in by_input["Care manager salary per full-time year ($)"][3]
    assert "AIMS" in by_input["Expected active caseload (patients)"][3]
    # a new scenario starts on the 2026 table: 4.49 RVUs x $33.4009 = $149.97, a placeholder, not a CMS figure
    assert by_input["Payment rate 99492"][1:3] == ("$149.97", "2026")
    assert "not a CMS figure" in by_input["Payment rate 99492"][3]
    assert by_input["Psychotherapy 90834: payment per visit"][1] == "$100.00"
    assert "not a published figure" in by_input["Psychotherapy 90834: payment per visit"][3]
    assert "our assumption" in by_input["Direct contact with patients (hours a week)"][3].lower()
    assert any(isinstance(b, type(table)) and b.caption == "Where the starting figures come from"
               for b in report_blocks([Scenario(name="A", inputs=FinancialInputs())]))


# --- Minute bands: the share of patient-months in each band of care manager minutes ---------------------


def bands_inputs(**changes) -> FinancialInputs:
    """Worked example 4: 100 patients, 20 new a month, 5 months in care with 2 active months after the first, so
    20 first, 20 x 2 = 40 active and 100 - 20 - 40 = 40 monitoring patient-months; minutes in bands, one payer at
    Medicare rates, all collected, 2025 rates, no psychotherapy:
        band                   first  active  monitoring
        0  under 16              0      0        50
        1  16-35 / 16-30         0     20        50
        2  36-69 / 31-59        50     60         0
        4  86-115 / 76-105      50      0         0      (one 99494)
        5  116-145 / 106-135     0     20         0      (two 99494)
    """
    shares = {0: (0, 0, 50), 1: (0, 20, 50), 2: (50, 60, 0), 4: (50, 0, 0), 5: (0, 20, 0)}
    bands = [{"band": i, "first_pct": shares.get(i, (0, 0, 0))[0], "active_pct": shares.get(i, (0, 0, 0))[1],
              "monitoring_pct": shares.get(i, (0, 0, 0))[2]} for i in range(7)]
    data = dict(volume_method="bands", minute_bands=bands, payer_mix=[{"name": "Medicare", "share_pct": 100}],
                psychotherapy=therapy())
    data.update(changes)
    return worked_inputs(**data)


def test_average_minutes_spread_over_the_bands():
    # An average of 40 minutes in a later month spreads evenly over 20-60 minutes (40 wide): band 16-30 holds
    # 20-31, 11 minutes = 11 / 40 = 27.5%; band 31-59 holds 31-60, 29 minutes = 72.5%; nothing else
    assert fm.spread_shares(40, "active") == pytest.approx((0, 27.5, 72.5, 0, 0, 0, 0))
    # 100 minutes in a first month spread over 50-150 (100 wide): 36-69 holds 50-70 = 20%, 70-85 holds 70-86 = 16%,
    # 86-115 holds 86-116 = 30%, 116-145 holds 116-146 = 30%, 146+ holds 146-150 = 4%
    assert fm.spread_shares(100, "first") == pytest.approx((0, 0, 20, 16, 30, 30, 4))
    # no minutes at all: every patient-month under 16 minutes
    assert fm.spread_shares(0, "monitoring") == (100, 0, 0, 0, 0, 0, 0)


def test_default_bands_add_up_to_100_in_each_phase():
    bands = FinancialInputs().minute_bands
    assert [b.band for b in bands] == list(range(7))
    for phase in ("first", "active", "monitoring"):
        assert sum(b.share(phase) for b in bands) == pytest.approx(100, abs=0.05)


def test_a_band_table_not_adding_up_is_refused_in_words():
    bad = [b.model_dump() for b in bands_inputs().minute_bands]
    bad[0]["first_pct"] = 10  # first month: 10 + 50 + 50 = 110%
    bad[1]["monitoring_pct"] = 40  # monitoring: 50 + 40 = 90%
    with pytest.raises(ValidationError) as exc:
        bands_inputs(minute_bands=bad)
    assert "each column must add up to 100%: first month add up to 110%; monitoring months add up to 90%." in \
        error_text(exc)
    with pytest.raises(ValidationError) as exc:
        bands_inputs(minute_bands=bad[:6])
    assert "the minutes table needs its 7 bands, each once." in error_text(exc)
    # from the form, the problem is said next to the minutes table
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs({"minute_bands": bad})
    assert list(exc.value.by_field) == ["minute_bands"]


def test_bands_give_the_billable_months_by_code():
    r = compute(bands_inputs())
    # 99492: first months in bands 2+ = 20 x (50% + 50%) = 20
    # 99493: later months in bands 2+ = 40 active x (60% + 20%) = 32 (no monitoring month reaches 31 minutes)
    # G2214: band 1 = 40 active x 20% + 40 monitoring x 50% = 8 + 20 = 28
    # 99494: 20 first x 50% x 1 + 40 active x 20% x 2 = 10 + 16 = 26 units
    units = {line.code: line.units for line in r.codes}
    assert units == pytest.approx({"99492": 20, "99493": 32, "99494": 26, "G2214": 28})
    # 20 x 145.24 = 2,904.80; 32 x 133.59 = 4,274.88; 26 x 55.96 = 1,454.96; 28 x 54.34 = 1,521.52
    # = $10,156.16 a month, all collected (one payer at 100%, no patient share, 100% of claims)
    assert r.medicare_revenue.monthly == pytest.approx(10_156.16)
    assert r.cocm_revenue.monthly == pytest.approx(10_156.16)
    # billable months: 20 + 32 + 28 = 80 of 100 patient-months
    assert r.volume.billable_months == pytest.approx(80)


def test_bands_plan_minutes_counted_at_the_middle_of_each_band():
    cap = compute(bands_inputs()).capacity
    # a band counts at its middle: first month 50% x (36 + 69) / 2 + 50% x (86 + 115) / 2 = 26.25 + 50.25 = 76.5;
    # active 20% x 23 + 60% x 45 + 20% x 120.5 = 4.6 + 27 + 24.1 = 55.7; monitoring 50% x 7.5 + 50% x 23 = 15.25
    # a month: 20 x 76.5 + 40 x 55.7 + 40 x 15.25 = 1,530 + 2,228 + 610 = 4,368 minutes
    assert cap.planned_minutes == pytest.approx(4_368)
    # counted toward CoCM: (24 + 6 + 4 + 3) hours x 52 / 12 x 60 = 37 x 260 = 9,620 minutes a month
    assert cap.countable_minutes == pytest.approx(9_620)


def test_g0512_from_bands_counts_the_months_reaching_its_full_time():
    # health center, 2025: band 3 and up. first 50% (band 4), active 20% (band 5), monitoring 0%:
    # 20 x 50% + 40 x 20% = 10 + 8 = 18 G0512 a month x $139.41 = $2,509.38
    r = compute(bands_inputs(billing_mode="fqhc_rhc", billing_year=2025))
    assert [line.code for line in r.codes] == ["G0512"]
    assert r.code("G0512").units == pytest.approx(18)
    assert r.medicare_revenue.monthly == pytest.approx(2_509.38)


def test_billable_share_and_its_scale_from_the_bands():
    inputs = bands_inputs()
    # 80 of 100 patient-months reach 16 minutes (above)
    assert fm.billable_share(inputs) == pytest.approx(0.8)
    # each phase grows until it is fully billable; first and active months already are, the monitoring months are
    # 50% billable, so past x 2 nothing changes
    assert fm.max_billable_scale(inputs) == pytest.approx(2)
    # x 1.5: monitoring band 1 grows 50% -> 75%, the under-16 band takes the rest, 25%; the first and active
    # months stay as they were (already 100% billable)
    scaled = fm.with_billable_scale(inputs, 1.5)
    assert [b.monitoring_pct for b in scaled.minute_bands][:2] == pytest.approx([25, 75])
    assert [b.active_pct for b in scaled.minute_bands] == pytest.approx([0, 20, 60, 0, 0, 20, 0])
    assert [b.first_pct for b in scaled.minute_bands] == pytest.approx([0, 0, 50, 0, 50, 0, 0])
    # x 0.5 halves every billable band: monitoring 75 / 25 / 0..., active band 0 = 100 - (10 + 30 + 10) = 50
    half = fm.with_billable_scale(inputs, 0.5)
    assert [b.active_pct for b in half.minute_bands] == pytest.approx([50, 10, 30, 0, 0, 10, 0])
    # a factor past the top stops at 100% billable
    assert [b.monitoring_pct for b in fm.with_billable_scale(inputs, 5).minute_bands][:2] == pytest.approx([0, 100])


# --- Capacity from hours ---------------------------------------------------------------------------------


def test_capacity_from_hours_the_docstring_example():
    cap = fm.capacity(FinancialInputs())
    # contacts booked with 10% missed: first month (60 + 2 x 25) / 0.9 = 122.2 minutes, active 2 x 25 / 0.9 = 55.6,
    # monitoring 1 x 15 / 0.9 = 16.7; a 5-month episode (1 first, 2 active, 2 monitoring) averages
    # (122.2 + 2 x 55.6 + 2 x 16.7) / 5 = (110 + 100 + 30) / 0.9 / 5 = 53.3 minutes a patient-month;
    # 24 direct hours a week x 52 / 12 x 60 = 6,240 minutes a month / 53.3 = 117 patients
    assert cap.contact_minutes == pytest.approx({"first": 122.2222, "active": 55.5556, "monitoring": 16.6667},
                                                abs=1e-4)
    assert cap.average_minutes == pytest.approx(53.3333, abs=1e-4)
    assert cap.direct_minutes == pytest.approx(6_240)
    assert cap.caseload == pytest.approx(117)
    # the planned 105 (the middle of the AIMS range) fits; the AIMS range is said beside it
    assert (cap.planned, cap.status, cap.aims_low, cap.aims_high) == (105, "fits", 90, 120)
    assert any("6,240 / 53.3 = 117 patients" in line for line in cap.explanation)


def test_longer_follow_ups_lower_capacity():
    # 30-minute follow-ups: first (60 + 2 x 30) / 0.9 = 133.3, active 2 x 30 / 0.9 = 66.7, monitoring 16.7;
    # (120 + 120 + 30) / 0.9 / 5 = 300 / 5 = 60 minutes a patient-month; 6,240 / 60 = 104 patients
    cap = fm.capacity(FinancialInputs(minutes_followup=30))
    assert cap.average_minutes == pytest.approx(60)
    assert cap.caseload == pytest.approx(104)
    # 104 is below the planned 105: over, and said among the warnings
    assert cap.status == "over"
    assert any("more than the 104 patients" in w for w in compute(FinancialInputs(minutes_followup=30)).warnings)


def test_no_missed_contacts_and_more_staff_raise_capacity():
    # nothing missed: (110 + 100 + 30) / 5 = 48 minutes; 6,240 / 48 = 130 patients
    assert fm.capacity(FinancialInputs(no_show_pct=0)).caseload == pytest.approx(130)
    # 1.5 FTE: 1.5 x 6,240 = 9,360 minutes / 53.3 = 175.5 patients (117 per full-time care manager)
    cap = fm.capacity(FinancialInputs(care_manager_fte=1.5))
    assert cap.caseload == pytest.approx(175.5) and cap.per_fte == pytest.approx(117)


def test_psychotherapy_visits_lower_capacity_by_their_minutes():
    # 40 visits of 90834 x 45 minutes = 1,800 minutes a month out of the 6,240 of direct contact:
    # (6,240 - 1,800) / 53.3 = 4,440 x 15 / 800 = 83.25 patients
    inputs = FinancialInputs(psychotherapy=therapy(40, 100))
    cap = fm.capacity(inputs)
    assert inputs.therapy_minutes == 1_800 and cap.therapy_minutes == 1_800
    assert cap.caseload == pytest.approx(83.25)
    # and they do not count toward Collaborative Care minutes: 37 hours x 260 = 9,620 - 1,800 = 7,820
    assert cap.countable_minutes == pytest.approx(7_820)
    assert any("less 1,800 minutes of psychotherapy visits = 4,440" in line for line in cap.explanation)


def test_cross_problems_minutes_that_cannot_fit_in_the_hours():
    # worked example 4 plans 4,368 minutes for 100 patients; at 250 patients (50 new a month) 2.5 x 4,368 = 10,920,
    # more than the 9,620 minutes a month that count toward Collaborative Care
    assert fm.cross_problems(bands_inputs(expected_caseload=200, new_enrollments_per_month=40)) == []  # 8,736 fit
    problems = fm.cross_problems(bands_inputs(expected_caseload=250, new_enrollments_per_month=50))
    assert problems == [("minute_bands",
                         "These minutes cannot fit in the hours given: the bands plan 10,920 care manager minutes a "
                         "month for 250 patients, but only 9,620 minutes a month count toward Collaborative Care "
                         "(direct contact, documentation, outreach and caseload review, less psychotherapy). Lower "
                         "the minutes or the caseload, or add care manager time.")]
    # a typed share plans no minutes, so there is nothing to check
    assert fm.cross_problems(worked_inputs(expected_caseload=250, new_enrollments_per_month=50)) == []


def test_cross_problems_a_week_over_60_hours():
    # 24 + 6 + 4 + 3 + 1.5 + 25 = 63.5 hours
    assert fm.cross_problems(worked_inputs(hours_other=25)) == [
        ("hours_direct", "The care manager's week adds up to 63.5 hours; it must be more than 0 and at most 60. "
                         "Check the six parts of the week.")]
    # 24 + 6 + 4 + 3 + 1.5 + 21.5 = 60: allowed
    assert fm.cross_problems(worked_inputs(hours_other=21.5)) == []
    zero = {name: 0 for name in ("hours_direct", "hours_documentation", "hours_outreach", "hours_caseload_review",
                                 "hours_meetings", "hours_other")}
    assert [f for f, _ in fm.cross_problems(worked_inputs(**zero, psychotherapy=therapy()))] == ["hours_direct"]


def test_cross_problems_active_months_longer_than_the_episode():
    # 5 months in care leave 4 after the first
    assert fm.cross_problems(worked_inputs(active_months=5)) == [
        ("active_months", "5 active months after the first do not fit in 5 months in care; use at most 4.")]
    assert fm.cross_problems(worked_inputs(active_months=4)) == []


def test_cross_problems_apcm_in_2025():
    assert fm.cross_problems(worked_inputs(apcm_addons=True)) == [
        ("apcm_addons", "The APCM add-ons G0568 and G0569 exist from 2026; choose billing year 2026 or untick them.")]
    assert fm.cross_problems(worked_inputs(apcm_addons=True, billing_year=2026)) == []


def test_cross_problems_psychotherapy_minutes_above_direct_time():
    # 150 x 45 = 6,750 minutes, more than the 6,240 of direct contact
    assert fm.cross_problems(worked_inputs(psychotherapy=therapy(150, 100))) == [
        ("psychotherapy", "The psychotherapy visits take 6,750 minutes a month, more than the 6,240 minutes of direct "
                          "contact the care manager has. Lower the visits or add direct-contact hours.")]
    # 138 x 45 = 6,210 fit
    assert fm.cross_problems(worked_inputs(psychotherapy=therapy(138, 100))) == []


def test_cross_problems_reach_the_form_next_to_their_field_and_the_result_warnings():
    data = worked_inputs(hours_other=25, active_months=5).model_dump(mode="json")
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs(data)
    assert list(exc.value.by_field) == ["active_months", "hours_direct"]
    assert any("63.5 hours" in w for w in compute(worked_inputs(hours_other=25)).warnings)


# --- Mixed billing: psychotherapy by code -----------------------------------------------------------------


def test_psychotherapy_revenue_by_code():
    # 10 x 90834 at $100 + 4 x 90791 at $170 = 1,000 + 680 = $1,680 a month
    inputs = worked_inputs(psychotherapy=therapy(10, 100, c90791=(4, 170)))
    r = compute(inputs)
    assert fm.psychotherapy_monthly(inputs) == pytest.approx(1_680)
    assert r.ffs_revenue.monthly == pytest.approx(1_680)
    # the working lists each code's visits, in code order
    assert "4 x $170.00 (90791) + 10 x $100.00 (90834) = $1,680 a month" in r.ffs_revenue.explanation[0]
    # their time: 10 x 45 + 4 x 60 = 690 minutes, never counted toward Collaborative Care
    assert inputs.therapy_minutes == 690
    assert "690 minutes of care manager time" in r.ffs_revenue.explanation[0]
    # net: worked example 1 with $680 more psychotherapy: 600.744 + 680 = $1,280.744 a month
    assert r.net.monthly == pytest.approx(1_280.744)
    # and break-even: (12,023 - 1,680) / 116.23744 = 10,343 / 116.23744 = 88.98166 patients
    assert r.break_even.caseload == pytest.approx(88.98166, abs=1e-4)


def test_psychotherapy_is_not_put_through_the_payer_mix_or_collection():
    # the payment per visit is already what a visit brings in: 20 x 90837 at $145 = $2,900, whatever the payers
    inputs = worked_inputs(psychotherapy=therapy(c90837=(20, 145)), collection_rate_pct=50,
                           payer_mix=[{"name": "Grant", "share_pct": 100, "relative_rate_pct": 0}])
    assert compute(inputs).ffs_revenue.monthly == pytest.approx(2_900)
    # each code's line is needed once
    with pytest.raises(ValidationError) as exc:
        worked_inputs(psychotherapy=therapy()[:3])
    assert "each psychotherapy code is needed exactly once: 90791, 90832, 90834, 90837." in error_text(exc)


# --- Payers by code --------------------------------------------------------------------------------------


def test_a_payer_that_does_not_pay_g_codes_gets_nothing_for_g2214_months():
    # Medicare 50% pays G-codes; Commercial 50% does not. Worked example 1's 8 G2214 months a month:
    # only Medicare's half is billed: 8 x 50% = 4 units x $54.34 = $217.36
    r = compute(worked_inputs(payer_mix=[{"name": "Medicare", "share_pct": 50},
                                         {"name": "Commercial", "share_pct": 50, "pays_g_codes": False}]))
    assert r.code("G2214").units == pytest.approx(4)
    assert r.code("99492").units == pytest.approx(14.4) and r.code("99494").units == pytest.approx(36)
    # each payer at Medicare rates: Medicare 12,235.52 x 50% = 6,117.76; Commercial without its G2214
    # (12,235.52 - 434.72) x 50% = 11,800.80 x 50% = 5,900.40
    payers = {p.name: p for p in r.payers}
    assert payers["Medicare"].monthly == pytest.approx(6_117.76)
    assert payers["Commercial"].monthly == pytest.approx(5_900.40)
    assert "it does not pay G2214, so those months bring nothing from it" in payers["Commercial"].explanation[0]


def test_an_add_on_cap_lowers_the_99494_units():
    # worked example 4: 99494 = 20 first x 50% x 1 + 40 active x 20% x 2 units = 10 + 16 = 26 units. With a cap of
    # one a month, the active months in band 5 bill 1, not 2: 10 + 40 x 20% x 1 = 18 units, 8 fewer;
    # 8 x $55.96 = $447.68 less a month
    capped = compute(bands_inputs(payer_mix=[{"name": "Medicaid", "share_pct": 100, "addon_cap": 1}]))
    assert capped.code("99494").units == pytest.approx(18)
    full = compute(bands_inputs())
    assert full.medicare_revenue.monthly - capped.medicare_revenue.monthly == pytest.approx(447.68)
    assert any("pays for at most 1 extra-time unit (99494) a month" in line for line in capped.payers[0].explanation)
    # a cap of 0 bills no add-on at all; a cap of 2 changes nothing here (no month needs 3)
    assert "99494" not in [line.code for line in compute(bands_inputs(
        payer_mix=[{"name": "Medicaid", "share_pct": 100, "addon_cap": 0}])).codes]
    assert compute(bands_inputs(payer_mix=[{"name": "Medicaid", "share_pct": 100, "addon_cap": 2}])).code(
        "99494").units == pytest.approx(26)


def test_patient_share_and_collection():
    # Medicare's 20% coinsurance, half of it collected, 95% of claims collected:
    # (1 - 0.2 x 0.5) x 0.95 = 0.9 x 0.95 = 0.855 of what is allowed arrives
    inputs = worked_inputs(payer_mix=[{"name": "Medicare", "share_pct": 100, "patient_share_pct": 20}],
                           coinsurance_collected_pct=50, collection_rate_pct=95)
    assert fm.collected_factor(inputs, inputs.payer_mix[0]) == pytest.approx(0.855)
    r = compute(inputs)
    # allowed 12,235.52 (worked example 1 at 100%) x 0.855 = $10,461.3696 collected
    assert r.cocm_allowed.monthly == pytest.approx(12_235.52)
    assert r.cocm_revenue.monthly == pytest.approx(10_461.3696)
    assert ("Collected: $12,236 x (1 - 20% patient share x 50% of it uncollected) x 95% of claims collected = "
            "$10,461 a month.") in r.payers[0].explanation
    # none of the coinsurance collected: (1 - 0.2) x 0.95 = 0.76; all of it: 0.95
    assert fm.collected_factor(inputs.model_copy(update={"coinsurance_collected_pct": 0}),
                               inputs.payer_mix[0]) == pytest.approx(0.76)
    assert fm.collected_factor(inputs.model_copy(update={"coinsurance_collected_pct": 100}),
                               inputs.payer_mix[0]) == pytest.approx(0.95)


# --- APCM behavioral add-ons (2026) ------------------------------------------------------------------------


def apcm_inputs(**changes) -> FinancialInputs:
    """Worked example 1 in 2026 on the 2026 table, billing the APCM add-ons; half Medicare (pays G-codes), half a
    commercial plan that does not."""
    data = dict(billing_year=2026, apcm_addons=True,
                payer_mix=[{"name": "Medicare", "share_pct": 50},
                           {"name": "Commercial", "share_pct": 50, "pays_g_codes": False}])
    data.update(changes)
    return worked_inputs(**data)


def test_apcm_add_ons_replace_99492_and_99493_for_g_code_payers_never_both():
    inputs = apcm_inputs()
    phases = fm.steady_phases(inputs, 100, 20)
    medicare, commercial = inputs.payer_mix
    # Medicare (pays G-codes): G0568 / G0569 in place of 99492 / 99493, and no 99494 with them
    mine = fm.payer_units(inputs, medicare, phases)
    assert set(mine) == {"G0568", "G0569", "G2214"}
    # as in worked example 1, if every patient were Medicare's: 14.4 G0568, 57.6 G0569, 8 G2214
    assert mine == pytest.approx({"G0568": 14.4, "G0569": 57.6, "G2214": 8})
    # the commercial plan still bills 99492 / 99493 with their add-ons, and no G-code
    theirs = fm.payer_units(inputs, commercial, phases)
    assert theirs == pytest.approx({"99492": 14.4, "99493": 57.6, "99494": 36})


def test_apcm_revenue_by_hand():
    r = compute(apcm_inputs())
    # half of each: G0568 7.2 x $149.30 = 1,074.96; G0569 28.8 x $137.95 = 3,972.96; G2214 4 x $56.11 = 224.44;
    # 99492 7.2 x $149.97 = 1,079.784; 99493 28.8 x $137.95 = 3,972.96; 99494 18 x $57.78 = 1,040.04
    # = $11,365.144 a month at the 2026 placeholder rates
    units = {line.code: line.units for line in r.codes}
    assert units == pytest.approx({"99492": 7.2, "99493": 28.8, "99494": 18, "G2214": 4, "G0568": 7.2,
                                   "G0569": 28.8})
    assert r.medicare_revenue.monthly == pytest.approx(11_365.144)
    assert any("never both" in n and "no 99494 add-on with G0568 / G0569" in n for n in r.notes)
    # both add-ons are placeholders: the notes say they are not confirmed
    assert any("Rates not marked as confirmed:" in n and "G0568 $149.30 (2026)" in n for n in r.notes)


def test_without_apcm_or_with_only_commercial_payers_the_cpt_codes_are_billed():
    plain = compute(apcm_inputs(apcm_addons=False))
    assert "G0568" not in [line.code for line in plain.codes]
    commercial_only = compute(apcm_inputs(payer_mix=[{"name": "Commercial", "share_pct": 100,
                                                      "pays_g_codes": False}]))
    assert [line.code for line in commercial_only.codes] == ["99492", "99493", "99494"]
    # 2025 has no APCM add-ons to choose: the form refuses the tick next to the field
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs(worked_inputs(apcm_addons=True).model_dump(mode="json"))
    assert list(exc.value.by_field) == ["apcm_addons"]


# --- Properties -----------------------------------------------------------------------------------------------


def _property_cases() -> list[FinancialInputs]:
    """Scenarios of every kind: typed share, bands, health center 2025, APCM 2026, payers by code, caps."""
    mixed_payers = [{"name": "Medicare", "share_pct": 40, "patient_share_pct": 20},
                    {"name": "Medicaid", "share_pct": 35, "relative_rate_pct": 70, "addon_cap": 1},
                    {"name": "Commercial", "share_pct": 25, "relative_rate_pct": 120, "pays_g_codes": False}]
    return [
        FinancialInputs(),
        worked_inputs(),
        health_center(2025),
        bands_inputs(),
        bands_inputs(billing_mode="fqhc_rhc", billing_year=2025),
        bands_inputs(payer_mix=mixed_payers),
        apcm_inputs(),
        apcm_inputs(volume_method="bands", minute_bands=FinancialInputs().minute_bands, payer_mix=mixed_payers),
        FinancialInputs(minute_bands=fm.bands_from_averages(40, 30, 10), payer_mix=mixed_payers),
    ]


def test_more_minutes_never_lower_monthly_revenue():
    for inputs in _property_cases():
        top = min(fm.max_billable_scale(inputs), 3.0)
        steps = [top * k / 20 for k in range(21)]
        revenue = [compute(fm.with_billable_scale(inputs, f)).total_revenue.monthly for f in steps]
        assert all(b >= a - 1e-9 for a, b in zip(revenue, revenue[1:])), inputs


def test_moving_months_to_a_higher_band_never_lowers_revenue_when_payers_pay_cpt():
    for inputs in _property_cases():
        if inputs.volume_method != "bands":
            continue
        base = compute(inputs).total_revenue.monthly
        for phase in ("first", "active", "monitoring"):
            field = f"{phase}_pct"
            for i in range(6):
                bands = [b.model_copy() for b in inputs.minute_bands]
                moved = min(10.0, getattr(bands[i], field))
                setattr(bands[i], field, getattr(bands[i], field) - moved)
                setattr(bands[i + 1], field, getattr(bands[i + 1], field) + moved)
                after = compute(inputs.model_copy(update={"minute_bands": bands})).total_revenue.monthly
                assert after >= base - 1e-9, (phase, i)


def test_a_higher_collection_rate_never_lowers_revenue():
    for inputs in _property_cases():
        for field in ("collection_rate_pct", "coinsurance_collected_pct"):
            revenue = [compute(inputs.model_copy(update={field: v})).total_revenue.monthly for v in range(0, 101, 5)]
            assert all(b >= a - 1e-9 for a, b in zip(revenue, revenue[1:])), (field, inputs)


def test_collected_money_is_a_straight_line_in_the_patient_months():
    # twice the patients, twice the money (the 36-month budget relies on it)
    for inputs in _property_cases():
        one = fm.cocm_money(inputs, fm.Phases(3, 5, 7)).expected_total
        two = fm.cocm_money(inputs, fm.Phases(6, 10, 14)).expected_total
        assert two == pytest.approx(2 * one)


def test_the_quick_net_used_by_the_what_if_lines_matches_the_full_model():
    """net_monthly skips the words; it must land on the same figure as compute() for every kind of scenario."""
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "sustainment_v3.json"
    doc = su.SustainmentDoc.model_validate(json.loads(fixture.read_text(encoding="utf-8")))
    for inputs in [s.inputs for s in doc.scenarios] + [FinancialInputs(), worked_inputs()]:
        assert fm.net_monthly(inputs) == pytest.approx(compute(inputs).net.monthly)
