"""Launch gate page: Not yet with every blocker grouped under a link to the page that fixes it; an override needs a
reason in a sentence and then turns the gate to Go (override); it can be withdrawn; every step overview shows the
gate."""
from __future__ import annotations

from planning import plans, registry
from worksheets import launch_gate as lg
from tests.conftest import unescaped

PAGE = "pages/launch_gate_page.py"




def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at, kind: str) -> str:
    return "\n".join(unescaped(e.value) for e in getattr(at, kind))


def links(at) -> list[tuple[str, str]]:
    return [(p.proto.label, p.proto.page) for p in at.get("page_link")]


def test_the_example_plan_is_not_ready_and_each_blocker_links_to_its_page(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid)
    m = metrics(at)
    assert m["Launch gate"] == "Not yet" and m["Target launch"] == "3 May 2027"
    assert int(m["Blockers open"]) >= 4
    assert "stand between the clinic and launch" in texts(at, "error")
    md = "\n".join(unescaped(x.value) for x in at.markdown)
    assert "Data and IT scores 25% on the readiness checklist" in md
    assert "administrative items required before launch are not done" in md
    # a blocker that sums up many items lists each one in words under it (codes alone say nothing to a lead)
    listed = " ".join(unescaped(m.value) for e in at.expander if "one by one" in e.label for m in e.markdown)
    assert "S3 · Arrange clinical supervision for the care manager" in listed
    assert "BHCM Essentials: A Self-Guided Overview" in listed  # the care manager's required trainings, each
    fix = [page for label, page in links(at) if label == "Fix it"]
    assert {"readiness", "admin-readiness"} <= set(fix)  # each group links to its page (by its address) on this plan


def test_an_override_needs_a_real_reason_then_the_gate_says_go_by_override(open_page, store):
    pid = plans.open_example(store, "Tester")
    at = open_page(PAGE, pid, author="Maria Okafor")
    at.text_area[0].input("ok")
    at.button(key="FormSubmitter:gate_override_form-Record the override").click().run()
    assert "Write why the clinic launches with these blockers open" in texts(at, "error")
    assert plans.load_doc(store, pid, lg.KIND).version == 0  # nothing saved

    at.text_area[0].input("Two required items finish the week after launch; we start with five patients.")
    at.button(key="FormSubmitter:gate_override_form-Record the override").click().run()
    assert not at.exception
    assert metrics(at)["Launch gate"] == "Go (override)"
    saved = plans.load_doc(store, pid, lg.KIND)
    assert saved.doc.override.by == "Maria Okafor" and saved.saved_by == "Maria Okafor"
    assert "Recorded by Maria Okafor" in texts(at, "info")

    at.button(key="gate_withdraw").click().run()
    assert metrics(at)["Launch gate"] == "Not yet"
    assert plans.load_doc(store, pid, lg.KIND).doc.override is None


def test_every_step_overview_shows_the_gate(open_page, store):
    pid = plans.open_example(store, "Tester")
    for step in registry.STEPS:
        at = open_page(step.page_file, pid)
        assert "Launch gate: Not yet." in texts(at, "warning"), step.label
        assert ("Open the gate", "launch-gate") in links(at), step.label
