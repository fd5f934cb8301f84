"""Shared fixtures: a fresh database per test, a plan in it, and AppTest openers."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from planning import plans
from planning.storage import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

HOSTILE = "<b>unclosed & <script>x</script> Győr 中文 🎉"


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'workbook.db'}"
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
    """open_page("pages/readiness_page.py", plan_id) -> an AppTest that has run that page."""
    from streamlit.testing.v1 import AppTest

    def _open(page: str = "pages/home_page.py", plan: str | None = None, author: str = "Tester"):
        at = AppTest.from_file(APP, default_timeout=60)
        if author:
            at.session_state["author_name"] = author
        if plan:
            at.query_params["plan"] = plan
        at.run()
        if page != "pages/home_page.py":
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
