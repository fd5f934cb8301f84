"""Nothing sensitive in the logs, and a plan's export holds that plan only.

Every log record is kept while a person saves, imports a plan file (valid and broken), and reads a registry export
(on the engine and on the pages): our own loggers at DEBUG, Streamlit's at the level a server runs them. No patient
ID from the export, no text the team wrote, no email address and no plan content may appear in any of them.
"""
from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from planning import access, plans, registry_import as ri, reports, rollup
from worksheets.shared_vision import SharedVisionDoc, Why
from worksheets.team import Member, TeamDoc

EMAIL = "maria.okafor@lakeside-clinic.example"  # the signed-in person
ROSTER_EMAIL = "luz.ramirez@lakeside-clinic.example"  # a roster member's work email
TEAM_TEXT = "Waitlist-Zebra-7731 for depression care"  # what the team wrote
PLAN_NAME = "Plan-Quokka-4410"
PATIENTS = ("PT-LEAK-90417", "PT-LEAK-90418", "PT-LEAK-90419")
SECRETS = (EMAIL, ROSTER_EMAIL, TEAM_TEXT, "Zebra-7731", PLAN_NAME, *PATIENTS, "PT-LEAK")

REGISTRY = ("Patient ID,Status,PHQ-9 First,PHQ-9 Last,I/A Date,F/U Date,Minutes this month\n"
            f"{PATIENTS[0]},Active,18,8,8/3/26,10/20/26,45\n"
            f"{PATIENTS[1]},Active,12,4,10/14/26,10/28/26,40\n"
            f"{PATIENTS[2]},Discharged,20,3,5/4/26,8/30/26,0\n").encode()


@pytest.fixture
def logs(caplog):
    """Every record: the root and our loggers at DEBUG; Streamlit's loggers (which do not pass records up to the
    root) at the level Streamlit gives them, as on a server."""
    caplog.set_level(logging.DEBUG)
    streamlit_logger = logging.getLogger("streamlit")
    streamlit_logger.addHandler(caplog.handler)
    yield caplog
    streamlit_logger.removeHandler(caplog.handler)


def records(caplog) -> list[logging.LogRecord]:
    """What was logged while the test's fixtures started (the store) and while it ran."""
    return caplog.get_records("setup") + caplog.get_records("call")


def leaked(caplog) -> list[str]:
    found = []
    for record in records(caplog):
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        found += [f"{record.name} {record.levelname}: {s!r}" for s in SECRETS if s.casefold() in text.casefold()]
    return found


def team_plan(store) -> str:
    """A plan holding every kind of secret: its name, a roster email, team text."""
    pid = plans.create_plan(store, plans.PlanMeta(name=PLAN_NAME, clinic="Lakeside Clinic"), EMAIL)
    team = TeamDoc(members=[Member(id="p-luz", name="Luz Ramírez", role="Behavioral health care manager",
                                   email=ROSTER_EMAIL)])
    plans.save_doc(store, pid, team, 0, EMAIL)
    plans.save_doc(store, pid, SharedVisionDoc(why=Why(problem=TEAM_TEXT)), 0, EMAIL)
    return pid


def test_saving_and_importing_plan_files_log_nothing_of_the_plan_or_the_person(logs, store):
    with access.acting_as(access.Principal(EMAIL, "Maria Okafor")):
        pid = team_plan(store)
        store.create_milestone(pid, "Baseline", EMAIL)
        raw = plans.export_plan(store, pid)
        plans.import_plan(store, raw, EMAIL)  # a valid file
        broken = json.loads(raw)
        broken["documents"]["team"]["members"][0]["cocm_share_pct"] = TEAM_TEXT  # an invalid field
        for bad in (json.dumps(broken).encode(), raw[: len(raw) // 2], b"<html>" + raw, b"\xff\xfe" + raw):
            with pytest.raises(plans.ImportProblem):
                plans.import_plan(store, bad, EMAIL)
    assert any(r.name.startswith("planning") for r in records(logs))  # the capture works: the store's start is in it
    assert leaked(logs) == []


def test_reading_a_registry_export_logs_no_patient_id(logs):
    table = ri.read_table(REGISTRY, "registry-october.csv")
    mapping = ri.guess_mapping(table.columns)
    rows = ri.parse(table, mapping, "MDY", date(2026, 10, 31))
    figures = ri.compute(rows, date(2026, 10, 31), {"Active"})
    assert figures and len(rows) == 3
    # the same patients in a broken export: a score out of range and a bad date, on the rows of two patient IDs
    broken = REGISTRY.replace(b",18,8,8/3/26", b",31,8,8/3/26").replace(b"10/14/26", b"14/14/26")
    with pytest.raises(ri.ImportProblem) as refused:
        ri.parse(ri.read_table(broken, "broken.csv"), mapping, "MDY", date(2026, 10, 31))
    assert not any(p in str(refused.value) for p in PATIENTS)  # the messages name rows, not patients
    assert leaked(logs) == []


def test_pages_that_save_import_and_read_an_export_log_nothing_sensitive(logs, open_page, store):
    pid = team_plan(store)
    # a save on a page
    at = open_page("pages/sustainment_page.py", pid, author=EMAIL)
    at.number_input(key="sustainment_editor_0_s0_care_manager_fte").set_value(1.5)
    next(b for b in at.button if b.label == "Save inputs").click().run()
    assert any("Saved as version 1" in s.value for s in at.success)
    # a plan file on Home: a valid one imported, a broken one refused
    raw = plans.export_plan(store, pid)
    at = open_page(author=EMAIL)
    at.file_uploader(key="home_import").upload("plan.json", raw, "application/json").run()
    next(b for b in at.button if b.label == "Import as a new plan").click().run()
    assert not at.exception and len(store.list_plans()) == 2
    at = open_page(author=EMAIL)
    at.file_uploader(key="home_import").upload("plan.json", raw[:-40], "application/json").run()
    assert "This file cannot be imported" in at.error[0].value
    # a registry export on the Metric log
    at = open_page("pages/metric_log_page.py", pid, author=EMAIL)
    at.file_uploader(key="metric_log_upload_0").upload("registry-october.csv", REGISTRY, "text/csv").run()
    assert not at.exception
    assert leaked(logs) == []


def test_the_store_does_not_switch_on_sql_logging(store):
    """SQLAlchemy logs every statement with its values (a whole worksheet) once its logger is at INFO; the workbook
    never sets that, so a server's INFO logging does not copy plans into the log."""
    assert not logging.getLogger("sqlalchemy.engine").isEnabledFor(logging.INFO)


# --------------------------------------------------------------------------------------- exports stay in one plan

def test_a_plan_export_holds_nothing_of_another_plan_or_organisation(store):
    def plan(tag: str, organisation: str) -> str:
        pid = plans.create_plan(store, plans.PlanMeta(name=f"Plan {tag}", clinic=f"Clinic {tag}",
                                                      organisation=organisation), f"author-{tag}")
        team = TeamDoc(members=[Member(id=f"p-{tag}", name=f"Person {tag}", role="PCP champion",
                                       email=f"{tag}@example.org")])
        plans.save_doc(store, pid, team, 0, f"author-{tag}")
        plans.save_doc(store, pid, SharedVisionDoc(why=Why(problem=f"Why {tag}")), 0, f"author-{tag}")
        store.create_milestone(pid, f"Milestone {tag}", f"author-{tag}")
        return pid

    a = plan("ALPHA-marker-1", "Org ALPHA-org")
    b = plan("BRAVO-marker-2", "Org BRAVO-org")
    for mine, other, theirs in ((a, b, "BRAVO"), (b, a, "ALPHA")):
        exported = plans.export_plan(store, mine).decode("utf-8")
        assert theirs not in exported and other not in exported
        assert ("ALPHA" if theirs == "BRAVO" else "BRAVO") in exported  # it does hold its own plan
        text = _pdf_text(reports.workbook_pdf(store, mine))
        assert theirs not in text
    assert [r.name for r in rollup.rollup(store, "Org ALPHA-org")] == ["Plan ALPHA-marker-1"]


def _pdf_text(data: bytes) -> str:
    from tests.conftest import pdf_text

    return pdf_text(data)


def test_a_database_error_does_not_repeat_the_values_being_written(store, plan_id):
    """Streamlit logs a page's uncaught exception with its message; SQLAlchemy's message lists the statement's
    values (a whole worksheet) unless the engine hides them."""
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from planning.storage import documents, make_engine

    engine = make_engine(store.url)
    try:
        with pytest.raises(IntegrityError) as failed, engine.begin() as conn:
            row = {"plan_id": plan_id, "kind": "team", "key": "", "version": 1, "data": TEAM_TEXT,
                   "saved_at": "2026-11-26T00:00:00+00:00", "saved_by": EMAIL}
            conn.execute(insert(documents), [row, row])  # the same document twice
    finally:
        engine.dispose()
    assert TEAM_TEXT not in str(failed.value) and EMAIL not in str(failed.value)
