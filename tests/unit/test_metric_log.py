"""Metric log: figures checked in plain words, imports that replace a month's figures, the off-target finding
appearing and clearing, progress, the billing rule used, and the PDF section's content."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from planning import plans
from tests.conftest import HOSTILE
from worksheets import financial_model as fm
from worksheets import metric_log as ml
from worksheets.content import Chart, Para, Table
from worksheets.sustainment import SustainmentDoc

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "metric_log_v1.json"
LAUNCH = date(2027, 5, 3)


def entry(month, metric, value, **kw):
    return {"month": month, "metric": metric, "value": value, **kw}


def doc_of(*entries, imports=()):
    return ml.MetricLogDoc.model_validate({"entries": list(entries), "imports": list(imports)})


def refused(*entries) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        doc_of(*entries)
    return [f"{ml.TITLE}, {line}" for line in plans.humanize(exc.value, ml.MetricLogDoc)]  # as the page says it


# ---- figures checked in plain words ------------------------------------------------------------

def test_a_percentage_runs_from_0_to_100():
    assert refused(entry("2027-05-01", "phq9_response_pct", 140)) == [
        "Metric log, figures, row 1: PHQ-9 response, May 2027: a percentage runs from 0 to 100 (you entered 140)"]
    assert doc_of(entry("2027-05-01", "phq9_response_pct", 100)).entries[0].value == 100


def test_counts_are_whole_and_not_negative():
    assert refused(entry("2027-05-01", "active_caseload", 12.5), entry("2027-06-01", "new_enrollments", -1)) == [
        "Metric log, figures, row 1: Active caseload, May 2027: this is a number of patients, so a whole number "
        "(you entered 12.5)",
        "Metric log, figures, row 2: New enrollments, Jun 2027: the figure cannot be below 0 (you entered -1)"]
    # caseload per care manager is divided by FTE: a fraction is fine
    assert doc_of(entry("2027-05-01", "caseload_per_cm", 68.75)).entries[0].value == 68.75


def test_numerator_and_denominator_are_checked():
    lines = refused(entry("2027-05-01", "contact_30d_pct", 50, numerator=40, denominator=30))
    assert lines == ["Metric log, figures, row 1: Contacted in 30 days, May 2027: the numerator (40) cannot be more "
                     "than the denominator (30)"]
    lines = refused(entry("2027-05-01", "contact_30d_pct", 50, numerator=2.5, denominator=5))
    assert "the numerator must be a whole number, 0 or more (it is 2.5)" in lines[0]


def test_empty_cells_name_what_is_missing():
    lines = refused({"month": None, "metric": "active_caseload", "value": 3},
                    {"month": "2027-05-01", "metric": None, "value": 3},
                    {"month": "2027-05-01", "metric": "active_caseload", "value": None},
                    {"month": "2027-05-01", "metric": "Not a metric", "value": 3})
    assert lines == ["Metric log, figures, row 1, month: choose the month",
                     "Metric log, figures, row 2, metric: choose the metric",
                     "Metric log, figures, row 3, figure: enter the month's figure",
                     "Metric log, figures, row 4, metric: choose a metric from the list (\"Not a metric\" is not one)"]


def test_one_figure_per_month_per_metric_and_any_day_means_its_month():
    lines = refused(entry("2027-05-01", "active_caseload", 3), entry("2027-06-01", "active_caseload", 4),
                    entry("2027-05-20", "active_caseload", 5))
    assert lines == ["Metric log, the figures hold Active caseload for May 2027 twice (rows 1 and 3): keep one "
                     "figure per month for each metric"]
    assert doc_of(entry("2027-05-17", "Active caseload", 3)).entries[0].model_dump(include={"month", "metric"}) == {
        "month": date(2027, 5, 1), "metric": "active_caseload"}  # the name is accepted too


def test_a_month_that_has_not_begun_is_refused_on_save_only_when_new_or_moved():
    today = date(2027, 6, 15)
    old = doc_of(entry("2027-09-01", "active_caseload", 3, id="keep"))  # a future month already saved (an example)
    new = doc_of(entry("2027-09-01", "active_caseload", 3, id="keep"), entry("2027-06-01", "active_caseload", 9),
                 entry("2027-07-01", "new_enrollments", 2))
    # June has begun (fine); July has not: named with its row
    assert ml.problems(new, old, today) == [
        "Metric log, figures, row 3: New enrollments for Jul 2027: that month has not begun yet, so it cannot be "
        "logged"]
    moved = doc_of(entry("2027-10-01", "active_caseload", 3, id="keep"))
    assert len(ml.problems(moved, old, today)) == 1


# ---- editing by hand ---------------------------------------------------------------------------

def test_an_edited_imported_figure_becomes_entered_an_untouched_one_stays_imported():
    old = doc_of(entry("2027-11-01", "contact_30d_pct", 71.8, numerator=51, denominator=71, source="registry export",
                       id="a"),
                 entry("2027-11-01", "active_caseload", 71, source="registry export", id="b"))
    rows = [{"id": "a", "month": date(2027, 11, 1), "metric": "contact_30d_pct", "value": 71.8, "note": "checked"},
            {"id": "b", "month": "2027-11-01", "metric": "active_caseload", "value": 72, "note": None},
            {"id": None, "month": "2027-12-03", "metric": "revenue_per_cm", "value": 9100, "note": HOSTILE},
            {"id": None, "month": None, "metric": None, "value": None, "note": None}]  # a blank row is dropped
    new = ml.MetricLogDoc.model_validate({"entries": ml.entries_from_rows(rows, old)})
    a, b, c = new.entries
    assert (a.source, a.numerator, a.denominator, a.note) == ("registry export", 51, 71, "checked")
    assert (b.source, b.numerator, b.value) == ("entered", None, 72)
    assert (c.source, c.month, c.note) == ("entered", date(2027, 12, 1), HOSTILE) and c.id


# ---- imports -----------------------------------------------------------------------------------

RECORD = {"as_of": date(2027, 11, 30), "file_name": "export.csv", "rows_read": 118, "active": 71,
          "date_format": "month/day/year", "active_statuses": ["Active"], "billing_rule": "standard"}


def test_an_import_replaces_that_months_figures_for_the_metrics_it_computes_and_says_how_many():
    old = doc_of(entry("2027-11-01", "active_caseload", 70, source="registry export"),
                 entry("2027-11-01", "contact_30d_pct", 60),
                 entry("2027-11-01", "screens_enrolled_pct", 35, note="from the EHR report"),
                 entry("2027-10-01", "active_caseload", 64))
    figures = [ml.Computed("active_caseload", 71, None, None), ml.Computed("contact_30d_pct", 51 / 71 * 100, 51, 71),
               ml.Computed("gad7_response_pct", None, 0, 0, "no measurable patients")]
    replaced = ml.replaced_by_import(old, date(2027, 11, 30), [f.metric for f in figures])
    assert len(replaced) == 2
    assert ml.replace_sentence(replaced, date(2027, 11, 1)) == (
        "Nov 2027 already has 2 figures for the metrics this import computes (1 from a registry export, 1 entered by "
        "hand); saving replaces them.")
    new = ml.with_import(old, date(2027, 11, 30), figures, RECORD)
    nov = {e.metric: e for e in new.entries if e.month == date(2027, 11, 1)}
    # 51 / 71 = 71.83%, kept to one decimal; GAD-7 had nobody measurable: no figure; the EHR figure stays
    assert nov["contact_30d_pct"].value == 71.8 and nov["contact_30d_pct"].counted == "51 of 71"
    assert nov["active_caseload"].value == 71 and nov["active_caseload"].source == "registry export"
    assert "gad7_response_pct" not in nov
    assert nov["screens_enrolled_pct"].source == "entered"
    assert new.entry(date(2027, 10, 1), "active_caseload").value == 64
    assert [r.month for r in new.imports] == [date(2027, 11, 1)]
    again = ml.with_import(new, date(2027, 11, 29), figures, {**RECORD, "as_of": date(2027, 11, 29), "rows_read": 5,
                                                              "active": 5})
    assert [(r.month, r.rows_read) for r in again.imports] == [(date(2027, 11, 1), 5)]  # one import line a month


def test_an_import_record_holds_totals_only_and_checks_its_dates():
    with pytest.raises(ValidationError) as exc:
        ml.MetricLogDoc.model_validate({"imports": [{**RECORD, "month": "2027-10-01"}]})
    assert plans.humanize(exc.value, ml.MetricLogDoc) == [
        "registry imports, row 1: the as-of date (30 Nov 2027) must fall in the month it computes "
        "(Oct 2027)"]
    assert set(ml.ImportRecord.model_fields) == {"id", "month", "as_of", "file_name", "rows_read", "active",
                                                 "date_format", "active_statuses", "billing_rule"}


def test_the_billing_rule_comes_from_the_scenario_in_use():
    def plan(mode: str) -> SustainmentDoc:
        scenario = fm.default_scenario()
        scenario = scenario.model_copy(update={"name": "Ours", "inputs": scenario.inputs.model_copy(
            update={"billing_mode": mode})})
        return SustainmentDoc.model_validate({"scenarios": [scenario.model_dump()], "active_scenario": "Ours"})

    standard = ml.billing_rule(plan("standard"), date(2027, 11, 30))
    assert not standard.g0512
    assert standard.words.startswith("Billing minimum met used the standard codes' 36 minutes")
    assert ml.billing_rule(plan("g0512_medicaid"), date(2027, 11, 30)).g0512
    # a health center billed Medicare's G0512 through 2025 and the standard codes from 2026
    assert ml.billing_rule(plan("fqhc_rhc"), date(2025, 6, 30)).g0512
    assert not ml.billing_rule(plan("fqhc_rhc"), date(2027, 6, 30)).g0512
    none = ml.billing_rule(None, date(2027, 6, 30))
    assert not none.g0512 and "no financial scenario is saved yet" in none.words


# ---- findings ----------------------------------------------------------------------------------

TARGETS = {"contact_30d_pct": {1: 75.0, 2: 80.0, 3: 85.0}, "not_improving_10wk": {1: 5.0, 2: 5.0, 3: 5.0}}


def test_off_target_two_months_in_a_row_is_a_finding_that_clears_when_the_latest_month_is_on_target():
    one = doc_of(entry("2027-10-01", "contact_30d_pct", 76), entry("2027-11-01", "contact_30d_pct", 72))
    assert ml.findings(one, TARGETS, LAUNCH) == []  # off only in November
    two = doc_of(entry("2027-10-01", "contact_30d_pct", 74), entry("2027-11-01", "contact_30d_pct", 72))
    (f,) = ml.findings(two, TARGETS, LAUNCH)
    assert (f.id, f.severity, f.worksheet, f.item) == ("metric_log:off-target:contact_30d_pct", "should_fix",
                                                       "metric_log", "contact_30d_pct")
    assert f.text == ("Contacted in 30 days was below its target two months in a row: 74% in Oct 2027 and 72% in "
                      "Nov 2027 (target 75%).")
    back = doc_of(entry("2027-10-01", "contact_30d_pct", 74), entry("2027-11-01", "contact_30d_pct", 72),
                  entry("2027-12-01", "contact_30d_pct", 75))  # exactly on target counts as on target
    assert ml.findings(back, TARGETS, LAUNCH) == []


def test_two_off_months_that_are_not_consecutive_are_not_a_finding():
    gap = doc_of(entry("2027-09-01", "contact_30d_pct", 70), entry("2027-11-01", "contact_30d_pct", 72))
    assert ml.findings(gap, TARGETS, LAUNCH) == []


def test_each_month_is_judged_against_its_program_years_target():
    # launch May 2027: Apr 2028 is year 1 (target 75), May 2028 year 2 (target 80); 77% then 78%
    doc = doc_of(entry("2028-04-01", "contact_30d_pct", 77), entry("2028-05-01", "contact_30d_pct", 78))
    assert ml.findings(doc, TARGETS, LAUNCH) == []  # April was on target for year 1
    doc = doc_of(entry("2028-05-01", "contact_30d_pct", 79), entry("2028-06-01", "contact_30d_pct", 78))
    assert [f.id for f in ml.findings(doc, TARGETS, LAUNCH)] == ["metric_log:off-target:contact_30d_pct"]
    row = ml.latest(doc, "contact_30d_pct", TARGETS, LAUNCH)
    assert (row.target, row.year, ml.status_text(row)) == (80.0, 2, "Off target 2 months in a row")


def test_lower_is_better_is_off_target_above_it_and_no_target_is_never_off():
    doc = doc_of(entry("2027-10-01", "not_improving_10wk", 7), entry("2027-11-01", "not_improving_10wk", 6),
                 entry("2027-10-01", "mean_minutes", 1), entry("2027-11-01", "mean_minutes", 1))
    (f,) = ml.findings(doc, TARGETS, LAUNCH)
    assert f.text.startswith("Not improving at 10 weeks was above its target two months in a row: 7 in Oct 2027")
    assert ml.status_text(ml.latest(doc, "mean_minutes", TARGETS, LAUNCH)) == "No target"


# ---- progress, history line, the example ---------------------------------------------------------

def test_progress_is_complete_when_the_latest_month_has_every_plan_metric():
    assert ml.progress(None, ["active_caseload"]) == "not started"
    doc = doc_of(entry("2027-10-01", "active_caseload", 60), entry("2027-11-01", "active_caseload", 64),
                 entry("2027-10-01", "contact_30d_pct", 80))
    assert ml.progress(doc, ["active_caseload", "contact_30d_pct"]) == "in progress"  # Nov lacks contact
    assert ml.progress(doc, ["active_caseload"]) == "complete"
    assert ml.progress(doc, []) == "in progress"  # no monitoring plan yet


def test_the_example_has_eight_months_and_its_contact_rate_off_target_twice():
    doc = ml.MetricLogDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    assert ml.describe(doc) == "62 figures, May 2027 to Dec 2027; 2 months from a registry export"
    # the shared vision's year-1 goals: 120 enrolled a year (10 a month), follow-up 75%, improved 40%
    vision = {"new_enrollments": {1: 10.0}, "contact_30d_pct": {1: 75.0}, "phq9_response_pct": {1: 40.0}}
    # contact: 71.8% in Nov and 69.7% in Dec, both under 75%; enrollments 11 and 10, response 40.8% and 44.2%: on
    assert [f.id for f in ml.findings(doc, vision, LAUNCH)] == ["metric_log:off-target:contact_30d_pct"]
    caseload = [e.value for e in doc.series("active_caseload")]
    assert caseload == sorted(caseload) and len(caseload) == 8  # a caseload rising every month


# ---- the PDF section ---------------------------------------------------------------------------

def test_the_report_has_the_latest_month_definitions_a_chart_per_metric_and_the_notes():
    doc = doc_of(entry("2027-10-01", "contact_30d_pct", 74, note=HOSTILE),
                 entry("2027-11-01", "contact_30d_pct", 72, numerator=51, denominator=71, source="registry export"),
                 entry("2027-11-01", "active_caseload", 71, source="registry export"),
                 imports=[RECORD])
    (section,) = ml.report_section(doc, TARGETS, ["contact_30d_pct"], LAUNCH, 3)
    tables = [b for b in section.blocks if isinstance(b, Table)]
    latest = tables[0]
    assert latest.rows == (("Contacted in 30 days", "Nov 2027", "72%", "51 of 71", "75% (year 1)",
                            "Off target 2 months in a row"),
                           ("Active caseload", "Nov 2027", "71", "", "-", "No target"))
    charts = [b for b in section.blocks if isinstance(b, Chart)]
    assert [c.title for c in charts] == ["Contacted in 30 days", "Active caseload"]  # the plan's metric first
    texts = " ".join(b.text for b in section.blocks if isinstance(b, Para))
    assert "Run-chart signals need at least 10 months; 2 months logged so far." in texts
    assert any(HOSTILE in row[2] for t in tables for row in t.rows if t.columns == ("Month", "Metric", "Note"))
    values = tables[-1]
    assert values.columns == ("Month", "Contacted in 30 days", "Active caseload")
    assert values.rows == (("Oct 2027", "74%", ""), ("Nov 2027", "72%*", "71*"))


def test_many_metrics_put_the_monthly_figures_on_landscape_pages():
    ids = ["active_caseload", "new_enrollments", "contact_30d_pct", "baseline_pct", "consultant_reviewed_pct",
           "phq9_response_pct", "phq9_remission_pct", "mean_minutes", "billing_minimum_pct"]
    doc = doc_of(*[entry("2027-11-01", m, 10) for m in ids])
    main, wide = ml.report_section(doc, {}, [], LAUNCH)
    assert wide.landscape and not main.landscape
    assert [len(t.columns) - 1 for t in wide.blocks] == [8, 1]  # eight metrics a table


def test_an_empty_log_says_so():
    (section,) = ml.report_section(ml.MetricLogDoc(), {}, [], LAUNCH)
    assert any(isinstance(b, Para) and b.text == "Nothing logged yet." for b in section.blocks)


def test_against_the_example_monitoring_plan_only_the_contact_rate_is_off_target_twice():
    from planning.plans import EXAMPLE_PATH
    from worksheets import monitoring

    plan = monitoring.MonitoringDoc.model_validate(
        json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))["documents"]["monitoring"])
    doc = ml.MetricLogDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    # remission: 18.4% in Nov, 21.2% in Dec against 20%: back on target; caseload 76 against 45; billing 76.3% vs 70%
    assert [f.id for f in ml.findings(doc, monitoring.targets(plan), LAUNCH)] == [
        "metric_log:off-target:contact_30d_pct"]
