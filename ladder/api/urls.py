"""The API's URLs. Every answer, even for an unknown path or method, uses the error format."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path, reverse
from django.views.decorators.csrf import csrf_exempt

from ladder.api.docs import docs_asset
from ladder.api.main import api
from ladder.core.http import error_response


def _json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = error_response(405, f"Use one of: {allowed}.")
            response["Allow"] = allowed
        return response

    return wrapper


def api_root(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    # ninja's own root view is a bare 404; point people to the documents instead.
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": reverse("api:openapi-json"),
            "docs": reverse("api:openapi-view"),
        }
    )


@csrf_exempt
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    return error_response(404, "Not found: there is no such API endpoint.")


# Not named app_name: Django would read that as this module's own namespace.
api_patterns, api_app, api_namespace = api.urls
for pattern in api_patterns:
    if isinstance(pattern, URLPattern):
        if pattern.name == "api-root":
            pattern.callback = api_root
        else:
            pattern.callback = _json_method_not_allowed(pattern.callback)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", (api_patterns, api_app, api_namespace)),
    path("docs/assets/<str:name>", docs_asset, name="api_docs_asset"),
    re_path(r"^(?P<rest>.*)$", unknown_path),
]
