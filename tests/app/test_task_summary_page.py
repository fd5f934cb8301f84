"""Task summary page: the example plan's flags, agreeing owners, counts by role, hostile notes.

The example plan (examples/example-plan.json), worked by hand. 33 tasks on the list (32 standard + the county
crisis team, c7f2a9d10); sheets: Maria, Wei, Luz and Samuel answer all 33, Tom Becker 5 (1.1, 7.1, 8.1, 8.2, 8.5).
- Gaps (nobody does it, or every doer has comfort 1-2):
    4.1 "Follow every patient systematically with the registry": every sheet says No (Luz: No, comfort 1) -> gap;
    4.6 "relapse prevention plan": only Luz does it (Sometimes), comfort 2 -> gap;
    8.5 billing minutes: Luz says No (comfort 2) but Tom does it Sometimes with comfort 3 -> no gap;
    every other task has at least one doer with comfort 3 or 4.                                    => Gaps 2
- Disagreements (two "Yes" to "should it be my role", or doers but nobody wants it):
    7.2 clinical supervision: Wei Yes and Samuel Yes -> disagreement; 1.2 and 3.5 are Wei Yes + Samuel Shared,
    7.1 is Maria Yes + Tom Shared -> no; every doer in the file says Yes or Shared.                => Disagreements 1
- No agreed owner: the task summary agrees owners for 30 of the 33 tasks, all on the roster; missing:
    4.1, 4.6 and 8.4.                                                                              => No agreed owner 3
- Duplications: two doers and no owner -> only possible on 4.1, 4.6, 8.4, which have 0, 1 (Luz) and 1 (Samuel)
    doers.                                                                                         => Duplications 0
- Training needs: ticked by Maria 7.3; Wei 3.5, 8.1; Luz 2.2, 3.4, 4.1, 4.6, 6.1; plus Luz on 8.5 (Shared,
    comfort 2); Maria's 8.5 comfort 2 is "No" to the role -> not counted.                          => Training needs 9
- Sheets finished: 4 of 6 (Tom part-way; Ana Torres, who joins in March 2027, has not started hers).
"""
from __future__ import annotations

import pandas as pd

from planning import plans
from planning.view import load_view
from tests.conftest import HOSTILE
from worksheets.team import TeamDoc

PAGE = "pages/task_summary_page.py"
LUZ, ADEYEMI = "c0e85b17d3f6", "d4a6f0c28e93"
EDITOR = "task_summary_editor_0"
ROW_41 = 11  # row of 4.1 in the list: 1.1-1.3, 2.1-2.2, 3.1-3.6 come first (3 + 2 + 6 = 11 rows, 0-based)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _texts(elements) -> list[str]:
    return [e.value.replace("\\", "") for e in elements]


def _show(at, part: str):
    at.session_state["ts_part"] = part
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _save_owners(at):
    next(b for b in at.button if b.label == "Save agreed owners").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_the_example_plans_flags_as_worked_by_hand(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid)
    assert _metrics(at) == {"Sheets finished": "4 of 6", "Gaps": "2", "Duplications": "0", "Disagreements": "1",
                            "Training needs": "9", "No agreed owner": "3"}
    flagged = next(d.value for d in at.dataframe if "Flags" in d.value.columns).set_index("Task")
    supervision = flagged.loc["7.2 Clinical support and supervision of the program"]
    assert supervision["Flags"] == "Disagreement"
    assert supervision["Does it now"] == "Dr. Wei Chen (3), Dr. Samuel Adeyemi (4)"
    registry_row = flagged.loc["4.1 Follow every patient systematically with the registry"]
    assert registry_row["Flags"] == "Gap, Training need" and registry_row["Does it now"] == "nobody"
    assert registry_row["Training for"] == "Luz Ramírez"
    rules = " ".join(_texts(at.markdown))
    assert "nobody does the task now, or everyone who does it rates their comfort 1 or 2." in rules


def test_agreeing_an_owner_for_4_1_saves_and_its_no_owner_finding_goes(open_page, store):
    pid = plans.open_example(store, "Tester")
    assert "task_summary:no-owner:4.1" in {f.id for f in load_view(store, pid).findings(["task_summary"])}
    at = _show(open_page(PAGE, pid), "Agree owners")
    owners = next(d.value for d in at.dataframe if "owner" in d.value.columns)
    assert owners.loc[ROW_41, "id"] == "4.1" and pd.isna(owners.loc[ROW_41, "owner"])  # an empty cell
    at.session_state[EDITOR] = {"edited_rows": {ROW_41: {"owner": LUZ, "backup": ADEYEMI, "handoff": "Huddle"}},
                                "added_rows": [], "deleted_rows": []}
    _save_owners(at)
    assert any("Saved as version 2" in s for s in _texts(at.success))  # version 1 came with the example
    assert _metrics(at)["No agreed owner"] == "2"  # 4.6 and 8.4 are left
    agreed = plans.load_doc(store, pid, "task_summary").doc.agreements["4.1"]
    assert (agreed.owner, agreed.backup, agreed.handoff) == (LUZ, ADEYEMI, "Huddle")
    found = {f.id for f in load_view(store, pid).findings(["task_summary"])}
    assert "task_summary:no-owner:4.1" not in found and "task_summary:no-owner:4.6" in found
    open_now = store.open_finding_ids(pid)  # what the action plan's inbox offers
    assert "task_summary:no-owner:4.1" not in open_now and "task_summary:no-owner:4.6" in open_now
    assert "task_summary:gap:4.1" in open_now  # an owner does not make anyone comfortable doing it yet


def test_hostile_text_in_a_note_saves_and_shows_literally(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = _show(open_page(PAGE, pid), "Agree owners")
    at.session_state[EDITOR] = {"edited_rows": {0: {"note": HOSTILE}}, "added_rows": [], "deleted_rows": []}
    _save_owners(at)
    assert plans.load_doc(store, pid, "task_summary").doc.agreements["1.1"].note == HOSTILE
    assert plans.load_doc(store, pid, "task_summary").doc.agreements["1.1"].owner == "b72d0e4c9a15"  # kept
    fresh = _show(open_page(PAGE, pid), "Agree owners")  # another browser
    owners = next(d.value for d in fresh.dataframe if "owner" in d.value.columns)
    assert owners.loc[0, "note"] == HOSTILE


def test_counts_by_role_for_the_example_plan(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = _show(open_page(PAGE, pid), "Counts by role")
    table = next(d.value for d in at.dataframe if "Role" in d.value.columns).set_index("Role")
    # Psychiatric consultant (Samuel): does now 1.2, 3.5, 3.6, 6.1, 6.2, 6.3, 7.2, 8.4 = 8, each Yes or Shared
    # -> should be theirs 8; all with comfort 3-4 -> 0 low; no training; agreed owner of 6.1, 6.2, 6.3, 7.2 = 4.
    assert table.loc["Psychiatric consultant"].to_dict() == {
        "People": 1, "Does now": 8, "Should be theirs": 8, "Does with comfort 1-2": 0, "Training needs": 0,
        "Agreed owner of": 4}
    # Other (Tom): does 7.1 and 8.5 (Sometimes, comfort 3, Shared) -> 2, 2, 0, 0; he is only a backup -> 0.
    assert table.loc["Other"].to_dict() == {
        "People": 1, "Does now": 2, "Should be theirs": 2, "Does with comfort 1-2": 0, "Training needs": 0,
        "Agreed owner of": 0}


def test_an_owner_who_leaves_the_team_counts_as_no_owner(open_page, store):
    pid = plans.open_example(store, "Tester")
    team = plans.load_doc(store, pid, "team")
    plans.save_doc(store, pid, TeamDoc(members=[m for m in team.doc.members if m.id != LUZ]), team.version, "Maria")
    at = open_page(PAGE, pid)
    # Luz is the agreed owner of 19 tasks (1.3, 2.1, 2.2, 3.1-3.4, 4.2, 4.3, 4.5, 5.1-5.3, 8.1-8.3, 8.5, 8.6,
    # c7f2a9d10): 19 + the 3 without an owner = 22
    assert _metrics(at)["No agreed owner"] == "22"
    assert _metrics(at)["Sheets finished"] == "3 of 5"  # her sheet is no longer counted
    found = {f.id for f in load_view(store, pid).findings(["task_summary"])}
    assert "task_summary:owner-left:2.1" in found


def test_with_no_sheets_the_page_says_where_to_fill_them_in(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    assert any("No self-assessments saved yet" in i for i in _texts(at.info))
    assert _metrics(at)["Gaps"] == "0" and _metrics(at)["No agreed owner"] == "32"  # the standard list, no owners


def test_pdf_button_offers_the_download(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid)
    next(b for b in at.button if b.label == "Build the task summary PDF").click().run()
    assert not at.exception
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
