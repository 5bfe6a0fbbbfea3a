"""The coordinator's dashboard (included by ladder.network.urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.network import views_dashboard as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
