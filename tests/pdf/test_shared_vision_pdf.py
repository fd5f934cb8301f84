"""Shared vision PDF: every part's values, page numbers, hostile text literal, roster names."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from planning import plans, reports
from tests.conftest import HOSTILE, pdf_text
from worksheets import shared_vision as sv
from worksheets.team import TeamDoc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HOSTILE_IN_PDF = "<b>unclosed & <script>x</script> Győr \ufffd\ufffd \ufffd"


def fixture_doc() -> sv.SharedVisionDoc:
    return sv.SharedVisionDoc.model_validate(json.loads((FIXTURES / "shared_vision_v1.json").read_text("utf-8")))


def flat(text: str) -> str:
    return " ".join(text.split())


def test_worksheet_pdf_holds_the_values(store, plan_id):
    plans.save_doc(store, plan_id, fixture_doc(), 0, "Tester")
    text = flat(pdf_text(reports.worksheet_pdf(store, plan_id, "shared_vision", as_of=date(2026, 11, 2))))
    assert "Page 1 of" in text
    for expected in ("Shared vision", "Step 1 · Lay the Foundation", "(revision 1)",
                     "Why we are doing this", "three to four months",
                     "Depression", "Anxiety disorders", "PTSD", "bipolar I disorder",
                     "Dr. Chen's and Dr. Patel's panels", "Medicaid", "Spanish",
                     "PHQ-9", "GAD-7", "PCL-5",
                     "Behavioral activation", "Problem-solving treatment (PST)", "Behavioral health care manager",
                     "County community mental health center", "Changes",
                     "Patients enrolled 120 200 260", "Follow-up rate 75% 80% 85%", "Share improved 40% 50% 50%",
                     "Every adult at Riverbend", "14 Oct 2026"):
        assert expected in text, expected


def test_empty_worksheet_pdf_says_not_started(store, plan_id):
    text = flat(pdf_text(reports.worksheet_pdf(store, plan_id, "shared_vision")))
    assert "Not started yet" in text and "No conditions chosen yet." in text
    assert "Vision not signed off yet" in text and "Page 1 of 2" in text


def test_hostile_text_prints_literally(store, plan_id):
    doc = sv.SharedVisionDoc.model_validate({
        "why": {"problem": HOSTILE},
        "scope": {"conditions": ["depression"], "other_condition": HOSTILE[:40]},
        "treatments": [{"treatment": HOSTILE, "role": "Nurse", "training": HOSTILE}],
        "services": [{"service": HOSTILE, "future": "Ends", "refer_out": HOSTILE}],
        "vision": {"statement": HOSTILE},
    })
    plans.save_doc(store, plan_id, doc, 0, "Tester")
    text = flat(pdf_text(reports.worksheet_pdf(store, plan_id, "shared_vision")))
    # statement (twice), why, treatment, training, service, referral out
    assert text.count(HOSTILE_IN_PDF) == 7
    assert "Page 1 of" in text


def test_page_pdf_names_people_from_the_roster(open_page, store, plan_id):
    team = TeamDoc.model_validate(json.loads((FIXTURES / "team_v1.json").read_text("utf-8")))
    plans.save_doc(store, plan_id, team, 0, "Tester")
    doc = fixture_doc()
    # someone who signed was later removed from the team
    doc = doc.model_copy(update={"vision": doc.vision.model_copy(update={"signed_by": ["a1f3c9e2b701", "zz-gone"]})})
    plans.save_doc(store, plan_id, doc, 0, "Tester")
    at = open_page("pages/shared_vision_page.py", plan_id)
    at.button(key="build_shared_vision").click().run()
    assert not at.exception
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
    # the page, the Step 1 PDF and the Reports page all build through planning.reports
    text = flat(pdf_text(reports.worksheet_pdf(store, plan_id, "shared_vision")))
    step_text = flat(pdf_text(reports.step_pdf(store, plan_id, 1)))
    assert "Luz Ramírez (Licensed clinical social worker)" in step_text
    assert "Luz Ramírez (Licensed clinical social worker)" in text  # delivers behavioral activation
    assert "Dr. Wei Chen (Family physician)" in text
    assert "Maria Okafor (Practice manager), (removed from the team)" in text
    assert "Page 1 of" in text
