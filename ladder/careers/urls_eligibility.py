"""Careers pages: eligibility, gap analysis, recommended sessions (issue #5)."""

from django.urls import URLPattern, URLResolver, path

from ladder.careers import views_eligibility as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", views.my_career, name="my_career"),
    path("people/<int:person_id>/", views.person_career, name="person_career"),
    path("people/<int:person_id>/gap/<int:job_class_id>/", views.gap, name="gap"),
    path(
        "people/<int:person_id>/recommend/<int:job_class_id>/",
        views.recommended,
        name="recommend",
    ),
    path("eligibility/library/", views.library_eligibility, name="library_eligibility"),
    path("eligibility/network/", views.network_eligibility, name="network_eligibility"),
]
