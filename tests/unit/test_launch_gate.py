"""The launch gate: each blocker the issue names appears when its cause is there and clears when it is fixed; the
gate says Go only with no blocker open; an override covers what was open when it was recorded, never what appears
later."""
from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from planning import plans
from planning.view import load_view
from worksheets import admin_readiness as ar
from worksheets import launch_gate as lg
from worksheets import readiness as rd
from worksheets import team as tm
from worksheets import tracking as tk


@pytest.fixture
def example(store) -> str:
    return plans.open_example(store, "Tester")


def gate(store, pid) -> lg.Gate:
    return lg.evaluate(load_view(store, pid))


def ids(g: lg.Gate) -> set[str]:
    return {f.id for f in g.blockers}


def save(store, pid, doc) -> None:
    plans.save_doc(store, pid, doc, plans.load_doc(store, pid, doc.KIND).version, "Tester")


def test_an_empty_plan_is_not_ready_and_says_why(store, plan_id):
    g = gate(store, plan_id)
    assert g.state == lg.NOT_YET and g.label == "Not yet"
    found = ids(g)
    # the list: core roles, no registry decision, required administrative items, the suicide-risk protocol,
    # readiness not rated (the gate cannot tell), each as a blocker
    assert {"team:missing-role:bhcm", "team:missing-role:psychiatric-consultant", "tracking:no-decision",
            "admin_readiness:gate:required", "workflow:check:suicide-step", "readiness:gate:unrated"} <= found
    assert g.sentence().startswith(f"Not yet: {len(g.blockers)} blockers stand between the clinic and launch")


def test_a_core_role_without_a_person_blocks_and_clears_when_someone_is_added(store, example):
    team = plans.load_doc(store, example, "team").doc
    without = team.model_copy(update={"members": [m for m in team.members if m.role != "Psychiatric consultant"]})
    save(store, example, without)
    assert "team:missing-role:psychiatric-consultant" in ids(gate(store, example))
    save(store, example, team)
    assert "team:missing-role:psychiatric-consultant" not in ids(gate(store, example))


def test_a_readiness_domain_under_half_blocks_until_it_is_raised(store, example):
    # the example plan rates Data and IT (E) at 25%: flagged "address before launch"
    assert "readiness:domain:E" in ids(gate(store, example))
    doc = plans.load_doc(store, example, rd.KIND).doc
    raised = doc.model_copy(update={"responses": {**doc.responses, **{
        i.id: doc.responses.get(i.id, rd.ReadinessResponse()).model_copy(update={"rating": "In place"})
        for i in rd.CATALOG.items if i.domain == "E"}}})
    save(store, example, raised)
    assert "readiness:domain:E" not in ids(gate(store, example))


def test_unrated_readiness_domains_block_because_the_gate_cannot_tell(store, plan_id):
    (f,) = [f for f in gate(store, plan_id).blockers if f.id == "readiness:gate:unrated"]
    assert f.worksheet == "readiness" and "8 domains" in f.text  # the checklist has 8 domains, A to H


def test_no_registry_decision_blocks(store, example):
    assert "tracking:no-decision" not in ids(gate(store, example))  # Riverbend chose an EHR build
    save(store, example, tk.TrackingDoc())
    assert "tracking:no-decision" in ids(gate(store, example))


def test_required_administrative_items_not_done_block_in_one_line_with_each_item_in_words(store, example):
    (f,) = [f for f in gate(store, example).blockers if f.id == "admin_readiness:gate:required"]
    open_ids = ar.required_not_done(plans.load_doc(store, example, ar.KIND).doc)
    # the example's first open required item is S2, the consultant agreement (in progress)
    assert f.text == (f"{len(open_ids)} administrative items required before launch are not done, starting with: "
                      "Sign the psychiatric consultant agreement: weekly hours, how to reach them between reviews, "
                      "and liability and malpractice terms.")
    assert len(f.details) == len(open_ids) and f.details[0].startswith("S2 · Sign the psychiatric consultant")
    done = ar.AdminReadinessDoc(responses={i.id: ar.Response(status="done") for i in ar.ITEMS})
    save(store, example, done)
    assert "admin_readiness:gate:required" not in ids(gate(store, example))


def test_go_when_nothing_blocks(store, plan_id, monkeypatch):
    from planning.view import PlanView
    monkeypatch.setattr(PlanView, "findings", lambda self, kinds=None: [])
    monkeypatch.setattr(lg, "own_checks", lambda view: [])
    g = gate(store, plan_id)
    assert (g.state, g.label, g.go) == (lg.GO, "Go", True)
    assert g.sentence() == "Go: nothing in the plan stands in the way of launch."


def test_an_override_covers_the_blockers_open_then_but_not_new_ones(store, example):
    before = gate(store, example)
    doc = lg.with_override("The consultant agreement is signed next week; we start with two patients.",
                           "Maria Okafor", date(2027, 4, 28), before)
    save(store, example, doc)
    after = gate(store, example)
    assert after.state == lg.GO_OVERRIDE and after.label == "Go (override)"
    assert after.sentence().startswith("Go, by override: Maria Okafor recorded on 28 Apr 2027")
    # a new blocker after the override: the tracking decision is withdrawn
    save(store, example, tk.TrackingDoc())
    later = gate(store, example)
    assert later.state == lg.NOT_YET
    assert [f.id for f in later.uncovered] == ["tracking:no-decision"]
    assert later.sentence() == "Not yet: 1 blocker appeared after the override of 28 Apr 2027 and is not covered by it."


def test_an_override_needs_a_reason_in_a_sentence_and_a_name():
    g = lg.Gate(lg.NOT_YET, (), None, ())
    with pytest.raises(ValidationError, match="write the reason in a sentence"):
        lg.with_override("because", "Maria", date(2027, 4, 28), g)
    with pytest.raises(ValidationError):
        lg.with_override("The training is booked for the week after launch.", "  ", date(2027, 4, 28), g)


def test_the_gate_shows_on_home_in_the_plan_list(store, example):
    (s,) = [s for s in plans.summaries(store) if s.row.id == example]
    n = len(gate(store, example).blockers)
    assert s.gate == f"Launch gate: Not yet ({n} blockers)"


def test_pdf_lists_every_blocker_with_the_page_that_fixes_it(store, example):
    from planning import reports
    from tests.conftest import pdf_text

    text = pdf_text(reports.worksheet_pdf(store, example, lg.KIND))
    assert "NOT YET." in text
    assert "(worked out from the whole plan; no override recorded)" in text  # not "not saved yet"
    assert "S3 · Arrange clinical supervision for the care manager" in " ".join(text.split())  # each item in full
    assert "Readiness checklist" in text and "Administrative readiness" in text
    assert "Data and IT scores 25%" in text


def test_a_team_of_only_other_roles_still_blocks_on_every_core_role(store, plan_id):
    save(store, plan_id, tm.TeamDoc(members=[tm.Member(name="Ann", role="Other")]))
    found = ids(gate(store, plan_id))
    assert {"team:missing-role:cit-lead", "team:missing-role:pcp-champion", "team:missing-role:bhcm",
            "team:missing-role:psychiatric-consultant"} <= found


def test_every_step_pdf_says_where_the_gate_stands_on_its_first_page(store, example):
    from planning import reports
    from tests.conftest import pdf_text

    n = len(gate(store, example).blockers)  # 6 in the example: 3 readiness domains, the administrative items, the
    # care manager's training and the patient safety plan
    assert n == 6
    for number in (1, 4):
        text = " ".join(pdf_text(reports.step_pdf(store, example, number)).split())
        assert f"Launch gate Not yet: {n} blockers stand between the clinic and launch." in text
