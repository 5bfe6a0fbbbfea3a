"""Reports: a library's progress dashboard, the network's totals, the equity report."""

from django.urls import URLPattern, URLResolver

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = []
