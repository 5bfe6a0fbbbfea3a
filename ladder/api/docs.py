"""The interactive API docs, served with Swagger UI from ninja's own package files.

ninja renders its docs page with a CDN copy of Swagger UI unless "ninja" is an installed app;
Ladder loads nothing from third-party servers, so this page and its assets come from here.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"})

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="{css}">
  <link rel="icon" href="{icon}">
</head>
<body data-csrf-token="{csrf}" data-api-csrf="true">
  <script type="application/json" id="swagger-settings">{settings}</script>
  <main id="swagger-ui"></main>
  <script src="{bundle}"></script>
  <script src="{init}"></script>
</body>
</html>
"""


def asset_url(name: str) -> str:
    return reverse("api_docs_asset", args=[name])


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        # "</" cannot appear inside the JSON script element: escape it for the HTML parser.
        settings_json = json.dumps(settings).replace("</", "<\\/")
        html = PAGE.format(
            title=escape(api.title),
            css=asset_url("swagger-ui.css"),
            icon=asset_url("favicon.png"),
            csrf=escape(get_token(request)),
            settings=settings_json,
            bundle=asset_url("swagger-ui-bundle.js"),
            init=asset_url("swagger-ui-init.js"),
        )
        return HttpResponse(html)


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """One of Swagger UI's files; the allow-list keeps this from serving anything else."""
    if name not in ASSETS:
        raise Http404("No such asset")
    content_type, _ = mimetypes.guess_type(name)
    response = FileResponse(
        (ASSET_DIR / name).open("rb"), content_type=content_type or "application/octet-stream"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response
