"""Implementation team page: build the roster, keep ids through renames, acknowledge responsibilities."""
from __future__ import annotations

from planning import plans
from planning.view import load_view
from tests.conftest import HOSTILE
from worksheets import team as tm

PAGE = "pages/team_page.py"


def _edit_roster(at, edited=None, added=None, deleted=None, key_gen: int = 0):
    at.session_state[f"team_editor_{key_gen}"] = {"edited_rows": edited or {}, "added_rows": added or [],
                                                  "deleted_rows": deleted or []}


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _roster(at):
    return next(d.value for d in at.dataframe if "role_detail" in d.value.columns)


def _warnings(at) -> str:
    return " ".join(w.value for w in at.warning)


def _two_people(at):
    _edit_roster(at, added=[
        {"name": "Maria Okafor", "role": "CIT lead", "role_detail": "Practice manager",
         "email": "m.okafor@riverbend.example.org", "cocm_share_pct": 20},
        {"name": "Dr. Wei Chen", "role": "PCP champion", "cocm_share_pct": 5},
    ])
    _button(at, "Save team").click().run()
    assert not at.exception


def test_an_empty_team_warns_about_every_core_role(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    assert at.title[0].value == "Implementation team"
    w = _warnings(at)
    for text in ("No CIT lead on the team yet", "No PCP champion on the team yet",
                 "No behavioral health care manager on the team yet", "No psychiatric consultant on the team yet"):
        assert text in w
    assert any("Save the team first" in i.value for i in at.info)


def test_add_two_people_save_and_they_are_back_after_a_reload(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _two_people(at)
    assert any("Saved as version 1" in s.value for s in at.success)
    fresh = open_page(PAGE, plan_id)
    roster = _roster(fresh)
    assert list(roster["name"]) == ["Maria Okafor", "Dr. Wei Chen"]
    assert list(roster["role"]) == ["CIT lead", "PCP champion"]
    assert roster["cocm_share_pct"].tolist() == [20.0, 5.0]
    metrics = {m.label: m.value for m in fresh.metric}
    assert metrics["People on the team"] == "2" and metrics["Core roles filled"] == "2 of 4"
    w = _warnings(fresh)
    assert "No psychiatric consultant on the team yet" in w and "No behavioral health care manager" in w
    assert "No CIT lead" not in w and "No PCP champion" not in w
    # each person now has their role's responsibilities to acknowledge
    text = " ".join(m.value for m in fresh.markdown)
    assert "Maria Okafor" in text and "0 of 8 acknowledged" in text and "0 of 6 acknowledged" in text


def test_renaming_keeps_the_persons_id(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _two_people(at)
    before = load_view(store, plan_id).roster
    maria_id = before.members[0].id
    fresh = open_page(PAGE, plan_id)
    _edit_roster(fresh, edited={0: {"name": "Maria Okafor-Reyes"}})
    _button(fresh, "Save team").click().run()
    assert any("Saved as version 2" in s.value for s in fresh.success)
    after = load_view(store, plan_id).roster
    assert [m.id for m in after.members] == [m.id for m in before.members]
    assert after.label(maria_id) == "Maria Okafor-Reyes (Practice manager)"


def test_removing_a_person_leaves_a_clear_label_for_old_references(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _two_people(at)
    wei_id = load_view(store, plan_id).roster.members[1].id
    _edit_roster(at, deleted=[1], key_gen=1)
    _button(at, "Save team").click().run()
    roster = load_view(store, plan_id).roster
    assert [m.name for m in roster.members] == ["Maria Okafor"]
    assert roster.label(wei_id) == "(removed from the team)"
    assert "No PCP champion on the team yet" in _warnings(at)


def test_bad_email_and_share_over_100_are_explained_and_nothing_is_saved(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _edit_roster(at, added=[{"name": "Luz", "role": "Behavioral health care manager", "email": "luz at clinic",
                             "cocm_share_pct": 150}])
    _button(at, "Save team").click().run()
    err = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Not saved" in err
    assert "people, row 1, email: this does not look like an email address" in err
    assert "150% is not possible" in err
    assert store.load(plan_id, "team") is None


def test_acknowledge_responsibilities_person_by_person(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _two_people(at)
    maria = load_view(store, plan_id).roster.members[0]
    at.session_state[f"team_editor_1_ack_{maria.id}"] = {
        "edited_rows": {0: {"ack": True}, 2: {"ack": True}}, "added_rows": [], "deleted_rows": []}
    _button(at, "Save acknowledgments").click().run()
    assert any("Saved as version 2" in s.value for s in at.success)
    saved = load_view(store, plan_id).roster
    assert saved.person(maria.id).acknowledged == ["cit-1", "cit-3"]
    assert saved.members[1].acknowledged == []
    text = " ".join(m.value for m in at.markdown)
    assert "2 of 8 acknowledged" in text


def test_a_complete_team_has_no_warnings(open_page, store, plan_id):
    members = [{"name": f"P{i}", "role": r, "acknowledged": list(tm.responsibility_ids(r))}
               for i, r in enumerate(tm.CORE_ROLES)]
    plans.save_doc(store, plan_id, tm.TeamDoc.model_validate({"members": members}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    assert not at.warning
    assert {m.label: m.value for m in at.metric}["Responsibilities acknowledged"] == "4 of 4 people"


def test_hostile_text_in_a_name_is_shown_literally(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _edit_roster(at, added=[{"name": HOSTILE, "role": "Psychiatric consultant", "role_detail": "<i>x</i>"}])
    _button(at, "Save team").click().run()
    assert not at.exception
    assert load_view(store, plan_id).roster.members[0].name == HOSTILE
    fresh = open_page(PAGE, plan_id)
    assert _roster(fresh)["name"].tolist() == [HOSTILE]  # the grid shows the raw text
    heading = next(m.value for m in fresh.markdown if "acknowledged" in m.value and "Psychiatric" in m.value)
    # markdown is escaped: every tag character is shown, never interpreted
    assert "\\<b\\>unclosed \\& \\<script\\>x\\</script\\> Győr 中文 🎉" in heading
    assert "<script>" not in heading and "\\<i\\>x\\</i\\>" in heading


def test_people_added_by_two_colleagues_at_once_are_both_kept(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    bob = tm.TeamDoc.model_validate({"members": [{"name": "Bob's pick", "role": "CIT lead"}]})
    plans.save_doc(store, plan_id, bob, 0, "Bob")  # Bob saves while our page is open
    _edit_roster(at, added=[{"name": "Maria Okafor", "role": "PCP champion"}])
    _button(at, "Save team").click().run()
    assert not at.radio  # nothing to choose: we each added a different person
    assert [m.name for m in load_view(store, plan_id).roster.members] == ["Bob's pick", "Maria Okafor"]


def test_a_half_filled_row_is_refused_by_row_and_stays_on_screen(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _edit_roster(at, added=[{"name": "Maria Okafor", "role": "CIT lead"},
                            {"name": "Sam Ortiz", "email": "s.ortiz@riverbend.example.org"},  # no role
                            {"role": "Other", "role_detail": "Front desk"}])  # no name
    _button(at, "Save team").click().run()
    err = next(e.value for e in at.error if "Not saved" in e.value)
    assert "Implementation team, people, row 2, role\\: choose a role" in err
    assert "Implementation team, people, row 3, name\\: enter a name" in err
    assert load_view(store, plan_id).roster.members == []  # nothing saved, nothing silently dropped
    assert len(at.session_state["team_editor_0"]["added_rows"]) == 3


def test_history_lists_saved_versions(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _two_people(at)
    at.session_state["history_open_team"] = True  # open the History expander
    at.run()
    hist = next(d.value for d in at.dataframe if "Version" in d.value.columns)
    assert list(hist["Version"]) == [1]
    assert "2 people, missing: Behavioral health care manager, Psychiatric consultant" in hist["Summary"].iloc[0]


def test_pdf_button_offers_the_download(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    _button(at, "Build the implementation team PDF").click().run()
    assert not at.exception
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
