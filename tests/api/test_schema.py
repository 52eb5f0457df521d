"""The OpenAPI schema describes every endpoint, validates, and generates without a warning.

Generic on purpose: every endpoint added later is checked by the same tests.
"""

import io

import yaml
from django.core.management import call_command
from drf_spectacular.drainage import reset_generator_stats
from openapi_spec_validator import validate

SCHEMA = "/api/v1/schema/"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# The ways a request may sign in; every operation accepts at least one of the token's.
TOKEN_SCHEMES = {"bearerAuth", "queryToken"}


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_the_json_schema_is_valid_openapi(client, db):
    response = client.get(f"{SCHEMA}?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    validate(schema)
    assert schema["paths"], "the schema lists no endpoint"
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_the_default_yaml_schema_is_the_same(client, db):
    as_yaml = yaml.safe_load(client.get(SCHEMA).content)
    validate(as_yaml)
    assert as_yaml == client.get(f"{SCHEMA}?format=json").json()


def test_every_operation_takes_a_bearer_token(client, db):
    schema = client.get(f"{SCHEMA}?format=json").json()
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    without = [
        name
        for name, operation in operations(schema)
        if not TOKEN_SCHEMES & {key for req in operation.get("security", []) for key in req}
    ]
    assert not without, f"these operations take no token: {without}"


def test_the_schema_generates_without_warnings_or_errors(tmp_path):
    reset_generator_stats()
    out = tmp_path / "schema.yaml"
    # Raises (SchemaGenerationError, SchemaValidationError) on any warning or invalid schema.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(out), stderr=io.StringIO()
    )
    validate(yaml.safe_load(out.read_text()))
