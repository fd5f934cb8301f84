"""Browser journey: a finance officer budgets year 1 and the Staffing page agrees.

The example clinic is seeded through the engine. In the browser: lengthen the payment lag on the Cash flow tab and
see year 1 get worse, with nothing lost from the other tabs; raise the care manager FTE on Staffing and find it in
the Sustainment plan's inputs; download the sustainment PDF and find the 36-month table in it.
"""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import seed_example
from tests.browser.test_identity_links import name_box
from tests.browser.test_journey import metric, wait_idle
from tests.conftest import pdf_text


def _seed(db_url: str) -> str:
    return seed_example(db_url, "Finance journey plan")


def money_value(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    wait_idle(page)


def test_a_finance_officer_budgets_year_one_and_staffing_agrees(page: Page, app_url, app_db_url, tmp_path):
    pid = _seed(app_db_url)
    page.goto(f"{app_url}/sustainment?plan={pid}")
    wait_idle(page)
    name_box(page).fill("Ana Ruiz")
    name_box(page).press("Enter")
    wait_idle(page)
    before = money_value(metric(page, "Year-1 net (budget)").inner_text())

    # a longer payment lag: the same care, paid later, so year 1 receives less cash
    open_tab(page, "Cash flow")
    lag = page.get_by_role("spinbutton", name="Payment lag (months)")
    lag.fill("4")
    lag.press("Tab")
    page.get_by_role("button", name="Save inputs").click()
    expect(page.get_by_text("Saved as version 2").first).to_be_visible()
    wait_idle(page)
    after = money_value(metric(page, "Year-1 net (budget)").inner_text())
    assert after < before
    # the month-by-month table opens under the year totals
    page.get_by_text("Month by month (36 months)").click()
    months = page.get_by_test_id("stExpander").filter(has_text="Month by month").get_by_test_id("stDataFrame")
    expect(months).to_be_visible()

    # Staffing reads the same scenario; a change there shows on the Sustainment plan
    page.goto(f"{app_url}/staffing?plan={pid}")
    wait_idle(page)
    fte = page.get_by_role("spinbutton", name="Care manager FTE", exact=True)
    fte.fill("1.5")
    fte.press("Tab")
    page.get_by_role("button", name="Save figures").click()
    expect(page.get_by_text("Saved as version 3").first).to_be_visible()
    page.goto(f"{app_url}/sustainment?plan={pid}")
    wait_idle(page)
    expect(page.get_by_role("spinbutton", name="Care manager FTE (full-time equivalents)")).to_have_value("1.50")

    # the PDF a CFO can rebuild: the 36-month table is in it
    page.get_by_role("button", name="Build the sustainment plan PDF").click()
    download_button = page.get_by_role("button", name="Download PDF")
    expect(download_button).to_be_visible()
    wait_idle(page)
    with page.expect_download() as info:
        download_button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    text = " ".join(pdf_text(target.read_bytes()).split())
    assert "Base case, 36 months" in text and "Cumulative net" in text
    assert "Payment lag (months) 4" in text
