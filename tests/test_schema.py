"""The published JSON Schema is generated from the models and must be current."""

from __future__ import annotations

import json

from generator.register.schema import SCHEMA_FILE, register_schema, schema_text

from .conftest import REPO

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/register.schema.json"


def test_committed_schema_is_current() -> None:
    committed = (REPO / "seeds" / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "run `briefing schema` (make schema) and commit the result"


def test_schema_forbids_unknown_fields_and_describes_every_field() -> None:
    definitions = register_schema()["$defs"]
    for name, definition in definitions.items():
        if definition.get("type") != "object":
            continue
        assert definition["additionalProperties"] is False, name
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_dates_accept_the_short_form_in_the_schema() -> None:
    claim = register_schema()["$defs"]["Claim"]["properties"]["asserted"]
    assert "string" in json.dumps(claim)
    assert "When" in json.dumps(claim)


def test_every_register_file_points_editors_at_the_schema() -> None:
    for path in sorted((REPO / "seeds" / "register").glob("*.yml")):
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE, path.name
