"""Browser journey: a leader at the six-month review freezes the plan, compares two milestones and turns a decision
into an action.

The example clinic (without the milestones, review and meetings the example file brings) is seeded through the
engine. In the browser, on the Six-month review page: make a "Baseline" milestone. Three team members then change
three worksheets (seeded through the engine, as their own pages would save them: a readiness rating, a new person
on the roster, the vision statement reworded). Make a "6-month review" milestone, compare it with the Baseline and
see exactly those three worksheets changed. Record the review with a decision (typed in the decisions grid, with
an owner), send the decision to the action plan, and find it there.
"""
from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.browser.test_journey import wait_idle
from tests.browser.test_identity_links import name_box
from tests.browser.test_roster_journey import add_row, expect_dropdown_value, form_with, open_dropdown, open_tab, pick, type_text

REVIEW = "6-month review, May 2027"
DECISION = "Hire a second care manager before the caseload reaches 70"
OWNER = "Luz Ramírez (Licensed clinical social worker)"
TEXT_COL, OWNER_COL = 1, 2  # decisions grid: row marker, Decision, Owner, Due, No action needed


def _seed(db_url: str) -> str:
    """The example plan as it was before Step 5 (no milestones yet), under this journey's own name."""
    from planning import plans
    from planning.storage import Store

    store = Store(db_url)
    try:
        data = json.loads(plans.EXAMPLE_PATH.read_text("utf-8"))
        data.update(milestones=[])
        data["plan"]["name"] = "Review journey plan"
        for kind in ("review", "meetings", "expansion"):
            data["documents"].pop(kind, None)
        return plans.import_plan(store, json.dumps(data).encode("utf-8"), "Sam Ito")
    finally:
        store.dispose()


def _three_changes(db_url: str, pid: str) -> None:
    """What three team members save on their own pages between the two milestones."""
    from planning import plans
    from planning.storage import Store

    store = Store(db_url)
    try:
        readiness = plans.load_doc(store, pid, "readiness")
        data = readiness.doc.model_dump(mode="json")
        data["responses"]["A3"]["rating"] = "In place"  # the PCP champion's agreement is signed (was Partly)
        plans.save_doc(store, pid, type(readiness.doc).model_validate(data), readiness.version, "Maria Okafor")
        team = plans.load_doc(store, pid, "team")
        data = team.doc.model_dump(mode="json")
        data["members"].append({"id": "journey0001", "name": "Priya Nair", "role": "Other",
                                "role_detail": "Front desk lead"})
        plans.save_doc(store, pid, type(team.doc).model_validate(data), team.version, "Maria Okafor")
        vision = plans.load_doc(store, pid, "shared_vision")
        data = vision.doc.model_dump(mode="json")
        data["vision"]["statement"] = "Every adult at Riverbend with depression or anxiety feels better within months."
        plans.save_doc(store, pid, type(vision.doc).model_validate(data), vision.version, "Dr. Wei Chen")
    finally:
        store.dispose()


def make_milestone(page: Page, name: str) -> None:
    form = form_with(page, "Make the milestone")
    form.get_by_role("textbox", name="Name of the new milestone", exact=True).fill(name)
    form.get_by_role("button", name="Make the milestone", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text(f"Milestone “{name}” made").first).to_be_visible()


def pick_point(page: Page, label: str, starts: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=re.compile(rf"^{re.escape(starts)}")).click()
    wait_idle(page)


def test_a_leader_compares_two_milestones_and_sends_a_review_decision_to_the_action_plan(page: Page, app_url,
                                                                                         app_db_url):
    pid = _seed(app_db_url)
    page.goto(f"{app_url}/review?plan={pid}")
    wait_idle(page)
    name_box(page).fill("Maria Okafor")
    name_box(page).press("Enter")
    wait_idle(page)

    # ---- milestones: the baseline, three changes, the review's milestone
    make_milestone(page, "Baseline")
    _three_changes(app_db_url, pid)
    page.reload()
    wait_idle(page)
    make_milestone(page, REVIEW)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_contain_text(REVIEW)
    expect(table).to_contain_text("Baseline")

    # ---- compare: exactly the three worksheets that changed
    open_tab(page, "Compare")
    pick_point(page, "Older point", "Baseline")
    pick_point(page, "Newer point", REVIEW)
    summary = page.get_by_test_id("stMain").get_by_text(re.compile(rf"^From Baseline .* to {re.escape(REVIEW)} .*:"))
    expect(summary).to_have_text(re.compile(r": 3 worksheets changed, 18 unchanged\.$"))
    changed = page.get_by_test_id("stExpander").locator("summary").filter(has_text=re.compile(r": \d+ changes?$"))
    expect(changed).to_have_count(3)
    expect(changed).to_have_text([re.compile(r"^.*Implementation team: 1 change"),
                                  re.compile(r"^.*Readiness checklist: 1 change"),
                                  re.compile(r"^.*Shared vision: 1 change")])
    expanders = page.get_by_test_id("stExpander")
    expect(expanders.filter(has_text="Implementation team: 1 change")).to_contain_text("Priya Nair")
    expect(expanders.filter(has_text="Readiness checklist: 1 change")).to_contain_text("Partly → In place")

    # ---- the review record: attendees, a decision with an owner, saved
    open_tab(page, "Review record")
    record = page.get_by_test_id("stMain")
    record.get_by_role("textbox", name="Name of the review", exact=True).fill(REVIEW)
    attendees = record.get_by_test_id("stMultiSelect").filter(has_text="Attendees")
    attendees.click()
    page.keyboard.type("Maria Okafor (Practice manager)")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    grid = form_with(page, "Save the review").get_by_test_id("stDataFrame")
    add_row(page, grid, rows_before=0)
    type_text(page, grid, TEXT_COL, 0, DECISION)
    pick(page, open_dropdown(page, grid, OWNER_COL, 0), OWNER)
    expect_dropdown_value(page, grid, OWNER_COL, 0, OWNER)
    record.get_by_role("button", name="Save the review", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text(DECISION).first).to_be_visible()  # listed among the decisions waiting

    # ---- the decision goes to the action plan, with its owner
    page.get_by_role("button", name="Send to the action plan").first.click()
    wait_idle(page)
    expect(page.get_by_text(f"Added to the action plan: {DECISION}").first).to_be_visible()
    page.goto(f"{app_url}/action-plan?plan={pid}")
    wait_idle(page)
    expect(page.get_by_text(DECISION).first).to_be_attached()
