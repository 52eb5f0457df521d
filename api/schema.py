"""How the OpenAPI schema describes the API's sign-in, so that the documentation page offers
"Authorize" with a bearer token. Loaded by ApiConfig.ready()."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (kmv_…), made on the “API tokens” page.",
        }


class QueryTokenScheme(OpenApiAuthenticationExtension):
    """The feeds' variant: the token in the address, for tools that cannot send a header."""

    target_class = "api.authentication.QueryTokenAuthentication"
    name = "queryToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "query",
            "name": "token",
            "description": "A personal API token in the address (feeds only; see the README).",
        }
