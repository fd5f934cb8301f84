"""Action plan: the suggested-actions inbox (accept, edit, dismiss, re-offer), checks on Save, views.

Dates and counts in the comments are worked out by hand from the golden fixture (tests/fixtures/action_plan_v1.json):

  id      step  owner          start       due         status
  ap01    1     Maria Okafor   2026-11-05  2027-01-15  in progress  (from readiness:item:B2)
  ap02    2     Luz Ramírez    2026-11-12  2027-02-01  not started  (from readiness:item:E1)
  ap03    2     Maria Okafor   2027-01-04  2027-03-01  not started  (from readiness:item:B4)
  ap04    2     Dr. Wei Chen   2027-03-01  2027-04-19  not started  (from readiness:item:D2)
  ap05    1     Maria Okafor   2026-11-05  2026-11-30  done 2026-11-20 (from team:acknowledge:d4a6f0c28e93)
  ap06    2     Tom Becker     2026-11-05  2026-12-15  in progress  (by hand)
  ap07    4     Maria Okafor   2027-04-01  2027-04-26  not started  (by hand)
  ap08    -     nobody         -           -           dropped      (by hand)
"""
from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError

from worksheets import action_plan as ap
from worksheets.findings import Finding
from worksheets.team import TeamDoc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MARIA, CHEN, LUZ, ADEYEMI, TOM = "a1f3c9e2b701", "b72d0e4c9a15", "c0e85b17d3f6", "d4a6f0c28e93", "e9b3d51a7c40"
ROSTER_IDS = {MARIA, CHEN, LUZ, ADEYEMI, TOM}
PEOPLE = {MARIA: "Maria Okafor", CHEN: "Dr. Wei Chen", LUZ: "Luz Ramírez", ADEYEMI: "Dr. Samuel Adeyemi",
          TOM: "Tom Becker"}
LAUNCH = date(2027, 5, 3)
TODAY = date(2027, 3, 4)
UTC = timezone.utc


def fixture_doc() -> ap.ActionPlanDoc:
    return ap.ActionPlanDoc.model_validate(json.loads((FIXTURES / "action_plan_v1.json").read_text("utf-8")))


def roster(*people: tuple[str, str, str]) -> TeamDoc:
    return TeamDoc.model_validate({"members": [{"id": i, "name": n, "role": r} for i, n, r in people]})


TEAM = roster((MARIA, "Maria Okafor", "CIT lead"), (CHEN, "Dr. Wei Chen", "PCP champion"),
              (LUZ, "Luz Ramírez", "Behavioral health care manager"))

NO_CONSULTANT = Finding("team:missing-role:psychiatric-consultant", "team",
                        "No psychiatric consultant on the team yet.", "blocker",
                        action="Find and name a Psychiatric consultant for the implementation team.",
                        owner_role="CIT lead", area="Implementation team")
NO_HANDOFF = Finding("readiness:item:D2", "readiness", "Not in place yet (D2): a warm hand-off is possible.",
                     "should_fix", item="D2", action="Put in place (D2): warm hand-offs.",
                     owner_role="PCP champion", area="Readiness: Clinical workflow")
UNRATED = Finding("readiness:unrated", "readiness", "3 readiness items not rated yet.", "note",
                  action="Rate the remaining readiness items.", owner_role="CIT lead", area="Readiness")
STEP_OF = {"team": 1, "readiness": 1}


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2027, 3, day, hour, 0, tzinfo=UTC)


def ids(actions) -> list[str]:
    return [a.id[:4] for a in actions]


# ----------------------------------------------------------------------------------------------
# the document


def test_golden_fixture_loads_and_round_trips():
    doc = fixture_doc()
    assert ap.describe(doc) == "8 actions: 4 not started, 2 in progress, 1 done, 1 dropped"
    assert doc.accepted["readiness:item:B2"].action_id == "ap01b2c0f1a9"
    assert doc.dismissed["readiness:unrated"].reason.startswith("We rate the last items")
    again = ap.ActionPlanDoc.model_validate(json.loads(doc.model_dump_json()))
    assert again == doc


def test_a_newer_format_is_refused_in_words():
    with pytest.raises(ValidationError, match="saved by a newer version"):
        ap.ActionPlanDoc.model_validate({"schema_version": 2, "actions": []})


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError, match="Extra inputs"):
        ap.ActionPlanDoc.model_validate({"actions": [{"action": "x", "colour": "red"}]})


def test_an_action_needs_its_text():
    with pytest.raises(ValidationError, match="write the action: what will be done"):
        ap.Action.model_validate({"action": "   ", "owner": MARIA})


def test_empty_editor_cells_become_empty_values():
    # a data editor hands over NaN for empty numbers and dates, "" or None for empty text
    a = ap.Action.model_validate({"action": "Book the room", "step": math.nan, "owner": "", "start": math.nan,
                                  "due": None, "status": None, "goal": None})
    assert (a.step, a.owner, a.start, a.due, a.status, a.goal) == (None, None, None, None, "not started", "")


def test_step_and_status_are_read_as_people_write_them():
    a = ap.Action.model_validate({"action": "x", "step": "Step 2 · Plan for Clinical Practice Change",
                                  "status": "In progress", "due": datetime(2027, 4, 1, 15, 30)})
    assert (a.step, a.status, a.due) == (2, "in progress", date(2027, 4, 1))
    with pytest.raises(ValidationError, match="choose a step from 1 to 5"):
        ap.Action.model_validate({"action": "x", "step": 7})
    with pytest.raises(ValidationError, match="choose a status: not started, in progress, done or dropped"):
        ap.Action.model_validate({"action": "x", "status": "finished"})


def test_two_actions_cannot_share_an_id():
    with pytest.raises(ValidationError, match="two actions share the id abc"):
        ap.ActionPlanDoc.model_validate({"actions": [{"id": "abc", "action": "x"}, {"id": "abc", "action": "y"}]})


def test_step_titles_match_the_sidebar():
    from planning import registry
    assert {s.number: s.title for s in registry.STEPS} == ap.STEP_TITLES


# ----------------------------------------------------------------------------------------------
# suggestions: drafts, owners, due dates


def test_every_open_finding_without_an_action_is_offered_blockers_first():
    drafts = ap.suggestions([UNRATED, NO_HANDOFF, NO_CONSULTANT], ap.ActionPlanDoc(), TEAM, LAUNCH, TODAY,
                            step_of=STEP_OF)
    assert [d.finding.id for d in drafts] == [NO_CONSULTANT.id, NO_HANDOFF.id, UNRATED.id]
    first = drafts[0].fields
    assert first["action"] == "Find and name a Psychiatric consultant for the implementation team."
    assert first["goal"] == "No psychiatric consultant on the team yet."
    assert first["area"] == "Implementation team" and first["step"] == 1
    assert first["source"] == NO_CONSULTANT.id and first["status"] == "not started"
    assert first["start"] == TODAY
    assert not any(d.again for d in drafts)


def test_owner_is_suggested_when_exactly_one_person_holds_the_role():
    d = ap.draft(NO_HANDOFF, TEAM, LAUNCH, TODAY)
    assert d.fields["owner"] == CHEN
    assert d.owner_note == "Suggested: Dr. Wei Chen, the team's PCP champion."


def test_a_decision_keeps_the_owner_and_due_date_it_was_taken_with():
    decision = Finding("review:decision:d1", "review", "Decided: add a second care manager.", "should_fix",
                       action="Post the job for a second care manager.", owner_role="CIT lead",
                       owner_id=LUZ, due=date(2027, 6, 30))
    d = ap.draft(decision, TEAM, LAUNCH, TODAY)
    assert d.fields["owner"] == LUZ and d.owner_note == "Named when the decision was taken: Luz Ramírez."
    assert d.fields["due"] == date(2027, 6, 30)  # not a week before the launch: the date the team agreed
    # the named person has left the team: back to the role's holder
    gone = Finding("review:decision:d2", "review", "Decided.", "should_fix", owner_role="CIT lead", owner_id="left")
    assert ap.draft(gone, TEAM, LAUNCH, TODAY).fields["owner"] == MARIA


def test_no_owner_is_guessed_when_the_role_is_shared_or_missing():
    two_leads = roster((MARIA, "Maria Okafor", "CIT lead"), (TOM, "Tom Becker", "CIT lead"))
    d = ap.draft(NO_CONSULTANT, two_leads, LAUNCH, TODAY)
    assert d.fields["owner"] is None and d.owner_note == "2 people are CIT lead: pick one."
    d = ap.draft(NO_HANDOFF, two_leads, LAUNCH, TODAY)
    assert d.fields["owner"] is None and d.owner_note == "Nobody on the team is PCP champion yet: pick an owner."
    no_role = Finding("readiness:item:G1", "readiness", "No workspace.", "should_fix")
    assert ap.draft(no_role, TEAM, LAUNCH, TODAY).fields["owner"] is None


def test_due_dates_land_before_the_target_launch():
    # launch Mon 3 May 2027: a blocker is due 2 weeks before (19 Apr), anything else 1 week before (26 Apr)
    assert ap.draft(NO_CONSULTANT, TEAM, LAUNCH, TODAY).fields["due"] == date(2027, 4, 19)
    assert ap.draft(NO_HANDOFF, TEAM, LAUNCH, TODAY).fields["due"] == date(2027, 4, 26)
    assert ap.draft(UNRATED, TEAM, LAUNCH, TODAY).fields["due"] == date(2027, 4, 26)
    assert ap.draft(NO_CONSULTANT, TEAM, LAUNCH, TODAY).due_note == "2 weeks before the target launch (3 May 2027)."


def test_due_dates_without_a_usable_launch_date():
    # no launch date: 30 days after 4 Mar 2027 = 3 Apr 2027 (27 days left in March + 3)
    d = ap.draft(NO_CONSULTANT, TEAM, None, TODAY)
    assert d.fields["due"] == date(2027, 4, 3) and d.due_note.startswith("No target launch date yet")
    # the launch has passed: the same 30 days
    d = ap.draft(NO_CONSULTANT, TEAM, date(2027, 2, 1), TODAY)
    assert d.fields["due"] == date(2027, 4, 3) and "has passed" in d.due_note
    # launch on 10 Mar: 2 weeks before it is already past, so the draft is due today
    d = ap.draft(NO_CONSULTANT, TEAM, date(2027, 3, 10), TODAY)
    assert d.fields["due"] == TODAY and "less than 2 weeks away" in d.due_note


# ----------------------------------------------------------------------------------------------
# accept, edit, dismiss


def test_accept_with_one_click_adds_the_draft_as_an_action():
    draft = ap.suggestions([NO_CONSULTANT], ap.ActionPlanDoc(), TEAM, LAUNCH, TODAY, step_of=STEP_OF)[0]
    doc = ap.accept(ap.ActionPlanDoc(), NO_CONSULTANT, draft.fields, "Maria Okafor", at(4))
    (a,) = doc.actions
    assert (a.action, a.owner, a.start, a.due, a.step, a.status, a.source) == (
        "Find and name a Psychiatric consultant for the implementation team.", MARIA, TODAY, date(2027, 4, 19), 1,
        "not started", NO_CONSULTANT.id)
    assert ap.source_label(a) == "From a finding"
    record = doc.accepted[NO_CONSULTANT.id]
    assert (record.action_id, record.by, record.at) == (a.id, "Maria Okafor", at(4))
    assert ap.suggestions([NO_CONSULTANT], doc, TEAM, LAUNCH, TODAY) == []


def test_edit_then_accept_keeps_the_edits_and_the_link_to_the_finding():
    draft = ap.draft(NO_HANDOFF, TEAM, LAUNCH, TODAY)
    edits = {**draft.fields, "action": "Pilot warm hand-offs on Dr. Chen's panel", "owner": LUZ,
             "due": date(2027, 4, 12), "resources": "A phone line", "id": "sneaky", "source": ""}
    doc = ap.accept(ap.ActionPlanDoc(), NO_HANDOFF, edits, "Maria Okafor", at(4))
    (a,) = doc.actions
    assert (a.action, a.owner, a.due, a.resources) == ("Pilot warm hand-offs on Dr. Chen's panel", LUZ,
                                                       date(2027, 4, 12), "A phone line")
    assert a.source == NO_HANDOFF.id and a.id != "sneaky"


def test_accept_refuses_an_edit_that_empties_the_action():
    with pytest.raises(ValidationError, match="write the action"):
        ap.accept(ap.ActionPlanDoc(), NO_HANDOFF, {"action": ""}, "Maria Okafor", at(4))


def test_accepting_the_same_suggestion_twice_makes_one_action():
    # two browsers showed the same inbox; both click Accept, the second with other edits
    first = ap.accept(ap.ActionPlanDoc(), NO_HANDOFF, {"owner": CHEN}, "Maria Okafor", at(4, 10))
    second = ap.accept(first, NO_HANDOFF, {"owner": LUZ, "action": "Something else"}, "Dr. Wei Chen", at(4, 11),
                       opened_at=at(1))
    assert second == first
    assert len(second.actions) == 1 and second.actions[0].owner == CHEN
    assert second.accepted[NO_HANDOFF.id].by == "Maria Okafor"


def test_accept_times_are_kept_in_utc():
    pacific = timezone(timedelta(hours=-8))
    doc = ap.accept(ap.ActionPlanDoc(), NO_HANDOFF, {}, "Maria Okafor", datetime(2027, 3, 4, 9, 0, tzinfo=pacific))
    assert doc.accepted[NO_HANDOFF.id].at == datetime(2027, 3, 4, 17, 0, tzinfo=UTC)


def test_dismiss_with_a_reason_is_remembered_and_not_offered_again():
    doc = ap.dismiss(ap.ActionPlanDoc(), UNRATED, "We rate them at the next meeting.", "Maria Okafor", at(4))
    record = doc.dismissed[UNRATED.id]
    assert (record.reason, record.by, record.at, record.text) == (
        "We rate them at the next meeting.", "Maria Okafor", at(4), "3 readiness items not rated yet.")
    assert doc.actions == []
    assert [d.finding.id for d in ap.suggestions([UNRATED, NO_HANDOFF], doc, TEAM, LAUNCH, TODAY)] == [NO_HANDOFF.id]


def test_dismiss_needs_a_reason():
    with pytest.raises(ValueError, match="Say in a few words why"):
        ap.dismiss(ap.ActionPlanDoc(), UNRATED, "  ", "Maria Okafor", at(4))


def test_a_dismissed_suggestion_can_be_brought_back_and_accepted():
    doc = ap.dismiss(ap.ActionPlanDoc(), UNRATED.id, "Not now.", "Maria Okafor", at(4))
    assert ap.suggestions([UNRATED], ap.undismiss(doc, UNRATED.id), TEAM, LAUNCH, TODAY)[0].finding == UNRATED
    # accepting straight from the dismissed list also works, and clears the dismissal
    doc = ap.accept(doc, UNRATED, {}, "Maria Okafor", at(5))
    assert len(doc.actions) == 1 and UNRATED.id not in doc.dismissed


# ----------------------------------------------------------------------------------------------
# re-offer after a fix and a relapse


def test_a_fixed_finding_that_comes_back_is_offered_again():
    opened = {NO_HANDOFF.id: at(1)}  # first seen on 1 Mar
    doc = ap.accept(ap.ActionPlanDoc(), NO_HANDOFF, {"owner": CHEN}, "Maria Okafor", at(4), opened_at=at(1))
    assert ap.suggestions([NO_HANDOFF], doc, TEAM, LAUNCH, TODAY, opened_at=opened) == []
    # the action is done on 10 Mar and the finding closes (it is no longer among the open findings)
    doc = ap.ActionPlanDoc.model_validate({**doc.model_dump(), "actions": [
        {**doc.actions[0].model_dump(), "status": "done", "done_on": date(2027, 3, 10)}]})
    assert ap.suggestions([], doc, TEAM, LAUNCH, TODAY) == []
    # a save on 20 Mar rates D2 "Not in place" again: the finding reopens after the acceptance on 4 Mar
    relapse = {NO_HANDOFF.id: at(20)}
    (again,) = ap.suggestions([NO_HANDOFF], doc, TEAM, LAUNCH, date(2027, 3, 21), opened_at=relapse)
    assert again.again and again.fields["start"] == date(2027, 3, 21)
    doc = ap.accept(doc, NO_HANDOFF, again.fields, "Maria Okafor", at(21), opened_at=at(20))
    assert [a.status for a in doc.actions] == ["done", "not started"]  # a second action, the first kept
    assert doc.accepted[NO_HANDOFF.id].action_id == doc.actions[1].id
    # and accepting the re-offer twice still makes one new action
    assert ap.accept(doc, NO_HANDOFF, {}, "Dr. Wei Chen", at(21, 13), opened_at=at(20)) == doc
    assert ap.suggestions([NO_HANDOFF], doc, TEAM, LAUNCH, date(2027, 3, 21), opened_at=relapse) == []


def test_a_dismissed_finding_that_comes_back_is_offered_again():
    doc = ap.dismiss(ap.ActionPlanDoc(), UNRATED, "Rating at the meeting.", "Maria Okafor", at(4))
    assert ap.suggestions([UNRATED], doc, TEAM, LAUNCH, TODAY, opened_at={UNRATED.id: at(1)}) == []
    (again,) = ap.suggestions([UNRATED], doc, TEAM, LAUNCH, TODAY, opened_at={UNRATED.id: at(8)})
    assert again.again


def test_an_opening_logged_by_the_same_save_as_the_dismissal_does_not_bring_it_back():
    # dismissed at 12:00:05.999; the save that stored the dismissal logged the finding open at 12:00:06.003, which the
    # findings log keeps as 12:00:06 (whole seconds): the same moment, not a relapse
    dismissed = datetime(2027, 3, 4, 12, 0, 5, 999000, tzinfo=UTC)
    doc = ap.dismiss(ap.ActionPlanDoc(), UNRATED, "Rating at the meeting.", "Maria Okafor", dismissed)
    same_save = {UNRATED.id: datetime(2027, 3, 4, 12, 0, 6, tzinfo=UTC)}
    assert ap.suggestions([UNRATED], doc, TEAM, LAUNCH, TODAY, opened_at=same_save) == []
    # reopened by a later save, a second or more after the dismissal: offered again
    later = {UNRATED.id: datetime(2027, 3, 4, 12, 0, 7, tzinfo=UTC)}
    assert len(ap.suggestions([UNRATED], doc, TEAM, LAUNCH, TODAY, opened_at=later)) == 1


def test_opening_times_without_a_zone_are_read_as_utc():
    doc = ap.dismiss(ap.ActionPlanDoc(), UNRATED, "Later.", "Maria Okafor", at(4, 12))
    assert ap.suggestions([UNRATED], doc, TEAM, LAUNCH, TODAY, opened_at={UNRATED.id: datetime(2027, 3, 4, 11)}) == []
    assert len(ap.suggestions([UNRATED], doc, TEAM, LAUNCH, TODAY,
                              opened_at={UNRATED.id: datetime(2027, 3, 4, 13)})) == 1


def test_a_reopened_finding_is_not_offered_while_its_action_is_still_open():
    doc = ap.accept(ap.ActionPlanDoc(), NO_HANDOFF, {}, "Maria Okafor", at(4))
    assert ap.suggestions([NO_HANDOFF], doc, TEAM, LAUNCH, TODAY, opened_at={NO_HANDOFF.id: at(9)}) == []


def test_deleting_the_action_puts_the_suggestion_back():
    doc = ap.accept(ap.ActionPlanDoc(), NO_HANDOFF, {}, "Maria Okafor", at(4))
    emptied = ap.ActionPlanDoc.model_validate({**doc.model_dump(), "actions": []})
    (d,) = ap.suggestions([NO_HANDOFF], emptied, TEAM, LAUNCH, TODAY)
    assert d.finding == NO_HANDOFF
    assert len(ap.accept(emptied, NO_HANDOFF, d.fields, "Maria Okafor", at(5)).actions) == 1


def test_the_example_plan_offers_only_findings_not_yet_handled():
    doc = fixture_doc()
    open_ids = ["readiness:item:B2", "readiness:item:E1", "readiness:unrated", "readiness:item:C4",
                "team:acknowledge:d4a6f0c28e93"]
    found = [Finding(i, i.split(":")[0], f"gap {i}", "should_fix") for i in open_ids]
    # B2 and E1 have open actions, unrated was dismissed, the acknowledgment action is done: C4 is new
    assert [d.finding.id for d in ap.suggestions(found, doc, TEAM, LAUNCH, TODAY)] == ["readiness:item:C4"]


# ----------------------------------------------------------------------------------------------
# checks on Save


def test_every_save_problem_is_named_next_to_its_field():
    doc = ap.ActionPlanDoc.model_validate({"actions": [
        {"id": "r1", "action": "a", "start": "2027-03-10", "due": "2027-03-03"},
        {"id": "r2", "action": "b", "status": "done", "done_on": "2027-03-05"},
        {"id": "r3", "action": "c", "status": "done"},
        {"id": "r4", "action": "d", "status": "in progress", "done_on": "2027-03-01"},
        {"id": "r5", "action": "e", "owner": "gone-person"},
        {"id": "r6", "action": "f", "owner": MARIA, "start": "2027-03-01", "due": "2027-03-01",
         "status": "done", "done_on": "2027-03-04"},
    ]})
    found = ap.problems(doc, ROSTER_IDS, TODAY)
    assert [(p.row_id, p.field) for p in found] == [("r1", "due"), ("r2", "done_on"), ("r3", "done_on"),
                                                     ("r4", "status"), ("r5", "owner")]
    messages = [p.message for p in found]
    assert messages[0] == "The due date (3 Mar 2027) is before the start date (10 Mar 2027): move one of them."
    assert messages[1] == ("The done date (5 Mar 2027) is in the future: enter the day it was done, "
                           "today (4 Mar 2027) at the latest.")
    assert messages[2] == "Marked done: enter the date it was done."
    assert messages[3] == ("A done date is entered but the status is 'In progress': mark it done, or clear the "
                           "done date.")
    assert messages[4] == ("This person was removed from the implementation team: choose someone on the team, "
                           "or leave the owner empty.")


def test_the_example_plan_has_nothing_to_fix():
    assert ap.problems(fixture_doc(), ROSTER_IDS, date(2027, 1, 20)) == []


def test_an_owner_removed_from_the_team_is_named_later():
    # Tom Becker leaves the team: his action now needs a new owner
    found = ap.problems(fixture_doc(), ROSTER_IDS - {TOM}, date(2027, 1, 20))
    assert [(p.row_id, p.field) for p in found] == [("ap06f4a3b6d1", "owner")]


def test_marking_done_on_save_fills_in_todays_date():
    doc = ap.ActionPlanDoc.model_validate({"actions": [{"id": "r1", "action": "a", "status": "done"},
                                                       {"id": "r2", "action": "b", "status": "done",
                                                        "done_on": "2027-02-01"}]})
    stamped = ap.stamp_done_dates(doc, TODAY)
    assert [a.done_on for a in stamped.actions] == [TODAY, date(2027, 2, 1)]
    assert ap.problems(stamped, ROSTER_IDS, TODAY) == []


# ----------------------------------------------------------------------------------------------
# views


def test_overdue_actions_with_a_fixed_today():
    doc = fixture_doc()
    # on 20 Jan 2027: ap06 was due 15 Dec (36 days late: 16 days of December + 20), ap01 due 15 Jan (5 days);
    # ap05 was due 30 Nov but is done, ap08 is dropped
    late = ap.overdue(doc, date(2027, 1, 20))
    assert ids(late) == ["ap06", "ap01"]
    assert [ap.days_late(a, date(2027, 1, 20)) for a in late] == [36, 5]
    # due today is not overdue yet
    assert ids(ap.overdue(doc, date(2027, 1, 15))) == ["ap06"]


def test_filters_by_owner_status_and_step():
    doc = fixture_doc()
    assert ids(ap.filter_actions(doc, owners=[MARIA])) == ["ap01", "ap03", "ap05", "ap07"]
    assert ids(ap.filter_actions(doc, statuses=["in progress"])) == ["ap01", "ap06"]
    assert ids(ap.filter_actions(doc, steps=[2])) == ["ap02", "ap03", "ap04", "ap06"]
    assert ids(ap.filter_actions(doc, steps=[None])) == ["ap08"]
    assert ids(ap.filter_actions(doc, owners=[None])) == ["ap08"]
    assert ids(ap.filter_actions(doc, owners=[MARIA], statuses=["not started"])) == ["ap03", "ap07"]
    assert len(ap.filter_actions(doc)) == 8


def test_my_actions_open_first_soonest_due_first():
    # Maria: ap01 due 15 Jan, ap03 due 1 Mar, ap07 due 26 Apr are open; ap05 is done
    assert ids(ap.mine(fixture_doc(), MARIA)) == ["ap01", "ap03", "ap07", "ap05"]
    assert ap.mine(fixture_doc(), ADEYEMI) == []


def test_done_but_its_finding_is_still_open():
    doc = fixture_doc()
    # ap05 is done, yet Dr. Adeyemi has still not acknowledged; B2's action is still in progress
    assert ids(ap.done_but_still_open(doc, {"team:acknowledge:d4a6f0c28e93", "readiness:item:B2"})) == ["ap05"]
    assert ap.done_but_still_open(doc, {"readiness:item:B2"}) == []


def test_timeline_by_owner():
    t = ap.timeline(fixture_doc(), PEOPLE, date(2027, 1, 20), by="owner")
    assert t.groups == ("Dr. Wei Chen", "Luz Ramírez", "Maria Okafor", "Tom Becker")
    assert t.undated == 1  # ap08 has no due date
    maria = [b for b in t.bars if b.group == "Maria Okafor"]
    assert [b.action_id[:4] for b in maria] == ["ap05", "ap01", "ap03", "ap07"]
    ap01 = maria[1]
    # a bar covers the due day: it ends the day after
    assert (ap01.start, ap01.due, ap01.end, ap01.overdue) == (date(2026, 11, 5), date(2027, 1, 15),
                                                              date(2027, 1, 16), True)
    assert (t.first, t.last) == (date(2026, 11, 5), date(2027, 4, 27))


def test_timeline_by_step_and_bars_without_a_start():
    doc = ap.ActionPlanDoc.model_validate({"actions": [{"id": "x", "action": "Book the room", "due": "2027-04-01"},
                                                       {"id": "y", "action": "Hire", "step": 2,
                                                        "start": "2027-05-01", "due": "2027-04-01"}]})
    t = ap.timeline(doc, PEOPLE, TODAY, by="step")
    assert t.groups == ("Step 2 · Plan for Clinical Practice Change", "No step chosen")
    # no start, or a start after the due date: the bar starts on the due date
    assert [(b.action_id, b.start, b.end) for b in t.bars] == [("y", date(2027, 4, 1), date(2027, 4, 2)),
                                                              ("x", date(2027, 4, 1), date(2027, 4, 2))]
    t = ap.timeline(doc, PEOPLE, TODAY, by="owner")
    assert t.groups == ("No owner yet",)


def test_progress():
    assert ap.progress(None) == "not started" and ap.progress(ap.ActionPlanDoc()) == "not started"
    assert ap.progress(fixture_doc()) == "complete"  # every open action has an owner and a due date
    doc = ap.ActionPlanDoc.model_validate({"actions": [{"action": "Book the room", "due": "2027-04-01"}]})
    assert ap.progress(doc) == "in progress"  # no owner yet
