"""The openings app's pages (mounted under /openings/)."""

from django.urls import URLPattern, URLResolver

app_name = "openings"

urlpatterns: list[URLPattern | URLResolver] = []
