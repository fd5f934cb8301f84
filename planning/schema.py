"""Write the published JSON Schema of a plan file: `python -m planning.schema` (or `make schema`)."""
from __future__ import annotations

import json
from pathlib import Path

from planning.plans import export_schema

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "plan-export.schema.json"


def schema_text() -> str:
    schema = export_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "plan-export.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")


if __name__ == "__main__":
    main()
