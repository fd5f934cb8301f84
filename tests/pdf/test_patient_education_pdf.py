"""Patient education PDFs: the care-team flyer in English and Spanish on one page, the consent script in both
languages, the PHQ-9 staff sheet, the worksheet's report section, and hostile text printed literally."""
from __future__ import annotations

import json
from pathlib import Path

from planning import plans, reports
from planning.report import REPLACEMENT, build_handouts
from planning.view import load_view
from tests.conftest import HOSTILE, pdf_pages, pdf_text
from worksheets import patient_education as pe
from worksheets import team as tm

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "patient_education_v1.json"
EXAMPLE_TEAM = json.loads((Path(__file__).resolve().parent.parent.parent / "examples" / "example-plan.json")
                          .read_text(encoding="utf-8"))["documents"]["team"]
CLINIC = "Riverbend Family Health Center (fictional) · Eastside clinic"
ROSTER = tm.TeamDoc.model_validate(EXAMPLE_TEAM)
DOC = pe.PatientEducationDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))  # PHQ-9 topics on


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(h) -> int:
    return pdf_pages(build_handouts([h]))


def _printed_flyer(doc, roster, lang):
    """The flyer as the page prints it: the PHQ-9 topics only while it fits on one page."""
    return pe.fitted_flyer(doc, roster, CLINIC, lang, _pages)


def test_the_english_flyer_names_the_team_the_patient_the_care_managers_phone_and_988_on_one_page():
    h, pages, dropped = _printed_flyer(DOC, ROSTER, "en")
    data = build_handouts([h])
    assert pdf_pages(data) == 1 and not dropped  # the example's roster leaves room for the PHQ-9 topics
    text = _flat(pdf_text(data))
    assert text.startswith("Riverbend Family Health Center (fictional) · Eastside clinic Your care team")
    for expected in ("You The most important member of the team.", "Dr. Wei Chen: Leads your care",
                     "Luz Ramírez: Calls you regularly", "Dr. Samuel Adeyemi: A psychiatrist",
                     "(555) 010-4477 · Mon-Fri 8:30-5", "Call or text 988", "call 911",
                     "9. Thoughts that you would be better off dead"):
        assert expected in text, expected
    assert "Tom Becker" not in text and "Maria Okafor" not in text  # billing and the CIT lead: not on the flyer


def test_the_spanish_flyer_is_in_spanish_on_one_page():
    h, pages, dropped = _printed_flyer(DOC, ROSTER, "es")
    data = build_handouts([h])
    assert pdf_pages(data) == 1 and not dropped
    text = _flat(pdf_text(data))
    for expected in ("Su equipo de atención", "Quiénes forman parte de su equipo", "Usted El miembro más importante",
                     "Luz Ramírez: Le llama con regularidad", "Psiquiatra consultor/a",
                     "(555) 010-4477 · lunes a viernes, de 8:30 a 5", "Teléfono y horario",
                     "oprima el 2 para español", "llame al 911", "Ningún día (0)"):
        assert expected in text, expected
    assert "Your care team" not in text


def test_with_eight_people_with_long_names_each_flyer_still_prints_on_one_page():
    roles = ["PCP champion", "PCP champion", "PCP champion", "Behavioral health care manager",
             "Behavioral health care manager", "Behavioral health care manager", "Psychiatric consultant",
             "Psychiatric consultant"]
    roster = tm.TeamDoc.model_validate({"members": [
        {"id": f"p{n}", "name": f"Dr. Maximiliana Alexandra Papadopoulou-Fitzgerald de la Fuente {n}", "role": role}
        for n, role in enumerate(roles, start=1)]})
    for lang in ("en", "es"):
        h, pages, dropped = _printed_flyer(DOC, roster, lang)
        data = build_handouts([h])
        assert pdf_pages(data) == 1, lang
        assert dropped, lang  # the PHQ-9 topics gave way to the people
        text = _flat(pdf_text(data))
        assert "de la Fuente 8" in text and "988" in text


def test_the_both_languages_flyer_has_one_page_per_language():
    data = build_handouts([_printed_flyer(DOC, ROSTER, "en")[0], _printed_flyer(DOC, ROSTER, "es")[0]])
    assert pdf_pages(data) == 2
    text = _flat(pdf_text(data))
    assert text.index("Your care team") < text.index("Su equipo de atención")


def test_the_consent_script_prints_every_point_in_both_languages_and_what_to_record():
    data = build_handouts([pe.consent_script(DOC, "en", CLINIC), pe.consent_script(DOC, "es", CLINIC)])
    text = _flat(pdf_text(data))
    for label in ("1. Part of your primary care (required)", "2. A team, with a consultant you usually do not meet",
                  "3. Regular contact and short questionnaires (required)",
                  "4. Information shared within the team (required)", "5. A monthly cost share may apply (required)",
                  "6. You can stop at any time (required)", "7. (added by our clinic)",
                  "1. Parte de su atención primaria (obligatorio)", "5. Es posible que haya un costo compartido cada mes",
                  "6. Puede dejar el programa cuando quiera (obligatorio)", "7. (agregado por nuestra clínica)"):
        assert label in text, label
    # the example's own wording and its added point, in each language
    assert "here at Riverbend" in text and "aquí en Riverbend" in text
    assert "she calls back within one business day" in text and "le devuelve la llamada en un día hábil" in text
    assert "What to record in the chart" in text and "Qué anotar en el expediente médico" in text
    assert "That the monthly cost share (copay) was discussed." in text
    assert "At our clinic: Use the 'CoCM consent' smart phrase" in text


def test_the_phq9_staff_sheet_prints_the_questions_the_score_bands_and_the_same_day_risk_check():
    text = _flat(pdf_text(build_handouts([pe.phq9_sheet("en", CLINIC)])))
    assert "Talking with patients about the PHQ-9" in text and "role-play" in text
    for band in ("0–4 Minimal", "5–9 Mild", "10–14 Moderate", "15–19 Moderately severe", "20–27 Severe"):
        assert band in text, band
    assert "What happens if I answer yes?" in text and "Can I say no?" in text
    assert "(1 point or more) means a risk check the same day" in text
    spanish = _flat(pdf_text(build_handouts([pe.phq9_sheet("es", CLINIC)])))
    assert "Cómo hablar con los pacientes sobre el PHQ-9" in spanish and "20–27 Graves" in spanish


def test_hostile_text_in_names_phone_and_consent_prints_as_text():
    cyrillic = "Привет, Наташа"
    roster = tm.TeamDoc.model_validate({"members": [
        {"id": "h1", "name": HOSTILE, "role": "Behavioral health care manager"},
        {"id": "h2", "name": cyrillic, "role": "PCP champion"}]})
    rows = pe.consent_rows(pe.PatientEducationDoc())
    rows[0]["en"] = f"Part of your care {HOSTILE}"
    rows.append({"en": "Emoji 🎉 & <i>tags</i>", "es": "中文 & ñandú"})
    doc = pe.PatientEducationDoc.model_validate({
        "contact": {"phone": HOSTILE, "hours": "<b>9-5</b> & 🎉", "phq9": True},
        "consent": pe.consent_from_rows(rows), "chart_note": "</para> & <br/>"})
    for lang in ("en", "es"):
        h, pages, _ = _printed_flyer(doc, roster, lang)
        text = pdf_text(build_handouts([h]))
        assert "<b>unclosed & <script>x</script> Győr" in text  # the name and the phone, literally
        assert cyrillic in text and "<b>9-5</b> &" in text
        assert REPLACEMENT in text  # the emoji and Chinese no font has: replaced visibly, never a crash
    text = pdf_text(build_handouts([pe.consent_script(doc, "en", HOSTILE), pe.consent_script(doc, "es", HOSTILE)]))
    assert "Part of your care <b>unclosed & <script>x</script> Győr" in text
    assert "& <i>tags</i>" in text and "& ñandú" in text and "</para> & <br/>" in text


def test_the_worksheet_pdf_has_the_materials_the_flyer_contacts_and_the_consent_points(store):
    pid = plans.open_example(store, "Tester")
    plans.save_doc(store, pid, DOC, plans.load_doc(store, pid, pe.KIND).version, "Tester")
    text = _flat(pdf_text(reports.worksheet_pdf(store, pid, pe.KIND)))
    assert "Patient education and consent" in text
    assert "9 of 10 materials ready; 3 of 4 required before launch ready." in text  # the safety plan is not
    assert "Required before launch and not ready: Patient safety plan." in text
    assert "Spanish version with the interpreter team" in text
    assert "Luz Ramírez (Licensed clinical social worker)" in text  # owners by name, with their role detail
    assert "Care manager's phone (555) 010-4477" in text
    assert "Consent points" in text and "A monthly cost share may apply (required)" in text
    assert "Es posible que usted tenga que pagar un copago" in text  # the Spanish wording is in the report too
    view = load_view(store, pid)
    assert [f.id for f in pe.SPEC.findings(view)] == ["patient_education:safety-plan-not-ready"]


def test_the_worksheet_pdf_prints_hostile_materials_contacts_and_consent_text_literally(store, plan_id):
    rows = pe.material_rows(pe.PatientEducationDoc()) + [{"name": HOSTILE, "note": "Привет & <br/>", "ready": True}]
    consent = pe.consent_rows(pe.PatientEducationDoc())
    consent[4]["es"] = f"Copago {HOSTILE}"
    doc = pe.PatientEducationDoc.model_validate({
        "materials": pe.materials_from_rows(rows)[0], "contact": {"phone": HOSTILE},
        "consent": pe.consent_from_rows(consent), "chart_note": "</para>"})
    plans.save_doc(store, plan_id, doc, 0, "Tester")
    text = _flat(pdf_text(reports.worksheet_pdf(store, plan_id, pe.KIND)))
    assert text.count("<b>unclosed & <script>x</script> Győr") == 3  # the material, the phone, the Spanish point
    assert "Привет & <br/>" in text and "</para>" in text and "Copago <b>unclosed" in text
