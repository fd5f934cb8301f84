"""Rough performance numbers for the workbook, measured in one run on temporary SQLite databases (and, from
bench/server.py, on PostgreSQL).

Run from the repository root:  python bench/run.py        (what `make bench` runs; about 3 minutes)
                               python bench/run.py --no-browser   (everything but the browser walk)
Prints one Markdown table. This is not a test: it asserts nothing about timings. bench/README.md says what each
row measures; bench/browser.py is the browser part, also runnable alone.
"""
from __future__ import annotations

import io
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAVES = 200
REVISIONS = 1_000
LOADS = 200
PDF_RUNS = 5
PAGE_RUNS = 7
ACTIONS = 300
ACTION_PDF_RUNS = 3
VIEW_KINDS = 20
VIEW_LOADS = 100
STEP_1_PAGE = "pages/step_1_page.py"
READINESS_PAGE = "pages/readiness_page.py"
ACTION_PLAN_PAGE = "pages/action_plan_page.py"
ABOUT_PAGE = "pages/about_page.py"
TASK_SUMMARY_PAGE = "pages/task_summary_page.py"
SELF_ASSESSMENT_PAGE = "pages/self_assessment_page.py"
WORKFLOW_PAGE = "pages/workflow_page.py"
STEP2_MEMBERS, STEP2_TASKS, STEP2_STEPS = 12, 40, 60
STEP2_PDF_RUNS = 3
MODEL_RUNS = 30
SUSTAINMENT_PAGE = "pages/sustainment_page.py"
STAFFING_PAGE = "pages/staffing_page.py"
METRIC_LOG_PAGE = "pages/metric_log_page.py"
LAUNCH_GATE_PAGE = "pages/launch_gate_page.py"
IMPORT_ROWS = 10_000
IMPORT_RUNS = 5
LOG_MONTHS, LOG_METRICS = 36, 15


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def readiness_doc(n: int, *, notes: bool = False):
    """A readiness document with every item rated; ratings rotate with n so each save differs."""
    from worksheets import readiness as rd

    labels = rd.SCALE.labels
    responses = {}
    for k, item in enumerate(rd.CATALOG.items):
        note = f"{item.id}: owner Dana Lee, follow up at the next CIT meeting (round {n})." if notes else ""
        responses[item.id] = {"rating": labels[(k + n) % len(labels)], "note": note}
    return rd.ReadinessDoc.model_validate({"responses": responses})


def action_plan_doc(people: list[str], n: int = ACTIONS, today: date | None = None):
    """An action plan of n actions over the five steps: owners from the roster, every status, some overdue, each
    valid as the page would save it (due after start, done dates in the past)."""
    from worksheets import action_plan as ap

    today = today or date.today()
    actions = []
    for i in range(n):
        start = today - timedelta(days=120 - (i * 7) % 180)
        status = ap.STATUSES[i % len(ap.STATUSES)]
        actions.append(ap.Action(
            step=1 + i % 5, area=f"Area {i % 9}", goal=f"Goal {i % 12}: patients are followed up within two weeks",
            action=f"Action {i + 1}: agree who calls patients who miss a follow-up, and write it into the workflow",
            owner=people[i % len(people)] if people and i % 11 else None,
            resources="One hour a week of the care manager's time" if i % 3 == 0 else "",
            start=start, due=start + timedelta(days=14 + i % 45), status=status,
            done_on=min(start + timedelta(days=10), today) if status == ap.DONE else None,
            barriers="Waiting for the EHR team" if i % 4 == 1 else ""))
    return ap.ActionPlanDoc(actions=actions)


# ----------------------------------------------------------------------------------------------
# storage and PDFs (what bench/run.py measured first)

def bench_storage(store) -> dict[str, float]:
    from planning import plans

    meta = plans.PlanMeta(name="Bench plan", clinic="Bench clinic")

    # compare-and-swap saves, each against the version just saved
    pid = plans.create_plan(store, meta, "bench")
    docs = [readiness_doc(n) for n in range(SAVES)]
    version, save_times = 0, []
    for doc in docs:
        start = time.perf_counter()
        saved = plans.save_doc(store, pid, doc, version, "bench")
        save_times.append(time.perf_counter() - start)
        version = saved.version

    # latest document with a long history vs a single revision
    long_pid = plans.create_plan(store, meta, "bench")
    version = 0
    for n in range(REVISIONS):
        version = plans.save_doc(store, long_pid, readiness_doc(n, notes=True), version, "bench").version
    if store.revision_count(long_pid, "readiness") != REVISIONS:  # set-up check, not a timing
        raise RuntimeError("the long history was not stored as expected")
    short_pid = plans.create_plan(store, meta, "bench")
    plans.save_doc(store, short_pid, readiness_doc(0, notes=True), 0, "bench")
    long_times, short_times = [], []
    for _ in range(LOADS):  # interleaved, so drift affects both alike
        long_times.append(timed(lambda: plans.load_doc(store, long_pid, "readiness")))
        short_times.append(timed(lambda: plans.load_doc(store, short_pid, "readiness")))

    return {"save": statistics.median(save_times), "load_long": statistics.median(long_times),
            "load_short": statistics.median(short_times)}


def bench_pdf(store) -> float:
    from planning import plans, reports

    pid = plans.create_plan(store, plans.PlanMeta(name="Bench PDF plan", clinic="Bench clinic"), "bench")
    plans.save_doc(store, pid, readiness_doc(1, notes=True), 0, "bench")
    reports.worksheet_pdf(store, pid, "readiness")  # warm-up: fonts, imports
    runs = [timed(lambda: reports.worksheet_pdf(store, pid, "readiness")) for _ in range(PDF_RUNS)]
    return statistics.median(runs)


# ----------------------------------------------------------------------------------------------
# the example plan with a 300-action action plan: pages and the action-plan PDF

def seed_example_with_actions(store) -> str:
    """The example plan, with an action plan of ACTIONS actions saved through the engine."""
    from planning import plans
    from planning.view import load_view

    pid = plans.open_example(store, "bench")
    view = load_view(store, pid)  # the example may hold an action plan already: this one replaces it
    plans.save_doc(store, pid, action_plan_doc(list(view.people())), view.version("action_plan"), "bench")
    return pid


def bench_action_plan_pdf(store, plan_id: str) -> tuple[float, int]:
    from pypdf import PdfReader

    from planning import reports

    pdf = reports.action_plan_pdf(store, plan_id)  # warm-up
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    runs = [timed(lambda: reports.action_plan_pdf(store, plan_id)) for _ in range(ACTION_PDF_RUNS)]
    return statistics.median(runs), pages


def seed_big_step2(store) -> str:
    """The example plan grown to STEP2_MEMBERS people, STEP2_TASKS tasks (the standard list plus the clinic's own),
    every member's sheet fully answered, an owner agreed for every task, and STEP2_STEPS workflow steps."""
    from planning import plans, registry
    from worksheets import self_assessment as sa
    from worksheets import task_summary as ts
    from worksheets import team as tm
    from worksheets.tasks import default_tasks

    plan_id = plans.open_example(store, "bench")
    roles = ["PCP champion", "Behavioral health care manager", "Psychiatric consultant", "CIT lead", "Other"]
    members = [{"id": f"p{i:02d}", "name": f"Member {i:02d}", "role": roles[i % len(roles)]}
               for i in range(STEP2_MEMBERS)]
    team = plans.load_doc(store, plan_id, "team")
    plans.save_doc(store, plan_id, tm.TeamDoc.model_validate({"members": members}), team.version, "bench")
    tasks = [t.model_dump() for t in default_tasks()]
    tasks += [{"id": f"c{i:08d}", "group": "9", "text": f"Clinic task {i}", "included": True}
              for i in range(STEP2_TASKS - len(tasks))]
    summary = plans.load_doc(store, plan_id, ts.KIND)
    plans.save_doc(store, plan_id, ts.TaskSummaryDoc.model_validate({
        "tasks": tasks, "agreements": {t["id"]: {"owner": members[n % STEP2_MEMBERS]["id"], "handoff": "Huddle"}
                                       for n, t in enumerate(tasks)}}), summary.version, "bench")
    for i, m in enumerate(members):
        answers = {t["id"]: {"task": t["text"], "does": ("Yes", "Sometimes", "No")[(i + n) % 3],
                             "comfort": 1 + (i + n) % 4, "should_own": ("Yes", "Shared", "No", "Unsure")[(i * n) % 4],
                             "training": (i + n) % 7 == 0, "note": "Bench note"} for n, t in enumerate(tasks)}
        doc = sa.SelfAssessmentDoc.model_validate({"person_id": m["id"], "name": m["name"], "answers": answers})
        plans.save_doc(store, plan_id, doc, 0, "bench", key=m["id"])
    if registry.worksheet("workflow").built:
        from worksheets import workflow as wf

        loaded = plans.load_doc(store, plan_id, wf.KIND)
        lib = wf.library_steps()  # the suggested steps, repeated (and numbered) up to STEP2_STEPS
        steps = [lib[i % len(lib)].model_copy(update={"id": f"s{i:03d}", "name": f"{lib[i % len(lib)].name} "
                                                                                  f"({i // len(lib) + 1})"})
                 for i in range(STEP2_STEPS)]
        doc = wf.WorkflowDoc.model_validate({**loaded.doc.model_dump(mode="json"),
                                            "steps": [st.model_dump(mode="json") for st in steps]})
        plans.save_doc(store, plan_id, doc, loaded.version, "bench")
    return plan_id


def bench_step2_pdf(store, plan_id: str) -> tuple[float, int]:
    from planning import reports
    from tests.conftest import pdf_pages

    pages = pdf_pages(reports.step_pdf(store, plan_id, 2))
    runs = [timed(lambda: reports.step_pdf(store, plan_id, 2)) for _ in range(STEP2_PDF_RUNS)]
    return statistics.median(runs), pages


def bench_pages(plan_id: str, titles: dict[str, str] | None = None) -> dict[str, float]:
    """Run time of each page in AppTest: a fresh session opens Home, then the page run is timed. The pages are
    interleaved, so drift affects them alike; one warm-up round first."""
    import logging

    from streamlit.testing.v1 import AppTest

    from planning import registry

    # AppTest logs "missing ScriptRunContext" each time it sets up a session; it is expected here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())

    titles = titles or {STEP_1_PAGE: registry.STEPS[0].label, READINESS_PAGE: registry.worksheet("readiness").title,
                        ACTION_PLAN_PAGE: registry.worksheet("action_plan").title, ABOUT_PAGE: "About this workbook"}

    def page_run(page: str) -> float:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state["author_name"] = "bench"
        at.query_params["plan"] = plan_id
        at.run()
        switched = at.switch_page(page)
        start = time.perf_counter()
        switched.run()
        elapsed = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"{page} raised: {[e.value for e in at.exception]}")
        if not at.title or at.title[0].value != titles[page]:  # set-up check: the page really ran
            raise RuntimeError(f"{page} did not render: {[t.value for t in at.title]}")
        return elapsed

    runs: dict[str, list[float]] = {page: [] for page in titles}
    for round_ in range(PAGE_RUNS + 1):
        for page in titles:
            t = page_run(page)
            if round_:  # round 0 is the warm-up
                runs[page].append(t)
    return {page: statistics.median(ts) for page, ts in runs.items()}


# ----------------------------------------------------------------------------------------------
# the plan view with a long history

def bench_view(store) -> dict[str, float]:
    """load_view for a plan of VIEW_KINDS documents with REVISIONS revisions each vs one revision each.

    Both plans hold the same documents: the example plan's worksheets and an action plan of 30 actions (validated
    by load_view's typed access), and filler documents under the other registry kinds (planned worksheets,
    stored but not validated). The long history is written straight into the revisions table in one
    transaction of the Store (20,000 rows in a second or two), with the documents' versions set to match.
    """
    from sqlalchemy import insert, update

    from planning import plans, registry
    from planning.storage import documents, now_iso, revisions
    from planning.view import load_view

    example = plans.open_example(store, "bench")
    data = {k: d.data for k, d in store.load_all(example).items() if k != "plan"}
    data["action_plan"] = action_plan_doc(list(load_view(store, example).people()), 30).model_dump(mode="json")
    for w in registry.all_worksheets():
        if w.kind not in data and not w.built:  # a planned worksheet: any stored shape is fine, it is not validated
            data[w.kind] = {"schema_version": 1, "rows": [{"item": f"{w.title} item {i}", "owner": "Dana Lee",
                                                            "note": "Agreed at the CIT meeting."} for i in range(12)]}
    kinds = sorted(data)[:VIEW_KINDS]
    while len(kinds) < VIEW_KINDS:  # fewer registered kinds than VIEW_KINDS: add more filler kinds
        kinds.append(f"bench_filler_{len(kinds)}")
        data[kinds[-1]] = data[kinds[0]]
    meta = plans.PlanMeta(name="Bench view plan", clinic="Bench clinic").model_dump(mode="json")
    short_pid = store.create_plan(meta, "bench", {k: data[k] for k in kinds})
    long_pid = store.create_plan(meta, "bench", {k: data[k] for k in kinds})
    import json

    at = now_iso()
    with store.unit_of_work() as uow:
        for kind in kinds:
            payload = json.dumps(data[kind], ensure_ascii=False, sort_keys=True)
            uow.conn.execute(insert(revisions), [
                {"plan_id": long_pid, "kind": kind, "key": "", "version": v, "data": payload, "saved_at": at,
                 "saved_by": "bench", "comment": ""} for v in range(2, REVISIONS + 1)])
            uow.conn.execute(update(documents).where(documents.c.plan_id == long_pid, documents.c.kind == kind)
                             .values(version=REVISIONS))
    view = load_view(store, long_pid)  # set-up checks, not timings
    if len(view.stored) != VIEW_KINDS or any(view.version(k) != REVISIONS for k in kinds):
        raise RuntimeError("the long plan was not stored as expected")
    if store.revision_count(long_pid, kinds[0]) != REVISIONS:
        raise RuntimeError("the long history was not stored as expected")

    def typed(pid: str) -> None:
        v = load_view(store, pid)
        for kind in kinds:
            v.doc(kind)

    out: dict[str, list[float]] = {"long": [], "short": [], "long_typed": [], "short_typed": []}
    typed(long_pid), typed(short_pid)  # warm-up
    for _ in range(VIEW_LOADS):  # interleaved, so drift affects both alike
        out["long"].append(timed(lambda: load_view(store, long_pid)))
        out["short"].append(timed(lambda: load_view(store, short_pid)))
        out["long_typed"].append(timed(lambda: typed(long_pid)))
        out["short_typed"].append(timed(lambda: typed(short_pid)))
    return {k: statistics.median(v) for k, v in out.items()}


# ----------------------------------------------------------------------------------------------
# output

def bench_financial() -> dict[str, float]:
    """The financial model as the page and the PDF use it: three scenarios (standard bands with payers by code and
    psychotherapy, health center 2025 with G0512, APCM 2026 with a typed share), each with the steady month, the
    36-month budget, break-even three ways, the tornado (21 budgets) and the two what-if lines, then the comparison
    with what differs. Baseline: one scenario's steady month alone."""
    import json

    from worksheets import financial_model as fm
    from worksheets import projection as pj
    from worksheets import sustainment as su

    fixture = ROOT / "tests" / "fixtures" / "sustainment_v3.json"
    doc = su.SustainmentDoc.model_validate(json.loads(fixture.read_text(encoding="utf-8")))
    scenarios = doc.scenarios

    def steady() -> None:
        fm.compute(scenarios[0].inputs)

    def whole() -> None:
        for one in scenarios:
            fm.compute(one.inputs)
            plan = pj.project(one.inputs)
            pj.cash_flow_table(plan)
            pj.break_even_three_ways(one.inputs, plan)
            pj.tornado(one.inputs)
            for axis in ("caseload", "billable_share"):
                fm.sensitivity(one.inputs, axis)
        fm.compare(scenarios)
        fm.differences(scenarios)

    return {"steady": statistics.median(timed(steady) for _ in range(MODEL_RUNS)),
            "whole": statistics.median(timed(whole) for _ in range(MODEL_RUNS)), "count": len(scenarios)}


# ----------------------------------------------------------------------------------------------
# Steps 3-4: a registry export and a long metric log

def registry_export(rows: int, as_of: date) -> bytes:
    """A made-up export of `rows` patients in the shape examples/registry-export-example.csv has (fictional ids)."""
    import random

    rnd = random.Random(7)
    lines = ["Patient ID,Status,PHQ-9 First,PHQ-9 Last,GAD-7 First,GAD-7 Last,I/A Date,F/U Date,Psych Consult,"
             "RPP Date,Sessions,Minutes This Month"]

    def d(days: int) -> str:
        x = as_of - timedelta(days=days)
        return f"{x.month}/{x.day}/{x.year % 100:02d}"

    for i in range(rows):
        first = rnd.randint(5, 27)
        lines.append(",".join([
            f"BX-{i:06d}", rnd.choice(["T", "T", "T", "RPP", "D/C"]), str(first), str(rnd.randint(0, first)),
            str(rnd.randint(5, 21)), str(rnd.randint(0, 21)), d(rnd.randint(0, 300)), d(rnd.randint(0, 40)),
            d(rnd.randint(0, 90)) if rnd.random() < 0.7 else "", d(rnd.randint(0, 60)) if rnd.random() < 0.2 else "",
            str(rnd.randint(1, 20)), str(rnd.randint(0, 90))]))
    return ("\n".join(lines) + "\n").encode()


def bench_registry_import() -> dict[str, float]:
    """Read, check and compute a month from an export of IMPORT_ROWS rows (CSV and XLSX), and from 1/10 of it."""
    from planning import registry_import as ri

    as_of = date(2026, 10, 31)

    def run(raw: bytes, name: str) -> float:
        def once() -> None:
            table = ri.read_table(raw, name)
            mapping = ri.guess_mapping(table.columns)
            rows = ri.parse(table, mapping, "MDY", as_of)
            ri.compute(rows, as_of, {"T", "RPP"})
        once()  # warm-up
        return statistics.median(timed(once) for _ in range(IMPORT_RUNS))

    big, small = registry_export(IMPORT_ROWS, as_of), registry_export(IMPORT_ROWS // 10, as_of)
    out = {"csv_small": run(small, "export.csv"), "csv": run(big, "export.csv"), "size_mb": len(big) / 2 ** 20}
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Caseload")
    for line in big.decode().splitlines():
        sheet.append(line.split(","))
    buf = io.BytesIO()
    book.save(buf)
    out["xlsx"] = run(buf.getvalue(), "export.xlsx")
    return out


def seed_long_metric_log(store) -> str:
    """The example plan with LOG_MONTHS months x LOG_METRICS metrics in its metric log."""
    from planning import plans
    from worksheets import metric_log as ml
    from worksheets import metrics as mx

    plan_id = plans.open_example(store, "bench")
    start = date(2027, 5, 1)
    entries = []
    for m in range(LOG_MONTHS):
        month = date(start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1, 1)
        for k, metric in enumerate(mx.METRIC_IDS[:LOG_METRICS]):
            unit = mx.metric(metric).unit
            value = float(40 + (m * 3 + k * 7) % 50) if unit == "percent" else float(10 + m + k)
            entries.append(ml.Entry(month=month, metric=metric, value=value))
    loaded = plans.load_doc(store, plan_id, ml.KIND)
    plans.save_doc(store, plan_id, ml.MetricLogDoc(entries=entries), loaded.version, "bench")
    return plan_id


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    """The 1-minute load average: other work on the machine (a test run) disturbs the numbers."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def environment() -> str:
    return (f"Python {platform.python_version()}, streamlit {version_of('streamlit')}, "
            f"SQLAlchemy {version_of('SQLAlchemy')}, {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
            f"load average {load_average()} at the start")


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    """rows: (measurement, median, ratio, note), printed as one Markdown table."""
    head = ("Measurement", "Median", "Ratio", "Note")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |")
    print(f"| {'-' * widths[0]} | {'-' * (widths[1] - 1)}: | {'-' * (widths[2] - 1)}: | {'-' * widths[3]} |")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


def main(argv: list[str]) -> None:
    browser_too = "--no-browser" not in argv
    print(f"Environment: {environment()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="workbook-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["WORKBOOK_DATABASE_URL"] = url  # the app (AppTest) opens the same database

        from planning.storage import Store

        store = Store(url)
        try:
            storage = bench_storage(store)
            pdf = bench_pdf(store)
            view = bench_view(store)
            plan_id = seed_example_with_actions(store)
            action_pdf, action_pdf_pages = bench_action_plan_pdf(store, plan_id)
            pages = bench_pages(plan_id)
            model = bench_financial()
            money_pages = bench_pages(plan_id, {ABOUT_PAGE: "About this workbook",
                                                SUSTAINMENT_PAGE: "Sustainment plan", STAFFING_PAGE: "Staffing"})
            from planning import registry

            big = seed_big_step2(store)
            step2_titles = {ABOUT_PAGE: "About this workbook",
                            SELF_ASSESSMENT_PAGE: registry.worksheet("self_assessment").title,
                            TASK_SUMMARY_PAGE: registry.worksheet("task_summary").title}
            if registry.worksheet("workflow").built:
                step2_titles[WORKFLOW_PAGE] = registry.worksheet("workflow").title
            step2_pages = bench_pages(big, step2_titles)
            step2_pdf, step2_pdf_pages = bench_step2_pdf(store, big)
            imports = bench_registry_import()
            long_log = seed_long_metric_log(store)
            step4_pages = bench_pages(long_log, {ABOUT_PAGE: "About this workbook",
                                                 METRIC_LOG_PAGE: registry.worksheet("metric_log").title,
                                                 LAUNCH_GATE_PAGE: registry.worksheet("launch_gate").title})
            from bench import step5

            step5_rows = step5.measure(store)
        finally:
            store.dispose()
    about = pages[ABOUT_PAGE]
    page_names = {STEP_1_PAGE: "the Step 1 overview", READINESS_PAGE: "the readiness checklist",
                  ACTION_PLAN_PAGE: f"the action plan, {ACTIONS} actions", ABOUT_PAGE: "the About page"}
    rows = [
        (f"Save a readiness document (compare-and-swap), median of {SAVES}", ms(storage["save"]), "", ""),
        (f"Load the latest readiness document, 1 revision stored (median of {LOADS})", ms(storage["load_short"]),
         "1.00x", "baseline of the next row"),
        (f"Load the latest readiness document, {REVISIONS:,} revisions stored (median of {LOADS})",
         ms(storage["load_long"]), f"{storage['load_long'] / storage['load_short']:.2f}x", "to 1 revision"),
        (f"Readiness checklist PDF, all 32 items rated with notes (median of {PDF_RUNS})", ms(pdf), "", ""),
        (f"Plan view (load_view), {VIEW_KINDS} documents x 1 revision (median of {VIEW_LOADS})", ms(view["short"]),
         "1.00x", "baseline of the next row"),
        (f"Plan view (load_view), {VIEW_KINDS} documents x {REVISIONS:,} revisions (median of {VIEW_LOADS})",
         ms(view["long"]), f"{view['long'] / view['short']:.2f}x", "to 1 revision each"),
        (f"Plan view + every document validated, {VIEW_KINDS} x 1 revision", ms(view["short_typed"]), "1.00x",
         "baseline of the next row"),
        (f"Plan view + every document validated, {VIEW_KINDS} x {REVISIONS:,} revisions", ms(view["long_typed"]),
         f"{view['long_typed'] / view['short_typed']:.2f}x", "to 1 revision each"),
        (f"Action-plan PDF, {ACTIONS} actions (median of {ACTION_PDF_RUNS})", ms(action_pdf), "",
         f"{action_pdf_pages} pages, landscape"),
    ]
    for page in (ABOUT_PAGE, STEP_1_PAGE, READINESS_PAGE, ACTION_PLAN_PAGE):
        rows.append((f"AppTest run of {page_names[page]} (median of {PAGE_RUNS}, example plan)", ms(pages[page]),
                     f"{pages[page] / about:.1f}x", "baseline: About" if page == ABOUT_PAGE else "to About"))
    rows.append((f"Financial model: one scenario's steady month (median of {MODEL_RUNS})", ms(model["steady"]),
                 "1.00x", "baseline of the next row"))
    rows.append((f"Financial model: {model['count']} scenarios, each with the steady month, 36-month budget, "
                 "break-even three ways, tornado (21 budgets) and what-if lines, plus the comparison",
                 ms(model["whole"]), f"{model['whole'] / model['steady']:.0f}x", "to one steady month"))
    for page, label in ((SUSTAINMENT_PAGE, "the sustainment plan (example plan, 3 scenarios)"),
                        (STAFFING_PAGE, "the staffing worksheet (example plan)")):
        rows.append((f"AppTest run of {label}", ms(money_pages[page]),
                     f"{money_pages[page] / money_pages[ABOUT_PAGE]:.1f}x", "to About, same run"))
    size = f"{STEP2_MEMBERS} members x {STEP2_TASKS} tasks, {STEP2_STEPS} workflow steps"
    names2 = {SELF_ASSESSMENT_PAGE: "the team self-assessment (one member's sheet)",
              TASK_SUMMARY_PAGE: "the task summary", WORKFLOW_PAGE: "the clinical workflow"}
    for page in step2_pages:
        if page != ABOUT_PAGE:
            rows.append((f"AppTest run of {names2[page]} ({size})", ms(step2_pages[page]),
                         f"{step2_pages[page] / step2_pages[ABOUT_PAGE]:.1f}x", "to About, same run"))
    rows.append((f"Step 2 PDF ({size}, median of {STEP2_PDF_RUNS})", ms(step2_pdf), "", f"{step2_pdf_pages} pages"))
    rows.append((f"Registry export, {IMPORT_ROWS // 10:,} rows CSV: read, check every cell, compute the month "
                 f"(median of {IMPORT_RUNS})", ms(imports["csv_small"]), "1.00x", "baseline of the next rows"))
    rows.append((f"Registry export, {IMPORT_ROWS:,} rows CSV ({imports['size_mb']:.1f} MB), the same",
                 ms(imports["csv"]), f"{imports['csv'] / imports['csv_small']:.1f}x", "to 1/10 of the rows"))
    rows.append((f"Registry export, {IMPORT_ROWS:,} rows XLSX, the same", ms(imports["xlsx"]),
                 f"{imports['xlsx'] / imports['csv_small']:.1f}x", "to 1/10 of the rows, CSV"))
    for page, label in ((METRIC_LOG_PAGE, f"the metric log, {LOG_MONTHS} months x {LOG_METRICS} metrics"),
                        (LAUNCH_GATE_PAGE, "the launch gate (the whole plan's findings)")):
        rows.append((f"AppTest run of {label}", ms(step4_pages[page]),
                     f"{step4_pages[page] / step4_pages[ABOUT_PAGE]:.1f}x", "to About, same run"))
    rows += step5_rows
    from bench import server

    print("Clinic server on PostgreSQL (save latency, sign-in cost): under a minute ...", flush=True)
    rows += server.measure()
    result = None
    if browser_too:
        from bench import browser
        from tests.browser.conftest import CHROMIUM

        if Path(CHROMIUM).exists():
            print("Browser walk (Chromium, headless): about 3 minutes ...", flush=True)
            result = browser.measure()
            rows += browser.table_rows(result)
        else:
            rows.append(("Browser walk", "", "", f"not measured: no Chromium at {CHROMIUM} (`make test` installs it)"))
    print()
    print_table(rows)
    print()
    if result is not None:
        browser.print_notes(result)
    print(f"Load average at the end: {load_average()} (with {os.cpu_count()} CPUs; above that, other work was running "
          "and the timings are slower and noisier than usual).")


if __name__ == "__main__":
    main(sys.argv[1:])
