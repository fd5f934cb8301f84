"""Every registered worksheet, checked the same way; a new worksheet gets these tests without writing them.

For each built worksheet: its golden fixture loads, an empty document survives a save and a load, its page
opens without an error, its PDF section builds with hostile text in the plan, and its findings are well formed
(a stable id starting with the worksheet's kind, a plain sentence, a severity, a page that exists).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from planning import plans, registry, reports
from planning.view import load_view
from tests.conftest import HOSTILE, pdf_text
from worksheets.findings import SEVERITIES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BUILT = registry.built_worksheets()
KINDS = [w.kind for w in BUILT]
PAGES = {w.page_file for w in registry.all_worksheets()}


@pytest.fixture
def hostile_plan(store) -> str:
    """The example plan with hostile text as the plan's name and a person's name."""
    pid = plans.open_example(store, "Tester")
    meta, row = plans.load_meta(store, pid)
    plans.save_meta(store, pid, meta.model_copy(update={"name": HOSTILE}), row.meta_version, "Tester")
    team = plans.load_doc(store, pid, "team")
    data = team.doc.model_dump(mode="json")
    data["members"][0]["name"] = HOSTILE
    plans.save_doc(store, pid, type(team.doc).model_validate(data), team.version, "Tester")
    return pid


@pytest.mark.parametrize("kind", KINDS)
def test_golden_fixture_loads_and_an_empty_document_round_trips(kind, store, plan_id):
    model = registry.doc_models()[kind]
    fixture = FIXTURES / f"{kind}_v{model.current_version()}.json"
    assert model.model_validate(json.loads(fixture.read_text(encoding="utf-8")))
    plans.save_doc(store, plan_id, model(), 0, "Tester")
    assert plans.load_doc(store, plan_id, kind).doc == model()


@pytest.mark.parametrize("kind", KINDS)
def test_page_opens_with_the_example_plan(kind, open_page, hostile_plan):
    at = open_page(registry.worksheet(kind).page_file, hostile_plan)  # open_page fails on any exception
    assert at.title[0].value == registry.worksheet(kind).title


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_section_builds_with_hostile_text(kind, store, hostile_plan):
    text = pdf_text(reports.worksheet_pdf(store, hostile_plan, kind))
    assert registry.worksheet(kind).title in text
    assert "Győr" in text  # the plan name is in every page header, escaped, not interpreted


@pytest.mark.parametrize("kind", KINDS)
def test_findings_are_well_formed(kind, store, hostile_plan):
    spec = registry.worksheet(kind)
    view = load_view(store, hostile_plan)
    for finding in spec.findings(view) if spec.findings else []:
        assert finding.id.startswith(f"{kind}:") and finding.worksheet == kind
        assert finding.severity in SEVERITIES
        assert finding.text.strip(), finding
        assert registry.worksheet(finding.worksheet).page_file in PAGES
    again = [f.id for f in spec.findings(load_view(store, hostile_plan))] if spec.findings else []
    assert len(set(again)) == len(again)  # ids are unique within a worksheet


def test_the_plan_view_reads_the_database_a_fixed_number_of_times(store, plan_id):
    from sqlalchemy import event

    counts = []
    for n in (1, len(KINDS)):
        for kind in KINDS[:n]:
            loaded = plans.load_doc(store, plan_id, kind)
            if loaded.version == 0:
                plans.save_doc(store, plan_id, registry.doc_models()[kind](), 0, "Tester")
        seen = []
        engine = store._read  # the engine pages read through
        listener = lambda *a, **k: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            view = load_view(store, plan_id)
            view.findings(), view.progress()
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts.append(len(seen))
    assert counts[0] == counts[1] <= 3, counts
