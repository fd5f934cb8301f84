"""Nothing a user types is silently held back by the browser on any worksheet page.

A table column marked `required`, a `max_chars` limit or a number column's min/max make the browser drop a
half-filled row, cut a pasted note or refuse a number without a word; the page then says "Saved" without it.
Every worksheet page instead lets the typing through and the model refuses it on Save, naming the row and
the cell. This walks every built worksheet, so pages added later are held to the same rule.
"""
from __future__ import annotations

import json

import pytest

from planning import plans, registry

BUILT = [w.page_file for w in registry.built_worksheets()]


@pytest.fixture
def example_plan(store) -> str:
    return plans.open_example(store, "Tester")


@pytest.mark.parametrize("page", BUILT)
def test_no_input_on_a_worksheet_page_silently_refuses_what_is_typed(open_page, example_plan, page):
    at = open_page(page, example_plan)
    problems = _problems(at)
    # pages that draw only the tab on screen: open each tab in turn (its key holds the selected label)
    labels = [t.label for t in at.tabs]
    tab_keys = [k for k in at.session_state if labels and at.session_state[k] == labels[0]]
    for label in labels[1:] if tab_keys else []:
        at.session_state[tab_keys[0]] = label
        at.run()
        problems += _problems(at)
    assert not problems, problems


def _problems(at) -> list[str]:
    problems = []
    for editor in at.main.dataframe:
        if editor.proto.editing_mode == 0:  # a read-only table
            continue
        for column, config in json.loads(editor.proto.columns or "{}").items():
            if config.get("required"):
                problems.append(f"table column {config.get('label', column)!r} is required")
            type_config = config.get("type_config", {})
            for limit in ("max_chars", "min_value", "max_value"):
                if type_config.get(limit) is not None:
                    problems.append(f"table column {config.get('label', column)!r} has {limit}")
    for box in [*at.main.text_area, *at.main.text_input]:  # the sidebar name box shows its own counter
        if box.proto.max_chars:
            problems.append(f"text box {box.label!r} has a {box.proto.max_chars}-character limit")
    for number in at.main.number_input:
        if number.proto.has_min or number.proto.has_max:
            problems.append(f"number box {number.label!r} has a min or max")
    return problems
