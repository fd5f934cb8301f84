"""Document models: golden fixtures, migrations, strictness, and the published schema."""
from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar, Literal

import pytest
from pydantic import ValidationError

from planning import plans, registry
from planning.schema import SCHEMA_PATH, schema_text
from worksheets.base import WorksheetDoc
from worksheets.readiness import ReadinessDoc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("kind", sorted(registry.doc_models()))
def test_golden_fixtures_of_every_worksheet_and_format_still_load(kind):
    model = registry.doc_models()[kind]
    current = FIXTURES / f"{kind}_v{model.current_version()}.json"
    assert current.exists(), f"each worksheet format needs a golden fixture: {current.name}"
    for path in sorted(FIXTURES.glob(f"{kind}_v*.json")):
        doc = model.model_validate(json.loads(path.read_text(encoding="utf-8")))
        # saving what we loaded gives back the same content: no silent drift of the stored format
        assert model.model_validate(doc.model_dump(mode="json")) == doc, path.name


def test_readiness_fixture_content_survives():
    doc = ReadinessDoc.model_validate(json.loads((FIXTURES / "readiness_v1.json").read_text(encoding="utf-8")))
    assert doc.rating("A1") == "In place"
    assert "Dr. Chen" in doc.note("A3")


def test_plan_meta_fixture_loads():
    meta = plans.PlanMeta.model_validate(json.loads((FIXTURES / "plan_v1.json").read_text(encoding="utf-8")))
    assert meta.clinic.startswith("Riverbend")


class _Doc(WorksheetDoc):
    """A document at format 3 whose older formats used other field names."""

    KIND: ClassVar[str] = "demo"
    MIGRATIONS: ClassVar[dict] = {
        1: lambda d: {**{k: v for k, v in d.items() if k != "score"}, "points": d.get("score", 0)},
        2: lambda d: {**d, "label": str(d.get("label", "")).upper()},
    }
    schema_version: Literal[3] = 3
    points: int = 0
    label: str = ""


def test_old_formats_migrate_step_by_step():
    doc = _Doc.model_validate({"schema_version": 1, "score": 7, "label": "abc"})
    assert (doc.schema_version, doc.points, doc.label) == (3, 7, "ABC")
    assert _Doc.model_validate({"schema_version": 2, "points": 4, "label": "x"}).label == "X"


def test_a_newer_format_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as info:
        _Doc.model_validate({"schema_version": 4})
    assert "newer version of the workbook" in str(info.value)


def test_a_format_with_no_migration_is_refused():
    class Gap(_Doc):
        MIGRATIONS: ClassVar[dict] = {}

    with pytest.raises(ValidationError, match="can no longer be read"):
        Gap.model_validate({"schema_version": 1})


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        ReadinessDoc.model_validate({"schema_version": 1, "responses": {}, "surprise": 1})
    with pytest.raises(ValidationError):
        ReadinessDoc.model_validate({"responses": {"A1": {"rating": "In place", "colour": "red"}}})


def test_published_json_schema_matches_the_code():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run `make schema` and commit docs/"


def test_example_plan_validates_against_the_published_schema():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    example = json.loads(plans.EXAMPLE_PATH.read_text(encoding="utf-8"))
    problems = [f"{'/'.join(map(str, e.path))}: {e.message}"
                for e in jsonschema.Draft202012Validator(schema).iter_errors(example)]
    assert problems == []
