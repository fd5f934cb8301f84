"""Training plan PDFs: the worksheet (summary, who stands where, trainings by role, training wanted, the matrix with
OVERDUE in words, landscape when wide) and the per-person training record (name, role, start date, each training,
CE/CME totals), with hostile text printed literally."""
from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from planning import plans, reports
from planning.report import REPLACEMENT, Report, build_pdf
from tests.conftest import HOSTILE, pdf_text
from worksheets import training as tr
from worksheets.team import TeamDoc

TODAY = date(2026, 11, 25)
LAUNCH = date(2027, 5, 3)
LUZ = tr.Person("cm1", "Luz Ramírez", "Behavioral health care manager", "Licensed clinical social worker")
TOM = tr.Person("oth1", "Tom Becker", "Other", "Billing supervisor")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf(*sections) -> str:
    return _flat(pdf_text(build_pdf(Report("Training plan", "Plan", "Clinic", tuple(sections)))))


def _team(store, plan_id, members):
    plans.save_doc(store, plan_id, TeamDoc.model_validate({"members": members}), 0, "Ann")


def _save(store, plan_id, data):
    plans.save_doc(store, plan_id, tr.TrainingDoc.model_validate(data), 0, "Ann")


def test_the_worksheet_pdf_says_who_stands_where_and_marks_overdue_in_words():
    d = tr.TrainingDoc.model_validate({"assignments": {
        "cm1": {"bhcm-course": {"status": "in progress", "due": "2026-11-13", "ce_hours": 3},
                "bhcm-role": {"status": "done", "completed": "2026-11-09"}},
        "oth1": {"team-why": {"status": "not needed"}}}})
    text = _pdf(*tr.report_sections(d, [LUZ, TOM], LAUNCH, 2, TODAY))
    # Luz 14 by role + Tom 4 = 18 assignments, 1 not needed -> 17; 1 done, 1 in progress, 1 overdue (13 Nov)
    assert "1 of 17 assignments done, 1 in progress, 1 overdue on 25 Nov 2026" in text
    # required not done: Luz 8 - 1 (role done) = 7; Tom 3 -> 10
    assert "10 required trainings not done yet; 3 CE/CME hours earned" in text
    assert ("OVERDUE: Luz Ramírez, Collaborative Care Training for Behavioral Health Care Managers (CE), due "
            "13 Nov 2026.") in text
    assert "Care manager Luz Ramírez has not finished 7 required trainings" in text
    assert "Due dates count back from the target launch, 3 May 2027" in text
    assert "Trainings by role" in text and "BHCM Essentials: A Self-Guided Overview" in text
    assert "8 h (over about 4 months)" in text  # Behavioral Activation, as published
    assert "Training matrix" in text and "OVERDUE · due 13 Nov 2026" in text and "Done · 9 Nov 2026" in text
    assert "no patient data" in text


def test_without_a_launch_date_the_pdf_says_due_dates_are_blank():
    text = _pdf(*tr.report_sections(tr.TrainingDoc(), [TOM], None, None, TODAY))
    assert "No target launch date is set for this plan, so due dates stay blank" in text


def test_a_wide_matrix_turns_sideways():
    people = [tr.Person(f"p{i}", f"Person {i}", "Other") for i in range(6)]
    sections = tr.report_sections(tr.TrainingDoc(), people, LAUNCH, None, TODAY)
    assert [s.landscape for s in sections] == [False, True]  # six people: the grid needs the width
    reader = PdfReader(io.BytesIO(build_pdf(Report("Training plan", "Plan", "Clinic", sections))))
    last = reader.pages[-1].mediabox
    assert float(last.width) > float(last.height)
    narrow = tr.report_sections(tr.TrainingDoc(), people[:5], LAUNCH, None, TODAY)
    assert [s.landscape for s in narrow] == [False, False]


def test_the_training_record_lists_each_training_with_dates_and_the_ce_total(store, plan_id):
    _team(store, plan_id, [{"id": "cm1", "name": "Luz Ramírez", "role": "Behavioral health care manager",
                            "role_detail": "Licensed clinical social worker"},
                           {"id": "oth1", "name": "Tom Becker", "role": "Other"}])
    _save(store, plan_id, {"start_dates": {"cm1": "2026-09-01"}, "assignments": {"cm1": {
        "bhcm-role": {"status": "done", "completed": "2026-10-02"},
        "bhcm-mi": {"status": "done", "completed": "2024-06-14", "ce_hours": 12, "note": "Two-day workshop"},
        "bhcm-course": {"status": "in progress", "ce_hours": 4.5},
        "bhcm-competencies": {"status": "not needed"}}}})
    text = _flat(pdf_text(reports.training_record_pdf(store, plan_id, "cm1", as_of=TODAY)))
    assert "Training record: Luz Ramírez" in text and "from the training plan, version 1" in text
    # the record says she is the care manager, with her licence
    assert "Role Behavioral health care manager (Licensed clinical social worker)" in text
    assert "Joined on 1 Sep 2026" in text
    # 14 trainings of her role, 1 not needed -> 13; done: the role and MI
    assert "Trainings done 2 of 13" in text
    assert "CE/CME hours earned 16.5" in text and "Total CE/CME hours earned: 16.5." in text  # 12 + 4.5
    assert "Training hours done 9 (from the catalog's hours)" in text  # role 1 h + MI 8 h
    assert "14 Jun 2024 (before joining)" in text and "Two-day workshop" in text
    assert "Collaborative Care Training for Behavioral Health Care Managers (CE)" in text
    assert "Not needed" in text and "Tom Becker" not in text  # one person's record only


def test_hostile_text_prints_literally_in_both_pdfs(store, plan_id):
    _team(store, plan_id, [{"id": "oth1", "name": HOSTILE, "role": "Other"}])
    _save(store, plan_id, {"custom": [{"id": "c-x", "title": f"EHR {HOSTILE}", "roles": ["Other"],
                                       "required": True}],
                           "assignments": {"oth1": {"team-intro": {"status": "in progress", "note": HOSTILE}}}})
    record = _flat(pdf_text(reports.training_record_pdf(store, plan_id, "oth1")))
    assert "Training record: <b>unclosed & <script>x</script> Győr" in record
    assert "EHR <b>unclosed & <script>x</script> Győr" in record
    assert REPLACEMENT in record and "中文" not in record  # not in the font: replaced visibly
    sheet = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, tr.KIND)))
    assert "<b>unclosed & <script>x</script> Győr" in sheet and "Training matrix" in sheet


def test_the_record_of_someone_who_left_shows_what_was_saved_for_them(store, plan_id):
    _team(store, plan_id, [{"id": "oth1", "name": "Tom Becker", "role": "Other"}])
    _save(store, plan_id, {"assignments": {"gone": {"team-intro": {"status": "done", "completed": "2026-10-01"}}}})
    text = _flat(pdf_text(reports.training_record_pdf(store, plan_id, "gone")))
    assert "Training record: (no longer on the team)" in text and "1 Oct 2026" in text
