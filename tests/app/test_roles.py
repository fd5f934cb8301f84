"""Roles in the pages, behind sign-in: a viewer reads every page with a view-only notice and no button that would
change the plan; an editor gets those buttons; a viewer's save attempted anyway is refused by the store, and nothing
is written.

Sign-in is on as a clinic server has it: an ``[auth]`` section in the secrets (AppTest's ``at.secrets``) and the
person the identity provider signed in (``at.user``); the identity provider itself is never asked.
"""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from planning import access, plans, registry
from planning.access import EDITOR, VIEWER, Principal, acting_as
from planning.storage import Store
from tests.conftest import APP

LEAD_P = Principal("maria@clinic.org", "Maria Okafor")
EDITOR_P = Principal("wei@clinic.org", "Dr. Wei Chen")
VIEWER_P = Principal("luz@clinic.org", "Luz Ramírez")
ACCESS = "pages/access_page.py"
HOME = "pages/home_page.py"
PAGES = [s.page_file for s in registry.STEPS] + [w.page_file for w in registry.all_worksheets()]
EVERY_PAGE = [HOME, *PAGES, "pages/reports_page.py", ACCESS]
NOTICE = "You can read and print this plan. To change it, ask its lead (maria@clinic.org) to make you an editor."
# Buttons that change nothing: moving around, building a PDF to download, loading what others saved, starting or
# importing a plan of one's own (its creator is its lead), opening a plan. Anything else changes the plan.
READING = {"Open this plan", "Create plan", "Open the example plan", "Import as a new plan", "Previous", "Next",
           "Load the newer version (drops changes not saved yet)", "Discard my changes and load theirs",
           "Download PDF", "Compare", "Show the comparison", "Export plan as JSON", "Sign out"}
LEAD_ONLY = {"Record the override", "Withdraw the override", "Save details", "Archive this plan",
             "Restore from archive"}


def _reading(label: str) -> bool:
    return label in READING or label.startswith(("← Back", "Next:", "Build ", "Download"))


# An [auth] section st.login could use: sign-in is on (the identity provider itself is never asked in these tests)
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "a-long-random-test-secret-0123",
        "client_id": "workbook", "client_secret": "test-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


@pytest.fixture
def guarded(db_url):
    """The store as the app starts it behind sign-in (the same database): it checks every role."""
    s = Store(db_url, enforce_access=True)
    yield s
    s.dispose()


@pytest.fixture
def shared_plan(guarded) -> str:
    """The example plan, made by Maria (its lead), with Wei as editor and Luz as viewer."""
    with acting_as(LEAD_P):
        pid = plans.open_example(guarded, LEAD_P.author)
        guarded.set_member(pid, EDITOR_P.email, EDITOR, LEAD_P.author)
        guarded.set_member(pid, VIEWER_P.email, VIEWER, LEAD_P.author)
    return pid


def sign_in(who: Principal) -> AppTest:
    """The app with sign-in on and ``who`` signed in (st.user as the identity provider's answer gives it)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = dict(AUTH)
    at.user = {"is_logged_in": True, "email": who.email, "name": who.name, "email_verified": True}
    return at


def signed_in(page: str, plan: str, who: Principal) -> AppTest:
    """The page as ``who`` sees it after signing in."""
    at = sign_in(who)
    at.query_params["plan"] = plan
    at.run()
    if page != HOME:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _note(at: AppTest, text: str) -> None:
    """Type a note on the readiness checklist's first item."""
    at.session_state["readiness_editor_0_A"] = {"edited_rows": {0: {"note": text}}, "added_rows": [],
                                                "deleted_rows": []}


def _buttons(at: AppTest) -> list:
    return [b for b in at.button if not _reading(b.label)]


def _plain(text: str) -> str:
    """Markdown source as the reader sees it (ui.md escapes punctuation and breaks autolinks invisibly)."""
    return text.replace("\u2060", "").replace("\\", "")


def _notices(at: AppTest) -> list[str]:
    return [_plain(i.value) for i in at.info]


def without_sign_in(page: str, plan: str) -> AppTest:
    """The same page on a workbook without sign-in, where everyone may do everything."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["author_name"] = "Tester"
    at.query_params["plan"] = plan
    at.run()
    if page != HOME:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", EVERY_PAGE)
def test_a_viewer_reads_every_page_with_a_notice_and_no_button_that_changes_the_plan(page, shared_plan):
    viewer = signed_in(page, shared_plan, VIEWER_P)
    assert NOTICE in _notices(viewer)
    assert [b.label for b in _buttons(viewer) if not b.disabled] == []
    editor = signed_in(page, shared_plan, EDITOR_P)
    assert not any("You can read and print this plan" in n for n in _notices(editor))
    if page == ACCESS:
        return  # without sign-in there is nobody to manage; the access page's own tests cover it
    # the editor has every button the page has without sign-in, usable as there (the lead's own aside), and the
    # viewer sees each one held back
    everyone = [(b.label, b.disabled) for b in _buttons(without_sign_in(page, shared_plan))]
    assert [(b.label, b.disabled) for b in _buttons(editor)] == [
        (label, disabled or label in LEAD_ONLY) for label, disabled in everyone]
    assert len(_buttons(viewer)) == len(everyone)


def _viewer_presses_save(pid: str) -> None:
    """A page's save path run for whoever is signed in: a note on the readiness checklist, saved with ui.save (once:
    a refusal reruns the page to show why)."""
    import streamlit as st

    from pages import ui
    from worksheets import readiness as rd

    ui.read_plan(pid)
    loaded = ui.working_copy(pid, rd.KIND)
    data = loaded.doc.model_dump(mode="json")
    data["responses"]["A1"]["note"] = "Luz was here"
    ui.saved_notice(rd.KIND)
    if not st.session_state.get("tried"):
        st.session_state["tried"] = True
        ui.save(pid, rd.ReadinessDoc.model_validate(data), loaded.version, where="sheet")


def test_a_save_attempted_by_a_viewer_is_refused_by_the_store_and_nothing_is_written(shared_plan, guarded):
    with acting_as(LEAD_P):
        before = guarded.load(shared_plan, "readiness")
        revisions = guarded.revision_count(shared_plan, "readiness")
    at = AppTest.from_function(_viewer_presses_save, args=(shared_plan,), default_timeout=60)
    at.secrets["auth"] = dict(AUTH)
    at.user = {"is_logged_in": True, "email": VIEWER_P.email, "name": VIEWER_P.name, "email_verified": True}
    at.query_params["plan"] = shared_plan
    at.run()
    assert not at.exception
    assert [_plain(e.value) for e in at.error] == [
        "Not saved: You can read and print this plan but not change it (you are a viewer). Ask the plan's lead to "
        "make you an editor. Your entries are still here."]
    with acting_as(LEAD_P):
        assert guarded.load(shared_plan, "readiness") == before
        assert guarded.revision_count(shared_plan, "readiness") == revisions


def test_a_viewer_cannot_click_a_save_button_even_one_drawn_before_they_became_a_viewer(shared_plan, guarded):
    """Wei opens the checklist as an editor; the lead makes him a viewer; his press of Save on the page still open
    saves nothing, and the page now says he can only read it."""
    at = signed_in(registry.worksheet("readiness").page_file, shared_plan, EDITOR_P)
    with acting_as(LEAD_P):
        before = guarded.load(shared_plan, "readiness")
        guarded.set_member(shared_plan, EDITOR_P.email, VIEWER, LEAD_P.author)
    _note(at, "Wei was here")
    next(b for b in at.button if b.label == "Save checklist").click().run()
    assert not at.exception
    assert NOTICE in _notices(at)
    assert next(b for b in at.button if b.label == "Save checklist").disabled
    with acting_as(LEAD_P):
        assert guarded.load(shared_plan, "readiness") == before


def test_the_engine_refuses_a_viewers_save_and_writes_nothing(shared_plan, guarded):
    with acting_as(LEAD_P):
        loaded = plans.load_doc(guarded, shared_plan, "readiness")
        count = guarded.revision_count(shared_plan, "readiness")
    with acting_as(VIEWER_P), pytest.raises(access.Forbidden, match="ask the plan's lead|Ask the plan's lead"):
        plans.save_doc(guarded, shared_plan, loaded.doc, loaded.version, VIEWER_P.author)
    with acting_as(LEAD_P):
        assert guarded.revision_count(shared_plan, "readiness") == count


def test_an_editor_saves(shared_plan, guarded):
    at = signed_in(registry.worksheet("readiness").page_file, shared_plan, EDITOR_P)
    with acting_as(LEAD_P):
        version = guarded.load(shared_plan, "readiness").version
    [save] = [b for b in at.button if b.label == "Save checklist"]
    assert not save.disabled
    _note(at, "Wei was here")
    save.click().run()
    assert any(f"Saved as version {version + 1}" in s.value for s in at.success)
    with acting_as(LEAD_P):
        assert guarded.load(shared_plan, "readiness").data["responses"]["A1"]["note"] == "Wei was here"


def test_a_viewer_on_the_roster_may_still_fill_in_their_own_self_assessment(shared_plan, guarded):
    with acting_as(LEAD_P):
        team = plans.load_doc(guarded, shared_plan, "team")
        data = team.doc.model_dump(mode="json")
        data["members"][0]["email"] = VIEWER_P.email
        plans.save_doc(guarded, shared_plan, type(team.doc).model_validate(data), team.version, LEAD_P.author)
        me, other = data["members"][0]["id"], data["members"][1]["id"]
    page = registry.worksheet("self_assessment").page_file
    at = sign_in(VIEWER_P)
    at.query_params["plan"] = shared_plan
    at.run()
    at.query_params["person"] = me
    at.switch_page(page).run()
    assert not at.exception
    assert NOTICE in _notices(at)
    assert "This is your own sheet: you can fill it in and save it." in [c.value for c in at.caption]
    assert not next(b for b in at.button if b.label == "Save my sheet").disabled
    at.query_params["person"] = other
    at.switch_page(page).run()
    assert next(b for b in at.button if b.label == "Save my sheet").disabled


def test_without_sign_in_everyone_may_do_everything_as_before(open_page, plan_id):
    at = open_page(registry.worksheet("readiness").page_file, plan_id)
    assert not any("read and print" in n for n in _notices(at))
    assert not next(b for b in at.button if b.label == "Save checklist").disabled


def test_an_export_of_one_plan_holds_nothing_of_another(guarded):
    other = Principal("ana@elsewhere.org", "Ana")
    with acting_as(LEAD_P):
        mine = plans.create_plan(guarded, plans.PlanMeta(name="Lakeside launch", clinic="Lakeside"), "Maria")
    with acting_as(other):
        theirs = plans.open_example(guarded, "Ana")
        secret = plans.load_meta(guarded, theirs)[0].name
    with acting_as(LEAD_P):
        data = plans.export_plan(guarded, mine)
        with pytest.raises(access.Forbidden):
            plans.export_plan(guarded, theirs)  # a plan Maria is not a member of cannot be exported by her
    text = data.decode("utf-8")
    assert theirs not in text and secret not in text and "Riverbend" not in text and "Ana" not in text
    assert json.loads(text)["plan"]["name"] == "Lakeside launch"


def test_restoring_an_old_version_is_a_change_a_viewer_cannot_make(shared_plan, guarded):
    page = registry.worksheet("readiness").page_file
    with acting_as(LEAD_P):
        loaded = plans.load_doc(guarded, shared_plan, "readiness")
        plans.save_doc(guarded, shared_plan, loaded.doc.model_copy(update={"responses": {}}), loaded.version,
                       LEAD_P.author)  # a second version, so there is one to restore
    for who, disabled in ((VIEWER_P, True), (EDITOR_P, False)):
        at = signed_in(page, shared_plan, who)
        at.session_state["history_open_readiness"] = True  # open the History expander
        at.run()
        assert next(b for b in at.button if b.label == "Restore this version").disabled is disabled
