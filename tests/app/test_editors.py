"""The shared editors: what a user types comes back as rows or cells, ids kept, nothing dropped."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _matrix_script():
    import streamlit as st

    from pages.ui.editors import matrix_editor

    tasks = [("t1", "Screen patients with the PHQ-9"), ("t2", "Present patients at caseload review")]
    people = [("p1", "Dana Lee (CIT lead)"), ("p2", "<b>Sam</b> & Co")]
    cells = matrix_editor(tasks, people, {("t1", "p1"): "Yes"}, "grid", options=["Yes", "With training", "No"])
    st.text(repr(sorted((r, c, v) for (r, c), v in cells.items() if v)))


def test_matrix_cells_come_back_by_task_and_person_id():
    at = AppTest.from_function(_matrix_script).run()
    grid = at.dataframe[0]
    # people are columns labelled with their names as typed, keyed by their ids
    assert '"label": "<b>Sam</b> & Co"' in grid.proto.columns
    assert at.text[0].value == "[('t1', 'p1', 'Yes')]"
    at.session_state["grid"] = {"edited_rows": {1: {"p2": "With training"}, 0: {"p1": None}},
                                "added_rows": [], "deleted_rows": []}
    at.run()
    assert at.text[0].value == "[('t2', 'p2', 'With training')]"


def _rows_script():
    import streamlit as st

    from pages.ui.editors import rows_editor
    from worksheets.team import Member

    people = [Member(id="p1", name="Dana Lee", role="CIT lead")]
    rows = rows_editor(Member, people, "roster", ["name", "role", "cocm_share_pct"])
    st.text(repr(rows))


def test_rows_keep_their_id_and_a_half_filled_row_is_not_dropped():
    at = AppTest.from_function(_rows_script).run()
    config = at.dataframe[0].proto.columns
    assert '"options": ["CIT lead", "PCP champion", "Behavioral health care manager", "Psychiatric consultant", ' \
           '"Other"]' in config  # the role choices come from the model
    at.session_state["roster"] = {"edited_rows": {0: {"name": "Dana Lee-Park"}},
                                  "added_rows": [{"cocm_share_pct": 20}], "deleted_rows": []}
    at.run()
    shown = at.text[0].value
    assert '"id": "p1"' in shown.replace("'", '"') and "Dana Lee-Park" in shown
    # the new row has only a share typed: it comes back (so Save can say "enter a name"), not dropped
    assert '"cocm_share_pct": 20' in shown.replace("'", '"')
