"""Storage: plans and their worksheet documents, with full revision history.

SQLAlchemy Core. The database URL comes from ``WORKBOOK_DATABASE_URL``; the default is an embedded
SQLite file under the data folder (``WORKBOOK_DATA_DIR``, default ``data/``). On SQLite we use WAL,
a busy timeout, and open every write transaction with ``BEGIN IMMEDIATE`` (deferred transactions
lost most contended writes with "database is locked"). No SQLite-only SQL is used in queries, so
PostgreSQL works with only the URL changed.

Every save is compare-and-swap on the document's version number and appends a revision row in
the same transaction. A stale save raises :class:`StaleSave` and writes nothing.
"""
from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

DATABASE_URL_ENV = "WORKBOOK_DATABASE_URL"
DATA_DIR_ENV = "WORKBOOK_DATA_DIR"
PLAN_KIND = "plan"  # the plan's own metadata is stored as a document like any worksheet

metadata = MetaData()

plans = Table(
    "plans",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("archived", Boolean, nullable=False, default=False),
    Column("last_saved_at", String(32), nullable=False),
    Column("last_saved_by", String(200), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("plan_id", String(36), ForeignKey("plans.id"), primary_key=True),
    Column("kind", String(80), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("saved_at", String(32), nullable=False),
    Column("saved_by", String(200), nullable=False),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan_id", String(36), ForeignKey("plans.id"), nullable=False),
    Column("kind", String(80), nullable=False),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("saved_at", String(32), nullable=False),
    Column("saved_by", String(200), nullable=False),
    Column("comment", String(400), nullable=False, default=""),
)
Index("ix_revisions_doc", revisions.c.plan_id, revisions.c.kind, revisions.c.version, unique=True)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredDocument:
    plan_id: str
    kind: str
    version: int
    data: dict[str, Any]
    saved_at: str
    saved_by: str


@dataclass(frozen=True)
class Revision:
    version: int
    data: dict[str, Any]
    saved_at: str
    saved_by: str
    comment: str


@dataclass(frozen=True)
class PlanRow:
    id: str
    archived: bool
    created_at: str
    last_saved_at: str
    last_saved_by: str
    meta: dict[str, Any]
    meta_version: int


class StaleSave(Exception):
    """Someone saved this document after it was loaded; nothing was written."""

    def __init__(self, expected: int, current: StoredDocument | None):
        self.expected = expected
        self.current = current
        who = f"{current.saved_by} saved it at {current.saved_at}" if current else "it was removed"
        super().__init__(f"This worksheet changed since you opened it (version {expected}): {who}.")


class NotFound(Exception):
    pass


def default_url() -> str:
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    if url:
        return url
    data_dir = Path(os.environ.get(DATA_DIR_ENV, "data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'workbook.db'}"


def _sqlite_setup(engine: Engine, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None  # let SQLAlchemy's begin event issue BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout = 10000")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Store:
    """Plans and documents. Thread-safe; share one instance per process."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
        self._write = create_engine(self.url, **kwargs)
        self._read = create_engine(self.url, **kwargs) if self.is_sqlite else self._write
        if self.is_sqlite:
            _sqlite_setup(self._write, immediate=True)
            _sqlite_setup(self._read, immediate=False)
        metadata.create_all(self._write)

    def dispose(self) -> None:
        self._write.dispose()
        if self._read is not self._write:
            self._read.dispose()

    # ----- plans -------------------------------------------------------------------------
    def create_plan(self, meta: dict[str, Any], author: str, documents_data: dict[str, dict] | None = None,
                    comment: str = "created") -> str:
        """Create a plan with its metadata document and, optionally, worksheet documents, atomically."""
        plan_id = str(uuid.uuid4())
        at = now_iso()
        with self._write.begin() as conn:
            conn.execute(insert(plans).values(id=plan_id, created_at=at, created_by=author, archived=False,
                                              last_saved_at=at, last_saved_by=author))
            self._insert_doc(conn, plan_id, PLAN_KIND, meta, author, at, comment)
            for kind, data in (documents_data or {}).items():
                self._insert_doc(conn, plan_id, kind, data, author, at, comment)
        return plan_id

    def list_plans(self, include_archived: bool = False) -> list[PlanRow]:
        q = (
            select(plans, documents.c.data, documents.c.version)
            .join(documents, and_(documents.c.plan_id == plans.c.id, documents.c.kind == PLAN_KIND))
            .order_by(plans.c.last_saved_at.desc())
        )
        if not include_archived:
            q = q.where(plans.c.archived.is_(False))
        with self._read.connect() as conn:
            return [self._plan_row(r) for r in conn.execute(q)]

    def get_plan(self, plan_id: str) -> PlanRow:
        q = (
            select(plans, documents.c.data, documents.c.version)
            .join(documents, and_(documents.c.plan_id == plans.c.id, documents.c.kind == PLAN_KIND))
            .where(plans.c.id == plan_id)
        )
        with self._read.connect() as conn:
            row = conn.execute(q).first()
        if row is None:
            raise NotFound(plan_id)
        return self._plan_row(row)

    def set_archived(self, plan_id: str, archived: bool, author: str) -> None:
        with self._write.begin() as conn:
            res = conn.execute(update(plans).where(plans.c.id == plan_id)
                               .values(archived=archived, last_saved_at=now_iso(), last_saved_by=author))
            if res.rowcount != 1:
                raise NotFound(plan_id)

    @staticmethod
    def _plan_row(r) -> PlanRow:
        return PlanRow(id=r.id, archived=bool(r.archived), created_at=r.created_at, last_saved_at=r.last_saved_at,
                       last_saved_by=r.last_saved_by, meta=json.loads(r.data), meta_version=r.version)

    # ----- documents ---------------------------------------------------------------------
    def load(self, plan_id: str, kind: str) -> StoredDocument | None:
        q = select(documents).where(documents.c.plan_id == plan_id, documents.c.kind == kind)
        with self._read.connect() as conn:
            r = conn.execute(q).first()
        return self._doc(r) if r else None

    def load_all(self, plan_id: str) -> dict[str, StoredDocument]:
        q = select(documents).where(documents.c.plan_id == plan_id)
        with self._read.connect() as conn:
            return {r.kind: self._doc(r) for r in conn.execute(q)}

    def save(self, plan_id: str, kind: str, data: dict[str, Any], expected_version: int, author: str,
             comment: str = "") -> StoredDocument:
        """Compare-and-swap save. ``expected_version`` is the version the user loaded (0 = new).

        Raises StaleSave, writing nothing, when the stored version differs.
        """
        at = now_iso()
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
        with self._write.begin() as conn:
            if expected_version == 0:
                exists = conn.execute(select(documents.c.version).where(
                    documents.c.plan_id == plan_id, documents.c.kind == kind)).first()
                if exists is not None:
                    raise StaleSave(0, self._current(conn, plan_id, kind))
                self._check_plan(conn, plan_id)
                self._insert_doc(conn, plan_id, kind, data, author, at, comment)
                new_version = 1
            else:
                new_version = expected_version + 1
                res = conn.execute(
                    update(documents)
                    .where(documents.c.plan_id == plan_id, documents.c.kind == kind,
                           documents.c.version == expected_version)
                    .values(version=new_version, data=payload, saved_at=at, saved_by=author)
                )
                if res.rowcount != 1:
                    raise StaleSave(expected_version, self._current(conn, plan_id, kind))
                conn.execute(insert(revisions).values(plan_id=plan_id, kind=kind, version=new_version,
                                                      data=payload, saved_at=at, saved_by=author,
                                                      comment=comment))
            conn.execute(update(plans).where(plans.c.id == plan_id)
                         .values(last_saved_at=at, last_saved_by=author))
        return StoredDocument(plan_id, kind, new_version, json.loads(payload), at, author)

    def history(self, plan_id: str, kind: str) -> list[Revision]:
        q = (select(revisions).where(revisions.c.plan_id == plan_id, revisions.c.kind == kind)
             .order_by(revisions.c.version.desc()))
        with self._read.connect() as conn:
            return [Revision(r.version, json.loads(r.data), r.saved_at, r.saved_by, r.comment or "")
                    for r in conn.execute(q)]

    def revision(self, plan_id: str, kind: str, version: int) -> Revision:
        q = select(revisions).where(revisions.c.plan_id == plan_id, revisions.c.kind == kind,
                                    revisions.c.version == version)
        with self._read.connect() as conn:
            r = conn.execute(q).first()
        if r is None:
            raise NotFound(f"{kind} revision {version}")
        return Revision(r.version, json.loads(r.data), r.saved_at, r.saved_by, r.comment or "")

    def restore(self, plan_id: str, kind: str, version: int, expected_version: int, author: str) -> StoredDocument:
        """Restoring never rewrites history: it saves the old content as a new revision."""
        old = self.revision(plan_id, kind, version)
        return self.save(plan_id, kind, old.data, expected_version, author,
                         comment=f"restored from version {version}")

    def revision_count(self, plan_id: str, kind: str) -> int:
        q = select(func.count()).select_from(revisions).where(revisions.c.plan_id == plan_id,
                                                              revisions.c.kind == kind)
        with self._read.connect() as conn:
            return int(conn.execute(q).scalar_one())

    # ----- helpers -----------------------------------------------------------------------
    def _insert_doc(self, conn: Connection, plan_id: str, kind: str, data: dict, author: str, at: str,
                    comment: str) -> None:
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
        try:
            conn.execute(insert(documents).values(plan_id=plan_id, kind=kind, version=1, data=payload,
                                                  saved_at=at, saved_by=author))
        except IntegrityError:
            raise StaleSave(0, self._current(conn, plan_id, kind)) from None
        conn.execute(insert(revisions).values(plan_id=plan_id, kind=kind, version=1, data=payload,
                                              saved_at=at, saved_by=author, comment=comment))

    def _current(self, conn: Connection, plan_id: str, kind: str) -> StoredDocument | None:
        r = conn.execute(select(documents).where(documents.c.plan_id == plan_id,
                                                 documents.c.kind == kind)).first()
        return self._doc(r) if r else None

    @staticmethod
    def _check_plan(conn: Connection, plan_id: str) -> None:
        if conn.execute(select(plans.c.id).where(plans.c.id == plan_id)).first() is None:
            raise NotFound(plan_id)

    @staticmethod
    def _doc(r) -> StoredDocument:
        return StoredDocument(r.plan_id, r.kind, r.version, json.loads(r.data), r.saved_at, r.saved_by)
