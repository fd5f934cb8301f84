"""Sustainment plan page: factors, scenario inputs, refusals in words, results that match the model."""
from __future__ import annotations

import json
import re
from pathlib import Path

from planning import plans
from tests.conftest import HOSTILE
from worksheets import financial_model as fm
from worksheets import sustainment as su

PAGE = "pages/sustainment_page.py"
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "sustainment_v1.json"


def key(field: str, gen: int = 0, slot: int = 0) -> str:
    return f"sustainment_editor_{gen}_s{slot}_{field}"


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def plain(markdown: str) -> str:
    """Markdown as a reader sees it: the page escapes team text and figures with backslashes."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(at) -> str:
    return "\n".join(plain(e.value) for e in at.error)


def saved(store, plan_id) -> plans.Loaded:
    return plans.load_doc(store, plan_id, "sustainment")


def expected_metrics(inputs: fm.FinancialInputs) -> dict[str, str]:
    r = fm.compute(inputs)
    return {
        "Cost per month": fm.money(r.total_cost.monthly),
        "Revenue per month": fm.money(r.total_revenue.monthly),
        "Net per month": fm.money(r.net.monthly),
        "Net per year": fm.money(r.net.annual),
        "First-year net, including start-up": fm.money(r.year_one_net.amount),
        "Break-even caseload": f"{fm.num(r.break_even.caseload, 1)} patients",
        "Cost per patient served": fm.money(r.per_patient.cost),
        "Revenue per patient served": fm.money(r.per_patient.revenue),
    }


def test_a_new_plan_shows_the_default_model_and_says_nothing_is_saved(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    assert at.title[0].value == "Sustainment plan"
    assert any("Nothing saved yet" in i.value for i in at.info)
    assert metrics(at) == expected_metrics(fm.FinancialInputs())
    assert at.number_input(key=key("care_manager_fte")).value == 1.0
    assert "Status: ○ Not started" in [c.value for c in at.caption]


def test_change_fte_and_caseload_save_and_reopen(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.number_input(key=key("care_manager_fte")).set_value(1.5)
    at.number_input(key=key("expected_caseload")).set_value(150)
    at.number_input(key=key("new_enrollments_per_month")).set_value(30)
    button(at, "Save inputs").click().run()
    assert not at.exception
    assert any("Saved as version 1" in s.value for s in at.success)
    loaded = saved(store, plan_id)
    assert loaded.version == 1 and loaded.saved_by == "Tester"
    inputs = loaded.doc.active().inputs
    assert (inputs.care_manager_fte, inputs.expected_caseload, inputs.new_enrollments_per_month) == (1.5, 150, 30)
    assert su.staffing_figures(loaded.doc).care_manager_fte == 1.5

    fresh = open_page(PAGE, plan_id)  # a browser refresh: new session, same URL
    assert fresh.number_input(key=key("care_manager_fte")).value == 1.5
    assert fresh.number_input(key=key("expected_caseload")).value == 150
    assert fresh.number_input(key=key("new_enrollments_per_month")).value == 30
    assert metrics(fresh) == expected_metrics(inputs)
    # the caseload check and the consultant check are worked out from the same inputs
    page_text = "\n".join(m.value for m in fresh.markdown)
    assert "100 patients per full-time care manager; the AIMS range for this population is 90-120." in page_text
    assert "4.5 hours" in page_text  # consultant guidance for 1.5 FTE
    assert any("3 consultant hours a week is in line with the guidance of 4.5 hours" in plain(s.value)
               for s in fresh.success)


def test_fte_of_7_is_refused_in_words_and_the_saved_version_is_kept(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.number_input(key=key("care_manager_fte")).set_value(1.0)
    button(at, "Save inputs").click().run()
    assert saved(store, plan_id).version == 1

    at.number_input(key=key("care_manager_fte", gen=1)).set_value(7)
    at.number_input(key=key("expected_caseload", gen=1)).set_value(-3)
    button(at, "Save inputs").click().run()
    assert not at.exception
    text = errors(at)
    assert "Not saved" in text
    assert "Care manager FTE (full-time equivalents) must be 5 or less; you entered 7." in text
    assert "Expected active caseload (patients) cannot be below 0; you entered -3." in text
    # next to the fields as well as above the form: two messages for each field
    assert sum("you entered 7" in e.value for e in at.error) == 2
    loaded = saved(store, plan_id)
    assert loaded.version == 1 and loaded.doc.active().inputs.care_manager_fte == 1.0
    # the user's entry is still on screen to correct
    assert at.number_input(key=key("care_manager_fte", gen=1)).value == 7
    assert not any("Saved as version" in s.value for s in at.success)


def test_payer_mix_of_90_percent_is_refused_and_nothing_is_saved(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.session_state[key("payers")] = {"edited_rows": {0: {"share_pct": 90.0}}, "added_rows": [],
                                       "deleted_rows": []}
    button(at, "Save inputs").click().run()
    assert not at.exception
    assert sum("Payer mix adds up to 90%; it must add up to 100%" in e.value for e in at.error) == 2
    assert saved(store, plan_id).version == 0


def test_payer_mix_with_an_added_payer_is_saved_and_used(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.session_state[key("payers")] = {
        "edited_rows": {0: {"name": "Medicare", "share_pct": 60.0}},
        "added_rows": [{"name": "Medicaid", "share_pct": 40.0, "relative_rate_pct": 70.0}],
        "deleted_rows": []}
    button(at, "Save inputs").click().run()
    inputs = saved(store, plan_id).doc.active().inputs
    assert [(p.name, p.share_pct, p.relative_rate_pct) for p in inputs.payer_mix] == [
        ("Medicare", 60, 100), ("Medicaid", 40, 70)]
    assert metrics(at) == expected_metrics(inputs)
    payer_table = next(d.value for d in at.dataframe if "Payer" in d.value.columns)
    medicaid = payer_table.set_index("Payer").loc["Medicaid"]
    assert medicaid["Per month"] == fm.money(fm.compute(inputs).payers[1].monthly)


def test_use_aims_default_fills_the_caseload_without_saving(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.selectbox(key=key("population")).set_value("behavioral_low")
    at.number_input(key=key("care_manager_fte")).set_value(1.0)
    button(at, "Use AIMS default caseload").click().run()
    assert at.number_input(key=key("expected_caseload")).value == 70  # middle of 60-80 x 1.0 FTE
    assert at.number_input(key=key("new_enrollments_per_month")).value == 14  # 70 / 5 months in care
    assert any("Caseload set to 70" in i.value for i in at.info)
    assert saved(store, plan_id).version == 0
    button(at, "Save inputs").click().run()
    figures = su.staffing_figures(saved(store, plan_id).doc)
    assert (figures.population, figures.expected_caseload) == ("behavioral_low", 70)


def test_a_caseload_above_the_aims_range_shows_a_warning(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.number_input(key=key("expected_caseload")).set_value(140)
    at.number_input(key=key("new_enrollments_per_month")).set_value(28)
    button(at, "Save inputs").click().run()
    assert any("above the AIMS range of 90-120" in plain(w.value) for w in at.warning)
    assert any("above the AIMS range of 90-120" in line for line in su.open_items(saved(store, plan_id).doc))


def test_add_a_second_scenario_and_compare(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    button(at, "Save inputs").click().run()  # the base case, as shown
    at.text_input(key="sustainment_editor_1_manage_name").input("Two care managers")
    button(at, "Duplicate the scenario shown").click().run()
    assert not at.exception
    doc = saved(store, plan_id).doc
    assert doc.names() == ["Base case", "Two care managers"] and doc.active_scenario == "Base case"
    assert at.selectbox(key="sustainment_editor_2_pick").value == "Two care managers"  # the copy is shown

    at.number_input(key=key("care_manager_fte", gen=2, slot=1)).set_value(2.0)
    at.number_input(key=key("expected_caseload", gen=2, slot=1)).set_value(200)
    at.number_input(key=key("new_enrollments_per_month", gen=2, slot=1)).set_value(40)
    at.number_input(key=key("consultant_hours_per_week", gen=2, slot=1)).set_value(6)
    button(at, "Save inputs").click().run()
    doc = saved(store, plan_id).doc
    two = doc.find("Two care managers").inputs
    assert two.care_manager_fte == 2.0 and doc.find("Base case").inputs.care_manager_fte == 1.0
    assert metrics(at) == expected_metrics(two)

    table = next(d.value for d in at.dataframe if "Two care managers" in d.value.columns)
    assert list(table.columns) == ["Base case", "Two care managers"]
    assert table.loc["Care manager FTE", "Two care managers"] == "2.0"
    assert table.loc["Cost per month", "Base case"] == fm.money(fm.compute(fm.FinancialInputs()).total_cost.monthly)
    assert table.loc["Cost per month", "Two care managers"] == fm.money(fm.compute(two).total_cost.monthly)

    # staffing still reads the base case until the team says otherwise
    assert su.staffing_figures(doc).care_manager_fte == 1.0
    button(at, "Use this scenario for Staffing and Monitoring").click().run()
    doc = saved(store, plan_id).doc
    assert doc.active_scenario == "Two care managers"
    assert su.staffing_figures(doc).expected_caseload == 200
    assert any("is now the scenario in use" in s.value for s in at.success)


def test_scenario_names_must_differ_and_the_last_one_stays(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    button(at, "Save inputs").click().run()
    assert button(at, "Remove the scenario shown").disabled  # only one scenario
    at.text_input(key="sustainment_editor_1_manage_name").input("base case")
    button(at, "Add new (default figures)").click().run()
    assert 'There is already a scenario called "Base case"' in errors(at)
    assert saved(store, plan_id).version == 1


def test_a_hostile_scenario_name_shows_literally(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    button(at, "Save inputs").click().run()
    at.text_input(key="sustainment_editor_1_manage_name").input(HOSTILE)
    button(at, "Rename the scenario shown").click().run()
    assert not at.exception
    assert saved(store, plan_id).doc.active_scenario == HOSTILE
    pick = at.selectbox(key="sustainment_editor_2_pick")
    assert pick.value == HOSTILE and pick.options == [f"{HOSTILE}  (in use)"]
    assert f"Results: {HOSTILE}" in [plain(s.value) for s in at.subheader]


def test_factors_are_saved_from_the_one_editor(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.session_state["sustainment_editor_0_factors"] = {
        "edited_rows": {0: {"status": "Addressed"}, 3: {"status": "Partly", "note": HOSTILE}},
        "added_rows": [], "deleted_rows": []}
    button(at, "Save factors").click().run()
    assert not at.exception
    doc = saved(store, plan_id).doc
    assert doc.rating("quality") == "Addressed"
    assert doc.rating("leadership") == "Partly" and doc.note("leadership") == HOSTILE
    assert doc.scenarios == []  # saving the factors does not invent a scenario
    fresh = open_page(PAGE, plan_id)
    editor = next(d.value for d in fresh.dataframe if "status" in d.value.columns).set_index("id")
    assert editor.loc["leadership", "note"] == HOSTILE
    assert "Status: ◐ In progress" in [c.value for c in fresh.caption]


def test_riverbend_example_opens_complete_and_within_the_widget_budget(open_page, store, plan_id):
    doc = su.SustainmentDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    plans.save_doc(store, plan_id, doc, 0, "Maria Okafor")
    at = open_page(PAGE, plan_id)
    assert not at.exception
    assert "Status: ● Complete" in [c.value for c in at.caption]
    assert metrics(at) == expected_metrics(doc.active().inputs)
    open_list = next(m.value for m in at.markdown if "The active scenario loses" in m.value)
    assert "The active scenario loses $47,270 a year" in plain(open_list)
    assert len(at.dataframe) >= 7  # factors, rates, payers, costs, payers' revenue, codes, comparison
    from streamlit.testing.v1.element_tree import Widget

    def walk(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from walk(child)

    widgets = [n for n in walk(at._tree) if isinstance(n, Widget)]
    editors = [d for d in at.dataframe if d.proto.editing_mode != d.proto.EditingMode.READ_ONLY]
    assert len(editors) == 3
    assert len(widgets) + len(editors) < 60
