"""The flowchart layout and its two drawings: every step a box in its lane and phase, nothing overlapping, arrows
that never cross a box, labels cut to fit with the whole text in the hover, readable at 1280 x 720 even with 60
steps, and the same geometry on screen (plotly) and in the PDF (reportlab)."""
from __future__ import annotations

import json
import time

from reportlab.graphics.shapes import Drawing, PolyLine, Rect, String

from planning import flowchart as fc
from tests.conftest import HOSTILE
from worksheets import workflow as wf
from worksheets.content import Flowchart, FlowEdge, FlowNode


def chart(steps: list[dict]) -> Flowchart:
    return wf.flowchart(wf.WorkflowDoc.model_validate({"steps": steps}))


def library_chart() -> Flowchart:
    return wf.flowchart(wf.WorkflowDoc(steps=wf.library_steps()))


def sixty_steps() -> Flowchart:
    """60 steps: 12 a phase over four roles, hand-offs and a suicide-risk branch, like a big clinic's workflow."""
    roles = [wf.MA, wf.PCP, wf.BHCM, wf.CONSULTANT]
    steps = []
    for p in wf.PHASES:
        for k in range(12):
            steps.append({"phase": p, "name": f"Step {k + 1} of phase {p}: something the team does with a longer "
                                              f"description", "who": roles[k % 4],
                          "hands_off_to": roles[(k + 1) % 4] if k % 3 == 0 else None, "method": "EHR message",
                          "suicide_risk": p == 1 and k in (4, 5), "status": wf.NEW if k % 2 else wf.SAME})
    return chart(steps)


def overlaps(a: fc.Box, b: fc.Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def crosses(points, box: fc.Box) -> bool:
    """Does a route (level and upright segments only) pass through the inside of a box?"""
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        if box.x + 1 < hi_x and lo_x < box.x + box.w - 1 and box.y + 1 < hi_y and lo_y < box.y + box.h - 1:
            return True
        if lo_x == hi_x and box.x + 1 < lo_x < box.x + box.w - 1 and lo_y < box.y + box.h - 1 and box.y + 1 < hi_y:
            return True
        if lo_y == hi_y and box.y + 1 < lo_y < box.y + box.h - 1 and lo_x < box.x + box.w - 1 and box.x + 1 < hi_x:
            return True
    return False


def check_geometry(lay: fc.Layout) -> None:
    boxes = list(lay.boxes)
    for i, a in enumerate(boxes):
        assert 0 <= a.x and a.x + a.w <= lay.width + 0.01, a
        lane = next(band for band in lay.lanes if band.text and band.y <= a.y and a.y + a.h <= band.y + band.h)
        assert lane is not None
        for b in boxes[i + 1:]:
            assert not overlaps(a, b), (a.id, b.id)
    ends = {b.id: b for b in boxes}
    for arrow in lay.arrows:
        for box in boxes:
            head, tail = arrow.points[0], arrow.points[-1]
            touching = [b for b in boxes if b.x - 1 <= head[0] <= b.x + b.w + 1 and b.y - 1 <= head[1] <= b.y + b.h + 1
                        or b.x - 1 <= tail[0] <= b.x + b.w + 1 and b.y - 1 <= tail[1] <= b.y + b.h + 1]
            if box in touching:
                continue
            assert not crosses(arrow.points, box), (arrow, box.id)
    assert ends


# ----------------------------------------------------------------------------------------------
# layout

def test_the_whole_episode_puts_each_step_in_its_lane_and_phase_column():
    block = library_chart()
    lay = fc.layout(block)
    steps = {n.id: n for n in block.nodes}
    assert len([b for b in lay.boxes if not b.connector]) == len(block.nodes)
    lane_of = {band.text: band for band in lay.lanes}
    assert [" ".join(band.text) for band in lay.lanes] == ["Patient", "Medical assistant or nurse", "PCP",
                                                           "Behavioral health care manager", "Psychiatric consultant"]
    columns = list(lay.columns)
    assert [" ".join(c.text) for c in columns][0] == "Phase 1 · Identify and engage"
    for box in lay.boxes:
        node = steps[box.id]
        col = columns[node.column]
        assert col.x <= box.x and box.x + box.w <= col.x + col.w  # in its phase column
        band = next(b for b in lay.lanes if b.y <= box.y < b.y + b.h)
        assert " ".join(band.text) == node.lane  # in its lane
    assert lane_of and lay.width == fc.SCREEN_W
    check_geometry(lay)


def test_every_phase_view_keeps_boxes_apart_and_arrows_off_the_boxes():
    block = library_chart()
    for phase in wf.PHASES:
        lay = fc.layout(block, phase)
        assert {b.id for b in lay.boxes if not b.connector} == {n.id for n in block.nodes if n.column == phase - 1}
        check_geometry(lay)


def test_a_phase_view_shows_hand_offs_to_other_phases_at_its_edges():
    block = chart([{"phase": 1, "name": "Warm hand-off", "who": wf.PCP, "hands_off_to": wf.BHCM,
                    "method": "Warm hand-off"},
                   {"phase": 2, "name": "Initial assessment", "who": wf.BHCM}])
    one, two = fc.layout(block, 1), fc.layout(block, 2)
    out = next(b for b in one.boxes if b.connector)
    assert (out.lines, out.lane) == (("to 2.1", "Initial", "assess…"), wf.BHCM)  # the number first, always
    assert out.full == "To 2.1 Initial assessment (Behavioral health care manager, Phase 2 · Diagnosis and treatment " \
                       "start)"
    assert out.x > max(b.x + b.w for b in one.boxes if not b.connector)  # at the right edge
    came = next(b for b in two.boxes if b.connector)
    assert came.lines[0] == "from 1.1" and came.lane == wf.PCP
    assert came.x + came.w < min(b.x for b in two.boxes if not b.connector)  # at the left edge
    step = next(b for b in one.boxes if b.id == block.nodes[0].id)
    assert step.note == "→ Warm hand-off"  # a phase view says how the step hands off


def test_long_labels_are_cut_with_an_ellipsis_and_kept_whole_for_the_hover():
    name = "Warm hand-off to the behavioral health care manager or a same-week appointment booked by the front desk"
    lay = fc.layout(chart([{"phase": 1, "name": name, "who": wf.PCP}]))
    box = lay.boxes[0]
    assert box.cut and box.lines[-1].endswith("…") and len(box.lines) == fc.WHOLE.lines
    assert box.full == f"1.1 {name}"
    assert all(fc.text_width(line, lay.font) <= box.w - 2 * fc.TEXT_PAD for line in box.lines)
    lines, cut = fc.wrap("Short", 200, 12, 3)
    assert (lines, cut) == (("Short",), False)
    lines, cut = fc.wrap("Supercalifragilisticexpialidocious", 60, 12, 2)
    assert cut and all(fc.text_width(t, 12) <= 60 for t in lines)


def test_the_suicide_branch_is_marked_in_words_and_a_thick_outline():
    block = library_chart()
    lay = fc.layout(block, 1)
    branch = [b for b in lay.boxes if b.branch and not b.connector]
    assert [b.full for b in branch] == ["1.7 A positive answer on item 9 starts the suicide-risk protocol",
                                        "1.8 Assess suicide risk and act on the risk level"]
    assert all(b.lines[0] == "SUICIDE RISK" for b in branch)
    assert any(a.branch for a in lay.arrows)
    fig = fc.figure(block, 1)
    outlines = [s["line"]["width"] for s in fig.layout.shapes if s["type"] == "rect" and s["line"]["width"]]
    assert 3.5 in outlines and 1.4 in outlines  # the branch's outline is thicker than a step's


def test_sixty_steps_stay_legible_at_1280_by_720():
    block = sixty_steps()
    started = time.perf_counter()
    whole = fc.layout(block)
    phases = [fc.layout(block, p) for p in wf.PHASES]
    took = time.perf_counter() - started
    # the page's main column at 1280 x 720 is 820 px: no view is wider, and no label is smaller than 12 px
    assert whole.width <= 820 and all(p.width <= 820 for p in phases)
    assert whole.font >= 12 and all(p.font >= 14 for p in phases)
    # a phase view gives every step three lines of at least 18 characters
    for lay in phases:
        steps = [b for b in lay.boxes if not b.connector]
        assert len(steps) == 12
        assert all(b.w - 2 * fc.TEXT_PAD >= fc.text_width("x" * 18, lay.font) for b in steps)
        assert all(len([t for t in b.lines if t != fc.TAG]) >= 3 or not b.cut for b in steps)
        check_geometry(lay)
    check_geometry(whole)
    assert whole.crowded  # so the PDF adds a page per phase
    assert took < 5, f"laying out 60 steps took {took:.1f}s"


# ----------------------------------------------------------------------------------------------
# on screen

def test_the_screen_figure_draws_every_box_with_its_whole_label_in_the_hover():
    block = chart([{"phase": 1, "name": HOSTILE, "who": wf.PCP, "status": wf.NEW, "hands_off_to": wf.BHCM},
                   {"phase": 1, "name": "Assess", "who": wf.BHCM, "status": wf.SAME}])
    fig = fc.figure(block)
    spec = json.loads(fig.to_json())
    hover = spec["data"][0]["hovertext"]
    assert hover[0] == ("<b>1.1 &lt;b&gt;unclosed &amp; &lt;script&gt;x&lt;/script&gt; Győr 中文 🎉</b><br>PCP"
                        "<br>new, or will change")  # escaped: plotly shows the text, it does not read it as HTML
    texts = " ".join(a.get("text", "") for a in spec["layout"]["annotations"])
    assert "<script>" not in texts and "&lt;script&gt;" in texts
    boxes = [s for s in spec["layout"]["shapes"] if s["type"] == "rect" and s.get("layer") == "above"]
    dashes = sorted(s["line"]["dash"] for s in boxes)
    assert dashes == ["dash", "solid"]  # the new step is dashed, the one done today solid
    assert spec["layout"]["width"] == fc.SCREEN_W and spec["layout"]["height"] > 200
    assert spec["layout"]["xaxis"]["fixedrange"] and spec["layout"]["dragmode"] is False


def test_a_hand_off_is_an_arrow_ending_at_the_next_step_of_that_role():
    block = chart([{"phase": 1, "name": "Screen", "who": wf.MA, "hands_off_to": wf.PCP, "method": "EHR message"},
                   {"phase": 1, "name": "Review", "who": wf.PCP}])
    lay = fc.layout(block, 1)
    review = next(b for b in lay.boxes if b.full == "1.2 Review")
    (arrow,) = [a for a in lay.arrows if a.handoff]
    x, y = arrow.points[-1]
    assert review.x - 1 <= x <= review.x + review.w + 1 and review.y - 1 <= y <= review.y + review.h + 1
    heads = [a for a in fc.figure(block, 1).layout.annotations if a.showarrow]
    assert len(heads) == len(lay.arrows) + 2  # and the two arrows of the legend


# ----------------------------------------------------------------------------------------------
# in the PDF

def test_the_pdf_drawing_fits_the_page_and_says_the_same_as_the_screen():
    block = library_chart()
    d = fc.drawing(block, 1, 684)
    assert isinstance(d, Drawing) and d.width <= 684.01 and d.height <= fc.PDF_MAX_H + 0.01
    strings = [s.text for s in d.getContents() if isinstance(s, String)]
    lay = fc.layout(block, 1)
    for box in lay.boxes:
        for line in box.lines:
            assert line in strings
    dashed = [r for r in d.getContents() if isinstance(r, Rect) and r.strokeDashArray == (5, 3)]
    assert len(dashed) == 1  # the legend's sample: the library's steps are not yet marked new or changing
    assert any(isinstance(p, PolyLine) for p in d.getContents())  # routed arrows


def test_the_pdf_adds_a_page_per_phase_only_when_the_whole_view_is_crowded():
    small = chart([{"phase": 1, "name": "Screen", "who": wf.MA}, {"phase": 2, "name": "Assess", "who": wf.BHCM}])
    assert len([f for f in fc.pdf_flowchart(small, 684) if isinstance(f, Drawing)]) == 1
    big = sixty_steps()
    assert len([f for f in fc.pdf_flowchart(big, 684) if isinstance(f, Drawing)]) == 6  # whole + five phases


def test_text_the_font_cannot_draw_is_replaced_visibly_in_the_drawing():
    block = Flowchart("T", ("Patient", "PCP"), ("Phase 1",), (FlowNode("a", "PCP", 0, HOSTILE),), ())
    strings = " ".join(s.text for s in fc.drawing(block, 1, 684).getContents() if isinstance(s, String))
    assert "<b>unclosed" in strings and "中" not in strings and "\N{REPLACEMENT CHARACTER}" in strings


def test_an_edge_to_an_unknown_step_is_left_out():
    block = Flowchart("T", ("PCP",), ("Phase 1",), (FlowNode("a", "PCP", 0, "A"),), (FlowEdge("a", "zz"),))
    assert fc.layout(block).arrows == () and fc.layout(block, 1).arrows == ()
