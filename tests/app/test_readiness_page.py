"""Readiness page: rate, save, see the score, survive reloads and concurrent saves."""
from __future__ import annotations

from planning import plans
from tests.conftest import HOSTILE
from worksheets import readiness as rd

PAGE = "pages/readiness_page.py"


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _save_button(at):
    return next(b for b in at.button if b.label == "Save checklist")


def _rate(at, domain: str, edits: dict, key_gen: int = 0):
    at.session_state[f"readiness_editor_{key_gen}_{domain}"] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": []}


def test_rate_items_save_and_see_the_score(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    assert at.title[0].value == "Readiness checklist"
    assert _metrics(at)["Overall readiness"] == "Not rated yet"
    _rate(at, "A", {0: {"rating": "In place"}, 1: {"rating": "Partly", "note": "Board meets in May"}})
    _rate(at, "B", {0: {"rating": "Not in place"}})
    _save_button(at).click().run()
    assert not at.exception
    m = _metrics(at)
    assert m["Items rated"] == "3 of 32"
    assert m["Overall readiness"] == "50%"  # A: 2 + 1 of 4, B: 0 of 2 -> 3 of 6
    assert m["Domains to address before launch"] == "1"  # B at 0%
    assert any("Team and staffing (0%)" in w.value for w in at.warning)
    assert any("Saved as version 1" in s.value for s in at.success)
    saved = plans.load_doc(store, plan_id, "readiness")
    assert saved.version == 1 and saved.saved_by == "Tester"
    assert saved.doc.note("A2") == "Board meets in May"


def test_values_are_back_after_a_reload(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _rate(at, "C", {2: {"rating": "In place", "note": HOSTILE}})
    _save_button(at).click().run()
    fresh = open_page(PAGE, plan_id)  # a browser refresh: new session, same URL
    assert _metrics(fresh)["Items rated"] == "1 of 32"
    editors = [d.value for d in fresh.dataframe if "rating" in d.value.columns]
    assert len(editors) == 8  # one grid per domain
    row = next(df for df in editors if "C3" in set(df["id"])).set_index("id").loc["C3"]
    assert row["rating"] == "In place" and row["note"] == HOSTILE


def test_changes_to_different_items_by_two_people_are_both_kept_without_a_question(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)  # I open the checklist...
    bob = rd.ReadinessDoc.model_validate({"responses": {"A2": {"rating": "Not in place"}}})
    plans.save_doc(store, plan_id, bob, 0, "Bob")  # ...Bob rates A2 and saves while my page is open
    _rate(at, "A", {0: {"rating": "In place"}})  # I rate A1 and save later
    _save_button(at).click().run()
    loaded = plans.load_doc(store, plan_id, "readiness")
    assert loaded.version == 2 and loaded.saved_by == "Tester"
    assert loaded.doc.rating("A1") == "In place" and loaded.doc.rating("A2") == "Not in place"
    assert not at.radio  # nothing to choose
    shown = [s.value for s in at.success]
    assert any("Bob saved version 1 while you were editing; both sets of changes are kept" in v for v in shown)


def test_the_same_item_changed_by_both_is_asked_side_by_side_and_nothing_is_lost(open_page, store, plan_id):
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate(
        {"responses": {"A1": {"rating": "Partly"}, "A3": {"rating": "Partly"}}}), 0, "Ann")
    at = open_page(PAGE, plan_id)
    bob = rd.ReadinessDoc.model_validate(
        {"responses": {"A1": {"rating": "Not in place"}, "A3": {"rating": "In place"}}})
    plans.save_doc(store, plan_id, bob, 1, "Bob")  # Bob changes A1 and A3
    _rate(at, "A", {0: {"rating": "In place"}, 1: {"rating": "Partly"}})  # I change A1 and A2
    _save_button(at).click().run()
    assert plans.load_doc(store, plan_id, "readiness").version == 2  # nothing written yet
    err = next(e.value for e in at.error if "Not saved yet" in e.value and "Bob saved" in e.value)
    assert "Your entries are still on screen" in err
    assert at.session_state["readiness_editor_0_A"]["edited_rows"][0]["rating"] == "In place"
    # only A1 is asked about; Bob's A3 and my A2 are listed as changes on each side
    assert [r.label for r in at.radio] == ["item A1, rating"]
    pick = at.radio[0]
    assert pick.options == ["Theirs: Not in place", "Mine: In place"]
    page_text = " ".join(m.value for m in at.markdown)
    assert "item A3" in page_text and "item A2" in page_text
    pick.set_value("mine").run()
    next(b for b in at.button if b.label == "Save with these choices").click().run()
    loaded = plans.load_doc(store, plan_id, "readiness")
    assert loaded.version == 3 and loaded.saved_by == "Tester"
    assert (loaded.doc.rating("A1"), loaded.doc.rating("A2"), loaded.doc.rating("A3")) == (
        "In place", "Partly", "In place")


def test_discard_mine_loads_their_version(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate({"responses": {"A1": {"rating": "Partly"}}}),
                   0, "Bob")
    _rate(at, "A", {0: {"rating": "In place"}})
    _save_button(at).click().run()
    next(b for b in at.button if b.label == "Discard my changes and load theirs").click().run()
    assert _metrics(at)["Items rated"] == "1 of 32"
    assert plans.load_doc(store, plan_id, "readiness").doc.rating("A1") == "Partly"
    assert not any("Not saved" in e.value for e in at.error)


def test_saving_without_a_name_asks_for_it_and_loses_nothing(open_page, store, plan_id):
    at = open_page(PAGE, plan_id, author="")
    _rate(at, "A", {0: {"rating": "In place"}})
    _save_button(at).click().run()
    assert any("enter your name at the top of the sidebar" in e.value for e in at.error)
    assert plans.load_doc(store, plan_id, "readiness").version == 0
    assert at.session_state["readiness_editor_0_A"]["edited_rows"][0]["rating"] == "In place"


def test_saving_with_no_change_adds_no_version(open_page, store, plan_id):
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate({"responses": {"A1": {"rating": "Partly"}}}),
                   0, "Ann")
    at = open_page(PAGE, plan_id)
    _save_button(at).click().run()
    assert any("Nothing changed since version 1" in i.value for i in at.info)
    assert store.revision_count(plan_id, "readiness") == 1


def test_a_long_note_is_kept_and_an_overlong_one_is_refused_in_plain_words(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    _rate(at, "A", {0: {"rating": "Partly", "note": "x" * 2001}})  # over the old 2,000 limit: fine now
    _save_button(at).click().run()
    assert len(plans.load_doc(store, plan_id, "readiness").doc.note("A1")) == 2001
    at = open_page(PAGE, plan_id)
    _rate(at, "A", {0: {"note": "y" * 10_001}})
    _save_button(at).click().run()
    err = next(e.value for e in at.error if "Not saved" in e.value)
    assert "10,001 characters long, and the most allowed is 10,000" in err
    assert at.session_state["readiness_editor_0_A"]["edited_rows"][0]["note"] == "y" * 10_001  # still typed
    assert plans.load_doc(store, plan_id, "readiness").version == 1


def test_history_and_restore(open_page, store, plan_id):
    for n, rating in enumerate(["Partly", "In place"]):
        plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate({"responses": {"A1": {"rating": rating}}}),
                       n, "Ann")
    at = open_page(PAGE, plan_id)
    assert any(e.label.startswith("History (2 saved versions)") for e in at.expander)
    assert not any("Version" in d.value.columns for d in at.dataframe)  # read only once opened
    at.session_state["history_open_readiness"] = True  # open the History expander
    at.run()
    hist = next(d.value for d in at.dataframe if "Version" in d.value.columns)
    assert list(hist["Version"]) == [2, 1] and list(hist["By"]) == ["Ann", "Ann"]
    at.selectbox(key="restore_pick_readiness").set_value(1)
    next(b for b in at.button if b.label == "Restore this version").click().run()
    loaded = plans.load_doc(store, plan_id, "readiness")
    assert loaded.version == 3 and loaded.doc.rating("A1") == "Partly"
    assert any("Version 1 restored" in s.value for s in at.success)


def test_pdf_button_offers_the_download(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    next(b for b in at.button if b.label == "Build the readiness checklist PDF").click().run()
    assert not at.exception
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))


def test_without_a_plan_the_page_points_home(open_page):
    at = open_page(PAGE)
    assert any("Open or create a plan on the Home page" in i.value for i in at.info)
    assert not at.metric


def test_a_newer_version_is_announced_not_swapped_in_silently(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate({"responses": {"A1": {"rating": "Partly"}}}),
                   0, "Bob")
    at.run()  # any interaction on the same page
    banner = next(i.value for i in at.info if "saved a newer version" in i.value)
    assert "Bob" in banner and "You are still looking at version 0" in banner
    assert _metrics(at)["Items rated"] == "0 of 32"
    next(b for b in at.button if b.label.startswith("Load the newer version")).click().run()
    assert _metrics(at)["Items rated"] == "1 of 32"
    assert not any("saved a newer version" in i.value for i in at.info)


def test_arriving_on_the_page_shows_the_latest_version(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    plans.save_doc(store, plan_id, rd.ReadinessDoc.model_validate({"responses": {"A1": {"rating": "Partly"}}}),
                   0, "Bob")
    at.switch_page("pages/home_page.py").run()
    at.switch_page(PAGE).run()
    assert _metrics(at)["Items rated"] == "1 of 32"
    assert not any("saved a newer version" in i.value for i in at.info)


def test_the_pdf_offered_is_never_older_than_the_last_save(open_page, store, plan_id):
    at = open_page(PAGE, plan_id)
    next(b for b in at.button if b.label == "Build the readiness checklist PDF").click().run()
    assert any(d.proto.label == "Download PDF" for d in at.get("download_button"))
    _rate(at, "A", {0: {"rating": "In place"}})
    _save_button(at).click().run()
    # after the save, the old file is gone; a new build reflects the save
    assert not any(d.proto.label == "Download PDF" for d in at.get("download_button"))
