"""The 36-month budget: ramp-up and cash flow, break-even three ways, and the tornado chart (issue 9, items 5, 6, 8).

Pure: plain numbers in (worksheets.financial_model inputs), frozen dataclasses and report content out. Every
formula below can be redone by hand or in a spreadsheet; "x" is multiplication, month t runs 1..36.

New patients (the ramp-up)
    N = new patients a month at full pace, R = months until enrollment reaches full pace.
    new patients in month t = N x min(1, t / R)          (R = 0: N from month 1)
    Example: N = 2, R = 2 -> month 1 enrolls 1, month 2 and after enroll 2.

Months in care and phases
    E = average months in care, A = active months after the first (never more than E - 1), M = E - 1 - A
    monitoring months. Lay an episode on a time line from 0 to E months: the first month is 0-1, the active
    months 1 to 1 + A, the monitoring months 1 + A to E. A patient's k-th calendar month (k = 1, 2, ...) covers
    k - 1 to k, and counts for the part of it inside the episode, split over the phases by the same time line:
        weight of month k = clamp(E - (k - 1), 0, 1)       E = 2.5: 1, 1, 0.5 (then 0)
        E = 3, A = 1.5: month 1 first; month 2 active; month 3 half active, half monitoring.
    Patient-months of a phase in month t = sum over k of (new patients in month t - k + 1) x (that phase's part
    of month k). Caseload in month t = the three phases added; it settles at N x E (each month N first months,
    N x A active and N x M monitoring: the steady caseload of worksheets.financial_model).

Revenue earned in month t (what the month's care brings once paid, before the payment lag)
    year of month t: y = (t - 1) // 12 + 1; rate factor = (1 + yearly change in payment rates / 100) ^ (y - 1)
    F, V, W = what one first / active / monitoring patient-month brings, collected: the payer mix, the codes each
    payer pays, add-on caps, the patient's cost share collected and the claims collected, at year-1 rates
    (financial_model.cocm_money of one patient-month in that phase; the billing is a straight line in the
    patient-months, so month t's billing is exactly these three prices times its patient-months).
    P = psychotherapy billed on its own a month, counted in full from month 1.
    earned_t = (first_t x F + active_t x V + monitoring_t x W + P) x rate factor

Cash received
    cash_t = earned_(t - L), L = payment lag in months: months 1..L receive nothing. A lag with a fraction is
    split between the two whole months around it: with 2.5, half of a month's money arrives 2 months later and
    half 3 months later. Money earned in the last L months arrives after month 36 and is not in the 36 months.

Cost
    cost_t = ongoing cost a month x (1 + yearly salary increase / 100) ^ (y - 1), + one-time start-up costs in
    month 1 (ongoing cost = care manager, consultant, other staff and overhead: financial_model.monthly_cost).

Net and payback
    net_t = cash_t - cost_t; cumulative_t = net_1 + ... + net_t.
    payback month = the first month whose cumulative net is 0 or more (none within 36 months is said in words).
    Year 1, 2, 3 = months 1-12, 13-24, 25-36: each year's cost, revenue earned, cash received and net added up.
    Caseload in month 3 as a share of the steady caseload N x E is shown beside the vendor figure of 20-40% of
    the caseload target in the first 90 days; the start-up costs beside the published median (REFERENCES).

Break-even three ways
    1. Steady caseload: financial_model.compute(inputs).break_even, with its own working (it says when the
       caseload is more than the care manager's hours carry).
    2. Billable share at the planned caseload: scale every billable share by s (financial_model.
       with_billable_scale; billable means reaching 16 minutes, or G0512's 70 / 60; the months below take the
       rest, and each phase stops at 100%). With one typed share net is a straight line in s:
           net(s) = a + b x s,  a = net(0) (costs less psychotherapy), b = net(1) - net(0)
       Break-even scale s* = -a / b; break-even share = today's share x s*. Not reachable when s* is past what
       the shares can grow to (a share of 100%: financial_model.max_billable_scale) or b = 0; 0 when a >= 0.
       With minute bands the phases reach 100% one by one, so the net is searched for by halving instead.
    3. Payback month of the 36-month budget, above.

Tornado
    Year-2 net (months 13-24 of the budget) with each input 20% lower and 20% higher, one at a time, everything
    else as entered; inputs sorted by swing (the distance between the lowest and highest of the three nets),
    largest first. New patients a month move with the caseload typed in (the budget's caseload is always new
    patients x months in care); months in care move with new patients held (the monitoring months take the
    change, never below 1 month); the billable share and the claims collected stop at 100%. An input at 0
    cannot move and is listed with no change.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable, Iterator

from worksheets import financial_model as fm
from worksheets.content import Block, Bullets, Chart, Heading, KeyValues, Mark, Para, RefLine, Series, Table, Tornado
from worksheets.fields import money, num, pct

HORIZON = fm.HORIZON_MONTHS
SWING = 0.2  # the tornado moves each input 20% down and up

# Figures shown beside the ramp-up and start-up inputs: (label, text, source).
RAMP_REFERENCE = ("Caseload reached in the first 90 days", "20-40% of the caseload target in the first 90 days",
                  "April Health, 2026; a vendor figure")
STARTUP_REFERENCE = ("Start-up costs per clinic", "median $160,000 per clinic, range $49,000-$653,000, about 70% "
                     "leadership staff time", "Path Forward, 2023")
REFERENCES: tuple[tuple[str, str, str], ...] = (RAMP_REFERENCE, STARTUP_REFERENCE)
REFERENCE_FOR_FIELD: dict[str, tuple[str, str, str]] = {"ramp_months": RAMP_REFERENCE,
                                                        "startup_costs": STARTUP_REFERENCE}


def reference_text(ref: tuple[str, str, str]) -> str:
    """'20-40% of the caseload target in the first 90 days (April Health, 2026; a vendor figure)'."""
    return f"{ref[1]} ({ref[2]})"


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: int  # 1..36
    year: int  # 1..3
    new_patients: float
    phases: fm.Phases  # patient-months this month by phase
    earned: float  # revenue earned by this month's care (collected later, after the lag)
    cash: float  # money received this month
    cost: float  # ongoing cost, + start-up costs in month 1
    net: float  # cash - cost
    cumulative: float  # net of months 1..this

    @property
    def caseload(self) -> float:
        return self.phases.total


@dataclass(frozen=True)
class YearTotal:
    year: int
    earned: float
    cash: float
    cost: float
    net: float
    cumulative: float  # cumulative net at the year's end


@dataclass(frozen=True)
class Projection:
    months: tuple[MonthRow, ...]
    years: tuple[YearTotal, ...]
    payback_month: int | None  # first month with cumulative net >= 0; None within 36 months
    steady_caseload: float  # N x E
    full_month: int | None  # first month at the steady caseload (None: not within 36 months)
    month3_share: float | None  # caseload in month 3 / steady caseload (0-1); None with no new patients
    phase_revenue: tuple[float, float, float]  # F, V, W: a first / active / monitoring patient-month, year 1
    psychotherapy: float  # P a month, year 1
    base_cost: float  # ongoing cost a month in year 1
    startup: float
    lag: float
    after_horizon: float  # earned within 36 months, received after month 36
    explanation: tuple[str, ...]

    def month(self, t: int) -> MonthRow:
        return self.months[t - 1]

    def year(self, y: int) -> YearTotal:
        return self.years[y - 1]


@dataclass(frozen=True)
class BreakEvenWay:
    title: str
    answer: str  # one line: the figure, or why there is none
    explanation: tuple[str, ...]
    value: float | None = None  # patients / share (%) / month; None when there is none


@dataclass(frozen=True)
class BreakEvenSet:
    steady: BreakEvenWay  # the steady caseload (financial_model's break-even)
    share: BreakEvenWay  # the billable share at the planned caseload
    payback: BreakEvenWay  # the payback month of the budget

    def __iter__(self) -> Iterator[BreakEvenWay]:
        return iter((self.steady, self.share, self.payback))


@dataclass(frozen=True)
class TornadoBar:
    key: str
    label: str
    low_value: float  # the input 20% lower (capped where it must stop)
    high_value: float
    low_net: float  # year-2 net with it
    high_net: float
    base_value: float
    base_net: float
    low_text: str  # the input's value in words: "$57,600"
    high_text: str
    note: str = ""  # a cap or why it cannot move

    @property
    def swing(self) -> float:
        nets = (self.low_net, self.high_net, self.base_net)
        return max(nets) - min(nets)


@dataclass(frozen=True)
class TornadoSet:
    base_net: float  # year-2 net at today's inputs
    bars: tuple[TornadoBar, ...]  # largest swing first
    notes: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# The projection
# --------------------------------------------------------------------------------------------


def new_patients(inputs: fm.FinancialInputs, t: int) -> float:
    """N x min(1, t / R); R = 0: N from month 1."""
    n, r = inputs.new_enrollments_per_month, inputs.ramp_months
    return n if r <= 0 else n * min(1.0, t / r)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def episode_weights(inputs: fm.FinancialInputs) -> tuple[fm.Phases, ...]:
    """A patient's k-th month (k = 1..ceil(E)) split over the phases by the episode's time line."""
    e = inputs.episode_months
    active, _ = inputs.episode_split
    out = []
    for k in range(1, max(1, math.ceil(e - 1e-9)) + 1):
        lo, hi = k - 1.0, float(k)
        out.append(fm.Phases(_overlap(lo, hi, 0.0, min(1.0, e)), _overlap(lo, hi, 1.0, min(1.0 + active, e)),
                             _overlap(lo, hi, 1.0 + active, e)))
    return tuple(out)


def phase_revenue(inputs: fm.FinancialInputs) -> tuple[float, float, float]:
    """F, V, W: what one first / active / monitoring patient-month brings, collected, at year-1 rates."""
    return tuple(fm.cocm_money(inputs, fm.Phases(*(1.0 if i == j else 0.0 for j in range(3)))).expected_total
                 for i in range(3))  # type: ignore[return-value]


def _factor(pct_a_year: float, year: int) -> float:
    return (1 + pct_a_year / 100) ** (year - 1)


def _lag_split(lag: float) -> tuple[int, float]:
    whole = math.floor(lag + 1e-9)
    part = lag - whole
    return whole, (0.0 if part < 1e-9 else part)


def project(inputs: fm.FinancialInputs) -> Projection:
    """The 36-month budget (module docstring)."""
    enrolled = [new_patients(inputs, t) for t in range(1, HORIZON + 1)]
    weights = episode_weights(inputs)
    f_rev, v_rev, w_rev = phase_revenue(inputs)
    psycho = fm.psychotherapy_monthly(inputs)
    base_cost = fm.monthly_cost(inputs)
    lag = inputs.payment_lag_months
    whole, part = _lag_split(lag)

    phases: list[fm.Phases] = []
    earned: list[float] = []
    for t in range(1, HORIZON + 1):
        first = active = monitoring = 0.0
        for k, w in enumerate(weights, start=1):
            if k > t:
                break
            n = enrolled[t - k]
            first += n * w.first
            active += n * w.active
            monitoring += n * w.monitoring
        p = fm.Phases(first, active, monitoring)
        phases.append(p)
        year = (t - 1) // 12 + 1
        earned.append((first * f_rev + active * v_rev + monitoring * w_rev + psycho)
                      * _factor(inputs.rate_increase_pct, year))

    def earned_at(t: int) -> float:
        return earned[t - 1] if 1 <= t <= HORIZON else 0.0

    rows: list[MonthRow] = []
    cumulative = 0.0
    for t in range(1, HORIZON + 1):
        year = (t - 1) // 12 + 1
        cash = (1 - part) * earned_at(t - whole) + part * earned_at(t - whole - 1)
        cost = base_cost * _factor(inputs.salary_increase_pct, year) + (inputs.startup_costs if t == 1 else 0.0)
        net = cash - cost
        cumulative += net
        rows.append(MonthRow(t, year, enrolled[t - 1], phases[t - 1], earned[t - 1], cash, cost, net, cumulative))

    years = []
    for y in (1, 2, 3):
        chunk = rows[(y - 1) * 12: y * 12]
        years.append(YearTotal(y, sum(r.earned for r in chunk), sum(r.cash for r in chunk),
                               sum(r.cost for r in chunk), sum(r.net for r in chunk), chunk[-1].cumulative))
    payback = next((r.month for r in rows if r.cumulative >= 0), None)
    steady = inputs.new_enrollments_per_month * inputs.episode_months
    full = next((r.month for r in rows if steady > 0 and r.caseload >= steady - 1e-9), None)
    share3 = rows[2].caseload / steady if steady > 0 else None
    received = sum(r.cash for r in rows)
    after = sum(earned) - received
    proj = Projection(tuple(rows), tuple(years), payback, steady, full, share3, (f_rev, v_rev, w_rev), psycho,
                      base_cost, inputs.startup_costs, lag, after, ())
    return replace(proj, explanation=_explanation(inputs, proj, weights))


def _explanation(inputs: fm.FinancialInputs, p: Projection, weights: tuple[fm.Phases, ...]) -> tuple[str, ...]:
    n, r, e = inputs.new_enrollments_per_month, inputs.ramp_months, inputs.episode_months
    active, monitoring = inputs.episode_split
    m1, m2 = p.month(1), p.month(2)
    lines = []
    if r <= 1:
        lines.append(f"New patients: {num(n)} a month from month 1 (months until full pace: {num(r)}).")
    else:
        lines.append(f"New patients: {num(n)} a month at full pace, reached in month {num(r)}; until then month t "
                     f"enrolls {num(n)} x t / {num(r)} (month 1: {num(m1.new_patients)}, month 2: "
                     f"{num(m2.new_patients)}).")
    last = weights[-1].total
    parts = ("each of those months in full" if last >= 1 - 1e-9 else
             f"a patient's last month, month {len(weights)}, counting {num(last)} of a month")
    line = (f"Each patient stays {num(e)} month{'' if e == 1 else 's'}: 1 first month, {num(active)} active and {num(monitoring)} "
            f"monitoring. A month's caseload counts everyone enrolled in the last {len(weights)} "
            f"month{'s' if len(weights) != 1 else ''}, {parts}")
    if any(w.active > 0 and w.monitoring > 0 for w in weights):
        line += " (a month that is part active, part monitoring is split by time)"
    if p.full_month is not None:
        line += (f". The caseload reaches the steady {num(n)} x {num(e)} = {num(p.steady_caseload, 1)} patients "
                 f"in month {p.full_month}.")
    elif p.steady_caseload > 0:
        line += (f". The caseload has not reached the steady {num(n)} x {num(e)} = {num(p.steady_caseload, 1)} "
                 f"patients by month 36 ({num(p.month(HORIZON).caseload, 1)}).")
    else:
        line += ". With no new patients there is no caseload."
    lines.append(line)
    if p.month3_share is not None:
        lines.append(f"Caseload in month 3: {num(p.month(3).caseload, 1)} patients, {pct(round(p.month3_share * 100, 1))} "
                     f"of the steady caseload. For reference: {reference_text(RAMP_REFERENCE)}.")
    f_rev, v_rev, w_rev = p.phase_revenue
    lines.append(
        "What one patient-month brings once paid, at year-1 rates, after the payer mix, the codes each payer pays, "
        f"the patient's cost share collected and the claims collected: first month {money(f_rev)}, active month "
        f"{money(v_rev)}, monitoring month {money(w_rev)}"
        + (f"; psychotherapy billed on its own adds {money(p.psychotherapy)} a month, in full from month 1."
           if p.psychotherapy else "."))
    rate2, rate3 = _factor(inputs.rate_increase_pct, 2), _factor(inputs.rate_increase_pct, 3)
    lines.append(
        f"Revenue earned in a month = first months x {money(f_rev)} + active months x {money(v_rev)} + monitoring "
        f"months x {money(w_rev)}" + (f" + {money(p.psychotherapy)}" if p.psychotherapy else "")
        + (f", times {num(rate2, 4)} in year 2 and {num(rate3, 4)} in year 3 ({pct(inputs.rate_increase_pct)} "
           "yearly change in payment rates)" if inputs.rate_increase_pct else "")
        + f". Month 1: {_month_working(m1, p)}; month 2: {_month_working(m2, p)}.")
    whole, part = _lag_split(p.lag)
    if p.lag <= 0:
        lines.append("Cash: paid in the month of care (no payment lag).")
    elif part:
        lines.append(f"Cash: a payment lag of {num(p.lag)} months; {pct(round((1 - part) * 100, 2))} of a month's "
                     f"money arrives {_later(whole)} and {pct(round(part * 100, 2))} {_later(whole + 1)}, "
                     f"so month {whole + 1} receives {money(p.month(whole + 1).cash) if whole + 1 <= HORIZON else '$0'}.")
    else:
        lines.append(f"Cash: the money for a month's care arrives {whole} month{'s' if whole != 1 else ''} later, so "
                     + (f"month 1 receives nothing" if whole == 1 else f"months 1-{whole} receive nothing")
                     + (f" and month {whole + 1} receives month 1's {money(m1.earned)}." if whole < HORIZON else "."))
    if p.lag > 0:
        lines.append(f"Money earned in the last months that arrives after month 36: {money(p.after_horizon)}; it is "
                     "not in the 36 months.")
    cost2, cost3 = (p.base_cost * _factor(inputs.salary_increase_pct, y) for y in (2, 3))
    lines.append(f"Cost: {money(p.base_cost)} a month in year 1"
                 + (f", {money(cost2)} in year 2 and {money(cost3)} in year 3 ({pct(inputs.salary_increase_pct)} "
                    "yearly salary increase on every staff cost and its overhead)" if inputs.salary_increase_pct
                    else " and every later month (no salary increase)")
                 + f", plus {money(p.startup)} start-up costs in month 1. For reference: "
                 f"{reference_text(STARTUP_REFERENCE)}.")
    lines.append("Net = cash received - cost; the cumulative net adds the months up, start-up costs included: "
                 f"{money(p.month(HORIZON).cumulative)} after 36 months.")
    lines.append(_payback_sentence(p))
    lines.append("; ".join(f"{'Y' if y.year == 1 else 'y'}ear {y.year}: cash {money(y.cash)} - cost {money(y.cost)} = net {money(y.net)}"
                           for y in p.years) + ".")
    if abs(p.steady_caseload - inputs.expected_caseload) > 1e-6:
        lines.append(f"The budget fills the caseload from new patients a month, so it settles at "
                     f"{num(p.steady_caseload, 1)} patients ({num(n)} x {num(e)}), not the {num(inputs.expected_caseload, 1)} "
                     "typed as the expected caseload, which the steady-month figures use.")
    return tuple(lines)


def _later(months: int) -> str:
    return "in the month of care" if months == 0 else f"{months} month{'s' if months != 1 else ''} later"


def _month_working(row: MonthRow, p: Projection) -> str:
    f_rev, v_rev, w_rev = p.phase_revenue
    ph = row.phases
    terms = [f"{num(x)} x {money(price)}" for x, price in ((ph.first, f_rev), (ph.active, v_rev),
                                                            (ph.monitoring, w_rev)) if x]
    if p.psychotherapy:
        terms.append(money(p.psychotherapy))
    return f"{' + '.join(terms) or '$0'} = {money(row.earned)}"


def _payback_sentence(p: Projection) -> str:
    if p.payback_month is None:
        worst = min(p.months, key=lambda r: r.cumulative)
        return (f"Payback: the cumulative net stays below 0 through month 36 ({money(p.month(HORIZON).cumulative)} "
                f"after 36 months; lowest {money(worst.cumulative)} in month {worst.month}), so the program does not "
                "pay back its costs within 36 months at these inputs.")
    m = p.payback_month
    text = f"Payback: month {m}, the first month whose cumulative net is 0 or more ("
    if m > 1:
        text += f"month {m - 1}: {money(p.month(m - 1).cumulative)}; "
    text += f"month {m}: {money(p.month(m).cumulative)})."
    later = next((r for r in p.months[m:] if r.cumulative < 0), None)
    if later is not None:
        text += (f" It falls below 0 again in month {later.month} ({money(later.cumulative)}), as costs rise faster "
                 "than the money received.")
    return text


# --------------------------------------------------------------------------------------------
# Break-even three ways
# --------------------------------------------------------------------------------------------


def _steady_way(inputs: fm.FinancialInputs) -> BreakEvenWay:
    be = fm.compute(inputs).break_even
    title = "Break-even caseload (steady months)"
    if be.caseload is None:
        return BreakEvenWay(title, f"None: {be.reason}", be.explanation)
    answer = f"{num(be.caseload, 1)} patients ({num(be.caseload_per_fte or 0, 1)} per full-time care manager)"
    if be.beyond_capacity:
        answer += (f": more than the {num(be.capacity, 1)} patients the care manager's hours carry, so not "
                   "reachable without more staff")
    return BreakEvenWay(title, answer, be.explanation, be.caseload)


def _share_way(inputs: fm.FinancialInputs) -> BreakEvenWay:
    title = "Break-even share of billable months (at the planned caseload)"
    share = fm.billable_share(inputs) * 100
    caseload = num(inputs.expected_caseload, 1)
    now = fm.net_monthly(inputs)
    none_billed = fm.net_monthly(fm.with_billable_scale(inputs, 0.0))
    slope = now - none_billed
    lines = [
        f"At the planned caseload of {caseload} patients, {pct(round(share, 1))} of patient-months reach the billing "
        f"minimum ({fm.billable_words(inputs)}) today, and the net is {money(now)} a month.",
        f"With no billable month the net would be {money(none_billed)} a month (the costs less psychotherapy income).",
    ]
    if none_billed >= 0:
        lines.append("So the program breaks even with no billable month at all.")
        return BreakEvenWay(title, "0%: psychotherapy income alone covers the costs", tuple(lines), 0.0)
    if share <= 0:
        lines.append(f"No patient-month reaches {fm.billable_words(inputs)} today, so there is no share to scale up; "
                     "enter the minutes (or a billable share) first.")
        return BreakEvenWay(title, "None: no patient-month is billable today", tuple(lines))
    if slope <= 1e-9:
        lines.append("Billable months bring nothing with these inputs (the payers pay none of the codes billed, or the "
                     "rates are 0), so a larger share does not help.")
        return BreakEvenWay(title, "None: billable months bring no income", tuple(lines))
    if inputs.volume_method == "share":  # one typed share: the net is a straight line in it up to 100%
        scale = -none_billed / slope
        per_point = slope / share
        needed = share * scale
        lines.append(f"Net rises in a straight line with the share: from {money(none_billed)} at 0% to {money(now)} "
                     f"at {pct(round(share, 1))}, {money(slope)} a month more, or {money(per_point)} a month per "
                     "percentage point.")
        lines.append(f"Break-even: {money(-none_billed)} / {money(per_point)} = {pct(round(needed, 1))} of "
                     f"patient-months ({pct(round(share, 1))} x {num(scale, 3)}).")
        if needed > 100 + 1e-9:
            lines.append("That is more than all patient-months: billing more months alone does not break even; the "
                         "caseload or costs must change.")
            return BreakEvenWay(title, f"Not reachable: it would take {pct(round(needed, 1))} of patient-months, more "
                                       "than all of them", tuple(lines), None)
        answer = (f"{pct(round(needed, 1))} of patient-months reaching {fm.billable_words(inputs)} (today "
                  f"{pct(round(share, 1))})")
        return BreakEvenWay(title, answer, tuple(lines), needed)
    top = fm.max_billable_scale(inputs)
    best = fm.net_monthly(fm.with_billable_scale(inputs, top))
    most = fm.billable_share(fm.with_billable_scale(inputs, top)) * 100
    lines.append("More billable months raise the net: each phase's billable minute bands grow alike, and a phase "
                 f"stops at 100%. With every phase fully billable ({pct(round(most, 1))} of patient-months) the net "
                 f"would be {money(best)} a month.")
    if best < 0:
        lines.append("So billing more months alone does not break even; the caseload or costs must change.")
        return BreakEvenWay(title, f"Not reachable: even {pct(round(most, 1))} of patient-months billable leaves "
                                   f"{money(best)} a month", tuple(lines), None)
    low, high = 0.0, top
    for _ in range(60):  # net grows with the scale, so halving the interval finds where it crosses 0
        mid = (low + high) / 2
        if fm.net_monthly(fm.with_billable_scale(inputs, mid)) >= 0:
            high = mid
        else:
            low = mid
    scale = high
    needed = fm.billable_share(fm.with_billable_scale(inputs, scale)) * 100
    lines.append(f"Searching between none and all billable, the net reaches 0 when {pct(round(needed, 1))} of "
                 f"patient-months reach {fm.billable_words(inputs)} (each phase's billable share x {num(scale, 3)}, "
                 f"capped at 100%); today it is {pct(round(share, 1))}.")
    answer = (f"{pct(round(needed, 1))} of patient-months reaching {fm.billable_words(inputs)} (today "
              f"{pct(round(share, 1))})")
    return BreakEvenWay(title, answer, tuple(lines), needed)


def _payback_way(p: Projection) -> BreakEvenWay:
    title = "Payback month (36-month budget)"
    lines = [f"The cumulative net adds each month's cash received less its cost, from month 1 with its "
             f"{money(p.startup)} start-up costs, through the ramp-up"
             + (f" and a payment lag of {num(p.lag)} months." if p.lag else "."), _payback_sentence(p)]
    if p.payback_month is None:
        return BreakEvenWay(title, f"Not within 36 months ({money(p.month(HORIZON).cumulative)} after 36 months)",
                            tuple(lines))
    return BreakEvenWay(title, f"Month {p.payback_month}", tuple(lines), float(p.payback_month))


def break_even_three_ways(inputs: fm.FinancialInputs, projection: Projection | None = None) -> BreakEvenSet:
    projection = projection or project(inputs)
    return BreakEvenSet(_steady_way(inputs), _share_way(inputs), _payback_way(projection))


# --------------------------------------------------------------------------------------------
# Tornado: year-2 net with each input 20% lower and higher
# --------------------------------------------------------------------------------------------


def year2_net(inputs: fm.FinancialInputs) -> float:
    return project(inputs).year(2).net


@dataclass(frozen=True)
class _Mover:
    key: str
    label: str
    value: Callable[[fm.FinancialInputs], float]  # today's value
    move: Callable[[fm.FinancialInputs, float], fm.FinancialInputs]  # inputs at a factor (0.8 / 1.2)
    text: Callable[[float], str]
    limit: Callable[[fm.FinancialInputs], tuple[float, float]]  # (lowest, highest) value it may take


def _set(name: str) -> Callable[[fm.FinancialInputs, float], fm.FinancialInputs]:
    return lambda i, x: i.model_copy(update={name: x})


def _field(key: str, label: str, low: float = 0.0, high: float = math.inf) -> _Mover:
    return _Mover(key, label, lambda i: getattr(i, key), _set(key), lambda x: fm.shown(key, x),
                  lambda i: (low, high))


def _rates(i: fm.FinancialInputs, factor: float) -> fm.FinancialInputs:
    return i.model_copy(update={"rates": [r.model_copy(update={"amount": r.amount * factor}) for r in i.rates]})


def _enrollments(i: fm.FinancialInputs, value: float) -> fm.FinancialInputs:
    factor = value / i.new_enrollments_per_month if i.new_enrollments_per_month else 1.0
    return i.model_copy(update={"new_enrollments_per_month": value,
                                "expected_caseload": i.expected_caseload * factor})


def _share_text(i: fm.FinancialInputs) -> Callable[[float], str]:
    """A billable-share scale in words: the share of patient-months it gives (phases stop at 100% one by one, so
    20% more months is not always 1.2 x today's share)."""
    return lambda factor: pct(round(fm.billable_share(fm.with_billable_scale(i, factor)) * 100, 1))


MOVERS: tuple[_Mover, ...] = (
    _Mover("new_enrollments_per_month", "New patients a month",
           lambda i: i.new_enrollments_per_month, _enrollments, lambda x: num(x, 1), lambda i: (0.0, math.inf)),
    _Mover("rates", "Collaborative Care payment rates", lambda i: 100.0,
           lambda i, x: _rates(i, x / 100), lambda x: f"x {num(x / 100, 2)}", lambda i: (0.0, math.inf)),
    _Mover("billable_share", "Patient-months reaching the billing minimum",
           lambda i: 1.0 if fm.billable_share(i) > 0 else 0.0, fm.with_billable_scale, lambda x: f"x {num(x, 2)}",
           lambda i: (0.0, fm.max_billable_scale(i))),
    _field("care_manager_salary", "Care manager salary"),
    _field("benefits_pct", "Benefits (% of salary)", high=100.0),
    _field("consultant_hours_per_week", "Psychiatric consultant hours a week"),
    _field("overhead_pct", "Overhead (% of staff costs)", high=100.0),
    _field("collection_rate_pct", "Claims collected", high=100.0),
    _field("episode_months", "Months in care per patient", low=1.0, high=24.0),
    _field("payment_lag_months", "Payment lag (months)", high=float(fm.MAX_LAG_MONTHS)),
)


def _snap(value: float, base: float) -> float:
    """The base itself when a moved input leaves the net where it was (to the cent): no float noise as a swing."""
    return base if abs(value - base) < 0.005 else value


def tornado_bars(inputs: fm.FinancialInputs) -> TornadoSet:
    """Year-2 net with each main input 20% lower and 20% higher, one at a time, largest swing first."""
    base = year2_net(inputs)
    bars = []
    for m in MOVERS:
        if m.key == "billable_share":
            m = replace(m, text=_share_text(inputs))
        today = m.value(inputs)
        lowest, highest = m.limit(inputs)
        low = min(max(today * (1 - SWING), lowest), today)
        high = max(min(today * (1 + SWING), highest), today)
        note = ""
        if today == 0:
            note = f"{m.label} is 0 today, so 20% either way is still 0: no change."
        else:
            if high < today * (1 + SWING) - 1e-9:
                stop = (f"{m.label} is already at its highest, {m.text(high)}" if high == today else
                        f"{m.label} stops at {m.text(high)}")
                if m.key == "billable_share":
                    why = f"there every patient-month reaches {fm.billable_words(inputs)}"
                else:
                    why = f"it cannot pass {m.text(highest)}"
                note = f"{stop}: {why}."
            if low > today * (1 - SWING) + 1e-9:
                note = (note + " " if note else "") + (f"{m.label} stops at {m.text(low)}: it cannot go below "
                                                       f"{m.text(lowest)}.")
        low_net = base if low == today else _snap(year2_net(m.move(inputs, low)), base)
        high_net = base if high == today else _snap(year2_net(m.move(inputs, high)), base)
        if m.key == "payment_lag_months" and today > 0 and low_net == high_net == base:
            note = ("A payment lag only moves money between months: once every month earns the same (a steady "
                    "caseload, rates unchanged), year 2 receives as much with a shorter or a longer lag.")
        bars.append(TornadoBar(m.key, m.label, low, high, low_net, high_net, today, base, m.text(low), m.text(high),
                               note))
    order = sorted(range(len(bars)), key=lambda k: (-bars[k].swing, k))
    notes = (
        "Each input moves 20% down and 20% up on its own; everything else stays as entered. The bars show the "
        "year-2 net (months 13-24 of the 36-month budget) at each end.",
        "New patients a month move the whole caseload with them (the budget's caseload is new patients x months "
        "in care); months in care move with new patients held, the monitoring months taking the change.",
        f"The share of patient-months reaching {fm.billable_words(inputs)} moves every billable band (or the typed "
        "share) 20% alike, each phase stopping at 100%, so the share shown is what that gives; claims collected stop "
        "at 100%.",
    )
    return TornadoSet(base, tuple(bars[k] for k in order), notes)


def tornado_block(result: TornadoSet) -> Tornado:
    return Tornado(
        title="What moves the year-2 net most: each input 20% lower and 20% higher",
        value_label="Year-2 net (months 13-24)",
        base=result.base_net,
        labels=tuple(b.label for b in result.bars),
        low=tuple(b.low_net for b in result.bars),
        high=tuple(b.high_net for b in result.bars),
        low_text=tuple(b.low_text for b in result.bars),
        high_text=tuple(b.high_text for b in result.bars),
        base_label=f"Today's inputs: {money(result.base_net)}",
        low_name="Input 20% lower",
        high_name="Input 20% higher",
        value_format="money",
        notes=result.notes + tuple(b.note for b in result.bars if b.note),
    )


def tornado(inputs: fm.FinancialInputs) -> Tornado:
    """The tornado chart as a report/screen block (planning.charts.tornado_figure, planning.report)."""
    return tornado_block(tornado_bars(inputs))


def tornado_lines(block: Tornado) -> tuple[str, ...]:
    """The tornado's figures in words, for "how this was computed"."""
    lines = [f"{block.value_label} at today's inputs: {money(block.base)}."]
    for k, label in enumerate(block.labels):
        low_t = block.low_text[k] if block.low_text else "lower"
        high_t = block.high_text[k] if block.high_text else "higher"
        swing = max(block.low[k], block.high[k], block.base) - min(block.low[k], block.high[k], block.base)
        if swing < 0.005:
            lines.append(f"{label}: {low_t} to {high_t}, no change.")
        else:
            lines.append(f"{label}: at {low_t} {money(block.low[k])}; at {high_t} {money(block.high[k])} "
                         f"(a swing of {money(swing)}).")
    return tuple(lines) + block.notes


# --------------------------------------------------------------------------------------------
# Report and screen content
# --------------------------------------------------------------------------------------------


def cash_flow_chart(projection: Projection) -> Chart:
    """The cumulative net over 36 months (start-up costs in month 1), a line at 0 and the payback month marked."""
    xs = tuple(float(r.month) for r in projection.months)
    mark = None
    if projection.payback_month is not None:
        row = projection.month(projection.payback_month)
        mark = Mark(float(row.month), row.cumulative, f"Pays back in month {row.month}")
    return Chart(
        title="Cumulative net over 36 months (start-up costs in month 1)",
        x_label="Month", y_label="Cumulative net (cash received - cost)",
        series=(Series("Cumulative net", xs, tuple(r.cumulative for r in projection.months)),),
        ref_lines=(RefLine("y", 0.0, "Break-even (net 0)"),), x_format="number", y_format="money", mark=mark)


def monthly_chart(projection: Projection) -> Chart:
    """Each month's cost, cash received and net (month 1 with the start-up costs)."""
    xs = tuple(float(r.month) for r in projection.months)
    return Chart(
        title="Each month: cost, cash received and net",
        x_label="Month", y_label="A month",
        series=(Series("Cost", xs, tuple(r.cost for r in projection.months)),
                Series("Cash received", xs, tuple(r.cash for r in projection.months)),
                Series("Net in the month", xs, tuple(r.net for r in projection.months))),
        ref_lines=(RefLine("y", 0.0, "Net 0"),), x_format="number", y_format="money")


CASH_FLOW_COLUMNS = ("Month", "Year", "New patients", "Caseload", "Revenue earned", "Cash received", "Cost", "Net",
                     "Cumulative net")


def cash_flow_table(projection: Projection) -> Table:
    """The 36 months, one row each (for a landscape page)."""
    rows = tuple((str(r.month), str(r.year), num(r.new_patients, 2), num(r.caseload, 1), money(r.earned),
                  money(r.cash), money(r.cost), money(r.net), money(r.cumulative)) for r in projection.months)
    lag = projection.lag
    return Table(
        CASH_FLOW_COLUMNS, rows, widths=(0.6, 0.5, 0.9, 0.8, 1.2, 1.2, 1.1, 1.1, 1.2),
        caption=("Month by month. Revenue earned: what the month's care brings once paid; cash received: it "
                 f"arrives {num(lag)} month{'s' if lag != 1 else ''} later. Cost includes the start-up costs in "
                 "month 1. Net = cash received - cost."))


def year_table(projection: Projection) -> Table:
    ys = projection.years
    rows = (
        ("Revenue earned", *(money(y.earned) for y in ys), money(sum(y.earned for y in ys))),
        ("Cash received", *(money(y.cash) for y in ys), money(sum(y.cash for y in ys))),
        ("Cost (start-up costs in year 1)", *(money(y.cost) for y in ys), money(sum(y.cost for y in ys))),
        ("Net (cash received - cost)", *(money(y.net) for y in ys), money(sum(y.net for y in ys))),
        ("Cumulative net at the year's end", *(money(y.cumulative) for y in ys), money(ys[-1].cumulative)),
    )
    return Table(("", "Year 1 (months 1-12)", "Year 2 (months 13-24)", "Year 3 (months 25-36)", "36 months"),
                 rows, widths=(2.2, 1.2, 1.2, 1.2, 1.1), caption="The 36-month budget, year by year")


def reference_lines(projection: Projection) -> tuple[str, ...]:
    """The ramp-up and start-up figures beside their published references."""
    lines = []
    if projection.month3_share is None:
        lines.append(f"Caseload in month 3: no new patients, so no caseload. For reference: "
                     f"{reference_text(RAMP_REFERENCE)}.")
    else:
        lines.append(f"Caseload in month 3: {num(projection.month(3).caseload, 1)} patients, "
                     f"{pct(round(projection.month3_share * 100, 1))} of the steady {num(projection.steady_caseload, 1)}. "
                     f"For reference: {reference_text(RAMP_REFERENCE)}.")
    lines.append(f"Start-up costs: {money(projection.startup)} in month 1. For reference: "
                 f"{reference_text(STARTUP_REFERENCE)}.")
    return tuple(lines)


def references_table() -> Table:
    return Table(("Reference", "Figure", "Source"), REFERENCES, widths=(1.6, 3.2, 1.6),
                 caption="Published figures to compare with")


def tornado_table(result: TornadoSet) -> Table:
    rows = tuple((b.label, b.low_text, money(b.low_net), b.high_text, money(b.high_net), money(b.swing))
                 for b in result.bars)
    return Table(("Input", "20% lower", "Year-2 net", "20% higher", "Year-2 net", "Swing"), rows,
                 widths=(2.2, 1.1, 1.0, 1.1, 1.0, 0.9),
                 caption=f"Year-2 net at today's inputs: {money(result.base_net)}")


def _key_figures(p: Projection, payback: str) -> tuple[tuple[str, str], ...]:
    month3 = ("No new patients, so no caseload" if p.month3_share is None else
              f"{num(p.month(3).caseload, 1)} patients, {pct(round(p.month3_share * 100, 1))} of the steady "
              f"{num(p.steady_caseload, 1)}")
    return (
        ("Payback month", payback),
        ("Caseload in month 3", f"{month3}. For reference: {reference_text(RAMP_REFERENCE)}."),
        ("Start-up costs", f"{money(p.startup)} in month 1. For reference: {reference_text(STARTUP_REFERENCE)}."),
    )


def report_blocks(inputs: fm.FinancialInputs, name: str) -> tuple[Block, ...]:
    """A scenario's 36-month budget, break-even three ways and tornado for the PDF (the 36-month table goes on its
    own landscape page: cash_flow_table)."""
    p = project(inputs)
    ways = break_even_three_ways(inputs, p)
    spread = tornado_bars(inputs)
    payback = "Not within 36 months" if p.payback_month is None else f"Month {p.payback_month}"
    blocks: list[Block] = [
        Heading(f"36-month budget: {name}", level=3),
        Para("The program over its first three years: patients enrolled a little more each month until full pace, "
             "money arriving after the payment lag, start-up costs in month 1, and yearly salary and rate changes. "
             "The month-by-month table is on its own page."),
        year_table(p),
        KeyValues(_key_figures(p, payback)),
        monthly_chart(p),
        cash_flow_chart(p),
        Para("How the budget was worked out:", style="body"),
        Bullets(p.explanation),
        Heading(f"Break-even three ways: {name}", level=3),
    ]
    for way in ways:
        blocks.append(Para(f"{way.title}: {way.answer}.", style="body"))
        blocks.append(Bullets(way.explanation))
    blocks.append(references_table())
    blocks.append(Heading(f"What moves the year-2 net most: {name}", level=3))
    block = tornado_block(spread)
    blocks.append(block)
    blocks.append(tornado_table(spread))  # the block's notes print under the chart
    return tuple(blocks)


__all__ = [
    "BreakEvenSet", "BreakEvenWay", "CASH_FLOW_COLUMNS", "MOVERS", "MonthRow", "Projection", "REFERENCES",
    "REFERENCE_FOR_FIELD", "TornadoBar", "TornadoSet", "YearTotal", "break_even_three_ways", "cash_flow_chart", "monthly_chart",
    "cash_flow_table", "episode_weights", "new_patients", "phase_revenue", "project", "reference_lines",
    "references_table", "report_blocks", "tornado", "tornado_bars", "tornado_block", "tornado_lines", "year2_net",
    "year_table",
]
