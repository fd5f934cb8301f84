"""Access and audit page: the lead invites people, changes roles and removes them (never the last lead); everyone
else sees who has access; the audit trail is on screen and as a CSV a spreadsheet opens safely. Without sign-in the
page says that access control needs it, and still shows the audit trail."""
from __future__ import annotations

import csv
import io

import pytest

from planning import plans
from planning.access import EDITOR, LEAD, VIEWER, Principal, acting_as
from tests.app.test_roles import (ACCESS, EDITOR_P, LEAD_P, VIEWER_P, _plain, guarded, shared_plan,  # noqa: F401
                                  signed_in)
from tests.conftest import HOSTILE


def _members(at) -> dict[str, str]:
    table = at.dataframe[0].value
    return dict(zip(table["Email"], table["Role"]))


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _invite(at, email: str, role: str):
    at.text_input(key="access_email").input(email)
    at.selectbox(key="access_role").select(role)
    _button(at, "Invite").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _change(at, email: str, role: str | None = None, remove: bool = False):
    at.selectbox(key="access_member").select(email)
    if role:
        at.selectbox(key="access_new_role").select(role)
    if remove:
        at.checkbox(key="access_sure").check()
    _button(at, "Remove from the plan" if remove else "Change role").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _audit_rows(offered) -> list[list[str]]:
    [(name, data)] = [f for f in offered if f[0].endswith("-audit.csv")][-1:]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_lead_invites_someone_and_is_told_to_share_the_link(shared_plan, guarded):
    at = signed_in(ACCESS, shared_plan, LEAD_P)
    assert at.title[0].value == "Access and audit"
    assert _members(at) == {"maria@clinic.org": "Lead", "wei@clinic.org": "Editor", "luz@clinic.org": "Viewer"}
    _invite(at, "  Sam.Reyes@Clinic.org ", VIEWER)
    [said] = [_plain(s.value) for s in at.success]
    assert said.startswith("sam.reyes@clinic.org added as Viewer. Share the plan's link with them: ")
    assert f"/home?plan={shared_plan}" in said and said.endswith("They see the plan after signing in.")
    assert _members(at)["sam.reyes@clinic.org"] == "Viewer"
    table = at.dataframe[0].value
    assert table.set_index("Email").loc["sam.reyes@clinic.org", "Added by"] == LEAD_P.author
    with acting_as(Principal("sam.reyes@clinic.org")):
        assert [p.id for p in guarded.list_plans()] == [shared_plan]  # they see the plan once signed in


def test_the_lead_changes_a_role_and_cannot_remove_or_demote_the_last_lead(shared_plan, guarded):
    at = signed_in(ACCESS, shared_plan, LEAD_P)
    _change(at, "luz@clinic.org", EDITOR)
    assert _members(at)["luz@clinic.org"] == "Editor"
    _change(at, "maria@clinic.org", remove=True)
    assert any("A plan needs at least one lead" in e.value for e in at.error)
    _change(at, "maria@clinic.org", VIEWER)
    assert any("A plan needs at least one lead" in e.value for e in at.error)
    assert _members(at)["maria@clinic.org"] == "Lead"
    _change(at, "wei@clinic.org", LEAD)  # with a second lead, the first may step down
    _change(at, "maria@clinic.org", EDITOR)
    with acting_as(LEAD_P):
        assert {m.email: m.role for m in guarded.members(shared_plan)} == {
            "maria@clinic.org": EDITOR, "wei@clinic.org": LEAD, "luz@clinic.org": EDITOR}


def test_removing_needs_the_tick_and_then_the_person_loses_access(shared_plan, guarded):
    at = signed_in(ACCESS, shared_plan, LEAD_P)
    at.selectbox(key="access_member").select("luz@clinic.org")
    _button(at, "Remove from the plan").click().run()
    assert any("Tick the box first" in w.value for w in at.warning)
    _change(at, "luz@clinic.org", remove=True)
    assert "luz@clinic.org" not in _members(at)
    with acting_as(VIEWER_P):
        assert guarded.list_plans() == []


@pytest.mark.parametrize("typed", ["=HYPERLINK(\"http://x.example\")@x.org", "+1@clinic.org", "-2@clinic.org",
                                   "<script>@clinic.org", "a@b@clinic.org", "luz", HOSTILE, ""])
def test_hostile_or_formula_like_emails_are_refused(shared_plan, guarded, typed):
    at = _invite(signed_in(ACCESS, shared_plan, LEAD_P), typed, EDITOR)
    assert any(e.value.startswith("Not added.") for e in at.error)
    with acting_as(LEAD_P):
        assert len(guarded.members(shared_plan)) == 3


def test_the_audit_trail_lists_every_change_newest_first_and_downloads_as_a_safe_csv(shared_plan, guarded,
                                                                                     offered):
    with acting_as(LEAD_P):
        guarded.create_milestone(shared_plan, "=cmd|' /C calc'!A0", "+Maria")  # formula-like text in the trail
    at = signed_in(ACCESS, shared_plan, LEAD_P)
    _invite(at, "sam@clinic.org", EDITOR)
    _change(at, "sam@clinic.org", VIEWER)
    _change(at, "sam@clinic.org", remove=True)
    shown = at.dataframe[1].value
    assert list(shown.columns) == ["When", "Who", "What", "Detail"]
    assert list(shown["Detail"][:3]) == ["sam@clinic.org: viewer -> no access", "sam@clinic.org: editor -> viewer",
                                         "sam@clinic.org: no access -> editor"]
    rows = _audit_rows(offered)
    assert rows[0] == ["When (UTC)", "Who", "What", "Detail"]
    with acting_as(LEAD_P):
        events = guarded.audit(shared_plan)
    assert len(rows) - 1 == len(events)  # a row per saved version, milestone and change of access
    access_rows = [r for r in rows if r[2] == "access changed"]
    assert [r[3] for r in access_rows[:3]] == [d for d in shown["Detail"][:3]]
    assert all(r[1] == LEAD_P.author for r in access_rows[:3])
    milestone = next(r for r in rows if r[2] == "milestone made" and "calc" in r[3])
    assert milestone[1] == "'+Maria" and milestone[3] == "'=cmd|' /C calc'!A0"
    # a saved version is named by its page's title, as the team knows it, not by an internal name
    assert any(d.startswith("Plan details version 1") for d in shown["Detail"])
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_editors_and_viewers_see_the_members_only(shared_plan):
    for who in (EDITOR_P, VIEWER_P):
        at = signed_in(ACCESS, shared_plan, who)
        assert _members(at) == {"maria@clinic.org": "Lead", "wei@clinic.org": "Editor", "luz@clinic.org": "Viewer"}
        assert len(at.dataframe) == 1  # no audit trail
        assert [b.label for b in at.button if b.label in ("Invite", "Change role", "Remove from the plan")] == []
        assert any("The plan's lead (maria@clinic.org) manages who has access" in _plain(c.value) for c in at.caption)


def test_without_sign_in_the_page_says_access_control_needs_it_and_shows_the_audit_trail(open_page, store, plan_id,
                                                                                         offered):
    plans.save_meta(store, plan_id, plans.load_meta(store, plan_id)[0].model_copy(update={"site": "North"}), 1,
                    "Dana")
    at = open_page(ACCESS, plan_id)
    assert any("Access control needs sign-in" in i.value and "Sign-in with your identity provider" in i.value
               for i in at.info)
    trail = at.dataframe[0].value
    assert list(trail["Who"][:2]) == ["Dana", "Tester"]  # newest first
    assert [b.label for b in at.button if b.label == "Invite"] == []
    assert len(_audit_rows(offered)) == 3
