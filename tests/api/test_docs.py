"""The interactive docs load every asset from Ladder itself, never from a CDN."""

import re

from ladder.api.docs import ASSETS


def test_docs_page_loads_only_local_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(url.startswith("/api/v1/docs/assets/") for url in urls), urls
    assert "cdn" not in html.lower()
    assert "/api/v1/openapi.json" in html


def test_docs_assets_are_served(client):
    for name in ASSETS:
        response = client.get(f"/api/v1/docs/assets/{name}")
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content)


def test_only_listed_assets_are_served(client):
    for name in ["swagger-ui-bundle.js.map", "..%2F__init__.py", "redoc.standalone.js"]:
        assert client.get(f"/api/v1/docs/assets/{name}").status_code == 404


def test_api_root_points_to_the_documents(client):
    body = client.get("/api/v1/").json()
    assert body["openapi"] == "/api/v1/openapi.json"
    assert body["docs"] == "/api/v1/docs"
