"""Sign-in journey in Chromium against a real OpenID Connect provider (oidc-provider-mock, on this machine).

A workbook server started with its own secrets file ([auth] pointing at the provider). Before signing in, the
home page and a plan link show only the sign-in screen. The lead signs in at the provider's page, creates a plan
and invites an editor and a viewer by email on "Access and audit"; then each opens the plan's link in a fresh
browser, signs in and is back on that link: the editor saves a worksheet (recorded under their name and email), the viewer sees the plan with no Save button, and
someone not invited sees neither the plan in their list nor its content through its link.
"""
from __future__ import annotations

import re
import time

from playwright.sync_api import BrowserContext, Page, expect

from planning.access import Principal, acting_as
from planning.storage import Store
from tests.browser.oidc import PROVIDER_NAME, identity_provider, serve_with_sign_in
from tests.browser.test_journey import wait_idle

LEAD = ("dana.lee@lakeside.org", "Dana Lee")
EDITOR = ("wei.chen@lakeside.org", "Wei Chen")
VIEWER = ("luz.ramirez@lakeside.org", "Luz Ramírez")
OUTSIDER = ("pat@elsewhere.org", "Pat Outsider")
APP_TITLE = "Collaborative Care Implementation Workbook"
PLAN = "Lakeside sign-in plan"
PROBLEM = "Patients wait months for a therapist (typed by Wei after signing in)."
SIGN_IN = f"Sign in with {PROVIDER_NAME}"
SAVE_WHY = "Save why and conditions"


def expect_only_the_sign_in_screen(page: Page) -> None:
    wait_idle(page)
    expect(page.get_by_role("button", name=SIGN_IN)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text([APP_TITLE])
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_text(PLAN)).to_have_count(0)
    main = page.get_by_test_id("stMain").get_by_role("button")
    expect(main).to_have_count(1)  # nothing else to press
    expect(main).to_contain_text(SIGN_IN)


def sign_in(page: Page, email: str, name: str) -> None:
    """From the sign-in screen: the button, the provider's page (type who you are, Authorize), back signed in."""
    page.get_by_role("button", name=SIGN_IN).click()
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize", exact=True).click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {name}")
    wait_idle(page)
    expect(page.get_by_role("textbox", name="Your name")).to_have_count(0)


def link_cookie_gone(page: Page) -> bool:
    """The short-lived cookie that kept the link across the sign-in is deleted once used."""
    for _ in range(50):
        if not [c for c in page.context.cookies() if c["name"] == "workbook_return"]:
            return True
        page.wait_for_timeout(100)
    return False


def signed_in_browser(new_browser, base: str, who: tuple[str, str], path: str = "/") -> Page:
    context: BrowserContext = new_browser()
    page = context.new_page()
    page.goto(base + path)
    expect_only_the_sign_in_screen(page)
    sign_in(page, *who)
    return page


def test_sign_in_roles_and_an_uninvited_person(new_browser, tmp_path):
    started = time.monotonic()
    db_url = f"sqlite:///{tmp_path / 'signin.db'}"
    people = dict([LEAD, EDITOR, VIEWER, OUTSIDER])
    with identity_provider(people) as issuer, serve_with_sign_in(db_url, issuer, tmp_path) as base:
        # ---- the lead: only the sign-in screen first; signs in, creates a plan, invites an editor and a viewer
        lead = signed_in_browser(new_browser, base, LEAD)
        expect(lead.get_by_role("heading", name="Start a plan")).to_be_visible()
        lead.get_by_role("textbox", name="Plan name", exact=True).fill(PLAN)
        lead.get_by_role("textbox", name="Clinic", exact=True).fill("Lakeside Clinic")
        lead.get_by_role("button", name="Create plan").click()
        expect(lead).to_have_url(re.compile(r"/step-1\?plan=[0-9a-f-]{36}$"))
        plan_id = lead.url.split("plan=")[1]
        wait_idle(lead)
        lead.goto(f"{base}/access?plan={plan_id}")
        wait_idle(lead)
        for (email, _), role in ((EDITOR, "Editor"), (VIEWER, "Viewer")):
            lead.get_by_role("textbox", name="Email", exact=True).fill(email)
            lead.get_by_label("Role", exact=True).click()
            lead.get_by_role("option", name=role, exact=True).click()
            lead.get_by_role("button", name="Invite").click()
            local, domain = email.split("@")  # shown with an invisible word joiner before the @ (never a link)
            expect(lead.get_by_text(re.compile(rf"^{re.escape(local)}\W?@{re.escape(domain)} added as {role}\."))
                   ).to_be_visible()
            wait_idle(lead)

        # ---- the editor opens the shared link: sign-in screen, signs in, is back on the link, saves a worksheet
        link = f"/shared-vision?plan={plan_id}"
        editor = signed_in_browser(new_browser, base, EDITOR, link)
        expect(editor).to_have_url(base + link)
        assert link_cookie_gone(editor)
        editor.get_by_role("textbox", name="The problem we want to solve").fill(PROBLEM)
        editor.get_by_role("button", name=SAVE_WHY).click()
        expect(editor.get_by_test_id("stTabs").get_by_text(re.compile(r"Saved as version 1 by Wei Chen"))
               ).to_be_visible()

        # ---- the viewer reads the plan, with no Save button to press
        viewer = signed_in_browser(new_browser, base, VIEWER, link)
        expect(viewer).to_have_url(base + link)
        expect(viewer.get_by_role("textbox", name="The problem we want to solve")).to_have_value(PROBLEM)
        expect(viewer.get_by_text("You can read and print this plan")).to_be_visible()
        expect(viewer.get_by_role("button", name=re.compile(r"^Save")).and_(
            viewer.locator("button:enabled"))).to_have_count(0)

        # ---- someone not invited: the link shows why and nothing of the plan, and their list has no plan
        outsider = signed_in_browser(new_browser, base, OUTSIDER, link)
        expect(outsider.get_by_text("You do not have access to this plan")).to_be_visible()
        expect(outsider.get_by_text(PLAN)).to_have_count(0)
        expect(outsider.get_by_text(PROBLEM)).to_have_count(0)
        expect(outsider.get_by_role("textbox", name="The problem we want to solve")).to_have_count(0)
        outsider.get_by_role("link", name="Go to Home").click()
        expect(outsider.get_by_text("No plans yet")).to_be_visible()
        expect(outsider.get_by_text(PLAN)).to_have_count(0)

    store = Store(db_url)
    try:
        with acting_as(Principal(*LEAD)):
            assert store.history(plan_id, "shared_vision")[-1].saved_by == f"{EDITOR[1]} <{EDITOR[0]}>"
            assert {m.email: m.role for m in store.members(plan_id)} == {
                LEAD[0]: "lead", EDITOR[0]: "editor", VIEWER[0]: "viewer"}
    finally:
        store.dispose()
    print(f"\nsign-in journey: {time.monotonic() - started:.1f} s")
