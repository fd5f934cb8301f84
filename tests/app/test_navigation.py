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
    # A1 not in place: domain A scores 0 of 2 points = 0%, under 50% -> a blocker, listed first with its fix
    shown = text.replace("\\", "")
    assert "**Blocker before launch** · Readiness checklist: Leadership and vision scores 0% on the readiness " \
           "checklist, under 50%: address it before launch." in shown
    assert shown.index("Leadership and vision scores 0%") < shown.index("Not in place yet (A1)")
    assert any("◐ In progress" in m.value for m in at.markdown)
    fix_links = [link for link in at.get("page_link") if link.proto.label == "Fix it"]
    # each "Fix it" opens the page that fixes it on this plan, also in a new tab
    targets = {(link.proto.page, link.proto.query_string) for link in fix_links}
    assert ("readiness", f"plan={plan_id}") in targets
    assert {query for _, query in targets} == {f"plan={plan_id}"}


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


def _sidebar_links(at):
    return [el.proto for el in at.sidebar if getattr(el, "type", None) == "page_link"]


def test_the_sidebar_asks_for_the_name_first_and_every_link_keeps_the_plan(open_page, plan_id):
    step = registry.STEPS[1]
    at = open_page(step.worksheets[0].page_file, plan_id, author="")
    first = next(el for el in at.sidebar if el.type not in ("sidebar", "html"))  # html: the sidebar's style
    assert first.type == "text_input" and first.label == "Your name" and first.value == ""
    assert "recorded with every save" in first.help.lower() and "only" in first.help
    assert any(c.value == "Enter your name to save changes." for c in at.sidebar.caption)
    links = _sidebar_links(at)
    assert links and all(link.query_string == f"plan={plan_id}" for link in links)
    labels = [link.label for link in links]
    # the current step shows every worksheet; the other steps only their overview
    assert [w.title for w in step.worksheets] == labels[labels.index("Step 2 overview") + 1:][:len(step.worksheets)]
    assert "Readiness checklist" not in labels
    assert "Step 1 overview · 5 worksheets" in labels and labels[-3:] == ["Reports", "Access and audit", "About"]
    assert [h.value for h in at.sidebar.header] == [s.label for s in registry.STEPS] + ["Share and learn"]


def test_the_root_address_opens_home_with_the_plan(open_page, plan_id):
    at = open_page(ui.HOME, plan_id)  # AppTest starts at "/", which moves to /home
    assert at.title[0].value == "Collaborative Care Implementation Workbook"
    assert at.query_params.get("plan") in (plan_id, [plan_id])
    home = next(link for link in _sidebar_links(at) if link.label == "Home")
    assert home.page == "home" and home.query_string == f"plan={plan_id}"
