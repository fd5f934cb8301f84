"""Browser journey: two workbook servers on one PostgreSQL database, as a health system runs them behind a load
balancer. Two people open the same worksheet, each through a different server, and change the same sentence. The
first saves; the second is told, on the other server, that their copy is out of date, who saved and when, sees both
versions side by side and chooses; the first person then sees the outcome after a reload on their own server.

The plan is seeded through the engine on a fresh PostgreSQL schema (tests/conftest.py `any_db_url`); the 20
concurrent sessions are driven through the engine in tests/unit/test_two_servers.py.
"""
from __future__ import annotations

import re
from contextlib import ExitStack

import pytest
from playwright.sync_api import Page, expect

from planning import plans
from planning.plans import PlanMeta
from planning.storage import Store
from tests.browser.conftest import serve
from tests.browser.test_identity_links import name_box
from tests.browser.test_journey import wait_idle
from worksheets import shared_vision as sv

PROBLEM = "The problem we want to solve"
SEEDED = "Patients wait months for a therapist."
MARIA = "Patients wait months for a therapist, and depression scores are never followed up."
WEI = "Primary care providers feel alone with complex patients."


def _seed(db_url: str) -> str:
    store = Store(db_url)
    try:
        pid = plans.create_plan(store, PlanMeta(name="Two servers plan", clinic="Harbor Health"), "Sam Ito")
        plans.save_doc(store, pid, sv.SharedVisionDoc.model_validate({"why": {"problem": SEEDED}}), 0, "Sam Ito")
        return pid
    finally:
        store.dispose()


def _open(page: Page, url: str, who: str) -> None:
    page.goto(url)
    wait_idle(page)
    name_box(page).fill(who)
    name_box(page).press("Enter")
    wait_idle(page)
    expect(page.get_by_role("heading", level=1, name="Shared vision")).to_be_visible()
    expect(page.get_by_role("textbox", name=PROBLEM)).to_have_value(SEEDED)


def _type(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name=PROBLEM)
    box.fill(text)
    page.get_by_role("button", name="Save why and conditions").click()


@pytest.mark.parametrize("any_db_url", ["postgresql"], indirect=True)
def test_a_save_on_one_server_is_caught_on_the_other_and_the_second_person_chooses(page: Page, new_browser,
                                                                                  any_db_url, tmp_path):
    pid = _seed(any_db_url)
    with ExitStack() as servers:
        server_a = servers.enter_context(serve(any_db_url, tmp_path / "server-a.log"))
        server_b = servers.enter_context(serve(any_db_url, tmp_path / "server-b.log"))
        assert server_a != server_b

        maria, wei = page, new_browser().new_page()
        _open(maria, f"{server_a}/shared-vision?plan={pid}", "Maria Okafor")
        _open(wei, f"{server_b}/shared-vision?plan={pid}", "Dr. Wei Chen")

        # Maria saves first, on server A
        _type(maria, MARIA)
        expect(maria.get_by_text("Saved as version 2").first).to_be_visible()

        # Wei, on server B, changed the same sentence and saves: not saved, told who saved, both sides shown
        _type(wei, WEI)
        expect(wei.get_by_text(re.compile(r"Not saved yet\. Maria Okafor saved this worksheet at .+ \(version 2\) "
                                          r"after you opened it"))).to_be_visible()
        expect(wei.get_by_text("You both changed 1 item. Choose which to keep:")).to_be_visible()
        theirs = wei.get_by_role("radio", name=f"Theirs: {MARIA}")
        mine = wei.get_by_role("radio", name=f"Mine: {WEI}")
        expect(theirs).to_be_visible()
        expect(mine).to_be_visible()
        # nothing was written over Maria's save
        store = Store(any_db_url)
        try:
            saved = plans.load_doc(store, pid, sv.SharedVisionDoc.KIND)
            assert (saved.version, saved.saved_by, saved.doc.why.problem) == (2, "Maria Okafor", MARIA)
        finally:
            store.dispose()

        # Wei keeps his own sentence
        wei.get_by_text(f"Mine: {WEI}").click()
        wait_idle(wei)
        wei.get_by_role("button", name="Save with these choices").click()
        expect(wei.get_by_text("Saved as version 3").first).to_be_visible()

        # Maria, back on server A, reloads and sees Wei's sentence and who saved it
        maria.reload()
        wait_idle(maria)
        expect(maria.get_by_role("textbox", name=PROBLEM)).to_have_value(WEI)
        expect(maria.get_by_text(re.compile(r"Last saved by Dr\. Wei Chen on .+ \(version 3\)"))).to_be_visible()
