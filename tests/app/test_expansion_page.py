"""The Expansion page: set the plan's organisation, write ideas, start a second site from this plan, see both
plans in the roll-up and download it as XLSX; a plan started from another links back to it."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from planning import expansion as pe
from planning import plans
from tests.conftest import example_before_step5, HOSTILE

PAGE = "pages/expansion_page.py"


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def shown(text: str) -> str:
    """Markdown as the reader sees it (team text is escaped with backslashes)."""
    return text.replace("\\", "")


def rollup_table(at):
    return next(d.value for d in at.dataframe if "Plan" in d.value.columns)


def links(at) -> list[str]:
    return [shown(link.proto.label) for link in at.get("page_link")]



def test_a_plan_without_an_organisation_is_told_the_roll_up_needs_one_and_sets_it(open_page, store, plan_id):
    other = plans.create_plan(store, plans.PlanMeta(name="Other", clinic="X", organisation="Lakeside Health"), "Bo")
    at = open_page(PAGE, plan_id)
    assert any("The roll-up needs an organisation" in i.value for i in at.info)
    at.text_input(key="expansion_org_new").input("  lakeside HEALTH ")
    _button(at, "Save organisation").click().run()
    assert not at.exception
    assert plans.load_meta(store, plan_id)[0].organisation == "Lakeside Health"  # joined, not a second one
    assert any("now belongs to Lakeside Health" in s.value and "already in use" in s.value for s in at.success)
    table = rollup_table(at)
    assert sorted(table["Plan"]) == ["Other", "Test plan"]
    assert other


def test_choosing_an_existing_organisation_from_the_list(open_page, store, plan_id):
    plans.create_plan(store, plans.PlanMeta(name="Other", clinic="X", organisation="Valley Partners"), "Bo")
    at = open_page(PAGE, plan_id)
    at.selectbox(key="expansion_org_choice").set_value("Valley Partners")
    _button(at, "Save organisation").click().run()
    assert plans.load_meta(store, plan_id)[0].organisation == "Valley Partners"


def test_start_a_second_site_and_see_both_in_the_roll_up_and_the_xlsx(open_page, store, offered):
    pid = example_before_step5(store, "Ann")
    pe.set_organisation(store, pid, "Riverbend Health", "Ann")
    at = open_page(PAGE, pid)
    # the sensible defaults are ticked, the assessments a new site makes for itself are not
    assert at.checkbox(key="expansion_copy_workflow").value is True
    assert at.checkbox(key="expansion_copy_readiness").value is False
    at.text_input(key="expansion_start_name").input("Riverbend: Westside clinic")
    at.text_input(key="expansion_start_site").input("Westside clinic")
    _button(at, "Start the new plan").click().run()
    assert not at.exception
    note = next(s.value for s in at.success if "Started" in s.value)
    assert "Implementation team" in note and "Clinical workflow" in note and "Readiness" not in note
    [child] = [p for p in store.list_plans() if p.id != pid]
    assert "Open Riverbend: Westside clinic" in links(at)
    # the parent lists it, its ideas table records it, and the roll-up shows both plans
    assert any("Riverbend: Westside clinic" in shown(m.value) for m in at.markdown)
    ideas = plans.load_doc(store, pid, "expansion").doc.ideas
    assert [(i.name, i.status, i.plan_id) for i in ideas] == [("Riverbend: Westside clinic", "started", child.id)]
    table = rollup_table(at)
    assert list(table["Plan"]) == ["Example: Riverbend Collaborative Care launch", "Riverbend: Westside clinic"]
    assert list(table["Started from"]) == ["", "Example: Riverbend Collaborative Care launch"]
    # the XLSX the download button holds
    xlsx = dict(offered)["riverbend-health-rollup.xlsx"]
    ws = load_workbook(io.BytesIO(xlsx)).active
    assert [ws.cell(row=r, column=1).value for r in (2, 3)] == list(table["Plan"])


def test_the_started_plan_links_back_to_its_parent(open_page, store):
    pid = example_before_step5(store, "Ann")
    child = pe.start_from(store, pid, "Teens", "Riverbend", "", "population", ["shared_vision"], "Ann")
    at = open_page(PAGE, child)
    assert any("Started from Example: Riverbend Collaborative Care launch" in shown(m.value)
               and "new population" in m.value for m in at.markdown)
    assert "Open Example: Riverbend Collaborative Care launch" in links(at)


def test_ideas_are_saved_from_the_table_and_a_slipped_date_shows(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.session_state["expansion_editor_0_ideas"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"what": "condition", "name": HOSTILE, "status": "planned", "target": "2020-01-15"}]}
    _button(at, "Save ideas").click().run()
    assert not at.exception
    [idea] = plans.load_doc(store, plan_id, "expansion").doc.ideas
    assert (idea.what, idea.name, idea.status, idea.target) == ("condition", HOSTILE, "planned", date(2020, 1, 15))
    assert any("15 Jan 2020" in shown(m.value) and "no plan has been started" in m.value for m in at.markdown)


def test_a_new_plan_without_a_name_is_refused_in_words(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _button(at, "Start the new plan").click().run()
    assert any("Not started" in e.value and "a name for the new plan" in e.value for e in at.error)
    assert len(store.list_plans()) == 1


def test_starting_a_written_idea_marks_its_row_and_takes_its_name(open_page, store, plan_id):
    plans.save_doc(store, plan_id, plans.registry.doc_models()["expansion"].model_validate({"ideas": [
        {"id": "teens", "what": "population", "name": "Adolescents (12-17)", "status": "planned"}]}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    at.selectbox(key="expansion_start_idea").set_value("teens")
    at.radio(key="expansion_start_what").set_value("population")
    _button(at, "Start the new plan").click().run()
    assert not at.exception
    [child] = [p for p in store.list_plans() if p.id != plan_id]
    assert (child.meta["name"], child.meta["expansion"]) == ("Adolescents (12-17)", "population")
    [idea] = plans.load_doc(store, plan_id, "expansion").doc.ideas
    assert (idea.id, idea.status, idea.plan_id) == ("teens", "started", child.id)
    # the new plan is listed under "Plans started from this one", and the idea is no longer offered
    assert any(m.value.startswith(r"**Adolescents \(12\-17\)**") and "new population" in m.value for m in at.markdown)
    assert at.selectbox(key="expansion_start_idea").options == ["None: a new row is added to the ideas"]


def test_the_roll_up_pdf_builds_on_request(open_page, store, plan_id):
    pe.set_organisation(store, plan_id, "Lakeside Health", "Ann")
    at = open_page(PAGE, plan_id)
    _button(at, "Build the roll-up PDF").click().run()
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
