"""Table migrations (Alembic). The app upgrades its database itself when a Store starts.

``upgrade(conn)`` runs inside the caller's write transaction: on PostgreSQL it first takes a transaction-level
advisory lock (per schema), on SQLite the transaction was opened with ``BEGIN IMMEDIATE``; either way a second
process starting at the same moment waits, then finds the schema at head and does nothing. A database made
before migrations existed (tables present, no ``alembic_version``) is recognised and stamped at revision 0001,
the schema it has, before upgrading.

Operators can use the Alembic command line too (see docs/architecture.md):
``.venv/bin/alembic -c planning/migrations/alembic.ini current|history|upgrade head``.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

HERE = Path(__file__).resolve().parent
UNVERSIONED_SCHEMA = "0001"  # what Store created before migrations existed
LOCK_NAME = "workbook-schema-migration:"  # + the schema name: tests in parallel schemas do not wait for each other
log = logging.getLogger("planning.storage")


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code (no alembic.ini needed at run time)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["applied"] = []
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head()


def current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def lock(conn: Connection) -> None:
    """Serialise migrations between processes; released when the transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name || current_schema()))"),
                     {"name": LOCK_NAME})
    # SQLite: the caller's transaction began with BEGIN IMMEDIATE, which already excludes other writers.


def upgrade(conn: Connection) -> list[str]:
    """Bring the schema to head inside ``conn``'s open transaction. Returns the revisions applied here."""
    lock(conn)
    found = current(conn)
    if found == head():
        return []
    cfg = config(conn)
    if found is None and inspect(conn).has_table("plans"):
        log.info("database made before schema migrations: recording it as revision %s", UNVERSIONED_SCHEMA)
        command.stamp(cfg, UNVERSIONED_SCHEMA)
        found = UNVERSIONED_SCHEMA
    command.upgrade(cfg, "head")
    applied = list(cfg.attributes["applied"])
    log.info("database schema upgraded from %s to %s (%s)", found or "empty", head(), ", ".join(applied))
    return applied
