"""Reports page: print now or as of a milestone; a milestone keeps today's plan after later edits."""
from __future__ import annotations

from planning import plans, reports
from tests.conftest import pdf_text
from worksheets import readiness as rd

PAGE = "pages/reports_page.py"


def _readiness(store, plan_id, rating: str, version: int) -> None:
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate({"responses": {"A1": {"rating": rating}}}),
                   version, "Ann")


def test_a_milestone_taken_today_still_prints_todays_plan_after_later_edits(open_page, store, plan_id):
    _readiness(store, plan_id, "Not in place", 0)  # A1 not in place: 0 of 2 points -> 0%
    at = open_page(PAGE, plan_id)
    at.text_input(key="milestone_name").input("Baseline before launch")
    next(b for b in at.button if b.label == "Take milestone now").click().run()
    assert any("Baseline before launch" in s.value for s in at.success)
    listed = next(d.value for d in at.dataframe if "Milestone" in d.value.columns)
    assert listed["Milestone"].tolist() == ["Baseline before launch"] and listed["By"].tolist() == ["Tester"]

    _readiness(store, plan_id, "In place", 1)  # later, A1 is in place: 2 of 2 points -> 100%
    at = open_page(PAGE, plan_id)
    milestone = store.list_milestones(plan_id)[0].id
    as_of = at.selectbox(key="reports_as_of")
    assert as_of.options[0] == "Now (the latest saved versions)" and as_of.options[1].startswith("Baseline before")
    as_of.set_value(milestone).run()
    at.radio(key="reports_pick").set_value("ws:readiness").run()
    next(b for b in at.button if b.label == "Build PDF").click().run()
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
    # what that PDF holds: the plan as it stood at the milestone, not as it is now
    assert "Overall readiness: 0%" in pdf_text(reports.worksheet_pdf(store, plan_id, "readiness",
                                                                     milestone_id=milestone))
    assert "Overall readiness: 100%" in pdf_text(reports.worksheet_pdf(store, plan_id, "readiness"))


def test_a_milestone_needs_a_name(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    next(b for b in at.button if b.label == "Take milestone now").click().run()
    assert any("A milestone needs a name" in e.value for e in at.error)
    assert store.list_milestones(plan_id) == []
