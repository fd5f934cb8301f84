"""Roles per plan, checked below the pages: the store refuses what the acting person's role does not allow.

Every test runs on SQLite and on PostgreSQL, with a Store started as the app starts it when sign-in is on.
"""
from __future__ import annotations

import pytest

from planning import access
from planning.access import EDITOR, LEAD, VIEWER, Forbidden, Principal, acting_as
from planning.storage import NotFound, Store

LEAD_P = Principal("Maria@Clinic.org ", "Maria Okafor")  # emails are compared in lower case, spaces trimmed
EDITOR_P = Principal("wei@clinic.org", "Dr. Wei Chen")
VIEWER_P = Principal("luz@clinic.org", "Luz Ramírez")
STRANGER = Principal("someone@elsewhere.org", "Someone")
ADMIN = Principal("it@health.org", "IT", admin=True)
TEAM = {"schema_version": 1, "members": [{"id": "p-luz", "name": "Luz Ramírez", "role": "Other",
                                         "email": "LUZ@clinic.org"}]}


@pytest.fixture
def db_url(any_db_url):
    return any_db_url


@pytest.fixture
def guarded(db_url):
    s = Store(db_url, enforce_access=True)
    yield s
    s.dispose()


@pytest.fixture
def plan(guarded) -> str:
    """A plan Maria created (so she is its lead), with Wei as editor and Luz as viewer; Luz is on the roster."""
    with acting_as(LEAD_P):
        pid = guarded.create_plan({"name": "Plan"}, LEAD_P.author, {"team": TEAM})
        guarded.set_member(pid, "wei@clinic.org", EDITOR, LEAD_P.author)
        guarded.set_member(pid, "luz@clinic.org", VIEWER, LEAD_P.author)
    return pid


def test_the_creator_is_the_lead_and_members_see_the_plan_others_do_not(guarded, plan):
    with acting_as(LEAD_P):
        assert [(m.email, m.role) for m in guarded.members(plan)] == [
            ("maria@clinic.org", LEAD), ("wei@clinic.org", EDITOR), ("luz@clinic.org", VIEWER)]
    for who in (LEAD_P, EDITOR_P, VIEWER_P, ADMIN):
        with acting_as(who):
            assert [p.id for p in guarded.list_plans()] == [plan]
            assert guarded.load(plan, "team").data == TEAM
    with acting_as(STRANGER):
        assert guarded.list_plans() == []
        with pytest.raises(Forbidden, match="do not have access to this plan.*someone@elsewhere.org"):
            guarded.load_snapshot(plan)
    assert guarded.list_plans() == []  # nobody signed in: nothing at all
    with pytest.raises(Forbidden, match="Sign in first"):
        guarded.get_plan(plan)


def test_editors_save_viewers_are_refused_by_the_store_itself(guarded, plan):
    with acting_as(EDITOR_P):
        guarded.save(plan, "readiness", {"x": 1}, 0, EDITOR_P.author)
        guarded.create_milestone(plan, "Baseline", EDITOR_P.author)
    with acting_as(VIEWER_P), pytest.raises(Forbidden, match="read and print this plan but not change it"):
        guarded.save(plan, "readiness", {"x": 2}, 1, VIEWER_P.author)
    with acting_as(VIEWER_P), pytest.raises(Forbidden):
        guarded.create_milestone(plan, "Mine", VIEWER_P.author)
    with acting_as(STRANGER), pytest.raises(Forbidden):
        guarded.save(plan, "readiness", {"x": 3}, 1, STRANGER.author)
    with acting_as(LEAD_P):
        assert guarded.load(plan, "readiness").version == 1  # nothing the refused saves tried was written
        assert [m.name for m in guarded.list_milestones(plan)] == ["Baseline"]


def test_a_viewer_on_the_roster_may_change_only_their_own_self_assessment(guarded, plan):
    with acting_as(VIEWER_P):
        guarded.save(plan, "self_assessment", {"answers": {}}, 0, VIEWER_P.author, key="p-luz")
        with pytest.raises(Forbidden):
            guarded.save(plan, "self_assessment", {"answers": {}}, 0, VIEWER_P.author, key="p-wei")


def test_only_the_lead_archives_changes_details_overrides_and_manages_access(guarded, plan):
    with acting_as(EDITOR_P):
        for attempt in (lambda: guarded.set_archived(plan, True, "x"),
                        lambda: guarded.save(plan, "plan", {"name": "Renamed"}, 1, "x"),
                        lambda: guarded.save(plan, "launch_gate", {"override": None}, 0, "x"),
                        lambda: guarded.set_member(plan, "new@clinic.org", VIEWER, "x"),
                        lambda: guarded.audit(plan)):
            with pytest.raises(Forbidden, match="Only the plan's lead"):
                attempt()
    with acting_as(LEAD_P):
        guarded.set_archived(plan, True, LEAD_P.author)
        guarded.save(plan, "plan", {"name": "Renamed"}, 1, LEAD_P.author)
    with acting_as(ADMIN):  # an organisation admin may do what a lead does, on every plan
        guarded.set_archived(plan, False, ADMIN.author)


def test_a_plan_always_keeps_a_lead_and_every_change_of_access_is_in_the_audit_trail(guarded, plan):
    with acting_as(LEAD_P):
        with pytest.raises(ValueError, match="at least one lead"):
            guarded.set_member(plan, "maria@clinic.org", EDITOR, LEAD_P.author)
        with pytest.raises(ValueError, match="at least one lead"):
            guarded.remove_member(plan, "maria@clinic.org", LEAD_P.author)
        with pytest.raises(ValueError, match="email address"):
            guarded.set_member(plan, "not an email", VIEWER, LEAD_P.author)
        guarded.set_member(plan, "wei@clinic.org", LEAD, LEAD_P.author)
        guarded.set_member(plan, "maria@clinic.org", EDITOR, LEAD_P.author)  # now Wei leads
    with acting_as(EDITOR_P):
        guarded.remove_member(plan, "luz@clinic.org", EDITOR_P.author)
        trail = guarded.audit(plan)
    changes = [e.detail for e in trail if e.what == "access changed"]
    assert changes == ["maria@clinic.org: no access -> lead", "wei@clinic.org: no access -> editor",
                       "luz@clinic.org: no access -> viewer", "wei@clinic.org: editor -> lead",
                       "maria@clinic.org: lead -> editor", "luz@clinic.org: viewer -> no access"]
    assert [e.detail for e in trail if e.what == "saved"][:1] == ["plan version 1: created"]
    assert all(e.by for e in trail)
    with acting_as(VIEWER_P), pytest.raises(Forbidden):  # Luz no longer has access at all
        guarded.load_snapshot(plan)


def test_without_sign_in_the_store_checks_nothing(db_url):
    open_store = Store(db_url)
    try:
        pid = open_store.create_plan({"name": "Laptop plan"}, "Dana")
        open_store.save(pid, "readiness", {"x": 1}, 0, "Dana")
        assert open_store.members(pid) == [] and [p.id for p in open_store.list_plans()] == [pid]
    finally:
        open_store.dispose()


def test_an_unknown_plan_is_not_found_for_a_signed_in_person(guarded):
    with acting_as(STRANGER), pytest.raises(NotFound):
        guarded.load_snapshot("no-such-plan")
    assert access.valid_email("a@b.org") and not access.valid_email("a@b") and not access.valid_email("")


@pytest.mark.parametrize("email", ["<script>@clinic.org", "=1@x.org", "+1@x.org", "a@b@c.org", "a b@c.org",
                                   "name@clinic", "@clinic.org", "name@.org."])
def test_an_address_with_markup_formulas_or_no_domain_is_not_an_email(email):
    assert not access.valid_email(email)


def test_ordinary_addresses_are_emails():
    assert all(access.valid_email(e) for e in ("maria.okafor@clinic.org", "o'brien+cocm@health-system.example.org"))
