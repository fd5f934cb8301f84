"""The store with a limiter (as the app starts it): a runaway loop is refused and nothing of it is written."""
from __future__ import annotations

import pytest

from planning import plans
from planning.ratelimit import IMPORT, SAVE, Limit, RateLimited, RateLimiter
from planning.storage import Store
from worksheets.shared_vision import SharedVisionDoc, Why


def doc(text: str) -> SharedVisionDoc:
    return SharedVisionDoc(why=Why(problem=text))


class FakeClock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_saves_and_new_plans_past_the_limit_are_refused_and_write_nothing(db_url):
    clock = FakeClock()
    store = Store(db_url, limiter=RateLimiter({SAVE: (Limit(3, 10),), IMPORT: (Limit(2, 60),)}, clock=clock))
    try:
        meta = plans.PlanMeta(name="Loop", clinic="Lakeside Clinic")
        pid = plans.create_plan(store, meta, "Dana")
        plans.create_plan(store, meta, "Dana")
        with pytest.raises(RateLimited, match=r"Too many plans added \(imported, .*\) in the last minute under your"):
            plans.import_plan(store, plans.export_plan(store, pid), "Dana")
        assert len(store.list_plans()) == 2
        version = 0
        for n in range(3):  # two saves and a milestone: three writes in the same second
            if n == 1:
                store.create_milestone(pid, "Baseline", "Dana")
                continue
            version = plans.save_doc(store, pid, doc(f"draft {n}"), version, "Dana").version
        with pytest.raises(RateLimited, match="Too many saves in a few seconds under your name"):
            plans.save_doc(store, pid, doc("draft 3"), version, "Dana")
        assert store.load(pid, SharedVisionDoc.KIND).data["why"]["problem"] == "draft 2"
        assert store.revision_count(pid, SharedVisionDoc.KIND) == 2
        plans.save_doc(store, pid, doc("Maria's"), version, "Maria")  # her own budget
        clock.now = 10.5  # Dana paused: the writes at 0 left the window
        plans.save_doc(store, pid, doc("draft 4"), version + 1, "Dana")
    finally:
        store.dispose()


def test_a_store_without_a_limiter_never_refuses(store, plan_id):
    version = 0
    for n in range(40):
        version = plans.save_doc(store, plan_id, doc(f"draft {n}"), version, "Dana").version
    assert version == 40


def test_a_page_says_not_saved_and_why_when_the_limit_is_reached(open_page, plan_id, monkeypatch):
    monkeypatch.setenv("WORKBOOK_RATE_LIMITS", "save=1/600")  # the app reads it when it starts its store
    at = open_page("pages/sustainment_page.py", plan_id)
    at.number_input(key="sustainment_editor_0_s0_care_manager_fte").set_value(1.5)
    next(b for b in at.button if b.label == "Save inputs").click().run()
    assert any("Saved as version 1" in s.value for s in at.success)
    at.number_input(key="sustainment_editor_1_s0_care_manager_fte").set_value(2.0)
    next(b for b in at.button if b.label == "Save inputs").click().run()
    assert not at.exception
    shown = [e.value.replace("\\", "") for e in at.error]  # markdown escapes removed: what the reader sees
    assert any(e.startswith("Not saved: Too many saves in the last 10 minutes under your name; wait 10 "
                                  "minutes and try again.") and "Your entries are still here." in e
               for e in shown), shown
    assert at.number_input(key="sustainment_editor_1_s0_care_manager_fte").value == 2.0


def test_home_says_not_imported_and_why_when_too_many_plans_were_added(open_page, store, plan_id, monkeypatch):
    monkeypatch.setenv("WORKBOOK_RATE_LIMITS", "import=1/60")
    raw = plans.export_plan(store, plan_id)
    at = open_page()
    next(b for b in at.button if b.label == "Open the example plan").click().run()  # the one plan a minute
    at = open_page()
    at.file_uploader(key="home_import").upload("plan.json", raw, "application/json").run()
    next(b for b in at.button if b.label == "Import as a new plan").click().run()
    assert not at.exception
    shown = [e.value.replace("\\", "") for e in at.error]
    assert any(e.startswith("Not imported: Too many plans added (imported, copied, opened from the example or "
                            "created) in the last minute under your name; wait a minute and try again.")
               and e.endswith("Nothing was added.") for e in shown), shown
    assert len(store.list_plans()) == 2  # the test's plan and the example
