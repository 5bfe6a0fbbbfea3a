"""The coordinators' membership pages (included by ladder.network.urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.network import views_members as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("members/", views.members, name="members"),
    path("members/join/", views.join, name="member_join"),
    path("members/<int:pk>/end/", views.end, name="member_end"),
    path("members/library/<int:library_id>/", views.history, name="member_history"),
]
