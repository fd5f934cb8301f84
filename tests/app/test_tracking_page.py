"""Tracking system page in AppTest: options, the side-by-side comparison and its scores, the decision with an
owner from the team, measures from the shared vision, the spreadsheet warning, bad input and hostile text."""
from __future__ import annotations

import json

import pytest

from planning import plans
from tests.conftest import HOSTILE, plain, press
from worksheets import tracking as tk
from worksheets.shared_vision import SharedVisionDoc
from worksheets.team import Member, TeamDoc

PAGE = "pages/tracking_page.py"
ROW = {o.key: i for i, o in enumerate(tk.OPTIONS)}  # row of each option in the options table
REQ = {r.id: i for i, r in enumerate(tk.REQUIREMENTS)}  # row of each requirement in the comparison


def key(at, part: str) -> str:
    """A widget key of the current editor generation (it moves on after every save)."""
    gen = at.session_state["_gen_tracking"] if "_gen_tracking" in at.session_state else 0
    return f"tracking_editor_{gen}_{part}"


def seed(at, part: str, edited=None, added=None):
    at.session_state[key(at, part)] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": []}




def metrics(at) -> dict[str, str]:
    return {plain(m.label): m.value for m in at.metric}




def shown(elements) -> list[str]:
    return [plain(e.value) for e in elements]


def saved(store, plan_id) -> plans.Loaded:
    return plans.load_doc(store, plan_id, "tracking")


@pytest.fixture
def team(store, plan_id) -> None:
    plans.save_doc(store, plan_id, TeamDoc(members=[Member(id="p-maria", name="Maria Okafor", role="CIT lead"),
                                                    Member(id="p-luz", name="Luz Ramírez",
                                                           role="Behavioral health care manager")]), 0, "Tester")


@pytest.fixture
def vision(store, plan_id) -> None:
    plans.save_doc(store, plan_id, SharedVisionDoc.model_validate({
        "scope": {"conditions": ["depression", "anxiety"]},
        "measures": [{"condition": "depression", "measure": "PHQ-9"}, {"condition": "anxiety", "measure": "GAD-7"}]}),
        0, "Tester")


def test_an_empty_worksheet_says_what_to_do_and_that_no_patient_rows_go_in(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    assert at.title[0].value == "Tracking system"
    assert any("Patient rows never go in the workbook" in c for c in shown(at.caption))
    m = metrics(at)
    assert m["Status"] == "○ Not started" and m["Options compared"] == "0" and m["Still open"] == "1"
    assert any("System chosen: Not decided yet" in t for t in shown(at.markdown))
    assert any("Tick at least one option above" in i for i in shown(at.info))
    assert not any("About spreadsheets" in w for w in shown(at.warning))


def test_compare_options_side_by_side_and_see_their_scores(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    seed(at, "options", {ROW["spreadsheet"]: {"considering": True, "note": "Free, ready today"},
                         ROW["caseload_tracker"]: {"considering": True}})
    press(at, "Save options")
    assert not at.exception and any("Saved as version 1" in s for s in shown(at.success))
    assert metrics(at)["Options compared"] == "2"
    # the comparison has a column per option compared, and the guide's warning shows with a spreadsheet in play
    grid = next(d for d in at.dataframe if "_label" in d.value.columns)
    assert [c for c in grid.value.columns if not c.startswith("_")] == ["spreadsheet", "caseload_tracker"]
    warning = next(w for w in shown(at.warning) if "About spreadsheets" in w)
    assert "caseload grows" in warning and "HIPAA" in warning and "laptops and in email" in warning

    seed(at, "matrix", {REQ["R1"]: {"spreadsheet": "Partly", "caseload_tracker": "Meets"},
                        REQ["R12"]: {"spreadsheet": "Does not meet", "caseload_tracker": "Meets"},
                        REQ["R13"]: {"spreadsheet": "Does not meet", "caseload_tracker": "Don't know"}})
    press(at, "Save ratings")
    assert not at.error
    m = metrics(at)
    # spreadsheet: Partly 1 + 0 + 0 = 1 of 6 points -> 17%; Tracker: 2 + 2 = 4 of 4 (Don't know left out) -> 100%
    assert m["Spreadsheet"] == "17%" and m["AIMS Caseload Tracker"] == "100%"
    assert any("Core requirements rated Does not meet: R12." in c for c in shown(at.caption))
    doc = saved(store, plan_id).doc
    assert doc.rating("R13", "caseload_tracker") == "Don't know"
    assert doc.entry("spreadsheet").note == "Free, ready today"


def test_unticking_an_option_keeps_its_ratings_for_later(open_page, store, plan_id):
    plans.save_doc(store, plan_id, tk.TrackingDoc.model_validate({
        "options": {"spreadsheet": {"considering": True}, "ehr_build": {"considering": True}},
        "ratings": {"R1": {"spreadsheet": "Partly", "ehr_build": "Meets"}}}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    seed(at, "options", {ROW["spreadsheet"]: {"considering": False}})
    press(at, "Save options")
    assert not any("About spreadsheets" in w for w in shown(at.warning))
    seed(at, "matrix", {REQ["R2"]: {"ehr_build": "Partly"}})
    press(at, "Save ratings")
    doc = saved(store, plan_id).doc
    assert doc.ratings == {"R1": {"spreadsheet": "Partly", "ehr_build": "Meets"}, "R2": {"ehr_build": "Partly"}}


def test_decide_with_an_owner_from_the_team_and_an_interim_tool(open_page, store, plan_id, team, vision):
    at = open_page(PAGE, plan_id)
    at.selectbox(key=key(at, "chosen")).set_value("ehr_build")
    at.selectbox(key=key(at, "owner")).set_value("p-luz")
    at.text_area(key=key(at, "reason")).input("No double entry in the long run.")
    press(at, "Save decision")
    assert not at.error
    d = saved(store, plan_id).doc.decision
    assert (d.chosen, d.owner, d.interim) == ("ehr_build", "p-luz", None)
    assert d.decided_on is not None  # dated today when left empty
    still_open = " ".join(shown(at.markdown))
    assert "no interim tool is named" in still_open
    assert metrics(at)["Status"] == "● Complete"  # chosen, owned, and the vision's two measures are tracked

    at.selectbox(key=key(at, "interim")).set_value("caseload_tracker")
    press(at, "Save decision")
    assert metrics(at)["Still open"] == "0"
    text = " ".join(shown(at.markdown))
    assert "System chosen: Build in our EHR (until it is ready: AIMS Caseload Tracker)" in text
    assert "Owner: Luz Ramírez (Behavioral health care manager)" in text
    # the interim tool is on the comparison even though nobody ticked it
    grid = next(d for d in at.dataframe if "_label" in d.value.columns)
    assert "caseload_tracker" in grid.value.columns and "ehr_build" in grid.value.columns


def test_the_same_system_as_choice_and_interim_is_refused_and_what_was_typed_stays(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.selectbox(key=key(at, "chosen")).set_value("caseload_tracker")
    at.selectbox(key=key(at, "interim")).set_value("caseload_tracker")
    at.text_area(key=key(at, "reason")).input("Secure and quick to start.")
    press(at, "Save decision")
    err = next(e for e in shown(at.error) if "Not saved" in e)
    assert "the interim tool must be a different system from the one chosen" in err
    assert saved(store, plan_id).version == 0
    assert at.text_area(key=key(at, "reason")).value == "Secure and quick to start."


def test_another_product_ticked_without_a_name_is_refused_in_plain_words(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    seed(at, "options", {ROW["other"]: {"considering": True}})
    press(at, "Save options")
    err = next(e for e in shown(at.error) if "Not saved" in e)
    assert "type its name in 'Name of the other product'" in err
    assert saved(store, plan_id).version == 0
    assert at.session_state[key(at, "options")]["edited_rows"][ROW["other"]]["considering"] is True  # still there


def test_a_spreadsheet_chosen_shows_the_warning_by_the_decision_and_asks_for_a_plan_to_move_on(open_page, plan_id,
                                                                                             team):
    at = open_page(PAGE, plan_id)
    at.selectbox(key=key(at, "chosen")).set_value("spreadsheet")
    at.selectbox(key=key(at, "owner")).set_value("p-maria")
    press(at, "Save decision")
    warnings = shown(at.warning)
    assert any("About spreadsheets" in w for w in warnings)
    assert any("A spreadsheet is part of this decision" in w for w in warnings)
    assert any("no plan to move on" in t for t in shown(at.markdown))
    at.text_area(key=key(at, "transition")).input("Move to the Caseload Tracker in March.")
    press(at, "Save decision")
    assert not any("no plan to move on" in t for t in shown(at.markdown))


def test_the_visions_measures_are_offered_ticked_and_others_can_be_added(open_page, store, plan_id, vision):
    at = open_page(PAGE, plan_id)
    table = next(d.value for d in at.dataframe if "track" in d.value.columns)
    assert list(table["measure"]) == ["PHQ-9", "GAD-7"] and list(table["track"]) == [True, True]
    seed(at, "vision", {1: {"track": False}})
    seed(at, "extra", added=[{"measure": "DAST-10", "purpose": "Drug use"}])
    seed(at, "metrics", {0: {"wanted": True}, 8: {"wanted": True}})
    press(at, "Save measures and figures")
    assert not at.error
    doc = saved(store, plan_id).doc
    assert doc.vision_measures == {"depression": True, "anxiety": False}
    assert [m.measure for m in doc.extra_measures] == ["DAST-10"]
    assert [m.key for m in tk.metrics_wanted(doc)] == ["caseload_size", "improved_50"]
    again = open_page(PAGE, plan_id)
    table = next(d.value for d in again.dataframe if "track" in d.value.columns)
    assert list(table["track"]) == [True, False]


def test_an_added_measure_without_a_name_is_refused_naming_the_row(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    seed(at, "extra", added=[{"purpose": "functioning"}])
    press(at, "Save measures and figures")
    err = next(e for e in shown(at.error) if "Not saved" in e)
    assert "other measures, row 1, measure: write the measure's name" in err
    assert saved(store, plan_id).version == 0


def test_without_vision_measures_the_page_points_to_the_shared_vision(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    assert any("The shared vision has no measures yet" in i for i in shown(at.info))


def test_hostile_text_saves_and_shows_literally(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    seed(at, "options", {ROW["other"]: {"considering": True, "note": HOSTILE}})
    at.text_input(key=key(at, "other_name")).input(HOSTILE)
    press(at, "Save options")
    assert not at.error
    at.selectbox(key=key(at, "chosen")).set_value("other")
    at.text_area(key=key(at, "reason")).input(HOSTILE)
    at.selectbox(key=key(at, "interim")).set_value("caseload_tracker")
    press(at, "Save decision")
    assert not at.error

    again = open_page(PAGE, plan_id)
    assert again.text_input(key=key(again, "other_name")).value == HOSTILE
    assert again.text_area(key=key(again, "reason")).value == HOSTILE
    options = next(d.value for d in again.dataframe if "considering" in d.value.columns)
    assert options.loc[ROW["other"], "note"] == HOSTILE
    grid = next(d for d in again.dataframe if "_label" in d.value.columns)
    assert json.loads(grid.proto.columns)["other"]["label"] == HOSTILE  # the column carries the name as typed
    summary = next(m.value for m in again.markdown if "System chosen" in m.value)
    assert "<b>" not in summary and "<script>" not in summary  # escaped for markdown...
    assert f"System chosen: {HOSTILE}" in plain(summary)  # ...and reads exactly as typed
    assert again.selectbox(key=key(again, "chosen")).value == "other"


def test_the_example_plan_shows_its_decision_and_scores(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid)
    m = metrics(at)
    assert m["Status"] == "● Complete" and m["Options compared"] == "3" and m["Still open"] == "0"
    # worked out in tests/unit/test_tracking.py: 13 of 32, 28 of 30, 23 of 30 points
    assert (m["Spreadsheet"], m["AIMS Caseload Tracker"], m["Build in our EHR"]) == ("41%", "93%", "77%")
    assert any("Owner: Luz Ramírez" in t for t in shown(at.markdown))


def test_pdf_button_offers_the_download(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    press(at, "Build the tracking system PDF")
    assert not at.exception
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
