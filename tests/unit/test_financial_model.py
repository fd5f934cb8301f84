"""Financial model (Sustainment plan, Step 1): what a clinic finance officer would check by hand."""
from __future__ import annotations

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from worksheets import fields
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
        ffs_visits_per_month=10,
        ffs_payment_per_visit=100,
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
    assert any("caseload / 5 months in care" in line for line in be.explanation)


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
    # Break-even: 11,023 / 52.9758 = 208.0761 patients, more than one care manager carries (120)
    be = compute(health_center(2025)).break_even
    assert be.caseload == pytest.approx(208.0761, abs=1e-4)
    assert be.beyond_capacity and be.capacity == 120
    assert any("more than 1.0 FTE of care manager time can carry" in line for line in be.explanation)


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
    r = compute(health_center(2026))
    # G0512 ended for Medicare on 1 January 2026: the same four codes and the same figures as worked example 1,
    # because 2026 uses the 2025 amounts until CMS's 2026 amounts are confirmed:
    #   99492 14.4 x 145.24 + 99493 57.6 x 133.59 + G2214 8 x 54.34 + 99494 36 x 55.96 = $12,235.52 a month
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
    assert any("first months 20 x 50% = 10" in line for line in r.volume.explanation)


def test_first_months_capped_by_the_caseload():
    r = compute(worked_inputs(expected_caseload=20, new_enrollments_per_month=30, episode_months=1))
    # 30 new patients but only 20 on the caseload: all 20 are first months; x 80% = 16 billable; none later
    assert r.volume.first_patient_months == pytest.approx(20)
    assert r.volume.first_months == pytest.approx(16)
    assert r.volume.later_months == pytest.approx(0)
    assert r.code("99493").units == 0


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
    assert "billing minimum" in r.break_even.reason
    assert r.break_even.reason in r.break_even.explanation
    g = compute(health_center(2025, g0512_share_pct=0)).break_even
    assert g.caseload is None and "70 minutes" in g.reason


def test_no_break_even_when_payers_pay_nothing():
    r = compute(worked_inputs(payer_mix=[{"name": "Grant", "share_pct": 100, "relative_rate_pct": 0}]))
    assert r.break_even.caseload is None
    assert "payer mix" in r.break_even.reason.lower()


def test_no_break_even_when_all_rates_are_zero():
    rates = [rate.model_copy(update={"amount": 0}) for rate in DEFAULT_RATES]
    r = compute(worked_inputs(rates=rates))
    assert r.break_even.caseload is None
    assert r.break_even.reason


def test_break_even_is_zero_when_psychotherapy_alone_covers_costs():
    r = compute(worked_inputs(ffs_visits_per_month=200, ffs_payment_per_visit=100))
    assert r.break_even.caseload == 0
    assert any("alone covers" in line for line in r.break_even.explanation)


def test_break_even_past_what_the_care_manager_can_carry_is_flagged():
    # Medicaid at 60% of Medicare rates, no psychotherapy: one patient brings 122.3552 x 0.6 = $73.41312 a month;
    # 12,023 / 73.41312 = 163.77 patients, more than the 120 one full-time care manager carries
    r = compute(worked_inputs(ffs_visits_per_month=0,
                              payer_mix=[{"name": "Medicaid", "share_pct": 100, "relative_rate_pct": 60}]))
    assert r.break_even.caseload == pytest.approx(163.77, abs=0.01)
    assert r.break_even.beyond_capacity
    assert any("more than 1.0 FTE of care manager time can carry" in line for line in r.break_even.explanation)


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
    ],
)
def test_out_of_range_inputs_are_rejected_and_named_in_words(field, value):
    with pytest.raises(ValidationError) as exc:
        worked_inputs(**{field: value})
    errors = exc.value.errors()
    assert [e["loc"] for e in errors] == [(field,)]
    title = FinancialInputs.model_fields[field].title
    assert title and "_" not in title  # the page shows this plain-words title with the error


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
    rates = {r.code: r for r in FinancialInputs().rates}
    # CMS PPRRVU2025 non-facility total RVUs x the CY2025 conversion factor $32.3465:
    #   99492 4.49 -> $145.24; 99493 4.13 -> $133.59; 99494 1.73 -> $55.96; G2214 1.68 -> $54.34; G0512 4.31 -> $139.41
    expected = {"99492": (145.24, "4.49"), "99493": (133.59, "4.13"), "99494": (55.96, "1.73"),
                "G2214": (54.34, "1.68"), "G0512": (139.41, "4.31")}
    assert set(rates) == set(expected)
    for code, (amount, rvus) in expected.items():
        rate = rates[code]
        assert (rate.amount, rate.year, rate.verified) == (amount, 2025, True)
        assert f"{rvus} RVUs x $32.3465" in rate.source and "CY2025" in rate.source
        assert "estimate" not in rate.source.lower()
    assert "stopped paying G0512 on 1 January 2026" in rates["G0512"].source


def test_an_unconfirmed_rate_is_flagged_with_the_confirmed_amount():
    rates = [r.model_copy(update={"amount": 130.0, "verified": False}) if r.code == "99493" else r
             for r in DEFAULT_RATES]
    r = compute(worked_inputs(rates=rates))
    assert "$130.00 (2025 rate, not confirmed)" in r.code("99493").explanation[0]
    assert any("The 99493 rate ($130.00, 2025) is not marked as confirmed" in n and "$133.59" in n for n in r.notes)


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
    assert rows["First-year net, including start-up"][0] == "-$2,791"
    assert rows["Break-even caseload"][0] == "94.8 patients"
    assert rows["Break-even caseload"][2] == "208.1 patients"
    assert rows["Patients served per year"][0] == "340"
    assert rows["Care manager FTE"] == ("1.0", "2.0", "1.0")
    assert rows["Billing method and year"] == ("Standard, 2025", "Standard, 2025", "Health center, 2025")
    assert rows["Codes used"] == ("99492-99494, G2214", "99492-99494, G2214", "G0512")
    # one patient a month after the payer mix: 122.3552 x 0.95 = $116.24; G0512: 55.764 x 0.95 = $52.98
    assert rows["Revenue per patient a month, after payer mix"] == ("$116.24", "$116.24", "$52.98")


# --- Explanations ---------------------------------------------------------------------------


def test_explanations_show_the_numbers_used():
    r = compute(worked_inputs())
    assert r.cost("care_manager").explanation[0].startswith(
        "Care manager cost: 1.0 FTE x $72,000 salary x 1.28 (28% benefits) / 12 = $7,680 per month"
    )
    assert "3 hours a week x $200.00 an hour x 52 weeks / 12 = $2,600" in r.cost("consultant").explanation[0]
    assert "x 10% = $1,093 per month" in r.cost("overhead").explanation[0]
    assert "16 billable first months x 90% that reach 36 minutes = 14.4 a month" in r.code("99492").explanation[0]
    assert "$145.24 (2025 rate, confirmed)" in r.code("99492").explanation[0]
    assert "$133.59 (2025 rate, confirmed)" in r.code("99493").explanation[0]
    assert "36 units a month" in r.code("99494").explanation[0]
    assert "payers pay 95% of Medicare rates" in r.cocm_revenue.explanation[0]
    assert "10 visits a month x $100.00 average payment = $1,000 a month" in r.ffs_revenue.explanation[0]
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
    assert standard.code("99492").explanation[0].startswith("99492 (36 minutes or more in the first month)")
    assert standard.code("99493").explanation[0].startswith("99493 (31 minutes or more in a later month)")
    assert standard.code("G2214").explanation[0].startswith(
        "G2214 (16 minutes or more, but under 36 in a first month or 31 in a later month)")
    assert "from 86 minutes in a first month or 76 in a later month" in standard.code("99494").explanation[0]
    assert any("at least 16 minutes" in line for line in standard.volume.explanation)
    g0512 = compute(health_center(2025))
    assert g0512.code("G0512").explanation[0].startswith(
        "G0512 (70 minutes or more in the first month, 60 in a later month)")
    assert any("no rounding up" in line for line in g0512.volume.explanation)


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
    # behavioral health only, adequate income: AIMS range 90-120 per full-time care manager; 1.0 FTE -> 0 to 120
    assert len(series.x_values) == len(series.net_values) == 11
    assert series.x_values[0] == 0 and series.x_values[-1] == pytest.approx(120)
    assert series.x_values[5] == pytest.approx(60)
    # with no patients, only costs and psychotherapy income remain: (1,000 - 12,023) x 12 = -132,276
    assert series.net_values[0] == pytest.approx(-132_276)
    # at 120 patients (24 new a month): 120 x 116.23744 = 13,948.4928 + 1,000 - 12,023 = 2,925.4928 a month,
    # 35,105.9136 a year
    assert series.net_values[-1] == pytest.approx(35_105.9136)
    # the scenario is steady (100 / 5 = 20 new a month), so its point lies on the line
    assert series.current_x == 100 and series.current_net == pytest.approx(7_208.928)
    assert any("stops at 120 patients" in note for note in series.notes)
    assert all(b > a for a, b in zip(series.net_values, series.net_values[1:]))


def test_caseload_sensitivity_scales_with_population_and_fte():
    # behavioral + medical, low income: AIMS range 50-75; 1.5 FTE carries 75 x 1.5 = 112.5
    series = sensitivity(worked_inputs(population="multi_low", care_manager_fte=1.5, expected_caseload=90,
                                       new_enrollments_per_month=18, consultant_hours_per_week=4.5), "caseload")
    assert series.x_values[-1] == pytest.approx(112.5)


def test_caseload_sensitivity_says_when_the_scenario_is_off_the_line():
    series = sensitivity(worked_inputs(new_enrollments_per_month=30), "caseload")
    assert any("enrolls 30 new patients a month, not 20" in note for note in series.notes)
    past = sensitivity(worked_inputs(expected_caseload=150, new_enrollments_per_month=30), "caseload")
    assert past.x_values[-1] == pytest.approx(120)
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
        Scenario(name="Health center 2026", inputs=health_center(2026)),
    ]
    blocks = report_blocks(scenarios)
    allowed = (Heading, Para, Bullets, KeyValues, Table, BarChart, Chart)
    assert all(isinstance(b, allowed) for b in blocks)
    charts = [b for b in blocks if isinstance(b, Chart)]
    assert len(charts) == 6  # caseload and billable share, per scenario
    assert charts[0].title == "Base case: net result per year as the caseload changes"
    assert (charts[0].mark.x, charts[0].mark.label) == (100, "This scenario: 100")
    # the caseload line runs from 0 patients (-$132,276) to 120, what one care manager carries ($35,105.91)
    [line] = charts[0].series
    assert line.x[-1] == pytest.approx(120)
    assert line.y[0] == pytest.approx(-132_276) and line.y[-1] == pytest.approx(35_105.9136)
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
    assert "36 minutes or more in the first month" in standard["99492"][1]
    assert "31 minutes" in standard["99493"][1] and "16 to 35 minutes" in standard["G2214"][1]
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
    assert "stops at 120 patients" in notes


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
    # every number a clinic starts from has a year and a source (fee-for-service visits start at 0: nothing to source)
    assert numeric - fields == {"ffs_visits_per_month", "ffs_payment_per_visit"}
    table = default_sources_table()
    by_input = {row[0]: row for row in table.rows}
    assert by_input["Care manager salary per full-time year ($)"][1] == "$72,000"
    assert "Placeholder" in by_input["Care manager salary per full-time year ($)"][3]
    assert "AIMS" in by_input["Expected active caseload (patients)"][3]
    assert by_input["Payment rate 99492"][1:3] == ("$145.24", "2025")
    assert any(isinstance(b, type(table)) and b.caption == "Where the starting figures come from"
               for b in report_blocks([Scenario(name="A", inputs=FinancialInputs())]))
