"""Financial model (Sustainment plan, Step 1): what a clinic finance officer would check by hand."""
from __future__ import annotations

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from worksheets.content import BarChart, Bullets, Heading, KeyValues, LineChart, Para, Table
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
    default_scenario,
    money,
    report_blocks,
    sensitivity,
)


def worked_inputs(**changes) -> FinancialInputs:
    """The worked example used throughout (default rates: 99492 $145.24, 99493 $130.00,
    99494 $55.96, G2214 $57.50)."""
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
        billing_mode="standard",
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


def error_text(exc: pytest.ExceptionInfo) -> str:
    return str(exc.value)


# --- Worked example ------------------------------------------------------------------------


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
    # Billable patient-months: 100 patients x 80% = 80 a month
    # First months: min(20 new patients, 80) = 20; later months: 80 - 20 = 60
    assert r.volume.billable_months == pytest.approx(80)
    assert r.volume.first_months == pytest.approx(20)
    assert r.volume.later_months == pytest.approx(60)
    # 99492: 20 x (1 - 10%) = 18 months;  18 x $145.24 = $2,614.32
    # 99493: 60 x 90%       = 54 months;  54 x $130.00 = $7,020.00
    # G2214: 80 x 10%       =  8 months;   8 x $57.50  =   $460.00
    # 99494: (18 + 54) x 0.5 = 36 units;  36 x $55.96  = $2,014.56
    expected = {
        "99492": (18, 2_614.32),
        "99493": (54, 7_020.00),
        "G2214": (8, 460.00),
        "99494": (36, 2_014.56),
    }
    assert {line.code for line in r.codes} == set(expected)
    for code, (units, dollars) in expected.items():
        assert r.code(code).units == pytest.approx(units)
        assert r.code(code).monthly == pytest.approx(dollars)
    # Medicare-rate total: 2,614.32 + 7,020.00 + 460.00 + 2,014.56 = $12,108.88 a month
    assert r.medicare_revenue.monthly == pytest.approx(12_108.88)


def test_worked_example_payers_revenue_and_net():
    r = compute(worked_inputs())
    # Medicare:   12,108.88 x 50% x 100% = $6,054.44
    # Medicaid:   12,108.88 x 30% x  70% = 12,108.88 x 0.21 = $2,542.8648
    # Commercial: 12,108.88 x 20% x 120% = 12,108.88 x 0.24 = $2,906.1312
    payers = {p.name: p.monthly for p in r.payers}
    assert payers["Medicare"] == pytest.approx(6_054.44)
    assert payers["Medicaid"] == pytest.approx(2_542.8648)
    assert payers["Commercial"] == pytest.approx(2_906.1312)
    # CoCM revenue: 6,054.44 + 2,542.8648 + 2,906.1312 = $11,503.436 (= 12,108.88 x 0.95)
    assert r.cocm_revenue.monthly == pytest.approx(11_503.436)
    # Psychotherapy: 10 visits x $100 = $1,000 a month
    assert r.ffs_revenue.monthly == pytest.approx(1_000)
    # Total revenue: 11,503.436 + 1,000 = $12,503.436 a month; x 12 = $150,041.232 a year
    assert r.total_revenue.monthly == pytest.approx(12_503.436)
    assert r.total_revenue.annual == pytest.approx(150_041.232)
    # Net: 12,503.436 - 12,023 = $480.436 a month; x 12 = $5,765.232 a year
    assert r.net.monthly == pytest.approx(480.436)
    assert r.net.annual == pytest.approx(5_765.232)
    # First year: 5,765.232 - 10,000 start-up = -$4,234.768
    assert r.year_one_net.amount == pytest.approx(-4_234.768)


def test_worked_example_patients_served_and_per_patient():
    r = compute(worked_inputs())
    # Patients served: 100 on the caseload at the start + 20 new a month x 12 = 340
    assert r.per_patient.patients_served == pytest.approx(340)
    # Cost per patient:    144,276 / 340 = $424.3411...
    # Revenue per patient: 150,041.232 / 340 = $441.2977...
    assert r.per_patient.cost == pytest.approx(144_276 / 340)
    assert r.per_patient.revenue == pytest.approx(150_041.232 / 340)
    assert r.per_patient.cost == pytest.approx(424.3412, abs=1e-4)


def test_worked_example_break_even_caseload():
    r = compute(worked_inputs())
    # To cover from CoCM billing:  12,023 cost - 1,000 psychotherapy = $11,023 a month
    # At Medicare rates:           11,023 / 0.95 = $11,603.1579 a month
    # First 20 billable months (all first months), per month:
    #   99492 0.9 x 145.24 = 130.716; G2214 0.1 x 57.50 = 5.75; 99494 0.9 x 0.5 x 55.96 = 25.182
    #   = $161.648 each; x 20 = $3,232.96
    # Each later month: 99493 0.9 x 130 = 117; G2214 5.75; 99494 25.182 = $147.932
    # Billable months needed: 20 + (11,603.1579 - 3,232.96) / 147.932 = 20 + 56.5814 = 76.5814
    # Caseload: 76.5814 / 80% = 95.7267 patients
    be = r.break_even
    assert be.reason == ""
    expected = (20 + (11_023 / 0.95 - 3_232.96) / 147.932) / 0.8
    assert be.caseload == pytest.approx(expected)
    assert be.caseload == pytest.approx(95.7267, abs=1e-4)
    assert be.caseload_per_fte == pytest.approx(expected)


# --- Break-even ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inputs",
    [
        worked_inputs(),
        # break-even falls where every billable month is a first month (many new patients)
        worked_inputs(new_enrollments_per_month=120, episode_months=1),
        worked_inputs(billing_mode="fqhc_rhc"),
        worked_inputs(care_manager_fte=2.5, expected_caseload=250, new_enrollments_per_month=50),
        FinancialInputs(),
    ],
    ids=["worked", "first-months-only", "fqhc", "bigger-team", "defaults"],
)
def test_net_is_zero_at_the_break_even_caseload(inputs):
    be = compute(inputs).break_even
    assert be.caseload is not None and be.caseload > 0
    at_break_even = compute(inputs.model_copy(update={"expected_caseload": be.caseload}))
    assert at_break_even.net.annual == pytest.approx(0, abs=1e-6)
    # one more patient turns a profit, one fewer a loss
    above = compute(inputs.model_copy(update={"expected_caseload": be.caseload + 1}))
    below = compute(inputs.model_copy(update={"expected_caseload": be.caseload - 1}))
    assert above.net.annual > 0 > below.net.annual


def test_break_even_in_first_month_segment_is_worked_out_by_hand():
    r = compute(worked_inputs(new_enrollments_per_month=120, episode_months=1))
    # Every billable month up to 120 is a first month worth $161.648 at Medicare rates.
    # Needed: 11,603.1579 / 161.648 = 71.7804 billable months; / 80% = 89.7255 patients
    assert r.break_even.caseload == pytest.approx(11_023 / 0.95 / 161.648 / 0.8)


def test_no_break_even_when_no_month_is_billable():
    r = compute(worked_inputs(billable_share_pct=0))
    assert r.break_even.caseload is None
    assert "billing minimum" in r.break_even.reason
    assert r.break_even.reason in r.break_even.explanation


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


def test_break_even_above_aims_range_is_flagged():
    # a payer mix paying 60% of Medicare rates and no psychotherapy income: break-even > 120
    r = compute(worked_inputs(ffs_visits_per_month=0, payer_mix=[{"name": "Medicaid", "share_pct": 100, "relative_rate_pct": 60}]))
    assert r.break_even.caseload_per_fte > 120
    assert any("more than the AIMS range" in line for line in r.break_even.explanation)


# --- Validation -----------------------------------------------------------------------------


def test_payer_mix_not_adding_to_100_is_rejected_with_the_total():
    with pytest.raises(ValidationError) as exc:
        worked_inputs(
            payer_mix=[
                {"name": "Medicare", "share_pct": 60, "relative_rate_pct": 100},
                {"name": "Medicaid", "share_pct": 30, "relative_rate_pct": 70},
            ]
        )
    assert "Payer mix adds up to 90%; it must add up to 100%." in error_text(exc)
    with pytest.raises(ValidationError) as exc:
        worked_inputs(
            payer_mix=[
                {"name": "Medicare", "share_pct": 60.5, "relative_rate_pct": 100},
                {"name": "Medicaid", "share_pct": 50, "relative_rate_pct": 70},
            ]
        )
    assert "Payer mix adds up to 110.5%; it must add up to 100%." in error_text(exc)


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


def test_every_input_field_has_a_plain_words_title():
    for model in (FinancialInputs, RateDefault, PayerShare, Scenario):
        for name, field in model.model_fields.items():
            assert field.title, f"{model.__name__}.{name} has no title"
            assert "_" not in field.title


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


def test_default_rates_carry_year_and_source():
    rates = {r.code: r for r in FinancialInputs().rates}
    assert set(rates) == {"99492", "99493", "99494", "G2214", "G0512"}
    assert (rates["99492"].amount, rates["99492"].year, rates["99492"].verified) == (145.24, 2025, True)
    assert (rates["99494"].amount, rates["99494"].year, rates["99494"].verified) == (55.96, 2025, True)
    for code in ("99493", "G2214", "G0512"):
        assert not rates[code].verified
        assert "estimate" in rates[code].source.lower()
    for rate in rates.values():
        assert rate.source


def test_rates_are_editable():
    rates = [r.model_copy(update={"amount": 160.32, "year": 2026, "source": "Our contract"}) if r.code == "99492" else r for r in DEFAULT_RATES]
    inputs = worked_inputs(rates=rates)
    assert inputs.rate("99492").amount == 160.32
    r = compute(inputs)
    assert r.code("99492").monthly == pytest.approx(18 * 160.32)
    assert "$160.32 (2026 rate" in r.code("99492").explanation[0]


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


def test_first_months_capped_by_billable_months():
    r = compute(worked_inputs(expected_caseload=20, new_enrollments_per_month=30, episode_months=1))
    # billable = 20 x 80% = 16; first months = min(30, 16) = 16; later = 0
    assert r.volume.first_months == pytest.approx(16)
    assert r.volume.later_months == pytest.approx(0)
    assert r.code("99493").units == 0


# --- FQHC / RHC mode ------------------------------------------------------------------------


def test_fqhc_mode_pays_one_monthly_rate():
    r = compute(worked_inputs(billing_mode="fqhc_rhc"))
    assert [line.code for line in r.codes] == ["G0512"]
    # 80 billable months x $152.50 = $12,200 at Medicare rates; x 0.95 payer mix = $11,590
    assert r.code("G0512").units == pytest.approx(80)
    assert r.medicare_revenue.monthly == pytest.approx(12_200)
    assert r.cocm_revenue.monthly == pytest.approx(11_590)
    # costs do not depend on the billing method
    assert r.total_cost.monthly == pytest.approx(12_023)
    assert any("2026" in note and "G0512" in note for note in r.notes)


def test_fqhc_mode_ignores_g2214_share_and_add_ons():
    a = compute(worked_inputs(billing_mode="fqhc_rhc"))
    b = compute(worked_inputs(billing_mode="fqhc_rhc", g2214_share_pct=50, addon_units_per_month=3))
    assert a.total_revenue.monthly == pytest.approx(b.total_revenue.monthly)


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
        Scenario(name="Two care managers", inputs=worked_inputs(care_manager_fte=2, expected_caseload=200, new_enrollments_per_month=40, consultant_hours_per_week=6)),
        Scenario(name="Health center", inputs=worked_inputs(billing_mode="fqhc_rhc")),
    ]
    table = compare(scenarios)
    assert table.columns == ("", "Base case", "Two care managers", "Health center")
    rows = {row[0]: row[1:] for row in table.rows}
    assert all(len(row) == 4 for row in table.rows)
    assert rows["Cost per month"][0] == "$12,023"
    assert rows["Net per year"][0] == "$5,765"
    assert rows["First-year net, including start-up"][0] == "-$4,235"
    assert rows["Break-even caseload"][0] == "95.7 patients"
    assert rows["Patients served per year"][0] == "340"
    assert rows["Care manager FTE"] == ("1.0", "2.0", "1.0")


# --- Explanations ---------------------------------------------------------------------------


def test_explanations_show_the_numbers_used():
    r = compute(worked_inputs())
    assert r.cost("care_manager").explanation[0].startswith(
        "Care manager cost: 1.0 FTE x $72,000 salary x 1.28 (28% benefits) / 12 = $7,680 per month"
    )
    assert "3 hours a week x $200.00 an hour x 52 weeks / 12 = $2,600" in r.cost("consultant").explanation[0]
    assert "x 10% = $1,093 per month" in r.cost("overhead").explanation[0]
    assert "20 first months x 90% billed with the full code = 18 a month" in r.code("99492").explanation[0]
    assert "$145.24 (2025 rate, confirmed)" in r.code("99492").explanation[0]
    assert "$130.00 (2025 rate, estimate)" in r.code("99493").explanation[0]
    assert "36 units a month" in r.code("99494").explanation[0]
    assert "payers pay 95% of Medicare rates" in r.cocm_revenue.explanation[0]
    assert "10 visits a month x $100.00 average payment = $1,000 a month" in r.ffs_revenue.explanation[0]
    assert "$12,503 revenue - $12,023 cost = $480.44 a month, $5,765 a year" in r.net.explanation[0]
    assert "$10,000 start-up costs = -$4,235" in r.year_one_net.explanation[0]
    assert any("95.7 patients" in line for line in r.break_even.explanation)
    assert "100 on the caseload when the year starts + 20 new patients a month x 12 = 340" in r.per_patient.explanation[0]
    # every figure has at least one line of explanation
    for label, lines in r.explanations:
        assert lines, label
        assert all(isinstance(line, str) and line for line in lines)


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


def test_sensitivity_to_caseload():
    inputs = worked_inputs()
    series = sensitivity(inputs, "caseload")
    assert len(series.x_values) == len(series.net_values) == 11
    assert series.x_values[0] == 0 and series.x_values[-1] == pytest.approx(200)
    assert series.x_values[5] == pytest.approx(100)
    # at the current caseload the series matches the full result
    assert series.net_values[5] == pytest.approx(compute(inputs).net.annual)
    # with no patients, only costs and psychotherapy income remain: (1,000 - 12,023) x 12
    assert series.net_values[0] == pytest.approx(-132_276)
    # each billable month brings money and costs are fixed, so net rises with every step
    assert all(b > a for a, b in zip(series.net_values, series.net_values[1:]))


def test_sensitivity_to_billable_share():
    inputs = worked_inputs()
    series = sensitivity(inputs, "billable_share")
    assert series.x_values == pytest.approx(tuple(range(0, 101, 10)))
    assert series.net_values[8] == pytest.approx(compute(inputs).net.annual)
    assert all(b > a for a, b in zip(series.net_values, series.net_values[1:]))
    assert series.net_values[0] == pytest.approx(-132_276)


def test_sensitivity_crosses_zero_at_break_even():
    inputs = worked_inputs()
    be = compute(inputs).break_even.caseload
    series = sensitivity(inputs, "caseload")
    for x, net in zip(series.x_values, series.net_values):
        assert (net > 0) == (x > be)


def test_sensitivity_with_zero_caseload_uses_the_suggested_caseload():
    series = sensitivity(worked_inputs(expected_caseload=0, new_enrollments_per_month=0), "caseload")
    assert series.x_values[-1] == pytest.approx(210)


def test_sensitivity_rejects_unknown_axis():
    with pytest.raises(ValueError):
        sensitivity(worked_inputs(), "salary")  # type: ignore[arg-type]


# --- Report ---------------------------------------------------------------------------------


def test_report_blocks_for_the_pdf():
    scenarios = [
        Scenario(name="Base case", inputs=worked_inputs()),
        Scenario(name="Health center", inputs=worked_inputs(billing_mode="fqhc_rhc")),
    ]
    blocks = report_blocks(scenarios)
    allowed = (Heading, Para, Bullets, KeyValues, Table, BarChart, LineChart)
    assert all(isinstance(b, allowed) for b in blocks)
    charts = [b for b in blocks if isinstance(b, LineChart)]
    assert len(charts) == 4  # caseload and billable share, per scenario
    assert charts[0].mark_x == worked_inputs().expected_caseload
    assert charts[0].y == sensitivity(worked_inputs(), "caseload").net_values
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert headings[0] == "Financial model"
    assert "Scenarios side by side" in headings
    assert "Scenario: Base case" in headings and "Scenario: Health center" in headings
    tables = [b for b in blocks if isinstance(b, Table)]
    rate_tables = [t for t in tables if "Payment" in t.columns and "Source" in t.columns]
    assert len(rate_tables) == 2
    first_rates = {row[0]: row for row in rate_tables[0].rows}
    assert first_rates["99492"][2:4] == ("$145.24", "2025")
    assert "G0512" not in first_rates  # standard billing shows the codes it uses
    assert [row[0] for row in rate_tables[1].rows] == ["G0512"]
    outputs = [t for t in tables if t.columns == ("Item", "Per month", "Per year")]
    assert len(outputs) == 2
    assert ("Total ongoing cost", "$12,023", "$144,276") in outputs[0].rows
    sens = [t for t in tables if "Net result per year (before start-up costs)" in t.columns]
    assert len(sens) == 4 and all(len(t.rows) == 11 for t in sens)
    bullets = [line for b in blocks if isinstance(b, Bullets) for line in b.items]
    assert any("$7,680 per month" in line for line in bullets)
    notes = " ".join(b.text for b in blocks if isinstance(b, Para))
    assert "2026" in notes and "coinsurance" in notes


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
