"""Browser journey: a readiness item rated Not in place is offered in the action plan's inbox, accepted, found
in the actions, and leaves as a calendar file and a spreadsheet that read back.

The plan and its team are seeded through the engine; only the rating and the accept are done in the browser.
"""
from __future__ import annotations

import io
import re
from datetime import date

from playwright.sync_api import Page, expect

from planning import plans
from planning.plans import PlanMeta
from planning.storage import Store
from tests.browser.test_identity_links import name_box
from tests.browser.test_journey import metric, rate, wait_idle
from worksheets import team as tm

ITEM_TEXT = "A patient tracking system (registry) has been chosen"


def suggestion(page: Page):
    """The inbox card of the registry gap: the innermost block holding its severity, its sentence and an Accept
    button (the form inside the card also holds the sentence, as the draft action's text)."""
    return (page.get_by_test_id("stVerticalBlock").filter(has_text=ITEM_TEXT)
            .filter(has=page.get_by_text("Should fix", exact=True))
            .filter(has=page.get_by_role("button", name="Accept")).last)


def _seed(db_url: str) -> str:
    store = Store(db_url)
    try:
        pid = plans.create_plan(store, PlanMeta(name="Harbor action plan", clinic="Harbor Health",
                                                target_launch=date(2031, 3, 1)), "Sam Ito")
        team = tm.TeamDoc.model_validate({"members": [
            {"id": "lead1", "name": "Maria Okafor", "role": "CIT lead"},
            {"id": "pcp1", "name": "Dr. Wei Chen", "role": "PCP champion"}]})
        plans.save_doc(store, pid, team, 0, "Sam Ito")
        return pid
    finally:
        store.dispose()


def test_a_gap_becomes_an_action_and_leaves_as_calendar_and_spreadsheet(page: Page, app_url, app_db_url):
    pid = _seed(app_db_url)
    page.goto(f"{app_url}/readiness?plan={pid}")
    wait_idle(page)
    name_box(page).fill("Dana Lee")
    name_box(page).press("Enter")
    wait_idle(page)
    # rate E1 (the registry) Not in place: domain E is the fifth grid on the page, E1 its first row
    grid = page.get_by_test_id("stDataFrame").nth(4)
    rate(page, grid, 0, "Not in place")
    page.get_by_role("button", name="Save checklist").click()
    expect(page.get_by_text("Saved as version 1").first).to_be_visible()

    # the inbox offers it, with the CIT lead (the only one on the team) as owner
    page.goto(f"{app_url}/action-plan?plan={pid}")
    wait_idle(page)
    # an almost empty plan offers many blockers first (ten cards at a time): show the readiness checklist's only
    page.get_by_label("From", exact=True).click()
    page.get_by_role("option", name=re.compile(r"^Readiness checklist \(")).click()
    wait_idle(page)
    card = suggestion(page)
    expect(card).to_be_visible()
    expect(card).to_contain_text("Owner: Maria Okafor (CIT lead)")
    waiting = int(metric(page, "Suggestions waiting").inner_text())
    card.get_by_role("button", name="Accept").click()
    wait_idle(page)
    expect(page.get_by_text("Accepted:").first).to_be_visible()
    expect(metric(page, "Suggestions waiting")).to_have_text(str(waiting - 1))  # it left the inbox...
    expect(metric(page, "Actions")).to_have_text("1")  # ...and is an action now

    # the calendar file: one all-day event on the due date (a should-fix gap: one week before launch)
    with page.expect_download() as ics:
        page.get_by_role("button", name="Calendar (.ics)").click()
    from icalendar import Calendar

    events = [e for e in Calendar.from_ical(open(ics.value.path(), "rb").read()).walk("VEVENT")]
    assert len(events) == 1
    assert events[0].decoded("DTSTART") == date(2031, 2, 22)  # 1 March 2031 - 7 days
    assert "registry" in str(events[0].get("SUMMARY")) and "Maria Okafor" in str(events[0].get("DESCRIPTION"))

    # the spreadsheet: a header and the action with its owner's name
    with page.expect_download() as xlsx:
        page.get_by_role("button", name="Spreadsheet (.xlsx)").click()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    text = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "registry" in text and "Maria Okafor" in text

