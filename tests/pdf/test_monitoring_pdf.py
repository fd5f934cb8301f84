"""Monitoring plan PDF: each metric with its definition, targets for years 1 to 3, cadence, reviewer by name and
data source; the published figures with their sources; which targets came from the shared vision; hostile text
printed literally."""
from __future__ import annotations

from datetime import date

from planning import plans, reports
from planning.report import REPLACEMENT, Report, build_pdf
from tests.conftest import HOSTILE, pdf_text
from worksheets import monitoring as mo
from worksheets import shared_vision as sv
from worksheets import team as tm


def _flat(text: str) -> str:
    return " ".join(text.split())


def _team(store, plan_id):
    members = [{"id": "lead1", "name": "Maria Okafor", "role": "CIT lead"},
               {"id": "pcp1", "name": "Dr. Wei Chen", "role": "PCP champion"},
               {"id": "bill1", "name": "Tom Becker", "role": "Other", "role_detail": "Billing supervisor"}]
    plans.save_doc(store, plan_id, tm.TeamDoc.model_validate({"members": members}), 0, "Ann")


def _vision(store, plan_id):
    plans.save_doc(store, plan_id, sv.SharedVisionDoc.model_validate({"goals": {
        "year_1": {"patients_enrolled": 120, "improved_pct": 40},
        "year_2": {"patients_enrolled": 200, "improved_pct": 50},
        "year_3": {"patients_enrolled": 260, "improved_pct": 50}}}), 0, "Ann")


def _save(store, plan_id, *rows):
    plans.save_doc(store, plan_id, mo.MonitoringDoc.model_validate({"metrics": list(rows)}), 0, "Ann")


def test_pdf_lists_each_metric_with_definition_targets_cadence_reviewer_and_source(store, plan_id):
    _team(store, plan_id)
    _vision(store, plan_id)
    _save(store, plan_id,
          {"metric": "new_enrollments", "target_y1": 10, "target_y2": 17, "target_y3": 22, "reviewer": "lead1"},
          {"metric": "phq9_response_pct", "target_y1": 60, "target_y2": 60, "cadence": "quarterly",
           "reviewer": "pcp1", "note": "Dr. Chen reports at the QI meeting"},
          {"metric": "revenue_per_cm", "target_y1": 12400, "cadence": "every six months", "reviewer": "bill1"})
    text = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, mo.KIND)))
    assert "Monitoring plan" in text and "Metrics, targets and reviews" in text
    assert "3 metrics chosen, 3 with a year 1 target, 3 with a reviewer named." in text
    # the definition (numerator, denominator, period) and where the figure comes from
    assert ("Measurable active patients whose last PHQ-9 is at most half their first, as a share of measurable "
            "active patients (first PHQ-9 of 10 or more); the calendar month, as of the chosen date.") in text
    assert "Computed from the registry export." in text and "Entered by hand each month." in text
    assert "60%" in text and "$12,400" in text and "22" in text
    assert "Monthly" in text and "Quarterly" in text and "Every six months" in text
    assert "Maria Okafor (CIT lead)" in text and "Tom Becker (Billing supervisor)" in text
    assert "Registry export" in text and "Billing report" in text  # the catalog's usual sources
    assert "Dr. Chen reports at the QI meeting" in text


def test_pdf_shows_published_figures_with_sources_and_the_ambitious_note(store, plan_id):
    _save(store, plan_id, {"metric": "phq9_response_pct", "target_y1": 60},
          {"metric": "mean_minutes", "target_y1": 40})
    text = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, mo.KIND)))
    assert "What programs reach in practice" in text
    assert "42% of patients improved (remission or a 50% drop) against a 50-60% target." in text
    assert "J Affect Disord 2024" in text and "Meadows Mental Health Policy Institute report, 2024" in text
    # 60% is more than 15 points above the 42% New York's 160 clinics reached
    assert "Ambitious: published programs reached about 42%." in text
    assert "No published figure found." in text  # mean minutes


def test_pdf_says_which_targets_came_from_the_shared_vision(store, plan_id):
    _vision(store, plan_id)
    # 120 / 200 / 260 a year -> 10, 17, 22 a month; the plan's year 1 response target differs from the vision's 40%
    _save(store, plan_id, {"metric": "new_enrollments", "target_y1": 10, "target_y2": 17, "target_y3": 22},
          {"metric": "phq9_response_pct", "target_y1": 45, "target_y2": 50, "target_y3": 50})
    text = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, mo.KIND)))
    assert ("Targets from the shared vision's goals (patients enrolled a year / 12 gives new enrollments a month): "
            "New enrollments (years 1-3); PHQ-9 response (years 2 and 3).") in text
    assert "Different from the shared vision: PHQ-9 response, year 1: 45% here, 40% from the vision." in text


def test_an_empty_plan_prints_the_blocker_in_words(store, plan_id):
    text = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, mo.KIND)))
    assert "No metrics chosen yet." in text
    assert "No monitoring metric is chosen yet, so none has a target." in text


def test_the_section_names_the_launch_date_as_the_start_of_year_1():
    d = mo.MonitoringDoc.model_validate({"metrics": [{"metric": "active_caseload", "target_y1": 45}]})
    section = mo.report_section(d, 2, people={}, launch=date(2027, 5, 3))
    text = _flat(pdf_text(build_pdf(Report("Monitoring plan", "Plan", "Clinic", (section,)))))
    assert "Year 1 is the 12 months from the target launch (3 May 2027)." in text
    assert "No reviewer yet" in text


def test_hostile_text_prints_literally(store, plan_id):
    _team(store, plan_id)
    _save(store, plan_id, {"metric": "contact_30d_pct", "target_y1": 75, "reviewer": "lead1", "note": HOSTILE,
                           "source": HOSTILE})
    text = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, mo.KIND)))
    assert "Contacted in 30 days: <b>unclosed & <script>x</script> Győr" in text  # the note, under the table
    assert text.count("<b>unclosed &") == 2 and text.count("Győr") == 2  # and the data source (a narrow cell)
    assert REPLACEMENT in text and "中文" not in text  # not in the font: replaced visibly
