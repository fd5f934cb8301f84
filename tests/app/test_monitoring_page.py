"""Monitoring plan page in AppTest: choose metrics in the table, targets pre-filled from the shared vision, the
fill and suggested-set buttons (nothing saved until Save), refusals in plain words, published figures beside the
targets, hostile text, history and the PDF."""
from __future__ import annotations

import json
import re

import pytest

from planning import plans
from tests.conftest import HOSTILE
from worksheets import monitoring as mo

PAGE = "pages/monitoring_page.py"
K0 = "monitoring_editor_0"  # the editor's key carries the editor generation (ui.editor_key)

# Roster ids of the example plan (examples/example-plan.json)
MARIA, WEI, LUZ, SAMUEL, TOM = "a1f3c9e2b701", "b72d0e4c9a15", "c0e85b17d3f6", "d4a6f0c28e93", "e9b3d51a7c40"


@pytest.fixture
def example(store) -> str:
    """The example plan: its shared vision enrols 120 / 200 / 260 patients a year, follow-up 75 / 80 / 85%,
    improved 40 / 50 / 50%. It is opened without its monitoring plan (and the metric log that reads it), so each
    test starts choosing metrics on a worksheet nobody has saved."""
    data = json.loads(plans.EXAMPLE_PATH.read_text(encoding="utf-8"))
    for kind in (mo.KIND, "metric_log"):
        data["documents"].pop(kind)
    return plans.import_plan(store, json.dumps(data).encode(), "Tester")


def plain(markdown: str) -> str:
    """What the reader sees: markdown escapes and bold marks removed."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", ""))


def seed(at, key: str = K0, edited=None, added=None):
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": []}


def click(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def editor(at):
    return next(d for d in at.main.dataframe if d.proto.editing_mode != 0)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def saved(store, pid) -> plans.Loaded:
    return plans.load_doc(store, pid, mo.KIND)


def save_rows(store, pid, *rows, version=0):
    plans.save_doc(store, pid, mo.MonitoringDoc.model_validate({"metrics": list(rows)}), version, "Ann")


def test_open_with_the_example_plan_choose_a_metric_and_its_targets_come_from_the_vision(open_page, store, example):
    at = open_page(PAGE, example)
    assert at.title[0].value == "Monitoring plan"
    assert metrics(at) == {"Metrics chosen": "0", "With a target": "0 of 0", "Reviewers named": "0 of 0"}
    still_open = " ".join(plain(m.value) for m in at.markdown)
    assert "No monitoring metric is chosen yet, so none has a target." in still_open  # the launch blocker
    seed(at, added=[{"metric": "new_enrollments", "reviewer": MARIA},
                    {"metric": "contact_30d_pct", "target_y1": 70.0, "reviewer": LUZ}])  # 70 typed by the team
    click(at, "Save monitoring plan")
    assert any("Saved as version 1" in s.value for s in at.success)
    loaded = saved(store, example)
    # 120 / 200 / 260 a year -> 10, 17 (16.67), 22 (21.67) a month; the typed 70% is kept, years 2-3 from the vision
    assert mo.targets(loaded.doc) == {"new_enrollments": {1: 10.0, 2: 17.0, 3: 22.0},
                                      "contact_30d_pct": {1: 70.0, 2: 80.0, 3: 85.0}}
    assert [r.source for r in loaded.doc.metrics] == ["Registry export", "Registry export"]  # the catalog's source
    info = " ".join(plain(i.value) for i in at.info)
    assert ("Filled in from the shared vision for the metrics just chosen: New enrollments, years 1, 2 and 3: 10, "
            "17 and 22; Contacted in 30 days, years 2 and 3: 80% and 85%.") in info
    assert metrics(at) == {"Metrics chosen": "2", "With a target": "2 of 2", "Reviewers named": "2 of 2"}
    grid = editor(at).value  # rebuilt from the saved document
    assert list(grid["metric"]) == ["new_enrollments", "contact_30d_pct"]
    assert list(grid["target_y2"]) == [17.0, 80.0]


def test_the_metric_column_shows_names_and_the_reviewer_column_the_team(open_page, example):
    at = open_page(PAGE, example)
    assert "source" not in json.loads(editor(at).proto.columns)  # on request: the table fits a projector
    at.session_state["mo_all_columns"] = True
    at.run()
    columns = json.loads(editor(at).proto.columns)
    metric_options = columns["metric"]["type_config"]["options"]
    assert {"value": "phq9_response_pct", "label": "PHQ-9 response"} in metric_options
    assert len(metric_options) == 18  # the whole catalog
    assert columns["reviewer"]["type_config"]["options"][0] == {"value": MARIA, "label": "Maria Okafor"}
    assert all(c.get("help") for name, c in columns.items() if name in (
        "metric", "target_y1", "target_y2", "target_y3", "practice", "cadence", "reviewer", "source", "note"))


def test_the_fill_button_fills_empty_targets_without_saving_until_save(open_page, store, example):
    save_rows(store, example, {"metric": "phq9_response_pct", "target_y1": 45.0, "reviewer": WEI},
              {"metric": "contact_30d_pct", "reviewer": LUZ})
    at = open_page(PAGE, example)
    click(at, "Fill targets from the shared vision")
    info = " ".join(plain(i.value) for i in at.info)
    # improved 40 / 50 / 50%: the typed 45% stays; follow-up 75 / 80 / 85%
    assert ("Filled from the shared vision: PHQ-9 response, years 2 and 3: 50% and 50%; Contacted in 30 days, "
            "years 1, 2 and 3: 75%, 80% and 85%. Not saved yet") in info
    assert saved(store, example).version == 1  # nothing saved yet
    grid = editor(at).value
    assert list(grid["target_y1"]) == [45.0, 75.0] and list(grid["target_y3"]) == [50.0, 85.0]
    click(at, "Save monitoring plan")
    loaded = saved(store, example)
    assert loaded.version == 2
    assert mo.targets(loaded.doc)["contact_30d_pct"] == {1: 75.0, 2: 80.0, 3: 85.0}
    assert mo.targets(loaded.doc)["phq9_response_pct"] == {1: 45.0, 2: 50.0, 3: 50.0}
    assert not any("Not saved yet" in i.value for i in at.info)  # the draft is gone once saved


def test_the_fill_button_says_why_when_there_is_nothing_to_fill(open_page, store, example):
    save_rows(store, example, {"metric": "active_caseload", "target_y1": 45.0})
    at = open_page(PAGE, example)
    click(at, "Fill targets from the shared vision")
    assert any("None of the chosen metrics has a goal in the shared vision" in plain(i.value) for i in at.info)
    assert saved(store, example).version == 1


def test_the_suggested_set_is_offered_and_saved_only_on_save(open_page, store, example):
    at = open_page(PAGE, example)
    click(at, "Start with the suggested set")
    assert saved(store, example).version == 0
    grid = editor(at).value
    assert list(grid["metric"]) == list(mo.SUGGESTED)
    assert any("Added the suggested set" in plain(i.value) and "Not saved yet" in i.value for i in at.info)
    click(at, "Save monitoring plan")
    loaded = saved(store, example)
    assert loaded.version == 1 and mo.chosen(loaded.doc) == list(mo.SUGGESTED)
    reviewers = {r.metric: r.reviewer for r in loaded.doc.metrics}
    assert reviewers["consultant_reviewed_pct"] == SAMUEL and reviewers["contact_30d_pct"] == LUZ
    assert mo.targets(loaded.doc)["new_enrollments"] == {1: 10.0, 2: 17.0, 3: 22.0}
    assert metrics(at)["With a target"] == "3 of 7"  # the three metrics the vision has goals for


def test_a_bad_target_is_refused_naming_the_row_and_metric_and_what_was_typed_stays(open_page, store, example):
    at = open_page(PAGE, example)
    seed(at, added=[{"metric": "phq9_response_pct", "target_y1": 150.0}])
    click(at, "Save monitoring plan")
    err = next(plain(e.value) for e in at.error if "Not saved" in e.value)
    assert ("Monitoring plan, metrics chosen, row 1: PHQ-9 response, year 1 target: a percentage must be between 0 "
            "and 100 (you entered 150)") in err
    assert saved(store, example).version == 0
    assert at.session_state[K0]["added_rows"][0]["target_y1"] == 150.0


def test_a_metric_chosen_twice_is_refused(open_page, store, example):
    save_rows(store, example, {"metric": "new_enrollments", "target_y1": 10.0})
    at = open_page(PAGE, example)
    seed(at, added=[{"metric": "new_enrollments", "target_y1": 12.0}])
    click(at, "Save monitoring plan")
    err = next(plain(e.value) for e in at.error if "Not saved" in e.value)
    assert "New enrollments is chosen more than once (rows 1 and 2): keep one row per metric" in err
    assert saved(store, example).version == 1


def test_a_reviewer_who_left_the_team_is_refused_naming_the_metric(open_page, store, example):
    save_rows(store, example, {"metric": "phq9_response_pct", "target_y1": 40.0, "reviewer": "gone12345678"})
    at = open_page(PAGE, example)
    assert editor(at).value["reviewer"].iloc[0] == "gone12345678"  # still shown, as removed from the team
    seed(at, edited={0: {"target_y2": 45.0}})
    click(at, "Save monitoring plan")
    err = next(plain(e.value) for e in at.error if "Not saved" in e.value)
    assert "Monitoring plan, PHQ-9 response, reviewed by: this person is no longer on the implementation team" in err
    seed(at, edited={0: {"target_y2": 45.0, "reviewer": WEI}})
    click(at, "Save monitoring plan")
    assert saved(store, example).doc.metrics[0].reviewer == WEI


def test_published_figures_and_the_ambitious_note_show_beside_the_targets(open_page, store, example):
    save_rows(store, example, {"metric": "phq9_response_pct", "target_y1": 60.0, "reviewer": WEI},
              {"metric": "mean_minutes", "target_y1": 40.0, "reviewer": LUZ})
    at = open_page(PAGE, example)
    assert list(editor(at).value["practice"]) == ["about 42%", "-"]
    text = " ".join(plain(m.value) for m in at.markdown)
    assert "42% of patients improved (remission or a 50% drop) against a 50-60% target." in text
    assert "(J Affect Disord 2024)" in text and "No published figure found." in text
    # 60% is more than 15 points above the 42% New York's 160 clinics reached
    assert "Ambitious: published programs reached about 42%." in text
    assert any("PHQ-9 response, year 1 target 60%: ambitious" in plain(i.value) for i in at.info)


def test_the_catalog_explains_each_metric(open_page, example):
    at = open_page(PAGE, example)
    assert "What each metric means, by area" in [e.label for e in at.expander]
    text = " ".join(plain(m.value) for m in at.markdown)
    assert "Systematic caseload review" in text
    assert "Revenue per care manager: Collaborative Care payments received in the month" in text
    assert "Entered by hand each month" in text and "Computed from the registry export" in text


def test_hostile_text_saves_and_comes_back_exactly_as_typed(open_page, store, example):
    at = open_page(PAGE, example)
    at.session_state["mo_all_columns"] = True
    at.run()
    seed(at, added=[{"metric": "active_caseload", "target_y1": 45.0, "note": HOSTILE, "source": HOSTILE}])
    click(at, "Save monitoring plan")
    row = saved(store, example).doc.metrics[0]
    assert row.note == HOSTILE and row.source == HOSTILE
    fresh = open_page(PAGE, example)
    fresh.session_state["mo_all_columns"] = True
    fresh.run()
    grid = editor(fresh).value
    assert grid["note"].iloc[0] == HOSTILE and grid["source"].iloc[0] == HOSTILE


def test_without_a_team_or_vision_goals_the_page_says_where_they_come_from(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    info = " ".join(plain(i.value) for i in at.info)
    assert "Add people on the Implementation team page to name reviewers here." in info
    assert "The shared vision has no goals for years 1 to 3 yet" in info
    assert "No patient data here" in " ".join(plain(c.value) for c in at.caption)


def test_history_and_the_pdf_button(open_page, store, example):
    save_rows(store, example, {"metric": "new_enrollments"})
    save_rows(store, example, {"metric": "new_enrollments", "target_y1": 10.0, "reviewer": MARIA}, version=1)
    at = open_page(PAGE, example)
    assert any(e.label.startswith("History (2 saved versions)") for e in at.expander)
    at.session_state["history_open_monitoring"] = True
    at.run()
    hist = next(d.value for d in at.dataframe if "Version" in d.value.columns)
    assert list(hist["Summary"]) == ["1 metric, 1 with a year 1 target, 1 with a reviewer",
                                     "1 metric, 0 with a year 1 target, 0 with a reviewer"]
    click(at, "Build the monitoring plan PDF")
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))


def test_the_hidden_data_source_and_note_are_kept_when_a_target_changes(open_page, store, example):
    save_rows(store, example, {"metric": "active_caseload", "target_y1": 45.0, "source": "Tracker export",
                               "note": "Ramp-up year"})
    at = open_page(PAGE, example)
    seed(at, edited={0: {"target_y1": 50.0}})
    click(at, "Save monitoring plan")
    row = saved(store, example).doc.metrics[0]
    assert (row.target_y1, row.source, row.note) == (50.0, "Tracker export", "Ramp-up year")
