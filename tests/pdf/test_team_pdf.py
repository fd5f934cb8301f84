"""Implementation team PDF: roster, roles, acknowledged responsibilities, warnings, hostile names literal."""
from __future__ import annotations

import json
from pathlib import Path

from planning import plans, reports
from planning.report import REPLACEMENT
from tests.conftest import HOSTILE, pdf_pages, pdf_text
from worksheets import team as tm

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "team_v1.json"


def test_pdf_shows_names_roles_and_acknowledged_responsibilities(store, plan_id):
    doc = tm.TeamDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    plans.save_doc(store, plan_id, doc, 0, "Maria Okafor")
    data = reports.worksheet_pdf(store, plan_id, "team")
    text = pdf_text(data).replace("\n", " ")
    n = pdf_pages(data)
    assert "Page 1 of %d" % n in text
    for name in ("Maria Okafor", "Dr. Wei Chen", "Luz Ramírez", "Dr. Samuel Adeyemi"):
        assert name in text
    for role in ("CIT lead", "PCP champion", "Behavioral health care manager", "Psychiatric consultant"):
        assert role in text
    assert "Practice manager" in text and "100%" in text
    # an acknowledged responsibility is listed with its tick, an open one as not yet
    assert "Set targets and timelines and keep the work moving toward them." in text
    assert "✓ Yes" in text and "Not yet" in text
    assert "Dr. Samuel Adeyemi (Psychiatric consultant) has not acknowledged the role's responsibilities yet" in text
    assert "No psychiatric consultant" not in text  # every core role is filled


def test_pdf_warns_about_missing_roles_and_prints_hostile_names_literally(store, plan_id):
    doc = tm.TeamDoc.model_validate({"members": [{"name": HOSTILE, "role": "CIT lead", "acknowledged": ["cit-4"]}]})
    plans.save_doc(store, plan_id, doc, 0, "Ann")
    text = pdf_text(reports.worksheet_pdf(store, plan_id, "team")).replace("\n", " ")
    assert "<b>unclosed & <script>x</script> Győr" in text
    assert REPLACEMENT in text and "中文" not in text
    assert "No psychiatric consultant on the team yet" in text
    assert "No PCP champion on the team yet" in text
    assert "Stand up for evidence-based practice throughout the program." in text
    assert "Page 1 of" in text


def test_roster_column_headers_are_printed_whole(store, plan_id):
    """At the roster's column widths no header breaks inside a word (it printed "Accepte" / "d")."""
    doc = tm.TeamDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    plans.save_doc(store, plan_id, doc, 0, "Maria Okafor")
    lines = pdf_text(reports.worksheet_pdf(store, plan_id, "team")).splitlines()
    for header in ("Name", "Role", "Role detail", "Email", "Time for CoCM", "Accepted"):
        for word in header.split():
            assert any(word in line.split() for line in lines), f"{word!r} is broken across lines"


def test_whole_workbook_overview_gives_the_saved_revision_of_the_plan_details(store, plan_id):
    """The plan's details are saved when the plan is created: the overview never says "(not saved yet)"."""
    meta, row = plans.load_meta(store, plan_id)
    plans.save_meta(store, plan_id, meta.model_copy(update={"site": "North"}), row.meta_version, "Ann")
    for data in (reports.workbook_pdf(store, plan_id), reports.step_pdf(store, plan_id, 1)):
        text = pdf_text(data).replace("\n", " ")
        assert "Document: Plan overview (revision 2)." in text
        assert "Plan overview (not saved yet)" not in text
