"""Six-month review PDFs: one review's record (for the review packet) with hostile text printed as typed, and the
worksheet PDF with every review newest first, the next review's due date and where each decision stands."""
from __future__ import annotations

from datetime import datetime, timezone

from planning import plans, reports
from planning.report import Report, build_pdf
from tests.conftest import example_before_step5, HOSTILE, pdf_text
from worksheets import action_plan as ap
from worksheets import review as rv

MARIA, WEI = "a1f3c9e2b701", "b72d0e4c9a15"  # the example plan's CIT lead and PCP champion
TYPED = "<b>unclosed & <script>x</script> Győr"  # HOSTILE up to the characters the PDF fonts cannot draw
PEOPLE = {MARIA: "Maria Okafor (CIT lead)", WEI: "Dr. Wei Chen (PCP champion)"}


def flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def test_a_review_record_prints_hostile_text_as_typed():
    doc = rv.ReviewDoc.model_validate({"reviews": [{
        "id": "r1", "name": HOSTILE, "date": "2027-11-08", "attendees": [MARIA, WEI, "gone"],
        "vision": HOSTILE, "went_well": "Caseload review every Tuesday",
        "decisions": [{"id": "d1", "text": HOSTILE, "owner": WEI, "due": "2028-01-31"},
                      {"id": "d2", "text": "Keep the Tuesday review", "no_action": True}]}]})
    section = rv.record_section(doc, "r1", PEOPLE)
    text = flat(build_pdf(Report("Review packet", "Riverbend", "Riverbend Family Health Center", (section,))))
    assert f"Review record: {TYPED}" in text
    assert "Date 8 Nov 2027" in text
    assert "Maria Okafor (CIT lead), Dr. Wei Chen (PCP champion), (removed from the team)" in text
    assert "Prompts answered 1 of 6" in text
    assert text.count(TYPED) >= 3  # the name, the vision answer and the decision, escaped, not interpreted
    assert "Not discussed." in text and "Caseload review every Tuesday" in text
    assert "31 Jan 2028 Not in the action plan yet" in text
    assert "Keep the Tuesday review No owner yet No due date No action needed" in text


def test_the_worksheet_pdf_lists_reviews_newest_first_with_the_next_due_date_and_the_decisions_state(store):
    pid = example_before_step5(store, "Tester")
    doc = rv.ReviewDoc.model_validate({"reviews": [
        {"id": "r1", "date": "2027-05-10", "attendees": [MARIA]},
        {"id": "r2", "date": "2027-11-08", "attendees": [MARIA, WEI],
         "decisions": [{"id": "d1", "text": "Add a second care manager half-time", "owner": WEI,
                        "due": "2028-01-31"}]}]})
    plans.save_doc(store, pid, doc, 0, "Tester")
    text = flat(reports.worksheet_pdf(store, pid, rv.KIND))
    assert "Next review due: 8 May 2028." in text  # 8 Nov 2027 + 6 months
    assert text.index("6-month review, Nov 2027") < text.index("6-month review, May 2027")
    assert "Not in the action plan yet" in text
    # accepted in the action plan: the record says so
    loaded = plans.load_doc(store, pid, ap.ActionPlanDoc.KIND)
    finding = rv.decision_finding(doc.reviews[1], doc.reviews[1].decisions[0])
    plans.save_doc(store, pid, ap.accept(loaded.doc, finding, {}, "Tester", datetime.now(timezone.utc)),
                   loaded.version, "Tester")
    text = flat(reports.worksheet_pdf(store, pid, rv.KIND))
    assert "In the action plan" in text and "Not in the action plan yet" not in text
