"""Browser journeys: a deep link as the first request to a fresh server; name, new plan, rate the readiness
checklist, reload, PDF.

The checklist grids are glide-data-grid canvases. Cells are reached the way a keyboard user does:
click the grid's first row, move with the arrow keys, press Enter to open the cell editor, then pick
the rating from the dropdown or type the note. glide-data-grid keeps an accessible table in the DOM
(td#glide-cell-<col>-<row>, aria-selected on the selected cell); the test uses it to wait for each
step and to read the values shown, so no pixel position other than "top of the first row" is assumed.
"""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from planning.plans import PlanMeta, create_plan
from planning.storage import Store
from tests.browser.conftest import serve
from tests.conftest import pdf_text

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'  # the script run has finished
HEADER_PX = 35  # height of the grid's header row; data rows are at least this tall
RATING_COL, NOTE_COL = 3, 4  # Item, What should be in place, Why it matters, Rating, Note
NOTE = "Dr Ortiz sponsors it; budget line approved in March"
# Records, from the first paint on, whether Streamlit ever showed its "Page not found" dialog.
WATCH_PAGE_NOT_FOUND = """
window.__pageNotFoundSeen = false;
new MutationObserver(() => {
  if (document.body && document.body.innerText.includes("Page not found")) window.__pageNotFoundSeen = true;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def wait_idle(page: Page) -> None:
    page.wait_for_selector(IDLE, timeout=30_000)


def sign_in_and_create_plan(page: Page, app_url: str, plan_name: str, clinic: str) -> str:
    """Open Home, type the author's name in the sidebar, create a plan; returns its id from the URL."""
    page.goto(app_url + "/")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Start a plan")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Enter your name to save changes.")).to_be_visible()
    name = sidebar.get_by_role("textbox", name="Your name", exact=True)
    name.fill("Dana Lee")
    name.press("Enter")
    expect(sidebar.get_by_text("Enter your name to save changes.")).to_have_count(0)
    wait_idle(page)
    page.get_by_role("textbox", name="Plan name", exact=True).fill(plan_name)
    page.get_by_role("textbox", name="Clinic", exact=True).fill(clinic)
    page.get_by_role("button", name="Create plan").click()
    # lands on the Step 1 overview with the plan in the URL and in the sidebar
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Step 1"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/step-1\?plan=[0-9a-f-]{36}$"))
    expect(sidebar.get_by_text(plan_name)).to_be_visible()
    wait_idle(page)
    return page.url.split("plan=")[1]


def cell(grid: Locator, col: int, row: int) -> Locator:
    return grid.locator(f"#glide-cell-{col}-{row}")


def select_cell(page: Page, grid: Locator, col: int, row: int, x: int = 20) -> None:
    """Select a cell as a keyboard user would: click the first row, then arrow keys to the cell.

    Row heights grow with wrapped text and the grid may be scrolled sideways, so only the top of the
    first row is clicked, `x` pixels from the grid's left edge (a point in its first data column: past the
    row markers in a grid that can add rows); the selected cell is then read back from the accessible
    table after the click and after every key press, never assumed.
    """
    anywhere = page.locator('td[aria-selected="true"]')
    if anywhere.count():
        page.keyboard.press("Escape")  # clear the old selection so it cannot be mistaken for the new one
        expect(anywhere).to_have_count(0)
    selected = grid.locator('td[aria-selected="true"]')
    # At 1280 x 720 a first row near the bottom edge opens its dropdown so that, after an option is clicked,
    # the grid ignores keys (Escape); a row mid-screen does not.
    grid.evaluate("e => e.scrollIntoView({block: 'center'})")
    # The first pointer move over a grid re-renders it (hover state, toolbar); a click arriving in the
    # same moment is dropped. Hover, let it settle, then click.
    grid.hover(position={"x": x, "y": HEADER_PX + 8})
    page.wait_for_timeout(150)
    grid.click(position={"x": x, "y": HEADER_PX + 8})
    expect(selected).to_have_count(1)
    current_col, current_row = (int(n) for n in selected.get_attribute("id").split("-")[2:4])
    assert current_row == 0, selected.get_attribute("id")
    moves = [("ArrowDown", 0, 1)] * (row - current_row)
    moves += [("ArrowRight", 1, 0) if col > current_col else ("ArrowLeft", -1, 0)] * abs(col - current_col)
    for key, dc, dr in moves:
        page.keyboard.press(key)
        current_col, current_row = current_col + dc, current_row + dr
        expect(cell(grid, current_col, current_row)).to_have_attribute("aria-selected", "true")


def editor(page: Page) -> Locator:
    return page.get_by_test_id("portal").locator(".gdg-clip-region")


def rate(page: Page, grid: Locator, row: int, label: str) -> None:
    select_cell(page, grid, RATING_COL, row)
    page.keyboard.press("Enter")  # opens the rating dropdown
    expect(editor(page)).to_be_visible()
    page.get_by_test_id("portal").get_by_role("option", name=label, exact=True).click()
    expect(editor(page)).to_have_count(0)
    expect(cell(grid, RATING_COL, row)).to_have_text(label)


def write_note(page: Page, grid: Locator, row: int, text: str) -> None:
    select_cell(page, grid, NOTE_COL, row)
    page.keyboard.press("Enter")  # opens the text editor
    box = editor(page).locator("textarea")
    expect(box).to_be_visible()
    box.fill(text)
    box.press("Enter")  # commits (Shift+Enter would add a line)
    expect(editor(page)).to_have_count(0)
    expect(cell(grid, NOTE_COL, row)).to_have_text(text)


def metric(page: Page, label: str) -> Locator:
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def checklist_grids(page: Page) -> Locator:
    """The eight domain grids inside the checklist form (A..H, in order)."""
    grids = page.get_by_test_id("stForm").get_by_test_id("stDataFrame")
    expect(grids).to_have_count(8)
    return grids


def test_deep_link_is_the_first_request_to_a_fresh_server(page: Page, tmp_path: Path):
    """A shared link opened right after the server starts lands on its page and plan, with no error dialog.

    Streamlit's legacy pages/ routing (on unless scripts/serve.py switches it off) would answer this first
    request with a "Page not found" dialog.
    """
    db_url = f"sqlite:///{tmp_path / 'deep-link.db'}"
    store = Store(db_url)
    try:
        plan_id = create_plan(store, PlanMeta(name="Deep link plan", clinic="Harbor Health"), "Sam Ito")
    finally:
        store.dispose()
    page.add_init_script(WATCH_PAGE_NOT_FOUND)
    with serve(db_url, tmp_path / "server.log") as base:
        page.goto(f"{base}/readiness?plan={plan_id}")
        wait_idle(page)
        expect(page.get_by_role("heading", level=1, name="Readiness checklist")).to_be_visible()
        expect(page).to_have_url(re.compile(rf"/readiness\?plan={plan_id}$"))
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("Deep link plan")).to_be_visible()
        expect(metric(page, "Items rated")).to_have_text("0 of 32")
        wait_idle(page)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_role("dialog")).to_have_count(0)
        assert page.evaluate("window.__pageNotFoundSeen") is False, "a 'Page not found' dialog flashed"


def test_rate_readiness_save_reload_and_download_the_pdf(page: Page, app_url: str, tmp_path: Path):
    # ---- open the app and say who we are
    plan_id = sign_in_and_create_plan(page, app_url, "Browser journey plan", "Lakeside Family Clinic")
    sidebar = page.get_by_test_id("stSidebar")

    # ---- the readiness checklist from the sidebar
    sidebar.get_by_role("link", name="Readiness checklist", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Readiness checklist")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/readiness\?plan={plan_id}$"))
    expect(metric(page, "Items rated")).to_have_text("0 of 32")
    wait_idle(page)

    grids = checklist_grids(page)
    domain_a, domain_b = grids.nth(0), grids.nth(1)
    expect(cell(domain_a, 0, 0)).to_have_text("A1")
    expect(cell(domain_a, 0, 1)).to_have_text("A2")
    expect(cell(domain_b, 0, 0)).to_have_text("B1")
    rate(page, domain_a, 0, "In place")
    write_note(page, domain_a, 0, NOTE)
    rate(page, domain_a, 1, "Partly")
    rate(page, domain_b, 0, "Not in place")

    page.get_by_role("button", name="Save checklist").click()
    expect(page.get_by_text("Saved as version 1").first).to_be_visible()  # top banner, beside the button, toast
    wait_idle(page)
    expect(metric(page, "Items rated")).to_have_text("3 of 32")
    expect(metric(page, "Overall readiness")).to_have_text("50%")  # (2 + 1 + 0) of 6 points

    # ---- a browser refresh keeps the plan (URL) and shows the saved ratings
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", level=1, name="Readiness checklist")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/readiness\?plan={plan_id}$"))
    expect(metric(page, "Items rated")).to_have_text("3 of 32")
    expect(metric(page, "Overall readiness")).to_have_text("50%")
    expect(page.get_by_text("(version 1)")).to_be_visible()
    grids = checklist_grids(page)
    domain_a, domain_b = grids.nth(0), grids.nth(1)
    expect(cell(domain_a, RATING_COL, 0)).to_have_text("In place")
    expect(cell(domain_a, NOTE_COL, 0)).to_have_text(NOTE)
    expect(cell(domain_a, RATING_COL, 1)).to_have_text("Partly")
    expect(cell(domain_b, RATING_COL, 0)).to_have_text("Not in place")
    expect(cell(domain_a, RATING_COL, 2)).to_have_text("")

    # ---- build and download the PDF
    page.get_by_role("button", name="Build the readiness checklist PDF").click()
    download_button = page.get_by_role("button", name="Download PDF")
    expect(download_button).to_be_visible()
    wait_idle(page)
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == "browser-journey-plan-readiness.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())  # one line: the PDF wraps long cells
    assert "Page 1 of" in text
    assert "Overall readiness: 50% (3 of 32 items rated)" in text
    # Each rating in its item's row (rows read as: id, item text, rating, note).
    assert re.search(rf"A1 .{{0,120}}? In place {re.escape(NOTE)}", text), text[:2000]
    assert re.search(r"A2 .{0,120}? Partly", text), text[:2000]
    assert re.search(r"B1 .{0,120}? Not in place", text), text[:2000]
