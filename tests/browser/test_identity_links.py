"""Browser journeys for who is saving and where links lead (issue #6, items 7 to 9), at the projector size.

- The name is asked for at the top of the sidebar, is remembered in this browser across a refresh and a new
  tab (saving then works under it), and is not carried by a link: another browser opening the same link is
  asked for its own name, and its save is refused until it gives one.
- Every sidebar link carries the open plan, so a page opened in a new tab shows the same plan; /home and /
  both open Home; the name and the current step's links are on screen at 1280 x 720; the current page is
  highlighted.
- The tab icon comes from this machine (and the `page` fixture fails any test whose pages request another
  host).
Plans are seeded through the engine on the session server's database.
"""
from __future__ import annotations

import re
import urllib.parse

import pytest
from playwright.sync_api import Locator, Page, expect

from planning import registry
from planning.plans import PlanMeta, create_plan
from planning.storage import Store
from tests.browser.conftest import leaves_the_machine
from tests.browser.test_journey import wait_idle

# Typed as is: quotes, a semicolon and "=" (cookie syntax), angle brackets (HTML) and letters beyond ASCII.
NAME = 'Łucja "Lu" O\'Brien; role=<CIT lead>'
HINT = "Enter your name to save changes."
HOME_TITLE = "Collaborative Care Implementation Workbook"


def seed_plan(db_url: str, name: str) -> str:
    store = Store(db_url)
    try:
        return create_plan(store, PlanMeta(name=name, clinic="Harbor Health", site="North"), "Sam Ito")
    finally:
        store.dispose()


def readiness_saved_by(db_url: str, plan_id: str) -> list[str]:
    store = Store(db_url)
    try:
        return [r.saved_by for r in store.history(plan_id, "readiness")]
    finally:
        store.dispose()


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def name_box(page: Page) -> Locator:
    return sidebar(page).get_by_role("textbox", name="Your name", exact=True)


def nav_links(page: Page) -> Locator:
    return sidebar(page).get_by_test_id("stPageLink-NavLink")


def open_page(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    wait_idle(page)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()


def save_checklist(page: Page) -> None:
    page.get_by_role("button", name="Save checklist", exact=True).click()


def test_the_name_is_asked_first_and_remembered_in_this_browser_but_not_in_links(
        page: Page, app_url: str, app_db_url: str, new_browser):
    plan_id = seed_plan(app_db_url, "Identity plan")

    # ---- the name is the first thing in the sidebar, on screen at 1280 x 720, above every link
    open_page(page, f"{app_url}/step-1?plan={plan_id}", "Step 1 · Lay the Foundation")
    expect(name_box(page)).to_be_in_viewport()
    expect(name_box(page)).to_have_value("")
    expect(sidebar(page).get_by_text(HINT)).to_be_visible()
    assert name_box(page).bounding_box()["y"] < nav_links(page).first.bounding_box()["y"]
    name_box(page).fill(NAME)
    name_box(page).press("Enter")
    expect(sidebar(page).get_by_text(HINT)).to_have_count(0)
    wait_idle(page)
    # the cookie is written by the page's script after the run that drew it: a refresh in that instant would
    # come before it (a person does not refresh within milliseconds; a test can)
    page.wait_for_function("document.cookie.split('; ').some((c) => c.startsWith('workbook_author='))")

    # ---- a refresh keeps it
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", level=1, name="Step 1 · Lay the Foundation")).to_be_visible()
    expect(name_box(page)).to_have_value(NAME)
    expect(sidebar(page).get_by_text(HINT)).to_have_count(0)

    # ---- a sidebar link opened in a new tab (middle click) lands on the same plan, with the name, and saves
    link = sidebar(page).get_by_role("link", name="Readiness checklist", exact=True)
    with page.context.expect_page() as opened:
        link.click(button="middle")
    tab = opened.value
    wait_idle(tab)
    expect(tab).to_have_url(re.compile(rf"/readiness\?plan={plan_id}$"))
    expect(tab.get_by_role("heading", level=1, name="Readiness checklist")).to_be_visible()
    expect(sidebar(tab).get_by_text("Identity plan")).to_be_visible()
    expect(name_box(tab)).to_have_value(NAME)
    save_checklist(tab)
    expect(tab.get_by_text(re.compile(rf"^Saved as version 1 by {re.escape(NAME)}")).first).to_be_visible()
    assert readiness_saved_by(app_db_url, plan_id) == [NAME]
    shared_link = tab.url

    # ---- another browser opening the same link gets the plan but not the sender's name; saving is refused
    other = new_browser().new_page()
    open_page(other, shared_link, "Readiness checklist")
    expect(sidebar(other).get_by_text("Identity plan")).to_be_visible()
    expect(name_box(other)).to_have_value("")
    expect(sidebar(other).get_by_text(HINT)).to_be_visible()
    save_checklist(other)
    expect(other.get_by_text(re.compile("enter your name at the top of the sidebar", re.I)).first).to_be_visible()
    wait_idle(other)
    assert readiness_saved_by(app_db_url, plan_id) == [NAME]  # nothing written without a name
    assert "Brien" not in shared_link and "Brien" not in urllib.parse.unquote(shared_link)


def test_links_carry_the_plan_home_has_an_address_and_the_current_step_fits_the_projector(
        page: Page, app_url: str, app_db_url: str):
    plan_id = seed_plan(app_db_url, "Links plan")

    # ---- /home and / both open Home on the plan; / moves to /home so the address can be shared
    page.add_init_script("""new MutationObserver(() => {
      if (document.body && document.body.innerText.includes("Page not found")) window.__notFound = true;
    }).observe(document, {subtree: true, childList: true, characterData: true});""")
    open_page(page, f"{app_url}/home?plan={plan_id}", HOME_TITLE)
    expect(page).to_have_url(re.compile(rf"/home\?plan={plan_id}$"))
    expect(page.get_by_text("This plan is open")).to_be_visible()
    open_page(page, f"{app_url}/?plan={plan_id}", HOME_TITLE)
    expect(page).to_have_url(re.compile(rf"/home\?plan={plan_id}$"))
    expect(page.get_by_text("This plan is open")).to_be_visible()
    assert page.evaluate("window.__notFound === undefined"), "a 'Page not found' dialog was shown"

    # ---- the tab icon is served by this machine
    icon = page.locator("link[rel~='icon']").first.evaluate("el => el.href")
    assert icon.startswith(app_url + "/"), icon
    response = page.request.get(icon)
    assert response.ok and response.headers["content-type"].startswith("image/"), icon

    # ---- on the last page of the step with the most worksheets: name and that step's links on screen
    step = max(registry.STEPS, key=lambda s: len(s.worksheets))
    last = step.worksheets[-1]
    open_page(page, f"{app_url}/{last.url_path}?plan={plan_id}", last.title)
    expect(name_box(page)).to_be_in_viewport()
    expect(sidebar(page).get_by_role("heading", level=2, name=step.label)).to_be_visible()
    for title in [f"Step {step.number} overview", *(w.title for w in step.worksheets)]:
        expect(sidebar(page).get_by_role("link", name=title, exact=True)).to_be_in_viewport(ratio=1)
    # every step and "Share and learn" has its heading
    headings = sidebar(page).get_by_role("heading", level=2)
    expect(headings).to_have_text([s.label for s in registry.STEPS] + ["Share and learn"])

    # ---- every link carries the plan; only the current page is highlighted
    links = nav_links(page)
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) >= 10 and all(h.endswith(f"?plan={plan_id}") for h in hrefs), hrefs
    shaded = links.evaluate_all("""els => els.filter(e => !['rgba(0, 0, 0, 0)', 'transparent']
        .includes(getComputedStyle(e).backgroundColor))
        .map(e => e.querySelector('[data-testid="stMarkdownContainer"]').innerText.trim())""")
    assert shaded == [last.title], shaded

    # ---- another step's overview link opens it on the same plan, and the sidebar shows that step's worksheets
    first = registry.STEPS[0]
    sidebar(page).get_by_role("link", name=re.compile(rf"^Step {first.number} overview")).click()
    expect(page.get_by_role("heading", level=1, name=first.label)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/{first.url_path}\?plan={plan_id}$"))
    wait_idle(page)
    for w in first.worksheets:
        expect(sidebar(page).get_by_role("link", name=w.title, exact=True)).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("url, leaves", [
    ("https://fonts.gstatic.com/s/materialsymbols/x.svg", True),
    ("http://example.org/favicon.png", True),
    ("wss://10.1.2.3:8501/_stcore/stream", True),
    ("http://127.0.0.1:8501/home?plan=x", False),
    ("http://localhost:8501/static/js/x.js", False),
    ("ws://[::1]:8501/_stcore/stream", False),
    ("blob:http://127.0.0.1:8501/5c0e3c1e", False),
    ("data:image/png;base64,iVBORw0KGgo=", False),
])
def test_the_guard_tells_an_off_machine_request_from_a_local_one(url, leaves):
    assert leaves_the_machine(url) is leaves
