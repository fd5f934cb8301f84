"""Administrative readiness rules: statuses, overdue, required before launch, findings, progress, editor rows."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from pydantic import ValidationError

from planning import plans
from worksheets import admin_readiness as ar

TODAY = date(2026, 11, 25)


def doc(**responses) -> ar.AdminReadinessDoc:
    return ar.AdminReadinessDoc.model_validate({"responses": responses})


def problems(data: dict) -> list[str]:
    with pytest.raises(ValidationError) as info:
        ar.AdminReadinessDoc.model_validate(data)
    return [f"{ar.TITLE}, {line}" for line in plans.humanize(info.value, ar.AdminReadinessDoc)]


# ---- the catalog ----------------------------------------------------------------------------

def test_every_item_has_its_own_id_a_reason_and_an_area():
    ids = [i.id for i in ar.ITEMS]
    assert len(ids) == len(set(ids))  # answers are kept by id: two items may never share one
    assert all(i.text.strip() and i.why.strip() and i.area in {a.id for a in ar.AREAS} for i in ar.ITEMS)
    # each item id starts with its area's id
    assert all(i.id.rstrip("0123456789") == i.area for i in ar.ITEMS)


def test_an_untouched_checklist_has_every_required_item_still_to_do():
    open_ids = ar.required_not_done(ar.AdminReadinessDoc())
    assert len(open_ids) == 35  # 41 items, of which 6 are optional by default (reports, huddles, QI links...)
    assert "IT6" not in open_ids and "S1" in open_ids  # reporting is optional; the care manager's job is not


# ---- required before launch, overdue, counts ------------------------------------------------

def test_the_lead_can_change_the_required_flag_either_way_and_not_applicable_closes_an_item():
    d = doc(S1={"required": False}, Q3={"required": True}, S2={"status": "done"}, S3={"status": "not applicable"},
            S4={"status": "in progress"})
    open_ids = ar.required_not_done(d)
    assert "S1" not in open_ids  # made optional by the lead
    assert "Q3" in open_ids  # made required by the lead
    assert "S2" not in open_ids and "S3" not in open_ids  # done, and not applicable
    assert "S4" in open_ids  # in progress is not done
    # 35 required by default - S1 + Q3 - S2 - S3 = 33
    assert len(open_ids) == 33


def test_overdue_means_not_done_and_due_before_today():
    d = doc(S1={"status": "in progress", "due": "2026-11-24"},  # due yesterday: overdue
            S2={"status": "not started", "due": "2026-11-25"},  # due today: not yet
            S3={"status": "done", "due": "2026-10-01"},  # done: never overdue
            S4={"status": "not applicable", "due": "2026-10-01"},  # not applicable: never overdue
            SP1={"due": "2026-11-01"},  # no status, date passed: overdue
            SP2={"status": "not started"})  # no due date: never overdue
    assert [i.id for i in ar.overdue(d, TODAY)] == ["SP1", "S1"]  # longest overdue first
    assert ar.is_overdue(d, "S1", TODAY) and not ar.is_overdue(d, "S2", TODAY)
    assert ar.is_overdue(d, "S2", date(2026, 11, 26))  # a day later it is


def test_counts_add_up_by_status():
    d = doc(S1={"status": "done"}, S2={"status": "done"}, S3={"status": "in progress", "due": "2026-11-01"},
            S4={"status": "not started"}, SP1={"status": "not applicable"}, SP2={"note": "asked IT"})
    c = ar.counts(d, TODAY)
    assert (c.done, c.in_progress, c.not_started, c.not_applicable) == (2, 1, 1, 1)
    assert c.no_status == 36  # 41 - 5 with a status (SP2 has only a note)
    assert c.overdue == 1  # S3
    assert c.required_open == 32  # 35 required, minus S1, S2 done and SP1 not applicable
    assert c.applicable == 40
    assert ar.summary_sentence(c) == ("2 of 41 items done, 1 in progress, 1 not started, 1 not applicable, "
                                      "36 with no status yet.")


def test_share_done_by_area_leaves_out_not_applicable_items():
    d = doc(S1={"status": "done"}, S2={"status": "not applicable"}, T1={"status": "not applicable"},
            T2={"status": "not applicable"}, SP1={"status": "in progress"})
    labels, values = ar.chart_data(d)
    by_area = dict(zip(labels, values))
    assert by_area["Staffing and HR"] == 33.3  # 1 done of the 3 applicable (S2 left out): 1/3
    assert by_area["Space and equipment"] == 0.0  # nothing done yet
    # Training: both items not applicable, nothing left to do there
    assert by_area["Training (all not applicable)"] == 100.0


# ---- findings -------------------------------------------------------------------------------

def test_items_not_done_are_findings_and_an_overdue_one_says_since_when():
    d = doc(IT3={"status": "in progress", "due": "2026-11-12", "owner": "bhcm1"},
            S1={"status": "not started", "due": "2027-01-15"},
            IT6={"status": "not started"},  # optional: a note
            S2={"status": "done"}, SP3={"status": "not applicable"})
    found = {f.id: f for f in ar.findings(d, TODAY, roles={"bhcm1": "Behavioral health care manager"})}
    it3 = found["admin_readiness:item:IT3"]
    assert it3.text == ("Overdue since 12 Nov 2026 (IT3, in progress): Build note templates for the first "
                        "assessment, follow-up contacts, the caseload review and the relapse prevention plan.")
    assert it3.severity == "should_fix" and it3.item == "IT3"
    assert it3.owner_role == "Behavioral health care manager"  # the owner's role on the roster
    assert it3.area == "Administrative readiness: IT and EHR"
    assert it3.action.startswith("Build note templates")
    s1 = found["admin_readiness:item:S1"]
    assert s1.text.startswith("Not done yet (S1, not started): Write the care manager job description")
    assert s1.owner_role == "CIT lead"  # no owner yet
    assert found["admin_readiness:item:IT6"].severity == "note"
    assert "admin_readiness:item:S2" not in found and "admin_readiness:item:SP3" not in found
    # 41 items - 5 with a status = 36 without one, in one note
    assert found["admin_readiness:no-status"].text == "36 administrative readiness items have no status yet."
    assert found["admin_readiness:no-status"].severity == "note"
    assert len(found) == 4


def test_a_required_item_made_optional_becomes_a_note_and_an_unset_overdue_item_is_named():
    d = doc(S1={"status": "in progress", "required": False}, S2={"due": "2026-11-01"})
    found = {f.id: f for f in ar.findings(d, TODAY)}
    assert found["admin_readiness:item:S1"].severity == "note"
    assert found["admin_readiness:item:S2"].text.startswith("Overdue since 1 Nov 2026 (S2, no status yet):")
    # S2 is named on its own, so the note counts 41 - S1 - S2 = 39
    assert found["admin_readiness:no-status"].text == "39 administrative readiness items have no status yet."


def test_an_owner_who_left_the_team_falls_back_to_the_cit_lead_role():
    d = doc(S1={"status": "not started", "owner": "gone1"})
    f = next(f for f in ar.findings(d, TODAY, roles={"lead1": "CIT lead"}) if f.item == "S1")
    assert f.owner_role == "CIT lead"


def test_a_finished_checklist_has_no_findings():
    d = doc(**{i.id: {"status": "done" if n % 2 else "not applicable"} for n, i in enumerate(ar.ITEMS)})
    assert ar.findings(d, TODAY) == []
    assert ar.required_not_done(d) == []


# ---- progress and history -------------------------------------------------------------------

def test_progress_states():
    assert ar.progress(None) == "not started"
    assert ar.progress(ar.AdminReadinessDoc()) == "not started"
    assert ar.progress(doc(S1={"note": "ask HR"})) == "in progress"
    assert ar.progress(doc(S1={"status": "done"})) == "in progress"
    all_closed = {i.id: {"status": "done"} for i in ar.ITEMS}
    all_closed["SP3"] = {"status": "not applicable"}
    assert ar.progress(doc(**all_closed)) == "complete"
    all_closed["SP3"] = {"status": "in progress"}
    assert ar.progress(doc(**all_closed)) == "in progress"


def test_history_line():
    assert ar.describe(ar.AdminReadinessDoc()) == "0 of 41 done"
    assert ar.describe(doc(S1={"status": "done"}, S2={"status": "in progress"}, S3={"status": "not applicable"})) \
        == "1 of 41 done, 1 in progress, 1 not applicable"


# ---- editor rows and validation -------------------------------------------------------------

def test_editor_rows_keep_what_was_entered_and_store_required_only_when_changed():
    rows = [
        {"id": "S1", "text": "...", "status": "done", "owner": "lead1", "due": date(2027, 1, 15), "required": True,
         "note": None},
        {"id": "S2", "text": "...", "status": None, "owner": None, "due": None, "required": True, "note": ""},
        {"id": "S3", "text": "...", "status": None, "owner": None, "due": float("nan"), "required": np.bool_(False),
         "note": None},
        {"id": "Q3", "text": "...", "status": None, "owner": None, "due": None, "required": True, "note": None},
        {"id": "IT6", "text": "...", "status": None, "owner": None, "due": None, "required": False, "note": None},
    ]
    out = ar.responses_from_rows(rows)
    assert out == {
        "S1": {"status": "done", "owner": "lead1", "due": date(2027, 1, 15), "required": None, "note": ""},
        "S3": {"status": None, "owner": None, "due": None, "required": False, "note": ""},  # made optional
        "Q3": {"status": None, "owner": None, "due": None, "required": True, "note": ""},  # made required
    }  # S2 and IT6 untouched (their flags are the defaults): left out
    d = ar.AdminReadinessDoc.model_validate({"responses": out})
    assert not d.required("S3") and d.required("Q3") and d.required("S2") and not d.required("IT6")


def test_a_bad_status_or_date_is_refused_naming_the_item():
    lines = problems({"responses": {"IT3": {"due": "next week"}, "S2": {"status": "maybe"}}})
    assert 'Administrative readiness, item IT3, due date: enter a date such as 2027-03-15 (you entered ' \
           '"next week")' in lines
    assert 'Administrative readiness, item S2, status: choose Not started, In progress, Done or Not applicable ' \
           '(you entered "maybe")' in lines


def test_statuses_are_read_whatever_their_case_and_dates_from_text():
    d = doc(S1={"status": "In Progress", "due": "2027-01-15"})
    assert d.status("S1") == "in progress" and d.response("S1").due == date(2027, 1, 15)


def test_an_unknown_item_and_an_overlong_note_are_refused():
    assert problems({"responses": {"Z9": {"status": "done"}}}) == [
        "Administrative readiness, item Z9 is not on this checklist"]
    lines = problems({"responses": {"S1": {"note": "x" * 10_001}}})
    assert any("item S1, note: this is 10,001 characters long, and the most allowed is 10,000" in line
               for line in lines)


def test_an_owner_no_longer_on_the_team_is_named_by_item():
    d = doc(S1={"owner": "lead1"}, IT3={"owner": "gone1"})
    assert ar.owner_problems(d, ["lead1"]) == [
        "Administrative readiness, item IT3, owner: this person is no longer on the implementation team. Choose "
        "someone on the team, or leave the owner empty."]
    assert ar.owner_problems(d, ["lead1", "gone1"]) == []


def test_the_example_plan_is_partly_done_with_one_item_overdue_on_25_november_2026():
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[2] / "examples" / "example-plan.json").read_text("utf-8"))
    d = ar.AdminReadinessDoc.model_validate(data["documents"]["admin_readiness"])
    c = ar.counts(d, TODAY)
    assert c.done and c.in_progress >= 2 and c.not_applicable == 1
    assert [i.id for i in ar.overdue(d, TODAY)] == ["IT2"]
