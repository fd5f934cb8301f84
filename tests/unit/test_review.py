"""Six-month review: when the next review is due (worked by hand), decisions offered to the action plan until an action
is made from them or they are marked "no action needed", a review dated before the plan refused, the attendee rule,
progress and the one-line history summary."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from pydantic import ValidationError

from tests.conftest import example_before_step5
from planning import plans
from planning.view import load_view
from worksheets import action_plan as ap
from worksheets import review as rv

MARIA, WEI = "a1f3c9e2b701", "b72d0e4c9a15"  # the example plan's CIT lead and PCP champion


def review(on: str, decisions=(), **answers) -> dict:
    return {"id": f"r-{on}", "date": on, "attendees": [MARIA], "decisions": list(decisions), **answers}


def doc(*reviews: dict) -> rv.ReviewDoc:
    return rv.ReviewDoc.model_validate({"reviews": list(reviews)})


# ---- the next review ------------------------------------------------------------------------------

@pytest.mark.parametrize("last, due", [
    ("2027-05-15", date(2027, 11, 15)),  # 15 May + 6 months = 15 Nov
    ("2027-08-31", date(2028, 2, 29)),  # 31 Aug 2027 + 6 months: Feb 2028 has 29 days (2028 is a leap year)
    ("2026-08-31", date(2027, 2, 28)),  # 31 Aug 2026 + 6 months: Feb 2027 has 28 days
    ("2027-12-10", date(2028, 6, 10)),  # over the year end
])
def test_the_next_review_is_due_six_months_after_the_latest(last, due):
    older = review("2026-01-02")
    assert rv.next_review_due(doc(older, review(last)), date(2027, 3, 1), date(2026, 11, 1)) == due


def test_before_the_first_review_it_is_due_six_months_after_the_launch_or_the_plans_start():
    assert rv.next_review_due(rv.ReviewDoc(), date(2027, 3, 1), date(2026, 11, 1)) == date(2027, 9, 1)
    assert rv.next_review_due(None, None, date(2026, 11, 25)) == date(2027, 5, 25)


def test_a_past_due_review_is_a_finding_until_the_review_is_recorded():
    # no review, launch 1 Mar 2027 -> due 1 Sep 2027: on 2 Sep it is overdue, on 1 Sep not yet
    late = rv.findings(rv.ReviewDoc(), None, date(2027, 3, 1), date(2026, 11, 1), date(2027, 9, 2))
    assert [(f.id, f.severity) for f in late] == [("review:overdue", "should_fix")]
    assert "1 Sep 2027" in late[0].text
    assert rv.findings(rv.ReviewDoc(), None, date(2027, 3, 1), date(2026, 11, 1), date(2027, 9, 1)) == []
    recorded = doc(review("2027-08-30", went_well="Caseload grew"))
    assert rv.findings(recorded, None, date(2027, 3, 1), date(2026, 11, 1), date(2027, 9, 2)) == []


# ---- decisions and the action plan ------------------------------------------------------------------

def test_a_decision_is_offered_to_the_action_plan_with_its_owner_and_due_date_until_it_is_marked_no_action():
    d = doc(review("2027-11-15", [
        {"id": "d1", "text": "Add a second care manager half-time", "owner": WEI, "due": "2028-01-31"},
        {"id": "d2", "text": "Keep the Tuesday caseload review", "no_action": True},
    ]))
    found = rv.findings(d, ap.ActionPlanDoc(), None, date(2026, 11, 1), date(2027, 11, 16))
    assert [f.id for f in found] == ["review:decision:d1"]
    f = found[0]
    assert (f.severity, f.action, f.owner_id, f.due) == ("should_fix", "Add a second care manager half-time", WEI,
                                                          date(2028, 1, 31))
    assert f.area == "Six-month review: 6-month review, Nov 2027"  # named from its date
    # marked "no action needed": no longer offered
    data = d.model_dump(mode="json")
    data["reviews"][0]["decisions"][0]["no_action"] = True
    assert rv.findings(rv.ReviewDoc.model_validate(data), None, None, date(2026, 11, 1), date(2027, 11, 16)) == []


def test_accepting_the_decision_in_the_inbox_makes_an_action_with_its_owner_and_due_and_the_finding_goes(store):
    pid = example_before_step5(store, "Tester")
    d = doc(review("2027-11-15", [{"id": "d1", "text": "Train the new front-desk staff on the consent script",
                                   "owner": WEI, "due": "2027-12-15"}]))
    plans.save_doc(store, pid, d, 0, "Tester")
    view = load_view(store, pid)
    open_ids = [f.id for f in view.findings([rv.KIND])]
    assert "review:decision:d1" in open_ids
    plan = view.doc(ap.ActionPlanDoc.KIND)
    drafts = ap.suggestions(view.findings(), plan, view.roster, view.meta.target_launch, date(2027, 11, 16))
    draft = next(x for x in drafts if x.finding.id == "review:decision:d1")
    assert (draft.fields["owner"], draft.fields["due"]) == (WEI, date(2027, 12, 15))
    accepted = ap.accept(plan, draft.finding, draft.fields, "Tester", datetime(2027, 11, 16, tzinfo=timezone.utc))
    plans.save_doc(store, pid, accepted, view.version(ap.ActionPlanDoc.KIND), "Tester")
    after = load_view(store, pid)
    assert "review:decision:d1" not in [f.id for f in after.findings([rv.KIND])]
    action = ap.action_for(after.doc(ap.ActionPlanDoc.KIND), "review:decision:d1")
    assert (action.action, action.owner, action.due) == ("Train the new front-desk staff on the consent script", WEI,
                                                         date(2027, 12, 15))
    assert rv.decision_state(after.doc(rv.KIND).reviews[0].decisions[0], after.doc("action_plan")) == rv.IN_PLAN


# ---- bad input ---------------------------------------------------------------------------------------

def test_a_review_dated_before_the_plan_was_started_is_refused_in_words():
    d = doc(review("2026-10-31"), review("2026-11-25"))
    problems = rv.date_problems(d, date(2026, 11, 1))
    assert problems == ["The review \u201c6-month review, Oct 2026\u201d is dated 31 Oct 2026, before this plan was "
                        "started on 1 Nov 2026: check the date."]
    assert rv.date_problems(d, date(2026, 10, 31)) == []  # the day the plan started is fine


def test_a_review_needs_an_attendee_and_a_date_and_a_decision_needs_its_text():
    with pytest.raises(ValidationError) as exc:
        rv.Review.model_validate({"date": None, "attendees": [], "decisions": [{"text": " ", "owner": WEI}]})
    lines = plans.humanize(exc.value, rv.Review)
    assert "date of the review: enter the date of the review" in lines
    assert "attendees: A review needs at least one attendee from the team." in lines
    assert "decisions, row 1, decision: write the decision: what the team agreed to do, in a few words" in lines


def test_owners_removed_from_the_team_are_named_while_their_decision_waits_for_the_action_plan():
    d = doc({**review("2027-05-10", [{"id": "d1", "text": "Recruit a backup consultant", "owner": "gone"},
                                     {"id": "d2", "text": "Print new flyers", "owner": "gone", "no_action": True}]),
             "name": "Spring review", "attendees": [MARIA, "left"]})  # an attendee who left is history, not a problem
    assert rv.roster_problems(d, [MARIA, WEI]) == [
        "\u201cSpring review\u201d, decision \u201cRecruit a backup consultant\u201d: its owner was removed from the "
        "team. Choose someone on the team, or leave the owner empty."]
    plan = ap.ActionPlanDoc.model_validate({"actions": [{"action": "Recruit", "source": "review:decision:d1"}]})
    assert rv.roster_problems(d, [MARIA, WEI], plan) == []  # already in the action plan: its owner is set there


# ---- progress and history ----------------------------------------------------------------------------

def test_progress_is_complete_with_a_decision_or_every_prompt_answered():
    assert rv.progress(None) == rv.progress(rv.ReviewDoc()) == "not started"
    assert rv.progress(doc(review("2027-05-10", went_well="Caseload grew"))) == "in progress"
    assert rv.progress(doc(review("2027-05-10", [{"text": "Hire a second care manager"}]))) == "complete"
    every = {p.field: "Looked at it" for p in rv.PROMPTS}
    assert rv.progress(doc(review("2027-05-10", **every))) == "complete"


def test_the_history_line_names_the_latest_review():
    d = doc(review("2027-05-10"), review("2027-11-15", [{"text": "a"}, {"text": "b"}]))
    assert rv.describe(d) == "2 reviews, latest 6-month review, Nov 2027 (15 Nov 2027); 2 decisions"
    assert rv.describe(rv.ReviewDoc()) == "no reviews yet"
