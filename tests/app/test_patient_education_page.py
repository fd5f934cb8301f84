"""Patient education and consent page: the summary, the materials editor, the flyer's contacts and preview, the
consent script with its required points, the downloads, and hostile text shown as typed."""
from __future__ import annotations

import json
from pathlib import Path

from pages.ui.text import md
from planning import plans
from tests.conftest import HOSTILE
from worksheets import patient_education as pe

PAGE = "pages/patient_education_page.py"
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "patient_education_v1.json"
EDITOR = "patient_education_editor_{gen}_{part}"


def _example(store) -> str:
    """The example plan (Riverbend) with its patient-education document: 10 materials, 9 ready (not the safety
    plan), the flyer and the consent script ready, the consent script reworded with one point added."""
    pid = plans.open_example(store, "Tester")
    doc = pe.PatientEducationDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    plans.save_doc(store, pid, doc, plans.load_doc(store, pid, pe.KIND).version, "Tester")
    return pid


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _tab(at, label: str):
    at.session_state["pe_tab"] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def _edit(at, part: str, edits: dict | None = None, added: list | None = None, deleted: list | None = None,
          gen: int = 0):
    at.session_state[EDITOR.format(gen=gen, part=part)] = {
        "edited_rows": edits or {}, "added_rows": added or [], "deleted_rows": deleted or []}


def _click(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]


def _error(at) -> str:
    return next(e.value for e in at.error if "Not saved" in e.value).replace("\\", "")  # shown as escaped markdown


def _saved(store, pid) -> plans.Loaded:
    return plans.load_doc(store, pid, pe.KIND)


def test_the_example_opens_with_its_summary_and_says_it_holds_no_patient_data(open_page, store):
    pid = _example(store)
    at = open_page(PAGE, pid)
    assert at.title[0].value == "Patient education and consent"
    m = _metrics(at)
    # 10 materials, all ready but the safety plan; its finding is the only one open
    assert (m["Materials ready"], m["Care team flyer"], m["Consent script"], m["Still open"]) == (
        "9 of 10", "Ready", "Ready", "1")
    assert any("holds no patient data" in c.value for c in at.caption)
    assert [t.label for t in at.tabs] == ["Materials", "Care team flyer", "Consent script", "PHQ-9 staff sheet"]


def test_marking_a_material_ready_saves_it_and_updates_the_summary(open_page, store):
    pid = _example(store)
    version = _saved(store, pid).version
    at = open_page(PAGE, pid)
    _edit(at, "materials", {6: {"ready": True, "note": "Spanish version back from the interpreters"}})
    _click(at, "Save materials")
    assert any(f"Saved as version {version + 1}" in s.value for s in at.success)
    saved = _saved(store, pid).doc.material("safety-plan")
    assert saved.ready and saved.note == "Spanish version back from the interpreters"
    m = _metrics(at)
    assert (m["Materials ready"], m["Still open"]) == ("10 of 10", "0")


def test_the_clinic_adds_a_material_of_its_own(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    assert _metrics(at)["Materials ready"] == "0 of 9"  # the catalog, nothing ready
    _edit(at, "materials", added=[{"name": "Map to the care manager's office", "english": True, "spanish": True,
                                   "ready": True}])
    _click(at, "Save materials")
    saved = _saved(store, plan_id).doc
    assert [m.name for m in saved.materials][-1] == "Map to the care manager's office"
    assert saved.materials[-1].languages() == "English, Spanish"
    assert _metrics(at)["Materials ready"] == "1 of 10"


def test_removing_a_standard_material_or_unticking_the_flyer_is_refused(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _edit(at, "materials", deleted=[3])  # the treatment FAQ
    _click(at, "Save materials")
    assert "\"Treatment FAQ\" is one of the standard materials and cannot be removed" in _error(at)
    assert _saved(store, plan_id).version == 0
    _edit(at, "materials", {0: {"required": False}})
    _click(at, "Save materials")
    assert "stays required before launch, because the launch gate checks it" in _error(at)
    assert _saved(store, plan_id).version == 0


def test_the_consent_script_is_reworded_and_saved(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _tab(at, "Consent script")
    _edit(at, "consent", {0: {"en": "This program is part of your care at Lakeside."}},
          added=[{"en": "We also offer group visits.", "es": "También ofrecemos consultas en grupo."}])
    _click(at, "Save consent script")
    assert any("Saved as version 1" in s.value for s in at.success)
    points = _saved(store, plan_id).doc.points()
    assert points[0].en == "This program is part of your care at Lakeside."
    assert len(points) == 7 and points[-1].es == "También ofrecemos consultas en grupo."


def test_removing_a_required_point_is_refused_by_name_and_fill_in_puts_it_back(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _tab(at, "Consent script")
    _edit(at, "consent", {1: {"es": ""}}, deleted=[4])  # the team point emptied in Spanish; the cost point removed
    _click(at, "Save consent script")
    err = _error(at)
    assert "the required consent point \"A monthly cost share may apply\" is missing" in err
    assert "Spanish wording: it is empty" in err
    assert _saved(store, plan_id).version == 0
    _click(at, pe.RESTORE)  # the same edits, with our wording filled in where it is missing
    points = _saved(store, plan_id).doc.points()
    assert [p.id for p in points] == list(pe.REQUIRED_POINTS)
    assert points[1].es == pe.our_points()[1].es and points[4].en == pe.our_points()[4].en


def test_download_buttons_for_every_handout_in_each_language(open_page, store):
    at = open_page(PAGE, _example(store))
    for tab, stem in (("Care team flyer", "care-team-flyer"), ("Consent script", "consent-script"),
                      ("PHQ-9 staff sheet", "phq9-staff-sheet")):
        _tab(at, tab)
        buttons = [b.proto for b in at.get("download_button")]
        assert [b.label for b in buttons] == ["English (PDF)", "Español (PDF)", "Both languages (PDF)"], tab
        assert all(f"dl_{stem}_" in b.id for b in buttons), tab


def test_the_flyer_contacts_are_saved_and_the_preview_shows_them_as_typed(open_page, store):
    pid = _example(store)
    at = open_page(PAGE, pid)
    _tab(at, "Care team flyer")
    preview = " ".join(m.value for m in at.markdown)
    assert md("(555) 010-4477 · Mon-Fri 8:30-5") in preview  # the example's care manager line
    assert md("Luz Ramírez: Calls you regularly") in preview
    at.text_input(key="patient_education_editor_0_phone").input(HOSTILE)
    _click(at, "Save flyer")
    assert _saved(store, pid).doc.contact.phone == HOSTILE
    preview = " ".join(m.value for m in at.markdown)
    assert md(HOSTILE) in preview and "<b>unclosed" not in preview  # escaped: shown as text, never as HTML


def test_in_spanish_the_preview_is_the_spanish_flyer(open_page, store):
    at = open_page(PAGE, _example(store))
    _tab(at, "Care team flyer")
    at.radio(key="pe_flyer_lang").set_value("es").run()
    preview = " ".join(m.value for m in at.markdown)
    assert md("Su equipo de atención") in preview and md("oprima el 2 para español") in preview


def test_a_person_is_added_to_the_flyer_with_their_own_words(open_page, store):
    pid = _example(store)
    at = open_page(PAGE, pid)
    _tab(at, "Care team flyer")
    # rows in roster order: Maria Okafor (CIT lead) first, not on the flyer by default
    _edit(at, "people", {0: {"show": True, "en": "Runs the program and answers your questions about it."}})
    _click(at, "Save flyer")
    entry = _saved(store, pid).doc.flyer_people["a1f3c9e2b701"]
    assert entry.show and entry.en == "Runs the program and answers your questions about it." and entry.es == ""
    preview = " ".join(m.value for m in at.markdown)
    assert md("Maria Okafor: Runs the program and answers your questions about it.") in preview


def test_history_and_the_worksheet_pdf_button(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _edit(at, "materials", {0: {"ready": True}})
    _click(at, "Save materials")
    assert any(e.label.startswith("History (1 saved version)") for e in at.expander)
    _click(at, "Build the patient education PDF")
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
