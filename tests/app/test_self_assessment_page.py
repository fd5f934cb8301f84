"""Team self-assessment page: a member fills in their own sheet; several people save at once; people leave and
come back; the CIT lead tailors the list; bad input is refused in words."""
from __future__ import annotations

from planning import plans
from planning.view import load_view
from tests.conftest import HOSTILE
from worksheets import self_assessment as sa
from worksheets import task_summary as ts
from worksheets.team import TeamDoc

PAGE = "pages/self_assessment_page.py"
ANA, BEN = "aaaa00000001", "bbbb00000002"
LUZ, TOM = "c0e85b17d3f6", "e9b3d51a7c40"
# Row numbers in a sheet on the standard list (32 tasks, in order): 1.1 -> 0, 1.2 -> 1, 1.3 -> 2, 2.1 -> 3,
# 2.2 -> 4, 3.1..3.6 -> 5..10, 4.1 -> 11, 4.2 -> 12.
ROW_11, ROW_12, ROW_41 = 0, 1, 11


def _team(store, plan_id) -> None:
    plans.save_doc(store, plan_id, TeamDoc.model_validate({"members": [
        {"id": ANA, "name": "Ana Díaz", "role": "Behavioral health care manager"},
        {"id": BEN, "name": "Ben Ito", "role": "PCP champion", "role_detail": "Family physician"}]}), 0, "Maria")


def _edit(at, person: str, edits: dict, gen: int = 0) -> None:
    at.session_state[f"self_assessment_{person}_editor_{gen}"] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": []}


def _save(at):
    next(b for b in at.button if b.label == "Save my sheet").click().run()
    assert not at.exception, [e.value for e in at.exception]


def _sheet(store, plan_id, person) -> plans.Loaded:
    return plans.load_doc(store, plan_id, "self_assessment", person)


def _texts(elements) -> list[str]:
    """What the user reads: markdown escapes (backslashes before punctuation) taken out."""
    return [e.value.replace("\\", "") for e in elements]


def _picker(at):
    return next(s for s in at.selectbox if s.label == "Whose sheet?")


# ---- filling in one's own sheet ------------------------------------------------------------------------------

def test_a_shared_link_opens_the_persons_own_sheet_and_saving_it_counts(open_page, store, plan_id):
    _team(store, plan_id)
    at = open_page(PAGE, plan_id, params={"person": BEN})
    assert _picker(at).value == BEN
    assert "Sheet of Ben Ito (Family physician)" in _texts(at.subheader)
    _edit(at, BEN, {ROW_11: {"does": "Yes", "comfort": "3 · comfortable", "should_own": "Shared"},
                    ROW_41: {"does": "No", "should_own": "Yes", "training": True, "topic": "Registry basics"}})
    _save(at)
    assert any("Saved as version 1" in s for s in _texts(at.success))
    saved = _sheet(store, plan_id, BEN)
    assert saved.version == 1 and saved.saved_by == "Tester"
    assert (saved.doc.name, saved.doc.role, saved.doc.person_id) == ("Ben Ito", "Family physician", BEN)
    a11, a41 = saved.doc.answer("1.1"), saved.doc.answer("4.1")
    assert (a11.does, a11.comfort, a11.should_own) == ("Yes", 3, "Shared")
    assert a41.training and a41.topic == "Registry basics"
    assert a41.task == "Follow every patient systematically with the registry"  # the words as answered
    assert len(saved.doc.answers) == 2  # untouched tasks are not stored as empty answers
    # the progress table: Ben answered 2 of the 32 standard tasks, Ana nothing yet
    who = next(d.value for d in at.dataframe if "Tasks answered" in d.value.columns)
    assert who.to_dict("records") == [
        {"Member": "Ana Díaz", "Role": "Behavioral health care manager", "Status": "Not started",
         "Tasks answered": "0 of 32", "Link": f"./self-assessment?plan={plan_id}&person={ANA}"},
        {"Member": "Ben Ito", "Role": "Family physician", "Status": "Part-way", "Tasks answered": "2 of 32",
         "Link": f"./self-assessment?plan={plan_id}&person={BEN}"}]  # each row links to that person's own sheet
    # the sheet is kept under Ben's id only; Ana has none
    assert _sheet(store, plan_id, ANA).version == 0


def test_picking_another_name_shows_that_persons_sheet_and_puts_it_in_the_address(open_page, store, plan_id):
    _team(store, plan_id)
    at = open_page(PAGE, plan_id)
    assert _picker(at).value == ANA  # the first on the roster
    _picker(at).set_value(BEN).run()
    assert at.query_params["person"] == BEN  # a refresh or a shared link opens Ben's sheet
    assert "Sheet of Ben Ito (Family physician)" in _texts(at.subheader)


def test_hostile_text_in_a_note_saves_and_shows_literally(open_page, store, plan_id):
    _team(store, plan_id)
    at = open_page(PAGE, plan_id, params={"person": ANA})
    _edit(at, ANA, {ROW_12: {"note": HOSTILE, "topic": HOSTILE}})
    _save(at)
    assert _sheet(store, plan_id, ANA).doc.answer("1.2").note == HOSTILE
    fresh = open_page(PAGE, plan_id, params={"person": ANA})  # a new browser on the same link
    editor = next(d.value for d in fresh.dataframe if "should_own" in d.value.columns).set_index("id")
    assert editor.loc["1.2", "note"] == HOSTILE and editor.loc["1.2", "topic"] == HOSTILE


# ---- bad input ----------------------------------------------------------------------------------------------

def test_a_comfort_of_5_or_high_is_refused_naming_the_task_and_nothing_is_saved(open_page, store, plan_id):
    _team(store, plan_id)
    at = open_page(PAGE, plan_id, params={"person": ANA})
    _edit(at, ANA, {ROW_41: {"does": "Yes", "comfort": 5, "should_own": "Yes"},
                    ROW_12: {"does": "Yes", "comfort": "high", "should_own": "Yes"}})
    _save(at)
    err = next(e for e in _texts(at.error) if "Not saved" in e)
    assert 'is not a comfort level for "Follow every patient systematically with the registry"' in err
    assert 'is not a comfort level for "Diagnose behavioral health problems and related conditions"' in err
    assert "choose 1 (not comfortable) to 4 (can teach others)" in err
    assert _sheet(store, plan_id, ANA).version == 0
    # what was typed is still there to correct
    assert at.session_state[f"self_assessment_{ANA}_editor_0"]["edited_rows"][ROW_41]["comfort"] == 5


# ---- saving at the same moment --------------------------------------------------------------------------------

def test_two_members_saving_their_own_sheets_at_once_never_conflict(open_page, store, plan_id):
    _team(store, plan_id)
    ana = open_page(PAGE, plan_id, author="Ana Díaz", params={"person": ANA})
    ben = open_page(PAGE, plan_id, author="Ben Ito", params={"person": BEN})  # both pages are open
    _edit(ana, ANA, {ROW_11: {"does": "No", "should_own": "No"}})
    _edit(ben, BEN, {ROW_11: {"does": "Yes", "comfort": "4 · can teach", "should_own": "Yes"}})
    _save(ana)
    _save(ben)  # Ana saved a moment ago: a different document, so nothing to merge or ask
    for at in (ana, ben):
        assert any("Saved as version 1" in s for s in _texts(at.success))
        assert not at.radio and not any("Not saved" in e for e in _texts(at.error))
    assert _sheet(store, plan_id, ANA).doc.answer("1.1").does == "No"
    assert _sheet(store, plan_id, BEN).doc.answer("1.1").comfort == 4


def test_the_same_member_in_two_browsers_editing_different_tasks_keeps_both(open_page, store, plan_id):
    _team(store, plan_id)
    laptop = open_page(PAGE, plan_id, author="Ana Díaz", params={"person": ANA})
    phone = open_page(PAGE, plan_id, author="Ana Díaz", params={"person": ANA})
    _edit(phone, ANA, {ROW_12: {"does": "Sometimes", "should_own": "Shared"}})
    _save(phone)
    _edit(laptop, ANA, {ROW_11: {"does": "Yes", "comfort": "3 · comfortable", "should_own": "Yes"}})
    _save(laptop)
    assert not laptop.radio  # nothing to choose
    assert any("both sets of changes are kept" in s for s in _texts(laptop.success))
    saved = _sheet(store, plan_id, ANA)
    assert saved.version == 2
    assert saved.doc.answer("1.1").does == "Yes" and saved.doc.answer("1.2").does == "Sometimes"


def test_the_same_member_changing_the_same_cell_twice_is_asked_which_to_keep(open_page, store, plan_id):
    _team(store, plan_id)
    laptop = open_page(PAGE, plan_id, author="Ana Díaz", params={"person": ANA})
    phone = open_page(PAGE, plan_id, author="Ana on phone", params={"person": ANA})
    _edit(phone, ANA, {ROW_11: {"does": "No", "should_own": "No"}})
    _save(phone)
    _edit(laptop, ANA, {ROW_11: {"does": "Yes", "should_own": "No"}})
    _save(laptop)
    assert _sheet(store, plan_id, ANA).version == 1  # nothing written yet
    err = next(e for e in _texts(laptop.error) if "Not saved yet" in e and "Ana on phone saved" in e)
    assert "Your entries are still on screen" in err
    assert len(laptop.radio) == 1  # only "do you do it now" of 1.1 differs; both said "No" to the role
    assert laptop.radio[0].options == ["Theirs: No", "Mine: Yes"]
    laptop.radio[0].set_value("mine").run()
    next(b for b in laptop.button if b.label == "Save with these choices").click().run()
    saved = _sheet(store, plan_id, ANA)
    assert saved.version == 2 and saved.saved_by == "Ana Díaz" and saved.doc.answer("1.1").does == "Yes"


# ---- leaving the team, and coming back ----------------------------------------------------------------------

def _remove(store, pid, person_id) -> None:
    team = plans.load_doc(store, pid, "team")
    plans.save_doc(store, pid, TeamDoc(members=[m for m in team.doc.members if m.id != person_id]), team.version,
                   "Maria")


def test_a_person_who_left_keeps_the_sheet_and_can_be_restored_with_the_same_id(open_page, store):
    pid = plans.open_example(store, "Tester")
    luz_before = plans.load_doc(store, pid, "team").doc.person(LUZ)
    _remove(store, pid, LUZ)
    at = open_page(PAGE, pid)
    page_text = " ".join(_texts(at.markdown))
    assert "Sheets of people no longer on the team" in page_text
    assert "Luz Ramírez (Licensed clinical social worker): finished, 33 of 33 tasks answered" in page_text
    assert _picker(at).options[-1] == \
        "Luz Ramírez (Licensed clinical social worker), no longer on the team"
    # her sheet is left out of the task summary: 4 members compiled
    assert [p.name for p in ts.members(load_view(store, pid))] == ["Maria Okafor", "Dr. Wei Chen",
                                                                  "Dr. Samuel Adeyemi", "Tom Becker"]
    next(b for b in at.button if b.label == "Restore Luz Ramírez to the team").click().run()
    assert not at.exception
    assert any("Luz Ramírez is back on the team." in s for s in _texts(at.success))
    back = plans.load_doc(store, pid, "team").doc.person(LUZ)
    assert back is not None and back.id == LUZ
    # she comes back as she was on the roster: role, detail, email and acknowledgments
    assert back == luz_before
    view = load_view(store, pid)
    assert "Luz Ramírez" in [p.name for p in ts.members(view)]  # the sheet is back in the summary
    assert next(s for s in sa.statuses(view) if s.person_id == LUZ).on_team
    assert not any("no longer on the team" in m for m in _texts(at.markdown))


def test_the_sheet_of_someone_who_left_opens_and_says_so(open_page, store):
    pid = plans.open_example(store, "Tester")
    _remove(store, pid, TOM)
    at = open_page(PAGE, pid, params={"person": TOM})
    assert "Sheet of Tom Becker (Billing supervisor), no longer on the team" in _texts(at.subheader)
    editor = next(d.value for d in at.dataframe if "should_own" in d.value.columns).set_index("id")
    assert editor.loc["7.1", "does"] == "Sometimes"  # his answers are all there


# ---- the CIT lead tailors the list ---------------------------------------------------------------------------

def test_answers_to_a_task_the_lead_unticks_or_renames_are_kept_and_shown(open_page, store, plan_id):
    _team(store, plan_id)
    at = open_page(PAGE, plan_id, params={"person": ANA})
    _edit(at, ANA, {ROW_11: {"does": "Yes", "should_own": "Yes", "comfort": "3 · comfortable"},
                    ROW_41: {"does": "No", "should_own": "Yes", "note": "Need a registry first"}})
    _save(at)
    at.session_state["sa_part"] = "Tailor the task list (CIT lead)"
    at.run()
    # untick 4.1 (row 11 of the standard list) and reword 1.1 (row 0)
    at.session_state["task_summary_editor_0"] = {"edited_rows": {
        0: {"text": "Screen every adult once a year with the PHQ-2"}, ROW_41: {"included": False}},
        "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if b.label == "Save the task list").click().run()
    assert not at.exception
    assert any("Saved as version 1" in s for s in _texts(at.success))
    tailored = plans.load_doc(store, plan_id, "task_summary").doc
    assert len(tailored.included()) == 31  # 32 standard tasks, one unticked
    at.session_state["sa_part"] = "A member's sheet"
    at.run()
    editor = next(d.value for d in at.dataframe if "should_own" in d.value.columns).set_index("id")
    assert "4.1" not in editor.index and len(editor) == 31
    # the renamed task shows its new words and keeps Ana's answer
    assert editor.loc["1.1", "task"] == "1.1 Screen every adult once a year with the PHQ-2"  # number kept
    assert editor.loc["1.1", "does"] == "Yes"
    assert "Answers to tasks no longer on the list" in " ".join(_texts(at.markdown))
    kept = next(d.value for d in at.dataframe if "Task as answered" in d.value.columns)
    assert kept.to_dict("records") == [{"Task as answered": "Follow every patient systematically with the registry",
                                        "Do it now": "No", "Comfort": "", "Part of my role": "Yes",
                                        "Note": "Need a registry first"}]
    # saving the sheet again keeps the off-list answer
    _edit(at, ANA, {ROW_12: {"does": "No", "should_own": "No"}}, gen=1)
    _save(at)
    saved = _sheet(store, plan_id, ANA).doc
    assert saved.answer("4.1").note == "Need a registry first" and saved.answer("1.2").does == "No"


def test_the_blank_sheet_for_paper_is_offered(open_page, store, plan_id):
    _team(store, plan_id)
    at = open_page(PAGE, plan_id)
    at.session_state["sa_part"] = "Blank sheet for paper"
    at.run()
    at.selectbox(key="sa_paper_for").set_value(BEN).run()
    next(b for b in at.button if b.label == "Build the blank sheet PDF").click().run()
    assert not at.exception
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))


def test_an_empty_roster_points_to_the_team_page(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    assert any("Nobody is on the roster yet" in i for i in _texts(at.info))
    assert not any(b.label == "Save my sheet" for b in at.button)


def test_a_name_written_like_markdown_shows_as_typed_on_the_sheet(open_page, store, plan_id):
    # A roster name is team-entered text: the sheet's heading shows it literally (no image fetched, no bold)
    name = "![pixel](https://evil.example/p.png) **Boss**"
    plans.save_doc(store, plan_id, TeamDoc.model_validate({"members": [
        {"id": ANA, "name": name, "role": "PCP champion"}]}), 0, "Maria")
    at = open_page("pages/self_assessment_page.py", plan_id, params={"person": ANA})
    heading = next(h.value for h in at.subheader if h.value.startswith("Sheet of"))
    assert "\\!\\[pixel\\]" in heading and "\\*\\*Boss\\*\\*" in heading  # escaped, so markdown draws it as text
    assert heading.replace("\\", "").replace("\u2060", "") == f"Sheet of {name} (PCP champion)"
