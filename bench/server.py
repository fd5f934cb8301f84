"""A clinic server: save latency under 20 concurrent writers on PostgreSQL, and what sign-in with role checks costs.
Called by bench/run.py; runnable alone:  python bench/server.py   (about a minute)

Save latency: every writer is a team member filling in their own self-assessment (32 tasks answered, about 6 kB),
saving it again and again through the engine (planning.plans.save_doc, compare-and-swap), each save timed on its
own. One writer alone is the baseline; then 20 writers at once, as two app servers (two processes) of 10 sessions
(threads) each: first each on a plan of their own, then all on one plan (each saves its own sheet; the saves of one
plan take turns on the plan's row, which keeps its "last saved" right).

Sign-in and role checks: the run time of a page for a signed-in lead against the same page without sign-in. With
the app's sign-in wired (the Store is started with enforce_access=True when secrets.toml has [auth]), AppTest runs
the About page, the readiness checklist and the action plan with an [auth] section in ``at.secrets`` and the person
in ``at.user``; otherwise only the engine-level rows are measured. The engine-level rows are always measured: the
plan view (planning.view.load_view) and a save (planning.plans.save_doc) by an editor on a Store that checks the role
(acting_as the editor) against a Store that does not.

Everything runs on the PostgreSQL the tests use (WORKBOOK_TEST_POSTGRES_URL, else postgres@127.0.0.1:5432/test), in
a schema of its own that is dropped at the end.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PROCESSES, THREADS = 2, 10
SAVES_EACH = 30  # per writer when 20 write at once
SAVES_ALONE = 200  # the one writer
WARM_UP = 3  # saves per writer before timing
PAGE_RUNS = 15
ENGINE_RUNS = 200

# One app server: a Store on the database in argv[1]; argv[2] names the server, argv[3] is JSON: {"plans": [plan id
# per thread], "saves": n}. Sets up its threads, prints "ready", starts them on the next stdin line, then prints the
# seconds each timed save took (one JSON list).
WRITER = r'''
import json, sys, threading, time
from planning import plans
from planning.storage import Store
from bench.server import sheet

url, server, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
store = Store(url)


def writer(i, times, go):
    pid, person = spec["plans"][i], f"{server}-{i}"
    version = 0
    for n in range(spec["warm_up"]):
        version = plans.save_doc(store, pid, sheet(person, n), version, person, key=person).version
    go.wait()
    for n in range(spec["saves"]):
        doc = sheet(person, spec["warm_up"] + n)
        start = time.perf_counter()
        version = plans.save_doc(store, pid, doc, version, person, key=person).version
        times.append(time.perf_counter() - start)


go = threading.Event()
times = [[] for _ in spec["plans"]]
threads = [threading.Thread(target=writer, args=(i, times[i], go)) for i in range(len(spec["plans"]))]
for t in threads:
    t.start()
print("ready", flush=True)
sys.stdin.readline()
go.set()
for t in threads:
    t.join()
print(json.dumps([s for per in times for s in per]), flush=True)
store.dispose()
'''


def sheet(person: str, n: int):
    """A team member's self-assessment, every task answered; the answers rotate with n so each save differs."""
    from worksheets import self_assessment as sa
    from worksheets.tasks import default_tasks

    answers = {t.id: {"task": t.text, "does": ("Yes", "Sometimes", "No")[(k + n) % 3], "comfort": 1 + (k + n) % 4,
                      "should_own": "Shared", "note": f"round {n}"} for k, t in enumerate(default_tasks())}
    return sa.SelfAssessmentDoc.model_validate({"person_id": person, "name": person, "answers": answers})


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def postgres_url() -> str:
    from tests.conftest import LOCAL_POSTGRES, POSTGRES_URL_ENV

    return os.environ.get(POSTGRES_URL_ENV, "").strip() or LOCAL_POSTGRES


class Schema:
    """A schema of its own on the PostgreSQL server, dropped on exit; ``url`` opens it."""

    def __init__(self, server_url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        from planning.storage import normalise_url

        self.name = f"bench_{uuid.uuid4().hex[:16]}"
        self.admin = create_engine(normalise_url(server_url), isolation_level="AUTOCOMMIT", poolclass=NullPool,
                                   connect_args={"connect_timeout": 5})
        self.url = make_url(normalise_url(server_url)).update_query_dict(
            {"options": f"-csearch_path={self.name}"}).render_as_string(hide_password=False)

    def __enter__(self) -> "Schema":
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        return self

    def __exit__(self, *exc) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{self.name}" CASCADE'))
        self.admin.dispose()


def writers(url: str, plan_ids: list[str], saves: int) -> list[float]:
    """PROCESSES app servers of len(plan_ids) // PROCESSES threads each, released together; every save's seconds."""
    per = len(plan_ids) // PROCESSES
    procs = []
    try:
        for n in range(PROCESSES):
            spec = {"plans": plan_ids[n * per:(n + 1) * per], "saves": saves, "warm_up": WARM_UP}
            procs.append(subprocess.Popen([sys.executable, "-c", WRITER, url, f"server{n}", json.dumps(spec)],
                                          cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True))
        for p in procs:
            if p.stdout.readline().strip() != "ready":
                raise RuntimeError(f"a bench writer did not start:\n{p.stderr.read()}")
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        out = []
        for p in procs:
            line = p.stdout.readline()
            if not line:
                raise RuntimeError(f"a bench writer failed:\n{p.stderr.read()}")
            out += json.loads(line)
            p.wait(timeout=60)
        return out
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)


def one_writer(url: str, pid: str) -> list[float]:
    """The same writer alone, in this process (a server with one session)."""
    from planning import plans
    from planning.storage import Store

    store = Store(url)
    try:
        version = 0
        for n in range(WARM_UP):
            version = plans.save_doc(store, pid, sheet("alone", n), version, "alone", key="alone").version
        times = []
        for n in range(SAVES_ALONE):
            doc = sheet("alone", WARM_UP + n)
            start = time.perf_counter()
            version = plans.save_doc(store, pid, doc, version, "alone", key="alone").version
            times.append(time.perf_counter() - start)
        return times
    finally:
        store.dispose()


def save_latency(url: str) -> list[tuple[str, str, str, str]]:
    from planning import plans
    from planning.storage import Store

    n = PROCESSES * THREADS
    store = Store(url)
    try:
        own = [plans.create_plan(store, plans.PlanMeta(name=f"Bench site {i:02d}", clinic="Bench clinic"), "bench")
               for i in range(n)]
        shared = plans.create_plan(store, plans.PlanMeta(name="Bench shared plan", clinic="Bench clinic"), "bench")
        alone = plans.create_plan(store, plans.PlanMeta(name="Bench alone", clinic="Bench clinic"), "bench")
    finally:
        store.dispose()
    base = one_writer(url, alone)
    apart = writers(url, own, SAVES_EACH)
    together = writers(url, [shared] * n, SAVES_EACH)
    b50, b95 = statistics.median(base), p95(base)
    rows = [(f"Save latency on PostgreSQL, 1 writer alone (own self-assessment, 32 tasks; p50 of {SAVES_ALONE})",
             ms(b50), "1.00x", f"p95 {ms(b95)}; baseline of the next two rows")]
    for label, times in ((f"{n} writers at once ({PROCESSES} processes x {THREADS} threads), each on its own plan",
                          apart),
                         (f"{n} writers at once ({PROCESSES} processes x {THREADS} threads), all on one plan, each "
                          "their own sheet", together)):
        t50, t95 = statistics.median(times), p95(times)
        rows.append((f"Save latency on PostgreSQL, {label} (p50 of {len(times)})", ms(t50), f"{t50 / b50:.2f}x",
                     f"p95 {ms(t95)} ({t95 / b95:.2f}x one writer's p95)"))
    return rows


# ----------------------------------------------------------------------------------------------
# sign-in and role checks

SECRETS = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "bench-cookie-secret",
                    "client_id": "bench", "client_secret": "bench",
                    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}
LEAD_EMAIL, LEAD_NAME = "maria.okafor@bench-clinic.org", "Maria Okafor"
EDITOR_EMAIL = "wei.chen@bench-clinic.org"


def seed_signed_in_plan(url: str) -> str:
    """The example plan, created by the lead on a Store that checks roles (so the lead is its lead), with an
    editor added."""
    from planning import access, plans
    from planning.storage import Store

    lead = access.Principal(LEAD_EMAIL, LEAD_NAME)
    store = Store(url, enforce_access=True)
    try:
        with access.acting_as(lead):
            pid = plans.open_example(store, lead.author)
            store.set_member(pid, EDITOR_EMAIL, access.EDITOR, lead.author)
        return pid
    finally:
        store.dispose()


def engine_checks(url: str, pid: str) -> dict[str, float]:
    """load_view + save_doc by the editor, with role checks (acting_as the editor) and without; interleaved."""
    from planning import access, plans
    from planning.storage import Store
    from planning.view import load_view
    from worksheets import readiness as rd

    editor = access.Principal(EDITOR_EMAIL, "Wei Chen")
    plain, checked = Store(url), Store(url, enforce_access=True)
    labels = rd.SCALE.labels

    def run(store, n: int) -> float:
        start = time.perf_counter()
        load_view(store, pid)
        loaded = plans.load_doc(store, pid, "readiness")
        responses = {item.id: {"rating": labels[(k + n) % len(labels)], "note": ""}
                     for k, item in enumerate(rd.CATALOG.items)}
        plans.save_doc(store, pid, rd.ReadinessDoc.model_validate({"responses": responses}), loaded.version,
                       editor.author)
        return time.perf_counter() - start

    try:
        times: dict[str, list[float]] = {"plain": [], "checked": []}
        with access.acting_as(editor):
            for n in range(ENGINE_RUNS + 1):
                a, b = run(plain, 2 * n), run(checked, 2 * n + 1)
                if n:  # round 0 is the warm-up
                    times["plain"].append(a)
                    times["checked"].append(b)
        return {k: statistics.median(v) for k, v in times.items()}
    finally:
        plain.dispose()
        checked.dispose()


PAGES = {"pages/about_page.py": "About this workbook", "pages/readiness_page.py": "Readiness checklist",
         "pages/action_plan_page.py": "Action plan"}


def page_checks(pid: str) -> dict[str, dict[str, float]] | None:
    """AppTest run time of each page without sign-in and for the signed-in lead (at.secrets [auth], at.user),
    interleaved. None when the app does not sign in yet (a signed-out run still shows the page)."""
    import logging

    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())

    def page_run(page: str, signed_in: bool | None) -> tuple[float, list[str]]:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state["author_name"] = "bench"
        at.query_params["plan"] = pid
        if signed_in is not None:
            for k, v in SECRETS.items():
                at.secrets[k] = v
            at.user = ({"is_logged_in": True, "email": LEAD_EMAIL, "name": LEAD_NAME} if signed_in
                       else {"is_logged_in": False})
        at.run()
        switched = at.switch_page(page)
        start = time.perf_counter()
        switched.run()
        elapsed = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"{page} raised: {[e.value for e in at.exception]}")
        return elapsed, [t.value for t in at.title]

    _, shown = page_run("pages/about_page.py", signed_in=False)
    _, readiness_shown = page_run("pages/readiness_page.py", signed_in=False)
    if PAGES["pages/readiness_page.py"] in readiness_shown:
        return None  # signed out, the plan still shows: the app does not use sign-in yet
    runs = {page: {"plain": [], "signed_in": []} for page in PAGES}
    for round_ in range(PAGE_RUNS + 1):
        for page, title in PAGES.items():
            for mode, flag in (("plain", None), ("signed_in", True)):
                t, titles = page_run(page, flag)
                if title not in titles:  # set-up check: the page really ran
                    raise RuntimeError(f"{page} ({mode}) did not render: {titles}")
                if round_:
                    runs[page][mode].append(t)
    return {page: {mode: statistics.median(ts) for mode, ts in modes.items()} for page, modes in runs.items()}


def sign_in_cost(url: str) -> list[tuple[str, str, str, str]]:
    pid = seed_signed_in_plan(url)
    rows = []
    before = os.environ.get("WORKBOOK_DATABASE_URL")
    os.environ["WORKBOOK_DATABASE_URL"] = url  # the app (AppTest) opens the same database
    try:
        pages = page_checks(pid)
    finally:
        if before is None:
            os.environ.pop("WORKBOOK_DATABASE_URL", None)
        else:
            os.environ["WORKBOOK_DATABASE_URL"] = before
    if pages is None:
        rows.append(("AppTest run with sign-in and role checks", "", "",
                     "not measured: the app does not sign in yet (a signed-out run showed the plan)"))
    else:
        for page, title in PAGES.items():
            plain, signed = pages[page]["plain"], pages[page]["signed_in"]
            rows.append((f"AppTest run of {title}, no sign-in (median of {PAGE_RUNS}, PostgreSQL)", ms(plain),
                         "1.00x", "baseline of the next row"))
            rows.append((f"AppTest run of {title}, signed-in lead, roles checked", ms(signed),
                         f"{signed / plain:.2f}x", "to no sign-in"))
    engine = engine_checks(url, pid)
    rows.append((f"Plan view + readiness save (load_view, save_doc), no role checks (median of {ENGINE_RUNS}, "
                 "PostgreSQL)", ms(engine["plain"]), "1.00x", "baseline of the next row"))
    rows.append(("Plan view + readiness save, an editor acting, every read and write checks the role",
                 ms(engine["checked"]), f"{engine['checked'] / engine['plain']:.2f}x", "to no role checks"))
    return rows


def measure() -> list[tuple[str, str, str, str]]:
    """The rows for bench/run.py's table; one row saying why when no PostgreSQL answers."""
    from sqlalchemy.exc import OperationalError

    server = postgres_url()
    try:
        schema = Schema(server).__enter__()
    except OperationalError as exc:
        return [("Clinic server rows (PostgreSQL)", "", "",
                 f"not measured: no PostgreSQL answered ({type(exc).__name__}); `make test` starts one, or set "
                 "WORKBOOK_TEST_POSTGRES_URL")]
    try:
        from planning.storage import Store

        Store(schema.url).dispose()  # migrate once, before the writers start
        return save_latency(schema.url) + sign_in_cost(schema.url)
    finally:
        schema.__exit__(None, None, None)


def main() -> None:
    from bench.run import environment, print_table

    print(f"Environment: {environment()}", flush=True)
    print_table(measure())


if __name__ == "__main__":
    main()
