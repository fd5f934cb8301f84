"""Reports page: the report set, each as of now or as of a milestone; a milestone keeps today's plan after later
edits."""
from __future__ import annotations

from planning import plans, reports
from tests.conftest import HOSTILE, pdf_text
from worksheets import readiness as rd

PAGE = "pages/reports_page.py"


def _readiness(store, plan_id, rating: str, version: int) -> None:
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate({"responses": {"A1": {"rating": rating}}}),
                   version, "Ann")


def _build(at):
    next(b for b in at.button if b.label == "Build PDF").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))


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
    at.radio(key="reports_pick").set_value("worksheet").run()
    at.selectbox(key="reports_worksheet").set_value("readiness").run()
    _build(at)
    # what that PDF holds: the plan as it stood at the milestone, not as it is now
    assert "Overall readiness: 0%" in pdf_text(reports.worksheet_pdf(store, plan_id, "readiness",
                                                                     milestone_id=milestone))
    assert "Overall readiness: 100%" in pdf_text(reports.worksheet_pdf(store, plan_id, "readiness"))


def test_as_of_a_milestone_the_whole_workbook_offered_is_that_milestones(open_page, store, plan_id, offered):
    mid = store.create_milestone(plan_id, f"Baseline {HOSTILE}", "Tester")
    at = open_page(PAGE, plan_id)
    assert at.radio(key="reports_pick").value == "workbook"  # the whole workbook, as of now, unless chosen
    assert at.selectbox(key="reports_as_of").value is None
    at.selectbox(key="reports_as_of").set_value(mid).run()
    _build(at)
    name, data = next((n, d) for n, d in offered if n.endswith(".pdf"))
    text = " ".join(pdf_text(data).split())
    assert "As of milestone Baseline <b>unclosed & <script>x</script> Győr" in text
    assert "Contents" in text and "baseline" in name


def test_the_page_opens_with_no_milestones_and_says_what_each_report_needs(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    assert at.selectbox(key="reports_as_of").options == ["Now (the latest saved versions)"]
    assert any("No milestones yet" in c.value for c in at.caption)
    picks = at.radio(key="reports_pick").options
    assert picks[:4] == ["The whole workbook", "One step", "One worksheet", "The action plan"]
    at.radio(key="reports_pick").set_value("review").run()
    assert any("there is none yet" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Build PDF"]
    at.radio(key="reports_pick").set_value("minutes").run()
    assert any("No meeting saved yet" in i.value for i in at.info)
    at.radio(key="reports_pick").set_value("step").run()
    at.selectbox(key="reports_step").set_value(2).run()
    _build(at)
    labels = [d.proto.label for d in at.get("download_button")]
    assert {"Plan (.json)", "Action plan (.xlsx)", "Action plan (.csv)", "Due dates (.ics)"} <= set(labels)


def test_the_review_packet_compares_with_the_milestone_before_the_one_chosen(open_page, store, plan_id, offered):
    first = store.create_milestone(plan_id, "Baseline", "Tester")
    second = store.create_milestone(plan_id, "Launch", "Tester")
    at = open_page(PAGE, plan_id)
    at.radio(key="reports_pick").set_value("review").run()
    older = at.selectbox(key="reports_older")
    assert older.value == second  # as of now: compared with the latest milestone, Launch
    at.selectbox(key="reports_as_of").set_value(second).run()
    older = at.selectbox(key="reports_older")
    assert older.value == first and len(older.options) == 1  # as of Launch: only Baseline came before
    _build(at)
    text = " ".join(pdf_text(next(d for n, d in offered if n.endswith(".pdf"))).split())
    assert "Baseline" in text and "Launch" in text
    at.selectbox(key="reports_as_of").set_value(first).run()
    assert any("No milestone is older" in i.value for i in at.info)


def test_a_milestone_needs_a_name(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    next(b for b in at.button if b.label == "Take milestone now").click().run()
    assert any("A milestone needs a name" in e.value for e in at.error)
    assert store.list_milestones(plan_id) == []
