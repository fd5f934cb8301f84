"""Expansion: the ideas worksheet, starting a new plan from a parent (what is copied, the link back, the
organisation, a parent edited at the same moment), and organisations named in any mix of capitals."""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from tests.conftest import example_before_step5
from planning import expansion as pe
from planning import plans
from planning.storage import StaleSave
from planning.view import load_view
from worksheets import expansion as ex


def _idea(**kw) -> ex.Idea:
    return ex.Idea(**{"what": "site", "name": "Northside clinic", **kw})


# ---- the worksheet -------------------------------------------------------------------------------

def test_a_planned_idea_past_its_date_with_no_plan_is_a_should_fix_finding():
    doc = ex.ExpansionDoc(ideas=[
        _idea(id="late", status="planned", target=date(2027, 3, 1), owner="p1"),
        _idea(id="idea", name="Anxiety", what="condition", status="idea", target=date(2027, 3, 1)),
        _idea(id="done", status="planned", target=date(2027, 3, 1), plan_id="abc", plan_name="Northside"),
        _idea(id="future", status="planned", target=date(2027, 6, 1)),
    ])
    found = ex.findings(doc, today=date(2027, 4, 1))
    assert [(f.id, f.severity) for f in found] == [("expansion:overdue:late", "should_fix")]
    assert "1 Mar 2027" in found[0].text and "Northside clinic" in found[0].text
    assert found[0].owner_id == "p1"  # the action-plan inbox pre-fills the idea's owner


def test_an_owner_who_left_the_team_is_a_note():
    doc = ex.ExpansionDoc(ideas=[_idea(id="i1", owner="gone")])
    assert [(f.id, f.severity) for f in ex.findings(doc, date(2027, 1, 1), people={"p1": "Ann (CIT lead)"})] == [
        ("expansion:owner-left:i1", "note")]


def test_rows_are_refused_in_plain_words():
    with pytest.raises(ValueError, match="write the name of the new site, condition or population"):
        ex.Idea(what="site", name="  ")
    with pytest.raises(ValueError, match="choose site, condition or population"):
        ex.Idea(what="planet", name="Mars")
    assert ex.Idea(what="New population", name="Teens", status="Planned").status == "planned"


def test_saving_the_table_keeps_the_plan_each_row_started():
    doc = ex.ExpansionDoc(ideas=[_idea(id="i1", status="started", plan_id="pid-1", plan_name="North")])
    rows = [{"id": "i1", "what": "site", "name": "Northside clinic", "status": "started", "plan_name": "North"},
            {"id": None, "what": "condition", "name": "Anxiety"}]
    new = ex.ExpansionDoc.model_validate({"ideas": ex.ideas_data(rows, doc)})
    assert new.ideas[0].plan_id == "pid-1"
    assert new.ideas[1].id and new.ideas[1].plan_id == ""


def test_marking_a_plan_started_picks_the_chosen_row_else_the_same_name_else_adds_one():
    doc = ex.ExpansionDoc(ideas=[_idea(id="a", name="North"), _idea(id="b", name="South")])
    chosen = ex.mark_started(doc, "site", "Anything", "p1", "Plan 1", idea_id="b")
    assert [(i.id, i.status, i.plan_id) for i in chosen.ideas] == [("a", "idea", ""), ("b", "started", "p1")]
    by_name = ex.mark_started(doc, "site", "  north ", "p2", "Plan 2")
    assert by_name.idea("a").plan_id == "p2" and by_name.idea("b").plan_id == ""
    added = ex.mark_started(doc, "population", "Teens", "p3", "Plan 3")
    assert len(added.ideas) == 3 and added.ideas[2].status == "started" and added.ideas[2].what == "population"


# ---- organisations -----------------------------------------------------------------------------

def _plan(store, name="Parent plan", org="") -> str:
    return plans.create_plan(store, plans.PlanMeta(name=name, clinic="Lakeside Clinic", organisation=org), "Ann")


def test_organisation_names_merge_without_case_or_extra_spaces(store):
    a, b = _plan(store, "A"), _plan(store, "B")
    assert pe.set_organisation(store, a, "  Lakeside   Health ", "Ann") == "Lakeside Health"
    assert pe.set_organisation(store, b, "lakeside health ", "Bo") == "Lakeside Health"
    assert pe.organisations(store) == ["Lakeside Health"]
    assert plans.load_meta(store, b)[0].organisation == "Lakeside Health"
    with pytest.raises(ValueError, match="at most 120 characters"):
        pe.set_organisation(store, a, "x" * 121, "Ann")


def test_setting_the_organisation_keeps_a_rename_saved_at_the_same_moment(store, monkeypatch):
    pid = _plan(store)
    real = plans.load_meta
    calls = []

    def load_then_someone_renames(s, plan_id):
        meta, row = real(s, plan_id)
        if not calls:  # between this read and the save, a colleague renames the plan
            s.save(plan_id, "plan", {**row.meta, "name": "Renamed by Bo"}, row.meta_version, "Bo")
        calls.append(1)
        return meta, row

    monkeypatch.setattr(plans, "load_meta", load_then_someone_renames)
    pe.set_organisation(store, pid, "Lakeside Health", "Ann")
    meta, _ = real(store, pid)
    assert (meta.name, meta.organisation) == ("Renamed by Bo", "Lakeside Health")


# ---- starting a new plan -------------------------------------------------------------------------

@pytest.fixture
def example(store) -> str:
    pid = example_before_step5(store, "Ann")
    pe.set_organisation(store, pid, "Lakeside Health", "Ann")
    return pid


def test_start_from_copies_exactly_the_roster_and_the_chosen_worksheets(store, example):
    result: list = []
    child = pe.start_from(store, example, "Northside plan", "Lakeside Clinic", "Northside", "site",
                          ["shared_vision", "self_assessment"], "Ann", result=result)
    parent_docs = store.load_all_keyed(example)
    child_docs = store.load_all_keyed(child)
    assert {k for k, _ in child_docs} == {"plan", "team", "shared_vision", "self_assessment"}
    members = {key for k, key in parent_docs if k == "self_assessment"}
    assert members and {key for k, key in child_docs if k == "self_assessment"} == members  # one sheet per person
    for ref in child_docs:
        if ref[0] != "plan":
            assert child_docs[ref].data == parent_docs[ref].data
    assert result[0].kinds == ("team", "shared_vision", "self_assessment")
    meta, _ = plans.load_meta(store, child)
    assert (meta.parent_plan_id, meta.parent_name, meta.expansion, meta.organisation) == (
        example, "Example: Riverbend Collaborative Care launch", "site", "Lakeside Health")
    # the parent records it
    parent_ideas = plans.load_doc(store, example, "expansion").doc.ideas
    assert [(i.name, i.status, i.plan_id) for i in parent_ideas] == [("Northside plan", "started", child)]
    assert [c[0] for c in pe.children(store, example)] == [child]


def test_an_organisation_given_for_the_new_plan_joins_the_existing_spelling(store, example):
    other = _plan(store, "Elsewhere", org="Valley Partners")
    child = pe.start_from(store, example, "Teens", "Lakeside Clinic", "", "population", [], "Ann",
                          organisation=" valley partners")
    assert plans.load_meta(store, child)[0].organisation == "Valley Partners"
    assert other


def test_the_metric_log_and_launch_gate_are_never_copied_and_only_open_actions_go(store, example):
    child = pe.start_from(store, example, "Anxiety", "Lakeside Clinic", "", "condition",
                          ["metric_log", "launch_gate", "action_plan"], "Ann")
    kinds = {k for k, _ in store.load_all_keyed(child)}
    assert "metric_log" not in kinds and "launch_gate" not in kinds
    parent = plans.load_doc(store, example, "action_plan").doc
    copied = plans.load_doc(store, child, "action_plan").doc
    assert any(not a.is_open for a in parent.actions)  # the example has done actions to leave behind
    assert [a.id for a in copied.actions] == [a.id for a in parent.actions if a.is_open]
    assert not copied.dismissed


def test_a_new_plan_needs_a_name_and_a_clinic(store, example):
    with pytest.raises(ValueError, match="Write a name for the new plan and its clinic"):
        pe.start_from(store, example, " ", "", "", "site", [], "Ann")
    assert len(store.list_plans()) == 1


def test_a_save_on_the_parent_during_the_copy_loses_nothing(store, example, monkeypatch):
    real = store.create_plan
    before_workflow = store.load(example, "workflow")

    def create_while_colleagues_save(meta, author, documents_data=None, comment=""):
        # while the copy is being written, Bo adds an idea on the parent and edits its workflow
        store.save(example, "expansion", ex.ExpansionDoc(ideas=[_idea(id="bo", name="Bo's idea")]).model_dump(
            mode="json"), 0, "Bo")
        wf = store.load(example, "workflow")
        store.save(example, "workflow", {**wf.data, "steps": wf.data["steps"][:-1]}, wf.version, "Bo",
                   comment="Bo removed a step")
        return real(meta, author, documents_data, comment)

    monkeypatch.setattr(store, "create_plan", create_while_colleagues_save)
    child = pe.start_from(store, example, "Northside", "Lakeside Clinic", "", "site", ["workflow"], "Ann")
    ideas = plans.load_doc(store, example, "expansion").doc.ideas
    assert [(i.name, i.plan_id) for i in ideas] == [("Bo's idea", ""), ("Northside", child)]
    assert store.load(example, "workflow").version == before_workflow.version + 1  # Bo's edit stands
    assert store.load(child, "workflow").data == before_workflow.data  # the copy is the plan as it was read


def test_when_the_parent_list_changes_twice_the_plan_is_still_made_and_linked(store, example, monkeypatch):
    def always_stale(*a, **kw):
        raise StaleSave(1, None)

    monkeypatch.setattr(plans, "save_doc", always_stale)
    with pytest.raises(pe.NotRecorded) as err:
        pe.start_from(store, example, "Northside", "Lakeside Clinic", "", "site", [], "Ann")
    assert [c[0] for c in pe.children(store, example)] == [err.value.plan_id]


def test_a_plan_copied_while_someone_edits_it_is_never_half_copied(store, example):
    """Bo saves readiness and principles together, again and again (each pair carries the same number in a note);
    every copy made meanwhile holds a matching pair."""
    stop, started = threading.Event(), threading.Event()

    def edits():
        n = 0
        while not stop.is_set():
            n += 1
            with store.unit_of_work() as uow:
                for kind, item in (("readiness", "A1"), ("principles", "P1")):
                    cur = uow.load(example, kind)
                    data = {**cur.data, "responses": {**cur.data["responses"],
                                                      item: {"rating": None, "note": f"edit {n}"}}}
                    uow.save(example, kind, data, cur.version, "Bo")
            started.set()
            time.sleep(0.002)

    t = threading.Thread(target=edits)
    t.start()
    assert started.wait(10)
    try:
        children = [pe.start_from(store, example, f"Copy {i}", "Lakeside Clinic", "", "site",
                                  ["readiness", "principles"], "Ann") for i in range(8)]
    finally:
        stop.set()
        t.join()
    for c in children:
        r, p = store.load(c, "readiness").data, store.load(c, "principles").data
        assert r["responses"]["A1"]["note"] == p["responses"]["P1"]["note"]
        assert r["responses"]["A1"]["note"].startswith("edit ")
    ideas = plans.load_doc(store, example, "expansion").doc.ideas
    assert sorted(i.plan_id for i in ideas) == sorted(children)  # every start recorded on the parent


def test_the_new_plan_opens_as_a_plan_view(store, example):
    child = pe.start_from(store, example, "Northside", "Lakeside Clinic", "", "site", pe.default_copy(), "Ann")
    view = load_view(store, child)
    assert view.roster.members and view.meta.parent_plan_id == example
    assert view.doc("workflow") is not None and view.doc("readiness") is None
