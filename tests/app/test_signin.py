"""Sign-in in AppTest: the app reads [auth] from its secrets (``at.secrets``) and the signed-in person from
``st.user`` (``at.user``), exactly as on a server behind the clinic's identity provider.

Not signed in: only the sign-in screen, nothing of any plan. Signed in: Home lists that person's plans only, the
sidebar says who is signed in (no name box), saves are recorded under "Name <email>", a plan link opened by someone
not invited shows why not and nothing of the plan, and a viewer's save pressed anyway is refused by the store.
"""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from planning import access, plans, registry
from planning.access import EDITOR, VIEWER, Principal, acting_as
from tests.conftest import APP

SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-test-cookie-secret-that-is-long-enough",
        "client_id": "workbook",
        "client_secret": "test-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "workbook": {"provider_name": "Lakeside Health account", "admin_emails": ["it@lakeside.org"]},
}
LEAD = Principal("dana.lee@lakeside.org", "Dana Lee")
EDITOR_P = Principal("wei@lakeside.org", "Wei Chen")
VIEWER_P = Principal("luz@lakeside.org", "Luz Ramírez")
OUTSIDER = Principal("pat@elsewhere.org", "Pat Outsider")
READINESS = registry.worksheet("readiness").page_file


def everything(at: AppTest) -> str:
    """Every piece of text the app sent (main area and sidebar), markdown escapes removed."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return re.sub(r"\\(.)", r"\1", "\n".join(out)).replace("\u2060", "")


def app_as(who: Principal | None, plan: str | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets.update(SECRETS)
    at.user = {"is_logged_in": False} if who is None else \
        {"is_logged_in": True, "email": who.email.upper(), "name": who.name, "sub": who.email}
    if plan:
        at.query_params["plan"] = plan
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def team_plan(store) -> str:
    """Dana's plan (she made it, so she is its lead), with Wei as editor and Luz as viewer; and Pat's own plan."""
    with acting_as(LEAD):
        pid = plans.create_plan(store, plans.PlanMeta(name="Lakeside launch", clinic="Lakeside Clinic"), LEAD.author)
        store.set_member(pid, EDITOR_P.email, EDITOR, LEAD.author)
        store.set_member(pid, VIEWER_P.email, VIEWER, LEAD.author)
    with acting_as(OUTSIDER):
        plans.create_plan(store, plans.PlanMeta(name="Elsewhere pilot", clinic="Elsewhere Clinic"), OUTSIDER.author)
    return pid


def test_not_signed_in_shows_only_the_sign_in_screen(team_plan):
    at = app_as(None)
    assert [t.value for t in at.title] == ["Collaborative Care Implementation Workbook"]
    assert [b.label for b in at.button] == ["Sign in with Lakeside Health account"]
    assert "never enter patient names" in everything(at)
    assert not at.sidebar.children
    shown = everything(at)
    assert "Lakeside launch" not in shown and "Elsewhere pilot" not in shown and "Plans" not in shown


def test_a_plan_link_opened_before_signing_in_shows_only_the_sign_in_screen(team_plan):
    at = app_as(None, plan=team_plan)
    assert [b.label for b in at.button] == ["Sign in with Lakeside Health account"]
    assert "Lakeside" not in everything(at).replace("Lakeside Health account", "")


def test_signed_in_home_lists_only_my_plans_and_the_sidebar_says_who_i_am(team_plan):
    at = app_as(EDITOR_P)
    shown = everything(at)
    assert "Lakeside launch" in shown and "Elsewhere pilot" not in shown
    sidebar = [m.value.replace("\\", "").replace("\u2060", "") for m in at.sidebar.markdown]
    assert "Signed in as **Wei Chen** (wei@lakeside.org)" in sidebar
    assert "Sign out" in [b.label for b in at.sidebar.button]
    assert not [t for t in at.text_input if t.label == "Your name"]


def test_an_organisation_admin_sees_every_plan(team_plan):
    at = app_as(Principal("it@lakeside.org", "IT Lead"))
    shown = everything(at)
    assert "Lakeside launch" in shown and "Elsewhere pilot" in shown


def test_a_save_is_recorded_under_the_signed_in_name_and_email(team_plan, store):
    at = app_as(EDITOR_P, plan=team_plan, page=READINESS)
    at.session_state["readiness_editor_0_A"] = {"edited_rows": {0: {"rating": "In place"}}, "added_rows": [],
                                                "deleted_rows": []}
    next(b for b in at.button if b.label == "Save checklist").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [r.saved_by for r in store.history(team_plan, "readiness")][-1] == "Wei Chen <wei@lakeside.org>"


def test_a_plan_i_made_signed_in_has_me_as_its_lead_and_author(store):
    at = app_as(LEAD)
    form = {t.label: t for t in at.text_input}
    form["Plan name"].input("Riverside start")
    form["Clinic"].input("Riverside Clinic")
    next(b for b in at.button if b.label == "Create plan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with acting_as(LEAD):
        [row] = store.list_plans()
        assert row.last_saved_by == "Dana Lee <dana.lee@lakeside.org>"
        assert store.role_of(row.id) == access.LEAD


def test_someone_not_invited_opening_a_plan_link_sees_why_and_nothing_of_the_plan(team_plan):
    at = app_as(OUTSIDER, plan=team_plan, page=READINESS)
    assert any("You do not have access to this plan" in e.value and "pat@elsewhere.org" in e.value.replace("\\", "")
               for e in at.error)
    assert "Go to Home" in [p.label for p in at.get("page_link")]
    shown = everything(at)
    assert "Lakeside launch" not in shown and "Lakeside Clinic" not in shown
    assert "Save checklist" not in shown


def test_a_viewer_has_no_working_save_and_a_press_anyway_writes_nothing(team_plan, store):
    at = app_as(VIEWER_P, plan=team_plan, page=READINESS)
    before = store.revision_count(team_plan, "readiness")
    [button] = [b for b in at.button if b.label.startswith(("Save", "View only"))]
    assert button.disabled  # no working Save button for a viewer
    at.session_state["readiness_editor_0_A"] = {"edited_rows": {0: {"rating": "In place"}}, "added_rows": [],
                                                "deleted_rows": []}
    button.proto.disabled = False  # a crafted request: the form's submit arrives although the button is disabled
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("You can read and print this plan" in i.value for i in at.info)
    assert store.revision_count(team_plan, "readiness") == before
    with acting_as(VIEWER_P), pytest.raises(access.Forbidden):  # and the store refuses the viewer's save
        store_guarded = type(store)(store.url, enforce_access=True)
        try:
            loaded = plans.load_doc(store_guarded, team_plan, "readiness")
            plans.save_doc(store_guarded, team_plan, loaded.doc, loaded.version, VIEWER_P.author)
        finally:
            store_guarded.dispose()


def test_sign_in_set_up_with_a_missing_setting_lets_nobody_in(team_plan):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets.update({"auth": {k: v for k, v in SECRETS["auth"].items() if k != "cookie_secret"}})
    at.user = {"is_logged_in": True, "email": EDITOR_P.email, "name": EDITOR_P.name}
    at.run()
    assert any("cookie_secret" in e.value and "nobody can open a plan" in e.value for e in at.error)
    assert "Lakeside launch" not in everything(at)


def test_a_sign_in_without_an_email_is_told_what_to_ask_for(team_plan):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets.update(SECRETS)
    at.user = {"is_logged_in": True, "sub": "12345", "name": "No Email"}
    at.run()
    assert any("did not send your email address" in e.value for e in at.error)
    assert "Sign out" in [b.label for b in at.button]
    assert "Lakeside launch" not in everything(at)


def test_sign_out_goes_back_to_the_sign_in_screen(team_plan):
    at = app_as(EDITOR_P)
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    at.run()  # the new session after signing out
    assert [b.label for b in at.button] == ["Sign in with Lakeside Health account"]
    assert "Lakeside launch" not in everything(at)


def test_about_says_plainly_that_without_sign_in_anyone_who_reaches_it_opens_every_plan(open_page):
    at = open_page("pages/about_page.py")
    assert any("for one team on one machine: anyone who can reach it can open" in m.value for m in at.markdown)


def test_about_behind_sign_in_says_each_person_sees_the_plans_they_were_invited_to(team_plan):
    at = app_as(VIEWER_P, page="pages/about_page.py")
    shown = everything(at)
    assert "runs behind your organisation's sign-in" in shown and "one team on one machine" not in shown
