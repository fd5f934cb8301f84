"""The Compare and Trends tabs of the six-month review page (pages/ui/compare.py): the latest milestone against now
by default, exactly the changes made, the text diff shown safely, the same point twice refused in words, a PDF to
download, and trends once there are two milestones."""
from __future__ import annotations

from planning import plans
from planning.view import load_view
from tests.conftest import HOSTILE, example_before_step5, unescaped

PAGE = "pages/review_page.py"




def texts(at) -> str:
    """Every markdown, caption, info and warning on the page, unescaped."""
    parts = [unescaped(m.value) for m in at.markdown] + [unescaped(c.value) for c in at.caption]
    parts += [unescaped(x.value) for x in at.info] + [unescaped(x.value) for x in at.warning]
    return "\n".join(parts)


def show(at, tab: str):
    """Open a tab of the review page (only the open tab's content runs)."""
    at.session_state["rv_tab"] = tab
    return at.run()


def edit(store, pid, kind, change, key=""):
    view = load_view(store, pid)
    doc = view.doc(kind, key).model_copy(deep=True)
    change(doc)
    plans.save_doc(store, pid, doc, view.version(kind, key), "Tester", key=key)


def test_the_latest_milestone_against_now_lists_the_changes(open_page, store):
    pid = example_before_step5(store, "Tester")
    store.create_milestone(pid, "Baseline", "Tester")
    edit(store, pid, "readiness", lambda d: setattr(d.responses["B2"], "rating", "In place"))

    def reword(doc):
        doc.vision.statement = doc.vision.statement.replace("markedly better", f"better {HOSTILE}")
    edit(store, pid, "shared_vision", reword)

    at = show(open_page(PAGE, pid), "Compare")
    assert not at.exception
    old, new = at.selectbox(key="cmp_old"), at.selectbox(key="cmp_new")
    assert old.value != "now" and new.value == "now"  # default: the latest milestone against now
    shown = texts(at)
    assert "2 worksheets changed, 19 unchanged." in shown
    changed = [e.label for e in at.expander if "change" in e.label and ":" in e.label]
    assert "Readiness checklist: 1 change" in changed and "Shared vision: 1 change" in changed
    # the item is named by its id and the start of its text
    assert "item B2 (A psychiatric consultant is identified and…): Not in place → In place" in shown
    # the word diff: the removed word struck through, the added words in bold, the team's text escaped
    diff = next(unescaped(m.value) for m in at.markdown if "~~" in m.value)
    assert "most feel ~~markedly~~ better **<b>unclosed & <script>x</script> Győr 中文 🎉** within six months." in diff
    raw = next(m.value for m in at.markdown if "~~" in m.value)
    assert "<script>" not in raw  # escaped, never raw HTML
    assert "Unchanged:" in shown


def test_the_same_point_twice_is_refused_in_words(open_page, store):
    pid = example_before_step5(store, "Tester")
    store.create_milestone(pid, "Baseline", "Tester")
    at = show(open_page(PAGE, pid), "Compare")
    at.selectbox(key="cmp_old").set_value("now").run()
    assert "Choose two different points to compare." in texts(at)
    assert not any("change" in e.label and ":" in e.label for e in at.expander)


def test_the_comparison_pdf_is_offered_for_download(open_page, store):
    pid = example_before_step5(store, "Tester")
    store.create_milestone(pid, "Baseline", "Tester")
    at = show(open_page(PAGE, pid), "Compare")
    at.button(key="build_cmp_pdf").click().run()
    assert not at.exception
    assert any(b.label == "Download PDF" for b in at.get("download_button"))


def test_trends_ask_for_two_milestones_then_draw_charts(open_page, store):
    pid = example_before_step5(store, "Tester")
    store.create_milestone(pid, "Baseline", "Tester")
    at = show(open_page(PAGE, pid), "Trends")
    assert "Trends need at least two milestones; make one at each six-month review." in texts(at)

    edit(store, pid, "readiness", lambda d: setattr(d.responses["B2"], "rating", "In place"))
    store.create_milestone(pid, "6-month review", "Tester")
    at = show(open_page(PAGE, pid), "Trends")
    assert not at.exception
    assert len(at.get("plotly_chart")) >= 6  # readiness (2), principles, task summary, launch gate, actions...
    assert "Trends need at least two milestones" not in texts(at)


def test_a_hostile_milestone_name_shows_literally(open_page, store):
    pid = example_before_step5(store, "Tester")
    hostile = store.create_milestone(pid, HOSTILE, "Tester")
    edit(store, pid, "readiness", lambda d: setattr(d.responses["B2"], "rating", "In place"))
    store.create_milestone(pid, "6-month review", "Tester")
    at = show(open_page(PAGE, pid), "Compare")
    assert not at.exception
    at.selectbox(key="cmp_old").set_value(str(hostile)).run()
    assert not at.exception
    assert f"From {HOSTILE} (" in texts(at).replace("**", "")
    assert "Readiness checklist: 1 change" in [e.label for e in at.expander]
    show(at, "Trends")
    assert f"{HOSTILE} (" in texts(at)  # the trends name each point, literally
