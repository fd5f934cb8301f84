"""Relapse prevention page in AppTest: the example plan's approach and contacts with the plan previewed in both
languages, saving the approach, a bad phone number refused in words with nothing lost, hostile text shown as
typed, and the downloads."""
from __future__ import annotations

from planning import plans
from tests.conftest import HOSTILE, plain, press
from worksheets import relapse_prevention as rp

PAGE = "pages/relapse_prevention_page.py"
KIND = "relapse_prevention"
RIVERBEND = {  # what the example plan holds (the team: Luz Ramírez care manager, Dr. Wei Chen PCP champion)
    "approach": {"when_written": "When the patient has reached their target and held it for about a month.",
                 "writer_role": "Behavioral health care manager", "writer_person": "c0e85b17d3f6",
                 "checkin_every": "monthly", "checkin_months": 3, "checkin_how": "phone"},
    "contacts": {"care_manager_phone": "(555) 010-4477", "pcp_phone": "(555) 010-4400",
                 "after_hours_phone": "(555) 010-4499"}}


def key(at, part: str) -> str:
    """A widget key of the current editor generation (it moves on after every save)."""
    gen = at.session_state[f"_gen_{KIND}"] if f"_gen_{KIND}" in at.session_state else 0
    return f"{KIND}_editor_{gen}_{part}"






def shown(elements) -> list[str]:
    return [plain(e.value) for e in elements]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def saved(store, pid) -> plans.Loaded:
    return plans.load_doc(store, pid, KIND)


def save_example(store, pid: str) -> None:
    version = saved(store, pid).version  # the example plan may already hold a version of its own
    plans.save_doc(store, pid, rp.RelapsePreventionDoc.model_validate(RIVERBEND), version, "Tester")


def test_the_example_plan_shows_its_approach_and_previews_the_plan_with_its_contacts(open_page, store):
    pid = plans.open_example(store, "Tester")
    save_example(store, pid)
    at = open_page(PAGE, pid)
    assert at.title[0].value == "Relapse prevention"
    m = metrics(at)
    assert (m["Status"], m["Sections printed"], m["Still open"]) == ("● Complete", "9", "0")
    text = shown(at.markdown)
    assert any("Written by: Luz Ramírez (Licensed clinical social worker)" in t for t in text)
    # the preview: English and Spanish, with the names from the roster and the phones typed
    assert any("My care manager: Luz Ramírez, (555) 010-4477" in t for t in text)
    assert any("My primary care provider (PCP): Dr. Wei Chen, (555) 010-4400" in t for t in text)
    assert any("Mi coordinador/a de atención: Luz Ramírez, (555) 010-4477" in t for t in text)
    assert any("call or text 988" in t for t in text) and any("envíe un mensaje de texto al 988" in t for t in text)
    assert any("every month for 3 months, by phone" in t for t in text)
    # said where a user might wonder
    assert any("filled in on paper with the patient" in t and "Nothing about a patient is typed or stored here" in t
               for t in shown(at.info))
    assert any("Nothing about a patient is typed or stored here" in c for c in shown(at.caption))
    # the downloads: English, Spanish, both, and the worksheet PDF on demand
    assert [d.proto.label for d in at.get("download_button")] == [
        "Blank plan, English", "Plan en blanco, español", "Both languages"]
    at = press(at, "Build the relapse prevention PDF")
    assert "Download PDF" in [d.proto.label for d in at.get("download_button")]


def test_a_fresh_worksheet_lists_what_is_open_and_the_roster_fills_the_names(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid)
    if saved(store, pid).version:  # once the example plan holds this worksheet, start from an empty one
        plans.save_doc(store, pid, rp.RelapsePreventionDoc(), saved(store, pid).version, "Tester")
        at = open_page(PAGE, pid)
    m = metrics(at)
    assert m["Still open"] == "5"  # approach, care manager phone, after-hours, PCP phone (note), check-ins (note)
    assert at.text_input(key=key(at, "cm_name")).placeholder == "From the team: Luz Ramírez"
    assert any("My care manager: Luz Ramírez, ______________" in t for t in shown(at.markdown))


def test_save_the_approach_and_the_finding_clears(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    assert metrics(at)["Status"] == "○ Not started"
    at.text_area(key=key(at, "when")).input("Once the patient has improved, a month before the episode ends")
    at.selectbox(key=key(at, "role")).select("Behavioral health care manager")
    at.selectbox(key=key(at, "every")).select("every_2_weeks")
    at.number_input(key=key(at, "months")).set_value(2)
    at.selectbox(key=key(at, "how")).select("phone_video")
    at.number_input(key=key(at, "score")).set_value(12)
    at.checkbox(key=key(at, "copy_support")).check()
    at = press(at, "Save approach")
    assert any("Saved as version 1" in s for s in shown(at.success))
    a = saved(store, plan_id).doc.approach
    assert a.when_written == "Once the patient has improved, a month before the episode ends"
    assert (a.writer_role, a.checkin_every, a.checkin_months, a.checkin_how) == (
        "Behavioral health care manager", "every_2_weeks", 2, "phone_video")
    assert (a.step_up_score, a.step_up_rise, a.copy_support) == (12, 5, True)
    assert metrics(at)["Status"] == "◐ In progress"  # the phone numbers are still missing
    text = shown(at.markdown)
    assert any("every 2 weeks for 2 months, by phone or video" in t for t in text)
    assert any("if my score is 12 or more, or if it is 5 points or more above" in t for t in text)
    assert not any("does not say when the plan is written" in t for t in text)  # the finding is gone


def test_untick_a_section_and_add_one_of_our_own(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    rows = {s.key: i for i, s in enumerate(rp.SECTIONS)}
    at.session_state[key(at, "sections")] = {
        "edited_rows": {rows["triggers"]: {"printed": False}, rows["who_to_call"]: {"printed": False}},
        "added_rows": [], "deleted_rows": []}
    at.session_state[key(at, "extra")] = {
        "edited_rows": {}, "added_rows": [{"title": "My goals", "title_es": "Mis metas"}], "deleted_rows": []}
    at = press(at, "Save approach")
    a = saved(store, plan_id).doc.approach
    assert "triggers" not in a.sections and "who_to_call" in a.sections  # who to call cannot be left out
    assert [(s.title, s.title_es) for s in a.extra_sections] == [("My goals", "Mis metas")]
    text = shown(at.markdown)
    assert any(t.startswith("Mis metas") for t in text)
    assert not any(t.startswith("My stressors and triggers") for t in text)


def test_a_bad_phone_number_is_refused_in_words_and_nothing_is_lost(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.text_input(key=key(at, "cm_name")).input("Luz Ramírez")
    at.text_input(key=key(at, "cm_phone")).input("ask the front desk")
    at = press(at, "Save contacts")
    [error] = shown(at.error)
    assert "Not saved." in error
    assert ("Relapse prevention, contacts, care manager's phone: enter a phone number with its area code, such as "
            "(555) 010-4477 (you entered \"ask the front desk\")") in error
    assert saved(store, plan_id).version == 0
    assert at.text_input(key=key(at, "cm_phone")).value == "ask the front desk"  # still there to fix
    at.text_input(key=key(at, "cm_phone")).input("(555) 010-4477")
    at.text_input(key=key(at, "after_hours")).input("(555) 010-4499")
    at = press(at, "Save contacts")
    c = saved(store, plan_id).doc.contacts
    assert (c.care_manager_name, c.care_manager_phone, c.after_hours_phone) == (
        "Luz Ramírez", "(555) 010-4477", "(555) 010-4499")


def test_hostile_text_is_saved_and_shown_as_typed(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    at.text_input(key=key(at, "cm_name")).input(HOSTILE)
    at.text_input(key=key(at, "pcp_phone")).input("(555) 010-4400 <b>& 中文 🎉")
    at = press(at, "Save contacts")
    assert not at.error, shown(at.error)
    assert saved(store, plan_id).doc.contacts.care_manager_name == HOSTILE
    text = shown(at.markdown)
    assert any(f"My care manager: {HOSTILE}, ______________" in t for t in text)
    assert any("(PCP): ______________, (555) 010-4400 <b>& 中文 🎉" in t for t in text)
    assert not at.exception
