"""Browser fixtures: the workbook served the way `make run` serves it, on a temporary database, and Chromium.

Uses the system Chromium (Debian's /usr/bin/chromium, or WORKBOOK_CHROMIUM); no browser download.
`serve(db_url, log_path)` starts a server and always terminates it; the session-scoped `app_url` fixture
uses it once per test session (on the database at `app_db_url`, where tests seed plans through the engine), and
a test that needs a fresh server (a first request right after a start) calls it directly.

Browsers open at the projector size, 1280 x 720. Nothing may leave the machine: every browser context made here
records each request to a host other than this one (127.0.0.1, localhost, ::1), and the test fails at teardown
with the list of such addresses.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("WORKBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
STARTUP_TIMEOUT_S = 60
# What `make run` runs: scripts/serve.py switches Streamlit's legacy pages/ routing off before the server starts.
LAUNCH = [sys.executable, "scripts/serve.py"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _wait_healthy(proc: subprocess.Popen, base: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the workbook server exited with code {proc.returncode}:\n{_log_tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the workbook server is not healthy after {STARTUP_TIMEOUT_S}s:\n"
                               f"{_log_tail(log_path)}")
        time.sleep(0.25)


@contextmanager
def serve(db_url: str, log_path: Path) -> Iterator[str]:
    """Serve the workbook on `db_url` as `make run` does; yields its base URL; stops the server on exit.

    Only the health endpoint is requested before yielding, so the caller's first page load is the first
    script run of this server.
    """
    port = _free_port()
    env = dict(os.environ)
    env["WORKBOOK_DATABASE_URL"] = db_url
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    cmd = [*LAUNCH, "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
           # Other people may edit files while the suite runs; do not rerun the app on their saves.
           "--server.fileWatcherType", "none"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(proc, base, log_path)
        yield base
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def app_db_url(tmp_path_factory) -> str:
    """The database of the session's workbook server (seed plans here with planning.storage.Store)."""
    return f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'wb.db'}"


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, app_db_url) -> Iterator[str]:
    """Base URL of one workbook server for the session, on a fresh SQLite database (`app_db_url`)."""
    tmp = tmp_path_factory.mktemp("browser")
    with serve(app_db_url, tmp / "server.log") as base:
        yield base


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}; set WORKBOOK_CHROMIUM to its path")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


VIEWPORT = {"width": 1280, "height": 720}  # the projector in a planning meeting
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def leaves_the_machine(url: str) -> bool:
    """True for a network address on another host. data:, blob: and about: URLs never touch the network."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https", "ws", "wss", "ftp"}:
        return False
    return (parts.hostname or "") not in LOOPBACK


def guarded_context(browser, off_machine: list[str]):
    """A fresh browser context (own cookies and storage) at the projector size, with downloads enabled, that
    appends every request leaving this machine to `off_machine`."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(30_000)

    def note(url: str) -> None:
        if leaves_the_machine(url):
            off_machine.append(url)

    context.on("request", lambda request: note(request.url))
    context.on("page", lambda tab: tab.on("websocket", lambda ws: note(ws.url)))
    return context


def _fail_if_any_left(off_machine: list[str]) -> None:
    if off_machine:
        pytest.fail("requests left the machine (every asset must be served locally):\n"
                    + "\n".join(sorted(set(off_machine))), pytrace=False)


@pytest.fixture
def page(chromium):
    """A fresh browser tab (own cookies and storage) at 1280 x 720 with downloads enabled. Fails the test at
    teardown if anything it opened requested an address off this machine."""
    off_machine: list[str] = []
    context = guarded_context(chromium, off_machine)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
    _fail_if_any_left(off_machine)


@pytest.fixture
def new_browser(chromium):
    """Factory of further fresh browsers (contexts with their own cookies), guarded like `page`."""
    off_machine: list[str] = []
    made = []

    def _new():
        context = guarded_context(chromium, off_machine)
        made.append(context)
        return context

    try:
        yield _new
    finally:
        for context in made:
            context.close()
    _fail_if_any_left(off_machine)


def seed_example(db_url: str, name: str, author: str = "Sam Ito") -> str:
    """The example clinic, seeded through the engine under its own plan name: the session server's Home lists every
    plan, and a second plan with the example's name would need a longer label there."""
    from planning import plans
    from planning.storage import Store

    store = Store(db_url)
    try:
        pid = plans.open_example(store, author)
        meta, row = plans.load_meta(store, pid)
        plans.save_meta(store, pid, meta.model_copy(update={"name": name}), row.meta_version, author)
        return pid
    finally:
        store.dispose()
