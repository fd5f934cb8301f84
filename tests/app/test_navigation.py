"""The wizard shell: every page of the map opens, Next/Back follow the steps, the plan stays in the URL."""
from __future__ import annotations

from pathlib import Path

import pytest

from pages import ui
from planning import registry

ROOT = Path(__file__).resolve().parent.parent.parent
ALL_PAGES = [f for f, _ in ui.page_order()]


def test_every_page_of_the_product_map_is_listed_in_order():
    titles = [t for _, t in ui.page_order()]
    assert titles[0] == "Home" and titles[-2:] == ["Reports", "About"]
    for name in ["Understanding CoCM", "Implementation team", "Readiness checklist", "Shared vision",
                 "Sustainment plan", "Team self-assessment", "Task summary", "Clinical workflow",
                 "Tracking system", "Administrative readiness", "Staffing", "Action plan", "Training plan",
                 "Patient education and consent", "Monitoring plan", "Metric log", "Relapse prevention",
                 "Launch gate", "Six-month review", "Expansion"]:
        assert name in titles
    assert [t for t in titles if t.endswith("overview")] == [f"Step {n} overview" for n in range(1, 6)]


def test_page_files_exist_and_their_names_differ_from_their_urls():
    # Streamlit's legacy pages/ routing runs pages/<url>.py directly, skipping app.py, when a file stem equals
    # a URL path (seen after a server restart and in AppTest). Our page files must never collide.
    urls = {w.url_path for w in registry.all_worksheets()} | {s.url_path for s in registry.STEPS}
    urls |= {"home", "reports", "about"}
    for f in ALL_PAGES:
        assert (ROOT / f).is_file(), f
        assert Path(f).stem not in urls, f


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_opens_with_a_plan(open_page, plan_id, page):
    at = open_page(page, plan_id)
    assert not at.exception
    assert at.title, f"{page} shows no title"
    assert at.query_params.get("plan") in (plan_id, [plan_id])


def test_step_overview_shows_objectives_progress_and_open_items(open_page, store, plan_id):
    from planning import plans
    from worksheets.readiness import ReadinessDoc
    plans.save_doc(store, plan_id, ReadinessDoc.model_validate({"responses": {"A1": {"rating": "Not in place"}}}),
                   0, "Ann")
    at = open_page(registry.STEPS[0].page_file, plan_id)
    assert at.title[0].value == "Step 1 · Lay the Foundation"
    text = " ".join(m.value for m in at.markdown)
    assert "shared vision" in text.lower()  # learning objectives
    assert "Leadership and vision: 0%, address before launch" in text.replace("\\", "")
    assert any("◐ In progress" in m.value for m in at.markdown)


def test_planned_pages_say_what_they_will_hold(open_page, plan_id):
    planned = [w for w in registry.all_worksheets() if not w.built]
    assert planned, "every page is built: delete this test"
    at = open_page(planned[0].page_file, plan_id)
    assert "This page will hold" in at.info[0].value
    assert planned[0].holds in at.info[0].value


def test_next_and_back_walk_the_wizard(open_page, plan_id):
    at = open_page(registry.STEPS[0].page_file, plan_id)
    at.button(key="nav_next").click().run()
    assert at.title[0].value == registry.STEPS[0].worksheets[0].title
    at.button(key="nav_back").click().run()
    assert at.title[0].value == "Step 1 · Lay the Foundation"
    at.button(key="nav_back").click().run()
    assert at.title[0].value == "Collaborative Care Implementation Workbook"
    assert at.query_params.get("plan") in (plan_id, [plan_id])


def test_a_link_to_a_plan_that_does_not_exist_says_so(open_page):
    at = open_page("pages/readiness_page.py", "no-such-plan")
    assert any("does not exist" in w.value for w in at.warning)


def test_about_acknowledges_the_aims_guide_and_no_patient_data(open_page):
    at = open_page(ui.ABOUT)
    text = " ".join(m.value for m in at.markdown)
    assert "AIMS Center (2023)" in text and "Collaborative Care Implementation Guide" in text
    assert "never enter patient names" in text
