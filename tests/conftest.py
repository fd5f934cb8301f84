"""Shared fixtures: a fresh database per test, a plan in it, and AppTest openers.

`db_url` is a fresh SQLite file (pages, PDFs and most unit tests). Storage tests use `any_db_url` instead: it
runs each test twice, on SQLite and on a real PostgreSQL server, each time on an empty database (PostgreSQL: a
schema of its own, dropped afterwards, so tests can run in parallel). The server is `WORKBOOK_TEST_POSTGRES_URL`
when set (`make test` sets it: scripts/ensure-postgres.sh), else one already listening on 127.0.0.1:5432 with a
`test` database. Without one, PostgreSQL tests fail (never skip) and say how to get one.
"""
from __future__ import annotations

import io
import re
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from planning import plans
from planning.storage import Store, normalise_url

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

HOSTILE = "<b>unclosed & <script>x</script> Győr 中文 🎉"


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'workbook.db'}"
    monkeypatch.setenv("WORKBOOK_DATABASE_URL", url)
    return url


POSTGRES_URL_ENV = "WORKBOOK_TEST_POSTGRES_URL"
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_admin():
    """An engine on the test PostgreSQL server (autocommit), for creating and dropping per-test schemas."""
    url = os.environ.get(POSTGRES_URL_ENV, "").strip() or LOCAL_POSTGRES
    engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT", poolclass=NullPool,
                           connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to connect means the same thing here
        engine.dispose()
        pytest.fail(f"The storage tests need PostgreSQL and none answered at {make_url(url).render_as_string()} "
                    f"({type(exc).__name__}). Run `make test` (scripts/ensure-postgres.sh finds or starts one), "
                    f"or set {POSTGRES_URL_ENV}.", pytrace=False)
    yield engine
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def any_db_url(request, tmp_path, monkeypatch) -> str:
    """An empty database on each backend in turn (ids: sqlite, postgresql); WORKBOOK_DATABASE_URL points at it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'workbook.db'}"
    else:
        admin = request.getfixturevalue("postgres_admin")
        schema = f"test_{uuid.uuid4().hex[:20]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text("SET lock_timeout = '20s'"))
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

        request.addfinalizer(drop)
        url = make_url(str(admin.url)).update_query_dict({"options": f"-csearch_path={schema}"}) \
            .render_as_string(hide_password=False)
    monkeypatch.setenv("WORKBOOK_DATABASE_URL", url)
    return url


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def plan_id(store) -> str:
    meta = plans.PlanMeta(name="Test plan", clinic="Lakeside Clinic", site="Main", cit_lead="Dana Lee")
    return plans.create_plan(store, meta, "Tester")


@pytest.fixture
def open_page(db_url):
    """open_page("pages/readiness_page.py", plan_id) -> an AppTest that has run that page. ``params`` adds
    query parameters to the page's address (e.g. {"person": person_id}), as a shared link would."""
    from streamlit.testing.v1 import AppTest

    def _open(page: str = "pages/home_page.py", plan: str | None = None, author: str = "Tester",
              params: dict[str, str] | None = None):
        at = AppTest.from_file(APP, default_timeout=60)
        if author:
            at.session_state["author_name"] = author
        if plan:
            at.query_params["plan"] = plan
        at.run()
        if page != "pages/home_page.py":
            at.query_params.update(params or {})  # after Home's run: leaving Home drops what it does not know
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _open


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


STEP_5_KINDS = ("review", "meetings", "expansion")


def example_before_step5(store: Store, author: str = "Tester") -> str:
    """The example plan without what Step 5 adds to it (its milestones, review, meetings, expansion ideas and
    organisation): a fixed start for tests that make their own milestones, reviews or meetings and count them."""
    import json

    data = json.loads(plans.EXAMPLE_PATH.read_text("utf-8"))
    data["milestones"] = []
    data["plan"]["organisation"] = ""
    for kind in STEP_5_KINDS:
        data["documents"].pop(kind, None)
    return plans.import_plan(store, json.dumps(data).encode("utf-8"), author)


@pytest.fixture
def offered(monkeypatch) -> list[tuple[str, bytes]]:
    """Every file the page hands to a download button, as (file name, bytes)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: list[tuple[str, bytes]] = []
    keep = MemoryMediaFileStorage.load_and_get_id

    def load(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes):
            files.append((filename or "", path_or_data))
        return keep(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load)
    return files


def unescaped(markdown: str) -> str:
    """Markdown as the reader sees it, escapes removed (bold marks kept)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def plain(markdown: str) -> str:
    """What the reader sees: bold marks, markdown escapes and the invisible word joiner removed."""
    return unescaped(re.sub(r"(?<!\\)\*\*", "", markdown)).replace("\u2060", "")


def press(at, label: str):
    """Click the button with this label and run the page; the run must not raise."""
    at = next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at
