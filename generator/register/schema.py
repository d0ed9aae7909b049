"""The register's JSON Schema, generated from the models so validator and schema cannot drift."""

from __future__ import annotations

import json
from typing import Any

from generator.register.models import RegisterFile

SCHEMA_FILE = "schema/register.schema.json"
"""Where the schema is published, relative to the seeds folder."""


def register_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one register file."""
    schema = RegisterFile.model_json_schema()
    schema["title"] = "Briefing register file"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The schema as it is committed: stable key order, two-space indent, final newline."""
    return json.dumps(register_schema(), ensure_ascii=False, indent=2) + "\n"
