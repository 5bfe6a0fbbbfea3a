"""The shared_learning app's pages."""

from django.urls import URLPattern, URLResolver

app_name = "shared_learning"

urlpatterns: list[URLPattern | URLResolver] = []
