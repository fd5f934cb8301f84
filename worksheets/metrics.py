"""The program metrics a clinic can watch: one catalog, read by the monitoring plan and the metric log.

Adapted from the AIMS Center Collaborative Care Implementation Guide (caseload size, contact with the care manager,
significant improvement) and the measure definitions in our domain facts (sections 10b-10e). Every metric has a
precise definition (numerator, denominator, period) shown beside each figure and printed in the PDFs, whether a
registry export can compute it, which way is better, and where one exists, a published real-world figure with its
source so a team sets targets that are ambitious and honest.

Decisions where the issue was silent:
- Every figure is for one calendar month, as of a chosen date in it (usually the last day). Percentages computed
  from a registry export are of the *active caseload* on the as-of date, so a month's figures describe the patients
  the team is carrying then; patients who finished earlier are not in them.
- A response (last PHQ-9 at most half the first) includes every remission: a first score of 10 or more and a last
  under 5 is always a drop of more than half. "Share improved" in the shared vision is read as response.
- The shared vision's yearly enrollment goal becomes a monthly target of the yearly figure / 12, rounded to a whole
  patient (120 a year -> 10 a month; halves round up), because the metric log is monthly.
- Program year 1 is the 12 months from the target launch date (month of launch = month 1); without a launch date
  every month uses the year 1 target.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

Unit = Literal["count", "percent", "minutes", "money"]
Better = Literal["higher", "lower"]

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("reach", "Reach"),
    ("engagement", "Engagement"),
    ("measurement", "Measurement"),
    ("review", "Systematic caseload review"),
    ("outcomes", "Outcomes"),
    ("completion", "Completion"),
    ("financial", "Financial"),
)
CATEGORY_TITLES: dict[str, str] = dict(CATEGORIES)


@dataclass(frozen=True)
class Benchmark:
    """A published real-world figure to show beside a target (as published; checked 2026-11-25)."""

    text: str  # what was found, in our words, with the figure
    source: str  # where it was published


@dataclass(frozen=True)
class Metric:
    id: str  # stable: documents store it; never rename or reuse
    category: str
    name: str  # short, for tables and chart titles
    numerator: str
    denominator: str  # "" for a count or an average
    period: str
    unit: Unit
    better: Better
    from_export: bool  # the metric log can compute it from a registry export
    source: str  # the usual data source, offered as the default
    vision_goal: str = ""  # the shared-vision goal (GOAL_MEASURES key) that pre-fills its yearly targets
    benchmarks: tuple[Benchmark, ...] = ()

    @property
    def definition(self) -> str:
        """One sentence: what is counted, out of what, over which period."""
        if self.denominator:
            return f"{self.numerator}, as a share of {self.denominator}; {self.period}."
        return f"{self.numerator}; {self.period}."


_MONTH = "the calendar month, as of the chosen date"
_REGISTRY = "Registry export"

NY_160 = Benchmark("New York State's Medicaid program (160 clinics): 42% of patients improved (remission or a 50% "
                   "drop) against a 50-60% target.", "J Affect Disord 2024")
NY_CASELOAD = Benchmark("New York State's Medicaid program (160 clinics): median caseload 55 per care manager "
                        "against a 100-150 target.", "J Affect Disord 2024")
SIX_MONTHS = Benchmark("Six months into care in practice: 47% response and 16% remission.",
                       "BMC Health Serv Res 2021 (s12913-021-06729-1)")
PENN = Benchmark("Penn Medicine: 32.6% depression and 39.5% anxiety remission after a mean of 7.2 contacts over "
                 "78 days.", "Ann Fam Med 2021")
MEADOWS = Benchmark("49% improved at six months.", "Meadows Mental Health Policy Institute report, 2024")
FOLLOW_UP = Benchmark("A follow-up within 4 weeks of the initial assessment raised the odds of improvement "
                      "(odds ratio 1.63).", "Washington MHIP, Psychiatr Serv (appi.ps.201400577)")
CONSULT = Benchmark("Psychiatric consultation in weeks 8-12 for patients not improving raised the odds of "
                    "improvement (odds ratio 1.44).", "Washington MHIP, Psychiatr Serv (appi.ps.201400577)")
ENGAGEMENT = Benchmark("Monthly engagement was the strongest predictor of reach (rate ratio 3.99).",
                       "New York State program, J Affect Disord 2024")
REACH = Benchmark("New York State's program reached 13% of eligible patients (a share of all eligible patients, not "
                  "of positive screens: a looser comparison).", "J Affect Disord 2024")
BREAK_EVEN = Benchmark("At least 60 active patients per care manager to break even; under 50 loses money (vendor "
                       "figure).", "April Health, 2026")

METRICS: tuple[Metric, ...] = (
    # ---- reach
    Metric("active_caseload", "reach", "Active caseload",
           "Patients with an active status on the as-of date", "", _MONTH, "count", "higher", True, _REGISTRY),
    Metric("new_enrollments", "reach", "New enrollments",
           "Patients whose initial assessment falls in the month", "", _MONTH, "count", "higher", True, _REGISTRY,
           vision_goal="patients_enrolled"),
    Metric("caseload_per_cm", "reach", "Caseload per care manager",
           "Active caseload divided by full-time care managers", "", _MONTH, "count", "higher", False,
           "Registry and staffing", benchmarks=(NY_CASELOAD, BREAK_EVEN)),
    Metric("screens_enrolled_pct", "reach", "Positive screens enrolled",
           "Patients with a positive screen in the month who enrolled", "patients with a positive screen in the "
           "month", _MONTH, "percent", "higher", False, "EHR screening report", benchmarks=(REACH,)),
    # ---- engagement
    Metric("contact_30d_pct", "engagement", "Contacted in 30 days",
           "Active patients whose latest contact (the later of the initial assessment and the latest follow-up) "
           "falls in the 30 days up to the as-of date", "the active caseload", _MONTH, "percent", "higher", True,
           _REGISTRY, vision_goal="follow_up_rate_pct", benchmarks=(ENGAGEMENT,)),
    Metric("follow_up_4wk_pct", "engagement", "Follow-up within 4 weeks",
           "Patients enrolled in the month who had a follow-up contact within 4 weeks of the initial assessment",
           "patients enrolled in the month", _MONTH, "percent", "higher", False, _REGISTRY,
           benchmarks=(FOLLOW_UP,)),
    # ---- measurement
    Metric("baseline_pct", "measurement", "Baseline PHQ-9 recorded",
           "Active patients with a first PHQ-9 score recorded", "the active caseload", _MONTH, "percent", "higher",
           True, _REGISTRY),
    # ---- systematic caseload review
    Metric("consultant_reviewed_pct", "review", "Reviewed by consultant",
           "Active patients with a psychiatric consultation date recorded", "the active caseload", _MONTH,
           "percent", "higher", True, _REGISTRY, benchmarks=(CONSULT,)),
    Metric("not_improving_10wk", "review", "Not improving at 10 weeks",
           "Measurable active patients (first PHQ-9 of 10 or more) 10 or more whole weeks after their initial "
           "assessment without a response", "", _MONTH, "count", "lower", True, _REGISTRY,
           benchmarks=(CONSULT,)),
    # ---- outcomes
    Metric("phq9_response_pct", "outcomes", "PHQ-9 response",
           "Measurable active patients whose last PHQ-9 is at most half their first",
           "measurable active patients (first PHQ-9 of 10 or more)", _MONTH, "percent", "higher", True, _REGISTRY,
           vision_goal="improved_pct", benchmarks=(NY_160, SIX_MONTHS, MEADOWS)),
    Metric("phq9_remission_pct", "outcomes", "PHQ-9 remission",
           "Measurable active patients whose last PHQ-9 is under 5",
           "measurable active patients (first PHQ-9 of 10 or more)", _MONTH, "percent", "higher", True, _REGISTRY,
           benchmarks=(SIX_MONTHS, PENN)),
    Metric("gad7_response_pct", "outcomes", "GAD-7 response",
           "Measurable active patients whose last GAD-7 is at most half their first",
           "active patients with a first GAD-7 of 10 or more", _MONTH, "percent", "higher", True, _REGISTRY),
    Metric("gad7_remission_pct", "outcomes", "GAD-7 remission",
           "Measurable active patients whose last GAD-7 is under 5",
           "active patients with a first GAD-7 of 10 or more", _MONTH, "percent", "higher", True, _REGISTRY,
           benchmarks=(PENN,)),
    Metric("pcl5_improved_pct", "outcomes", "PCL-5 improved",
           "Measurable active patients whose last PCL-5 is 10 or more points below their first",
           "active patients with a first PCL-5 of 31 or more", _MONTH, "percent", "higher", True, _REGISTRY),
    # ---- completion
    Metric("rpp_pct", "completion", "Ended with a relapse plan",
           "Episodes ended in the month with a relapse-prevention plan written before discharge",
           "episodes ended in the month", _MONTH, "percent", "higher", False, _REGISTRY),
    # ---- financial
    Metric("billing_minimum_pct", "financial", "Billing minimum met",
           "Active patients whose care-manager minutes this month reach the plan's billing minimum (36 in the "
           "month of the initial assessment, else 31; 70 and 60 where the plan bills G0512)", "the active caseload",
           _MONTH, "percent", "higher", True, _REGISTRY),
    Metric("mean_minutes", "financial", "Mean minutes",
           "Care-manager minutes this month, averaged over the active caseload", "", _MONTH, "minutes", "higher",
           True, _REGISTRY),
    Metric("revenue_per_cm", "financial", "Revenue per care manager",
           "Collaborative Care payments received in the month divided by full-time care managers", "", _MONTH,
           "money", "higher", False, "Billing report"),
)

_BY_ID: dict[str, Metric] = {m.id: m for m in METRICS}
METRIC_IDS: tuple[str, ...] = tuple(_BY_ID)
FROM_EXPORT: tuple[str, ...] = tuple(m.id for m in METRICS if m.from_export)


def metric(metric_id: str) -> Metric:
    return _BY_ID[metric_id]


def in_category(category: str) -> tuple[Metric, ...]:
    return tuple(m for m in METRICS if m.category == category)


def fmt_value(metric_id: str, value: float | None) -> str:
    """A metric's value as a clinician reads it: '42%', '74.5%', '68', '31.5 min', '$12,400'; '-' for none.
    Percentages keep their one decimal rather than round: 74.5% shown as 75% would look on a 75% target."""
    if value is None:
        return "-"
    m = metric(metric_id)
    if m.unit == "percent":
        return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"
    if m.unit == "minutes":
        return f"{value:.1f} min"
    if m.unit == "money":
        return f"${value:,.0f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def meets(metric_id: str, value: float, target: float) -> bool:
    """On target: at or above it where higher is better, at or below it where lower is better."""
    return value >= target if metric(metric_id).better == "higher" else value <= target


def program_year(month: date, launch: date | None) -> int:
    """1, 2 or 3: which year's target applies to a month. The launch month is month 1 of year 1; months before
    launch use year 1; months after year 3 use year 3; without a launch date, year 1."""
    if launch is None:
        return 1
    months = (month.year - launch.year) * 12 + (month.month - launch.month)
    return min(3, max(1, months // 12 + 1))


def monthly_from_yearly(metric_id: str, yearly: float | None) -> float | None:
    """A shared-vision goal as a monthly target: enrollments a year / 12 rounded half up (150 -> 12.5 -> 13),
    percentages as they are."""
    if yearly is None:
        return None
    return float(math.floor(yearly / 12 + 0.5)) if metric_id == "new_enrollments" else float(yearly)


__all__ = ["Benchmark", "CATEGORIES", "CATEGORY_TITLES", "FROM_EXPORT", "METRICS", "METRIC_IDS", "Metric",
           "fmt_value", "in_category", "meets", "metric", "monthly_from_yearly", "program_year"]
