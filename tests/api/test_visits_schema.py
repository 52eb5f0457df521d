"""The OpenAPI schema describes the visits and RKTL endpoints, with no warning."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


def test_the_schema_is_valid_and_warns_of_nothing_in_these_endpoints(db):
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    warnings = list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    validate_schema(schema)
    # The token authentication's description is the tokens' part of the schema; every other
    # warning (an enum named twice, a field of unknown type) fails `spectacular --fail-on-warn`.
    assert [w for w in warnings if "could not resolve authenticator" not in w] == []
    paths = schema["paths"]
    progress = paths["/api/v1/rktl-items/{code}/progress/"]["post"]
    assert "multipart/form-data" in progress["requestBody"]["content"]
    names = {p["name"] for p in paths["/api/v1/visits/"]["get"]["parameters"]}
    assert {"city", "status", "kind", "date_from", "date_to", "updated_since", "cursor"} <= names
    names = {p["name"] for p in paths["/api/v1/rktl-items/"]["get"]["parameters"]}
    assert {"overdue", "tier", "category", "updated_since"} <= names
    assert "sort" not in names  # the cursor sets the order
