"""Documents keyed by (plan, worksheet, key), the plan snapshot read at once, and milestones.

Every test runs on SQLite and on PostgreSQL.
"""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from planning.storage import PLAN_KIND, NotFound, StaleSave


@pytest.fixture
def db_url(any_db_url):
    return any_db_url


@contextmanager
def counting_queries(store):
    """Count the SQL statements the store sends to the database while the block runs."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = store._read
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


# ----- keys ------------------------------------------------------------------------------------
def test_one_document_per_team_member_each_with_its_own_versions_and_history(store, plan_id):
    store.save(plan_id, "self_assessment", {"score": 1}, 0, "Ann", key="p-ann")
    store.save(plan_id, "self_assessment", {"score": 5}, 0, "Bob", key="p-bob")
    store.save(plan_id, "self_assessment", {"score": 2}, 1, "Ann", key="p-ann")

    assert store.load(plan_id, "self_assessment", key="p-ann").data == {"score": 2}
    assert store.load(plan_id, "self_assessment", key="p-bob").version == 1
    assert store.load(plan_id, "self_assessment") is None  # nobody saved the single (key "") document
    assert [(r.version, r.data, r.key) for r in store.history(plan_id, "self_assessment", key="p-ann")] == [
        (2, {"score": 2}, "p-ann"), (1, {"score": 1}, "p-ann")]
    assert store.revision_count(plan_id, "self_assessment", key="p-bob") == 1
    assert store.revision(plan_id, "self_assessment", 1, key="p-ann").data == {"score": 1}


def test_a_stale_save_of_one_members_document_does_not_touch_the_others(store, plan_id):
    store.save(plan_id, "self_assessment", {"score": 1}, 0, "Ann", key="p-ann")
    store.save(plan_id, "self_assessment", {"score": 9}, 0, "Bob", key="p-bob")
    store.save(plan_id, "self_assessment", {"score": 2}, 1, "Ann", key="p-ann")
    with pytest.raises(StaleSave) as info:
        store.save(plan_id, "self_assessment", {"score": 3}, 1, "Cy", key="p-ann")
    assert info.value.current.saved_by == "Ann" and info.value.current.key == "p-ann"
    # the same expected version on another member's document is not stale
    assert store.save(plan_id, "self_assessment", {"score": 8}, 1, "Bob", key="p-bob").version == 2


def test_restore_works_per_member(store, plan_id):
    store.save(plan_id, "self_assessment", {"score": 1}, 0, "Ann", key="p-ann")
    store.save(plan_id, "self_assessment", {"score": 2}, 1, "Ann", key="p-ann")
    restored = store.restore(plan_id, "self_assessment", 1, 2, "Lead", key="p-ann")
    assert (restored.version, restored.data, restored.key) == (3, {"score": 1}, "p-ann")
    assert store.history(plan_id, "self_assessment", key="p-ann")[0].comment == "restored from version 1"


def test_load_all_keeps_returning_single_documents_and_load_all_keyed_returns_every_one(store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    store.save(plan_id, "self_assessment", {"score": 1}, 0, "Ann", key="p-ann")
    assert set(store.load_all(plan_id)) == {PLAN_KIND, "readiness"}
    assert set(store.load_all_keyed(plan_id)) == {(PLAN_KIND, ""), ("readiness", ""), ("self_assessment", "p-ann")}


def test_a_new_plan_can_start_with_per_member_documents(store):
    pid = store.create_plan({"name": "Copy"}, "Ann", {"readiness": {"x": 1}, ("self_assessment", "p-ann"): {"s": 1}},
                            comment="copied")
    assert store.load(pid, "self_assessment", key="p-ann").data == {"s": 1}
    assert store.history(pid, "readiness")[0].comment == "copied"


# ----- snapshot --------------------------------------------------------------------------------
@pytest.mark.parametrize("as_of_milestone", [False, True], ids=["now", "milestone"])
def test_snapshot_reads_the_plan_in_the_same_few_queries_whatever_its_size(store, as_of_milestone):
    counts = {}
    for n_docs in (2, 20):
        pid = store.create_plan({"name": f"{n_docs} documents"}, "Ann")
        for i in range(n_docs - 1):
            key = f"p{i}" if i % 2 == 0 else ""  # half of them one-per-member documents
            saved = store.save(pid, f"ws{i}", {"i": i}, 0, "Ann", key=key)
            store.save(pid, f"ws{i}", {"i": i, "edited": True}, saved.version, "Bob", key=key)
        milestone = store.create_milestone(pid, "Baseline", "Ann") if as_of_milestone else None
        with counting_queries(store) as statements:
            snap = store.load_snapshot(pid, milestone)
        counts[n_docs] = len(statements)
        assert len(snap.documents) == n_docs
        assert snap.row.meta == {"name": f"{n_docs} documents"}
        assert snap.get("ws0", "p0").data == {"i": 0, "edited": True} and snap.get("ws0", "p0").saved_by == "Bob"
        assert snap.get(PLAN_KIND).version == 1
    assert counts[2] == counts[20] <= 3, counts


def test_snapshot_of_an_unknown_plan_or_someone_elses_milestone_is_not_found(store, plan_id):
    other = store.create_plan({"name": "Other"}, "Ann")
    theirs = store.create_milestone(other, "Baseline", "Ann")
    with pytest.raises(NotFound):
        store.load_snapshot("no-such-plan")
    with pytest.raises(NotFound):
        store.load_snapshot(plan_id, theirs)
    with pytest.raises(NotFound):
        store.load_snapshot(plan_id, "not-a-number")


# ----- milestones ------------------------------------------------------------------------------
def test_later_saves_do_not_change_what_a_milestone_shows(store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    store.save(plan_id, "self_assessment", {"score": 1}, 0, "Bob", key="p-bob")
    baseline = store.create_milestone(plan_id, "Baseline", "Lead")

    store.save(plan_id, "readiness", {"x": 2}, 1, "Cy")
    store.save(plan_id, "self_assessment", {"score": 4}, 1, "Bob", key="p-bob")
    store.save(plan_id, "vision", {"text": "new"}, 0, "Cy")
    store.restore(plan_id, "readiness", 1, 2, "Cy")
    store.save(plan_id, PLAN_KIND, {"name": "Renamed plan"}, 1, "Lead")

    then = store.load_snapshot(plan_id, baseline)
    assert then.get("readiness").data == {"x": 1} and then.get("readiness").version == 1
    assert then.get("self_assessment", "p-bob").data == {"score": 1}
    assert then.get("vision") is None  # saved after the milestone
    assert then.row.meta["name"] == "Test plan"
    assert then.milestone.name == "Baseline" and then.milestone.created_by == "Lead"

    now = store.load_snapshot(plan_id)
    assert now.get("readiness").version == 3 and now.get("vision").data == {"text": "new"}
    assert now.row.meta["name"] == "Renamed plan" and now.milestone is None
    assert now.by_key("self_assessment") == {"p-bob": now.get("self_assessment", "p-bob")}


def test_milestones_are_listed_newest_first_with_who_when_and_how_many_documents(store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    first = store.create_milestone(plan_id, "Baseline", "Ann")
    store.save(plan_id, "vision", {"t": 1}, 0, "Bob")
    second = store.create_milestone(plan_id, "  6-month review,   May 2027 ", "Bob")
    listed = store.list_milestones(plan_id)
    assert [(m.id, m.name, m.created_by, m.document_count) for m in listed] == [
        (second, "6-month review, May 2027", "Bob", 3), (first, "Baseline", "Ann", 2)]
    assert listed[0].created_at >= listed[1].created_at
    assert store.list_milestones(store.create_plan({"name": "Other"}, "Ann")) == []


def test_renaming_a_milestone_changes_only_its_name(store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    mid = store.create_milestone(plan_id, "Basline", "Ann")
    before = store.load_snapshot(plan_id, mid)
    store.save(plan_id, "readiness", {"x": 2}, 1, "Ann")
    store.rename_milestone(plan_id, mid, "Baseline")
    after = store.load_snapshot(plan_id, mid)
    assert after.milestone.name == "Baseline"
    assert after.documents == before.documents
    assert (after.milestone.created_at, after.milestone.created_by) == (before.milestone.created_at, "Ann")


def test_a_milestone_needs_a_name_and_belongs_to_its_plan(store, plan_id):
    with pytest.raises(ValueError, match="needs a name"):
        store.create_milestone(plan_id, "   ", "Ann")
    with pytest.raises(ValueError, match="at most 200"):
        store.create_milestone(plan_id, "x" * 201, "Ann")
    with pytest.raises(NotFound):
        store.create_milestone("no-such-plan", "Baseline", "Ann")
    mid = store.create_milestone(plan_id, "Baseline", "Ann")
    other = store.create_plan({"name": "Other"}, "Ann")
    with pytest.raises(NotFound):
        store.rename_milestone(other, mid, "Hijacked")
    with pytest.raises(ValueError):
        store.rename_milestone(plan_id, mid, "")
    assert [m.name for m in store.list_milestones(plan_id)] == ["Baseline"]


def test_two_milestones_of_a_plan_never_share_a_name(store, plan_id):
    store.create_milestone(plan_id, "Baseline", "Ann")
    with pytest.raises(ValueError, match="already has a milestone called “Baseline”.*by Ann"):
        store.create_milestone(plan_id, "  baseline ", "Bob")  # case and spaces do not make it another name
    other = store.create_milestone(plan_id, "6-month review", "Bob")
    with pytest.raises(ValueError, match="already has a milestone called “Baseline”"):
        store.rename_milestone(plan_id, other, "BASELINE", "Bob")
    assert [m.name for m in store.list_milestones(plan_id)] == ["6-month review", "Baseline"]
    # another plan may use the same name
    store.create_milestone(store.create_plan({"name": "Other"}, "Ann"), "Baseline", "Ann")


def test_renames_are_logged_with_who_and_when(store, plan_id):
    mid = store.create_milestone(plan_id, "Basline", "Ann")
    store.rename_milestone(plan_id, mid, "Baseline", "Bob")
    store.rename_milestone(plan_id, mid, "Baseline", "Cy")  # the same name again: nothing to log
    store.rename_milestone(plan_id, mid, "Baseline, Nov 2026", "Cy")
    log = store.milestone_renames(plan_id)
    assert [(r.old_name, r.new_name, r.by) for r in log] == [("Basline", "Baseline", "Bob"),
                                                            ("Baseline", "Baseline, Nov 2026", "Cy")]
    assert all(r.milestone_id == mid and r.at for r in log)
    assert store.milestone_renames(store.create_plan({"name": "Other"}, "Ann")) == []


def test_the_plan_as_it_was_at_a_moment(store, plan_id, monkeypatch):
    """Each document's latest revision saved at or before the moment; later documents are absent."""
    import planning.storage as storage

    clock = iter(["2027-01-10T09:00:00+00:00", "2027-02-10T09:00:00+00:00", "2027-03-10T09:00:00+00:00"])
    monkeypatch.setattr(storage, "now_iso", lambda: next(clock))
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")   # 10 Jan
    store.save(plan_id, "readiness", {"x": 2}, 1, "Ann")   # 10 Feb
    store.save(plan_id, "vision", {"t": "v"}, 0, "Bob")     # 10 Mar
    mid_feb = store.load_snapshot(plan_id, at="2027-02-15T00:00:00+00:00")
    assert mid_feb.get("readiness").data == {"x": 2} and mid_feb.get("vision") is None
    jan = store.load_snapshot(plan_id, at="2027-01-31T23:59:59")  # no zone: taken as UTC
    assert jan.get("readiness").data == {"x": 1}
    # a moment given in another zone: 10 Feb 09:00 UTC is 04:00 in New York; one second earlier it was not saved
    assert store.load_snapshot(plan_id, at="2027-02-10T03:59:59-05:00").get("readiness").data == {"x": 1}
    assert store.load_snapshot(plan_id, at="2027-02-10T04:00:00-05:00").get("readiness").data == {"x": 2}
    before = store.load_snapshot(plan_id, at="2020-01-01T00:00:00+00:00")
    assert before.get("readiness") is None and before.row.meta["name"] == "Test plan"
    with pytest.raises(ValueError):
        store.load_snapshot(plan_id, milestone_id=1, at="2027-02-15T00:00:00+00:00")
