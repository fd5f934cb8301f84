"""Home page: create, list, rename, duplicate, archive, import and the example plan."""
from __future__ import annotations

import json

from planning import plans
from tests.conftest import HOSTILE

HOME = "pages/home_page.py"


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_create_a_plan_opens_step_one_with_the_plan_in_the_url(open_page, store):
    at = open_page(HOME)
    inputs = {t.label: t for t in at.text_input}
    inputs["Plan name"].input("Launch 2027")
    inputs["Clinic"].input(HOSTILE)
    inputs["Site (optional)"].input("North")
    _button(at, "Create plan").click().run()
    assert not at.exception
    [row] = store.list_plans()
    assert row.meta["clinic"] == HOSTILE and row.created_at and row.last_saved_by == "Tester"
    assert at.query_params["plan"] == [row.id] or at.query_params["plan"] == row.id
    assert at.title[0].value == "Step 1 · Lay the Foundation"


def test_missing_name_and_clinic_get_plain_messages_and_nothing_is_created(open_page, store):
    at = open_page(HOME)
    _button(at, "Create plan").click().run()
    [err] = at.error
    assert "plan name" in err.value and "this is required" in err.value and "clinic" in err.value
    assert store.list_plans() == []


def test_saving_needs_a_name_and_keeps_what_was_typed(open_page, store):
    at = open_page(HOME, author="")
    inputs = {t.label: t for t in at.text_input}
    inputs["Plan name"].input("Launch")
    inputs["Clinic"].input("Clinic")
    _button(at, "Create plan").click().run()
    assert "Enter your name in the sidebar first" in at.error[0].value
    assert store.list_plans() == []
    assert {t.label: t.value for t in at.text_input}["Plan name"] == "Launch"


def test_list_shows_plans_with_clinic_lead_last_saved_and_progress(open_page, store, plan_id):
    plans.open_example(store, "Ann")
    at = open_page(HOME)
    table = at.dataframe[0].value
    assert set(table["Plan"]) == {"Test plan", "Example: Riverbend Collaborative Care launch"}
    row = table[table["Plan"] == "Test plan"].iloc[0]
    assert row["Clinic and site"] == "Lakeside Clinic · Main"
    assert row["CIT lead"] == "Dana Lee" and row["By"] == "Tester"
    assert row["Step 1"].startswith("0 of ") and row["Step 1"].endswith(" done")
    assert row["Step 5"] in ("coming later", "0 of 1 done", "0 of 2 done")


def test_example_plan_button_opens_a_copy_of_the_example(open_page, store):
    at = open_page(HOME)
    _button(at, "Open the example plan").click().run()
    assert not at.exception
    [row] = store.list_plans()
    assert "Riverbend" in row.meta["clinic"]
    assert at.title[0].value == "Step 1 · Lay the Foundation"
    assert any("address before launch" in m.value for m in at.markdown)


def test_rename_archive_and_restore(open_page, store, plan_id):
    at = open_page(HOME, plan=plan_id)
    [rename_name, _create_name] = [t for t in at.text_input if t.label == "Plan name"]
    rename_name.input("Renamed plan")
    _button(at, "Save details").click().run()
    assert plans.load_meta(store, plan_id)[0].name == "Renamed plan"
    _button(at, "Archive this plan").click().run()
    assert store.list_plans() == []
    assert any("No plans yet" in i.value for i in at.info)
    at.toggle(key="home_show_archived").set_value(True).run()
    _button(at, "Restore from archive").click().run()
    assert [p.id for p in store.list_plans()] == [plan_id]


def test_duplicate_for_a_new_site(open_page, store, plan_id):
    at = open_page(HOME, plan=plan_id)
    inputs = [t for t in at.text_input if t.label == "New site"]
    inputs[0].input("Westside")
    _button(at, "Duplicate").click().run()
    assert len(store.list_plans()) == 2
    new = next(p for p in store.list_plans() if p.id != plan_id)
    assert new.meta["site"] == "Westside" and new.meta["name"] == "Test plan (new site)"


def test_export_download_is_the_plan_file(open_page, store, plan_id):
    at = open_page(HOME, plan=plan_id)
    [btn] = [d for d in at.get("download_button") if d.proto.label == "Export plan as JSON"]
    assert btn.proto.label == "Export plan as JSON"
    parsed = plans.parse_import(plans.export_plan(store, plan_id))
    assert parsed.plan.name == "Test plan" and parsed.plan.clinic == "Lakeside Clinic"


def test_import_a_valid_file_adds_the_plan(open_page, store, plan_id):
    store.save(plan_id, "readiness", {"schema_version": 1, "responses": {"A1": {"rating": "Partly"}}}, 0, "Ann")
    raw = plans.export_plan(store, plan_id)
    at = open_page(HOME)
    at.file_uploader(key="home_import").upload("plan.json", raw, "application/json").run()
    assert any("The file is valid" in s.value for s in at.success)
    _button(at, "Import as a new plan").click().run()
    assert not at.exception
    assert len(store.list_plans()) == 2
    new = next(p for p in store.list_plans() if p.id != plan_id)
    assert plans.load_doc(store, new.id, "readiness").doc.rating("A1") == "Partly"


def test_import_a_broken_file_lists_errors_by_field_and_adds_nothing(open_page, store, plan_id):
    raw = json.loads(plans.export_plan(store, plan_id))
    raw["documents"]["readiness"] = {"schema_version": 1, "responses": {"B2": {"rating": "Maybe"}}}
    raw["plan"]["clinic"] = ""
    at = open_page(HOME)
    at.file_uploader(key="home_import").upload("plan.json", json.dumps(raw).encode(), "application/json").run()
    [err] = at.error
    assert "This file cannot be imported. Nothing was added." in err.value
    assert "Readiness checklist, item B2, rating" in err.value.replace("\\", "")
    assert "clinic" in err.value
    assert not [b for b in at.button if b.label == "Import as a new plan"]
    assert len(store.list_plans()) == 1


def test_import_a_file_that_is_not_a_plan(open_page, store):
    at = open_page(HOME)
    at.file_uploader(key="home_import").upload("photo.json", b"\x89PNG\x00\xff", "application/json").run()
    assert "not text" in at.error[0].value
    assert store.list_plans() == []
