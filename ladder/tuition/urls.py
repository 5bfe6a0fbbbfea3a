"""The tuition app's pages (mounted under /tuition/)."""

from django.urls import URLPattern, URLResolver

app_name = "tuition"

urlpatterns: list[URLPattern | URLResolver] = []
