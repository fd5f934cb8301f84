"""The 36-month budget (worksheets.projection): ramp-up month by month, cash flow with a payment lag, payback, year
totals, break-even three ways and the tornado chart. Expected figures are worked by hand in the comments."""
from __future__ import annotations

import pytest

from worksheets import financial_model as fm
from worksheets import projection as pj
from worksheets.content import Chart, Heading, KeyValues, Para, RefLine, Table, Tornado


def simple(**changes) -> fm.FinancialInputs:
    """A case small enough to follow by hand.

    N = 2 new patients a month, full pace from month 2 (R = 2); E = 3 months in care: 1 first, A = 1 active, 1
    monitoring. Every patient-month bills (typed share 100%, no G2214, no add-ons): a first month 99492 at $100, a
    later month 99493 at $50, one payer at Medicare rates with no patient share, all claims collected. Cost: one
    care manager at $3,600 a year, nothing else = $300 a month; start-up costs $450. No lag, no increases."""
    rates = [fm.RateDefault(code=c, amount={"99492": 100.0, "99493": 50.0}.get(c, 0.0), year=2025, source="test")
             for c in fm.CODES]
    data = dict(
        care_manager_fte=1, care_manager_salary=3600, benefits_pct=0, consultant_hours_per_week=0,
        other_staff_hours_per_week=0, overhead_pct=0, startup_costs=450,
        expected_caseload=6, new_enrollments_per_month=2, episode_months=3, active_months=1, ramp_months=2,
        billing_mode="standard", billing_year=2025, rates=rates, volume_method="share", billable_share_pct=100,
        g2214_share_pct=0, addon_units_per_month=0,
        payer_mix=[fm.PayerShare(name="All", share_pct=100, relative_rate_pct=100, patient_share_pct=0)],
        salary_increase_pct=0, rate_increase_pct=0, payment_lag_months=0, collection_rate_pct=100,
        coinsurance_collected_pct=100,
    )
    data.update(changes)
    return fm.FinancialInputs(**data)


def column(p: pj.Projection, name: str, months: int = 6) -> list[float]:
    """The first months of one column, rounded past any float noise."""
    return [round(getattr(r, name), 9) for r in p.months[:months]]


# --- Ramp-up month by month ------------------------------------------------------------------


def test_small_case_month_by_month():
    p = pj.project(simple())
    # new patients: month 1 = 2 x 1/2 = 1, then 2 a month
    assert column(p, "new_patients") == [1, 2, 2, 2, 2, 2]
    # phases: month 1: the 1 new patient (first). Month 2: 2 first + month 1's patient active. Month 3: 2 first,
    # 2 active, month 1's patient monitoring. Month 4 on: 2, 2, 2 = the steady 2 x 3 = 6.
    assert [(r.phases.first, r.phases.active, r.phases.monitoring) for r in p.months[:6]] == [
        (1, 0, 0), (2, 1, 0), (2, 2, 1), (2, 2, 2), (2, 2, 2), (2, 2, 2)]
    assert column(p, "caseload") == [1, 3, 5, 6, 6, 6]
    # earned: 1 x $100 = $100; 2 x $100 + 1 x $50 = $250; $200 + $100 + $50 = $350; $200 + $100 + $100 = $400
    assert column(p, "earned") == [100, 250, 350, 400, 400, 400]
    assert column(p, "cash") == [100, 250, 350, 400, 400, 400]  # no lag: paid in the month
    # cost: $3,600 / 12 = $300 a month, + $450 start-up in month 1
    assert column(p, "cost") == [750, 300, 300, 300, 300, 300]
    assert column(p, "net") == [-650, -50, 50, 100, 100, 100]
    assert column(p, "cumulative") == [-650, -700, -650, -550, -450, -350]
    assert p.steady_caseload == 6 and p.full_month == 4
    assert p.phase_revenue == (100, 50, 50)


def test_month_3_caseload_beside_the_vendor_reference():
    p = pj.project(simple())
    # month 3: 5 patients of the steady 6 = 83.3%
    assert p.month3_share == pytest.approx(5 / 6)
    ramp, startup = pj.reference_lines(p)
    assert ramp == ("Caseload in month 3: 5 patients, 83.3% of the steady 6. For reference: 20-40% of the caseload "
                    "target in the first 90 days (April Health, 2026; a vendor figure).")
    assert startup == ("Start-up costs: $450.00 in month 1. For reference: median $160,000 per clinic, range "
                       "$49,000-$653,000, about 70% leadership staff time (Path Forward, 2023).")
    # each reference sits beside an input the user types
    assert set(pj.REFERENCE_FOR_FIELD) <= set(fm.FinancialInputs.model_fields)


def test_no_ramp_enrolls_full_pace_from_month_1():
    p = pj.project(simple(ramp_months=0))
    # 2 new patients from month 1: caseload 2, 4, 6
    assert column(p, "new_patients", 3) == [2, 2, 2]
    assert column(p, "caseload", 4) == [2, 4, 6, 6]


def test_a_long_ramp_fills_in_equal_steps():
    # R = 4: months 1-4 enroll 2 x 1/4, 2/4, 3/4, 4/4 = 0.5, 1, 1.5, 2
    p = pj.project(simple(ramp_months=4))
    assert column(p, "new_patients", 5) == [0.5, 1, 1.5, 2, 2]
    # caseload = the last three months' new patients: 0.5, 1.5, 3, 4.5, 5.5, 6
    assert column(p, "caseload", 6) == [0.5, 1.5, 3, 4.5, 5.5, 6]
    assert p.full_month == 6


def test_part_months_in_care_count_in_part_and_split_by_time():
    # E = 2.5, A = 1: a patient counts 1, 1, 0.5 (first, active, then half a month of monitoring)
    p = pj.project(simple(episode_months=2.5, expected_caseload=5))
    assert [(w.first, w.active, w.monitoring) for w in pj.episode_weights(simple(episode_months=2.5))] == [
        (1, 0, 0), (0, 1, 0), (0, 0, 0.5)]
    # month 3: 2 first + 2 active + 0.5 x month 1's patient = 4.5; month 4: 2 + 2 + 0.5 x 2 = 5 = 2 x 2.5
    assert column(p, "caseload", 4) == [1, 3, 4.5, 5]
    # E = 3, A = 1.5: month 3 of an episode is half active, half monitoring
    weights = pj.episode_weights(simple(active_months=1.5))
    assert [(w.first, w.active, w.monitoring) for w in weights] == [(1, 0, 0), (0, 1, 0), (0, 0.5, 0.5)]
    p = pj.project(simple(active_months=1.5))
    # month 4: first 2; active 2 (month 3's) + 0.5 x 2 (month 2's) = 3; monitoring 0.5 x 2 = 1 (steady: N x A = 3)
    assert (p.month(4).phases.first, p.month(4).phases.active, p.month(4).phases.monitoring) == (2, 3, 1)


def test_each_phase_bills_what_its_minutes_reach():
    # bands: every first month 36-69 minutes (99492, $100), every active month 31-59 (99493, $50), every monitoring
    # month under 16 minutes (nothing billed)
    bands = [fm.MinuteBand(band=i, first_pct=100 if i == 2 else 0, active_pct=100 if i == 2 else 0,
                           monitoring_pct=100 if i == 0 else 0) for i in range(fm.BAND_COUNT)]
    p = pj.project(simple(volume_method="bands", minute_bands=bands))
    assert p.phase_revenue == (100, 50, 0)
    # month 3: 2 x $100 + 2 x $50 + 1 x $0 = $300; month 4: $200 + $100 + $0 = $300
    assert column(p, "earned", 4) == [100, 250, 300, 300]


def test_revenue_is_what_is_collected():
    # patient owes 20%, half of it collected: 1 - 0.2 x 0.5 = 0.9 of the allowed; 90% of claims collected:
    # a first month brings $100 x 0.9 x 0.9 = $81
    payer = fm.PayerShare(name="Medicare", share_pct=100, relative_rate_pct=100, patient_share_pct=20)
    p = pj.project(simple(payer_mix=[payer], coinsurance_collected_pct=50, collection_rate_pct=90))
    assert p.month(1).earned == pytest.approx(81)
    assert p.phase_revenue == pytest.approx((81, 40.5, 40.5))


# --- Cash, cost, payback and years -----------------------------------------------------------


def test_payment_lag_shifts_cash_exactly_l_months():
    base, lagged = pj.project(simple()), pj.project(simple(payment_lag_months=2))
    assert column(lagged, "cash") == [0, 0, 100, 250, 350, 400]
    for t in range(3, 37):
        assert lagged.month(t).cash == base.month(t - 2).earned
    assert [r.earned for r in lagged.months] == [r.earned for r in base.months]  # the care is the same
    assert [r.cost for r in lagged.months] == [r.cost for r in base.months]
    # months 35 and 36 earn $400 each, paid after month 36
    assert lagged.after_horizon == pytest.approx(800)


def test_a_lag_with_a_fraction_splits_the_money_between_two_months():
    p = pj.project(simple(payment_lag_months=1.5))
    # half a month's money 1 month later, half 2 months later: month 2 = 0.5 x $100; month 3 = 0.5 x $250 + 0.5 x
    # $100 = $175; month 4 = 0.5 x $350 + 0.5 x $250 = $300
    assert column(p, "cash", 4) == [0, 50, 175, 300]


def test_payback_month_and_year_totals():
    p = pj.project(simple())
    # cumulative -350 after month 6, +100 a month: month 9 -$50, month 10 +$50
    assert p.payback_month == 10
    assert p.month(9).cumulative == pytest.approx(-50) and p.month(10).cumulative == pytest.approx(50)
    # year 1: cash 100 + 250 + 350 + 9 x 400 = 4,300; cost 12 x 300 + 450 = 4,050; net 250
    # years 2 and 3: cash 12 x 400 = 4,800; cost 3,600; net 1,200
    assert [(y.cash, y.cost, y.net) for y in p.years] == [(4300, 4050, 250), (4800, 3600, 1200), (4800, 3600, 1200)]
    assert [y.cumulative for y in p.years] == [250, 1450, 2650]
    assert "Payback: month 10, the first month whose cumulative net is 0 or more (month 9: -$50.00; month 10: " \
           "$50.00)." in p.explanation


def test_payback_with_a_lag():
    # lag 2: net -750, -300, -200, -50, +50, then +100 a month: cumulative -1,150 after month 6, +$50 in month 18
    p = pj.project(simple(payment_lag_months=2))
    assert column(p, "net", 5) == [-750, -300, -200, -50, 50]
    assert p.month(17).cumulative == pytest.approx(-50)
    assert p.payback_month == 18


def test_salary_increase_applies_from_month_13_and_rate_increase_too():
    p = pj.project(simple(salary_increase_pct=10, rate_increase_pct=10))
    # cost $300 in year 1, x 1.1 = $330 in year 2, x 1.21 = $363 in year 3
    assert (p.month(12).cost, p.month(13).cost, p.month(24).cost, p.month(25).cost) == pytest.approx(
        (300, 330, 330, 363))
    # earned $400 a steady month in year 1, $440 in year 2, $484 in year 3
    assert (p.month(12).earned, p.month(13).earned, p.month(25).earned) == pytest.approx((400, 440, 484))
    # cost by year: 4,050 (start-up in it); 12 x 330 = 3,960; 12 x 363 = 4,356
    assert [y.cost for y in p.years] == pytest.approx([4050, 3960, 4356])


def test_psychotherapy_counts_in_full_from_month_1_and_rises_with_rates():
    therapy = [line.model_copy(update={"visits_per_month": 10 if line.code == "90834" else 0,
                                       "payment_per_visit": 40 if line.code == "90834" else 0})
               for line in fm.default_psychotherapy()]
    p = pj.project(simple(psychotherapy=therapy, rate_increase_pct=10))
    # month 1: $100 + 10 x $40 = $500; month 13: ($400 + $400) x 1.1 = $880
    assert p.month(1).earned == pytest.approx(500)
    assert p.month(13).earned == pytest.approx(880)


def test_no_payback_is_said_in_words():
    # cost $900 a month (salary $10,800), the program earns $400 a month at most
    p = pj.project(simple(care_manager_salary=10_800))
    assert p.payback_month is None
    assert any(line.startswith("Payback: the cumulative net stays below 0 through month 36") for line in p.explanation)
    ways = pj.break_even_three_ways(simple(care_manager_salary=10_800), p)
    assert ways.payback.answer.startswith("Not within 36 months")


# --- Properties ------------------------------------------------------------------------------


def _payer_cases() -> list[fm.FinancialInputs]:
    commercial = fm.PayerShare(name="Commercial", share_pct=40, relative_rate_pct=120, pays_g_codes=False,
                               addon_cap=1)
    medicare = fm.PayerShare(name="Medicare", share_pct=60, relative_rate_pct=100, patient_share_pct=20)
    return [
        fm.FinancialInputs(),  # the defaults: minute bands
        fm.FinancialInputs(payer_mix=[medicare, commercial], ramp_months=9),
        fm.FinancialInputs(billing_mode="fqhc_rhc", billing_year=2025, rates=fm.table_rates(2025)),  # G0512
        fm.FinancialInputs(volume_method="share", billable_share_pct=60),
        fm.FinancialInputs(apcm_addons=True, payer_mix=[medicare, commercial]),
    ]


@pytest.mark.parametrize("case", range(5))
def test_more_minutes_never_lower_year_1_revenue(case):
    inputs = _payer_cases()[case]
    top = min(fm.max_billable_scale(inputs), 3.0)
    factors = [0, 0.25, 0.5, 0.8, 1.0] + [1 + (top - 1) * k / 4 for k in range(1, 5)]
    revenue = [pj.project(fm.with_billable_scale(inputs, f)).year(1).earned for f in sorted(factors)]
    assert all(b >= a - 1e-9 for a, b in zip(revenue, revenue[1:]))
    assert revenue[-1] > revenue[0]


def test_longer_minutes_in_every_phase_never_lower_year_1_revenue():
    previous = -1.0
    for avg in range(10, 160, 10):
        bands = fm.bands_from_averages(avg, avg * 0.6, avg * 0.3)
        revenue = pj.project(fm.FinancialInputs(minute_bands=bands)).year(1).earned
        assert revenue >= previous - 1e-6
        previous = revenue


@pytest.mark.parametrize("inputs", [simple(), simple(startup_costs=2000, rate_increase_pct=5),
                                    fm.FinancialInputs(care_manager_salary=40_000, new_enrollments_per_month=25,
                                                       ramp_months=9, rate_increase_pct=3)])
def test_a_longer_payment_lag_never_moves_the_payback_month_earlier(inputs):
    months = []
    for half_months in range(0, 25):
        p = pj.project(inputs.model_copy(update={"payment_lag_months": half_months / 2}))
        months.append(37 if p.payback_month is None else p.payback_month)
    assert months == sorted(months)
    assert months[0] < 37  # it does pay back without a lag


# --- Break-even three ways -------------------------------------------------------------------


def test_billable_share_break_even_worked_by_hand():
    # 50% of patient-months billable. Steady caseload 6: 2 first, 2 active, 2 monitoring.
    # Revenue at 50%: 2 x 0.5 x $100 + 4 x 0.5 x $50 = $200; net -$100. With none billable: net -$300.
    # Net rises $200 for 50 points, $4 a point: break-even at $300 / $4 = 75%.
    way = pj.break_even_three_ways(simple(billable_share_pct=50)).share
    assert way.value == pytest.approx(75)
    assert way.answer == "75% of patient-months reaching 16 minutes (today 50%)"
    assert "Break-even: $300.00 / $4.00 = 75% of patient-months (50% x 1.5)." in way.explanation


def test_billable_share_break_even_not_reachable_or_at_zero():
    # cost $700 a month: $700 / $4 a point = 175% of patient-months, more than all of them
    way = pj.break_even_three_ways(simple(billable_share_pct=50, care_manager_salary=8400)).share
    assert way.value is None
    assert way.answer == "Not reachable: it would take 175% of patient-months, more than all of them"
    # psychotherapy 10 x $40 = $400 a month covers the $300 cost: breaks even with no billable month
    therapy = [line.model_copy(update={"visits_per_month": 10 if line.code == "90834" else 0,
                                       "payment_per_visit": 40 if line.code == "90834" else 0})
               for line in fm.default_psychotherapy()]
    way = pj.break_even_three_ways(simple(billable_share_pct=50, psychotherapy=therapy)).share
    assert way.value == 0 and way.answer.startswith("0%")


def test_billable_share_in_bands_stops_where_a_phase_is_fully_billable():
    # the default bands: first months are all billable already; active months 100%, monitoring months 70% (an
    # average of 20 minutes spread over 10-30: 6 of the 20 minutes are under 16). Growing the billable share, each
    # phase stops at 100%, so the most is every patient-month billable; even then the default scenario loses money
    inputs = fm.FinancialInputs()
    way = pj.break_even_three_ways(inputs).share
    assert way.value is None
    assert way.answer.startswith("Not reachable: even 100% of patient-months billable leaves -$")
    assert any("a phase stops at 100%" in line for line in way.explanation)
    assert fm.max_billable_scale(inputs) == pytest.approx(100 / 70)  # the least billable phase: monitoring, 70%


def test_g0512_break_even_share_worked_by_hand():
    # a state Medicaid program paying G0512 at $150, a typed share: 40% of patient-months reach 70 / 60 minutes
    # (80% reach 16, which G0512 ignores). The steady caseload is 6 (2 new a month x 3 months), cost $300 a month,
    # one payer at 100%, all claims collected, no patient share. Revenue = 6 x share x $150 = $900 x share, so
    # break-even share = $300 / (6 x $150) = 1/3 = 33.3% (today 40%: 6 x 0.4 x $150 = $360, net +$60)
    rates = [fm.RateDefault(code=c, amount=150.0 if c == "G0512" else 0.0, year=2025, source="test")
             for c in fm.CODES]
    inputs = simple(billing_mode="g0512_medicaid", rates=rates, billable_share_pct=80, g0512_share_pct=40)
    way = pj.break_even_three_ways(inputs).share
    assert way.value == pytest.approx(100 / 3)
    assert way.answer == ("33.3% of patient-months reaching 70 minutes (first month) or 60 (later), for G0512 "
                          "(today 40%)")


def test_tornado_billable_share_bar_shows_the_share_the_20_percent_gives():
    # the default bands: first and active months are 100% billable (averages 100 and 55 minutes spread from half
    # to one and a half times: all above 16); monitoring 70% (20 minutes spread over 10-30: 16-30 is 14 of the 20
    # minutes). 105 patients: 21 first + 42 active (21 x 2) + 42 monitoring.
    #   today: (21 + 42 + 42 x 0.70) / 105 = 92.4 / 105 = 88%
    #   20% higher: first and active stop at 100%; monitoring 70% x 1.2 = 84%: (21 + 42 + 35.28) / 105 = 93.6%
    #   20% lower: 80%, 80%, 56%: (16.8 + 33.6 + 23.52) / 105 = 73.92 / 105 = 70.4%
    bar = next(b for b in pj.tornado_bars(fm.FinancialInputs()).bars if b.key == "billable_share")
    assert (bar.low_text, bar.high_text) == ("70.4%", "93.6%")


def _bands(first: list[float], active: list[float], monitoring: list[float]) -> list[fm.MinuteBand]:
    return [fm.MinuteBand(band=i, first_pct=first[i], active_pct=active[i], monitoring_pct=monitoring[i])
            for i in range(7)]


def _shift(bands: list[fm.MinuteBand], phase: str, low: int, high: int) -> list[fm.MinuteBand]:
    """10% of the phase's months (or what band `low` holds, if less) moved from band `low` up to band `high`."""
    field = f"{phase}_pct"
    moved = min(10.0, getattr(bands[low], field))
    out = [b.model_copy() for b in bands]
    setattr(out[low], field, getattr(out[low], field) - moved)
    setattr(out[high], field, getattr(out[high], field) + moved)
    return out


@pytest.mark.parametrize("start", [
    _bands([10, 20, 30, 20, 10, 5, 5], [20, 30, 30, 10, 5, 5, 0], [40, 40, 15, 5, 0, 0, 0]),
    _bands([100, 0, 0, 0, 0, 0, 0], [0, 100, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 100]),
])
def test_more_minutes_never_lower_what_a_g_code_only_payer_brings(start):
    # a payer that pays G-codes but not 99492-99494 gets G2214 for a month that reaches more: moving months to a
    # higher band, or growing the billable share, never brings less (nor for the CPT payer beside it)
    payers = [fm.PayerShare(name="G-codes only", share_pct=60, pays_cpt=False, pays_g_codes=True),
              fm.PayerShare(name="Commercial", share_pct=40, relative_rate_pct=110, addon_cap=1)]
    base = fm.FinancialInputs(volume_method="bands", minute_bands=start, payer_mix=payers)
    collected = fm.compute(base).cocm_revenue.monthly
    for phase in fm.PHASES:
        for low in range(6):
            for high in range(low + 1, 7):
                more = base.model_copy(update={"minute_bands": _shift(start, phase, low, high)})
                assert fm.compute(more).cocm_revenue.monthly >= collected - 1e-9, (phase, low, high)
    previous = fm.compute(fm.with_billable_scale(base, 0.0)).cocm_revenue.monthly
    for factor in (0.25, 0.5, 0.75, 1.0, 1.1, 1.25, 1.5, 2.0):
        now = fm.compute(fm.with_billable_scale(base, factor)).cocm_revenue.monthly
        assert now >= previous - 1e-9, factor
        previous = now


def test_steady_caseload_break_even_is_the_models_own_and_says_when_over_capacity():
    # 50% billable: a steady patient brings 1/3 x 0.5 x $100 + 2/3 x 0.5 x $50 = $33.33 a month;
    # $300 / $33.33 = 9 patients
    ways = pj.break_even_three_ways(simple(billable_share_pct=50))
    assert ways.steady.value == pytest.approx(9)
    assert ways.steady.answer.startswith("9 patients")
    # the working, in words: 1/3 of a patient's months first x 50% = 0.1667 x $100, 2/3 later x 50% = 0.3333 x $50
    assert ways.steady.explanation[-1] == ("Break-even caseload: $300.00 / $33.33 = 9 patients (9 per full-time care "
                                           "manager), with 3 new patients a month.")  # 9 / 3 months in care = 3
    assert "0.1667 x $100.00 (99492) + 0.3333 x $50.00 (99493) = $33.33" in ways.steady.explanation[1]
    # the defaults: the hours carry 117 patients. Contacts booked with 10% missed: first (60 + 2 x 25) / 0.9 =
    # 122.22, active 2 x 25 / 0.9 = 55.56, monitoring 1 x 15 / 0.9 = 16.67 minutes; a 5-month episode (1 first, 2
    # active, 2 monitoring) averages (122.22 + 111.11 + 33.33) / 5 = 53.33 minutes; 24 direct hours x 52 / 12 x
    # 60 = 6,240 minutes a month / 53.33 = 117 patients, fewer than the break-even caseload
    default = pj.break_even_three_ways(fm.FinancialInputs()).steady
    assert "more than the 117 patients the care manager's hours carry" in default.answer
    assert [w.title for w in ways] == ["Break-even caseload (steady months)",
                                       "Break-even share of billable months (at the planned caseload)",
                                       "Payback month (36-month budget)"]
    assert ways.payback.answer.startswith("Not within 36 months")  # 50% billable: $200 a month against $300
    assert pj.break_even_three_ways(simple()).payback.answer == "Month 10"


# --- Tornado ---------------------------------------------------------------------------------


def test_tornado_one_bar_per_input_largest_swing_first_worked_by_hand():
    result = pj.tornado_bars(simple())
    assert result.base_net == pytest.approx(1200)  # year 2: $4,800 - $3,600
    assert len(result.bars) == len(pj.MOVERS) == 10
    assert len({b.key for b in result.bars}) == 10
    swings = [b.swing for b in result.bars]
    assert swings == sorted(swings, reverse=True)
    bar = {b.key: b for b in result.bars}
    # new patients 1.6 / 2.4: year-2 revenue $4,800 x 0.8 / 1.2 = $3,840 / $5,760 -> net $240 / $2,160
    assert (bar["new_enrollments_per_month"].low_net, bar["new_enrollments_per_month"].high_net) == pytest.approx(
        (240, 2160))
    assert (bar["rates"].low_net, bar["rates"].high_net) == pytest.approx((240, 2160))
    assert result.bars[0].key == "new_enrollments_per_month" and result.bars[0].swing == pytest.approx(1920)
    # salary $2,880 / $4,320: cost $240 / $360 a month, $2,880 / $4,320 a year -> net $1,920 / $480
    assert (bar["care_manager_salary"].low_net, bar["care_manager_salary"].high_net) == pytest.approx((1920, 480))
    # months in care 2.4 / 3.6 (active 1 held): steady month 2 x $100 + 2 x $50 + 0.8 / 3.2 x $50 = $340 / $460,
    # a year $4,080 / $5,520 -> net $480 / $1,920
    assert (bar["episode_months"].low_net, bar["episode_months"].high_net) == pytest.approx((480, 1920))
    # claims collected 100% cannot go higher: 80% -> $3,840 -> $240; the high end stays at today's $1,200
    assert (bar["collection_rate_pct"].high_value, bar["collection_rate_pct"].high_net) == (100, 1200)
    assert bar["collection_rate_pct"].low_net == pytest.approx(240)
    # inputs at 0 are listed, with no change
    for key in ("benefits_pct", "consultant_hours_per_week", "overhead_pct", "payment_lag_months"):
        assert bar[key].low_net == bar[key].high_net == 1200 and bar[key].swing == 0


def test_tornado_block_and_its_words():
    block = pj.tornado(simple())
    assert isinstance(block, Tornado)
    assert block.labels[0] == "New patients a month" and len(block.labels) == 10
    assert block.base == pytest.approx(1200)
    lines = pj.tornado_lines(block)
    assert lines[0] == "Year-2 net (months 13-24) at today's inputs: $1,200."
    assert "Care manager salary: at $2,880 $1,920; at $4,320 $480.00 (a swing of $1,440)." in lines
    assert "Overhead (% of staff costs): 0% to 0%, no change." in lines
    assert "Claims collected is already at its highest, 100%: it cannot pass 100%." in lines


def test_tornado_months_in_care_never_below_one_month():
    bar = next(b for b in pj.tornado_bars(simple(episode_months=1, active_months=0)).bars
               if b.key == "episode_months")
    assert bar.low_value == 1 and "cannot go below 1" in bar.note


def test_tornado_on_screen_draws_both_ends_from_today():
    from planning.charts import tornado_figure

    fig = tornado_figure(pj.tornado(simple()))
    low, high = fig.data
    assert list(low.base) == [pytest.approx(1200)] * 10
    assert low.x[0] == pytest.approx(240 - 1200) and high.x[0] == pytest.approx(2160 - 1200)
    assert list(fig.layout.yaxis.ticktext)[0] == "New patients a month"


# --- Report content --------------------------------------------------------------------------


def test_cash_flow_chart_and_table():
    p = pj.project(simple())
    chart = pj.cash_flow_chart(p)
    assert isinstance(chart, Chart) and [s.name for s in chart.series] == ["Cumulative net"]
    assert chart.series[0].y[9] == pytest.approx(50)
    monthly = pj.monthly_chart(p)
    assert [s.name for s in monthly.series] == ["Cost", "Cash received", "Net in the month"]
    # month 1 of the small case: cost $300 + $450 start-up = $750, $100 received, net -$650
    assert (monthly.series[0].y[0], monthly.series[1].y[0], monthly.series[2].y[0]) == (750, 100, -650)
    assert chart.ref_lines == (RefLine("y", 0.0, "Break-even (net 0)"),)
    assert (chart.mark.x, chart.mark.label) == (10, "Pays back in month 10")
    assert pj.cash_flow_chart(pj.project(simple(care_manager_salary=10_800))).mark is None
    table = pj.cash_flow_table(pj.project(simple(payment_lag_months=2)))
    assert len(table.rows) == 36
    assert table.columns == ("Month", "Year", "New patients", "Caseload", "Revenue earned", "Cash received", "Cost",
                             "Net", "Cumulative net")
    assert table.rows[0] == ("1", "1", "1", "1", "$100.00", "$0.00", "$750.00", "-$750.00", "-$750.00")
    assert table.rows[12][:2] == ("13", "2")


def test_report_blocks_hold_the_budget_break_even_references_and_tornado_but_not_the_36_rows():
    blocks = pj.report_blocks(simple(), "Base case")
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert headings == ["36-month budget: Base case", "Break-even three ways: Base case",
                        "What moves the year-2 net most: Base case"]
    tables = [b for b in blocks if isinstance(b, Table)]
    assert all(len(t.rows) < 36 for t in tables)
    years = next(t for t in tables if t.caption == "The 36-month budget, year by year")
    assert years.rows[3] == ("Net (cash received - cost)", "$250.00", "$1,200", "$1,200", "$2,650")
    facts = dict(next(b for b in blocks if isinstance(b, KeyValues)).rows)
    assert facts["Payback month"] == "Month 10"
    assert "Path Forward, 2023" in facts["Start-up costs"]
    refs = next(t for t in tables if t.columns == ("Reference", "Figure", "Source"))
    assert [row[2] for row in refs.rows] == ["April Health, 2026; a vendor figure", "Path Forward, 2023"]
    paras = [b.text for b in blocks if isinstance(b, Para)]
    assert "Payback month (36-month budget): Month 10." in paras
    assert sum(isinstance(b, Tornado) for b in blocks) == 1 and sum(isinstance(b, Chart) for b in blocks) == 2  # each month; cumulative
