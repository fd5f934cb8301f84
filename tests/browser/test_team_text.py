"""Team-entered text is shown exactly as typed: an HTML entity stays literal and web or email addresses are
not turned into links (issue #6, item 11)."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from planning import plans
from planning.plans import PlanMeta
from planning.storage import Store
from tests.browser.test_journey import wait_idle
from worksheets import team as tm


def test_team_text_shows_as_typed_entities_and_addresses_are_not_links(page: Page, app_url, app_db_url):
    store = Store(app_db_url)
    try:
        pid = plans.create_plan(store, PlanMeta(name="Tom &amp; Jerry clinic", clinic="Harbor Health"), "Sam Ito")
        team = tm.TeamDoc.model_validate({"members": [
            {"id": "p1", "name": "Tom &amp; Jerry", "role": "Other",
             "role_detail": "see www.example.org or https://example.org/x, mail tj@example.org"}]})
        plans.save_doc(store, pid, team, 0, "Sam Ito")
    finally:
        store.dispose()
    page.goto(f"{app_url}/team?plan={pid}")
    wait_idle(page)
    main = page.get_by_test_id("stMain")
    # the entity is shown as typed, in the page heading line and in the person's heading
    expect(main.get_by_text("Tom &amp; Jerry clinic", exact=False).first).to_be_visible()
    expect(main.get_by_text("Tom &amp; Jerry · Other", exact=False)).to_be_visible()
    # the addresses read as text (an invisible word joiner keeps markdown from linking them): no link anywhere
    expect(main.get_by_text("Tom &amp; Jerry · Other", exact=False)).to_contain_text(
        re.compile("see www\u2060?\\.example\\.org or https:\u2060?//example\\.org/x"))
    expect(page.locator('a[href*="example.org"]')).to_have_count(0)
