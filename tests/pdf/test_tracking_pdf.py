"""Tracking system PDF: the requirements side by side, scores, the decision, measures and figures, the
spreadsheet warning only when a spreadsheet is in play, and hostile text printed literally."""
from __future__ import annotations

from planning import plans, reports
from planning.report import REPLACEMENT
from tests.conftest import HOSTILE, pdf_text
from worksheets import tracking as tk
from worksheets.shared_vision import SharedVisionDoc
from worksheets.team import Member, TeamDoc


def _save(store, plan_id, data: dict) -> None:
    plans.save_doc(store, plan_id, tk.TrackingDoc.model_validate(data), 0, "Ann")


def _text(store, plan_id) -> str:
    return " ".join(pdf_text(reports.worksheet_pdf(store, plan_id, "tracking")).split())


def test_the_example_plan_prints_the_comparison_the_decision_and_what_is_tracked(store):
    pid = plans.open_example(store, "Tester")
    text = _text(store, pid)
    assert "Tracking system (revision 1)" in text
    assert "Requirements side by side" in text
    assert "R12 · Logins and access by role (core) Does not meet Meets Meets" in text
    assert "R16 · Ready before the first patient Meets Meets Does not meet" in text
    # scores: 13 of 32 -> 41%, 28 of 30 -> 93%, 23 of 30 -> 77% (worked out in tests/unit/test_tracking.py)
    assert "Spreadsheet 41% 16 of 16 0 R12" in text
    assert "AIMS Caseload Tracker 93% 16 of 16 1" in text
    assert "Build in our EHR 77% 16 of 16 1" in text
    assert "Share of points on the requirements rated" in text  # the chart
    assert "System chosen Build in our EHR" in text and "Interim tool AIMS Caseload Tracker" in text
    assert "Owner Luz Ramírez" in text and "Decision date 18 Nov 2026" in text
    assert "PHQ-9 Depression Yes" in text and "PCL-5 PTSD Yes" in text
    assert "Caseload size: active patients, per care manager (Reach)" in text
    assert "hard to keep private and HIPAA-compliant" in text  # the spreadsheet was considered
    assert "Patient rows never go in the workbook" in text
    assert "Still open" not in text


def test_no_spreadsheet_no_warning_and_no_decision_is_listed_as_open(store, plan_id):
    _save(store, plan_id, {"options": {"caseload_tracker": {"considering": True}},
                           "ratings": {"R1": {"caseload_tracker": "Meets"}, "R2": {"caseload_tracker": "Partly"}}})
    text = _text(store, plan_id)
    assert "hard to keep private and HIPAA-compliant" not in text
    assert "AIMS Caseload Tracker 75% 2 of 16 0" in text  # 2 + 1 of 4 points
    assert "System chosen Not decided yet" in text and "Owner No owner yet" in text
    assert "Still open" in text and "No patient tracking system has been chosen yet." in text


def test_measures_come_from_the_shared_vision_with_those_unticked_marked(store, plan_id):
    plans.save_doc(store, plan_id, SharedVisionDoc.model_validate({
        "scope": {"conditions": ["depression", "anxiety"]},
        "measures": [{"condition": "depression", "measure": "PHQ-9"}, {"condition": "anxiety", "measure": "GAD-7"}]}),
        0, "Ann")
    _save(store, plan_id, {"vision_measures": {"anxiety": False},
                           "extra_measures": [{"measure": "DAST-10", "purpose": "Drug use"}]})
    text = _text(store, plan_id)
    assert "PHQ-9 Depression Yes" in text and "GAD-7 Anxiety disorders No" in text and "DAST-10 Drug use Yes" in text


def test_hostile_text_prints_literally(store, plan_id):
    plans.save_doc(store, plan_id, TeamDoc(members=[Member(id="p-x", name=HOSTILE, role="CIT lead")]), 0, "Ann")
    _save(store, plan_id, {"options": {"other": {"considering": True, "note": HOSTILE}}, "other_name": HOSTILE,
                           "ratings": {"R1": {"other": "Meets"}},
                           "decision": {"chosen": "other", "reason": HOSTILE, "interim": "spreadsheet",
                                        "transition": HOSTILE, "owner": "p-x"},
                           "extra_measures": [{"measure": HOSTILE, "purpose": HOSTILE}], "other_metrics": HOSTILE})
    text = _text(store, plan_id)
    literal = "<b>unclosed & <script>x</script> Győr"
    assert text.count(literal) >= 8  # name in the options, matrix, scores and chart; reason, plan, owner, measure
    assert f"System chosen {literal}" in text and f"Reason {literal}" in text
    assert REPLACEMENT in text and "中文" not in text  # characters no font has are replaced visibly
    assert "hard to keep private" in text  # the spreadsheet is the interim tool
