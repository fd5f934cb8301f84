"""The roster in a real browser: add a person on the implementation team, see them offered on the shared vision.

A user adds a row to the roster grid (num_rows="dynamic": the grid toolbar's "Add row"), types a name,
picks a role from the dropdown and saves. The shared vision then offers that person as who delivers a
treatment and in the sign-off picker. Other worksheets store the person's id, so after a rename on the
team page the saved sign-off and treatment show the new name.

Grid cells are driven as in test_journey.py (accessible table td#glide-cell-<col>-<row>, Enter opens the
editor). In a grid that can add rows, column 0 is the row marker, so data columns start at 1.
"""
from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.test_journey import cell, editor, metric, select_cell, sign_in_and_create_plan, wait_idle

NAME, ROLE, ROLE_DETAIL = 1, 2, 3  # roster grid: row marker, Name, Role, Role detail, Work email, CoCM time
TREATMENT, WHO = 1, 2  # treatments grid: row marker, Treatment, Who delivers, Training needed
FIRST_DATA_COL_X = 60  # a point inside the first data column, past the row markers (about 32 px)

PERSON = "Maya Chen"
RENAMED = "Maya Okafor"
ROLE_NAME = "Behavioral health care manager"
DETAIL = "Licensed clinical social worker"
LABEL, NEW_LABEL = f"{PERSON} ({DETAIL})", f"{RENAMED} ({DETAIL})"  # how other worksheets name the person
TREATMENT_NAME = "Behavioral activation"


def form_with(page: Page, button: str) -> Locator:
    """The st.form whose submit button is `button`."""
    return page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name=button, exact=True))


def open_from_sidebar(page: Page, title: str, url_path: str, plan_id: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/{url_path}\?plan={plan_id}$"))
    wait_idle(page)


# True when the element is what a click at its centre would hit (nothing on top of it).
ON_TOP = """el => { const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return !!hit && el.contains(hit); }"""


def add_row(page: Page, grid: Locator, rows_before: int) -> None:
    """The grid toolbar's "Add row".

    At rest the toolbar is transparent and tucked under the top edge of the grid, which covers it; a
    pointer over the grid slides it up into view after a short delay. Playwright counts a transparent
    element as visible, so wait until the button really is on top before clicking it.
    """
    expect(cell(grid, NAME, rows_before)).to_have_count(0)
    button = page.get_by_role("button", name="Add row", exact=True)
    for _ in range(5):
        grid.hover(position={"x": FIRST_DATA_COL_X, "y": 10})
        try:
            page.wait_for_function(ON_TOP, arg=button.element_handle(), timeout=2_000)
            break
        except PlaywrightTimeoutError:
            page.mouse.move(0, 0)  # leave the grid, then hover it again
    button.click()
    expect(cell(grid, NAME, rows_before)).to_have_count(1)


def type_text(page: Page, grid: Locator, col: int, row: int, text: str) -> None:
    select_cell(page, grid, col, row, x=FIRST_DATA_COL_X)
    page.keyboard.press("Enter")  # opens the text editor
    box = editor(page).locator("textarea")
    expect(box).to_be_visible()
    box.fill(text)
    box.press("Enter")  # commits
    expect(editor(page)).to_have_count(0)
    expect(cell(grid, col, row)).to_have_text(text)


def open_dropdown(page: Page, grid: Locator, col: int, row: int) -> Locator:
    """Open a dropdown cell's editor; returns the portal holding its options."""
    select_cell(page, grid, col, row, x=FIRST_DATA_COL_X)
    page.keyboard.press("Enter")
    expect(editor(page)).to_be_visible()
    return page.get_by_test_id("portal")


def pick(page: Page, portal: Locator, option: str) -> None:
    """Pick an open dropdown's option by its exact name, from the keyboard: type it, check it is the one
    option left, press Enter.

    (Clicking the option also sets the cell, but then the grid swallows the next click and ignores keys
    until it gets one, so the next cell could not be reached reliably.)
    """
    expect(portal.get_by_role("option", name=option, exact=True)).to_be_visible()
    page.keyboard.type(option)
    expect(portal.get_by_role("option")).to_have_text([option])
    page.keyboard.press("Enter")
    expect(editor(page)).to_have_count(0)


def expect_dropdown_value(page: Page, grid: Locator, col: int, row: int, label: str) -> None:
    """A dropdown cell with a format_func shows `label` on the canvas, but the accessible table holds the
    stored value (a person id). Read the label where a user sees it: open the cell's editor (it shows the
    current choice, selected in the list), then Escape without changing anything.
    """
    portal = open_dropdown(page, grid, col, row)
    expect(portal.get_by_role("option", selected=True)).to_have_text([label])
    page.keyboard.press("Escape")
    expect(editor(page)).to_have_count(0)


def choose(page: Page, grid: Locator, col: int, row: int, option: str) -> None:
    pick(page, open_dropdown(page, grid, col, row), option)
    expect(cell(grid, col, row)).to_have_text(option)


def open_tab(page: Page, name: str) -> None:
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    wait_idle(page)  # the tabs rerun the page on change


def signoff_picker(page: Page) -> Locator:
    return page.get_by_test_id("stMultiSelect").filter(has_text="Signed off by (implementation team)")


def test_a_person_added_to_the_team_is_offered_on_the_shared_vision_and_renamed_everywhere(page: Page,
                                                                                            app_url: str):
    # ---- open the app, say who we are, create a plan
    plan_id = sign_in_and_create_plan(page, app_url, "Roster journey plan", "Hillside Health Center")

    # ---- implementation team: add one person to the roster and save
    open_from_sidebar(page, "Implementation team", "team", plan_id)
    expect(metric(page, "People on the team")).to_have_text("0")
    roster = form_with(page, "Save team").get_by_test_id("stDataFrame")
    add_row(page, roster, rows_before=0)
    type_text(page, roster, NAME, 0, PERSON)
    choose(page, roster, ROLE, 0, ROLE_NAME)
    type_text(page, roster, ROLE_DETAIL, 0, DETAIL)
    page.get_by_role("button", name="Save team", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Saved as version 1 by Dana Lee")).first).to_be_visible()
    wait_idle(page)
    expect(metric(page, "People on the team")).to_have_text("1")
    expect(page.get_by_text(f"{PERSON} · {ROLE_NAME} ({DETAIL}) · 0 of 8 acknowledged")).to_be_visible()
    roster = form_with(page, "Save team").get_by_test_id("stDataFrame")
    expect(cell(roster, NAME, 0)).to_have_text(PERSON)
    expect(cell(roster, ROLE, 0)).to_have_text(ROLE_NAME)
    expect(cell(roster, NAME, 1)).to_have_count(0)  # one person, no stray blank row

    # ---- shared vision, tab 3: the person is offered as who delivers a treatment; pick them and save
    open_from_sidebar(page, "Shared vision", "shared-vision", plan_id)
    expect(page.get_by_text("No one is on the implementation team yet")).to_have_count(0)
    open_tab(page, "3 · Measures and treatments")
    treatments = form_with(page, "Save measures and treatments").get_by_test_id("stDataFrame")
    add_row(page, treatments, rows_before=0)
    portal = open_dropdown(page, treatments, WHO, 0)
    expect(portal.get_by_role("option", name=f"Role: {ROLE_NAME}", exact=True)).to_be_visible()  # roles too
    pick(page, portal, LABEL)
    expect(cell(treatments, WHO, 0)).not_to_have_text("")  # the person's id
    expect_dropdown_value(page, treatments, WHO, 0, LABEL)
    type_text(page, treatments, TREATMENT, 0, TREATMENT_NAME)
    page.get_by_role("button", name="Save measures and treatments", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Saved as version 1 by Dana Lee")).first).to_be_visible()
    wait_idle(page)

    # ---- shared vision, tab 6: the sign-off picker offers the person; sign them off and save
    open_tab(page, "6 · Vision and sign-off")
    picker = signoff_picker(page)
    picker.get_by_role("combobox").click()
    options = page.get_by_role("listbox")
    expect(options.get_by_role("option", name=LABEL, exact=True)).to_be_visible()
    options.get_by_role("option", name=LABEL, exact=True).click()
    page.keyboard.press("Escape")  # close the list
    expect(picker.get_by_text(LABEL, exact=True)).to_be_visible()  # the chosen chip
    page.get_by_role("button", name="Save vision and sign-off", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Saved as version 2 by Dana Lee")).first).to_be_visible()
    wait_idle(page)
    open_tab(page, "6 · Vision and sign-off")
    expect(signoff_picker(page).get_by_text(LABEL, exact=True)).to_be_visible()

    # ---- rename the person on the team page
    open_from_sidebar(page, "Implementation team", "team", plan_id)
    roster = form_with(page, "Save team").get_by_test_id("stDataFrame")
    expect(cell(roster, NAME, 0)).to_have_text(PERSON)
    type_text(page, roster, NAME, 0, RENAMED)
    page.get_by_role("button", name="Save team", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Saved as version 2 by Dana Lee")).first).to_be_visible()
    wait_idle(page)
    expect(metric(page, "People on the team")).to_have_text("1")
    expect(page.get_by_text(f"{RENAMED} · {ROLE_NAME} ({DETAIL}) · 0 of 8 acknowledged")).to_be_visible()

    # ---- the shared vision shows the new name where the person was chosen (it stored the id)
    open_from_sidebar(page, "Shared vision", "shared-vision", plan_id)
    open_tab(page, "6 · Vision and sign-off")
    picker = signoff_picker(page)
    expect(picker.get_by_text(NEW_LABEL, exact=True)).to_be_visible()
    expect(picker.get_by_text(LABEL, exact=True)).to_have_count(0)
    expect(picker.get_by_text("(removed from the team)")).to_have_count(0)
    open_tab(page, "3 · Measures and treatments")
    treatments = form_with(page, "Save measures and treatments").get_by_test_id("stDataFrame")
    expect(cell(treatments, TREATMENT, 0)).to_have_text(TREATMENT_NAME)
    expect_dropdown_value(page, treatments, WHO, 0, NEW_LABEL)
    expect(page.get_by_text(PERSON)).to_have_count(0)  # the old name is gone from the page
