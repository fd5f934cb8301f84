"""Task summary, self-assessment and blank paper sheet PDFs: landscape pages, the rules in words, the heatmap,
flags, kept answers, and hostile names printed literally.

Figures for the example plan are worked by hand in tests/app/test_task_summary_page.py (2 gaps, 0 duplications,
1 disagreement, 9 training needs; 33 tasks on the list; Tom Becker answered 5).
"""
from __future__ import annotations

import io

from pypdf import PdfReader

from planning import plans, reports
from planning.report import REPLACEMENT
from tests.conftest import HOSTILE, pdf_text
from worksheets import task_summary as ts
from worksheets.team import TeamDoc

LUZ, TOM = "c0e85b17d3f6", "e9b3d51a7c40"
HOSTILE_SHOWN = "<b>unclosed & <script>x</script> Győr"  # the part the font can draw; 中文 and 🎉 are replaced


def _words(data: bytes) -> str:
    """The PDF's text with line breaks (table cells wrap) turned into single spaces."""
    return " ".join(pdf_text(data).split())


def _sizes(data: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(data)).pages]


def _rename(store, pid, person_id, name) -> None:
    team = plans.load_doc(store, pid, "team")
    data = team.doc.model_dump(mode="json")
    next(m for m in data["members"] if m["id"] == person_id)["name"] = name
    plans.save_doc(store, pid, TeamDoc.model_validate(data), team.version, "Maria")


def _remove(store, pid, person_id) -> None:
    team = plans.load_doc(store, pid, "team")
    plans.save_doc(store, pid, TeamDoc(members=[m for m in team.doc.members if m.id != person_id]), team.version,
                   "Maria")


# ---- task summary ----------------------------------------------------------------------------------------------

def test_task_summary_pdf_is_landscape_and_shows_the_rules_the_grid_and_the_flags(store):
    pid = plans.open_example(store, "Tester")
    data = reports.worksheet_pdf(store, pid, "task_summary")
    sizes = _sizes(data)
    assert sizes and all(w > h for w, h in sizes)  # Letter turned sideways: 792 x 612 points
    text = _words(data)
    assert "Flags: 2 gaps, 0 duplications, 1 disagreement, 9 training needs." in text
    assert "Compiled from the self-assessments of 5 team members" in text
    assert "How the flags are worked out" in text
    for flag, rule in ts.RULES:
        assert f"{flag}: {rule}" in text
    assert "Tasks by team member" in text
    for name in ("Maria Okafor", "Dr. Wei Chen", "Luz Ramírez", "Dr. Samuel Adeyemi", "Tom Becker"):
        assert name in text
    # a cell reads without colour: Luz does 4.6 Sometimes, comfort 2, says it is hers, wants training
    assert "Sometimes · 2 · mine +T" in text
    assert "Follow every patient systematically with the registry no no No · 1 · mine +T no Gap, Training need" \
        in text  # 4.1: Maria, Wei, Luz, Samuel; Tom did not answer it (empty cell); flags
    assert "Clinical support and supervision of the program" in text and "Disagreement" in text
    assert "Owners, backups and hand-offs" in text
    assert "Weekly, Thursdays 12:00-13:00, by video." in text  # the caseload review's agreed note
    # counts by role, Psychiatric consultant worked by hand on the page test: 1 person, 8, 8, 0, 0, 4
    assert "Psychiatric consultant 1 8 8 0 0 4" in text


def test_task_summary_pdf_prints_hostile_names_and_notes_literally(store):
    pid = plans.open_example(store, "Tester")
    _rename(store, pid, TOM, HOSTILE)
    summary = plans.load_doc(store, pid, "task_summary")
    data = summary.doc.model_dump(mode="json")
    data["agreements"]["8.5"]["note"] = HOSTILE
    plans.save_doc(store, pid, ts.TaskSummaryDoc.model_validate(data), summary.version, "Maria")
    raw = pdf_text(reports.worksheet_pdf(store, pid, "task_summary"))
    text = " ".join(raw.split())
    assert text.count(HOSTILE_SHOWN) >= 2  # heatmap column and the note; the backup of 7.1 and 8.5 too
    assert REPLACEMENT in text and "中文" not in text
    assert "<script>" in raw  # not interpreted as markup, not dropped


def test_a_person_who_left_is_not_in_the_grid_and_their_tasks_show_the_owner_left(store):
    pid = plans.open_example(store, "Tester")
    _remove(store, pid, TOM)
    text = _words(reports.worksheet_pdf(store, pid, "task_summary"))
    assert "Compiled from the self-assessments of 4 team members" in text
    assert "Tom Becker" not in text  # his sheet is left out; he was only a backup, now shown as removed
    assert "(removed from the team)" in text


# ---- self-assessments ---------------------------------------------------------------------------------------

def test_self_assessment_pdf_lists_who_has_filled_in_and_marks_people_who_left(store):
    pid = plans.open_example(store, "Tester")
    _remove(store, pid, TOM)
    data = reports.worksheet_pdf(store, pid, "self_assessment")
    assert all(w > h for w, h in _sizes(data))
    text = _words(data)
    assert "Who has filled in" in text
    assert "Luz Ramírez Licensed clinical social worker finished 33 of 33 yes" in text
    assert "Tom Becker Billing supervisor part-way 5 of 33 no longer on the team" in text
    assert "Tom Becker (Billing supervisor), no longer on the team" in text  # his sheet's heading
    assert "We log minutes for chronic care management already." in text  # his note is kept
    assert "Yes: Working a caseload from a registry" in text  # Luz wants training on 4.1, with the topic


def test_answers_to_tasks_taken_off_the_list_are_printed_as_kept(store):
    pid = plans.open_example(store, "Tester")
    summary = plans.load_doc(store, pid, "task_summary")
    data = summary.doc.model_dump(mode="json")
    data["tasks"] = [t for t in data["tasks"] if t["id"] != "c7f2a9d10"]  # the lead deletes the clinic's own task
    next(t for t in data["tasks"] if t["id"] == "6.1")["included"] = False  # and unticks 6.1
    plans.save_doc(store, pid, ts.TaskSummaryDoc.model_validate(data), summary.version, "Maria")
    text = _words(reports.worksheet_pdf(store, pid, "self_assessment"))
    assert "Answers to tasks no longer on the list (kept)" in text
    # Luz's answers, with the words she answered: county crisis team (Sometimes, 3, Yes) and the caseload review
    assert "Coordinate with the county crisis team and mobile crisis unit Sometimes Some 3 Yes" in text
    assert "Yes: Presenting cases at caseload review" in text
    assert "31 of 31" in text  # 33 - 2 tasks now on the list; the four finished sheets are still finished


# ---- the blank sheet for paper ----------------------------------------------------------------------------

def test_blank_sheet_lists_every_task_with_the_answer_choices(store):
    pid = plans.open_example(store, "Tester")
    data = reports.blank_self_assessment_pdf(store, pid, LUZ)
    assert all(w > h for w, h in _sizes(data))
    text = _words(data)
    assert "Luz Ramírez (Licensed clinical social worker)" in text
    assert "circle one answer in each column" in text
    assert "Finding patients and diagnosis: 1.1 Screen patients for behavioral health problems with a " \
           "validated questionnaire" in text
    assert "The clinic's own tasks: Coordinate with the county crisis team and mobile crisis unit" in text
    assert text.count("Yes / Sometimes / No") == 33  # one row per task on the list
    assert text.count("None / Some / Most-All") == 33
    assert text.count("Yes / Shared / No / Unsure") == 33
    assert "1 2 3 4" in text
    assert "Do it now" in text and "Part of my role" in text


def test_blank_sheet_for_anyone_leaves_the_name_to_write_in(store):
    pid = plans.open_example(store, "Tester")
    text = _words(reports.blank_self_assessment_pdf(store, pid))
    assert "Name: ______________________ Role: ______________________" in text
    assert "Luz Ramírez" not in text


def test_blank_sheet_prints_a_hostile_name_literally(store):
    pid = plans.open_example(store, "Tester")
    _rename(store, pid, LUZ, HOSTILE)
    raw = pdf_text(reports.blank_self_assessment_pdf(store, pid, LUZ))
    text = " ".join(raw.split())
    assert f"{HOSTILE_SHOWN}" in text and "(Licensed clinical social worker)" in text
    assert REPLACEMENT in text
