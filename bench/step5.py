"""Step 5 at scale: the whole-workbook PDF of a large plan, the comparison of two of its milestones, and the
roll-up of an organisation's plans. Called by bench/run.py; runnable alone:  python bench/step5.py

The large plan (issue 11): 12 team members x 40 tasks (every member's self-assessment answered), 60 workflow
steps, 300 actions, 36 months of 15 metrics in the metric log and 10 milestones, each milestone made after a
round of changes (ratings, actions, the vision statement, a month of metrics). A half-size plan (6 x 20, 30
steps, 150 actions, 18 months, 5 milestones) is measured the same way, so the ratio says how time grows with
the plan's size. The roll-up is timed over 5 and over 50 copies of the example plan in one organisation.
Everything is seeded through the engine (planning.plans.save_doc), on a temporary SQLite database.
"""
from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = 5
ROLLUP_PLANS = (5, 50)


@dataclass(frozen=True)
class Size:
    members: int
    tasks: int
    steps: int
    actions: int
    months: int
    metrics: int
    milestones: int

    def label(self) -> str:
        return (f"{self.members} members x {self.tasks} tasks, {self.steps} workflow steps, {self.actions} actions, "
                f"{self.months} months x {self.metrics} metrics, {self.milestones} milestones")


LARGE = Size(12, 40, 60, 300, 36, 15, 10)
HALF = Size(6, 20, 30, 150, 18, 15, 5)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _month(start: date, m: int) -> date:
    return date(start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1, 1)


def seed_large_plan(store, size: Size) -> str:
    """The example plan grown to ``size``, with ``size.milestones`` milestones, each after a round of changes."""
    from bench.run import action_plan_doc
    from planning import plans
    from worksheets import metric_log as ml
    from worksheets import metrics as mx
    from worksheets import readiness as rd
    from worksheets import self_assessment as sa
    from worksheets import shared_vision as sv
    from worksheets import task_summary as ts
    from worksheets import team as tm
    from worksheets import workflow as wf
    from worksheets.tasks import default_tasks

    import json

    data = json.loads(plans.EXAMPLE_PATH.read_text("utf-8"))
    data["milestones"] = []  # only this plan's own rounds of changes are milestones
    pid = plans.import_plan(store, json.dumps(data).encode("utf-8"), "bench")
    roles = ["PCP champion", "Behavioral health care manager", "Psychiatric consultant", "CIT lead", "Other"]
    members = [{"id": f"p{i:02d}", "name": f"Member {i:02d}", "role": roles[i % len(roles)]}
               for i in range(size.members)]
    loaded = plans.load_doc(store, pid, tm.TeamDoc.KIND)
    plans.save_doc(store, pid, tm.TeamDoc.model_validate({"members": members}), loaded.version, "bench")
    tasks = [t.model_dump() for t in default_tasks()][:size.tasks]
    tasks += [{"id": f"c{i:08d}", "group": "9", "text": f"Clinic task {i}", "included": True}
              for i in range(size.tasks - len(tasks))]
    loaded = plans.load_doc(store, pid, ts.KIND)
    plans.save_doc(store, pid, ts.TaskSummaryDoc.model_validate({
        "tasks": tasks, "agreements": {t["id"]: {"owner": members[n % size.members]["id"], "handoff": "Huddle"}
                                       for n, t in enumerate(tasks)}}), loaded.version, "bench")
    for i, m in enumerate(members):
        answers = {t["id"]: {"task": t["text"], "does": ("Yes", "Sometimes", "No")[(i + n) % 3],
                             "comfort": 1 + (i + n) % 4, "should_own": ("Yes", "Shared", "No", "Unsure")[(i * n) % 4],
                             "training": (i + n) % 7 == 0, "note": "Bench note"} for n, t in enumerate(tasks)}
        doc = sa.SelfAssessmentDoc.model_validate({"person_id": m["id"], "name": m["name"], "answers": answers})
        plans.save_doc(store, pid, doc, 0, "bench", key=m["id"])
    loaded = plans.load_doc(store, pid, wf.KIND)
    lib = wf.library_steps()
    steps = [lib[i % len(lib)].model_copy(update={"id": f"s{i:03d}", "name": f"{lib[i % len(lib)].name} "
                                                                              f"({i // len(lib) + 1})"})
             for i in range(size.steps)]
    plans.save_doc(store, pid, wf.WorkflowDoc.model_validate({**loaded.doc.model_dump(mode="json"),
                                                              "steps": [s.model_dump(mode="json") for s in steps]}),
                   loaded.version, "bench")
    people = [m["id"] for m in members]
    actions = action_plan_doc(people, size.actions)
    start = date(2027, 5, 1)
    per_round = max(1, size.months // size.milestones)
    entries: list = []
    labels = rd.SCALE.labels
    for r in range(size.milestones):
        # a round of changes: ratings move, a few actions are done, the vision is reworded, more months logged
        responses = {item.id: {"rating": labels[min(len(labels) - 1, (k + r) % len(labels))],
                               "note": f"Round {r}"} for k, item in enumerate(rd.CATALOG.items)}
        loaded = plans.load_doc(store, pid, rd.KIND)
        plans.save_doc(store, pid, rd.ReadinessDoc.model_validate({"responses": responses}), loaded.version, "bench")
        done = [a.model_copy(update={"status": "done", "done_on": a.start}) if n < (r + 1) * size.actions //
                (size.milestones + 1) and a.start <= date.today() else a for n, a in enumerate(actions.actions)]
        loaded = plans.load_doc(store, pid, "action_plan")
        plans.save_doc(store, pid, loaded.doc.model_copy(update={"actions": done}), loaded.version, "bench")
        loaded = plans.load_doc(store, pid, sv.SharedVisionDoc.KIND)
        data = loaded.doc.model_dump(mode="json")
        data["vision"]["statement"] = (f"Round {r}: every patient with depression or anxiety in our clinic gets "
                                       "measurement-based care that works.")
        plans.save_doc(store, pid, sv.SharedVisionDoc.model_validate(data), loaded.version, "bench")
        for m in range(r * per_round, min(size.months, (r + 1) * per_round) if r < size.milestones - 1
                       else size.months):
            for k, metric in enumerate(mx.METRIC_IDS[:size.metrics]):
                value = float(40 + (m * 3 + k * 7) % 50) if mx.metric(metric).unit == "percent" else float(10 + m + k)
                entries.append(ml.Entry(month=_month(start, m), metric=metric, value=value))
        loaded = plans.load_doc(store, pid, ml.KIND)
        plans.save_doc(store, pid, ml.MetricLogDoc(entries=list(entries)), loaded.version, "bench")
        store.create_milestone(pid, f"Review {r + 1}", "bench")
    return pid


def bench_workbook(store, pid: str) -> tuple[float, int]:
    from planning import reports
    from tests.conftest import pdf_pages

    pages = pdf_pages(reports.workbook_pdf(store, pid))
    return statistics.median(timed(lambda: reports.workbook_pdf(store, pid)) for _ in range(RUNS)), pages


def bench_compare(store, pid: str) -> tuple[float, int]:
    """Load the first and last milestones and compare them, as the Compare tab does."""
    from planning.compare import compare
    from planning.view import load_view

    listed = store.list_milestones(pid)  # newest first
    first, last = listed[-1].id, listed[0].id  # "Review 1" and the last review

    def run():
        return compare(load_view(store, pid, first), load_view(store, pid, last))

    changed = sum(1 for w in run().worksheets if w.changed)
    return statistics.median(timed(run) for _ in range(RUNS)), changed


def bench_rollup(store, n: int) -> float:
    from planning import plans, rollup

    org = f"Bench health {n}"
    for i in range(n):
        pid = plans.open_example(store, "bench")
        meta, row = plans.load_meta(store, pid)
        plans.save_meta(store, pid, meta.model_copy(update={"name": f"Site {i:02d}", "organisation": org}),
                        row.meta_version, "bench")
    return statistics.median(timed(lambda: rollup.rollup(store, org)) for _ in range(RUNS))


def measure(store) -> list[tuple[str, str, str, str]]:
    rows = []
    results = {}
    for size in (HALF, LARGE):
        pid = seed_large_plan(store, size)
        results[size] = (bench_workbook(store, pid), bench_compare(store, pid))
    (half_pdf, half_pages), (half_cmp, _) = results[HALF]
    (big_pdf, big_pages), (big_cmp, changed) = results[LARGE]
    rows.append((f"Whole-workbook PDF, half-size plan ({HALF.label()}; median of {RUNS})", f"{half_pdf * 1000:.0f} ms",
                 "1.00x", f"{half_pages} pages; baseline of the next row"))
    rows.append((f"Whole-workbook PDF, large plan ({LARGE.label()})", f"{big_pdf * 1000:.0f} ms",
                 f"{big_pdf / half_pdf:.2f}x", f"{big_pages} pages ({big_pages / half_pages:.2f}x the pages)"))
    rows.append(("Compare the first and last milestones, half-size plan (two views read and compared)",
                 f"{half_cmp * 1000:.0f} ms", "1.00x", "baseline of the next row"))
    rows.append(("Compare the first and last milestones, large plan", f"{big_cmp * 1000:.0f} ms",
                 f"{big_cmp / half_cmp:.2f}x", f"{changed} worksheets changed"))
    few, many = (bench_rollup(store, n) for n in ROLLUP_PLANS)
    rows.append((f"Roll-up of an organisation, {ROLLUP_PLANS[0]} example plans (median of {RUNS})",
                 f"{few * 1000:.0f} ms", "1.00x", "baseline of the next row"))
    rows.append((f"Roll-up of an organisation, {ROLLUP_PLANS[1]} example plans", f"{many * 1000:.0f} ms",
                 f"{many / few:.2f}x", f"to {ROLLUP_PLANS[0]} plans ({ROLLUP_PLANS[1] // ROLLUP_PLANS[0]}x the plans)"))
    return rows


def main() -> None:
    import os
    import tempfile

    from bench.run import print_table

    with tempfile.TemporaryDirectory(prefix="workbook-bench5-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["WORKBOOK_DATABASE_URL"] = url
        from planning.storage import Store

        store = Store(url)
        try:
            rows = measure(store)
        finally:
            store.dispose()
    print_table(rows)


if __name__ == "__main__":
    main()
