"""Roundtable pages (included in the shared_learning app's urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.shared_learning import views_roundtables as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("roundtables/", views.roundtable_list, name="roundtable_list"),
    path("roundtables/new/<int:network_pk>/", views.roundtable_create, name="roundtable_create"),
    path("roundtables/<int:pk>/", views.roundtable_detail, name="roundtable_detail"),
    path("roundtables/<int:pk>/edit/", views.roundtable_edit, name="roundtable_edit"),
    path("roundtables/<int:pk>/join/", views.roundtable_join, name="roundtable_join"),
    path("roundtables/<int:pk>/leave/", views.roundtable_leave, name="roundtable_leave"),
    path(
        "roundtables/<int:pk>/resources/",
        views.roundtable_resource_add,
        name="roundtable_resource_add",
    ),
    path(
        "roundtables/<int:pk>/resources/<int:resource_pk>/file/",
        views.roundtable_resource_file,
        name="roundtable_resource_file",
    ),
    path("roundtables/<int:pk>/notes/", views.roundtable_note_add, name="roundtable_note_add"),
    path(
        "roundtables/<int:pk>/meetings/",
        views.roundtable_meeting_add,
        name="roundtable_meeting_add",
    ),
]
