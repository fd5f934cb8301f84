"""Browser journey: two members fill in their own self-assessments in two browsers at the same moment, the task
summary shows both, the gap they reveal arrives in the action plan's inbox, and the lead accepts it.

Everything but the cells typed here is seeded through the engine: the team, both sheets with every task answered
except the first (screening), the agreed owners, and an action plan that has already set aside every finding the
plan had before the journey (so the inbox holds only what the journey brings).
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from playwright.sync_api import Locator, Page, expect

from planning import plans
from planning.plans import PlanMeta
from planning.storage import Store
from planning.view import load_view
from tests.browser.test_identity_links import name_box
from tests.browser.test_journey import cell, editor, metric, select_cell, wait_idle
from worksheets import action_plan as ap
from worksheets import self_assessment as sa
from worksheets import task_summary as ts
from worksheets import team as tm
from worksheets.tasks import default_tasks

SCREENING = "Screen patients for behavioral health problems with a validated questionnaire"
DOES_COL, ROLE_COL = 1, 2  # the sheet's columns: task, do it now?, part of my role?, ...


def _seed(db_url: str) -> str:
    store = Store(db_url)
    try:
        pid = plans.create_plan(store, PlanMeta(name="Harbor self-assessments", clinic="Harbor Health",
                                                target_launch=date(2031, 3, 1)), "Sam Ito")
        plans.save_doc(store, pid, tm.TeamDoc.model_validate({"members": [
            {"id": "lead1", "name": "Maria Okafor", "role": "CIT lead"},
            {"id": "bhcm1", "name": "Luz Ramírez", "role": "Behavioral health care manager"},
            {"id": "pcp1", "name": "Dr. Wei Chen", "role": "PCP champion"}]}), 0, "Sam Ito")
        tasks = default_tasks()
        for person, name in (("bhcm1", "Luz Ramírez"), ("pcp1", "Dr. Wei Chen")):
            # every task but screening (the first row): does it, comfort 3, shared - no flag on any of them
            answers = {t.id: {"task": t.text, "does": "Yes", "comfort": 3, "should_own": "Shared"} for t in tasks[1:]}
            plans.save_doc(store, pid, sa.SelfAssessmentDoc.model_validate(
                {"person_id": person, "name": name, "answers": answers}), 0, "Sam Ito", key=person)
        plans.save_doc(store, pid, ts.TaskSummaryDoc.model_validate(
            {"agreements": {t.id: {"owner": "bhcm1", "backup": "pcp1"} for t in tasks}}), 0, "Sam Ito")
        plans.sync_findings(store, pid, "Sam Ito")  # the findings log: these opened before they are set aside
        before = load_view(store, pid).findings()
        at = datetime.now(timezone.utc)
        doc = ap.ActionPlanDoc()
        for f in before:
            doc = ap.dismiss(doc, f, "Not part of this journey", "Sam Ito", at)
        plans.save_doc(store, pid, doc, 0, "Sam Ito")
        return pid
    finally:
        store.dispose()


def _open_sheet(page: Page, url: str, who: str) -> Locator:
    page.goto(url)
    wait_idle(page)
    name_box(page).fill(who)
    name_box(page).press("Enter")
    wait_idle(page)
    grid = page.get_by_test_id("stForm").get_by_test_id("stDataFrame")
    expect(grid).to_have_count(1)
    return grid


def _choose(page: Page, grid: Locator, col: int, row: int, label: str) -> None:
    select_cell(page, grid, col, row, x=60)
    page.keyboard.press("Enter")  # opens the dropdown
    expect(editor(page)).to_be_visible()
    page.get_by_test_id("portal").get_by_role("option", name=label, exact=True).click()
    expect(editor(page)).to_have_count(0)
    expect(cell(grid, col, row)).to_have_text(label)


def test_two_members_fill_in_at_once_and_the_lead_accepts_the_gap(page: Page, new_browser, app_url, app_db_url):
    pid = _seed(app_db_url)
    luz = page
    wei = new_browser().new_page()
    luz_grid = _open_sheet(luz, f"{app_url}/self-assessment?plan={pid}&person=bhcm1", "Luz Ramírez")
    wei_grid = _open_sheet(wei, f"{app_url}/self-assessment?plan={pid}&person=pcp1", "Wei Chen")
    expect(luz.get_by_text("Sheet of Luz Ramírez")).to_be_visible()
    expect(wei.get_by_text("Sheet of Dr. Wei Chen")).to_be_visible()

    # both answer the screening task: neither of them screens today
    _choose(luz, luz_grid, DOES_COL, 0, "No")
    _choose(luz, luz_grid, ROLE_COL, 0, "No")
    _choose(wei, wei_grid, DOES_COL, 0, "No")
    _choose(wei, wei_grid, ROLE_COL, 0, "Unsure")
    # ...and press Save at the same moment: each sheet is its own document, so neither is asked anything
    luz.get_by_role("button", name="Save my sheet").click()
    wei.get_by_role("button", name="Save my sheet").click()
    expect(luz.get_by_text("Saved as version 2").first).to_be_visible()
    expect(wei.get_by_text("Saved as version 2").first).to_be_visible()
    expect(luz.get_by_text("someone else saved")).to_have_count(0)
    expect(wei.get_by_text("someone else saved")).to_have_count(0)

    # the lead's view: each member's row links to their own sheet (the link the lead sends them)
    lead = new_browser().new_page()
    lead.goto(f"{app_url}/self-assessment?plan={pid}")
    wait_idle(lead)
    progress = lead.get_by_test_id("stDataFrame").filter(has_text="Tasks answered")
    expect(progress).to_contain_text("Luz Ramírez")
    # "Their sheet" of Luz, second on the roster. The grid draws its links on a canvas; its cell for assistive
    # technology holds the address, which is what the lead copies and sends.
    link = cell(progress, 4, 1)
    expect(link).to_contain_text("person=bhcm1")
    address = link.inner_text().strip()
    assert address.startswith("./self-assessment?")
    sheet = new_browser().new_page()  # Luz opens the link she was sent, in her own browser
    sheet.goto(f"{app_url}/{address[2:]}")
    wait_idle(sheet)
    expect(sheet.get_by_text("Sheet of Luz Ramírez")).to_be_visible()
    assert "person=bhcm1" in sheet.url and f"plan={pid}" in sheet.url
    sheet.close()

    # the summary has compiled both sheets and flags the gap
    lead.goto(f"{app_url}/task-summary?plan={pid}")
    wait_idle(lead)
    expect(metric(lead, "Sheets finished")).to_have_text("2 of 3")  # Maria (the lead) has no sheet
    expect(metric(lead, "Gaps")).to_have_text("1")
    flagged = lead.get_by_test_id("stDataFrame").filter(has_text="Flags")
    expect(flagged).to_contain_text(SCREENING)
    chart = lead.get_by_test_id("stPlotlyChart")
    expect(chart).to_contain_text("Luz")  # both members are columns of the heatmap
    expect(chart).to_contain_text("Wei")

    # the gap waits in the action plan's inbox; the lead accepts it
    lead.goto(f"{app_url}/action-plan?plan={pid}")
    wait_idle(lead)
    name_box(lead).fill("Maria Okafor")
    name_box(lead).press("Enter")
    wait_idle(lead)
    card = (lead.get_by_test_id("stVerticalBlock").filter(has_text=f"Gap: \"{SCREENING}\"")
            .filter(has=lead.get_by_role("button", name="Accept")).last)
    expect(card).to_be_visible()
    expect(metric(lead, "Suggestions waiting")).to_have_text("1")
    card.get_by_role("button", name="Accept").click()
    wait_idle(lead)
    expect(lead.get_by_text("Accepted:").first).to_be_visible()
    expect(metric(lead, "Actions")).to_have_text("1")
    expect(metric(lead, "Suggestions waiting")).to_have_text("0")
