"""Several app servers on one PostgreSQL database, at the engine level: two separate processes (as two servers are),
each with 10 threads (as 10 browser sessions of one server share its Store), save through the engine's
compare-and-swap path at the same moment. Every save that the engine reports is in the database exactly once, with
no gap in any document's versions, and every save that lost was told who won; milestones, archive flags and the
action-plan inbox agree between the two processes.

Driving 20 sessions through browsers would measure the browsers (the issue measured 9-10 s per interaction with 20
Chromium contexts on two cores); tests/browser/test_two_servers_journey.py walks the stale-save journey across two
real servers in two browsers. Two processes starting at once migrate the schema once:
tests/unit/test_storage_migrations.py::test_two_processes_starting_at_once_on_an_empty_database_migrate_it_once.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planning import plans
from planning.storage import Store, revisions
from tests.conftest import example_before_step5
from worksheets import action_plan as ap
from worksheets import readiness as rd

ROOT = Path(__file__).resolve().parents[2]
THREADS = 10  # sessions per server
SHARED = 5  # of which this many save the same worksheet (the readiness checklist); the others one each of their own
SAVES_EACH = 3  # each session saves until this many of its saves went through (reloading after a stale one)
TIMEOUT_S = 120

# One app server's engine: a Store on the database in argv[1], named argv[2]. Reads one JSON command per line
# from stdin and answers one JSON line. "saves" and "accept" run THREADS sessions at once: the worker answers
# {"ready": ...} when its threads are set up, and starts them on the next line ("go"), so both servers' sessions
# start together.
WORKER = r'''
import json, sys, threading, time
from datetime import datetime, timezone
from planning import plans
from planning.storage import StaleSave, Store
from planning.view import load_view
from worksheets import action_plan as ap
from worksheets import self_assessment as sa

url, server = sys.argv[1], sys.argv[2]
store = Store(url)


def say(obj):
    print(json.dumps(obj), flush=True)


def together(n, work):
    """Run work(i) in n threads started at the same moment once the parent says go; return their results."""
    go = threading.Event()
    out = [None] * n

    def run(i):
        go.wait()
        try:
            out[i] = work(i)
        except Exception as exc:  # reported, so the test shows it instead of hanging
            out[i] = {"error": repr(exc)}

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    say({"ready": server})
    sys.stdin.readline()
    go.set()
    for t in threads:
        t.join()
    return out


def session_saves(plan, i, shared, saves_each):
    """One person's session: open the worksheet, change it, save; after a stale save, reopen and try again."""
    who = f"{server} session {i}"
    kind, key = ("readiness", "") if i < shared else ("self_assessment", f"{server}-{i}")
    log = []
    while sum(1 for e in log if e["outcome"] == "saved") < saves_each:
        loaded = plans.load_doc(store, plan, kind, key)
        token = f"{who} #{len(log)}"
        if kind == "readiness":
            data = loaded.doc.model_dump(mode="json")
            data["responses"]["A1"]["note"] = token
            doc = type(loaded.doc).model_validate(data)
        else:
            doc = sa.SelfAssessmentDoc(person_id=key, name=token)
        start = time.perf_counter()
        try:
            saved = plans.save_doc(store, plan, doc, loaded.version, who, key=key)
        except StaleSave as exc:
            log.append({"outcome": "stale", "who": who, "kind": kind, "key": key, "expected": loaded.version,
                        "their_version": exc.current.version if exc.current else None,
                        "their_author": exc.current.saved_by if exc.current else None, "message": str(exc),
                        "seconds": time.perf_counter() - start})
            continue
        log.append({"outcome": "saved", "kind": kind, "key": key, "version": saved.version, "author": who,
                    "token": token, "seconds": time.perf_counter() - start})
    return log


def accept_once(plan, finding_id, i):
    """The inbox's Accept: applied to the latest action plan in one unit of work; after a stale save, again."""
    who = f"{server} session {i}"
    view = load_view(store, plan)
    finding = next(f for f in view.findings() if f.id == finding_id)
    for attempt in range(20):
        try:
            with store.unit_of_work() as uow:
                latest = uow.load(plan, "action_plan")
                doc = ap.ActionPlanDoc.model_validate(latest.data) if latest else ap.ActionPlanDoc()
                new = ap.accept(doc, finding, {}, who, datetime.now(timezone.utc))
                if new == doc:
                    return {"outcome": "already accepted", "attempts": attempt + 1}
                uow.save(plan, "action_plan", new.model_dump(mode="json"), latest.version if latest else 0, who)
                return {"outcome": "accepted", "attempts": attempt + 1}
        except StaleSave:
            continue
    return {"outcome": "gave up"}


for line in sys.stdin:
    cmd = json.loads(line)
    op = cmd["op"]
    if op == "saves":
        say(together(cmd["threads"], lambda i: session_saves(cmd["plan"], i, cmd["shared"], cmd["saves_each"])))
    elif op == "accept":
        say(together(cmd["threads"], lambda i: accept_once(cmd["plan"], cmd["finding"], i)))
    elif op == "milestone":
        say(store.create_milestone(cmd["plan"], cmd["name"], server))
    elif op == "archive":
        store.set_archived(cmd["plan"], cmd["archived"], server)
        say("done")
    elif op == "look":
        plan = cmd["plan"]
        say({"milestones": [[m.name, m.created_by] for m in store.list_milestones(plan)],
             "archived": store.get_plan(plan).archived,
             "listed": plan in {p.id for p in store.list_plans()},
             "readiness": store.load(plan, "readiness").version})
    elif op == "quit":
        break
store.dispose()
'''


class Server:
    """One worker process: an app server's engine on the shared database."""

    def __init__(self, url: str, name: str):
        self.name = name
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER, url, name], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def send(self, **cmd) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def answer(self):
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"{self.name} stopped:\n{self.proc.stderr.read()}")
        return json.loads(line)

    def ask(self, **cmd):
        self.send(**cmd)
        return self.answer()

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send(op="quit")
                self.proc.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(timeout=10)


def at_once(servers: list[Server], **cmd) -> list:
    """Send a threaded command to every server, wait until all are ready, release them together, collect."""
    for s in servers:
        s.send(**cmd)
    for s in servers:
        assert s.answer() == {"ready": s.name}
    for s in servers:
        s.proc.stdin.write("go\n")
        s.proc.stdin.flush()
    return [s.answer() for s in servers]


@pytest.fixture
def pg_url(any_db_url):
    return any_db_url


@pytest.fixture
def two_servers(pg_url):
    servers = [Server(pg_url, "server A"), Server(pg_url, "server B")]
    try:
        yield servers
    finally:
        for s in servers:
            s.stop()


@pytest.fixture
def example(pg_url):
    store = Store(pg_url)  # migrates the fresh schema before the servers start
    try:
        pid = example_before_step5(store, "Seeder")  # the example clinic without milestones
        plans.save_doc(store, pid, rd.ReadinessDoc.model_validate(
            {"responses": {"A1": {"rating": "Partly", "note": "seeded"}}}),
                       plans.load_doc(store, pid, "readiness").version, "Seeder")
        yield store, pid
    finally:
        store.dispose()


POSTGRES_ONLY = pytest.mark.parametrize("any_db_url", ["postgresql"], indirect=True)


@POSTGRES_ONLY
def test_twenty_sessions_on_two_servers_lose_no_save_and_every_loser_is_told_who_won(example, two_servers):
    store, pid = example
    before = {v.version: v.saved_by for v in store.history(pid, "readiness")}
    with store._read.connect() as conn:
        seeded = {(r.kind, r.key, r.version) for r in conn.execute(
            revisions.select().where(revisions.c.plan_id == pid))}
    logs = at_once(two_servers, op="saves", plan=pid, threads=THREADS, shared=SHARED, saves_each=SAVES_EACH)
    events = [e for server_log in logs for session in server_log for e in (session if isinstance(session, list)
                                                                           else [session])]
    assert not [e for e in events if "error" in e], events
    saved = [e for e in events if e["outcome"] == "saved"]
    stale = [e for e in events if e["outcome"] == "stale"]

    # every session got its saves through
    assert len(saved) == 2 * THREADS * SAVES_EACH
    # the shared worksheet really was contended, and the others never were
    assert stale and {e["kind"] for e in stale} == {"readiness"}

    # the database holds exactly the saves the sessions were told succeeded: none lost, none doubled
    with store._read.connect() as conn:
        rows = conn.execute(revisions.select().where(revisions.c.plan_id == pid)).fetchall()
    stored = {(r.kind, r.key, r.version): (r.saved_by, json.loads(r.data)) for r in rows}
    assert len(stored) == len(rows)
    reported = {(e["kind"], e["key"], e["version"]): e for e in saved}
    assert len(reported) == len(saved)  # no version handed to two sessions
    new_rows = {ref: v for ref, v in stored.items() if ref not in seeded}
    assert set(new_rows) == set(reported)
    for ref, (by, data) in new_rows.items():
        token = data["responses"]["A1"]["note"] if ref[0] == "readiness" else data["name"]
        assert (by, token) == (reported[ref]["author"], reported[ref]["token"])

    # versions of every document run 1, 2, 3 ... with no gap, and the documents are at the last of them
    by_doc: dict[tuple[str, str], list[int]] = {}
    for kind, key, version in stored:
        by_doc.setdefault((kind, key), []).append(version)
    for (kind, key), versions in by_doc.items():
        assert sorted(versions) == list(range(1, len(versions) + 1)), (kind, key)
        assert store.load(pid, kind, key).version == len(versions)
    assert store.load(pid, "readiness").version == max(before) + 2 * SHARED * SAVES_EACH

    # every loser was told who had saved, and that is who really saved that version
    saved_by = {**{("readiness", "", v): by for v, by in before.items()},
                **{ref: e["author"] for ref, e in reported.items()}}
    for e in stale:
        assert e["their_version"] > e["expected"]
        assert saved_by[("readiness", "", e["their_version"])] == e["their_author"]
        assert e["their_author"] in e["message"]
    # and a save on one server was caught as stale on the other, both ways
    crossed = {(e["who"][:8], e["their_author"][:8]) for e in stale}
    assert {("server A", "server B"), ("server B", "server A")} <= crossed


@POSTGRES_ONLY
def test_milestones_and_archiving_on_one_server_are_seen_on_the_other(example, two_servers):
    _, pid = example
    a, b = two_servers
    assert b.ask(op="look", plan=pid)["milestones"] == []  # server B has read the plan (its connections are open)

    a.ask(op="milestone", plan=pid, name="Baseline")
    b.ask(op="milestone", plan=pid, name="Launch")
    for server in (a, b):
        seen = server.ask(op="look", plan=pid)
        assert seen["milestones"] == [["Launch", "server B"], ["Baseline", "server A"]]
        assert seen["archived"] is False and seen["listed"] is True

    b.ask(op="archive", plan=pid, archived=True)
    seen = a.ask(op="look", plan=pid)
    assert seen["archived"] is True and seen["listed"] is False  # gone from server A's plan list
    a.ask(op="archive", plan=pid, archived=False)
    assert b.ask(op="look", plan=pid)["listed"] is True


@POSTGRES_ONLY
def test_accepting_the_same_suggestion_in_twenty_sessions_on_two_servers_makes_one_action(example, two_servers):
    from planning.view import load_view

    store, pid = example
    view = load_view(store, pid)
    doc = view.doc("action_plan") or ap.ActionPlanDoc()
    finding = next(f for f in view.findings() if not ap.is_handled(doc, f.id))
    actions_before = len(doc.actions)

    results = at_once(two_servers, op="accept", plan=pid, finding=finding.id, threads=THREADS)
    outcomes = [r["outcome"] for server in results for r in server]
    assert sorted(outcomes) == ["accepted"] + ["already accepted"] * (2 * THREADS - 1), results

    after = plans.load_doc(store, pid, "action_plan").doc
    made = [a for a in after.actions if a.source == finding.id]
    assert len(made) == 1 and len(after.actions) == actions_before + 1
    assert after.accepted[finding.id].action_id == made[0].id
    assert after.accepted[finding.id].by.startswith("server ")
