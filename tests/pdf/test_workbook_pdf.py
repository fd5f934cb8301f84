"""The whole workbook as one PDF: a cover, a contents page whose page numbers are right, every step and worksheet
bookmarked step > worksheet, as of now or as of a milestone."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from planning import plans, registry, reports
from planning.report import REPLACEMENT
from planning.view import load_view
from tests.conftest import example_before_step5, HOSTILE
from worksheets.readiness import ReadinessDoc


@pytest.fixture
def example(store) -> str:
    return example_before_step5(store, "Tester")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _lines(page) -> list[str]:
    """A page's text line by line, top down, each line's pieces left to right (the contents' page numbers are
    drawn at the right margin, apart from their titles)."""
    rows: dict[int, list[tuple[float, str]]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            rows.setdefault(round(y), []).append((x, text.strip()))

    page.extract_text(visitor_text=visit)
    return [" ".join(t for _, t in sorted(v)) for _, v in sorted(rows.items(), reverse=True)]


def _contents(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, page shown) for every line of the contents pages: from page 2 up to the first section's page."""
    out = []
    for page in reader.pages[1:]:
        if "Document: Plan overview" in _flat(page.extract_text()):
            break
        for line in _lines(page):
            found = re.fullmatch(r"(.+?) (\d+)", line)
            if found and not line.startswith("Printed "):  # the footer ends "Page 2 of 140"
                out.append((found.group(1), int(found.group(2))))
    return out


def _outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """Top-level bookmarks as (title, page, [(nested title, page), ...])."""
    out: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            title, page, _ = out[-1]
            out[-1] = (title, page, [(i.title, reader.get_destination_page_number(i) + 1) for i in item])
        else:
            out.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return out


def test_the_contents_page_numbers_lead_to_each_heading_and_the_bookmarks_nest_worksheets_under_steps(store,
                                                                                                      example):
    data = reports.workbook_pdf(store, example)
    assert reports.workbook_pdf(store, example) == data  # the same plan prints the same bytes
    reader = PdfReader(io.BytesIO(data))
    pages = [_flat(p.extract_text()) for p in reader.pages]
    cover = pages[0]
    assert "Example: Riverbend Collaborative Care launch" in cover
    assert "As of now" in cover and "Printed" in cover and "Maria Okafor" in cover  # the example's CIT lead
    assert "AIMS Center (2023)" in cover and "It stores no patient data" in cover
    assert "Contents" in pages[1]

    contents = _contents(reader)
    outline = _outline(reader)
    # the contents list exactly what the bookmarks list, in the same order, on the same pages
    assert contents == [(t, p) for title, page, nested in outline for t, p in [(title, page), *nested]]
    for title, page in contents:
        here = pages[page - 1]
        assert title in here, f"{title!r} is not on page {page}"
        if not title.startswith("Step "):
            # a worksheet's heading is followed by the document line; it starts on that page, not before
            assert f"Document: {title}" in here
            assert f"Document: {title}" not in pages[page - 2]
    numbers = [p for _, p in contents]
    assert numbers == sorted(numbers) and numbers[-1] <= len(reader.pages)

    # Plan overview, then the five steps, each with its worksheets nested under it
    assert [t for t, _, _ in outline] == ["Plan overview", *[s.label for s in registry.STEPS]]
    for step, (_, _, nested) in zip(registry.STEPS, outline[1:]):
        titles = [t for t, _ in nested]
        for w in step.worksheets:
            if w.built and w.report is not None:
                assert w.title in titles, f"{w.title} is not under {step.label}"
    step2 = dict((t, n) for t, _, n in outline)["Step 2 · Plan for Clinical Practice Change"]
    assert "Action plan" in [t for t, _ in step2] and "Clinical workflow" in [t for t, _ in step2]


def test_as_of_a_milestone_the_cover_names_it_and_the_worksheets_are_as_they_were(store, example):
    view = load_view(store, example)
    old = view.doc(ReadinessDoc.KIND)
    item, response = next((k, r) for k, r in old.responses.items() if r.note)
    mid = store.create_milestone(example, "Baseline", "Tester")
    changed = old.model_copy(update={"responses": {**old.responses, item: response.model_copy(
        update={"note": "Rewritten after the baseline milestone"})}})
    plans.save_doc(store, example, changed, view.version(ReadinessDoc.KIND), "Tester")

    then = PdfReader(io.BytesIO(reports.workbook_pdf(store, example, milestone_id=mid)))
    cover = _flat(then.pages[0].extract_text())
    assert "As of milestone Baseline, made" in cover and "by Tester" in cover
    text = _flat("\n".join(p.extract_text() for p in then.pages))
    assert _flat(response.note)[:40] in text and "Rewritten after the baseline milestone" not in text

    now = _flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(reports.workbook_pdf(store, example))).pages))
    assert "Rewritten after the baseline milestone" in now and "As of now" in now


def test_a_hostile_plan_name_prints_on_the_cover_and_the_contents(store, example):
    view = load_view(store, example)
    plans.save_meta(store, example, view.meta.model_copy(update={"name": HOSTILE}), view.row.meta_version, "Tester")
    reader = PdfReader(io.BytesIO(reports.workbook_pdf(store, example)))
    # the markup prints as typed; the emoji and CJK the font lacks print as a visible marker
    shown = "<b>unclosed & <script>x</script> Győr"
    cover, contents = (_flat(reader.pages[i].extract_text()) for i in (0, 1))
    assert shown in cover and REPLACEMENT in cover
    assert "Contents" in contents and shown in contents
    assert _contents(reader)[0] == ("Plan overview", _contents(reader)[0][1])
