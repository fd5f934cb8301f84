"""Relapse prevention PDFs: the blank patient plan in English and in Spanish with the clinic's contacts and 988, two
pages at most per language (also with every section, added sections and long or hostile text), and the worksheet
PDF with the approach and the contacts."""
from __future__ import annotations

import pytest

from planning import plans, reports
from planning.report import REPLACEMENT, build_handouts
from planning.view import load_view
from tests.conftest import HOSTILE, pdf_pages, pdf_text
from worksheets import relapse_prevention as rp
from worksheets.team import Member, TeamDoc

KIND = "relapse_prevention"
CLINIC = "Riverbend Family Health Center (fictional) · Eastside clinic"
ROSTER = TeamDoc(members=[Member(id="p-luz", name="Luz Ramírez", role="Behavioral health care manager"),
                          Member(id="p-wei", name="Dr. Wei Chen", role="PCP champion")])
RIVERBEND = rp.RelapsePreventionDoc.model_validate({
    "approach": {"when_written": "When the patient has reached their target and held it for about a month.",
                 "writer_role": "Behavioral health care manager", "checkin_every": "monthly", "checkin_months": 3,
                 "checkin_how": "phone"},
    "contacts": {"care_manager_phone": "(555) 010-4477", "pcp_phone": "(555) 010-4400",
                 "after_hours_phone": "(555) 010-4499"}})


def flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def plan_pdf(doc: rp.RelapsePreventionDoc, lang: str, roster: TeamDoc | None = ROSTER, clinic: str = CLINIC) -> bytes:
    return build_handouts([rp.blank_plan(doc, rp.print_contacts(doc, roster), lang, clinic=clinic, revision=2)])


def test_the_english_plan_prints_the_clinics_contacts_988_and_its_rules_on_two_pages():
    data = plan_pdf(RIVERBEND, "en")
    text = flat(data)
    assert pdf_pages(data) == 2
    assert CLINIC in text and "My Plan to Stay Well" in text
    assert "My care manager: Luz Ramírez, (555) 010-4477" in text
    assert "My primary care provider (PCP): Dr. Wei Chen, (555) 010-4400" in text
    assert "After hours (evenings, weekends, holidays): (555) 010-4499" in text
    assert "call or text 988 (Suicide & Crisis Lifeline)" in text and "In an emergency, call 911." in text
    assert "Call my care manager if my score is 10 or more, or if it is 5 points or more above" in text
    assert "My care manager will check in with me every month for 3 months, by phone." in text
    for heading in ("What helped me get better", "My medicines", "(PCP) before you stop or change one",
                    "My stressors and triggers", "My personal warning signs", "Who to call",
                    "People who support me", "My follow-up plan", "Copies go to"):
        assert heading in text, heading
    assert "Relapse prevention plan · form version 2 · printed" in text


def test_the_spanish_plan_prints_in_spanish_with_the_same_contacts_on_two_pages():
    data = plan_pdf(RIVERBEND, "es")
    text = flat(data)
    assert pdf_pages(data) == 2
    assert "Mi plan para seguir bien" in text
    assert "Mi coordinador/a de atención: Luz Ramírez, (555) 010-4477" in text
    assert "Mi proveedor de atención primaria (PCP): Dr. Wei Chen, (555) 010-4400" in text
    assert "(555) 010-4499" in text
    assert "envíe un mensaje de texto al 988" in text and "oprima el 2 para español" in text and "llame al 911" in text
    assert "si mi puntaje es de 10 o más, o si sube 5 puntos o más" in text
    assert "cada mes durante 3 meses, por teléfono" in text
    assert "Mis señales de alerta" in text and "Lo que me ayudó a mejorar" in text
    assert "My care manager" not in text  # no English left on the Spanish plan's body


def test_both_languages_print_one_after_the_other():
    data = build_handouts(rp.blank_plans(RIVERBEND, rp.print_contacts(RIVERBEND, ROSTER), clinic=CLINIC))
    assert pdf_pages(data) == 4  # 2 + 2, each language starting on its own page
    text = flat(data)
    assert text.index("My Plan to Stay Well") < text.index("Mi plan para seguir bien")


def test_missing_contacts_print_lines_to_write_on_and_988_all_the_same():
    text = flat(plan_pdf(rp.RelapsePreventionDoc(), "en", roster=None))
    assert "My care manager: ______________, ______________" in text
    assert "After hours (evenings, weekends, holidays): ______________" in text
    assert "988" in text and "911" in text
    # no schedule chosen: a line to write it on
    assert "My care manager will check in with me: ____________________" in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_hostile_text_in_every_field_prints_and_the_plan_keeps_to_two_pages(lang):
    doc = rp.RelapsePreventionDoc.model_validate({
        "approach": {"when_written": HOSTILE, "sections": list(rp.SECTION_KEYS), "copy_support": True,
                     "checkin_every": "every_2_weeks", "checkin_months": 12, "checkin_how": "any",
                     "step_up_action": HOSTILE, "registry_note": HOSTILE,
                     "extra_sections": [{"title": f"My goals {HOSTILE}", "title_es": f"Mis metas {HOSTILE}"},
                                        {"title": HOSTILE}]},
        "contacts": {"care_manager_name": HOSTILE * 2, "pcp_name": HOSTILE * 2,
                     "care_manager_phone": "(555) 010-4477 <b>& 🎉", "pcp_phone": "(555) 010-4400 ext. 12 中文",
                     "after_hours_phone": "(555) 010-4499 </script>"}})
    data = plan_pdf(doc, lang, clinic=f"{HOSTILE} {HOSTILE}")
    text = flat(data)
    assert pdf_pages(data) <= 2
    assert "<b>unclosed & <script>x</script> Győr" in text  # printed literally, not read as markup
    assert "(555) 010-4477 <b>&" in text and "(555) 010-4499 </script>" in text
    assert REPLACEMENT in text  # characters the font lacks (CJK, emoji) are marked, not dropped silently
    assert "988" in text
    assert ("Mis metas <b>unclosed" if lang == "es" else "My goals <b>unclosed") in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_longest_names_the_team_can_type_still_fit_on_two_pages(lang):
    name = ("Dra. María de los Ángeles Fernández-Castellanos y Ortiz " * 3)[:120]
    phone = "(555) 010-4477 ext. 1234, then press 2"
    titles = ["My goals for the next three months, and who can help me",
              "Mis metas para los próximos tres meses y quién me ayuda"]
    for sections, extras in ((list(rp.DEFAULT_SECTIONS), []), (list(rp.SECTION_KEYS), titles)):
        doc = rp.RelapsePreventionDoc.model_validate({
            "approach": {"sections": sections, "copy_support": True, "checkin_every": "every_2_weeks",
                         "checkin_months": 12, "checkin_how": "any",
                         "extra_sections": [{"title": t, "title_es": t} for t in extras]},
            "contacts": {"care_manager_name": name, "pcp_name": name, "care_manager_phone": phone,
                         "pcp_phone": phone, "after_hours_phone": phone}})
        assert pdf_pages(plan_pdf(doc, lang, clinic=("Riverbend Family Health Center " * 4)[:120])) <= 2


def test_the_worksheet_pdf_prints_the_approach_and_the_contacts(store):
    pid = plans.open_example(store, "Tester")
    version = plans.load_doc(store, pid, KIND).version
    plans.save_doc(store, pid, RIVERBEND, version, "Tester")
    text = flat(reports.worksheet_pdf(store, pid, KIND))
    assert f"Relapse prevention (revision {version + 1})" in text
    assert "nothing about a patient is stored in the workbook" in text
    assert "When the plan is written When the patient has reached their target" in text
    assert "Who writes it with the patient Behavioral health care manager" in text
    assert "Check-ins after the plan The care manager checks in every month for 3 months, by phone." in text
    assert "When to step back up A PHQ-9 of 10 or more, or a rise of 5 points or more" in text
    assert 'Set the patient\'s registry status to "RPP"' in text
    assert "Care manager Luz Ramírez (from the team roster)" in text
    assert "Care manager's phone (555) 010-4477" in text and "After-hours line (555) 010-4499" in text
    assert "Crisis 988 Suicide & Crisis Lifeline" in text
    assert "Still open" not in text


def test_the_worksheet_pdf_lists_what_is_open_and_prints_hostile_text(store, plan_id):
    doc = rp.RelapsePreventionDoc.model_validate({"approach": {"when_written": HOSTILE, "step_up_action": HOSTILE},
                                                  "contacts": {"care_manager_name": HOSTILE}})
    plans.save_doc(store, plan_id, doc, 0, "Tester")
    text = flat(reports.worksheet_pdf(store, plan_id, KIND))
    assert f"When the plan is written {HOSTILE[:30]}" in text
    assert "Care manager <b>unclosed & <script>x</script> Győr" in text
    assert "Still open" in text
    assert "The printed relapse-prevention plan has no phone number for the care manager." in text
    assert "The printed relapse-prevention plan has no after-hours line for evenings and weekends." in text
    # the findings the PDF lists are those the plan view gives every overview
    assert {f.id for f in load_view(store, plan_id).findings([KIND])} >= {
        "relapse_prevention:approach", "relapse_prevention:contact:care-manager-phone",
        "relapse_prevention:contact:after-hours"}
