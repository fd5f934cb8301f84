"""Clinical workflow PDF: landscape pages with the checks, the flowchart (whole episode, then each phase when it is
crowded), the steps by phase, the suicide-risk protocol and the task coverage; hostile text printed literally."""
from __future__ import annotations

import io

from pypdf import PdfReader

from planning import plans, reports
from planning.report import REPLACEMENT
from tests.conftest import HOSTILE, pdf_text
from worksheets import workflow as wf


def pages(data: bytes) -> list:
    return list(PdfReader(io.BytesIO(data)).pages)


def flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def test_the_example_workflow_prints_in_landscape_with_every_part(store):
    pid = plans.open_example(store, "Tester")
    data = reports.worksheet_pdf(store, pid, "workflow")
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in pages(data))  # every page sideways
    text = flat(data)
    # the checks, in words: 6 passed, the one that did not
    assert "6 of 7 checks passed." in text
    assert "The psychiatric consultant's recommendations reach the PCP NOT YET" in text
    assert text.count("Passed") >= 6
    # the flowchart: the whole episode, then each phase on its own (28 steps do not fit whole)
    assert "Clinical workflow · whole episode" in text
    for title in wf.PHASES.values():
        assert f"Clinical workflow · Phase {list(wf.PHASES.values()).index(title) + 1} · {title}" in text
    assert "SUICIDE RISK" in text and "→ Warm hand-off" in text
    # the steps, phase by phase, with who (role and person), today or planned, and tasks
    assert "Phase 2 · Diagnosis and treatment start" in text
    assert "Assess suicide risk with the C-SSRS and act on the risk level SUICIDE-RISK PROTOCOL" in text
    assert "Behavioral health care manager Luz Ramírez" in text
    assert "Hands off to Medical assistant or nurse by EHR message." in text
    assert "Done today, will change" in text and "New step" in text
    # the caseload review and the protocol
    assert "How often Weekly" in text and "Led by Luz Ramírez" in text
    assert "Trigger Any answer above 0 on PHQ-9 item 9" in text
    assert "High or imminent risk The patient is not left alone" in text
    assert "LEARN, for every staff member: Look for warning signs" in text
    # which steps cover each task: the gap is visible there too
    assert "8.4 Send the psychiatric consultant's advice to the PCP - 4.3 (Behavioral health care manager)" in text


def test_hostile_text_prints_literally_in_the_table_and_the_flowchart(store, plan_id):
    doc = wf.WorkflowDoc.model_validate({"steps": [{"phase": 1, "name": HOSTILE, "who": wf.PCP, "how": HOSTILE}],
                                         "protocol": {"trigger": HOSTILE}})
    plans.save_doc(store, plan_id, doc, 0, "Tester")
    data = reports.worksheet_pdf(store, plan_id, "workflow")
    text = flat(data)
    # the step and how in the table, the trigger, and the step drawn in both flowcharts (its label is long, so the
    # whole episode is followed by the phase on its own)
    assert text.count("<b>unclosed & <script>x</script> Győr") == 5
    assert "1.1 <b>unclosed" in text  # drawn in the flowchart, numbered
    assert REPLACEMENT in text and "中文" not in text  # what the font cannot draw is replaced, visibly


def test_an_empty_workflow_prints_what_is_missing(store, plan_id):
    text = flat(reports.worksheet_pdf(store, plan_id, "workflow"))
    assert "Not started yet: nothing has been saved on this worksheet." in text
    assert "No steps yet." in text
    assert "A suicide-risk step with an owner, and a response for each risk level NOT YET (blocks launch)" in text
    assert "Clinical workflow · whole episode" not in text  # no flowchart without steps
    assert "Trigger Not written yet" in text


def test_the_step_pdf_turns_only_the_workflow_sideways(store):
    pid = plans.open_example(store, "Tester")
    data = reports.step_pdf(store, pid, 2)
    sizes = {"landscape" if float(p.mediabox.width) > float(p.mediabox.height) else "portrait" for p in pages(data)}
    assert sizes == {"landscape", "portrait"}
    assert "Clinical workflow · whole episode" in pdf_text(data)
