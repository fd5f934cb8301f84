"""Clinical workflow page in AppTest: the suggested steps, saving, refusals that name the row, what is typed kept
across switches of phase, columns and tab, hostile text, the protocol, the flowchart and the checks."""
from __future__ import annotations

import json

from planning import plans
from tests.conftest import HOSTILE, unescaped
from worksheets import workflow as wf
from worksheets.team import Member, TeamDoc

PAGE = "pages/workflow_page.py"
G0 = "workflow_editor_0"  # the editor generation before the first save (ui.editor_key)
LUZ, WEI = "p-luz", "p-wei"


def steps_key(gen: str = G0, phase="all", cols="who", n: int = 0) -> str:
    return f"{gen}_steps_{phase}_{cols}_{n}"




def seed(at, key: str, edited=None, added=None, deleted=None):
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def steps_table(at):
    return next(df.value for df in at.dataframe if "name" in df.value.columns)


def errors(at) -> str:
    return "\n".join(unescaped(e.value) for e in at.error)


def team(store, plan_id) -> None:
    plans.save_doc(store, plan_id, TeamDoc(members=[
        Member(id=LUZ, name="Luz Ramírez", role="Behavioral health care manager"),
        Member(id=WEI, name="Dr. Wei Chen", role="PCP champion")]), 0, "Ann")


def saved(store, plan_id) -> wf.WorkflowDoc | None:
    loaded = plans.load_doc(store, plan_id, "workflow")
    return loaded.doc if loaded.version else None


def save_workflow(store, plan_id, steps, **extra) -> None:
    plans.save_doc(store, plan_id, wf.WorkflowDoc.model_validate({"steps": steps, **extra}), 0, "Ann")


def open_tab(at, label: str):
    at.session_state["wf_tab"] = label
    return at.run()


def test_an_empty_workflow_offers_the_suggested_steps_and_saves_them_only_on_save(open_page, plan_id, store):
    at = open_page(PAGE, plan_id)
    assert any("No steps yet" in unescaped(i.value) for i in at.info)
    button(at, "Start from the suggested steps").click().run()
    table = steps_table(at)
    assert len(table) == 32 and table["name"].iloc[0] == "Screen with the PHQ-2, then the PHQ-9 if positive"
    assert any("not saved yet" in unescaped(i.value) for i in at.info)
    assert any("Unsaved changes" in w.value for w in at.warning)
    assert saved(store, plan_id) is None  # offered, not saved
    button(at, "Save steps").click().run()
    assert not at.error and any("Saved as version 1" in unescaped(s.value) for s in at.success)
    doc = saved(store, plan_id)
    assert len(doc.steps) == 32 and doc.numbers()[doc.steps[-1].id] == "5.5"
    assert not at.warning  # nothing left unsaved
    assert {m.label: m.value for m in at.metric}["Steps"] == "32"


def test_a_new_row_without_a_phase_is_refused_naming_the_row_and_kept_on_screen(open_page, plan_id, store):
    save_workflow(store, plan_id, [{"phase": 1, "name": "Screen", "who": wf.MA},
                                   {"phase": 2, "name": "Assess", "who": wf.BHCM}])
    at = open_page(PAGE, plan_id)
    seed(at, steps_key(), added=[{"name": "Call the patient", "who": wf.BHCM}])
    button(at, "Save steps").click().run()
    assert "Not saved" in errors(at)
    assert "Clinical workflow, row 3 (Call the patient), phase: choose a phase (1 to 5)" in errors(at)
    assert len(saved(store, plan_id).steps) == 2 and plans.load_doc(store, plan_id, "workflow").version == 1
    assert at.session_state[steps_key()]["added_rows"] == [{"name": "Call the patient", "who": wf.BHCM}]  # kept


def test_a_step_name_used_twice_in_a_phase_is_refused(open_page, plan_id, store):
    save_workflow(store, plan_id, [{"phase": 1, "name": "Screen", "who": wf.MA}])
    at = open_page(PAGE, plan_id)
    seed(at, steps_key(), added=[{"name": "screen", "phase": 1, "who": wf.PCP}])
    button(at, "Save steps").click().run()
    assert ("Clinical workflow, row 2 (screen): phase 1 already has a step with this name (row 1): give each step "
            "its own name") in errors(at)
    assert len(saved(store, plan_id).steps) == 1


def test_a_person_who_left_the_team_must_be_replaced_before_saving(open_page, plan_id, store):
    team(store, plan_id)
    save_workflow(store, plan_id, [{"phase": 1, "name": "Assess", "who": wf.BHCM, "person_id": LUZ}])
    at = open_page(PAGE, plan_id)
    assert steps_table(at)["who"].tolist() == [LUZ]  # shown as Luz, picked from the roster
    plans.save_doc(store, plan_id, TeamDoc(members=[Member(id=WEI, name="Dr. Wei Chen", role="PCP champion")]), 1,
                   "Ann")  # Luz leaves the team
    at = open_page(PAGE, plan_id)
    button(at, "Save steps").click().run()
    assert ("Clinical workflow, row 1 (Assess), who: the person chosen is no longer on the team; choose someone on "
            "the roster, or a role") in errors(at)
    seed(at, steps_key(), edited={0: {"who": WEI}})
    button(at, "Save steps").click().run()
    assert not at.error
    step = saved(store, plan_id).steps[0]
    assert (step.who, step.person_id) == (wf.PCP, WEI)  # the role follows the person's roster role


def test_what_is_typed_is_kept_across_switches_of_columns_phase_and_tab(open_page, plan_id, store):
    save_workflow(store, plan_id, [{"phase": 1, "name": "Screen", "who": wf.MA},
                                   {"phase": 3, "name": "Follow-up calls", "who": wf.BHCM}])
    at = open_page(PAGE, plan_id)
    seed(at, steps_key(), edited={0: {"name": "Screen with the PHQ-9"}})
    at.segmented_control(key="wf_cols").set_value("handoff").run()  # other columns: the edit is kept
    assert steps_table(at)["name"].tolist() == ["Screen with the PHQ-9", "Follow-up calls"]
    seed(at, steps_key(cols="handoff", n=1), edited={1: {"hands_off_to": wf.PCP, "method": "Phone"}})
    at.segmented_control(key="wf_show").set_value(3).run()  # one phase: its steps only
    assert steps_table(at)["name"].tolist() == ["Follow-up calls"]
    # a row added while phase 3 is shown belongs to phase 3
    seed(at, steps_key(phase=3, cols="handoff", n=2), added=[{"name": "Reach out after a missed call"}])
    open_tab(at, "Checks")
    open_tab(at, "Steps")
    assert any("Unsaved changes" in w.value for w in at.warning)
    assert saved(store, plan_id).steps[0].name == "Screen"  # nothing saved yet
    button(at, "Save steps").click().run()
    assert not at.error
    doc = saved(store, plan_id)
    assert [(s.phase, s.name, s.hands_off_to, s.method) for s in doc.ordered()] == [
        (1, "Screen with the PHQ-9", None, None), (3, "Follow-up calls", wf.PCP, "Phone"),
        (3, "Reach out after a missed call", None, None)]


def test_discarding_unsaved_changes_brings_back_the_saved_steps(open_page, plan_id, store):
    save_workflow(store, plan_id, [{"phase": 1, "name": "Screen", "who": wf.MA}])
    at = open_page(PAGE, plan_id)
    seed(at, steps_key(), edited={0: {"name": "Changed"}})
    at.segmented_control(key="wf_cols").set_value("change").run()
    assert steps_table(at)["name"].tolist() == ["Changed"]
    button(at, "Discard unsaved changes").click().run()
    assert steps_table(at)["name"].tolist() == ["Screen"]


def test_the_caseload_review_is_saved_with_the_steps(open_page, plan_id, store):
    team(store, plan_id)
    save_workflow(store, plan_id, [{"phase": 4, "name": "Caseload review", "who": wf.CONSULTANT, "tasks": ["6.1"]}])
    at = open_page(PAGE, plan_id)
    at.selectbox(key=f"{G0}_review_0_cadence").set_value("Weekly")
    at.selectbox(key=f"{G0}_review_0_lead").set_value(LUZ)
    at.text_input(key=f"{G0}_review_0_note").input("Thursdays at noon").run()
    button(at, "Save steps").click().run()
    review = saved(store, plan_id).review
    assert (review.cadence, review.lead, review.note) == ("Weekly", LUZ, "Thursdays at noon")
    open_tab(at, "Checks")
    card = next(m.value for m in at.markdown if "caseload review has a cadence" in m.value)
    assert "Passed" in card and "Weekly, led by Luz Ramírez" in unescaped(card)


def test_hostile_text_saves_and_shows_literally(open_page, plan_id, store):
    at = open_page(PAGE, plan_id)
    seed(at, steps_key(), added=[{"name": HOSTILE, "phase": 1, "how": HOSTILE}])
    button(at, "Save steps").click().run()
    assert not at.error
    assert saved(store, plan_id).steps[0].name == HOSTILE
    again = open_page(PAGE, plan_id)
    assert steps_table(again)["name"].tolist() == [HOSTILE] and steps_table(again)["how"].tolist() == [HOSTILE]
    open_tab(again, "Checks")
    card = next(m for m in again.markdown if "Every step says who does it" in m.value)
    assert "\\<b\\>unclosed \\& \\<script\\>x\\</script\\> Győr 中文 🎉" in card.value  # escaped, shown as typed
    assert not card.proto.allow_html
    open_tab(again, "Flowchart")
    spec = json.loads(again.get("plotly_chart")[0].proto.spec)
    assert "1.1 &lt;b&gt;unclosed &amp; &lt;script&gt;" in spec["data"][0]["hovertext"][0]


def test_the_protocol_is_saved_and_the_suicide_check_passes(open_page, plan_id, store):
    save_workflow(store, plan_id, [{"phase": 1, "name": "Assess suicide risk", "who": wf.BHCM,
                                    "suicide_risk": True}])
    at = open_page(PAGE, plan_id)
    assert {m.label: m.value for m in at.metric}["Suicide-risk protocol"] == "Not yet"
    open_tab(at, "Suicide-risk protocol")
    assert any("1.1 Assess suicide risk (Behavioral health care manager)" in unescaped(c.value) for c in at.caption)
    pk = f"{G0}_protocol"
    at.text_area(key=f"{pk}_trigger").input("PHQ-9 item 9 of 1 or more")
    at.text_input(key=f"{pk}_tool").input(HOSTILE)
    seed(at, f"{pk}_levels", edited={0: {"response": "Safety plan"}, 1: {"response": "Call within 72 hours"},
                                     2: {"response": "Mobile crisis team", "who": wf.PCP}})
    at.button(key=f"FormSubmitter:{pk}_form-Save protocol").click().run()
    assert not at.error
    p = saved(store, plan_id).protocol
    assert (p.trigger, p.tool, p.high.response, p.high.who) == ("PHQ-9 item 9 of 1 or more", HOSTILE,
                                                                "Mobile crisis team", wf.PCP)
    assert {m.label: m.value for m in at.metric}["Suicide-risk protocol"] == "Ready"
    again = open_tab(open_page(PAGE, plan_id), "Suicide-risk protocol")
    assert again.text_input(key=f"{pk}_tool").value == HOSTILE


def test_a_protocol_save_keeps_unsaved_steps(open_page, plan_id, store):
    save_workflow(store, plan_id, [{"phase": 1, "name": "Screen", "who": wf.MA}])
    at = open_page(PAGE, plan_id)
    seed(at, steps_key(), edited={0: {"name": "Screen at every visit"}})
    at.segmented_control(key="wf_cols").set_value("change").run()  # kept as a draft
    open_tab(at, "Suicide-risk protocol")
    at.text_area(key=f"{G0}_protocol_trigger").input("Item 9")
    at.button(key=f"FormSubmitter:{G0}_protocol_form-Save protocol").click().run()
    assert saved(store, plan_id).protocol.trigger == "Item 9"
    open_tab(at, "Steps")
    assert steps_table(at)["name"].tolist() == ["Screen at every visit"]  # still there, still unsaved
    button(at, "Save steps").click().run()
    doc = saved(store, plan_id)
    assert (doc.steps[0].name, doc.protocol.trigger) == ("Screen at every visit", "Item 9")


def test_the_example_plan_shows_its_flowchart_and_its_one_failed_check(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Steps"], metrics["Checks passed"], metrics["Suicide-risk protocol"]) == ("28", "6 of 7", "Ready")
    open_tab(at, "Flowchart")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    # a box per step, and 4 ends of hand-offs with no later step: 3 "To the patient" and 1 "To the PCP"
    hover = spec["data"][0]["hovertext"]
    assert len(hover) == 28 + 4 and sum(h.startswith("<b>To the patient") for h in hover) == 3
    at.segmented_control(key="wf_chart").set_value(1).run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    hover = spec["data"][0]["hovertext"]
    assert any(h.startswith("<b>1.3 Item 9 answered 1 or more") and "suicide-risk protocol" in h for h in hover)
    assert any(a.get("text", "").startswith("<span style='font-size") and "SUICIDE RISK" in a["text"]
               for a in spec["layout"]["annotations"])
    open_tab(at, "Checks")
    failed = [m.value for m in at.markdown if "Not yet" in m.value]
    assert len(failed) == 1 and "recommendations reach the PCP" in failed[0]
    assert "covers task 8.4 but does not hand off to the PCP" in unescaped(failed[0])


def test_an_empty_flowchart_tab_says_what_to_do(open_page, plan_id):
    at = open_tab(open_page(PAGE, plan_id), "Flowchart")
    assert any("Save some steps on the Steps tab" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_discarding_brings_back_the_saved_steps_and_review_even_before_a_switch(open_page, plan_id, store):
    save_workflow(store, plan_id, [{"phase": 1, "name": "Screen", "who": wf.MA}])
    at = open_page(PAGE, plan_id)
    seed(at, steps_key(), edited={0: {"name": "Changed"}})
    at.selectbox(key=f"{G0}_review_0_cadence").set_value("Monthly").run()
    assert any("Unsaved changes" in w.value for w in at.warning)
    button(at, "Discard unsaved changes").click().run()
    assert steps_table(at)["name"].tolist() == ["Screen"]
    assert at.selectbox(key=f"{G0}_review_1_cadence").value is None
    assert not at.warning


def test_the_caseload_review_typed_is_kept_across_a_tab_switch(open_page, plan_id, store):
    team(store, plan_id)
    save_workflow(store, plan_id, [{"phase": 4, "name": "Caseload review", "who": wf.CONSULTANT}])
    at = open_page(PAGE, plan_id)
    at.selectbox(key=f"{G0}_review_0_lead").set_value(LUZ).run()
    open_tab(at, "Flowchart")
    open_tab(at, "Steps")
    assert at.selectbox(key=f"{G0}_review_1_lead").value == LUZ
    button(at, "Save steps").click().run()
    assert saved(store, plan_id).review.lead == LUZ


def test_a_colleagues_protocol_save_and_my_steps_are_both_kept(open_page, plan_id, store):
    save_workflow(store, plan_id, [{"phase": 1, "name": "Screen", "who": wf.MA}])
    at = open_page(PAGE, plan_id)
    theirs = saved(store, plan_id).model_copy(update={"protocol": wf.SuicideProtocol(trigger="Item 9 of 1 or more")})
    plans.save_doc(store, plan_id, theirs, 1, "Sam")  # Sam saves the protocol while I edit the steps
    seed(at, steps_key(), added=[{"name": "Assess risk", "phase": 1, "who": wf.BHCM}])
    button(at, "Save steps").click().run()
    assert not at.error
    doc = saved(store, plan_id)
    assert [s.name for s in doc.steps] == ["Screen", "Assess risk"] and doc.protocol.trigger == "Item 9 of 1 or more"
    assert plans.load_doc(store, plan_id, "workflow").version == 3
