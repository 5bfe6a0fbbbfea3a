"""The site's URLs plus a view that fails, for the 500 page's test."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ladder.urls import handler403, handler404, handler500
from ladder.urls import urlpatterns as site_patterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("deliberate failure for the test")


urlpatterns = [path("boom/", boom), *site_patterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
