"""The plan engine: saves record which findings opened or closed; a fixed gap that comes back is offered again;
a milestone's view does not move when the plan does."""
from __future__ import annotations

import time
from datetime import date, datetime, timezone

from planning import plans
from planning.view import load_view
from worksheets import action_plan as ap
from worksheets import readiness as rd

E1 = "readiness:item:E1"


def _rate_e1(store, plan_id, rating: str) -> None:
    loaded = plans.load_doc(store, plan_id, "readiness")
    doc = rd.ReadinessDoc.model_validate({"responses": {"E1": {"rating": rating}}})
    plans.save_doc(store, plan_id, doc, loaded.version, "Ann", view=load_view(store, plan_id))


def _opened_at(store, plan_id) -> dict[str, datetime]:
    out: dict[str, datetime] = {}
    for e in store.finding_events(plan_id):
        if e.event == "opened":
            out[e.finding_id] = datetime.fromisoformat(e.at)
    return out


def test_a_save_records_the_findings_it_opens_and_closes(store, plan_id):
    _rate_e1(store, plan_id, "Not in place")
    assert E1 in store.open_finding_ids(plan_id)
    _rate_e1(store, plan_id, "In place")
    assert E1 not in store.open_finding_ids(plan_id)
    assert [e.event for e in store.finding_events(plan_id) if e.finding_id == E1] == ["opened", "closed"]


def test_a_gap_accepted_then_fixed_then_back_is_offered_again(store, plan_id):
    _rate_e1(store, plan_id, "Not in place")
    finding = next(f for f in load_view(store, plan_id).findings() if f.id == E1)
    doc = ap.accept(ap.ActionPlanDoc(), finding, {}, "Dana", datetime.now(timezone.utc))  # accepted...
    done = doc.model_copy(update={"actions": [doc.actions[0].model_copy(update={"status": "done",
                                                                                 "done_on": date.today()})]})
    plans.save_doc(store, plan_id, done, 0, "Dana", view=load_view(store, plan_id))
    view = load_view(store, plan_id)
    offered = ap.suggestions(view.findings(), view.doc("action_plan"), view.roster, None, date.today(),
                             opened_at=_opened_at(store, plan_id))
    assert E1 not in {d.finding.id for d in offered}  # handled: not offered
    time.sleep(2.1)  # the findings log keeps whole seconds: a relapse counts from a second after the accept on
    _rate_e1(store, plan_id, "In place")  # ...then fixed...
    _rate_e1(store, plan_id, "Not in place")  # ...and back again
    view = load_view(store, plan_id)
    again = ap.suggestions(view.findings(), view.doc("action_plan"), view.roster, None, date.today(),
                           opened_at=_opened_at(store, plan_id))
    back = [d for d in again if d.finding.id == E1]
    assert len(back) == 1 and back[0].again  # offered again, marked as having come back


def test_a_milestone_view_keeps_the_plan_as_it_was(store, plan_id):
    _rate_e1(store, plan_id, "Not in place")
    baseline = store.create_milestone(plan_id, "Baseline", "Ann")
    _rate_e1(store, plan_id, "In place")
    then, now = load_view(store, plan_id, baseline), load_view(store, plan_id)
    assert then.doc("readiness").rating("E1") == "Not in place" and E1 in {f.id for f in then.findings()}
    assert now.doc("readiness").rating("E1") == "In place" and E1 not in {f.id for f in now.findings()}
