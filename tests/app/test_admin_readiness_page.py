"""Administrative readiness page: set status, owner, due date and the required flag; see the figures, overdue
items and refusals in plain words; hostile text saves and shows literally."""
from __future__ import annotations

import json
from datetime import date, timedelta

from planning import plans
from tests.conftest import HOSTILE
from worksheets import admin_readiness as ar
from worksheets import team as tm

PAGE = "pages/admin_readiness_page.py"


def _team(store, plan_id):
    members = [{"id": "lead1", "name": "Maria Okafor", "role": "CIT lead"},
               {"id": "bhcm1", "name": "Luz Ramírez", "role": "Behavioral health care manager"}]
    plans.save_doc(store, plan_id, tm.TeamDoc.model_validate({"members": members}), 0, "Ann")


def _save_doc(store, plan_id, responses, version=0, who="Ann"):
    plans.save_doc(store, plan_id, ar.AdminReadinessDoc.model_validate({"responses": responses}), version, who)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _edit(at, area: str, edits: dict, gen: int = 0):
    at.session_state[f"admin_readiness_editor_{gen}_{area}"] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": []}


def _save(at):
    next(b for b in at.button if b.label == "Save checklist").click().run()
    assert not at.exception, [e.value for e in at.exception]


def _editors(at) -> dict[str, object]:
    """The checklist grids by area id (the first item's id without its number)."""
    out = {}
    for d in at.main.dataframe:
        if d.proto.editing_mode != 0 and "status" in d.value.columns:
            out[d.value["id"].iloc[0].rstrip("0123456789")] = d.value
    return out


def test_set_status_owner_and_due_date_save_and_see_the_figures(open_page, store, plan_id):
    _team(store, plan_id)
    at = open_page(PAGE, plan_id)
    assert at.title[0].value == "Administrative readiness"
    m = _metrics(at)
    assert (m["Done"], m["In progress"], m["Not started"], m["Overdue"], m["Required, not done"]) == (
        "0 of 41", "0", "41", "0", "35")  # nothing set; 35 of the 41 items are required by default
    _edit(at, "S", {0: {"status": "done", "owner": "lead1"},
                    1: {"status": "in progress", "owner": "bhcm1", "due": "2027-01-15", "note": "Tuesdays"}})
    _edit(at, "IT", {0: {"status": "not applicable"}})
    _save(at)
    assert any("Saved as version 1" in s.value for s in at.success)
    m = _metrics(at)
    # S1 done, S2 in progress, IT1 not applicable; 41 - 3 = 38 not started or without status
    assert (m["Done"], m["In progress"], m["Not started"], m["Overdue"]) == ("1 of 41", "1", "38", "0")
    assert m["Required, not done"] == "33"  # 35 required - S1 (done) - IT1 (not applicable); S2 is still open
    saved = plans.load_doc(store, plan_id, ar.KIND).doc
    assert saved.response("S2").model_dump() == {"status": "in progress", "owner": "bhcm1",
                                                 "due": date(2027, 1, 15), "required": None, "note": "Tuesdays"}
    assert saved.status("S1") == "done" and saved.status("IT1") == "not applicable"
    assert set(saved.responses) == {"S1", "S2", "IT1"}  # untouched items are not stored


def test_the_owner_column_offers_the_team_by_name(open_page, store, plan_id):
    _team(store, plan_id)
    at = open_page(PAGE, plan_id)
    grid = next(d for d in at.main.dataframe if d.proto.editing_mode != 0)
    owner = json.loads(grid.proto.columns)["owner"]["type_config"]["options"]
    assert owner == [{"value": "lead1", "label": "Maria Okafor"}, {"value": "bhcm1", "label": "Luz Ramírez"}]
    assert len(_editors(at)) == 10  # one grid per area


def test_hostile_text_saves_and_comes_back_exactly_as_typed(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _edit(at, "B", {2: {"status": "in progress", "note": HOSTILE}})
    _save(at)
    assert plans.load_doc(store, plan_id, ar.KIND).doc.response("B3").note == HOSTILE
    fresh = open_page(PAGE, plan_id)  # a browser refresh
    row = _editors(fresh)["B"].set_index("id").loc["B3"]
    assert row["note"] == HOSTILE and row["status"] == "in progress"


def test_a_bad_due_date_is_refused_naming_the_item_and_what_was_typed_stays(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _edit(at, "IT", {2: {"due": "next week", "status": "in progress"}})
    _save(at)
    err = next(e.value for e in at.error if "Not saved" in e.value).replace("\\", "")  # shown as escaped markdown
    assert "Administrative readiness, item IT3, due date: enter a date such as 2027" in err
    assert "next week" in err
    assert plans.load_doc(store, plan_id, ar.KIND).version == 0
    assert at.session_state["admin_readiness_editor_0_IT"]["edited_rows"][2]["due"] == "next week"


def test_an_overdue_item_stands_out_and_marking_it_done_clears_it(open_page, store, plan_id):
    _team(store, plan_id)
    ten_days_ago = date.today() - timedelta(days=10)
    _save_doc(store, plan_id, {"IT2": {"status": "in progress", "owner": "lead1", "due": ten_days_ago.isoformat()}})
    at = open_page(PAGE, plan_id)
    assert _metrics(at)["Overdue"] == "1"
    banner = next(e.value for e in at.error if "Overdue" in e.value)
    assert "IT2" in banner and "Maria Okafor" in banner and ar.fmt_date(ten_days_ago) in banner
    _edit(at, "IT", {1: {"status": "done"}})
    _save(at)
    assert _metrics(at)["Overdue"] == "0"
    assert not any("Overdue" in e.value for e in at.error)


def test_unticking_required_takes_an_item_off_the_launch_list(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _edit(at, "S", {3: {"required": False}})  # S4, cover for the care manager: after launch
    _edit(at, "Q", {2: {"required": True}})  # Q3, the QI committee link: before launch after all
    _save(at)
    saved = plans.load_doc(store, plan_id, ar.KIND).doc
    assert not saved.required("S4") and saved.required("Q3")
    assert "S4" not in ar.required_not_done(saved) and "Q3" in ar.required_not_done(saved)
    assert _metrics(at)["Required, not done"] == "35"  # 35 - S4 + Q3
    grid = _editors(at)["S"].set_index("id")
    assert not grid.loc["S4", "required"] and grid.loc["S3", "required"]


def test_an_owner_removed_from_the_team_is_refused_on_save(open_page, store, plan_id):
    _team(store, plan_id)
    _save_doc(store, plan_id, {"S3": {"status": "not started", "owner": "gone1"}})
    at = open_page(PAGE, plan_id)
    _edit(at, "S", {0: {"status": "done"}})
    _save(at)
    err = next(e.value for e in at.error if "Not saved" in e.value).replace("\\", "")
    assert "Administrative readiness, item S3, owner: this person is no longer on the implementation team" in err
    assert plans.load_doc(store, plan_id, ar.KIND).version == 1
    _edit(at, "S", {0: {"status": "done"}, 2: {"owner": "lead1"}})  # choose someone on the team
    _save(at)
    saved = plans.load_doc(store, plan_id, ar.KIND)
    assert saved.version == 2 and saved.doc.response("S3").owner == "lead1"


def test_changes_to_different_items_by_two_people_are_both_kept(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)  # I open the page...
    _save_doc(store, plan_id, {"B1": {"status": "in progress"}}, 0, "Bob")  # ...Bob saves B1 meanwhile
    _edit(at, "S", {0: {"status": "done"}})
    _save(at)
    loaded = plans.load_doc(store, plan_id, ar.KIND)
    assert loaded.version == 2
    assert loaded.doc.status("S1") == "done" and loaded.doc.status("B1") == "in progress"
    assert any("both sets of changes are kept" in s.value for s in at.success)


def test_why_each_item_matters_is_on_the_page(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    labels = [e.label for e in at.expander]
    assert "Why it matters: Staffing and HR" in labels and "Why it matters: Patient materials" in labels
    text = " ".join(m.value for m in at.markdown)
    assert "The care manager carries the caseload" in text


def test_history_and_the_pdf_button(open_page, store, plan_id):
    _save_doc(store, plan_id, {"S1": {"status": "in progress"}})
    _save_doc(store, plan_id, {"S1": {"status": "done"}}, 1)
    at = open_page(PAGE, plan_id)
    assert any(e.label.startswith("History (2 saved versions)") for e in at.expander)
    at.session_state["history_open_admin_readiness"] = True
    at.run()
    hist = next(d.value for d in at.dataframe if "Version" in d.value.columns)
    assert list(hist["Summary"]) == ["1 of 41 done", "0 of 41 done, 1 in progress"]
    next(b for b in at.button if b.label == "Build the administrative readiness PDF").click().run()
    assert not at.exception
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))


def test_without_a_team_the_page_says_where_owners_come_from(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    assert any("Add people on the Implementation team page" in i.value for i in at.info)
