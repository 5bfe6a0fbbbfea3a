"""The API object: authentication, the one error format, and the routers of each domain."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation

from ladder.api.auth import session_auth, token_auth
from ladder.api.docs import LocalSwagger
from ladder.api.errors import ERROR_FORMAT_DESCRIPTION, ErrorBody, install_error_handlers
from ladder.api.routers import (
    careers_eligibility,
    careers_plans,
    certifications,
    credentials,
    employments,
    hats,
    interests,
    ladders,
    network,
    offerings,
    openings,
    orgs,
    people,
    privacy,
    registrations,
    reports,
    reports_equity,
    shared_learning,
    skills,
    tokens,
    transcript,
    tuition,
)
from ladder.core.policies import checking_api_permission

DESCRIPTION = f"""
Ladder's JSON API: organisations, people, employments, credentials, job classes and ladders;
competency frameworks, ratings and evidence, hats and interests; the training catalogue,
registrations and attendance, transcripts, feedback and certificates.

## Authentication

Send a personal token as `Authorization: Bearer <token>`. Create and revoke tokens on your
profile page, or with `POST /api/v1/tokens` and `DELETE /api/v1/tokens/{{id}}`; a token is
shown only when it is created. A browser that is logged in to Ladder may use its session
instead; it must then send the `X-CSRFToken` header on POST, PATCH, PUT and DELETE.

## Permissions

The same as the pages: what you may not see answers 404, what you may see but not change
answers 403, and no credentials at all answers 401.

## Pagination

Lists take `limit` (1 to 100) and `offset`, and answer
`{{"items": [...], "count": <all matches>, "limit": ..., "offset": ...}}`.

## Errors

{ERROR_FORMAT_DESCRIPTION}
""".strip()

ERROR_RESPONSES = {
    "400": "The body is not valid JSON.",
    "401": "No valid token or session.",
    "403": "You may see this but not change it (or the CSRF token is missing).",
    "404": "No such object, or you may not see it.",
    "422": "The input is not valid; `fields` says which and why.",
}
UNSAFE_ONLY = {"400", "403"}


class LadderAPI(NinjaAPI):
    """Adds the one error format to every operation of the OpenAPI document."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        # View names are unique across the routers, and clients generate methods from these.
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error_schema = ErrorBody.model_json_schema(ref_template=REF_TEMPLATE)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(error_schema.pop("$defs", {}))
        components["ErrorBody"] = error_schema
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                for status, description in ERROR_RESPONSES.items():
                    if status in UNSAFE_ONLY and method == "get":
                        continue
                    if status == "404" and "{" not in path:
                        continue
                    if status == "401" and not operation.get("security"):
                        continue
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": REF_TEMPLATE.format(model="ErrorBody")}
                                }
                            },
                        },
                    )
        return schema


api = LadderAPI(
    title="Ladder API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[token_auth, session_auth],
    docs=LocalSwagger(),
)
install_error_handlers(api)
# Each operation's caller-level permission (core.policies.api_permission) is checked first.
api.add_decorator(checking_api_permission)

for router in (
    orgs.router,
    people.router,
    employments.router,
    credentials.router,
    ladders.router,
    skills.router,
    hats.router,
    interests.router,
    offerings.router,
    registrations.router,
    transcript.router,
    tokens.router,
    careers_eligibility.router,
    careers_plans.router,
    certifications.router,
    shared_learning.router,
    network.router,
    tuition.router,
    openings.router,
    privacy.router,
    reports_equity.router,
    reports.router,
):
    api.add_router("", router)
