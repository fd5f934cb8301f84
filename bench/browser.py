"""What a person feels: time from a click on a sidebar link until the page is idle and its content is shown.

Run from the repository root:  python bench/browser.py   (also part of `make bench`, through bench/run.py)

A workbook server is started the way the browser tests start it (tests/browser/conftest.serve: `make run`'s
launcher, on a temporary SQLite database seeded with the example plan through `planning.plans.open_example`)
and Debian's Chromium (headless, through Playwright, never a downloaded browser) opens it at 1280 x 720 with
the author-name cookie set. Every page of the sidebar is timed: Home, each step's overview and every worksheet
of the step registry (built or not, so pages added later are timed too), Reports and About.

How one page is timed: the page is opened by a real click on its link in the sidebar
(`[data-testid="stSidebar"] a`, found by its label), always from the About page, so every page starts from the
same screen. The clock starts in the page, at the click event, and stops at the first animation frame where
the app is idle (`[data-testid="stApp"][data-test-script-state="notRunning"]`) and the page's own h1 title is
visible, provided that stays so for HOLD_MS (a page that reruns itself right away is timed to its last run).
About itself is timed on the click from Reports back to About; the click back to About from every other page
is reported too ("back to About": what leaving that page costs). One warm-up walk, then REPS timed walks; the
median of each page, and its ratio to About's median.

Pages whose link sits in a step that is not the current one are reachable because the walk follows the
wizard order: a step's overview (always in the sidebar) comes before its worksheets, and About's sidebar
shows the step visited last. Nothing is asserted; numbers vary with the machine. Only this machine is
contacted: other hosts do not resolve in the browser, and any request to one is counted and reported.
"""
from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPS = 7
WARMUP_WALKS = 1
HOLD_MS = 100  # the page must stay idle with its title shown this long (a rerun right after would reset it)
DRAWN_TIMEOUT_MS = 10_000
AFTER_S = 0.5  # first walk only: how long to watch for a page that runs again by itself
FLAG_RATIO = 3.0  # the aim: no page above 3 times About
VIEWPORT = {"width": 1280, "height": 720}
CLICK_TIMEOUT_MS = 30_000
FIRST_LOAD_TIMEOUT_MS = 90_000
AUTHOR = "Bench"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Only this machine: any other host name fails to resolve inside the browser.
NO_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"

HOME_TITLE = "Collaborative Care Implementation Workbook"
ABOUT_TITLE = "About this workbook"
ABOUT_LINK = "About"

# Armed before each click. Records the click time, every change of the app's script state after it, and two
# moments, in milliseconds after the click, each the first animation frame of a stretch of `hold` ms:
# - shown: the app is idle and the page's h1 title is visible (what this benchmark ranks pages by);
# - drawn: also no loading skeleton, every visible table (st.dataframe, st.data_editor) has drawn its grid and
#   every visible plotly chart its SVG (they finish after the script run; same test as the projector sweep).
# Resolves when both are reached, or DRAWN_TIMEOUT_MS after `shown` with drawn = null; gives up (timeout: true)
# CLICK_TIMEOUT_MS after being armed.
ARM_JS = r"""([title, hold, drawnTimeout, giveUp]) => {
  if (window.__bench) window.__bench.stop();  // the previous click's observer
  const b = window.__bench = {t0: null, done: null, runs: 0, runsAfter: 0, finished: false};
  document.addEventListener('click', () => { if (b.t0 === null) b.t0 = performance.now(); },
                            {capture: true, once: true});
  const app = () => document.querySelector('[data-testid="stApp"]');
  const observer = new MutationObserver(() => {
    const a = app();
    if (b.t0 === null || !a || a.getAttribute('data-test-script-state') !== 'running') return;
    if (b.finished) b.runsAfter += 1; else b.runs += 1;
  });
  observer.observe(document.documentElement, {subtree: true, attributes: true,
                                              attributeFilter: ['data-test-script-state']});
  b.stop = () => observer.disconnect();
  const shown = () => {
    const a = app();
    if (!a || a.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) return false;
    for (const h of main.querySelectorAll('h1'))
      if (h.textContent.trim() === title && h.checkVisibility()) return true;
    return false;
  };
  const drawn = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (main.querySelector('[data-testid="stSkeleton"]')) return false;
    for (const el of main.querySelectorAll('[data-testid="stDataFrame"]'))
      if (el.checkVisibility() && !(el.querySelector('.dvn-scroller') && el.querySelector('table[role="grid"] th')))
        return false;
    for (const el of main.querySelectorAll('[data-testid="stPlotlyChart"]'))
      if (el.checkVisibility() && !el.querySelector('.main-svg')) return false;
    return true;
  };
  b.done = new Promise((resolve) => {
    let shownSince = null, drawnSince = null;
    const deadline = performance.now() + giveUp;
    const tick = (now) => {
      if (now > deadline) { b.finished = true; resolve({timeout: true}); return; }
      if (b.t0 !== null) {
        const s = shown(), d = s && drawn();
        if (!s) shownSince = null; else if (shownSince === null) shownSince = now;
        if (!d) drawnSince = null; else if (drawnSince === null) drawnSince = now;
        const ms = (t) => Math.max(0, t - b.t0);
        if (drawnSince !== null && now - drawnSince >= hold) {
          b.finished = true;
          resolve({shown: ms(shownSince), drawn: ms(drawnSince), runs: b.runs});
          return;
        }
        if (shownSince !== null && now - shownSince >= Math.max(hold, drawnTimeout)) {
          b.finished = true;
          resolve({shown: ms(shownSince), drawn: null, runs: b.runs});
          return;
        }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}"""
WAIT_JS = "() => window.__bench.done"
AFTER_JS = "() => { window.__bench.stop(); return window.__bench.runsAfter; }"


@dataclass(frozen=True)
class Target:
    link: str  # the label of its sidebar link (a step overview's label may go on: "Step 2 overview · 7 worksheets")
    title: str  # its h1

    @property
    def link_pattern(self) -> re.Pattern:
        # The link's text is the Material icon's name followed by the label ("homeHome"); match the label's end.
        rest = r"(?: · \d+ worksheets?)?" if self.link.endswith(" overview") else ""
        return re.compile(re.escape(self.link) + rest + r"$")


@dataclass
class Click:
    shown: float  # ms from the click until idle with the title visible (held HOLD_MS)
    drawn: float | None  # ms until every visible table and chart is drawn too (None: not within DRAWN_TIMEOUT_MS)
    runs: int  # script runs the click caused before the page was shown


def targets() -> list[Target]:
    """Every sidebar page in wizard order, from the step registry: Home, each step's overview and worksheets,
    Reports, About."""
    from planning import registry

    out = [Target("Home", HOME_TITLE)]
    for s in registry.STEPS:
        out.append(Target(f"Step {s.number} overview", s.label))
        out += [Target(w.title, w.title) for w in s.worksheets]
    return out + [Target("Reports", "Reports"), Target("About", ABOUT_TITLE)]


def _off_machine(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss", "ftp"} and (parts.hostname or "") not in LOOPBACK


def _click(page, target: Target) -> Click:
    """Click the target's sidebar link and time it (see ARM_JS)."""
    page.evaluate(ARM_JS, [target.title, HOLD_MS, DRAWN_TIMEOUT_MS, CLICK_TIMEOUT_MS])
    links = page.locator('[data-testid="stSidebar"] a').filter(has_text=target.link_pattern)
    if links.count() != 1:
        shown = page.locator('[data-testid="stSidebar"] a').all_inner_texts()
        raise RuntimeError(f"{links.count()} sidebar links match {target.link!r}; the sidebar shows: "
                           + "; ".join(" ".join(t.split()) for t in shown))
    links.click(timeout=CLICK_TIMEOUT_MS)
    r = page.evaluate(WAIT_JS)
    if r.get("timeout"):  # a page that never shows its title: say which, and what is on screen
        h1 = page.locator('[data-testid="stMain"] h1').all_inner_texts()
        errors = page.locator('[data-testid="stException"]').all_inner_texts()
        raise RuntimeError(f"{target.link!r}: the page did not show its title {target.title!r} within "
                           f"{CLICK_TIMEOUT_MS} ms (h1 on screen: {h1}; errors: {errors})")
    return Click(float(r["shown"]), None if r["drawn"] is None else float(r["drawn"]), int(r["runs"]))


def _runs_after(page) -> int:
    """Script runs that started after the page was shown, AFTER_S later (a page that runs again by itself)."""
    page.wait_for_timeout(AFTER_S * 1000)
    return int(page.evaluate(AFTER_JS))


def measure(reps: int = REPS, warmups: int = WARMUP_WALKS) -> dict:
    """Start a server and a browser, walk every page `warmups + reps` times; returns the clicks by page."""
    from playwright.sync_api import sync_playwright

    from planning import plans
    from planning.storage import Store
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}; install Debian's chromium or set WORKBOOK_CHROMIUM")
    pages = targets()
    about, reports = pages[-1], pages[-2]
    clicks: dict[str, list[Click]] = {t.link: [] for t in pages}
    back: dict[str, list[Click]] = {t.link: [] for t in pages[:-1]}
    reruns: dict[str, int] = {}
    off_machine: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="workbook-bench-browser-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = Store(db_url)
        try:
            plan_id = plans.open_example(store, AUTHOR)
        finally:
            store.dispose()
        with serve(db_url, Path(tmp) / "server.log") as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, NO_OTHER_HOSTS])
            try:
                context = browser.new_context(viewport=VIEWPORT)
                context.add_cookies([{"name": "workbook_author", "value": AUTHOR, "url": base}])
                context.on("request", lambda r: off_machine.append(r.url) if _off_machine(r.url) else None)
                page = context.new_page()
                page.set_default_timeout(CLICK_TIMEOUT_MS)
                page.goto(f"{base}/about?plan={plan_id}")
                try:  # the first run of a new server imports everything: give it longer
                    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                           timeout=FIRST_LOAD_TIMEOUT_MS)
                    page.get_by_role("heading", level=1, name=ABOUT_TITLE).wait_for(timeout=FIRST_LOAD_TIMEOUT_MS)
                except Exception as exc:
                    log = (Path(tmp) / "server.log").read_text(errors="replace").splitlines()[-30:]
                    main = page.locator('[data-testid="stMain"]').all_inner_texts()
                    raise RuntimeError(f"the About page did not open: {exc}\npage: {' '.join(main)[:1500]}\n"
                                       "server log:\n" + "\n".join(log)) from exc
                for walk in range(warmups + reps):
                    keep = walk >= warmups
                    for target in pages[:-1]:  # every click starts on About; About is timed on the way back
                        there = _click(page, target)
                        if walk == 0:  # the first walk also watches for a page that runs again by itself
                            reruns[target.link] = _runs_after(page)
                        home = _click(page, about)
                        if walk == 0 and target is reports:
                            reruns[about.link] = _runs_after(page)
                        if keep:
                            clicks[target.link].append(there)
                            back[target.link].append(home)
                            if target is reports:
                                clicks[about.link].append(home)
                if f"plan={plan_id}" not in page.url:  # set-up check: the links kept the plan
                    raise RuntimeError(f"the plan was lost on the way: {page.url}")
            finally:
                browser.close()
    return {"pages": pages, "clicks": clicks, "back": back, "reruns": reruns, "reps": reps,
            "off_machine": sorted(set(off_machine)), "seconds": time.perf_counter() - started}


def _median(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else statistics.median(values)


def summary(result: dict) -> list[dict]:
    """One dict per page, slowest first: medians of shown, drawn and back to About, ratio to About, runs."""
    about = statistics.median(c.shown for c in result["clicks"][ABOUT_LINK])
    out = []
    for t in result["pages"]:
        cs = result["clicks"][t.link]
        shown = statistics.median(c.shown for c in cs)
        back = result["back"].get(t.link)
        out.append({"page": t.link, "shown": shown, "ratio": shown / about, "drawn": _median([c.drawn for c in cs]),
                    "back": statistics.median(c.shown for c in back) if back else None,
                    "runs": max(c.runs for c in cs), "runs_after": result["reruns"].get(t.link, 0)})
    return sorted(out, key=lambda r: r["ratio"], reverse=True)


def table_rows(result: dict) -> list[tuple[str, str, str, str]]:
    """(measurement, median, ratio, note) rows for bench/run.py's table, slowest first, flagged above 3x."""
    rows = []
    for r in summary(result):
        flag = f" ABOVE {FLAG_RATIO:g}x" if r["ratio"] > FLAG_RATIO else ""
        notes = []
        if r["page"] == ABOUT_LINK:
            notes.append("baseline (clicked from Reports)")
        if r["drawn"] is not None and r["drawn"] - r["shown"] >= 1:
            notes.append(f"tables/charts drawn at {r['drawn']:.0f} ms")
        elif r["drawn"] is None:
            notes.append(f"a table or chart not drawn within {DRAWN_TIMEOUT_MS} ms")
        if r["back"] is not None:
            notes.append(f"back to About {r['back']:.0f} ms")
        if r["runs"] > 1:
            notes.append(f"{r['runs']} script runs")
        if r["runs_after"]:
            notes.append(f"ran again {r['runs_after']}x by itself after being shown")
        rows.append((f"Browser: click '{r['page']}' until idle and shown (median of {result['reps']})",
                     f"{r['shown']:.0f} ms", f"{r['ratio']:.1f}x{flag}", "; ".join(notes)))
    return rows


def print_notes(result: dict) -> None:
    above = [r["page"] for r in summary(result) if r["ratio"] > FLAG_RATIO]
    print(f"Browser pages above {FLAG_RATIO:g}x About: {', '.join(above) if above else 'none'}. "
          f"The walk took {result['seconds']:.0f} s (server start, one warm-up walk, {result['reps']} timed walks).")
    if result["off_machine"]:
        print("Requests to other hosts (not resolved by the browser):", ", ".join(result["off_machine"]))


def main() -> None:
    from bench.run import environment, load_average, print_table

    print(f"Environment: {environment()}; Chromium headless at {VIEWPORT['width']}x{VIEWPORT['height']}", flush=True)
    result = measure()
    print()
    print_table(table_rows(result))
    print()
    print_notes(result)
    print(f"Load average at the end: {load_average()}.")


if __name__ == "__main__":
    main()
