"""Table migrations: a database made by the workbook before migrations existed upgrades itself and keeps everything;
two processes starting at once migrate once; the migrated tables are the ones storage queries.

`tests/fixtures/workbook_made_by_v1.db` was made by planning/storage.py as of commit 2dbbd38 (before issue #7):
a plan "Example: Riverbend Collaborative Care launch" with its details saved twice, a team document, a readiness
checklist saved, changed by Dr. Chen and restored to version 1, and a second plan "Archived pilot", archived.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import column, create_engine, inspect, insert, table, text

from planning import migrations
from planning.storage import StaleSave, Store, make_engine, metadata

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
V1_DB = FIXTURES / "workbook_made_by_v1.db"
EXAMPLE = "Example: Riverbend Collaborative Care launch"


@pytest.fixture
def db_url(any_db_url):
    return any_db_url


def v1_database(url: str, tmp_path: Path) -> str:
    """A database as the workbook made it before migrations: on SQLite a copy of the fixture file; on PostgreSQL
    the same tables (revision 0001, then no alembic_version) filled with the fixture's rows."""
    if url.startswith("sqlite"):
        path = tmp_path / "made-by-v1.db"
        shutil.copy(V1_DB, path)
        return f"sqlite:///{path}"
    source = create_engine(f"sqlite:///file:{V1_DB}?mode=ro&uri=true")
    target = make_engine(url)
    try:
        with source.connect() as src, target.begin() as conn:
            command.upgrade(migrations.config(conn), "0001")
            conn.execute(text("DROP TABLE alembic_version"))
            for name in ("plans", "documents", "revisions"):
                rows = [dict(r._mapping) for r in src.execute(text(f"SELECT * FROM {name} ORDER BY rowid"))]
                for r in rows:
                    if name == "revisions":
                        del r["id"]  # the sequence numbers them, as it did for the previous version
                    if name == "plans":
                        r["archived"] = bool(r["archived"])
                conn.execute(insert(table(name, *(column(c) for c in rows[0]))), rows)
    finally:
        source.dispose()
        target.dispose()
    return url


def test_a_database_made_by_the_previous_version_upgrades_and_keeps_all_data_and_history(db_url, tmp_path):
    url = v1_database(db_url, tmp_path)
    store = Store(url)
    try:
        assert store.migrated == ["0002", "0003", "0004"]
        [plan] = store.list_plans()
        assert plan.meta["name"] == EXAMPLE and plan.meta["site"] == "Eastside clinic, 2nd floor"
        assert plan.meta_version == 2 and plan.last_saved_by == "Sam Rivera"
        assert {(p.meta["name"], p.archived) for p in store.list_plans(include_archived=True)} == {
            ("Archived pilot", True), (EXAMPLE, False)}
        pid = plan.id

        readiness = json.loads((FIXTURES / "readiness_v1.json").read_text())
        assert store.load(pid, "readiness").data == readiness
        assert [(r.version, r.saved_by, r.comment) for r in store.history(pid, "readiness")] == [
            (3, "Maria Okafor", "restored from version 1"), (2, "Dr. Chen", ""), (1, "Maria Okafor", "")]
        assert "Győr 中文" in store.revision(pid, "readiness", 2).data["responses"]["A3"]["note"]
        assert store.load(pid, "team").data == json.loads((FIXTURES / "team_v1.json").read_text())
        assert [r.comment for r in store.history(pid, "plan")] == ["", "created"]

        # and everything new works on it
        assert store.save(pid, "readiness", readiness, 3, "Ann").version == 4
        with pytest.raises(StaleSave):
            store.save(pid, "readiness", readiness, 3, "Bob")
        store.save(pid, "self_assessment", {"s": 1}, 0, "Ann", key="p-ann")
        baseline = store.create_milestone(pid, "Baseline", "Ann")
        assert set(store.load_snapshot(pid, baseline).documents) == {
            ("plan", ""), ("team", ""), ("readiness", ""), ("self_assessment", "p-ann")}
    finally:
        store.dispose()
    again = Store(url)
    try:
        assert again.migrated == []
    finally:
        again.dispose()


def _schema(url: str) -> dict:
    """Tables, columns, keys and indexes as the database reports them (the migration bookkeeping left out)."""
    engine = create_engine(url)
    try:
        insp = inspect(engine)
        return {t: {"columns": [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(t)],
                    "primary key": insp.get_pk_constraint(t)["constrained_columns"],
                    "foreign keys": sorted((tuple(f["constrained_columns"]), f["referred_table"])
                                           for f in insp.get_foreign_keys(t)),
                    "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                                      for i in insp.get_indexes(t))}
                for t in sorted(insp.get_table_names()) if t != "alembic_version"}
    finally:
        engine.dispose()


def test_revision_0001_is_exactly_the_schema_the_previous_version_made(tmp_path):
    """SQLite only: the fixture file was made on SQLite. Upgrading to 0001, or downgrading from head, gives the
    same tables, columns, keys and indexes as the previous version's own database."""
    made_by_v1 = _schema(f"sqlite:///file:{V1_DB}?mode=ro&uri=true")
    assert set(made_by_v1) == {"plans", "documents", "revisions"}

    url = f"sqlite:///{tmp_path / 'r0001.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0001")
    engine.dispose()
    assert _schema(url) == made_by_v1

    url = f"sqlite:///{tmp_path / 'down.db'}"
    Store(url).dispose()
    engine = make_engine(url)
    with engine.begin() as conn:
        command.downgrade(migrations.config(conn), "0001")
    engine.dispose()
    assert _schema(url) == made_by_v1


def test_the_migrated_database_has_exactly_the_tables_storage_queries(store):
    with store._write.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_downgrading_to_0001_keeps_single_documents_and_upgrading_again_works(db_url, store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    store.save(plan_id, "readiness", {"x": 2}, 1, "Bob")
    store.save(plan_id, "self_assessment", {"s": 1}, 0, "Ann", key="p-ann")
    store.create_milestone(plan_id, "Baseline", "Ann")
    store.dispose()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.downgrade(migrations.config(conn), "0001")
        assert migrations.current(conn) == "0001"
        assert not inspect(conn).has_table("milestones")
    engine.dispose()
    again = Store(db_url)
    try:
        assert again.migrated == ["0002", "0003", "0004"]
        assert again.load(plan_id, "readiness").data == {"x": 2}
        assert again.revision_count(plan_id, "readiness") == 2
        assert again.load(plan_id, "self_assessment", key="p-ann") is None  # documented: per-member documents go
        assert again.list_milestones(plan_id) == []
    finally:
        again.dispose()


# One app process starting: imports everything, says it is ready, waits for "go", starts a Store, reports.
START_A_STORE = """
import json, sys
from planning.storage import Store
print("ready", flush=True)
sys.stdin.readline()
try:
    store = Store(sys.argv[1])
    print(json.dumps(["started", store.migrated]), flush=True)
    store.dispose()
except Exception as exc:
    print(json.dumps(["failed", repr(exc)]), flush=True)
"""


def test_two_processes_starting_at_once_on_an_empty_database_migrate_it_once(db_url):
    # Separate interpreters (not multiprocessing: its spawn re-runs the parent's __main__, which after an AppTest
    # in the same pytest worker is app.py). Both are released at the same moment, once both are ready.
    procs = [subprocess.Popen([sys.executable, "-c", START_A_STORE, db_url], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "ready", p.stderr.read()
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        outcomes = [tuple(json.loads(p.communicate(timeout=60)[0])) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert sorted(outcomes, key=lambda o: len(o[1])) == [("started", []), ("started", ["0001", "0002", "0003", "0004"])], outcomes
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            assert [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))] == ["0004"]
    finally:
        engine.dispose()


def test_operators_can_use_the_alembic_command_line(db_url):
    def alembic(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "alembic", "-c", "planning/migrations/alembic.ini",
                               "-x", f"url={db_url}", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    alembic("upgrade", "head")
    assert "0004 (head)" in alembic("current")
    store = Store(db_url)
    try:
        assert store.migrated == []
    finally:
        store.dispose()
