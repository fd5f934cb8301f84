"""Storage: plans and their worksheet documents, with full revision history, milestones and finding events.

SQLAlchemy Core. The database URL comes from ``WORKBOOK_DATABASE_URL``; the default is an embedded
SQLite file under the data folder (``WORKBOOK_DATA_DIR``, default ``data/``). On SQLite we use WAL,
a busy timeout, and open every write transaction with ``BEGIN IMMEDIATE`` (deferred transactions
lost most contended writes with "database is locked"). No SQLite-only SQL is used in queries, so
PostgreSQL works with only the URL changed (``postgresql://`` URLs use psycopg 3).

Documents are keyed by (plan, worksheet kind, key): the key is "" for a worksheet's single document and a
person id where a worksheet holds one document per team member.

Every save is compare-and-swap on the document's version number and appends a revision row in
the same transaction. A stale save raises :class:`StaleSave` and writes nothing. Several saves that belong
together go through one :meth:`Store.unit_of_work`: all of them are written, or none.

The tables are created and upgraded by Alembic migrations (``planning/migrations``) when a Store starts.
"""
from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    and_,
    create_engine,
    event,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError

from planning import access, ratelimit

DATABASE_URL_ENV = "WORKBOOK_DATABASE_URL"
DATA_DIR_ENV = "WORKBOOK_DATA_DIR"
PLAN_KIND = "plan"  # the plan's own metadata is stored as a document like any worksheet
MAX_MILESTONE_NAME = 200
FINDING_OPENED, FINDING_CLOSED = "opened", "closed"

log = logging.getLogger("planning.storage")

# The tables as migrations leave them at head (planning/migrations/versions). Queries are built from these;
# a test checks that the migrated database and this description agree.
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
    Column("plan_id", String(36), ForeignKey("plans.id"), nullable=False),
    Column("kind", String(80), nullable=False),
    Column("key", String(200), nullable=False, server_default=""),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("saved_at", String(32), nullable=False),
    Column("saved_by", String(200), nullable=False),
    PrimaryKeyConstraint("plan_id", "kind", "key"),
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
    Column("key", String(200), nullable=False, server_default=""),
)
Index("ix_revisions_doc", revisions.c.plan_id, revisions.c.kind, revisions.c.key, revisions.c.version, unique=True)

milestones = Table(
    "milestones",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan_id", String(36), ForeignKey("plans.id"), nullable=False),
    Column("name", String(MAX_MILESTONE_NAME), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(200), nullable=False),
)
Index("ix_milestones_plan", milestones.c.plan_id)

milestone_renames = Table(
    "milestone_renames",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("milestone_id", Integer, ForeignKey("milestones.id"), nullable=False),
    Column("old_name", String(MAX_MILESTONE_NAME), nullable=False),
    Column("new_name", String(MAX_MILESTONE_NAME), nullable=False),
    Column("at", String(32), nullable=False),
    Column("by", String(200), nullable=False),
)
Index("ix_milestone_renames_milestone", milestone_renames.c.milestone_id, milestone_renames.c.id)

milestone_documents = Table(
    "milestone_documents",
    metadata,
    Column("milestone_id", Integer, ForeignKey("milestones.id"), primary_key=True),
    Column("kind", String(80), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("version", Integer, nullable=False),
)

plan_members = Table(
    "plan_members",
    metadata,
    Column("plan_id", String(36), ForeignKey("plans.id"), primary_key=True),
    Column("email", String(320), primary_key=True),
    Column("role", String(10), nullable=False),
    Column("added_at", String(32), nullable=False),
    Column("added_by", String(200), nullable=False),
    CheckConstraint("role IN ('lead', 'editor', 'viewer')", name="ck_plan_members_role"),
)
Index("ix_plan_members_email", plan_members.c.email)

member_events = Table(
    "member_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan_id", String(36), ForeignKey("plans.id"), nullable=False),
    Column("email", String(320), nullable=False),
    Column("role_before", String(10), nullable=False),
    Column("role_after", String(10), nullable=False),
    Column("at", String(32), nullable=False),
    Column("by", String(200), nullable=False),
)
Index("ix_member_events_plan", member_events.c.plan_id, member_events.c.id)

finding_events = Table(
    "finding_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan_id", String(36), ForeignKey("plans.id"), nullable=False),
    Column("finding_id", String(200), nullable=False),
    Column("event", String(10), nullable=False),
    Column("at", String(32), nullable=False),
    Column("by", String(200), nullable=False),
    CheckConstraint("event IN ('opened', 'closed')", name="ck_finding_events_event"),
)
Index("ix_finding_events_plan", finding_events.c.plan_id, finding_events.c.finding_id, finding_events.c.id)


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
    key: str = ""


@dataclass(frozen=True)
class Revision:
    version: int
    data: dict[str, Any]
    saved_at: str
    saved_by: str
    comment: str
    key: str = ""


@dataclass(frozen=True)
class PlanRow:
    id: str
    archived: bool
    created_at: str
    last_saved_at: str
    last_saved_by: str
    meta: dict[str, Any]
    meta_version: int


@dataclass(frozen=True)
class Milestone:
    id: int
    plan_id: str
    name: str
    created_at: str
    created_by: str
    document_count: int  # documents pinned: worksheets, and one per member for the self-assessment


@dataclass(frozen=True)
class MilestoneRename:
    milestone_id: int
    old_name: str
    new_name: str
    at: str
    by: str


@dataclass(frozen=True)
class Member:
    email: str
    role: str
    added_at: str
    added_by: str


@dataclass(frozen=True)
class AuditEvent:
    """One line of a plan's audit trail: when, who, what ("saved", "milestone made", "access changed"...), detail."""

    at: str
    by: str
    what: str
    detail: str


@dataclass(frozen=True)
class ImportedMilestone:
    """A milestone read from a plan file: its name, who made it and when, and the documents it pinned."""

    name: str
    created_at: str
    created_by: str
    meta: dict[str, Any]
    documents: Mapping[str | tuple[str, str], dict]


@dataclass(frozen=True)
class FindingEvent:
    finding_id: str
    event: str  # "opened" or "closed"
    at: str
    by: str


@dataclass(frozen=True)
class PlanSnapshot:
    """A plan read at once: its row and every document keyed by (kind, key), as of now or of a milestone.

    As of a milestone, ``row.meta`` is the plan details pinned by the milestone; archived and last-saved are
    today's (they are not versioned). ``documents`` includes the plan details document (kind ``plan``).
    """

    row: PlanRow
    documents: dict[tuple[str, str], StoredDocument] = field(default_factory=dict)
    milestone: Milestone | None = None

    def get(self, kind: str, key: str = "") -> StoredDocument | None:
        return self.documents.get((kind, key))

    def by_key(self, kind: str) -> dict[str, StoredDocument]:
        """Every document of one worksheet by key (for one-per-member worksheets: by person id)."""
        return {key: d for (k, key), d in sorted(self.documents.items()) if k == kind}


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
        return normalise_url(url)
    data_dir = Path(os.environ.get(DATA_DIR_ENV, "data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'workbook.db'}"


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use psycopg 3 (the pinned driver); others are kept as given."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


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


def make_engine(url: str, write: bool = True) -> Engine:
    """An engine set up as the app uses it (SQLite: WAL, busy timeout, BEGIN IMMEDIATE for writes). A database
    error's message never lists the values being written (``hide_parameters``): Streamlit logs a page's uncaught
    exception with its message, and those values are a whole worksheet."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10},
                               hide_parameters=True)
        _sqlite_setup(engine, immediate=write)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


class UnitOfWork:
    """Writes that belong together, in one transaction: every save is compare-and-swap, and a StaleSave or
    any other exception inside ``with store.unit_of_work() as uow:`` writes nothing at all."""

    def __init__(self, conn: Connection, enforce: bool = False, limiter: ratelimit.RateLimiter | None = None):
        self.conn = conn
        self.enforce = enforce  # check the acting person's role on the plan before every write (planning.access)
        self.limiter = limiter  # refuse a runaway loop of saves (planning.ratelimit); None: no limit
        self._locked: set[str] = set()

    def check(self, plan_id: str, needed: str, kind: str | None = None, key: str = "") -> None:
        if self.enforce:
            _check(self.conn, plan_id, needed, kind, key)

    def load(self, plan_id: str, kind: str, key: str = "") -> StoredDocument | None:
        """The document as this transaction sees it (including its own saves)."""
        return _current(self.conn, plan_id, kind, key)

    def save(self, plan_id: str, kind: str, data: dict[str, Any], expected_version: int, author: str,
             comment: str = "", key: str = "") -> StoredDocument:
        """Compare-and-swap save. ``expected_version`` is the version the user loaded (0 = new).

        Raises StaleSave (naming who saved) when the stored version differs, NotFound for a missing plan,
        ratelimit.RateLimited when this person has saved too many times in a few seconds.
        """
        self._throttle(author)
        self.check(plan_id, access.need(kind, access.WRITE), kind, key)
        at = now_iso()
        payload = _dump(data)
        # The plan row first: every writer of a plan takes its lock in the same order (no deadlocks on PostgreSQL).
        self._touch_plan(plan_id, at, author)
        if expected_version == 0:
            # A savepoint: when another first save won, the unique violation rolls back only this insert, and
            # the transaction can still read the winner (PostgreSQL would otherwise refuse every later query).
            try:
                with self.conn.begin_nested():
                    _insert_doc(self.conn, plan_id, kind, key, payload, author, at, comment)
            except IntegrityError:
                raise StaleSave(0, _current(self.conn, plan_id, kind, key)) from None
            new_version = 1
        else:
            new_version = expected_version + 1
            res = self.conn.execute(
                update(documents)
                .where(documents.c.plan_id == plan_id, documents.c.kind == kind, documents.c.key == key,
                       documents.c.version == expected_version)
                .values(version=new_version, data=payload, saved_at=at, saved_by=author)
            )
            if res.rowcount != 1:
                raise StaleSave(expected_version, _current(self.conn, plan_id, kind, key))
            self.conn.execute(insert(revisions).values(plan_id=plan_id, kind=kind, key=key, version=new_version,
                                                       data=payload, saved_at=at, saved_by=author,
                                                       comment=comment))
        return StoredDocument(plan_id, kind, new_version, json.loads(payload), at, author, key)

    def record_findings(self, plan_id: str, opened: Iterable[str], closed: Iterable[str],
                        author: str) -> list[FindingEvent]:
        """Record findings that opened or closed. Only real changes are written: an 'opened' for a finding
        already open, or a 'closed' for one not open, is ignored. Returns the events written."""
        self.check(plan_id, access.READ)  # recorded with a save someone may make (a viewer's own sheet too)
        opened, closed = list(dict.fromkeys(opened)), list(dict.fromkeys(closed))
        both = set(opened) & set(closed)
        if both:
            raise ValueError(f"a finding cannot open and close at once: {sorted(both)}")
        if not opened and not closed:
            return []
        self._lock_plan(plan_id)
        now_open = _open_findings(self.conn, plan_id, opened + closed)
        at = now_iso()
        events = [FindingEvent(f, FINDING_OPENED, at, author) for f in opened if f not in now_open]
        events += [FindingEvent(f, FINDING_CLOSED, at, author) for f in closed if f in now_open]
        if events:
            self.conn.execute(insert(finding_events), [
                {"plan_id": plan_id, "finding_id": e.finding_id, "event": e.event, "at": e.at, "by": e.by}
                for e in events])
        return events

    def create_milestone(self, plan_id: str, name: str, author: str) -> int:
        """Pin every document's current version under a name. Returns the milestone id."""
        name = _milestone_name(name)
        self._throttle(author)
        self.check(plan_id, access.WRITE)
        self._lock_plan(plan_id)
        _refuse_taken_name(self.conn, plan_id, name)
        mid = self.conn.execute(insert(milestones).values(plan_id=plan_id, name=name, created_at=now_iso(),
                                                          created_by=author)).inserted_primary_key[0]
        pinned = select(literal(mid, Integer), documents.c.kind, documents.c.key, documents.c.version).where(
            documents.c.plan_id == plan_id)
        self.conn.execute(insert(milestone_documents).from_select(
            ["milestone_id", "kind", "key", "version"], pinned))
        return int(mid)

    def _throttle(self, author: str) -> None:
        if self.limiter is not None:
            self.limiter.hit(ratelimit.SAVE, author)

    # ----- locks -----------------------------------------------------------------------------
    def _touch_plan(self, plan_id: str, at: str, author: str) -> None:
        res = self.conn.execute(update(plans).where(plans.c.id == plan_id)
                                .values(last_saved_at=at, last_saved_by=author))
        if res.rowcount != 1:
            raise NotFound(plan_id)
        self._locked.add(plan_id)

    def _lock_plan(self, plan_id: str) -> None:
        if plan_id in self._locked:
            return
        if self.conn.execute(select(plans.c.id).where(plans.c.id == plan_id).with_for_update()).first() is None:
            raise NotFound(plan_id)
        self._locked.add(plan_id)


class Store:
    """Plans and documents. Thread-safe; share one instance per process.

    Starting a Store upgrades the database schema when needed (once, even when several processes start at the
    same moment); ``migrated`` lists the migration revisions this instance applied ([] when none were needed).
    """

    def __init__(self, url: str | None = None, enforce_access: bool = False,
                 limiter: ratelimit.RateLimiter | None = None):
        self.url = normalise_url(url or default_url())
        self.enforce_access = enforce_access  # sign-in is on: every read and write of a plan checks the role
        self.limiter = limiter  # the app's brake on runaway saves and imports, per process (planning.ratelimit)
        self.is_sqlite = self.url.startswith("sqlite")
        self._write = make_engine(self.url, write=True)
        self._read = make_engine(self.url, write=False) if self.is_sqlite else self._write
        try:
            self.migrated = self._migrate()
        except Exception:
            self.dispose()
            raise

    def _migrate(self) -> list[str]:
        from planning import migrations

        with self._read.connect() as conn:  # the common case, already at head: one read, no lock
            if migrations.current(conn) == migrations.head():
                return []
        with self._write.begin() as conn:
            return migrations.upgrade(conn)

    def dispose(self) -> None:
        self._write.dispose()
        if self._read is not self._write:
            self._read.dispose()

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """``with store.unit_of_work() as uow:`` several saves (and finding events) in one transaction."""
        with self._write.begin() as conn:
            yield UnitOfWork(conn, self.enforce_access, self.limiter)

    # ----- plans -------------------------------------------------------------------------
    def create_plan(self, meta: dict[str, Any], author: str,
                    documents_data: Mapping[str | tuple[str, str], dict] | None = None,
                    comment: str = "created", milestones_data: Iterable["ImportedMilestone"] = ()) -> str:
        """Create a plan with its metadata document and, optionally, worksheet documents, atomically.

        ``documents_data`` is keyed by kind, or by (kind, key) for one-per-member documents. ``milestones_data``
        (a plan file's milestones, oldest first) rebuilds the history they pin: each milestone's documents become
        revisions dated when the milestone was made, a new version only where the content changed, and the
        milestone points at them; today's documents come last.
        """
        creator = access.actor()
        if self.enforce_access and creator is None:
            raise access.Forbidden(access.refusal(None, None, access.WRITE))
        if self.limiter is not None:
            self.limiter.hit(ratelimit.IMPORT, author)
        plan_id = str(uuid.uuid4())
        at = now_iso()
        states = [(m.created_at, m.created_by, f"imported: as in milestone “{m.name}”", m.meta, m.documents, m)
                  for m in milestones_data]
        states.append((at, author, comment, meta, documents_data or {}, None))
        with self._write.begin() as conn:
            conn.execute(insert(plans).values(id=plan_id, created_at=min(s[0] for s in states), created_by=author,
                                              archived=False, last_saved_at=at, last_saved_by=author))
            if creator is not None:  # whoever creates a plan (or imports, copies, opens the example) is its lead
                _set_role(conn, plan_id, creator.email, access.LEAD, at, creator.author)
            latest: dict[tuple[str, str], tuple[int, str, str, str]] = {}  # ref -> (version, payload, at, by)
            for when, who, why, state_meta, docs, milestone in states:
                pinned = {}
                refs = {(PLAN_KIND, ""): state_meta}
                refs.update({(ref if isinstance(ref, tuple) else (ref, "")): data for ref, data in docs.items()})
                for (kind, key), data in refs.items():
                    payload = _dump(data)
                    version, last, _, _ = latest.get((kind, key), (0, None, "", ""))
                    if payload != last:
                        version += 1
                        conn.execute(insert(revisions).values(plan_id=plan_id, kind=kind, key=key, version=version,
                                                              data=payload, saved_at=when, saved_by=who, comment=why))
                        latest[(kind, key)] = (version, payload, when, who)
                    pinned[(kind, key)] = version
                if milestone is not None:
                    mid = conn.execute(insert(milestones).values(
                        plan_id=plan_id, name=_milestone_name(milestone.name), created_at=when,
                        created_by=who)).inserted_primary_key[0]
                    conn.execute(insert(milestone_documents), [
                        {"milestone_id": mid, "kind": k, "key": key, "version": v} for (k, key), v in pinned.items()])
            # today's documents (a document only some milestone had keeps its last content, so versions stay unique)
            for (kind, key), (version, payload, when, who) in latest.items():
                conn.execute(insert(documents).values(plan_id=plan_id, kind=kind, key=key, version=version,
                                                      data=payload, saved_at=when, saved_by=who))
        return plan_id

    def list_plans(self, include_archived: bool = False) -> list[PlanRow]:
        q = self._plan_query().order_by(plans.c.last_saved_at.desc())
        if not include_archived:
            q = q.where(plans.c.archived.is_(False))
        if self.enforce_access:  # only the plans the signed-in person is a member of (an admin sees every plan)
            who = access.actor()
            if who is None:
                return []
            if not who.admin:
                q = q.where(plans.c.id.in_(select(plan_members.c.plan_id).where(plan_members.c.email == who.email)))
        with self._read.connect() as conn:
            return [_plan_row(r) for r in conn.execute(q)]

    def get_plan(self, plan_id: str) -> PlanRow:
        with self._read.connect() as conn:
            self._may_read(conn, plan_id)
            row = conn.execute(self._plan_query().where(plans.c.id == plan_id)).first()
        if row is None:
            raise NotFound(plan_id)
        return _plan_row(row)

    def set_archived(self, plan_id: str, archived: bool, author: str) -> None:
        with self._write.begin() as conn:
            if self.enforce_access:
                _check(conn, plan_id, access.MANAGE)
            res = conn.execute(update(plans).where(plans.c.id == plan_id)
                               .values(archived=archived, last_saved_at=now_iso(), last_saved_by=author))
            if res.rowcount != 1:
                raise NotFound(plan_id)

    @staticmethod
    def _plan_query():
        return (select(plans, documents.c.data, documents.c.version)
                .join(documents, and_(documents.c.plan_id == plans.c.id, documents.c.kind == PLAN_KIND,
                                      documents.c.key == "")))

    # ----- documents ---------------------------------------------------------------------
    def load(self, plan_id: str, kind: str, key: str = "") -> StoredDocument | None:
        with self._read.connect() as conn:
            self._may_read(conn, plan_id)
            return _current(conn, plan_id, kind, key)

    def load_all(self, plan_id: str) -> dict[str, StoredDocument]:
        """The plan's single documents (key "") by kind, the plan details included."""
        q = select(documents).where(documents.c.plan_id == plan_id, documents.c.key == "")
        with self._read.connect() as conn:
            self._may_read(conn, plan_id)
            return {r.kind: _doc(r) for r in conn.execute(q)}

    def load_all_keyed(self, plan_id: str) -> dict[tuple[str, str], StoredDocument]:
        """Every document of the plan by (kind, key), one-per-member documents included."""
        q = select(documents).where(documents.c.plan_id == plan_id)
        with self._read.connect() as conn:
            self._may_read(conn, plan_id)
            return {(r.kind, r.key): _doc(r) for r in conn.execute(q)}

    def load_snapshot(self, plan_id: str, milestone_id: int | str | None = None, at: str | None = None) -> PlanSnapshot:
        """The plan and every document, as of now, as of a milestone, or as it was at a moment (``at``, an ISO
        date-time; each document's latest revision saved at or before it), in two queries whatever its size.

        Raises NotFound for an unknown plan, or a milestone that is not this plan's.
        """
        if at is not None and milestone_id is not None:
            raise ValueError("a snapshot is as of a milestone or as of a moment, not both")
        with self._read.connect() as conn:
            self._may_read(conn, plan_id)
            if at is not None:
                plan = conn.execute(select(plans).where(plans.c.id == plan_id)).first()
                if plan is None:
                    raise NotFound(plan_id)
                at = _utc_iso(at)
                latest = (select(revisions.c.kind, revisions.c.key, func.max(revisions.c.version).label("v"))
                          .where(revisions.c.plan_id == plan_id, revisions.c.saved_at <= at)
                          .group_by(revisions.c.kind, revisions.c.key).subquery())
                q = (select(revisions).join(latest, and_(latest.c.kind == revisions.c.kind,
                                                         latest.c.key == revisions.c.key,
                                                         latest.c.v == revisions.c.version))
                     .where(revisions.c.plan_id == plan_id))
                docs = {(r.kind, r.key): StoredDocument(plan_id, r.kind, r.version, json.loads(r.data), r.saved_at,
                                                        r.saved_by, r.key) for r in conn.execute(q)}
                if (PLAN_KIND, "") not in docs:  # a moment before the plan existed: its details as they are now
                    current = _current(conn, plan_id, PLAN_KIND, "")
                    if current is not None:
                        docs[(PLAN_KIND, "")] = current
                milestone = None
            elif milestone_id is None:
                plan = conn.execute(select(plans).where(plans.c.id == plan_id)).first()
                if plan is None:
                    raise NotFound(plan_id)
                docs = {(r.kind, r.key): _doc(r) for r in conn.execute(
                    select(documents).where(documents.c.plan_id == plan_id))}
                milestone = None
            else:
                mid = _milestone_id(milestone_id)
                plan = conn.execute(
                    select(plans, milestones.c.name.label("m_name"), milestones.c.created_at.label("m_created_at"),
                           milestones.c.created_by.label("m_created_by"))
                    .join(milestones, milestones.c.plan_id == plans.c.id)
                    .where(plans.c.id == plan_id, milestones.c.id == mid)).first()
                if plan is None:
                    raise NotFound(f"milestone {milestone_id} of plan {plan_id}")
                q = (select(revisions)
                     .join(milestone_documents, and_(milestone_documents.c.kind == revisions.c.kind,
                                                     milestone_documents.c.key == revisions.c.key,
                                                     milestone_documents.c.version == revisions.c.version))
                     .where(milestone_documents.c.milestone_id == mid, revisions.c.plan_id == plan_id))
                docs = {(r.kind, r.key): StoredDocument(plan_id, r.kind, r.version, json.loads(r.data), r.saved_at,
                                                        r.saved_by, r.key) for r in conn.execute(q)}
                milestone = Milestone(mid, plan_id, plan.m_name, plan.m_created_at, plan.m_created_by, len(docs))
        meta = docs.get((PLAN_KIND, ""))
        row = PlanRow(id=plan.id, archived=bool(plan.archived), created_at=plan.created_at,
                      last_saved_at=plan.last_saved_at, last_saved_by=plan.last_saved_by,
                      meta=meta.data if meta else {}, meta_version=meta.version if meta else 0)
        return PlanSnapshot(row, docs, milestone)

    def save(self, plan_id: str, kind: str, data: dict[str, Any], expected_version: int, author: str,
             comment: str = "", key: str = "") -> StoredDocument:
        """Compare-and-swap save. ``expected_version`` is the version the user loaded (0 = new).

        Raises StaleSave, writing nothing, when the stored version differs.
        """
        with self.unit_of_work() as uow:
            return uow.save(plan_id, kind, data, expected_version, author, comment, key)

    def history(self, plan_id: str, kind: str, key: str = "") -> list[Revision]:
        q = (select(revisions).where(revisions.c.plan_id == plan_id, revisions.c.kind == kind, revisions.c.key == key)
             .order_by(revisions.c.version.desc()))
        with self._read.connect() as conn:
            self._may_read(conn, plan_id)
            return [_revision(r) for r in conn.execute(q)]

    def revision(self, plan_id: str, kind: str, version: int, key: str = "") -> Revision:
        q = select(revisions).where(revisions.c.plan_id == plan_id, revisions.c.kind == kind,
                                    revisions.c.key == key, revisions.c.version == version)
        with self._read.connect() as conn:
            self._may_read(conn, plan_id)
            r = conn.execute(q).first()
        if r is None:
            raise NotFound(f"{kind} revision {version}")
        return _revision(r)

    def restore(self, plan_id: str, kind: str, version: int, expected_version: int, author: str,
                key: str = "") -> StoredDocument:
        """Restoring never rewrites history: it saves the old content as a new revision."""
        old = self.revision(plan_id, kind, version, key)
        return self.save(plan_id, kind, old.data, expected_version, author,
                         comment=f"restored from version {version}", key=key)

    def revision_count(self, plan_id: str, kind: str, key: str = "") -> int:
        q = select(func.count()).select_from(revisions).where(revisions.c.plan_id == plan_id,
                                                              revisions.c.kind == kind, revisions.c.key == key)
        with self._read.connect() as conn:
            return int(conn.execute(q).scalar_one())

    # ----- milestones --------------------------------------------------------------------
    def create_milestone(self, plan_id: str, name: str, author: str) -> int:
        """A named, dated snapshot pointing at every document's current version. Returns its id."""
        with self.unit_of_work() as uow:
            return uow.create_milestone(plan_id, name, author)

    def list_milestones(self, plan_id: str) -> list[Milestone]:
        """The plan's milestones, newest first, each with the number of documents it pins."""
        count = (select(func.count()).select_from(milestone_documents)
                 .where(milestone_documents.c.milestone_id == milestones.c.id).scalar_subquery())
        q = (select(milestones, count.label("n")).where(milestones.c.plan_id == plan_id)
             .order_by(milestones.c.created_at.desc(), milestones.c.id.desc()))
        with self._read.connect() as conn:
            self._may_read(conn, plan_id)
            return [Milestone(r.id, r.plan_id, r.name, r.created_at, r.created_by, int(r.n)) for r in conn.execute(q)]

    def rename_milestone(self, plan_id: str, milestone_id: int | str, name: str, author: str = "") -> None:
        """Only the name changes, and the rename is logged: the versions a milestone pins are never rewritten."""
        name = _milestone_name(name)
        mid = _milestone_id(milestone_id)
        with self.unit_of_work() as uow:
            uow.check(plan_id, access.WRITE)
            uow._lock_plan(plan_id)
            conn = uow.conn
            old = conn.execute(select(milestones.c.name).where(milestones.c.id == mid,
                                                               milestones.c.plan_id == plan_id)).scalar_one_or_none()
            if old is None:
                raise NotFound(f"milestone {milestone_id} of plan {plan_id}")
            if old == name:
                return
            _refuse_taken_name(conn, plan_id, name, other_than=mid)
            conn.execute(update(milestones).where(milestones.c.id == mid).values(name=name))
            conn.execute(insert(milestone_renames).values(milestone_id=mid, old_name=old, new_name=name,
                                                          at=now_iso(), by=author or "unknown"))

    def milestone_renames(self, plan_id: str) -> list[MilestoneRename]:
        """Every rename of the plan's milestones, oldest first."""
        q = (select(milestone_renames).join(milestones, milestones.c.id == milestone_renames.c.milestone_id)
             .where(milestones.c.plan_id == plan_id).order_by(milestone_renames.c.id))
        with self._read.connect() as conn:
            return [MilestoneRename(r.milestone_id, r.old_name, r.new_name, r.at, r.by) for r in conn.execute(q)]

    # ----- access (planning.access) ------------------------------------------------------
    def _may_read(self, conn: Connection, plan_id: str) -> None:
        if self.enforce_access:
            _check(conn, plan_id, access.READ)

    def role_of(self, plan_id: str, principal: "access.Principal | None" = None) -> str | None:
        """The acting person's role on the plan (lead, editor, viewer), "admin" for an organisation admin, or None."""
        who = principal or access.actor()
        if who is None:
            return None
        if who.admin:
            return "admin"
        with self._read.connect() as conn:
            return _role(conn, plan_id, who.email)

    def members(self, plan_id: str) -> list[Member]:
        """Who has access to the plan, leads first, then by email."""
        q = select(plan_members).where(plan_members.c.plan_id == plan_id)
        with self._read.connect() as conn:
            self._may_read(conn, plan_id)
            rows = [Member(r.email, r.role, r.added_at, r.added_by) for r in conn.execute(q)]
        return sorted(rows, key=lambda m: (access.ROLES.index(m.role), m.email))

    def set_member(self, plan_id: str, email: str, role: str, by: str) -> None:
        """Give someone access in a role, or change their role (the lead's "invite"). Refuses to leave a plan with
        no lead."""
        email = access.normalise_email(email)
        if not access.valid_email(email):
            raise ValueError("Type the person's email address, for example name@clinic.org.")
        if role not in access.ROLES:
            raise ValueError(f"Choose a role: {', '.join(access.ROLE_LABELS[r] for r in access.ROLES)}.")
        with self.unit_of_work() as uow:
            uow.check(plan_id, access.MANAGE)
            uow._lock_plan(plan_id)
            before = _role(uow.conn, plan_id, email)
            if before == role:
                return
            if before == access.LEAD and role != access.LEAD:
                _keep_a_lead(uow.conn, plan_id, email)
            _set_role(uow.conn, plan_id, email, role, now_iso(), by, before)

    def remove_member(self, plan_id: str, email: str, by: str) -> None:
        email = access.normalise_email(email)
        with self.unit_of_work() as uow:
            uow.check(plan_id, access.MANAGE)
            uow._lock_plan(plan_id)
            before = _role(uow.conn, plan_id, email)
            if before is None:
                return
            if before == access.LEAD:
                _keep_a_lead(uow.conn, plan_id, email)
            uow.conn.execute(plan_members.delete().where(plan_members.c.plan_id == plan_id,
                                                         plan_members.c.email == email))
            uow.conn.execute(insert(member_events).values(plan_id=plan_id, email=email, role_before=before,
                                                          role_after="", at=now_iso(), by=by))

    def audit(self, plan_id: str, titles: Mapping[str, str] | None = None) -> list[AuditEvent]:
        """Who did what when, oldest first: every saved version, milestone, rename and change of access. The lead's
        (and an admin's) to read and export. ``titles`` names each document kind as its page does."""
        titles = titles or {}
        with self._read.connect() as conn:
            if self.enforce_access:
                _check(conn, plan_id, access.MANAGE)
            out = [AuditEvent(r.saved_at, r.saved_by, "saved",
                              f"{titles.get(r.kind, r.kind)}{f' ({r.key})' if r.key else ''} version {r.version}"
                              + (f": {r.comment}" if r.comment else ""))
                   for r in conn.execute(select(revisions.c.saved_at, revisions.c.saved_by, revisions.c.kind,
                                                revisions.c.key, revisions.c.version, revisions.c.comment)
                                         .where(revisions.c.plan_id == plan_id))]
            out += [AuditEvent(r.created_at, r.created_by, "milestone made", r.name)
                    for r in conn.execute(select(milestones).where(milestones.c.plan_id == plan_id))]
            out += [AuditEvent(r.at, r.by, "milestone renamed", f"{r.old_name} -> {r.new_name}")
                    for r in conn.execute(select(milestone_renames).join(
                        milestones, milestones.c.id == milestone_renames.c.milestone_id)
                        .where(milestones.c.plan_id == plan_id))]
            out += [AuditEvent(r.at, r.by, "access changed",
                               f"{r.email}: {r.role_before or 'no access'} -> {r.role_after or 'no access'}")
                    for r in conn.execute(select(member_events).where(member_events.c.plan_id == plan_id))]
        return sorted(out, key=lambda e: e.at)

    # ----- findings ----------------------------------------------------------------------
    def finding_events(self, plan_id: str) -> list[FindingEvent]:
        """Every recorded opening and closing of the plan's findings, oldest first."""
        q = select(finding_events).where(finding_events.c.plan_id == plan_id).order_by(finding_events.c.id)
        with self._read.connect() as conn:
            return [FindingEvent(r.finding_id, r.event, r.at, r.by) for r in conn.execute(q)]

    def open_finding_ids(self, plan_id: str) -> set[str]:
        """Findings whose latest recorded event is 'opened'."""
        with self._read.connect() as conn:
            return _open_findings(conn, plan_id)


# ----- helpers -------------------------------------------------------------------------------
def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _insert_doc(conn: Connection, plan_id: str, kind: str, key: str, payload: str, author: str, at: str,
                comment: str) -> None:
    conn.execute(insert(documents).values(plan_id=plan_id, kind=kind, key=key, version=1, data=payload,
                                          saved_at=at, saved_by=author))
    conn.execute(insert(revisions).values(plan_id=plan_id, kind=kind, key=key, version=1, data=payload,
                                          saved_at=at, saved_by=author, comment=comment))


def _current(conn: Connection, plan_id: str, kind: str, key: str) -> StoredDocument | None:
    r = conn.execute(select(documents).where(documents.c.plan_id == plan_id, documents.c.kind == kind,
                                             documents.c.key == key)).first()
    return _doc(r) if r else None


def _open_findings(conn: Connection, plan_id: str, among: list[str] | None = None) -> set[str]:
    latest = (select(func.max(finding_events.c.id))
              .where(finding_events.c.plan_id == plan_id)
              .group_by(finding_events.c.finding_id))
    if among is not None:
        latest = latest.where(finding_events.c.finding_id.in_(among))
    q = select(finding_events.c.finding_id).where(finding_events.c.id.in_(latest),
                                                  finding_events.c.event == FINDING_OPENED)
    return {r.finding_id for r in conn.execute(q)}


def _milestone_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValueError("A milestone needs a name, for example “Baseline” or “6-month review”.")
    if len(name) > MAX_MILESTONE_NAME:
        raise ValueError(f"A milestone name can be at most {MAX_MILESTONE_NAME} characters.")
    return name


def _role(conn: Connection, plan_id: str, email: str) -> str | None:
    return conn.execute(select(plan_members.c.role).where(plan_members.c.plan_id == plan_id,
                                                          plan_members.c.email == email)).scalar_one_or_none()


def _check(conn: Connection, plan_id: str, needed: str, kind: str | None = None, key: str = "") -> None:
    """Raise access.Forbidden unless the acting person may do ``needed`` with the plan (see planning.access)."""
    who = access.actor()
    if who is not None and who.admin:
        return
    role = _role(conn, plan_id, who.email) if who is not None else None
    if access.allows(role, needed):
        return
    if who is not None and role is not None and needed == access.WRITE and kind == access.OWN_SHEET_KIND:
        team = _current(conn, plan_id, "team", "")
        if team is not None and access.own_sheet(team.data, who.email, key):
            return
    if who is not None and role is None and \
            conn.execute(select(plans.c.id).where(plans.c.id == plan_id)).first() is None:
        raise NotFound(plan_id)
    raise access.Forbidden(access.refusal(who, role, needed))


def _set_role(conn: Connection, plan_id: str, email: str, role: str, at: str, by: str,
              before: str | None = None) -> None:
    if before is None:
        conn.execute(insert(plan_members).values(plan_id=plan_id, email=email, role=role, added_at=at, added_by=by))
    else:
        conn.execute(update(plan_members).where(plan_members.c.plan_id == plan_id, plan_members.c.email == email)
                     .values(role=role))
    conn.execute(insert(member_events).values(plan_id=plan_id, email=email, role_before=before or "",
                                              role_after=role, at=at, by=by))


def _keep_a_lead(conn: Connection, plan_id: str, leaving: str) -> None:
    leads = conn.execute(select(func.count()).select_from(plan_members).where(
        plan_members.c.plan_id == plan_id, plan_members.c.role == access.LEAD,
        plan_members.c.email != leaving)).scalar_one()
    if not leads:
        raise ValueError("A plan needs at least one lead: make someone else lead first.")


def _refuse_taken_name(conn: Connection, plan_id: str, name: str, other_than: int | None = None) -> None:
    """Two milestones of one plan never share a name (compared without case): a comparison names them."""
    q = select(milestones.c.id, milestones.c.name, milestones.c.created_at, milestones.c.created_by).where(
        milestones.c.plan_id == plan_id)
    for r in conn.execute(q):
        if r.id != other_than and r.name.casefold() == name.casefold():
            made = datetime.fromisoformat(r.created_at).strftime("%d %b %Y").lstrip("0")
            raise ValueError(f"This plan already has a milestone called “{r.name}” (made {made} by {r.created_by}). "
                             "Choose another name, for example with the month and year.")


def _utc_iso(at: str) -> str:
    """An ISO date-time in the form revisions store (UTC, seconds), so text comparison orders them in time."""
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _milestone_id(milestone_id: int | str) -> int:
    try:
        return int(milestone_id)
    except (TypeError, ValueError):
        raise NotFound(f"milestone {milestone_id!r}") from None


def _plan_row(r) -> PlanRow:
    return PlanRow(id=r.id, archived=bool(r.archived), created_at=r.created_at, last_saved_at=r.last_saved_at,
                   last_saved_by=r.last_saved_by, meta=json.loads(r.data), meta_version=r.version)


def _doc(r) -> StoredDocument:
    return StoredDocument(r.plan_id, r.kind, r.version, json.loads(r.data), r.saved_at, r.saved_by, r.key)


def _revision(r) -> Revision:
    return Revision(r.version, json.loads(r.data), r.saved_at, r.saved_by, r.comment or "", r.key)
