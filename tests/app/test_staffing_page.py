"""Staffing page: the figures of the Sustainment plan's scenario in use and what the caseload needs; changing the FTE
here changes it on the Sustainment plan (and the other way round); bad figures refused in words; decisions per
role saved and reopened."""
from __future__ import annotations

from planning import plans
from tests.conftest import HOSTILE, unescaped
from worksheets import financial_model as fm
from worksheets import staffing as sf
from worksheets import sustainment as su
from worksheets import team as tm

PAGE = "pages/staffing_page.py"
SUSTAINMENT = "pages/sustainment_page.py"
FTE, CONSULTANT, CASELOAD = "Care manager FTE", "Consultant hours a week", "Target caseload (patients)"




def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def box(at, label: str):
    return next(n for n in at.number_input if n.label == label)


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def errors(at) -> str:
    return "\n".join(unescaped(e.value) for e in at.error)


def sustainment(store, plan_id) -> plans.Loaded:
    return plans.load_doc(store, plan_id, "sustainment")


def save_plan(store, plan_id, version=0, who="Ann", **inputs) -> None:
    doc = su.with_inputs(su.SustainmentDoc(), "Base case", fm.FinancialInputs(**inputs))
    plans.save_doc(store, plan_id, doc, version, who)


def edit(at, rows: dict, gen: int = 0) -> None:
    at.session_state[f"staffing_editor_{gen}"] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def test_opens_with_the_example_plan_and_shows_what_the_caseload_needs(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid)
    assert at.title[0].value == "Staffing"
    m = metrics(at)
    # the example's scenario in use: 70 patients, 1.0 FTE, 4 consultant hours, low income and limited support (60-80)
    assert (m["Target caseload"], m["Care manager FTE"], m["Consultant hours"], m["AIMS range per FTE"]) == (
        "70 patients", "1.0 FTE", "4 a week", "60-80")
    # 30 psychotherapy visits of 45 minutes = 1,350 minutes; (70 x 53.33 + 1,350) / 6,240 = 0.81 FTE
    assert m["Care managers needed, by hours"] == "0.81 FTE"
    assert m["Care managers needed, AIMS range"] == "0.88-1.17 FTE"  # 70 / 80 to 70 / 60
    assert m["Consultant hours needed"] == "3 a week"  # 3 x 1.0 FTE
    text = unescaped(" ".join(x.value for x in at.markdown))
    assert "scenario in use: **Base case**" in text
    assert "(70 patients x 53.3 minutes + 1,350 minutes of psychotherapy) / 6,240 minutes = 0.81 FTE" in text
    assert [e.label for e in at.expander].count("How this was computed") == 3
    assert box(at, FTE).value == 1.0 and box(at, CASELOAD).value == 70


def test_change_the_fte_here_and_the_sustainment_scenario_in_use_has_it(open_page, store):
    pid = plans.open_example(store, "Tester")
    before = sustainment(store, pid)
    at = open_page(PAGE, pid)
    box(at, FTE).set_value(1.5)
    box(at, CASELOAD).set_value(150)
    button(at, "Save figures").click().run()
    assert not at.exception
    assert sum("Saved as version" in s.value for s in at.success) == 2  # at the top and next to Save figures
    after = sustainment(store, pid)
    assert after.version == before.version + 1 and after.saved_by == "Tester"
    inputs = after.doc.active().inputs
    assert (after.doc.active().name, inputs.care_manager_fte, inputs.expected_caseload) == ("Base case", 1.5, 150)
    assert inputs.care_manager_salary == before.doc.active().inputs.care_manager_salary  # nothing else moved
    assert after.doc.find("Full caseload, more therapy visits") == before.doc.find("Full caseload, more therapy visits")
    assert metrics(at)["Care manager FTE"] == "1.5 FTE"
    assert box(at, FTE).value == 1.5  # the form is rebuilt from what was saved
    # the example enrolls 14 a month for 5 months, a caseload of 70; a caseload of 150 brings 150 / 5 = 30 new
    # patients a month with it, so the 36-month budget fills to 150 too, and no mismatch is left to point out
    assert inputs.new_enrollments_per_month == 30
    assert not any("settle near" in unescaped(i.value) for i in at.info)

    on_sustainment = open_page(SUSTAINMENT, pid)  # the Sustainment page shows the same figure
    assert on_sustainment.number_input(key="sustainment_editor_0_s0_care_manager_fte").value == 1.5


def test_a_change_on_the_sustainment_plan_shows_here(open_page, store, plan_id):
    save_plan(store, plan_id, care_manager_fte=1.0, expected_caseload=105)
    data = sustainment(store, plan_id).doc
    plans.save_doc(store, plan_id, su.with_inputs(data, "Base case", data.active().inputs.model_copy(
        update={"care_manager_fte": 2.0})), 1, "Bob")
    at = open_page(PAGE, plan_id)
    assert metrics(at)["Care manager FTE"] == "2.0 FTE" and box(at, FTE).value == 2.0


def test_a_bad_figure_is_refused_in_words_and_nothing_is_saved(open_page, store, plan_id):
    save_plan(store, plan_id)
    at = open_page(PAGE, plan_id)
    box(at, FTE).set_value(7)
    box(at, CONSULTANT).set_value(None)
    button(at, "Save figures").click().run()
    assert not at.exception
    text = errors(at)
    assert "Not saved" in text
    assert "Care manager FTE (full-time equivalents): must be 5 or less; you entered 7" in text
    assert "Psychiatric consultant hours per week" in text
    assert sum("you entered 7" in e.value for e in at.error) == 2  # above the form and next to the field
    assert sustainment(store, plan_id).version == 1
    assert box(at, FTE).value == 7  # what was typed stays


def test_figures_that_leave_no_room_for_psychotherapy_are_refused_naming_it(open_page, store):
    pid = plans.open_example(store, "Tester")
    version = sustainment(store, pid).version
    at = open_page(PAGE, pid)
    box(at, FTE).set_value(0.2)  # 0.2 x 6,240 = 1,248 minutes, less than the 1,350 minutes of psychotherapy
    button(at, "Save figures").click().run()
    text = errors(at)
    assert "The psychotherapy visits take 1,350 minutes a month, more than the 1,248 minutes" in text
    assert "The other inputs named here are on the Sustainment plan." in text
    assert sustainment(store, pid).version == version


def test_with_no_scenario_it_says_so_links_the_sustainment_plan_and_saving_makes_the_first(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    assert any("No financial scenario is saved yet" in i.value for i in at.info)
    links = [link.proto for link in at.get("page_link") if link.proto.label == "Open the Sustainment plan"]
    assert links and links[0].query_string == f"plan={plan_id}"
    box(at, FTE).set_value(0.8)
    button(at, "Save figures").click().run()
    saved = sustainment(store, plan_id)
    assert saved.version == 1 and saved.doc.names() == ["Base case"]
    assert saved.doc.active().inputs.care_manager_fte == 0.8
    assert not any("No financial scenario is saved yet" in i.value for i in at.info)


def test_a_colleagues_save_of_the_sustainment_plan_meanwhile_is_kept(open_page, store, plan_id):
    save_plan(store, plan_id, care_manager_salary=70_000)
    at = open_page(PAGE, plan_id)  # I open the page ...
    data = sustainment(store, plan_id).doc  # ... Bob changes the salary on the Sustainment plan meanwhile
    plans.save_doc(store, plan_id, su.with_inputs(data, "Base case", data.active().inputs.model_copy(
        update={"care_manager_salary": 75_000})), 1, "Bob")
    box(at, FTE).set_value(1.2)
    button(at, "Save figures").click().run()
    assert not at.exception
    saved = sustainment(store, plan_id)
    assert saved.version == 3
    assert (saved.doc.active().inputs.care_manager_fte, saved.doc.active().inputs.care_manager_salary) == (1.2,
                                                                                                            75_000)
    assert any("both sets of changes are kept" in s.value for s in at.success)


def test_decisions_save_and_reopen_and_complete_the_worksheet(open_page, store, plan_id):
    plans.save_doc(store, plan_id, tm.TeamDoc.model_validate(
        {"members": [{"id": "luz1", "name": "Luz Ramírez", "role": "Behavioral health care manager"}]}), 0, "Ann")
    save_plan(store, plan_id, other_staff_hours_per_week=0)
    at = open_page(PAGE, plan_id)
    assert "Status: ○ Not started" in [c.value for c in at.caption]
    edit(at, {0: {"decision": "redeploy", "person": "luz1", "start": "2027-02-01"},
              1: {"decision": "contract", "who": HOSTILE, "note": "4 hours a week"}})
    button(at, "Save decisions").click().run()
    assert not at.exception
    assert any("Saved as version 1" in s.value for s in at.success)
    saved = plans.load_doc(store, plan_id, sf.KIND).doc
    assert saved.decision("care_manager").decision == "redeploy"
    assert saved.decision("care_manager").person == "luz1"
    assert saved.decision("psychiatric_consultant").who == HOSTILE

    fresh = open_page(PAGE, plan_id)  # a browser refresh
    grid = next(d for d in fresh.main.dataframe if d.proto.editing_mode != 0).value.set_index("id")
    assert grid.loc["care_manager", "decision"] == "redeploy" and grid.loc["care_manager", "person"] == "luz1"
    assert grid.loc["psychiatric_consultant", "who"] == HOSTILE
    # other staff are not needed (no hours planned), so two decisions complete the worksheet
    assert "Status: ● Complete" in [c.value for c in fresh.caption]


def test_an_undecided_role_is_listed_as_still_open(open_page, store, plan_id):
    save_plan(store, plan_id, expected_caseload=150)
    at = open_page(PAGE, plan_id)
    still_open = unescaped(next(m.value for m in at.markdown if "No hire-or-redeploy" in unescaped(m.value)))
    assert "The plan is short of care manager time: 1.0 FTE for 150 patients" in still_open
    assert "No hire-or-redeploy decision yet for the behavioral health care manager (1.0 FTE planned; 1.28 FTE " \
           "needed)." in still_open
    assert metrics(at)["Care managers needed, by hours"] == "1.28 FTE"  # 150 / 117


def test_a_team_member_who_left_is_refused_on_save(open_page, store, plan_id):
    plans.save_doc(store, plan_id, sf.StaffingDoc.model_validate(
        {"roles": {"care_manager": {"decision": "hire", "person": "gone1"}}}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    edit(at, {1: {"decision": "contract"}})
    button(at, "Save decisions").click().run()
    assert "Staffing, Behavioral health care manager, team member: this person is no longer on the implementation " \
           "team" in errors(at)
    assert plans.load_doc(store, plan_id, sf.KIND).version == 1


def test_history_and_the_pdf_button(open_page, store, plan_id):
    plans.save_doc(store, plan_id, sf.StaffingDoc.model_validate({"roles": {"care_manager": {"decision": "hire"}}}),
                   0, "Ann")
    at = open_page(PAGE, plan_id)
    at.session_state["history_open_staffing"] = True
    at.run()
    hist = next(d.value for d in at.dataframe if "Version" in d.value.columns)
    assert list(hist["Summary"]) == ["Behavioral health care manager: Hire; Psychiatric consultant: Not decided; "
                                     "Other staff: Not decided"]
    button(at, "Build the staffing PDF").click().run()
    assert not at.exception
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
