"""Rough performance numbers for the workbook, measured in one run on a temporary SQLite database.

Run from the repository root:  python bench/run.py
Prints a Markdown table. This is not a test: it asserts nothing about timings.
"""
from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAVES = 200
REVISIONS = 1_000
LOADS = 200
PDF_RUNS = 5
PAGE_RUNS = 5
READINESS_PAGE = "pages/readiness_page.py"
ABOUT_PAGE = "pages/about_page.py"


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


def bench_pdf(store) -> tuple[float, str]:
    from planning import plans, reports

    pid = plans.create_plan(store, plans.PlanMeta(name="Bench PDF plan", clinic="Bench clinic"), "bench")
    plans.save_doc(store, pid, readiness_doc(1, notes=True), 0, "bench")
    reports.worksheet_pdf(store, pid, "readiness")  # warm-up: fonts, imports
    runs = [timed(lambda: reports.worksheet_pdf(store, pid, "readiness")) for _ in range(PDF_RUNS)]
    return statistics.median(runs), pid


def bench_pages(plan_id: str) -> dict[str, float]:
    """Run time of one page in AppTest: a fresh session opens Home, then the page run is timed."""
    import logging

    from streamlit.testing.v1 import AppTest

    # AppTest logs "missing ScriptRunContext" each time it sets up a session; it is expected here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())

    titles = {READINESS_PAGE: "Readiness checklist", ABOUT_PAGE: "About this workbook"}

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

    out = {}
    for page in (READINESS_PAGE, ABOUT_PAGE):
        page_run(page)  # warm-up
        out[page] = statistics.median(page_run(page) for _ in range(PAGE_RUNS))
    return out


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="workbook-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["WORKBOOK_DATABASE_URL"] = url  # the app (AppTest) opens the same database

        from planning.storage import Store

        store = Store(url)
        try:
            storage = bench_storage(store)
            pdf, pdf_plan = bench_pdf(store)
            pages = bench_pages(pdf_plan)
        finally:
            store.dispose()

    env = (f"Python {platform.python_version()}, streamlit {version_of('streamlit')}, "
           f"SQLAlchemy {version_of('SQLAlchemy')}, {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}")
    rows = [
        (f"Save a readiness document (compare-and-swap), median of {SAVES}", ms(storage["save"])),
        (f"Load the latest readiness document, 1 revision stored (median of {LOADS})", ms(storage["load_short"])),
        (f"Load the latest readiness document, {REVISIONS:,} revisions stored (median of {LOADS})",
         ms(storage["load_long"])),
        (f"Load ratio, {REVISIONS:,} revisions / 1 revision", f"{storage['load_long'] / storage['load_short']:.2f}x"),
        (f"Readiness checklist PDF, all 32 items rated with notes (median of {PDF_RUNS})", ms(pdf)),
        (f"AppTest run of the readiness page (median of {PAGE_RUNS}, after a warm-up)", ms(pages[READINESS_PAGE])),
        (f"AppTest run of the About page (median of {PAGE_RUNS}, after a warm-up)", ms(pages[ABOUT_PAGE])),
        ("Page ratio, readiness / About", f"{pages[READINESS_PAGE] / pages[ABOUT_PAGE]:.1f}x"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"Environment: {env}")
    print()
    print(f"| {'Measurement'.ljust(width)} | Result |")
    print(f"| {'-' * width} | -----: |")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")


if __name__ == "__main__":
    main()
