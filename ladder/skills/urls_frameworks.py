"""Competency frameworks, their import and export, and job class competency requirements."""

from django.urls import URLPattern, URLResolver, path

from ladder.skills import views_frameworks as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/new/", views.framework_create, name="framework_create"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("frameworks/<int:pk>/edit/", views.framework_update, name="framework_update"),
    path("frameworks/<int:pk>/areas/new/", views.area_create, name="area_create"),
    path("areas/<int:pk>/edit/", views.area_update, name="area_update"),
    path(
        "frameworks/<int:pk>/competencies/new/",
        views.competency_create,
        name="competency_create",
    ),
    path("competencies/<int:pk>/", views.competency_detail, name="competency_detail"),
    path("competencies/<int:pk>/edit/", views.competency_update, name="competency_update"),
    path("frameworks/<int:pk>/import/", views.framework_import, name="framework_import"),
    path(
        "frameworks/<int:pk>/import/preview/",
        views.framework_import_preview,
        name="framework_import_preview",
    ),
    path(
        "frameworks/<int:pk>/import/commit/",
        views.framework_import_commit,
        name="framework_import_commit",
    ),
    path("frameworks/<int:pk>/export/", views.framework_export, name="framework_export"),
    path(
        "job-classes/<int:pk>/requirements/",
        views.jobclass_requirements,
        name="jobclass_requirements",
    ),
]
