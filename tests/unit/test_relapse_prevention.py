"""Relapse prevention rules: contacts taken from the roster unless typed, findings that appear and clear, the
approach's sentences on the plan in English and Spanish, the blank plan's content, and validation in plain words."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from planning import plans
from worksheets import relapse_prevention as rp
from worksheets.content import Bullets, Para, WriteIn
from worksheets.team import Member, TeamDoc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROSTER = TeamDoc(members=[
    Member(id="p-maria", name="Maria Okafor", role="CIT lead"),
    Member(id="p-wei", name="Dr. Wei Chen", role="PCP champion"),
    Member(id="p-luz", name="Luz Ramírez", role="Behavioral health care manager"),
    Member(id="p-ana", name="Ana Solís", role="Behavioral health care manager"),
])
PEOPLE = ROSTER.options()
CONTACTS = {"care_manager_phone": "(555) 010-4477", "pcp_phone": "(555) 010-4400",
            "after_hours_phone": "(555) 010-4499"}
APPROACH = {"when_written": "Once the patient has improved and is a month or two from ending active treatment.",
            "writer_role": "Behavioral health care manager", "checkin_every": "monthly", "checkin_months": 3,
            "checkin_how": "phone"}


def doc(approach: dict | None = None, contacts: dict | None = None) -> rp.RelapsePreventionDoc:
    return rp.RelapsePreventionDoc.model_validate({"approach": approach or {}, "contacts": contacts or {}})


def ids(found) -> list[str]:
    return [f.id for f in found]


def errors(data: dict) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        rp.RelapsePreventionDoc.model_validate(data)
    return plans.humanize(exc.value, rp.RelapsePreventionDoc)


def callout(handout) -> str:
    return next(b.text for b in handout.blocks if isinstance(b, Para) and b.style == "callout")


# ---- contacts: the roster's names unless typed ----------------------------------------------------------------

def test_names_left_empty_come_from_the_roster_first_care_manager_and_pcp_champion():
    c = rp.print_contacts(doc(contacts=CONTACTS), ROSTER)
    assert (c.care_manager, c.pcp) == ("Luz Ramírez", "Dr. Wei Chen")  # Luz is listed before Ana
    assert c.care_manager_from_roster and c.pcp_from_roster
    assert (c.care_manager_phone, c.pcp_phone, c.after_hours_phone) == (
        "(555) 010-4477", "(555) 010-4400", "(555) 010-4499")


def test_typed_names_win_and_a_pcp_written_by_hand_prints_no_name():
    c = rp.print_contacts(doc(contacts={"care_manager_name": "Ana Solís", "pcp_name": "Dr. Ruth Park"}), ROSTER)
    assert (c.care_manager, c.pcp, c.care_manager_from_roster, c.pcp_from_roster) == (
        "Ana Solís", "Dr. Ruth Park", False, False)
    by_hand = rp.print_contacts(doc(contacts={"pcp_name": "Dr. Ruth Park", "pcp_by_hand": True}), ROSTER)
    assert by_hand.pcp == "" and by_hand.pcp_by_hand


def test_no_roster_and_nothing_typed_leaves_lines_to_write_on_with_988_always_there():
    plan = rp.blank_plan(doc(), rp.print_contacts(doc(), None), "en")
    text = callout(plan)
    assert "My care manager: ______________, ______________" in text
    assert "call or text 988" in text and "call 911" in text


# ---- findings appear and clear ----------------------------------------------------------------------------------

def test_a_fresh_worksheet_asks_for_the_approach_and_the_missing_numbers_none_a_blocker():
    found = rp.findings(doc(), ROSTER, PEOPLE)
    assert ids(found) == ["relapse_prevention:approach", "relapse_prevention:contact:care-manager-phone",
                          "relapse_prevention:contact:after-hours", "relapse_prevention:contact:pcp-phone",
                          "relapse_prevention:check-ins"]
    severity = {f.id: f.severity for f in found}
    assert severity["relapse_prevention:approach"] == "should_fix"
    assert severity["relapse_prevention:contact:care-manager-phone"] == "should_fix"
    assert severity["relapse_prevention:contact:after-hours"] == "should_fix"
    assert severity["relapse_prevention:contact:pcp-phone"] == "note"
    assert "blocker" not in severity.values()
    approach = found[0]
    assert approach.text == ("The relapse-prevention approach does not say when the plan is written or who writes it "
                             "with the patient yet.")
    assert approach.action.startswith("Agree when each patient's relapse-prevention plan is written")
    assert all(f.worksheet == "relapse_prevention" and f.area == "Relapse prevention" for f in found)


def test_the_approach_finding_names_only_what_is_missing_and_clears_when_both_are_set():
    only_when = rp.findings(doc({"writer_role": "Behavioral health care manager"}), ROSTER, PEOPLE)[0]
    assert only_when.text == "The relapse-prevention approach does not say when the plan is written yet."
    only_who = rp.findings(doc({"when_written": "Before the last month"}), ROSTER, PEOPLE)[0]
    assert only_who.text == "The relapse-prevention approach does not say who writes it with the patient yet."
    assert "relapse_prevention:approach" not in ids(rp.findings(doc(APPROACH), ROSTER, PEOPLE))
    # a named person is enough for "who"
    named = {**APPROACH, "writer_role": None, "writer_person": "p-luz"}
    assert "relapse_prevention:approach" not in ids(rp.findings(doc(named), ROSTER, PEOPLE))


def test_a_writer_who_left_the_team_is_a_finding_and_is_refused_on_save():
    gone = doc({**APPROACH, "writer_role": None, "writer_person": "p-gone"})
    [f] = [f for f in rp.findings(gone, ROSTER, PEOPLE) if f.id == "relapse_prevention:approach"]
    assert "does not say who writes it" in f.text
    with_role = doc({**APPROACH, "writer_person": "p-gone"})  # the role still says who
    [f] = [f for f in rp.findings(with_role, ROSTER, PEOPLE) if f.id == "relapse_prevention:approach"]
    assert f.text == "The person named to write relapse-prevention plans is no longer on the team."
    assert rp.writer_problems(with_role, PEOPLE) == [
        "Relapse prevention, approach, person who writes it: this person is no longer on the implementation team. "
        "Choose someone on the team, or leave it empty and choose a role."]
    assert rp.writer_problems(doc({"writer_person": "p-luz"}), PEOPLE) == []


def test_contact_findings_clear_one_by_one_as_numbers_are_entered():
    assert "relapse_prevention:contact:care-manager-phone" not in ids(
        rp.findings(doc(APPROACH, {"care_manager_phone": "(555) 010-4477"}), ROSTER, PEOPLE))
    assert "relapse_prevention:contact:after-hours" not in ids(
        rp.findings(doc(APPROACH, {"after_hours_phone": "(555) 010-4499"}), ROSTER, PEOPLE))
    assert rp.findings(doc(APPROACH, CONTACTS), ROSTER, PEOPLE) == []


def test_no_care_manager_on_the_roster_and_none_typed_is_its_own_finding():
    roster = TeamDoc(members=[Member(id="p-wei", name="Dr. Wei Chen", role="PCP champion")])
    found = rp.findings(doc(APPROACH, CONTACTS), roster, roster.options())
    assert ids(found) == ["relapse_prevention:contact:care-manager"]
    assert found[0].severity == "should_fix"
    assert rp.findings(doc(APPROACH, {**CONTACTS, "care_manager_name": "Luz Ramírez"}), roster,
                       roster.options()) == []


def test_added_sections_without_a_spanish_title_are_a_note():
    d = doc({**APPROACH, "extra_sections": [{"title": "My goals"}, {"title": "My sleep", "title_es": "Mi sueño"}]},
            CONTACTS)
    [f] = rp.findings(d, ROSTER, PEOPLE)
    assert (f.id, f.severity) == ("relapse_prevention:spanish-titles", "note")
    assert f.text.startswith("1 section the clinic added to the plan has no Spanish title")


def test_progress_is_not_started_then_in_progress_then_complete():
    assert rp.progress(None) == "not started"
    assert rp.progress(doc(), ROSTER, PEOPLE) == "not started"  # only the defaults
    assert rp.progress(doc(APPROACH), ROSTER, PEOPLE) == "in progress"  # numbers still missing
    # the PCP's phone is only a note: complete without it
    assert rp.progress(doc(APPROACH, {**CONTACTS, "pcp_phone": ""}), ROSTER, PEOPLE) == "complete"


# ---- the approach in the plan's words ---------------------------------------------------------------------------

def test_the_check_in_schedule_reads_as_a_sentence_in_both_languages():
    a = doc(APPROACH).approach
    assert rp.checkin_sentence(a, "en") == "My care manager will check in with me every month for 3 months, by phone."
    assert rp.checkin_sentence(a, "es") == ("Mi coordinador/a de atención se comunicará conmigo cada mes durante 3 "
                                            "meses, por teléfono.")
    one = doc({"checkin_every": "every_2_weeks", "checkin_months": 1}).approach  # no "by" chosen
    assert rp.checkin_sentence(one, "en") == "My care manager will check in with me every 2 weeks for 1 month."
    assert rp.checkin_sentence(one, "es") == ("Mi coordinador/a de atención se comunicará conmigo cada 2 semanas "
                                              "durante 1 mes.")
    assert rp.checkin_sentence(doc({"checkin_every": "monthly"}).approach) == ""  # how long is missing


def test_the_self_check_prints_the_clinics_step_up_rule():
    assert "if my score is 10 or more, or if it is 5 points or more above" in rp.self_check_sentence(
        doc().approach, "en")  # the defaults: 10, or a rise of 5
    custom = doc({"step_up_score": 12, "step_up_rise": 0}).approach
    assert rp.self_check_sentence(custom, "en").endswith("Call my care manager if my score is 12 or more.")
    assert rp.self_check_sentence(custom, "es").endswith("si mi puntaje es de 12 o más.")
    assert rp.step_up_rule(doc().approach) == ("A PHQ-9 of 10 or more, or a rise of 5 points or more from the score "
                                               "when the plan was written")


def test_who_to_call_is_always_printed_and_sections_keep_the_catalog_order():
    a = doc({"sections": ["copies", "helped", "helped"]}).approach
    assert a.sections == ["helped", "who_to_call", "copies"]
    rows = [{"key": s.key, "printed": s.key in ("triggers", "scores")} for s in rp.SECTIONS]
    assert rp.sections_data(rows) == ["scores", "triggers"]


# ---- the blank plan -------------------------------------------------------------------------------------------

def test_the_blank_plan_holds_the_sections_chosen_and_the_clinics_contacts_and_nothing_typed_by_staff():
    d = doc({**APPROACH, "step_up_action": "STAFF ONLY: Luz calls back within 2 days"}, CONTACTS)
    plan = rp.blank_plan(d, rp.print_contacts(d, ROSTER), "en", clinic="Riverbend", revision=3)
    assert (plan.title, plan.clinic, plan.lang) == ("My Plan to Stay Well", "Riverbend", "en-US")
    labels = [b.label for b in plan.blocks if isinstance(b, WriteIn)]
    assert labels == ["What helped me get better", "My medicines", "Skills I will keep practicing",
                      "My stressors and triggers", "My personal warning signs",
                      "People who support me and how they can help"]
    assert all(b.lines == 2 for b in plan.blocks if isinstance(b, WriteIn))
    text = callout(plan)
    assert "My care manager: Luz Ramírez, (555) 010-4477" in text
    assert "My primary care provider (PCP): Dr. Wei Chen, (555) 010-4400" in text
    assert "After hours (evenings, weekends, holidays): (555) 010-4499" in text
    everything = json.dumps([str(b) for b in plan.blocks])
    assert "STAFF ONLY" not in everything and "Once the patient has improved" not in everything
    assert plan.footer.startswith("Relapse prevention plan · form version 3 · printed ")


def test_the_spanish_plan_uses_the_spanish_words_and_the_same_contacts():
    d = doc(APPROACH, CONTACTS)
    plan = rp.blank_plan(d, rp.print_contacts(d, ROSTER), "es")
    assert (plan.title, plan.lang) == ("Mi plan para seguir bien", "es-US")
    assert "Mi coordinador/a de atención: Luz Ramírez, (555) 010-4477" in callout(plan)
    assert "si llama, oprima el 2 para español." in callout(plan)  # pressing 2 works on a call, not a text
    assert [b.label for b in plan.blocks if isinstance(b, WriteIn)][-1] == \
        "Personas que me apoyan y cómo me pueden ayudar"
    bullets = next(b for b in plan.blocks if isinstance(b, Bullets))
    assert "si mi puntaje es de 10 o más, o si sube 5 puntos o más" in bullets.items[1]


def test_unticked_sections_are_left_out_and_added_ones_print_in_each_language():
    d = doc({"sections": ["helped", "warning_signs"],
             "extra_sections": [{"title": "My goals", "title_es": "Mis metas"}, {"title": "My pets"}]})
    en = [b.label for b in rp.blank_plan(d, rp.PrintContacts(), "en").blocks if isinstance(b, WriteIn)]
    es = [b.label for b in rp.blank_plan(d, rp.PrintContacts(), "es").blocks if isinstance(b, WriteIn)]
    assert en == ["What helped me get better", "My personal warning signs", "My goals", "My pets"]
    assert es == ["Lo que me ayudó a mejorar", "Mis señales de alerta", "Mis metas", "My pets"]  # no Spanish title


def test_more_sections_than_usual_switch_to_the_compact_layout():
    d = doc({"sections": list(rp.SECTION_KEYS)})  # the scores section too: 10 sections
    assert rp.compact(d.approach)
    plan = rp.blank_plan(d, rp.PrintContacts(), "en")
    assert {b.lines for b in plan.blocks if isinstance(b, WriteIn)} == {1}
    assert all(b.hint == "" for b in plan.blocks if isinstance(b, WriteIn))
    assert not rp.compact(doc().approach, rp.print_contacts(doc(contacts=CONTACTS), ROSTER), "Riverbend")


def test_every_english_phrase_has_a_spanish_one_with_the_same_blanks_and_spanish_accents():
    assert set(rp.ENGLISH) == set(rp.SPANISH)
    for k in rp.ENGLISH:
        assert re.findall(r"{\w+}", rp.ENGLISH[k]) == re.findall(r"{\w+}", rp.SPANISH[k]), k
    spanish = " ".join(rp.SPANISH.values())
    for word in ("ayudó", "señales", "atención", "teléfono", "ánimo", "médico", "recaídas"):
        assert word in spanish
    assert "usted" in rp.SPANISH["intro"]


# ---- validation in plain words --------------------------------------------------------------------------------

def test_phone_numbers_are_checked_and_explained():
    assert errors({"contacts": {"care_manager_phone": "call the front desk"}}) == [
        "contacts, care manager's phone: enter a phone number with its area code, such as (555) 010-4477 (you "
        "entered \"call the front desk\")"]
    assert errors({"contacts": {"after_hours_phone": "555 010 4499 555 010 4400"}}) == [
        "contacts, after-hours line: this has 20 digits: enter one phone number, with an extension if needed, such "
        "as (555) 010-4477 ext. 204 (you entered \"555 010 4499 555 010 4400\")"]
    ok = doc(contacts={"care_manager_phone": "(555) 010-4477 ext. 204", "after_hours_phone": "  "})
    assert (ok.contacts.care_manager_phone, ok.contacts.after_hours_phone) == ("(555) 010-4477 ext. 204", "")


def test_other_bad_input_names_the_field():
    assert errors({"approach": {"extra_sections": [{"title": "", "title_es": "Mis metas"}]}}) == [
        "approach, sections the clinic added, row 1, section title (English): write the section's title in English"]
    assert errors({"approach": {"extra_sections": [{"title": "a"}, {"title": "b"}, {"title": "c"}]}}) == [
        "approach, sections the clinic added: add at most 2 sections of your own (you added 3): more would not fit "
        "on two printed pages."]
    assert errors({"approach": {"step_up_score": 30, "checkin_months": 0}}) == [
        "approach, check-ins for how many months: must be 1 or more; you entered 0",
        "approach, step back up at a PHQ-9 of: must be 27 or less; you entered 30"]
    assert errors({"schema_version": 2})[0].startswith("this was saved by a newer version of the workbook")


def test_the_golden_fixture_loads_and_says_what_it_holds():
    d = rp.RelapsePreventionDoc.model_validate(
        json.loads((FIXTURES / "relapse_prevention_v1.json").read_text(encoding="utf-8")))
    assert d.contacts.pcp_by_hand and d.approach.extra_sections[0].title_es == "Mis metas"
    # 7 catalog sections + who to call (always) + 1 added = 9; one phone of each kind typed
    assert rp.describe(d) == "9 sections, Behavioral health care manager, 3 of 3 phone numbers"


def test_the_report_section_holds_the_approach_the_contacts_and_what_is_open():
    section = rp.report_section(doc(APPROACH), 2, ROSTER, PEOPLE)
    approach = dict(section.blocks[2].rows)
    assert approach["Who writes it with the patient"] == "Behavioral health care manager"
    assert approach["Check-ins after the plan"] == "The care manager checks in every month for 3 months, by phone."
    assert approach["Copies"] == "the patient, the PCP, the chart"
    contacts = dict(section.blocks[4].rows)
    assert contacts["Care manager"] == "Luz Ramírez (from the team roster)"
    assert contacts["After-hours line"] == "Not set"
    assert contacts["Crisis"].startswith("988")
    assert section.blocks[-1].items[0] == ("The printed relapse-prevention plan has no phone number for the care "
                                           "manager.")
