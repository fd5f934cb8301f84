"""Administrative readiness PDF: the summary, a table per area with owner names, overdue items in words, and
hostile text printed literally."""
from __future__ import annotations

from datetime import date, timedelta

from planning import plans, reports
from planning.report import REPLACEMENT, Report, build_pdf
from tests.conftest import HOSTILE, pdf_text
from worksheets import admin_readiness as ar
from worksheets import team as tm

TODAY = date(2026, 11, 25)


def _team(store, plan_id):
    members = [{"id": "lead1", "name": "Maria Okafor", "role": "CIT lead"},
               {"id": "bill1", "name": "Tom Becker", "role": "Other", "role_detail": "Billing supervisor"}]
    plans.save_doc(store, plan_id, tm.TeamDoc.model_validate({"members": members}), 0, "Ann")


def _save(store, plan_id, responses):
    plans.save_doc(store, plan_id, ar.AdminReadinessDoc.model_validate({"responses": responses}), 0, "Ann")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_pdf_shows_each_area_with_status_owner_due_date_and_required(store, plan_id):
    _team(store, plan_id)
    _save(store, plan_id, {
        "B1": {"status": "in progress", "owner": "bill1", "due": "2099-12-15", "note": "Waiting on Medicaid"},
        "S1": {"status": "done", "owner": "lead1"},
        "SP3": {"status": "not applicable"},
        "IT6": {"status": "not started"},
    })
    text = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, ar.KIND)))
    for area in ("Staffing and HR", "Space and equipment", "IT and EHR", "Billing and finance",
                 "Policies and procedures", "Scheduling", "Communication", "Quality improvement and measures",
                 "Training", "Patient materials"):
        assert area in text, area
    assert "Tom Becker (Billing supervisor)" in text and "Maria Okafor (CIT lead)" in text
    assert "15 Dec 2099" in text and "Waiting on Medicaid" in text
    assert "In progress" in text and "Not applicable" in text and "No status yet" in text
    # 1 done, 1 in progress, 1 not started, 1 not applicable; 41 - 4 = 37 with no status
    assert "1 of 41 items done, 1 in progress, 1 not started, 1 not applicable, 37 with no status yet." in text
    # 35 required by default - S1 (done) - SP3 (not applicable) = 33
    assert "33 items required before launch are not done yet." in text
    assert "Share of items done, by area" in text
    assert "OVERDUE" not in text


def test_an_overdue_item_says_so_in_words_with_its_days_late(store, plan_id):
    _team(store, plan_id)
    twelve_days_ago = date.today() - timedelta(days=12)
    _save(store, plan_id, {"IT2": {"status": "in progress", "owner": "lead1", "due": twelve_days_ago.isoformat()}})
    text = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, ar.KIND)))
    assert f"OVERDUE: IT2, due {ar.fmt_date(twelve_days_ago)}, owner Maria Okafor (CIT lead)." in text
    assert "OVERDUE by 12 days" in text


def test_the_section_takes_today_so_overdue_is_worked_out_for_a_given_day():
    d = ar.AdminReadinessDoc.model_validate({"responses": {
        "IT2": {"status": "in progress", "due": "2026-11-13"}, "S2": {"status": "not started", "due": "2027-01-15"}}})
    section = ar.report_section(d, 3, people={}, today=TODAY)
    text = _flat(pdf_text(build_pdf(Report("Administrative readiness", "Plan", "Clinic", (section,)))))
    assert "13 Nov 2026 OVERDUE by 12 days" in text  # 13 Nov to 25 Nov 2026 = 12 days
    assert "1 overdue on 25 Nov 2026" in text
    assert "15 Jan 2027 OVERDUE" not in text


def test_everything_required_done_is_said_in_a_sentence():
    d = ar.AdminReadinessDoc.model_validate({"responses": {
        i.id: {"status": "done"} for i in ar.ITEMS if i.required}})
    section = ar.report_section(d, None, people={}, today=TODAY)
    text = _flat(pdf_text(build_pdf(Report("Administrative readiness", "Plan", "Clinic", (section,)))))
    assert "Every item required before launch is done or not applicable." in text
    assert "Required before launch and not done yet" not in text


def test_hostile_text_prints_literally(store, plan_id):
    _team(store, plan_id)
    _save(store, plan_id, {"P3": {"status": "in progress", "owner": "lead1", "note": HOSTILE}})
    text = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, ar.KIND)))
    assert "<b>unclosed & <script>x</script> Győr" in text
    assert REPLACEMENT in text and "中文" not in text  # not in the font: replaced visibly
