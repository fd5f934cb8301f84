"""Plan export/import: whole-file validation, errors in plain words, nothing written unless valid."""
from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from planning import plans
from planning.storage import PLAN_KIND

ROOT = Path(__file__).resolve().parents[2]


def _export(store, plan_id) -> dict:
    return json.loads(plans.export_plan(store, plan_id))


def test_round_trip_keeps_every_worksheet_and_makes_a_new_plan(store, plan_id):
    store.save(plan_id, "readiness", {"schema_version": 1,
                                      "responses": {"A1": {"rating": "In place", "note": "Győr <b>"}}}, 0, "Ann")
    raw = plans.export_plan(store, plan_id)
    new_id = plans.import_plan(store, raw, "Bob")
    assert new_id != plan_id
    doc = plans.load_doc(store, new_id, "readiness").doc
    assert doc.rating("A1") == "In place" and doc.note("A1") == "Győr <b>"
    assert store.get_plan(new_id).meta["name"] == "Test plan"
    assert store.history(new_id, "readiness")[0].comment == "imported"


def test_errors_name_the_worksheet_item_and_field_in_words(store, plan_id):
    data = _export(store, plan_id)
    data["documents"]["readiness"] = {"schema_version": 1, "responses": {
        "B2": {"rating": "Maybe", "note": ""}, "A1": {"rating": "In place", "note": "x" * 10_001}}}
    data["plan"]["name"] = ""
    with pytest.raises(plans.ImportProblem) as info:
        plans.parse_import(json.dumps(data).encode())
    errors = info.value.errors
    assert "Readiness checklist, item B2, rating: Input should be 'Not in place', 'Partly', 'In place' or " \
           "'Not applicable'" in errors
    assert any(e.startswith("Readiness checklist, item A1, note: this is 10,001 characters long, and the most "
                            "allowed is 10,000") for e in errors), errors
    assert any(e.startswith("Plan details, plan name:") for e in errors), errors


def test_a_figure_out_of_range_in_a_file_reads_as_it_does_on_the_page(store, plan_id):
    data = json.loads(plans.EXAMPLE_PATH.read_text(encoding="utf-8"))
    inputs = data["documents"]["sustainment"]["scenarios"][0]["inputs"]
    inputs.update(care_manager_fte=7, benefits_pct=150, overhead_pct=None, startup_costs="lots")
    inputs["payer_mix"][0]["share_pct"] += 10
    with pytest.raises(plans.ImportProblem) as info:
        plans.parse_import(json.dumps(data).encode())
    where = "Sustainment plan, Scenarios, row 1, Inputs"
    assert info.value.errors == [
        f"{where}, Care manager FTE (full-time equivalents): must be 5 or less; you entered 7",
        f"{where}, Benefits (% of salary): must be 100% or less; you entered 150%",
        f"{where}, Overhead (% added to staff costs): this is required",
        f'{where}, One-time start-up costs ($): needs a number; you entered "lots"',
        f"{where}, Payer mix: the shares add up to 110%; they must add up to 100%.",
    ]


def test_nothing_is_written_when_any_part_is_invalid(store, plan_id):
    before = len(store.list_plans())
    data = _export(store, plan_id)
    data["documents"]["readiness"] = {"schema_version": 1, "responses": {"Z9": {"rating": "In place"}}}
    with pytest.raises(plans.ImportProblem) as info:
        plans.import_plan(store, json.dumps(data).encode(), "Bob")
    assert "item Z9 is not on this checklist" in info.value.errors[0]
    assert len(store.list_plans()) == before


@pytest.mark.parametrize("raw, expected", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not text"),
    (b"{not json", "not valid JSON (line 1"),
    (b"[1, 2, 3]", "not a workbook plan"),
    (json.dumps({"format": "something-else"}).encode(), "not a workbook plan"),
])
def test_wrong_files_get_a_plain_message(raw, expected):
    with pytest.raises(plans.ImportProblem) as info:
        plans.parse_import(raw)
    assert expected in info.value.errors[0]


def test_a_file_from_a_newer_app_is_refused_politely(store, plan_id):
    data = _export(store, plan_id)
    data["documents"]["readiness"] = {"schema_version": 99, "responses": {}}
    with pytest.raises(plans.ImportProblem) as info:
        plans.parse_import(json.dumps(data).encode())
    assert "newer version of the workbook" in info.value.errors[0]
    assert info.value.errors[0].startswith("Readiness checklist")


def test_unknown_worksheets_and_fields_are_named(store, plan_id):
    data = _export(store, plan_id)
    data["documents"]["mystery"] = {}
    data["surprise"] = 1
    with pytest.raises(plans.ImportProblem) as info:
        plans.parse_import(json.dumps(data).encode())
    assert "mystery: this field is not part of the workbook format" in info.value.errors
    assert "surprise: this field is not part of the workbook format" in info.value.errors


def test_oversized_file_is_refused():
    with pytest.raises(plans.ImportProblem, match="at most"):
        plans.parse_import(b" " * (plans.MAX_IMPORT_BYTES + 1))


def test_the_import_limit_said_on_home_is_the_real_one():
    """Home says "up to 5 MB": Home's uploader (its own limit, under the server's) and the import check refuse at the
    same size. The server's limit is the largest any uploader takes: the 20 MB registry export of the Metric log."""
    from planning import registry_import

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == registry_import.MAX_BYTES // (1024 * 1024) == 20
    assert plans.MAX_IMPORT_MB == 5 < config["server"]["maxUploadSize"]
    with pytest.raises(plans.ImportProblem) as info:
        plans.parse_import(b" " * (plans.MAX_IMPORT_BYTES + 1))
    assert info.value.errors == [f"The file is 5.0 MB; a plan file can be at most {plans.MAX_IMPORT_MB} MB."]
    with pytest.raises(plans.ImportProblem) as info:  # exactly at the limit: refused for what it holds, not its size
        plans.parse_import(b" " * plans.MAX_IMPORT_BYTES)
    assert "at most" not in info.value.errors[0]


def test_a_file_in_a_newer_plan_format_says_a_newer_workbook_made_it(store, plan_id):
    data = _export(store, plan_id)
    data["format_version"] = 99
    with pytest.raises(plans.ImportProblem) as info:
        plans.parse_import(json.dumps(data).encode())
    [message] = info.value.errors
    assert message.startswith("This file was made by a newer version of the workbook (plan file format 99")
    assert "Input should be" not in message


@pytest.mark.parametrize("version", [0, "1", None, True])
def test_an_unknown_plan_format_is_named_in_words(store, plan_id, version):
    data = _export(store, plan_id)
    data["format_version"] = version
    with pytest.raises(plans.ImportProblem) as info:
        plans.parse_import(json.dumps(data).encode())
    [message] = info.value.errors
    assert message.startswith(f"This file's format version ({json.dumps(version)}) is not one this workbook knows")


def test_an_imported_copy_of_a_plan_here_gets_a_name_that_tells_it_apart(store, plan_id):
    here = [("Test plan", "Lakeside Clinic")]
    on = date(2026, 11, 25)
    assert plans.imported_copy_name("Test plan", "Lakeside Clinic", here, on) == "Test plan (imported 25 Nov 2026)"
    assert plans.imported_copy_name("Test plan", "Other Clinic", here, on) == "Test plan"  # nothing to confuse
    twice = here + [("Test plan (imported 25 Nov 2026)", "Lakeside Clinic")]
    assert plans.imported_copy_name("Test plan", "Lakeside Clinic", twice, on) == \
        "Test plan (imported 25 Nov 2026, copy 2)"
    long = plans.imported_copy_name("x" * 120, "Lakeside Clinic", [("x" * 120, "Lakeside Clinic")], on)
    assert len(long) == 120 and long.endswith(" (imported 25 Nov 2026)")
    plans.PlanMeta(name=long, clinic="Lakeside Clinic")  # still a valid plan name


def test_the_chooser_tells_two_plans_of_the_same_name_apart(store, plan_id):
    a, b = plans.open_example(store, "Ann"), plans.open_example(store, "Ann")
    labels = plans.chooser_labels(plans.summaries(store))
    assert labels[plan_id] == "Test plan · Lakeside Clinic · Main"  # a plan with a name of its own stays short
    assert labels[a] != labels[b]
    for pid in (a, b):
        started = plans._started(store.get_plan(pid).created_at)
        assert labels[pid].startswith(f"Example: Riverbend Collaborative Care launch (started {started}")
        assert labels[pid].endswith(" · Riverbend Family Health Center (fictional) · Eastside clinic")


def test_example_plan_opens_as_a_new_copy_each_time(store):
    a = plans.open_example(store, "Ann")
    b = plans.open_example(store, "Ann")
    assert a != b
    meta, _ = plans.load_meta(store, a)
    assert "Riverbend" in meta.clinic
    assert plans.load_doc(store, a, "readiness").doc.rating("B2") == "Not in place"


def test_duplicate_for_a_new_site_copies_content_with_fresh_history(store, plan_id):
    store.save(plan_id, "readiness", {"schema_version": 1, "responses": {"A1": {"rating": "Partly"}}}, 0, "Ann")
    store.save(plan_id, "readiness", {"schema_version": 1, "responses": {"A1": {"rating": "In place"}}}, 1, "Ann")
    meta, _ = plans.load_meta(store, plan_id)
    new_id = plans.duplicate_plan(store, plan_id, meta.model_copy(update={"name": "North site", "site": "North"}),
                                  "Bob")
    assert plans.load_doc(store, new_id, "readiness").doc.rating("A1") == "In place"
    assert store.revision_count(new_id, "readiness") == 1
    assert store.get_plan(new_id).meta["site"] == "North"
    assert store.load(plan_id, PLAN_KIND).data["name"] == "Test plan"


def test_rename_is_compare_and_swap(store, plan_id):
    meta, row = plans.load_meta(store, plan_id)
    plans.save_meta(store, plan_id, meta.model_copy(update={"name": "Renamed"}), row.meta_version, "Ann")
    from planning.storage import StaleSave
    with pytest.raises(StaleSave):
        plans.save_meta(store, plan_id, meta.model_copy(update={"name": "Other"}), row.meta_version, "Bob")
    assert plans.load_meta(store, plan_id)[0].name == "Renamed"


def _readiness(rating: str) -> dict:
    return {"schema_version": 1, "responses": {"A1": {"rating": rating, "note": ""}}}


def test_milestones_travel_with_the_plan_file_and_still_compare(store, plan_id):
    """A plan file carries its milestones and what each froze; the imported plan shows the same past."""
    from planning.view import load_view

    store.save(plan_id, "readiness", _readiness("Not in place"), 0, "Ann")
    baseline = store.create_milestone(plan_id, "Baseline", "Ann")
    store.save(plan_id, "readiness", _readiness("In place"), 1, "Ann")
    store.create_milestone(plan_id, "6-month review, May 2027", "Bob")
    data = _export(store, plan_id)
    assert data["format_version"] == 2
    assert [m["name"] for m in data["milestones"]] == ["Baseline", "6-month review, May 2027"]
    assert data["milestones"][0]["documents"]["readiness"]["responses"]["A1"]["rating"] == "Not in place"

    new_id = plans.import_plan(store, json.dumps(data).encode(), "Cy")
    listed = store.list_milestones(new_id)
    assert [(m.name, m.created_by) for m in listed] == [("6-month review, May 2027", "Bob"), ("Baseline", "Ann")]
    old = {m.name: m for m in store.list_milestones(plan_id)}
    assert listed[1].created_at == old["Baseline"].created_at  # made when it was made, not at the import
    then = load_view(store, new_id, listed[1].id).doc("readiness")
    assert then.responses["A1"].rating == "Not in place"
    assert load_view(store, new_id).doc("readiness").responses["A1"].rating == "In place"
    # unchanged content is one version, not one per milestone: Baseline v1, review v2, today still v2
    assert [r.version for r in store.history(new_id, "readiness")] == [2, 1]
    # the imported plan keeps working: a save goes on from the last version
    store.save(new_id, "readiness", _readiness("Partly"), 2, "Cy")
    assert baseline  # the original plan is untouched
    assert load_view(store, plan_id, baseline).doc("readiness").responses["A1"].rating == "Not in place"


def test_a_plan_file_of_format_1_without_milestones_still_imports(store, plan_id):
    data = _export(store, plan_id)
    data["format_version"] = 1
    del data["milestones"]
    new_id = plans.import_plan(store, json.dumps(data).encode(), "Cy")
    assert store.list_milestones(new_id) == []


def test_milestones_in_a_file_with_the_same_name_or_a_date_to_come_are_refused(store, plan_id):
    store.create_milestone(plan_id, "Baseline", "Ann")
    data = _export(store, plan_id)
    data["milestones"].append(dict(data["milestones"][0], name=" baseline"))
    before = len(store.list_plans())
    with pytest.raises(plans.ImportProblem, match="Two milestones in this file have the same name"):
        plans.import_plan(store, json.dumps(data).encode(), "Cy")
    data["milestones"][1].update(name="Later", created_at="2999-01-01T00:00:00+00:00")
    with pytest.raises(plans.ImportProblem) as info:
        plans.import_plan(store, json.dumps(data).encode(), "Cy")
    assert "cannot be made in the future" in info.value.errors[0]
    assert len(store.list_plans()) == before  # nothing written
