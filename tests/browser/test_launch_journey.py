"""Browser journey: a CIT lead computes a month's metrics from the registry export and checks what stands between
the clinic and launch.

The example clinic is seeded through the engine. In the browser: upload a registry export whose initial-assessment
column has a name the workbook cannot guess, match it by hand, compute the month, see its figures and save them;
see the run chart; check that the database holds none of the file's patient ids; open the launch gate and follow a
blocker's link to the page that fixes it.
"""
from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import seed_example
from tests.browser.test_identity_links import name_box
from tests.browser.test_journey import wait_idle

# The page's as-of date starts at the last day of the month just ended; the export is written around it.
AS_OF = date.today().replace(day=1) - timedelta(days=1)
MONTH = AS_OF.strftime("%b %Y")  # "Oct 2026"


def _d(days_before: int) -> str:
    """A date as the registry writes it, month/day/two-digit year (1/24/27)."""
    d = AS_OF - timedelta(days=days_before)
    return f"{d.month}/{d.day}/{d.year % 100:02d}"


# Five fictional patients; "Seen first on" is the initial-assessment date under a name no registry uses. The as-of
# date itself (day 28 or later) shows the file writes month/day/year.
# - active: LJ-7001 to LJ-7004 (Active); LJ-7005 is Discharged -> active caseload 4
# - measurable (first PHQ-9 of 10 or more): 7001 (18), 7002 (12), 7003 (15); 7004 has 8 -> 3 measurable
# - response (last at most half the first): 7001 18 -> 6 (<= 9) yes; 7002 12 -> 7 (> 6) no; 7003 15 -> 4 (<= 7.5)
#   yes -> 2 of 3 = 66.7%
EXPORT = f"""Patient ID,Status,PHQ-9 First,PHQ-9 Last,Seen first on,F/U Date,Minutes This Month
LJ-7001,Active,18,6,{_d(150)},{_d(10)},45
LJ-7002,Active,12,7,{_d(100)},{_d(6)},32
LJ-7003,Active,15,4,{_d(60)},{_d(0)},40
LJ-7004,Active,8,5,{_d(20)},{_d(7)},50
LJ-7005,Discharged,20,3,{_d(240)},{_d(90)},0
"""
IDS = [f"LJ-700{i}" for i in range(1, 6)]


def _seed(db_url: str) -> str:
    return seed_example(db_url, "Launch journey plan")


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label. A click that lands while the page is redrawn after the
    upload opens nothing (a full run saw it once): open the list again until the option shows."""
    box, wanted = page.get_by_label(label, exact=True), page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.click()
        try:
            wanted.wait_for(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
            wait_idle(page)
    wanted.click()
    wait_idle(page)


def test_a_lead_computes_the_month_from_the_registry_and_checks_the_gate(page: Page, app_url, app_db_url,
                                                                          tmp_path):
    pid = _seed(app_db_url)
    export = tmp_path / "registry.csv"
    export.write_text(EXPORT, encoding="utf-8")

    page.goto(f"{app_url}/metric-log?plan={pid}")
    wait_idle(page)
    name_box(page).fill("Maria Okafor")
    name_box(page).press("Enter")
    wait_idle(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(export))
    wait_idle(page)
    expect(page.get_by_text("registry.csv: 5 rows, 7 columns").first).to_be_visible()
    expect(page.get_by_text("Match the required fields first").first).to_be_visible()  # "Seen first on" not guessed

    choose(page, "Initial assessment date (required)", "Seen first on")
    expect(page.get_by_text("Dates read as month/day/year").first).to_be_visible()
    page.get_by_role("button", name="Compute the month").click()
    wait_idle(page)
    expect(page.get_by_text(f"Figures for {MONTH}").first).to_be_visible()
    figures = page.get_by_test_id("stDataFrame").first
    expect(figures).to_contain_text("66.7%2 of 3")  # PHQ-9 response, 2 of 3 measurable (worked out above)

    page.get_by_role("button", name=f"Save the figures for {MONTH}").click()
    wait_idle(page)
    expect(page.get_by_text("Saved as version").first).to_be_visible()
    expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible()  # the run chart

    # no patient id anywhere in the database: not in any table, not in the file's bytes
    db_path = Path(app_db_url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        text = "\n".join(str(row) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"'))
    for pid_text in IDS:
        assert pid_text not in text and pid_text.encode() not in raw
    assert AS_OF.replace(day=1).isoformat() in text  # the month's totals were saved

    # the launch gate: Not yet, and a blocker's link opens the page that fixes it
    page.goto(f"{app_url}/launch-gate?plan={pid}")
    wait_idle(page)
    expect(page.get_by_text("Not yet.").first).to_be_visible()
    readiness = page.get_by_test_id("stVerticalBlock").filter(
        has_text="Readiness checklist · Step 1").get_by_role("link", name="Fix it").first
    readiness.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Readiness checklist", exact=True)).to_be_visible()
    assert f"plan={pid}" in page.url
