"""The advisory desk's pages (included by ladder.network.urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.network import views_advisory as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("advisory/ask/", views.ask, name="advisory_ask"),
    path("advisory/mine/", views.mine, name="advisory_mine"),
    path("advisory/queue/", views.queue, name="advisory_queue"),
    path("advisory/<int:pk>/", views.detail, name="advisory_detail"),
]
