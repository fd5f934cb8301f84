"""The one report builder: bookmarks lead to the page their section starts on, a cover and contents come first when
asked for, parts nest their sections, and landscape sections turn their pages sideways inside a part."""
from __future__ import annotations

import io

from pypdf import PdfReader

from planning.report import Cover, Part, Report, build_handouts, build_pdf
from worksheets.content import Handout, Para, Section, Table


def _long(title: str, rows: int = 80, landscape: bool = False) -> Section:
    # 80 table rows of about 20 pt each: more than one Letter page of body (about 650 pt)
    return Section(title, (Table(("Task", "Owner"), tuple((f"{title} task {i}", "Ann") for i in range(rows))),),
                   revision=1, landscape=landscape)


def _outline(reader: PdfReader) -> list:
    def walk(items):
        return [walk(i) if isinstance(i, list) else (i.title, reader.get_destination_page_number(i) + 1)
                for i in items]
    return walk(reader.outline)


def _first_page_with(reader: PdfReader, text: str) -> int:
    return next(n for n, p in enumerate(reader.pages, start=1) if text in " ".join(p.extract_text().split()))


def test_each_bookmark_leads_to_the_page_its_section_starts_on():
    data = build_pdf(Report("Step 2", "Plan", "Clinic", (_long("First"), _long("Second"), Section("Third"))))
    reader = PdfReader(io.BytesIO(data))
    marks = _outline(reader)
    assert [t for t, _ in marks] == ["First", "Second", "Third"]
    for title, page in marks:
        assert page == _first_page_with(reader, f"Document: {title}")
    assert marks[1][1] > 2  # "First" takes two pages or more, so "Second" cannot start on page 1 or 2


def test_a_cover_and_contents_come_first_and_parts_nest_their_sections_portrait_or_landscape():
    report = Report("Workbook", "Plan", "Clinic", (Section("Overview", (Para("Hello"),)),),
                    parts=(Part("Step 1 · Start", (_long("Alpha"), _long("Wide grid", landscape=True)), intro="Why"),
                           Part("Step 2 · Empty", ())),
                    cover=Cover("Plan", "Clinic", (("CIT lead", "Ann"),), "As of now."), contents=True)
    reader = PdfReader(io.BytesIO(build_pdf(report)))
    assert "As of now." in reader.pages[0].extract_text() and "Contents" in reader.pages[1].extract_text()
    marks = _outline(reader)
    assert [m[0] if isinstance(m, tuple) else [t for t, _ in m] for m in marks] == [
        "Overview", "Step 1 · Start", ["Alpha", "Wide grid"], "Step 2 · Empty"]
    (_, overview), (_, step1), nested, (_, step2) = marks
    assert overview == 3 and step1 == 4 and nested[0][1] == 4  # cover 1, contents 2; the step opens on its first
    wide = reader.pages[nested[1][1] - 1]
    assert wide.mediabox.width > wide.mediabox.height  # the landscape section inside a part is sideways
    assert reader.pages[step1 - 1].mediabox.width < reader.pages[step1 - 1].mediabox.height
    assert "Nothing in this part yet" in reader.pages[step2 - 1].extract_text()
    lines = [" ".join(line.split()) for line in reader.pages[1].extract_text(extraction_mode="layout").splitlines()]
    assert f"Alpha {nested[0][1]}" in lines and f"Wide grid {nested[1][1]}" in lines  # title, page at the right
    assert "Step 2 · Empty " + str(step2) in lines


def test_each_handout_bookmark_leads_to_its_own_first_page():
    long = tuple(Para(f"Line {i} of the first handout, long enough to fill the page in the end.") for i in range(60))
    reader = PdfReader(io.BytesIO(build_handouts([Handout("First sheet", long), Handout("Second sheet", ())])))
    marks = _outline(reader)
    assert marks[0] == ("First sheet", 1)
    assert marks[1] == ("Second sheet", _first_page_with(reader, "Second sheet")) and marks[1][1] > 2
