"""The certifications app's pages (mounted under /certifications/)."""

from django.urls import URLPattern, URLResolver

app_name = "certifications"

urlpatterns: list[URLPattern | URLResolver] = []
