"""Hat and interest pages (mounted under /skills/ by ladder.skills.urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.skills import views_hats as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("libraries/<int:library_pk>/hats/", views.hat_board, name="hat_board"),
    path("libraries/<int:library_pk>/hats/new/", views.hat_create, name="hat_create"),
    path("hats/<int:pk>/", views.hat_detail, name="hat_detail"),
    path("hats/<int:pk>/edit/", views.hat_update, name="hat_update"),
    path("hats/<int:pk>/delete/", views.hat_delete, name="hat_delete"),
    path("hats/<int:pk>/requirements/", views.hat_requirement_set, name="hat_requirement_set"),
    path("hats/<int:pk>/assign/", views.hat_assign, name="hat_assign"),
    path("hat-assignments/<int:pk>/end/", views.hat_unassign, name="hat_unassign"),
    # One name, two shapes: no argument is the user's own form; with a person it is 403 for
    # those who may only read that person's interests.
    path("interests/", views.interests_edit, name="interests_edit"),
    path("people/<int:pk>/interests/edit/", views.interests_edit, name="interests_edit"),
    path("people/<int:pk>/interests/", views.interests_view, name="interests_view"),
    path("interests/people/", views.interests_list, name="interests_list"),
]
