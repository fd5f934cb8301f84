"""Shared vision page in AppTest: fill, save, reload; bad goals; hostile text; roster people; conflicts."""
from __future__ import annotations

import pytest

from planning import plans
from planning.storage import Store
from tests.conftest import HOSTILE, unescaped
from worksheets import shared_vision as sv
from worksheets.team import Member, TeamDoc

PAGE = "pages/shared_vision_page.py"
K0 = "shared_vision_editor_0"  # widget keys carry the editor generation (ui.editor_key)


TABS = {"sv_why_form": "1 · Why and conditions", "sv_populations_form": "2 · Populations",
        "sv_measures_form": "3 · Measures and treatments", "sv_services_form": "4 · Services today",
        "sv_goals_form": "5 · Goals", "sv_vision_form": "6 · Vision and sign-off"}


def show(at, form: str):
    """Open the tab that holds `form`: only the tab on screen is drawn."""
    current = at.session_state["sv_tab"] if "sv_tab" in at.session_state else TABS["sv_why_form"]
    if current != TABS[form]:
        at.session_state["sv_tab"] = TABS[form]
        at.run()
    return at


def submit(at, form: str, label: str):
    show(at, form)
    return at.button(key=f"FormSubmitter:{form}-{label}").click().run()


def frame(at, column: str):
    """The data editor (or table) whose columns include ``column``."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def seed(at, key: str, edited=None, added=None):
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": []}


def texts(elements) -> list[str]:
    return [unescaped(e.value) for e in elements]




@pytest.fixture
def with_team(store: Store, plan_id: str) -> dict[str, str]:
    team = TeamDoc(members=[Member(id="p-maria", name="Maria Okafor", role="CIT lead"),
                            Member(id="p-luz", name="Luz Ramírez", role="Behavioral health care manager")])
    plans.save_doc(store, plan_id, team, 0, "Tester")
    return team.options()


def test_fill_save_and_reload(open_page, plan_id, store):
    at = open_page(PAGE, plan_id)
    assert at.metric[0].value == "○ Not started"
    at.text_area(key=f"{K0}_problem").input("Patients wait four months for a therapist.")
    at.checkbox(key=f"{K0}_cond_depression").check()
    at.checkbox(key=f"{K0}_cond_ptsd").check()
    at.text_input(key=f"{K0}_cond_other").input("Insomnia")
    submit(at, "sv_why_form", "Save why and conditions")
    assert not at.exception and not at.error
    assert any("Saved as version 1" in s for s in texts(at.success))
    assert any("PHQ-9 for Depression" in i and "PCL-5 for PTSD" in i for i in texts(at.info))

    # a goal, in its own form; the editor key moved on after the first save
    seed(at, "shared_vision_editor_1_goals", edited={0: {"patients_enrolled": 120, "follow_up_rate_pct": 75}})
    submit(at, "sv_goals_form", "Save goals")
    assert not at.error and any("Saved as version 2" in s for s in texts(at.success))

    again = open_page(PAGE, plan_id)  # "reload the page"
    assert again.text_area(key=f"{K0}_problem").value == "Patients wait four months for a therapist."
    assert again.checkbox(key=f"{K0}_cond_depression").value is True
    assert again.checkbox(key=f"{K0}_cond_ptsd").value is True
    assert again.checkbox(key=f"{K0}_cond_anxiety").value is False
    assert again.text_input(key=f"{K0}_cond_other").value == "Insomnia"
    goals = frame(show(again, "sv_goals_form"), "patients_enrolled")
    assert goals.loc[0, "patients_enrolled"] == 120 and goals.loc[0, "follow_up_rate_pct"] == 75
    measures = frame(show(again, "sv_measures_form"), "suggested")
    assert list(measures["condition"]) == ["Depression", "PTSD", "Insomnia"]
    assert list(measures["measure"])[:2] == ["PHQ-9", "PCL-5"]
    assert again.metric[0].value == "◐ In progress"
    assert again.metric[1].value == "3"
    saved = plans.load_doc(store, plan_id, "shared_vision")
    assert saved.version == 2 and sv.goals_for_monitoring(saved.doc)[1]["patients_enrolled"] == 120


def test_out_of_range_goals_show_a_message_and_save_nothing(open_page, plan_id, store):
    at = open_page(PAGE, plan_id)
    seed(at, f"{K0}_goals", edited={0: {"follow_up_rate_pct": 140}, 1: {"patients_enrolled": -3}})
    submit(at, "sv_goals_form", "Save goals")
    assert not at.exception
    message = unescaped(at.error[0].value)
    assert "Not saved" in message
    assert "goals, year 1, follow-up rate (%): a percentage must be between 0 and 100 (you entered 140)" in message
    assert "goals, year 2, patients enrolled: the number of patients cannot be negative (you entered -3)" in message
    assert store.load(plan_id, "shared_vision") is None
    assert not at.success


def test_hostile_text_shows_literally(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    at.text_area(key=f"{K0}_problem").input(HOSTILE)
    submit(at, "sv_why_form", "Save why and conditions")
    show(at, "sv_vision_form").text_area(key="shared_vision_editor_1_statement").input(HOSTILE)
    submit(at, "sv_vision_form", "Save vision and sign-off")
    assert not at.error

    again = open_page(PAGE, plan_id)
    assert again.text_area(key=f"{K0}_problem").value == HOSTILE
    assert show(again, "sv_vision_form").text_area(key=f"{K0}_statement").value == HOSTILE
    quote = next(m for m in again.markdown if m.value.startswith("> "))
    assert quote.value == "> \\<b\\>unclosed \\& \\<script\\>x\\</script\\> Győr 中文 🎉"
    assert not quote.proto.allow_html


def test_treatments_and_sign_off_use_roster_ids(open_page, plan_id, store, with_team):
    at = open_page(PAGE, plan_id)
    assert not any("No one is on the implementation team" in i for i in texts(at.info))
    seed(at, f"{K0}_treatments", added=[
        {"treatment": "Behavioral activation", "who": "p-luz", "training": "Two-day workshop"},
        {"treatment": "Problem-solving treatment (PST)", "who": "role:Nurse"}])
    submit(at, "sv_measures_form", "Save measures and treatments")
    assert not at.error
    show(at, "sv_vision_form").multiselect(key="shared_vision_editor_1_signed_by").set_value(["p-maria"])
    submit(at, "sv_vision_form", "Save vision and sign-off")
    # signed off with no statement: saved, with a warning
    assert any("statement is empty" in i for i in texts(at.info))

    doc = plans.load_doc(store, plan_id, "shared_vision").doc
    assert [(t.person_id, t.role) for t in doc.treatments] == [("p-luz", ""), (None, "Nurse")]
    assert doc.vision.signed_by == ["p-maria"] and doc.vision.signed_on is not None
    assert "Maria" not in doc.model_dump_json()

    again = open_page(PAGE, plan_id)
    treatments = frame(show(again, "sv_measures_form"), "training")
    assert list(treatments["who"]) == ["p-luz", "role:Nurse"]
    assert show(again, "sv_vision_form").multiselect(key=f"{K0}_signed_by").value == ["p-maria"]
    assert "Vision not signed off yet" not in again.expander[0].markdown[0].value


def test_someone_elses_save_on_another_tab_is_kept(open_page, plan_id, store):
    at = open_page(PAGE, plan_id)
    # someone else saves the services map after this page was opened
    other = sv.SharedVisionDoc.model_validate({"services": [{"service": "County mental health center",
                                                            "future": "Stays"}]})
    plans.save_doc(store, plan_id, other, 0, "Sam")
    at.text_area(key=f"{K0}_problem").input("My version")
    submit(at, "sv_why_form", "Save why and conditions")
    assert not at.error
    saved = plans.load_doc(store, plan_id, "shared_vision")
    assert saved.version == 2
    assert saved.doc.why.problem == "My version"
    assert [s.service for s in saved.doc.services] == ["County mental health center"]


def test_saving_needs_a_name(open_page, plan_id, store):
    at = open_page(PAGE, plan_id, author="")
    at.text_area(key=f"{K0}_problem").input("Long waits")
    submit(at, "sv_why_form", "Save why and conditions")
    assert any("enter your name at the top of the sidebar" in e.value for e in at.error)
    assert store.load(plan_id, "shared_vision") is None


def test_someone_elses_save_on_the_same_field_is_asked_about_not_overwritten(open_page, plan_id, store):
    at = open_page(PAGE, plan_id)
    theirs = sv.SharedVisionDoc.model_validate({"why": {"problem": "Their reason", "mission_link": "Our QI plan"}})
    plans.save_doc(store, plan_id, theirs, 0, "Sam")
    at.text_area(key=f"{K0}_problem").input("My reason")
    submit(at, "sv_why_form", "Save why and conditions")
    assert any("Sam saved this worksheet" in e.value for e in at.error)
    assert plans.load_doc(store, plan_id, "shared_vision").doc.why.problem == "Their reason"
    assert at.text_area(key=f"{K0}_problem").value == "My reason"  # my input is still on screen
    # only the field we both changed is asked about, showing both texts
    assert [r.label for r in at.radio] == ["why we are doing this, the problem we want to solve"]
    assert at.radio[0].options == ["Theirs: Their reason", "Mine: My reason"]
    at.radio[0].set_value("mine").run()
    next(b for b in at.button if b.label == "Save with these choices").click().run()
    saved = plans.load_doc(store, plan_id, "shared_vision")
    # my reason, and Sam's mission link that I never touched
    assert (saved.doc.why.problem, saved.doc.why.mission_link, saved.version) == ("My reason", "Our QI plan", 2)


def test_a_treatment_row_without_a_name_is_refused_by_row_and_kept_on_screen(open_page, plan_id, store):
    at = open_page(PAGE, plan_id)
    at.session_state[f"{K0}_treatments"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"treatment": "Problem-solving treatment", "who": "role:Behavioral health care manager"},
        {"who": "role:Psychiatric consultant", "training": "Half-day workshop"}]}
    submit(at, "sv_measures_form", "Save measures and treatments")
    err = next(e.value for e in at.error if "Not saved" in e.value)
    assert "Shared vision, evidence\\-based treatments, row 2, treatment" in err
    assert store.load(plan_id, "shared_vision") is None
    assert len(at.session_state[f"{K0}_treatments"]["added_rows"]) == 2  # both typed rows are still there
