"""Patient education and consent rules: the materials list, the findings the launch gate reads, the consent script's
required points, the care-team flyer made from the roster, and the Spanish wording."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from planning import plans
from worksheets import patient_education as pe
from worksheets import patient_texts as tx
from worksheets import team as tm
from worksheets.content import KeyValues, Para

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "patient_education_v1.json"
CLINIC = "Riverbend Family Health Center · Eastside clinic"

ROSTER = tm.TeamDoc.model_validate({"members": [
    {"id": "a1f3c9e2b701", "name": "Maria Okafor", "role": "CIT lead"},
    {"id": "b72d0e4c9a15", "name": "Dr. Wei Chen", "role": "PCP champion"},
    {"id": "c0e85b17d3f6", "name": "Luz Ramírez", "role": "Behavioral health care manager"},
    {"id": "d4a6f0c28e93", "name": "Dr. Samuel Adeyemi", "role": "Psychiatric consultant"},
    {"id": "e9b3d51a7c40", "name": "Tom Becker", "role": "Other", "role_detail": "Billing supervisor"},
]})


def doc(**data) -> pe.PatientEducationDoc:
    return pe.PatientEducationDoc.model_validate(data)


def problems(data: dict) -> list[str]:
    with pytest.raises(ValidationError) as info:
        pe.PatientEducationDoc.model_validate(data)
    return plans.humanize(info.value, pe.PatientEducationDoc)


def with_ready(*ready: str, **extra) -> pe.PatientEducationDoc:
    """The catalog's materials with some marked ready."""
    rows = [{**m.model_dump(), "ready": m.id in ready} for m in pe.PatientEducationDoc().material_list()]
    return doc(materials=rows, **extra)


def ids(d: pe.PatientEducationDoc) -> dict[str, str]:
    return {f.id: f.severity for f in pe.findings(d)}


# ---- the materials list ---------------------------------------------------------------------

def test_an_untouched_worksheet_lists_the_catalog_with_the_flyer_and_consent_script_first():
    materials = pe.PatientEducationDoc().material_list()
    assert [m.id for m in materials][:3] == ["flyer", "consent", "phq9-sheet"]
    names = [m.name for m in materials]
    for expected in ("\"Your care team\" flyer", "Verbal consent talking points", "PHQ-9 staff sheet", "Treatment FAQ",
                     "Behavioral activation handouts", "Relapse prevention plan template", "Patient safety plan",
                     "Introduction video"):
        assert expected in names
    # the handouts this page prints are in English and Spanish from the start; the others in no language yet
    flyer = materials[0]
    assert flyer.languages() == "English, Spanish" and materials[3].languages() == ""
    # required before launch by default: the flyer, the consent script, the PHQ-9 sheet and the safety plan
    assert [m.id for m in materials if m.is_required] == ["flyer", "consent", "phq9-sheet", "safety-plan"]


def test_an_untouched_worksheet_has_three_launch_blockers_one_should_fix_and_one_note():
    found = ids(pe.PatientEducationDoc())
    assert found == {
        "patient_education:flyer-not-ready": "blocker",
        "patient_education:consent-not-ready": "blocker",
        "patient_education:not-ready:phq9-sheet": "should_fix",
        "patient_education:safety-plan-not-ready": "blocker",
        "patient_education:reading-level": "note",
    }
    note = next(f for f in pe.findings(pe.PatientEducationDoc()) if f.severity == "note")
    # in use = required, ready or owned: the 4 required materials, none checked
    assert note.text.startswith("Reading level not checked yet for 4 materials in use: \"Your care team\" flyer")


def test_marking_the_flyer_and_the_consent_script_ready_clears_the_launch_blockers():
    found = ids(with_ready("flyer"))
    assert "patient_education:flyer-not-ready" not in found and "patient_education:consent-not-ready" in found
    found = ids(with_ready("flyer", "consent", "safety-plan", contact={"phone": "(555) 010-4477"}))
    assert not [f for f, s in found.items() if s == "blocker"]


def test_a_flyer_marked_ready_without_the_care_managers_phone_should_be_fixed():
    assert ids(with_ready("flyer"))["patient_education:flyer-no-phone"] == "should_fix"
    assert "patient_education:flyer-no-phone" not in ids(with_ready("flyer", contact={"phone": "555 0100"}))


def test_another_required_material_not_ready_is_a_should_fix_and_the_safety_plan_blocks_launch():
    rows = [m.model_dump() for m in pe.PatientEducationDoc().material_list()]
    rows[6]["owner"] = "d4a6f0c28e93"  # the safety plan, owned by the psychiatric consultant
    rows[3]["required"] = True  # the treatment FAQ, made required by the clinic
    found = pe.findings(doc(materials=rows), roles={m.id: m.role for m in ROSTER.members})
    # the safety plan is part of the suicide-risk response: not ready, it blocks launch like the flyer and consent
    safety = next(f for f in found if f.id == "patient_education:safety-plan-not-ready")
    assert safety.severity == "blocker" and safety.owner_role == "Psychiatric consultant"
    assert safety.text.startswith("The patient safety plan is not ready")
    faq = next(f for f in found if f.id == "patient_education:not-ready:treatment-faq")
    assert faq.severity == "should_fix" and faq.text == "Treatment FAQ is required before launch and not ready yet."
    rows[6]["required"] = False  # the clinic decides it does not need one from this page
    found = pe.findings(doc(materials=rows), roles={m.id: m.role for m in ROSTER.members})
    assert not any(f.id == "patient_education:safety-plan-not-ready" for f in found)


def test_the_flyer_and_the_consent_script_stay_required():
    rows = [m.model_dump() for m in pe.PatientEducationDoc().material_list()]
    rows[0]["required"] = False
    lines = problems({"materials": rows})
    assert lines == ["materials, row 1 (\"Your care team\" flyer): this material stays required before launch, "
                     "because the launch gate checks it (tick Required again)"]


def test_editor_rows_keep_ids_give_new_rows_one_and_refuse_removing_a_standard_material():
    rows = pe.material_rows(pe.PatientEducationDoc())
    rows[2]["ready"] = np.bool_(True)  # a data editor's tick box
    rows.append({"name": "Welcome letter", "english": True, "required": True})
    out, issues = pe.materials_from_rows(rows)
    assert not issues
    saved = doc(materials=out)
    assert [m.id for m in saved.materials][:9] == [m.id for m in pe.CATALOG]
    letter = saved.materials[-1]
    assert letter.name == "Welcome letter" and len(letter.id) == 12 and letter.is_required
    assert saved.materials[0].required is None  # the flyer's default is kept as "the default", not stored
    assert saved.material("phq9-sheet").ready
    del rows[6]  # the safety plan
    _, issues = pe.materials_from_rows(rows)
    assert issues == ["Patient education and consent, materials: \"Patient safety plan\" is one of the standard "
                      "materials and cannot be removed. Untick Required if the clinic will not use it."]


def test_a_material_with_no_name_is_refused_naming_its_row():
    lines = problems({"materials": [{"id": "x1", "name": "", "ready": True}]})
    assert lines == ["materials, row 1, material: enter the material's name"]  # the page puts the title first


def test_an_owner_who_left_the_team_is_refused_naming_the_material():
    d = doc(materials=[{"id": "flyer", "name": "Flyer", "owner": "gone1"}])
    assert pe.owner_problems(d, {"b72d0e4c9a15"}) == [
        "Patient education and consent, materials, row 1 (Flyer), owner: this person is no longer on the "
        "implementation team. Choose someone on the team, or leave the owner empty."]


# ---- the consent script -----------------------------------------------------------------------

def test_an_untouched_script_is_our_six_required_points_in_both_languages():
    points = pe.PatientEducationDoc().points()
    assert [p.id for p in points] == ["primary-care", "team", "contact", "sharing", "cost", "stop"]
    assert all(p.en and p.es for p in points)
    assert "copay" in points[4].en and "copago" in points[4].es
    assert "stop at any time" in points[5].en and "en cualquier momento" in points[5].es


def test_removing_a_required_point_is_refused_naming_it():
    points = [p.model_dump() for p in pe.our_points() if p.id != "cost"]
    lines = problems({"consent": points})
    assert lines == ["the required consent point \"A monthly cost share may apply\" is missing: a required point can "
                     "be reworded but not removed. Press \"Fill in our wording where missing\" to put it back"]


def test_an_emptied_required_point_is_refused_and_fill_in_puts_our_wording_back():
    rows = pe.consent_rows(pe.PatientEducationDoc())
    rows[1]["es"] = ""  # the team point's Spanish, emptied
    rows[2]["en"] = "We will call you every two weeks."  # a reworded point
    del rows[5]  # the "stop at any time" point, removed
    lines = problems({"consent": pe.consent_from_rows(rows)})
    assert lines == [
        "the required consent point \"You can stop at any time\" is missing: a required point can be reworded but "
        "not removed. Press \"Fill in our wording where missing\" to put it back",
        "consent point 2 (A team, with a consultant you usually do not meet), Spanish wording: it is empty. Type it, "
        "or press \"Fill in our wording where missing\" to put our wording back"]
    fixed = doc(consent=pe.consent_from_rows(rows, fill_missing=True))
    points = {p.id: p for p in fixed.points()}
    assert [p.id for p in fixed.points()] == list(pe.REQUIRED_POINTS)
    assert points["team"].es == tx.CONSENT_REQUIRED[1][2]["es"]  # our wording back
    assert points["contact"].en == "We will call you every two weeks."  # the team's wording kept
    assert points["stop"].en == tx.CONSENT_REQUIRED[5][2]["en"]


def test_the_clinics_own_point_needs_both_languages():
    rows = pe.consent_rows(pe.PatientEducationDoc()) + [{"en": "We also offer group visits.", "es": None}]
    lines = problems({"consent": pe.consent_from_rows(rows, fill_missing=True)})  # fill-in never invents Spanish
    assert lines == ["consent point 7 (added by the clinic), Spanish wording: it is empty. Type it (the script prints "
                     "in both languages), or delete the row"]
    rows[-1]["es"] = "También ofrecemos consultas en grupo."
    saved = doc(consent=pe.consent_from_rows(rows))
    assert saved.points()[-1].es == "También ofrecemos consultas en grupo." and len(saved.points()) == 7


def test_restore_puts_our_wording_in_every_required_point_and_keeps_the_clinics_own():
    rows = pe.consent_rows(pe.PatientEducationDoc())
    rows[0]["en"] = "Reworded."
    rows.append({"en": "Extra point.", "es": "Punto extra."})
    d = doc(consent=pe.consent_from_rows(rows))
    back = doc(consent=pe.restored(d))
    assert back.points()[0].en == tx.CONSENT_REQUIRED[0][2]["en"]
    assert back.points()[-1].en == "Extra point." and len(back.points()) == 7


def test_the_consent_handout_marks_required_points_and_says_what_to_record():
    d = doc(consent=pe.consent_from_rows(pe.consent_rows(pe.PatientEducationDoc())
                                         + [{"en": "Group visits too.", "es": "También hay consultas en grupo."}]),
            chart_note="Use the CoCM consent smart phrase.")
    en = pe.consent_script(d, "en", CLINIC)
    texts = [getattr(b, "text", "") for b in en.blocks]
    assert "5. A monthly cost share may apply (required)" in texts and "7. (added by our clinic)" in texts
    assert "At our clinic: Use the CoCM consent smart phrase." in texts
    es = pe.consent_script(d, "es", CLINIC)
    es_texts = [getattr(b, "text", "") for b in es.blocks]
    assert es.lang == "es-US" and es.title == "Consentimiento verbal: puntos para conversar"
    assert "5. Es posible que haya un costo compartido cada mes (obligatorio)" in es_texts
    assert "7. (agregado por nuestra clínica)" in es_texts and "También hay consultas en grupo." in es_texts
    record = next(b for b in es.blocks if hasattr(b, "items"))
    assert "Que se habló del costo compartido mensual (copago)." in record.items


# ---- the flyer ----------------------------------------------------------------------------------

def _contact_rows(h) -> dict[str, str]:
    return dict(next(b for b in h.blocks if isinstance(b, KeyValues) and len(b.rows) <= 2).rows)


def test_the_flyer_lists_the_patient_first_then_the_care_team_from_the_roster():
    d = doc(contact={"phone": "(555) 010-4477", "hours": "Mon-Fri 8:30-5"})
    h = pe.flyer(d, ROSTER, CLINIC, "en")
    assert h.title == "Your care team" and h.clinic == CLINIC and h.lang == "en-US"
    team = dict(next(b for b in h.blocks if isinstance(b, KeyValues)).rows)
    assert list(team) == ["You", "Primary care provider", "Care manager", "Psychiatric consultant"]
    assert team["You"].startswith("The most important member of the team. You know best how you feel")
    assert team["Primary care provider"] == "Dr. Wei Chen: Leads your care, checks on your health and can prescribe " \
                                            "medicine."
    assert team["Care manager"].startswith("Luz Ramírez: Calls you regularly, asks short questions")
    assert "You usually do not meet them." in team["Psychiatric consultant"]
    assert "Maria Okafor" not in str(h) and "Tom Becker" not in str(h)  # the CIT lead and billing: not by default
    assert _contact_rows(h) == {"Phone and hours": "(555) 010-4477 · Mon-Fri 8:30-5"}
    callout = next(b for b in h.blocks if isinstance(b, Para) and b.style == "callout")
    assert "Call or text 988" in callout.text and "call 911" in callout.text


def test_the_spanish_flyer_is_in_spanish():
    d = doc(contact={"phone": "(555) 010-4477", "hours": "Mon-Fri 8:30-5", "hours_es": "lunes a viernes, 8:30 a 5",
                     "after_hours": "Call the main line.", "phq9": True})
    h = pe.flyer(d, ROSTER, CLINIC, "es")
    assert h.title == "Su equipo de atención" and h.lang == "es-US"
    team = dict(next(b for b in h.blocks if isinstance(b, KeyValues)).rows)
    assert list(team) == ["Usted", "Proveedor de atención primaria", "Coordinador/a de atención",
                          "Psiquiatra consultor/a"]
    assert team["Coordinador/a de atención"].startswith("Luz Ramírez: Le llama con regularidad")
    contact = _contact_rows(h)
    assert contact["Teléfono y horario"] == "(555) 010-4477 · lunes a viernes, 8:30 a 5"
    assert contact["Fuera del horario"] == "Call the main line."  # no Spanish typed: the English as typed
    callout = next(b for b in h.blocks if isinstance(b, Para) and b.style == "callout")
    assert "988" in callout.text and "oprima el 2 para español" in callout.text and "911" in callout.text
    text = " ".join(getattr(b, "text", "") for b in h.blocks)
    assert "Las preguntas que le hacemos cada vez (PHQ-9)" in text and "9. Pensamientos de que estaría" in text
    assert "Ningún día (0)" in text


def test_people_can_be_added_to_or_taken_off_the_flyer_and_their_words_changed():
    rows = pe.flyer_person_rows(pe.PatientEducationDoc(), ROSTER)
    assert [(r["name"], r["show"]) for r in rows] == [
        ("Maria Okafor", False), ("Dr. Wei Chen", True), ("Luz Ramírez", True), ("Dr. Samuel Adeyemi", True),
        ("Tom Becker", False)]
    assert pe.flyer_people_from_rows(rows, ROSTER) == {}  # nothing changed: nothing stored
    rows[0]["show"] = True
    rows[2]["es"] = "Le llama cada semana."
    rows[3]["en"] = ""  # emptied: back to our wording
    people = pe.flyer_people_from_rows(rows, ROSTER)
    assert people == {"a1f3c9e2b701": {"show": True, "en": "", "es": ""},
                      "c0e85b17d3f6": {"show": None, "en": "", "es": "Le llama cada semana."}}
    d = doc(flyer_people=people)
    es = dict(next(b for b in pe.flyer(d, ROSTER, CLINIC, "es").blocks if isinstance(b, KeyValues)).rows)
    assert es["Coordinador/a de atención"] == "Luz Ramírez: Le llama cada semana."
    assert es["Líder del programa"].startswith("Maria Okafor: Dirige el programa")


def test_people_with_the_same_role_share_one_row():
    roster = tm.TeamDoc.model_validate({"members": [
        {"id": "p1", "name": "Dr. Ana Ruiz", "role": "PCP champion"},
        {"id": "p2", "name": "Dr. Ben Ode", "role": "PCP champion"}]})
    team = dict(next(b for b in pe.flyer(pe.PatientEducationDoc(), roster, CLINIC, "en").blocks
                     if isinstance(b, KeyValues)).rows)
    assert team["Primary care provider"].startswith("Dr. Ana Ruiz, Dr. Ben Ode: Leads your care")


def test_without_a_primary_care_provider_the_flyer_leaves_a_line_to_write_one_in():
    roster = tm.TeamDoc.model_validate({"members": [{"id": "c1", "name": "Luz Ramírez",
                                                     "role": "Behavioral health care manager"}]})
    team = dict(next(b for b in pe.flyer(pe.PatientEducationDoc(), roster, CLINIC, "en").blocks
                     if isinstance(b, KeyValues)).rows)
    assert list(team)[:2] == ["You", "Primary care provider"]
    assert team["Primary care provider"].startswith("____") and "Your own primary care provider" in \
        team["Primary care provider"]
    contact = _contact_rows(pe.flyer(pe.PatientEducationDoc(), roster, CLINIC, "en"))
    assert contact["Phone and hours"].startswith("____")  # no phone typed: a line to write it on


def test_the_phq9_topics_are_left_off_when_they_would_not_fit_on_one_page():
    d = doc(contact={"phq9": True})
    pages = iter([2, 1])  # printed with the topics: 2 pages; without: 1
    h, n, dropped = pe.fitted_flyer(d, ROSTER, CLINIC, "en", lambda _: next(pages))
    assert dropped and n == 1 and "PHQ-9" not in " ".join(getattr(b, "text", "") for b in h.blocks)
    h, n, dropped = pe.fitted_flyer(d, ROSTER, CLINIC, "en", lambda _: 1)
    assert not dropped and "PHQ-9" in " ".join(getattr(b, "text", "") for b in h.blocks)


# ---- the PHQ-9 staff sheet ---------------------------------------------------------------------

def test_the_phq9_sheet_answers_the_common_questions_with_the_score_bands():
    h = pe.phq9_sheet("en")
    text = " ".join(getattr(b, "text", "") for b in h.blocks)
    for question in ("Why am I being asked these questions?", "Who will see my answers?", "What does my score mean?",
                     "Why do you ask about hurting myself?", "What happens if I answer yes?",
                     "Why do you ask me again each time?", "Can I say no?"):
        assert question in text
    assert "role-play" in text and "the same day" in text
    bands = next(b for b in h.blocks if hasattr(b, "columns"))
    assert bands.rows == (("0\u20134", "Minimal"), ("5\u20139", "Mild"), ("10\u201314", "Moderate"),
                          ("15\u201319", "Moderately severe"), ("20\u201327", "Severe"))
    # question 9 answered 1 or more: a risk check the same day
    assert "(1 point or more) means a risk check the same day" in text


# ---- the wording ---------------------------------------------------------------------------------

def test_every_text_has_english_and_spanish_and_the_spanish_is_not_a_copy():
    for entry in tx.every_text():
        assert set(entry) == {"en", "es"} and entry["en"].strip() and entry["es"].strip(), entry
        if not entry["en"].startswith("___"):
            assert entry["es"] != entry["en"], entry


def test_the_spanish_keeps_one_term_for_each_role():
    spanish = " ".join(e["es"] for e in tx.every_text())
    assert "coordinador/a de atención" in spanish.lower()
    for other in ("administrador", "coordinador de cuidados", "manejador", "gestor"):
        assert other not in spanish.lower(), other
    assert "proveedor de atención primaria" in spanish and "médico de cabecera" not in spanish
    assert " tú " not in f" {spanish.lower()} "  # usted, never tú
    for word in ("atención", "está", "después", "teléfono", "¿", "días"):
        assert word in spanish, word


# ---- progress, history, fixture --------------------------------------------------------------------

def test_progress_and_the_history_line():
    assert pe.progress(None) == pe.NOT_STARTED and pe.progress(pe.PatientEducationDoc()) == pe.NOT_STARTED
    partly = with_ready("flyer", "consent")
    assert pe.progress(partly) == pe.IN_PROGRESS  # the PHQ-9 sheet and the safety plan are not ready
    done = with_ready("flyer", "consent", "phq9-sheet", "safety-plan", contact={"phone": "555"})
    assert pe.progress(done) == pe.COMPLETE
    assert pe.describe(partly) == "2 of 9 materials ready; flyer ready; consent script ready"


def test_the_golden_fixture_loads():
    d = pe.PatientEducationDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    # 10 materials (the 9 standard ones and a welcome letter); only the safety plan is not ready
    assert pe.describe(d) == "9 of 10 materials ready; flyer ready; consent script ready; 1 consent point added"
    assert [f.id for f in pe.findings(d)] == ["patient_education:safety-plan-not-ready"]


def test_the_report_section_has_the_materials_the_flyer_contacts_and_both_languages_of_the_consent():
    d = pe.PatientEducationDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    section = pe.report_section(d, 3, people=ROSTER.options(), roster=ROSTER)
    tables = {b.caption: b for b in section.blocks if hasattr(b, "caption")}
    materials = tables["Materials"]
    safety = next(r for r in materials.rows if r[0] == "Patient safety plan")
    assert safety[1:6] == ("English", "Dr. Samuel Adeyemi (Psychiatric consultant)", "Yes", "No", "Yes")
    consent = tables["Consent points"]
    assert consent.columns == ("#", "Point", "English", "Spanish") and len(consent.rows) == 7
    assert consent.rows[4][1] == "A monthly cost share may apply (required)" and "copago" in consent.rows[4][3]
    contacts = dict(next(b for b in section.blocks if isinstance(b, KeyValues)).rows)
    assert contacts["Care manager's phone"] == "(555) 010-4477"
