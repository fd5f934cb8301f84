"""The unit of work (several saves, all or nothing) and finding events. Every test runs on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from planning.storage import NotFound, StaleSave


@pytest.fixture
def db_url(any_db_url):
    return any_db_url


def test_saves_in_one_unit_of_work_are_written_together(store, plan_id):
    store.save(plan_id, "action_plan", {"rows": []}, 0, "Ann")
    with store.unit_of_work() as uow:
        plan_doc = uow.save(plan_id, "action_plan", {"rows": ["call the billing office"]}, 1, "Lead")
        inbox = uow.save(plan_id, "inbox", {"accepted": ["readiness.A3"]}, 0, "Lead")
        assert uow.load(plan_id, "inbox").data == {"accepted": ["readiness.A3"]}  # sees its own writes
    assert (plan_doc.version, inbox.version) == (2, 1)
    assert store.load(plan_id, "action_plan").data == {"rows": ["call the billing office"]}
    assert store.load(plan_id, "inbox").saved_by == "Lead"
    assert store.get_plan(plan_id).last_saved_by == "Lead"


def test_a_stale_save_half_way_writes_nothing(store, plan_id):
    """Accepting a suggestion in two browsers: the second acceptance writes neither the row nor the inbox state."""
    store.save(plan_id, "action_plan", {"rows": []}, 0, "Ann")
    store.save(plan_id, "inbox", {"accepted": []}, 0, "Ann")
    store.save(plan_id, "inbox", {"accepted": ["readiness.A3"]}, 1, "Bob")  # the other browser got there first
    with pytest.raises(StaleSave) as info:
        with store.unit_of_work() as uow:
            uow.save(plan_id, "action_plan", {"rows": ["duplicate"]}, 1, "Cy")
            uow.record_findings(plan_id, ["readiness.A3"], [], "Cy")
            uow.save(plan_id, "inbox", {"accepted": ["readiness.A3"]}, 1, "Cy")
    assert info.value.current.saved_by == "Bob"
    assert store.load(plan_id, "action_plan").data == {"rows": []}
    assert store.revision_count(plan_id, "action_plan") == 1
    assert store.finding_events(plan_id) == []
    assert store.get_plan(plan_id).last_saved_by == "Bob"


def test_an_error_half_way_writes_nothing(store, plan_id):
    with pytest.raises(RuntimeError):
        with store.unit_of_work() as uow:
            uow.save(plan_id, "action_plan", {"rows": ["a"]}, 0, "Ann")
            uow.save(plan_id, "self_assessment", {"s": 1}, 0, "Ann", key="p-ann")
            uow.record_findings(plan_id, ["team.missing-role.psychiatric-consultant"], [], "Ann")
            milestone = uow.create_milestone(plan_id, "Baseline", "Ann")
            assert milestone
            raise RuntimeError("the page crashed before the inbox was saved")
    assert store.load_all_keyed(plan_id).keys() == {("plan", "")}
    assert store.finding_events(plan_id) == []
    assert store.list_milestones(plan_id) == []
    # and the plan is not left locked: the next save goes through
    assert store.save(plan_id, "action_plan", {"rows": ["a"]}, 0, "Ann").version == 1


def test_a_unit_of_work_on_a_missing_plan_is_refused(store):
    with pytest.raises(NotFound):
        with store.unit_of_work() as uow:
            uow.record_findings("no-such-plan", ["x"], [], "Ann")


# ----- finding events --------------------------------------------------------------------------
def record(store, plan_id, opened=(), closed=(), author="Ann"):
    with store.unit_of_work() as uow:
        return uow.record_findings(plan_id, list(opened), list(closed), author)


def test_a_finding_fixed_and_later_back_is_open_again_with_its_whole_story(store, plan_id):
    record(store, plan_id, opened=["readiness.A3", "vision.empty"])
    record(store, plan_id, closed=["readiness.A3"], author="Bob")  # fixed
    assert store.open_finding_ids(plan_id) == {"vision.empty"}
    record(store, plan_id, opened=["readiness.A3"], closed=["vision.empty"], author="Cy")  # came back
    assert store.open_finding_ids(plan_id) == {"readiness.A3"}
    story = [(e.finding_id, e.event, e.by) for e in store.finding_events(plan_id)]
    assert story == [("readiness.A3", "opened", "Ann"), ("vision.empty", "opened", "Ann"),
                     ("readiness.A3", "closed", "Bob"),
                     ("readiness.A3", "opened", "Cy"), ("vision.empty", "closed", "Cy")]


def test_only_real_changes_are_recorded(store, plan_id):
    assert [e.event for e in record(store, plan_id, opened=["a", "a"])] == ["opened"]
    assert record(store, plan_id, opened=["a"]) == []  # already open (a second browser saw the same change)
    assert record(store, plan_id, closed=["never-opened"]) == []
    assert len(store.finding_events(plan_id)) == 1
    with pytest.raises(ValueError):
        record(store, plan_id, opened=["b"], closed=["b"])


def test_finding_events_belong_to_their_plan(store, plan_id):
    other = store.create_plan({"name": "Other"}, "Ann")
    record(store, plan_id, opened=["readiness.A3"])
    record(store, other, opened=["team.empty"])
    assert store.open_finding_ids(plan_id) == {"readiness.A3"}
    assert [e.finding_id for e in store.finding_events(other)] == ["team.empty"]
